"""PPID step 2: write each PPID check, its items and documents to SQL, off the reactor.

The run row is the ``RunRecorder``'s, as for every spider; this step writes into the
open run it finds on the crawler, one transaction per OPD (``opdcrawl.db.ppid_store``),
one writer at a time on SQLite.
"""

from __future__ import annotations

import asyncio
from typing import Any

from opdcrawl.db import ppid_store
from opdcrawl.items import PpidCheck
from opdcrawl.run_recorder import OpenRun


class PpidSqlPipeline:
    def __init__(self, crawler: Any, writers: int) -> None:
        self.crawler = crawler
        self.writers = max(1, writers)
        self._slots: asyncio.Semaphore | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> PpidSqlPipeline:
        return cls(crawler, crawler.settings.getint("OPDCRAWL_SQL_WRITERS"))

    async def process_item(self, item: PpidCheck) -> PpidCheck:
        run: OpenRun | None = getattr(self.crawler, "opdcrawl_run", None)
        if run is None:
            return item
        if self._slots is None:
            sqlite = run.engine.dialect.name == "sqlite"
            self._slots = asyncio.Semaphore(1 if sqlite else self.writers)
        async with self._slots:
            stored = await asyncio.to_thread(self.write, run, item)
        if not stored:
            self.crawler.stats.inc_value("opdcrawl/items_unstored")
        return item

    def write(self, run: OpenRun, item: PpidCheck) -> bool:
        with run.sessions() as session:
            try:
                ppid_store.record_ppid_check(session, run.run_id, item)
            except LookupError as exc:
                self.crawler.spider.logger.error("Tidak dapat menyimpan PPID %s: %s",
                                                 item.opd_code, exc)  # fmt: skip
                return False
        return True
