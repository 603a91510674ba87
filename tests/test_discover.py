"""``opdcrawl discover`` end to end: a real ``scrapy crawl discover`` against loopback
stand-ins of a pemda's portal, PPID portal, OPD subdomains and decoys
(``tests.discover_sites``), names answered by ``tests.netstub.StubResolver`` with the
address guard on; then the proposals file, the accept step into CSV and XLSX
registries, and the report's inventory table.
"""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment

from opdcrawl.cli import main
from opdcrawl.db.discovery_store import ProposalRow, load_proposals
from opdcrawl.db.engine import make_engine, session_factory
from opdcrawl.discovery.proposals import FILE_COLUMNS, rank
from opdcrawl.registry import COLUMNS, load_file
from tests.discover_sites import (
    CT_LIST,
    DOMAIN,
    NO_SITE,
    PRIVATE_HOST,
    REGION,
    TRUE_SITES,
    VirtualHosts,
    dns_settings,
    write_region,
)


@dataclass
class Discovery:
    folder: Path
    seeds: Path
    database_url: str
    proposals_file: Path
    hits: list[tuple[str, str]]
    printed: str
    exit_code: int

    def rows(self) -> list[ProposalRow]:
        engine = make_engine(self.database_url)
        try:
            with session_factory(engine)() as session:
                return rank(load_proposals(session, REGION))
        finally:
            engine.dispose()

    def best(self, code: str, channel: str) -> ProposalRow | None:
        ranked = [r for r in self.rows() if r.opd_code == code and r.channel == channel]
        return next((row for row in ranked if row.rank == 1), None)


@pytest.fixture(scope="module")
def discovery(tmp_path_factory: pytest.TempPathFactory) -> Discovery:
    folder = tmp_path_factory.mktemp("discover")
    seeds = write_region(folder / "seeds")
    ct_file = folder / "ct.txt"
    ct_file.write_text(CT_LIST, encoding="utf-8")
    database_url = f"sqlite:///{folder / 'opdcrawl.db'}"
    out = folder / "usulan.csv"
    with VirtualHosts() as sites:
        settings = [f"{name}={value}" for name, value in dns_settings(sites.address).items()]
        settings.append(f"LOG_FILE={folder / 'crawl.log'}")
        argv = ["discover", "--region", REGION, "--seeds", str(seeds), "--ct-file", str(ct_file),
                "--out", str(out), "--url", database_url]  # fmt: skip
        for setting in settings:
            argv += ["--setting", setting]
        buffer = io.StringIO()
        from contextlib import redirect_stdout

        with redirect_stdout(buffer):
            code = main(argv)
        hits = list(sites.hits)
    log = (folder / "crawl.log").read_text(encoding="utf-8")
    assert code == 0, log[-4000:]
    return Discovery(folder, seeds, database_url, out, hits, buffer.getvalue(), code)


def test_the_true_site_comes_first_for_every_opd_that_has_one(discovery: Discovery) -> None:
    for code, url in TRUE_SITES.items():
        best = discovery.best(code, "website")
        assert best is not None, code
        assert best.value == url, (code, [(r.value, r.score) for r in discovery.rows()
                                          if r.opd_code == code])  # fmt: skip
    # The look-alike host serving Bappeda's page ranks behind Bappeda's own.
    bappeda = [r for r in discovery.rows() if r.opd_code == "UJI-02" and r.channel == "website"]
    assert [r.value for r in bappeda] == [f"http://bappeda.{DOMAIN}/", f"http://bappenda.{DOMAIN}/"]
    assert bappeda[0].score > bappeda[1].score


def test_decoys_are_not_proposed(discovery: Discovery) -> None:
    websites = [row for row in discovery.rows() if row.channel == "website"]
    proposed_for = {row.opd_code for row in websites}
    # Bapenda (its look-alike is Bappeda's site), Dishub (redirects to the portal), Dinsos
    # (parked), the Inspektorat (nothing) and DPMPTSP (a private address) get nothing.
    assert not proposed_for & set(NO_SITE), proposed_for & set(NO_SITE)
    values = {row.value for row in websites}
    assert "http://dinkes.kabuji.go.id/" not in values  # another pemda, same OPD name
    assert f"http://dishub.{DOMAIN}/" not in values
    assert f"http://{DOMAIN}/" not in values
    assert f"http://dinsos.{DOMAIN}/" not in values
    # Every decoy was really probed (the test would pass vacuously otherwise).
    hit = {host for host, _ in discovery.hits}
    assert {"dinkes.kabuji.go.id", f"dishub.{DOMAIN}", f"dinsos.{DOMAIN}",
            f"bappenda.{DOMAIN}"} <= hit  # fmt: skip


def test_a_name_resolving_inside_the_network_is_never_contacted(discovery: Discovery) -> None:
    assert PRIVATE_HOST not in {host for host, _ in discovery.hits}
    log = (discovery.folder / "crawl.log").read_text(encoding="utf-8")
    assert "'opdcrawl/discover/dns/forbidden_address': 1" in log
    assert "'opdcrawl/discover/dns/dns_not_found'" in log  # guesses that do not exist


def test_each_proposal_says_where_it_was_found(discovery: Discovery) -> None:
    by_code = {row.opd_code: row for row in discovery.rows() if row.channel == "website"
               and row.rank == 1}  # fmt: skip
    assert "ppid" in by_code["UJI-09"].sources
    assert f"http://ppid.{DOMAIN}/" in by_code["UJI-09"].found_on
    assert "ct" in by_code["UJI-10"].sources
    assert by_code["UJI-10"].found_on.endswith("ct.txt:2")
    assert "sitemap" in by_code["UJI-12"].sources
    assert "catatan" in by_code["UJI-07"].sources and "tebakan" in by_code["UJI-07"].sources
    assert {"tebakan", "portal"} <= set(by_code["UJI-01"].sources)
    assert "blhd" in by_code["UJI-06"].evidence and "lingkungan hidup" in by_code["UJI-06"].evidence
    assert by_code["UJI-01"].title == "Dinas Kesehatan Kota Uji"
    assert by_code["UJI-01"].http_status == 200
    assert (by_code["UJI-01"].address or "").startswith("127.")  # the stub's loopback answer


def test_social_links_on_the_opd_site_become_proposals_personal_ones_do_not(
    discovery: Discovery,
) -> None:
    rows = discovery.rows()
    values = {(row.opd_code, row.channel): row for row in rows if row.rank == 1}
    instagram = values[("UJI-01", "instagram")]
    assert instagram.value == "https://instagram.com/dinkeskotauji"
    assert instagram.found_on == f"http://dinkes.{DOMAIN}/"
    assert "footer" in instagram.evidence
    assert values[("UJI-01", "facebook")].value == "https://facebook.com/dinkes.kotauji"
    tiktok = values[("UJI-01", "tiktok")]  # from the contact page
    assert (tiktok.value, tiktok.found_on) == (
        "https://tiktok.com/@dinkeskotauji",
        f"http://dinkes.{DOMAIN}/kontak",
    )
    assert values[("UJI-08", "instagram")].value == "https://instagram.com/diskominfokotauji"
    assert values[("UJI-08", "youtube")].value == "https://youtube.com/@kominfokotauji"
    all_values = {row.value for row in rows}
    for personal in ("budi.hartono", "andi.saputra", "pemkotuji"):
        assert f"https://instagram.com/{personal}" not in all_values, personal
    assert not [row for row in rows if row.channel == "facebook" and row.opd_code == "UJI-08"]


def test_the_proposals_file_lists_every_proposal_ranked(discovery: Discovery) -> None:
    with discovery.proposals_file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == FILE_COLUMNS
    assert len(rows) == len(discovery.rows())
    first = next(r for r in rows if r["code"] == "UJI-01" and r["channel"] == "website")
    assert first["rank"] == "1" and first["value"] == f"http://dinkes.{DOMAIN}/"
    assert "tautan di portal pemda" in first["sources"]
    assert f"usulan ditulis ke {discovery.proposals_file}" in discovery.printed
    assert "opdcrawl discover --accept" in discovery.printed


def _mark(source: Path, target: Path, wanted: set[tuple[str, str, str]]) -> None:
    """Copy the proposals file, marking ``accept`` on rows (code, channel, value)."""
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if (row["code"], row["channel"], row["value"]) in wanted:
            row["accept"] = "ya"
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FILE_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


ACCEPTED = {
    ("UJI-01", "website", f"http://dinkes.{DOMAIN}/"),
    ("UJI-01", "instagram", "https://instagram.com/dinkeskotauji"),
    ("UJI-06", "website", f"http://blhd.{DOMAIN}/"),
    # Two proposals for one cell: the first taken, the second reported as skipped.
    ("UJI-02", "website", f"http://bappeda.{DOMAIN}/"),
    ("UJI-02", "website", f"http://bappenda.{DOMAIN}/"),
}


def test_accept_merges_chosen_proposals_into_a_csv_registry(
    discovery: Discovery, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(discovery.seeds, seeds)
    registry = seeds / f"{REGION}.csv"
    before = registry.read_text(encoding="utf-8").splitlines(keepends=True)
    marked = tmp_path / "usulan-ditandai.csv"
    _mark(discovery.proposals_file, marked, ACCEPTED)

    code = main(["discover", "--accept", str(marked), "--seeds", str(seeds),
                 "--url", discovery.database_url])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0, printed
    after = registry.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(after) == len(before)
    changed = {index for index, (old, new) in enumerate(zip(before, after, strict=True))
               if old != new}  # fmt: skip
    assert changed == {1, 2, 6}, changed  # UJI-01, UJI-02, UJI-06: nothing else touched
    loaded = load_file(registry)
    assert loaded.ok, loaded.problems
    opds = {opd.code: opd for opd in loaded.opds}
    assert opds["UJI-01"].website.url == f"http://dinkes.{DOMAIN}/"
    assert opds["UJI-01"].channels["instagram"].url == "https://instagram.com/dinkeskotauji"
    assert opds["UJI-01"].notes.startswith("Catatan lama, tetap. Sumber website: opdcrawl")
    assert "Sumber instagram" in opds["UJI-01"].notes
    assert opds["UJI-02"].website.url == f"http://bappeda.{DOMAIN}/"
    assert opds["UJI-02"].channels["x"].raw == "-"  # the office's "none" stays
    assert opds["UJI-06"].website.url == f"http://blhd.{DOMAIN}/"
    assert "3 sel diisi" not in printed and "4 sel diisi" in printed
    assert f"UJI-01 website: (kosong) -> http://dinkes.{DOMAIN}/" in printed
    assert "dilewati: usulan" in printed and "sudah diisi usulan" in printed
    statuses = {(r.opd_code, r.channel, r.value): r.status for r in discovery.rows()}
    assert statuses[("UJI-01", "website", f"http://dinkes.{DOMAIN}/")] == "accepted"
    assert statuses[("UJI-02", "website", f"http://bappenda.{DOMAIN}/")] == "proposed"

    # Accepting again changes nothing: the cells are filled now.
    ids = [r.id for r in discovery.rows() if (r.opd_code, r.channel, r.value) in ACCEPTED]
    code = main(["discover", "--accept", ",".join(map(str, ids)), "--seeds", str(seeds),
                 "--url", discovery.database_url])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0
    assert "tidak ada yang diubah" in printed and "sudah berisi" in printed
    assert registry.read_text(encoding="utf-8").splitlines(keepends=True) == after


def test_accept_into_an_excel_registry_keeps_its_other_sheets_and_comments(
    discovery: Discovery, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    rows = list(csv.reader(io.StringIO((discovery.seeds / f"{REGION}.csv").read_text())))
    workbook = Workbook()
    guide = workbook.active
    guide.title = "Petunjuk"
    guide["A1"] = "Isi satu baris per OPD."
    sheet = workbook.create_sheet("OPD")
    for row in rows:
        sheet.append(row)
    sheet["C3"].comment = Comment("nama dicek 2025", "operator")
    workbook.save(seeds / f"{REGION}.xlsx")
    assert tuple(rows[0]) == COLUMNS
    ids = [r.id for r in discovery.rows() if r.opd_code == "UJI-09" and r.rank == 1]

    code = main(["discover", "--accept", ",".join(map(str, ids)), "--seeds", str(seeds),
                 "--url", discovery.database_url])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0, printed
    merged = load_workbook(seeds / f"{REGION}.xlsx")
    assert merged.sheetnames == ["Petunjuk", "OPD"]
    assert merged["Petunjuk"]["A1"].value == "Isi satu baris per OPD."
    assert merged["OPD"]["C3"].comment.text == "nama dicek 2025"
    assert merged["OPD"]["F10"].value == f"http://sekolah.{DOMAIN}/"  # UJI-09's row
    assert "Sumber website" in merged["OPD"]["L10"].value
    loaded = load_file(seeds / f"{REGION}.xlsx")
    assert loaded.ok, loaded.problems


def test_accept_refuses_what_it_cannot_read(
    discovery: Discovery, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["discover", "--accept", "3,x", "--url", discovery.database_url]) == 2
    assert "'x' bukan nomor usulan" in capsys.readouterr().err
    assert main(["discover", "--accept", "999999", "--url", discovery.database_url]) == 2
    assert "tidak ada di basis data: 999999" in capsys.readouterr().err
    bad = tmp_path / "bukan-usulan.csv"
    bad.write_text("kode,terima\nA,ya\n", encoding="utf-8")
    assert main(["discover", "--accept", str(bad), "--url", discovery.database_url]) == 2
    assert "kolom 'id' dan 'accept'" in capsys.readouterr().err
    first = discovery.rows()[0].id
    empty = tmp_path / "kosong"
    empty.mkdir()
    assert main(["discover", "--accept", str(first), "--seeds", str(empty),
                 "--url", discovery.database_url]) == 1  # fmt: skip
    assert "Berkas registri wilayah kota-uji tidak ditemukan" in capsys.readouterr().err


def test_the_report_counts_registered_proposed_and_unknown(discovery: Discovery) -> None:
    from opdcrawl.report.data import load_region_reports
    from opdcrawl.report.tables import INVENTORY, table_rows

    engine = make_engine(discovery.database_url)
    try:
        with session_factory(engine)() as session:
            report = load_region_reports(session, [REGION])[0]
    finally:
        engine.dispose()
    rows = {row["channel_kind"]: row for row in table_rows(INVENTORY, report)}
    website = rows["website"]
    # The same before and after the accept tests: an accepted proposal counts as proposed
    # until the registry (synced by the next crawl) holds the address.
    assert website["opd_total"] == 13
    assert website["inventory_registered"] == 1
    assert website["inventory_none"] == 0
    assert website["inventory_proposed"] == len(TRUE_SITES)
    assert website["inventory_unknown"] == 13 - 1 - len(TRUE_SITES)
    assert rows["x"]["inventory_none"] == 1  # UJI-02's "-"
    assert rows["instagram"]["inventory_proposed"] == 2
    assert website["inventory_known_pct"] == round(100 / 13, 1)


def test_a_discovery_without_a_region_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["discover"]) == 2
    assert "--region" in capsys.readouterr().err
    assert main(["discover", "--region", REGION, "--ct-file", "/tidak/ada.txt"]) == 2
    assert "Daftar host CT tidak ditemukan: /tidak/ada.txt" in capsys.readouterr().err


def test_the_spider_refuses_a_run_without_a_region(tmp_path: Path) -> None:
    from opdcrawl.crawl import run_crawl
    from opdcrawl.run_end import ExitCode

    seeds = write_region(tmp_path / "seeds")
    result = run_crawl("discover", database_url=f"sqlite:///{tmp_path / 'd.db'}", seeds=seeds,
                       log_file=tmp_path / "crawl.log", timeout=120)  # fmt: skip
    assert result.returncode == ExitCode.ARGUMEN_SALAH
    assert "spider discover butuh wilayah" in (tmp_path / "crawl.log").read_text()
