"""Instagram read logged out: the profile embed first, ``web_profile_info`` second.

``embed`` (``/<user>/embed/``) is the official embed page, fetched as a plain document with
browser headers (SOCIAL_NOTES.md). Its data sits in a JavaScript payload as a JSON string
literal, ``"contextJSON":"{\\"context\\":{…}}"``: the page holds an escaped string whose
value is itself JSON, so it is decoded twice. The decoded ``context`` carries
``graphql_media[]`` (each entry ``{"shortcode_media": {…}}`` on the pages seen; a bare node
is accepted too) with ``shortcode``, ``taken_at_timestamp`` (unix seconds), ``__typename``
and the caption under ``edge_media_to_caption.edges[0].node.text``. Only the 6 newest
posts are visible there.

``web-profile-info`` (``/api/v1/users/web_profile_info/?username=``) is the JSON the web app
calls with ``X-IG-App-ID``. It is throttled hard (401 "Please wait a few minutes", 429) and
answers 400 for some business accounts, so it comes second: mostly for follower counts.

``followers_from_og_description`` reads the abbreviated counts of a profile page's
``og:description`` ("146K Followers, 200 Following, 88 Posts - …").

Statuses other than ``ok`` are never inactivity (``opdcrawl.social.base``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from opdcrawl.items import Post
from opdcrawl.social.base import (
    BROWSER_HEADERS,
    FUTURE_TOLERANCE,
    JSON_HEADERS,
    Account,
    AccountReading,
    AccountStatus,
    HttpRoute,
    Route,
    as_int,
    base_url,
    handle_url,
    json_or_none,
    page_failure,
    redirect_path,
    unanswered,
)

__all__ = [
    "BUSINESS_DISCOVERY",
    "EMBED",
    "EMBED_WINDOW",
    "IG_APP_ID",
    "PROFILE_INFO_WINDOW",
    "ROUTES",
    "WEB_PROFILE_INFO",
    "followers_from_og_description",
    "parse_count",
    "parse_embed",
    "parse_web_profile_info",
]

EMBED_WINDOW = 6  # the profile embed shows the 6 newest posts
PROFILE_INFO_WINDOW = 12  # web_profile_info lists the first 12 timeline posts
IG_APP_ID = "936619743392459"  # the web app's id, sent as X-IG-App-ID
POST_URL = "https://www.instagram.com/p/{shortcode}/"

# "contextJSON":"…" : a JSON string literal (escapes included) inside the page's script.
_CONTEXT_JSON = re.compile(r'"contextJSON"\s*:\s*("(?:[^"\\]|\\.)*")', re.DOTALL)
_CONTEXT_NULL = re.compile(r'"contextJSON"\s*:\s*null')
# Instagram's own "not found" page, English and Indonesian (Accept-Language is id-ID).
_NOT_FOUND_MARKERS = (
    "Sorry, this page isn't available",
    "Sorry, this page isn&#039;t available",
    "Sorry, this page isn&#39;t available",
    "Sorry, this page isn\\u2019t available",
    "Sorry, this page isn’t available",
    "Maaf, halaman ini tidak tersedia",
)
# What the embed prints for a private account instead of the grid.
_PRIVATE_MARKER = re.compile(r"This account is private|Akun ini (?:privat|bersifat pribadi)", re.I)
# Matched anywhere in the path: tests serve the platform under a prefix (/instagram/…).
_LOGIN_PATH = re.compile(r"/accounts/login(?:/|$)|/challenge(?:/|$)")
_OG_DESCRIPTION = re.compile(
    r"<meta\b[^>]*\bproperty=[\"']og:description[\"'][^>]*>", re.IGNORECASE | re.DOTALL
)
_CONTENT_ATTR = re.compile(r"\bcontent=(\"[^\"]*\"|'[^']*')", re.IGNORECASE | re.DOTALL)
# "146K Followers", "1,2 jt Pengikut", "12.345 Followers": a number, a suffix, the word.
_FOLLOWERS = re.compile(
    r"(?P<count>\d[\d.,]*\s*(?:rb|ribu|jt|juta|[KkMmBb])?)\s+(?:Followers|Follower|Pengikut)\b"
)
_COUNT = re.compile(
    r"^\s*(?P<number>\d[\d.,]*)\s*(?P<suffix>rb|ribu|jt|juta|[KkMmBb])?\s*$", re.IGNORECASE
)
_MULTIPLIERS = {
    "k": 1_000,
    "rb": 1_000,
    "ribu": 1_000,
    "m": 1_000_000,
    "jt": 1_000_000,
    "juta": 1_000_000,
    "b": 1_000_000_000,
}


# --- small shared helpers --------------------------------------------------------------


def _login_wall(status: int, headers: Mapping[str, str], url: str) -> bool:
    return bool(_LOGIN_PATH.search(redirect_path(status, headers, url)))


def _caption(node: Mapping[str, Any]) -> str | None:
    edges = (node.get("edge_media_to_caption") or {}).get("edges") or []
    if not edges or not isinstance(edges[0], Mapping):
        return None
    text = (edges[0].get("node") or {}).get("text")
    if not isinstance(text, str):
        return None
    return text.strip() or None


def _post_from_node(
    node: Mapping[str, Any], *, source: str, evidence_url: str, now: datetime
) -> Post | None:
    shortcode = node.get("shortcode")
    stamp = as_int(node.get("taken_at_timestamp"))
    if not isinstance(shortcode, str) or not shortcode or stamp is None:
        return None
    published_at = datetime.fromtimestamp(stamp, UTC)
    if published_at > now + FUTURE_TOLERANCE:
        return None
    return Post(
        url=POST_URL.format(shortcode=shortcode),
        title=_caption(node),
        raw_date=str(stamp),
        published_at=published_at,
        source=source,
        evidence_url=evidence_url,
    )


def _newest(posts: list[Post], window: int) -> list[Post]:
    unique = {post.url: post for post in posts}
    ordered = sorted(unique.values(), key=lambda post: post.published_at, reverse=True)
    return ordered[:window]


def _decode(body: bytes) -> str:
    return body.decode("utf-8", errors="replace")


# --- abbreviated counts -------------------------------------------------------------------


def parse_count(text: str) -> int | None:
    """An abbreviated count as Instagram prints it: "146K", "1.2M", "1,2M", "12,345".

    With a suffix (K, M, B; Indonesian "rb"/"ribu", "jt"/"juta") the comma or point is a
    decimal separator ("1,2M" = 1 200 000); with several separators the last one is the
    decimal one. Without a suffix every separator groups thousands ("12.345" = 12 345).
    """
    match = _COUNT.match(text)
    if not match:
        return None
    number, suffix = match.group("number"), (match.group("suffix") or "").lower()
    if not suffix:
        return int(re.sub(r"[.,]", "", number))
    last = max(number.rfind("."), number.rfind(","))
    if last == -1:
        value = float(number)
    else:
        whole = re.sub(r"[.,]", "", number[:last]) or "0"
        value = float(f"{whole}.{number[last + 1 :] or '0'}")
    return round(value * _MULTIPLIERS[suffix])


def followers_from_og_description(page: str | bytes) -> int | None:
    """Followers from a profile page's ``og:description`` (or that text alone).

    "146K Followers, 200 Following, 88 Posts - See Instagram photos and videos from …"
    gives 146 000; the Indonesian page ("146 rb Pengikut, …") is read too. Counts are
    rounded by Instagram, so the result is approximate above 10 000.
    """
    text = page.decode("utf-8", errors="replace") if isinstance(page, bytes) else page
    meta = _OG_DESCRIPTION.search(text)
    if meta:
        content = _CONTENT_ATTR.search(meta.group(0))
        if content is None:
            return None
        text = content.group(1)[1:-1]
    text = html.unescape(text)
    found = _FOLLOWERS.search(text)
    return parse_count(found.group("count")) if found else None


# --- embed ----------------------------------------------------------------------------------


def _context_from_html(text: str) -> Mapping[str, Any] | None:
    """The decoded ``contextJSON`` object, or None when absent, null or not JSON."""
    match = _CONTEXT_JSON.search(text)
    if not match:
        return None
    try:
        inner = json.loads(match.group(1))  # the string literal → the JSON text it holds
        decoded = json.loads(inner) if isinstance(inner, str) else None
    except ValueError:
        return None
    return decoded if isinstance(decoded, Mapping) else None


def _embed_followers(context: Mapping[str, Any]) -> int | None:
    # The field's name is not in any public sample we found; accept the usual spellings.
    for key in ("followers_count", "follower_count", "followed_by_count"):
        count = as_int(context.get(key))
        if count is not None:
            return count
    return as_int((context.get("edge_followed_by") or {}).get("count"))


def _media_nodes(context: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    nodes = []
    for entry in context.get("graphql_media") or []:
        if not isinstance(entry, Mapping):
            continue
        node = entry.get("shortcode_media") or entry.get("node") or entry
        if isinstance(node, Mapping):
            nodes.append(node)
    return nodes


def parse_embed(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    url: str,
    *,
    account: Account,
    now: datetime,
) -> AccountReading:
    """Read the profile embed: the 6 newest posts, and followers when the context has them.

    Login redirect → ``login_wall``; 404, or "Sorry, this page isn't available" on a page
    without data → ``not_found``; ``is_private`` or the private-account text → ``private``;
    429 → ``rate_limited``; 403 → ``bot_challenge``; a page without a usable
    ``contextJSON`` (absent, ``null`` as served to non-browser requests, or not JSON) →
    ``layout_changed``. An empty grid is ``ok`` and ``partial`` unless the context counts
    no posts at all.
    """
    if _login_wall(status, headers, url):
        return AccountReading(AccountStatus.LOGIN_WALL, detail="dialihkan ke halaman login")
    if status == 401 and b"Please wait" in body:
        # The throttle answer of Instagram's web endpoints, met on the embed too.
        return AccountReading(AccountStatus.RATE_LIMITED, detail="HTTP 401: Please wait")
    failure = page_failure(status)
    if failure:
        return failure
    text = _decode(body)
    decoded = _context_from_html(text)
    context = decoded.get("context") if decoded else None
    if not isinstance(context, Mapping):
        # Markers are read only where the data is missing: a working page may carry the
        # same sentences among its interface strings.
        if any(marker in text for marker in _NOT_FOUND_MARKERS):
            return AccountReading(AccountStatus.NOT_FOUND, detail="halaman tidak tersedia")
        if _PRIVATE_MARKER.search(text):
            return AccountReading(AccountStatus.PRIVATE, detail="embed: akun privat")
        why = "contextJSON null" if _CONTEXT_NULL.search(text) else "contextJSON tidak ada"
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail=f"embed: {why}")
    followers = _embed_followers(context)
    nodes = _media_nodes(context)
    if context.get("is_private") is True or (not nodes and _PRIVATE_MARKER.search(text)):
        return AccountReading(AccountStatus.PRIVATE, followers=followers, detail="akun privat")
    posts = [
        post
        for node in nodes
        if (post := _post_from_node(node, source=EMBED.name, evidence_url=url, now=now))
    ]
    if nodes and not posts:
        return AccountReading(
            AccountStatus.LAYOUT_CHANGED, detail="graphql_media tanpa shortcode/taken_at_timestamp"
        )
    # An empty grid is a real "no posts" only when the profile says it has none.
    posts_count = next(
        (
            count
            for key in ("posts_count", "media_count")
            if (count := as_int(context.get(key))) is not None
        ),
        None,
    )
    partial = not posts and posts_count != 0
    return AccountReading(
        AccountStatus.OK,
        posts=_newest(posts, EMBED_WINDOW),
        followers=followers,
        window=EMBED_WINDOW,
        detail="embed tanpa postingan" if partial else None,
        partial=partial,
    )


# --- web_profile_info -------------------------------------------------------------------


def parse_web_profile_info(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    url: str,
    *,
    account: Account,
    now: datetime,
) -> AccountReading:
    """Read ``data.user``: followers, privacy, and the first timeline posts when listed.

    401 "Please wait a few minutes" and 429 → ``rate_limited`` (401 that asks to log in
    without the wait text → ``login_wall``). 400 → ``layout_changed``, not ``restricted``:
    the API refuses some business accounts through 2026 while their embed and profile stay
    public, so the 400 says this route cannot read the account, not that the account is
    restricted; ``restricted`` would put a false reason in the report and outrank the
    embed's reading. ``data.user: null`` or 404 → ``not_found``.
    """
    if _login_wall(status, headers, url):
        return AccountReading(AccountStatus.LOGIN_WALL, detail="dialihkan ke halaman login")
    text = _decode(body)
    if status == 401:
        if "Please wait a few minutes" in text or "require_login" not in text:
            return AccountReading(AccountStatus.RATE_LIMITED, detail="HTTP 401: Please wait")
        return AccountReading(AccountStatus.LOGIN_WALL, detail="HTTP 401: require_login")
    if status == 400:
        return AccountReading(
            AccountStatus.LAYOUT_CHANGED,
            detail="HTTP 400: web_profile_info menolak akun ini (sebagian akun bisnis)",
        )
    failure = page_failure(status)
    if failure:
        return failure
    try:
        payload = json.loads(text)
    except ValueError:
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail="bukan JSON")
    data = payload.get("data") if isinstance(payload, Mapping) else None
    if not isinstance(data, Mapping) or "user" not in data:
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail="data.user tidak ada")
    user = data["user"]
    if user is None:
        return AccountReading(AccountStatus.NOT_FOUND, detail="data.user null")
    if not isinstance(user, Mapping):
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail="data.user bukan objek")
    followers = as_int((user.get("edge_followed_by") or {}).get("count"))
    if user.get("is_private") is True:
        return AccountReading(AccountStatus.PRIVATE, followers=followers, detail="akun privat")
    media = user.get("edge_owner_to_timeline_media") or {}
    nodes = [
        edge["node"]
        for edge in media.get("edges") or []
        if isinstance(edge, Mapping) and isinstance(edge.get("node"), Mapping)
    ]
    posts = [
        post
        for node in nodes
        if (post := _post_from_node(node, source=WEB_PROFILE_INFO.name, evidence_url=url, now=now))
    ]
    # Followers alone (edges withheld while count > 0) are no evidence about posting.
    partial = not posts and as_int(media.get("count")) != 0
    return AccountReading(
        AccountStatus.OK,
        posts=_newest(posts, PROFILE_INFO_WINDOW),
        followers=followers,
        window=PROFILE_INFO_WINDOW,
        detail="web_profile_info tanpa daftar postingan" if partial else None,
        partial=partial,
    )


# --- routes ---------------------------------------------------------------------------------


def _web_profile_info_headers(account: Account, config: Mapping[str, Any]) -> dict[str, str]:
    """What the web app sends for this XHR: same-origin fetch, JSON accepted."""
    headers = {
        **BROWSER_HEADERS,
        "Accept": "*/*",
        "Sec-Fetch-Dest": "empty",
        "Sec-Fetch-Mode": "cors",
        "Sec-Fetch-Site": "same-origin",
        "X-IG-App-ID": IG_APP_ID,
        "X-Requested-With": "XMLHttpRequest",
        "Referer": f"{base_url(config, 'instagram')}/{quote(account.handle, safe='._')}/",
    }
    headers.pop("Sec-Fetch-User", None)
    return headers


# --- Business Discovery (optional, official) ------------------------------------------------

BUSINESS_WINDOW = 12  # media.limit asked for
# Graph API error codes: throttling, and a token that is not (or no longer) valid.
_GRAPH_THROTTLED = {4, 17, 32, 613}
_GRAPH_BAD_TOKEN = {102, 190}


def _business_url(account: Account, config: Mapping[str, Any]) -> str | None:
    """Only with an office's own professional account id and token (environment)."""
    user_id = config.get("instagram_business_id") or ""
    token = config.get("instagram_business_token") or ""
    if not (account.handle and user_id and token):
        return None
    fields = (
        f"business_discovery.username({account.handle})"
        f"{{followers_count,media_count,media.limit({BUSINESS_WINDOW}){{timestamp,permalink}}}}"
    )
    query = urlencode({"fields": fields, "access_token": token})
    return f"{base_url(config, 'graph_api')}/{quote(str(user_id))}?{query}"


def parse_business_discovery(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    url: str,
    *,
    account: Account,
    now: datetime,
) -> AccountReading:
    """Graph API Business Discovery: professional target accounts only.

    ``business_discovery.{followers_count, media.data[].{timestamp, permalink}}`` with
    ``timestamp`` like ``2026-11-20T03:00:00+0000``. A personal (non-professional) or
    missing account answers error 110 / subcode 2207013: ``not_found`` would be wrong for a
    personal account that exists, so it is ``not_readable`` (this route cannot read it).
    """
    data = json_or_none(body)
    error = data.get("error") if isinstance(data, Mapping) else None
    if isinstance(error, Mapping):
        code = as_int(error.get("code"))
        message = str(error.get("message") or "")[:200]
        if code in _GRAPH_THROTTLED:
            return AccountReading(AccountStatus.RATE_LIMITED, detail=f"Graph API: {message}")
        if code in _GRAPH_BAD_TOKEN:
            return AccountReading(AccountStatus.NOT_READABLE, detail=f"token Graph API: {message}")
        return AccountReading(
            AccountStatus.NOT_READABLE, detail=f"Business Discovery tidak dapat membaca: {message}"
        )
    failure = unanswered(status)
    if failure:
        return failure
    found = data.get("business_discovery") if isinstance(data, Mapping) else None
    if status != 200 or not isinstance(found, Mapping):
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail="business_discovery tidak ada")
    media = found.get("media") if isinstance(found.get("media"), Mapping) else {}
    posts = []
    for item in media.get("data") or []:
        if not isinstance(item, Mapping) or not item.get("timestamp"):
            continue
        try:
            stamp = datetime.fromisoformat(str(item["timestamp"]))
        except ValueError:
            continue
        if stamp.tzinfo is None or stamp > now + FUTURE_TOLERANCE:
            continue
        link = str(item.get("permalink") or account.url)
        posts.append(
            Post(
                url=link,
                raw_date=str(item["timestamp"]),
                published_at=stamp,
                source="business-discovery",
                evidence_url=redact_token(url),
            )
        )
    posts.sort(key=lambda post: post.published_at, reverse=True)  # type: ignore[arg-type,return-value]
    return AccountReading(
        AccountStatus.OK,
        posts=posts,
        followers=as_int(found.get("followers_count")),
        window=BUSINESS_WINDOW,
    )


def redact_token(url: str) -> str:
    """The request URL without its access token, fit for evidence in reports."""
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if k != "access_token"]
    return urlunsplit(parts._replace(query=urlencode(kept)))


BUSINESS_DISCOVERY = HttpRoute(
    "business-discovery", _business_url, parse_business_discovery, headers=JSON_HEADERS
)

EMBED = HttpRoute("embed", handle_url("instagram", "/{handle}/embed/"), parse_embed)
WEB_PROFILE_INFO = HttpRoute(
    "web-profile-info",
    handle_url("instagram", "/api/v1/users/web_profile_info/?username={handle}"),
    parse_web_profile_info,
    headers=_web_profile_info_headers,
)
ROUTES: tuple[Route, ...] = (EMBED, BUSINESS_DISCOVERY, WEB_PROFILE_INFO)
