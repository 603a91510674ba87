"""Published documents on a page: which links are files, of what type, titled and dated how.

OPD sites publish their DIP, LKjIP or DPA as links in a table (WordPress's table block, one
row per document with a date column and an "Unduh" link), in a list, through a download
script (``download.php?id=12``, CodeIgniter's ``/download/<file>``), on Google Drive, or on
the region's central PPID portal. This module reads the page only: whether a link really
gives a document is for :mod:`opdcrawl.extract.filecheck` once the file has answered.

Pure functions over a parsed page; no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

from lxml import etree

from opdcrawl.dates import parse_date
from opdcrawl.extract.markup import HtmlPage, as_page

__all__ = [
    "DOCUMENT_TYPES",
    "DocumentLink",
    "document_links",
    "file_type_of",
    "host_kind",
]

# File extension -> the type shown in reports. The list: PDF, DOC(X), XLS(X), PPT,
# with the OpenDocument twins offices also save.
DOCUMENT_TYPES: dict[str, str] = {
    "pdf": "PDF",
    "doc": "DOC",
    "docx": "DOC",
    "odt": "DOC",
    "rtf": "DOC",
    "xls": "XLS",
    "xlsx": "XLS",
    "ods": "XLS",
    "csv": "XLS",
    "ppt": "PPT",
    "pptx": "PPT",
    "odp": "PPT",
}
# Pictures linked as if they were documents (a scanned DIP as a JPG): counted apart.
IMAGE_TYPES: frozenset[str] = frozenset({"jpg", "jpeg", "png", "gif", "webp", "bmp", "tif", "tiff"})
IMAGE = "IMG"
UNKNOWN = "?"  # a download script's link: the type is known once the file answers

# A link to a script or folder that hands out files: the file's answer tells its type.
_DOWNLOAD_PATH = re.compile(
    r"download|unduh|/files?/|/uploads?/|/dokumen/|/berkas/|getfile|get_file|viewfile|attachment",
    re.IGNORECASE,
)
_DOWNLOAD_QUERY = ("id", "file", "f", "dl", "download", "doc", "dokumen", "berkas", "filename")
# Words of a link that says only "get it": the row names the document instead.
_DOWNLOAD_WORDS = re.compile(
    r"(?:unduh|download|lihat|view|buka|klik(?:\s+di\s*sini)?|di\s*sini|detail|selengkapnya|"
    r"dokumen|berkas|file|pdf)(?:\s+(?:dokumen|berkas|file|pdf))?",
    re.IGNORECASE,
)
_DRIVE_HOSTS = ("drive.google.com", "docs.google.com")
_DOCS_TYPES = {"document": "DOC", "spreadsheets": "XLS", "presentation": "PPT"}
# "(1,2 MB)", "245 KB", "Ukuran: 3.4 Mb" next to a link.
_SIZE = re.compile(r"(\d+(?:[.,]\d+)?)\s*(kb|mb|gb|kib|mib|bytes?)\b", re.IGNORECASE)
_SIZE_FACTORS = {"b": 1, "byte": 1, "bytes": 1, "kb": 1024, "kib": 1024, "mb": 1024**2,
                 "mib": 1024**2, "gb": 1024**3}  # fmt: skip
# Candidate dates inside a row's text; parse_date judges each one.
_DATE_CANDIDATE = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b|"
    r"\b\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{4}\b"
)
_SPACES = re.compile(r"\s+")
_ROW_TAGS = ("tr", "li", "article", "dd", "p")


@dataclass(frozen=True)
class DocumentLink:
    """A link on a page that gives (or claims to give) a document."""

    url: str  # absolute, fragment dropped
    title: str  # the link's words, or its row's first cell when the link says "Unduh"
    file_type: str  # DOCUMENT_TYPES value, IMAGE, or UNKNOWN (a download script)
    host: str  # "site", "portal" (the region's PPID portal) or "drive" (Google Drive)
    page_url: str  # where the link was found
    published_at: datetime | None = None  # from the row's text, when it gives a date
    raw_date: str | None = None
    size_bytes: int | None = None  # from the row's text ("1,2 MB"), when given
    row_text: str = ""  # the row (table row, list entry) the link sits in, for items


def _extension(path: str) -> str:
    name = unquote(path).rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def file_type_of(url: str) -> str | None:
    """The document type a URL names, IMAGE for pictures, UNKNOWN for a download script's
    link, None when it is no file link at all (a page)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in _DRIVE_HOSTS:
        kind = parts.path.strip("/").split("/", 1)[0]
        return _DOCS_TYPES.get(kind, UNKNOWN)
    ext = _extension(parts.path)
    if ext in DOCUMENT_TYPES:
        return DOCUMENT_TYPES[ext]
    if ext in IMAGE_TYPES:
        return IMAGE
    query = parse_qs(parts.query)
    for key in _DOWNLOAD_QUERY:
        for value in query.get(key, []):
            named = _extension(value)
            if named in DOCUMENT_TYPES:
                return DOCUMENT_TYPES[named]
            if named in IMAGE_TYPES:
                return IMAGE
    if _DOWNLOAD_PATH.search(parts.path) and (
        any(key in query for key in _DOWNLOAD_QUERY) or ext in ("", "php", "aspx", "asp", "jsp")
    ):
        return UNKNOWN
    return None


def host_kind(url: str, portal_hosts: frozenset[str] = frozenset()) -> str:
    """Where a document lives: "drive" (Google Drive/Docs), "portal" (the region's
    central PPID portal) or "site" (anywhere else, usually the OPD's own site)."""
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    if host in _DRIVE_HOSTS:
        return "drive"
    if host in portal_hosts:
        return "portal"
    return "site"


def _words(element: etree._Element) -> str:
    return _SPACES.sub(" ", " ".join(element.itertext())).strip()


def _row_of(anchor: etree._Element) -> etree._Element | None:
    for ancestor in anchor.iterancestors():
        if ancestor.tag in _ROW_TAGS:
            return ancestor
        if ancestor.tag in ("table", "ul", "ol", "body", "main", "section"):
            return None
    return None


def _row_title(row: etree._Element | None, anchor_text: str) -> str:
    """A row's title: its first cell that is not a number, a date or the link's words."""
    if row is None or row.tag != "tr":
        return ""
    for cell in row.xpath("./td|./th"):
        text = _words(cell)
        if not text or text == anchor_text or text.isdigit() or len(text) < 3:
            continue
        if _DATE_CANDIDATE.fullmatch(text) or _SIZE.fullmatch(text):
            continue
        return text
    return ""


def _size(text: str) -> int | None:
    found = _SIZE.search(text)
    if found is None:
        return None
    number = float(found.group(1).replace(",", "."))
    return int(number * _SIZE_FACTORS[found.group(2).lower()])


def _date(text: str, now: datetime) -> tuple[datetime | None, str | None]:
    for candidate in _DATE_CANDIDATE.finditer(text):
        parsed = parse_date(candidate.group(0), now=now)
        if parsed is not None:
            return parsed, candidate.group(0)
    return None, None


def document_links(
    html: str | HtmlPage,
    url: str = "",
    *,
    now: datetime,
    portal_hosts: frozenset[str] = frozenset(),
) -> list[DocumentLink]:
    """Every link on the page that gives a file, in page order, one per URL.

    A link counts when its address names a document or picture type, a download script
    or Google Drive; a link whose words say "Unduh"/"Download" and whose address is a
    download route counts as a document of unknown type until it answers. The title is
    the link's words, or its table row's first cell when the link only says "Unduh";
    the date and size come from the row's text when it gives them.
    """
    page = as_page(html, url)
    root = page.root
    if root is None:
        return []
    found: dict[str, DocumentLink] = {}
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        target = urljoin(page.url, href).split("#", 1)[0]
        if urlsplit(target).scheme not in ("http", "https") or target in found:
            continue
        file_type = file_type_of(target)
        text = _words(anchor) or (anchor.get("title") or "").strip()
        if file_type is None:
            continue
        row = _row_of(anchor)
        row_text = _words(row) if row is not None else text
        title = text
        if not title or _DOWNLOAD_WORDS.fullmatch(title) or len(title) < 3:
            title = _row_title(row, text) or title
        if not title:
            title = unquote(urlsplit(target).path.rsplit("/", 1)[-1])
        published_at, raw_date = _date(row_text, now)
        found[target] = DocumentLink(
            url=target,
            title=title[:300],
            file_type=file_type,
            host=host_kind(target, portal_hosts),
            page_url=page.url,
            published_at=published_at,
            raw_date=raw_date,
            size_bytes=_size(row_text),
            row_text=row_text[:300],
        )
    return list(found.values())
