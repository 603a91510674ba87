"""Facebook's last route: the page itself rendered in Chromium (``page-browser``).

What plain HTTP cannot read (a page that posts photos, links and text but no reels) a
rendered page may show: its timeline's stories in the relay JSON scripts under
``timeline_list_feed_units.edges[].node``, each Story with ``post_id``, ``wwwURL`` and a
``creation_time`` nested in ``comet_sections``, "/" escaped as ``\\/``. That shape is the
one public scrapers read (SOCIAL_NOTES has no capture of it): ``page_rendered.html`` is
written in it, with a pinned old post first and a story that shares a newer post of
another page (its own time and link must win, not the shared one's), and the login
dialog Facebook lays over the page for a logged-out visitor. ``page_login_only.html`` is
the page a walled visitor gets instead.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from opdcrawl.social.base import Account, AccountStatus
from opdcrawl.social.facebook import PAGE_BROWSER, parse_page, stories_from_html

FIXTURES = Path(__file__).parent / "fixtures" / "social" / "facebook"
WIB = timezone(timedelta(hours=7), "WIB")
NOW = datetime(2026, 10, 20, 9, 0, tzinfo=WIB)
ACCOUNT = Account.from_url("facebook", "https://www.facebook.com/pemkab.contoh")
PAGE_URL = "https://www.facebook.com/pemkab.contoh/"
CONFIG = {"base_urls": {"facebook": "http://127.0.0.1:9"}}


def page(status: int, name: str, url: str = PAGE_URL):
    body = (FIXTURES / name).read_bytes()
    return parse_page(status, {}, body, url, account=ACCOUNT, now=NOW)


def test_the_route_renders_the_page_in_a_browser() -> None:
    request = PAGE_BROWSER.request(ACCOUNT, CONFIG)
    assert request is not None and request.browser
    assert request.url == "http://127.0.0.1:9/pemkab.contoh/"
    numeric = Account.from_url("facebook", "https://www.facebook.com/profile.php?id=61589642519378")
    assert PAGE_BROWSER.request(numeric, CONFIG).url == (
        "http://127.0.0.1:9/profile.php?id=61589642519378"
    )


def test_timeline_stories_every_kind_of_post_with_their_own_time_and_link() -> None:
    reading = page(200, "page_rendered.html")
    assert reading.status is AccountStatus.OK
    assert not reading.partial  # the timeline shows every kind of post, not reels only
    assert reading.window == 3
    ages = [round((NOW - post.published_at).total_seconds() / 86400) for post in reading.posts]
    assert ages == [3, 12, 400]  # newest first; the pinned old post sorted last
    assert reading.posts[0].url == "https://www.facebook.com/pemkab.contoh/posts/100002"
    assert reading.posts[0].title == "Rapat koordinasi PPID"
    # The shared post of another page (1 day old) is not this page's newest post.
    assert all("orang.lain" not in post.url for post in reading.posts)
    assert all(post.source == "page-browser" for post in reading.posts)


def test_stories_are_only_read_from_the_timeline_connection() -> None:
    reels_page = (FIXTURES / "reels_tab.html").read_text()
    stories, seen = stories_from_html(reels_page)
    assert (stories, seen) == ([], False)


def test_a_login_redirect_or_a_login_only_page_is_a_login_wall() -> None:
    redirected = page(200, "page_rendered.html", url="https://www.facebook.com/login/?next=x")
    assert redirected.status is AccountStatus.LOGIN_WALL
    assert page(200, "page_login_only.html").status is AccountStatus.LOGIN_WALL


def test_error_pages_and_a_changed_layout() -> None:
    assert page(200, "page_not_found.html").status is AccountStatus.NOT_FOUND
    assert page(200, "content_unavailable.html").status is AccountStatus.RESTRICTED
    assert page(429, "page_login_only.html").status is AccountStatus.RATE_LIMITED
    changed = parse_page(200, {}, b"<html><body>baru</body></html>", PAGE_URL,
                         account=ACCOUNT, now=NOW)  # fmt: skip
    assert changed.status is AccountStatus.LAYOUT_CHANGED


def test_a_post_dated_in_the_future_is_dropped() -> None:
    early = datetime(2020, 1, 1, tzinfo=UTC)
    reading = parse_page(200, {}, (FIXTURES / "page_rendered.html").read_bytes(), PAGE_URL,
                         account=ACCOUNT, now=early)  # fmt: skip
    assert reading.status is AccountStatus.OK and reading.posts == []
