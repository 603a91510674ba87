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

import zlib
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy_playwright.page import PageMethod

from opdcrawl.dates import JAKARTA
from opdcrawl.extract import sitemaps
from opdcrawl.items import ChannelCheck
from opdcrawl.logs import quiet_robots_failures
from opdcrawl.reachability import classify_exception
from opdcrawl.registry import ChannelState, OpdSeed
from opdcrawl.registry import load as load_registry
from opdcrawl.website_reader import Fetched, ReadingLimits, WebsiteReader

# Error statuses reach the homepage callback (to be classified); redirects stay with
# RedirectMiddleware, which "handle_httpstatus_all" would switch off.
ERROR_STATUSES = list(range(400, 600))


def parse_shard(value: str | None) -> tuple[int, int]:
    """``-a shard=2/4`` -> (2, 4): this job takes the third of four domain shards."""
    if not value:
        return 0, 1
    try:
        index_text, count_text = value.split("/")
        index, count = int(index_text), int(count_text)
    except ValueError:
        raise ValueError(f"argumen shard tidak valid: {value!r} (contoh: shard=0/4)") from None
    if count < 1 or not 0 <= index < count:
        raise ValueError(f"argumen shard di luar rentang: {value!r} (0 <= indeks < jumlah)")
    return index, count


def shard_of(url: str, count: int) -> int:
    """Stable shard of a site by host, so one domain's politeness stays in one job."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    return zlib.crc32(host.encode("utf-8")) % count


def crawl_time_from(value: str | None) -> datetime:
    """The run's crawl time: now, or a fixed ISO time for replaying captured sites.

    Captured pages (tests/fixtures/real_cms) are judged as of their capture, so a replay
    run sets ``OPDCRAWL_CRAWL_TIME``; a time without a zone is read as WIB.
    """
    if not value:
        return datetime.now(JAKARTA).replace(microsecond=0)
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            f"OPDCRAWL_CRAWL_TIME tidak valid: {value!r} (contoh: 2026-12-01T09:20:00+07:00)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=JAKARTA)
    return moment.astimezone(JAKARTA).replace(microsecond=0)


def split_arg(value: str | None) -> list[str]:
    """``-a region=kota-serang,demo`` -> ["kota-serang", "demo"]; "all" or empty -> []."""
    if not value or value.strip().lower() in {"all", "semua", "*"}:
        return []
    return [part.strip() for part in value.split(",") if part.strip()]


class WebsitesSpider(scrapy.Spider):
    name = "websites"

    def __init__(
        self,
        region: str | None = None,
        opd: str | None = None,
        seeds: str | None = None,
        shard: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        quiet_robots_failures()
        self.regions = split_arg(region)
        self.opd_codes = {code.upper() for code in split_arg(opd)}
        self.seeds_source = seeds
        self.shard_index, self.shard_count = parse_shard(shard)
        # One crawl time per run: every date judgement and dateparser's relative base use it.
        # Set in from_crawler, where settings are known (OPDCRAWL_CRAWL_TIME for replays).
        self.crawl_time = datetime.now(JAKARTA).replace(microsecond=0)
        self.registry_opds: list[OpdSeed] = []
        self.registry_loaded = False
        self.registry_complete = True
        # Per host: the Sitemap lines of the robots.txt Scrapy already fetched.
        self.robots_sitemaps: dict[str, list[str]] = {}
        self._reader: WebsiteReader | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WebsitesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.crawl_time = crawl_time_from(crawler.settings.get("OPDCRAWL_CRAWL_TIME"))
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        return spider

    def robots_parsed(self, robotparser: Any, request: scrapy.Request) -> None:
        declared = getattr(robotparser, "sitemaps", None)
        if declared is None:
            return  # another ROBOTSTXT_PARSER: read_sitemaps fetches robots.txt itself
        parts = urlsplit(request.url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        self.robots_sitemaps[parts.netloc] = sitemaps.absolute_sitemaps(declared, robots_url)

    # --- set-up ---------------------------------------------------------------------------

    def load_registry(self) -> list[OpdSeed]:
        """The selected regions' OPDs, loaded once (the SQL pipeline asks first)."""
        if self.registry_loaded:
            return self.registry_opds
        self.registry_loaded = True
        source = self.seeds_source or self.settings.get("OPDCRAWL_SEEDS_DIR") or None
        registry = load_registry(source, self.regions or None)
        for problem in registry.problems:
            self.logger.warning("Registri: %s", problem)
        self.crawler.stats.set_value("opdcrawl/seed_problems", len(registry.problems))
        # A broken row must not retire its OPD in the database: sync without deactivating.
        self.registry_complete = not registry.errors
        opds = registry.for_regions(self.regions or None)
        if self.regions:
            missing = set(self.regions) - {opd.region_slug for opd in opds}
            for slug in sorted(missing):
                self.logger.error("Wilayah '%s' tidak ada di registri (seeds/%s.csv)", slug, slug)
        self.registry_opds = opds
        return opds

    def selected(self, opds: list[OpdSeed]) -> list[OpdSeed]:
        if not self.opd_codes:
            return opds
        chosen = [opd for opd in opds if opd.code.upper() in self.opd_codes]
        for code in sorted(self.opd_codes - {opd.code.upper() for opd in chosen}):
            self.logger.error("Kode OPD '%s' tidak ada di registri wilayah yang dipilih", code)
        return chosen

    async def start(self) -> AsyncIterator[Any]:
        for opd in self.selected(self.load_registry()):
            entry = opd.website
            if entry.state is not ChannelState.REGISTERED or not entry.url:
                continue
            if shard_of(entry.url, self.shard_count) != self.shard_index:
                continue
            check = ChannelCheck(
                region=opd.region_slug,
                opd_code=opd.code,
                channel="website",
                url=entry.url,
                checked_at=self.crawl_time,
            )
            self.crawler.stats.inc_value("opdcrawl/sites")
            yield self.homepage_request(check)

    def homepage_request(self, check: ChannelCheck, **meta: Any) -> scrapy.Request:
        return scrapy.Request(
            check.url,
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
            yield self.homepage_request(check, dont_obey_robotstxt=True)
            return
        error_class, detail = classify_exception(exc)
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
        self.count_requests(check)
        yield check

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
        request = scrapy.Request(url, dont_filter=True, meta=meta)
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


def content_type(response: Response) -> str:
    return response.headers.get(b"Content-Type", b"").decode("latin-1") or "-"
