"""Facebook read logged out: the page's reels tab, the one route without a token.

``reels`` (``/<page>/reels/``, or ``/profile.php?id=…&sk=reels_tab``) must be asked for
with the full browser headers: without ``Sec-Fetch-*`` and ``sec-ch-ua`` the site answers
HTTP 400. The page hydrates its grid from JSON scripts
(``<script type="application/json" data-content-len=… data-sjs>``) wrapped in
``ScheduledServerJS`` / ``RelayPrefetchedStreamCache`` envelopes, down to::

    data.node.all_collections.nodes[].style_renderer.collection
        .aggregated_fb_shorts.edges[].profile_reel_node.node      # a Story
            .creation_time                                       # unix seconds, published
            .attachments[].media  {"__typename": "Video", "id": "…", "created_time": …}
            .message.text                                        # caption, optional

Only reels under ``aggregated_fb_shorts`` count: the same page carries other Video objects
(suggested reels, the player's preloads) that are not the page's. When no JSON script
holds the connection (the payload moved into a JavaScript call, or is escaped once more),
a regex fallback reads ``"creation_time":<digits>`` and the ``Video`` id inside each
``"profile_reel_node"`` chunk.

Every reading is ``partial=True``: the tab shows the page's 10 newest *reels* only, and a
page that posts photos, links or text but no reels looks idle here while it is not. The
reels are evidence of activity; their absence is never evidence of inactivity.

``page-browser``, the last route, renders the page itself in Chromium when the reels left
the account unjudged (no reel in 90 days, or no answer). The rendered timeline carries its
stories in the same relay JSON scripts, under ``timeline_list_feed_units``::

    data.node.timeline_list_feed_units.edges[].node             # a Story, any kind of post
        .post_id, … .creation_time (nested in comet_sections)    # unix seconds

A story's time is the shallowest ``creation_time`` under its node (attached or shared
stories nest their own, deeper); its link the shallowest ``wwwURL``/``url``. This shape
is the one public scrapers read, not checked against the live site from here: the route
reports ``layout_changed`` when it is not there, and the reels reading stands. Logged-out
browsers from a datacenter are often sent to the login page (``login_wall``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from opdcrawl.items import Post
from opdcrawl.social.base import (
    FUTURE_TOLERANCE,
    Account,
    AccountReading,
    AccountStatus,
    BrowserRoute,
    HttpRoute,
    Route,
    UrlBuilder,
    as_int,
    base_url,
    handle_url,
    redirect_path,
    unanswered,
)

__all__ = [
    "PAGE_BROWSER",
    "REELS",
    "REELS_WINDOW",
    "ROUTES",
    "parse_page",
    "parse_reels",
    "reels_from_html",
    "stories_from_html",
]

REELS_WINDOW = 10
REEL_URL = "https://www.facebook.com/reel/{video_id}/"
CONNECTION = "aggregated_fb_shorts"

_JSON_SCRIPT = re.compile(
    r"<script\b[^>]*\btype=[\"']application/json[\"'][^>]*>(.*?)</script>",
    re.DOTALL | re.IGNORECASE,
)
# The fallback: quotes may carry one level of backslash escaping (payload inside a JS string).
_REEL_NODE = re.compile(r'\\*"profile_reel_node\\*"')
_CHUNK_END = re.compile(r'\\*"(?:profile_reel_node|page_info)\\*"')
_CREATION_TIME = re.compile(r'\\*"creation_time\\*"\s*:\s*(\d{9,11})\b')
_VIDEO_ID = re.compile(r'\\*"__typename\\*"\s*:\s*\\*"Video\\*"\s*,\s*\\*"id\\*"\s*:\s*\\*"(\d+)')
_NOT_FOUND_TITLE = re.compile(r">\s*Page Not Found\b[^<]*</title>", re.IGNORECASE)
# Removed, restricted or age-gated: English, and the Indonesian wording (id-ID headers).
_UNAVAILABLE = re.compile(
    r"This content isn(?:'|’|&#0?39;|&#x27;|\\u2019|\\u0027)t available right now"
    r"|Konten ini tidak tersedia saat ini",
    re.IGNORECASE,
)
# Path segments, matched anywhere: tests serve the platform under a prefix (/facebook/…).
_LOGIN_SEGMENTS = frozenset({"login", "login.php"})
# A rendered page that only asks to log in: Facebook's login form, English or Indonesian.
_LOGIN_FORM = re.compile(r'<form\b[^>]*\bid=["\']login_form["\']|\bname=["\']pass["\']', re.I)
TIMELINE = "timeline_list_feed_units"
POST_URL = "https://www.facebook.com/{page}/posts/{post_id}"
_CHALLENGE_SEGMENTS = frozenset({"checkpoint"})


@dataclass(frozen=True)
class Reel:
    video_id: str
    creation_time: int
    caption: str | None = None


def _dig(node: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


# --- reels from the page ------------------------------------------------------------------


def _reel_from_node(node: Mapping[str, Any]) -> Reel | None:
    video_id = None
    for attachment in node.get("attachments") or []:
        media = _dig(attachment, "media")
        if isinstance(media, Mapping) and media.get("__typename") == "Video" and media.get("id"):
            video_id = str(media["id"])
            break
    if video_id is None:
        for path in (
            ("short_form_video_context", "playback_video", "id"),
            ("short_form_video_context", "video", "id"),
            ("video", "id"),
        ):
            found = _dig(node, *path)
            if found:
                video_id = str(found)
                break
    # Story.creation_time is the publication; Video.created_time (the upload) only as a
    # fallback, since a scheduled reel is uploaded before it is published.
    stamp = as_int(node.get("creation_time"))
    if stamp is None:
        for attachment in node.get("attachments") or []:
            stamp = as_int(_dig(attachment, "media", "created_time"))
            if stamp is not None:
                break
    if not video_id or not video_id.isdigit() or stamp is None:
        return None
    caption = _dig(node, "message", "text")
    caption = caption.strip() if isinstance(caption, str) else ""
    return Reel(video_id, stamp, caption or None)


def _connections(payload: Any, key: str) -> Iterator[Mapping[str, Any]]:
    """Every object under ``key`` (``aggregated_fb_shorts``, ``timeline_list_feed_units``)
    in a decoded script, depth-first, no recursion."""
    stack = [payload]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            connection = item.get(key)
            if isinstance(connection, Mapping):
                yield connection
            stack.extend(value for name, value in item.items() if name != key)
        elif isinstance(item, list):
            stack.extend(item)


def _edges(text: str, key: str) -> tuple[list[Mapping[str, Any]], bool]:
    """The edges of every ``key`` connection in the page's JSON scripts, and whether any
    script held the connection at all (an empty grid or timeline is still the page's)."""
    edges: list[Mapping[str, Any]] = []
    seen = False
    for match in _JSON_SCRIPT.finditer(text):
        block = match.group(1)
        if key not in block:
            continue
        try:
            payload = json.loads(block)
        except ValueError:
            continue
        for connection in _connections(payload, key):
            seen = True
            edges.extend(
                edge for edge in connection.get("edges") or [] if isinstance(edge, Mapping)
            )
    return edges, seen


def _reels_from_scripts(text: str) -> tuple[list[Reel], bool]:
    """Reels from the JSON scripts, and whether any script held the connection at all."""
    edges, seen_connection = _edges(text, CONNECTION)
    reels = []
    for edge in edges:
        node = _dig(edge, "profile_reel_node", "node")
        reel = _reel_from_node(node) if isinstance(node, Mapping) else None
        if reel:
            reels.append(reel)
    return reels, seen_connection


def _reels_from_regex(text: str) -> list[Reel]:
    reels = []
    for start in _REEL_NODE.finditer(text):
        end = _CHUNK_END.search(text, start.end())
        chunk = text[start.end() : end.start() if end else len(text)]
        stamp = _CREATION_TIME.search(chunk)
        video = _VIDEO_ID.search(chunk)
        if stamp and video:
            reels.append(Reel(video.group(1), int(stamp.group(1))))
    return reels


def reels_from_html(text: str) -> tuple[list[Reel], bool]:
    """The page's reels (JSON scripts first, regex fallback) and whether the grid was there."""
    reels, seen_connection = _reels_from_scripts(text)
    if not reels:
        reels = _reels_from_regex(text)
    seen = seen_connection or bool(reels) or f'"{CONNECTION}"' in text
    return reels, seen


# --- parse ---------------------------------------------------------------------------------


def parse_reels(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    url: str,
    *,
    account: Account,
    now: datetime,
) -> AccountReading:
    """Read the reels tab: the 10 newest reels, always as partial evidence.

    Redirect to ``/login`` → ``login_wall``; to ``/checkpoint`` → ``bot_challenge``;
    HTTP 400 → ``bot_challenge`` ("header peramban ditolak": the site refuses the request
    before serving any page, which is a refusal of the client, not a page whose shape
    changed, so the parser is not the thing to fix; 403 likewise); 429 → ``rate_limited``;
    404 or ``>Page Not Found</title>`` →
    ``not_found``; "This content isn't available right now" with no reels →
    ``restricted``; no reels connection at all → ``layout_changed``.
    """
    segments = set(redirect_path(status, headers, url).split("/"))
    if segments & _LOGIN_SEGMENTS:
        return AccountReading(AccountStatus.LOGIN_WALL, detail="dialihkan ke halaman login")
    if segments & _CHALLENGE_SEGMENTS:
        return AccountReading(AccountStatus.BOT_CHALLENGE, detail="dialihkan ke checkpoint")
    if status == 400:
        return AccountReading(
            AccountStatus.BOT_CHALLENGE, detail="HTTP 400: header peramban ditolak"
        )
    refused = unanswered(status)
    if refused:
        return refused
    text = body.decode("utf-8", errors="replace")
    if status == 404 or _NOT_FOUND_TITLE.search(text):
        return AccountReading(AccountStatus.NOT_FOUND, detail=f"HTTP {status}: Page Not Found")
    if status != 200:
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail=f"HTTP {status} tak terduga")
    reels, seen = reels_from_html(text)
    if not reels and _UNAVAILABLE.search(text):
        return AccountReading(
            AccountStatus.RESTRICTED, detail="This content isn't available right now"
        )
    if not seen:
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail="data reels tidak ada")
    newest: dict[str, Reel] = {}
    for reel in reels:
        newest.setdefault(reel.video_id, reel)
    posts = [
        Post(
            url=REEL_URL.format(video_id=reel.video_id),
            title=reel.caption,
            raw_date=str(reel.creation_time),
            published_at=published_at,
            source=REELS.name,
            evidence_url=url,
        )
        for reel in newest.values()
        if (published_at := datetime.fromtimestamp(reel.creation_time, UTC))
        <= now + FUTURE_TOLERANCE
    ]
    posts.sort(key=lambda post: post.published_at, reverse=True)
    return AccountReading(
        AccountStatus.OK,
        posts=posts[:REELS_WINDOW],
        window=REELS_WINDOW,
        detail="hanya reels" if posts else "tab reels kosong (hanya reels yang terbaca)",
        partial=True,
    )


# --- the rendered page (the browser route) ----------------------------------------------------


@dataclass(frozen=True)
class Story:
    creation_time: int
    url: str | None = None
    post_id: str | None = None
    text: str | None = None


def _shallowest(node: Any, keys: frozenset[str]) -> Any:
    """The value of the first of ``keys`` met breadth-first under ``node``: the story's
    own field, not one of a story it shares or attaches (those nest deeper)."""
    queue: list[Any] = [node]
    while queue:
        item = queue.pop(0)
        if isinstance(item, Mapping):
            for key in keys:
                value = item.get(key)
                if value not in (None, "", [], {}) and not isinstance(value, Mapping | list):
                    return value
            queue.extend(item.values())
        elif isinstance(item, list):
            queue.extend(item)
    return None


def _story(node: Mapping[str, Any]) -> Story | None:
    stamp = as_int(_shallowest(node, frozenset({"creation_time"})))
    if stamp is None:
        return None
    url = _shallowest(node, frozenset({"wwwURL", "permalink_url", "url"}))
    post_id = _shallowest(node, frozenset({"post_id"}))
    text = _dig(node, "comet_sections", "content", "story", "message", "text") or _dig(
        node, "message", "text"
    )
    return Story(
        stamp,
        url if isinstance(url, str) and url.startswith("http") else None,
        str(post_id) if post_id else None,
        text.strip() if isinstance(text, str) and text.strip() else None,
    )


def stories_from_html(text: str) -> tuple[list[Story], bool]:
    """The timeline's stories from a rendered page, and whether the timeline was there."""
    edges, seen = _edges(text, TIMELINE)
    stories = []
    for edge in edges:
        node = _dig(edge, "node")
        story = _story(node) if isinstance(node, Mapping) else None
        if story:
            stories.append(story)
    return stories, seen


def parse_page(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    url: str,
    *,
    account: Account,
    now: datetime,
) -> AccountReading:
    """Read the rendered page's timeline: every kind of post, so not partial.

    ``url`` is where the browser ended: ``/login`` → ``login_wall`` (the usual answer to
    a logged-out datacenter browser); a page that shows only the login form likewise;
    ``/checkpoint`` → ``bot_challenge``; Page Not Found → ``not_found``; no timeline →
    ``layout_changed``.
    """
    segments = set(redirect_path(status, headers, url).split("/"))
    if segments & _LOGIN_SEGMENTS:
        return AccountReading(AccountStatus.LOGIN_WALL, detail="peramban dialihkan ke login")
    if segments & _CHALLENGE_SEGMENTS:
        return AccountReading(
            AccountStatus.BOT_CHALLENGE, detail="peramban dialihkan ke checkpoint"
        )
    refused = unanswered(status)
    if refused:
        return refused
    text = body.decode("utf-8", errors="replace")
    if status == 404 or _NOT_FOUND_TITLE.search(text):
        return AccountReading(AccountStatus.NOT_FOUND, detail=f"HTTP {status}: Page Not Found")
    if status != 200:
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail=f"HTTP {status} tak terduga")
    stories, seen = stories_from_html(text)
    if not seen:
        if _UNAVAILABLE.search(text):
            return AccountReading(
                AccountStatus.RESTRICTED, detail="This content isn't available right now"
            )
        if _LOGIN_FORM.search(text):
            return AccountReading(AccountStatus.LOGIN_WALL, detail="halaman hanya meminta login")
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail="linimasa halaman tidak ada")
    page = account.handle
    posts = []
    for story in stories:
        published_at = datetime.fromtimestamp(story.creation_time, UTC)
        if published_at > now + FUTURE_TOLERANCE:
            continue
        link = story.url or (
            POST_URL.format(page=page, post_id=story.post_id) if story.post_id else url
        )
        posts.append(
            Post(
                url=link,
                title=story.text,
                raw_date=str(story.creation_time),
                published_at=published_at,
                source=PAGE_BROWSER.name,
                evidence_url=url,
            )
        )
    posts.sort(key=lambda post: post.published_at, reverse=True)
    return AccountReading(
        AccountStatus.OK,
        posts=posts,
        window=len(stories) or None,
        detail="linimasa halaman (peramban)",
    )


def _page_url(tab: str, profile_query: str) -> UrlBuilder:
    """A route's URL for a page by name (``/<page>/<tab>``) or, for
    ``https://www.facebook.com/profile.php?id=<number>``, by the number in its query."""
    by_name = handle_url("facebook", "/{handle}/" + tab)

    def url(account: Account, config: Mapping[str, Any]) -> str | None:
        if account.handle != "profile.php":
            return by_name(account, config)
        ids = parse_qs(urlsplit(account.url).query).get("id") or []
        if not ids or not ids[0].isdigit():
            return None
        return f"{base_url(config, 'facebook')}/profile.php?id={ids[0]}{profile_query}"

    return url


REELS = HttpRoute("reels", _page_url("reels/", "&sk=reels_tab"), parse_reels)
PAGE_BROWSER = BrowserRoute("page-browser", _page_url("", ""), parse_page)
ROUTES: tuple[Route, ...] = (REELS, PAGE_BROWSER)
