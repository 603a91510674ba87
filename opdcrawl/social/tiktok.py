"""TikTok read logged out: the creator embed first, the profile page for statuses.

``embed`` (``/embed/@<user>``) is the official creator embed. Its state is a JSON script,
``<script id="__FRONTITY_CONNECT_STATE__" type="application/json">``, where
``source.data["/embed/@<user>"]`` holds ``userInfo`` (``uniqueId``, ``followerCount`` as
an int TikTok rounds, ``privateAccount``, ``code``, …), ``videoList`` (``id`` as a 19-digit
*string*, ``desc``, ``playCount``) and ``isError``. There is no ``createTime``: a video id
is a snowflake whose upper bits are its unix time, ``int(id) >> 32`` (within seconds of the
upload time). The 10 newest videos are visible.

``profile`` (``/@<user>``) reads ``__UNIVERSAL_DATA_FOR_REHYDRATION__`` →
``__DEFAULT_SCOPE__["webapp.user-detail"]``. From a datacenter its ``itemList`` is empty,
so it gives no posts; it is there to tell not found (10221), private (10222) and
region-locked (10231) apart, and for ``stats.followerCount``.

An empty list is not inactivity by itself: a datacenter address often gets a public
account's embed with ``userInfo`` but no videos. Such a reading is ``ok`` with no posts and
``partial=True`` (unless ``videoCount`` says 0), and the spider decides what it is worth;
without ``userInfo`` there is no reading at all (``layout_changed``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from opdcrawl.items import Post
from opdcrawl.social.base import (
    FUTURE_TOLERANCE,
    Account,
    AccountReading,
    AccountStatus,
    HttpRoute,
    Route,
    as_int,
    handle_url,
    page_failure,
    redirect_path,
)

__all__ = [
    "EMBED",
    "EMBED_WINDOW",
    "PROFILE",
    "ROUTES",
    "parse_embed",
    "parse_profile",
    "video_time",
]

EMBED_WINDOW = 10  # the creator embed lists the 10 newest videos
VIDEO_URL = "https://www.tiktok.com/@{handle}/video/{video_id}"
USER_DETAIL = "webapp.user-detail"

# TikTok status codes, in userInfo.code (embed) and statusCode (profile page).
_NOT_FOUND_CODES = frozenset({404, 10202, 10221})
_CODE_STATUS = {
    10222: AccountStatus.PRIVATE,
    10231: AccountStatus.RESTRICTED,  # region-locked
}
_VIDEO_ID = re.compile(r"^\d{15,20}$")


def _script(text: str, script_id: str) -> str | None:
    match = re.search(
        rf"<script\b[^>]*\bid=[\"']{re.escape(script_id)}[\"'][^>]*>(.*?)</script>",
        text,
        re.DOTALL | re.IGNORECASE,
    )
    return match.group(1) if match else None


def _state(
    status: int, headers: Mapping[str, str], body: bytes, url: str, script_id: str, what: str
) -> Any:
    """The decoded JSON of the page's ``<script id=script_id>``, or the reading that says why
    there is none: the HTTP answer alone (login redirect, failure), no such script, no JSON.
    """
    # A "login" segment anywhere: tests serve the platform under a prefix (/tiktok/login).
    if "login" in redirect_path(status, headers, url).split("/"):
        return AccountReading(AccountStatus.LOGIN_WALL, detail="dialihkan ke halaman login")
    failure = page_failure(status)
    if failure:
        return failure
    raw = _script(body.decode("utf-8", errors="replace"), script_id)
    if raw is None:
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail=f"{script_id} tidak ada")
    try:
        return json.loads(raw)
    except ValueError:
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail=f"{what} bukan JSON")


def _code_reading(code: int | None, followers: int | None = None) -> AccountReading | None:
    """The reading a non-zero TikTok status code stands for, or None for 0 / no code."""
    if not code:
        return None
    if code in _NOT_FOUND_CODES:
        return AccountReading(AccountStatus.NOT_FOUND, detail=f"kode TikTok {code}")
    if code in _CODE_STATUS:
        return AccountReading(_CODE_STATUS[code], followers=followers, detail=f"kode TikTok {code}")
    return None


def video_time(video_id: str) -> datetime | None:
    """A video's publication time from its id: the id's upper bits are unix seconds."""
    if not _VIDEO_ID.match(video_id):
        return None
    return datetime.fromtimestamp(int(video_id) >> 32, UTC)


# --- embed ----------------------------------------------------------------------------------


def _embed_entry(data: Mapping[str, Any], handle: str) -> Mapping[str, Any] | None:
    """``source.data["/embed/@<user>"]``; the key's case follows the request, not TikTok."""
    wanted = f"/embed/@{handle}"
    entry = data.get(wanted)
    if isinstance(entry, Mapping):
        return entry
    for key, value in data.items():
        if isinstance(key, str) and key.lower() == wanted.lower() and isinstance(value, Mapping):
            return value
    embeds = [
        value
        for key, value in data.items()
        if isinstance(key, str) and key.startswith("/embed/@") and isinstance(value, Mapping)
    ]
    return embeds[0] if len(embeds) == 1 else None


def parse_embed(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    url: str,
    *,
    account: Account,
    now: datetime,
) -> AccountReading:
    """Read the creator embed: the 10 newest videos (time from the id) and followers.

    ``privateAccount`` or code 10222 → ``private``; code 404/10202/10221, or ``isError``
    without a known code → ``not_found``; 10231 → ``restricted``; no state script, no
    ``source.data`` entry or no ``userInfo`` → ``layout_changed``; login redirect →
    ``login_wall``; 429 → ``rate_limited``; 403 → ``bot_challenge``.
    """
    state = _state(status, headers, body, url, "__FRONTITY_CONNECT_STATE__", "state embed")
    if isinstance(state, AccountReading):
        return state
    data = (state.get("source") or {}).get("data") if isinstance(state, Mapping) else None
    entry = _embed_entry(data, account.handle) if isinstance(data, Mapping) else None
    if entry is None:
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail="source.data tanpa /embed/@")
    user = entry.get("userInfo")
    user = user if isinstance(user, Mapping) else {}
    followers = as_int(user.get("followerCount"))
    coded = _code_reading(as_int(user.get("code")), followers)
    if coded:
        return coded
    if user.get("privateAccount") is True:
        return AccountReading(AccountStatus.PRIVATE, followers=followers, detail="akun privat")
    if entry.get("isError") is True:
        return AccountReading(AccountStatus.NOT_FOUND, detail="isError tanpa kode")
    if not user.get("uniqueId"):
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail="userInfo tidak ada")
    handle = str(user["uniqueId"])
    videos = entry.get("videoList") or []
    posts = []
    for video in videos if isinstance(videos, list) else []:
        video_id = str(video.get("id", "")) if isinstance(video, Mapping) else ""
        published_at = video_time(video_id)
        if published_at is None or published_at > now + FUTURE_TOLERANCE:
            continue
        desc = video.get("desc")
        title = desc.strip() if isinstance(desc, str) else ""
        posts.append(
            Post(
                url=VIDEO_URL.format(handle=handle, video_id=video_id),
                title=title or None,
                raw_date=video_id,
                published_at=published_at,
                source=EMBED.name,
                evidence_url=url,
            )
        )
    if videos and not posts:
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail="id video tak terbaca")
    posts.sort(key=lambda post: post.published_at, reverse=True)
    # An empty videoList next to a userInfo is what a datacenter address often gets for a
    # public, active account: no evidence either way unless videoCount says 0.
    partial = not posts and as_int(user.get("videoCount")) != 0
    return AccountReading(
        AccountStatus.OK,
        posts=posts[:EMBED_WINDOW],
        followers=followers,
        window=EMBED_WINDOW,
        detail="videoList kosong (jawaban khas alamat pusat data)" if partial else None,
        partial=partial,
    )


# --- profile page ---------------------------------------------------------------------------


def parse_profile(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    url: str,
    *,
    account: Account,
    now: datetime,
) -> AccountReading:
    """Read ``webapp.user-detail``: the account's status and followers, never posts.

    ``statusCode`` 10221 → ``not_found``, 10222 or ``privateAccount`` → ``private``,
    10231 → ``restricted``. A public account is ``ok`` with no posts and ``partial=True``
    (the page lists no videos from a datacenter), or not partial when ``videoCount`` is 0.
    """
    state = _state(status, headers, body, url, "__UNIVERSAL_DATA_FOR_REHYDRATION__", "data profil")
    if isinstance(state, AccountReading):
        return state
    scope = state.get("__DEFAULT_SCOPE__") if isinstance(state, Mapping) else None
    detail = scope.get(USER_DETAIL) if isinstance(scope, Mapping) else None
    if not isinstance(detail, Mapping):
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail=f"{USER_DETAIL} tidak ada")
    info = detail.get("userInfo")
    info = info if isinstance(info, Mapping) else {}
    user = info.get("user") if isinstance(info.get("user"), Mapping) else {}
    stats = info.get("stats") if isinstance(info.get("stats"), Mapping) else {}
    followers = as_int(stats.get("followerCount"))
    code = as_int(detail.get("statusCode"))
    coded = _code_reading(code, followers)
    if coded:
        return coded
    if code:
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail=f"statusCode {code} tak dikenal")
    if user.get("privateAccount") is True:
        return AccountReading(AccountStatus.PRIVATE, followers=followers, detail="akun privat")
    if not user:
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail="userInfo.user tidak ada")
    no_videos = as_int(stats.get("videoCount")) == 0
    return AccountReading(
        AccountStatus.OK,
        followers=followers,
        detail=None if no_videos else "profil publik; rute ini tidak memberi daftar video",
        partial=not no_videos,
    )


# --- routes ---------------------------------------------------------------------------------


EMBED = HttpRoute("embed", handle_url("tiktok", "/embed/@{handle}"), parse_embed)
PROFILE = HttpRoute("profile", handle_url("tiktok", "/@{handle}"), parse_profile)
ROUTES: tuple[Route, ...] = (EMBED, PROFILE)
