"""The X adapter: the paid API route only, and the reading when no route can run.

Fixtures under ``tests/fixtures/social/x/`` are written by hand in the shapes of the
X API v2 ``GET /2/users/by`` answers (SOCIAL_NOTES.md, "X" row); each test says which
shape it copies.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from opdcrawl.social import x
from opdcrawl.social.base import Account, AccountReading, AccountStatus

FIXTURES = Path(__file__).parent / "fixtures" / "social" / "x"
NOW = datetime(2025, 3, 10, 2, 30, tzinfo=UTC)
CONFIG = {
    "base_urls": {"x_api": "http://127.0.0.1:8003/"},
    "youtube_api_key": "",
    "x_bearer_token": "AAAA-test-token",
}
ACCOUNT = Account.from_url("x", "https://x.com/diskominfoserang")
URL = (
    "http://127.0.0.1:8003/2/users/by?usernames=diskominfoserang"
    "&user.fields=public_metrics,most_recent_tweet_id,protected"
)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse(status: int, body: bytes = b"", headers=None) -> AccountReading:
    return x.API.parse(status, headers or {}, body, URL, account=ACCOUNT, now=NOW)


def test_one_route_the_api() -> None:
    assert [route.name for route in x.ROUTES] == ["api"]


def test_api_request_needs_the_token() -> None:
    request = x.API.request(ACCOUNT, CONFIG)
    assert request is not None
    assert request.url == URL
    assert request.headers["Authorization"] == "Bearer AAAA-test-token"
    assert x.API.request(ACCOUNT, {**CONFIG, "x_bearer_token": ""}) is None
    assert x.API.request(ACCOUNT, {"base_urls": CONFIG["base_urls"]}) is None


def test_no_route_reading() -> None:
    assert all(
        route.request(ACCOUNT, {**CONFIG, "x_bearer_token": ""}) is None for route in x.ROUTES
    )
    assert x.no_route_reading() == AccountReading(
        AccountStatus.NOT_READABLE, detail="tanpa token API X, akun tidak dapat dibaca"
    )


def test_tweet_time_from_the_snowflake_id() -> None:
    # 1800000000000000000 >> 22 = 429153442382; + 1288834974657 = 1717988417039 ms.
    assert x.tweet_time("1800000000000000000") == datetime(2024, 6, 10, 3, 0, 17, 39000, tzinfo=UTC)
    # The snowflake epoch itself, and an id as an int.
    assert x.tweet_time(0) == datetime(2010, 11, 4, 1, 42, 54, 657000, tzinfo=UTC)
    # 1 << 22 is one millisecond after the epoch; the low 22 bits are not time.
    assert x.tweet_time(str((1 << 22) + 4194303)) == datetime(
        2010, 11, 4, 1, 42, 54, 658000, tzinfo=UTC
    )


def test_api_reads_followers_and_the_newest_post() -> None:
    # Copies /2/users/by with user.fields=public_metrics,most_recent_tweet_id,protected:
    # data[0] with protected false, public_metrics.followers_count (an int) and
    # most_recent_tweet_id (a STRING, like every id in API v2).
    body = fixture("users_by.json")
    assert b'"most_recent_tweet_id": "1800000000000000000"' in body
    reading = parse(200, body)
    assert reading.status is AccountStatus.OK
    assert reading.followers == 15230
    assert reading.window == 1
    assert reading.partial is False
    assert reading.resolved_id is None  # nothing for the spider to cache as a channel id
    [post] = reading.posts
    assert post.url == "https://x.com/diskominfoserang/status/1800000000000000000"
    assert post.published_at == datetime(2024, 6, 10, 3, 0, 17, 39000, tzinfo=UTC)
    assert post.raw_date == "1800000000000000000"
    assert post.source == "api"
    assert post.evidence_url == URL


def test_api_account_without_posts() -> None:
    # Same shape; an account that never posted has no most_recent_tweet_id.
    reading = parse(200, fixture("users_by_no_posts.json"))
    assert reading.status is AccountStatus.OK
    assert reading.posts == []
    assert reading.followers == 3


def test_api_protected_account_is_private() -> None:
    # Same shape with "protected": true.
    reading = parse(200, fixture("users_by_protected.json"))
    assert reading.status is AccountStatus.PRIVATE
    assert reading.followers == 87
    assert reading.posts == []


def test_api_unknown_user_is_not_found() -> None:
    # Copies the 200 answer for an unknown username: no "data", an "errors" list with
    # detail "Could not find user with usernames: [h]." and title "Not Found Error".
    reading = parse(200, fixture("users_by_not_found.json"))
    assert reading.status is AccountStatus.NOT_FOUND
    assert "Could not find user" in reading.detail


def test_api_suspended_user_is_restricted() -> None:
    # Same "errors" shape, detail "User has been suspended: [h].".
    reading = parse(200, fixture("users_by_suspended.json"))
    assert reading.status is AccountStatus.RESTRICTED


@pytest.mark.parametrize(
    ("status", "name", "words"),
    [
        # The problem shape {"title", "type", "status", "detail"} for a bad token.
        (401, "unauthorized_401.json", "Unauthorized"),
        # {"title": "Client Forbidden", "reason": "client-not-enrolled", …}.
        (403, "client_forbidden_403.json", "client-not-enrolled"),
    ],
)
def test_api_token_refused_is_not_readable(status: int, name: str, words: str) -> None:
    reading = parse(status, fixture(name))
    assert reading.status is AccountStatus.NOT_READABLE
    assert f"HTTP {status}" in reading.detail
    assert words in reading.detail


def test_api_rate_limited() -> None:
    # {"title": "Too Many Requests", …} with the x-rate-limit-reset header.
    reading = parse(
        429, fixture("too_many_requests_429.json"), {"x-rate-limit-reset": "1741577400"}
    )
    assert reading.status is AccountStatus.RATE_LIMITED
    assert "1741577400" in reading.detail


def test_api_other_statuses() -> None:
    assert parse(503, b"").status is AccountStatus.UNREACHABLE
    assert parse(200, b"<html>").status is AccountStatus.LAYOUT_CHANGED
    assert parse(200, b"{}").status is AccountStatus.LAYOUT_CHANGED
    bad_id = parse(200, fixture("users_by.json").replace(b'"18000', b'"x18000'))
    assert bad_id.status is AccountStatus.LAYOUT_CHANGED
