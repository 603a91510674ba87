"""Step 4: write the run, each channel check and its posts to SQL.

The registry of the crawled regions is synced when the spider opens, so every check
has its channel row; each check is committed in its own transaction, so a crawl killed
half-way leaves whole rows behind and its crawl_run marked unfinished ("running").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from scrapy import signals

from opdcrawl import __version__
from opdcrawl.dates import JAKARTA
from opdcrawl.db import engine as db_engine
from opdcrawl.db import store
from opdcrawl.items import ChannelCheck

CLOSE_REASON_STATUS = {"finished": "finished", "shutdown": "killed"}


def jsonable_stats(stats: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in stats.items()
        if isinstance(value, (int, float, str, bool, datetime)) or value is None
    }


class SqlWriterPipeline:
    def __init__(self, crawler: Any, database_url: str) -> None:
        self.crawler = crawler
        self.database_url = database_url
        self.engine: Any = None
        self.sessions: Any = None
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> SqlWriterPipeline:
        pipeline = cls(crawler, db_engine.database_url(crawler.settings))
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.engine = db_engine.make_engine(self.database_url)
        db_engine.migrate(self.engine)
        self.sessions = db_engine.session_factory(self.engine)
        crawl_time = getattr(spider, "crawl_time", None) or datetime.now(JAKARTA)
        opds = spider.load_registry() if hasattr(spider, "load_registry") else []
        regions = sorted({opd.region_slug for opd in opds})
        with self.sessions() as session:
            result = store.sync_registry(
                session,
                opds,
                now=crawl_time,
                regions=regions,
                deactivate_missing=getattr(spider, "registry_complete", False),
            )
            spider.logger.info("Registri disinkronkan ke basis data: %s", result)
            self.run_id = store.start_run(
                session,
                spider=spider.name,
                regions=regions,
                crawl_time=crawl_time,
                version=__version__,
            )
        self.crawler.stats.set_value("opdcrawl/run_id", self.run_id)

    def process_item(self, item: ChannelCheck) -> ChannelCheck:
        with self.sessions() as session:
            try:
                store.record_check(session, self.run_id, item)
            except LookupError as exc:
                self.crawler.stats.inc_value("opdcrawl/items_unstored")
                self.crawler.spider.logger.error("Tidak dapat menyimpan %s: %s", item.url, exc)
        return item

    def spider_closed(self, spider: Any, reason: str) -> None:
        if self.run_id is None or self.sessions is None:
            return
        with self.sessions() as session:
            store.finish_run(
                session,
                self.run_id,
                status=CLOSE_REASON_STATUS.get(reason, "failed"),
                stats=jsonable_stats(self.crawler.stats.get_stats()) | {"close_reason": reason},
                finished_at=datetime.now(JAKARTA),
            )
        self.engine.dispose()
