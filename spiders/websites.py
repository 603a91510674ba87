"""The ``websites`` spider: is each registered OPD website reachable, and when did it last publish?

Thin by design: the spider decides which sites to ask for and fetches for them; how a
site is read is ``opdcrawl.website_reader`` (shared with ``opdcrawl inspect``), reading
documents is done by pure functions in ``opdcrawl.extract`` and judging by the pipelines.
One homepage request per site goes through the scheduler (so the domain-aware queue,
robots.txt and AutoThrottle apply); the few follow-up requests for the same site are
awaited inline with ``engine.download_async`` so one coroutine owns one site's story
and its request budget.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy_playwright.page import PageMethod

from opdcrawl import certificates
from opdcrawl.channel_spider import ChannelSpider, parse_shard, shard_of
from opdcrawl.extract import sitemaps
from opdcrawl.items import ChannelCheck
from opdcrawl.logs import quiet_robots_failures
from opdcrawl.netguard import current_policy
from opdcrawl.reachability import classify_exception
from opdcrawl.scheme_fallback import both_failed_note, fallback_note, http_fallback
from opdcrawl.website_reader import Fetched, ReadingLimits, WebsiteReader

__all__ = ["WebsitesSpider", "parse_shard", "shard_of"]  # shard helpers kept importable here

# Error statuses reach the homepage callback (to be classified); redirects stay with
# RedirectMiddleware, which "handle_httpstatus_all" would switch off.
ERROR_STATUSES = list(range(400, 600))


class WebsitesSpider(ChannelSpider):
    name = "websites"
    channel_kinds = ("website",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        quiet_robots_failures()
        # Per host: the Sitemap lines of the robots.txt Scrapy already fetched.
        self.robots_sitemaps: dict[str, list[str]] = {}
        self._reader: WebsiteReader | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WebsitesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        return spider  # type: ignore[return-value]

    def robots_parsed(self, robotparser: Any, request: scrapy.Request) -> None:
        declared = getattr(robotparser, "sitemaps", None)
        if declared is None:
            return  # another ROBOTSTXT_PARSER: read_sitemaps fetches robots.txt itself
        parts = urlsplit(request.url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        self.robots_sitemaps[parts.netloc] = sitemaps.absolute_sitemaps(declared, robots_url)

    # --- set-up ---------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        limit = self.settings.getint("OPDCRAWL_SITES_IN_FLIGHT")
        for opd, entry in self.channels():
            await self.room_for_a_site(limit)
            check = self.new_check(opd, entry)
            stats = self.crawler.stats
            stats.inc_value("opdcrawl/sites")
            in_flight = stats.get_value("opdcrawl/sites") - stats.get_value(
                "opdcrawl/sites_done", 0
            )
            stats.max_value("opdcrawl/sites_in_flight_max", in_flight)
            yield self.homepage_request(check, opdcrawl_scheme_given=entry.scheme_given)

    async def room_for_a_site(self, limit: int) -> None:
        """Wait while ``limit`` sites are started and not done.

        Scrapy reads ``start()`` on while its downloader is full, so every homepage of a
        national registry (and its check) would sit in the scheduler at once: memory grew
        with the registry (``benchmarks/bench_national.py``). A site that never reports
        done cannot stall the run: after a quiet spell the next site starts anyway.
        """
        if limit <= 0:
            return
        stats = self.crawler.stats
        quiet_for = 0.0
        last_done = -1
        patience = 4 * max(self.settings.getfloat("DOWNLOAD_TIMEOUT"), 1.0)
        while (
            stats.get_value("opdcrawl/sites", 0) - stats.get_value("opdcrawl/sites_done", 0)
            >= limit
        ):
            done = stats.get_value("opdcrawl/sites_done", 0)
            quiet_for = 0.0 if done != last_done else quiet_for + 0.05
            last_done = done
            if quiet_for > patience:
                return
            await asyncio.sleep(0.05)

    def homepage_request(
        self, check: ChannelCheck, url: str | None = None, **meta: Any
    ) -> scrapy.Request:
        """The homepage of ``check``: its registry URL, or ``url`` (the http fallback)."""
        return scrapy.Request(
            url or check.url,
            callback=self.parse_site,
            errback=self.site_failed,
            dont_filter=True,
            meta={"check": check, "handle_httpstatus_list": ERROR_STATUSES, **meta},
        )

    def closed(self, reason: str) -> None:
        stats = self.crawler.stats
        sites = stats.get_value("opdcrawl/sites_done", 0)
        if sites:
            per_site = stats.get_value("opdcrawl/site_requests", 0) / sites
            stats.set_value("opdcrawl/requests_per_site", round(per_site, 2))
            self.logger.info("Rata-rata %.1f permintaan per situs (%d situs)", per_site, sites)

    # --- reachability -------------------------------------------------------------------

    async def site_failed(self, failure: Any) -> AsyncIterator[ChannelCheck]:
        request = failure.request
        check: ChannelCheck = request.meta["check"]
        check.requests += 1 + request.meta.get("retry_times", 0)
        exc = failure.value
        if isinstance(exc, IgnoreRequest) and "robots.txt" in str(exc) and not check.robots_blocked:
            # Forbidden by robots.txt: report it, and still look at the homepage once.
            check.robots_blocked = True
            check.notes.append("robots.txt melarang crawler; hanya beranda yang diperiksa")
            self.crawler.stats.inc_value("opdcrawl/robots_blocked")
            ours = {
                key: value for key, value in request.meta.items() if key.startswith("opdcrawl_")
            }
            yield self.homepage_request(check, request.url, dont_obey_robotstxt=True, **ours)
            return
        error_class, detail = classify_exception(exc)
        https_failure = request.meta.get("opdcrawl_https_failure")
        if https_failure is None:
            scheme_given = request.meta.get("opdcrawl_scheme_given", True)
            fallback = http_fallback(
                request.url, scheme_given=scheme_given, error_class=error_class
            )
            if fallback:  # a registry address without a scheme: try http (scheme_fallback)
                check.notes.append(fallback_note(error_class, fallback))
                self.crawler.stats.inc_value("opdcrawl/scheme_fallback")
                yield self.homepage_request(
                    check, fallback, opdcrawl_https_failure=(error_class, detail)
                )
                return
        else:  # http failed too: the https failure is the site's reason
            check.notes.append(both_failed_note(error_class))
            error_class, detail = https_failure
        self.reader.unreachable(check, error_class, detail)
        self.count_requests(check)
        yield check

    def count_requests(self, check: ChannelCheck) -> None:
        """The site is done: count its requests and forget its robots.txt sitemaps."""
        self.crawler.stats.inc_value("opdcrawl/site_requests", check.requests)
        self.crawler.stats.inc_value("opdcrawl/sites_done")
        for url in (check.url, check.final_url, *check.redirect_chain):
            if url:
                self.robots_sitemaps.pop(urlsplit(url).netloc, None)

    def record_response(self, check: ChannelCheck, response: Response) -> None:
        check.requests += 1 + response.meta.get("retry_times", 0)
        check.final_url = response.url
        check.redirect_chain = [*response.meta.get("redirect_urls", []), response.url]
        check.http_status = response.status
        latency = response.meta.get("download_latency")
        check.response_ms = round(latency * 1000) if latency is not None else None

    # --- one site, end to end ----------------------------------------------------------------

    @property
    def reader(self) -> WebsiteReader:
        """The shared site reader (``opdcrawl.website_reader``), made once per run."""
        if self._reader is None:
            self._reader = WebsiteReader(
                self.fetch,
                now=self.crawl_time,
                limits=ReadingLimits.from_settings(self.settings),
                stats=self.crawler.stats.inc_value,
                robots_sitemaps=self.robots_sitemaps,
            )
        return self._reader

    async def parse_site(self, response: Response) -> AsyncIterator[ChannelCheck]:
        check: ChannelCheck = response.meta["check"]
        self.record_response(check, response)
        try:
            await self.reader.read(check, fetched_from(response))
        except Exception as exc:  # one broken site must never stop the run
            self.logger.exception(
                "Gagal membaca %s (%s %s)", check.url, check.region, check.opd_code
            )
            check.notes.append(f"galat ekstraksi: {type(exc).__name__}: {exc}"[:300])
            self.crawler.stats.inc_value("opdcrawl/extraction_errors")
        await self.check_certificate(check, response)
        self.count_requests(check)
        yield check

    async def check_certificate(self, check: ChannelCheck, response: Response) -> None:
        """The HTTPS certificate of the page the site ended on (``opdcrawl.certificates``);
        a problem with it becomes the check's error class unless reading found a worse one."""
        parts = urlsplit(response.url)
        if parts.scheme != "https" or not parts.hostname:
            return
        self.crawler.stats.inc_value("opdcrawl/certificates")
        try:
            report = await read_certificate(
                response,
                now=self.crawl_time,
                roots=certificates.trusted_roots(self.settings.get("OPDCRAWL_CA_BUNDLE") or ""),
                timeout=min(10.0, self.settings.getfloat("DOWNLOAD_TIMEOUT")),
            )
        except Exception as exc:  # a certificate that cannot be read loses no check
            self.crawler.stats.inc_value("opdcrawl/certificates_unread")
            check.notes.append(f"sertifikat tidak terbaca: {type(exc).__name__}: {exc}"[:300])
            return
        if report is None:
            return
        check.certificate = report
        if report.problem is not None:
            self.crawler.stats.inc_value(f"opdcrawl/certificates/{report.problem}")
            if not check.error_class:
                check.error_class = str(report.problem)
                check.error_detail = report.detail()

    async def fetch(
        self,
        check: ChannelCheck,
        url: str,
        *,
        kind: str,
        keep_errors: bool = False,
        render: bool = False,
        obey_robots: bool = True,
        failures: list[str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Fetched | None:
        """One follow-up request for this site, outside the scheduler (the site's story is
        one coroutine); None when it is unusable, never raises. See ``Fetcher``."""
        meta: dict[str, Any] = {}
        if render:
            meta.update(
                playwright=True,
                playwright_page_methods=[PageMethod("wait_for_load_state", "networkidle")],
            )
            if failures is not None:
                meta["opdcrawl_failures"] = failures  # filled by BackoffRetryMiddleware
        if not obey_robots:
            meta["dont_obey_robotstxt"] = True
        request = scrapy.Request(url, dont_filter=True, meta=meta, headers=dict(headers or {}))
        check.sources_tried.append(f"{kind} {url}")
        self.crawler.stats.inc_value(f"opdcrawl/requests/{kind}")
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:
            check.requests += 1
            self.logger.debug("%s %s gagal: %s", kind, url, exc)
            return None
        check.requests += 1 + response.meta.get("retry_times", 0)
        if response.status >= 400 and not keep_errors:
            return None
        return fetched_from(response)


async def read_certificate(
    response: Response, *, now: Any, roots: Any, timeout: float
) -> certificates.CertificateReport | None:
    """The certificate chain behind ``response``, judged; None when there is none.

    The chain is read by one more handshake with the address the response came from
    (already vetted by ``opdcrawl.netguard``), because Scrapy keeps only the leaf. Behind
    a proxy that address is the proxy's, so only the leaf Scrapy saw is judged.
    """
    parts = urlsplit(response.url)
    host = parts.hostname or ""
    port = parts.port or 443
    address = response.ip_address
    proxied = bool(response.meta.get("proxy"))
    if address is not None and not proxied and current_policy().problem(str(address)) is None:
        chain = await asyncio.to_thread(certificates.fetch_chain, str(address), port, host, timeout)
        known = True
    elif response.certificate is not None:
        chain = [response.certificate.original.to_cryptography()]
        known = False
    else:
        return None
    if not chain:
        return None
    return certificates.assess(chain, host, port, now, roots, chain_known=known)


def fetched_from(response: Response) -> Fetched:
    """A Scrapy response as the reader sees it."""
    return Fetched(
        url=response.url,
        status=response.status,
        body=response.body,
        text=response.text if isinstance(response, TextResponse) else None,
        headers=header_map(response),
    )


def header_map(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1").lower(): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }
