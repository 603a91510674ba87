"""A region's central PPID portal (``ppid.<pemda>.go.id``): which page holds which OPD's list.

Many regions run one portal for every PPID Pembantu: a page or a category filter per OPD
("Dinas Kesehatan" -> ``/opd/dinas-kesehatan`` or ``/dokumen?opd=12``), each a paginated
list of documents. An OPD that publishes only there is still publishing, so its documents
are credited to it: the portal's links are matched to the registry's OPD names.

Pure functions over a parsed page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

from opdcrawl.extract.markup import HtmlPage, as_page

__all__ = ["OpdName", "next_page", "normalise_name", "opd_pages"]

_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Region words a portal adds after the OPD's name ("Dinas Kesehatan Kota Serang").
_REGION_TAIL = re.compile(r"\s+(?:kota|kabupaten|kab|provinsi|prov)\b.*$")
_NEXT_WORDS = frozenset({"selanjutnya", "berikutnya", "next", "»", "›", ">", ">>", "lanjut",
                         "next »", "selanjutnya »", "›› ", "→"})  # fmt: skip
_PAGE_KEYS = ("page", "halaman", "hal", "p", "per_page", "start", "offset", "page_hal")


@dataclass(frozen=True)
class OpdName:
    """An OPD as the registry names it, for matching portal links."""

    code: str
    name: str
    short_name: str = ""


def normalise_name(text: str) -> str:
    """Lower case, words only, region tail dropped: how names are compared."""
    words = _NOT_WORD.sub(" ", text.lower()).strip()
    return _REGION_TAIL.sub("", " " + words).strip()


def _words(element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def opd_pages(html: str | HtmlPage, opds: Iterable[OpdName], url: str = "") -> dict[str, str]:
    """OPD code -> the portal page (or filter) listing its documents, for the OPDs whose
    full name or short name a link on this page carries. A full name beats a short one;
    the first link wins. Links off the portal's host are left out."""
    page = as_page(html, url)
    root = page.root
    if root is None:
        return {}
    host = urlsplit(page.url).hostname
    by_full: dict[str, str] = {}
    by_short: dict[str, str] = {}
    for opd in opds:
        full = normalise_name(opd.name)
        if full:
            by_full.setdefault(full, opd.code)
        short = normalise_name(opd.short_name)
        if short and short != full:
            by_short.setdefault(short, opd.code)
    found: dict[str, str] = {}
    exact: set[str] = set()
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        target = urljoin(page.url, href).split("#", 1)[0]
        if urlsplit(target).hostname != host:
            continue
        text = normalise_name(_words(anchor) or anchor.get("title") or "")
        if not text:
            continue
        code = by_full.get(text)
        if code is not None:
            if code not in exact:
                found[code] = target
                exact.add(code)
            continue
        code = by_short.get(text)
        if code is not None and code not in found:
            found[code] = target
    return found


def _page_number(url: str) -> int | None:
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query):
        if key.lower() in _PAGE_KEYS and value.isdigit():
            return int(value)
    found = re.search(r"/(?:page|halaman|hal)/(\d+)/?$", parts.path)
    return int(found.group(1)) if found else None


def next_page(html: str | HtmlPage, url: str = "") -> str | None:
    """The next page of a paginated list: ``rel="next"``, a link worded as "next"
    ("Selanjutnya", "»"), or the link numbered one more than this page; None at the end."""
    page = as_page(html, url)
    root = page.root
    if root is None:
        return None
    current = _page_number(page.url) or 1
    numbered: str | None = None
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        target = urljoin(page.url, href).split("#", 1)[0]
        if target == page.url:
            continue
        rel = (anchor.get("rel") or "").lower().split()
        text = _words(anchor).lower()
        if "next" in rel or text in _NEXT_WORDS:
            return target
        if text == str(current + 1) and numbered is None:
            numbered = target
    return numbered
