"""Bundled demo: twelve OPD of "Kota Demo" and a set of hostile sites, all on loopback.

The demo lets anyone see every category and date trap without touching a real
government server, and gives end-to-end tests a crawl whose right answers are known
(``DEMO_SITES[code].expected_category``).
"""

from opdcrawl.demo.hostile import HOSTILE_NAMES, HostileServer
from opdcrawl.demo.server import DemoServer
from opdcrawl.demo.sites import DEMO_SITES, DemoSite, Response, SiteSpec, make_site

__all__ = [
    "DEMO_SITES",
    "HOSTILE_NAMES",
    "DemoServer",
    "DemoSite",
    "HostileServer",
    "Response",
    "SiteSpec",
    "make_site",
]
