"""The spider of the throwaway "siniar" kind: everything else comes from the shared core."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.http import Response

from opdcrawl.channel_spider import ChannelSpider
from opdcrawl.items import ChannelCheck
from tests.throwaway_kind.extract import parse_episodes


class SiniarSpider(ChannelSpider):
    name = "siniar"
    channel_kinds = ("siniar",)

    async def start(self) -> AsyncIterator[Any]:
        for opd, entry in self.channels():
            check = self.new_check(opd, entry)
            yield scrapy.Request(entry.url or "", callback=self.parse_channel,
                                 errback=self.failed, meta={"check": check},
                                 dont_filter=True)  # fmt: skip

    def parse_channel(self, response: Response) -> ChannelCheck:
        check: ChannelCheck = response.meta["check"]
        check.requests, check.http_status, check.final_url = 1, response.status, response.url
        posts = parse_episodes(response.body, response.url)
        check.reachable = posts is not None
        if posts is None:
            check.error_class, check.error_detail = "invalid_response", "bukan daftar episode"
        check.posts = posts or []
        return check

    def failed(self, failure: Any) -> ChannelCheck:
        check: ChannelCheck = failure.request.meta["check"]
        check.requests, check.error_class, check.error_detail = 1, "unknown", str(failure.value)
        return check
