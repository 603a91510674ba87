"""Whether a document link really gives a document: judged from the file's answer.

A link in a DIP table is not proof of publication. Dead uploads answer 404; many PHP
sites answer a missing file with their own "halaman tidak ditemukan" page and status 200,
under the ``.pdf`` name (and ``HEAD`` then says ``text/html``, or lies and says
``application/pdf`` from the extension); download scripts (``download.php?id=7``) name
the type only in their headers. So a link is judged from its status, its
``Content-Type``/``Content-Disposition`` and, where the headers say nothing certain, the
first bytes of the body (a small ranged GET): ``%PDF``, the ZIP of DOCX/XLSX/PPTX, the OLE
file of DOC/XLS/PPT, a picture's signature, or HTML.

Pure: headers and bytes in, a :class:`FileVerdict` out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import unquote

from opdcrawl.extract.documents import DOCUMENT_TYPES, IMAGE, IMAGE_TYPES, UNKNOWN

__all__ = ["BROKEN", "IMAGE_ONLY", "NOT_A_FILE", "OK", "FileVerdict", "judge", "needs_sniff"]

OK = "ok"  # a document answered
BROKEN = "broken"  # 4xx/5xx, an HTML page under a document's name, an empty body
IMAGE_ONLY = "image"  # a picture where a document was linked: not counted as a document
NOT_A_FILE = "page"  # a download script's link that led to an ordinary page (a list)

_MIME_TYPES: dict[str, str] = {
    "application/pdf": "PDF",
    "application/x-pdf": "PDF",
    "application/msword": "DOC",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOC",
    "application/vnd.oasis.opendocument.text": "DOC",
    "application/rtf": "DOC",
    "application/vnd.ms-excel": "XLS",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLS",
    "application/vnd.oasis.opendocument.spreadsheet": "XLS",
    "text/csv": "XLS",
    "application/vnd.ms-powerpoint": "PPT",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PPT",
    "application/vnd.oasis.opendocument.presentation": "PPT",
}
# Headers that say nothing about the type: the bytes must tell.
_VAGUE_TYPES = frozenset({"", "application/octet-stream", "application/force-download",
                          "application/download", "binary/octet-stream",
                          "application/x-download"})  # fmt: skip
_FILENAME = re.compile(r"filename\*?=(?:[\w-]+'[\w-]*')?\"?([^\";]+)", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<!--|<\?xml[^>]*>\s*<html)",
                         re.IGNORECASE)  # fmt: skip
# Below this many bytes (or with no length) a HEAD's document type is confirmed by the bytes.
TRUSTED_LENGTH = 4096
_TITLE = re.compile(rb"<title[^>]*>([^<]{0,120})", re.IGNORECASE)


@dataclass(frozen=True)
class FileVerdict:
    """What a document link gave."""

    status: str  # OK, BROKEN, IMAGE_ONLY or NOT_A_FILE
    file_type: str  # DOCUMENT_TYPES value, IMAGE or UNKNOWN
    size_bytes: int | None = None
    last_modified: datetime | None = None
    detail: str = ""  # Indonesian, for the operator: why broken


def _mime(headers: dict[str, str]) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _disposition_type(headers: dict[str, str]) -> str | None:
    found = _FILENAME.search(headers.get("content-disposition", ""))
    if found is None:
        return None
    name = unquote(found.group(1)).strip().lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    if ext in DOCUMENT_TYPES:
        return DOCUMENT_TYPES[ext]
    return IMAGE if ext in IMAGE_TYPES else None


def _sniff(body: bytes) -> str | None:
    """The type the first bytes show: a document type, IMAGE, "HTML", or None."""
    head = body[:2048].lstrip(b"\xef\xbb\xbf")
    if head.startswith(b"%PDF"):
        return "PDF"
    if head.startswith(b"PK\x03\x04"):
        # DOCX/XLSX/PPTX are ZIPs whose first entry names the part ([Content_Types].xml,
        # word/, xl/, ppt/); an ODF's first entry is "mimetype" followed by its type.
        for marker, kind in ((b"word/", "DOC"), (b"xl/", "XLS"), (b"ppt/", "PPT"),
                             (b"opendocument.text", "DOC"),
                             (b"opendocument.spreadsheet", "XLS"),
                             (b"opendocument.presentation", "PPT")):  # fmt: skip
            if marker in head:
                return kind
        return UNKNOWN  # an office ZIP whose parts come later: still a document
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return UNKNOWN  # OLE2: DOC, XLS or PPT; the link's name tells which
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM")) or (
        head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    ):
        return IMAGE
    if _HTML_START.match(head):
        return "HTML"
    return None


def _size(headers: dict[str, str]) -> int | None:
    ranged = headers.get("content-range", "")
    if "/" in ranged:
        total = ranged.rsplit("/", 1)[1].strip()
        return int(total) if total.isdigit() else None
    length = headers.get("content-length", "").strip()
    return int(length) if length.isdigit() else None


def _last_modified(headers: dict[str, str]) -> datetime | None:
    value = headers.get("last-modified", "").strip()
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo is not None else None


def needs_sniff(status: int, headers: dict[str, str], expected: str) -> bool:
    """Whether a HEAD answer leaves the verdict open, so the first bytes must be read:
    HEAD refused (403/405/501), a vague or HTML type, or a type that contradicts the
    link (a ``.pdf`` said to be ``text/html`` may be a server default, or an error page)."""
    if status in (403, 405, 501):
        return True
    if status >= 400:
        return False
    mime = _mime(headers)
    if mime in _VAGUE_TYPES or mime.startswith("text/html"):
        return True
    if mime.startswith("image/"):
        return False  # a picture either way: not counted as a document
    named = _MIME_TYPES.get(mime) or _disposition_type(headers)
    if named is None:
        return True
    # A server that guesses the type from the name says "application/pdf" for its own
    # error page too; such pages are small and often sent without a length. A document
    # that small is cheap to read.
    length = headers.get("content-length", "").strip()
    if not length.isdigit() or int(length) < TRUSTED_LENGTH:
        return True
    return expected not in (UNKNOWN, named)


def judge(status: int, headers: dict[str, str], body: bytes | None, expected: str) -> FileVerdict:
    """The verdict on one document link from its answer.

    ``headers``: lower-case names. ``body``: the first bytes when they were read (a
    ranged GET), None after a HEAD alone. ``expected``: the type the link named
    (``documents.file_type_of``).
    """
    size, modified = _size(headers), _last_modified(headers)
    if status >= 400:
        return FileVerdict(BROKEN, expected, None, None, f"HTTP {status}")
    mime = _mime(headers)
    sniffed = _sniff(body) if body else None
    if body is not None and not body:
        return FileVerdict(BROKEN, expected, size, modified, "berkas kosong")
    declared = _MIME_TYPES.get(mime) or _disposition_type(headers)
    if mime.startswith("image/") and sniffed in (None, IMAGE):
        declared = IMAGE
    if sniffed == "HTML" or (sniffed is None and body is None and mime.startswith("text/html")):
        if expected == UNKNOWN:
            return FileVerdict(NOT_A_FILE, UNKNOWN, None, None, "halaman web, bukan berkas")
        title = _TITLE.search(body or b"")
        shown = title.group(1).decode("utf-8", "replace").strip() if title else ""
        detail = "halaman HTML, bukan dokumen" + (f" («{shown}»)" if shown else "")
        return FileVerdict(BROKEN, expected, None, None, detail)
    kind = sniffed if sniffed not in (None, UNKNOWN) else declared
    if kind is None and sniffed == UNKNOWN:
        kind = expected if expected not in (UNKNOWN, IMAGE) else UNKNOWN
    if kind is None:
        if body is None and expected not in (UNKNOWN, IMAGE):
            kind = expected  # HEAD alone, vague type: the link's name stands
        else:
            detail = f"jenis berkas tidak dikenal ({mime or '-'})"
            return FileVerdict(BROKEN, expected, size, modified, detail)
    if kind == IMAGE:
        return FileVerdict(IMAGE_ONLY, IMAGE, size, modified, "gambar, bukan dokumen")
    if kind == UNKNOWN and expected not in (UNKNOWN, IMAGE):
        kind = expected
    return FileVerdict(OK, kind, size, modified, "")
