"""Signs that a site was injected with gambling spam or defaced, the ways attackers hide them.

Abandoned government sites are where "judi online" spam is planted, and it is planted so
that the office does not see it: shown only to search engines (cloaking), in blocks hidden
by CSS, as links to gambling domains, in the ``<title>`` and meta description search
results show, in a foreign ``canonical`` or ``amphtml`` link that hands the site's ranking
to another domain, in doorway pages listed in the sitemap but linked from nowhere, or as a
defacement that replaces the homepage. Each function here reads documents already fetched
and returns :class:`~opdcrawl.items.IntegrityFinding` rows, each with the page, a snippet
of what was seen and the signal's code (``SIGNALS``); the reader decides what to fetch.

False alarms are the danger: a news story about a police raid says "judi online",
"togel" and "bandar judi"; a schedule says "slot waktu", a data plan "slot kuota"; a
campaign says "stop judi online" and warns of "maxwin" promises. So the vocabulary is
split (``pageclass``): *advert* terms ("slot gacor", "maxwin", "RTP live") that only
adverts use, other *promotional* terms, and *topic* terms a news story uses; and every
rule needs hiding, a link out of the site, a short keyword anchor or several advert terms
together, never one word in the open. :func:`spam_terms` is the page-level judgement the
crawl stores as ``spam_terms``.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

import tldextract
from lxml import etree

from opdcrawl.extract import pageclass
from opdcrawl.extract.markup import HtmlPage, as_page
from opdcrawl.items import IntegrityFinding
from opdcrawl.vocabulary import INTEGRITY_SIGNAL_LABELS

__all__ = [
    "ADVERT_TERMS",
    "SIGNALS",
    "cloaking_findings",
    "linked_urls",
    "page_findings",
    "same_site",
    "sitemap_findings",
    "spam_terms",
    "spam_text_finding",
]

SIGNALS: tuple[str, ...] = tuple(INTEGRITY_SIGNAL_LABELS)
SNIPPET_CHARS = 240
ADVERT_TERMS = pageclass.ADVERT_TERMS
# A link whose whole text is a few words with an advert term is a keyword anchor (the
# currency of link spam); a news headline that quotes the term is a sentence.
_ANCHOR_MAX_WORDS = 8
# A listed URL whose slug is this short and carries an advert term is a doorway page.
_DOORWAY_MAX_WORDS = 5
# Visible advert vocabulary that makes a page spam without any hiding: this many distinct
# advert terms, or this many mentions of them (keyword stuffing).
_VISIBLE_ADVERT_TERMS = 3
_STUFFING_MENTIONS = 10
# Share buttons and social profiles: a hidden "Bagikan: Stop Judi Online" is not a link
# to a gambling site.
_SHARE_HOSTS = frozenset(
    {
        "wa.me", "api.whatsapp.com", "whatsapp.com", "facebook.com", "twitter.com", "x.com",
        "t.me", "telegram.me", "linkedin.com", "pinterest.com", "line.me", "instagram.com",
        "youtube.com", "tiktok.com",
    }
)  # fmt: skip
# A homepage replaced by a defacement has almost no links into the site.
_DEFACED_MAX_OWN_LINKS = 5
# Host names of gambling sites ("slotgacor88.xyz", "togel-hk.site", "maxwin.bet").
_GAMBLING_HOST = re.compile(
    r"gacor|maxwin|togel|judi(?!c)|casino|kasino|sbobet|dominoqq|bandarq|sv388|"
    r"slot(?:\d|gacor|online|88|777)|(?<![a-z])slot(?![a-z])|"
    r"(?<![a-z])(?:poker|toto|bet|jackpot)(?![a-z])",
    re.IGNORECASE,
)
_DEFACEMENT = re.compile(
    r"h[a4]ck[e3]d\s*by|defac(?:ed|er)\s*by|pwn[e3]d\s*by|"
    r"(?:your|ur)\s+security\s+(?:is\s+)?(?:low|zero|down|weak)|greetz|greets?\s+to\s*:",
    re.IGNORECASE,
)
_DEFACED_TITLE = re.compile(r"^\s*h[a4]ck[e3]d\b|" + _DEFACEMENT.pattern, re.IGNORECASE)
# Domains whose canonical/AMP links between sites are ordinary (government, schools,
# universities, the AMP cache).
_TRUSTED_SUFFIXES = (".go.id", ".desa.id", ".sch.id", ".ac.id", ".mil.id")
_AMP_CACHE = ("ampproject.org", "ampproject.net")
# Paths that list posts by topic: a tag "judi online" on a news site is a topic.
_TOPIC_SEGMENTS = frozenset(
    {"tag", "tags", "category", "kategori", "topik", "topic", "label", "search", "cari"}
)
_SLUG_SPLIT = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR = re.compile(r"^\s*[a-z0-9]*([.#])([\w-]+)\s*$", re.IGNORECASE)


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # The public suffix list bundled with tldextract: no download, ever.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4096)
def _site_key(host: str) -> str:
    """The registrable domain of ``host`` ("serangkota.go.id"); the host itself for IP
    addresses and names without a public suffix (loopback test sites)."""
    host = host.lower().strip(".")
    if not host:
        return ""
    found = _extractor()(host)
    return found.top_domain_under_public_suffix or host


def same_site(url: str, other: str) -> bool:
    """True when both URLs belong to one registrable domain (``www.`` and subdomains of
    one office's domain are the same site)."""
    return _site_key(_host(url)) == _site_key(_host(other))


def _host(url: str) -> str:
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


def _collapse(text: str) -> str:
    return _SPACES.sub(" ", text or "").strip()


def _cut(text: str, limit: int = SNIPPET_CHARS) -> str:
    text = _collapse(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _around(text: str, terms: Iterable[str]) -> str:
    """A snippet of ``text`` around the first gambling term in it (its start if none)."""
    text = _collapse(text)
    start = len(text)
    for term in terms:
        match = pageclass.term_pattern(term).search(text)
        if match:
            start = min(start, match.start())
    if start >= len(text):
        return _cut(text)
    begin = max(0, start - SNIPPET_CHARS // 3)
    prefix = "…" if begin else ""
    return _cut(prefix + text[begin:])


def _text_of(element: etree._Element) -> str:
    return _collapse(" ".join(t for t in element.itertext() if isinstance(t, str)))


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _is_advert(terms: Iterable[str]) -> bool:
    return any(term in ADVERT_TERMS for term in terms)


def _promo(terms: Iterable[str]) -> set[str]:
    return {term for term in terms if term in pageclass.PROMO_TERMS}


def _keyword_label(label: str) -> bool:
    """A link label that is gambling keywords ("togel", "situs slot", "slot gacor
    maxwin"): a gambling term in three words or fewer, or gambling words making up half
    the label. A headline ("Polisi Tangkap Pelaku Judi Online") is not."""
    terms = pageclass.gambling_terms(label)
    if not terms:
        return False
    words = _words(label)
    term_words = sum(len(term.split()) * count for term, count in terms.items())
    return words <= 3 or term_words * 2 >= words


def _gambling_host(host: str) -> bool:
    return bool(host and _GAMBLING_HOST.search(host))


# --- Pages -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Anchor:
    element: etree._Element
    href: str  # absolute
    host: str
    label: str  # text and title


def _anchors(page: HtmlPage, url: str) -> list[_Anchor]:
    """The page's links with their labels, resolved against ``url`` (kept on the page)."""
    return page.derived(("integrity.anchors", url), lambda: _find_anchors(page, url))


def _find_anchors(page: HtmlPage, url: str) -> list[_Anchor]:
    root = page.root
    if root is None:
        return []
    found: list[_Anchor] = []
    for element in root.xpath("//body//a[@href]"):
        raw = (element.get("href") or "").strip()
        if not raw or raw.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        try:
            href = urljoin(url, raw)
        except ValueError:
            continue
        label = _collapse(f"{_text_of(element)} {element.get('title', '')}")
        found.append(_Anchor(element, href, _host(href), label))
    return found


def _hidden_by_stylesheet(root: etree._Element) -> tuple[set[str], set[str]]:
    """Classes and ids that the page's own ``<style>`` blocks hide (``.seo{display:none}``,
    ``#x{position:absolute;left:-9999px}``): injected blocks are often hidden that way."""
    classes: set[str] = set()
    ids: set[str] = set()
    for style in root.xpath("//style/text()"):
        for selectors, declarations in _CSS_RULE.findall(str(style)):
            if not pageclass.hidden_style(declarations):
                continue
            for selector in selectors.split(","):
                match = _SIMPLE_SELECTOR.match(selector)
                if match:
                    (classes if match[1] == "." else ids).add(match[2])
    return classes, ids


def _hidden_roots(root: etree._Element) -> list[etree._Element]:
    """Outermost elements of the body hidden from readers: inline style, ``hidden``
    attribute, or a class/id the page's own stylesheet hides."""
    classes, ids = _hidden_by_stylesheet(root)

    def hides(element: etree._Element) -> bool:
        if not isinstance(element.tag, str):
            return False
        if "hidden" in element.attrib or pageclass.hidden_style(element.get("style", "")):
            return True
        if element.get("id") in ids:
            return True
        return bool(classes and classes & set((element.get("class") or "").split()))

    # Only elements carrying an attribute that can hide them are asked (nearly none).
    can_hide = "@hidden or @style" + (" or @id" if ids else "") + (" or @class" if classes else "")
    found: list[etree._Element] = []
    for element in root.xpath(f"//body//*[{can_hide}]"):
        if element.tag in ("script", "style", "template", "noscript"):
            continue
        if hides(element) and not any(hides(up) for up in element.iterancestors()):
            found.append(element)
    return found


def _hidden(page: HtmlPage, url: str) -> tuple[list[IntegrityFinding], set[int]]:
    """:func:`_hidden_blocks` of the page's own links, once per page (shared: not changed)."""
    return page.derived(
        ("integrity.hidden", url), lambda: _hidden_blocks(page, url, _anchors(page, url))
    )


def _hidden_blocks(
    page: HtmlPage, url: str, anchors: list[_Anchor]
) -> tuple[list[IntegrityFinding], set[int]]:
    """Hidden blocks of gambling spam; also the ids of the anchors inside them.

    A block counts with two advert terms in it, or a link out of the site (share buttons
    aside) together with an advert term or two gambling terms, or a link out labelled
    with gambling keywords (:func:`_keyword_label`), or a link to a gambling host. A
    collapsed news tab whose links stay on the site and name the crime ("Bandar Judi Bola
    Ditangkap") does not.
    """
    root = page.root
    if root is None:
        return [], set()
    findings: list[IntegrityFinding] = []
    covered: set[int] = set()
    by_element = {id(anchor.element): anchor for anchor in anchors}
    for block in _hidden_roots(root):
        inside = [by_element[id(a)] for a in block.iter("a") if id(a) in by_element]
        foreign = [a for a in inside if a.host and not same_site(a.href, url)]
        text = _text_of(block)
        labels = " ".join(a.label for a in inside)
        terms = set(pageclass.gambling_terms(f"{text} {labels}"))
        linked_out = [a for a in foreign if _site_key(a.host) not in _SHARE_HOSTS]
        spam = (
            len(terms & ADVERT_TERMS) >= 2
            or (bool(linked_out) and (_is_advert(terms) or len(terms) >= 2))
            or any(_keyword_label(a.label) for a in linked_out)
            or any(_gambling_host(a.host) for a in foreign)
        )
        if not spam:
            continue
        covered.update(id(a.element) for a in inside)
        hosts = sorted({a.host for a in foreign})
        findings.append(
            IntegrityFinding(
                signal="hidden_block",
                url=url,
                snippet=_around(text or labels, terms),
                detail=", ".join(hosts[:5]) or None,
            )
        )
    return findings, covered


def _injected_links(anchors: list[_Anchor], url: str, covered: set[int]) -> list[IntegrityFinding]:
    """Links to other sites that are gambling: by the target's host name, or by a short
    keyword anchor with an advert term. Those inside a reported hidden block are left out."""
    injected: list[_Anchor] = []
    for anchor in anchors:
        if id(anchor.element) in covered or not anchor.host or same_site(anchor.href, url):
            continue
        terms = pageclass.gambling_terms(anchor.label)
        keyword_anchor = _is_advert(terms) and _words(anchor.label) <= _ANCHOR_MAX_WORDS
        if _gambling_host(anchor.host) or keyword_anchor:
            injected.append(anchor)
    if not injected:
        return []
    shown = "; ".join(f"{a.label or '-'} → {a.href}" for a in injected[:3])
    hosts = sorted({a.host for a in injected})
    return [
        IntegrityFinding(
            signal="injected_link",
            url=url,
            snippet=_cut(f"{len(injected)} tautan: {shown}"),
            detail=", ".join(hosts[:5]),
        )
    ]


def _meta(page: HtmlPage, *names: str) -> str:
    selector = page.selector
    if selector is None:
        return ""
    values: list[str] = []
    for name in names:
        values += selector.xpath(
            f"//meta[translate(@name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
            f"'abcdefghijklmnopqrstuvwxyz')='{name}' or @property='{name}']/@content"
        ).getall()
    return _collapse(" ".join(values))


def _title(page: HtmlPage) -> str:
    selector = page.selector
    if selector is None:
        return ""
    return _collapse(" ".join(selector.xpath("//title//text()").getall()))


def _title_hijack(page: HtmlPage, url: str) -> list[IntegrityFinding]:
    """An advert term in the ``<title>``, or two promotional terms across the title and
    the descriptions search results show: a government homepage's title is its name."""
    title = _title(page)
    description = _meta(page, "description", "og:title", "og:description", "twitter:title")
    in_title = set(pageclass.gambling_terms(title))
    in_all = in_title | set(pageclass.gambling_terms(description))
    if not (_is_advert(in_title) or len(_promo(in_all)) >= 2):
        return []
    snippet = _around(f"{title} | {description}" if description else title, in_all)
    return [IntegrityFinding(signal="title_hijack", url=url, snippet=snippet)]


def _foreign_links(page: HtmlPage, url: str) -> list[IntegrityFinding]:
    """``canonical``/``amphtml`` pointing to another domain that is no government or
    school domain (or whose address is gambling): search engines then credit, or show,
    the other domain's page in the site's place."""
    selector = page.selector
    if selector is None:
        return []
    findings: list[IntegrityFinding] = []
    for rel, signal in (("canonical", "foreign_canonical"), ("amphtml", "foreign_amphtml")):
        links = selector.xpath(f"//link[contains(concat(' ', @rel, ' '), ' {rel} ')]/@href")
        for raw in links.getall():
            try:
                target = urljoin(url, raw.strip())
            except ValueError:
                continue
            host = _host(target)
            if not host or same_site(target, url):
                continue
            if signal == "foreign_amphtml" and _site_key(host) in _AMP_CACHE:
                continue
            trusted = host.endswith(_TRUSTED_SUFFIXES)
            terms = pageclass.gambling_terms(_slug_text(target))
            if trusted and not (_gambling_host(host) or terms):
                continue
            findings.append(
                IntegrityFinding(
                    signal=signal,
                    url=url,
                    snippet=_cut(f'<link rel="{rel}" href="{target}">'),
                    detail=host,
                )
            )
            break
    return findings


def _defacement(page: HtmlPage, url: str, anchors: list[_Anchor]) -> list[IntegrityFinding]:
    """ "Hacked by" in the title, or a defacement message on a homepage that lost its
    template (few words, almost no links into the site). A news story about a defaced
    site is long and keeps its menu, so it does not count."""
    title = _title(page)
    text = page.visible_text
    own_links = sum(1 for a in anchors if a.host and same_site(a.href, url))
    small = _words(text) < pageclass.SMALL_PAGE_WORDS
    marker = _DEFACEMENT.search(text)
    if _DEFACED_TITLE.search(title):
        evidence = f"{title} | {text}"
    elif marker and small and own_links < _DEFACED_MAX_OWN_LINKS:
        evidence = f"{title} | {text}" if title else text
    else:
        return []
    return [
        IntegrityFinding(
            signal="defacement",
            url=url,
            snippet=_cut(evidence),
            detail=f"{_words(text)} kata, {own_links} tautan internal",
        )
    ]


def page_findings(html: str | HtmlPage, url: str) -> list[IntegrityFinding]:
    """Every integrity signal one page shows by itself: hidden gambling blocks, injected
    gambling links, a hijacked title or description, a foreign canonical/AMP link, a
    defacement. ``url`` is where the page was read (its host is the site's own)."""
    page = as_page(html, url)
    found = page.derived(("integrity.findings", url), lambda: _page_findings(page, url))
    return [dataclasses.replace(finding) for finding in found]  # the caller's own copies


def _page_findings(page: HtmlPage, url: str) -> tuple[IntegrityFinding, ...]:
    if page.root is None:
        return ()
    anchors = _anchors(page, url)
    hidden, covered = _hidden(page, url)
    return (
        *_defacement(page, url, anchors),
        *_title_hijack(page, url),
        *hidden,
        *_injected_links(anchors, url, covered),
        *_foreign_links(page, url),
    )


def _own_url(page: HtmlPage, url: str) -> str:
    """Where the page lives: ``url``, else its canonical or og:url, else the host most of
    its links point to, when two or more do and it is no gambling host (a saved page
    read without its address); "" when none can be told."""
    if _host(url):
        return url
    selector = page.selector
    if selector is not None:
        for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
            value = (selector.xpath(xpath).get() or "").strip()
            if _host(value):
                return value
    hosts = Counter(
        anchor.host
        for anchor in _anchors(page, url)
        if anchor.host and not _gambling_host(anchor.host)
    )
    if not hosts or hosts.most_common(1)[0][1] < 2:
        return ""  # every absolute link then leads out of the site
    return f"http://{hosts.most_common(1)[0][0]}/"


def spam_terms(html: str | HtmlPage, url: str = "") -> list[str]:
    """Gambling terms on a page judged to carry injected spam; [] when it is not judged so.

    Spam when the page shows a hidden gambling block, an injected gambling link or a
    hijacked title (:func:`page_findings`), or, in the open, three distinct advert terms
    or ten mentions of them. Topic and news words ("judi online", "togel", "bandar
    judi") are never enough alone: not in a news story about a raid, an anti-gambling
    campaign, a collapsed tab of headlines or a link to a national news site. Returns
    every distinct gambling term found (hidden and link text included), sorted.
    """
    page = as_page(html, url)
    if page.root is None:
        return []
    own = _own_url(page, url)
    anchors = _anchors(page, own)
    hidden, covered = _hidden(page, own)
    flagged = bool(hidden or _injected_links(anchors, own, covered) or _title_hijack(page, own))
    shown = _text_terms(page)
    adverts = {term: count for term, count in shown.items() if term in ADVERT_TERMS}
    if not flagged:
        flagged = (
            len(adverts) >= _VISIBLE_ADVERT_TERMS or sum(adverts.values()) >= _STUFFING_MENTIONS
        )
    if not flagged:
        return []
    hidden_text = " ".join(_text_of(block) for block in _hidden_roots(page.root))
    labels = " ".join(anchor.label for anchor in anchors)
    return sorted(set(shown) | set(pageclass.gambling_terms(f"{hidden_text} {labels}")))


def spam_text_finding(html: str | HtmlPage, url: str, terms: list[str]) -> IntegrityFinding:
    """The evidence for ``integrity.spam_terms`` (gambling terms judged to be spam)."""
    page = as_page(html, url)
    text = f"{_title(page)} | {page.visible_text}"
    return IntegrityFinding(
        signal="spam_text", url=url, snippet=_around(text, terms), detail=", ".join(terms)
    )


# --- Cloaking: the visitor's view against the search engine's ----------------------------


def _view_terms(page: HtmlPage, url: str) -> frozenset[str]:
    """Gambling terms a view carries anywhere search engines read: title, descriptions,
    text, link labels and targets."""
    return page.derived(("integrity.view_terms", url), lambda: _find_view_terms(page, url))


def _find_view_terms(page: HtmlPage, url: str) -> frozenset[str]:
    labels = " ".join(f"{a.label} {_slug_text(a.href)}" for a in _anchors(page, url))
    return frozenset(_text_terms(page)) | frozenset(pageclass.gambling_terms(labels))


def _text_terms(page: HtmlPage) -> Counter[str]:
    """Gambling terms (with counts) in the title, descriptions and visible text; kept."""

    def count() -> Counter[str]:
        description = _meta(page, "description", "keywords", "og:title", "og:description")
        return pageclass.gambling_terms(f"{_title(page)} {description} {page.visible_text}")

    return page.derived("integrity.text_terms", count)


def _view_summary(page: HtmlPage, terms: Iterable[str]) -> str:
    title = _title(page)
    return _around(f"{title} | {page.visible_text}" if title else page.visible_text, terms)


def cloaking_findings(
    visitor: str | HtmlPage,
    visitor_url: str,
    crawler: str | HtmlPage,
    crawler_url: str,
) -> list[IntegrityFinding]:
    """Spam shown to a search engine's crawler and not to a visitor (or the other way).

    ``visitor``: the homepage as the crawl fetched it; ``crawler``: the same address
    asked for with a search engine's User-Agent and referrer, ending at ``crawler_url``.
    One finding, with both snippets, when one view carries gambling content the other
    lacks (an advert term, or two promotional terms, or a page-level signal), or when the
    crawler was sent to another domain. Ordinary differences (a rotating headline, a
    visitor counter) carry no gambling terms and are not findings.
    """
    seen = as_page(visitor, visitor_url)
    shown = as_page(crawler, crawler_url)
    if crawler_url == visitor_url and shown.text == seen.text:
        return []  # one page, shown alike to both: nothing can differ
    redirected = bool(_host(crawler_url)) and not same_site(crawler_url, visitor_url)
    findings: list[IntegrityFinding] = []
    for this, this_url, other, other_url, side in (
        (shown, crawler_url, seen, visitor_url, "mesin pencari"),
        (seen, visitor_url, shown, crawler_url, "pengunjung"),
    ):
        terms = _view_terms(this, this_url) - _view_terms(other, other_url)
        this_signals = {f.signal for f in page_findings(this, this_url)}
        other_signals = {f.signal for f in page_findings(other, other_url)}
        extra = sorted(this_signals - other_signals)
        gambling = _is_advert(terms) or len(_promo(terms)) >= 2 or bool(extra)
        if not gambling and not (redirected and side == "mesin pencari"):
            continue
        parts = [f"hanya untuk {side}"]
        if redirected and side == "mesin pencari":
            parts.append(f"dialihkan ke {crawler_url}")
        if extra:
            parts.append("sinyal: " + ", ".join(extra))
        if terms:
            parts.append("istilah: " + ", ".join(sorted(terms)))
        findings.append(
            IntegrityFinding(
                signal="cloaking",
                url=visitor_url,
                snippet=_view_summary(this, terms),
                other_snippet=_view_summary(other, ()),
                detail=_cut("; ".join(parts)),
            )
        )
    return findings


# --- Sitemaps: doorway pages listed but not linked --------------------------------------


def _normal(url: str) -> str:
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/") or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{(parts.hostname or '').removeprefix('www.')}{path}{query}".lower()


def linked_urls(html: str | HtmlPage, url: str) -> set[str]:
    """Every address a page links to, normalised as :func:`sitemap_findings` compares."""
    return {_normal(anchor.href) for anchor in _anchors(as_page(html, url), url)}


def _slug_text(url: str) -> str:
    """The words of a URL's last path segment and query values ("slot-gacor-maxwin" ->
    "slot gacor maxwin"); "" for a bare host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    segments = [s for s in unquote(parts.path).lower().split("/") if s]
    values = [unquote(v).lower() for _, v in parse_qsl(parts.query)]
    last = segments[-1].rsplit(".", 1)[0] if segments else ""
    return " ".join(w for w in _SLUG_SPLIT.split(" ".join([last, *values])) if w)


def _doorway(url: str) -> bool:
    """A listed address whose slug is a gambling advert: two distinct terms, one of them
    promotional, or an advert term in a slug of a few words. Tag and category pages
    ("/tag/judi-online/") are topics of a news site, never doorways."""
    try:
        segments = {s.lower() for s in urlsplit(url).path.split("/") if s}
    except ValueError:
        return False
    if segments & _TOPIC_SEGMENTS:
        return False
    slug = _slug_text(url)
    terms = set(pageclass.gambling_terms(slug))
    if len(terms) >= 2 and _promo(terms):
        return True
    return _is_advert(terms) and _words(slug) <= _DOORWAY_MAX_WORDS


def sitemap_findings(
    locations: Iterable[str], sitemap_url: str, site_url: str, linked: set[str]
) -> list[IntegrityFinding]:
    """Gambling doorway pages under the site that ``sitemap_url`` lists and the homepage
    does not link (``linked``: :func:`linked_urls` of the homepage). One finding per
    sitemap, naming the first listed page and showing up to five."""
    doorways = [
        loc
        for loc in dict.fromkeys(locations)
        if same_site(loc, site_url) and _normal(loc) not in linked and _doorway(loc)
    ]
    if not doorways:
        return []
    return [
        IntegrityFinding(
            signal="sitemap_only_page",
            url=sitemap_url,
            snippet=_cut(f"{len(doorways)} halaman: " + " ".join(doorways[:5])),
            detail=doorways[0],
        )
    ]
