"""A registry kept in Excel (``<region-slug>.xlsx``), read as rows of text cells.

Offices keep their OPD lists in spreadsheets; asking them to export CSV first is where
codes lose their leading zeros and names their accents. This module only turns the
registry sheet of a workbook into ``(row number, cells)`` pairs of text; checking the
rows is the registry's job (``opdcrawl.registry``), the same for CSV and Excel.

Which sheet: the one named ``OPD`` (the template's), else the only sheet that is not
the template's instructions sheet, else the only one whose header names the registry
columns. Title rows above the header ("DAFTAR OPD KOTA SERANG") are skipped with a note.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, time

REGISTRY_SHEET = "OPD"  # the sheet the template writes the registry into
INSTRUCTIONS_SHEET = "Petunjuk"  # the template's instructions, never registry rows
# How far down a header may sit below title rows before the sheet is called headerless.
MAX_TITLE_ROWS = 10
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls (Excel 97-2003) and encrypted workbooks


class XlsxUnreadable(ValueError):
    """The workbook cannot be read as a registry; the message is for operators."""


@dataclass
class SheetRows:
    sheet: str
    header_row: int  # 1-based row number of the header
    rows: list[tuple[int, list[str]]]  # (1-based row number, cells as text), header first
    notes: list[str] = field(default_factory=list)  # warnings, in Indonesian


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA: how a spreadsheet user finds a column."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def cell_text(value: object) -> str:
    """A cell as the text an operator typed: ``7`` not ``7.0``, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    return str(value)


def _is_header(cells: list[str], first_column: str) -> bool:
    return bool(cells) and cells[0].strip().lower() == first_column


def read_registry_sheet(data: bytes, first_column: str) -> SheetRows:
    """The registry sheet's rows from header on; raises ``XlsxUnreadable`` with the reason.

    ``first_column`` is the registry's first column name, used to find the header when
    title rows sit above it and to pick the registry sheet among several.
    """
    from openpyxl import load_workbook

    if data.startswith(_OLE2_MAGIC):
        raise XlsxUnreadable(
            "berkas adalah format Excel lama (.xls, Excel 97-2003) atau terkunci sandi; "
            "buka di Excel lalu simpan sebagai 'Excel Workbook (.xlsx)' tanpa sandi"
        )
    if not data:
        raise XlsxUnreadable("berkas kosong")
    try:
        # Not read_only: that mode trusts the sheet's stored dimensions, which some
        # writers get wrong; registries are a few hundred rows.
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # a damaged or foreign file must be reported, never crash
        raise XlsxUnreadable(
            f"berkas bukan workbook .xlsx yang sah ({type(exc).__name__}); simpan ulang dari "
            "Excel/LibreOffice sebagai 'Excel Workbook (.xlsx)'"
        ) from None
    try:
        sheets = {
            sheet.title: [
                [cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)
            ]
            for sheet in workbook.worksheets
        }
    finally:
        workbook.close()
    name = _choose_sheet(sheets, first_column)
    return _from_header(name, sheets[name], first_column)


def _choose_sheet(sheets: dict[str, list[list[str]]], first_column: str) -> str:
    by_lower = {name.strip().lower(): name for name in sheets}
    if REGISTRY_SHEET.lower() in by_lower:
        return by_lower[REGISTRY_SHEET.lower()]
    candidates = [name for name in sheets if name.strip().lower() != INSTRUCTIONS_SHEET.lower()]
    if len(candidates) == 1:
        return candidates[0]
    with_header = [
        name
        for name in candidates
        if any(_is_header(row, first_column) for row in sheets[name][:MAX_TITLE_ROWS])
    ]
    if len(with_header) == 1:
        return with_header[0]
    names = ", ".join(f"'{name}'" for name in sheets)
    raise XlsxUnreadable(
        f"workbook punya beberapa lembar ({names}) dan tidak jelas mana registrinya; "
        f"beri nama '{REGISTRY_SHEET}' pada lembar registri"
    )


def _from_header(name: str, rows: list[list[str]], first_column: str) -> SheetRows:
    numbered = list(enumerate(rows, start=1))
    nonblank = [(number, cells) for number, cells in numbered if any(c.strip() for c in cells)]
    if not nonblank:
        return SheetRows(name, 0, [])
    header_row = next(
        (number for number, cells in numbered[:MAX_TITLE_ROWS] if _is_header(cells, first_column)),
        nonblank[0][0],
    )
    notes = []
    skipped = [number for number, _ in nonblank if number < header_row]
    if skipped:
        shown = f"{skipped[0]}" if len(skipped) == 1 else f"{skipped[0]}–{skipped[-1]}"
        notes.append(f"baris {shown} di atas baris judul (baris {header_row}) diabaikan")
    return SheetRows(name, header_row, [(n, c) for n, c in numbered if n >= header_row], notes)
