"""The report files: XLSX sheets and styles, CSV/JSON columns, HTML escaping, the command.

Built from the ``report_data`` fixture (SQLite and PostgreSQL).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from opdcrawl.report import wording
from opdcrawl.report.build import write_reports
from opdcrawl.report.data import load_region_reports
from opdcrawl.report.html import safe_href
from opdcrawl.report.tables import OPD, TABLES
from tests import test_report_data
from tests.test_report_data import LATEST_SENTENCE, OTHER, REGION, T2, XSS

report_data = test_report_data.report_data  # the shared fixture, registered here

COLUMNS_DOC = Path(__file__).resolve().parent.parent / "opdcrawl" / "report" / "COLUMNS.md"
SHEETS = [
    "Ringkasan",
    "Per OPD",
    "Peringkat",
    "Perubahan",
    "Tren Bulanan",
    "Kepemilikan Website",
    "Daftar Kategori",
    "Peringkat Media Sosial",
    "Tanpa Akun Media Sosial",
    "Sertifikat HTTPS",
]


@pytest.fixture
def built(db_session: Session, report_data: dict, tmp_path: Path) -> dict[str, Path]:
    reports = load_region_reports(db_session, [REGION, OTHER])
    paths = write_reports(
        reports,
        regions=[REGION, OTHER],
        run="latest",
        formats=["all"],
        out_dir=tmp_path,
        generated_at=T2,
    )
    return {path.name: path for path in paths}


def test_file_names(built: dict[str, Path]) -> None:
    expected = {"laporan-kota-uji_kab-lain.xlsx", "laporan-kota-uji_kab-lain.html"}
    expected |= {f"{slug}.json" for slug in (REGION, OTHER)}
    expected |= {f"{slug}-{t.file_suffix}.csv" for slug in (REGION, OTHER) for t in TABLES}
    assert set(built) == expected
    assert "kota-uji-peringkat.csv" in built


def _sheet_rows(sheet) -> list[dict[str, object]]:
    header = [cell.value for cell in sheet[1]]
    return [
        dict(zip(header, row, strict=True)) for row in sheet.iter_rows(min_row=2, values_only=True)
    ]


def test_xlsx_sheets_headers_dates_and_colours(built: dict[str, Path]) -> None:
    workbook = load_workbook(built["laporan-kota-uji_kab-lain.xlsx"])
    assert workbook.sheetnames == SHEETS
    for spec in TABLES:
        sheet = workbook[wording.SHEETS[spec.key]]
        assert [cell.value for cell in sheet[1]] == [wording.HEADERS[c] for c in spec.columns]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref.startswith("A1:")
    summary = {row["Kode Wilayah"]: row for row in _sheet_rows(workbook["Ringkasan"])}
    assert summary[REGION]["Ringkasan"] == LATEST_SENTENCE
    assert summary[REGION]["OPD Punya Website (%)"] == 70.0

    sheet = workbook["Per OPD"]
    header = [cell.value for cell in sheet[1]]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    a_row = rows["A"]
    last_post = a_row[header.index("Posting Terakhir")]
    assert isinstance(last_post.value, datetime) and last_post.value.tzinfo is None
    assert last_post.value == datetime(2025, 3, 8, 9, 30)  # WIB wall clock
    assert last_post.is_date and "yyyy" in last_post.number_format
    category = header.index("Kategori")
    fills = {code: row[category].fill.fgColor.rgb[-6:] for code, row in rows.items()}
    assert fills["A"] == "C6EFCE"  # Aktif green
    assert fills["K"] == "FFEB9C"  # Kurang Aktif yellow
    assert fills["B"] == "FFC7CE"  # Tidak Aktif red
    assert fills["E"] == "D9D2E9"  # Tidak Dapat Diakses
    assert fills["C"] == "595959"  # Tidak Punya Website dark grey
    title = rows["B"][header.index("Judul Posting Terakhir")]
    assert title.value == XSS and title.data_type == "s"
    assert rows["B"][header.index("Terindikasi Spam Judi")].value == "ya"
    assert rows["E"][header.index("Status Akses")].value == "Domain tidak ditemukan (DNS)"
    assert rows["A"][header.index("Facebook")].value == "tidak ada"
    ranking = [row["Kode OPD"] for row in _sheet_rows(workbook["Peringkat"])][:10]
    assert ranking == ["A", "K", "H", "F", "I", "B", "E", "C", "D", "G"]
    changes = {r["Kode OPD"]: r["Perubahan"] for r in _sheet_rows(workbook["Perubahan"])}
    assert changes["F"] == "Website baru" and changes["G"] == "Website hilang"
    trend = _sheet_rows(workbook["Tren Bulanan"])
    assert [row["Bulan"] for row in trend if row["Kode Wilayah"] == REGION] == [
        "2025-02",
        "2025-03",
    ]
    assert isinstance(trend[0]["Waktu Crawl"], datetime)


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_columns_and_values(built: dict[str, Path]) -> None:
    for spec in TABLES:
        with built[f"{REGION}-{spec.file_suffix}.csv"].open(encoding="utf-8") as handle:
            assert next(csv.reader(handle)) == list(spec.columns)
    opds = {row["opd_code"]: row for row in _csv(built[f"{REGION}-opd.csv"])}
    assert opds["A"]["category"] == "Aktif"
    assert opds["A"]["last_post_at"] == "2025-03-08T09:30:00+07:00"
    assert opds["A"]["reachable"] == "true" and opds["E"]["reachable"] == "false"
    assert opds["A"]["instagram"] == "https://instagram.com/dinkesuji"
    assert opds["A"]["youtube"] == "belum terdaftar"
    assert opds["C"]["website_url"] == "" and opds["C"]["category"] == "Tidak Punya Website"
    assert opds["B"]["spam_terms"] == "slot gacor" and opds["B"]["evidence_title"] == XSS
    ranking = _csv(built[f"{REGION}-peringkat.csv"])
    assert [(r["rank"], r["opd_code"]) for r in ranking[:3]] == [("1", "A"), ("2", "K"), ("3", "H")]
    assert ranking[0]["rank_group"] == wording.RANK_GROUPS["top"]
    changes = {r["opd_code"]: r for r in _csv(built[f"{REGION}-perubahan.csv"])}
    assert (changes["A"]["change"], changes["A"]["score_delta"]) == ("Naik", "40")
    ownership = {r["channel_kind"]: r for r in _csv(built[f"{REGION}-kepemilikan.csv"])}
    assert ownership["website"]["registered_pct"] == "70.0"


def test_json_document(built: dict[str, Path]) -> None:
    document = json.loads(built[f"{REGION}.json"].read_text(encoding="utf-8"))
    assert document["summary_sentence"] == LATEST_SENTENCE
    assert document["crawl_time"] == "2025-03-10T09:30:00+07:00"
    assert {spec.key for spec in TABLES} <= set(document)
    opds = {row["opd_code"]: row for row in document["opd"]}
    assert list(opds["A"]) == list(OPD.columns)
    assert opds["A"]["posts_90d"] == 9 and opds["A"]["reachable"] is True
    assert opds["C"]["last_post_at"] is None
    assert opds["A"]["checked_at"] == "2025-03-10T09:30:00+07:00"
    assert document["summary"][0]["tidak_punya_website"] == 2


def test_html_is_escaped_and_self_contained(built: dict[str, Path]) -> None:
    page = built["laporan-kota-uji_kab-lain.html"].read_text(encoding="utf-8")
    assert XSS not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page.lower()
    assert "javascript:" not in " ".join(re.findall(r'href="([^"]*)"', page)).lower()
    assert "Badan Riset &amp; Inovasi" in page
    for external in ("src=", "<link", "@import", "url("):
        assert external not in page
    assert LATEST_SENTENCE in page
    assert page.count("<svg") >= 4  # distribution, two ranking charts, trend (+ progress)
    assert '<a href="https://a.uji.go.id/berita/vaksin"' in page


def test_safe_href_only_allows_http() -> None:
    assert safe_href('https://x.go.id/?a=1&b="2"') == "https://x.go.id/?a=1&amp;b=&quot;2&quot;"
    assert safe_href("javascript:alert(1)") is None
    assert safe_href(" JaVaScRiPt:alert(1)") is None
    assert safe_href("data:text/html,hi") is None


def test_columns_are_documented_and_have_headers() -> None:
    doc = COLUMNS_DOC.read_text(encoding="utf-8")
    for spec in TABLES:
        assert f"`{spec.file_suffix}`" in doc or spec.file_suffix in doc, spec.key
        for column in spec.columns:
            assert column in wording.HEADERS, column
            assert re.search(rf"^\| `{column}` \|", doc, re.MULTILINE), column


def _command(argv: list[str]) -> int:
    from opdcrawl.commands import report as report_command

    parser = argparse.ArgumentParser(prog="opdcrawl report")
    report_command.add_arguments(parser)
    return report_command.run(parser.parse_args(argv))


def test_command_writes_files_and_reports_errors(
    db_url: str, report_data: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "keluar"
    argv = ["--url", db_url, "--region", REGION, "--format", "csv,json", "--out", str(out)]
    assert _command([*argv, "--run", str(report_data["run1"])]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("Laporan ditulis ke")
    path = out / f"{REGION}-run{report_data['run1']}-opd.csv"
    assert str(path) in printed and path.exists()
    assert (out / f"{REGION}-run{report_data['run1']}.json").exists()
    assert not (out / "laporan-kota-uji.xlsx").exists()

    assert _command(["--url", db_url, "--format", "xlsx", "--out", str(out)]) == 0
    assert (out / "laporan-semua-wilayah.xlsx").exists()

    assert _command(["--url", db_url, "--region", "kota-hilang", "--out", str(out)]) == 2
    assert "kota-hilang" in capsys.readouterr().err
    assert _command(["--url", db_url, "--format", "pdf", "--out", str(out)]) == 2
    assert "pdf" in capsys.readouterr().err
    assert _command(["--url", db_url, "--run", "kemarin", "--out", str(out)]) == 2


def test_command_on_an_empty_database_explains(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'kosong.db'}"
    assert _command(["--url", url, "--out", str(tmp_path)]) == 2
    assert "opdcrawl db upgrade" in capsys.readouterr().err


def test_csv_cells_cannot_run_as_spreadsheet_formulas() -> None:
    from opdcrawl.report.tabular import _csv_cell

    assert _csv_cell('=HYPERLINK("http://evil.example","klik")').startswith("'=")
    assert _csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert _csv_cell("-2+3") == "'-2+3"
    # Numbers stay numbers, ordinary text stays as it is.
    assert _csv_cell(-5) == "-5"
    assert _csv_cell("Dinas Kesehatan") == "Dinas Kesehatan"
