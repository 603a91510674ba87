"""The run's row in SQL, for every spider: registry sync, ``start_run``, ``finish_run``.

A Scrapy extension on ``spider_opened``/``spider_closed`` (the pattern of Scrapy's
``corestats`` and City Bureau's ``StatusExtension``), so a new spider gets its runs
recorded for free. It reads the spider's declared ``scope``
(``opdcrawl.channel_spider.RunScope``); a spider without one is not an opdcrawl spider
and is left alone. The SQL pipeline finds the open run in ``crawler.opdcrawl_run``.

Order: Scrapy opens the item pipelines before it sends ``spider_opened``, and items only
flow after it, so the run exists before the first check is written.

How the run ended is ``opdcrawl.run_end.judge`` of the stats at close: the status, the
``end_reason`` and the exit code the ``crawl`` command gives. A crawler-side outage
(``opdcrawl.outage``) also sets the run's failed checks aside. At every start, runs a hard
kill left "running" are closed first (``opdcrawl.db.runs``).

A database restarting at the close is waited for (``OPDCRAWL_SQL_RETRY_SECONDS``); one
that stays away leaves the run "running" and the exit code 7 (``run_end.DATABASE_LOST``).
A crawl resumed from its ``JOBDIR`` continues its earlier run (same id and crawl time).
"""

from __future__ import annotations

import asyncio
import os
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, NotConfigured
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from opdcrawl import __version__, outage
from opdcrawl.dates import JAKARTA
from opdcrawl.db import engine as db_engine
from opdcrawl.db import runs, store
from opdcrawl.db.messages import unreachable_message
from opdcrawl.reachability import ErrorClass
from opdcrawl.run_end import DATABASE_LOST, LOST_AT_END, REASONS, EndReason, judge
from opdcrawl.secrets import masker_of

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

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecorder:
        if not crawler.settings.getbool("OPDCRAWL_RECORD_RUNS", True):
            raise NotConfigured("OPDCRAWL_RECORD_RUNS is off")
        recorder = cls(crawler, db_engine.database_url(crawler.settings))
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def connect(self, spider: Any) -> tuple[Engine, sessionmaker[Session]]:
        """The database, migrated; an unreachable one closes the spider before it crawls
        (``CloseSpider``), with one Indonesian line instead of a traceback."""
        engine = None
        try:
            engine = db_engine.make_engine(self.database_url)
            db_engine.migrate(engine)
        except db_engine.connect_errors() as exc:
            if engine is not None:
                engine.dispose()
            spider.logger.error(unreachable_message(self.database_url, exc))
            raise CloseSpider(str(EndReason.DATABASE_UNREACHABLE)) from None
        return engine, db_engine.session_factory(engine)

    def spider_opened(self, spider: Any) -> None:
        scope = getattr(spider, "scope", None)
        if scope is None:
            return
        self.crawler.stats.set_value("opdcrawl/seed_problems", scope.seed_problems)
        engine, sessions = self.connect(spider)
        try:
            self.open_run(spider, scope, engine, sessions)
        except db_engine.connect_errors() as exc:
            # Reachable at connect, gone before the run was open: no run to write into.
            engine.dispose()
            spider.logger.error(unreachable_message(self.database_url, exc))
            raise CloseSpider(str(EndReason.DATABASE_UNREACHABLE)) from None

    def open_run(
        self, spider: Any, scope: Any, engine: Engine, sessions: sessionmaker[Session]
    ) -> None:
        now = datetime.now(JAKARTA)
        with sessions() as session:
            stale = runs.close_stale_runs(
                session,
                now=now,
                max_age=timedelta(hours=self.crawler.settings.getfloat("OPDCRAWL_STALE_RUN_HOURS")),
            )
            if stale:
                spider.logger.warning(
                    "Crawl yang tertinggal berstatus 'berjalan' (prosesnya sudah tidak ada) "
                    "ditutup sebagai dihentikan: %s",
                    ", ".join(f"#{run_id}" for run_id in stale),
                )
            if scope.refusal is not None:
                self.record_refusal(session, scope, spider, now)
                engine.dispose()
                return
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
                    pid=os.getpid(),
                    hostname=runs.this_host(),
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
        run = store.resume_run(
            session,
            memo["run_id"],
            spider=scope.spider,
            pid=os.getpid(),
            hostname=runs.this_host(),
        )
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

    def record_refusal(self, session: Session, scope: Any, spider: Any, now: datetime) -> None:
        """A refused run is a row too, failed with its reason, so ``opdcrawl runs`` and the
        database show the scheduled run that did not crawl (no registry sync)."""
        run_id = store.start_run(
            session,
            spider=scope.spider,
            regions=scope.regions or getattr(spider, "regions", []),  # as asked for
            crawl_time=scope.crawl_time,
            version=__version__,
            pid=os.getpid(),
            hostname=runs.this_host(),
        )
        store.finish_run(
            session,
            run_id,
            status=REASONS[scope.refusal.reason].status,
            end_reason=str(scope.refusal.reason),
            stats={"opdcrawl/refusal": scope.refusal.message},
            finished_at=now,
        )
        self.crawler.stats.set_value("opdcrawl/run_id", run_id)

    async def spider_closed(self, spider: Any, reason: str) -> None:
        run: OpenRun | None = getattr(self.crawler, "opdcrawl_run", None)
        if run is None:
            return
        stats = masker_of(self.crawler).mask_value(
            jsonable_stats(self.crawler.stats.get_stats())
            | {"close_reason": reason, "finish_reason": reason}
        )
        end = judge(stats, self.crawler.settings)

        def finish() -> None:
            with run.sessions() as session:
                if end.reason is EndReason.CRAWLER_OUTAGE:
                    self.set_aside_outage(session, run, end.detail, stats, spider)
                store.finish_run(
                    session,
                    run.run_id,
                    status=end.status,
                    end_reason=str(end.reason),
                    stats=stats | {"end_reason": str(end.reason), "exit_code": end.exit_code},
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
            except db_engine.connect_errors() as exc:
                if time.monotonic() + wait > deadline:
                    spider.logger.error(
                        "Akhir crawl %d tidak dapat dicatat (tetap berstatus 'berjalan', "
                        "ditutup oleh crawl berikutnya atau 'opdcrawl runs --close-stale'): %s: %s",
                        run.run_id, type(exc).__name__, first_line(exc),
                    )  # fmt: skip
                    if not self.crawler.stats.get_value(DATABASE_LOST):
                        self.crawler.stats.set_value(DATABASE_LOST, LOST_AT_END)
                    break
                await asyncio.sleep(wait)
                wait = min(8.0, wait * 2)
        run.engine.dispose()

    def set_aside_outage(
        self, session: Session, run: OpenRun, error_class: str, stats: dict[str, Any], spider: Any
    ) -> None:
        hosts = stats.get(outage.HOSTS_STAT, 0)
        failed = stats.get(outage.FAILED_PREFIX + error_class, 0)
        summary = (
            f"gangguan di sisi crawler: {failed} dari {hosts} host gagal ({error_class}) pada "
            "crawl ini; bukan kesalahan OPD"
        )
        count = runs.mark_crawler_outage(session, run.run_id, error_class, summary)
        spider.logger.error(
            "Gangguan di sisi crawler: %d dari %d host gagal dengan cara yang sama (%s). "
            "Crawl ditandai gagal; %d pemeriksaan disimpan sebagai '%s' dan tidak mengubah "
            "kategori OPD mana pun. Periksa jaringan/DNS server crawler, lalu jalankan ulang.",
            failed,
            hosts,
            error_class,
            count,
            ErrorClass.CRAWLER_OUTAGE,
        )
