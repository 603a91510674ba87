"""One parsed tree per page (issue 9): every extractor reads the same ``HtmlPage``.

The homepage used to be parsed eight times while a site was read (three lxml trees, one
of them a serialise-and-reparse copy, and five parsel ones). The reader now wraps each
fetched document in one :class:`opdcrawl.extract.markup.HtmlPage`; these tests count the
parses with the low-level parser entry point (``lxml.etree.fromstring`` with an HTML
parser, which both ``lxml.html`` and parsel call) and check that sharing the tree never
changes what an extractor reads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import FrozenInstanceError
from datetime import datetime
from typing import Any

import pytest
from lxml import etree

from opdcrawl.dates import JAKARTA
from opdcrawl.extract import (
    article,
    cms,
    feeds,
    integrity,
    listing,
    newsness,
    pageclass,
    sources,
)
from opdcrawl.extract.markup import HtmlPage, as_page, html_selector, parse_html
from opdcrawl.extract.textdates import strip_decoys
from opdcrawl.items import ChannelCheck
from opdcrawl.website_reader import Fetched, WebsiteReader
from tests.replay import REAL_CMS, Capture, CaptureFetcher, load_capture, load_captures

CAPTURES = load_captures(REAL_CMS)
NOW = datetime(2026, 12, 1, 10, 0, tzinfo=JAKARTA)


class _Parses:
    """HTML parses seen by ``lxml.etree`` (``lxml.html`` and parsel both end there)."""

    def __init__(self) -> None:
        self.documents: list[int] = []  # the length of each parsed document


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Parses]:
    seen = _Parses()
    fromstring, html = etree.fromstring, etree.HTML

    def counted_fromstring(text: Any, parser: Any = None, **kwargs: Any) -> Any:
        if isinstance(parser, etree.HTMLParser):
            seen.documents.append(len(text))
        return fromstring(text, parser, **kwargs)

    def counted_html(text: Any, *args: Any, **kwargs: Any) -> Any:
        seen.documents.append(len(text))
        return html(text, *args, **kwargs)

    monkeypatch.setattr(etree, "fromstring", counted_fromstring)
    monkeypatch.setattr(etree, "HTML", counted_html)
    yield seen


def _check(capture: Capture) -> ChannelCheck:
    return ChannelCheck(region="uji", opd_code="X", channel="website",
                        url=capture.origin + "/", checked_at=capture.captured_at)  # fmt: skip


async def _nothing(check: ChannelCheck, url: str, **_: Any) -> Fetched | None:
    return None


@pytest.mark.parametrize("slug", sorted(CAPTURES))
def test_reading_a_homepage_parses_its_html_once(slug: str, parses: _Parses) -> None:
    """Verdict, CMS, spam, listing, menu and news links, source plan and the list-page
    guesses all read the homepage: one parse between them."""
    capture = CAPTURES[slug]
    homepage = CaptureFetcher({slug: capture}).answer(capture.origin + "/")
    check = _check(capture)
    asyncio.run(WebsiteReader(_nothing, now=capture.captured_at).read(check, homepage))
    assert check.reachable
    assert parses.documents == [len(homepage.page.markup)]


@pytest.mark.parametrize(
    "slug", ["opensid-desa-sindangsari", "datagoe-bkpsdm-alor", "lokomedia-dishub-kepahiang"]
)
def test_every_html_document_of_a_site_is_parsed_once(slug: str, parses: _Parses) -> None:
    """Follow-up list and article pages too (OpenSID's article pages go through the
    soft-404 check, the news check and the article reader: one parse). The search-engine
    view of the homepage is not parsed at all when it is the homepage, byte for byte."""
    capture = CAPTURES[slug]
    fetcher = CaptureFetcher({slug: capture})
    handed: list[Fetched] = []

    async def fetch(check: ChannelCheck, url: str, **kwargs: Any) -> Fetched | None:
        fetched = await fetcher(check, url, **kwargs)
        if fetched is not None and kwargs["kind"] in {"list-page", "article", "search-engine"}:
            handed.append(fetched)
        return fetched

    homepage = fetcher.answer(capture.origin + "/")
    asyncio.run(WebsiteReader(fetch, now=capture.captured_at).read(_check(capture), homepage))
    assert handed, "the site should need at least one follow-up HTML page"
    differing = [
        doc for doc in handed if not (doc.url == homepage.url and doc.text == homepage.text)
    ]
    expected = sorted(len(doc.page.markup) for doc in [homepage, *differing])
    assert sorted(parses.documents) == expected


def _homepage(slug: str) -> str:
    capture = load_capture(REAL_CMS / slug)
    return capture.pages[("GET", "/")].body.decode("utf-8", "replace")


@pytest.mark.parametrize("slug", ["sekolahku-dlh-solsel", "opensid-desa-sindangsari"])
def test_the_string_forms_read_as_the_page_forms(slug: str) -> None:
    """Text in, or the page: the same answers (the string forms wrap the text)."""
    text = _homepage(slug)
    url = CAPTURES[slug].origin + "/"
    page = HtmlPage(text, url)
    name = cms.fingerprint(text, url)
    assert cms.fingerprint(page, url) == name
    assert pageclass.classify_homepage(page, url, 200) == pageclass.classify_homepage(
        text, url, 200
    )
    assert integrity.spam_terms(page) == integrity.spam_terms(text)
    assert feeds.feed_links(page, url) == feeds.feed_links(text, url)
    assert sources.plan_sources(name, url, page) == sources.plan_sources(name, url, text)
    assert sources.list_page_links(page, url) == sources.list_page_links(text, url)
    assert listing.extract_listing(page, url, now=NOW) == listing.extract_listing(
        text, url, now=NOW
    )
    assert newsness.menu_links(page, url) == newsness.menu_links(text, url)
    assert newsness.news_urls_in_list(page, url) == newsness.news_urls_in_list(text, url)
    assert newsness.article_is_news(page) == newsness.article_is_news(text)
    assert article.extract_article(page, url, now=NOW) == article.extract_article(
        text, url, now=NOW
    )


def test_extractors_leave_the_shared_tree_as_they_found_it() -> None:
    """Decoys are cut from a copy: the next reader of the page sees the whole page."""
    slug = "sekolahku-dinkes-solsel"
    page = HtmlPage(_homepage(slug), CAPTURES[slug].origin + "/")
    assert page.root is not None
    before = etree.tostring(page.root)
    listing.extract_listing(page, page.url, now=NOW)
    article.extract_article(page, page.url, now=NOW)
    pageclass.classify_homepage(page, page.url, 200)
    integrity.spam_terms(page)
    sources.plan_sources("sekolahku", page.url, page)
    newsness.article_is_news(page)
    cut = strip_decoys(page.root)
    assert cut is not page.root
    assert etree.tostring(page.root) == before
    assert len(etree.tostring(cut)) < len(before)


def test_a_page_is_parsed_lazily_once_and_shared(parses: _Parses) -> None:
    page = HtmlPage("<html><body><p>Berita</p></body></html>", "http://x.test/")
    assert parses.documents == []  # nothing parsed until asked
    root = page.root
    assert page.selector is not None and page.selector.root is root
    assert parse_html(page) is root and html_selector(page) is page.selector
    assert as_page(page) is page
    assert page.visible_text == "Berita"
    assert len(parses.documents) == 1
    with pytest.raises(FrozenInstanceError):
        page.text = "other"  # type: ignore[misc]


def test_a_fetched_document_has_one_page() -> None:
    fetched = Fetched(url="http://x.test/", status=200, body=b"<p>a</p>", text="<p>a</p>")
    assert fetched.page is fetched.page
    assert fetched.page.url == "http://x.test/" and fetched.page.text == "<p>a</p>"
    assert Fetched(url="u", status=200, body=b"", text=None).page.root is None


def test_a_premature_html_end_tag_is_ignored_by_every_reader() -> None:
    """The browser-like cleaning (``browser_markup``) is done once, for all readers: what
    follows a premature ``</html>`` is in the one tree (libxml2 would stop there)."""
    text = (
        "<div>A PHP Error was encountered</div></body></html>\n<!DOCTYPE html><html><body>"
        '<a href="/berita">Berita</a></body></html>'
    )
    page = HtmlPage(text, "http://x.test/")
    assert sources.list_page_links(page, page.url) == ["http://x.test/berita"]
    assert "Berita" in page.visible_text


def test_unusual_documents_give_one_html_tree() -> None:
    """Parsel took text starting with ``<?xml`` for XML and JSON-looking text for JSON
    (its xpath then raised); lxml refuses a str that declares its encoding. The shared
    tree is HTML for all readers: an XHTML page with its XML declaration is read."""
    xhtml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><title>Dinas</title></head><body><h2>"
        '<a href="http://x.test/berita/rapat-koordinasi-daerah">Rapat koordinasi daerah</a>'
        "</h2><span>Senin, 24 November 2026</span></body></html>"
    )
    page = HtmlPage(xhtml, "http://x.test/")
    assert page.root is not None
    found = listing.extract_listing(page, page.url, now=NOW)
    assert [post.url for post in found.posts] == ["http://x.test/berita/rapat-koordinasi-daerah"]
    assert not newsness.looks_not_found(page)
    json_text = '{"posts": [1, 2, 3]}'
    assert pageclass.classify_homepage(json_text, "http://x.test/", 200).reason is None
    assert integrity.spam_terms(json_text) == []
    assert feeds.feed_links(json_text, "http://x.test/") == []
    for empty in ("", "   \n", None):
        assert HtmlPage(empty or "").root is None and as_page(empty).selector is None  # type: ignore[arg-type]
