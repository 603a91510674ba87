"""CSV and JSON: the report's tables for other tools, with stable English column names.

CSV: one UTF-8 file per table and region (``<region>-opd.csv``, ``<region>-peringkat.csv``
…), header row first, empty cell for no value, ``true``/``false`` for booleans,
datetimes ISO 8601 in WIB with their offset (``2025-03-08T09:30:00+07:00``); a text cell
that a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``) gets a
leading ``'``.
Excel CSV: beside each CSV, ``<region>-<table>-excel.csv`` for people who double-click
it in Excel set to Indonesian: UTF-8 *with* a BOM (without one Excel reads UTF-8 as
ANSI and breaks every accented name), ``;`` between cells (Excel takes the list
separator from the Windows region, and Indonesian Windows uses ``;`` because the
decimal separator is ``,``), decimal comma, Indonesian headers, ``ya``/``tidak``,
dates as ``2025-03-08 09:30`` (WIB, a form Excel reads as a date in any locale). No
``sep=;`` line: Excel then ignores the BOM. The same formula guard.
JSON: one document per region (``<region>.json``) holding every table under its key,
with the same values (null for no value, native numbers and booleans).
Column dictionary: ``opdcrawl/report/COLUMNS.md``.
"""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from opdcrawl import __version__
from opdcrawl.dates import JAKARTA
from opdcrawl.report import wording
from opdcrawl.report.data import RegionReport
from opdcrawl.report.tables import (
    MEASURE_COLUMNS,
    NO_VALUE,
    TABLES,
    spam_warning,
    table_rows,
)


def iso(value: datetime) -> str:
    return value.astimezone(JAKARTA).isoformat()


# A cell starting with one of these runs as a formula when the CSV is opened in a
# spreadsheet; crawled titles and evidence are written by strangers.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # the OWASP guard for CSV injection; numbers are never str here
    return str(value)


def _json_value(value: Any) -> Any:
    return iso(value) if isinstance(value, datetime) else value


def file_prefix(report: RegionReport) -> str:
    """``kota-serang``, ``kota-serang-run12`` for a report as of run 12, with
    ``-instagram`` (etc.) for a report on a channel kind other than the website."""
    prefix = report.region_slug
    if report.as_of_run and report.run_id is not None:
        prefix += f"-run{report.run_id}"
    if report.channel_kind != "website":
        prefix += f"-{report.channel_kind}"
    return prefix


def write_csv(report: RegionReport, out_dir: Path) -> list[Path]:
    paths: list[Path] = []
    for spec in TABLES:
        path = out_dir / f"{file_prefix(report)}-{spec.file_suffix}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(spec.columns)
            for row in table_rows(spec, report):
                writer.writerow([_csv_cell(row[column]) for column in spec.columns])
        paths.append(path)
    return paths


EXCEL_DELIMITER = ";"
EXCEL_ENCODING = "utf-8-sig"  # UTF-8 with a BOM


def _excel_cell(value: Any, column: str) -> str:
    """A cell as Indonesian Excel reads it (see the module docstring)."""
    if value is None:
        return NO_VALUE if column in MEASURE_COLUMNS else ""
    if isinstance(value, bool):
        return wording.YES if value else wording.NO
    if isinstance(value, datetime):
        return value.astimezone(JAKARTA).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, float):
        return f"{value}".replace(".", ",")
    return _csv_cell(value)


def write_excel_csv(report: RegionReport, out_dir: Path) -> list[Path]:
    """The Excel twin of every CSV: ``<region>-<table>-excel.csv``."""
    paths: list[Path] = []
    for spec in TABLES:
        path = out_dir / f"{file_prefix(report)}-{spec.file_suffix}-excel.csv"
        with path.open("w", encoding=EXCEL_ENCODING, newline="") as handle:
            writer = csv.writer(handle, delimiter=EXCEL_DELIMITER)
            writer.writerow([wording.HEADERS[column] for column in spec.columns])
            for row in table_rows(spec, report):
                writer.writerow([_excel_cell(row[column], column) for column in spec.columns])
        paths.append(path)
    return paths


def report_document(report: RegionReport, generated_at: datetime) -> dict[str, Any]:
    """The JSON document of one region: metadata, the sentence, every table."""
    document: dict[str, Any] = {
        "region_slug": report.region_slug,
        "region_name": report.region_name,
        "run_id": report.run_id,
        "crawl_time": iso(report.crawl_time) if report.crawl_time else None,
        "as_of_run": report.as_of_run,
        "previous_run_id": report.previous_run_id,
        "generated_at": iso(generated_at),
        "opdcrawl_version": __version__,
        "summary_sentence": wording.summary_sentence(report),
        "spam_warning": spam_warning(report),
    }
    for spec in TABLES:
        document[spec.key] = [
            {column: _json_value(row[column]) for column in spec.columns}
            for row in table_rows(spec, report)
        ]
    return document


def write_json(report: RegionReport, out_dir: Path, generated_at: datetime) -> Path:
    path = out_dir / f"{file_prefix(report)}.json"
    document = report_document(report, generated_at)
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
