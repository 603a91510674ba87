"""The order in which a site's sources of post dates are tried, cheapest good one first.

DESIGN.md ranks the sources: WordPress JSON and feeds, then sitemaps whose lastmods differ,
then news list pages and articles. Which of them exist depends on the CMS, so the plan is
a short list of candidates per CMS; the spider requests them in order and stops at the
first that yields dated posts. Each candidate is a URL guess or a link the homepage itself
announced; nothing here touches the network.

Kinds:

* ``wp-json``: a WordPress ``wp/v2/posts`` listing (read with ``wpjson.parse_wp_posts``);
* ``feed``: an RSS/Atom/RDF feed (``feeds.parse_feed``);
* ``sitemap-robots``: the site's ``/robots.txt``, whose Sitemap lines lead to sitemaps
  (``sitemaps.sitemaps_from_robots``, then ``sitemaps.parse_sitemap``);
* ``list-page``: a news list page, read by the HTML extractors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit

from opdcrawl.extract.feeds import feed_links
from opdcrawl.extract.markup import HtmlPage, as_page
from opdcrawl.extract.wpjson import wp_posts_urls

__all__ = [
    "MAX_LIST_PAGES",
    "SOURCE_KINDS",
    "SourceCandidate",
    "list_page_links",
    "plan_sources",
]

SOURCE_KINDS: tuple[str, ...] = ("wp-json", "feed", "sitemap-robots", "list-page")
MAX_LIST_PAGES = 5


@dataclass(frozen=True)
class SourceCandidate:
    """One place to look for dated posts, and how to read it."""

    kind: str
    url: str


# Feeds each CMS serves whether or not the page announces them. PopojiCMS: "/rss" is a
# guess (its RSS route was not confirmed in PopojiCMS's own code), so feeds the page
# announces are tried before it. OpenSID's themes link
# "/feed" (themes/natra/partials/header.php); CMS Sekolahku answers at "/feed" too.
_DEFAULT_FEEDS: dict[str, tuple[str, ...]] = {
    "wordpress": ("feed/",),
    "popojicms": ("rss",),
    "opensid": ("feed",),
    "sekolahku": ("feed",),
}
# CMSs whose sitemaps are not read. CMS Sekolahku has none. OpenSID's /sitemap.xml lists
# every row of its article table, drafts, static pages, agenda items and scheduled posts
# included, each with a lastmod (real install, v24.10): no lastmod there says "news".
_NO_SITEMAPS: frozenset[str] = frozenset({"sekolahku", "opensid"})
# List pages worth a guess when the homepage links to none, by CMS.
_DEFAULT_LIST_PAGES: dict[str, tuple[str, ...]] = {
    "wordpress": ("berita/", "category/berita/"),
    "popojicms": ("category/berita", "allpost"),
    "sekolahku": ("category/berita", "artikel"),
    "opensid": ("artikel", "index.php/first"),
    "opendk": ("berita-desa", "berita"),
    "datagoe": ("berita", "post"),
    "lokomedia": ("semua-berita.html", "media.php?module=semuaberita"),
    "joomla": ("index.php/berita", "berita"),
    "drupal": ("berita", "node"),
    "codeigniter": ("berita", "artikel"),
    "unknown": ("berita", "artikel"),
}
_API_ROOT = re.compile(
    r"<link\b[^>]*\brel\s*=\s*[\"']https://api\.w\.org/[\"'][^>]*>",
    re.IGNORECASE,
)
_HREF = re.compile(r"\bhref\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)


def _home(base_url: str) -> str:
    """The folder a site lives in, with a trailing slash (sites may sit in a subfolder)."""
    parts = urlsplit(base_url)
    path = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
    return f"{parts.scheme}://{parts.netloc}{path or '/'}"


def _announced_api_root(html: str) -> str | None:
    for tag in _API_ROOT.finditer(html or ""):
        href = _HREF.search(tag.group(0))
        if href:
            return href.group(1)
    return None


def plan_sources(cms: str, base_url: str, homepage_html: str | HtmlPage) -> list[SourceCandidate]:
    """Candidate sources for one site, most reliable and cheapest first, no duplicates.

    WordPress: JSON API, then feeds, then robots sitemaps, then list pages. PopojiCMS,
    OpenSID and CMS Sekolahku: their own feed (announced ones first); OpenSID and CMS
    Sekolahku skip sitemaps (``_NO_SITEMAPS``). Every other CMS: announced feeds, robots
    sitemaps, list pages. ``homepage_html`` is the text or its
    :class:`~opdcrawl.extract.markup.HtmlPage`, whose one tree serves every link search.
    """
    homepage = as_page(homepage_html, base_url)
    home = _home(base_url)
    plan: list[SourceCandidate] = []

    def add(kind: str, url: str) -> None:
        candidate = SourceCandidate(kind, url)
        if candidate not in plan:
            plan.append(candidate)

    if cms == "wordpress":
        api_root = _announced_api_root(homepage.text)
        if api_root:
            api_root = urljoin(base_url, api_root)
        for url in wp_posts_urls(home, api_root=api_root):
            add("wp-json", url)
    for url in feed_links(homepage, base_url):
        add("feed", url)
    for path in _DEFAULT_FEEDS.get(cms, ()):
        add("feed", urljoin(home, path))
    if cms not in _NO_SITEMAPS:
        add("sitemap-robots", urljoin(base_url, "/robots.txt"))
    for url in list_page_links(homepage, base_url, cms=cms):
        add("list-page", url)
    return plan


# --- News list pages -----------------------------------------------------------------------

_LIST_WORDS: tuple[str, ...] = (
    "berita",
    "artikel",
    "post",
    "posts",
    "news",
    "kabar",
    "informasi",
    "blog",
)
_WORD_RANK = {word: rank for rank, word in enumerate(_LIST_WORDS)}
_LIST_NAME = re.compile(
    r"^(?:semua-?|all-?|arsip-?|index-?|daftar-?)?"
    r"(?P<word>berita|artikel|posts?|news|kabar|informasi|blog)"
    r"(?:-(?:terkini|terbaru|daerah|opd|dinas|desa|utama|kegiatan))?(?:\.html?|\.php)?$"
)
_PAGINATION = re.compile(r"^page/\d+$")
_PAGE_PARAMS = {"page", "halaman", "hal", "paged", "p", "per_page", "start"}


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _list_rank(url: str) -> tuple[int, int, int] | None:
    """Rank of a URL as a news list page (lower is better), None when it is not one.

    Accepts ``/berita``, ``/semua-berita.html``, ``/category/berita-daerah``,
    ``/kategori/artikel``, ``/index.php/berita``, ``/berita/page/2``, ``/berita?page=2``.
    """
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    if "module" in query:  # Lokomedia: media.php?module=semuaberita
        module = query["module"][0].lower()
        if module in {"semuaberita", "berita", "semuaartikel", "artikel"}:
            return (0, 0, 1)
        return None
    if set(query) - _PAGE_PARAMS:
        return None
    paged = 1 if set(query) & _PAGE_PARAMS else 0
    segments = [s for s in parts.path.lower().split("/") if s]
    if segments[:1] == ["index.php"]:
        segments = segments[1:]
    rest = "/".join(segments[1:])
    if rest and _PAGINATION.match(rest):
        paged, segments = 1, segments[:1]
    if len(segments) == 2 and segments[0] in {"category", "kategori", "categories"}:
        match = re.search(r"berita|artikel|news|kabar|informasi|post", segments[1])
        if match is None:
            return None
        return (1, _WORD_RANK.get(match.group(0), len(_LIST_WORDS)), paged)
    if len(segments) != 1:
        return None
    match = _LIST_NAME.match(segments[0])
    if match is None:
        return None
    return (0, _WORD_RANK.get(match["word"], len(_LIST_WORDS)), paged)


def list_page_links(html: str | HtmlPage, base_url: str, *, cms: str | None = None) -> list[str]:
    """Same-site links to news list pages, best first, at most ``MAX_LIST_PAGES``.

    When the page links to none, the usual list pages of ``cms`` are guessed instead
    (``berita`` and ``artikel`` when the CMS is unknown or not given).
    """
    home = _home(base_url)
    site = _host(base_url)
    ranked: dict[str, tuple[tuple[int, int, int], int]] = {}
    selector = as_page(html, base_url).selector
    if selector is not None:
        for position, href in enumerate(selector.xpath("//a/@href").getall()):
            href = href.strip()
            if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
                continue
            url = urljoin(base_url, href).split("#", 1)[0]
            if urlsplit(url).scheme not in {"http", "https"} or _host(url) != site:
                continue
            rank = _list_rank(url)
            if rank is not None and url not in ranked:
                ranked[url] = (rank, position)
    found: list[str] = []
    seen: set[str] = set()
    for url in sorted(ranked, key=lambda url: ranked[url]):
        key = url.rstrip("/").lower()  # "/berita" and "/berita/" are one page
        if key not in seen:
            seen.add(key)
            found.append(url)
    if not found:
        found = [urljoin(home, path) for path in _DEFAULT_LIST_PAGES.get(cms or "unknown", ())]
        if not found:
            found = [urljoin(home, path) for path in _DEFAULT_LIST_PAGES["unknown"]]
    return list(dict.fromkeys(found))[:MAX_LIST_PAGES]
