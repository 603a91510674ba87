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
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from parsel import Selector

__all__ = ["browser_markup", "html_selector", "parse_html", "xml_start"]

# ``</body>`` and ``</html>`` as written by hand or by templates (``</BODY >``).
_DOCUMENT_END = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)
# Where an XML document starts: its declaration or the root of a feed or sitemap.
_XML_START = re.compile(rb"<\?xml|<(?:rss|feed|rdf:RDF|urlset|sitemapindex)\b", re.IGNORECASE)
# Leading junk is always looked through this far; beyond it, only junk that is not itself
# an HTML document (PHP error blocks are fragments: ``<div>``, ``<h4>``, ``<p>``).
_XML_JUNK_BYTES = 4096
_HTML_DOCUMENT = re.compile(rb"<(?:html|body)\b", re.IGNORECASE)


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


def parse_html(html: str) -> etree._Element | None:
    """The page's tree as a browser would build it; None for an empty or unparseable one."""
    if not html or not html.strip():
        return None
    try:
        return lxml.html.document_fromstring(browser_markup(html))
    except (etree.ParserError, ValueError):
        return None


def html_selector(html: str) -> Selector | None:
    """A parsel Selector over the page as a browser would build it; None when empty."""
    if not html or not html.strip():
        return None
    try:
        return Selector(text=browser_markup(html))
    except (ValueError, etree.ParserError):
        return None


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
