"""Inventory: proposing the websites and social accounts an office has not registered.

No public list of OPD websites exists and the offices' own spreadsheets go stale, so
``opdcrawl discover`` looks for what the registry lacks and writes *proposals*, never
registry rows. The parts, each pure and testable alone:

* :mod:`~opdcrawl.discovery.names` — host names an OPD's site is likely to have, from its
  name, short name and the naming habits of ``go.id`` subdomains;
* :mod:`~opdcrawl.discovery.sources` — host names found elsewhere: links on the pemda's
  portal, its PPID portal and sitemap, a certificate-transparency host list, the registry
  notes' unverified guesses; and the social links on an OPD's own pages;
* :mod:`~opdcrawl.discovery.scoring` — how well a probed page, or a social link, matches
  an OPD (name, host, region), with the reasons in Indonesian;
* :mod:`~opdcrawl.discovery.proposals` — ranking and the proposals file an operator reads;
* :mod:`~opdcrawl.discovery.accept` — merging chosen proposals into the registry file.

The probing itself (DNS through the project's resolver, HTTP, titles) is the ``discover``
spider's (``spiders/discover.py``) on the shared crawl core.
"""
