"""Step 4: write each channel check and its posts to SQL, off the reactor thread.

The run itself (registry sync, ``crawl_run`` start and finish) is recorded by
``opdcrawl.run_recorder.RunRecorder`` for every spider; this step only writes checks into
the open run it finds on the crawler. Each check is committed in its own transaction, so
a crawl killed half-way leaves whole rows behind and its run marked unfinished.

Why worker threads: a write is several round trips (check, posts upsert); with several
Scrapyd nodes on one remote PostgreSQL, doing them on the reactor thread stalled every
download for each one. Writes run in threads while the reactor goes on downloading: up to
``OPDCRAWL_SQL_WRITERS`` at once on PostgreSQL (each its own connection and transaction;
checks of different channels never touch the same rows), one at a time on SQLite (one
writer per database file). ``benchmarks/bench_crawl.py --db-latency-ms`` measures it.

A database that goes away (PostgreSQL restarted, a network blip, SQLite locked) must not
cost a check quietly: a write that fails on the connection is retried with backoff for
up to ``OPDCRAWL_SQL_RETRY_SECONDS`` (the engine's pre-ping replaces dead connections).
If the database is still gone, the crawl stops with reason ``database_unreachable``: the
checks that could not be written are logged one by one (ERROR), counted in
``opdcrawl/items_unstored``, the run is marked failed with that reason where the database
allows, and ``scrapy crawl`` exits 7 (``opdcrawl.run_end``: the "Kode keluar" table).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from sqlalchemy.exc import DBAPIError, OperationalError

from opdcrawl.db import store
from opdcrawl.items import ChannelCheck
from opdcrawl.run_end import DATABASE_LOST, LOST_MID_RUN, UNSTORED, EndReason
from opdcrawl.run_recorder import OpenRun

DATABASE_UNREACHABLE = str(EndReason.DATABASE_UNREACHABLE)  # the close reason when writes fail
RETRY_FIRST_WAIT_S = 0.5
RETRY_MAX_WAIT_S = 8.0


def is_connection_error(exc: BaseException) -> bool:
    """A failure of the connection, not of the statement: worth trying again."""
    if isinstance(exc, OperationalError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


class SqlWriterPipeline:
    def __init__(self, crawler: Any, writers: int, retry_seconds: float = 120.0) -> None:
        self.crawler = crawler
        self.writers = max(1, writers)
        self.retry_seconds = retry_seconds
        self._slots: asyncio.Semaphore | None = None
        self._closing: asyncio.Future[None] | None = None
        self.gave_up = False

    @classmethod
    def from_crawler(cls, crawler: Any) -> SqlWriterPipeline:
        return cls(
            crawler,
            crawler.settings.getint("OPDCRAWL_SQL_WRITERS"),
            crawler.settings.getfloat("OPDCRAWL_SQL_RETRY_SECONDS", 120.0),
        )

    async def process_item(self, item: ChannelCheck) -> ChannelCheck:
        run: OpenRun | None = getattr(self.crawler, "opdcrawl_run", None)
        if run is None:
            return item  # no run recorded (OPDCRAWL_RECORD_RUNS off): nothing to write into
        if self._slots is None:
            sqlite = run.engine.dialect.name == "sqlite"
            self._slots = asyncio.Semaphore(1 if sqlite else self.writers)
        async with self._slots:
            stored = await self.write_with_retries(run, item)
        if not stored:
            self.crawler.stats.inc_value(UNSTORED)
        return item

    async def write_with_retries(self, run: OpenRun, item: ChannelCheck) -> bool:
        """``write`` in a thread, again and again while the database is unreachable."""
        logger = self.crawler.spider.logger
        deadline = time.monotonic() + self.retry_seconds
        wait = RETRY_FIRST_WAIT_S
        attempt = 0
        while True:
            attempt += 1
            try:
                stored = await asyncio.to_thread(self.write, run, item)
            except Exception as exc:
                if not is_connection_error(exc):
                    raise
                if self.gave_up or time.monotonic() + wait > deadline:
                    self.give_up(item, exc)
                    return False
                self.crawler.stats.inc_value("opdcrawl/sql_write_retries")
                logger.warning(
                    "Basis data tidak dapat ditulisi (percobaan %d, %s %s): %s; dicoba lagi "
                    "dalam %.1f detik",
                    attempt, item.region, item.opd_code, type(exc).__name__, wait,
                )  # fmt: skip
                await asyncio.sleep(wait)
                wait = min(RETRY_MAX_WAIT_S, wait * 2)
                continue
            if attempt > 1:
                self.crawler.stats.inc_value("opdcrawl/sql_writes_recovered")
                logger.info("Tersimpan setelah %d percobaan: %s", attempt, item.url)
            return stored

    def give_up(self, item: ChannelCheck, exc: BaseException) -> None:
        """The database stayed away: say which check is lost and stop the crawl."""
        logger = self.crawler.spider.logger
        logger.error(
            "Pemeriksaan TIDAK TERSIMPAN (basis data tidak dapat dihubungi): %s %s %s (%s: %s)",
            item.region, item.opd_code, item.url, type(exc).__name__, str(exc).splitlines()[0],
        )  # fmt: skip
        if self.gave_up:
            return
        self.gave_up = True
        self.crawler.stats.set_value(DATABASE_LOST, LOST_MID_RUN)
        logger.error(
            "Basis data tidak dapat dihubungi selama %.0f detik; crawl dihentikan "
            "(alasan: %s). Jalankan ulang crawl setelah basis data pulih.",
            self.retry_seconds, DATABASE_UNREACHABLE,
        )  # fmt: skip
        self._closing = asyncio.ensure_future(
            self.crawler.engine.close_spider_async(reason=DATABASE_UNREACHABLE)
        )

    def write(self, run: OpenRun, item: ChannelCheck) -> bool:
        channel_id = run.channel_ids.get((item.region, item.opd_code, item.channel))
        with run.sessions() as session:
            try:
                store.record_check(session, run.run_id, item, channel_id=channel_id)
            except LookupError as exc:
                self.crawler.spider.logger.error("Tidak dapat menyimpan %s: %s", item.url, exc)
                return False
        return True
