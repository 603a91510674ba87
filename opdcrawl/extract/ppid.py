"""Where a website keeps its PPID section, and which of the standard items it shows.

UU 14/2008 asks every public body to publish through a PPID (Pejabat Pengelola Informasi
dan Dokumentasi); the offices' evaluations and the Komisi Informasi's monitoring look for
a PPID section and a short list of standard items on it. OPD sites name them in many
spellings ("Informasi Publik", "Daftar Informasi Publik", "DIP", "Informasi Serta Merta",
"LKjIP", "Renja", "Maklumat Pelayanan"...) in menus, headings, table cells and URLs.

Pure functions over a parsed page (:class:`~opdcrawl.extract.markup.HtmlPage`): text in,
links and item keys out. The item list (``ITEMS``) and the section words
(``SECTION_TEXT``/``SECTION_URL``) are the one written copy of the rules; the README's
"PPID" section lists them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from opdcrawl.extract.markup import HtmlPage, as_page

__all__ = [
    "ITEMS",
    "ITEM_KEYS",
    "Item",
    "ItemEvidence",
    "PpidLink",
    "items_in",
    "ppid_links",
]


@dataclass(frozen=True)
class Item:
    """One standard item of a PPID section, as the offices name it."""

    key: str  # column suffix in SQL and reports: item_<key>
    label: str  # the offices' words, for report headers
    text: re.Pattern[str]  # on link text, headings and table cells
    url: re.Pattern[str]  # on the link's path and query, decoded
    # True: only counted where the page is about PPID (a PPID page, or a link that also
    # names the PPID): "SOP" or "Keberatan" alone mean other things on a Dinas site.
    needs_context: bool = False


def _re(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# In the order the offices list them (Kota Serang's evaluation, the Komisi Informasi's
# questionnaire). A link may show several ("LKjIP dan Laporan Keuangan 2024").
ITEMS: tuple[Item, ...] = (
    Item(
        "dip",
        "Daftar Informasi Publik (DIP)",
        # "DIP" in capitals only: "dip" is no Indonesian word, but casing keeps "Dipa" out.
        re.compile(r"(?i:daftar\s+informasi\s+publik)|\bDIP\b"),
        _re(r"daftar[-_ ]informasi[-_ ]publik|(?:^|[/=_-])dip(?:$|[/._&?-])"),
    ),
    Item(
        "profil_ppid",
        "Profil PPID",
        _re(
            r"\b(?:profil|struktur(?:\s+organisasi)?|tugas(?:\s+dan\s+fungsi)?|visi|sk)\b"
            r"[\w\s]{0,20}\bppid\b|\bppid\b[\w\s]{0,12}\b(?:profil|struktur)\b"
        ),
        _re(r"(?:profil|struktur|tupoksi)[-_]ppid|ppid[-_/](?:profil|struktur)"),
    ),
    Item(
        "sop",
        "SOP / Maklumat Pelayanan Informasi",
        _re(
            r"\bsop\b|standar\s+operasional|maklumat\s+(?:pelayanan|layanan)|"
            r"standar\s+(?:layanan|pelayanan)\s+informasi"
        ),
        _re(r"(?:^|[/=_-])sop(?:$|[/._&?-])|maklumat|standar[-_](?:layanan|pelayanan)"),
        needs_context=True,
    ),
    Item(
        "laporan_keuangan",
        "Laporan Keuangan",
        _re(r"laporan\s+keuangan|\blkpd\b|laporan\s+realisasi\s+anggaran|\bneraca\b"),
        _re(r"laporan[-_]keuangan|(?:^|[/=_-])lkpd(?:$|[/._&?-])|realisasi[-_]anggaran"),
    ),
    Item(
        "lakip",
        "LAKIP / LKjIP",
        _re(r"\blakip\b|\blkjip\b|\blkj\b|laporan\s+kinerja|\bsakip\b"),
        _re(r"lakip|lkjip|laporan[-_]kinerja|sakip"),
    ),
    Item(
        "renstra_renja",
        "Renstra / Renja",
        # "Rencana Kerja dan Anggaran" is the RKA, not a Renja.
        _re(
            r"\brenstra\b|rencana\s+strategis|\brenja\b|"
            r"rencana\s+kerja\b(?!\s+(?:dan|&)\s+anggaran)"
        ),
        _re(r"renstra|renja|rencana[-_]strategis|rencana[-_]kerja(?![-_](?:dan[-_])?anggaran)"),
    ),
    Item(
        "rka_dpa",
        "RKA / DPA",
        _re(
            r"\brka\b|\bdpa\b|rencana\s+kerja\s+(?:dan|&)\s+anggaran|"
            r"dokumen\s+pelaksanaan\s+anggaran"
        ),
        _re(r"(?:^|[/=_-])(?:rka|dpa)(?:$|[/._&?-])|pelaksanaan[-_]anggaran"),
    ),
    Item(
        "formulir_permohonan",
        "Formulir Permohonan Informasi",
        _re(r"(?:permohonan|permintaan)\s+informasi|formulir\s+permohonan"),
        _re(r"(?:permohonan|permintaan)[-_]informasi|formulir[-_]permohonan"),
    ),
    Item(
        "formulir_keberatan",
        "Formulir Keberatan",
        _re(r"keberatan"),
        _re(r"keberatan"),
        needs_context=True,
    ),
)
ITEM_KEYS: tuple[str, ...] = tuple(item.key for item in ITEMS)

# A link or page that names a PPID section: the PPID itself, the public-information
# classes of UU 14/2008 (berkala, serta merta, setiap saat, dikecualikan) and the two
# procedures (permohonan, keberatan).
SECTION_TEXT = _re(
    r"\bppid\b|informasi\s+publik|keterbukaan\s+informasi|\bDIP\b|"
    r"informasi\s+(?:secara\s+)?berkala|serta[\s-]*merta|setiap\s+saat|dikecualikan|"
    r"(?:permohonan|permintaan)\s+informasi|keberatan"
)
SECTION_URL = _re(
    r"ppid|informasi[-_]publik|keterbukaan[-_]informasi|(?:^|[/=_-])dip(?:$|[/._&?-])|"
    r"informasi[-_]berkala|serta[-_]?merta|setiap[-_]saat|dikecualikan|"
    r"permohonan[-_]informasi|keberatan"
)
# Menu entries are short; a longer text is a news title that mentions the PPID
# ("Sosialisasi Keterbukaan Informasi Publik & PPID"), not the section.
MAX_SECTION_WORDS = 6
# A dated path is an article ("/2024/05/03/rapat-ppid/"), never the section.
_DATED_PATH = re.compile(r"/(?:19|20)\d\d/\d{1,2}/")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class PpidLink:
    """A link that names a PPID section or one of its items."""

    url: str  # absolute, fragment dropped
    text: str  # the link's words (or its title attribute)
    items: tuple[str, ...]  # item keys it names (may be empty: a section link)
    section: bool  # it names a PPID section itself


@dataclass(frozen=True)
class ItemEvidence:
    """Why an item counts: the words and the page (or link) they were read on."""

    key: str
    text: str
    url: str


def _words(element: etree._Element) -> str:
    text = _SPACES.sub(" ", " ".join(element.itertext())).strip()
    if not text:
        text = (element.get("title") or element.get("aria-label") or "").strip()
    if not text:
        images = element.xpath(".//img/@alt")
        text = _SPACES.sub(" ", " ".join(images)).strip()
    return text


def _absolute(href: str, base: str) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    url = urljoin(base, href).split("#", 1)[0]
    return url if urlsplit(url).scheme in ("http", "https") else None


def _url_words(url: str) -> str:
    parts = urlsplit(url)
    return unquote(parts.path + ("?" + parts.query if parts.query else "")).lower()


def names_section(text: str, url: str) -> bool:
    """Whether a link (its words and address) names a PPID section."""
    if _DATED_PATH.search(urlsplit(url).path):
        return False
    if len(text.split()) > MAX_SECTION_WORDS:
        return False  # a news title, whatever its slug ("/berita/rapat-ppid-...")
    return bool(SECTION_TEXT.search(text)) or bool(SECTION_URL.search(_url_words(url)))


def item_keys(text: str, url: str = "", *, in_context: bool) -> tuple[str, ...]:
    """The items a link's words (or address) name; context items only ``in_context``."""
    address = _url_words(url) if url else ""
    found = []
    for item in ITEMS:
        if item.needs_context and not in_context:
            continue
        if item.text.search(text) or (address and item.url.search(address)):
            found.append(item.key)
    return tuple(found)


def _links(page: HtmlPage) -> Iterator[tuple[etree._Element, str]]:
    root = page.root
    if root is None:
        return
    for anchor in root.iter("a"):
        url = _absolute(anchor.get("href", ""), page.url)
        if url is not None:
            yield anchor, url


def _under_section_menu(anchor: etree._Element) -> bool:
    """Whether a link sits in a submenu whose parent entry names a PPID section: Datagoe's
    "Informasi Berkala" dropdown holds "Daftar Informasi Publik" and "Rencana Strategis"
    (tests/fixtures/real_cms/datagoe-*), WordPress menus a "PPID" entry with its items."""
    own = next(anchor.iterancestors("li"), None)
    if own is None:
        return False
    for entry in own.iterancestors("li"):
        for parent_link in entry.xpath("./a|./span|./div/a"):
            words = _words(parent_link)
            if len(words.split()) <= MAX_SECTION_WORDS and SECTION_TEXT.search(words):
                return True
    return False


def ppid_links(html: str | HtmlPage, url: str = "", *, in_context: bool = False) -> list[PpidLink]:
    """Links that name a PPID section or a standard item, in page order, one per URL.

    ``in_context``: the page itself is a PPID page, so every item link counts (SOP,
    keberatan) and a link needs no section words of its own. On any other page a link
    counts when it names a section, or sits in the submenu of a menu entry that does,
    and then also for the items it names.
    """
    page = as_page(html, url)
    found: dict[str, PpidLink] = {}
    for anchor, target in _links(page):
        text = _words(anchor)
        section = names_section(text, target)
        context = in_context or section or _under_section_menu(anchor)
        if not context:
            continue
        keys = item_keys(text, target, in_context=context)
        if not (section or keys) or len(text.split()) > 3 * MAX_SECTION_WORDS:
            continue
        known = found.get(target)
        if known is None:
            found[target] = PpidLink(target, text, keys, section)
        else:
            merged = tuple(dict.fromkeys(known.items + keys))
            found[target] = PpidLink(target, known.text or text, merged, known.section or section)
    return list(found.values())


_ITEM_BLOCKS = "//h1|//h2|//h3|//h4|//h5|//th|//td|//li|//summary|//title"


def items_in(html: str | HtmlPage, url: str = "") -> list[ItemEvidence]:
    """The standard items a PPID page shows: in its headings, table cells, list entries
    and links (text or address). One evidence per item, the first in page order."""
    page = as_page(html, url)
    root = page.root
    if root is None:
        return []
    found: dict[str, ItemEvidence] = {}
    for element in root.xpath(_ITEM_BLOCKS):
        text = _words(element)
        if not text or len(text) > 300:
            continue
        for key in item_keys(text, in_context=True):
            found.setdefault(key, ItemEvidence(key, text[:200], page.url))
    for link in ppid_links(page, in_context=True):
        for key in link.items:
            found.setdefault(key, ItemEvidence(key, link.text[:200], link.url))
    return [found[key] for key in ITEM_KEYS if key in found]


def is_ppid_page(html: str | HtmlPage, url: str = "") -> bool:
    """Whether a fetched page is itself about the PPID: its title or main heading (short,
    as a page's name is), or its address, names a section."""
    page = as_page(html, url)
    if SECTION_URL.search(_url_words(page.url)):
        return True
    root = page.root
    if root is None:
        return False
    # The page's own name only: h2 and below are often news titles on a homepage
    # ("Sosialisasi Keterbukaan Informasi Publik dan PPID ...").
    for element in root.xpath("//title|//h1"):
        text = _words(element)
        if len(text.split()) <= 2 * MAX_SECTION_WORDS and SECTION_TEXT.search(text):
            return True
    return False
