"""YouTube: the channel's Atom feed, found from the ``@handle`` once, and the Data API.

Routes, in the order the spider tries them (``ROUTES``):

``resolve``
    ``GET {youtube}/@<handle>`` with browser headers, only for an account whose
    ``channel_id`` is not known yet. The channel id is read from the page's
    ``ytInitialData`` (``metadata.channelMetadataRenderer.externalId``) or from its
    canonical ``/channel/UC…`` link, and from nowhere else: the page also names
    recommended and featured channels. An ``ok`` reading has ``resolved_id`` = the
    ``UC…`` id and no posts.
``feed``
    ``GET {youtube}/feeds/videos.xml?channel_id=UC…``: the 15 newest videos with their
    ``published`` time (window 15). Needs ``account.channel_id`` (``UC…``). The
    feed-level ``yt:channelId`` is sometimes empty and is not read. A 404 or 500 is
    ``unreachable``, not "not found": YouTube's feeds answered 404/500 for every channel
    for days several times in 2026, and the spider tells such an outage from one dead
    account by counting failures per platform.
``data-api``
    Only with ``config["youtube_api_key"]``: ``channels.list`` (``forHandle=@h``, or
    ``id=UC…`` when the channel id is known). An ``ok`` reading has the subscriber
    count in ``followers`` and the uploads playlist (``UU…``) in ``resolved_id``.
``data-api-uploads``
    ``playlistItems.list`` on that uploads playlist: the 50 newest uploads with
    ``contentDetails.videoPublishedAt`` (window 50). Runs only as the follow-up of
    ``data-api``: its request is None unless ``account.channel_id`` is a ``UU…`` id.

Chaining (what the spider must do). Every route has two attributes besides ``name``:
``needs`` says what ``account.channel_id`` must hold for ``request()`` to run (None,
``"channel_id"`` for a ``UC…`` id, ``"uploads_playlist"`` for a ``UU…`` id) and
``then`` names the route to run right after an ``ok`` reading of this one (``resolve``
→ ``feed``, ``data-api`` → ``data-api-uploads``). After an ``ok`` reading of a route
whose ``then`` is set, the spider runs the follow-up on the same account with
``channel_id`` replaced by the reading's ``resolved_id``; :func:`follow_up` gives that
route and account, and :func:`merge_follow_up` combines the two readings (the
follow-up's status and posts, the first reading's followers where the follow-up has
none). The follow-up's reading is the account's reading: if it is not ``ok``, the
spider goes on with the remaining routes of ``ROUTES`` like after any failed route
(e.g. ``feed`` down → ``data-api`` when a key is set), never running a route twice
for one account in one run. In short::

    account = Account(..., channel_id=cached)        # cached UC… id or None
    for route in ROUTES:                              # skip routes already run
        request = route.request(account, config)      # None: route cannot run
        if request is None: continue
        reading = route.parse(...)
        while (step := follow_up(route, account, reading)) is not None:
            route, account2 = step
            reading = merge_follow_up(reading, route.parse(... of route.request(account2, config)))
        if reading.status is ok: break

Readings of ``feed`` and ``data-api-uploads`` carry the channel's ``UC…`` id in
``resolved_id`` (the uploads playlist ``UU…`` maps to ``UC…`` by its prefix): that is
the id to cache as the account's ``channel_id`` so that later runs skip ``resolve``.
The ``UU…`` id of a ``data-api`` reading must not be cached as a channel id.

Each route is an ``HttpRoute`` (``opdcrawl.social.base``): a URL builder and a parse
function. The parse functions are pure: status, headers, body, URL and the account in, a
reading out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from lxml import etree

from opdcrawl.items import Post
from opdcrawl.social.base import (
    JSON_HEADERS,
    Account,
    AccountReading,
    AccountStatus,
    HttpRoute,
    Route,
    base_url,
    json_or_none,
    redirect_location,
)

__all__ = [
    "DATA_API",
    "DATA_API_UPLOADS",
    "FEED",
    "FEED_WINDOW",
    "RESOLVE",
    "ROUTES",
    "ROUTE_BY_NAME",
    "UPLOADS_WINDOW",
    "FeedEntry",
    "channel_id_from_page",
    "follow_up",
    "merge_follow_up",
    "parse_channel_page",
    "parse_channels_list",
    "parse_feed",
    "parse_feed_response",
    "parse_playlist_items",
    "parse_youtube_time",
]

FEED_WINDOW = 15  # the Atom feed lists the 15 newest videos
UPLOADS_WINDOW = 50  # playlistItems.list maxResults
WATCH_URL = "https://www.youtube.com/watch?v="

_CHANNEL_ID = re.compile(r"^UC[0-9A-Za-z_-]{22}$")
_PLAYLIST_ID = re.compile(r"^UU[0-9A-Za-z_-]{22}$")
_YT_INITIAL_DATA = re.compile(
    r"""(?:\bvar\s+ytInitialData|\bwindow\s*\[\s*["']ytInitialData["']\s*\])\s*=\s*(?=\{)"""
)
_LINK_TAG = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_CANONICAL_CHANNEL = re.compile(r"/channel/(UC[0-9A-Za-z_-]{22})(?:[/?#]|$)")
_CONSENT_FORM = re.compile(r"""action=["']https://consent\.(?:youtube|google)\.com/""")

_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "yt": "http://www.youtube.com/xml/schemas/2015",
    "media": "http://search.yahoo.com/mrss/",
}
_RATE_LIMIT_REASONS = frozenset(
    {"quotaExceeded", "rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded"}
)


# --- shared helpers ---------------------------------------------------------------------


def parse_youtube_time(text: str | None) -> datetime | None:
    """An ISO 8601 time with an offset (``2025-03-07T03:00:12+00:00``, ``…Z``) in UTC.

    None for text without an offset: YouTube always gives one, and a guessed zone would
    move a post by hours.
    """
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None or moment.utcoffset() is None:
        return None
    return moment.astimezone(UTC)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _wall(status: int, headers: Mapping[str, str], url: str) -> AccountReading | None:
    """A redirect to Google's consent or login pages, or to its "sorry" bot check."""
    for target in (url, redirect_location(status, headers)):
        host = _host(target)
        if host in {"consent.youtube.com", "consent.google.com"}:
            return AccountReading(
                AccountStatus.LOGIN_WALL, detail=f"dialihkan ke halaman persetujuan: {target}"
            )
        if host == "accounts.google.com" or urlsplit(target).path.startswith("/ServiceLogin"):
            return AccountReading(
                AccountStatus.LOGIN_WALL, detail=f"dialihkan ke halaman login: {target}"
            )
        if urlsplit(target).path.startswith("/sorry/"):
            return AccountReading(
                AccountStatus.BOT_CHALLENGE, detail=f"dialihkan ke pemeriksaan bot: {target}"
            )
    return None


def _http_failure(status: int, what: str, headers: Mapping[str, str]) -> AccountReading:
    """Statuses every YouTube route reads alike (404 excepted: each route says)."""
    if status == 429:
        return AccountReading(AccountStatus.RATE_LIMITED, detail=f"{what} menjawab HTTP 429")
    detail = f"{what} menjawab HTTP {status}"
    location = redirect_location(status, headers)
    if location:  # the spider does not follow redirects: say where this one went
        detail += f" ke {location}"
    return AccountReading(AccountStatus.UNREACHABLE, detail=detail)


def _text(body: bytes | str) -> str:
    return body if isinstance(body, str) else body.decode("utf-8", errors="replace")


def _redact_key(url: str) -> str:
    """The URL without its ``key=`` parameter: an API key must not reach reports."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "key"]
    return urlunsplit(parts._replace(query=urlencode(query, safe=",@")))


# --- resolve: @handle page → channel id ---------------------------------------------------


def _initial_data_channel_id(page: str) -> str | None:
    decoder = json.JSONDecoder()
    for match in _YT_INITIAL_DATA.finditer(page):
        try:
            data, _ = decoder.raw_decode(page, match.end())
        except ValueError:
            continue
        if not isinstance(data, dict):
            continue
        metadata = data.get("metadata")
        renderer = metadata.get("channelMetadataRenderer") if isinstance(metadata, dict) else None
        external_id = renderer.get("externalId") if isinstance(renderer, dict) else None
        if isinstance(external_id, str) and _CHANNEL_ID.match(external_id):
            return external_id
    return None


def _canonical_channel_id(page: str) -> str | None:
    for tag in _LINK_TAG.findall(page):
        attrs = {
            name.lower(): next(v for v in values if v is not None)
            for name, *values in _ATTR.findall(tag)
        }
        if "canonical" not in attrs.get("rel", "").lower().split():
            continue
        match = _CANONICAL_CHANNEL.search(attrs.get("href", ""))
        if match:
            return match.group(1)
    return None


def channel_id_from_page(page: str) -> str | None:
    """The channel's own ``UC…`` id on its channel page, or None.

    Only ``ytInitialData.metadata.channelMetadataRenderer.externalId`` and the canonical
    ``/channel/UC…`` link name the page's own channel; any other ``UC…`` id on the page
    may be a recommended or featured channel and is never taken.
    """
    return _initial_data_channel_id(page) or _canonical_channel_id(page)


def parse_channel_page(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    url: str,
    *,
    account: Account,
    now: datetime,
) -> AccountReading:
    """The ``resolve`` route's reading of a channel page."""
    wall = _wall(status, headers, url)
    if wall is not None:
        return wall
    if status == 404:
        return AccountReading(AccountStatus.NOT_FOUND, detail=f"halaman kanal HTTP 404: {url}")
    if status != 200:
        return _http_failure(status, "halaman kanal", headers)
    page = _text(body)
    channel_id = channel_id_from_page(page)
    if channel_id is None:
        if _CONSENT_FORM.search(page):
            return AccountReading(
                AccountStatus.LOGIN_WALL, detail=f"halaman persetujuan cookie di {url}"
            )
        return AccountReading(
            AccountStatus.LAYOUT_CHANGED,
            detail="id kanal tidak ada di ytInitialData maupun link canonical",
        )
    return AccountReading(AccountStatus.OK, resolved_id=channel_id)


def _channel_page_url(account: Account, config: Mapping[str, Any]) -> str | None:
    if account.channel_id or not account.handle:
        return None
    segments = [s for s in urlsplit(account.url).path.split("/") if s]
    handle = quote(account.handle, safe="._-")
    if segments and segments[0] in {"c", "user"}:  # legacy custom and user URLs
        return f"{base_url(config, 'youtube')}/{segments[0]}/{handle}"
    return f"{base_url(config, 'youtube')}/@{handle}"


# --- feed: the channel's Atom feed --------------------------------------------------------


@dataclass(frozen=True)
class FeedEntry:
    """One ``<entry>`` of a channel feed."""

    video_id: str
    title: str | None
    url: str
    raw_published: str | None
    published_at: datetime | None
    views: int | None  # media:group/media:community/media:statistics@views


def _xml_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )


def _child_text(element: etree._Element, path: str) -> str | None:
    found = element.find(path, _NS)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def parse_feed(body: bytes) -> list[FeedEntry] | None:
    """The entries of a channel's Atom feed, newest first; None when it is no Atom feed."""
    try:
        root = etree.fromstring(body.lstrip(), _xml_parser())
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None or root.tag != "{http://www.w3.org/2005/Atom}feed":
        return None
    entries: list[FeedEntry] = []
    for entry in root.findall("atom:entry", _NS):
        video_id = _child_text(entry, "yt:videoId")
        if not video_id:
            continue
        link = None
        for candidate in entry.findall("atom:link", _NS):
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate.get("href")
                break
        raw_published = _child_text(entry, "atom:published")
        statistics = entry.find("media:group/media:community/media:statistics", _NS)
        views_text = statistics.get("views") if statistics is not None else None
        entries.append(
            FeedEntry(
                video_id=video_id,
                title=_child_text(entry, "atom:title"),
                url=link or WATCH_URL + video_id,
                raw_published=raw_published,
                published_at=parse_youtube_time(raw_published),
                views=int(views_text) if views_text and views_text.isdigit() else None,
            )
        )
    return entries


def parse_feed_response(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    url: str,
    *,
    account: Account,
    now: datetime,
) -> AccountReading:
    """The ``feed`` route's reading of ``feeds/videos.xml``."""
    wall = _wall(status, headers, url)
    if wall is not None:
        return wall
    if status != 200:
        # 404 too: YouTube's feeds answer 404/500 for every channel during outages.
        return _http_failure(status, "feed YouTube", headers)
    entries = parse_feed(body)
    if entries is None:
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail="jawaban bukan feed Atom")
    dated = [e for e in entries if e.published_at is not None]
    if entries and not dated:
        return AccountReading(
            AccountStatus.LAYOUT_CHANGED, detail="entri feed tanpa tanggal published"
        )
    posts = [
        Post(
            url=entry.url,
            title=entry.title,
            raw_date=entry.raw_published,
            published_at=entry.published_at,
            source=FEED.name,
            evidence_url=url,
        )
        for entry in dated
    ]
    posts.sort(key=lambda post: post.published_at, reverse=True)
    return AccountReading(
        AccountStatus.OK, posts=posts, window=FEED_WINDOW, resolved_id=account.channel_id
    )


def _feed_url(account: Account, config: Mapping[str, Any]) -> str | None:
    if not account.channel_id or not _CHANNEL_ID.match(account.channel_id):
        return None
    return f"{base_url(config, 'youtube')}/feeds/videos.xml?channel_id={account.channel_id}"


# --- data-api: channels.list and playlistItems.list ---------------------------------------


def _api_failure(status: int, body: bytes, what: str) -> AccountReading:
    """A Data API error answer (``{"error": {"code", "message", "errors": [{reason}]}}``)."""
    data = json_or_none(body)
    error = data.get("error") if isinstance(data, dict) else None
    reason = message = ""
    if isinstance(error, dict):
        message = str(error.get("message") or "")
        errors = error.get("errors")
        if isinstance(errors, list) and errors and isinstance(errors[0], dict):
            reason = str(errors[0].get("reason") or "")
    detail = f"{what} HTTP {status}" + (f" {reason}" if reason else "")
    if message:
        detail += f": {message}"
    if status == 429 or reason in _RATE_LIMIT_REASONS:
        return AccountReading(AccountStatus.RATE_LIMITED, detail=detail)
    if status == 404:
        return AccountReading(AccountStatus.NOT_FOUND, detail=detail)
    if status in {400, 401, 403}:  # keyInvalid, accessNotConfigured, forbidden
        return AccountReading(AccountStatus.NOT_READABLE, detail=detail)
    return AccountReading(AccountStatus.UNREACHABLE, detail=detail)


def parse_channels_list(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    url: str,
    *,
    account: Account,
    now: datetime,
) -> AccountReading:
    """The ``data-api`` route's reading of ``channels.list``.

    ``resolved_id`` is the uploads playlist (``UU…``), ``followers`` the subscriber count
    (a string in the answer; None when the channel hides it).
    """
    if status != 200:
        return _api_failure(status, body, "channels.list")
    data = json_or_none(body)
    if not isinstance(data, dict):
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail="channels.list: bukan JSON")
    items = data.get("items")
    if not items:  # an unknown handle: no "items" at all, pageInfo.totalResults 0
        return AccountReading(
            AccountStatus.NOT_FOUND, detail="channels.list: tidak ada kanal untuk akun ini"
        )
    item = items[0] if isinstance(items, list) and isinstance(items[0], dict) else {}
    details = item.get("contentDetails") or {}
    uploads = (details.get("relatedPlaylists") or {}).get("uploads")
    if not isinstance(uploads, str) or not _PLAYLIST_ID.match(uploads):
        return AccountReading(
            AccountStatus.LAYOUT_CHANGED,
            detail="channels.list: contentDetails.relatedPlaylists.uploads tidak ada",
        )
    statistics = item.get("statistics") or {}
    followers = None
    count = statistics.get("subscriberCount")
    if not statistics.get("hiddenSubscriberCount") and count is not None:
        try:
            followers = int(count)
        except (TypeError, ValueError):
            followers = None
    return AccountReading(AccountStatus.OK, followers=followers, resolved_id=uploads)


def parse_playlist_items(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    url: str,
    *,
    account: Account,
    now: datetime,
) -> AccountReading:
    """The ``data-api-uploads`` route's reading of ``playlistItems.list``.

    Items without ``videoPublishedAt`` (private or deleted videos) are left out.
    ``resolved_id`` is the channel's ``UC…`` id, from the uploads playlist's id.
    """
    if status != 200:
        return _api_failure(status, body, "playlistItems.list")
    data = json_or_none(body)
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return AccountReading(
            AccountStatus.LAYOUT_CHANGED, detail="playlistItems.list: tidak ada items"
        )
    evidence = _redact_key(url)
    posts: list[Post] = []
    for item in items:
        details = item.get("contentDetails") if isinstance(item, dict) else None
        if not isinstance(details, dict) or not details.get("videoId"):
            continue
        raw = details.get("videoPublishedAt")
        published_at = parse_youtube_time(raw if isinstance(raw, str) else None)
        if published_at is None:
            continue
        posts.append(
            Post(
                url=WATCH_URL + str(details["videoId"]),
                raw_date=raw,
                published_at=published_at,
                source=DATA_API_UPLOADS.name,
                evidence_url=evidence,
            )
        )
    posts.sort(key=lambda post: post.published_at, reverse=True)
    playlist_id = account.channel_id or ""
    channel_id = "UC" + playlist_id[2:] if _PLAYLIST_ID.match(playlist_id) else None
    return AccountReading(
        AccountStatus.OK, posts=posts, window=UPLOADS_WINDOW, resolved_id=channel_id
    )


def _channels_url(account: Account, config: Mapping[str, Any]) -> str | None:
    key = str(config.get("youtube_api_key") or "")
    if not key:
        return None
    params: dict[str, str] = {"part": "contentDetails,statistics"}
    segments = [s for s in urlsplit(account.url).path.split("/") if s]
    if account.channel_id and _CHANNEL_ID.match(account.channel_id):
        params["id"] = account.channel_id
    elif segments and segments[0] == "user" and account.handle:
        params["forUsername"] = account.handle
    elif account.handle:
        params["forHandle"] = "@" + account.handle
    else:
        return None
    params["key"] = key
    return f"{base_url(config, 'youtube_api')}/channels?{urlencode(params, safe=',@')}"


def _playlist_items_url(account: Account, config: Mapping[str, Any]) -> str | None:
    key = str(config.get("youtube_api_key") or "")
    playlist = account.channel_id or ""
    if not key or not _PLAYLIST_ID.match(playlist):
        return None
    params = {
        "part": "contentDetails",
        "playlistId": playlist,
        "maxResults": str(UPLOADS_WINDOW),
        "key": key,
    }
    return f"{base_url(config, 'youtube_api')}/playlistItems?{urlencode(params)}"


RESOLVE = HttpRoute("resolve", _channel_page_url, parse_channel_page, then="feed")
FEED = HttpRoute("feed", _feed_url, parse_feed_response, needs="channel_id")
DATA_API = HttpRoute(
    "data-api", _channels_url, parse_channels_list, headers=JSON_HEADERS, then="data-api-uploads"
)
DATA_API_UPLOADS = HttpRoute(
    "data-api-uploads",
    _playlist_items_url,
    parse_playlist_items,
    headers=JSON_HEADERS,
    needs="uploads_playlist",
)

ROUTES: tuple[Route, ...] = (RESOLVE, FEED, DATA_API, DATA_API_UPLOADS)
ROUTE_BY_NAME: dict[str, Route] = {route.name: route for route in ROUTES}


# --- chaining -----------------------------------------------------------------------------


def follow_up(
    route: Route, account: Account, reading: AccountReading
) -> tuple[Route, Account] | None:
    """After a reading of ``route``: the route to run next and the account to run it with.

    None when the reading is not ``ok``, when ``route`` has no follow-up, or when the
    reading resolved nothing.
    """
    then = getattr(route, "then", None)
    if reading.status is not AccountStatus.OK or not then or not reading.resolved_id:
        return None
    return ROUTE_BY_NAME[then], replace(account, channel_id=reading.resolved_id)


def merge_follow_up(first: AccountReading, second: AccountReading) -> AccountReading:
    """The follow-up's reading, with the first reading's followers where it has none."""
    if second.followers is None and first.followers is not None:
        return replace(second, followers=first.followers)
    return second
