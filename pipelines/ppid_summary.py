"""PPID step 1: count each PPID check (``opdcrawl.ppid_summary``), so SQL stores counts."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from opdcrawl.items import PpidCheck
from opdcrawl.ppid_summary import summarise


class PpidSummaryPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> PpidSummaryPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, PpidCheck):
            raise DropItem(f"Item bukan PpidCheck: {type(item).__name__}")
        if not item.region or not item.opd_code or item.checked_at.tzinfo is None:
            raise DropItem(f"Hasil PPID {item.region}/{item.opd_code} tidak valid")
        summarise(item)
        stats = self.crawler.stats
        stats.inc_value("opdcrawl/ppid/found" if item.found else "opdcrawl/ppid/not_found")
        stats.inc_value("opdcrawl/ppid/documents_published", item.documents_published)
        return item
