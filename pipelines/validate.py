"""Step 1: refuse items that would corrupt the store, with a message naming the item."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from opdcrawl.items import ChannelCheck
from opdcrawl.kinds import known_kinds


def problems_of(check: ChannelCheck) -> list[str]:
    """Reasons (Bahasa Indonesia) this check cannot be stored; empty when it is sound."""
    problems = []
    for name in ("region", "opd_code", "url"):
        if not getattr(check, name):
            problems.append(f"kolom '{name}' kosong")
    if check.channel not in known_kinds():
        problems.append(f"jenis kanal tidak dikenal: {check.channel!r}")
    if check.checked_at is None or check.checked_at.tzinfo is None:
        problems.append("waktu pemeriksaan tanpa zona waktu")
    if not check.reachable and not check.error_class:
        problems.append("situs tidak terjangkau tetapi kelas galat kosong")
    return problems


class ValidatePipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, ChannelCheck):
            raise DropItem(f"Item bukan ChannelCheck: {type(item).__name__}")
        problems = problems_of(item)
        if problems:
            self.crawler.stats.inc_value("opdcrawl/items_invalid")
            where = f"{item.region}/{item.opd_code}/{item.channel} {item.url}"
            raise DropItem(f"Hasil pemeriksaan {where} tidak valid: " + "; ".join(problems))
        adapter = ItemAdapter(item)
        adapter["posts"] = [post for post in item.posts if post.url]
        return item
