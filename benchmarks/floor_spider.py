"""The floor: a bare Scrapy spider that fetches a list of URLs and does nothing with them.

``bench_national.py`` runs it on the same farm, in the same invocation, after the real
crawl, with the URLs the real crawl asked each site for. It has the project's network
settings (concurrency, politeness, timeouts, retries; copied by ``bench_national.py``) and
none of its own code: no extraction, no database, no browser, Scrapy's plain
RetryMiddleware. What the real crawl costs beyond this is opdcrawl's own cost.

    scrapy runspider benchmarks/floor_spider.py -a urls=URLS.txt -s NAME=VALUE …
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import scrapy


class FloorSpider(scrapy.Spider):
    name = "floor"

    def __init__(self, urls: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.urls = [line for line in Path(urls).read_text().splitlines() if line.strip()]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls:
            yield scrapy.Request(
                url,
                callback=self.parse,
                errback=self.failed,
                dont_filter=True,
                meta={"handle_httpstatus_all": True},
            )

    def parse(self, response: scrapy.http.Response) -> None:
        self.crawler.stats.inc_value("floor/answered")

    def failed(self, failure: Any) -> None:
        self.crawler.stats.inc_value("floor/failed")
