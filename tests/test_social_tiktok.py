"""TikTok adapter: the creator embed (videos, time from the id) and the profile page.

Fixtures (tests/fixtures/social/tiktok/) copy the shapes in SOCIAL_NOTES.md:

- ``embed_creator.html``: ``/embed/@<user>`` with ``<script id="__FRONTITY_CONNECT_STATE__"
  type="application/json">`` → ``source.data["/embed/@<user>"]`` = ``{userInfo:{uniqueId,
  followerCount (int), videoCount, privateAccount, code:0, …}, videoList:[{id, desc,
  playCount, …}], isError:false}``. Video ids are 19-digit *strings* and there is no
  ``createTime``; each id was built as ``(unix time << 32) | low bits``, so ``int(id) >> 32``
  gives a real recent time. The first video is an older pinned one, as on real grids.
- ``embed_empty_videolist.html``: the same account as a datacenter address often sees it,
  ``userInfo`` present and ``videoList: []``.
- ``embed_private.html``: ``privateAccount: true`` and no videos.
- ``embed_not_found.html``: ``userInfo: {code: 404}``, ``isError: true`` (the check public
  parsers of this page make for a missing account).
- ``profile_*.html``: ``/@<user>`` with ``<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__">``
  → ``__DEFAULT_SCOPE__["webapp.user-detail"]`` ``{userInfo:{user, stats}, statusCode}``,
  with "/" escaped as ``\\u002F`` as TikTok writes it; statusCode 10221, 10222 and 10231
  for not found, private and region-locked.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from opdcrawl.social.base import BROWSER_HEADERS, Account, AccountStatus
from opdcrawl.social.tiktok import ROUTES, parse_embed, parse_profile, video_time

FIXTURES = Path(__file__).parent / "fixtures" / "social" / "tiktok"
WIB = timezone(timedelta(hours=7), "WIB")
NOW = datetime(2026, 10, 20, 9, 0, tzinfo=WIB)
ACCOUNT = Account.from_url("tiktok", "https://www.tiktok.com/@diskominfo.contohkab")
EMBED_URL = "https://www.tiktok.com/embed/@diskominfo.contohkab"
PROFILE_URL = "https://www.tiktok.com/@diskominfo.contohkab"
CONFIG = {"base_urls": {"tiktok": "http://127.0.0.1:8765"}}


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def embed(status: int, body: bytes, account: Account = ACCOUNT, **kwargs):
    url = kwargs.pop("url", EMBED_URL)
    headers = kwargs.pop("headers", {})
    return parse_embed(status, headers, body, url, account=account, now=NOW)


def profile(status: int, body: bytes, **kwargs):
    url = kwargs.pop("url", PROFILE_URL)
    headers = kwargs.pop("headers", {})
    return parse_profile(status, headers, body, url, account=ACCOUNT, now=NOW)


def embed_page(entry: dict, key: str = "/embed/@diskominfo.contohkab") -> bytes:
    state = json.dumps({"source": {"data": {key: entry}}})
    return (
        f'<html><script id="__FRONTITY_CONNECT_STATE__" type="application/json">{state}</script>'
    ).encode()


# --- routes ---------------------------------------------------------------------------------


def test_routes_are_embed_first_then_profile() -> None:
    assert [route.name for route in ROUTES] == ["embed", "profile"]
    embed_request = ROUTES[0].request(ACCOUNT, CONFIG)
    assert embed_request.url == "http://127.0.0.1:8765/embed/@diskominfo.contohkab"
    assert dict(embed_request.headers) == BROWSER_HEADERS
    assert ROUTES[1].request(ACCOUNT, CONFIG).url == "http://127.0.0.1:8765/@diskominfo.contohkab"


# --- the id is the clock ----------------------------------------------------------------------


def test_video_time_is_the_id_shifted_right_by_32_bits() -> None:
    assert video_time("7696852971023012327") == datetime(2026, 10, 15, 11, 20, 31, tzinfo=UTC)
    assert video_time("7635201158272397059") == datetime(2026, 5, 2, 8, 0, tzinfo=UTC)
    # A real id from a public data set, uploaded 2025-12-11 17:28:27 UTC: the id's time
    # falls within seconds of the upload.
    assert video_time("7582653507375746334") == datetime(2025, 12, 11, 17, 28, 16, tzinfo=UTC)
    assert video_time("not-an-id") is None
    assert video_time("123") is None


# --- embed ----------------------------------------------------------------------------------


def test_embed_reads_ten_videos_newest_first_with_followers() -> None:
    reading = embed(200, fixture("embed_creator.html"))
    assert reading.status is AccountStatus.OK
    assert reading.followers == 15200
    assert reading.window == 10
    assert reading.partial is False
    assert len(reading.posts) == 10
    newest = reading.posts[0]
    assert newest.url == "https://www.tiktok.com/@diskominfo.contohkab/video/7696852971023012327"
    assert newest.published_at == datetime(2026, 10, 15, 11, 20, 31, tzinfo=UTC)
    assert newest.raw_date == "7696852971023012327"
    assert newest.title == "Pelayanan publik kini lebih cepat ✅ #pelayananpublik #contohkab"
    assert newest.source == "embed"
    assert newest.evidence_url == EMBED_URL
    assert [post.published_at for post in reading.posts[1:4]] == [
        datetime(2026, 10, 13, 4, 5, 6, tzinfo=UTC),
        datetime(2026, 10, 10, 12, 0, tzinfo=UTC),
        datetime(2026, 10, 6, 2, 30, tzinfo=UTC),
    ]
    assert reading.posts[2].title is None  # an empty desc
    # the pinned video listed first is the oldest one
    assert reading.posts[-1].url.endswith("/video/7635201158272397059")


def test_embed_ids_stay_exact_as_strings() -> None:
    page = fixture("embed_creator.html").decode()
    assert '"id":"7696852971023012327"' in page  # a string: a float would lose the low bits
    assert "createTime" not in page


def test_embed_keeps_ten_and_drops_unreadable_or_future_ids() -> None:
    ids = [str(((1790000000 + i) << 32) | 7) for i in range(12)]
    future = str((int(NOW.timestamp()) + 3 * 86400) << 32)
    videos = [{"id": video_id, "desc": ""} for video_id in [*ids, future, "abc"]]
    user = {"uniqueId": "diskominfo.contohkab", "followerCount": 1}
    reading = embed(200, embed_page({"userInfo": user, "videoList": videos, "isError": False}))
    assert [post.raw_date for post in reading.posts] == ids[::-1][:10]


def test_embed_entry_key_is_matched_without_case() -> None:
    account = Account.from_url("tiktok", "https://www.tiktok.com/@DiskominfoContohkab")
    user = {"uniqueId": "diskominfocontohkab", "followerCount": 3, "videoCount": 0}
    page = embed_page({"userInfo": user, "videoList": []}, key="/embed/@diskominfocontohkab")
    assert embed(200, page, account=account).status is AccountStatus.OK


def test_embed_empty_video_list_is_no_evidence_of_inactivity() -> None:
    reading = embed(200, fixture("embed_empty_videolist.html"))
    assert reading.status is AccountStatus.OK  # the spider scores it...
    assert reading.posts == []
    assert reading.followers == 15200
    assert reading.partial is True  # ...knowing it says nothing about posting
    user = {"uniqueId": "diskominfo.contohkab", "videoCount": 0}
    truly_empty = embed(200, embed_page({"userInfo": user, "videoList": []}))
    assert truly_empty.status is AccountStatus.OK and truly_empty.partial is False


def test_embed_private_account() -> None:
    reading = embed(200, fixture("embed_private.html"))
    assert reading.status is AccountStatus.PRIVATE
    assert reading.followers == 845


@pytest.mark.parametrize(
    ("entry", "status"),
    [
        ({"userInfo": {"code": 404}, "videoList": [], "isError": True}, AccountStatus.NOT_FOUND),
        ({"userInfo": {"code": 10221}, "videoList": []}, AccountStatus.NOT_FOUND),
        ({"userInfo": {}, "videoList": [], "isError": True}, AccountStatus.NOT_FOUND),
        ({"userInfo": {"code": 10222}, "videoList": []}, AccountStatus.PRIVATE),
        ({"userInfo": {"code": 10231}, "videoList": []}, AccountStatus.RESTRICTED),
        ({"videoList": []}, AccountStatus.LAYOUT_CHANGED),
    ],
)
def test_embed_error_codes(entry: dict, status: AccountStatus) -> None:
    assert embed(200, embed_page(entry)).status is status


def test_embed_not_found_fixture() -> None:
    account = Account.from_url("tiktok", "https://www.tiktok.com/@akun.tidak.ada")
    assert embed(200, fixture("embed_not_found.html"), account).status is AccountStatus.NOT_FOUND
    assert embed(404, b"").status is AccountStatus.NOT_FOUND


def test_embed_without_state_is_a_layout_change() -> None:
    assert embed(200, b"<html><body></body></html>").status is AccountStatus.LAYOUT_CHANGED
    broken = b'<script id="__FRONTITY_CONNECT_STATE__" type="application/json">{oops</script>'
    assert embed(200, broken).status is AccountStatus.LAYOUT_CHANGED
    other_route = embed_page({"userInfo": {"uniqueId": "x"}}, key="/embed/v2/1")
    assert embed(200, other_route).status is AccountStatus.LAYOUT_CHANGED
    bad_ids = embed_page({"userInfo": {"uniqueId": "x"}, "videoList": [{"id": 1.5}]})
    assert embed(200, bad_ids).status is AccountStatus.LAYOUT_CHANGED


def test_embed_http_failures() -> None:
    assert embed(429, b"").status is AccountStatus.RATE_LIMITED
    assert embed(502, b"").status is AccountStatus.UNREACHABLE
    login = {"Location": "https://www.tiktok.com/login?redirect_url=%2Fembed%2F%40x"}
    assert embed(302, b"", headers=login).status is AccountStatus.LOGIN_WALL
    assert (
        embed(200, b"", url="https://www.tiktok.com/login?x=1").status is AccountStatus.LOGIN_WALL
    )
    assert embed(403, b"").status is AccountStatus.BOT_CHALLENGE
    assert embed(410, b"").status is AccountStatus.LAYOUT_CHANGED


# --- profile page ---------------------------------------------------------------------------


def test_profile_fixture_escapes_slashes_like_tiktok() -> None:
    assert "https:\\u002F\\u002Fp16-sign-sg" in fixture("profile_public.html").decode()


def test_profile_public_account_gives_followers_and_no_posts() -> None:
    reading = profile(200, fixture("profile_public.html"))
    assert reading.status is AccountStatus.OK
    assert reading.followers == 15234
    assert reading.posts == []
    assert reading.partial is True  # 412 videos exist; this route lists none


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("profile_not_found.html", AccountStatus.NOT_FOUND),
        ("profile_private.html", AccountStatus.PRIVATE),
        ("profile_region_locked.html", AccountStatus.RESTRICTED),
    ],
)
def test_profile_status_codes(name: str, status: AccountStatus) -> None:
    assert profile(200, fixture(name)).status is status


def test_profile_private_flag_with_status_zero() -> None:
    page = fixture("profile_public.html").replace(
        b'"privateAccount":false', b'"privateAccount":true'
    )
    reading = profile(200, page)
    assert reading.status is AccountStatus.PRIVATE
    assert reading.followers == 15234


def test_profile_unknown_shapes_are_layout_changes() -> None:
    assert profile(200, b"<html></html>").status is AccountStatus.LAYOUT_CHANGED
    script = '<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__" type="application/json">{}</script>'
    assert profile(200, script.encode()).status is AccountStatus.LAYOUT_CHANGED
    unknown_code = fixture("profile_not_found.html").replace(b"10221", b"10999")
    assert profile(200, unknown_code).status is AccountStatus.LAYOUT_CHANGED


def test_profile_http_failures() -> None:
    assert profile(429, b"").status is AccountStatus.RATE_LIMITED
    assert profile(500, b"").status is AccountStatus.UNREACHABLE
    assert profile(404, b"").status is AccountStatus.NOT_FOUND
    login = {"Location": "https://www.tiktok.com/login"}
    assert profile(302, b"", headers=login).status is AccountStatus.LOGIN_WALL


def test_login_wall_behind_a_loopback_prefix() -> None:
    location = {"location": "http://127.0.0.1:8765/tiktok/login?redirect_url=x"}
    assert embed(302, b"", headers=location).status is AccountStatus.LOGIN_WALL
    assert profile(302, b"", headers=location).status is AccountStatus.LOGIN_WALL
