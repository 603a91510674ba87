"""PPID extraction, pure: sections and items by the offices' spellings, document links,
file verdicts, portal lists, the registry's ``ppid_portal``, and what the real CMS
captures in ``tests/fixtures/real_cms`` really hold."""

from __future__ import annotations

import gzip
import json
from datetime import datetime
from pathlib import Path

import pytest

from opdcrawl.dates import JAKARTA
from opdcrawl.extract import documents, filecheck, portal, ppid
from opdcrawl.items import PpidCheck, PpidDocument, PpidItemFound
from opdcrawl.ppid_summary import summarise
from opdcrawl.registry import COLUMNS, load_text

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=JAKARTA)
REAL = Path(__file__).parent / "fixtures" / "real_cms"


# --- items and sections ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Daftar Informasi Publik", {"dip"}),
        ("DIP 2025", {"dip"}),
        ("Dipa Dinas", set()),  # not the DIP
        ("Profil PPID", {"profil_ppid"}),
        ("Struktur Organisasi PPID Pembantu", {"profil_ppid"}),
        ("SOP Pelayanan Informasi", {"sop"}),
        ("Maklumat Pelayanan", {"sop"}),
        ("Standar Layanan Informasi Publik", {"sop"}),
        ("Laporan Keuangan 2024", {"laporan_keuangan"}),
        ("Laporan Realisasi Anggaran", {"laporan_keuangan"}),
        ("LAKIP", {"lakip"}),
        ("LKjIP Tahun 2024", {"lakip"}),
        ("Laporan Kinerja Instansi Pemerintah", {"lakip"}),
        ("Renstra 2021-2026", {"renstra_renja"}),
        ("Rencana Kerja (Renja) 2025", {"renstra_renja"}),
        ("Rencana Kerja dan Anggaran 2025", {"rka_dpa"}),  # the RKA, not a Renja
        ("DPA SKPD 2025", {"rka_dpa"}),
        ("Dokumen Pelaksanaan Anggaran", {"rka_dpa"}),
        ("Formulir Permohonan Informasi", {"formulir_permohonan"}),
        ("Permintaan Informasi", {"formulir_permohonan"}),
        ("Formulir Pengajuan Keberatan", {"formulir_keberatan"}),
        ("LKjIP dan Laporan Keuangan", {"lakip", "laporan_keuangan"}),
        ("Berita Terbaru", set()),
    ],
)
def test_items_by_the_offices_spellings(text, expected):
    assert set(ppid.item_keys(text, in_context=True)) == expected


def test_context_items_need_a_ppid_context():
    assert ppid.item_keys("SOP Pelayanan KTP", in_context=False) == ()
    assert ppid.item_keys("Keberatan", in_context=False) == ()
    assert ppid.item_keys("Laporan Keuangan", in_context=False) == ("laporan_keuangan",)


def test_items_by_address():
    assert ppid.item_keys("Unduh", "https://x.go.id/uploads/LKjIP-2024.pdf", in_context=True) == (
        "lakip",
    )
    assert ppid.item_keys("Lihat", "https://x.go.id/dip/", in_context=True) == ("dip",)


def test_section_links_and_news_titles():
    html = """<html><body><nav><ul>
      <li><a href="/informasi-publik/">Informasi Publik</a><ul>
          <li><a href="/informasi-publik/lakip/">LAKIP</a></li>
          <li><a href="/sop-layanan/">SOP</a></li></ul></li>
      <li><a href="/profil/">Profil</a><ul><li><a href="/sop-ktp/">SOP KTP</a></li></ul></li>
    </ul></nav>
    <h2><a href="/2026/11/03/sosialisasi-ppid/">Sosialisasi Keterbukaan Informasi Publik
       dan PPID bagi Operator</a></h2>
    <a href="/berita/rapat-koordinasi-ppid-kota-serang-bersama-seluruh-opd-2026">Rapat
       Koordinasi PPID Kota Serang bersama seluruh OPD dan kecamatan tahun 2026</a>
    <a href="/serta-merta">Serta Merta</a></body></html>"""
    links = {link.url.removeprefix("https://d.go.id"): link for link in
             ppid.ppid_links(html, "https://d.go.id/")}  # fmt: skip
    assert set(links) == {"/informasi-publik/", "/informasi-publik/lakip/", "/sop-layanan/",
                          "/serta-merta"}  # fmt: skip
    assert links["/informasi-publik/lakip/"].items == ("lakip",)
    assert links["/sop-layanan/"].items == ("sop",)  # in the PPID submenu
    assert links["/informasi-publik/"].section and not links["/sop-layanan/"].section
    assert not ppid.is_ppid_page(html, "https://d.go.id/")


def test_items_on_a_ppid_page_with_evidence():
    html = """<html><head><title>PPID Dinas</title></head><body><h1>PPID</h1>
      <table><tr><th>Dokumen</th></tr><tr><td>Renstra 2021-2026</td></tr></table>
      <ul><li><a href="/keberatan">Keberatan</a></li></ul></body></html>"""
    found = ppid.items_in(html, "https://d.go.id/ppid/")
    assert [(e.key, e.text) for e in found] == [
        ("renstra_renja", "Renstra 2021-2026"),
        ("formulir_keberatan", "Keberatan"),
    ]
    assert ppid.is_ppid_page(html, "https://d.go.id/halaman/")


# --- documents --------------------------------------------------------------------------

WP_TABLE = """<figure class="wp-block-table"><table><thead><tr><th>No</th><th>Nama Dokumen</th>
<th>Tanggal</th><th>Ukuran</th><th>Unduh</th></tr></thead><tbody>
<tr><td>1</td><td>DIP Tahun 2026</td><td>12 Januari 2026</td><td>1,5 MB</td>
<td><a href="/wp-content/uploads/2026/01/DIP.pdf">Unduh</a></td></tr>
<tr><td>2</td><td>Renja 2026</td><td>03/02/2026</td><td>120 KB</td>
<td><a href="/download.php?id=12">Download</a></td></tr>
<tr><td>3</td><td>LK 2025</td><td>-</td><td>-</td>
<td><a href="https://docs.google.com/spreadsheets/d/abc/edit">Lihat</a></td></tr>
<tr><td>4</td><td>Maklumat</td><td>-</td><td>-</td>
<td><a href="/img/maklumat.jpg">Lihat</a></td></tr>
<tr><td>5</td><td>Profil</td><td>-</td><td>-</td>
<td><a href="https://ppid.kota.go.id/file/profil.pdf">Lihat</a></td></tr>
</tbody></table></figure><p><a href="/halaman/lain/">Halaman lain</a></p>"""


def test_document_links_from_a_wordpress_table():
    found = documents.document_links(
        WP_TABLE, "https://d.go.id/ppid/dip/", now=NOW, portal_hosts=frozenset({"ppid.kota.go.id"})
    )
    by_title = {link.title: link for link in found}
    assert list(by_title) == ["DIP Tahun 2026", "Renja 2026", "LK 2025", "Maklumat", "Profil"]
    dip = by_title["DIP Tahun 2026"]
    assert (dip.file_type, dip.host, dip.size_bytes) == ("PDF", "site", int(1.5 * 1024**2))
    assert dip.published_at == datetime(2026, 1, 12, tzinfo=JAKARTA)
    assert by_title["Renja 2026"].file_type == documents.UNKNOWN  # a download script
    assert by_title["Renja 2026"].published_at == datetime(2026, 2, 3, tzinfo=JAKARTA)
    assert (by_title["LK 2025"].file_type, by_title["LK 2025"].host) == ("XLS", "drive")
    assert by_title["Maklumat"].file_type == documents.IMAGE
    assert by_title["Profil"].host == "portal"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.go.id/a/b/LAKIP%202024.PDF", "PDF"),
        ("https://x.go.id/download.php?id=7", documents.UNKNOWN),
        ("https://x.go.id/download.php?file=renja.xlsx", "XLS"),
        ("https://x.go.id/unduh/dokumen/15", documents.UNKNOWN),
        ("https://drive.google.com/file/d/1abc/view", documents.UNKNOWN),
        ("https://docs.google.com/document/d/1abc/edit", "DOC"),
        ("https://x.go.id/berita/rapat", None),
        ("https://x.go.id/foto.png", documents.IMAGE),
    ],
)
def test_file_types_from_addresses(url, expected):
    assert documents.file_type_of(url) == expected


# --- file verdicts ----------------------------------------------------------------------

PDF_HEAD = {"content-type": "application/pdf", "content-length": "50000"}


def test_file_verdicts():
    judge = filecheck.judge
    assert judge(200, PDF_HEAD, None, "PDF").status == filecheck.OK
    assert judge(404, {}, None, "PDF").status == filecheck.BROKEN
    html = b"<!DOCTYPE html><html><head><title>Tidak ditemukan</title>"
    verdict = judge(200, {"content-type": "application/pdf"}, html, "PDF")
    assert verdict.status == filecheck.BROKEN and "Tidak ditemukan" in verdict.detail
    script = {"content-type": "application/octet-stream",
              "content-disposition": 'attachment; filename="RKA 2025.xlsx"'}  # fmt: skip
    assert judge(200, script, b"PK\x03\x04....xl/workbook", "?").file_type == "XLS"
    assert judge(200, {}, b"\x89PNG\r\n", "PDF").status == filecheck.IMAGE_ONLY
    assert judge(200, {"content-type": "text/html"}, b"<html>", "?").status == filecheck.NOT_A_FILE
    assert judge(200, PDF_HEAD, b"", "PDF").status == filecheck.BROKEN  # empty file
    dated = {**PDF_HEAD, "last-modified": "Wed, 04 Mar 2026 02:00:00 GMT"}
    assert judge(200, dated, None, "PDF").last_modified == datetime(2026, 3, 4, 9, tzinfo=JAKARTA)


def test_when_a_head_is_not_enough():
    assert not filecheck.needs_sniff(200, PDF_HEAD, "PDF")
    assert filecheck.needs_sniff(405, {}, "PDF")  # HEAD refused
    assert filecheck.needs_sniff(200, {"content-type": "text/html"}, "PDF")
    assert filecheck.needs_sniff(200, {"content-type": "application/pdf"}, "PDF")  # no length
    assert filecheck.needs_sniff(200, {"content-type": "application/octet-stream",
                                       "content-length": "90000"}, "?")  # fmt: skip
    assert not filecheck.needs_sniff(404, {}, "PDF")
    assert not filecheck.needs_sniff(200, {"content-type": "image/png"}, "IMG")


# --- counting ---------------------------------------------------------------------------


def test_summary_counts_each_document_once():
    check = PpidCheck("r", "A", NOW, ppid_url="https://d.go.id/ppid/")
    check.items = [PpidItemFound("dip", "DIP", "u"), PpidItemFound("dip", "DIP", "v")]
    check.documents = [
        PpidDocument("https://d/a.pdf", "A", "PDF", "site", "p", status="ok",
                     published_at=datetime(2026, 5, 1, tzinfo=JAKARTA)),
        PpidDocument("https://d/a.pdf", "A", "PDF", "site", "p2"),  # same file, another page
        PpidDocument("https://d/b.pdf", "B", "PDF", "site", "p", status="broken",
                     published_at=datetime(2026, 9, 1, tzinfo=JAKARTA)),
        PpidDocument("https://d/c.jpg", "C", "IMG", "site", "p", status="image"),
        PpidDocument("https://drive.google.com/file/d/x", "D", "?", "drive", "p"),
        PpidDocument("https://d/future.pdf", "F", "PDF", "site", "p", status="ok",
                     published_at=datetime(2027, 1, 1, tzinfo=JAKARTA)),
    ]  # fmt: skip
    summarise(check)
    assert (check.found, check.items_present, check.items_total) == (True, 1, 9)
    assert (check.documents_published, check.documents_broken, check.documents_image) == (3, 1, 1)
    assert (check.documents_drive, check.documents_unchecked) == (1, 1)
    # The broken one is newer, the future one is no date: neither is the newest.
    assert check.newest_document_at == datetime(2026, 5, 1, tzinfo=JAKARTA)


# --- the portal -------------------------------------------------------------------------


def test_portal_pages_by_name_and_next_page():
    html = """<html><body><ul>
      <li><a href="/opd/5">DINAS KESEHATAN KABUPATEN SOLOK SELATAN</a></li>
      <li><a href="/opd/6">Bappeda</a></li><li><a href="/opd/9">Dinas Sosial</a></li>
      <li><a href="https://lain.go.id/x">Dinas Sosial</a></li></ul>
      <div class="pagination"><a href="?page=1">1</a><a href="?page=3">3</a>
      <a href="?page=2">2</a></div></body></html>"""
    names = [portal.OpdName("A", "Dinas Kesehatan", "Dinkes"),
             portal.OpdName("B", "Badan Perencanaan Pembangunan Daerah", "Bappeda"),
             portal.OpdName("C", "Dinas Perhubungan", "Dishub")]  # fmt: skip
    pages = portal.opd_pages(html, names, "https://ppid.solselkab.go.id/opd")
    assert pages == {"A": "https://ppid.solselkab.go.id/opd/5",
                     "B": "https://ppid.solselkab.go.id/opd/6"}  # fmt: skip
    assert portal.next_page(html, "https://ppid.solselkab.go.id/opd?page=1") == (
        "https://ppid.solselkab.go.id/opd?page=2"
    )
    assert portal.next_page(html, "https://ppid.solselkab.go.id/opd?page=3") is None
    rel = '<html><head></head><body><a rel="next" href="/page/2/">»</a></body></html>'
    assert portal.next_page(rel, "https://p.go.id/") == "https://p.go.id/page/2/"


# --- the registry's region-level portal -----------------------------------------------


def _csv(rows: list[tuple[str, str]]) -> str:
    header = ",".join([*COLUMNS, "ppid_portal"])
    lines = [f"Kota Uji,{code},Dinas {code},{code},dinas,,,,,,,,{portal}" for code, portal in rows]
    return "\n".join([header, *lines]) + "\n"


def test_registry_carries_the_region_portal():
    registry = load_text(_csv([("A", ""), ("B", "ppid.uji.go.id"), ("C", "")]),
                         file_label="uji.csv", region_slug="uji")  # fmt: skip
    assert registry.ok, registry.problems
    assert {opd.ppid_portal for opd in registry.opds} == {"https://ppid.uji.go.id/"}


def test_registry_reports_a_second_portal_and_a_bad_one():
    registry = load_text(_csv([("A", "ppid.uji.go.id"), ("B", "ppid.lain.go.id"),
                               ("C", "bukan alamat")]),
                         file_label="uji.csv", region_slug="uji")  # fmt: skip
    assert [opd.code for opd in registry.opds] == ["A", "B", "C"]  # every row still loads
    assert {opd.ppid_portal for opd in registry.opds} == {"https://ppid.uji.go.id/"}
    messages = [str(problem) for problem in registry.problems]
    assert any("uji.csv:3:" in m and "ppid_portal" in m and "berbeda" in m for m in messages)
    assert any("uji.csv:4:" in m and "kolom ppid_portal" in m for m in messages)


def test_registry_without_the_column_is_unchanged():
    header = ",".join(COLUMNS)
    text = f"{header}\nKota Uji,A,Dinas A,A,dinas,,,,,,,,\n"
    registry = load_text(text, file_label="uji.csv", region_slug="uji")
    assert registry.ok and registry.opds[0].ppid_portal is None


# --- real CMS captures (tests/fixtures/real_cms) --------------------------------------


def _real_pages(site: str):
    manifest = json.loads((REAL / site / "manifest.json").read_text(encoding="utf-8"))
    origin = manifest["origin"].rstrip("/")
    for entry in manifest["pages"]:
        if "html" not in (entry.get("content_type") or ""):
            continue
        data = (REAL / site / entry["file"]).read_bytes()
        if entry.get("file_gzip"):
            data = gzip.decompress(data)
        yield origin + entry["path"], data.decode("utf-8", "replace")


def _real_links(site: str) -> set[tuple[str, str, tuple[str, ...], bool]]:
    found = set()
    for url, html in _real_pages(site):
        assert not ppid.is_ppid_page(html, url), url  # no captured page is a PPID page
        found |= {(link.url, link.text, link.items, link.section)
                  for link in ppid.ppid_links(html, url)}  # fmt: skip
    return found


@pytest.mark.parametrize("site", ["datagoe-bkpsdm-alor", "datagoe-dispar-alor"])
def test_real_datagoe_menu_informasi_berkala(site):
    """Datagoe's stock menu has an "Informasi Berkala" dropdown (no link of its own) with
    "Daftar Informasi Publik" (pointing at /page/rpjpd) and "Rencana Strategis"."""
    host = json.loads((REAL / site / "manifest.json").read_text())["origin"].rstrip("/")
    assert _real_links(site) == {
        (f"{host}/page/rpjpd", "Daftar Informasi Publik", ("dip",), True),
        (f"{host}/page/rencana-strategis", "Rencana Strategis", ("renstra_renja",), False),
    }


@pytest.mark.parametrize(
    "site", ["sekolahku-dinkes-solsel", "sekolahku-dlh-solsel", "sekolahku-satpolpp-solsel"]
)
def test_real_sekolahku_links_the_regions_portal(site):
    """The Solok Selatan OPD build of CMS Sekolahku links "PPID" to the region's portal."""
    assert _real_links(site) == {("https://ppid.solselkab.go.id/", "PPID", (), True)}


@pytest.mark.parametrize(
    "site",
    ["lokomedia-disdik-kepahiang", "lokomedia-dishub-kepahiang", "opensid-desa-karangmulya",
     "opensid-desa-sindangsari", "opensid-desa-tegalwaru", "wordpress-bappeda",
     "wordpress-bpbd", "wordpress-dinkes", "wordpress-diskominfo", "wordpress-disperkim",
     "wordpress-dpmptsp"],
)  # fmt: skip
def test_real_sites_without_ppid(site):
    assert _real_links(site) == set()


def test_real_datagoe_download_widget():
    """Datagoe's homepage "Download" widget: a spreadsheet, a picture and the sample
    download routes; the picture is told apart from the documents."""
    url, html = next(_real_pages("datagoe-dispar-alor"))
    found = {link.url.rsplit("/", 1)[-1]: link.file_type
             for link in documents.document_links(html, url, now=NOW)}  # fmt: skip
    assert found == {"1689768228_d346a58433ac8b0c0d4a.xlsx": "XLS",
                     "1629372547_de2ea6f345b7e33bb086.png": documents.IMAGE}  # fmt: skip
