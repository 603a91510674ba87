"""What every platform adapter shares: the account, a route's request and its reading.

Each platform (``youtube``, ``instagram``, ``tiktok``, ``facebook``, ``x``) is a module
with an ordered tuple ``ROUTES`` of :class:`Route` objects, plain HTTP first. A route
builds the request for one account (``request``; None when it cannot run, e.g. an API
route without its token) and reads the answer (``parse``, a pure function of status,
headers and body). The social spider tries the routes in order until one gives an
``ok`` reading, and keeps the most telling status otherwise.

Every route is an :class:`HttpRoute`: a function that builds the URL for an account and
a ``Reader`` of the answer. A :class:`BrowserRoute` is the same, rendered in Chromium
(scrapy-playwright): only ever a platform's last route, for an account the plain routes
left unjudged (SOCIAL_NOTES: "a browser is not the default route for social pages").
The helpers below read what all platforms answer alike: a header, where a redirect
leads, throttling, refusals and server errors.

Statuses other than ``ok`` are never inactivity: the account could not be judged this
run (SOCIAL_NOTES.md, "Statuses that are never inactivity").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, ClassVar, Protocol
from urllib.parse import quote, urlsplit

from opdcrawl.items import Post

# Desktop browser headers: the embed pages answer these (SOCIAL_NOTES, "the one fact").
BROWSER_HEADERS: dict[str, str] = {
    "User-Agent": (
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
        "Chrome/131.0.0.0 Safari/537.36"
    ),
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7",
    "Sec-Fetch-Dest": "document",
    "Sec-Fetch-Mode": "navigate",
    "Sec-Fetch-Site": "none",
    "Sec-Fetch-User": "?1",
    "sec-ch-ua": '"Chromium";v="131", "Not_A Brand";v="24"',
    "sec-ch-ua-mobile": "?0",
    "sec-ch-ua-platform": '"Linux"',
}
JSON_HEADERS: dict[str, str] = {"Accept": "application/json"}
# A post dated further ahead than this is a decoding error, not a post.
FUTURE_TOLERANCE = timedelta(days=1)


class AccountStatus(StrEnum):
    OK = "ok"
    NOT_FOUND = "not_found"
    PRIVATE = "private"
    RESTRICTED = "restricted"  # age or region restricted, removed or restricted content
    LOGIN_WALL = "login_wall"  # redirected to a login page
    RATE_LIMITED = "rate_limited"  # 429, 401 "Please wait a few minutes"
    BOT_CHALLENGE = "bot_challenge"  # "security verification", JavaScript proof of work
    PLATFORM_OUTAGE = "platform_outage"  # set by the spider: many accounts failed alike
    LAYOUT_CHANGED = "layout_changed"  # the answer no longer has the expected shape
    NOT_READABLE = "not_readable"  # no route can run (X without an API token)
    UNREACHABLE = "unreachable"  # network error, 5xx
    # Only part of the account's posts is visible (Facebook: reels only) and none of it is
    # recent: not enough to call the account inactive.
    PARTIAL_EVIDENCE = "partial_evidence"


@dataclass(frozen=True)
class Account:
    """One registered account: platform, canonical URL (``opdcrawl.channels``), handle."""

    platform: str
    url: str
    handle: str  # without "@"; for YouTube "/channel/UC…" URLs, the channel id
    channel_id: str | None = None  # a platform id already known (YouTube UC…, cached)

    @classmethod
    def from_url(cls, platform: str, url: str, channel_id: str | None = None) -> Account:
        segments = [s for s in urlsplit(url).path.split("/") if s]
        if platform == "youtube" and len(segments) >= 2 and segments[0] == "channel":
            return cls(platform, url, segments[1], channel_id or segments[1])
        handle = segments[-1] if segments else ""
        return cls(platform, url, handle.removeprefix("@"), channel_id)


@dataclass(frozen=True)
class RouteRequest:
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    method: str = "GET"
    body: bytes | None = None
    browser: bool = False  # render in Chromium (a BrowserRoute), not plain HTTP


@dataclass
class AccountReading:
    """What one route read about one account."""

    status: AccountStatus
    posts: list[Post] = field(default_factory=list)  # newest first where the route says
    followers: int | None = None
    window: int | None = None  # at most this many newest items are visible on this route
    resolved_id: str | None = None  # e.g. the YouTube channel id a handle resolved to
    detail: str | None = None  # technical detail, for the operator's note
    partial: bool = False  # evidence of part of the account's posts only (Facebook reels)


class Route(Protocol):
    """One way of reading an account; ``name`` is stored as the check's route.

    ``needs`` says what ``account.channel_id`` must hold for ``request()`` to run, and
    ``then`` names the route the spider runs right after an ``ok`` reading of this one
    (YouTube's chains, ``opdcrawl.social.youtube``); both are None elsewhere.
    """

    name: str
    needs: str | None
    then: str | None

    def request(self, account: Account, config: Mapping[str, Any]) -> RouteRequest | None: ...

    def parse(
        self,
        status: int,
        headers: Mapping[str, str],
        body: bytes,
        url: str,
        *,
        account: Account,
        now: datetime,
    ) -> AccountReading: ...


# A route's parse function, called as Route.parse is: (status, headers, body, url, *,
# account, now). ``headers`` has lower-cased names (as the spider passes them).
Reader = Callable[..., AccountReading]
UrlBuilder = Callable[[Account, Mapping[str, Any]], str | None]
HeaderBuilder = Callable[[Account, Mapping[str, Any]], Mapping[str, str]]


@dataclass(frozen=True)
class HttpRoute:
    """A :class:`Route` that GETs ``url(account, config)`` and hands the answer to ``reader``.

    ``url`` is None when the route cannot run for the account (no handle, no channel id,
    no API key). ``headers`` are sent as they are, or built per account and config when
    they depend on them (a token, a referer).
    """

    name: str
    url: UrlBuilder
    reader: Reader
    headers: Mapping[str, str] | HeaderBuilder = field(default_factory=lambda: BROWSER_HEADERS)
    needs: str | None = None
    then: str | None = None
    browser: ClassVar[bool] = False

    def request(self, account: Account, config: Mapping[str, Any]) -> RouteRequest | None:
        url = self.url(account, config)
        if url is None:
            return None
        headers = self.headers(account, config) if callable(self.headers) else self.headers
        return RouteRequest(url, headers=dict(headers), browser=self.browser)

    def parse(
        self,
        status: int,
        headers: Mapping[str, str],
        body: bytes,
        url: str,
        *,
        account: Account,
        now: datetime,
    ) -> AccountReading:
        return self.reader(status, headers, body, url, account=account, now=now)


@dataclass(frozen=True)
class BrowserRoute(HttpRoute):
    """An :class:`HttpRoute` whose page is rendered in Chromium before it is read.

    The spider gives it a browser context of its own (closed after the account), blocks
    images, media, fonts and stylesheets, and bounds it by ``OPDCRAWL_SOCIAL_BROWSER_TIMEOUT``;
    it runs only for platforms named in ``OPDCRAWL_SOCIAL_BROWSER_PLATFORMS``. The reader
    sees the rendered document (``page.content()``), the final URL after the browser's own
    redirects and the navigation's status.
    """

    browser: ClassVar[bool] = True


def base_url(config: Mapping[str, Any], key: str) -> str:
    """A platform base URL from ``OPDCRAWL_SOCIAL_BASE_URLS`` (tests point it at loopback)."""
    return str(config["base_urls"][key]).rstrip("/")


def handle_url(key: str, path: str) -> UrlBuilder:
    """A route's URL for an account named by its handle: ``path`` under the ``key`` base URL,
    with ``{handle}`` replaced by the quoted handle; None for an account without one."""

    def url(account: Account, config: Mapping[str, Any]) -> str | None:
        if not account.handle:
            return None
        return base_url(config, key) + path.format(handle=quote(account.handle, safe="._"))

    return url


# --- reading answers ---------------------------------------------------------------------


def header(headers: Mapping[str, str], name: str) -> str:
    """A header's value by case-insensitive name; "" when absent."""
    name = name.lower()
    return next((str(value) for key, value in headers.items() if str(key).lower() == name), "")


def redirect_location(status: int, headers: Mapping[str, str]) -> str:
    """The ``Location`` of a 3xx answer, "" for any other (the spider follows no redirect)."""
    return header(headers, "location") if 300 <= status < 400 else ""


def redirect_path(status: int, headers: Mapping[str, str], url: str) -> str:
    """The path the answer leads to: its redirect's ``Location``, else the URL's own path."""
    return urlsplit(redirect_location(status, headers) or url).path


def unanswered(status: int) -> AccountReading | None:
    """The reading of an answer that says nothing about the account: throttled (429),
    this client refused (403) or the platform failing (5xx); None for any other status."""
    if status == 429:
        return AccountReading(AccountStatus.RATE_LIMITED, detail="HTTP 429 (dibatasi)")
    if status >= 500:
        return AccountReading(AccountStatus.UNREACHABLE, detail=f"HTTP {status}")
    if status == 403:  # the platform refuses this client, not the account
        return AccountReading(AccountStatus.BOT_CHALLENGE, detail="HTTP 403 (klien ditolak)")
    return None


def page_failure(status: int) -> AccountReading | None:
    """The reading of any answer but a 200: :func:`unanswered`, 404 ``not_found``, any
    other ``layout_changed``; None for a 200, whose body is to be read."""
    if status == 404:
        return AccountReading(AccountStatus.NOT_FOUND, detail="HTTP 404")
    if status != 200:
        return unanswered(status) or AccountReading(
            AccountStatus.LAYOUT_CHANGED, detail=f"HTTP {status} tak terduga"
        )
    return None


def json_or_none(body: bytes) -> Any:
    """The decoded JSON body, None when it is no JSON."""
    try:
        return json.loads(body)
    except ValueError:
        return None


def as_int(value: Any) -> int | None:
    """An int, or a string of digits (with an optional sign), as an int; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().removeprefix("-").isdigit():
        return int(value.strip())
    return None
