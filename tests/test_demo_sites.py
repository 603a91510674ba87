"""The demo and hostile sites have the shapes and traps the crawler is tested against.

The servers run on free ports so a demo already running on 8765 does not clash.
"""

from __future__ import annotations

import html
import http.client
import json
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urljoin, urlsplit

import pytest

from opdcrawl.demo import DEMO_SITES, HOSTILE_NAMES, DemoServer, HostileServer, make_site
from opdcrawl.demo.sites import DAYS_ID, JAKARTA, MONTHS_ID, years_before
from opdcrawl.vocabulary import Category

NOW = datetime(2026, 11, 23, 18, 30, tzinfo=JAKARTA)
MONTH = "|".join(MONTHS_ID)
DAY = "|".join((*DAYS_ID, "Jum'at"))


def fetch(url: str, *, data: bytes | None = None, timeout: float = 5) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, data=data, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def text(url: str) -> str:
    status, body = fetch(url)
    assert status == 200, url
    return body.decode()


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoServer]:
    with DemoServer(port=0, now=NOW) as server:
        yield server


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    with HostileServer(now=NOW, hang_seconds=30, huge_bytes=2 * 1024 * 1024) as server:
        yield server


# --- registry --------------------------------------------------------------------------------


def test_registry_covers_every_category_on_own_addresses() -> None:
    categories = {spec.expected_category for spec in DEMO_SITES.values()}
    assert categories == {
        Category.AKTIF,
        Category.KURANG_AKTIF,
        Category.TIDAK_AKTIF,
        Category.TIDAK_DAPAT_DIAKSES,
        Category.TIDAK_PUNYA_WEBSITE,
    }
    hosts = [spec.host for spec in DEMO_SITES.values() if spec.host]
    assert len(hosts) == len(set(hosts)) == 11
    assert DEMO_SITES["DEMO-01"].url == "http://127.0.0.21:8765/"
    assert DEMO_SITES["DEMO-12"].url is None
    assert [c for c, s in DEMO_SITES.items() if s.needs_browser] == ["DEMO-07"]
    assert [c for c, s in DEMO_SITES.items() if s.spam] == ["DEMO-06"]


def _category(posts: list[datetime], now: datetime) -> Category:
    """DESIGN.md's rule, restated here so the schedules are checked against it."""
    if not posts:
        return Category.TIDAK_AKTIF
    age = (now - max(posts)).total_seconds() / 86400
    recent = sum(1 for p in posts if (now - p).days <= 90)
    if age <= 30 and recent >= 3:
        return Category.AKTIF
    if age <= 90:
        return Category.KURANG_AKTIF
    return Category.TIDAK_AKTIF


NOWS = [
    NOW,
    datetime(2028, 2, 29, 0, 5, tzinfo=JAKARTA),
    datetime(2027, 1, 1, 23, 59, tzinfo=JAKARTA),
    datetime(2030, 7, 15, 12, 0, tzinfo=JAKARTA),
]


@pytest.mark.parametrize("now", NOWS, ids=lambda n: n.date().isoformat())
def test_schedules_give_expected_category_on_any_day(now: datetime) -> None:
    for code, spec in DEMO_SITES.items():
        if not spec.served or spec.shape == "parked":
            continue
        site = make_site(spec, now)
        dates = [p.published_at for p in site.posts]
        assert all(d < now for d in dates), code
        assert _category(dates, now) == spec.expected_category, code
        recent = sum(1 for d in dates if (now - d).days <= 90)
        assert recent >= (spec.expected_min_posts_90d or 0), code
        if spec.expected_last_post_days:
            low, high = spec.expected_last_post_days
            assert low <= (now - max(dates)).days <= high, code


def test_content_is_deterministic_and_indonesian() -> None:
    first = make_site(DEMO_SITES["DEMO-03"], NOW).posts
    again = make_site(DEMO_SITES["DEMO-03"], NOW).posts
    later = make_site(DEMO_SITES["DEMO-03"], NOW + timedelta(days=40)).posts
    assert [p.title for p in first] == [p.title for p in again]
    assert [p.title for p in first] == [p.title for p in later]
    assert len({p.title for p in first}) > len(first) // 2  # varied, not one title
    assert len({p.slug for p in first}) == len(first)  # unique URLs
    assert any("Bappeda" in p.title for p in first)


# --- demo sites over HTTP --------------------------------------------------------------------


def test_every_served_site_answers_robots_txt(demo: DemoServer) -> None:
    served = [code for code, spec in DEMO_SITES.items() if spec.served]
    assert len(served) == 10
    for code in served:
        robots = text(demo.url_for(code) + "robots.txt")
        assert "User-agent: *" in robots, code
    sitemap_line = text(demo.url_for("DEMO-01") + "robots.txt").splitlines()[-1]
    assert sitemap_line == f"Sitemap: {demo.url_for('DEMO-01')}wp-sitemap.xml"


def test_wordpress_rest_api_newest_post_within_two_days(demo: DemoServer) -> None:
    base = demo.url_for("DEMO-01")
    for url in (base + "wp-json/wp/v2/posts", base + "?rest_route=/wp/v2/posts"):
        status, body = fetch(url)
        assert status == 200
        posts = json.loads(body)
        assert len(posts) == 10
        newest = max(datetime.fromisoformat(p["date_gmt"]).replace(tzinfo=UTC) for p in posts)
        assert timedelta(0) < demo.now - newest <= timedelta(days=2)


def test_wordpress_discovery_links_feed_and_sitemap(demo: DemoServer) -> None:
    base = demo.url_for("DEMO-01")
    home = text(base)
    assert '<link rel="https://api.w.org/"' in home
    assert 'type="application/rss+xml"' in home
    assert '<meta name="generator" content="WordPress' in home
    assert f'<td id="today">{NOW.day}</td>' in home  # the calendar trap
    permalink = re.search(r'href="([^"]+/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/)"', home)
    assert permalink
    article = text(permalink[1])
    assert 'property="article:published_time"' in article
    assert re.search(r"\d{1,2} [A-Z][a-z]+ \d{4} pukul \d{2}\.\d{2}", article)
    assert "<pubDate>" in text(base + "feed/")
    posts_map = text(base + "wp-sitemap-posts-post-1.xml")
    assert "<loc>" in posts_map and "<lastmod>" not in posts_map


def test_hardened_wordpress_refuses_feed_and_rest(demo: DemoServer) -> None:
    base = demo.url_for("DEMO-02")
    assert fetch(base + "feed/")[0] == 403
    status, body = fetch(base + "wp-json/")
    assert status == 401
    assert json.loads(body)["code"] == "rest_disabled"
    assert fetch(base + "wp-sitemap.xml")[0] == 404
    listing = text(base + "berita/")
    dates = re.findall(rf"\d{{2}} (?:{MONTH}) \d{{4}}", listing)
    assert dates
    assert base + "berita/page/2/" in listing


def test_popoji_rss_uses_gmt(demo: DemoServer) -> None:
    base = demo.url_for("DEMO-03")
    assert "/po-content/uploads/" in text(base)
    rss = text(base + "rss")
    assert re.search(r"<pubDate>\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT</pubDate>", rss)
    assert "/detailpost/" in rss


def test_sekolahku_badges_hide_that_posts_are_two_years_old(demo: DemoServer) -> None:
    base = demo.url_for("DEMO-04")
    home = text(base)
    badges = re.findall(r'<span class="day">(\d{2})</span><span class="month">(\w+)</span>', home)
    assert badges
    badge_area = home[home.index('class="post-date"') : home.index("</h5>")]
    assert not re.search(r"\b20\d{2}\b", badge_area)
    link = re.search(r'href="([^"]+/read/\d+/[a-z0-9-]+)"', home)
    assert link
    article = text(link[1])
    match = re.search(rf"(?:{DAY}), (\d{{2}}) ({MONTH}) (\d{{4}})", article)
    assert match
    shown = date(int(match[3]), MONTHS_ID.index(match[2]) + 1, int(match[1]))
    assert shown <= years_before(NOW.date(), 2)
    assert re.search(r"<pubDate>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}</pubDate>", text(base + "feed"))
    assert "Nop" in home or "Peb" in home


def test_sekolahku_category_list_needs_the_json_post(demo: DemoServer) -> None:
    base = demo.url_for("DEMO-04")
    listing = text(base + "berita")
    assert '<div id="post-list" class="row"></div>' in listing
    assert "/read/" not in listing.split('id="post-list"')[1].split("<script>")[0]
    status, body = fetch(
        base + "public/post_categories/get_posts", data=b"page_number=0&category_slug=berita"
    )
    assert status == 200
    rows = json.loads(body)
    assert rows and re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", rows[0]["created_at"])


def test_opensid_agenda_is_in_the_future_and_articles_in_the_past(demo: DemoServer) -> None:
    base = demo.url_for("DEMO-05")
    home = text(base)
    agenda = home[home.index("widget-agenda") :]
    agenda_dates = re.findall(rf"(\d{{2}}) ({MONTH}) (\d{{4}})", agenda)
    assert agenda_dates
    for day, month, year in agenda_dates:
        assert date(int(year), MONTHS_ID.index(month) + 1, int(day)) > NOW.date()
    urls = re.findall(r"/artikel/(\d{4})/(\d{1,2})/(\d{1,2})/[a-z0-9-]+", home)
    assert urls
    assert all(date(int(y), int(m), int(d)) < NOW.date() for y, m, d in urls)
    lastmods = re.findall(r"<lastmod>([^<]+)</lastmod>", text(base + "sitemap.xml"))
    assert len(set(lastmods)) > 3


def test_lokomedia_header_shows_today_and_hides_spam(demo: DemoServer) -> None:
    base = demo.url_for("DEMO-06")
    home = text(base)
    assert '<div id="tanggal">Senin, 23 November 2026</div>' in home
    hidden = re.search(r'<div style="display:none">(.*?)</div>', home, re.S)
    assert hidden and "slot gacor" in hidden[1] and "judi online" in hidden[1]
    assert "media.php?module=" in home
    post_dates = re.findall(r"\w+, \d{2} \w{3} (\d{4}), \d{2}:\d{2}:\d{2} WIB", home)
    assert post_dates


def test_javascript_site_has_titles_only_in_json(demo: DemoServer) -> None:
    base = demo.url_for("DEMO-07")
    shell = text(base)
    assert '<div id="app"></div>' in shell
    payload = json.loads(text(base + "api/berita.json"))
    titles = [item["judul"] for item in payload["data"]]
    assert titles
    assert not any(title in shell for title in titles)
    newest = max(datetime.fromisoformat(item["published_at"]) for item in payload["data"])
    assert demo.now - newest <= timedelta(days=5)
    assert "fetch(" in text(base + "static/js/app.js")


def test_down_site_refuses_connections(demo: DemoServer) -> None:
    with pytest.raises(urllib.error.URLError) as caught:
        urllib.request.urlopen(demo.url_for("DEMO-08"), timeout=3)
    assert isinstance(caught.value.reason, ConnectionRefusedError)


def test_parked_static_and_serang_shapes(demo: DemoServer) -> None:
    parked = text(demo.url_for("DEMO-09") + "any/path")
    assert "Domain ini telah kedaluwarsa" in parked and "Buy this domain" in parked
    static = text(demo.url_for("DEMO-10"))
    assert f"Terakhir diperbarui: {NOW.day} November 2026" in static
    assert "© 2026" in static or "&copy; 2026" in static
    assert fetch(demo.url_for("DEMO-10") + "feed")[0] == 404
    serang = text(demo.url_for("DEMO-11") + "berita?page=1")
    times = re.findall(r'<div class="person">.*?<time>(\d{2} [A-Z][a-z]+ \d{4})</time>', serang)
    assert times and all(datetime.strptime(t, "%d %B %Y") for t in times)
    assert "/baca/berita/" in serang


def test_demo_server_is_quiet_and_stops(capsys: pytest.CaptureFixture[str]) -> None:
    server = DemoServer({"DEMO-10": DEMO_SITES["DEMO-10"]}, port=0, now=NOW)
    url = server.start()["DEMO-10"]
    assert text(url).startswith("<!DOCTYPE html>")
    server.stop()
    assert capsys.readouterr().out == ""
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)


# --- hostile sites ---------------------------------------------------------------------------


def _raw_get(url: str) -> http.client.HTTPResponse:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    connection.request("GET", target)
    return connection.getresponse()


def test_hostile_names_all_served(hostile: HostileServer) -> None:
    assert set(hostile.urls) == set(HOSTILE_NAMES)


def test_redirect_loop_never_ends(hostile: HostileServer) -> None:
    first = _raw_get(hostile.url_for("redirect_loop"))
    assert first.status == 302
    second = _raw_get(hostile.url_for("redirect_loop") + first.getheader("Location")[1:])
    assert second.status == 302
    assert first.getheader("Location") != second.getheader("Location")
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(hostile.url_for("redirect_loop"), timeout=5)
    assert caught.value.code == 302


def test_garbage_is_not_utf8(hostile: HostileServer) -> None:
    response = _raw_get(hostile.url_for("garbage"))
    body = response.read()
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/html"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_status_pages(hostile: HostileServer) -> None:
    status, body = fetch(hostile.url_for("firewall_403"))
    assert status == 403 and b"Cloudflare" in body
    assert fetch(hostile.url_for("error_500"))[0] == 500
    status, body = fetch(hostile.url_for("suspended"))
    assert status == 200 and b"Account Suspended" in body
    status, body = fetch(hostile.url_for("under_construction"))
    assert status == 200 and b"Sedang dalam Perbaikan" in body
    status, body = fetch(hostile.url_for("robots_forbid_all") + "robots.txt")
    assert body == b"User-agent: *\nDisallow: /\n"
    assert b"November 2026" in fetch(hostile.url_for("robots_forbid_all"))[1]


def test_huge_streams_without_length(hostile: HostileServer) -> None:
    response = _raw_get(hostile.url_for("huge"))
    assert response.getheader("Content-Length") is None
    assert len(response.read()) == 2 * 1024 * 1024
    declared = _raw_get(hostile.url_for("huge_declared"))
    assert declared.getheader("Content-Length") == str(2 * 1024 * 1024)
    declared.close()


def test_plain_http_on_tls_fails_the_handshake(hostile: HostileServer) -> None:
    url = hostile.url_for("plain_http_on_tls")
    assert url.startswith("https://")
    with pytest.raises(urllib.error.URLError) as caught:
        urllib.request.urlopen(url, timeout=5)
    assert "SSL" in repr(caught.value.reason) or "ssl" in repr(caught.value.reason)


def test_hang_times_out_and_does_not_block_stop() -> None:
    server = HostileServer(["hang"], hang_seconds=60)
    url = server.start()["hang"]
    started = time.monotonic()
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        urllib.request.urlopen(url, timeout=1)
    assert time.monotonic() - started < 3
    # A second client is still stuck inside the handler when we stop.
    parts = urlsplit(url)
    stuck = socket.create_connection((parts.hostname, parts.port))
    stuck.sendall(b"GET / HTTP/1.0\r\n\r\n")
    time.sleep(0.2)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 2.5
    stuck.settimeout(2)
    assert stuck.recv(100) == b""  # released, closed without an answer
    stuck.close()


@pytest.mark.parametrize("code", [c for c, s in DEMO_SITES.items() if s.served])
def test_internal_links_on_homepage_resolve(demo: DemoServer, code: str) -> None:
    base = demo.url_for(code)
    home = text(base)
    links = {
        urljoin(base, html.unescape(href)) for href in re.findall(r'(?:href|src)="([^"#]+)"', home)
    }
    internal = sorted(link for link in links if link.startswith(base))
    assert internal, code
    broken = [link for link in internal if fetch(link)[0] >= 400]
    assert broken == []
