"""The ``websites`` spider: is each registered OPD website reachable, and when did it last publish?

Thin by design: the spider decides which URLs to ask for and in what order; reading
them is done by pure functions in ``opdcrawl.extract`` and judging them by the pipelines.
One homepage request per site goes through the scheduler (so the domain-aware queue,
robots.txt and AutoThrottle apply); the few follow-up requests for the same site are
awaited inline with ``engine.download_async`` so one coroutine owns one site's story
and its request budget.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy_playwright.page import PageMethod

from opdcrawl.dates import JAKARTA
from opdcrawl.extract import (
    article,
    authority,
    cms,
    feeds,
    listing,
    newsness,
    pageclass,
    sanity,
    sitemaps,
    sources,
    wpjson,
)
from opdcrawl.extract.sanity import undate
from opdcrawl.items import ChannelCheck, Post
from opdcrawl.logs import quiet_robots_failures
from opdcrawl.reachability import (
    ErrorClass,
    classify_exception,
    classify_status,
    looks_like_garbage,
)
from opdcrawl.registry import ChannelState, OpdSeed
from opdcrawl.registry import load as load_registry

# Error statuses reach the homepage callback (to be classified); redirects stay with
# RedirectMiddleware, which "handle_httpstatus_all" would switch off.
ERROR_STATUSES = list(range(400, 600))

VERDICT_ERRORS = (
    ("parked", ErrorClass.PARKED),
    ("suspended", ErrorClass.SUSPENDED),
    ("placeholder", ErrorClass.PLACEHOLDER),
)


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
        self.finish_unreachable(check, error_class, detail)
        yield check

    def finish_unreachable(
        self, check: ChannelCheck, error_class: ErrorClass, detail: str | None
    ) -> None:
        check.reachable = False
        check.error_class = str(error_class)
        check.error_detail = detail
        self.crawler.stats.inc_value(f"opdcrawl/unreachable/{error_class}")
        self.count_requests(check)

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

    async def parse_site(self, response: Response) -> AsyncIterator[ChannelCheck]:
        check: ChannelCheck = response.meta["check"]
        self.record_response(check, response)
        try:
            await self.read_site(check, response)
        except Exception as exc:  # one broken site must never stop the run
            self.logger.exception(
                "Gagal membaca %s (%s %s)", check.url, check.region, check.opd_code
            )
            check.notes.append(f"galat ekstraksi: {type(exc).__name__}: {exc}"[:300])
            self.crawler.stats.inc_value("opdcrawl/extraction_errors")
        if check.reachable:
            self.count_requests(check)
        yield check

    async def read_site(self, check: ChannelCheck, response: Response) -> None:
        unreadable = not isinstance(response, TextResponse) or looks_like_garbage(response.body)
        if unreadable and response.status < 400:
            self.finish_unreachable(
                check, ErrorClass.INVALID_RESPONSE, f"Content-Type: {content_type(response)}"
            )
            return
        html = response.text if isinstance(response, TextResponse) else ""
        headers = header_map(response)
        verdict = pageclass.classify_homepage(html, response.url, response.status, headers)
        status_error = classify_status(response.status)
        if status_error is not None:
            if status_error is ErrorClass.HTTP_4XX and verdict.blocked:
                status_error = ErrorClass.BLOCKED
            if (
                status_error is ErrorClass.BLOCKED
                and response.status == 403
                and not verdict.blocked
            ):
                detail = "HTTP 403 untuk crawler"
            else:
                detail = f"HTTP {response.status}"
            self.finish_unreachable(check, status_error, detail)
            return
        for flag, error_class in VERDICT_ERRORS:
            if getattr(verdict, flag):
                self.finish_unreachable(check, error_class, verdict.reason)
                return
        if verdict.blocked:
            self.finish_unreachable(check, ErrorClass.BLOCKED, verdict.reason)
            return

        check.reachable = True
        if verdict.js_only and self.settings.getbool("OPDCRAWL_RENDER_JS", True):
            # A failed render is retried (OPDCRAWL_RENDER_RETRY_TIMES, opdcrawl.middlewares),
            # which lists why each attempt failed.
            failures: list[str] = []
            rendered = await self.fetch(
                check, response.url, kind="render", playwright=True, opdcrawl_failures=failures
            )
            if rendered is not None and isinstance(rendered, TextResponse):
                check.rendered_with_browser = True
                html = rendered.text
                self.crawler.stats.inc_value("opdcrawl/rendered_with_browser")
            else:
                # Not read is not inactive: unless a feed or sitemap still dates the site,
                # it is reported as not assessable (Tidak Dapat Diakses), see freshness.
                reason = "halaman hanya JavaScript dan gagal dirender"
                check.requests += max(0, len(failures) - 1)  # fetch counted one attempt
                check.error_class = str(ErrorClass.RENDER_FAILED)
                check.error_detail = reason
                if failures:
                    last = failures[-1].splitlines()[0]
                    check.error_detail = f"{reason} ({len(failures)} percobaan): {last}"[:500]
                check.notes.append(reason)
                self.crawler.stats.inc_value(f"opdcrawl/unassessable/{ErrorClass.RENDER_FAILED}")

        check.cms = cms.fingerprint(html, response.url, headers)
        self.crawler.stats.inc_value(f"opdcrawl/cms/{check.cms}")
        check.spam_terms = pageclass.spam_terms(html)
        if check.spam_terms:
            check.notes.append("indikasi spam judi online: " + ", ".join(check.spam_terms))
            self.crawler.stats.inc_value("opdcrawl/spam_sites")

        home = self.read_list(check, html, response.url)
        check.posts.extend(home.posts)
        undated = list(home.undated_article_urls)
        unconfirmed = list(home.unconfirmed)
        if check.robots_blocked:
            self.settle(check, unconfirmed)
            return  # robots.txt forbids everything but the homepage check

        found = await self.read_machine_sources(check, response.url, html)
        if not found and dated([*home.posts, *home.unconfirmed]) and home.next_page:
            # The homepage is itself the news list (a WordPress blog front page): page on
            # from it rather than guess a /berita that may only echo the homepage.
            more = await self.follow_pages(check, [*home.posts, *home.unconfirmed], home.next_page)
            check.posts.extend(more.posts)
            undated.extend(more.undated_article_urls)
            unconfirmed.extend(more.unconfirmed)
        elif not found:
            more = await self.read_list_pages(check, response.url, html)
            check.posts.extend(more.posts)
            undated.extend(more.undated_article_urls)
            unconfirmed.extend(more.unconfirmed)
        if not found and unconfirmed:
            await self.confirm_entries(check, unconfirmed)
        if not dated(check.posts) and undated:
            await self.read_articles(check, undated)
        self.settle(check, unconfirmed if found else [])

    def read_list(self, check: ChannelCheck, html: str, url: str) -> listing.Listing:
        """One list page, without the static pages its navigation menu links; on CMSs whose
        lists mix in static pages and agenda items, entries not marked as news are set
        aside in ``unconfirmed`` (see ``newsness``)."""
        page = listing.extract_listing(html, url, now=self.crawl_time, cms=check.cms)
        menu = {authority.url_key(link) for link in newsness.menu_links(html, url)}
        if menu:  # what the navigation menu links is a static page, never a post
            page.posts = [p for p in page.posts if authority.url_key(p.url) not in menu]
            page.undated_article_urls = [
                link for link in page.undated_article_urls if authority.url_key(link) not in menu
            ]
        if newsness.mixes_pages(check.cms):
            news = {authority.url_key(link) for link in newsness.news_urls_in_list(html, url)}
            page.unconfirmed = [p for p in page.posts if authority.url_key(p.url) not in news]
            page.posts = [p for p in page.posts if authority.url_key(p.url) in news]
        return page

    def settle(self, check: ChannelCheck, unconfirmed: list[Post]) -> None:
        """Let feeds and the REST API overrule HTML dates they contradict (``authority``)."""
        check.posts, dropped = authority.settle(check.posts)
        skipped = len(dropped) + len([p for p in unconfirmed if p.published_at])
        if skipped:
            check.notes.append(
                f"{skipped} entri halaman bertanggal tidak dihitung: tidak ada di feed/API "
                "situs ini atau bukan berita (halaman statis, agenda)"
            )
            self.crawler.stats.inc_value("opdcrawl/entries_not_news", skipped)

    async def confirm_entries(self, check: ChannelCheck, unconfirmed: list[Post]) -> None:
        """Open entries newer than the newest known news, newest first, on their own pages;
        those the page shows to be news count, the rest do not."""
        newest = max((p.published_at for p in check.posts if p.published_at), default=None)
        candidates = sorted(
            (
                p
                for p in unconfirmed
                if p.published_at and (newest is None or p.published_at > newest)
            ),
            key=lambda p: p.published_at,  # type: ignore[arg-type,return-value]
            reverse=True,
        )
        budget = self.settings.getint("OPDCRAWL_MAX_ARTICLE_PAGES", 3)
        for entry in candidates[:budget]:
            fetched = await self.fetch(check, entry.url, kind="article")
            if fetched is None or not isinstance(fetched, TextResponse):
                continue
            if not newsness.article_is_news(fetched.text):
                continue
            post = article.extract_article(fetched.text, fetched.url, now=self.crawl_time)
            check.posts.append(post if post and post.published_at else entry)
            unconfirmed.remove(entry)
            return

    async def read_machine_sources(self, check: ChannelCheck, base_url: str, html: str) -> bool:
        """WordPress API, feeds, sitemaps: the cheapest good source wins."""
        now = self.crawl_time
        rest_closed = False
        for candidate in sources.plan_sources(check.cms or "unknown", base_url, html):
            if candidate.kind == "list-page" or (candidate.kind == "wp-json" and rest_closed):
                continue
            if candidate.kind == "sitemap-robots":
                posts = await self.read_sitemaps(check, robots_url=candidate.url)
            elif candidate.kind == "sitemap":
                posts = await self.read_sitemaps(check, sitemap_urls=[candidate.url])
            else:
                fetched = await self.fetch(
                    check, candidate.url, kind=candidate.kind, keep_errors=True
                )
                if fetched is None or fetched.status >= 400:
                    # A "disable REST API" plugin answers every form of the API alike;
                    # the ?rest_route= form is for sites without pretty permalinks (404).
                    if candidate.kind == "wp-json" and fetched and fetched.status in (401, 403):
                        rest_closed = True
                    continue
                parse = wpjson.parse_wp_posts if candidate.kind == "wp-json" else feeds.parse_feed
                posts = parse(fetched.body, fetched.url, now=now) or []
                if candidate.kind == "feed":
                    cms.feed_clock_is_local(check.cms, posts)
                if sanity.stamped_at_request(posts, now=now):
                    check.notes.append(
                        f"tanggal di {candidate.kind} {candidate.url} seragam dengan waktu "
                        "permintaan (dibuat otomatis); diabaikan"
                    )
                    self.crawler.stats.inc_value("opdcrawl/stamped_sources")
                    undate(posts)
            if dated(posts):
                check.posts.extend(posts)
                return True
        return False

    async def read_sitemaps(
        self,
        check: ChannelCheck,
        *,
        robots_url: str | None = None,
        sitemap_urls: list[str] | None = None,
    ) -> list[Post]:
        """Sitemaps from robots.txt (or a guessed URL); only informative lastmods count."""
        queue = list(sitemap_urls or [])
        if robots_url:
            declared = self.robots_sitemaps.get(urlsplit(robots_url).netloc)
            if declared is None:
                robots = await self.fetch(
                    check, robots_url, kind="robots", dont_obey_robotstxt=True
                )
                if robots is None or not isinstance(robots, TextResponse):
                    return []
                declared = sitemaps.sitemaps_from_robots(robots.text, robots.url)
            queue = declared[:2]
        budget = 3
        while queue and budget:
            budget -= 1
            fetched = await self.fetch(check, queue.pop(0), kind="sitemap")
            if fetched is None:
                continue
            reading = sitemaps.parse_sitemap(fetched.body, fetched.url, now=self.crawl_time)
            if reading is None:
                continue
            if reading.children:
                queue = reading.children[:2] + queue
                continue
            # Uniform "now" lastmods are already undated by the parser; URL dates stay.
            if dated(reading.posts):
                return await self.confirm_lastmods(check, reading.posts)
            if not reading.lastmods_informative:
                check.notes.append("lastmod sitemap seragam/kosong; diabaikan")
        return []

    async def confirm_lastmods(self, check: ChannelCheck, posts: list[Post]) -> list[Post]:
        """A sitemap lastmod counts only when the page behind it confirms it.

        Sitemaps can list every row of a CMS's table, drafts and scheduled posts included
        (OpenSID does, real install). The newest lastmod entries are opened, newest first:
        the first that is a real page with a date of its own stands for itself, with the
        page's date; entries newer than it that were not real pages are dropped. When none
        is confirmed within the budget, no lastmod of this sitemap counts.
        """
        by_lastmod = sorted(
            (p for p in posts if p.source == "sitemap" and p.published_at),
            key=lambda p: p.published_at,  # type: ignore[arg-type,return-value]
            reverse=True,
        )
        if not by_lastmod:
            return posts
        rejected: set[str] = set()
        budget = min(2, self.settings.getint("OPDCRAWL_MAX_ARTICLE_PAGES", 3))
        for entry in by_lastmod[:budget]:
            fetched = await self.fetch(check, entry.url, kind="article")
            if (
                fetched is not None
                and isinstance(fetched, TextResponse)
                and not newsness.looks_not_found(fetched.text)
            ):
                page = article.extract_article(fetched.text, fetched.url, now=self.crawl_time)
                if page is not None and page.published_at is not None:
                    page.title = page.title or entry.title
                    return [page if p is entry else p for p in posts if p.url not in rejected]
            rejected.add(entry.url)
        check.notes.append(
            "lastmod sitemap tidak dikonfirmasi oleh halamannya (draf/halaman hilang); diabaikan"
        )
        self.crawler.stats.inc_value("opdcrawl/sitemaps_unconfirmed")
        return [p for p in posts if not (p.source == "sitemap" and p.published_at)]

    async def read_list_pages(
        self, check: ChannelCheck, base_url: str, html: str
    ) -> listing.Listing:
        """News list pages, paginated until posts are older than the window."""
        found = listing.Listing()
        for list_url in sources.list_page_links(html, base_url)[:2]:
            found.extend(await self.follow_pages(check, [], list_url))
            if dated(found.posts) or dated(found.unconfirmed):
                break
        return found

    async def follow_pages(
        self, check: ChannelCheck, seen: list[Post], url: str | None
    ) -> listing.Listing:
        """Pages of one list from ``url`` on, while they still reach into the window.

        ``seen``: the posts of the page that linked to ``url`` (already read); paging
        stops at once when they are older than the window, and they count towards
        ``OPDCRAWL_MAX_LIST_PAGES``.
        """
        found = listing.Listing()
        horizon = self.crawl_time - timedelta(
            days=self.settings.getint("OPDCRAWL_WINDOW_DAYS", 365)
        )
        max_pages = self.settings.getint("OPDCRAWL_MAX_LIST_PAGES", 3)
        pages = 1 if seen else 0
        if seen and _oldest(seen, horizon):
            return found
        while url and pages < max_pages:
            pages += 1
            fetched = await self.fetch(check, url, kind="list-page")
            if fetched is None or not isinstance(fetched, TextResponse):
                break
            page = self.read_list(check, fetched.text, fetched.url)
            found.extend(page)
            if _oldest([*page.posts, *page.unconfirmed], horizon):
                break
            url = page.next_page
        return found

    async def read_articles(self, check: ChannelCheck, urls: list[str]) -> None:
        """Article pages, only when no list carried dates (year-less badges, bare links)."""
        budget = self.settings.getint("OPDCRAWL_MAX_ARTICLE_PAGES", 3)
        seen: set[str] = set()
        for url in urls:
            if url in seen or budget <= 0:
                continue
            seen.add(url)
            budget -= 1
            fetched = await self.fetch(check, url, kind="article")
            if fetched is None or not isinstance(fetched, TextResponse):
                continue
            post = article.extract_article(fetched.text, fetched.url, now=self.crawl_time)
            if post is not None:
                check.posts.append(post)

    async def fetch(
        self,
        check: ChannelCheck,
        url: str,
        *,
        kind: str,
        playwright: bool = False,
        keep_errors: bool = False,
        **meta: Any,
    ) -> Response | None:
        """One follow-up request for this site; None when it is unusable, never raises.

        An HTTP error answer is unusable too, unless ``keep_errors`` asks to see it.
        """
        if playwright:
            meta.update(
                playwright=True,
                playwright_page_methods=[PageMethod("wait_for_load_state", "networkidle")],
            )
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
        return response


def _oldest(posts: list[Post], horizon: datetime) -> bool:
    """True when paging on is pointless: no dates here, or some already past the horizon."""
    dates = [post.published_at for post in posts if post.published_at]
    return not dates or min(dates) < horizon


def dated(posts: list[Post]) -> bool:
    return any(post.published_at is not None for post in posts)


def header_map(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1").lower(): b", ".join(values).decode("latin-1")
        for key, values in response.headers.items()
    }


def content_type(response: Response) -> str:
    return response.headers.get(b"Content-Type", b"").decode("latin-1") or "-"
