"""The extractors on single pages served by real CMS installs (``tests/fixtures/real_cms``).

No crawl here: each test loads the body files of one captured site (gunzipped where the
manifest says ``file_gzip``) and runs one extractor on them, with "now" taken from the
manifest's ``captured_at`` and the newest news from ``truth.json``. Each test first checks
that the page really shows the problem, so it fails on an extractor that has it.

* Development-mode pages (CMS Sekolahku, Lokomedia): PHP error blocks before the page, and
  on Sekolahku the template's ``</body></html>`` before ``<!DOCTYPE html>``; the feed behind
  error blocks.
* ``og:type=article`` on every OpenSID page, homepage included.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache

import lxml.html
import pytest
from lxml import etree

from opdcrawl.dates import JAKARTA
from opdcrawl.extract.article import extract_article
from opdcrawl.extract.feeds import feed_links, parse_feed
from opdcrawl.extract.listing import extract_listing
from opdcrawl.extract.markup import browser_markup, parse_html
from opdcrawl.extract.pageclass import classify_homepage
from opdcrawl.inspection import inspect_document
from tests.replay import REAL_CMS, Capture, load_capture

TRUTH = json.loads((REAL_CMS / "truth.json").read_text(encoding="utf-8"))


@cache
def capture(slug: str) -> Capture:
    return load_capture(REAL_CMS / slug)


def body(slug: str, path: str) -> bytes:
    return capture(slug).pages[("GET", path)].body


def html(slug: str, path: str) -> str:
    return body(slug, path).decode("utf-8")


def url(slug: str, path: str) -> str:
    return capture(slug).origin + path


def latest_news(slug: str) -> date:
    return date.fromisoformat(TRUTH[slug]["latest_news"])


def day(moment) -> date:
    return moment.astimezone(JAKARTA).date()


# --- CMS Sekolahku in development mode -------------------------------------------------------

DLH = "sekolahku-dlh-solsel"
DLH_ARTICLES = [
    "/read/140/aksi-bersih-sungai-batang-sangir-bersama-pelajar",
    "/read/141/sosialisasi-pemilahan-sampah-rumah-tangga-di-nagari-pasir-talang",
    "/read/142/penilaian-adipura-tahap-pertama-di-padang-aro",
    "/read/143/penanaman-seribu-pohon-di-kawasan-hutan-kota",
    "/read/138/selamat-hari-sumpah-pemuda",
]


def _ends_before_doctype(text: str) -> bool:
    lowered = text.lower()
    return 0 < lowered.find("</html>") < lowered.find("<!doctype html>")


def test_the_page_after_a_premature_html_end_tag_is_parsed():
    text = html(DLH, DLH_ARTICLES[0])
    assert _ends_before_doctype(text) and text.count("A PHP Error was encountered") > 90
    title = "Aksi Bersih Sungai Batang Sangir Bersama Pelajar"
    assert title not in " ".join(lxml.html.document_fromstring(text).itertext())
    root = parse_html(text)
    assert root is not None
    assert title in " ".join(h1.text_content() for h1 in root.iter("h1"))


def test_only_end_tags_followed_by_markup_are_dropped():
    page = "<html><body><p>a</p></body>\n</html>\n<!-- cache -->\n"
    assert browser_markup(page) is page
    assert browser_markup("<p>a</p></body></html><p>b</p>") == "<p>a</p><p>b</p>"
    tree = parse_html("<p>a</p></body></html>\n<!DOCTYPE html><html><body><p>b</p></body></html>")
    assert tree is not None and etree.tostring(tree, method="text", encoding="unicode") == "a\nb"


def test_development_mode_article_pages_agree_with_the_feed():
    slug = DLH
    now = capture(slug).captured_at
    fed = parse_feed(body(slug, "/feed"), url(slug, "/feed"), now=now)
    assert fed is not None
    feed_days = {post.url: day(post.published_at) for post in fed if post.published_at}
    read: dict[str, date] = {}
    for path in DLH_ARTICLES:
        post = extract_article(html(slug, path), url(slug, path), now=now)
        assert post is not None, path
        assert post.source == "text" and post.published_at is not None
        read[post.url] = day(post.published_at)
    assert read == {link: feed_days[link] for link in read}
    assert max(read.values()) == latest_news(slug) == date(2026, 9, 25)


def test_development_mode_homepage_badges_lead_to_the_article_pages():
    slug = DLH
    text = html(slug, "/")
    now = capture(slug).captured_at
    assert _ends_before_doctype(text)
    listing = extract_listing(text, url(slug, "/"), now=now)
    # Badges show day and month only ("25 Sep"): no date is guessed, the articles are read.
    assert listing.posts == []
    assert listing.undated_article_urls[: len(DLH_ARTICLES)] == [
        url(slug, path) for path in DLH_ARTICLES
    ]
    dates = []
    for link in listing.undated_article_urls:
        path = link.removeprefix(capture(slug).origin)
        if ("GET", path) in capture(slug).pages:
            post = extract_article(html(slug, path), link, now=now)
            if post is not None and post.published_at is not None:
                dates.append(day(post.published_at))
    assert max(dates) == latest_news(slug)
    assert feed_links(text, url(slug, "/")) == [url(slug, "/feed")]
    assert classify_homepage(text, url(slug, "/"), 200).reason is None


@pytest.mark.parametrize("path", ["/feed", "/feed/"])
def test_a_feed_behind_php_error_blocks_is_read(path):
    slug = DLH
    data = body(slug, path)
    assert data.lstrip().startswith(b"<div") and data.find(b"<?xml") > 90_000
    now = capture(slug).captured_at
    posts = parse_feed(data, url(slug, path), now=now)
    assert posts is not None and len(posts) == 6
    assert max(day(post.published_at) for post in posts if post.published_at) == latest_news(slug)
    page = capture(slug).pages[("GET", path)]
    inspection = inspect_document(data, url(slug, path), now=now, content_type=page.content_type)
    assert page.content_type.startswith("text/html") and inspection.kind == "feed"
    assert inspection.last_post is not None
    assert day(inspection.last_post.published_at) == latest_news(slug)


def test_an_error_page_behind_php_error_blocks_is_not_a_feed():
    slug = DLH
    data = body(slug, "/feed.xml")  # unknown path: error blocks, then CodeIgniter's 404 page
    assert b"A PHP Error was encountered" in data and b"404 Page Not Found" in data
    assert parse_feed(data, url(slug, "/feed.xml"), now=capture(slug).captured_at) is None


# --- Lokomedia in development mode -----------------------------------------------------------

DISHUB = "lokomedia-dishub-kepahiang"


@pytest.mark.slow  # five 2.2 MB pages of PHP error blocks: seconds, not milliseconds
def test_development_mode_lokomedia_article_pages_are_dated():
    slug = DISHUB
    now = capture(slug).captured_at
    paths = [
        path
        for _, path in capture(slug).pages
        if path.startswith("/berita/detail/") and path != "/berita/detail/tidak-ada"
    ]
    assert len(paths) == 5
    days = []
    for path in paths:
        text = html(slug, path)
        assert len(text) > 2_000_000 and text.find("<!DOCTYPE html>") > 2_000_000
        assert browser_markup(text) is text  # no premature end tag: the page is not copied
        post = extract_article(text, url(slug, path), now=now)
        assert post is not None and post.published_at is not None, path
        days.append(day(post.published_at))
    assert max(days) == latest_news(slug) == date(2026, 11, 30)


def test_development_mode_lokomedia_news_list_is_dated():
    slug = DISHUB
    text = html(slug, "/berita")
    assert text.count("A PHP Error was encountered") > 90
    listing = extract_listing(text, url(slug, "/berita"), now=capture(slug).captured_at)
    assert len(listing.posts) == 21
    assert max(day(post.published_at) for post in listing.posts) == latest_news(slug)


# --- og:type=article on a homepage -------------------------------------------------------------

HOMEPAGE_NEWS = {
    # (Not "Jumat Bersih..." of 17 Nov: an agenda item, no category, not news.)
    "opensid-desa-sindangsari": (
        "/artikel/2026/11/20/jadwal-vaksinasi-rabies-hewan-peliharaan-keliling",
        date(2026, 11, 20),
    ),
    "opensid-desa-karangmulya": (
        "/artikel/2026/9/8/pelatihan-pembuatan-keripik-singkong-bagi-kelompok-pkk",
        date(2026, 9, 8),
    ),
}
# Other lists of the same sites, og:type=article too. (Natra's /arsip is left out: its
# template leaves a <header> open around the whole archive table, which the decoy filter
# then cuts as the site's header.)
OTHER_LISTS = {
    "opensid-desa-sindangsari": ("/index/2", "/arsip", "/artikel/kategori/berita-desa"),
    "opensid-desa-karangmulya": ("/index/2", "/artikel/kategori/berita-desa"),
}


@pytest.mark.parametrize("slug", sorted(HOMEPAGE_NEWS))
def test_a_homepage_that_says_og_type_article_is_read_as_a_list(slug):
    text = html(slug, "/")
    assert '<meta property="og:type" content="article"/>' in text
    now = capture(slug).captured_at
    inspection = inspect_document(body(slug, "/"), url(slug, "/"), now=now)
    assert inspection.kind == "html-list"
    listed = {post.url: post for post in inspection.posts if post.source == "list-page"}
    # Read as the crawl reads an OpenSID list: entries marked as news count (Esensi shows
    # categories), the rest are named in the notes, not counted (Natra shows none).
    set_aside = [note.strip() for note in inspection.notes if note.startswith("  http")]
    assert len(listed) + len(set_aside) >= 5
    path, published = HOMEPAGE_NEWS[slug]
    if listed:
        assert day(listed[url(slug, path)].published_at) == published
    else:
        assert url(slug, path) in set_aside


@pytest.mark.parametrize("slug", sorted(HOMEPAGE_NEWS))
def test_opensid_lists_and_articles_keep_their_kind(slug):
    now = capture(slug).captured_at
    for path in OTHER_LISTS[slug]:
        inspection = inspect_document(body(slug, path), url(slug, path), now=now)
        assert inspection.kind == "html-list", path
    path, published = HOMEPAGE_NEWS[slug]
    inspection = inspect_document(body(slug, path), url(slug, path), now=now)
    assert inspection.kind == "html-article"
    assert inspection.last_post is not None
    assert day(inspection.last_post.published_at) == published
