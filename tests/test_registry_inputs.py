"""Registries as offices really keep them: Excel workbooks, semicolon and tab CSVs, a
template to start from, and a bad social cell that must not drop its OPD.

Workbooks are written with openpyxl into real files and read back through the same
loader a crawl uses.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from opdcrawl.commands import seeds as seeds_command
from opdcrawl.registry import (
    COLUMNS,
    ERROR,
    WARNING,
    ChannelState,
    load,
    load_dir,
    load_file,
    load_text,
)
from opdcrawl.registry_xlsx import INSTRUCTIONS_SHEET, REGISTRY_SHEET


def cells(code: str = "UJI-01", **values: str | int | None) -> list[str | int | None]:
    row: dict[str, str | int | None] = {
        "region": "Kota Uji",
        "code": code,
        "name": "Dinas Kesehatan",
        "short_name": "Dinkes",
        "kind": "dinas",
    }
    row.update(values)
    return [row.get(column) for column in COLUMNS]


def workbook(path: Path, rows: list[list], *, sheet: str = "Sheet1", above: list | None = None,
             extra_sheets: dict[str, list[list]] | None = None) -> Path:  # fmt: skip
    book = Workbook()
    registry = book.active
    registry.title = sheet
    for row in above or []:
        registry.append(row)
    registry.append(list(COLUMNS))
    for row in rows:
        registry.append(row)
    for name, sheet_rows in (extra_sheets or {}).items():
        other = book.create_sheet(name)
        for row in sheet_rows:
            other.append(row)
    book.save(path)
    return path


def run_seeds(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    seeds_command.add_arguments(parser)
    return seeds_command.run(parser.parse_args(argv))


# --- Excel registries -----------------------------------------------------------------------


def test_xlsx_registry_loads_like_csv_and_names_sheet_row_and_cell(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "kota-uji.xlsx",
        [
            cells(website="dinkes.uji.go.id", instagram="@dinkes.uji", youtube="-"),
            cells("UJI-02", kind="dinass"),
            cells("UJI-03", name="Dinas Sosial", instagram="Dinas Sosial Kota Uji"),
            [],  # an empty spreadsheet row
            cells(104, name="Badan Keuangan", kind="Badan", website="https://bkd.uji.go.id"),
            cells("UJI-05", name="Dinas Pertanian", website="ftp://distan.uji.go.id"),
        ],
    )
    registry = load_file(path)
    label = f"{path} (lembar Sheet1)"
    assert registry.sources == [label]
    assert [opd.code for opd in registry.opds] == ["UJI-01", "UJI-03", "104"]
    first = registry.opds[0]
    assert first.region_slug == "kota-uji" and first.source == f"{label}:2"
    assert first.website.url == "https://dinkes.uji.go.id/"
    assert first.channels["instagram"].url == "https://instagram.com/dinkes.uji"
    assert first.channels["youtube"].state is ChannelState.NONE
    assert first.channels["facebook"].state is ChannelState.UNKNOWN
    assert registry.opds[2].kind == "badan"
    shown = [str(problem) for problem in registry.problems]
    assert shown == [
        f"{label}:3: jenis OPD 'dinass' (sel E3) tidak dikenal (maksudnya 'dinas'?); "
        "pilihan: dinas, badan, sekretariat, kecamatan, kelurahan, desa, rsud, bumd, lainnya",
        f"{label}:4: peringatan: kolom instagram (sel G4): 'Dinas Sosial Kota Uji' bukan "
        "handle Instagram yang sah; tulis @nama_akun atau URL lengkap; sel ini diabaikan, "
        "OPD tetap diperiksa",
        f"{label}:7: kolom website (sel F7): 'ftp://distan.uji.go.id' bukan alamat http:// "
        "atau https://; baris dilewati",
    ]


def test_xlsx_title_rows_above_the_header_are_skipped_with_a_note(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "kota-uji.xlsx",
        [cells()],
        above=[["DAFTAR OPD KOTA UJI"], ["per Januari 2026"], []],
    )
    registry = load_file(path)
    assert registry.ok and [opd.source.rsplit(":")[-1] for opd in registry.opds] == ["5"]
    assert [(p.line, p.severity, p.message) for p in registry.problems] == [
        (4, WARNING, "baris 1–2 di atas baris judul (baris 4) diabaikan")
    ]


def test_xlsx_sheet_choice_opd_sheet_then_only_sheet_then_header(tmp_path: Path) -> None:
    # The template's layout: the registry in "OPD", instructions beside it.
    named = workbook(
        tmp_path / "kota-satu.xlsx",
        [cells()],
        sheet="Catatan",
        extra_sheets={REGISTRY_SHEET: [list(COLUMNS), cells("SATU-01")]},
    )
    assert [opd.code for opd in load_file(named).opds] == ["SATU-01"]
    # One sheet besides the instructions: that one, whatever its name.
    only = workbook(
        tmp_path / "kota-dua.xlsx",
        [cells("DUA-01")],
        sheet="Daftar",
        extra_sheets={INSTRUCTIONS_SHEET: [["baca saya"]]},
    )
    assert [opd.code for opd in load_file(only).opds] == ["DUA-01"]
    # Several sheets: the one whose header is the registry's.
    found = workbook(
        tmp_path / "kota-tiga.xlsx",
        [cells("TIGA-01")],
        sheet="Daftar",
        extra_sheets={"Rekap": [["jumlah", 1]]},
    )
    assert [opd.code for opd in load_file(found).opds] == ["TIGA-01"]
    # Two candidate registries: a clear error, not a guess.
    unclear = workbook(
        tmp_path / "kota-empat.xlsx",
        [cells("EMPAT-01")],
        sheet="Lama",
        extra_sheets={"Baru": [list(COLUMNS), cells("EMPAT-02")]},
    )
    registry = load_file(unclear)
    assert registry.opds == [] and len(registry.errors) == 1
    assert "beberapa lembar ('Lama', 'Baru')" in registry.errors[0].message
    assert "beri nama 'OPD'" in registry.errors[0].message


def test_xlsx_wrong_header_is_named_like_csv(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["region", "kode", *COLUMNS[2:]])
    book.active.append(cells())
    book.save(tmp_path / "kota-uji.xlsx")
    registry = load_file(tmp_path / "kota-uji.xlsx")
    assert registry.opds == []
    assert "kolom ke-2 pada baris judul seharusnya 'code', tertulis 'kode'" in str(
        registry.errors[0]
    )


def test_xlsx_cells_beyond_the_registry_columns_reject_the_row(tmp_path: Path) -> None:
    registry = load_file(workbook(tmp_path / "kota-uji.xlsx", [[*cells(), None, "lupa"]]))
    assert registry.opds == []
    assert "ada isi di kolom N, di luar 12 kolom registri (A–L)" in registry.errors[0].message


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "format Excel lama (.xls"),
        (b"PK\x03\x04 not really a zip", "bukan workbook .xlsx yang sah"),
        (b"region,code,name\n", "bukan workbook .xlsx yang sah"),
        (b"", "berkas kosong"),
    ],
)
def test_unreadable_workbooks_are_reported_not_crashed(tmp_path: Path, data, fragment) -> None:
    path = tmp_path / "kota-uji.xlsx"
    path.write_bytes(data)
    registry = load_file(path)
    assert registry.opds == [] and len(registry.errors) == 1
    assert registry.errors[0].line == 0 and fragment in registry.errors[0].message


def test_folder_reads_csv_and_xlsx_and_refuses_one_region_in_both(tmp_path: Path) -> None:
    workbook(tmp_path / "kota-excel.xlsx", [cells("XL-01")])
    (tmp_path / "kota-csv.csv").write_text(",".join(COLUMNS) + "\n" + ",".join(
        str(value or "") for value in cells("CSV-01")) + "\n", encoding="utf-8")  # fmt: skip
    registry = load_dir(tmp_path)
    assert registry.ok and sorted(opd.code for opd in registry.opds) == ["CSV-01", "XL-01"]
    assert load(str(tmp_path), ["kota-excel"]).regions() == {"kota-excel": "Kota Uji"}

    workbook(tmp_path / "kota-csv.xlsx", [cells("XL-02")])
    registry = load_dir(tmp_path)
    assert [opd.code for opd in registry.opds] == ["XL-01"]
    assert [str(problem) for problem in registry.errors] == [
        f"{tmp_path}:0: wilayah 'kota-csv' ada dalam dua berkas (kota-csv.csv dan "
        "kota-csv.xlsx); keduanya dilewati. Simpan registri satu wilayah dalam satu berkas "
        "saja: hapus atau pindahkan salah satunya"
    ]
    # Asking for that region by name gives the same error, not "region not found".
    named = load(str(tmp_path), ["kota-csv"])
    assert named.opds == [] and len(named.errors) == 1 and "dua berkas" in str(named.errors[0])


# --- Delimiters --------------------------------------------------------------------------


def csv_text(delimiter: str, *rows: list[str]) -> str:
    lines = [delimiter.join(COLUMNS), *(delimiter.join(row) for row in rows)]
    return "\n".join(lines) + "\n"


def text_row(code: str, **values: str) -> list[str]:
    return [str(value or "") for value in cells(code, **values)]


@pytest.mark.parametrize(("delimiter", "name"), [(";", "titik koma (;)"), ("\t", "tab")])
def test_semicolon_and_tab_csvs_are_accepted_and_named(delimiter: str, name: str) -> None:
    text = csv_text(
        delimiter,
        text_row(
            "UJI-01", name="Dinas Pariwisata, Pemuda dan Olahraga", website="dispar.uji.go.id"
        ),
        text_row("UJI-02")[:8],
    )
    registry = load_text(text, file_label="kota-uji.csv", region_slug="kota-uji")
    assert [opd.name for opd in registry.opds] == ["Dinas Pariwisata, Pemuda dan Olahraga"]
    assert registry.opds[0].website.url == "https://dispar.uji.go.id/"
    warning, error = registry.problems
    assert warning.severity == WARNING and warning.line == 1
    assert warning.message.startswith(f"pemisah kolom adalah {name}, bukan koma")
    assert error.severity == ERROR and error.line == 3
    assert error.message == (
        f"baris punya 8 kolom, seharusnya 12 (dibaca dengan pemisah {name}); baris dilewati"
    )


def test_semicolon_header_with_a_wrong_column_names_the_delimiter() -> None:
    header = ";".join(["region", "kode", *COLUMNS[2:]])
    registry = load_text(header + "\n", file_label="kota-uji.csv", region_slug="kota-uji")
    assert [p.severity for p in registry.problems] == [WARNING, ERROR]
    assert "pemisah kolom adalah titik koma (;)" in registry.problems[0].message
    assert registry.problems[1].message.startswith(
        "kolom ke-2 pada baris judul seharusnya 'code', tertulis 'kode' (dibaca dengan "
        "pemisah titik koma (;))"
    )


def test_comma_csv_with_semicolons_in_cells_stays_comma() -> None:
    text = csv_text(",", text_row("UJI-01", notes='"a; b; c; d; e; f; g; h; i; j; k; l"'))
    registry = load_text(text, file_label="kota-uji.csv", region_slug="kota-uji")
    assert registry.ok and not registry.problems
    assert registry.opds[0].notes == "a; b; c; d; e; f; g; h; i; j; k; l"


# --- A bad social cell ------------------------------------------------------------------------


def test_bad_social_cell_keeps_the_opd_and_its_other_channels() -> None:
    text = csv_text(
        ",",
        text_row(
            "UJI-01",
            website="dinkes.uji.go.id",
            instagram="https://instagram.com/p/Cxyz/",
            youtube="@dinkesuji",
            tiktok="Dinkes Uji",
        ),
    )
    registry = load_text(text, file_label="kota-uji.csv", region_slug="kota-uji")
    assert registry.ok, registry.problems
    (opd,) = registry.opds
    assert opd.website.url == "https://dinkes.uji.go.id/"
    assert opd.channels["youtube"].url == "https://youtube.com/@dinkesuji"
    for kind in ("instagram", "tiktok"):
        entry = opd.channels[kind]
        assert entry.state is ChannelState.UNKNOWN and entry.url is None and entry.problem
    assert [(p.line, p.severity) for p in registry.problems] == [(2, WARNING), (2, WARNING)]
    assert registry.problems[0].message.startswith("kolom instagram: ")
    assert registry.problems[1].message.startswith("kolom tiktok: ")


def test_bad_social_cell_keeps_what_the_database_held(db_session) -> None:
    """A typo in a cell must not erase the account the office registered before."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from opdcrawl.db.models import Channel, Opd
    from opdcrawl.db.store import sync_registry

    def sync(instagram: str) -> None:
        text = csv_text(",", text_row("UJI-01", instagram=instagram, youtube="@dinkesuji"))
        registry = load_text(text, file_label="kota-uji.csv", region_slug="kota-uji")
        sync_registry(db_session, registry.opds, now=datetime.now(UTC), deactivate_missing=True)

    def channels() -> dict[str, tuple[str, str | None, bool]]:
        query = select(Channel.kind, Channel.state, Channel.url, Channel.active).join(Opd)
        return {kind: (state, url, active) for kind, state, url, active in
                db_session.execute(query)}  # fmt: skip

    sync("@dinkes.uji")
    assert channels()["instagram"] == ("registered", "https://instagram.com/dinkes.uji", True)
    sync("Dinas Kesehatan Kota Uji")
    held = channels()
    assert held["instagram"] == ("registered", "https://instagram.com/dinkes.uji", True)
    assert held["youtube"] == ("registered", "https://youtube.com/@dinkesuji", True)


def test_seeds_list_flags_the_unreadable_cell_and_keeps_the_opd(tmp_path: Path, capsys) -> None:
    text = csv_text(",", text_row("UJI-01", instagram="Dinas Kesehatan", youtube="@dinkesuji"))
    (tmp_path / "kota-uji.csv").write_text(text, encoding="utf-8")
    assert run_seeds(["list", "--seeds", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("UJI-01"))
    assert line.split()[3:6] == ["?", "!", "?"]  # website, instagram, facebook
    assert "! = isi sel tidak sah (alasannya: opdcrawl seeds check)" in out


# --- The template -------------------------------------------------------------------------


def test_csv_template_passes_check_and_is_never_overwritten(tmp_path: Path, capsys) -> None:
    path = tmp_path / "baru" / "kota-baru.csv"
    assert run_seeds(["template", str(path)]) == 0
    assert f"Templat registri ditulis: {path}" in capsys.readouterr().out
    registry = load_file(path)
    assert registry.ok and not registry.problems
    (opd,) = registry.opds
    assert opd.region_name == "Kota Baru" and opd.region_slug == "kota-baru"
    assert {entry.state for entry in opd.channels.values()} == set(ChannelState)
    path.write_text("diisi kantor\n", encoding="utf-8")
    assert run_seeds(["template", str(path)]) == 1
    assert f"Berkas sudah ada, tidak ditimpa: {path}" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8") == "diisi kantor\n"


def test_xlsx_template_has_instructions_and_passes_check(tmp_path: Path, capsys) -> None:
    assert run_seeds(["template", "--xlsx", str(tmp_path / "kab-contoh")]) == 0
    path = tmp_path / "kab-contoh.xlsx"
    assert f"opdcrawl seeds check {path}" in capsys.readouterr().out
    book = load_workbook(path)
    assert book.sheetnames == [REGISTRY_SHEET, INSTRUCTIONS_SHEET]
    guide = [row[0] for row in book[INSTRUCTIONS_SHEET].iter_rows(values_only=True)]
    assert {"region", "code", "kind", "website", "tiktok", "notes"} <= set(guide)
    registry = load_file(path)
    assert registry.ok and not registry.problems
    assert [opd.region_name for opd in registry.opds] == ["Kabupaten Contoh"]
    # The office fills it in Excel: a second row, a numeric-looking code kept as text.
    sheet = book[REGISTRY_SHEET]
    sheet.append(
        cells("007", region="Kabupaten Contoh", name="Dinas Sosial", website="dinsos.contoh.go.id")
    )
    book.save(path)
    assert assert_codes(load_file(path)) == ["OPD-01", "007"]
    assert run_seeds(["check", str(path)]) == 0


def assert_codes(registry) -> list[str]:
    assert registry.ok, registry.problems
    return [opd.code for opd in registry.opds]


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["template", "--xlsx", "kota-uji.csv"], "--xlsx meminta .xlsx"),
        (["template", "Kota Uji.xlsx"], "bukan slug wilayah yang sah"),
    ],
)
def test_template_refuses_unclear_requests(tmp_path: Path, capsys, argv, fragment) -> None:
    argv[-1] = str(tmp_path / argv[-1])
    assert run_seeds(argv) == 2
    assert fragment in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --- Scrapyd eggs carry Excel seeds -----------------------------------------------------------

EGG_PROBE = """
import json, sys
sys.meta_path[:] = [f for f in sys.meta_path if "__editable__" not in getattr(f, "__module__", "")]
sys.path[:] = [sys.argv[1]] + [p for p in sys.path if "__editable__" not in p and p != ""]
from opdcrawl import registry
loaded = registry.load_packaged(["kota-excel"])
print(json.dumps({"file": registry.__file__, "codes": [o.code for o in loaded.opds],
                  "sources": loaded.sources, "problems": [str(p) for p in loaded.problems]}))
"""


@pytest.mark.slow
def test_an_xlsx_seed_travels_in_the_scrapyd_egg(tmp_path: Path) -> None:
    """``setup.py`` package_data ships .xlsx seeds, and the egg alone can read them."""
    import json
    import os
    import shutil
    import subprocess
    import sys
    import zipfile

    repo = Path(__file__).resolve().parents[1]
    project = tmp_path / "project"
    shutil.copytree(repo, project, ignore=shutil.ignore_patterns(
        ".venv", ".git", "*.egg-info", "build", "dist", "__pycache__", ".*_cache", "tests",
        "demo-output", "*.db", "*.db-*", "benchmarks"))  # fmt: skip
    workbook(project / "seeds" / "kota-excel.xlsx", [cells("XL-01", region="Kota Excel")])
    built = subprocess.run(
        [sys.executable, "setup.py", "-q", "bdist_egg", "-d", str(tmp_path / "dist")],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (egg,) = (tmp_path / "dist").glob("*.egg")
    assert "seeds/kota-excel.xlsx" in zipfile.ZipFile(egg).namelist()
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    probe = subprocess.run(
        [sys.executable, "-c", EGG_PROBE, str(egg)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr[-2000:]
    found = json.loads(probe.stdout)
    assert found["file"].startswith(str(egg)), found
    assert found["codes"] == ["XL-01"] and not found["problems"], found
    assert found["sources"] == ["seeds/kota-excel.xlsx (lembar Sheet1)"]
