"""The report files: XLSX sheets and styles, CSV/JSON columns, HTML escaping, the command.

Built from the ``report_data`` fixture (SQLite and PostgreSQL).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from datetime import datetime
from html import escape
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
    "Integritas Situs",
    "Cara Membaca",
    "Per OPD",
    "Peringkat",
    "Perubahan",
    "Tren Bulanan",
    "Kepemilikan Website",
    "Daftar Kategori",
    "Peringkat Media Sosial",
    "Tanpa Akun Media Sosial",
    "Registri Dilewati",
    "Kepatuhan PPID",
    "Sertifikat HTTPS",
    "Inventaris Kanal",
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
    expected |= {f"{slug}-{t.file_suffix}-excel.csv" for slug in (REGION, OTHER) for t in TABLES}
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


def test_readme_column_guide_is_columns_md() -> None:
    """README's "Columns" is COLUMNS.md with its headings one level down: one text, so the
    two cannot drift apart (copy COLUMNS.md into README after editing it)."""
    readme = (COLUMNS_DOC.parents[2] / "README.md").read_text(encoding="utf-8")
    guide = readme[readme.index("### Columns\n") : readme.index("## Measured\n")]
    body = COLUMNS_DOC.read_text(encoding="utf-8").split("\n", 1)[1].strip()
    assert guide.strip() == "### Columns\n\n" + body.replace("\n## ", "\n#### ")


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
    (tmp_path / "kosong.db").touch()  # an empty SQLite database (a missing one is named)
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


# --- reports an office can hand to its leaders ------------------------------------------


def test_unreachable_site_shows_no_measured_zeros(built: dict[str, Path]) -> None:
    """E's website was down: its stored 0 posts and 0 score are not measurements."""
    opds = {row["opd_code"]: row for row in _csv(built[f"{REGION}-opd.csv"])}
    for column in ("posts_30d", "posts_90d", "days_since_last_post", "cadence", "score"):
        assert opds["E"][column] == "", column  # empty = no value, for tools
    assert opds["E"]["spam"] == ""  # the page was not read: unknown, not "false"
    assert (opds["H"]["posts_90d"], opds["B"]["spam"]) == ("5", "true")  # measured ones stay
    assert opds["B"]["posts_90d"] == "0"  # a real, measured zero stays a zero

    document = json.loads(built[f"{REGION}.json"].read_text(encoding="utf-8"))
    e_row = next(row for row in document["opd"] if row["opd_code"] == "E")
    assert (e_row["posts_90d"], e_row["cadence"], e_row["score"]) == (None, None, None)
    e_rank = next(row for row in document["ranking"] if row["opd_code"] == "E")
    assert (e_rank["rank"], e_rank["posts_90d"]) == (None, None)

    workbook = load_workbook(built["laporan-kota-uji_kab-lain.xlsx"])
    rows = {row["Kode OPD"]: row for row in _sheet_rows(workbook["Per OPD"])}
    assert rows["E"]["Posting 90 Hari"] == "-" and rows["E"]["Frekuensi"] == "-"
    assert rows["E"]["Skor"] == "-" and rows["B"]["Posting 90 Hari"] == 0

    with built[f"{REGION}-opd-excel.csv"].open(encoding="utf-8-sig", newline="") as handle:
        excel = {row["Kode OPD"]: row for row in csv.DictReader(handle, delimiter=";")}
    assert excel["E"]["Posting 90 Hari"] == "-" and excel["E"]["Skor"] == "-"

    page = built["laporan-kota-uji_kab-lain.html"].read_text(encoding="utf-8")
    table = page[page.index('<table class="opd">') :]
    row = re.search(r"<tr><td>E</td>.*?</tr>", table).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[5:10] == ["-", "-", "-", "-", "-"]  # days, 30d, 90d, cadence, score


def test_excel_csv_opens_in_indonesian_excel(built: dict[str, Path]) -> None:
    raw = built[f"{REGION}-ringkasan-excel.csv"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    assert not raw[3:].startswith(b"sep=")  # a sep= line makes Excel ignore the BOM
    text = raw.decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.split(";")[:3] == ["Kode Wilayah", "Wilayah", "ID Crawl"]
    (summary,) = csv.DictReader(text.splitlines(), delimiter=";")
    assert summary["OPD Punya Website (%)"] == "70,0"  # decimal comma
    assert summary["Waktu Crawl"] == "2025-03-10 09:30"  # WIB, a form Excel reads as a date
    assert summary["Ringkasan"] == LATEST_SENTENCE
    with built[f"{REGION}-opd-excel.csv"].open(encoding="utf-8-sig", newline="") as handle:
        opds = {row["Kode OPD"]: row for row in csv.DictReader(handle, delimiter=";")}
    assert opds["A"]["Dapat Diakses"] == "ya" and opds["E"]["Dapat Diakses"] == "tidak"
    assert opds["K"]["Nama OPD"] == "Badan Riset & Inovasi"
    assert opds["B"]["Judul Posting Terakhir"] == XSS  # text stays text
    # The standard CSV for other tools is unchanged: comma, no BOM, English names.
    plain = built[f"{REGION}-ringkasan.csv"].read_bytes()
    assert plain.startswith(b"region_slug,region_name,")
    assert ',"70.0",' in plain.decode() or ",70.0," in plain.decode()


def test_spam_warning_is_in_the_summary(built: dict[str, Path]) -> None:
    warning = wording.spam_warning([("Dinas Pendidikan", ("slot gacor",))])
    assert warning and "Dinas Pendidikan (slot gacor)" in warning
    workbook = load_workbook(built["laporan-kota-uji_kab-lain.xlsx"])
    summary = {row["Kode Wilayah"]: row for row in _sheet_rows(workbook["Ringkasan"])}
    assert summary[REGION]["Peringatan Spam Judi"] == warning
    assert summary[REGION]["Website Terindikasi Spam Judi"] == 1
    assert summary[OTHER]["Peringatan Spam Judi"] is None
    document = json.loads(built[f"{REGION}.json"].read_text(encoding="utf-8"))
    assert document["spam_warning"] == warning == document["summary"][0]["spam_warning"]
    page = built["laporan-kota-uji_kab-lain.html"].read_text(encoding="utf-8")
    region = page[page.index(f'id="{REGION}"') :]
    # Right under the sentence, before any chart or table.
    assert region.index(escape(warning)) < region.index("<svg") < region.index("<table")
    assert region.index(LATEST_SENTENCE) < region.index(escape(warning))


def test_guide_explains_categories_score_and_ranking(built: dict[str, Path]) -> None:
    from opdcrawl.freshness import FreshnessRules
    from opdcrawl.report import guide

    website = FreshnessRules()
    workbook = load_workbook(built["laporan-kota-uji_kab-lain.xlsx"])
    sheet = workbook["Cara Membaca"]
    parts = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(parts) >= {"Kategori website", "Skor", "Peringkat", "Frekuensi"}
    assert f"paling lama {website.active_max_days} hari" in parts["Kategori website"]
    assert f"sedikitnya {website.active_min_posts_90d} posting" in parts["Kategori website"]
    assert "60 × (1 − hari sejak posting terakhir ÷ 365)" in parts["Skor"]
    assert "berbagi peringkat (misalnya 1, 2, 2, 4)" in parts["Peringkat"]
    assert "14 hari dan sedikitnya 12 unggahan" in parts["Kategori akun media sosial"]
    page = built["laporan-kota-uji_kab-lain.html"].read_text(encoding="utf-8")
    assert page.count(escape(guide.TITLE)) == 2  # the link in the header and the section
    assert escape(guide.ranking_rule()) in page  # the section, and above the ranking
    assert 'id="cara-membaca"' in page


def test_guide_is_generated_from_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """Change a threshold or the ranking's steps and the text follows: nothing is retyped."""
    from opdcrawl import rules
    from opdcrawl.report import guide
    from opdcrawl.report.guide import sections

    settings = {"OPDCRAWL_ACTIVE_MAX_DAYS": 21, "OPDCRAWL_CADENCE_MONTHLY_PER_WEEK": 0.5}
    text = dict((heading, " ".join(lines)) for heading, lines in sections(settings))
    assert "paling lama 21 hari sebelum pemeriksaan" in text["Kategori website"]
    assert "bulanan bila paling sedikit 0,5" in text["Frekuensi"]
    # Social accounts have no override of their own here: "the same thresholds".
    assert "dengan ambang yang sama" in text["Kategori akun media sosial"]

    assert guide.ranking_rule().index("skor tertinggi") < guide.ranking_rule().index(
        "posting terakhir yang lebih baru"
    )
    score, last_post, posts, code = rules.RANKING
    monkeypatch.setattr(rules, "RANKING", (posts, score, last_post, code))
    reordered = guide.ranking_rule()
    assert "diurutkan menurut jumlah posting 90 hari terbanyak; bila sama, skor tertinggi" in (
        reordered
    )
    assert "ditulis berurutan menurut kode OPD A–Z" in reordered


ENGLISH_WORDS = (
    "unknown",
    "shard",
    "reward",
    "punishment",
    "wp-json",
    "list-page",
    "jsonld",
    "sitemap",
    "feed",
    "true",
    "false",
    "none",
    "null",
    "not checked",
    "registered",
    "private",
    "Belum Terdata",  # the one term is "belum terdaftar"
)
# Columns holding machine codes or addresses, not operator text.
MACHINE_COLUMNS = frozenset(
    {"Kode Wilayah", "Kode Galat", "Alamat Website", "Tautan Bukti", "Akun", "Kanal", "Platform"}
    | {"Instagram", "Facebook", "YouTube", "X (Twitter)", "TikTok", "CMS", "Berkas"}
)


def _english(text: str) -> list[str]:
    """English words of ``ENGLISH_WORDS`` standing alone (not inside a URL or a word)."""
    found = []
    for word in ENGLISH_WORDS:
        pattern = rf"(?<![\w/.:-]){re.escape(word)}(?![\w/.-])"
        found += [word for _ in re.finditer(pattern, text, flags=re.IGNORECASE)]
    return found


def _page_text(page: str) -> str:
    """What a reader sees: tag contents and title attributes, without URLs in hrefs."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    titles = " ".join(re.findall(r'title="([^"]*)"', page))
    return re.sub(r"<[^>]+>", " ", page) + " " + titles


def test_no_english_left_in_operator_text(
    db_session: Session, report_data: dict, tmp_path: Path
) -> None:
    from opdcrawl.report.build import attach_registry

    reports = load_region_reports(db_session, [REGION, OTHER])
    attach_registry(reports, str(test_seeds(tmp_path)))
    paths = write_reports(
        reports,
        regions=[REGION, OTHER],
        run="latest",
        formats=["html", "xlsx"],
        out_dir=tmp_path,
        generated_at=T2,
    )
    html_path, xlsx_path = sorted(paths, key=lambda path: path.suffix)
    assert _english("see wp-json and https://x.go.id/wp-json/ or feed") == ["wp-json", "feed"]

    page = html_path.read_text(encoding="utf-8")
    assert _english(_page_text(page)) == []
    # The evidence names its source in Indonesian (the check said "list-page: ...").
    assert "halaman daftar berita:" in page

    workbook = load_workbook(xlsx_path)
    found: list[tuple[str, str, str]] = []
    for sheet in workbook.worksheets:
        header = [cell.value for cell in sheet[1]]
        for row in sheet.iter_rows(min_row=1, values_only=True):
            for column, value in zip(header, row, strict=True):
                if column in MACHINE_COLUMNS or not isinstance(value, str):
                    continue
                found += [(sheet.title, str(column), word) for word in _english(value)]
    assert found == []


def test_seeds(folder: Path) -> Path:
    """A seeds folder for Kota Uji with three rows the registry skips, and Kab Lain clean."""
    seeds = folder / "seeds"
    seeds.mkdir(exist_ok=True)
    columns = "region,code,name,short_name,kind,website,instagram,facebook,youtube,x,tiktok,notes"
    (seeds / f"{REGION}.csv").write_text(
        columns + "\n"
        "Kota Uji,A,Dinas Kesehatan,A,dinas,https://a.uji.go.id/,,,,,,\n"
        "Kota Uji,Z1,Dinas Salah Jenis,Z1,dinass,https://z1.uji.go.id/,,,,,,\n"
        "Kota Uji,A,Dinas Kode Ganda,A2,dinas,https://z2.uji.go.id/,,,,,,\n"
        "Kota Uji,Z3,Dinas Alamat Rusak,Z3,dinas,htp:/rusak,,,,,,\n",
        encoding="utf-8",
    )
    (seeds / f"{OTHER}.csv").write_text(
        columns + "\nKab Lain,L1,Dinas Lain,L1,dinas,https://l1.uji.go.id/,,,,,,\n",
        encoding="utf-8",
    )
    return seeds


test_seeds.__test__ = False  # a helper, not a test


def test_registry_rows_skipped_are_listed_in_every_format(
    db_url: str, report_data: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = test_seeds(tmp_path)
    out = tmp_path / "keluar"
    argv = ["--url", db_url, "--region", f"{REGION},{OTHER}", "--format", "all"]
    assert _command([*argv, "--out", str(out), "--seeds", str(seeds)]) == 0
    where = [f"{seeds / (REGION + '.csv')}:{line}" for line in (3, 4, 5)]

    with (out / f"{REGION}-ringkasan.csv").open(encoding="utf-8", newline="") as handle:
        (summary,) = csv.DictReader(handle)
    assert summary["registry_rows_skipped"] == "3"
    text = summary["registry_skipped"]
    assert text.startswith("3 baris registri dilewati karena galat: ")
    assert all(place in text for place in where) and "'dinass' tidak dikenal" in text
    skipped = _csv(out / f"{REGION}-registri-dilewati.csv")
    assert [(row["file"], row["line"]) for row in skipped] == [
        (str(seeds / f"{REGION}.csv"), str(line)) for line in (3, 4, 5)
    ]
    assert "kode 'A' sudah dipakai" in skipped[1]["reason"]
    assert _csv(out / f"{OTHER}-registri-dilewati.csv") == []

    document = json.loads((out / f"{REGION}.json").read_text(encoding="utf-8"))
    assert [row["line"] for row in document["registry_skipped"]] == [3, 4, 5]
    assert document["summary"][0]["registry_skipped"] == text
    other = json.loads((out / f"{OTHER}.json").read_text(encoding="utf-8"))
    assert other["summary"][0]["registry_rows_skipped"] == 0
    assert other["summary"][0]["registry_skipped"].startswith("Tidak ada baris registri")

    workbook = load_workbook(out / "laporan-kota-uji_kab-lain.xlsx")
    rows = {row["Kode Wilayah"]: row for row in _sheet_rows(workbook["Ringkasan"])}
    assert rows[REGION]["Baris Registri Dilewati"] == 3
    assert rows[REGION]["Keterangan Registri"] == text
    sheet = _sheet_rows(workbook["Registri Dilewati"])
    places = [(row["Kode Wilayah"], row["Baris"]) for row in sheet]
    assert places == [(REGION, line) for line in (3, 4, 5)]

    page = (out / "laporan-kota-uji_kab-lain.html").read_text(encoding="utf-8")
    region = page[page.index(f'id="{REGION}"') : page.index(f'id="{OTHER}"')]
    assert "3 baris registri dilewati karena galat:" in region
    assert all(escape(place) in region for place in where)
    assert region.index("baris registri dilewati") < region.index("<table")

    # A registry that does not hold the region says so, rather than "nothing skipped".
    empty = tmp_path / "kosong"
    empty.mkdir()
    (empty / "kota-lain.csv").write_text((seeds / f"{OTHER}.csv").read_text(), encoding="utf-8")
    assert _command([*argv, "--out", str(out / "2"), "--seeds", str(empty)]) == 0
    with (out / "2" / f"{REGION}-ringkasan.csv").open(encoding="utf-8", newline="") as handle:
        (summary,) = csv.DictReader(handle)
    assert summary["registry_rows_skipped"] == ""
    assert summary["registry_skipped"].startswith("Registri wilayah ini tidak ditemukan di")
