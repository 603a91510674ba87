"""What every platform adapter shares: the account, a route's request and its reading.

Each platform (``youtube``, ``instagram``, ``tiktok``, ``facebook``, ``x``) is a module
with an ordered tuple ``ROUTES`` of :class:`Route` objects, plain HTTP first. A route
builds the request for one account (``request``; None when it cannot run, e.g. an API
route without its token) and reads the answer (``parse``, a pure function of status,
headers and body). The social spider tries the routes in order until one gives an
``ok`` reading, and keeps the most telling status otherwise.

Statuses other than ``ok`` are never inactivity: the account could not be judged this
run (SOCIAL_NOTES.md, "Statuses that are never inactivity").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol
from urllib.parse import urlsplit

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
    """One way of reading an account; ``name`` is stored as the check's route."""

    name: str

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


def base_url(config: Mapping[str, Any], key: str) -> str:
    """A platform base URL from ``OPDCRAWL_SOCIAL_BASE_URLS`` (tests point it at loopback)."""
    return str(config["base_urls"][key]).rstrip("/")
