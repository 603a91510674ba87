"""Progress of a long run and its closing summary, in Indonesian, in the crawl's log.

Scrapy's ``LogStats`` says "Crawled 812 pages (at 40 pages/min)", which tells an operator
nothing about how many of the province's 600 sites are done. This extension (the shape of
Scrapy's ``logstats``: a loop started on ``spider_opened``, stopped on ``spider_closed``)
logs every ``OPDCRAWL_PROGRESS_INTERVAL`` seconds::

    Kemajuan websites: 240/600 kanal selesai (40%), 31 tidak terjangkau; perkiraan sisa 9 menit

and at the close, per region, the counts an office reports, from the checks themselves::

    Ringkasan websites wilayah kota-serang: 32 kanal diperiksa — Aktif 5, Kurang Aktif 3, …;
    4 tidak terjangkau; 1 galat ekstraksi

The total is the number of channels the run covers (``ChannelSpider.planned_channels``), known
at the start; a check counts as done when it has gone through every pipeline
(``item_scraped``).
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import task

from opdcrawl import outage
from opdcrawl.vocabulary import CATEGORY_ORDER

logger = logging.getLogger("opdcrawl.progress")


def time_left(elapsed_s: float, done: int, total: int) -> str:
    """Estimated time left, at the pace so far; "-" before the first channel is done."""
    if done <= 0 or total <= done:
        return "-" if done <= 0 else "0 menit"
    seconds = elapsed_s / done * (total - done)
    if seconds < 60:
        return "< 1 menit"
    minutes = round(seconds / 60)
    if minutes < 120:
        return f"{minutes} menit"
    return f"{minutes // 60} jam {minutes % 60} menit"


def progress_line(spider: str, done: int, total: int, failed: int, elapsed_s: float) -> str:
    share = f" ({done * 100 // total}%)" if total else ""
    return (
        f"Kemajuan {spider}: {done}/{total} kanal selesai{share}, {failed} tidak terjangkau; "
        f"perkiraan sisa {time_left(elapsed_s, done, total)}"
    )


def summary_line(spider: str, region: str, categories: Counter[str], failed: int,
                 extraction_errors: int) -> str:  # fmt: skip
    checked = sum(categories.values())
    named = [str(c) for c in CATEGORY_ORDER if categories.get(str(c))]
    others = sorted(set(categories) - set(named))
    parts = [f"{name} {categories[name]}" for name in named]
    parts += [f"{name or 'tanpa kategori'} {categories[name]}" for name in others]
    return (
        f"Ringkasan {spider} wilayah {region}: {checked} kanal diperiksa — "
        f"{', '.join(parts) or 'tidak ada'}; {failed} tidak terjangkau; "
        f"{extraction_errors} galat ekstraksi"
    )


class ProgressLog:
    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.total = 0
        self.done = 0
        self.failed = 0
        self.started = time.monotonic()
        self.categories: dict[str, Counter[str]] = defaultdict(Counter)
        self.unreachable: Counter[str] = Counter()
        self.extraction_errors: Counter[str] = Counter()
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLog:
        extension = cls(crawler, crawler.settings.getfloat("OPDCRAWL_PROGRESS_INTERVAL"))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Any) -> None:
        planned = getattr(spider, "planned_channels", None)
        scope = getattr(spider, "scope", None)
        if planned is None or scope is None or scope.refusal is not None:
            return
        self.total = planned()
        self.started = time.monotonic()
        if self.interval > 0:
            self.loop = task.LoopingCall(self.log_progress, spider)
            self.loop.start(self.interval, now=False)

    def item_scraped(self, item: Any, **_: Any) -> None:
        if not hasattr(item, "category") or not hasattr(item, "region"):
            return
        self.done += 1
        self.categories[item.region][item.category or ""] += 1
        if not item.reachable:
            self.failed += 1
            self.unreachable[item.region] += 1
        if any(str(note).startswith("galat ekstraksi") for note in item.notes or ()):
            self.extraction_errors[item.region] += 1

    def log_progress(self, spider: Any) -> None:
        elapsed = time.monotonic() - self.started
        logger.info(progress_line(spider.name, self.done, self.total, self.failed, elapsed))

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        for region in sorted(self.categories):
            logger.info(
                summary_line(
                    spider.name,
                    region,
                    self.categories[region],
                    self.unreachable[region],
                    self.extraction_errors[region],
                )
            )
        broken = outage.verdict(
            self.crawler.stats.get_stats(), outage.OutageRule.from_settings(self.crawler.settings)
        )
        if broken:
            logger.info(
                "Catatan: kegagalan %s di atas adalah gangguan di sisi crawler; pemeriksaan itu "
                "disisihkan dan tidak menjadikan OPD mana pun Tidak Dapat Diakses",
                broken,
            )
        if self.total and self.done < self.total:
            logger.info(
                "Belum selesai: %d dari %d kanal tidak diperiksa pada crawl ini",
                self.total - self.done,
                self.total,
            )
