"""Ranking proposals, and the proposals file an operator reads and marks.

Per OPD and channel the proposals are ranked by score, then by how they were found (a
link someone published beats a guess that merely answered), then by address, so rank 1
is the one to check first. The file (CSV or XLSX, by its name) has one row per proposal
with its evidence; an operator marks the ``accept`` column (``ya``) of the rows to take
and gives the file back to ``opdcrawl discover --accept``, or names the ids.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

from opdcrawl.db.discovery_store import ProposalRow
from opdcrawl.report import wording

__all__ = [
    "ACCEPT_MARKS",
    "FILE_COLUMNS",
    "ProposalFileError",
    "accepted_ids",
    "parse_ids",
    "rank",
    "write_file",
]

# Found by a link someone published first, then by a listed name, then by a guess.
SOURCE_ORDER: tuple[str, ...] = ("website-opd", "portal", "ppid", "sitemap", "ct",
                                 "website-usulan", "catatan", "tebakan")  # fmt: skip
FILE_COLUMNS: tuple[str, ...] = (
    "id",
    "region",
    "code",
    "name",
    "channel",
    "value",
    "score",
    "rank",
    "sources",
    "evidence",
    "found_on",
    "title",
    "http_status",
    "status",
    "accept",
)
ACCEPT_MARKS: frozenset[str] = frozenset({"ya", "y", "yes", "x", "v", "1", "true", "terima", "✓"})
_ID_RANGE = re.compile(r"(\d+)(?:\s*-\s*(\d+))?")


class ProposalFileError(ValueError):
    """A proposals file or id list that cannot be read; the message is for operators."""


def _source_rank(row: ProposalRow) -> int:
    return min((SOURCE_ORDER.index(s) for s in row.sources if s in SOURCE_ORDER), default=99)


def rank(rows: Iterable[ProposalRow]) -> list[ProposalRow]:
    """The rows with ``rank`` set (1 = best per region, OPD and channel), in report order:
    region, OPD code, channel, rank."""
    groups: dict[tuple[str, str, str], list[ProposalRow]] = {}
    for row in rows:
        groups.setdefault((row.region_slug, row.opd_code, row.channel), []).append(row)
    ordered: list[ProposalRow] = []
    channel_order = {kind: index for index, kind in enumerate(wording.INVENTORY_CHANNELS)}
    for key in sorted(groups, key=lambda k: (k[0], k[1], channel_order.get(k[2], 99), k[2])):
        group = sorted(groups[key], key=lambda r: (-r.score, _source_rank(r), r.value))
        for position, row in enumerate(group, start=1):
            row.rank = position
        ordered.extend(group)
    return ordered


def source_text(codes: Iterable[str]) -> str:
    return ", ".join(wording.DISCOVERY_SOURCES.get(code, code) for code in codes)


def _cells(row: ProposalRow) -> list[object]:
    return [
        row.id,
        row.region_slug,
        row.opd_code,
        row.opd_name,
        row.channel,
        row.value,
        row.score,
        row.rank,
        source_text(row.sources),
        row.evidence,
        row.found_on,
        row.title or "",
        row.http_status if row.http_status is not None else "",
        wording.PROPOSAL_STATUS.get(row.status, row.status),
        "",
    ]


def write_file(rows: list[ProposalRow], path: Path) -> None:
    """Write the ranked proposals as CSV (UTF-8) or XLSX, by the file's name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix.lower() == ".xlsx":
        _write_xlsx(rows, path)
        return
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FILE_COLUMNS)
    writer.writerows(_cells(row) for row in rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _write_xlsx(rows: list[ProposalRow], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = wording.PROPOSALS_SHEET
    sheet.append(list(FILE_COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(_cells(row))
    widths = {"name": 36, "value": 42, "sources": 30, "evidence": 80, "found_on": 50}
    for index, column in enumerate(FILE_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(column, 12)
    sheet.freeze_panes = "A2"
    workbook.save(path)


def parse_ids(text: str) -> list[int]:
    """``"3,7,10-12"`` -> [3, 7, 10, 11, 12]; ProposalFileError naming a bad part."""
    ids: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        match = _ID_RANGE.fullmatch(part)
        if match is None:
            raise ProposalFileError(
                f"'{part}' bukan nomor usulan (contoh: --accept 3,7,10-12 atau nama berkas usulan)"
            )
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if last < first:
            raise ProposalFileError(f"rentang '{part}' terbalik (contoh: 10-12)")
        ids.extend(range(first, last + 1))
    if not ids:
        raise ProposalFileError("tidak ada nomor usulan yang disebut")
    return list(dict.fromkeys(ids))


def _file_rows(path: Path) -> list[tuple[int, list[str]]]:
    if path.suffix.lower() == ".xlsx":
        from opdcrawl.registry_xlsx import XlsxUnreadable, read_registry_sheet

        try:
            sheet = read_registry_sheet(path.read_bytes(), FILE_COLUMNS[0])
        except XlsxUnreadable as exc:
            raise ProposalFileError(f"{path}: {exc}") from None
        return sheet.rows
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ProposalFileError(
            f"{path}: berkas bukan UTF-8; simpan ulang sebagai CSV UTF-8"
        ) from None
    delimiter = (
        ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    )
    return list(enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1))


def accepted_ids(path: Path) -> list[int]:
    """Ids of the rows whose ``accept`` column is marked (``ya``, ``x``, ``1`` …), in file
    order; ProposalFileError (file and row) when the file is not a proposals file."""
    try:
        rows = _file_rows(path)
    except OSError as exc:
        raise ProposalFileError(f"{path}: tidak dapat dibaca ({exc.strerror or exc})") from None
    if not rows:
        raise ProposalFileError(f"{path}: berkas kosong")
    header_line, header = rows[0]
    names = [cell.strip().lower() for cell in header]
    if "id" not in names or "accept" not in names:
        raise ProposalFileError(
            f"{path}:{header_line}: baris judul harus memuat kolom 'id' dan 'accept' "
            "(berkas usulan dari opdcrawl discover)"
        )
    id_at, mark_at = names.index("id"), names.index("accept")
    ids: list[int] = []
    for line, cells in rows[1:]:
        mark = cells[mark_at].strip().lower() if mark_at < len(cells) else ""
        if mark not in ACCEPT_MARKS:
            continue
        raw = cells[id_at].strip() if id_at < len(cells) else ""
        if not raw.isdigit():
            raise ProposalFileError(f"{path}:{line}: kolom id '{raw}' bukan nomor usulan")
        ids.append(int(raw))
    return list(dict.fromkeys(ids))
