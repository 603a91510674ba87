"""Site integrity signals (``opdcrawl.extract.integrity``) and the reader's cheap-fetch rule.

Positive pages copy injected-spam and defacement patterns reported on Indonesian
government sites (each fixture in ``tests/fixtures/integrity/`` names its pattern at the
top); negative pages use the same words in other senses. The real CMS captures and every
saved page of the test corpus must raise no finding at all.
"""

from __future__ import annotations

import asyncio
import glob
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from opdcrawl.extract import integrity
from opdcrawl.extract.markup import HtmlPage
from opdcrawl.items import ChannelCheck
from opdcrawl.website_reader import Fetched, WebsiteReader
from tests.replay import load_captures

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = FIXTURES / "integrity"
SITE = "https://dinkes.contohkab.go.id/"


def page(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def signals(name: str, url: str = SITE) -> list[str]:
    return [finding.signal for finding in integrity.page_findings(page(name), url)]


# --- one page, by itself ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("hidden_footer_links.html", ["hidden_block"]),
        ("hidden_by_stylesheet.html", ["hidden_block"]),
        ("height_zero_text.html", ["hidden_block"]),
        ("title_hijack.html", ["title_hijack"]),
        ("amp_hijack.html", ["foreign_amphtml"]),
        ("foreign_canonical.html", ["foreign_canonical"]),
        ("defaced.html", ["defacement"]),
        ("defaced_title_kept.html", ["defacement"]),
        ("visible_injected_links.html", ["injected_link"]),
    ],
)
def test_injected_and_defaced_pages_are_found(name: str, expected: list[str]) -> None:
    assert signals(name) == expected


@pytest.mark.parametrize(
    "name",
    [
        "clean_news_raid.html",
        "clean_slot_waktu.html",
        "clean_anti_judi_campaign.html",
        "clean_news_about_defacement.html",
    ],
)
def test_the_words_in_other_senses_raise_nothing(name: str) -> None:
    html = page(name)
    assert integrity.page_findings(html, SITE) == []
    assert integrity.spam_terms(html, SITE) == []


def test_a_moved_site_may_name_its_new_government_domain() -> None:
    assert signals("clean_moved_domain.html", "https://bappeda.kabcontoh.com/") == []


def test_evidence_names_the_page_the_snippet_and_the_hosts() -> None:
    (finding,) = integrity.page_findings(page("hidden_footer_links.html"), SITE)
    assert finding.url == SITE
    assert "slot gacor" in finding.snippet and "rtp live" in finding.snippet
    assert finding.detail is not None and "slotgacor-hoki88.xyz" in finding.detail
    # The office's own links and text are not the evidence.
    assert "Posyandu" not in finding.snippet


def test_links_to_other_hacked_government_sites_count_when_hidden() -> None:
    """The link farm of ``hidden_by_stylesheet.html`` points to doorway pages on other
    .go.id/.ac.id sites: hidden by the page's own <style> rule, so it counts."""
    (finding,) = integrity.page_findings(page("hidden_by_stylesheet.html"), SITE)
    assert "dprd.kabupatenlain.go.id" in (finding.detail or "")
    visible = page("hidden_by_stylesheet.html").replace("display:none!important", "color:red")
    assert integrity.page_findings(visible, SITE)[0].signal == "injected_link"


def test_a_share_button_hidden_in_a_campaign_is_not_a_gambling_link() -> None:
    html = (
        '<html><body><p>Kampanye.</p><div style="display:none"><a href="https://wa.me/?t=x">'
        "Stop Judi Online</a></div></body></html>"
    )
    assert integrity.page_findings(html, SITE) == []
    moved = html.replace("https://wa.me/?t=x", "https://t0gel.example/")
    assert [f.signal for f in integrity.page_findings(moved, SITE)] == ["hidden_block"]


def test_a_news_headline_linking_out_is_not_a_keyword_anchor() -> None:
    headline = (
        '<a href="https://news.example.com/a">Selebgram yang Promosikan Slot Gacor di '
        "Instagram Ditangkap Polisi Siber</a>"
    )
    keyword = '<a href="https://news.example.com/a">slot gacor</a>'
    wrap = "<html><body><nav><a href='/'>Beranda</a></nav>{}</body></html>"
    assert integrity.page_findings(wrap.format(headline), SITE) == []
    assert signals_of(wrap.format(keyword)) == ["injected_link"]


def signals_of(html: str) -> list[str]:
    return [finding.signal for finding in integrity.page_findings(html, SITE)]


def test_only_a_small_page_without_the_menu_is_a_replaced_homepage() -> None:
    article = page("clean_news_about_defacement.html")
    assert "Hacked by" in article and signals_of(article) == []
    # The same message, with the template gone, is a defacement.
    stripped = "<html><body><h1>Hacked by Anon Crew</h1><p>your security is low</p></body></html>"
    assert signals_of(stripped) == ["defacement"]


def test_amp_pages_in_the_amp_cache_are_ordinary() -> None:
    assert signals("clean_news_about_defacement.html", "https://diskominfo.contohkab.go.id/") == []


# --- the spam judgement kept as check.spam_terms ---------------------------------------------


def test_spam_terms_follow_the_page_signals_and_visible_adverts() -> None:
    assert "slot gacor" in integrity.spam_terms(page("hidden_footer_links.html"), SITE)
    assert "maxwin" in integrity.spam_terms(page("height_zero_text.html"), SITE)
    # Three advert terms in the open are spam; one, in a story, is not.
    open_adverts = "<html><body><p>slot gacor maxwin, rtp live tiap hari</p></body></html>"
    assert integrity.spam_terms(open_adverts, SITE) == ["maxwin", "rtp live", "slot gacor"]
    assert integrity.spam_terms("<p>Satgas memburu promotor slot gacor.</p>", SITE) == []


# --- cloaking ----------------------------------------------------------------------------

VISITOR = (
    "<html><head><title>Dinas Kesehatan Kabupaten Contoh</title></head><body>"
    "<nav><a href='/'>Beranda</a> <a href='/berita'>Berita</a></nav>"
    "<h1>Posyandu serentak</h1><p>Dinas Kesehatan menggelar posyandu.</p></body></html>"
)
# Pattern: the cloaked title and body a hacked site serves to Googlebot only (what Google's
# results page shows for the government domain while visitors see the real site).
CRAWLER = (
    "<html><head><title>SLOT GACOR ⚡ Situs Slot88 Maxwin Terpercaya</title>"
    "<meta name='description' content='Daftar slot gacor hari ini, RTP live'></head><body>"
    "<h1>Slot gacor hari ini</h1><p>Link alternatif slot88, gampang maxwin.</p></body></html>"
)


def test_spam_shown_only_to_the_search_engine_is_reported_with_both_snippets() -> None:
    (finding,) = integrity.cloaking_findings(VISITOR, SITE, CRAWLER, SITE)
    assert finding.signal == "cloaking"
    assert "SLOT GACOR" in finding.snippet
    assert finding.other_snippet is not None and "Dinas Kesehatan" in finding.other_snippet
    assert "mesin pencari" in (finding.detail or "")
    assert "title_hijack" in (finding.detail or "")


def test_the_same_page_twice_or_a_changed_headline_is_not_cloaking() -> None:
    assert integrity.cloaking_findings(VISITOR, SITE, VISITOR, SITE) == []
    other_news = VISITOR.replace("Posyandu serentak", "Vaksinasi campak di sekolah")
    assert integrity.cloaking_findings(VISITOR, SITE, other_news, SITE) == []
    raid = VISITOR.replace("Posyandu serentak", "Polres gerebek bandar togel dan judi online")
    assert integrity.cloaking_findings(VISITOR, SITE, raid, SITE) == []


def test_a_search_engine_sent_to_another_domain_is_cloaking() -> None:
    (finding,) = integrity.cloaking_findings(VISITOR, SITE, CRAWLER, "https://gacor88.example/")
    assert "dialihkan ke https://gacor88.example/" in (finding.detail or "")


# --- sitemaps ----------------------------------------------------------------------------


def test_doorway_pages_listed_in_the_sitemap_but_not_linked() -> None:
    """Pattern: doorway pages planted under the site ("/slot-gacor-maxwin/",
    "/?id=rtp-live") and listed in a sitemap the attacker added, linked from nowhere."""
    homepage = page("clean_news_raid.html")
    linked = integrity.linked_urls(homepage, SITE)
    listed = [
        SITE + "berita/polres-gerebek-bandar-togel-di-pasar-baru",  # a news story: linked
        SITE + "2024/05/01/selebgram-promosikan-slot-gacor-ditangkap-polres/",  # a story
        SITE + "tag/judi-online/",  # a topic page of the news site
        SITE + "slot-gacor-maxwin/",
        SITE + "index.php?id=rtp-live",
        "https://other.example/slot-gacor/",  # not under the site
    ]
    (finding,) = integrity.sitemap_findings(listed, SITE + "sitemap.xml", SITE, linked)
    assert finding.url == SITE + "sitemap.xml"
    assert finding.detail == SITE + "slot-gacor-maxwin/"
    assert finding.snippet.startswith("2 halaman:")
    assert "index.php?id=rtp-live" in finding.snippet and "other.example" not in finding.snippet
    # The same page linked from the homepage is not "sitemap only".
    linked.add("dinkes.contohkab.go.id/slot-gacor-maxwin")
    linked.add("dinkes.contohkab.go.id/index.php?id=rtp-live")
    assert integrity.sitemap_findings(listed, SITE + "sitemap.xml", SITE, linked) == []


# --- no false alarm on real sites -------------------------------------------------------------


def test_real_cms_captures_raise_no_finding() -> None:
    """Every HTML page captured from the real CMS installs (OpenSID, CMS Sekolahku,
    Lokomedia, Datagoe, WordPress), read at its own address."""
    read = 0
    for capture in load_captures().values():
        for (_, path), captured in capture.pages.items():
            if "html" not in (captured.content_type or ""):
                continue
            url = capture.origin + path
            text = captured.body.decode("utf-8", "replace")
            assert integrity.page_findings(text, url) == [], url
            assert integrity.spam_terms(text, url) == [], url
            read += 1
    assert read > 100


def test_saved_real_pages_raise_no_finding_but_the_spam_fixtures() -> None:
    """The corpus pages and fixture homepages, read at the address they name themselves."""
    spam = {"spam_hidden_links.html", "spam_visible_promo.html"}
    paths = [
        *glob.glob(str(FIXTURES / "homepages" / "*.html")),
        *glob.glob(str(FIXTURES / "html" / "**" / "*.html"), recursive=True),
        *glob.glob(str(FIXTURES.parent / "corpus*" / "*.html")),
    ]
    assert len(paths) > 100
    flagged = set()
    for path in paths:
        html = HtmlPage(Path(path).read_text(encoding="utf-8", errors="replace"))
        url = integrity._own_url(html, "") or SITE
        if integrity.page_findings(html, url) or integrity.spam_terms(html, url):
            flagged.add(Path(path).name)
    assert flagged == spam


# --- the reader: the cheap-fetch rule ---------------------------------------------------------


class Sites:
    """A fetcher over fixed pages that answers search engines differently where told to."""

    def __init__(self, visitor: str, crawler: str | None = None) -> None:
        self.visitor, self.crawler = visitor, crawler
        self.asked: list[tuple[str, dict[str, str]]] = []

    async def __call__(self, check: ChannelCheck, url: str, **kwargs: Any) -> Fetched | None:
        headers = dict(kwargs.get("headers") or {})
        self.asked.append((kwargs["kind"], headers))
        check.requests += 1
        if url.rstrip("/") + "/" != SITE:
            return None
        googlebot = "Googlebot" in headers.get("User-Agent", "")
        text = self.crawler if googlebot and self.crawler else self.visitor
        return Fetched(url, 200, text.encode(), text, {"content-type": "text/html"})


def read(sites: Sites) -> ChannelCheck:
    check = ChannelCheck("uji", "X", "website", SITE, datetime(2026, 12, 1, tzinfo=UTC))
    reader = WebsiteReader(sites, now=check.checked_at)
    home = Fetched(SITE, 200, sites.visitor.encode(), sites.visitor, {})
    check.requests = 1
    asyncio.run(reader.read(check, home))
    return check


def test_a_clean_homepage_is_asked_for_once_more_as_a_search_engine() -> None:
    sites = Sites(VISITOR, CRAWLER)
    check = read(sites)
    views = [headers for kind, headers in sites.asked if kind == "search-engine"]
    assert len(views) == 1
    assert "Googlebot" in views[0]["User-Agent"] and "opdcrawl" in views[0]["User-Agent"]
    assert views[0]["Referer"].startswith("https://www.google.com/search?q=site%3Adinkes.")
    assert [f.signal for f in check.integrity] == ["cloaking"]
    assert check.requests == 1 + len(sites.asked)  # counted in the site's budget
    assert any("Cloaking" in note for note in check.notes)


def test_a_homepage_already_flagged_is_not_fetched_again() -> None:
    sites = Sites(page("hidden_footer_links.html").replace("https://dinkes.contohkab.go.id/", SITE))
    check = read(sites)
    assert not [kind for kind, _ in sites.asked if kind == "search-engine"]
    assert [f.signal for f in check.integrity] == ["spam_text", "hidden_block"]


def test_the_search_engine_view_can_be_switched_off() -> None:
    from opdcrawl.website_reader import ReadingLimits

    sites = Sites(VISITOR, CRAWLER)
    check = ChannelCheck("uji", "X", "website", SITE, datetime(2026, 12, 1, tzinfo=UTC))
    reader = WebsiteReader(
        sites, now=check.checked_at, limits=ReadingLimits(search_engine_view=False)
    )
    asyncio.run(reader.read(check, Fetched(SITE, 200, VISITOR.encode(), VISITOR, {})))
    assert not [kind for kind, _ in sites.asked if kind == "search-engine"]
    assert check.integrity == []
