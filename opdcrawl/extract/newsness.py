"""Is an entry news, or a static page or agenda item that looks like news?

Some CMSs print news, static pages and agenda items the same way. OpenSID (checked on
real installs of v24.10, themes Esensi and Natra, tests/fixtures/real_cms) puts all three
under ``/artikel/{Y}/{M}/{D}/{slug}`` with the same date style, and its homepage "Artikel
Terkini" list mixes them. What tells them apart is the category: OpenSID news always
belong to a category (Berita Desa, Pengumuman, Program Kerja...), static pages and agenda
items never show one.

* On a list, Esensi prints the category under each news entry (``<i class="fa-bookmark">``
  then its name); Natra prints none, so its entries stay unconfirmed.
* On an article page, Esensi's breadcrumb links the category (``/first/kategori/{slug}``),
  Natra's post meta does (``<i class="fa fa-tag">``); static pages show "Artikel" in the
  breadcrumb or nothing, agenda items link the agenda category (``/kategori/1000``) at most
  in the sidebar. Drafts and scheduled posts answer 200 with "UPS! HALAMAN TIDAK DITEMUKAN".

CMSs not named in ``MIXED_LIST_CMS`` are read as before: every dated list entry counts.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree

from opdcrawl.extract.markup import HtmlPage, as_page

# CMSs whose HTML lists mix news with static pages and agenda items.
MIXED_LIST_CMS: frozenset[str] = frozenset({"opensid"})

_AGENDA_CATEGORY = re.compile(r"/kategori/1000/?$")
_NOT_FOUND = re.compile(
    r"(?:HALAMAN|Page|Artikel|Berita)\s+(?:TIDAK\s+DITEMUKAN|Not\s+Found)|^\W*404\b",
    re.IGNORECASE,
)
# A category link that belongs to this article (breadcrumb or post meta), not a menu.
_ARTICLE_CATEGORY_XPATH = (
    "//nav[contains(concat(' ', normalize-space(@class), ' '), ' breadcrumb ')]"
    "//a[contains(@href, '/kategori/')]/@href"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' post_commentbox ')]"
    "//a[contains(@href, '/kategori/')]/@href"
)
# An entry container that names its category (Esensi: fa-bookmark) and links a post.
_LIST_CATEGORY_XPATH = "//i[contains(concat(' ', normalize-space(@class), ' '), ' fa-bookmark ')]"


def mixes_pages(cms: str | None) -> bool:
    """True when this CMS's HTML lists cannot be taken as news lists at face value."""
    return (cms or "") in MIXED_LIST_CMS


def news_urls_in_list(html: str | HtmlPage, base_url: str) -> set[str]:
    """URLs of list entries that show a category, i.e. entries known to be news."""
    root = as_page(html, base_url).root
    if root is None:
        return set()
    found: set[str] = set()
    for marker in root.xpath(_LIST_CATEGORY_XPATH):
        entry = _entry_of(marker)
        if entry is None:
            continue
        for href in entry.xpath(".//a/@href"):
            found.add(urljoin(base_url, href.strip()))
    return found


def _entry_of(marker: etree._Element) -> etree._Element | None:
    """The smallest ancestor of a category marker that links exactly one post."""
    for ancestor in marker.iterancestors():
        links = {href for href in ancestor.xpath(".//a/@href") if "/artikel/" in href}
        if len(links) == 1:
            return ancestor
        if len(links) > 1:
            return None
    return None


def looks_not_found(html: str | HtmlPage) -> bool:
    """A "not found" page served with HTTP 200 (a soft 404), judged by title and headings.

    OpenSID answers drafts and scheduled posts this way ("UPS! HALAMAN TIDAK DITEMUKAN"),
    CMS Sekolahku in development mode every unknown path ("404 Page Not Found").
    """
    root = as_page(html).root
    if root is None:
        return True
    return any(
        _NOT_FOUND.search(" ".join(el.text_content().split()))
        for el in root.iter("title", "h1", "h2", "h3")
    )


def article_is_news(html: str | HtmlPage) -> bool:
    """True when an article page shows it is news: a real page with its own category."""
    page = as_page(html)
    return not looks_not_found(page) and shows_news_category(page)


def shows_news_category(html: str | HtmlPage) -> bool:
    """True when the page links a category of its own (not the agenda) in its breadcrumb
    or post meta: OpenSID's mark of a news article."""
    root = as_page(html).root
    if root is None:
        return False
    return any(not _AGENDA_CATEGORY.search(href) for href in root.xpath(_ARTICLE_CATEGORY_XPATH))


# Containers of a site's navigation menu. Static pages (Profil, Visi dan Misi, Sejarah,
# Wilayah Desa) are what menus link; news are not. Real installs: CMS Sekolahku links
# ``/read/3/visi-dan-misi`` from ``<nav><ul class="menu">``, OpenSID Esensi links
# ``/artikel/2026/11/29/wilayah-desa`` from its ``<nav>``, both shaped like news URLs;
# CMS Datagoe's menu is ``<div class="topnav"><ul class="menudge">``.
_MENU_CLASSES = (
    "menu", "navbar", "navbar-nav", "nav-menu", "main-menu", "mainmenu", "dropdown-menu",
    "menu-dropdown", "sf-menu", "megamenu", "topnav", "menudge",
)  # fmt: skip
_MENU_CLASS_SET = frozenset(_MENU_CLASSES)


def menu_links(html: str | HtmlPage, base_url: str) -> set[str]:
    """Absolute URLs the page's navigation menus link to: static pages, not posts."""
    root = as_page(html, base_url).root
    if root is None:
        return set()
    # One walk over the classed elements: an XPath union per class name walked the whole
    # tree fourteen times (a tenth of reading a list page, benchmarks/bench_national.py).
    menus = list(root.iter("nav"))
    for element in root.xpath("//*[@class]"):
        if not _MENU_CLASS_SET.isdisjoint(element.get("class", "").split()):
            menus.append(element)
    return {urljoin(base_url, href.strip()) for menu in menus for href in menu.xpath(".//a/@href")}
