"""Merging chosen proposals into a registry file (CSV or XLSX), touching nothing else.

An office's registry file is its own document: rows in its order, its notes, quoting,
line endings, a BOM, and in Excel its other sheets, formatting and cell comments. So only
the cells a proposal fills change: in a CSV the lines of the changed rows are written
again (in the file's own delimiter and line ending) and every other byte stays; in a
workbook only those cells are set. A proposal fills an *empty* cell only: a cell holding
an address or ``-`` is the office's word and is left as it is, reported as skipped. The
``notes`` cell of a changed row gains where the value came from.

The merged file is read back with the registry's own rules before it replaces the old
one; if it would have more errors than before, nothing is written.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from opdcrawl.db.discovery_store import ProposalRow
from opdcrawl.discovery.proposals import source_text
from opdcrawl.registry import COLUMNS, XLSX_SUFFIX, load_file

__all__ = ["AcceptError", "Change", "MergeResult", "Skip", "merge", "note_for"]


class AcceptError(ValueError):
    """The registry file cannot be merged into; the message is for operators."""


@dataclass(frozen=True)
class Change:
    proposal_id: int
    opd_code: str
    channel: str
    value: str
    line: int  # the row's line (CSV) or row number (XLSX)


@dataclass(frozen=True)
class Skip:
    proposal_id: int
    opd_code: str
    channel: str
    reason: str  # Indonesian


@dataclass
class MergeResult:
    path: Path
    changes: list[Change] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)


def note_for(proposal: ProposalRow, when: datetime) -> str:
    """What the notes cell gains: the value's source, for whoever reads the row later."""
    return (
        f"Sumber {proposal.channel}: opdcrawl discover usulan #{proposal.id} "
        f"({source_text(proposal.sources)}; skor {proposal.score}), diterima {when:%Y-%m-%d}"
    )


def _plan(
    proposals: Iterable[ProposalRow],
    rows: dict[str, tuple[int, dict[str, str]]],
    region_slug: str,
) -> tuple[list[tuple[ProposalRow, int]], list[Skip]]:
    """Which proposals fill which row (by OPD code), and which are skipped and why."""
    planned: list[tuple[ProposalRow, int]] = []
    skipped: list[Skip] = []
    taken: dict[tuple[str, str], int] = {}
    for proposal in proposals:

        def skip(reason: str, proposal: ProposalRow = proposal) -> None:
            skipped.append(Skip(proposal.id, proposal.opd_code, proposal.channel, reason))

        if proposal.region_slug != region_slug:
            skip(f"usulan untuk wilayah {proposal.region_slug}, bukan berkas ini")
            continue
        row = rows.get(proposal.opd_code.upper())
        if row is None:
            skip(f"kode OPD {proposal.opd_code} tidak ada di berkas registri")
            continue
        line, cells = row
        if proposal.channel not in cells:
            skip(f"berkas registri tidak punya kolom {proposal.channel}")
            continue
        key = (proposal.opd_code.upper(), proposal.channel)
        if key in taken:
            skip(f"kolom {proposal.channel} sudah diisi usulan #{taken[key]} pada penerimaan ini")
            continue
        current = cells[proposal.channel].strip()
        if current:
            skip(f"kolom {proposal.channel} sudah berisi '{current}'; tidak diubah")
            continue
        taken[key] = proposal.id
        planned.append((proposal, line))
    return planned, skipped


def merge(path: Path, proposals: list[ProposalRow], when: datetime) -> MergeResult:
    """Fill the registry file at ``path`` with ``proposals`` (in the order given)."""
    if not path.is_file():
        raise AcceptError(f"berkas registri tidak ditemukan: {path.absolute()}")
    before = len(load_file(path).errors)
    if path.name.lower().endswith(XLSX_SUFFIX):
        result, data = _merge_xlsx(path, proposals, when)
    else:
        result, data = _merge_csv(path, proposals, when)
    if not result.changes:
        return result
    _replace_checked(path, data, before)
    return result


def _replace_checked(path: Path, data: bytes, errors_before: int) -> None:
    """Write ``data`` over ``path`` atomically, after reading it as a registry: a merge
    that would add errors writes nothing."""
    after = _errors_of(data, path.name)
    if after > errors_before:
        raise AcceptError(
            f"berkas registri hasil penggabungan punya {after} galat (sebelumnya "
            f"{errors_before}); berkas {path} tidak diubah"
        )
    handle, temporary = tempfile.mkstemp(prefix=".opdcrawl-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(data)
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _errors_of(data: bytes, name: str) -> int:
    from opdcrawl.registry import load_text, load_xlsx_bytes

    slug = name.rsplit(".", 1)[0]
    if name.lower().endswith(XLSX_SUFFIX):
        return len(load_xlsx_bytes(data, file_label=name, region_slug=slug).errors)
    return len(load_text(data, file_label=name, region_slug=slug).errors)


# --- CSV ---------------------------------------------------------------------------------


def _delimiter(header_line: str) -> str:
    def fit(delimiter: str) -> int:
        cells = next(csv.reader([header_line], delimiter=delimiter), [])
        return len({cell.strip() for cell in cells} & set(COLUMNS))

    return max((",", ";", "\t"), key=lambda d: (fit(d), d == ","))


def _merge_csv(
    path: Path, proposals: list[ProposalRow], when: datetime
) -> tuple[MergeResult, bytes]:
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw[3:].decode("utf-8") if bom else raw.decode("utf-8")
    except UnicodeDecodeError:
        raise AcceptError(
            f"{path}: berkas bukan UTF-8; simpan ulang sebagai 'CSV UTF-8' lalu ulangi"
        ) from None
    lines = text.splitlines(keepends=True)
    delimiter = _delimiter(lines[0] if lines else "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, int, list[str]]] = []
    previous = 0
    try:
        for cells in reader:
            records.append((previous + 1, reader.line_num, cells))
            previous = reader.line_num
    except csv.Error as exc:
        raise AcceptError(f"{path}:{previous + 1}: CSV tidak dapat dibaca ({exc})") from None
    if not records:
        raise AcceptError(f"{path}: berkas kosong")
    header = [cell.strip() for cell in records[0][2]]
    if "code" not in header or "notes" not in header:
        raise AcceptError(f"{path}: baris judul tidak memuat kolom 'code' dan 'notes'")
    rows: dict[str, tuple[int, dict[str, str]]] = {}
    by_line: dict[int, tuple[int, int, list[str]]] = {}
    for start, end, cells in records[1:]:
        named = dict(zip(header, cells, strict=False))
        code = named.get("code", "").strip().upper()
        if code and code not in rows:
            rows[code] = (start, named)
            by_line[start] = (start, end, cells)
    result = MergeResult(path)
    planned, result.skipped = _plan(proposals, rows, path.name.rsplit(".", 1)[0])
    changed: dict[int, list[str]] = {}
    for proposal, line in planned:
        start, _end, cells = by_line[line]
        cells = changed.setdefault(line, list(cells) + [""] * (len(header) - len(cells)))
        cells[header.index(proposal.channel)] = proposal.value
        notes_at = header.index("notes")
        note = note_for(proposal, when)
        cells[notes_at] = f"{cells[notes_at]}. {note}" if cells[notes_at].strip() else note
        result.changes.append(
            Change(proposal.id, proposal.opd_code, proposal.channel, proposal.value, start)
        )
    for line, cells in sorted(changed.items(), reverse=True):
        start, end, _ = by_line[line]
        last = lines[end - 1]
        ending = last[len(last.rstrip("\r\n")) :]
        buffer = io.StringIO(newline="")
        csv.writer(buffer, delimiter=delimiter, lineterminator=ending or "").writerow(cells)
        lines[start - 1 : end] = [buffer.getvalue()]
    data = "".join(lines).encode("utf-8")
    return result, (b"\xef\xbb\xbf" + data if bom else data)


# --- XLSX --------------------------------------------------------------------------------


def _merge_xlsx(
    path: Path, proposals: list[ProposalRow], when: datetime
) -> tuple[MergeResult, bytes]:
    from openpyxl import load_workbook

    from opdcrawl.registry_xlsx import XlsxUnreadable, cell_text, read_registry_sheet

    data = path.read_bytes()
    try:
        sheet_rows = read_registry_sheet(data, COLUMNS[0])
    except XlsxUnreadable as exc:
        raise AcceptError(f"{path}: {exc}") from None
    if not sheet_rows.rows:
        raise AcceptError(f"{path}: lembar {sheet_rows.sheet} kosong")
    header = [cell.strip() for cell in sheet_rows.rows[0][1]]
    if "code" not in header or "notes" not in header:
        raise AcceptError(f"{path}: baris judul tidak memuat kolom 'code' dan 'notes'")
    rows: dict[str, tuple[int, dict[str, str]]] = {}
    for number, cells in sheet_rows.rows[1:]:
        named = dict(zip(header, cells, strict=False))
        code = named.get("code", "").strip().upper()
        if code and code not in rows:
            rows[code] = (number, named)
    result = MergeResult(path)
    planned, result.skipped = _plan(proposals, rows, path.name.rsplit(".", 1)[0])
    if not planned:
        return result, data
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[sheet_rows.sheet]
    notes_column = header.index("notes") + 1
    for proposal, number in planned:
        sheet.cell(number, header.index(proposal.channel) + 1).value = proposal.value
        notes = sheet.cell(number, notes_column)
        current = cell_text(notes.value).strip()
        note = note_for(proposal, when)
        notes.value = f"{current}. {note}" if current else note
        result.changes.append(
            Change(proposal.id, proposal.opd_code, proposal.channel, proposal.value, number)
        )
    output = io.BytesIO()
    workbook.save(output)
    return result, output.getvalue()
