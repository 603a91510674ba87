"""Homepage verdicts (parked, suspended, placeholder, blocked, JavaScript-only) and spam."""

from __future__ import annotations

from pathlib import Path

import pytest

from opdcrawl.extract.integrity import spam_terms
from opdcrawl.extract.pageclass import PageVerdict, classify_homepage

HOMEPAGES = Path(__file__).parent / "fixtures" / "homepages"
URL = "https://dinas.contohkab.go.id/"


def page(name: str) -> str:
    return (HOMEPAGES / name).read_text(encoding="utf-8")


def test_working_site_has_no_flags() -> None:
    assert classify_homepage(page("wordpress_home.html"), URL, 200) == PageVerdict(
        parked=False, suspended=False, placeholder=False, js_only=False, blocked=False, reason=None
    )


@pytest.mark.parametrize(
    ("name", "status", "flag", "reason"),
    [
        ("parked_sedo.html", 200, "parked", "parked"),
        ("parked_expired_id.html", 200, "parked", "parked"),
        ("suspended_cpanel.html", 200, "suspended", "suspended"),
        ("suspended_id.html", 200, "suspended", "suspended"),
        ("nginx_default.html", 200, "placeholder", "placeholder:nginx-default"),
        ("apache_it_works.html", 200, "placeholder", "placeholder:apache-default"),
        ("index_of.html", 200, "placeholder", "placeholder:directory-listing"),
        ("wordpress_fresh.html", 200, "placeholder", "placeholder:wordpress-fresh"),
        ("under_construction.html", 200, "placeholder", "placeholder:under-construction"),
        ("maintenance.html", 503, "placeholder", "placeholder:maintenance"),
        ("cloudflare_403.html", 403, "blocked", "blocked:cloudflare"),
        ("sucuri_403.html", 403, "blocked", "blocked:sucuri"),
        ("js_shell.html", 200, "js_only", "js-only"),
    ],
)
def test_verdicts(name: str, status: int, flag: str, reason: str) -> None:
    verdict = classify_homepage(page(name), URL, status)
    assert getattr(verdict, flag) is True
    assert verdict.reason == reason
    others = {"parked", "suspended", "placeholder", "js_only", "blocked"} - {flag}
    assert not any(getattr(verdict, other) for other in others), verdict


def test_big_page_with_under_construction_in_a_title_is_not_a_placeholder() -> None:
    html = page("decoy_under_construction.html")
    assert "Under Construction" in html
    verdict = classify_homepage(html, URL, 200)
    assert verdict.placeholder is False and verdict.reason is None


def test_plain_403_without_firewall_text_is_not_called_blocked() -> None:
    assert classify_homepage(page("plain_403.html"), URL, 403).blocked is False


def test_firewall_text_on_a_200_content_page_is_not_blocked() -> None:
    html = page("wordpress_home.html").replace(
        "</footer>", "<p>Situs dilindungi Wordfence. Access denied bagi bot jahat.</p></footer>"
    )
    assert classify_homepage(html, URL, 200).blocked is False


def test_cloudflare_header_with_403() -> None:
    verdict = classify_homepage(
        "<html><body>Forbidden</body></html>", URL, 403, {"Server": "cloudflare"}
    )
    assert verdict.blocked is True and verdict.reason == "blocked:cloudflare"


def test_cloudflare_challenge_served_with_200() -> None:
    html = (
        "<html><head><title>Just a moment...</title></head><body>"
        "<script>window._cf_chl_opt={cType:'managed'};</script></body></html>"
    )
    assert classify_homepage(html, URL, 200).blocked is True


def test_suspended_redirect_target_url() -> None:
    verdict = classify_homepage("<html></html>", "https://d.go.id/cgi-sys/suspendedpage.cgi", 200)
    assert verdict.suspended is True


def test_content_page_with_script_and_app_div_is_not_js_only() -> None:
    html = page("wordpress_home.html").replace("<main>", '<main><div id="app"></div>')
    assert classify_homepage(html, URL, 200).js_only is False


def test_tiny_page_without_scripts_is_not_js_only() -> None:
    html = '<html><body><div id="root"></div></body></html>'
    assert classify_homepage(html, URL, 200).js_only is False


@pytest.mark.parametrize("html", ["", "   ", "\x00\x01garbage"])
def test_empty_or_garbage_does_not_raise(html: str) -> None:
    verdict = classify_homepage(html, URL, None, None)
    assert isinstance(verdict, PageVerdict)
    assert verdict.reason is None


# --- gambling spam ---------------------------------------------------------------------------


def test_hidden_injected_links_are_spam() -> None:
    # "situs slot88" is slot88, not "situs slot": terms are whole words
    assert spam_terms(page("spam_hidden_links.html")) == [
        "maxwin",
        "slot gacor",
        "slot88",
        "togel",
    ]


def test_visible_promotional_spam_in_title_and_body() -> None:
    found = spam_terms(page("spam_visible_promo.html"))
    assert {"slot gacor", "slot88", "maxwin", "rtp live", "scatter hitam"} <= set(found)
    assert found == sorted(found)


def test_news_about_arresting_gamblers_is_not_spam() -> None:
    html = page("news_judi_decoy.html")
    assert html.lower().count("judi online") >= 3 and "togel" in html
    assert spam_terms(html) == []


def test_single_promotional_mention_is_not_spam() -> None:
    html = (
        "<html><body><h1>Kominfo Blokir Situs</h1><p>Satgas menutup akses ke situs yang "
        "mempromosikan slot gacor.</p></body></html>"
    )
    assert spam_terms(html) == []


def test_one_hidden_promotional_term_is_spam() -> None:
    html = (
        '<html><body><p>Profil dinas.</p><div style="display: none">'
        '<a href="https://gacor-example.invalid/">situs slot</a></div></body></html>'
    )
    assert spam_terms(html) == ["situs slot"]


def test_topic_term_in_hidden_link_to_other_site_is_spam() -> None:
    html = (
        '<html><head><link rel="canonical" href="https://dinas.go.id/"></head><body>'
        '<p>Profil dinas.</p><span style="font-size:0"><a href="https://t.invalid/">'
        "togel</a></span></body></html>"
    )
    assert spam_terms(html) == ["togel"]


def test_words_inside_other_words_do_not_count() -> None:
    html = (
        '<html><body><div style="display:none"><a href="https://x.invalid/">'
        "Bandar Lampung, slot88x, maxwinner</a></div></body></html>"
    )
    assert spam_terms(html) == []


@pytest.mark.parametrize("html", ["", "<html></html>", "\x00garbage"])
def test_spam_terms_on_empty_pages(html: str) -> None:
    assert spam_terms(html) == []
