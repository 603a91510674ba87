"""Instagram adapter: the profile embed, web_profile_info and og:description counts.

Fixtures (tests/fixtures/social/instagram/) copy the shapes in SOCIAL_NOTES.md:

- ``embed_profile.html``: the profile embed page. Its data is a JSON string literal,
  ``"contextJSON":"{\\"context\\":{…}}"``, inside a ServerJS ``s.handle({…})`` call, as on
  the real page: the inner JSON escapes "/" as ``\\/`` and non-ASCII as ``\\uXXXX``, and the
  string literal escapes both again (a URL reads ``https:\\\\\\/\\\\\\/…``).
  ``context.graphql_media`` entries are ``{"shortcode_media": {…}}`` with ``shortcode``,
  ``taken_at_timestamp`` (unix seconds), ``__typename`` and ``edge_media_to_caption``; the
  first entry is an old post (a pinned one) ahead of newer ones. The wrapper's module names
  are illustrative: the parser relies on the ``"contextJSON":`` key only. The follower field
  name in the context (``followers_count`` here) is not confirmed by a public sample; the
  parser accepts it and its usual spellings.
- ``embed_private.html``: the same page for a private account (``is_private: true``, empty
  ``graphql_media``, "This Account is Private" in the markup).
- ``embed_null_context.html``: the shell served to requests that do not look like a
  browser navigation, ``"contextJSON":null``.
- ``web_profile_info.json`` / ``web_profile_info_private.json``: ``{"data":{"user":{…}},
  "status":"ok"}`` with ``edge_followed_by.count``, ``is_private`` and
  ``edge_owner_to_timeline_media{count, edges[].node{shortcode, taken_at_timestamp}}``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from opdcrawl.social.base import BROWSER_HEADERS, Account, AccountStatus
from opdcrawl.social.instagram import (
    IG_APP_ID,
    ROUTES,
    followers_from_og_description,
    parse_count,
    parse_embed,
    parse_web_profile_info,
)

FIXTURES = Path(__file__).parent / "fixtures" / "social" / "instagram"
WIB = timezone(timedelta(hours=7), "WIB")
NOW = datetime(2026, 10, 20, 9, 0, tzinfo=WIB)
ACCOUNT = Account.from_url("instagram", "https://www.instagram.com/diskominfo.contohkab/")
EMBED_URL = "https://www.instagram.com/diskominfo.contohkab/embed/"
INFO_URL = "https://www.instagram.com/api/v1/users/web_profile_info/?username=diskominfo.contohkab"
CONFIG = {"base_urls": {"instagram": "http://127.0.0.1:8765/"}}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def embed(status: int, body: bytes, url: str = EMBED_URL, headers: dict | None = None):
    return parse_embed(status, headers or {}, body, url, account=ACCOUNT, now=NOW)


def info(status: int, body: bytes, url: str = INFO_URL, headers: dict | None = None):
    return parse_web_profile_info(status, headers or {}, body, url, account=ACCOUNT, now=NOW)


def embed_page(context: dict) -> bytes:
    """An embed page around ``context``, escaped twice like the real one."""
    inner = json.dumps({"context": context}).replace("/", "\\/")
    literal = json.dumps(inner).replace("/", "\\/")
    script = f's.handle({{"require":[["X",[{{"contextJSON":{literal}}}]]]}});'
    return f"<html><script>{script}</script>".encode()


# --- routes ---------------------------------------------------------------------------------


def test_routes_are_embed_first_then_web_profile_info() -> None:
    """Business Discovery sits between them, and runs only with a token (see below)."""
    assert [route.name for route in ROUTES] == ["embed", "business-discovery", "web-profile-info"]
    assert ROUTES[1].request(ACCOUNT, CONFIG) is None
    embed_request = ROUTES[0].request(ACCOUNT, CONFIG)
    assert embed_request.url == "http://127.0.0.1:8765/diskominfo.contohkab/embed/"
    assert dict(embed_request.headers) == BROWSER_HEADERS
    info_request = ROUTES[2].request(ACCOUNT, CONFIG)
    assert info_request.url == (
        "http://127.0.0.1:8765/api/v1/users/web_profile_info/?username=diskominfo.contohkab"
    )
    assert info_request.headers["X-IG-App-ID"] == IG_APP_ID == "936619743392459"
    assert info_request.headers["User-Agent"] == BROWSER_HEADERS["User-Agent"]


def test_routes_do_not_run_without_a_handle() -> None:
    account = Account("instagram", "https://www.instagram.com/", "")
    assert all(route.request(account, CONFIG) is None for route in ROUTES)


# --- embed ----------------------------------------------------------------------------------


def test_embed_fixture_keeps_the_double_escaping_quirk() -> None:
    page = fixture("embed_profile.html").decode()
    assert '"contextJSON":"{\\"context\\":{\\"type\\":\\"Profile\\"' in page
    assert "https:\\\\\\/\\\\\\/scontent" in page  # "\/" escaped once more inside the literal
    assert "\\\\ud83d" in page  # an emoji as an escaped \u escape


def test_embed_reads_the_six_newest_posts_with_captions_and_followers() -> None:
    reading = embed(200, fixture("embed_profile.html"))
    assert reading.status is AccountStatus.OK
    assert reading.window == 6
    assert reading.followers == 12437
    assert reading.partial is False
    assert [post.url for post in reading.posts] == [
        "https://www.instagram.com/p/DPx7QmEkR2a/",
        "https://www.instagram.com/p/DPr2LbVk9Tz/",
        "https://www.instagram.com/p/DPjQ0aWkAx1/",
        "https://www.instagram.com/p/DPWcY_-kq8M/",
        "https://www.instagram.com/p/DPFa3hzkZ5e/",
        "https://www.instagram.com/p/C4pN1nNeD0l/",  # the pinned old post sorts last
    ]
    newest = reading.posts[0]
    assert newest.published_at == datetime(2026, 10, 14, 2, 15, tzinfo=UTC)
    assert newest.raw_date == "1791944100"
    assert newest.title == (
        "Rapat koordinasi Satu Data Indonesia tingkat kabupaten \U0001f4ca\n"
        "#DiskominfoContohkab #SatuData"
    )
    assert newest.source == "embed"
    assert newest.evidence_url == EMBED_URL
    assert reading.posts[1].title == 'Sosialisasi keamanan siber untuk OPD — "jaga kata sandi" <3'
    assert reading.posts[2].title is None  # a post without caption
    assert reading.posts[-1].published_at == datetime(2026, 3, 17, 4, 0, tzinfo=UTC)
    assert all(post.published_at.tzinfo is not None for post in reading.posts)


def test_embed_keeps_at_most_six_posts() -> None:
    nodes = [
        {"shortcode_media": {"shortcode": f"DQ{i:09d}", "taken_at_timestamp": 1790000000 + i}}
        for i in range(9)
    ]
    reading = embed(200, embed_page({"is_private": False, "graphql_media": nodes}))
    assert reading.status is AccountStatus.OK
    assert [post.url for post in reading.posts] == [
        f"https://www.instagram.com/p/DQ{i:09d}/" for i in (8, 7, 6, 5, 4, 3)
    ]


def test_embed_with_an_empty_grid_is_no_evidence_unless_the_profile_has_no_posts() -> None:
    hidden = embed(200, embed_page({"is_private": False, "graphql_media": [], "posts_count": 40}))
    assert hidden.status is AccountStatus.OK and hidden.posts == [] and hidden.partial is True
    empty = embed(200, embed_page({"is_private": False, "graphql_media": [], "posts_count": 0}))
    assert empty.status is AccountStatus.OK and empty.partial is False


def test_embed_login_redirect_is_a_login_wall() -> None:
    location = {"Location": "https://www.instagram.com/accounts/login/?next=%2Fx%2Fembed%2F"}
    assert embed(302, b"", headers=location).status is AccountStatus.LOGIN_WALL
    followed = "https://www.instagram.com/accounts/login/?next=/diskominfo.contohkab/embed/"
    assert embed(200, b"<html>Login</html>", url=followed).status is AccountStatus.LOGIN_WALL


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (404, b"<html><h2>Sorry, this page isn't available.</h2></html>"),
        (200, b"<html><h2>Sorry, this page isn&#039;t available.</h2></html>"),
        (200, b"<html><h2>Maaf, halaman ini tidak tersedia.</h2></html>"),
    ],
)
def test_embed_not_found(status: int, body: bytes) -> None:
    assert embed(status, body).status is AccountStatus.NOT_FOUND


def test_embed_private_account() -> None:
    reading = embed(200, fixture("embed_private.html"))
    assert reading.status is AccountStatus.PRIVATE
    assert reading.followers == 845
    marker_only = b'<html><span>This Account is Private</span>"contextJSON":null</html>'
    assert embed(200, marker_only).status is AccountStatus.PRIVATE


def test_embed_without_context_is_a_layout_change() -> None:
    null_context = embed(200, fixture("embed_null_context.html"))
    assert null_context.status is AccountStatus.LAYOUT_CHANGED
    assert "null" in null_context.detail
    missing = embed(200, b"<html><body>new page</body></html>")
    assert missing.status is AccountStatus.LAYOUT_CHANGED
    broken = embed(200, b'<html>"contextJSON":"{not json"</html>')
    assert broken.status is AccountStatus.LAYOUT_CHANGED
    no_dates = embed(200, embed_page({"graphql_media": [{"shortcode_media": {"id": "1"}}]}))
    assert no_dates.status is AccountStatus.LAYOUT_CHANGED


def test_embed_throttling_refusals_and_server_errors() -> None:
    assert embed(429, b"").status is AccountStatus.RATE_LIMITED
    assert embed(403, b"").status is AccountStatus.BOT_CHALLENGE
    assert embed(503, b"").status is AccountStatus.UNREACHABLE
    assert embed(410, b"").status is AccountStatus.LAYOUT_CHANGED


def test_embed_markers_do_not_override_a_working_page() -> None:
    page = fixture("embed_profile.html").replace(
        b"</body>", b"<script>var s={'nf':\"Sorry, this page isn't available\"};</script></body>"
    )
    assert embed(200, page).status is AccountStatus.OK


# --- web_profile_info -----------------------------------------------------------------------


def test_web_profile_info_reads_followers_and_twelve_posts() -> None:
    reading = info(200, fixture("web_profile_info.json"))
    assert reading.status is AccountStatus.OK
    assert reading.followers == 12437
    assert reading.window == 12
    assert len(reading.posts) == 12
    assert reading.posts[0].url == "https://www.instagram.com/p/DPx7QmEkR2a/"
    assert reading.posts[0].published_at == datetime(2026, 10, 14, 2, 15, tzinfo=UTC)
    assert reading.posts[-1].published_at == datetime(2026, 8, 17, 0, 30, tzinfo=UTC)
    assert reading.posts[0].source == "web-profile-info"
    assert reading.partial is False


def test_web_profile_info_private_account_keeps_followers() -> None:
    reading = info(200, fixture("web_profile_info_private.json"))
    assert reading.status is AccountStatus.PRIVATE
    assert reading.followers == 845


def test_web_profile_info_rate_limits() -> None:
    wait = (
        b'{"message":"Please wait a few minutes before you try again.",'
        b'"require_login":true,"status":"fail"}'
    )
    assert info(401, wait).status is AccountStatus.RATE_LIMITED
    assert info(429, b"").status is AccountStatus.RATE_LIMITED


def test_web_profile_info_login_wall() -> None:
    login = b'{"message":"","require_login":true,"status":"fail"}'
    assert info(401, login).status is AccountStatus.LOGIN_WALL
    location = {"Location": "https://www.instagram.com/accounts/login/"}
    assert info(302, b"", headers=location).status is AccountStatus.LOGIN_WALL


def test_web_profile_info_400_means_this_route_cannot_read_the_account() -> None:
    reading = info(400, b'{"message":"","status":"fail"}')
    assert reading.status is AccountStatus.LAYOUT_CHANGED
    assert "400" in reading.detail


def test_web_profile_info_not_found() -> None:
    assert info(200, b'{"data":{"user":null},"status":"ok"}').status is AccountStatus.NOT_FOUND
    assert info(404, b"").status is AccountStatus.NOT_FOUND


def test_web_profile_info_unexpected_answers() -> None:
    assert info(200, b"<html>login</html>").status is AccountStatus.LAYOUT_CHANGED
    assert info(200, b'{"status":"ok"}').status is AccountStatus.LAYOUT_CHANGED
    assert info(500, b"").status is AccountStatus.UNREACHABLE
    assert info(403, b"").status is AccountStatus.BOT_CHALLENGE


# --- og:description ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("88", 88),
        ("146K", 146_000),
        ("1.2M", 1_200_000),
        ("1,2M", 1_200_000),
        ("12.5k", 12_500),
        ("12,345", 12_345),
        ("12.345", 12_345),
        ("1,234.5K", 1_234_500),
        ("146 rb", 146_000),
        ("1,2 jt", 1_200_000),
        ("many", None),
    ],
)
def test_parse_count(text: str, count: int | None) -> None:
    assert parse_count(text) == count


def test_followers_from_og_description() -> None:
    page = (
        '<head><meta property="og:description" content="146K Followers, 200 Following, 88 '
        "Posts - See Instagram photos and videos from Diskominfo (&#064;diskominfo.contohkab)"
        '" /></head>'
    )
    assert followers_from_og_description(page) == 146_000
    assert followers_from_og_description(page.encode()) == 146_000
    indonesian = (
        '<meta content="1,2 jt Pengikut, 210 Mengikuti, 1.187 Postingan - Lihat foto dan video '
        'Instagram dari Diskominfo (&#064;diskominfo.contohkab)" property="og:description">'
    )
    assert followers_from_og_description(indonesian) == 1_200_000
    assert followers_from_og_description("12,437 Followers, 210 Following") == 12_437
    assert followers_from_og_description("<meta property='og:title' content='x'>") is None


def test_login_wall_behind_a_loopback_prefix() -> None:
    location = {"location": "http://127.0.0.1:8765/instagram/accounts/login/?next=x"}
    assert embed(302, b"", headers=location).status is AccountStatus.LOGIN_WALL
    assert info(302, b"", headers=location).status is AccountStatus.LOGIN_WALL


def test_embed_throttle_answer_is_rate_limited_not_a_layout_change():
    """Instagram's throttle body (401 "Please wait a few minutes") also reaches the embed
    route; it is the platform refusing, not a changed page (found by bench_social.py)."""
    body = b'{"message":"Please wait a few minutes before you try again.","status":"fail"}'
    reading = embed(401, body)
    assert reading.status is AccountStatus.RATE_LIMITED


# --- Business Discovery (optional official route) -------------------------------------------
# Shape of the Graph API's answer for
# GET /{ig-user-id}?fields=business_discovery.username(h){followers_count,media_count,
# media.limit(12){timestamp,permalink}} (Meta's documented response: timestamps with "+0000").

BUSINESS_CONFIG = {
    "base_urls": {"graph_api": "https://graph.facebook.com/v21.0"},
    "instagram_business_id": "17841400000000000",
    "instagram_business_token": "rahasia",
}


def test_business_discovery_runs_only_with_the_office_s_id_and_token():
    from opdcrawl.social.instagram import BUSINESS_DISCOVERY

    assert BUSINESS_DISCOVERY.request(ACCOUNT, {"base_urls": BUSINESS_CONFIG["base_urls"]}) is None
    request = BUSINESS_DISCOVERY.request(ACCOUNT, BUSINESS_CONFIG)
    assert request is not None
    assert request.url.startswith("https://graph.facebook.com/v21.0/17841400000000000?")
    assert "business_discovery.username%28" in request.url and "access_token=rahasia" in request.url


def test_business_discovery_reads_posts_followers_and_hides_the_token():
    from opdcrawl.social.instagram import parse_business_discovery

    body = json.dumps({
        "business_discovery": {
            "followers_count": 12437, "media_count": 1187, "id": "17841448213377001",
            "media": {"data": [
                {"timestamp": "2026-10-10T03:00:00+0000",
                 "permalink": "https://www.instagram.com/p/DPx7QmEkR2a/", "id": "1"},
                {"timestamp": "2026-10-15T10:30:00+0000",
                 "permalink": "https://www.instagram.com/p/DPr2LbVk9Tz/", "id": "2"},
            ]},
        },
        "id": "17841400000000000",
    }).encode()  # fmt: skip
    url = "https://graph.facebook.com/v21.0/1784?fields=x&access_token=rahasia"
    reading = parse_business_discovery(200, {}, body, url, account=ACCOUNT, now=NOW)
    assert reading.status is AccountStatus.OK and reading.followers == 12437
    assert [p.published_at for p in reading.posts] == [
        datetime(2026, 10, 15, 10, 30, tzinfo=UTC),
        datetime(2026, 10, 10, 3, 0, tzinfo=UTC),
    ]
    assert all("rahasia" not in post.evidence_url for post in reading.posts)


@pytest.mark.parametrize(
    ("code", "status"),
    [(4, AccountStatus.RATE_LIMITED), (190, AccountStatus.NOT_READABLE),
     (110, AccountStatus.NOT_READABLE)],
)  # fmt: skip
def test_business_discovery_errors(code, status):
    from opdcrawl.social.instagram import parse_business_discovery

    body = json.dumps({"error": {"message": "x", "type": "OAuthException", "code": code}})
    reading = parse_business_discovery(400, {}, body.encode(), "u", account=ACCOUNT, now=NOW)
    assert reading.status is status
