"""Say what the crawl reads on one document, or on a whole site, and why.

The one entry point for "why is this OPD Tidak Aktif?": ``opdcrawl inspect`` calls it on
a saved file or a fetched URL. It runs the very reader the ``websites`` spider runs
(``opdcrawl.website_reader``): the same homepage verdict, news-or-not judgements,
stamped-feed rule, clock quirks and final posts. ``inspect_site`` reads a whole site as
the crawl does (homepage, feeds, lists, articles), through a fetcher of its own.
Detection of a single document's kind looks at the bytes, not the URL, because OPD sites
serve feeds at ``/rss.php`` and articles at ``/index.php?id=…``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from w3lib.encoding import html_to_unicode

from opdcrawl.extract.cms import fingerprint
from opdcrawl.extract.feeds import parse_feed
from opdcrawl.extract.integrity import spam_terms
from opdcrawl.extract.listing import extract_listing
from opdcrawl.extract.markup import HtmlPage, xml_start
from opdcrawl.extract.pageclass import classify_homepage
from opdcrawl.extract.sitemaps import looks_like_article_url, parse_sitemap
from opdcrawl.extract.wpjson import parse_wp_posts
from opdcrawl.freshness import FreshnessRules, assess
from opdcrawl.items import ChannelCheck, Post
from opdcrawl.posts import merge_posts, normalise_post
from opdcrawl.website_reader import Fetched, Fetcher, WebsiteReader

__all__ = ["KIND_LABELS", "Inspection", "inspect_document", "inspect_site", "to_json"]

# Document kinds, with the words the command prints for them.
KIND_LABELS: dict[str, str] = {
    "wp-json": "API WordPress (wp-json)",
    "feed": "feed RSS/Atom",
    "sitemap": "sitemap XML",
    "html-list": "halaman beranda/daftar berita",
    "html-article": "halaman artikel",
    "html": "halaman HTML tanpa posting",
    "site": "seluruh situs, dibaca seperti crawl",
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
# schema.org microdata: one element saying when the page's own article was published.
_MICRODATA_PUBLISHED = re.compile(r"""itemprop\s*=\s*["']datePublished["']""", re.IGNORECASE)
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
    # Whole-site readings only: the check as the crawl would store it, with its category.
    check: ChannelCheck | None = None
    category: str | None = None


def inspect_document(
    body: bytes | str, url: str, *, now: datetime, content_type: str | None = None
) -> Inspection:
    """Detect the document's kind, run its reader, and pick the newest dated post."""
    text = _decode(body, content_type)
    head = text.lstrip()[:2000].lower()
    raw = body if isinstance(body, bytes) else body.encode("utf-8")
    fetched = Fetched(url=url, status=200, body=raw, text=text,
                      headers={"content-type": content_type} if content_type else {})  # fmt: skip
    reader = WebsiteReader(_nothing_more, now=now)
    inspection = (
        _as_json(reader, fetched, head=head, content_type=content_type)
        or _as_xml(reader, fetched, head=head, content_type=content_type)
        or _as_html(reader, fetched)
    )
    return _with_last_post(inspection)


def _with_last_post(inspection: Inspection) -> Inspection:
    dated = [post for post in inspection.posts if post.published_at is not None]
    if dated:
        inspection.last_post = max(dated, key=lambda post: post.published_at)  # type: ignore[arg-type,return-value]
    return inspection


async def _nothing_more(check: ChannelCheck, url: str, **_: Any) -> Fetched | None:
    """The fetcher of a single-document inspection: no other page is available."""
    return None


def _check(url: str, now: datetime, cms: str | None = None) -> ChannelCheck:
    check = ChannelCheck(region="-", opd_code="-", channel="website", url=url, checked_at=now)
    check.cms = cms
    return check


def inspect_site(
    url: str, *, now: datetime, fetch: Fetcher, homepage: Fetched | None = None
) -> Inspection:
    """Read a whole site as the crawl does, scored with the default website rules.

    ``fetch`` brings each follow-up document (``opdcrawl inspect`` uses urllib; tests use
    captured pages); ``homepage`` when already fetched.
    """
    import asyncio

    reader = WebsiteReader(fetch, now=now)
    check = _check(url, now)

    async def read() -> None:
        first = homepage or await fetch(check, url, kind="homepage", keep_errors=True)
        if first is None:
            check.error_class, check.error_detail = "unknown", "beranda tidak dapat diambil"
            return
        check.final_url, check.http_status = first.url, first.status
        await reader.read(check, first)

    asyncio.run(read())
    # What the crawl's date pipeline does next: one dated post per URL.
    check.posts = merge_posts([normalise_post(post, now=now) for post in check.posts])
    result = assess(
        (post.published_at for post in check.posts),
        now=now,
        reachable=check.reachable,
        rules=FreshnessRules(),
        assessable=not check.error_class,
    )
    notes = list(check.notes)
    if check.error_class:
        notes.insert(0, f"{check.error_class}: {check.error_detail or '-'}")
    notes.extend(f"  dicoba: {tried}" for tried in check.sources_tried)
    inspection = Inspection(kind="site", cms=check.cms, posts=list(check.posts), notes=notes,
                            check=check, category=str(result.category))  # fmt: skip
    return _with_last_post(inspection)


def _decode(body: bytes | str, content_type: str | None) -> str:
    if isinstance(body, str):
        return body
    _, text = html_to_unicode(content_type, body)
    return text


def _as_json(
    reader: WebsiteReader, fetched: Fetched, *, head: str, content_type: str | None
) -> Inspection | None:
    if not (head.startswith(("[", "{")) or "json" in (content_type or "").lower()):
        return None
    if parse_wp_posts(fetched.body, fetched.url, now=reader.now) is None:
        return Inspection(kind="unknown", cms=None, notes=[_NOTE_JSON_UNKNOWN])
    check = _check(fetched.url, reader.now, "wordpress")
    posts = reader.read_feed(check, fetched, "wp-json")
    return Inspection(kind="wp-json", cms="wordpress", posts=posts, notes=check.notes)


def _as_xml(
    reader: WebsiteReader, fetched: Fetched, *, head: str, content_type: str | None
) -> Inspection | None:
    body, url, now = fetched.body, fetched.url, reader.now
    gzipped = body[:2] == b"\x1f\x8b"
    looks_xml = head.startswith("<?xml") or any(
        marker in head for marker in ("<rss", "<feed", "<rdf:rdf", "<urlset", "<sitemapindex")
    )
    if "<html" in head and not head.startswith("<?xml"):
        looks_xml = False
    elif not looks_xml and not gzipped:
        # A feed behind PHP error blocks (CMS Sekolahku in development mode, text/html).
        looks_xml = xml_start(body) is not None
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
        elif any(post.source == "sitemap" and post.published_at for post in reading.posts):
            notes.append(_NOTE_LASTMOD_CONFIRM)
        return Inspection(kind="sitemap", cms=None, posts=reading.posts, notes=notes)
    if parse_feed(body, url, now=now) is None:
        return None
    check = _check(url, now)
    posts = reader.read_feed(check, fetched, "feed")
    return Inspection(kind="feed", cms=None, posts=posts, notes=check.notes)


def _as_html(reader: WebsiteReader, fetched: Fetched) -> Inspection:
    text, url, now = fetched.text or "", fetched.url, reader.now
    if not text.strip():
        return Inspection(kind="unknown", cms=None, notes=[_NOTE_EMPTY])
    page = fetched.page  # parsed once for every reading below
    cms = fingerprint(page, url)
    if _is_site_root(url):
        return _as_homepage(reader, fetched)
    notes = _page_notes(page, url)
    listing = extract_listing(page, url, now=now, cms=cms)
    entries = len(listing.posts) + len(listing.undated_article_urls)
    declared_article = bool(
        _ARTICLE_META.search(text)
        or _ARTICLE_JSONLD.search(text)
        or len(_MICRODATA_PUBLISHED.findall(text)) == 1
    )
    og_article = bool(_OG_ARTICLE.search(text))
    article = reader.read_article(fetched, cms_name=cms)

    if _reads_as_list(
        url,
        entries=entries,
        dated_article=article is not None and article.published_at is not None,
        declared_article=declared_article,
        og_article=og_article,
    ):
        check = _check(url, now, cms)
        kept = reader.read_list(check, page, url)  # what the crawl keeps of this list
        if kept.unconfirmed:
            notes.append(_NOTE_UNCONFIRMED.format(count=len(kept.unconfirmed)))
            notes.extend(f"  {post.url}" for post in kept.unconfirmed[:10])
        if kept.undated_article_urls:
            notes.append(_NOTE_UNDATED.format(count=len(kept.undated_article_urls)))
            notes.extend(f"  {link}" for link in kept.undated_article_urls[:10])
        if kept.next_page:
            notes.append(_NOTE_NEXT_PAGE.format(url=kept.next_page))
        return Inspection(kind="html-list", cms=cms, posts=kept.posts, notes=notes)
    if article is not None or declared_article or og_article or looks_like_article_url(url):
        if article is None:
            notes.append(_NOTE_NOT_NEWS if _is_news_cms(cms) else _NOTE_ARTICLE_UNDATED)
        posts = [article] if article is not None else []
        return Inspection(kind="html-article", cms=cms, posts=posts, notes=notes)
    notes.append(_NOTE_NO_POSTS)
    return Inspection(kind="html", cms=cms, notes=notes)


def _is_news_cms(cms: str | None) -> bool:
    from opdcrawl.extract.newsness import mixes_pages

    return mixes_pages(cms)


def _as_homepage(reader: WebsiteReader, fetched: Fetched) -> Inspection:
    """The site root, read exactly as the crawl reads a homepage (no follow-up pages)."""
    import asyncio

    check = _check(fetched.url, reader.now)
    asyncio.run(reader.read(check, fetched))
    notes = _page_notes(fetched.page, fetched.url) + list(check.notes)
    if check.error_class:
        notes.insert(0, f"{check.error_class}: {check.error_detail or '-'}")
    if check.reachable:
        page = reader.read_list(_check(fetched.url, reader.now, check.cms), fetched.page,
                                fetched.url)  # fmt: skip
        kept = {post.url for post in check.posts}
        set_aside = [post.url for post in page.unconfirmed if post.url not in kept]
        if set_aside:
            notes.append(_NOTE_UNCONFIRMED.format(count=len(set_aside)))
            notes.extend(f"  {link}" for link in set_aside[:10])
        if page.undated_article_urls:
            notes.append(_NOTE_UNDATED.format(count=len(page.undated_article_urls)))
            notes.extend(f"  {link}" for link in page.undated_article_urls[:10])
        if page.next_page:
            notes.append(_NOTE_NEXT_PAGE.format(url=page.next_page))
    return Inspection(kind="html-list", cms=check.cms, posts=list(check.posts), notes=notes)


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


def _page_notes(page: HtmlPage, url: str) -> list[str]:
    notes: list[str] = []
    verdict = classify_homepage(page, url, 200)
    if verdict.reason:
        notes.append(_NOTE_VERDICT.format(reason=verdict.reason))
    spam = spam_terms(page)
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
        "category": inspection.category,
        "requests": inspection.check.requests if inspection.check else None,
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
_NOTE_UNCONFIRMED = (
    "{count} entri bertanggal tidak dihitung: CMS ini mencampur halaman statis dan agenda "
    "ke dalam daftar, dan entri ini tidak bertanda berita (kategori):"
)
_NOTE_NOT_NEWS = (
    "Halaman ini bukan berita menurut CMS-nya (halaman statis, agenda, draf atau halaman "
    "hilang), jadi tanggalnya tidak dihitung."
)
_NOTE_LASTMOD_CONFIRM = (
    "lastmod sitemap baru dihitung bila halamannya sendiri mengonfirmasi (draf dan halaman "
    "terjadwal bisa ikut tercantum); crawl membuka entri terbaru untuk memeriksanya."
)
_NOTE_ARTICLE_UNDATED = "Halaman artikel tanpa tanggal terbit yang dapat dipercaya."
_NOTE_NO_POSTS = "Tidak ada tautan posting maupun tanggal terbit di halaman ini."
_NOTE_VERDICT = "Halaman ini tampaknya bukan situs yang berfungsi: {reason}"
_NOTE_SPAM = "Terdeteksi istilah judi/spam: {terms}"
