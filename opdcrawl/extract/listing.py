"""Posts and their dates on a homepage or news list page (``/berita``, ``?page=2``).

A list page is read as a set of *entries*: the links to this site's article pages that
carry a title, each with the smallest surrounding block (its "card") that holds no other
entry. A date counts only when it sits inside that card (or in the blocks right after a
bare title link), so a calendar, a header clock or the next post's date cannot be borrowed.

A card whose only date is a day-and-month badge (CMS Sekolahku's ``04`` over ``Nov``) is
left undated on purpose: inferring its year would make a site abandoned years ago look
active. Its URL goes to ``undated_article_urls`` so the spider can read the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from lxml import etree

from opdcrawl.dates import parse_date
from opdcrawl.extract.sitemaps import looks_like_article_url
from opdcrawl.extract.textdates import TextMap, find_dates, has_yearless_date, parse_html
from opdcrawl.extract.textdates import strip_decoys as _strip_decoys
from opdcrawl.extract.urldates import date_from_url
from opdcrawl.items import Post

__all__ = ["Listing", "extract_listing", "find_next_page"]


@dataclass
class Listing:
    """What a list page says: dated posts, entries to open, and the next page to read."""

    posts: list[Post] = field(default_factory=list)
    undated_article_urls: list[str] = field(default_factory=list)
    next_page: str | None = None


_READ_MORE = re.compile(
    r"^\W*(baca|selengkapnya|lanjut|read more|more|lihat|detail|continue|klik)", re.IGNORECASE
)
_MIN_TITLE_CHARS = 12
# List pages, archives and menus: same-site links that are not posts.
_NOT_ARTICLE = re.compile(
    r"/(category|kategori|tag|tags|label|author|penulis|page|halaman|search|cari|login"
    r"|wp-login|feed|rss|arsip|archive)(/|$)|[?&](page|halaman|hal|per_page|s|q)=|/wp-content/"
    r"|\.(jpe?g|png|gif|pdf|docx?|xlsx?|zip|rar)$",
    re.IGNORECASE,
)
# CMS shapes from CMS_NOTES.md, for sites whose post URLs the generic test misses.
_CMS_ARTICLE = re.compile(
    r"/detailpost/[^/]+|/read/\d+/|/artikel/\d{4}/\d{1,2}/\d{1,2}/|/baca/[^/]+/[^/]+"
    r"|/detail/[^/]+|/berita-\d+-|/(berita|artikel|news|post|pengumuman)/(?!\d+/?$)[^/?#]+"
    r"|[?&]p=\d+|/\d{4}/\d{2}/(\d{2}/)?[^/]+",
    re.IGNORECASE,
)


@dataclass
class _Entry:
    url: str
    anchors: list[etree._Element] = field(default_factory=list)


def extract_listing(html: str, url: str, *, now: datetime, cms: str | None = None) -> Listing:
    """Read the entries of a homepage or list page.

    ``cms`` (a :func:`opdcrawl.extract.cms.fingerprint` result) is accepted so callers can
    pass what they know; the entry and date rules are structural and need no CMS switch.
    """
    root = parse_html(html)
    if root is None:
        return Listing()
    listing = Listing(next_page=find_next_page(root, url))
    clean = _strip_decoys(root)
    entries = _entries(clean, url)
    owners = _entry_owners(entries)
    undated: list[tuple[int, str]] = []
    for entry in entries:
        title_anchor = _title_anchor(entry)
        card = _card(title_anchor, owners, entry.url)
        title = _title_of(title_anchor) or _card_heading(card)
        if title is None:
            continue  # a bare "Baca selengkapnya" or an icon link: not a post entry
        raw, published_at = _card_date(card, title_anchor, owners, entry.url, now=now)
        if published_at is not None:
            listing.posts.append(
                Post(
                    url=entry.url,
                    title=title,
                    raw_date=raw,
                    published_at=published_at,
                    source="list-page",
                    evidence_url=url,
                )
            )
            continue
        from_url = date_from_url(entry.url, now=now)
        if from_url is not None:
            listing.posts.append(
                Post(
                    url=entry.url,
                    title=title,
                    raw_date=entry.url,
                    published_at=from_url,
                    source="url",
                    evidence_url=url,
                )
            )
        else:
            undated.append((_entry_rank(entry, title_anchor), entry.url))
    # The spider opens only a few of these: real posts first, stray page links last.
    listing.undated_article_urls = [link for _, link in sorted(undated, key=lambda x: x[0])]
    return listing


def _entry_rank(entry: _Entry, anchor: etree._Element) -> int:
    in_heading = any(a.tag in {"h1", "h2", "h3", "h4", "h5", "h6"} for a in anchor.iterancestors())
    cms_shaped = bool(_CMS_ARTICLE.search(entry.url))
    return 0 if (in_heading or cms_shaped) else 1


# --- entries ------------------------------------------------------------------------------


def _same_site(a: str, b: str) -> bool:
    host_a = (urlsplit(a).hostname or "").removeprefix("www.")
    host_b = (urlsplit(b).hostname or "").removeprefix("www.")
    return host_a == host_b


def _is_article_url(link: str) -> bool:
    if _NOT_ARTICLE.search(link):
        return False
    return looks_like_article_url(link) or bool(_CMS_ARTICLE.search(link))


def _entries(root: etree._Element, page_url: str) -> list[_Entry]:
    by_url: dict[str, _Entry] = {}
    page = urldefrag(page_url)[0].rstrip("/")
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        link = urldefrag(urljoin(page_url, href))[0]
        if urlsplit(link).scheme not in {"http", "https", "file"}:
            continue
        if link.rstrip("/") == page or not _same_site(link, page_url):
            continue
        if not _is_article_url(link):
            continue
        by_url.setdefault(link, _Entry(link)).anchors.append(anchor)
    return list(by_url.values())


def _anchor_text(anchor: etree._Element) -> str:
    text = " ".join(" ".join(anchor.itertext()).split())
    if not text:
        text = (anchor.get("title") or "").strip()
    if not text:
        img = next(anchor.iter("img"), None)
        text = (img.get("alt") or "").strip() if img is not None else ""
    return text


def _title_anchor(entry: _Entry) -> etree._Element:
    def rank(anchor: etree._Element) -> tuple[int, int]:
        text = " ".join(" ".join(anchor.itertext()).split())
        in_heading = any(
            a.tag in {"h1", "h2", "h3", "h4", "h5", "h6"} for a in anchor.iterancestors()
        )
        usable = bool(text) and not _READ_MORE.match(text)
        return (int(usable) * 2 + int(in_heading), len(text))

    return max(entry.anchors, key=rank)


def _title_of(anchor: etree._Element) -> str | None:
    return _usable_title(_anchor_text(anchor))


def _usable_title(text: str) -> str | None:
    if _READ_MORE.match(text) or len(text) < _MIN_TITLE_CHARS or len(text.split()) < 2:
        return None
    return text


def _card_heading(card: etree._Element) -> str | None:
    """The card's heading, for themes whose only link is "Baca selengkapnya"."""
    for el in card.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        title = _usable_title(" ".join(" ".join(el.itertext()).split()))
        if title:
            return title
    for el in card.iter():
        if isinstance(el.tag, str) and re.search(r"title|judul", el.get("class") or "", re.I):
            title = _usable_title(" ".join(" ".join(el.itertext()).split()))
            if title:
                return title
    return None


def _entry_owners(entries: list[_Entry]) -> dict[etree._Element, set[str]]:
    """For every element above an entry link, the entry URLs it contains."""
    owners: dict[etree._Element, set[str]] = {}
    for entry in entries:
        for anchor in entry.anchors:
            owners.setdefault(anchor, set()).add(entry.url)
            for ancestor in anchor.iterancestors():
                owners.setdefault(ancestor, set()).add(entry.url)
    return owners


def _card(
    anchor: etree._Element, owners: dict[etree._Element, set[str]], url: str
) -> etree._Element:
    card = anchor
    parent = anchor.getparent()
    while parent is not None and parent.tag not in {"body", "html"}:
        if owners.get(parent, set()) - {url}:
            break
        card = parent
        parent = parent.getparent()
    return card


# --- the date of one entry ------------------------------------------------------------------


def _card_date(
    card: etree._Element,
    anchor: etree._Element,
    owners: dict[etree._Element, set[str]],
    url: str,
    *,
    now: datetime,
) -> tuple[str | None, datetime | None]:
    blocks = [card]
    sibling = card.getnext()
    while sibling is not None and len(blocks) < 4:
        if owners.get(sibling, set()) - {url}:
            break
        blocks.append(sibling)
        sibling = sibling.getnext()
    for block in blocks:
        found = _time_element_date(block, now=now)
        if found is not None:
            return found
        text_map = TextMap(block)
        anchor_at = text_map.segment_of(anchor) if block is card else 0
        candidates = [c for c in find_dates(text_map, now=now) if c.labelled or not c.prose]
        if candidates:
            best = min(candidates, key=lambda c: abs(c.segment - (anchor_at or 0)))
            return best.raw, best.published_at
    return None, None


def _time_element_date(block: etree._Element, *, now: datetime) -> tuple[str, datetime] | None:
    for el in block.iter():
        if not isinstance(el.tag, str):
            continue
        itemprop = (el.get("itemprop") or "").lower()
        if el.tag != "time" and itemprop != "datepublished":
            continue
        if itemprop == "datemodified" or re.search(r"updated|modified", el.get("class") or ""):
            continue
        raw = el.get("datetime") or el.get("content")
        if not raw:
            continue
        published_at = parse_date(raw, now=now)
        if published_at is not None and published_at <= now:
            return raw, published_at
    return None


def card_has_yearless_badge(card: etree._Element) -> bool:
    """True when a card shows a day-month badge and no full date (kept for notes)."""
    return has_yearless_date(" ".join(card.itertext()))


# --- pagination ---------------------------------------------------------------------------

_NEXT_TEXT = re.compile(
    r"^\W*(selanjutnya|berikutnya|next|older|lanjut|halaman berikut\w*)\W*$|^[»›>]+$|^→$",
    re.IGNORECASE,
)
_PAGER_CLASS = re.compile(r"pagination|pager|paging|page-numbers|nav-links|halaman", re.I)
_PAGE_PARAM = ("page", "halaman", "hal", "paged", "p")
_PAGED_HREF = re.compile(r"[?&](page|halaman|hal|paged)=\d+|/page/\d+|/halaman/\d+|/\d+/?$")


def find_next_page(root: etree._Element, url: str) -> str | None:
    """The URL of the next list page, or None on the last (or only) page."""
    here = urldefrag(url)[0]
    for el in root.iter("link", "a"):
        if "next" in (el.get("rel") or "").lower().split() and el.get("href"):
            return _absolute(url, el.get("href", ""))
    current = _current_page(url)
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        link = _absolute(url, href)
        if link == here or not _same_site(link, url):
            continue
        text = " ".join(" ".join(anchor.itertext()).split())
        in_pager = any(_PAGER_CLASS.search(a.get("class") or "") for a in anchor.iterancestors())
        if _NEXT_TEXT.match(text) and (in_pager or _PAGED_HREF.search(link)):
            return link
        if _page_number(link) == current + 1 and _same_path_family(link, url):
            return link
        if in_pager and text == str(current + 1):
            return link
    return None


def _absolute(base: str, href: str) -> str:
    return urldefrag(urljoin(base, href.strip()))[0]


def _page_number(url: str) -> int | None:
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in _PAGE_PARAM and key.lower() != "p" and value.isdigit():
            return int(value)
    match = re.search(r"/(?:page|halaman)/(\d+)/?$", parts.path)
    return int(match.group(1)) if match else None


def _current_page(url: str) -> int:
    return _page_number(url) or 1


def _same_path_family(link: str, url: str) -> bool:
    strip = re.compile(r"/(?:page|halaman)/\d+/?$")
    return strip.sub("", urlsplit(link).path).rstrip("/") == strip.sub(
        "", urlsplit(url).path
    ).rstrip("/")
