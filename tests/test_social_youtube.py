"""The YouTube adapter: requests, parsing of each route's saved answer, every non-ok status.

Fixtures under ``tests/fixtures/social/youtube/`` are written by hand in the real shapes
of SOCIAL_NOTES.md ("YouTube" row); each test says which shape it copies.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from opdcrawl.social import youtube
from opdcrawl.social.base import BROWSER_HEADERS, Account, AccountReading, AccountStatus

FIXTURES = Path(__file__).parent / "fixtures" / "social" / "youtube"
NOW = datetime(2025, 3, 10, 2, 30, tzinfo=UTC)
OWN_ID = "UCPtYgjmUhBel31iEl2hpChY"
UPLOADS_ID = "UUPtYgjmUhBel31iEl2hpChY"
FEATURED_IDS = {"UCgCfrL1spNxnyVmihA_2O76", "UCUMFxFkM_R5Kjp1vRt-1fjO", "UCRS_6ilI8ihN5KXSc7Tvo_h"}
CONFIG = {
    "base_urls": {
        "youtube": "http://127.0.0.1:8001/",
        "youtube_api": "http://127.0.0.1:8002/youtube/v3",
    },
    "youtube_api_key": "test-key-123",
    "x_bearer_token": "",
}
HANDLE_ACCOUNT = Account.from_url("youtube", "https://www.youtube.com/@diskominfokotaserang")
ID_ACCOUNT = Account("youtube", "https://www.youtube.com/@diskominfokotaserang", "x", OWN_ID)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def parse(route, status: int, body: bytes = b"", *, url: str = "", headers=None, account=None):
    return route.parse(
        status,
        headers or {},
        body,
        url or "http://127.0.0.1:8001/x",
        account=account or ID_ACCOUNT,
        now=NOW,
    )


# --- routes and their order ---------------------------------------------------------------


def test_routes_in_order_plain_http_first() -> None:
    assert [route.name for route in youtube.ROUTES] == [
        "resolve",
        "feed",
        "data-api",
        "data-api-uploads",
    ]
    assert youtube.RESOLVE.then == "feed"
    assert youtube.DATA_API.then == "data-api-uploads"
    assert youtube.FEED.needs == "channel_id"
    assert youtube.DATA_API_UPLOADS.needs == "uploads_playlist"


def test_resolve_request_for_a_handle_only() -> None:
    request = youtube.RESOLVE.request(HANDLE_ACCOUNT, CONFIG)
    assert request is not None
    assert request.url == "http://127.0.0.1:8001/@diskominfokotaserang"
    assert dict(request.headers) == BROWSER_HEADERS
    # A known channel id: nothing to resolve.
    assert youtube.RESOLVE.request(ID_ACCOUNT, CONFIG) is None
    legacy = Account.from_url("youtube", "https://www.youtube.com/user/pemkotserang")
    assert youtube.RESOLVE.request(legacy, CONFIG).url == "http://127.0.0.1:8001/user/pemkotserang"


def test_feed_request_needs_a_channel_id() -> None:
    assert youtube.FEED.request(HANDLE_ACCOUNT, CONFIG) is None
    request = youtube.FEED.request(ID_ACCOUNT, CONFIG)
    assert request.url == f"http://127.0.0.1:8001/feeds/videos.xml?channel_id={OWN_ID}"
    channel_url = Account.from_url("youtube", f"https://www.youtube.com/channel/{OWN_ID}")
    assert youtube.FEED.request(channel_url, CONFIG).url.endswith(OWN_ID)


def test_data_api_requests_need_the_key() -> None:
    no_key = {**CONFIG, "youtube_api_key": ""}
    assert youtube.DATA_API.request(HANDLE_ACCOUNT, no_key) is None
    by_handle = youtube.DATA_API.request(HANDLE_ACCOUNT, CONFIG)
    assert by_handle.url == (
        "http://127.0.0.1:8002/youtube/v3/channels?part=contentDetails,statistics"
        "&forHandle=@diskominfokotaserang&key=test-key-123"
    )
    by_id = youtube.DATA_API.request(ID_ACCOUNT, CONFIG)
    assert parse_qs(urlsplit(by_id.url).query)["id"] == [OWN_ID]

    # Only as data-api's follow-up: the account must carry the uploads playlist.
    assert youtube.DATA_API_UPLOADS.request(ID_ACCOUNT, CONFIG) is None
    uploads_account = Account("youtube", ID_ACCOUNT.url, "x", UPLOADS_ID)
    assert youtube.DATA_API_UPLOADS.request(uploads_account, no_key) is None
    uploads = youtube.DATA_API_UPLOADS.request(uploads_account, CONFIG)
    assert uploads.url == (
        "http://127.0.0.1:8002/youtube/v3/playlistItems?part=contentDetails"
        f"&playlistId={UPLOADS_ID}&maxResults=50&key=test-key-123"
    )


# --- resolve ------------------------------------------------------------------------------


def test_resolve_reads_the_channel_id_from_yt_initial_data() -> None:
    # Copies a desktop @handle page: `var ytInitialData = {...};` in a <script> in the body
    # (one line of JSON, `&` and `=` escaped as \u0026 and \u003d), a canonical
    # /channel/UC… link in the head, and a "featured channels" shelf whose
    # gridChannelRenderer entries name three other channels' UC ids before the
    # page's own metadata.channelMetadataRenderer.externalId.
    body = fixture("channel_page.html")
    page = body.decode()
    assert all(other in page for other in FEATURED_IDS)
    assert page.index("UCgCfrL1spNxnyVmihA_2O76") < page.index('"externalId"')

    reading = parse(youtube.RESOLVE, 200, body, account=HANDLE_ACCOUNT)
    assert reading == AccountReading(AccountStatus.OK, resolved_id=OWN_ID)
    assert reading.posts == []


def test_resolve_falls_back_to_the_canonical_link() -> None:
    # Same page shape, with ytInitialData renamed away: only the canonical link is left.
    page = fixture("channel_page.html").decode().replace("var ytInitialData", "var ytOther")
    assert youtube.channel_id_from_page(page) == OWN_ID


def test_resolve_never_takes_another_channels_id() -> None:
    # Same page shape without the two places that name the page's own channel: the
    # featured channels' ids (and the own id in og:url, the RSS link, the microformat)
    # are still on the page, but none of them is taken.
    page = (
        fixture("channel_page.html")
        .decode()
        .replace("channelMetadataRenderer", "channelMetadataRendererV2")
        .replace('rel="canonical"', 'rel="shortlink"')
    )
    assert all(other in page for other in FEATURED_IDS)
    assert youtube.channel_id_from_page(page) is None
    reading = parse(youtube.RESOLVE, 200, page.encode(), account=HANDLE_ACCOUNT)
    assert reading.status is AccountStatus.LAYOUT_CHANGED
    assert reading.resolved_id is None
    assert "ytInitialData" in reading.detail


@pytest.mark.parametrize(
    ("status", "headers", "url", "expected"),
    [
        (404, {}, "http://127.0.0.1:8001/@hilang", AccountStatus.NOT_FOUND),
        (
            302,
            {"Location": "https://consent.youtube.com/m?continue=https%3A%2F%2Fwww.youtube.com"},
            "http://127.0.0.1:8001/@diskominfokotaserang",
            AccountStatus.LOGIN_WALL,
        ),
        (200, {}, "https://consent.youtube.com/m?continue=x&gl=ID", AccountStatus.LOGIN_WALL),
        (
            200,
            {},
            "https://accounts.google.com/ServiceLogin?service=youtube",
            AccountStatus.LOGIN_WALL,
        ),
        (429, {}, "https://www.google.com/sorry/index?continue=x", AccountStatus.BOT_CHALLENGE),
        (429, {}, "http://127.0.0.1:8001/@diskominfokotaserang", AccountStatus.RATE_LIMITED),
        (503, {}, "http://127.0.0.1:8001/@diskominfokotaserang", AccountStatus.UNREACHABLE),
    ],
)
def test_resolve_statuses(status, headers, url, expected) -> None:
    reading = parse(youtube.RESOLVE, status, b"", url=url, headers=headers)
    assert reading.status is expected
    assert reading.resolved_id is None
    assert reading.detail


def test_resolve_other_redirect_names_its_target() -> None:
    # The spider does not follow redirects: one that is no wall is reported with its target.
    headers = {"location": "https://www.youtube.com/@DiskominfoKotaSerang"}
    reading = parse(youtube.RESOLVE, 301, b"", headers=headers)
    assert reading.status is AccountStatus.UNREACHABLE
    assert "HTTP 301 ke https://www.youtube.com/@DiskominfoKotaSerang" in reading.detail


def test_resolve_consent_page_served_in_place() -> None:
    # The "Before you continue to YouTube" page: a form posting to consent.youtube.com.
    body = (
        b'<html><body><form action="https://consent.youtube.com/save" method="POST">'
        b'<input type="hidden" name="gl" value="ID"><button>Terima semua</button>'
        b"</form></body></html>"
    )
    reading = parse(youtube.RESOLVE, 200, body, url="http://127.0.0.1:8001/@x")
    assert reading.status is AccountStatus.LOGIN_WALL


def test_resolve_page_without_id_is_layout_changed() -> None:
    reading = parse(youtube.RESOLVE, 200, b"<html><head><title>YouTube</title></head></html>")
    assert reading.status is AccountStatus.LAYOUT_CHANGED


# --- feed ---------------------------------------------------------------------------------


def test_feed_gives_the_fifteen_newest_videos() -> None:
    # Copies feeds/videos.xml: Atom with the yt: and media: namespaces, an EMPTY feed-level
    # <yt:channelId></yt:channelId>, 15 <entry> elements with yt:videoId, title, link
    # rel=alternate (watch?v= or, for shorts, /shorts/), published and a later updated
    # (both ISO 8601 with +00:00), media:group/media:community/media:statistics@views.
    body = fixture("feed.xml")
    assert b"<yt:channelId></yt:channelId>" in body
    url = f"http://127.0.0.1:8001/feeds/videos.xml?channel_id={OWN_ID}"
    reading = parse(youtube.FEED, 200, body, url=url)

    assert reading.status is AccountStatus.OK
    assert reading.window == 15
    assert reading.partial is False
    assert reading.resolved_id == OWN_ID  # from the request, not from the empty feed field
    assert len(reading.posts) == 15
    newest = reading.posts[0]
    assert newest.url == "https://www.youtube.com/watch?v=tDDb-xHKas1"
    assert newest.title == "Rapat Koordinasi SPBE Kota Serang 2025"
    assert newest.raw_date == "2025-03-07T03:00:12+00:00"  # published, not updated
    assert newest.published_at == datetime(2025, 3, 7, 3, 0, 12, tzinfo=UTC)
    assert newest.source == "feed"
    assert newest.evidence_url == url
    assert reading.posts[1].url == "https://www.youtube.com/shorts/VOqg6YYZYn9"
    assert reading.posts[2].title == "Sosialisasi Keterbukaan Informasi Publik & PPID"
    times = [post.published_at for post in reading.posts]
    assert times == sorted(times, reverse=True)
    assert all(t.tzinfo is not None and t.utcoffset() == timedelta(0) for t in times)


def test_feed_entries_keep_the_view_counts() -> None:
    entries = youtube.parse_feed(fixture("feed.xml"))
    assert len(entries) == 15
    assert entries[0].video_id == "tDDb-xHKas1"
    assert entries[0].views == 345
    assert entries[-1].views == 8870


def test_youtube_time_with_offset_is_aware_utc() -> None:
    moment = youtube.parse_youtube_time("2025-03-07T03:00:12+00:00")
    assert moment == datetime(2025, 3, 7, 3, 0, 12, tzinfo=UTC)
    assert moment.utcoffset() == timedelta(0)
    wib = timezone(timedelta(hours=7))
    assert moment.astimezone(wib).hour == 10
    assert youtube.parse_youtube_time("2025-03-07T03:00:12Z") == moment
    assert youtube.parse_youtube_time("2025-03-07T10:00:12+07:00") == moment
    assert youtube.parse_youtube_time("2025-03-07T03:00:12") is None  # no offset, no guess
    assert youtube.parse_youtube_time("kemarin") is None


@pytest.mark.parametrize("status", [404, 500, 502])
def test_feed_errors_are_unreachable_not_not_found(status: int) -> None:
    # YouTube feeds answered 404/500 for every channel during outages: not "not found".
    reading = parse(youtube.FEED, status, b"<html><title>Error 404 (Not Found)!!1</title>")
    assert reading.status is AccountStatus.UNREACHABLE
    assert str(status) in reading.detail


def test_feed_other_statuses() -> None:
    assert parse(youtube.FEED, 429).status is AccountStatus.RATE_LIMITED
    consent = parse(youtube.FEED, 200, b"<html></html>", url="https://consent.youtube.com/m?x")
    assert consent.status is AccountStatus.LOGIN_WALL
    html = parse(youtube.FEED, 200, b"<!DOCTYPE html><html><body>Oops</body></html>")
    assert html.status is AccountStatus.LAYOUT_CHANGED
    undated = (
        fixture("feed.xml")
        .replace(b"<published>", b"<posted>")
        .replace(b"</published>", b"</posted>")
    )
    assert parse(youtube.FEED, 200, undated).status is AccountStatus.LAYOUT_CHANGED


def test_feed_without_entries_is_ok_and_empty() -> None:
    body = fixture("feed.xml").split(b" <entry>")[0] + b"</feed>\n"
    reading = parse(youtube.FEED, 200, body)
    assert reading.status is AccountStatus.OK
    assert reading.posts == []


# --- data-api and data-api-uploads --------------------------------------------------------


def test_data_api_channels_list() -> None:
    # Copies channels.list?part=contentDetails,statistics: items[0] with
    # contentDetails.relatedPlaylists.uploads "UU…" and statistics counts as STRINGS.
    reading = parse(youtube.DATA_API, 200, fixture("channels_list.json"))
    assert reading == AccountReading(AccountStatus.OK, followers=4120, resolved_id=UPLOADS_ID)
    assert isinstance(reading.followers, int)


def test_data_api_hidden_subscriber_count() -> None:
    body = fixture("channels_list.json").replace(
        b'"hiddenSubscriberCount": false', b'"hiddenSubscriberCount": true'
    )
    reading = parse(youtube.DATA_API, 200, body)
    assert reading.status is AccountStatus.OK
    assert reading.followers is None


def test_data_api_statuses() -> None:
    # An unknown handle: 200 with pageInfo.totalResults 0 and no "items" key at all.
    not_found = parse(youtube.DATA_API, 200, fixture("channels_list_not_found.json"))
    assert not_found.status is AccountStatus.NOT_FOUND
    # The daily quota: 403 with error.errors[0].reason "quotaExceeded".
    quota = parse(youtube.DATA_API, 403, fixture("quota_exceeded.json"))
    assert quota.status is AccountStatus.RATE_LIMITED
    assert "quotaExceeded" in quota.detail
    assert parse(youtube.DATA_API, 429, b"{}").status is AccountStatus.RATE_LIMITED
    # A bad key: 400 "API key not valid": the route cannot read, the account is not judged.
    bad_key = parse(youtube.DATA_API, 400, fixture("key_invalid.json"))
    assert bad_key.status is AccountStatus.NOT_READABLE
    assert "API key not valid" in bad_key.detail
    assert parse(youtube.DATA_API, 503, b"").status is AccountStatus.UNREACHABLE
    layout = parse(youtube.DATA_API, 200, b'{"items": [{"id": "UCx"}]}')
    assert layout.status is AccountStatus.LAYOUT_CHANGED
    assert parse(youtube.DATA_API, 200, b"<html>").status is AccountStatus.LAYOUT_CHANGED


def test_data_api_uploads_posts() -> None:
    # Copies playlistItems.list?part=contentDetails on the uploads playlist: items with
    # contentDetails.videoId and videoPublishedAt ("…Z"); the last item is a private
    # video, which has no videoPublishedAt.
    account = Account("youtube", ID_ACCOUNT.url, "x", UPLOADS_ID)
    url = (
        "http://127.0.0.1:8002/youtube/v3/playlistItems?part=contentDetails"
        f"&playlistId={UPLOADS_ID}&maxResults=50&key=test-key-123"
    )
    reading = parse(
        youtube.DATA_API_UPLOADS, 200, fixture("playlist_items.json"), url=url, account=account
    )
    assert reading.status is AccountStatus.OK
    assert reading.window == 50
    assert reading.resolved_id == OWN_ID
    assert [post.url for post in reading.posts] == [
        "https://www.youtube.com/watch?v=tDDb-xHKas1",
        "https://www.youtube.com/watch?v=VOqg6YYZYn9",
        "https://www.youtube.com/watch?v=ZhyiA4uoRgn",
        "https://www.youtube.com/watch?v=atmUdjAWtGS",
    ]
    first = reading.posts[0]
    assert first.published_at == datetime(2025, 3, 7, 3, 0, 12, tzinfo=UTC)
    assert first.raw_date == "2025-03-07T03:00:12Z"
    assert first.source == "data-api-uploads"
    assert "key=" not in first.evidence_url  # the API key never reaches the reports
    assert f"playlistId={UPLOADS_ID}" in first.evidence_url


def test_data_api_uploads_statuses() -> None:
    quota = parse(youtube.DATA_API_UPLOADS, 403, fixture("quota_exceeded.json"))
    assert quota.status is AccountStatus.RATE_LIMITED
    missing = parse(youtube.DATA_API_UPLOADS, 404, fixture("playlist_not_found.json"))
    assert missing.status is AccountStatus.NOT_FOUND
    assert "playlistNotFound" in missing.detail
    bad_key = parse(youtube.DATA_API_UPLOADS, 400, fixture("key_invalid.json"))
    assert bad_key.status is AccountStatus.NOT_READABLE
    assert parse(youtube.DATA_API_UPLOADS, 500, b"").status is AccountStatus.UNREACHABLE
    layout = parse(youtube.DATA_API_UPLOADS, 200, b'{"kind": "youtube#playlistItemListResponse"}')
    assert layout.status is AccountStatus.LAYOUT_CHANGED


# --- chaining -----------------------------------------------------------------------------


def test_resolve_then_feed() -> None:
    resolved = parse(youtube.RESOLVE, 200, fixture("channel_page.html"), account=HANDLE_ACCOUNT)
    step = youtube.follow_up(youtube.RESOLVE, HANDLE_ACCOUNT, resolved)
    assert step is not None
    route, account = step
    assert route is youtube.FEED
    assert account.channel_id == OWN_ID
    assert route.request(account, CONFIG).url.endswith(f"channel_id={OWN_ID}")
    # A failed resolve, or a route without a follow-up: nothing to chain.
    failed = AccountReading(AccountStatus.NOT_FOUND)
    assert youtube.follow_up(youtube.RESOLVE, HANDLE_ACCOUNT, failed) is None
    fed = parse(youtube.FEED, 200, fixture("feed.xml"), account=account)
    assert youtube.follow_up(youtube.FEED, account, fed) is None


def test_data_api_then_uploads_keeps_the_followers() -> None:
    first = parse(youtube.DATA_API, 200, fixture("channels_list.json"), account=HANDLE_ACCOUNT)
    route, account = youtube.follow_up(youtube.DATA_API, HANDLE_ACCOUNT, first)
    assert route is youtube.DATA_API_UPLOADS
    assert account.channel_id == UPLOADS_ID
    assert route.request(account, CONFIG) is not None
    second = parse(route, 200, fixture("playlist_items.json"), account=account)
    merged = youtube.merge_follow_up(first, second)
    assert merged.status is AccountStatus.OK
    assert merged.followers == 4120
    assert len(merged.posts) == 4
    assert merged.resolved_id == OWN_ID  # the UC id to cache, not the UU playlist
