"""The OPD registry: seeds CSV format, validation messages, packaged seeds, ``seeds`` CLI."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pytest

from opdcrawl import cli
from opdcrawl.commands import seeds as seeds_command
from opdcrawl.registry import (
    COLUMNS,
    ERROR,
    WARNING,
    ChannelState,
    Registry,
    SeedValueError,
    load,
    load_dir,
    load_file,
    load_packaged,
    load_paths,
    load_text,
    normalise_social,
    normalise_website,
)
from opdcrawl.vocabulary import CHANNEL_KINDS

FIXTURES = Path(__file__).parent / "fixtures" / "seeds"
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
HEADER = ",".join(COLUMNS) + "\n"
# The real regions the package ships (tests/test_seeds_regions.py checks their contents).
REAL_REGIONS = {
    "kabupaten-lebong": "Kabupaten Lebong",
    "kabupaten-serang": "Kabupaten Serang",
    "kabupaten-solok-selatan": "Kabupaten Solok Selatan",
    "kota-cilegon": "Kota Cilegon",
    "kota-serang": "Kota Serang",
}


def problems_by_line(registry: Registry) -> dict[int, list[tuple[str, str]]]:
    found: dict[int, list[tuple[str, str]]] = {}
    for problem in registry.problems:
        found.setdefault(problem.line, []).append((problem.severity, problem.message))
    return found


def row(code: str = "X-01", **cells: str) -> str:
    values = {
        "region": "Kota Uji",
        "code": code,
        "name": "Dinas Kesehatan",
        "short_name": "Dinkes",
        "kind": "dinas",
    }
    values.update(cells)
    return ",".join(values.get(column, "") for column in COLUMNS) + "\n"


# --- Format ------------------------------------------------------------------------------


def test_columns_follow_the_channel_vocabulary() -> None:
    assert COLUMNS[5:11] == CHANNEL_KINDS
    assert COLUMNS[0] == "region" and COLUMNS[-1] == "notes"


def test_every_validation_case_reports_its_line_and_good_rows_still_load() -> None:
    path = FIXTURES / "kota-contoh.csv"
    registry = load_file(path)
    assert [opd.code for opd in registry.opds] == [
        *("CTH-01", "CTH-04", "CTH-05", "CTH-06", "CTH-07", "CTH-08")
    ]
    by_line = problems_by_line(registry)
    expected = {
        3: (ERROR, "bukan alamat http:// atau https://"),
        4: (ERROR, "jenis OPD 'dinass' tidak dikenal (maksudnya 'dinas'?)"),
        5: (ERROR, "kode 'CTH-01' sudah dipakai di baris 2"),
        6: (ERROR, "kolom wajib kosong: code"),
        7: (ERROR, "kolom wajib kosong: name"),
        8: (ERROR, "kolom wajib kosong: kind"),
        9: (ERROR, "baris punya 8 kolom, seharusnya 12"),
        10: (ERROR, "kolom region 'Kota Lain' berbeda dengan 'Kota Contoh'"),
        11: (WARNING, "spasi berlebih di kolom code, name, notes"),
        12: (WARNING, "sama dengan OPD CTH-01"),
        # A bad social cell flags that cell: the OPD stays, with its other channels.
        15: (WARNING, "bukan handle Instagram yang sah"),
        18: (ERROR, "nama host 'dispus'"),
    }
    assert sorted(by_line) == sorted(expected)
    for line, (severity, fragment) in expected.items():
        assert len(by_line[line]) == 1, by_line[line]
        got_severity, message = by_line[line][0]
        assert got_severity == severity, (line, message)
        assert fragment in message, (line, message)
    first = registry.problems[0]
    assert str(first).startswith(f"{path}:3: kolom website: ")
    assert str(by_line_problem(registry, 11)).startswith(f"{path}:11: peringatan: ")
    assert not registry.ok and len(registry.errors) == 9 and len(registry.warnings) == 3


def by_line_problem(registry: Registry, line: int):
    return next(problem for problem in registry.problems if problem.line == line)


def test_row_after_a_multiline_cell_keeps_its_physical_line() -> None:
    registry = load_file(FIXTURES / "kota-contoh.csv")
    opds = {opd.code: opd for opd in registry.opds}
    assert opds["CTH-06"].source.endswith("kota-contoh.csv:13")
    assert opds["CTH-06"].notes == "catatan dua\nbaris"
    assert opds["CTH-08"].source.endswith("kota-contoh.csv:17")


def test_three_channel_states_stay_apart() -> None:
    opds = {opd.code: opd for opd in load_file(FIXTURES / "kota-contoh.csv").opds}
    dinkes = opds["CTH-01"]
    assert dinkes.website.state is ChannelState.REGISTERED
    assert dinkes.website.url == "https://dinkes.contoh.go.id/"
    assert dinkes.website.raw == "Dinkes.Contoh.go.id"
    assert dinkes.channels["instagram"].url == "https://instagram.com/dinkes.contoh"
    assert dinkes.channels["facebook"].state is ChannelState.NONE
    assert dinkes.channels["facebook"].url is None
    assert dinkes.channels["youtube"].state is ChannelState.UNKNOWN
    assert set(dinkes.channels) == set(CHANNEL_KINDS)
    assert opds["CTH-08"].website.state is ChannelState.NONE


def test_stray_whitespace_is_stripped_and_kind_lowercased() -> None:
    opd = next(opd for opd in load_file(FIXTURES / "kota-contoh.csv").opds if opd.code == "CTH-04")
    assert (opd.name, opd.kind, opd.notes) == ("Dinas Sosial", "dinas", "spasi")


def test_utf8_bom_is_accepted_with_a_warning() -> None:
    registry = load_file(FIXTURES / "kota-bom.csv")
    assert [opd.code for opd in registry.opds] == ["BOM-01", "BOM-02"]
    assert registry.opds[0].region_name == "Kota Bom"  # the BOM is not part of the region
    assert registry.ok
    assert [(p.line, p.severity) for p in registry.problems] == [(1, WARNING), (3, WARNING)]
    assert "BOM" in registry.problems[0].message
    assert registry.opds[1].name == "Dinas Sosial"


def test_cp1252_file_is_reported_not_crashed_and_rows_still_load() -> None:
    registry = load_file(FIXTURES / "kota-cp.csv")
    assert [opd.code for opd in registry.opds] == ["CP-01", "CP-02"]
    assert registry.opds[1].notes == "terbit tiap Jum\u2019at \u2013 rutin"
    assert len(registry.errors) == 1
    problem = registry.errors[0]
    assert problem.line == 3
    assert "bukan UTF-8" in problem.message and "cp1252" in problem.message


def test_utf16_file_is_an_error_for_the_whole_file() -> None:
    data = (HEADER + row()).encode("utf-16")
    registry = load_text(data, file_label="x.csv", region_slug="kota-uji")
    assert registry.opds == []
    assert [(p.line, p.severity) for p in registry.problems] == [(0, ERROR)]
    assert "UTF-16" in registry.problems[0].message


def test_wrong_header_rejects_the_file_and_names_the_column() -> None:
    registry = load_file(FIXTURES / "kota-judul.csv")
    assert registry.opds == []
    assert [problem.line for problem in registry.problems] == [1]
    assert "kolom ke-3" in registry.problems[0].message
    assert "'nama'" in registry.problems[0].message


def test_header_missing_a_column_is_named() -> None:
    text = HEADER.replace(",tiktok", "") + "Kota Uji,X-01,Dinkes,Dinkes,dinas,,,,,,\n"
    registry = load_text(text, file_label="x.csv", region_slug="kota-uji")
    assert registry.opds == []
    assert "tidak ada: tiktok" in registry.errors[0].message


def test_file_name_that_is_not_a_slug_is_an_error_for_the_whole_file() -> None:
    registry = load_file(FIXTURES / "Kota_Salah.csv")
    assert registry.opds == []
    assert [(p.line, p.severity) for p in registry.problems] == [(0, ERROR)]
    assert "slug" in registry.problems[0].message


def test_semicolon_file_from_indonesian_excel_loads_with_a_warning() -> None:
    registry = load_file(FIXTURES / "kota-semi.csv")
    assert registry.ok and len(registry.warnings) == 1
    assert registry.opds[0].website.url == "https://dinkes.semi.go.id/"
    assert registry.opds[0].notes == "catatan, dengan koma"


def test_unclosed_quote_is_reported_at_its_line() -> None:
    text = HEADER + row("X-01") + row("X-02", notes='"tidak ditutup') + row("X-03")
    registry = load_text(text, file_label="x.csv", region_slug="kota-uji")
    assert [opd.code for opd in registry.opds] == ["X-01"]
    assert [problem.line for problem in registry.errors] == [3]
    assert "tidak ditutup" in registry.errors[0].message


def test_stray_quote_rejects_only_its_row() -> None:
    text = HEADER + row("X-01", notes='"kutip" salah') + row("X-02")
    registry = load_text(text, file_label="x.csv", region_slug="kota-uji")
    assert [opd.code for opd in registry.opds] == ["X-02"]
    assert [problem.line for problem in registry.errors] == [2]
    assert "salah tempat" in registry.errors[0].message


def test_multiline_row_with_wrong_column_count_hints_at_quotes() -> None:
    text = HEADER + 'Kota Uji,X-01,"Dinas\nKesehatan",dinas\n' + row("X-02")
    registry = load_text(text, file_label="x.csv", region_slug="kota-uji")
    assert [opd.code for opd in registry.opds] == ["X-02"]
    assert registry.errors[0].line == 2 and "tanda kutip" in registry.errors[0].message
    assert registry.opds[0].source == "x.csv:4"


def test_duplicate_code_is_case_insensitive() -> None:
    text = HEADER + row("x-01") + row("X-01")
    registry = load_text(text, file_label="x.csv", region_slug="kota-uji")
    assert [opd.code for opd in registry.opds] == ["x-01"]
    assert [problem.line for problem in registry.errors] == [3]


def test_trailing_empty_cells_from_a_spreadsheet_are_a_warning() -> None:
    text = HEADER + row().rstrip("\n") + ",,\n"
    registry = load_text(text, file_label="x.csv", region_slug="kota-uji")
    assert len(registry.opds) == 1 and registry.ok and len(registry.warnings) == 1


def test_empty_file_is_an_error() -> None:
    registry = load_text(b"", file_label="x.csv", region_slug="kota-uji")
    assert not registry.ok and registry.errors[0].line == 0


def test_text_with_bom_character_is_a_warning() -> None:
    registry = load_text("\ufeff" + HEADER + row(), file_label="x.csv", region_slug="kota-uji")
    assert registry.ok and len(registry.opds) == 1 and len(registry.warnings) == 1


def test_website_pointing_at_social_media_is_a_warning() -> None:
    text = HEADER + row(website="https://www.facebook.com/dinkes")
    registry = load_text(text, file_label="x.csv", region_slug="kota-uji")
    assert len(registry.opds) == 1 and len(registry.warnings) == 1


def test_short_name_defaults_to_name() -> None:
    text = HEADER + row(short_name="")
    assert load_text(text, file_label="x.csv", region_slug="kota-uji").opds[0].short_name == (
        "Dinas Kesehatan"
    )


# --- Normalisation --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("dinkes.serangkota.go.id", "https://dinkes.serangkota.go.id/"),
        ("HTTP://Dinkes.SerangKota.go.id", "http://dinkes.serangkota.go.id/"),
        ("https://dinkes.serangkota.go.id/berita/", "https://dinkes.serangkota.go.id/berita/"),
        ("https://x.go.id/a?b=1#top", "https://x.go.id/a?b=1"),
        ("https://x.go.id:443", "https://x.go.id/"),
        ("http://127.0.0.21:8765/", "http://127.0.0.21:8765/"),
        ("www.serangkota.go.id.", "https://www.serangkota.go.id/"),
    ],
)
def test_normalise_website(raw: str, expected: str) -> None:
    assert normalise_website(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "ftp://x.go.id",
        "dinkes",
        "http://",
        "dinkes serangkota.go.id",
        "mailto:admin@x.go.id",
        "https://user:pw@x.go.id",
        "https://x.go.id:99999",
        "https://-bad-.go.id",
        "https://x.123",
    ],
)
def test_implausible_websites_are_rejected(raw: str) -> None:
    with pytest.raises(SeedValueError):
        normalise_website(raw)


@pytest.mark.parametrize(
    ("kind", "raw", "expected"),
    [
        ("instagram", "@dinkes.kotaserang", "https://instagram.com/dinkes.kotaserang"),
        ("instagram", "dinkes_serang", "https://instagram.com/dinkes_serang"),
        ("instagram", "https://www.instagram.com/dinkes/?igshid=x", "https://instagram.com/dinkes"),
        ("facebook", "@pemkotserang", "https://facebook.com/pemkotserang"),
        ("facebook", "web.facebook.com/pemkotserang/", "https://facebook.com/pemkotserang"),
        (
            "facebook",
            "https://m.facebook.com/profile.php?id=1000123&ref=x",
            "https://facebook.com/profile.php?id=1000123",
        ),
        ("youtube", "@diskominfo", "https://youtube.com/@diskominfo"),
        (
            "youtube",
            "https://www.youtube.com/@diskominfo/videos",
            "https://youtube.com/@diskominfo",
        ),
        ("youtube", "youtube.com/channel/UC123abc", "https://youtube.com/channel/UC123abc"),
        ("x", "@kominfo", "https://x.com/kominfo"),
        ("x", "https://twitter.com/kominfo/status/1", "https://x.com/kominfo"),
        ("tiktok", "@dinkes.serang", "https://tiktok.com/@dinkes.serang"),
        (
            "tiktok",
            "https://www.tiktok.com/@dinkes.serang/video/7",
            "https://tiktok.com/@dinkes.serang",
        ),
    ],
)
def test_normalise_social(kind: str, raw: str, expected: str) -> None:
    assert normalise_social(kind, raw) == expected


@pytest.mark.parametrize(
    ("kind", "raw"),
    [
        ("instagram", "Dinas Kesehatan"),
        ("instagram", "https://facebook.com/dinkes"),
        ("instagram", "https://instagram.com/p/Cxyz/"),
        ("youtube", "https://youtube.com/watch?v=abc"),
        ("tiktok", "https://tiktok.com/dinkes"),
        ("x", "@nama_yang_terlalu_panjang_sekali"),
        ("facebook", "https://facebook.com/profile.php"),
    ],
)
def test_bad_social_cells_are_rejected(kind: str, raw: str) -> None:
    with pytest.raises(SeedValueError):
        normalise_social(kind, raw)


# --- Several files ---------------------------------------------------------------------------


def test_duplicate_region_slug_across_sources_is_an_error(tmp_path: Path) -> None:
    other = tmp_path / "kota-bom.csv"
    shutil.copy(FIXTURES / "kota-bom.csv", other)
    registry = load_paths([FIXTURES / "kota-bom.csv", other])
    assert len(registry.opds) == 2
    assert [(p.file, p.line) for p in registry.errors] == [(str(other), 0)]
    assert "sudah dimuat" in registry.errors[0].message


def test_duplicate_website_across_files_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "kota-a.csv").write_text(HEADER + row(website="a.go.id"))
    (tmp_path / "kota-b.csv").write_text(HEADER + row(website="https://www.a.go.id/"))
    registry = load_dir(tmp_path)
    assert len(registry.opds) == 2 and registry.ok
    assert [(Path(p.file).name, p.line) for p in registry.warnings] == [("kota-b.csv", 2)]


def test_load_dir_reads_sorted_files_and_filters_regions(tmp_path: Path) -> None:
    (tmp_path / "kota-b.csv").write_text(HEADER + row("B-01"))
    (tmp_path / "kota-a.csv").write_text(HEADER + row("A-01"))
    (tmp_path / "kota-c.csv").write_text("rusak\n")
    registry = load_dir(tmp_path, ["kota-a", "kota-b"])
    assert [opd.code for opd in registry.opds] == ["A-01", "B-01"]
    assert registry.ok  # the broken kota-c.csv was not read
    assert list(registry.regions()) == ["kota-a", "kota-b"]
    missing = load_dir(tmp_path, ["kota-z"])
    assert "kota-z" in missing.errors[0].message


def test_load_picks_directory_file_or_packaged(tmp_path: Path) -> None:
    (tmp_path / "kota-a.csv").write_text(HEADER + row("A-01"))
    assert [opd.code for opd in load(str(tmp_path), None).opds] == ["A-01"]
    assert [opd.code for opd in load(str(tmp_path / "kota-a.csv"), None).opds] == ["A-01"]
    assert load(None, ["demo"]).regions() == {"demo": "Kota Demo"}
    assert not load(str(tmp_path / "nowhere"), None).ok


# --- Packaged seeds -----------------------------------------------------------------------------


def test_packaged_seeds_load_cleanly() -> None:
    registry = load_packaged(with_demo=True)
    assert registry.problems == []
    assert registry.regions() == {"demo": "Kota Demo", **REAL_REGIONS}
    serang = {opd.short_name: opd for opd in registry.for_regions(["kota-serang"])}
    assert len(serang) == 32
    assert serang["DPMPTSP"].website.state is ChannelState.NONE
    assert serang["Dinkes"].website.url == "https://dinkes.serangkota.go.id/"
    assert serang["DLH"].website.url == "https://blhd.serangkota.go.id/"
    # The PPID portal is the city's, not the Diskominfo website: named in notes only.
    assert "ppid.serangkota.go.id" in serang["Diskominfo"].notes
    assert serang["Diskominfo"].website.url == "https://kominfo.serangkota.go.id/"
    assert serang["Bappeda"].website.state is ChannelState.UNKNOWN
    for opd in serang.values():
        socials = [opd.channels[kind].state for kind in CHANNEL_KINDS[1:]]
        registered = opd.short_name == "Diskominfo"  # its Instagram account
        instagram = ChannelState.REGISTERED if registered else ChannelState.UNKNOWN
        assert socials == [instagram] + [ChannelState.UNKNOWN] * 4
    assert serang["Diskominfo"].channels["instagram"].url == (
        "https://instagram.com/diskominfokotaserang"
    )
    demo = registry.for_regions(["demo"])
    assert [opd.code for opd in demo] == [f"DEMO-{n:02d}" for n in range(1, 13)]
    assert [opd.website.url for opd in demo[:11]] == [
        f"http://127.0.0.{n}:8765/" for n in range(21, 32)
    ]
    assert demo[11].website.state is ChannelState.NONE
    assert demo[0].channels["instagram"].url == "https://instagram.com/diskominfo.demo"
    assert demo[2].channels["facebook"].state is ChannelState.NONE


def test_all_regions_leave_the_demo_out() -> None:
    """No region (a production crawl, Scrapyd's ``-d region=all``) never reads the
    loopback demo; naming it does, alone or beside other regions."""
    everything = load(None, None)
    assert everything.regions() == REAL_REGIONS
    assert everything.left_out == ["demo"] and everything.problems == []
    assert {opd.region_slug for opd in everything.for_regions(None)} == set(REAL_REGIONS)
    assert load_packaged().regions() == everything.regions()
    demo = load(None, ["demo"])
    assert demo.regions() == {"demo": "Kota Demo"} and demo.left_out == []
    assert len(demo.for_regions(["demo"])) == 12
    assert list(load(None, ["kota-serang", "demo"]).regions()) == ["demo", "kota-serang"]
    assert list(load_packaged(with_demo=True).regions()) == ["demo", *REAL_REGIONS]
    assert list(load_packaged(["kota-serang"], with_demo=True).regions()) == ["kota-serang"]


def test_a_seeds_folder_leaves_the_demo_out_too(tmp_path: Path) -> None:
    """A copy of the packaged seeds (``OPDCRAWL_SEEDS_DIR``, ``-a seeds=``) keeps the rule;
    a demo.csv named as the source is read, since naming the file names the region."""
    shutil.copy(SEEDS / "demo.csv", tmp_path / "demo.csv")
    (tmp_path / "kota-a.csv").write_text(HEADER + row("A-01"))
    everything = load(str(tmp_path), None)
    assert list(everything.regions()) == ["kota-a"] and everything.left_out == ["demo"]
    assert everything.ok
    assert list(load(str(tmp_path), ["demo"]).regions()) == ["demo"]
    assert list(load(str(tmp_path), ["demo", "kota-a"]).regions()) == ["demo", "kota-a"]
    assert list(load(str(tmp_path / "demo.csv"), None).regions()) == ["demo"]
    assert list(load_paths([tmp_path]).regions()) == ["demo", "kota-a"]  # seeds check


def test_load_packaged_filters_and_reports_unknown_regions() -> None:
    registry = load_packaged(["demo", "kota-tidak-ada"])
    assert list(registry.regions()) == ["demo"]
    assert [(p.line, p.severity) for p in registry.problems] == [(0, ERROR)]
    assert "kota-tidak-ada" in registry.problems[0].message


# --- The ``seeds`` command -------------------------------------------------------------------
# cli.build_parser imports every command module; the others are written in parallel, so these
# tests build a parser holding only the seeds module (directly, and through cli.main with
# SUBCOMMANDS narrowed to "seeds").


def run_seeds(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    seeds_command.add_arguments(parser)
    return seeds_command.run(parser.parse_args(argv))


@pytest.fixture
def seeds_only_cli(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "SUBCOMMANDS", {"seeds": cli.SUBCOMMANDS["seeds"]})
    monkeypatch.delenv("OPDCRAWL_SEEDS_DIR", raising=False)


def test_check_exits_non_zero_on_errors(seeds_only_cli, capsys) -> None:
    path = FIXTURES / "kota-contoh.csv"
    assert cli.main(["seeds", "check", str(path), str(FIXTURES / "kota-bom.csv")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert f"{path}:4: jenis OPD 'dinass' tidak dikenal" in out[1]
    assert out[-1] == "2 berkas, 8 OPD dimuat, 9 galat, 5 peringatan"


def test_check_exits_zero_with_warnings_only(seeds_only_cli, capsys) -> None:
    assert cli.main(["seeds", "check", str(FIXTURES / "kota-bom.csv")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{FIXTURES / 'kota-bom.csv'}:1: peringatan: ")
    assert out[-1] == "1 berkas, 2 OPD dimuat, 0 galat, 2 peringatan"


def test_check_without_path_checks_packaged_seeds(seeds_only_cli, capsys) -> None:
    """Every packaged file is checked, the demo too, with how to select the demo."""
    assert cli.main(["seeds", "check"]) == 0
    note, total = capsys.readouterr().out.strip().splitlines()
    assert total == "6 berkas, 241 OPD dimuat, 0 galat, 0 peringatan"
    assert note.startswith("Catatan: wilayah demo (situs demo lokal) ikut diperiksa, tetapi ")
    assert "-a region=demo" in note and "--region demo" in note


def test_list_without_region_leaves_the_demo_out_and_says_how_to_show_it(capsys) -> None:
    assert run_seeds(["list"]) == 0
    out = capsys.readouterr().out
    assert "Kota Serang (kota-serang): 32 OPD" in out and "Kota Demo" not in out
    assert out.rstrip().splitlines()[-1].startswith("Catatan: wilayah demo (situs demo lokal)")
    assert "opdcrawl seeds list --region demo" in out
    assert run_seeds(["list", "--region", "demo"]) == 0
    out = capsys.readouterr().out
    assert "Kota Demo (demo): 12 OPD" in out and "Catatan" not in out


def test_check_missing_path_is_an_error(capsys) -> None:
    assert run_seeds(["check", str(FIXTURES / "tidak-ada.csv")]) == 1
    assert "tidak ditemukan" in capsys.readouterr().out


def test_list_prints_channel_states(capsys) -> None:
    assert run_seeds(["list", "--region", "kota-serang"]) == 0
    out = capsys.readouterr().out
    assert "Kota Serang (kota-serang): 32 OPD" in out
    dpmptsp = next(line for line in out.splitlines() if line.startswith("SRG-32"))
    assert dpmptsp.split()[:4] == ["SRG-32", "DPMPTSP", "dinas", "-"]
    assert "Website: 11 terdaftar, 20 belum diisi, 1 tidak punya" in out
    assert "Kota Demo" not in out
