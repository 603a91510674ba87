"""Building the tree of an HTML page or an XML feed as a browser would read the document.

PHP sites in debug mode print what the template never meant to show. CMS Sekolahku under
CodeIgniter's ``development`` environment (tests/fixtures/real_cms/sekolahku-dlh-solsel)
prints a hundred "A PHP Error was encountered" blocks, then the template's own closing
``</body></html>``, and only then ``<!DOCTYPE html>`` and the page. A browser ignores an
end tag of ``body`` or ``html`` that more markup follows and shows the whole page; libxml2
(under lxml.html and parsel) stops reading at ``</html>`` and puts what follows a
``</body>`` outside the body, so the page's news is lost. Every HTML extractor builds its
tree here, from markup without such premature end tags.

Feeds have the same illness in a different place: ``/feed`` of that site is 100 KB of error
blocks and then ``<?xml``. :func:`xml_start` finds where the XML document begins.

Both are plain string scans, linear in the size of the page: Lokomedia in development mode
serves 2.2 MB article pages (2,650 error blocks before ``<!DOCTYPE html>``).

A page is parsed once (issue 9): :class:`HtmlPage` holds one document's text and builds
its tree on first need; every HTML extractor accepts it in place of the text, reads the
same tree (``root`` for lxml, ``selector`` for parsel, over the same elements) and never
changes it (``textdates.strip_decoys`` works on a copy). The string forms of the
extractors wrap the text in a page of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

import lxml.html
from lxml import etree
from parsel import Selector

__all__ = [
    "HtmlPage",
    "as_page",
    "browser_markup",
    "html_selector",
    "parse_html",
    "xml_start",
]

# ``</body>`` and ``</html>`` as written by hand or by templates (``</BODY >``).
_DOCUMENT_END = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)
# Where an XML document starts: its declaration or the root of a feed or sitemap.
_XML_START = re.compile(rb"<\?xml|<(?:rss|feed|rdf:RDF|urlset|sitemapindex)\b", re.IGNORECASE)
# Leading junk is always looked through this far; beyond it, only junk that is not itself
# an HTML document (PHP error blocks are fragments: ``<div>``, ``<h4>``, ``<p>``).
_XML_JUNK_BYTES = 4096
_HTML_DOCUMENT = re.compile(rb"<(?:html|body)\b", re.IGNORECASE)
# The text a reader sees: the body's, outside scripts, styles and inert templates.
_VISIBLE_TEXT = (
    "//body//text()[not(ancestor::script) and not(ancestor::style)"
    " and not(ancestor::noscript) and not(ancestor::template)]"
)
_SPACES = re.compile(r"\s+")


def browser_markup(html: str) -> str:
    """``html`` without the ``</body>``/``</html>`` end tags that more markup follows.

    Only the end tags in the document's tail (followed by nothing but white space and
    comments) stay; the usual page is returned as it is, uncopied. The parser closes
    body and html itself at the end of the input, as browsers do.
    """
    first = _DOCUMENT_END.search(html)
    if first is None or _only_trailer(html, first.end()):
        return html
    ends = list(_DOCUMENT_END.finditer(html, first.start()))
    tail = len(html)
    premature = len(ends)
    for index in range(len(ends) - 1, -1, -1):
        if not _only_comments(html, ends[index].end(), tail):
            break
        premature = index
        tail = ends[index].start()
    pieces: list[str] = []
    position = 0
    for match in ends[:premature]:
        pieces.append(html[position : match.start()])
        position = match.end()
    pieces.append(html[position:])
    return "".join(pieces)


def _only_trailer(text: str, start: int) -> bool:
    """True when ``text[start:]`` holds only body and html end tags, comments and space."""
    position = start
    while True:
        following = text.find("<", position)
        if following < 0:
            following = len(text)
        if text[position:following].strip():
            return False
        if following == len(text):
            return True
        end_tag = _DOCUMENT_END.match(text, following)
        if end_tag is not None:
            position = end_tag.end()
            continue
        close = text.find("-->", following + 4) if text.startswith("<!--", following) else -1
        if close < 0:
            return False
        position = close + 3


def _only_comments(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` holds only white space and ``<!-- -->`` comments."""
    position = start
    while True:
        while position < end and text[position].isspace():
            position += 1
        if position >= end:
            return True
        if not text.startswith("<!--", position):
            return False
        close = text.find("-->", position + 4, end)
        if close < 0:
            return False
        position = close + 3


_T = TypeVar("_T")


@dataclass(frozen=True, eq=False, repr=False)
class HtmlPage:
    """One fetched HTML document, parsed at most once, shared by every extractor.

    ``text`` is the document as decoded (what regular expressions scan), ``url`` where it
    was read. ``root`` (lxml) and ``selector`` (parsel, on that same root) are built on
    first use from :func:`browser_markup` of the text; both are None for an empty or
    unparseable page. The tree is shared: readers must not change it; one that needs to
    cut it (``textdates.strip_decoys``) works on a copy.
    """

    text: str
    url: str = ""

    def __repr__(self) -> str:
        return f"HtmlPage({self.url!r}, {len(self.text)} characters)"

    def derived(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """``compute()`` once per ``key`` for this page, then the kept value.

        Several readers ask the same question of one homepage (its links, its integrity
        signals: the page check, the spam check and the cloaking comparison); answering
        each once was a tenth of a national crawl's CPU (``benchmarks/bench_national.py``).
        The value is shared: callers must not change it.
        """
        memo: dict[Hashable, object] = self.__dict__.setdefault("_derived", {})
        if key not in memo:
            memo[key] = compute()
        return memo[key]  # type: ignore[return-value]

    @cached_property
    def markup(self) -> str:
        """The text without premature ``</body>``/``</html>`` end tags (what is parsed)."""
        return browser_markup(self.text)

    @cached_property
    def lowered(self) -> str:
        """The text lower-cased, once, for the patterns that scan the whole markup."""
        return self.text.lower()

    @cached_property
    def root(self) -> etree._Element | None:
        """The page's tree as a browser would build it; None when empty or unparseable."""
        if not self.text or not self.text.strip():
            return None
        return _parse(self.markup)

    @cached_property
    def selector(self) -> Selector | None:
        """A parsel Selector over :attr:`root` (no second parse); None when it is None."""
        root = self.root
        return None if root is None else Selector(root=root, type="html")

    @cached_property
    def visible_text(self) -> str:
        """The body's text as a reader sees it, white space collapsed, for text scans.

        Scripts, styles, ``<noscript>`` and ``<template>`` are left out; "" without a tree.
        """
        root = self.root
        if root is None:
            return ""
        return _SPACES.sub(" ", " ".join(root.xpath(_VISIBLE_TEXT))).strip()


def as_page(html: str | HtmlPage | None, url: str = "") -> HtmlPage:
    """``html`` when it is already a page, else a new page over the text."""
    return html if isinstance(html, HtmlPage) else HtmlPage(html or "", url or "")


# A parser per call: cheap, and never shared between threads. ``huge_tree`` as parsel sets
# it: without it libxml2 stops 256 tags deep or at 10 MB of text, and old templates that
# never close a tag nest deeper than that.
def _parser(**options: object) -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(huge_tree=True, **options)


def _parse(markup: str) -> etree._Element | None:
    try:
        return lxml.html.document_fromstring(markup, parser=_parser())
    except etree.ParserError:
        return None
    except ValueError:
        pass
    # lxml refuses text that declares its encoding (``<?xml version="1.0"
    # encoding="utf-8"?>`` atop XHTML pages): the page is parsed as UTF-8 bytes instead.
    try:
        return lxml.html.document_fromstring(
            markup.encode("utf-8", "replace"), parser=_parser(encoding="utf-8")
        )
    except (etree.ParserError, ValueError):
        return None


def parse_html(html: str | HtmlPage) -> etree._Element | None:
    """The page's tree as a browser would build it; None for an empty or unparseable one.

    Given an :class:`HtmlPage`, its shared tree (parsed once); given text, a new tree.
    """
    return as_page(html).root


def html_selector(html: str | HtmlPage) -> Selector | None:
    """A parsel Selector over the page as a browser would build it; None when empty."""
    return as_page(html).selector


def xml_start(data: bytes) -> int | None:
    """Offset where the XML document in ``data`` starts, past leading junk; None if none.

    Junk in the first 4 KB (a BOM, blank lines, a PHP notice) is always skipped. Further
    in, the junk must not be an HTML document itself: PHP error blocks before ``<?xml``
    (CMS Sekolahku's ``/feed`` in development mode) are skipped, while an HTML page that
    merely shows ``<rss`` somewhere is not taken for a feed.
    """
    found = _XML_START.search(data)
    if found is None:
        return None
    if found.start() >= _XML_JUNK_BYTES and _HTML_DOCUMENT.search(data, 0, found.start()):
        return None
    return found.start()
