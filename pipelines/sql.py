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
"""

from __future__ import annotations

import asyncio
from typing import Any

from opdcrawl.db import store
from opdcrawl.items import ChannelCheck
from opdcrawl.run_recorder import OpenRun


class SqlWriterPipeline:
    def __init__(self, crawler: Any, writers: int) -> None:
        self.crawler = crawler
        self.writers = max(1, writers)
        self._slots: asyncio.Semaphore | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> SqlWriterPipeline:
        return cls(crawler, crawler.settings.getint("OPDCRAWL_SQL_WRITERS"))

    async def process_item(self, item: ChannelCheck) -> ChannelCheck:
        run: OpenRun | None = getattr(self.crawler, "opdcrawl_run", None)
        if run is None:
            return item  # no run recorded (OPDCRAWL_RECORD_RUNS off): nothing to write into
        if self._slots is None:
            sqlite = run.engine.dialect.name == "sqlite"
            self._slots = asyncio.Semaphore(1 if sqlite else self.writers)
        async with self._slots:
            stored = await asyncio.to_thread(self.write, run, item)
        if not stored:
            self.crawler.stats.inc_value("opdcrawl/items_unstored")
        return item

    def write(self, run: OpenRun, item: ChannelCheck) -> bool:
        channel_id = run.channel_ids.get((item.region, item.opd_code, item.channel))
        with run.sessions() as session:
            try:
                store.record_check(session, run.run_id, item, channel_id=channel_id)
            except LookupError as exc:
                self.crawler.spider.logger.error("Tidak dapat menyimpan %s: %s", item.url, exc)
                return False
        return True
