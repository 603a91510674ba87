"""The ``ppid`` spider: does each OPD publish public information, and which documents?

Thin, on the shared core (``ChannelSpider``): which pages to ask for and in what order.
How a PPID is read is ``opdcrawl.ppid_reader``; counting is ``pipelines.ppid_summary``;
storing is ``pipelines.ppid_sql`` (its own tables, not ``channel_check``: a PPID reading
is no freshness check and must not move a website's category).

It reads the registry's ``website`` column (the same sites as ``scrapy crawl websites``)
and, per region, the central portal named in the optional ``ppid_portal`` column. A
region with a portal is read portal first: its front page gives each OPD's page, whose
lists (paginated) are credited to that OPD before its own website is read. An OPD
without a website is still checked where its region has a portal.

Why a spider of its own and not a step of the websites crawl (README, "PPID"): the two
share only the homepage and robots.txt, two requests per site, while a PPID reading costs
several more (PPID pages, document checks) that a weekly freshness crawl should not pay;
PPID compliance is evaluated monthly or yearly.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import StopDownload
from scrapy.http import Response, TextResponse

from opdcrawl.channel_spider import ChannelSpider, shard_of
from opdcrawl.extract.portal import OpdName, opd_pages
from opdcrawl.items import PpidCheck
from opdcrawl.logs import quiet_robots_failures
from opdcrawl.ppid_reader import PpidLimits, PpidReader
from opdcrawl.reachability import classify_exception, classify_status
from opdcrawl.registry import ChannelState, OpdSeed
from opdcrawl.website_reader import Fetched
from spiders.websites import ERROR_STATUSES, fetched_from

SNIFF = "opdcrawl_sniff"  # request meta: stop after the first bytes


class PpidSpider(ChannelSpider):
    name = "ppid"
    channel_kinds = ("website",)
    custom_settings = {
        "ITEM_PIPELINES": {
            "pipelines.ppid_summary.PpidSummaryPipeline": 300,
            "pipelines.ppid_sql.PpidSqlPipeline": 800,
        }
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        quiet_robots_failures()
        self._reader: PpidReader | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PpidSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.bytes_received, signal=signals.bytes_received)
        return spider  # type: ignore[return-value]

    def bytes_received(self, data: bytes, request: scrapy.Request, spider: Any) -> None:
        """A sniffing request needs only the first bytes (a server may ignore Range)."""
        if request.meta.get(SNIFF):
            raise StopDownload(fail=False)

    @property
    def reader(self) -> PpidReader:
        if self._reader is None:
            self._reader = PpidReader(
                self.fetch,
                now=self.crawl_time,
                limits=PpidLimits.from_settings(self.settings),
                stats=self.crawler.stats.inc_value,
            )
        return self._reader

    # --- which OPDs --------------------------------------------------------------------------

    def in_shard(self, opd: OpdSeed) -> bool:
        url = opd.website.url if opd.website.state is ChannelState.REGISTERED else None
        key = url or f"http://ppid.invalid/{opd.region_slug}/{opd.code}"
        return shard_of(key, self.shard_count) == self.shard_index

    def new_ppid_check(self, opd: OpdSeed) -> PpidCheck:
        self.crawler.stats.inc_value("opdcrawl/ppid/opds")
        website = opd.website.url if opd.website.state is ChannelState.REGISTERED else None
        return PpidCheck(
            region=opd.region_slug,
            opd_code=opd.code,
            checked_at=self.crawl_time,
            website_url=website,
            portal_url=opd.ppid_portal,
        )

    async def start(self) -> AsyncIterator[Any]:
        regions: dict[str, list[OpdSeed]] = {}
        for opd in self.selected_opds():
            if self.in_shard(opd):
                regions.setdefault(opd.region_slug, []).append(opd)
        for opds in regions.values():
            portal = opds[0].ppid_portal
            if portal:
                yield scrapy.Request(
                    portal,
                    callback=self.parse_portal,
                    errback=self.portal_failed,
                    dont_filter=True,
                    meta={"opds": opds, "handle_httpstatus_list": ERROR_STATUSES},
                )
                continue
            for opd in opds:
                if opd.website.state is ChannelState.REGISTERED:
                    yield self.site_request(self.new_ppid_check(opd))

    def site_request(self, check: PpidCheck) -> scrapy.Request:
        return scrapy.Request(
            check.website_url or "",
            callback=self.parse_site,
            errback=self.site_failed,
            dont_filter=True,
            meta={"check": check, "handle_httpstatus_list": ERROR_STATUSES},
        )

    # --- the region's portal -----------------------------------------------------------------

    async def parse_portal(self, response: Response) -> AsyncIterator[Any]:
        opds: list[OpdSeed] = response.meta["opds"]
        pages: dict[str, str] = {}
        if response.status < 400 and isinstance(response, TextResponse):
            names = [OpdName(opd.code, opd.name, opd.short_name) for opd in opds]
            pages = opd_pages(fetched_from(response).page, names)
        else:
            self.logger.warning("Portal PPID %s menjawab HTTP %s", response.url, response.status)
        self.crawler.stats.inc_value("opdcrawl/ppid/portal_opds", len(pages))
        async for item in self.checks_with_portal(opds, pages):
            yield item

    async def portal_failed(self, failure: Any) -> AsyncIterator[Any]:
        opds: list[OpdSeed] = failure.request.meta["opds"]
        self.logger.warning("Portal PPID %s tidak terjangkau: %s", failure.request.url,
                            failure.value)  # fmt: skip
        async for item in self.checks_with_portal(opds, {}):
            yield item

    async def checks_with_portal(
        self, opds: list[OpdSeed], pages: dict[str, str]
    ) -> AsyncIterator[Any]:
        """Each OPD of a region with a portal: its share of the portal first, then its
        website (a request of its own), or the check at once when it has no website."""
        for opd in opds:
            check = self.new_ppid_check(opd)
            page = pages.get(opd.code)
            if page:
                share = await self.reader.read_portal_share(check, page)
                self.reader.credit_portal(check, share)
            if check.website_url:
                yield self.site_request(check)
            else:
                check.notes.append("tidak ada website di registri; hanya portal PPID dibaca")
                await self.reader.check_documents(check)
                yield check

    # --- the OPD's website -------------------------------------------------------------------

    async def parse_site(self, response: Response) -> AsyncIterator[PpidCheck]:
        check: PpidCheck = response.meta["check"]
        check.requests += 1 + response.meta.get("retry_times", 0)
        check.http_status = response.status
        error = classify_status(response.status)
        check.reachable = error is None
        if error is not None:
            check.error_class, check.error_detail = str(error), f"HTTP {response.status}"
        else:
            try:
                await self.reader.read_site(check, fetched_from(response), self.portal_hosts(check))
            except Exception as exc:  # one broken site must never stop the run
                self.logger.exception("Gagal membaca PPID %s (%s %s)", check.website_url,
                                      check.region, check.opd_code)  # fmt: skip
                check.notes.append(f"galat ekstraksi: {type(exc).__name__}: {exc}"[:300])
                self.crawler.stats.inc_value("opdcrawl/extraction_errors")
        await self.reader.check_documents(check)
        self.crawler.stats.inc_value("opdcrawl/ppid/site_requests", check.requests)
        yield check

    async def site_failed(self, failure: Any) -> AsyncIterator[PpidCheck]:
        check: PpidCheck = failure.request.meta["check"]
        check.requests += 1 + failure.request.meta.get("retry_times", 0)
        error_class, detail = classify_exception(failure.value)
        check.reachable, check.error_class, check.error_detail = False, str(error_class), detail
        await self.reader.check_documents(check)  # its portal documents, if any
        yield check

    @staticmethod
    def portal_hosts(check: PpidCheck) -> frozenset[str]:
        if not check.portal_url:
            return frozenset()
        host = (urlsplit(check.portal_url).hostname or "").lower().removeprefix("www.")
        return frozenset({host})

    # --- one request -------------------------------------------------------------------------

    async def fetch(
        self, check: PpidCheck, url: str, *, kind: str, method: str = "GET", sniff: bool = False
    ) -> Fetched | None:
        """One follow-up request outside the scheduler (one coroutine owns one OPD's
        story and its budget); error answers are returned, None when nothing came."""
        meta: dict[str, Any] = {"handle_httpstatus_list": ERROR_STATUSES}
        headers: dict[str, str] = {}
        if sniff:
            meta[SNIFF] = True
            size = self.settings.getint("OPDCRAWL_PPID_SNIFF_BYTES")
            headers["Range"] = f"bytes=0-{size - 1}"
        request = scrapy.Request(url, method=method, headers=headers, dont_filter=True, meta=meta)
        self.crawler.stats.inc_value(f"opdcrawl/requests/{kind}")
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:
            check.requests += 1
            self.logger.debug("%s %s gagal: %s", kind, url, exc)
            return None
        check.requests += 1 + response.meta.get("retry_times", 0)
        return fetched_from(response)
