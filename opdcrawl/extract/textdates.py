"""Finding date-like text in an HTML page, and telling post dates from decoys.

Both the list-page and the article extractor need the same two things: a page with the
decoys cut away (today's date in the header, calendars, agendas, counters, footers) and
the dates printed in what is left, each with its position so the one nearest a post title
can win. They live here so the two extractors agree on what a trap is.

Dates are found by a narrow regular expression and read by :func:`opdcrawl.dates.parse_date`;
only text that already looks like a full date (with a year), an ISO stamp or a relative
"3 hari yang lalu" is ever parsed. A day and month without a year (the CMS Sekolahku
``04`` over ``Nov`` badge) is reported as a badge and never turned into a date here:
guessing its year would make an abandoned site look active.
"""

from __future__ import annotations

import copy
import enum
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from lxml import etree

from opdcrawl.dates import parse_date

# Re-exported: the list and article extractors build their tree with it.
from opdcrawl.extract.markup import parse_html

__all__ = [
    "DateCandidate",
    "TextMap",
    "find_dates",
    "has_yearless_date",
    "is_post_part",
    "machine_date",
    "parse_html",
    "strip_decoys",
]

# --- Structural decoys ------------------------------------------------------------------

# Subtrees that never hold the date of the post being read.
_DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "svg", "nav", "aside"}
# Page-level only: an <article>'s own <header>/<footer> holds its byline.
_PAGE_LEVEL_TAGS = {"header", "footer"}
_DECOY_CLASS = re.compile(
    r"calend|kalender|agenda|event|widget|counter|statisti|stats\b|visitor|pengunjung"
    r"|copyright|sidebar|komentar|topbar|top-bar|top_bar|masthead|navbar|menu"
    r"|today|hari-?ini|clock|jam-?digital|marquee|running|ticker|breaking|jadwal|popular"
    r"|populer|terpopuler|related|terkait|diperbarui|last-?modified|last-?update|(^|[-_])comments?([-_](list|area|body|item|meta"
    r"|content|wrap\w*))?$|commentlist",
    re.IGNORECASE,
)
# The site's own header and footer bars, as themes name them (``site-header``,
# ``header_top``, ``tanggal_header``); a post's ``entry-header`` or ``card-footer`` is kept.
_LAYOUT_CLASS = re.compile(r"(^|[-_])(header|footer)([-_]|$)", re.IGNORECASE)
# ``date-`` is Blogger's ``h2.date-header`` (and ``date-outer``): the heading that dates
# the group of posts under it, not the site's header bar.
_POST_PART = re.compile(
    r"^(entry|post|article|artikel|card|box|panel|blog|news|berita|content|single|page"
    r"|media|item|td-post|jeg_post|detail|date)[-_]",
    re.IGNORECASE,
)
# Class tokens that mention a decoy word but belong to the post itself (or, for page
# builders such as Elementor, to every block on the page).
_KEEP_CLASS = re.compile(r"^(elementor|e-con|wp-block|vc_|et_pb)", re.IGNORECASE)
# Headings that announce a decoy block whose markup carries no telling class.
_DECOY_HEADING = re.compile(
    r"^\W*(agenda|kalender|calendar|event|jadwal|statistik|pengunjung|visitor|polling"
    r"|jajak pendapat|arsip|archive|kegiatan mendatang|upcoming)",
    re.IGNORECASE,
)
_CONTAINER_TAGS = {"body", "html", "main"}
# Decoy words that name a kind of box, not what it holds: "widget" marks sidebar boxes on
# most themes, but a theme may call its main news column ``col-md-6 middle-widget``.
_BOX_WORDS = {"widget"}
# A box holding at least this many of the page's post links, and more than half of them,
# is the page's main list, whatever its class says.
_MAIN_LIST_MIN_LINKS = 3

# The URL of the post an anchor links to, or None when it is no post link (menus, tags…).
PostLink = Callable[[etree._Element], str | None]


def _is_decoy_element(el: etree._Element, main: _MainContent) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _DROP_TAGS:
        return True
    tokens = f"{el.get('class', '')} {el.get('id', '')}".split()
    if tag in _PAGE_LEVEL_TAGS:
        # Blogger and others write a post's own ``<footer class="post-footer">`` outside
        # any <article>; its class says whose footer it is.
        return not _inside(el, "article") and not any(_POST_PART.match(t) for t in tokens)
    box = False
    for token in tokens:
        verdict = _token_verdict(token)
        if verdict is _Token.DECOY:
            return not _is_layout_wrapper(el)
        box = box or verdict is _Token.BOX
    return box and not (_is_layout_wrapper(el) or main.holds(el))


class _Token(enum.Enum):
    NOTHING = 0
    DECOY = 1  # a decoy or page-layout class: the block goes, unless it wraps the layout
    BOX = 2  # only a box word ("widget"): the block goes unless it holds the main content


@lru_cache(maxsize=16384)
def _token_verdict(token: str) -> _Token:
    """What one class or id token says (kept: templates repeat their classes on every
    element, and these patterns ran on each for every card of every list page)."""
    if _KEEP_CLASS.search(token):
        return _Token.NOTHING
    if _DECOY_CLASS.search(token):
        return _Token.BOX if _names_a_box_only(token) else _Token.DECOY
    if _LAYOUT_CLASS.search(token) and not _POST_PART.match(token):
        return _Token.DECOY
    return _Token.NOTHING


def _names_a_box_only(token: str) -> bool:
    """True when the token's only decoy word is a box word: ``middle-widget``, not
    ``widget_calendar`` or ``footer-widget``."""
    if _LAYOUT_CLASS.search(token) and not _POST_PART.match(token):
        return False
    return all(match.group(0).lower() in _BOX_WORDS for match in _DECOY_CLASS.finditer(token))


class _MainContent:
    """What a page is about: its list of posts, or the article under the page's title.

    A block whose only decoy word names a box (``widget``) is kept when it holds either:
    at least three of the page's post links and more than half of them (the main news
    column), or the heading that repeats the page's title (the article). The post links
    are known only to the caller (``post_link``); both are worked out on first need.
    """

    def __init__(self, root: etree._Element, post_link: PostLink | None) -> None:
        self._root = root
        self._post_link = post_link
        self._links: dict[etree._Element, str] | None = None
        self._title_words: set[str] | None = None

    def holds(self, el: etree._Element) -> bool:
        return self._holds_post_list(el) or self._holds_title(el)

    def _holds_post_list(self, el: etree._Element) -> bool:
        if self._post_link is None:
            return False
        if self._links is None:
            self._links = {}
            for anchor in self._root.iter("a"):
                link = self._post_link(anchor)
                if link:
                    self._links[anchor] = link
        inside = {self._links[a] for a in el.iter("a") if a in self._links}
        every = set(self._links.values())
        return len(inside) >= _MAIN_LIST_MIN_LINKS and 2 * len(inside) > len(every)

    def _holds_title(self, el: etree._Element) -> bool:
        if self._title_words is None:
            self._title_words = _words(_document_title(self._root))
        if not self._title_words:
            return False
        for heading in el.iter("h1"):
            words = _words(_text(heading))
            shared = len(words & self._title_words)
            if shared >= 2 and shared >= 0.6 * len(words):
                return True
        return False


def _document_title(root: etree._Element) -> str:
    for meta in root.iter("meta"):
        if (meta.get("property") or "").lower() == "og:title" and meta.get("content"):
            return meta.get("content", "")
    title = next(root.iter("title"), None)
    return _text(title) if title is not None else ""


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def _is_layout_wrapper(el: etree._Element) -> bool:
    """True for the page's frame, whose classes describe the layout, not a widget.

    Drupal puts ``one-sidebar sidebar-second`` and WordPress themes ``has-sidebar`` on
    <body>, and many themes name the column wrapper ``content-sidebar-wrap``: the word
    "sidebar" there says a sidebar exists *beside* the content, so dropping the element
    would drop the whole page. An element holding <main> (or ``role=main``) is such a frame.
    Blogger wraps its posts in ``<div class="widget Blog">`` (``Blog`` is the widget type,
    beside ``BlogArchive``, ``PopularPosts``…), so that widget is the content too, and so
    is any element holding *every* post marked as one (``hentry``, ``h-entry``,
    ``itemprop=blogPost``). A related-posts block whose items also say ``hentry`` holds
    only some of them and still goes.
    """
    if el.tag in _CONTAINER_TAGS or "Blog" in (el.get("class") or "").split():
        return True
    if el.xpath(".//main | .//*[@role='main']"):
        return True
    inside = len(el.xpath("." + _ENTRY_XPATH))
    return inside > 0 and inside == len(el.getroottree().getroot().xpath("/" + _ENTRY_XPATH))


_ENTRY_XPATH = (
    "/descendant::*[contains(concat(' ', normalize-space(@class), ' '), ' hentry ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' h-entry ')"
    " or @itemprop='blogPost']"
)


def is_post_part(el: etree._Element) -> bool:
    """True when a class token names the element a part of a post (``post-footer``).

    Such parts belong to the post even where the markup places them outside its
    <article>, so the extractors may read the post's own date there.
    """
    return any(_POST_PART.match(t) for t in (el.get("class") or "").split())


def _inside(el: etree._Element, tag: str) -> bool:
    return any(ancestor.tag == tag for ancestor in el.iterancestors())


def strip_decoys(root: etree._Element, *, post_link: PostLink | None = None) -> etree._Element:
    """Return a copy of ``root`` without the subtrees that hold decoy dates.

    Why structural: a today-date widget prints a real, credible, non-future date, so
    no amount of date checking can reject it; only its place on the page gives it away.
    The page's main content is never cut: ``post_link`` (from the list reader) tells
    which anchors link to posts, so the block holding most of them stays.
    """
    root = _copy(root)
    for el in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(el)
    for el in _decoys(root, _MainContent(root, post_link)):
        _drop(el)
    for heading in list(root.iter("h1", "h2", "h3", "h4", "h5", "h6")):
        if heading.getparent() is None or not _DECOY_HEADING.match(_text(heading)):
            continue
        block = heading.getparent()
        if block is not None and block.tag not in _CONTAINER_TAGS and not _holds_article(block):
            _drop(block)
        else:
            _drop(heading)
    return root


def _decoys(root: etree._Element, main: _MainContent) -> list[etree._Element]:
    """The decoy elements of ``root`` in document order, none inside another one."""
    found: list[etree._Element] = []
    pending = [root]
    while pending:
        el = pending.pop()
        if _is_decoy_element(el, main):
            found.append(el)
        else:
            pending.extend(child for child in reversed(el) if isinstance(child.tag, str))
    return found


def _holds_article(el: etree._Element) -> bool:
    return el.tag == "article" or next(el.iter("article", "h1"), None) is not None


def _copy(root: etree._Element) -> etree._Element:
    """A copy of the tree to cut: the caller's tree may be a page's shared one.

    Copied node by node, not serialised and parsed again (issue 9): same elements, and
    no second parse of the page.
    """
    return copy.deepcopy(root)


def _drop(el: etree._Element) -> None:
    """Remove ``el`` and its subtree but keep the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    previous = el.getprevious()
    parent.remove(el)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _text(el: etree._Element) -> str:
    return " ".join(" ".join(el.itertext()).split())


# --- Dates written for machines -----------------------------------------------------------

_HATOM_PUBLISHED = re.compile(r"(^|\s)published(\s|$)", re.IGNORECASE)


PUBLISHED_CLASS = re.compile(r"publish|entry-date|post-date|posted-on|date-post|tanggal", re.I)
_MODIFIED_CLASS = re.compile(r"updated|modified|diperbarui", re.I)


def is_modified_stamp(el: etree._Element) -> bool:
    """A "last modified" stamp, which says nothing about when the post came out.

    WordPress themes built on ``_s`` (Twenty Fifteen to Twenty Twenty-One and many OPD
    themes) print ``<time class="entry-date published updated">`` for a post never edited:
    one element is both, so a publication class wins over "updated".
    """
    if (el.get("itemprop") or "").lower() == "datemodified":
        return True
    classes = el.get("class") or ""
    return bool(_MODIFIED_CLASS.search(classes)) and not PUBLISHED_CLASS.search(classes)


def machine_date(el: etree._Element) -> str | None:
    """The machine-readable date an element carries, or None when it carries none.

    ``<time datetime>`` and ``itemprop=datePublished`` (``content``) are the common forms.
    Blogger and other hAtom themes write ``<abbr class="published" title="ISO">10.32</abbr>``
    instead: the visible text is only the time of day, the day is in ``title``.
    """
    if not isinstance(el.tag, str):
        return None
    itemprop = (el.get("itemprop") or "").lower()
    if el.tag == "abbr" and (
        itemprop == "datepublished" or _HATOM_PUBLISHED.search(el.get("class") or "")
    ):
        return el.get("title") or el.get("content")
    if el.tag == "time" or itemprop == "datepublished":
        return el.get("datetime") or el.get("content")
    return None


# --- Text with positions ----------------------------------------------------------------

_BLOCK_TAGS = {
    "address", "article", "blockquote", "body", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul",
    "br",
}  # fmt: skip


@dataclass
class _Segment:
    element: etree._Element  # the element whose text (or child's tail) this is
    start: int
    end: int


class TextMap:
    """The visible text of a subtree as one string, each run traceable to its element.

    Dates are often split across inline elements (``<span>04</span> <span>Nov</span>
    <span>2022</span>``), so they are searched in the joined text; the segment index of a
    match is a cheap "distance on the page" for preferring the date next to a title.
    """

    def __init__(self, root: etree._Element) -> None:
        self.segments: list[_Segment] = []
        parts: list[str] = []
        self._length = 0

        def add(piece: str, owner: etree._Element) -> None:
            text = " ".join(piece.split())
            if not text:
                return
            start = self._length
            parts.append(text)
            self._length += len(text)
            self.segments.append(_Segment(owner, start, self._length))
            parts.append(" ")
            self._length += 1

        def newline() -> None:
            if parts and parts[-1] != "\n":
                parts.append("\n")
                self._length += 1

        def walk(el: etree._Element) -> None:
            if not isinstance(el.tag, str):
                return
            block = el.tag in _BLOCK_TAGS
            if block:
                newline()
            if el.text:
                add(el.text, el)
            for child in el:
                walk(child)
                if child.tail:
                    add(child.tail, el)
            if block:
                newline()

        walk(root)
        self.text = "".join(parts)

    def segment_at(self, offset: int) -> int:
        """Index of the segment containing ``offset`` (or the one just before it)."""
        low, high = 0, len(self.segments) - 1
        found = 0
        while low <= high:
            mid = (low + high) // 2
            if self.segments[mid].start <= offset:
                found = mid
                low = mid + 1
            else:
                high = mid - 1
        return found

    def segment_of(self, el: etree._Element) -> int | None:
        """Index of the first segment belonging to ``el`` or its descendants."""
        members = set(el.iter())
        for index, segment in enumerate(self.segments):
            if segment.element in members:
                return index
        return None


# --- Date patterns ----------------------------------------------------------------------

_MONTH = (
    r"(?:januari|january|jan|februari|pebruari|february|febr|feb|pebr|peb|maret|march|mar"
    r"|mrt|april|apr|mei|may|juni|june|jun|juli|july|jul|agustus|august|agust|agus|agst"
    r"|agt|agu|ags|aug|september|sept|sep|oktober|october|okt|oct|november|nopember|nop"
    r"|nov|desember|december|des|dec)\b\.?"
)
# Abbreviated names (Drupal's ``D``: "Sen", "Mon") are kept with the date so that
# parse_date can use the weekday; the leading \b keeps "min" out of "admin".
_DAY = (
    r"\b(?:senin|selasa|rabu|kamis|jum[`'’]?at|sabtu|minggu|ahad|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun"
    r"|sen|sel|rab|kam|jum|sab|min)\b\.?"
)
_YEAR = r"(?:19|20)\d{2}\b"
# A Javanese market day after the day name: "Senin Pon", "Jum'at Kliwon".
_PASARAN = r"(?:\s+(?:legi|pahing|paing|pon|wage|kliwon)\b)?"
_CLOCK = (
    r"(?:[\s,\-|]{0,3}(?:pukul|pkl\.?|jam|at)?\s*\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
    r"(?:\s*(?:WIB|WITA|WIT|GMT|UTC|[+-]\d{2}:?\d{2}))?)?"
)
# Every alternative starts at a word boundary before a letter or digit: saying so first lets
# the scan skip the other positions at one test each (2.2x faster on the real captures,
# same matches; the pattern ran on every card of every list page).
_FULL_DATE = re.compile(
    r"(?=\w)\b(?:"
    rf"(?:{_DAY}[\s,]{{0,3}})?\b\d{{1,2}}(?:st|nd|rd|th)?[\s\-/.]{{1,3}}{_MONTH}"
    rf"[\s\-/.,]{{1,3}}{_YEAR}{_CLOCK}"
    rf"|(?:{_DAY}[\s,]{{0,3}})?\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}{_CLOCK}"
    rf"|\b{_YEAR[:-2]}-\d{{2}}-\d{{2}}(?:(?:[T ]|\sT)\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d{{1,6}})?)?"
    r"(?:Z(?![a-z])|[+-]\d{2}:?\d{2}(?!\d)|\s*(?:WIB|WITA|WIT|GMT|UTC)\b)?)?"
    rf"|(?:{_DAY}[\s,]{{0,3}})?\b\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]{_YEAR}{_CLOCK}"
    # A two-digit year ("Senin Pon, 19/3/18 13:53 WIB") only after a day name: alone,
    # "10-11-12" is as likely a class, a score or a reference number.
    rf"|{_DAY}{_PASARAN}[\s,]{{0,3}}\(?\b\d{{1,2}}([/\-])\d{{1,2}}\1\d{{2}}\b(?![/.\-]\d){_CLOCK}"
    r"|\b\d{1,3}\s+(?:detik|menit|jam|hari|minggu|pekan|bulan|tahun)\s+(?:yang\s+)?(?:lalu|silam)\b"
    r")",
    re.IGNORECASE,
)
_YEARLESS = re.compile(
    rf"\b\d{{1,2}}[\s\-/.]{{1,3}}{_MONTH}(?![\s\-/.,]{{0,3}}\d)"
    rf"|\b{_MONTH}\s+\d{{1,2}}\b(?!,?\s*\d)",
    re.IGNORECASE,
)
# Words just before a date that say it is not the date the post was published.
_BAD_CONTEXT = re.compile(
    r"diperbar\w*|diperbaharui|pembaruan|perubahan|update|diupdate|modified|revisi|hari ini"
    r"|today|copyright|©|hak cipta|agenda|pelaksanaan|dilaksanakan|jadwal|batas|deadline"
    r"|berlaku|pengunjung|statistik|kadaluarsa|sampai|s\.d|s/d|hingga|lahir|tanggal kegiatan"
    r"|waktu kegiatan|event|acara|komentar|membalas|replied|says|berkata",
    re.IGNORECASE,
)
# Words just before a date that say it is the post's own date.
_GOOD_CONTEXT = re.compile(
    r"diposting|diposkan|dipost|posted|dipublikasi\w*|diterbitkan|published|ditulis|terbit"
    r"|tanggal|tgl|oleh|by\b|admin|\|",
    re.IGNORECASE,
)
_CONTEXT_CHARS = 60
_PROSE_CHARS = 110


@dataclass
class DateCandidate:
    """A full date found in page text, parsed, with where it was found."""

    raw: str
    published_at: datetime
    segment: int  # position in the TextMap, for distance to a title
    labelled: bool  # preceded by "Diposting", "Oleh … |", "Tanggal:" …
    prose: bool  # sits in a long running paragraph (the story, not the byline)


def _context_before(text: str, start: int) -> str:
    window = text[max(0, start - _CONTEXT_CHARS) : start]
    return window.rsplit("\n", 1)[-1]


def _is_prose(segment: _Segment) -> bool:
    """A date inside a long run of text is part of the story, not a byline."""
    return segment.end - segment.start > _PROSE_CHARS


def find_dates(text_map: TextMap, *, now: datetime) -> Iterator[DateCandidate]:
    """Yield every credible full date in ``text_map``, decoy-labelled ones left out."""
    previous_end = 0
    for match in _FULL_DATE.finditer(text_map.text):
        raw = " ".join(match.group(0).split()).strip(" ,|-")
        # The words that label this date stop at the date before it ("Diperbarui 10
        # Oktober 2026 · Dipublikasikan 1 Februari 2022" labels each date separately).
        context = _context_before(text_map.text[previous_end:], match.start() - previous_end)
        previous_end = match.end()
        if _BAD_CONTEXT.search(context):
            continue
        published_at = parse_date(raw, now=now)
        if published_at is None or published_at > now:
            continue
        segment = text_map.segment_at(match.start())
        yield DateCandidate(
            raw=raw,
            published_at=published_at,
            segment=segment,
            labelled=bool(_GOOD_CONTEXT.search(context)),
            prose=bool(text_map.segments) and _is_prose(text_map.segments[segment]),
        )


def has_yearless_date(text: str) -> bool:
    """True when ``text`` shows a day and month with no year (a date badge)."""
    return bool(_YEARLESS.search(" ".join(text.split())))
