"""The "Integritas Situs" section: affected sites first, in every format, crawled text as data.

Findings are stored with a real check (SQLite and PostgreSQL); snippets carry what a
hostile page can put there (script tags, a spreadsheet formula, a ``javascript:`` URL).
"""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy.orm import Session

from opdcrawl import items
from opdcrawl.db import store
from opdcrawl.report.build import write_reports
from opdcrawl.report.data import load_region_reports
from opdcrawl.report.text import render_text
from opdcrawl.vocabulary import Category
from tests.test_report_data import REGION, T2, XSS, check, opd

FORMULA = '=HYPERLINK("https://evil.example","klik")'
BAD_URL = "javascript:alert(1)"


def _data(session: Session) -> int:
    store.sync_registry(
        session,
        [
            opd("A", "Dinas Kesehatan"),
            opd("B", "Dinas Pendidikan"),
            opd("C", "Sekretariat DPRD"),
        ],
        now=T2 - timedelta(days=1),
    )
    run = store.start_run(
        session, spider="websites", regions=[REGION], crawl_time=T2, version="test"
    )
    clean = check("A", T2, Category.AKTIF, 100)
    cloaked = check("B", T2, Category.KURANG_AKTIF, 60)
    cloaked.integrity = [
        items.IntegrityFinding(
            "cloaking",
            "https://b.uji.go.id/",
            f"SLOT GACOR {XSS}",
            "Dinas Pendidikan | Beranda",
            "hanya untuk mesin pencari; sinyal: title_hijack",
        )
    ]
    defaced = check("C", T2, Category.TIDAK_AKTIF, 0)
    defaced.integrity = [
        items.IntegrityFinding("defacement", "https://c.uji.go.id/", "Hacked by X", None, None),
        items.IntegrityFinding("hidden_block", BAD_URL, FORMULA, None, "gacor.example"),
    ]
    for item in (clean, cloaked, defaced):
        store.record_check(session, run, item)
    store.record_check(session, run, defaced)  # written twice: findings replaced, not doubled
    store.finish_run(session, run, status="finished", stats={}, finished_at=T2)
    return run


def test_findings_reach_every_format_first_and_escaped(db_session: Session, tmp_path: Path):
    run = _data(db_session)
    (report,) = load_region_reports(db_session, [REGION])
    assert [(row.opd_code, row.signal) for row in report.integrity] == [
        ("B", "cloaking"),
        ("C", "defacement"),
        ("C", "hidden_block"),
    ]
    assert {row.run_id for row in report.integrity} == {run}
    paths = {
        path.name: path
        for path in write_reports(
            [report], regions=[REGION], run="latest", formats=["all"], out_dir=tmp_path
        )
    }

    html = paths[f"laporan-{REGION}.html"].read_text(encoding="utf-8")
    assert XSS not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    section = html.index('id="integritas"')
    assert section < html.index("Rincian per OPD") and section < html.index("Peringkat")
    assert "2 website OPD menunjukkan tanda spam judi atau peretasan" in html
    assert "Dinas Pendidikan | Beranda" in html  # what the visitor saw, beside the spam

    workbook = load_workbook(paths[f"laporan-{REGION}.xlsx"])
    assert workbook.sheetnames[:2] == ["Ringkasan", "Integritas Situs"]
    sheet = workbook["Integritas Situs"]
    header = [cell.value for cell in sheet[1]]
    cells = [cell for cell in sheet[4] if cell.value == FORMULA]
    assert cells and cells[0].data_type == "s"  # text, never a formula
    assert sheet.max_row == 4 and "Cuplikan" in header

    with (tmp_path / f"{REGION}-integritas.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["signal"] for row in rows] == ["cloaking", "defacement", "hidden_block"]
    assert rows[2]["snippet"] == "'" + FORMULA
    assert rows[0]["other_snippet"] == "Dinas Pendidikan | Beranda"

    document = json.loads(paths[f"{REGION}.json"].read_text(encoding="utf-8"))
    assert list(document).index("integrity") < list(document).index("opd")
    assert document["integrity"][0]["snippet"] == f"SLOT GACOR {XSS}"  # data, as crawled

    text = render_text(report)
    assert text.index("PERINGATAN: Dinas Pendidikan (B): Cloaking") < text.index("Kode OPD")
    assert "Sekretariat DPRD (C): Tanda deface" in text


def test_no_findings_says_so(db_session: Session, tmp_path: Path) -> None:
    store.sync_registry(db_session, [opd("A", "Dinas Kesehatan")], now=T2)
    run = store.start_run(
        db_session, spider="websites", regions=[REGION], crawl_time=T2, version="test"
    )
    store.record_check(db_session, run, check("A", T2, Category.AKTIF, 100))
    (report,) = load_region_reports(db_session, [REGION])
    assert report.integrity == []
    (path,) = write_reports(
        [report], regions=[REGION], run="latest", formats=["html"], out_dir=tmp_path
    )
    assert "Tidak ada tanda spam judi online atau peretasan" in path.read_text(encoding="utf-8")
    assert "PERINGATAN" not in render_text(report)
