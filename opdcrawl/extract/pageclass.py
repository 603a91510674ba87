"""Verdicts on a homepage that answered but is not a working site, and gambling spam.

A 200 answer is not a live site: expired domains show a registrar's parking page, unpaid
hosting shows cPanel's "Account Suspended", a fresh server shows "Welcome to nginx!", a
firewall shows a challenge instead of the page, and a JavaScript application shows an empty
``<div id="app">`` until a browser runs it. Each needs a different action from the
Diskominfo (renew, pay, publish, render, ask to be allowed), so each is its own flag.

Placeholder and parking phrases are only believed on pages with little text: a live news
portal may well carry an article titled "Gedung Under Construction". The gambling vocabulary
lives here too (promotional, advert and topic terms, and what "hidden" means in inline CSS);
gambling spam itself is judged in ``opdcrawl.extract.integrity``, so that a news story about
police arresting gamblers is not flagged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from parsel import Selector

from opdcrawl.extract.markup import HtmlPage, as_page

__all__ = [
    "ADVERT_TERMS",
    "PROMO_TERMS",
    "SMALL_PAGE_WORDS",
    "SPAM_TERMS",
    "PageVerdict",
    "classify_homepage",
    "gambling_terms",
    "hidden_style",
    "term_pattern",
]


@dataclass(frozen=True)
class PageVerdict:
    """What a homepage is, when it is not a working site; ``reason`` names the first flag."""

    parked: bool = False
    suspended: bool = False
    placeholder: bool = False
    js_only: bool = False
    blocked: bool = False
    reason: str | None = None


# A page with fewer visible words than this is "small": phrases that would be ordinary in
# an article ("coming soon", "domain expired") are believed there.
_SMALL_PAGE_WORDS = 250
# A JavaScript shell shows fewer visible words than this without a browser.
_JS_SHELL_WORDS = 40


def _rx(pattern: str) -> re.Pattern[str]:
    """A pattern for lower-cased text: every ``_rx`` pattern is matched against text the
    caller lower-cased (once per page), because Python's case-insensitive matching was
    five times slower over a whole homepage (``benchmarks/bench_national.py``)."""
    if re.search(r"\\[A-Z]", pattern):
        raise ValueError(f"upper-case escapes do not survive lower-casing: {pattern!r}")
    return re.compile(pattern.lower())


# (reason, pattern on raw markup) — signatures that never appear on a working site.
_PARKED_MARKUP: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("parked", _rx(r"sedoparking\.com|parkingcrew\.net|bodis\.com/|parklogic\.com")),
    ("parked", _rx(r"dan\.com/buy-domain|afternic\.com/forsale|hugedomains\.com/domain_profile")),
    ("parked", _rx(r"window\.park\s*=|/parking/(?:js|img)/|class=[\"'][^\"']*parked-domain")),
)
# (reason, pattern on visible text and title) — believed only on small pages.
_PARKED_TEXT = _rx(
    r"this domain (?:is|has been|may be) (?:parked|for sale)|domain (?:is )?for sale|"
    r"buy this domain|domain ini (?:dijual|telah kedaluwarsa|sudah kedaluwarsa|"
    r"telah kadaluarsa|sudah kadaluarsa|kadaluwarsa)|domain (?:has )?expired|"
    r"this domain name (?:has )?expired|the domain name .{0,60} (?:has )?expired|"
    r"parked (?:free|domain)|domain parking|renew (?:this|your) domain"
)
_SUSPENDED_MARKUP = _rx(r"/cgi-sys/suspendedpage\.cgi|suspended-page|account-suspended")
_SUSPENDED_TEXT = _rx(
    r"account (?:has been )?suspended|this account has been suspended|"
    r"akun (?:ini )?(?:telah |sudah )?ditangguhkan|website ini (?:telah )?ditangguhkan|"
    r"situs ini (?:telah )?ditangguhkan|hosting (?:ini )?(?:telah )?(?:di ?)?suspend|"
    r"website (?:is |has been )?suspended|site (?:has been )?suspended"
)
# Placeholders: (reason, pattern); "strong" ones hold on any page size.
_PLACEHOLDER_STRONG: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("placeholder:apache-default", _rx(r"apache2? (?:ubuntu|debian|centos)? ?default page")),
    ("placeholder:apache-default", _rx(r"test page for the (?:apache|nginx) http server")),
    ("placeholder:nginx-default", _rx(r"welcome to nginx!")),
    ("placeholder:iis-default", _rx(r"iis windows server|internet information services")),
    ("placeholder:cpanel-default", _rx(r"default web site page|cpanel, (?:inc|l\.l\.c)")),
    ("placeholder:wordpress-fresh", _rx(r"welcome to wordpress\. this is your first post")),
    ("placeholder:wordpress-fresh", _rx(r"selamat datang di wordpress\. ini (?:adalah )?pos")),
)
_PLACEHOLDER_SMALL: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("placeholder:apache-default", _rx(r"^\s*it works!?\s*$|\bit works!")),
    ("placeholder:directory-listing", _rx(r"^index of /")),
    ("placeholder:wordpress-fresh", _rx(r"\b(?:hello world|halo dunia)!")),
    (
        "placeholder:under-construction",
        _rx(r"under construction|sedang dibangun|situs (?:ini )?sedang dalam pembangunan"),
    ),
    (
        "placeholder:maintenance",
        _rx(
            r"maintenance mode|under maintenance|briefly unavailable for scheduled maintenance|"
            r"sedang dalam (?:perbaikan|pemeliharaan|pengembangan)|"
            r"situs (?:sedang )?dalam perbaikan|"
            r"sedang (?:di ?)?(?:perbaiki|maintenance)"
        ),
    ),
    ("placeholder:coming-soon", _rx(r"coming soon|segera hadir|launching soon")),
)
_BLOCK_STATUSES = {401, 403, 406, 429, 503}
_BLOCKED_MARKUP: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("blocked:cloudflare", _rx(r"cf-error-details|cf-chl-|challenge-platform|cf_chl_opt")),
    ("blocked:cloudflare", _rx(r"attention required! \| cloudflare|just a moment\.\.\.")),
    ("blocked:cloudflare", _rx(r"sorry, you have been blocked|cloudflare ray id")),
    ("blocked:sucuri", _rx(r"sucuri website firewall|sucuri\.net/|cloudproxy")),
    (
        "blocked:modsecurity",
        _rx(r"mod_?security|not acceptable!.{0,200}appropriate representation"),
    ),
    ("blocked:imunify360", _rx(r"imunify360|bot-protection")),
    ("blocked:wordfence", _rx(r"wordfence|generated by wordfence")),
    ("blocked:akamai", _rx(r"access denied.{0,400}reference\s*#")),
    ("blocked:f5", _rx(r"the requested url was rejected")),
    ("blocked:access-denied", _rx(r"access denied|akses ditolak|you don't have permission")),
)
_BLOCKED_HEADERS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("blocked:cloudflare", "cf-mitigated", _rx(r"challenge")),
    ("blocked:cloudflare", "server", _rx(r"cloudflare")),
    ("blocked:sucuri", "x-sucuri-block", _rx(r".")),
    ("blocked:sucuri", "server", _rx(r"sucuri")),
)
# Challenge pages some firewalls serve with status 200.
_CHALLENGE_ANY_STATUS = _rx(r"cf-chl-|cf_chl_opt|checking your browser before accessing")
_APP_ROOT = _rx(
    r"<(?:div|main|app-root)\b[^>]*\bid=[\"'](?:app|root|__next|__nuxt|q-app|svelte)[\"'][^>]*>"
)
_NEEDS_JS = _rx(
    r"(?:enable|aktifkan|mengaktifkan)\s+javascript|javascript (?:is )?(?:required|disabled)|"
    r"doesn't work properly without javascript|needs javascript"
)
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def _header_text(headers: Mapping[str, object] | None, name: str) -> str:
    if not headers:
        return ""
    for key, value in headers.items():
        key_text = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if key_text.lower() != name:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        text = " ".join(v.decode("latin-1") if isinstance(v, bytes) else str(v) for v in values)
        return text.lower()  # for _rx patterns
    return ""


def classify_homepage(
    html: str | HtmlPage,
    url: str,
    status: int | None,
    headers: Mapping[str, str] | None = None,
) -> PageVerdict:
    """Flags for a homepage answer; all False (reason None) for a page that looks like a site.

    ``reason`` is a short code for the most telling flag, in this order: blocked,
    suspended, parked, placeholder (``placeholder:nginx-default`` and friends), js_only.
    ``html`` is the page's text or its :class:`~opdcrawl.extract.markup.HtmlPage`.
    """
    page = as_page(html, url)
    markup = page.lowered  # every _rx pattern reads lower-cased text
    selector = page.selector
    title = _SPACES.sub(" ", (selector.xpath("//title//text()").get() or "") if selector else "")
    title = title.strip().lower()
    text = page.visible_text.lower()
    words = len(_WORD.findall(text))
    small = words < _SMALL_PAGE_WORDS
    readable = f"{title}\n{text}"
    reasons: list[str] = []

    blocked_reason = _blocked(markup, readable, status, headers, small=small)
    if blocked_reason:
        reasons.append(blocked_reason)
    suspended = bool(
        "suspendedpage" in (url or "").lower()
        or _SUSPENDED_MARKUP.search(markup)
        or (small and _SUSPENDED_TEXT.search(readable))
    )
    if suspended:
        reasons.append("suspended")
    parked = bool(
        any(pattern.search(markup) for _, pattern in _PARKED_MARKUP)
        or (small and _PARKED_TEXT.search(readable))
    )
    if parked:
        reasons.append("parked")
    placeholder_reason = _placeholder(title, text, small=small)
    if placeholder_reason:
        reasons.append(placeholder_reason)
    js_only = _js_only(markup, selector, words)
    if js_only:
        reasons.append("js-only")
    return PageVerdict(
        parked=parked,
        suspended=suspended,
        placeholder=placeholder_reason is not None,
        js_only=js_only,
        blocked=blocked_reason is not None,
        reason=reasons[0] if reasons else None,
    )


def _blocked(
    markup: str,
    readable: str,
    status: int | None,
    headers: Mapping[str, str] | None,
    *,
    small: bool,
) -> str | None:
    if status in _BLOCK_STATUSES:
        for reason, name, pattern in _BLOCKED_HEADERS:
            value = _header_text(headers, name)
            if value and pattern.search(value) and (name != "server" or small):
                return reason
        for reason, pattern in _BLOCKED_MARKUP:
            if pattern.search(markup) or pattern.search(readable):
                return reason
        return None
    if small and (
        _CHALLENGE_ANY_STATUS.search(markup) or "challenge" in _header_text(headers, "cf-mitigated")
    ):
        return "blocked:cloudflare"
    return None


def _placeholder(title: str, text: str, *, small: bool) -> str | None:
    readable = f"{title}\n{text}"
    for reason, pattern in _PLACEHOLDER_STRONG:
        if pattern.search(readable):
            return reason
    if not small:
        return None
    for reason, pattern in _PLACEHOLDER_SMALL:
        if reason == "placeholder:directory-listing":
            if pattern.search(title) or pattern.search(text):
                return reason
        elif pattern.search(readable):
            return reason
    return None


def _js_only(markup: str, selector: Selector | None, words: int) -> bool:
    if selector is None or words >= _JS_SHELL_WORDS:
        return False
    if not selector.xpath("//script"):
        return False
    noscript = " ".join(selector.xpath("//noscript//text()").getall()).lower()
    return bool(_APP_ROOT.search(markup) or _NEEDS_JS.search(noscript))


# --- Gambling spam ---------------------------------------------------------------------------

# Canonical term -> pattern. "Promotional" terms are the vocabulary of gambling adverts;
# "topic" terms are also how a news story names the crime, so they weigh less.
_PROMO_TERMS: dict[str, str] = {
    "slot gacor": r"slot\s*gacor",
    "situs slot": r"situs\s+slot",
    "slot online": r"slot\s+online",
    "slot88": r"slot\s*88",
    "slot777": r"slot\s*777",
    "maxwin": r"max\s*win",
    "rtp live": r"rtp\s+live",
    "rtp slot": r"rtp\s+slot",
    "scatter hitam": r"scatter\s+hitam",
    "pragmatic play": r"pragmatic\s*play",
    "sbobet": r"sbobet\w*",
    "casino online": r"(?:casino|kasino)\s+online",
    "bandar togel": r"bandar\s+togel",
    "bandar judi": r"bandar\s+judi",
    "bandar slot": r"bandar\s+slot",
    "bandar bola": r"bandar\s+bola",
    "togel online": r"togel\s+online",
    "judi bola": r"judi\s+bola",
    "mahjong ways": r"mahjong\s*ways",
    "gates of olympus": r"gates\s+of\s+olympus",
    "link alternatif": r"link\s+alternatif",
    "deposit pulsa": r"deposit\s+pulsa",
    "poker online": r"poker\s+online",
    "dominoqq": r"domino\s*qq",
    "bandarq": r"bandarq",
    "sv388": r"sv\s*388",
    "toto macau": r"toto\s+macau",
    "akun pro": r"akun\s+pro\s+(?:thailand|kamboja|jepang|malaysia)",
}
_TOPIC_TERMS: dict[str, str] = {
    "judi online": r"judi\s+(?:online|daring)",
    "judi slot": r"judi\s+slot",
    "togel": r"togel",
}
SPAM_TERMS: tuple[str, ...] = tuple(sorted({*_PROMO_TERMS, *_TOPIC_TERMS}))
# Promotional terms only gambling adverts use. A news story about a raid names the crime
# ("judi online", "bandar togel", "situs slot"), not the advert's promises.
ADVERT_TERMS: frozenset[str] = frozenset(
    {
        "slot gacor",
        "slot88",
        "slot777",
        "maxwin",
        "rtp live",
        "rtp slot",
        "scatter hitam",
        "pragmatic play",
        "sbobet",
        "mahjong ways",
        "gates of olympus",
        "link alternatif",
        "deposit pulsa",
        "dominoqq",
        "bandarq",
        "sv388",
        "toto macau",
        "akun pro",
    }
)
_TERM_PATTERNS: dict[str, re.Pattern[str]] = {
    term: re.compile(rf"(?<![a-z0-9]){pattern}(?![a-z0-9])", re.IGNORECASE)
    for term, pattern in {**_PROMO_TERMS, **_TOPIC_TERMS}.items()
}
_HIDDEN_STYLE = _rx(
    r"display\s*:\s*none|visibility\s*:\s*hidden|"
    r"(?:left|top|right|text-indent|margin-left)\s*:\s*-\d{3,}|"
    r"font-size\s*:\s*0(?:px|em|rem|pt)?\s*(?:;|$|!)|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$|!)|"
    r"(?:height|width)\s*:\s*[01](?:px)?\s*(?:;|!)[^\"']*overflow\s*:\s*hidden|"
    r"overflow\s*:\s*hidden[^\"']*(?:height|width)\s*:\s*[01](?:px)?\s*(?:;|$|!)"
)


def _lead_words(pattern: str) -> tuple[str, ...]:
    """The literal word(s) a term's pattern starts with (``slot``; ``casino|kasino``)."""
    body = pattern.removeprefix(r"(?<![a-z0-9])")
    match = re.match(r"\(\?:([a-z|]+)\)|([a-z]+)", body)
    if match is None:
        raise ValueError(f"gambling term pattern without a leading word: {pattern}")
    return tuple((match.group(1) or match.group(2)).split("|"))


# Every term's pattern starts with a literal word: a page without that word (nearly every
# page) is not searched with the pattern at all. Substring tests run in C; the 31 patterns
# with their look-arounds were a tenth of a crawl's CPU (benchmarks/bench_national.py).
_TERM_LEADS: dict[str, tuple[str, ...]] = {
    term: _lead_words(pattern.pattern) for term, pattern in _TERM_PATTERNS.items()
}


def _terms_in(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    lowered = text.lower()
    for term, pattern in _TERM_PATTERNS.items():
        if not any(lead in lowered for lead in _TERM_LEADS[term]):
            continue
        found = len(pattern.findall(text))
        if found:
            counts[term] = found
    return counts


# --- Shared with ``opdcrawl.extract.integrity`` (one vocabulary, one idea of "hidden") ------

PROMO_TERMS: frozenset[str] = frozenset(_PROMO_TERMS)
SMALL_PAGE_WORDS = _SMALL_PAGE_WORDS


def gambling_terms(text: str) -> Counter[str]:
    """Canonical gambling term -> mentions in ``text`` (promotional and topic terms)."""
    return _terms_in(text)


def hidden_style(style: str) -> bool:
    """True when an inline ``style`` hides its element from readers."""
    return bool(_HIDDEN_STYLE.search((style or "").lower()))


def term_pattern(term: str) -> re.Pattern[str]:
    """The pattern of one canonical gambling term (a key of ``gambling_terms``)."""
    return _TERM_PATTERNS[term]
