"""Read any document a site serves and say which posts and dates it shows.

The one entry point for "what would the crawler read here?": the ``opdcrawl inspect``
command and tests call it on a saved file or a fetched URL, and it picks the same reader
the spider would (WordPress JSON, feed, sitemap, list page or article). Detection looks
at the bytes, not the URL, because OPD sites serve feeds at ``/rss.php`` and articles at
``/index.php?id=…``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from w3lib.encoding import html_to_unicode

from opdcrawl.extract.article import extract_article
from opdcrawl.extract.cms import fingerprint
from opdcrawl.extract.feeds import parse_feed
from opdcrawl.extract.listing import extract_listing
from opdcrawl.extract.markup import xml_start
from opdcrawl.extract.pageclass import classify_homepage, spam_terms
from opdcrawl.extract.sitemaps import looks_like_article_url, parse_sitemap
from opdcrawl.extract.wpjson import parse_wp_posts
from opdcrawl.items import Post

__all__ = ["KIND_LABELS", "Inspection", "inspect_document", "to_json"]

# Document kinds, with the words the command prints for them.
KIND_LABELS: dict[str, str] = {
    "wp-json": "API WordPress (wp-json)",
    "feed": "feed RSS/Atom",
    "sitemap": "sitemap XML",
    "html-list": "halaman beranda/daftar berita",
    "html-article": "halaman artikel",
    "html": "halaman HTML tanpa posting",
    "unknown": "dokumen tidak dikenali",
}

# A page with this many entries is a list even if it also shows one post's markup.
_LIST_MIN_ENTRIES = 3
_ARTICLE_JSONLD = re.compile(
    r'"@type"\s*:\s*\[?\s*"(?:NewsArticle|Article|BlogPosting|ReportageNewsArticle)"'
)
_ARTICLE_META = re.compile(
    r"""<meta[^>]+(?:property|name)\s*=\s*["']article:published_time""", re.IGNORECASE
)
# og:type=article says little: OpenSID and CMS Datagoe print it on every page, homepage
# and lists included, and so do many WordPress themes.
_OG_ARTICLE = re.compile(
    r"""<meta[^>]+(?:property|name)\s*=\s*["']og:type["'][^>]+content\s*=\s*["']article""",
    re.IGNORECASE,
)
_SITE_ROOT_PATHS = {"", "index.php", "index.html", "index.htm"}


@dataclass
class Inspection:
    """What one document is and the posts it dates; ``notes`` are for the operator."""

    kind: str
    cms: str | None
    posts: list[Post] = field(default_factory=list)
    last_post: Post | None = None
    notes: list[str] = field(default_factory=list)


def inspect_document(
    body: bytes | str, url: str, *, now: datetime, content_type: str | None = None
) -> Inspection:
    """Detect the document's kind, run its reader, and pick the newest dated post."""
    text = _decode(body, content_type)
    head = text.lstrip()[:2000].lower()
    inspection = (
        _as_json(body, url, now=now, head=head, content_type=content_type)
        or _as_xml(body, url, now=now, head=head, content_type=content_type)
        or _as_html(text, url, now=now)
    )
    dated = [post for post in inspection.posts if post.published_at is not None]
    if dated:
        inspection.last_post = max(dated, key=lambda post: post.published_at or now)
    return inspection


def _decode(body: bytes | str, content_type: str | None) -> str:
    if isinstance(body, str):
        return body
    _, text = html_to_unicode(content_type, body)
    return text


def _as_json(
    body: bytes | str, url: str, *, now: datetime, head: str, content_type: str | None
) -> Inspection | None:
    if not (head.startswith(("[", "{")) or "json" in (content_type or "").lower()):
        return None
    posts = parse_wp_posts(body, url, now=now)
    if posts is None:
        return Inspection(kind="unknown", cms=None, notes=[_NOTE_JSON_UNKNOWN])
    return Inspection(kind="wp-json", cms="wordpress", posts=posts)


def _as_xml(
    body: bytes | str, url: str, *, now: datetime, head: str, content_type: str | None
) -> Inspection | None:
    gzipped = isinstance(body, bytes) and body[:2] == b"\x1f\x8b"
    looks_xml = head.startswith("<?xml") or any(
        marker in head for marker in ("<rss", "<feed", "<rdf:rdf", "<urlset", "<sitemapindex")
    )
    if "<html" in head and not head.startswith("<?xml"):
        looks_xml = False
    elif not looks_xml and not gzipped:
        # A feed behind PHP error blocks (CMS Sekolahku in development mode, text/html).
        raw = body if isinstance(body, bytes) else body.encode("utf-8")
        looks_xml = xml_start(raw) is not None
    if not (gzipped or looks_xml):
        return None
    reading = parse_sitemap(body, url, now=now)
    if reading is not None:
        notes: list[str] = []
        if reading.children:
            notes.append(_NOTE_SITEMAP_INDEX.format(count=len(reading.children)))
            notes.extend(f"  {child}" for child in reading.children[:10])
        elif not reading.lastmods_informative:
            notes.append(_NOTE_LASTMOD_UNIFORM)
        return Inspection(kind="sitemap", cms=None, posts=reading.posts, notes=notes)
    posts = parse_feed(body, url, now=now)
    if posts is not None:
        return Inspection(kind="feed", cms=None, posts=posts)
    return None


def _as_html(text: str, url: str, *, now: datetime) -> Inspection:
    if not text.strip():
        return Inspection(kind="unknown", cms=None, notes=[_NOTE_EMPTY])
    cms = fingerprint(text, url)
    notes = _page_notes(text, url)
    listing = extract_listing(text, url, now=now, cms=cms)
    entries = len(listing.posts) + len(listing.undated_article_urls)
    declared_article = bool(_ARTICLE_META.search(text) or _ARTICLE_JSONLD.search(text))
    og_article = bool(_OG_ARTICLE.search(text))
    article = extract_article(text, url, now=now)

    if _reads_as_list(
        url,
        entries=entries,
        dated_article=article is not None,
        declared_article=declared_article,
        og_article=og_article,
    ):
        if listing.undated_article_urls:
            notes.append(_NOTE_UNDATED.format(count=len(listing.undated_article_urls)))
            notes.extend(f"  {link}" for link in listing.undated_article_urls[:10])
        if listing.next_page:
            notes.append(_NOTE_NEXT_PAGE.format(url=listing.next_page))
        return Inspection(kind="html-list", cms=cms, posts=listing.posts, notes=notes)
    if article is not None or declared_article or og_article or looks_like_article_url(url):
        if article is None:
            notes.append(_NOTE_ARTICLE_UNDATED)
        posts = [article] if article is not None else []
        return Inspection(kind="html-article", cms=cms, posts=posts, notes=notes)
    notes.append(_NOTE_NO_POSTS)
    return Inspection(kind="html", cms=cms, notes=notes)


def _reads_as_list(
    url: str, *, entries: int, dated_article: bool, declared_article: bool, og_article: bool
) -> bool:
    """Whether a page with ``entries`` post links is read as a list rather than one article.

    The site root is the homepage, a list whatever its markup claims. Elsewhere a page
    that declares a post (``article:published_time``, JSON-LD ``Article``) is one. A bare
    ``og:type=article`` is believed only on a page that also looks like an article: at
    an article-shaped URL, and dated or with few post links.
    """
    if not entries:
        return False
    if _is_site_root(url):
        return True
    if declared_article:
        return False
    article_url = looks_like_article_url(url)
    if og_article:
        return not article_url or (not dated_article and entries >= _LIST_MIN_ENTRIES)
    return entries >= _LIST_MIN_ENTRIES or not dated_article or not article_url


def _is_site_root(url: str) -> bool:
    parts = urlsplit(url)
    return not parts.query and parts.path.strip("/").lower() in _SITE_ROOT_PATHS


def _page_notes(text: str, url: str) -> list[str]:
    notes: list[str] = []
    verdict = classify_homepage(text, url, 200)
    if verdict.reason:
        notes.append(_NOTE_VERDICT.format(reason=verdict.reason))
    spam = spam_terms(text)
    if spam:
        notes.append(_NOTE_SPAM.format(terms=", ".join(spam[:8])))
    return notes


def to_json(inspection: Inspection) -> dict[str, Any]:
    """A JSON-ready dict (ISO dates) for ``opdcrawl inspect --json`` and for tools."""
    return {
        "kind": inspection.kind,
        "cms": inspection.cms,
        "posts": [_post_json(post) for post in inspection.posts],
        "last_post": _post_json(inspection.last_post) if inspection.last_post else None,
        "notes": list(inspection.notes),
    }


def _post_json(post: Post) -> dict[str, Any]:
    return {
        "url": post.url,
        "title": post.title,
        "raw_date": post.raw_date,
        "published_at": post.published_at.isoformat() if post.published_at else None,
        "source": post.source,
        "evidence_url": post.evidence_url,
    }


# --- operator-facing notes (Bahasa Indonesia) ------------------------------------------------

_NOTE_JSON_UNKNOWN = "JSON ini bukan daftar posting WordPress (wp/v2/posts)."
_NOTE_SITEMAP_INDEX = "Indeks sitemap: {count} sitemap anak, baca satu per satu:"
_NOTE_LASTMOD_UNIFORM = (
    "lastmod di sitemap ini seragam (dibuat ulang otomatis), jadi tidak dipakai sebagai "
    "tanggal posting."
)
_NOTE_EMPTY = "Dokumen kosong."
_NOTE_UNDATED = (
    "{count} entri tanpa tanggal lengkap (tanpa tanggal, atau lencana hari-bulan tanpa "
    "tahun): tanggalnya harus dibaca dari halaman artikelnya."
)
_NOTE_NEXT_PAGE = "Halaman berikutnya: {url}"
_NOTE_ARTICLE_UNDATED = "Halaman artikel tanpa tanggal terbit yang dapat dipercaya."
_NOTE_NO_POSTS = "Tidak ada tautan posting maupun tanggal terbit di halaman ini."
_NOTE_VERDICT = "Halaman ini tampaknya bukan situs yang berfungsi: {reason}"
_NOTE_SPAM = "Terdeteksi istilah judi/spam: {terms}"
