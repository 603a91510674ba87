"""The run's row in SQL, for every spider: registry sync, ``start_run``, ``finish_run``.

A Scrapy extension on ``spider_opened``/``spider_closed`` (the pattern of Scrapy's
``corestats`` and City Bureau's ``StatusExtension``), so a new spider gets its runs
recorded for free. It reads the spider's declared ``scope``
(``opdcrawl.channel_spider.RunScope``); a spider without one is not an opdcrawl spider
and is left alone. The SQL pipeline finds the open run in ``crawler.opdcrawl_run``.

Order: Scrapy opens the item pipelines before it sends ``spider_opened``, and items only
flow after it, so the run exists before the first check is written.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opdcrawl import __version__
from opdcrawl.dates import JAKARTA
from opdcrawl.db import engine as db_engine
from opdcrawl.db import store
from opdcrawl.secrets import masker_of

CLOSE_REASON_STATUS = {"finished": "finished", "shutdown": "killed"}
# spider.state key (persisted in a JOBDIR) naming the run a resumed crawl continues.
RESUME_KEY = "opdcrawl_run"


@dataclass
class OpenRun:
    """The run being recorded: its id and the database it lives in."""

    run_id: int
    engine: Engine
    sessions: sessionmaker[Session]
    # channel (region, opd code, kind) -> channel id, from the registry sync
    channel_ids: dict[tuple[str, str, str], int]
    # channel URL -> platform id cached by earlier runs (YouTube UC…), for social spiders
    platform_ids: dict[str, str] = field(default_factory=dict)


def jsonable_stats(stats: dict[str, Any]) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in stats.items()
        if isinstance(value, (int, float, str, bool, datetime)) or value is None
    }


def first_line(exc: BaseException) -> str:
    text = str(exc)
    return text.splitlines()[0] if text else ""


class RunRecorder:
    def __init__(self, crawler: Crawler, database_url: str) -> None:
        self.crawler = crawler
        self.database_url = database_url
        self._closing: asyncio.Future[None] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecorder:
        if not crawler.settings.getbool("OPDCRAWL_RECORD_RUNS", True):
            raise NotConfigured("OPDCRAWL_RECORD_RUNS is off")
        recorder = cls(crawler, db_engine.database_url(crawler.settings))
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def spider_opened(self, spider: Any) -> None:
        scope = getattr(spider, "scope", None)
        if scope is None:
            return
        self.crawler.stats.set_value("opdcrawl/seed_problems", scope.seed_problems)
        try:
            self.open_run(spider, scope)
        except Exception as exc:
            # No run to write into: stop at once and loudly, rather than crawl for nothing.
            spider.logger.error(
                "Basis data tidak dapat dibuka, crawl dihentikan: %s: %s",
                type(exc).__name__, first_line(exc),
            )  # fmt: skip
            self.crawler.stats.set_value("opdcrawl/run_failed", "database_unavailable")
            self._closing = asyncio.ensure_future(
                self.crawler.engine.close_spider_async(reason="database_unavailable")
            )

    def open_run(self, spider: Any, scope: Any) -> None:
        engine = db_engine.make_engine(self.database_url)
        db_engine.migrate(engine)
        sessions = db_engine.session_factory(engine)
        with sessions() as session:
            result = store.sync_registry(
                session,
                scope.opds,
                now=scope.crawl_time,
                regions=scope.regions,
                deactivate_missing=scope.registry_complete,
            )
            spider.logger.info("Registri disinkronkan ke basis data: %s", result)
            run_id = self.resumed_run(session, spider, scope)
            if run_id is None:
                run_id = store.start_run(
                    session,
                    spider=scope.spider,
                    regions=scope.regions,
                    crawl_time=scope.crawl_time,
                    version=__version__,
                )
            state = getattr(spider, "state", None)  # a dict only with a JOBDIR
            if isinstance(state, dict):
                state[RESUME_KEY] = {"run_id": run_id, "crawl_time": scope.crawl_time}
            channel_ids = store.channel_ids(session, scope.regions)
            platform_ids = store.platform_ids(session, scope.regions)
        run = OpenRun(run_id, engine, sessions, channel_ids, platform_ids)
        self.crawler.opdcrawl_run = run  # type: ignore[attr-defined]
        self.crawler.stats.set_value("opdcrawl/run_id", run_id)

    def resumed_run(self, session: Session, spider: Any, scope: Any) -> int | None:
        """The run a crawl resumed from its JOBDIR continues (same id, same crawl time),
        or None for a new run. Scrapy's SpiderState extension has loaded ``spider.state``
        by now (its handler is connected first)."""
        state = getattr(spider, "state", None)
        memo = state.get(RESUME_KEY) if isinstance(state, dict) else None
        if not memo:
            return None
        run = store.resume_run(session, memo["run_id"], spider=scope.spider)
        if run is None:
            spider.logger.warning(
                "JOBDIR menyebut crawl %s yang tidak dapat dilanjutkan; crawl baru dimulai",
                memo["run_id"],
            )
            return None
        # The run's one "now" stays the one its first part started with.
        scope.crawl_time = spider.crawl_time = memo["crawl_time"]
        spider.logger.info(
            "Melanjutkan crawl %d dari JOBDIR (waktu crawl %s)", run.id, memo["crawl_time"]
        )
        self.crawler.stats.set_value("opdcrawl/resumed", True)
        return run.id

    async def spider_closed(self, spider: Any, reason: str) -> None:
        run: OpenRun | None = getattr(self.crawler, "opdcrawl_run", None)
        if run is None:
            return
        status = CLOSE_REASON_STATUS.get(reason, "failed")
        if self.crawler.stats.get_value("opdcrawl/run_failed"):
            status = "failed"
        stats = masker_of(self.crawler).mask_value(
            jsonable_stats(self.crawler.stats.get_stats()) | {"close_reason": reason}
        )

        def finish() -> None:
            with run.sessions() as session:
                store.finish_run(
                    session,
                    run.run_id,
                    status=status,
                    stats=stats,
                    finished_at=datetime.now(JAKARTA),
                )

        # The database may be coming back from a restart: try for a while, then say so.
        deadline = time.monotonic() + self.crawler.settings.getfloat(
            "OPDCRAWL_SQL_RETRY_SECONDS", 120.0
        )
        wait = 0.5
        while True:
            try:
                await asyncio.to_thread(finish)
                break
            except Exception as exc:
                if time.monotonic() + wait > deadline:
                    spider.logger.error(
                        "Akhir crawl %d tidak dapat dicatat (tetap berstatus 'running'): %s: %s",
                        run.run_id, type(exc).__name__, first_line(exc),
                    )  # fmt: skip
                    self.crawler.stats.set_value("opdcrawl/run_failed", "database_unavailable")
                    break
                await asyncio.sleep(wait)
                wait = min(8.0, wait * 2)
        run.engine.dispose()
