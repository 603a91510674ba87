"""The five real regions in ``seeds/`` against the public evidence they were built from.

``tests/fixtures/regions/`` is a verbatim copy of the evidence files (one CSV per region with
an ``evidence`` column, and their README with the counts, the region-level channels and the
unverified address guesses), so these checks run on a clean clone. They hold the registry
to four rules: it loads with no error or warning; every region has exactly the units the
evidence lists, by code, official name and kind; a channel value is filled only where the
evidence fills it, with its source named in ``notes``; and no unverified guess or
region-level channel is registered to an OPD. The README's per-region table is checked
against the registry too, so it cannot go stale.

The demo region is left out of the source rule: its values are loopback addresses made up
for ``opdcrawl demo``, not claims about a real office.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from opdcrawl.channels import normalise_social, normalise_website
from opdcrawl.registry import (
    NAMED_ONLY_REGIONS,
    NONE_MARK,
    ChannelState,
    OpdSeed,
    load_packaged,
    load_paths,
    load_text,
    packaged_files,
)
from opdcrawl.vocabulary import CHANNEL_KINDS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
EVIDENCE = Path(__file__).resolve().parent / "fixtures" / "regions"
EVIDENCE_README = (EVIDENCE / "README.md").read_text(encoding="utf-8")

REGIONS = (
    "kabupaten-lebong",
    "kabupaten-serang",
    "kabupaten-solok-selatan",
    "kota-cilegon",
    "kota-serang",
)
# The evidence names two kinds the registry vocabulary does not have; seeds/README.md files
# Inspektorat and Satpol PP under "lainnya".
KIND_IN_REGISTRY = {"inspektorat": "lainnya", "satpol": "lainnya"}
# Short names chosen over the evidence's, and why: the office's own evaluation list (Dec
# 2024) calls SRG-28 "Disdaginkukm", like its website's host; news since 2023 say
# "Dinkopukmperindag" (kept in the row's notes).
SHORT_NAME_CHOICES = {("kota-serang", "SRG-28"): "Disdaginkukm"}
SOCIAL_KINDS = CHANNEL_KINDS[1:]


def evidence_rows(slug: str) -> list[dict[str, str]]:
    with (EVIDENCE / f"{slug}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def registry_rows(slug: str) -> list[OpdSeed]:
    registry = load_packaged([slug])
    assert registry.problems == []
    return registry.for_regions([slug])


def readme_section(text: str, heading: str) -> str:
    """The text under a ``## heading`` up to the next ``## `` heading."""
    start = text.index(f"\n{heading}\n") + len(heading) + 2
    end = text.find("\n## ", start)
    return text[start : end if end >= 0 else len(text)]


def table_rows(section: str) -> list[list[str]]:
    rows = [line.strip().strip("|").split("|") for line in section.splitlines()]
    cells = [[cell.strip() for cell in row] for row in rows if len(row) > 1]
    return cells[2:]  # past the header and its --- line


def leading_int(cell: str) -> int:
    """``'11 (4 / 6 / 1)'`` -> 11, ``'–'`` -> 0."""
    match = re.match(r"\d+", cell)
    return int(match.group()) if match else 0


def region_slug_by_name() -> dict[str, str]:
    return {name: slug for slug, name in load_packaged(REGIONS).regions().items()}


# --- The registry loads --------------------------------------------------------------------


def test_seeds_check_passes_with_no_error_and_no_warning() -> None:
    """The operator's own command, as a deploy would run it, over the whole folder."""
    result = subprocess.run(
        [sys.executable, "-m", "opdcrawl.cli", "seeds", "check", str(SEEDS)],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    total = result.stdout.strip().splitlines()[-1]
    expected_units = sum(len(evidence_rows(slug)) for slug in REGIONS)
    demo_units = len(load_packaged(["demo"]).opds)
    assert total == (
        f"{len(REGIONS) + 1} berkas, {expected_units + demo_units} OPD dimuat, "
        "0 galat, 0 peringatan"
    )


def test_the_registry_holds_the_five_regions_and_the_notes_are_not_regions() -> None:
    """seeds/notes/*.md sit beside the CSVs but are neither loaded nor packaged."""
    assert load_packaged().regions().keys() == set(REGIONS)
    assert packaged_files() == sorted(path.name for path in SEEDS.glob("*.csv"))
    assert all(source.endswith(".csv") for source in load_paths([SEEDS]).sources)
    notes = {path.stem for path in (SEEDS / "notes").glob("*.md")} - {"README"}
    assert notes == set(REGIONS), "one notes file per region, none for a missing region"


# --- Units: count, codes, names, kinds -----------------------------------------------------


@pytest.mark.parametrize("slug", REGIONS)
def test_every_unit_of_the_evidence_is_in_the_registry(slug: str) -> None:
    evidence = evidence_rows(slug)
    registry = registry_rows(slug)
    assert len(registry) == len(evidence)
    assert [opd.code for opd in registry] == [row["code"] for row in evidence]
    assert {opd.region_name for opd in registry} == {evidence[0]["region"]}
    for opd, row in zip(registry, evidence, strict=True):
        assert opd.name == row["name"], opd.code
        assert opd.kind == KIND_IN_REGISTRY.get(row["kind"], row["kind"]), opd.code
        short = SHORT_NAME_CHOICES.get((slug, opd.code), row["short_name"])
        assert opd.short_name == short, opd.code
    evidence_kinds = Counter(KIND_IN_REGISTRY.get(row["kind"], row["kind"]) for row in evidence)
    assert Counter(opd.kind for opd in registry) == evidence_kinds


def test_the_counts_match_the_evidence_readme() -> None:
    """Files table (rows, code range) and counts table (non-territorial OPD, kecamatan,
    kelurahan) of the evidence README, against the registry."""
    intro = EVIDENCE_README.split("\n## Kolom")[0]
    files = {row[0].strip("`").removesuffix(".csv"): row for row in table_rows(intro)}
    assert set(files) == set(REGIONS)
    for slug, (_, _, codes, rows) in files.items():
        registry = registry_rows(slug)
        first, last = (code.strip("`") for code in codes.split(".."))
        assert len(registry) == int(rows)
        assert (registry[0].code, registry[-1].code) == (first, last)

    slugs = region_slug_by_name()
    counts = table_rows(readme_section(EVIDENCE_README, "## Jumlah"))
    assert {slugs[row[0]] for row in counts} == set(REGIONS)
    for name, offices, kecamatan, kelurahan, *_ in counts:
        kinds = Counter(opd.kind for opd in registry_rows(slugs[name]))
        territorial = kinds["kecamatan"] + kinds["kelurahan"]
        assert kinds["kecamatan"] == leading_int(kecamatan), name
        assert kinds["kelurahan"] == leading_int(kelurahan), name
        assert kinds.total() - territorial == leading_int(offices), name


def test_cilegon_has_its_kelurahan_as_units() -> None:
    cilegon = registry_rows("kota-cilegon")
    kelurahan = [opd for opd in cilegon if opd.kind == "kelurahan"]
    assert len(kelurahan) == 43
    assert all(opd.name.startswith("Kelurahan ") for opd in kelurahan)
    assert sum(opd.kind == "kecamatan" for opd in cilegon) == 8


# --- Channel values: only what the evidence fills --------------------------------------------


def evidence_channel(kind: str, cell: str) -> tuple[ChannelState, str | None]:
    if not cell:
        return ChannelState.UNKNOWN, None
    if cell == NONE_MARK:
        return ChannelState.NONE, None
    url = normalise_website(cell) if kind == "website" else normalise_social(kind, cell)
    return ChannelState.REGISTERED, url


@pytest.mark.parametrize("slug", REGIONS)
def test_a_value_is_filled_exactly_where_the_evidence_fills_it(slug: str) -> None:
    for opd, row in zip(registry_rows(slug), evidence_rows(slug), strict=True):
        for kind in CHANNEL_KINDS:
            entry = opd.channels[kind]
            assert (entry.state, entry.url) == evidence_channel(kind, row[kind]), (opd.code, kind)
            if entry.state is not ChannelState.UNKNOWN:
                assert row["evidence"].strip(), f"{opd.code} {kind}: evidence row has no source"


def test_the_counts_of_filled_values_match_the_evidence_readme() -> None:
    slugs = region_slug_by_name()
    for name, *_, websites, none_marks, socials, _unsourced in table_rows(
        readme_section(EVIDENCE_README, "## Jumlah")
    ):
        registry = registry_rows(slugs[name])
        states = Counter(opd.website.state for opd in registry)
        assert states[ChannelState.REGISTERED] == leading_int(websites), name
        assert states[ChannelState.NONE] == leading_int(none_marks), name
        accounts = sum(
            opd.channels[kind].state is ChannelState.REGISTERED
            for opd in registry
            for kind in SOCIAL_KINDS
        )
        assert accounts == leading_int(socials), name


# --- Every filled value names its source ---------------------------------------------------


def unsourced(opd: OpdSeed) -> list[str]:
    """Filled channels (an address, or ``-``) whose source the row's notes do not name as
    ``Sumber <column>: <source>``."""
    return [
        kind
        for kind, entry in opd.channels.items()
        if entry.state is not ChannelState.UNKNOWN
        and not re.search(rf"\bSumber {kind}: \S[^;]{{9,}}", opd.notes)
    ]


def test_the_source_rule_catches_a_value_without_a_source() -> None:
    header = "region,code,name,short_name,kind,website,instagram,facebook,youtube,x,tiktok,notes"
    rows = [
        "Kota Uji,U-1,Dinas A,A,dinas,a.go.id,@a,,,,,Sumber website: berita 2025-01-02",
        "Kota Uji,U-2,Dinas B,B,dinas,-,,,,,,tidak punya",
        "Kota Uji,U-3,Dinas C,C,dinas,c.go.id,,,,,,Sumber website:",
    ]
    opds = load_text("\n".join([header, *rows]), file_label="uji.csv", region_slug="kota-uji").opds
    assert [unsourced(opd) for opd in opds] == [["instagram"], ["website"], ["website"]]


def test_every_filled_value_in_seeds_names_its_source() -> None:
    registry = load_paths([SEEDS])
    assert registry.ok
    real = [opd for opd in registry.opds if opd.region_slug not in NAMED_ONLY_REGIONS]
    filled = [opd for opd in real if any(
        entry.state is not ChannelState.UNKNOWN for entry in opd.channels.values()
    )]  # fmt: skip
    assert len(filled) >= 26  # 25 websites and Kota Serang's "-" at the time of writing
    missing = {f"{opd.region_slug}/{opd.code}": unsourced(opd) for opd in real if unsourced(opd)}
    assert missing == {}


# --- No guess, no region-level channel ---------------------------------------------------


def guesses() -> dict[str, tuple[re.Pattern[str], set[str]]]:
    """Per region slug: the host pattern the evidence README says is unverified, and the
    host names it lists as guesses (those seen in evidence, "pola dari …", left out)."""
    section = readme_section(EVIDENCE_README, "## Tebakan pola yang belum terverifikasi "
                             "(tidak dimasukkan ke CSV)")  # fmt: skip
    slugs = region_slug_by_name()
    found: dict[str, tuple[re.Pattern[str], set[str]]] = {}
    for bullet in re.split(r"\n- ", section)[1:]:
        name, text = bullet.split(":", 1)
        text = re.sub(r"\(pola dari [^)]*\)", "", " ".join(text.split()))
        prefix, domain = re.search(r"`([a-z]*)<[^>]+>\.([a-z0-9.-]+)`", text).groups()
        pattern = re.compile(rf"{prefix}[a-z0-9-]+\.{re.escape(domain)}")
        text = re.sub(r"`[^`]*`", "", text)
        tokens = re.findall(r"(?<![\w./@-])([a-z][a-z0-9-]*)\.(?=[\s,)]|$)", text)
        found[slugs[name.strip()]] = (pattern, {f"{token}.{domain}" for token in tokens})
    return found


def test_the_guesses_are_read_from_the_evidence() -> None:
    found = guesses()
    assert set(found) == set(REGIONS)
    serang_pattern, serang_hosts = found["kota-serang"]
    assert {"bappeda.serangkota.go.id", "kasemen.serangkota.go.id"} <= serang_hosts
    assert "dinkes.serangkota.go.id" not in serang_hosts  # evidenced, not a guess
    assert serang_pattern.fullmatch("bpbd.serangkota.go.id")
    cilegon_pattern, _ = found["kota-cilegon"]
    assert cilegon_pattern.fullmatch("kelcibeber.cilegon.go.id")
    assert not cilegon_pattern.fullmatch("dinkes.cilegon.go.id")
    assert "kominfo-sp.lebongkab.go.id" not in found["kabupaten-lebong"][1]


def test_no_unverified_guess_is_in_the_registry() -> None:
    """A guessed host is nowhere in the seed files, not even in notes; a host of a guessed
    pattern is registered only to the unit whose evidence names it."""
    found = guesses()
    text = "\n".join((SEEDS / f"{slug}.csv").read_text(encoding="utf-8") for slug in REGIONS)
    every_guess = set().union(*(hosts for _, hosts in found.values()))
    assert len(every_guess) >= 20
    named = [host for host in every_guess if re.search(rf"(?<![\w.-]){re.escape(host)}", text)]
    assert named == []
    for slug, (pattern, _) in found.items():
        evidence = {row["code"]: row for row in evidence_rows(slug)}
        for opd in registry_rows(slug):
            host = urlsplit(opd.website.url).hostname if opd.website.url else ""
            if host and pattern.fullmatch(host):
                assert evidence_channel("website", evidence[opd.code]["website"])[1] == (
                    opd.website.url
                ), f"{opd.code}: {host} fits the guessed pattern and has no evidence"


def test_region_level_channels_are_not_registered_to_an_opd() -> None:
    """Portals, PPID pages and the pemkot accounts belong to the region, not to one OPD."""
    section = readme_section(EVIDENCE_README, "## Kanal tingkat pemda (tidak dimasukkan sebagai "
                             "baris OPD)")  # fmt: skip
    hosts = {host.removeprefix("www.") for host in re.findall(r"(?:[a-z0-9-]+\.)+go\.id", section)}
    accounts = {normalise_social("instagram", handle) for handle in re.findall(r"@\w+", section)}
    assert {"serangkota.go.id", "ppid.serangkota.go.id", "cilegon.go.id"} <= hosts
    assert "https://instagram.com/pemkotserang" in accounts
    opds = [opd for slug in REGIONS for opd in registry_rows(slug)]
    website_hosts = {
        urlsplit(opd.website.url).hostname.removeprefix("www.") for opd in opds if opd.website.url
    }
    assert website_hosts.isdisjoint(hosts)
    social = {opd.channels[kind].url for opd in opds for kind in SOCIAL_KINDS}
    assert social.isdisjoint(accounts)


# --- The README's table ----------------------------------------------------------------------


def test_the_readme_counts_are_the_registrys() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = table_rows(readme_section(readme, "## Registri lima wilayah"))
    by_slug = {re.search(r"\(`([a-z0-9-]+)`\)", row[0]).group(1): row for row in rows}
    assert set(by_slug) == set(REGIONS)
    for slug, (_, units, kecamatan, kelurahan, websites, none_marks, socials) in by_slug.items():
        registry = registry_rows(slug)
        assert leading_int(units) == len(registry), slug
        assert leading_int(kecamatan) == sum(opd.kind == "kecamatan" for opd in registry), slug
        assert leading_int(kelurahan) == sum(opd.kind == "kelurahan" for opd in registry), slug
        assert leading_int(websites) == sum(
            opd.website.state is ChannelState.REGISTERED for opd in registry
        ), slug
        assert leading_int(none_marks) == sum(
            opd.website.state is ChannelState.NONE for opd in registry
        ), slug
        assert leading_int(socials) == sum(
            any(opd.channels[kind].state is ChannelState.REGISTERED for kind in SOCIAL_KINDS)
            for opd in registry
        ), slug
