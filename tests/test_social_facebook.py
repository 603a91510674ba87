"""Facebook adapter: the page's reels tab, always partial evidence.

Fixtures (tests/fixtures/social/facebook/) copy the reels tab's hydration: JSON scripts
``<script type="application/json" data-content-len=… data-sjs>`` holding
``{"require":[["ScheduledServerJS","handle",null,[{"__bbox":{"require":[[
"RelayPrefetchedStreamCache","next",[],["adp_…",{"__bbox":{"result":{"data":{"node":{
"all_collections":{"nodes":[{"style_renderer":{"collection":{"aggregated_fb_shorts":{
"edges":[{"profile_reel_node":{"node":{…Story…}}}]}}}}]}}}}}}]]]}}]]]}``, each Story with
``creation_time`` (unix seconds) and ``attachments[].media`` ``{"__typename":"Video","id":
"<digits>","created_time":…}``, "/" escaped as ``\\/`` and non-ASCII as ``\\uXXXX``, as
Facebook writes them. ``reels_tab.html`` also carries a suggested reel from another
account, newer than every reel of the page, in another script (it must be ignored);
``reels_tab_empty.html`` the same page with no reels; ``page_not_found.html`` and
``content_unavailable.html`` the two error pages.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from opdcrawl.social.base import BROWSER_HEADERS, Account, AccountStatus
from opdcrawl.social.facebook import ROUTES, parse_reels

FIXTURES = Path(__file__).parent / "fixtures" / "social" / "facebook"
WIB = timezone(timedelta(hours=7), "WIB")
NOW = datetime(2026, 10, 20, 9, 0, tzinfo=WIB)
ACCOUNT = Account.from_url("facebook", "https://www.facebook.com/pemkab.contoh")
REELS_URL = "https://www.facebook.com/pemkab.contoh/reels/"
CONFIG = {"base_urls": {"facebook": "http://127.0.0.1:8765"}}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def reels(status: int, body: bytes, url: str = REELS_URL, headers: dict | None = None):
    return parse_reels(status, headers or {}, body, url, account=ACCOUNT, now=NOW)


# --- route ----------------------------------------------------------------------------------


def test_route_asks_for_the_reels_tab_with_every_browser_header() -> None:
    assert [route.name for route in ROUTES] == ["reels", "page-browser"]
    request = ROUTES[0].request(ACCOUNT, CONFIG)
    assert request.url == "http://127.0.0.1:8765/pemkab.contoh/reels/"
    assert dict(request.headers) == BROWSER_HEADERS
    for name in ("Sec-Fetch-Dest", "Sec-Fetch-Mode", "Sec-Fetch-Site", "sec-ch-ua"):
        assert name in request.headers  # without them the site answers HTTP 400


def test_route_for_a_numeric_profile_url() -> None:
    account = Account.from_url("facebook", "https://www.facebook.com/profile.php?id=61589642519378")
    request = ROUTES[0].request(account, CONFIG)
    assert request.url == "http://127.0.0.1:8765/profile.php?id=61589642519378&sk=reels_tab"
    no_id = Account.from_url("facebook", "https://www.facebook.com/profile.php")
    assert ROUTES[0].request(no_id, CONFIG) is None


# --- reels ------------------------------------------------------------------------------------


def test_reels_tab_gives_the_ten_newest_reels_as_partial_evidence() -> None:
    reading = reels(200, fixture("reels_tab.html"))
    assert reading.status is AccountStatus.OK
    assert reading.partial is True
    assert reading.window == 10
    assert len(reading.posts) == 10
    newest = reading.posts[0]
    assert newest.url == "https://www.facebook.com/reel/1568404074723397/"
    assert newest.published_at == datetime(2026, 10, 16, 6, 12, 40, tzinfo=UTC)
    assert newest.raw_date == "1792131160"  # Story.creation_time, not Video.created_time
    assert newest.title == "Upacara peringatan Hari Sumpah Pemuda 🇮🇩"
    assert newest.source == "reels"
    assert newest.evidence_url == REELS_URL
    assert reading.posts[2].title is None  # a reel without a message
    assert reading.posts[-1].published_at == datetime(2026, 8, 29, 3, 40, tzinfo=UTC)
    dates = [post.published_at for post in reading.posts]
    assert dates == sorted(dates, reverse=True)


def test_reels_of_other_accounts_on_the_page_are_ignored() -> None:
    page = fixture("reels_tab.html")
    assert b'"id":"9990001112223334"' in page  # a suggested reel, newer than all
    urls = [post.url for post in reels(200, page).posts]
    assert not any("9990001112223334" in url for url in urls)


def test_regex_fallback_when_the_payload_is_not_a_json_script() -> None:
    page = fixture("reels_tab.html").replace(b'type="application/json"', b'type="text/javascript"')
    reading = reels(200, page)
    assert reading.status is AccountStatus.OK
    assert len(reading.posts) == 10
    assert reading.posts[0].url == "https://www.facebook.com/reel/1568404074723397/"
    assert reading.posts[0].published_at == datetime(2026, 10, 16, 6, 12, 40, tzinfo=UTC)
    assert not any("9990001112223334" in post.url for post in reading.posts)


def test_regex_fallback_reads_a_payload_escaped_inside_a_javascript_string() -> None:
    chunk = (
        '"aggregated_fb_shorts":{"edges":[{"profile_reel_node":{"node":{"creation_time":'
        '1792131160,"attachments":[{"media":{"__typename":"Video","id":"1568404074723397"}}]}}}]}'
    )
    escaped = chunk.replace('"', '\\"')
    page = f'<script>handle("{escaped}");</script>'.encode()
    reading = reels(200, page)
    assert [post.url for post in reading.posts] == [
        "https://www.facebook.com/reel/1568404074723397/"
    ]


def test_a_page_without_reels_is_not_idle() -> None:
    reading = reels(200, fixture("reels_tab_empty.html"))
    assert reading.status is AccountStatus.OK
    assert reading.posts == []
    assert reading.partial is True


# --- statuses -------------------------------------------------------------------------------


def test_missing_browser_headers_answer_400() -> None:
    reading = reels(400, b"")
    assert reading.status is AccountStatus.BOT_CHALLENGE
    assert "header peramban ditolak" in reading.detail


def test_login_redirect_is_a_login_wall() -> None:
    location = {"Location": "https://www.facebook.com/login/?next=https%3A%2F%2Fwww.facebook.com"}
    assert reels(302, b"", headers=location).status is AccountStatus.LOGIN_WALL
    followed = "https://www.facebook.com/login/?next=%2Fpemkab.contoh%2Freels%2F"
    assert reels(200, b"<html></html>", url=followed).status is AccountStatus.LOGIN_WALL
    legacy = "https://www.facebook.com/login.php?next=x"
    assert reels(200, b"<html></html>", url=legacy).status is AccountStatus.LOGIN_WALL


def test_checkpoint_redirect_is_a_bot_challenge() -> None:
    location = {"Location": "https://www.facebook.com/checkpoint/block/?next=x"}
    assert reels(302, b"", headers=location).status is AccountStatus.BOT_CHALLENGE


def test_page_not_found() -> None:
    assert reels(200, fixture("page_not_found.html")).status is AccountStatus.NOT_FOUND
    assert reels(404, b"").status is AccountStatus.NOT_FOUND
    titled = b"<html><head><title>Page Not Found | Facebook</title></head></html>"
    assert reels(200, titled).status is AccountStatus.NOT_FOUND


@pytest.mark.parametrize(
    "marker",
    [
        "This content isn't available right now",
        "This content isn&#039;t available right now",
        "This content isn\\u2019t available right now",
        "Konten Ini Tidak Tersedia Saat Ini",
    ],
)
def test_unavailable_content_is_restricted(marker: str) -> None:
    assert reels(200, fixture("content_unavailable.html")).status is AccountStatus.RESTRICTED
    page = f"<html><body><span>{marker}</span></body></html>".encode()
    assert reels(200, page).status is AccountStatus.RESTRICTED


def test_a_page_without_the_reels_data_is_a_layout_change() -> None:
    reading = reels(200, b"<html><body><div id='mount_0_0_x'></div></body></html>")
    assert reading.status is AccountStatus.LAYOUT_CHANGED


def test_throttling_server_errors_and_odd_answers() -> None:
    assert reels(429, b"").status is AccountStatus.RATE_LIMITED
    assert reels(500, b"").status is AccountStatus.UNREACHABLE
    assert reels(403, b"").status is AccountStatus.BOT_CHALLENGE
    assert reels(410, b"").status is AccountStatus.LAYOUT_CHANGED


def test_login_wall_behind_a_loopback_prefix() -> None:
    location = {"location": "http://127.0.0.1:8765/facebook/login/?next=x"}
    assert reels(302, b"", headers=location).status is AccountStatus.LOGIN_WALL
    assert reels(302, b"", headers={"location": "/facebook/pemkab.contoh/"}).status is (
        AccountStatus.LAYOUT_CHANGED
    )
