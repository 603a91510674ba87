"""The Excel workbook: one sheet per table, all requested regions in one file.

One workbook per run of ``opdcrawl report`` (not per region): a province office filters
the "Wilayah" column instead of opening 30 files, and a single region is just a
workbook whose rows all carry the same region. The third sheet, "Cara Membaca",
explains the categories, the score and the ranking (``report.guide``); the summary
sheet carries the spam warning and the registry rows skipped, in red. Header row
frozen, autofilter on, dates as real Excel dates in WIB (Excel has no time zones, so
the zone is dropped after converting), categories coloured, "-" where a score or count
was not measured. Text read from crawled sites is always stored as text, never as a
formula.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from opdcrawl.dates import JAKARTA
from opdcrawl.report import guide, wording
from opdcrawl.report.data import RegionReport
from opdcrawl.report.tables import (
    CATEGORY_COLUMNS,
    MEASURE_COLUMNS,
    NO_VALUE,
    TABLES,
    TableSpec,
    table_rows,
)

DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
PERCENT_COLUMNS = frozenset({"with_website_pct", "reachable_website_pct", "registered_pct"})
PERCENT_COLUMNS |= {"reachable_pct"}
LINK_COLUMNS = frozenset({"website_url", "evidence_url", "instagram", "facebook", "youtube"})
LINK_COLUMNS |= {"x", "tiktok", "account_url"}
MAX_WIDTH = 60
MIN_WIDTH = 8
HEADER_FILL = PatternFill(fill_type="solid", fgColor="1F4E78")
HEADER_FONT = Font(bold=True, color="FFFFFF")
# The spam warning and the skipped registry rows, in the summary sheet: red, bold.
WARNING_COLUMNS = frozenset({"spam_warning", "registry_skipped"})
WARNING_FONT = Font(bold=True, color="9C0006")
_MAX_CELL_TEXT = 32_000  # Excel's limit is 32,767 characters per cell


def excel_datetime(value: datetime) -> datetime:
    """The WIB wall-clock time, without a zone (what Excel can store)."""
    return value.astimezone(JAKARTA).replace(tzinfo=None)


def _is_web_link(value: Any) -> bool:
    return isinstance(value, str) and urlsplit(value).scheme.lower() in ("http", "https")


def _write_sheet(sheet: Worksheet, spec: TableSpec, reports: list[RegionReport]) -> None:
    sheet.append([wording.HEADERS[column] for column in spec.columns])
    for cell in sheet[1]:
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    widths = [len(wording.HEADERS[column]) for column in spec.columns]
    row_number = 1
    for report in reports:
        for row in table_rows(spec, report):
            row_number += 1
            for index, column in enumerate(spec.columns, start=1):
                value = row[column]
                cell = sheet.cell(row=row_number, column=index)
                text_length = _set_value(cell, column, value)
                widths[index - 1] = max(widths[index - 1], text_length)
                if column in CATEGORY_COLUMNS and value:
                    style = wording.category_style(value)
                    cell.fill = PatternFill(fill_type="solid", fgColor=style.fill)
                    cell.font = Font(color=style.ink, bold=True)
                elif column in LINK_COLUMNS and _is_web_link(value):
                    cell.hyperlink = value
                    cell.font = Font(color="0563C1", underline="single")
                elif column in WARNING_COLUMNS and value and row.get("registry_rows_skipped") != 0:
                    cell.font = WARNING_FONT
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(spec.columns))
    sheet.auto_filter.ref = f"A1:{last}{max(row_number, 1)}"


def _set_value(cell: Any, column: str, value: Any) -> int:
    """Store one value with the right type and format; return its display length."""
    if value is None:
        if column in MEASURE_COLUMNS:  # not measured: "-", never a blank that reads as 0
            cell.value = NO_VALUE
            cell.alignment = Alignment(horizontal="center")
        return 0
    if isinstance(value, bool):
        cell.value = wording.YES if value else wording.NO
        return len(cell.value)
    if isinstance(value, datetime):
        cell.value = excel_datetime(value)
        cell.number_format = DATETIME_FORMAT
        return len(DATETIME_FORMAT)
    if isinstance(value, int | float):
        cell.value = value
        if column in PERCENT_COLUMNS:
            cell.number_format = "0.0"
        return len(str(value))
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:_MAX_CELL_TEXT]
    cell.value = text
    cell.data_type = "s"  # "=..." from a crawled page stays text, never a formula
    return len(text)


def _write_guide(sheet: Worksheet) -> None:
    """The "Cara Membaca" sheet: ``report.guide`` as (part, explanation) rows."""
    sheet.append([wording.HEADERS["guide_part"], wording.HEADERS["guide_text"]])
    for cell in sheet[1]:
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
    for heading, paragraphs in guide.sections():
        sheet.append([heading, "\n".join(paragraphs)])
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        sheet[sheet.max_row][0].font = Font(bold=True)
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 120
    sheet.freeze_panes = "A2"


def write_xlsx(reports: list[RegionReport], path: Path) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in TABLES:
        _write_sheet(workbook.create_sheet(wording.SHEETS[spec.key]), spec, reports)
        if spec.key == "integrity":  # after the summary and the sites with findings
            _write_guide(workbook.create_sheet(wording.SHEETS["guide"]))
    workbook.save(path)
    return path
