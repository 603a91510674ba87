"""Step 4: write each channel check and its posts to SQL, off the reactor thread.

The run itself (registry sync, ``crawl_run`` start and finish) is recorded by
``opdcrawl.run_recorder.RunRecorder`` for every spider; this step only writes checks into
the open run it finds on the crawler. Each check is committed in its own transaction, so
a crawl killed half-way leaves whole rows behind and its run marked unfinished.

Why a worker thread: a write is several round trips (check, posts upsert); with several
Scrapyd nodes on one remote PostgreSQL, doing them on the reactor thread stalled every
download for each one. Writes run one at a time (a lock), in order, in a thread, while
the reactor goes on downloading.
"""

from __future__ import annotations

import asyncio
from typing import Any

from opdcrawl.db import store
from opdcrawl.items import ChannelCheck
from opdcrawl.run_recorder import OpenRun


class SqlWriterPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self._lock: asyncio.Lock | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> SqlWriterPipeline:
        return cls(crawler)

    async def process_item(self, item: ChannelCheck) -> ChannelCheck:
        run: OpenRun | None = getattr(self.crawler, "opdcrawl_run", None)
        if run is None:
            return item  # no run recorded (OPDCRAWL_RECORD_RUNS off): nothing to write into
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
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
