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
from opdcrawl.extract.markup import HtmlPage
from opdcrawl.extract.sitemaps import looks_like_article_url
from opdcrawl.extract.textdates import (
    TextMap,
    find_dates,
    has_yearless_date,
    is_modified_stamp,
    machine_date,
    parse_html,
)
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
    # Dated entries not known to be news (set by the reader on CMSs whose lists mix in
    # static pages and agenda items, see ``newsness``); they count only once confirmed.
    unconfirmed: list[Post] = field(default_factory=list)

    def extend(self, other: Listing) -> None:
        """Add another page's entries (the next page link stays this one's)."""
        self.posts.extend(other.posts)
        self.undated_article_urls.extend(other.undated_article_urls)
        self.unconfirmed.extend(other.unconfirmed)


_READ_MORE = re.compile(
    r"^\W*(baca|selengkapnya|lanjut|read more|more|lihat|detail|continue|klik)", re.IGNORECASE
)
_MIN_TITLE_CHARS = 12
_MIN_HEADED_TITLE_CHARS = 4
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
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


# An event's or agenda item's URL carries the day it happens, not the day it was posted.
_EVENT_PATH = re.compile(
    r"/(events?|agenda|acara|kalender|calendar|jadwal|kegiatan-mendatang)(/|$)", re.IGNORECASE
)


@dataclass
class _Entry:
    url: str
    anchors: list[etree._Element] = field(default_factory=list)


def extract_listing(
    html: str | HtmlPage, url: str, *, now: datetime, cms: str | None = None
) -> Listing:
    """Read the entries of a homepage or list page.

    ``html`` is the page's text or its :class:`~opdcrawl.extract.markup.HtmlPage` (whose
    tree is read, never changed: decoys are cut from a copy). ``cms`` (a
    :func:`opdcrawl.extract.cms.fingerprint` result) is accepted so callers can pass what
    they know; the entry and date rules are structural and need no CMS switch.
    """
    root = parse_html(html)
    if root is None:
        return Listing()
    listing = Listing(next_page=find_next_page(root, url))
    # The block holding most post links is the news list, even one named like a widget.
    page = _bare(url)
    clean = _strip_decoys(root, post_link=lambda anchor: _post_link(anchor, url, page))
    listing.posts.extend(_table_rows(clean, url, now=now))
    tabled = {post.url for post in listing.posts}
    entries = [entry for entry in _entries(clean, url) if entry.url not in tabled]
    owners = _entry_owners(entries)
    undated: list[tuple[int, str]] = []
    for entry in entries:
        title_anchor = _title_anchor(entry)
        card = _card(title_anchor, owners, entry.url)
        title = _title_of(title_anchor) or _card_heading(card)
        if title is None:
            continue  # a bare "Baca selengkapnya" or an icon link: not a post entry
        raw, published_at = _card_date(card, title_anchor, owners, entry.url, now=now)
        if published_at is None:
            raw, published_at = _group_heading_date(card, now=now)
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
        from_url = None if _EVENT_PATH.search(entry.url) else date_from_url(entry.url, now=now)
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
    in_heading = _in_heading(anchor)
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
    page = _bare(page_url)
    for anchor in root.iter("a"):
        link = _post_link(anchor, page_url, page)
        if link is not None:
            by_url.setdefault(link, _Entry(link)).anchors.append(anchor)
    return list(by_url.values())


def _post_link(anchor: etree._Element, page_url: str, page: str) -> str | None:
    """The URL of the post on this site that ``anchor`` links to, or None.

    ``page`` is ``_bare(page_url)``, worked out once per page by the caller.
    """
    href = (anchor.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    link = urldefrag(urljoin(page_url, href))[0]
    if urlsplit(link).scheme not in {"http", "https", "file"}:
        return None
    if link.rstrip("/") == page or not _same_site(link, page_url):
        return None
    return link if _is_article_url(link) else None


def _bare(url: str) -> str:
    """``url`` without fragment and trailing slash, to tell a link to the page itself."""
    return urldefrag(url)[0].rstrip("/")


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
        in_heading = _in_heading(anchor)
        usable = bool(text) and not _READ_MORE.match(text)
        return (int(usable) * 2 + int(in_heading), len(text))

    return max(entry.anchors, key=rank)


def _title_of(anchor: etree._Element) -> str | None:
    return _usable_title(_anchor_text(anchor), headed=_in_heading(anchor))


def _in_heading(anchor: etree._Element) -> bool:
    return any(a.tag in _HEADING_TAGS for a in anchor.iterancestors())


def _usable_title(text: str, *, headed: bool = False) -> str | None:
    """A post title, not a menu item: long enough, or a heading's link.

    A one-word title ("Sosialisasi") is real when it is the link of a heading (WordPress's
    ``h2.entry-title > a``); anywhere else a short link text is a menu or a tag.
    """
    if _READ_MORE.match(text):
        return None
    if headed:
        return text if len(text) >= _MIN_HEADED_TITLE_CHARS else None
    if len(text) < _MIN_TITLE_CHARS or len(text.split()) < 2:
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
        if is_modified_stamp(el):
            continue
        raw = machine_date(el)
        if not raw:
            continue
        published_at = parse_date(raw, now=now)
        if published_at is not None and published_at <= now:
            return raw, published_at
    return None


# --- a date heading over a group of posts -----------------------------------------------------

_DATE_HEADING_CLASS = re.compile(r"date[-_]?header|date[-_]?heading|tanggal", re.IGNORECASE)
# A date heading is the date and little else ("Selasa, 05 November 2019").
_HEADING_SLACK = 6
# The heading sits beside the card or its group (Blogger: one level up); a date heading
# further away is a page banner, not the group's.
_GROUP_LEVELS = 3


def _group_heading_date(
    card: etree._Element, *, now: datetime
) -> tuple[str | None, datetime | None]:
    """The date of the heading that opens the group of posts this card belongs to.

    Blogger prints one ``h2.date-header`` per day and puts every post of that day under it
    (``.date-outer > h2.date-header + .date-posts > .post-outer …``); old blog themes and
    Drupal views grouped by day do the same. The heading is a sibling of the card or of
    one of its ancestors, so it is found by walking up and looking back; a heading that is
    not just a date (a section title) closes the search, so a date never leaks across
    sections.
    """
    el: etree._Element | None = card
    for _ in range(_GROUP_LEVELS):
        if el is None or el.tag in {"body", "html"}:
            break
        sibling = el.getprevious()
        while sibling is not None:
            if isinstance(sibling.tag, str) and _is_heading(sibling):
                found = _heading_date(sibling, now=now)
                if found is None:
                    return None, None
                return found
            sibling = sibling.getprevious()
        el = el.getparent()
    return None, None


def _is_heading(el: etree._Element) -> bool:
    return el.tag in _HEADING_TAGS or bool(_DATE_HEADING_CLASS.search(el.get("class") or ""))


def _heading_date(heading: etree._Element, *, now: datetime) -> tuple[str, datetime] | None:
    text = " ".join(" ".join(heading.itertext()).split())
    candidates = list(find_dates(TextMap(heading), now=now))
    if len(candidates) != 1 or len(text) > len(candidates[0].raw) + _HEADING_SLACK:
        return None
    return candidates[0].raw, candidates[0].published_at


# --- news tables -------------------------------------------------------------------------------

_DATE_COLUMN = re.compile(
    r"^\W*(tanggal|tgl\.?|tanggal (posting|terbit|upload|unggah)|diposting|date|waktu)\W*$",
    re.IGNORECASE,
)


def _table_rows(root: etree._Element, page_url: str, *, now: datetime) -> list[Post]:
    """Posts of 2010-era news tables: a "Tanggal" column, the title linked in another.

    The date belongs to the link in its own row, whatever the link looks like: these
    sites address articles as ``berita.php?id=47`` or ``index.php?mod=berita&id=112``,
    which no URL rule can tell from a menu link, but a row in a dated table can.
    """
    posts: list[Post] = []
    seen: set[str] = set()
    for table in root.iter("table"):
        rows = [row for row in table.iter("tr") if _owning_table(row) is table]
        column = None
        for index, row in enumerate(rows):
            cells = [c for c in row if isinstance(c.tag, str) and c.tag in {"td", "th"}]
            if column is None:
                column = next(
                    (i for i, cell in enumerate(cells) if _DATE_COLUMN.match(_plain(cell))),
                    None,
                )
                if column is None and index >= 1:
                    break  # the header is the first or second row, or there is none
                continue
            if len(cells) <= column:
                continue
            raw = _plain(cells[column])
            published_at = parse_date(raw, now=now) if raw else None
            if published_at is None or published_at > now:
                continue
            for cell_index, cell in enumerate(cells):
                if cell_index == column:
                    continue
                for anchor in cell.iter("a"):
                    link = _row_link(anchor, page_url)
                    title = _title_of(anchor)
                    if link is None or title is None or link in seen:
                        continue
                    seen.add(link)
                    posts.append(
                        Post(
                            url=link,
                            title=title,
                            raw_date=raw,
                            published_at=published_at,
                            source="list-page",
                            evidence_url=page_url,
                        )
                    )
    return posts


def _owning_table(row: etree._Element) -> etree._Element | None:
    return next(row.iterancestors("table"), None)


def _plain(el: etree._Element) -> str:
    return " ".join(" ".join(el.itertext()).split())


def _row_link(anchor: etree._Element, page_url: str) -> str | None:
    href = (anchor.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return None
    link = urldefrag(urljoin(page_url, href))[0]
    if urlsplit(link).scheme not in {"http", "https", "file"} or not _same_site(link, page_url):
        return None
    if link == urldefrag(page_url)[0] or _NOT_ARTICLE.search(link):
        return None
    return link


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
        # Whether the anchor sits in a pager is asked last: walking every anchor's
        # ancestors was most of this function's time on a national crawl.
        if _NEXT_TEXT.match(text) and (_PAGED_HREF.search(link) or _in_pager(anchor)):
            return link
        if _page_number(link) == current + 1 and _same_path_family(link, url):
            return link
        if text == str(current + 1) and _in_pager(anchor):
            return link
    return None


def _in_pager(anchor: etree._Element) -> bool:
    return any(_PAGER_CLASS.search(a.get("class") or "") for a in anchor.iterancestors())


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
