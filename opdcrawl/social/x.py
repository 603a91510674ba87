"""X (Twitter): no free route from a server; the official API with a token, or nothing.

Syndication timelines died in 2023–24, guest timelines answer 422 and Nitter is gone
(SOCIAL_NOTES.md), so X has a single route:

``api``
    Only with ``config["x_bearer_token"]``: ``GET {x_api}/2/users/by?usernames=<h>
    &user.fields=public_metrics,most_recent_tweet_id,protected`` with
    ``Authorization: Bearer …``. ``data[0]`` gives the followers
    (``public_metrics.followers_count``) and the id of the newest post
    (``most_recent_tweet_id``, a string). A post id is a snowflake whose upper bits are
    the milliseconds since X's epoch: ``ms = (id >> 22) + 1288834974657``
    (:func:`tweet_time`). The reading has that one post and ``window=1``: the newest
    post's time is known exactly, the count of posts in a period is not.

Without a token ``api``'s ``request()`` is None, no route can run, and the spider
records :func:`no_route_reading` (``not_readable``) for the account: X accounts are then
not judged, never called inactive.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from opdcrawl.items import Post
from opdcrawl.social.base import (
    JSON_HEADERS,
    Account,
    AccountReading,
    AccountStatus,
    HttpRoute,
    Route,
    base_url,
    header,
    json_or_none,
)

__all__ = [
    "API",
    "NO_TOKEN_DETAIL",
    "ROUTES",
    "TWITTER_EPOCH_MS",
    "no_route_reading",
    "parse_users_by",
    "tweet_time",
]

TWITTER_EPOCH_MS = 1288834974657  # 2010-11-04T01:42:54.657Z, the snowflake epoch
NO_TOKEN_DETAIL = "tanpa token API X, akun tidak dapat dibaca"
USER_FIELDS = "public_metrics,most_recent_tweet_id,protected"
_UNIX_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def tweet_time(tweet_id: str | int) -> datetime:
    """When a post was made, from its snowflake id: ``(id >> 22) + 1288834974657`` ms (UTC)."""
    milliseconds = (int(tweet_id) >> 22) + TWITTER_EPOCH_MS
    return _UNIX_EPOCH + timedelta(milliseconds=milliseconds)


def no_route_reading() -> AccountReading:
    """The reading of an X account when no route can run (no API token configured)."""
    return AccountReading(AccountStatus.NOT_READABLE, detail=NO_TOKEN_DETAIL)


def _problem(data: Any) -> str:
    """``title: detail`` of an API v2 problem answer (``{"title", "detail", "type", …}``)."""
    if not isinstance(data, dict):
        return ""
    parts = [str(data[key]) for key in ("title", "detail") if data.get(key)]
    if data.get("reason"):
        parts.append(f"reason={data['reason']}")
    return ": ".join(parts)


def parse_users_by(
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    url: str,
    *,
    account: Account,
    now: datetime,
) -> AccountReading:
    """The ``api`` route's reading of ``GET /2/users/by``."""
    data = json_or_none(body)
    if status == 429:
        reset = header(headers, "x-rate-limit-reset")
        detail = "API X HTTP 429" + (f", x-rate-limit-reset={reset}" if reset else "")
        return AccountReading(AccountStatus.RATE_LIMITED, detail=detail)
    if status in {401, 402, 403}:  # bad token, no credits, app not enrolled
        problem = _problem(data)
        return AccountReading(
            AccountStatus.NOT_READABLE,
            detail=f"API X HTTP {status}" + (f": {problem}" if problem else ""),
        )
    if status == 400:  # e.g. a handle that is no valid X username
        problem = _problem(data) or _errors_detail(data)
        return AccountReading(
            AccountStatus.NOT_FOUND,
            detail="API X HTTP 400" + (f": {problem}" if problem else ""),
        )
    if status != 200:
        return AccountReading(AccountStatus.UNREACHABLE, detail=f"API X HTTP {status}")
    if not isinstance(data, dict):
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail="API X: jawaban bukan JSON")

    users = data.get("data")
    if not users:
        # A missing user is a 200 with "errors": "Could not find user with usernames: [h]."
        detail = _errors_detail(data)
        lowered = detail.lower()
        if "could not find user" in lowered or "not found" in lowered:
            return AccountReading(AccountStatus.NOT_FOUND, detail=detail)
        if "suspended" in lowered:
            return AccountReading(AccountStatus.RESTRICTED, detail=detail)
        return AccountReading(
            AccountStatus.LAYOUT_CHANGED, detail=detail or "API X: tidak ada data maupun errors"
        )
    user = users[0] if isinstance(users, list) and isinstance(users[0], dict) else None
    if user is None:
        return AccountReading(AccountStatus.LAYOUT_CHANGED, detail="API X: data[0] bukan objek")

    metrics = user.get("public_metrics") or {}
    count = metrics.get("followers_count") if isinstance(metrics, dict) else None
    followers = count if isinstance(count, int) and not isinstance(count, bool) else None
    if user.get("protected") is True:
        return AccountReading(
            AccountStatus.PRIVATE, followers=followers, detail="akun X terkunci (protected)"
        )

    posts: list[Post] = []
    newest = user.get("most_recent_tweet_id")
    if newest is not None:
        newest = str(newest)
        if not newest.isdigit():
            return AccountReading(
                AccountStatus.LAYOUT_CHANGED,
                followers=followers,
                detail=f"API X: most_recent_tweet_id bukan angka: {newest!r}",
            )
        posts.append(
            Post(
                url=f"https://x.com/{account.handle}/status/{newest}",
                raw_date=newest,
                published_at=tweet_time(newest),
                source=API.name,
                evidence_url=url,
            )
        )
    return AccountReading(
        AccountStatus.OK,
        posts=posts,
        followers=followers,
        window=1,
        partial=False,
    )


def _errors_detail(data: Any) -> str:
    errors = data.get("errors") if isinstance(data, dict) else None
    if not isinstance(errors, list):
        return ""
    return "; ".join(
        str(error.get("detail") or error.get("title") or error)
        for error in errors
        if isinstance(error, dict)
    )


def _users_by_url(account: Account, config: Mapping[str, Any]) -> str | None:
    if not config.get("x_bearer_token") or not account.handle:
        return None
    return (
        f"{base_url(config, 'x_api')}/2/users/by?usernames={quote(account.handle, safe='')}"
        f"&user.fields={USER_FIELDS}"
    )


def _api_headers(account: Account, config: Mapping[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {config['x_bearer_token']}", **JSON_HEADERS}


API = HttpRoute("api", _users_by_url, parse_users_by, headers=_api_headers)
ROUTES: tuple[Route, ...] = (API,)
