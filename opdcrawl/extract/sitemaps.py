"""Sitemaps (robots.txt, sitemap index, urlset) read into child sitemaps and posts.

Sitemaps list every article URL, but their ``lastmod`` is often worthless: many generators
stamp the time of the request on every URL, or leave lastmod out (WordPress core's
``/wp-sitemap.xml`` since 5.5). So a reading says whether its lastmods tell posts apart
(``lastmods_informative``), and dates are dropped when they do not; the URLs stay useful
for dating from the path (``urldates``) or from the article pages.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qs, urljoin, urlsplit

from opdcrawl.extract.feeds import parse_xml, published_at
from opdcrawl.extract.urldates import date_from_url
from opdcrawl.items import Post

__all__ = [
    "MAX_SITEMAP_BYTES",
    "SitemapReading",
    "absolute_sitemaps",
    "looks_like_article_url",
    "parse_sitemap",
    "sitemaps_from_robots",
]

# The sitemaps.org limit for one file, uncompressed; past it a .gz body is a bomb.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
# lastmods are "informative" unless this share of them falls in one single minute.
_SAME_MINUTE_SHARE = 0.9


@dataclass
class SitemapReading:
    """What one sitemap document said: child sitemaps to read next, or dated article URLs."""

    children: list[str] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    lastmods_informative: bool = False
    # Every page address a urlset lists, articles or not (``extract.integrity`` looks
    # for gambling doorway pages among them).
    locations: list[str] = field(default_factory=list)


def sitemaps_from_robots(robots_txt: str, base_url: str) -> list[str]:
    """Sitemap URLs declared in robots.txt, absolute and de-duplicated, in file order."""
    declared: list[str] = []
    for line in (robots_txt or "").splitlines():
        line = line.split("#", 1)[0].strip()
        name, sep, value = line.partition(":")
        if sep and name.strip().lower() == "sitemap":
            declared.append(value)
    return absolute_sitemaps(declared, base_url)


def absolute_sitemaps(declared: Iterable[str], base_url: str) -> list[str]:
    """``Sitemap:`` values as written (relative or not) made absolute http(s) URLs,
    de-duplicated, in order; also used for the values Scrapy's robots parser kept."""
    found: list[str] = []
    for value in declared:
        if not value.strip():
            continue
        url = urljoin(base_url, value.strip())
        if urlsplit(url).scheme in {"http", "https"} and url not in found:
            found.append(url)
    return found


def _gunzip(body: bytes) -> bytes | None:
    """Decompress a gzip body without ever holding more than MAX_SITEMAP_BYTES."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(body, MAX_SITEMAP_BYTES + 1)
    except zlib.error:
        return None
    if len(data) > MAX_SITEMAP_BYTES:
        return None
    return data


def parse_sitemap(body: bytes | str, url: str, *, now: datetime) -> SitemapReading | None:
    """Read a sitemap index or urlset; None when ``body`` is neither (or a gzip bomb).

    Index: children ordered so post sitemaps come first, newest first; sitemaps of pages,
    categories, tags and authors are left out (they date no post). Urlset: one post per
    article URL, dated by lastmod when the lastmods are informative, else by the URL path
    when it holds a day (``source="url"``), else undated.
    """
    if not body:
        return None
    if isinstance(body, bytes) and body[:2] == b"\x1f\x8b":
        unpacked = _gunzip(body)
        if unpacked is None:
            return None
        body = unpacked
    elif len(body) > MAX_SITEMAP_BYTES:
        return None
    root = parse_xml(body)
    if root is None:
        return None
    kind = _local(root.tag)
    if kind == "sitemapindex":
        return SitemapReading(children=_children_in_order(root, url, now=now))
    if kind == "urlset":
        return _read_urlset(root, url, now=now)
    return None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _entries(root: object, entry_name: str) -> list[tuple[str, str | None]]:
    """(loc, lastmod) pairs of every ``<url>`` or ``<sitemap>`` element."""
    pairs: list[tuple[str, str | None]] = []
    for element in root.iter():  # type: ignore[attr-defined]
        if _local(element.tag) != entry_name:
            continue
        loc = lastmod = None
        for child in element:
            name = _local(child.tag)
            text = "".join(child.itertext()).strip()
            if name == "loc" and text:
                loc = text
            elif name == "lastmod" and text:
                lastmod = text
        if loc:
            pairs.append((loc, lastmod))
    return pairs


_WORDS = re.compile(r"[a-z]+")
_POST_WORDS = {"post", "posts", "berita", "artikel", "article", "articles", "news", "blog"}
_SKIP_WORDS = {
    "page", "pages", "halaman", "category", "categories", "kategori", "tag", "tags",
    "author", "authors", "user", "users", "penulis", "taxonomies", "taxonomy", "attachment",
    "attachments", "media", "image", "images", "video", "product", "products", "format",
}  # fmt: skip
_NUMBER = re.compile(r"(\d+)(?=\D*$)")


def _sitemap_rank(child_url: str) -> int | None:
    """0 for post sitemaps, 1 for unknown ones, None for sitemaps that date no post."""
    parts = urlsplit(child_url)
    # Query values count ("sitemap.php?type=berita"), query names do not ("?page=2").
    values = " ".join(v for vs in parse_qs(parts.query).values() for v in vs)
    name = (parts.path.rsplit("/", 1)[-1] + " " + values).lower()
    words = set(_WORDS.findall(name))
    if words & _SKIP_WORDS:
        return None
    return 0 if words & _POST_WORDS else 1


def _children_in_order(root: object, url: str, *, now: datetime) -> list[str]:
    """Post sitemaps first; within a rank, newest lastmod first, then highest number first.

    Yoast and WordPress core number post sitemaps oldest first, so the highest number holds
    the newest posts when the index gives no lastmod.
    """
    ranked: list[tuple[int, float, int, int, str]] = []
    for position, (loc, lastmod) in enumerate(_entries(root, "sitemap")):
        child = urljoin(url, loc)
        rank = _sitemap_rank(child)
        if rank is None:
            continue
        stamp = published_at(lastmod, now=now)
        number = _NUMBER.search(urlsplit(child).path)
        ranked.append(
            (
                rank,
                -stamp.timestamp() if stamp else 0.0,
                -int(number[1]) if number else 0,
                position,
                child,
            )
        )
    ranked.sort()
    return list(dict.fromkeys(entry[-1] for entry in ranked))


def _read_urlset(root: object, url: str, *, now: datetime) -> SitemapReading:
    rows: list[tuple[str, str | None, datetime | None]] = []
    locations: list[str] = []
    for loc, lastmod in _entries(root, "url"):
        link = urljoin(url, loc)
        locations.append(link)
        if not looks_like_article_url(link):
            continue
        rows.append((link, lastmod, published_at(lastmod, now=now)))
    informative = _lastmods_informative([stamp for _, _, stamp in rows if stamp is not None])
    posts: list[Post] = []
    for link, lastmod, stamp in rows:
        if lastmod and informative:
            posts.append(_post(link, lastmod, stamp, "sitemap", url))
            continue
        from_path = date_from_url(link, now=now)
        if from_path is not None:
            posts.append(_post(link, link, from_path, "url", url))
        else:
            # Kept undated: the URL is still worth an article fetch.
            posts.append(_post(link, lastmod, None, "sitemap", url))
    return SitemapReading(posts=posts, lastmods_informative=informative, locations=locations)


def _post(link: str, raw: str | None, stamp: datetime | None, source: str, url: str) -> Post:
    return Post(url=link, raw_date=raw, published_at=stamp, source=source, evidence_url=url)


def _lastmods_informative(stamps: list[datetime]) -> bool:
    """False when lastmods are absent, alone, or (nearly) all in the same minute."""
    if len(stamps) < 2:
        return False
    minutes = Counter(stamp.timestamp() // 60 for stamp in stamps)
    return minutes.most_common(1)[0][1] < _SAME_MINUTE_SHARE * len(stamps)


# --- Which URLs are articles ---------------------------------------------------------------

_NON_ARTICLE_SEGMENTS = {
    "kategori", "category", "categories", "tag", "tags", "label", "page", "halaman", "author",
    "penulis", "feed", "rss", "search", "cari", "pencarian", "wp-content", "wp-admin",
    "wp-includes", "wp-json", "po-content", "media_library", "uploads", "login", "admin",
    "archive", "arsip", "archives", "cdn-cgi", "pages", "agenda",
}  # fmt: skip
# A path made of one of these alone is a list or a static page, never a post.
_STATIC_PAGES = {
    "berita", "artikel", "post", "posts", "news", "blog", "kabar", "informasi", "home",
    "beranda", "index", "profil", "profile", "kontak", "contact", "hubungi-kami", "about",
    "tentang", "tentang-kami", "visi-misi", "struktur-organisasi", "sejarah", "tugas-fungsi",
    "galeri", "gallery", "agenda", "download", "unduhan", "pengumuman", "sitemap",
    "allpost", "semua-berita", "first", "peta", "pemerintah", "ppid",
}  # fmt: skip
_FILE_EXTENSIONS = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|jpe?g|png|gif|webp|svg|zip|rar|mp4|mp3|xml|txt|css|js)$",
    re.IGNORECASE,
)
_NON_ARTICLE_QUERY = {"page_id", "cat", "tag", "author", "s", "page", "paged", "m", "feed"}


def looks_like_article_url(url: str) -> bool:
    """Whether a URL can be a single post rather than a home, list, archive or static page.

    A cheap, path-only judgement to keep sitemap and link lists to candidate articles.
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme not in {"http", "https", ""}:
        return False
    query = parse_qs(parts.query)
    if "p" in query:  # WordPress "?p=123" is a post
        return True
    if set(query) & _NON_ARTICLE_QUERY:
        return False
    path = parts.path.lower()
    if _FILE_EXTENSIONS.search(path):
        return False
    segments = [s for s in path.split("/") if s and s not in {"index.php", "index.html"}]
    if not segments:
        return False
    if any(segment in _NON_ARTICLE_SEGMENTS for segment in segments):
        return False
    if len(segments) == 1:
        name = re.sub(r"\.(?:html?|php)$", "", segments[0])
        if name in _STATIC_PAGES:
            return False
    # Date archives without a slug: /2020/, /2020/11/, /2020/11/03/
    return not all(segment.isdigit() for segment in segments)
