"""A crawler-side outage: (nearly) every site of a run failed the same way.

When the crawler's own machine has no DNS or no network, every site fails alike (all DNS
lookups fail, every connection is refused), and that says nothing about the sites. The
social spider already applies this idea per platform (``spiders.social.mark_outage``);
this is the same rule for the whole run, counted over distinct hosts so that one OPD host
that went down with twenty subdomains on it is not an outage of the crawler:

* :class:`OutageWatch` (a Scrapy extension on ``item_scraped``) counts, in the stats,
  the distinct hosts checked and the distinct hosts whose check failed with a network
  error class, per class;
* :func:`verdict` reads those stats: at least ``OPDCRAWL_OUTAGE_MIN_SITES`` hosts, and one
  class on at least ``OPDCRAWL_OUTAGE_SHARE`` of them, is an outage of that class.

What then happens to the run (status ``failed``, reason ``crawler_outage``, exit code 8)
is ``opdcrawl.run_end``; what happens to the failed checks (kept, re-classed
``crawler_outage``, left out of the latest views so no OPD is blamed) is
``opdcrawl.run_recorder`` and ``opdcrawl.db.store.mark_crawler_outage``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.crawler import Crawler

from opdcrawl.reachability import ErrorClass
from opdcrawl.social.base import AccountStatus

# Failures that say "nothing could be reached", as opposed to what a site itself answered.
NETWORK_CLASSES: frozenset[str] = frozenset(
    {
        ErrorClass.DNS_NOT_FOUND,
        ErrorClass.CONNECTION_REFUSED,
        ErrorClass.TIMEOUT,
        ErrorClass.CONNECTION_LOST,
        AccountStatus.UNREACHABLE,
    }
)
HOSTS_STAT = "opdcrawl/outage/hosts"
FAILED_PREFIX = "opdcrawl/outage/failed_hosts/"


@dataclass(frozen=True)
class OutageRule:
    min_sites: int = 5
    share: float = 0.9

    @classmethod
    def from_settings(cls, settings: Any) -> OutageRule:
        return cls(
            min_sites=settings.getint("OPDCRAWL_OUTAGE_MIN_SITES", cls.min_sites),
            share=settings.getfloat("OPDCRAWL_OUTAGE_SHARE", cls.share),
        )


def verdict(stats: Mapping[str, Any], rule: OutageRule) -> str | None:
    """The error class of a crawler-side outage, None when there was none.

    Small runs never are one (``min_sites``): three sites refusing alike is three sites.
    """
    hosts = int(stats.get(HOSTS_STAT) or 0)
    if hosts < max(1, rule.min_sites):
        return None
    failed = {
        key.removeprefix(FAILED_PREFIX): int(value or 0)
        for key, value in stats.items()
        if key.startswith(FAILED_PREFIX)
    }
    if not failed:
        return None
    error_class, count = max(failed.items(), key=lambda pair: pair[1])
    return error_class if count >= rule.share * hosts else None


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class OutageWatch:
    """Counts distinct hosts and their network failures in the stats, for :func:`verdict`.

    A host's first check counts for it: the rule is about hosts, not about how many OPDs
    share one."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OutageWatch:
        watch = cls(crawler)
        crawler.signals.connect(watch.item_scraped, signal=signals.item_scraped)
        return watch

    def item_scraped(self, item: Any, **_: Any) -> None:
        url = getattr(item, "url", None)
        if not url or not hasattr(item, "error_class"):
            return
        host = host_of(url)
        if not host or host in self.seen:
            return
        self.seen.add(host)
        self.stats.inc_value(HOSTS_STAT)
        if not item.reachable and item.error_class in NETWORK_CLASSES:
            self.stats.inc_value(FAILED_PREFIX + str(item.error_class))
