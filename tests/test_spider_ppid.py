"""The ``ppid`` spider end to end: a real ``scrapy crawl ppid`` against loopback OPD sites
and a central PPID portal (``tests/ppid_sites.py``), into SQLite, read back through the
views. What each OPD publishes is known exactly, so every count is checked."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from opdcrawl.crawl import run_crawl
from opdcrawl.db.engine import make_engine
from opdcrawl.registry import COLUMNS
from tests import ppid_sites
from tests.test_spider_websites import FAST

ITEMS = ("dip", "profil_ppid", "sop", "laporan_keuangan", "lakip", "renstra_renja", "rka_dpa",
         "formulir_permohonan", "formulir_keberatan")  # fmt: skip


def _seeds(folder, urls: dict[str, str]):
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        # The region's portal is written on the first row only: a region-level value.
        ("P-01", "Dinas Kesehatan", "Dinkes", "dinas", urls["dinkes"], urls["portal"]),
        ("P-02", "Dinas Pendidikan", "Disdik", "dinas", urls["disdik"], ""),
        ("P-03", "Badan Perencanaan Pembangunan Daerah", "Bappeda", "badan", "-", ""),
        ("P-04", "Dinas Komunikasi dan Informatika", "Diskominfo", "dinas",
         urls["diskominfo"], ""),
        # Nothing listens there: refused, but the portal still credits it.
        ("P-05", "Dinas Sosial", "Dinsos", "dinas", "http://127.0.0.74:9/", ""),
        ("P-06", "Dinas Perhubungan", "Dishub", "dinas", "", ""),
    ]  # fmt: skip
    with (folder / "uji-ppid.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*COLUMNS, "ppid_portal"])
        for code, name, short, kind, website, portal in rows:
            writer.writerow(["Kota Uji", code, name, short, kind, website, *[""] * 5, "",
                             portal])  # fmt: skip
    return folder


@pytest.fixture(scope="module")
def ppid_crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ppid")
    sites = ppid_sites.serve()
    try:
        folder = _seeds(tmp / "seeds", sites.urls)
        database_url = f"sqlite:///{tmp / 'crawl.db'}"
        result = run_crawl(
            "ppid",
            database_url=database_url,
            region="uji-ppid",
            seeds=folder,
            settings={**FAST, "OPDCRAWL_CRAWL_TIME": ppid_sites.CRAWL_TIME},
            log_file=tmp / "crawl.log",
            timeout=180,
        )
    finally:
        sites.close()
    log = (tmp / "crawl.log").read_text()
    assert result.returncode == 0, log[-3000:]
    engine = make_engine(database_url)
    with engine.connect() as connection:
        latest = {
            row["opd_code"]: dict(row)
            for row in connection.execute(text("SELECT * FROM v_ppid_latest")).mappings()
        }
        region = dict(connection.execute(text("SELECT * FROM v_ppid_region")).mappings().one())
        documents = [
            dict(row)
            for row in connection.execute(
                text("SELECT o.code, d.* FROM ppid_document d JOIN opd o ON o.id = d.opd_id")
            ).mappings()
        ]
        checks = {
            row["code"]: {
                **row,
                **{key: json.loads(row[key]) for key in ("pages_read", "links_elsewhere")},
            }
            for row in connection.execute(
                text("SELECT o.code, c.* FROM ppid_check c JOIN opd o ON o.id = c.opd_id")
            ).mappings()
        }
        runs = connection.execute(text("SELECT spider, status FROM crawl_run")).all()
    engine.dispose()
    yield {"latest": latest, "region": region, "documents": documents, "checks": checks,
           "runs": runs, "log": log, "requests": sites.requests, "engine_url": database_url,
           "tmp": tmp}  # fmt: skip


def _items(row: dict) -> set[str]:
    return {key for key in ITEMS if row[f"item_{key}"]}


def _docs(crawl, code: str) -> dict[str, dict]:
    return {doc["url"].rsplit("/", 1)[-1]: doc for doc in crawl["documents"] if doc["code"] == code}


def _aware(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def test_the_run_is_recorded_and_every_opd_with_a_site_or_portal_is_checked(ppid_crawl):
    assert ppid_crawl["runs"] == [("ppid", "finished")]
    # P-06 has neither a website nor a page on the portal... but its region has a portal,
    # so it is checked, and found absent.
    assert set(ppid_crawl["checks"]) == {"P-01", "P-02", "P-03", "P-04", "P-05", "P-06"}
    assert "Traceback" not in ppid_crawl["log"]


def test_wordpress_table_of_documents(ppid_crawl):
    row = ppid_crawl["latest"]["P-01"]
    assert row["found"] and row["ppid_url"].endswith("/ppid/")
    assert row["reachable"]
    assert _items(row) == set(ITEMS) - {"rka_dpa"}
    assert (row["items_present"], row["items_total"]) == (8, 9)
    # DIP, LKjIP, Renstra (DOCX), the download script's PDF, the Drive file.
    assert row["documents_published"] == 5
    # 404, the error page under a .pdf name (HEAD said PDF), the one whose HEAD said HTML.
    assert row["documents_broken"] == 3
    assert row["documents_image"] == 2  # the JPG "form", the script handing out a PNG
    assert (row["documents_drive"], row["documents_unchecked"]) == (1, 1)
    # LKjIP has no date in its row: its Last-Modified (4 March 2026, 09:00 WIB) is the
    # newest; the download script's Last-Modified is the time of the request: ignored.
    assert _aware(row["newest_document_at"]) == datetime(2026, 3, 4, 2, 0, tzinfo=UTC)
    assert row["newest_document_url"].endswith("LKjIP-2025.pdf")
    docs = _docs(ppid_crawl, "P-01")
    assert docs["DIP-2026.pdf"]["status"] == "ok"
    assert docs["DIP-2026.pdf"]["title"] == "Daftar Informasi Publik Tahun 2026"  # the row's
    assert docs["DIP-2026.pdf"]["date_source"] == "page"
    assert docs["LKjIP-2025.pdf"]["date_source"] == "last-modified"
    assert docs["LKjIP-2025.pdf"]["size_bytes"] == 9000
    assert docs["Renstra-2021-2026.docx"]["file_type"] == "DOC"
    script = docs["download.php?id=3"]
    assert (script["status"], script["file_type"], script["published_at"]) == ("ok", "PDF", None)
    assert docs["SOP-PPID.pdf"]["status"] == "broken"
    assert "HTML" in docs["SOP-PPID.pdf"]["status_detail"]
    assert docs["Maklumat.pdf"]["status"] == "broken"
    assert docs["laporan-layanan-2023.pdf"]["status_detail"] == "HTTP 404"
    assert docs["formulir-permohonan.jpg"]["status"] == "image"
    assert docs["download.php?id=9"]["status"] == "image"
    drive = docs["view?usp=sharing"]
    assert (drive["host"], drive["status"]) == ("drive", "unchecked")


def test_documents_were_checked_cheaply(ppid_crawl):
    """HEAD first; a ranged GET only where the HEAD left it open; Drive never fetched."""
    dinkes = ppid_crawl["requests"]["dinkes"]
    gets = [path for method, path in dinkes if method == "GET"]
    heads = [path for method, path in dinkes if method == "HEAD"]
    assert "/wp-content/uploads/2026/01/DIP-2026.pdf" in heads
    assert "/wp-content/uploads/2026/01/DIP-2026.pdf" not in gets  # its HEAD was enough
    assert {"/download.php?id=3", "/wp-content/uploads/2026/02/SOP-PPID.pdf",
            "/wp-content/uploads/2026/02/Maklumat.pdf"} <= set(gets)  # fmt: skip
    # Homepage, five PPID pages, nine HEADs, three first-bytes GETs.
    assert ppid_crawl["checks"]["P-01"]["requests"] == 18


def test_a_site_with_no_ppid(ppid_crawl):
    row = ppid_crawl["latest"]["P-02"]
    assert row["reachable"] and not row["found"]
    assert row["items_present"] == 0 and not _items(row)
    # The news post about the PPID and the PDF in the news are not a PPID section.
    assert row["documents_published"] == 0 and row["ppid_url"] is None
    assert ppid_crawl["checks"]["P-02"]["requests"] == 1


def test_portal_pages_are_credited_to_their_opd(ppid_crawl):
    row = ppid_crawl["latest"]["P-03"]  # no website: publishes only on the portal
    assert row["found"] and row["portal_page_url"].endswith("/opd/bappeda")
    assert row["reachable"] is None and row["website_url"] is None
    assert _items(row) == {"dip", "renstra_renja", "profil_ppid", "lakip", "laporan_keuangan"}
    # Page 1: three; page 2 (pagination): one more and a dead link.
    assert (row["documents_published"], row["documents_broken"]) == (4, 1)
    assert row["documents_portal"] == 4
    assert _aware(row["newest_document_at"]) == datetime(2025, 6, 19, 17, 0, tzinfo=UTC)
    assert "/opd/bappeda?page=2" in ppid_crawl["checks"]["P-03"]["pages_read"][-1]


def test_a_site_whose_ppid_menu_leads_to_the_portal(ppid_crawl):
    row = ppid_crawl["latest"]["P-04"]  # matched on the portal by its short name
    check = ppid_crawl["checks"]["P-04"]
    assert row["found"] and row["ppid_url"] is None
    assert row["portal_page_url"].endswith("/opd/diskominfo")
    assert check["links_elsewhere"] and "/opd/diskominfo" in check["links_elsewhere"][0]
    assert (row["documents_published"], _items(row)) == (1, {"dip"})


def test_unreachable_site_still_credited_by_the_portal(ppid_crawl):
    row = ppid_crawl["latest"]["P-05"]
    assert row["reachable"] == 0 and row["reachable"] is not None  # SQLite: 0, not False
    assert row["error_class"] == "connection_refused"
    assert row["found"]  # "Dinas Sosial Kota Uji" on the portal is its "Dinas Sosial"
    assert (row["documents_published"], row["documents_drive"]) == (1, 1)  # a Drive folder
    assert row["documents_image"] == 1  # the "Maklumat" as a PNG
    assert _items(row) == {"sop"}


def test_region_compliance(ppid_crawl):
    region = ppid_crawl["region"]
    assert (region["total_opd"], region["checked"], region["with_ppid"]) == (6, 6, 4)
    assert region["item_dip"] == 3  # P-01, P-03, P-04
    assert region["item_rka_dpa"] == 0
    assert region["documents_published"] == 5 + 4 + 1 + 1
    assert region["documents_broken"] == 3 + 1


def test_reports_show_ppid_per_opd_and_the_compliance_table(ppid_crawl):
    import subprocess
    import sys

    out = ppid_crawl["tmp"] / "laporan"
    done = subprocess.run(
        [sys.executable, "-m", "opdcrawl.cli", "report", "--url", ppid_crawl["engine_url"],
         "--region", "uji-ppid", "--format", "csv,html", "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with (out / "uji-ppid-ppid.csv").open(encoding="utf-8-sig") as handle:
        compliance = {row["opd_code"]: row for row in csv.DictReader(handle)}
    assert compliance["P-01"]["ppid"] == "ada"
    assert compliance["P-01"]["ppid_where"] == "website OPD"
    assert compliance["P-01"]["ppid_items"] == "8/9"
    assert compliance["P-01"]["item_dip"] == "ada"
    assert compliance["P-01"]["item_rka_dpa"] == "tidak ada"
    assert (compliance["P-01"]["documents_published"], compliance["P-01"]["documents_broken"]) == (
        "5",
        "3",
    )
    assert (
        compliance["P-02"]["ppid"] == "tidak ada" and compliance["P-02"]["item_dip"] == "tidak ada"
    )
    assert compliance["P-03"]["ppid_where"] == "portal PPID pemda"
    with (out / "uji-ppid-opd.csv").open(encoding="utf-8-sig") as handle:
        per_opd = {row["opd_code"]: row for row in csv.DictReader(handle)}
    assert (per_opd["P-01"]["ppid"], per_opd["P-01"]["ppid_items"]) == ("ada", "8/9")
    assert per_opd["P-01"]["ppid_documents"] == "5"
    assert per_opd["P-01"]["ppid_newest_document"].startswith("2026-03-04")
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    assert "Kepatuhan PPID" in html and "Daftar Informasi Publik (DIP)" in html
