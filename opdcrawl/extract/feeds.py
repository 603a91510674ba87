"""RSS 2.0, Atom and RDF feeds read into posts.

A feed is the cheapest honest answer to "when did this site last publish": one request,
dates in machine formats. OPD sites serve feeds in poor health, though: PHP warnings or
blank lines before the XML declaration, a declared encoding that does not match the bytes,
HTML error pages served with a 200 status where a feed used to be. This module reads what
can be read and says ``None`` (not a feed) rather than ``[]`` (a feed with no items), so the
caller can tell a switched-off feed from a silent site.

The XML parser never touches the network, never expands entities and refuses huge trees:
feeds come from sites that are sometimes compromised (see ``integrity.spam_terms``).
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from opdcrawl.dates import parse_date
from opdcrawl.extract.markup import HtmlPage, as_page, xml_start
from opdcrawl.items import Post

__all__ = ["feed_links", "parse_feed", "parse_xml", "published_at"]

_FEED_ROOTS = {"rss", "feed", "rdf"}
_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+xml",
    "text/xml",
    "application/xml",
}
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")
_COMMENT_FEED = re.compile(r"/comments?/feed|[?&]feed=comments|/feed/comments", re.IGNORECASE)


def _parser(*, recover: bool, encoding: str | None = None) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        recover=recover,
        remove_comments=True,
        remove_pis=True,
        encoding=encoding,
    )


def parse_xml(body: bytes | str) -> etree._Element | None:
    """Parse untrusted XML safely, tolerating junk before it and lying encoding declarations.

    Junk is what PHP prints before the document: a BOM, blank lines, notices, and on sites
    in debug mode a hundred HTML error blocks (see :func:`opdcrawl.extract.markup.xml_start`).

    Tries the bytes as they are first (the declared encoding is usually right); when that
    fails, decodes them as UTF-8 (or cp1252 when that fails too), drops the declaration and
    parses again. Returns the root element, or None when nothing parseable is there.
    """
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    start = xml_start(raw)
    if start is None:
        return None
    raw = raw[start:]
    as_utf8 = raw if isinstance(body, str) else _decode_leniently(raw).encode("utf-8")
    attempts: list[tuple[bytes, str | None]] = [(_XML_DECL.sub(b"", as_utf8, count=1), "utf-8")]
    if not isinstance(body, str):
        # Text already decoded has no bytes left for a declaration to describe.
        attempts.insert(0, (raw, None))
    for recover in (False, True):
        for data, encoding in attempts:
            try:
                root = etree.fromstring(data, parser=_parser(recover=recover, encoding=encoding))
            except (etree.XMLSyntaxError, ValueError, LookupError):
                continue
            if root is not None:
                return root
    return None


def _decode_leniently(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _local(tag: object) -> str:
    """Tag name without namespace, lower-cased; '' for comments and entities."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child.tag) == name]


def _first_text(element: etree._Element, *names: str) -> str | None:
    for name in names:
        for child in _children(element, name):
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return None


def clean_title(raw: str | None) -> str | None:
    """Titles arrive with tags, entities (sometimes escaped twice) and line breaks."""
    if raw is None:
        return None
    text = html.unescape(html.unescape(raw))
    text = _SPACES.sub(" ", _TAGS.sub(" ", text)).strip()
    return text or None


def published_at(raw: str | None, *, now: datetime) -> datetime | None:
    """The post date behind ``raw``, or None; a date after ``now`` is never a post date."""
    if not raw:
        return None
    found = parse_date(raw, now=now)
    if found is None or found > now:
        return None
    return found


def parse_feed(body: bytes | str, url: str, *, now: datetime) -> list[Post] | None:
    """Posts of an RSS 2.0, Atom or RDF feed; None when ``body`` is not a feed at all.

    Each post keeps the date text as found (``raw_date``) beside the parsed value, so a
    reader of the evidence can see why a date was believed or refused.
    """
    if not body:
        return None
    root = parse_xml(body)
    if root is None or _local(root.tag) not in _FEED_ROOTS:
        return None
    kind = _local(root.tag)
    if kind == "feed":
        entries = [el for el in root.iter() if _local(el.tag) == "entry"]
        reader = _atom_entry
    else:
        entries = [el for el in root.iter() if _local(el.tag) == "item"]
        reader = _rss_item
    posts: list[Post] = []
    for entry in entries:
        found = reader(entry, url)
        if found is None:
            continue
        link, title, raw_date = found
        posts.append(
            Post(
                url=link,
                title=clean_title(title),
                raw_date=raw_date,
                published_at=published_at(raw_date, now=now),
                source="feed",
                evidence_url=url,
            )
        )
    return posts


def _rss_item(item: etree._Element, feed_url: str) -> tuple[str, str | None, str | None] | None:
    link = _first_text(item, "link")
    if not link:
        # RDF items carry rdf:about; RSS 2.0 may only have a permalink guid.
        about = next((v for k, v in item.attrib.items() if _local(k) == "about"), None)
        guid = _children(item, "guid")
        if about:
            link = about
        elif guid and guid[0].get("isPermaLink", "true").lower() != "false":
            link = "".join(guid[0].itertext()).strip()
    if not link:
        return None
    raw_date = _first_text(item, "pubdate", "date", "published", "updated", "issued")
    return urljoin(feed_url, link), _first_text(item, "title"), raw_date


def _atom_entry(entry: etree._Element, feed_url: str) -> tuple[str, str | None, str | None] | None:
    link = None
    for candidate in _children(entry, "link"):
        rel = (candidate.get("rel") or "alternate").lower()
        href = candidate.get("href")
        if href and rel == "alternate":
            link = href
            break
        if href and link is None and rel not in {"replies", "edit", "self", "enclosure"}:
            link = href
    if not link:
        link = _first_text(entry, "id")
        if not link or not link.startswith(("http://", "https://", "/")):
            return None
    raw_date = _first_text(entry, "published", "issued", "updated", "modified")
    return urljoin(feed_url, link), _first_text(entry, "title"), raw_date


def feed_links(html_text: str | HtmlPage, base_url: str) -> list[str]:
    """Feeds a page announces with ``<link rel="alternate">``, absolute, comments dropped.

    Comment feeds (WordPress ``/comments/feed/``, a post's own ``/slug/feed/``) date the
    last comment, not the last post, so they are left out. ``html_text`` is the page's
    text or its :class:`~opdcrawl.extract.markup.HtmlPage`.
    """
    selector = as_page(html_text, base_url).selector
    if selector is None:
        return []
    base = selector.xpath("//base/@href").get()
    root = urljoin(base_url, base) if base else base_url
    found: list[str] = []
    for link in selector.xpath("//link[@href]"):
        rel = (link.attrib.get("rel") or "").lower().split()
        kind = (link.attrib.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rel or kind not in _FEED_TYPES:
            continue
        if kind in {"text/xml", "application/xml"} and "feed" not in link.attrib["href"].lower():
            continue
        href = urljoin(root, link.attrib["href"].strip())
        title = (link.attrib.get("title") or "").lower()
        if _COMMENT_FEED.search(href) or "comment" in title or "komentar" in title:
            continue
        if urlsplit(href).scheme not in {"http", "https"} or href in found:
            continue
        found.append(href)
    return found
