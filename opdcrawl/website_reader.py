"""How one website is read once its homepage is in hand: the crawl's story of one site.

Shared by the ``websites`` spider and ``opdcrawl inspect``, so an operator who asks "why
is this OPD Tidak Aktif?" sees the very reading the crawl made: the same homepage
verdict, source plan, news-or-not judgements, confirmations and the same final posts.
The reader never touches the network itself; it asks a :class:`Fetcher` for each
follow-up document (the spider's goes through Scrapy's engine, inspect's through urllib
or a saved file), and it knows nothing of Scrapy, the database or reports.

Order of reading (README, "How a site is read"): homepage verdict → browser render for
JavaScript-only shells → CMS → WordPress API / feeds / sitemaps (first that dates posts
wins) → news list pages → article pages; then feeds and the API overrule HTML dates they
contradict (``extract.authority``).

Each HTML document is parsed once (issue 9): :attr:`Fetched.page` wraps it in an
:class:`~opdcrawl.extract.markup.HtmlPage` whose one tree every extractor reads (verdict,
CMS, spam, listing, menus, source plan; newsness and the article reader on article pages).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any, Protocol
from urllib.parse import urlsplit

from opdcrawl import settings as default_settings
from opdcrawl.extract import (
    article,
    authority,
    cms,
    feeds,
    integrity,
    listing,
    newsness,
    pageclass,
    sanity,
    sitemaps,
    sources,
    wpjson,
)
from opdcrawl.extract.markup import HtmlPage, as_page
from opdcrawl.extract.sanity import undate
from opdcrawl.items import ChannelCheck, IntegrityFinding, Post
from opdcrawl.reachability import ErrorClass, classify_status, looks_like_garbage
from opdcrawl.vocabulary import INTEGRITY_SIGNAL_LABELS

logger = logging.getLogger(__name__)

VERDICT_ERRORS = (
    ("parked", ErrorClass.PARKED),
    ("suspended", ErrorClass.SUSPENDED),
    ("placeholder", ErrorClass.PLACEHOLDER),
)
# Sitemap documents read per site (index + children) and lastmod pages opened to confirm.
SITEMAP_BUDGET = 3
LASTMOD_CONFIRMATIONS = 2


@dataclass
class Fetched:
    """One answer, as the reader needs it: no Scrapy types cross this line."""

    url: str
    status: int
    body: bytes
    text: str | None  # None when the answer is not text
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "") or "-"

    @cached_property
    def page(self) -> HtmlPage:
        """The answer as an HTML page: parsed on first use, once, for every reader of it."""
        return HtmlPage(self.text or "", self.url)


class Fetcher(Protocol):
    """Fetch one follow-up document of a site; None when it is unusable, never raises.

    ``keep_errors``: return HTTP error answers too (else None). ``render``: through a
    browser (``failures`` collects why attempts failed). ``obey_robots``: False for
    robots.txt itself (and the search-engine view of a homepage already allowed).
    ``headers``: request headers to send instead of the crawl's own (the search-engine
    view's User-Agent and Referer). The fetcher counts the request on ``check``.
    """

    async def __call__(
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
    ) -> Fetched | None: ...


@dataclass(frozen=True)
class ReadingLimits:
    """The per-site request budget; defaults written once, in ``opdcrawl.settings``."""

    max_list_pages: int = default_settings.OPDCRAWL_MAX_LIST_PAGES
    max_article_pages: int = default_settings.OPDCRAWL_MAX_ARTICLE_PAGES
    window_days: int = default_settings.OPDCRAWL_WINDOW_DAYS
    render_js: bool = default_settings.OPDCRAWL_RENDER_JS
    # The one extra homepage request per site for cloaking (README, "Site integrity").
    search_engine_view: bool = default_settings.OPDCRAWL_SEARCH_ENGINE_VIEW
    search_engine_user_agent: str = default_settings.OPDCRAWL_SEARCH_ENGINE_USER_AGENT
    search_engine_referer: str = default_settings.OPDCRAWL_SEARCH_ENGINE_REFERER

    @classmethod
    def from_settings(cls, settings: Any) -> ReadingLimits:
        return cls(
            max_list_pages=settings.getint("OPDCRAWL_MAX_LIST_PAGES"),
            max_article_pages=settings.getint("OPDCRAWL_MAX_ARTICLE_PAGES"),
            window_days=settings.getint("OPDCRAWL_WINDOW_DAYS"),
            render_js=settings.getbool("OPDCRAWL_RENDER_JS"),
            search_engine_view=settings.getbool("OPDCRAWL_SEARCH_ENGINE_VIEW"),
            search_engine_user_agent=settings.get("OPDCRAWL_SEARCH_ENGINE_USER_AGENT"),
            search_engine_referer=settings.get("OPDCRAWL_SEARCH_ENGINE_REFERER"),
        )

    def search_engine_headers(self, url: str) -> dict[str, str]:
        """The headers of a search engine's crawler, and of a visitor it sends: cloaking
        scripts key on either. ``{host}`` in the referrer is the site's host."""
        host = urlsplit(url).hostname or ""
        return {
            "User-Agent": self.search_engine_user_agent,
            "Referer": self.search_engine_referer.replace("{host}", host),
        }


def _no_stats(key: str, count: int = 1) -> None:
    return None


class WebsiteReader:
    """Reads websites for one run: one crawl time, one budget, one way to fetch."""

    def __init__(
        self,
        fetch: Fetcher,
        *,
        now: datetime,
        limits: ReadingLimits | None = None,
        stats: Callable[[str, int], None] = _no_stats,
        robots_sitemaps: Mapping[str, list[str]] | None = None,
    ) -> None:
        self.fetch = fetch
        self.now = now
        self.limits = limits or ReadingLimits()
        self.stats = stats
        # Per host: Sitemap lines of a robots.txt already fetched (Scrapy's middleware).
        self.robots_sitemaps = robots_sitemaps if robots_sitemaps is not None else {}
        # Per check being read (by id): what its homepage links, for the sitemap signal.
        self._homepage_links: dict[int, set[str]] = {}

    # --- the homepage --------------------------------------------------------------------

    def judge_homepage(
        self, check: ChannelCheck, homepage: Fetched
    ) -> pageclass.PageVerdict | None:
        """Reachability from the homepage answer; None (and the check closed) when the
        site cannot be read: an error status, a parked domain, a block, garbage."""
        unreadable = homepage.text is None or looks_like_garbage(homepage.body)
        if unreadable and homepage.status < 400:
            self.unreachable(
                check, ErrorClass.INVALID_RESPONSE, f"Content-Type: {homepage.content_type}"
            )
            return None
        verdict = pageclass.classify_homepage(
            homepage.page, homepage.url, homepage.status, homepage.headers
        )
        status_error = classify_status(homepage.status)
        if status_error is not None:
            if status_error is ErrorClass.HTTP_4XX and verdict.blocked:
                status_error = ErrorClass.BLOCKED
            if (
                status_error is ErrorClass.BLOCKED
                and homepage.status == 403
                and not verdict.blocked
            ):
                detail = "HTTP 403 untuk crawler"
            else:
                detail = f"HTTP {homepage.status}"
            self.unreachable(check, status_error, detail)
            return None
        for flag, error_class in VERDICT_ERRORS:
            if getattr(verdict, flag):
                self.unreachable(check, error_class, verdict.reason)
                return None
        if verdict.blocked:
            self.unreachable(check, ErrorClass.BLOCKED, verdict.reason)
            return None
        check.reachable = True
        return verdict

    def unreachable(self, check: ChannelCheck, error_class: ErrorClass, detail: str | None) -> None:
        check.reachable = False
        check.error_class = str(error_class)
        check.error_detail = detail
        self.stats(f"opdcrawl/unreachable/{error_class}", 1)

    async def render(self, check: ChannelCheck, url: str) -> str | None:
        """A JavaScript-only homepage through the browser; None when it was not rendered.

        A failed render is retried (``OPDCRAWL_RENDER_RETRY_TIMES``) by the fetcher. Not
        read is not inactive: unless a feed or sitemap still dates the site, the check is
        reported as not assessable (``render_failed``, see ``opdcrawl.freshness``).
        """
        failures: list[str] = []
        rendered = await self.fetch(check, url, kind="render", render=True, failures=failures)
        if rendered is not None and rendered.text is not None:
            check.rendered_with_browser = True
            self.stats("opdcrawl/rendered_with_browser", 1)
            return rendered.text
        reason = "halaman hanya JavaScript dan gagal dirender"
        check.requests += max(0, len(failures) - 1)  # the fetcher counted one attempt
        check.error_class = str(ErrorClass.RENDER_FAILED)
        check.error_detail = reason
        if failures:
            last = failures[-1].splitlines()[0]
            check.error_detail = f"{reason} ({len(failures)} percobaan): {last}"[:500]
        check.notes.append(reason)
        self.stats(f"opdcrawl/unassessable/{ErrorClass.RENDER_FAILED}", 1)
        return None

    # --- one site, end to end --------------------------------------------------------------

    async def read(self, check: ChannelCheck, homepage: Fetched) -> None:
        """Fill ``check`` (reachability, CMS, spam, posts, notes) from the homepage on."""
        verdict = self.judge_homepage(check, homepage)
        if verdict is None:
            return
        page = homepage.page  # one tree for every reading of the homepage below
        if verdict.js_only and self.limits.render_js:
            rendered = await self.render(check, homepage.url)
            if rendered:
                page = HtmlPage(rendered, homepage.url)

        check.cms = cms.fingerprint(page, homepage.url, homepage.headers)
        self.stats(f"opdcrawl/cms/{check.cms}", 1)
        check.spam_terms = integrity.spam_terms(page)
        if check.spam_terms:
            check.notes.append("indikasi spam judi online: " + ", ".join(check.spam_terms))
            self.stats("opdcrawl/spam_sites", 1)
        await self.check_integrity(check, homepage, page, verdict)
        self._homepage_links[id(check)] = integrity.linked_urls(page, homepage.url)
        try:
            await self.read_posts(check, homepage, page)
        finally:
            self._homepage_links.pop(id(check), None)
            self.note_integrity(check)

    async def read_posts(self, check: ChannelCheck, homepage: Fetched, page: HtmlPage) -> None:
        """The posts, from the homepage on: lists, feeds and APIs, sitemaps, articles."""
        home = self.read_list(check, page, homepage.url)
        check.posts.extend(home.posts)
        undated = list(home.undated_article_urls)
        unconfirmed = list(home.unconfirmed)
        if check.robots_blocked:
            self.settle(check, unconfirmed)
            return  # robots.txt forbids everything but the homepage check

        found = await self.read_machine_sources(check, homepage.url, page)
        if not found and dated([*home.posts, *home.unconfirmed]) and home.next_page:
            # The homepage is itself the news list (a WordPress blog front page): page on
            # from it rather than guess a /berita that may only echo the homepage.
            more = await self.follow_pages(check, [*home.posts, *home.unconfirmed], home.next_page)
        elif not found:
            more = await self.read_list_pages(check, homepage.url, page)
        else:
            more = listing.Listing()
        check.posts.extend(more.posts)
        undated.extend(more.undated_article_urls)
        unconfirmed.extend(more.unconfirmed)
        if not found and unconfirmed:
            await self.confirm_entries(check, unconfirmed)
        if not dated(check.posts) and undated:
            await self.read_articles(check, undated)
        self.settle(check, unconfirmed)

    # --- site integrity (gambling spam, cloaking, defacement) --------------------------------

    async def check_integrity(
        self,
        check: ChannelCheck,
        homepage: Fetched,
        page: HtmlPage,
        verdict: pageclass.PageVerdict,
    ) -> None:
        """Integrity signals of the homepage, then its search-engine view when it matters.

        The cheap-fetch rule (README, "Site integrity"): one extra request per site, the
        homepage again with a search engine's User-Agent and referrer, only when the
        homepage as fetched shows no integrity finding (a flagged site is reported already),
        is not a JavaScript-only shell (nothing to compare), and robots.txt did not close
        the site (its homepage is looked at once). ``OPDCRAWL_SEARCH_ENGINE_VIEW`` off
        saves that request.
        """
        findings = integrity.page_findings(page, homepage.url)
        if check.spam_terms:
            findings.insert(0, integrity.spam_text_finding(page, homepage.url, check.spam_terms))
        wanted = (
            self.limits.search_engine_view
            and not findings
            and not verdict.js_only
            and not check.robots_blocked
        )
        if wanted:
            view = await self.fetch(
                check,
                homepage.url,
                kind="search-engine",
                keep_errors=True,
                obey_robots=False,
                headers=self.limits.search_engine_headers(homepage.url),
            )
            if view is not None and view.text is not None:
                findings += integrity.cloaking_findings(page, homepage.url, view.page, view.url)
        self.add_findings(check, findings)

    def add_findings(self, check: ChannelCheck, findings: list[IntegrityFinding]) -> None:
        for finding in findings:
            check.integrity.append(finding)
            self.stats(f"opdcrawl/integrity/{finding.signal}", 1)

    def note_integrity(self, check: ChannelCheck) -> None:
        """One note naming the integrity signals found, when there are any."""
        if not check.integrity:
            return
        self.stats("opdcrawl/integrity_sites", 1)
        labels = dict.fromkeys(
            INTEGRITY_SIGNAL_LABELS.get(f.signal, f.signal) for f in check.integrity
        )
        check.notes.append("tanda spam judi/peretasan: " + "; ".join(labels))

    # --- documents ------------------------------------------------------------------------

    def read_list(self, check: ChannelCheck, html: str | HtmlPage, url: str) -> listing.Listing:
        """One list page, without the static pages its navigation menu links; on CMSs whose
        lists mix in static pages and agenda items, entries not marked as news are set
        aside in ``unconfirmed`` (see ``newsness``). ``html``: its text or its page."""
        page = as_page(html, url)
        found = listing.extract_listing(page, url, now=self.now, cms=check.cms)
        menu = {authority.url_key(link) for link in newsness.menu_links(page, url)}
        if menu:  # what the navigation menu links is a static page, never a post
            found.posts = [p for p in found.posts if authority.url_key(p.url) not in menu]
            found.undated_article_urls = [
                link for link in found.undated_article_urls if authority.url_key(link) not in menu
            ]
        if newsness.mixes_pages(check.cms):
            news = {authority.url_key(link) for link in newsness.news_urls_in_list(page, url)}
            found.unconfirmed = [p for p in found.posts if authority.url_key(p.url) not in news]
            found.posts = [p for p in found.posts if authority.url_key(p.url) in news]
        return found

    def read_feed(self, check: ChannelCheck, fetched: Fetched, kind: str) -> list[Post]:
        """A WordPress API listing or a feed, with the CMS's clock quirk and the rule that
        a source stamping the request time on every item is ignored."""
        parse = wpjson.parse_wp_posts if kind == "wp-json" else feeds.parse_feed
        posts = parse(fetched.body, fetched.url, now=self.now) or []
        if kind == "feed":
            cms.feed_clock_is_local(check.cms, posts)
        if sanity.stamped_at_request(posts, now=self.now):
            check.notes.append(
                f"tanggal di {kind} {fetched.url} seragam dengan waktu "
                "permintaan (dibuat otomatis); diabaikan"
            )
            self.stats("opdcrawl/stamped_sources", 1)
            undate(posts)
        return posts

    def read_article(self, fetched: Fetched, *, cms_name: str | None) -> Post | None:
        """An article page: None when it is a soft 404, or (on CMSs whose lists mix in
        static pages and agenda items) when the page does not show it is news."""
        page = fetched.page
        if newsness.looks_not_found(page):
            return None
        if newsness.mixes_pages(cms_name) and not newsness.shows_news_category(page):
            return None
        return article.extract_article(page, fetched.url, now=self.now)

    def settle(self, check: ChannelCheck, unconfirmed: list[Post]) -> None:
        """Let feeds and the REST API overrule HTML dates they contradict (``authority``)."""
        check.posts, dropped = authority.settle(check.posts)
        skipped = len(dropped) + len([p for p in unconfirmed if p.published_at])
        if skipped:
            check.notes.append(
                f"{skipped} entri halaman bertanggal tidak dihitung: tidak ada di feed/API "
                "situs ini atau bukan berita (halaman statis, agenda)"
            )
            self.stats("opdcrawl/entries_not_news", skipped)

    async def confirm_entries(self, check: ChannelCheck, unconfirmed: list[Post]) -> None:
        """Open entries newer than the newest known news, newest first, on their own pages;
        the first the page shows to be news counts, the rest do not."""
        newest = max((p.published_at for p in check.posts if p.published_at), default=None)
        candidates = sorted(
            (p for p in unconfirmed if p.published_at and (not newest or p.published_at > newest)),
            key=lambda p: p.published_at,  # type: ignore[arg-type,return-value]
            reverse=True,
        )
        for entry in candidates[: self.limits.max_article_pages]:
            fetched = await self.fetch(check, entry.url, kind="article")
            if fetched is None or fetched.text is None:
                continue
            post = self.read_article(fetched, cms_name=check.cms)
            if post is None:
                continue
            check.posts.append(post if post.published_at else entry)
            unconfirmed.remove(entry)
            return

    async def read_machine_sources(
        self, check: ChannelCheck, base_url: str, html: str | HtmlPage
    ) -> bool:
        """WordPress API, feeds, sitemaps: the cheapest good source wins."""
        rest_closed = False
        for candidate in sources.plan_sources(check.cms or "unknown", base_url, html):
            if candidate.kind == "list-page" or (candidate.kind == "wp-json" and rest_closed):
                continue
            if candidate.kind == "sitemap-robots":
                posts = await self.read_sitemaps(check, robots_url=candidate.url)
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
                posts = self.read_feed(check, fetched, candidate.kind)
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
                robots = await self.fetch(check, robots_url, kind="robots", obey_robots=False)
                if robots is None or robots.text is None:
                    return []
                declared = sitemaps.sitemaps_from_robots(robots.text, robots.url)
            queue = declared[:2]
        budget = SITEMAP_BUDGET
        while queue and budget:
            budget -= 1
            fetched = await self.fetch(check, queue.pop(0), kind="sitemap")
            if fetched is None:
                continue
            reading = sitemaps.parse_sitemap(fetched.body, fetched.url, now=self.now)
            if reading is None:
                continue
            linked = self._homepage_links.get(id(check))
            if linked is not None and reading.locations:
                site = check.final_url or check.url
                found = integrity.sitemap_findings(reading.locations, fetched.url, site, linked)
                self.add_findings(check, found)
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
        page's date; other lastmod entries as new as it are dropped (drafts share days with
        real posts). When none is confirmed within the budget, no lastmod counts.
        """
        by_lastmod = sorted(
            (p for p in posts if p.source == "sitemap" and p.published_at),
            key=lambda p: p.published_at,  # type: ignore[arg-type,return-value]
            reverse=True,
        )
        if not by_lastmod:
            return posts
        budget = min(LASTMOD_CONFIRMATIONS, self.limits.max_article_pages)
        for entry in by_lastmod[:budget]:
            fetched = await self.fetch(check, entry.url, kind="article")
            if fetched is not None and fetched.text is not None:
                page = self.read_article(fetched, cms_name=check.cms)
                if page is not None and page.published_at is not None:
                    page.title = page.title or entry.title
                    # Entries as new as the confirmed one but not opened stay unconfirmed.
                    return [page] + [p for p in posts if p is not entry and not _as_new(p, entry)]
        check.notes.append(
            "lastmod sitemap tidak dikonfirmasi oleh halamannya (draf/halaman hilang); diabaikan"
        )
        self.stats("opdcrawl/sitemaps_unconfirmed", 1)
        return [p for p in posts if not (p.source == "sitemap" and p.published_at)]

    async def read_list_pages(
        self, check: ChannelCheck, base_url: str, html: str | HtmlPage
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
        horizon = self.now - timedelta(days=self.limits.window_days)
        pages = 1 if seen else 0
        if seen and _oldest(seen, horizon):
            return found
        while url and pages < self.limits.max_list_pages:
            pages += 1
            fetched = await self.fetch(check, url, kind="list-page")
            if fetched is None or fetched.text is None:
                break
            page = self.read_list(check, fetched.page, fetched.url)
            found.extend(page)
            if _oldest([*page.posts, *page.unconfirmed], horizon):
                break
            url = page.next_page
        return found

    async def read_articles(self, check: ChannelCheck, urls: list[str]) -> None:
        """Article pages, only when no list carried dates (year-less badges, bare links)."""
        budget = self.limits.max_article_pages
        seen: set[str] = set()
        for url in urls:
            if url in seen or budget <= 0:
                continue
            seen.add(url)
            budget -= 1
            fetched = await self.fetch(check, url, kind="article")
            if fetched is None or fetched.text is None:
                continue
            post = self.read_article(fetched, cms_name=check.cms)
            if post is not None:
                check.posts.append(post)


def _as_new(post: Post, entry: Post) -> bool:
    """A lastmod-dated sitemap entry at least as new as ``entry``'s lastmod."""
    return bool(
        post.source == "sitemap"
        and post.published_at
        and entry.published_at
        and post.published_at >= entry.published_at
    )


def _oldest(posts: list[Post], horizon: datetime) -> bool:
    """True when paging on is pointless: no dates here, or some already past the horizon."""
    dates = [post.published_at for post in posts if post.published_at]
    return not dates or min(dates) < horizon


def dated(posts: list[Post]) -> bool:
    return any(post.published_at is not None for post in posts)
