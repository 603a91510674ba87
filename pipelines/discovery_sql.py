"""Inventory step: write each proposal of the ``discover`` spider to SQL, off the reactor.

The run row is the ``RunRecorder``'s, as for every spider; one transaction per proposal
(``opdcrawl.db.discovery_store``), one writer at a time (proposals are few and merge on
their key, so writing them in order keeps the merge simple on both backends).
"""

from __future__ import annotations

import asyncio
from typing import Any

from opdcrawl.db import discovery_store
from opdcrawl.items import Proposal
from opdcrawl.run_recorder import OpenRun


class ProposalSqlPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self._lock = asyncio.Lock()

    @classmethod
    def from_crawler(cls, crawler: Any) -> ProposalSqlPipeline:
        return cls(crawler)

    async def process_item(self, item: Proposal) -> Proposal:
        run: OpenRun | None = getattr(self.crawler, "opdcrawl_run", None)
        if run is None:
            return item
        async with self._lock:
            stored = await asyncio.to_thread(self.write, run, item)
        self.crawler.stats.inc_value(
            "opdcrawl/discover/proposals_stored" if stored else "opdcrawl/items_unstored"
        )
        return item

    def write(self, run: OpenRun, item: Proposal) -> bool:
        with run.sessions() as session:
            try:
                discovery_store.record_proposal(session, run.run_id, item)
            except LookupError as exc:
                self.crawler.spider.logger.error("Tidak dapat menyimpan usulan %s: %s",
                                                 item.opd_code, exc)  # fmt: skip
                return False
        return True
