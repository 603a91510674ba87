"""``scrapy crawl`` that exits 1 when opdcrawl's run failed, not only when Scrapy could not
start.

Scrapy's own ``crawl`` exits 1 only when the crawler fails to start. A run that lost its
database half-way (``pipelines.sql``: close reason ``database_unavailable``) or could not
store some checks (``opdcrawl/items_unstored``) ran, but its results are incomplete: cron,
Scrapyd and ``opdcrawl demo`` must see that as a failure. Installed through Scrapy's
``COMMANDS_MODULE`` setting, which lets a project command replace a built-in one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

if TYPE_CHECKING:
    import argparse

    from scrapy.crawler import Crawler


def run_failed(stats: dict[str, Any]) -> str | None:
    """Why a finished crawl counts as failed, or None."""
    if stats.get("opdcrawl/run_failed"):
        return str(stats["opdcrawl/run_failed"])
    if stats.get("opdcrawl/items_unstored"):
        return f"{stats['opdcrawl/items_unstored']} pemeriksaan tidak tersimpan"
    return None


class Command(ScrapyCrawlCommand):
    def _create_crawler(self, spname: Any) -> Crawler:
        crawler = super()._create_crawler(spname)
        self._opdcrawl_crawler = crawler
        return crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        super().run(args, opts)
        crawler = getattr(self, "_opdcrawl_crawler", None)
        stats = crawler.stats.get_stats() if crawler is not None and crawler.stats else {}
        if run_failed(stats):
            self.exitcode = 1
