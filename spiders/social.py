"""The ``social`` spider: is each registered OPD social account read, and when did it post?

``scrapy crawl social [-a region=…] [-a opd=…] [-a platform=youtube,instagram] [-a shard=i/n]``

Thin like ``websites``: the crawl core (``ChannelSpider``) gives the run, the registry and
the shards; each platform is an adapter in ``opdcrawl.social`` with an ordered list of
routes (plain HTTP first, official APIs where a key is configured); scoring is the shared
freshness model with per-kind rules (``OPDCRAWL_FRESHNESS_BY_KIND``).

Politeness is per platform, not per account: every account of a platform shares a few
hosts, so requests carry ``download_slot = "social-<platform>"`` and Scrapy's
``DOWNLOAD_SLOTS`` sets each platform's concurrency and delay; accounts are interleaved by
platform so no platform gets a burst; after ``OPDCRAWL_SOCIAL_REFUSALS_TO_STOP`` refusals
in a row (429, "Please wait") a platform is not asked again in this run.

A platform's last route may render the page in Chromium (``BrowserRoute``): only for an
account the plain routes left unjudged, only for platforms named in
``OPDCRAWL_SOCIAL_BROWSER_PLATFORMS``, in a browser context of its own that is closed
with the account, at most ``PLAYWRIGHT_MAX_CONTEXTS`` at once, images/media/fonts/styles
aborted, bounded by ``OPDCRAWL_SOCIAL_BROWSER_TIMEOUT`` and never retried.

Checks are held until the crawl is idle, then released: when many accounts of one
platform failed the same way, that is a platform outage (``platform_outage``), not many
dead accounts, and no account is blamed for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import itertools
from collections import Counter, defaultdict, deque
from collections.abc import AsyncIterator, Iterable
from datetime import datetime, timedelta
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, IgnoreRequest
from scrapy.http import Response
from scrapy_playwright.page import PageMethod

from opdcrawl.channel_spider import ChannelSpider, split_arg
from opdcrawl.items import ChannelCheck, Post
from opdcrawl.registry import ChannelEntry, OpdSeed
from opdcrawl.run_end import EndReason
from opdcrawl.social import facebook, instagram, tiktok, x, youtube
from opdcrawl.social.base import Account, AccountReading, AccountStatus, Route, RouteRequest

PLATFORMS: dict[str, Any] = {
    "youtube": youtube,
    "instagram": instagram,
    "tiktok": tiktok,
    "facebook": facebook,
    "x": x,
}
# When a platform fails for most of its accounts in the same way, it is an outage.
OUTAGE_STATUSES = frozenset(
    {
        AccountStatus.UNREACHABLE,
        AccountStatus.LAYOUT_CHANGED,
        AccountStatus.RATE_LIMITED,
        AccountStatus.BOT_CHALLENGE,
        AccountStatus.LOGIN_WALL,
    }
)
# What a route can say about the account itself: no other route is asked after these.
DEFINITIVE = frozenset({AccountStatus.NOT_FOUND, AccountStatus.PRIVATE, AccountStatus.RESTRICTED})
# Which status to report when no route succeeded: the first about the account itself,
# else the most specific of the rest.
STATUS_PRIORITY: tuple[AccountStatus, ...] = (
    AccountStatus.NOT_FOUND,
    AccountStatus.PRIVATE,
    AccountStatus.RESTRICTED,
    AccountStatus.LOGIN_WALL,
    AccountStatus.BOT_CHALLENGE,
    AccountStatus.RATE_LIMITED,
    AccountStatus.LAYOUT_CHANGED,
    AccountStatus.UNREACHABLE,
    AccountStatus.NOT_READABLE,
)
ERROR_STATUSES = list(range(300, 600))  # every answer reaches the route's parser
RECENT = timedelta(days=90)  # an account with a post this recent is judged by it


class SocialSpider(ChannelSpider):
    name = "social"
    channel_kinds = tuple(PLATFORMS)

    def __init__(self, platform: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = [name.lower() for name in split_arg(platform)]
        unknown = sorted(set(chosen) - set(PLATFORMS))
        if unknown:
            self.refuse(
                EndReason.BAD_ARGUMENT,
                f"platform tidak dikenal: {', '.join(unknown)} (pilihan: {', '.join(PLATFORMS)})",
            )
        self.platforms = chosen or list(PLATFORMS)
        self.held: dict[str, list[ChannelCheck]] = defaultdict(list)
        self.refusals: Counter[str] = Counter()
        self.refusing: set[str] = set()
        self.recent_answers: dict[str, deque[bool]] = {}
        self.released = False
        self.browser_contexts = itertools.count(1)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SocialSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.idle, signal=signals.spider_idle)
        spider.config = spider.platform_config()
        return spider  # type: ignore[return-value]

    def platform_config(self) -> dict[str, Any]:
        base_urls = self.settings.getdict("OPDCRAWL_SOCIAL_BASE_URLS")
        return {
            "base_urls": dict(base_urls),
            "youtube_api_key": self.settings.get("OPDCRAWL_YOUTUBE_API_KEY") or "",
            "x_bearer_token": self.settings.get("OPDCRAWL_X_BEARER_TOKEN") or "",
            "instagram_business_id": self.settings.get("OPDCRAWL_INSTAGRAM_BUSINESS_ID") or "",
            "instagram_business_token": (
                self.settings.get("OPDCRAWL_INSTAGRAM_BUSINESS_TOKEN") or ""
            ),
            "browser_platforms": {
                name.lower() for name in self.settings.getlist("OPDCRAWL_SOCIAL_BROWSER_PLATFORMS")
            },
            "browser_timeout": self.settings.getfloat("OPDCRAWL_SOCIAL_BROWSER_TIMEOUT"),
            "browser_settle": self.settings.getfloat("OPDCRAWL_SOCIAL_BROWSER_SETTLE"),
        }

    # --- which accounts, in which order -----------------------------------------------------

    def accounts(self) -> list[tuple[OpdSeed, ChannelEntry]]:
        """Registered accounts of the chosen platforms, interleaved platform by platform."""
        by_platform: dict[str, list[tuple[OpdSeed, ChannelEntry]]] = defaultdict(list)
        for opd, entry in self.channels():
            if entry.kind in self.platforms:
                by_platform[entry.kind].append((opd, entry))
        return list(_interleave(by_platform.values()))

    def planned_channels(self) -> int:
        return len(self.accounts())

    async def start(self) -> AsyncIterator[Any]:
        run = getattr(self.crawler, "opdcrawl_run", None)
        cached: dict[str, str] = getattr(run, "platform_ids", {}) or {}
        for opd, entry in self.accounts():
            check = self.new_check(opd, entry)
            account = Account.from_url(entry.kind, entry.url or "", cached.get(entry.url or ""))
            if entry.kind in self.refusing:
                self.finish(check, self.refused_reading(entry.kind), attempted=False)
                continue
            request = self.route_request(check, account, 0)
            if request is None:
                self.finish(check, _no_route(entry.kind), attempted=False)
                continue
            yield request

    # --- one account, route by route ---------------------------------------------------------

    def routes(self, platform: str) -> tuple[Route, ...]:
        return tuple(PLATFORMS[platform].ROUTES)

    def route_request(
        self, check: ChannelCheck, account: Account, start: int, *, only: bool = False, **meta: Any
    ) -> scrapy.Request | None:
        """The request of the first route from ``start`` on that can run for ``account``
        (``only``: that route or none). Routes say themselves when they cannot run (no key,
        no channel id yet): ``request()`` is None."""
        routes = self.routes(account.platform)
        for index in range(start, start + 1 if only else len(routes)):
            spec = routes[index].request(account, self.config)
            if spec is None:
                continue
            if spec.browser and account.platform not in self.config["browser_platforms"]:
                continue
            return scrapy.Request(
                spec.url,
                method=spec.method,
                headers=dict(spec.headers),
                body=spec.body,
                callback=self.parse_account,
                errback=self.route_failed,
                dont_filter=True,
                meta={
                    "check": check,
                    "account": account,
                    "route_index": index,
                    "readings": meta.get("readings", []),
                    "download_slot": f"social-{account.platform}",
                    # The platform's delay (DOWNLOAD_SLOTS) is what the office chose:
                    # AutoThrottle, tuned for websites, must not shorten it.
                    "autothrottle_dont_adjust_delay": True,
                    "handle_httpstatus_list": ERROR_STATUSES,
                    "dont_redirect": True,  # a redirect to /login is an answer to read
                    "dont_obey_robotstxt": not self.settings.getbool(
                        "OPDCRAWL_SOCIAL_OBEY_ROBOTSTXT"
                    ),
                    **(self.browser_meta(account, spec) if spec.browser else {}),
                },
            )
        return None

    def browser_meta(self, account: Account, spec: RouteRequest) -> dict[str, Any]:
        """scrapy-playwright's meta for a browser route: a context of the account's own
        (closed in ``close_browser``, so no cookie or login state carries over to the next
        account and memory stays flat), a hard navigation timeout, a bounded settle time
        for the page's scripts, and no retry (a page that hung once hangs again; the
        account keeps what its plain routes read)."""
        timeout_ms = int(self.config["browser_timeout"] * 1000)
        agent = spec.headers.get("User-Agent")
        user_agent = {"user_agent": agent} if agent else {}
        return {
            "playwright": True,
            "playwright_context": f"social-{account.platform}-{next(self.browser_contexts)}",
            # The browser's own User-Agent says "HeadlessChrome": the route's desktop one.
            "playwright_context_kwargs": {"locale": "id-ID", **user_agent},
            "playwright_include_page": True,
            "playwright_page_goto_kwargs": {
                "wait_until": "domcontentloaded",
                "timeout": timeout_ms,
            },
            "playwright_page_methods": [
                PageMethod(settle, self.config["browser_settle"]),
            ],
            "max_retry_times": 0,
        }

    async def parse_account(self, response: Response) -> None:
        meta = response.meta
        await close_browser(meta)
        route = self.routes(meta["account"].platform)[meta["route_index"]]
        headers = {
            key.decode("latin-1").lower(): b", ".join(values).decode("latin-1")
            for key, values in response.headers.items()
        }
        reading = route.parse(
            response.status,
            headers,
            response.body,
            response.url,
            account=meta["account"],
            now=self.crawl_time,
        )
        await self.after_reading(response.request, route, reading)

    async def route_failed(self, failure: Any) -> None:
        request = failure.request
        await close_browser(request.meta)
        route = self.routes(request.meta["account"].platform)[request.meta["route_index"]]
        detail = f"{type(failure.value).__name__}: {failure.value}"[:300]
        if isinstance(failure.value, IgnoreRequest) and "robots.txt" in str(failure.value):
            reading = AccountReading(
                AccountStatus.NOT_READABLE, detail="robots.txt platform melarang crawler"
            )
        else:
            reading = AccountReading(AccountStatus.UNREACHABLE, detail=detail)
        await self.after_reading(request, route, reading)

    async def after_reading(
        self, request: scrapy.Request, route: Route, reading: AccountReading
    ) -> None:
        """Keep a route's reading; go on to the next route, or finish the account."""
        meta = request.meta
        check: ChannelCheck = meta["check"]
        account: Account = meta["account"]
        check.requests += 1 + meta.get("retry_times", 0)
        check.sources_tried.append(f"{route.name} {request.url}")
        self.crawler.stats.inc_value(
            f"opdcrawl/social/{account.platform}/{route.name}/{reading.status}"
        )
        readings: list[tuple[str, AccountReading]] = [*meta["readings"], (route.name, reading)]
        self.note_refusal(account.platform, reading.status)
        index = meta["route_index"]
        then = getattr(route, "then", None)
        unjudged = reading.partial and not has_recent(reading.posts, self.crawl_time - RECENT)
        if reading.status is AccountStatus.OK and then:
            # A preparing route (resolve a handle, find an uploads playlist): its follow-up
            # runs on the id it found, then reads the account.
            routes = [r.name for r in self.routes(account.platform)]
            prepared = dataclasses.replace(account, channel_id=reading.resolved_id)
            following = self.route_request(
                check, prepared, routes.index(then), readings=readings, only=True
            )
            if following is not None:
                self.crawler.engine.crawl(following)
                return
        elif (
            reading.status not in DEFINITIVE
            and (reading.status is not AccountStatus.OK or unjudged)
            and account.platform not in self.refusing
        ):
            following = self.route_request(check, account, index + 1, readings=readings)
            if following is not None:
                # Follow-ups of one account wait for their platform's slot like any other.
                self.crawler.engine.crawl(following)
                return
        if reading.status is AccountStatus.OK and not then and reading.resolved_id:
            check.platform_id = reading.resolved_id  # cached: later runs skip resolving
        self.finish(check, _decide(readings), attempted=True, route=route.name)

    def note_refusal(self, platform: str, status: AccountStatus) -> None:
        """Stop asking a platform that refuses: ``OPDCRAWL_SOCIAL_REFUSALS_TO_STOP`` refusals
        in a row, and most of its last ten answers refusals (retried requests of a few
        throttled accounts come back together; that alone is not a refusing platform)."""
        recent = self.recent_answers.setdefault(platform, deque(maxlen=10))
        recent.append(status is AccountStatus.RATE_LIMITED)
        if status is AccountStatus.RATE_LIMITED:
            self.refusals[platform] += 1
            stop_after = self.settings.getint("OPDCRAWL_SOCIAL_REFUSALS_TO_STOP")
            mostly = sum(recent) >= 0.8 * len(recent)
            if self.refusals[platform] >= stop_after and mostly and platform not in self.refusing:
                self.refusing.add(platform)
                self.logger.warning(
                    "Platform %s menolak %d kali berturut-turut; tidak ditanya lagi pada crawl ini",
                    platform,
                    self.refusals[platform],
                )
        else:
            self.refusals[platform] = 0

    def refused_reading(self, platform: str) -> AccountReading:
        return AccountReading(
            AccountStatus.RATE_LIMITED,
            detail=f"tidak ditanya: {platform} menolak permintaan berturut-turut pada crawl ini",
        )

    # --- the check --------------------------------------------------------------------------

    def finish(
        self,
        check: ChannelCheck,
        outcome: tuple[str | None, AccountReading],
        *,
        attempted: bool,
        route: str | None = None,
    ) -> None:
        """Fill the check from the reading that stands for the account, and hold it.

        ``attempted``: False when no request was made (no route can run, or the platform
        refused earlier accounts in this run)."""
        route_name, reading = outcome
        check.route = route_name or route
        check.followers = reading.followers
        check.posts = list(reading.posts)
        status = reading.status
        recent = self.crawl_time - RECENT
        if status is AccountStatus.OK and reading.partial:
            check.notes.append("bukti sebagian: hanya sebagian jenis unggahan yang terbaca")
            if not has_recent(check.posts, recent):
                status = AccountStatus.PARTIAL_EVIDENCE
        check.reachable = status is AccountStatus.OK
        check.error_class = None if check.reachable else str(status)
        check.error_detail = reading.detail
        window = reading.window
        dated = [p.published_at for p in check.posts if p.published_at]
        if window and len(dated) >= window and min(dated) >= recent:
            # Every visible item is recent: there may be more; the counts are lower bounds.
            check.posts_window = window
            check.notes.append(f"hanya {window} unggahan terbaru terlihat: jumlah 30/90 hari ≥")
        if check.followers is not None:
            check.notes.append(f"pengikut: {check.followers}")
        check.notes.insert(0, f"rute: {check.route or '-'}; status: {status}")
        if not attempted:
            check.notes.append("tidak ada permintaan ke platform untuk akun ini")
        self.crawler.stats.inc_value(f"opdcrawl/social/status/{status}")
        self.held[check.channel].append(check)

    # --- releasing the checks ---------------------------------------------------------------

    def idle(self) -> None:
        """When every account is done, release the held checks (outages marked) once."""
        if self.released or not any(self.held.values()):
            return
        self.released = True
        self.crawler.engine.crawl(
            scrapy.Request("data:,", callback=self.release, dont_filter=True, priority=-100)
        )
        raise DontCloseSpider

    def release(self, response: Response) -> Iterable[ChannelCheck]:
        minimum = self.settings.getint("OPDCRAWL_SOCIAL_OUTAGE_MIN_ACCOUNTS")
        share = self.settings.getfloat("OPDCRAWL_SOCIAL_OUTAGE_SHARE")
        for checks in self.held.values():
            mark_outage(checks, minimum=minimum, share=share, logger=self.logger)
            yield from checks
        self.held.clear()


def mark_outage(checks: list[ChannelCheck], *, minimum: int, share: float, logger: Any) -> bool:
    """Mark a platform's failures as an outage when most of its accounts failed alike.

    ``minimum`` accounts at least, and one failure status (``OUTAGE_STATUSES``) on at least
    ``share`` of them: YouTube's feeds answered 404/500 for every channel for days, several
    times in 2026; that says nothing about the accounts.
    """
    statuses = Counter(check.error_class for check in checks if check.error_class)
    if not statuses or len(checks) < minimum:
        return False
    status, count = statuses.most_common(1)[0]
    if AccountStatus(status) not in OUTAGE_STATUSES or count < share * len(checks):
        return False
    for check in checks:
        if check.error_class == status:
            check.error_detail = (
                f"{count} dari {len(checks)} akun {check.channel} gagal ({status}) pada crawl "
                f"ini: {check.error_detail or ''}"
            )[:500]
            check.error_class = str(AccountStatus.PLATFORM_OUTAGE)
    logger.warning(
        "Gangguan platform %s: %d dari %d akun gagal (%s); tidak dihitung sebagai tidak aktif",
        checks[0].channel,
        count,
        len(checks),
        status,
    )
    return True


def has_recent(posts: Iterable[Post], since: datetime) -> bool:
    return any(post.published_at and post.published_at >= since for post in posts)


async def settle(page: Any, seconds: float) -> None:
    """Give a rendered page's scripts ``seconds`` to fill it in, never waiting for network
    idle (a social page polls for ever) and never failing: what is there is read."""
    await asyncio.sleep(seconds)


async def close_browser(meta: dict[str, Any]) -> None:
    """Close a browser route's page and its context, after its answer or its failure."""
    page = meta.pop("playwright_page", None)
    if page is None:
        return
    with contextlib.suppress(Exception):  # closed with the browser: nothing left to free
        await page.context.close()


def _decide(readings: list[tuple[str, AccountReading]]) -> tuple[str | None, AccountReading]:
    """The reading that stands for the account: the last ok one, else the most specific."""
    for name, reading in reversed(readings):
        if reading.status is AccountStatus.OK:
            followers = next((r.followers for _, r in readings if r.followers is not None), None)
            merged = dataclasses.replace(reading, followers=reading.followers or followers)
            return name, merged
    for pair in readings:
        if pair[1].status in DEFINITIVE:
            return pair
    ranked = sorted(readings, key=lambda pair: _priority(pair[1].status))
    return ranked[0] if ranked else (None, _no_route(""))


def _priority(status: AccountStatus) -> int:
    return STATUS_PRIORITY.index(status) if status in STATUS_PRIORITY else len(STATUS_PRIORITY)


def _no_route(platform: str) -> tuple[None, AccountReading]:
    module = PLATFORMS.get(platform)
    reading = getattr(module, "no_route_reading", None)
    if reading is not None:
        return None, reading()
    return None, AccountReading(
        AccountStatus.NOT_READABLE, detail="tidak ada rute yang dapat dipakai"
    )


def _interleave(groups: Iterable[list[Any]]) -> Iterable[Any]:
    """Round robin over the groups: a, b, c, a, b, c, … so no platform gets a burst."""
    queues = [list(group) for group in groups]
    index = 0
    while any(queues):
        queue = queues[index % len(queues)]
        if queue:
            yield queue.pop(0)
        index += 1


__all__ = ["SocialSpider", "mark_outage"]
