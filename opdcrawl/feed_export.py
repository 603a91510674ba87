"""Flat, readable CSV for Scrapy's feed exports: ``scrapy crawl websites -O checks.csv``.

A check carries lists (redirects, sources tried, notes, spam terms) and its dated posts.
Scrapy's own CSV exporter joins lists of text with bare commas, which reads as more
columns, and writes anything else as Python ``repr`` (``[Post(url='…', published_at=
datetime.datetime(…))]``). Here every field is one readable cell: lists joined with
`` | ``, posts as ``2026-04-01 https://…``, times in ISO 8601, and text a spreadsheet
would run as a formula defused, as the reports' CSVs do. JSON and JSON lines exports
are untouched and keep the full structure.

A feed file that cannot be written (a read-only folder, a path that is a folder) is found
before the crawl starts: Scrapy's file storage would only fail when it closes the feed,
with a traceback, after the whole crawl. Here the feed is refused up front with an
Indonesian message, and the crawl still runs and writes the database.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.exporters import CsvItemExporter
from scrapy.extensions.feedexport import FileFeedStorage

from opdcrawl.items import Post
from opdcrawl.report.tabular import _csv_cell

LIST_SEPARATOR = " | "
# Excel holds at most 32,767 characters in a cell; a longer list is cut with a count.
CELL_LIMIT = 32_000
NO_DATE = "tanpa tanggal"


def _part(value: Any) -> str:
    """One element of a list field as text."""
    if isinstance(value, Post):
        day = value.published_at.date().isoformat() if value.published_at else NO_DATE
        return f"{day} {value.url}"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields(dataclasses.asdict(value))
    if isinstance(value, dict):
        return _fields(value)
    return str(value)


def _fields(value: dict[str, Any]) -> str:
    """A record (an integrity finding, a certificate) as ``name: value; …``, empty fields
    left out: readable in a spreadsheet cell, unlike JSON."""
    shown = []
    for name, item in value.items():
        if item in (None, "", [], {}):
            continue
        text = ", ".join(map(_part, item)) if isinstance(item, (list, tuple)) else _part(item)
        shown.append(f"{name}: {text}")
    return "; ".join(shown)


def _joined(parts: list[str]) -> str:
    text = ""
    for count, part in enumerate(parts):
        candidate = part if not text else text + LIST_SEPARATOR + part
        if len(candidate) > CELL_LIMIT:
            return f"{text}{LIST_SEPARATOR}… (+{len(parts) - count} lagi; lengkap di -O .jsonl)"
        text = candidate
    return text


def flat_cell(value: Any) -> str:
    """A field's value as one CSV cell."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return _csv_cell(_joined([_part(element) for element in value]))
    if isinstance(value, dict) or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
        return _csv_cell(_part(value))
    return _csv_cell(value)


class FlatCsvItemExporter(CsvItemExporter):
    """Scrapy's CSV exporter with one readable cell per field (``FEED_EXPORTERS['csv']``)."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        serializer = field.get("serializer") if hasattr(field, "get") else None
        return serializer(value) if serializer else flat_cell(value)


logger = logging.getLogger(__name__)

# Said by `scrapy crawl` before it starts (opdcrawl/scrapy_commands/crawl.py, exit 6).
UNWRITABLE_FEED_UP_FRONT = (
    "Feed tidak dapat ditulis ke {path}: {reason}. Crawl tidak dimulai; pilih folder lain "
    "untuk -o/-O."
)
# Said by the storage itself when a feed is configured some other way (a FEEDS setting
# read after the command's check): the crawl goes on without it.
UNWRITABLE_FEED = (
    "Feed tidak dapat ditulis ke {path}: {reason}. Crawl tetap berjalan dan hasilnya tetap "
    "disimpan ke basis data, tetapi tanpa berkas feed; pilih folder lain untuk -o/-O."
)


def unwritable_reason(path: Path) -> str | None:
    """Why a feed file at ``path`` cannot be written, in Indonesian; None when it can.

    The folder may not exist yet (Scrapy creates it): then the nearest existing folder
    above it must be writable.
    """
    if path.is_dir():
        return "alamat itu adalah folder, bukan berkas"
    if path.exists():
        return None if os.access(path, os.W_OK) else "berkas hanya-baca (tidak ada izin tulis)"
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        return f"{folder} bukan folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"folder {folder} hanya-baca (tidak ada izin tulis)"
    return None


class CheckedFileFeedStorage(FileFeedStorage):
    """Scrapy's local file storage, refusing up front a file it could not write.

    ``NotConfigured`` from a storage makes Scrapy disable the feed exports with a logged
    error instead of failing at the end of the crawl (``FEED_STORAGES``).
    """

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        path = Path(self.path).absolute()
        reason = unwritable_reason(path)
        if reason:
            message = UNWRITABLE_FEED.format(path=path, reason=reason)
            logger.error(message)
            raise NotConfigured("lihat galat opdcrawl.feed_export di atas")
