"""``opdcrawl seeds``: check the registry files, show what they say, start a new one.

``check`` is what an operator runs after editing a CSV in a spreadsheet: every problem
as ``file:line: reason`` and a non-zero exit on errors, so it can also guard a deploy.
``list`` shows each OPD's channel states, the progress towards "every OPD registered".
Both say how to select the demo region, which "all regions" leaves out. ``template``
writes a blank registry (CSV, or Excel with an instructions sheet) for a new region.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from opdcrawl.registry import (
    CSV_SUFFIX,
    NAMED_ONLY_REGIONS,
    XLSX_SUFFIX,
    ChannelState,
    OpdSeed,
    Registry,
    is_valid_slug,
    load,
    load_packaged,
    load_paths,
)
from opdcrawl.vocabulary import CHANNEL_KINDS

# How a channel state is shown in the ``list`` table.
STATE_MARKS: dict[ChannelState, str] = {
    ChannelState.REGISTERED: "ada",
    ChannelState.UNKNOWN: "?",
    ChannelState.NONE: "-",
}
# A cell that could not be read (a bad social handle): flagged, its OPD still listed.
UNREADABLE_MARK = "!"
STATE_WORDS: dict[ChannelState, str] = {
    ChannelState.REGISTERED: "terdaftar",
    ChannelState.UNKNOWN: "belum diisi",
    ChannelState.NONE: "tidak punya",
}
CHANNEL_TITLES: dict[str, str] = {
    "website": "Website",
    "instagram": "IG",
    "facebook": "FB",
    "youtube": "YT",
    "x": "X",
    "tiktok": "TikTok",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(
        dest="seeds_action", required=True, metavar="{check,list,template}"
    )
    check = actions.add_parser(
        "check",
        help="Periksa berkas seeds dan laporkan setiap masalah sebagai berkas:baris: alasan",
        description="Periksa berkas registri OPD. Tanpa PATH: folder seeds bawaan paket "
        "(atau OPDCRAWL_SEEDS_DIR bila diisi), termasuk demo.csv.",
    )
    check.add_argument("paths", nargs="*", metavar="PATH", help="berkas .csv/.xlsx atau folder")
    listing = actions.add_parser(
        "list",
        help="Tampilkan OPD dan status kanalnya",
        description="Tampilkan OPD dan status setiap kanal: ada, ? (belum diisi), - (tidak punya). "
        "Tanpa --region: semua wilayah kecuali demo (pilih dengan --region demo).",
    )
    listing.add_argument(
        "--region",
        action="append",
        metavar="SLUG",
        help="hanya wilayah ini (boleh diulang); wilayah demo hanya tampil bila disebut",
    )
    listing.add_argument(
        "--seeds", metavar="PATH", help="folder atau berkas seeds (bawaan: seeds paket)"
    )
    template = actions.add_parser(
        "template",
        help="Tulis templat registri kosong untuk wilayah baru (CSV atau Excel)",
        description="Tulis templat registri: baris judul dan satu baris contoh; dengan --xlsx "
        "(atau PATH berakhiran .xlsx) sebuah workbook Excel dengan lembar petunjuk. Nama "
        "berkas adalah slug wilayah, mis. seeds/kota-serang.xlsx.",
    )
    template.add_argument("path", metavar="PATH", help="berkas yang ditulis, mis. kota-serang.csv")
    template.add_argument("--xlsx", action="store_true", help="tulis workbook Excel (.xlsx)")


def run(args: argparse.Namespace) -> int:
    if args.seeds_action == "check":
        return run_check(args.paths)
    if args.seeds_action == "template":
        return run_template(args.path, xlsx=args.xlsx)
    return run_list(args.seeds, args.region)


def _default_source() -> str | None:
    return os.environ.get("OPDCRAWL_SEEDS_DIR") or None


MISSING_SEEDS = {
    "env": (
        "Folder seeds tidak ditemukan: {path} (dari variabel lingkungan OPDCRAWL_SEEDS_DIR="
        "{given}). Perbaiki OPDCRAWL_SEEDS_DIR, atau kosongkan untuk memakai seeds bawaan paket."
    ),
    "option": (
        "Folder atau berkas seeds tidak ditemukan: {path} (dari --seeds {given}). "
        "Tanpa --seeds dipakai seeds bawaan paket."
    ),
}


def _missing_source(given: str | None, origin: str) -> bool:
    """Say so when the seeds folder named by ``origin`` does not exist; True if missing."""
    if not given or Path(given).exists():
        return False
    message = MISSING_SEEDS[origin].format(path=Path(given).absolute(), given=given)
    print(message, file=sys.stderr)
    return True


def run_check(paths: list[str]) -> int:
    if not paths and _missing_source(_default_source(), "env"):
        return 1
    source = paths or ([_default_source()] if _default_source() else [])
    registry = load_paths(source) if source else load_packaged(with_demo=True)
    for problem in registry.problems:
        print(problem)
    named_only = [slug for slug in registry.regions() if slug in NAMED_ONLY_REGIONS]
    if named_only:
        print(named_only_note(named_only, checked=True))
    print(summary(registry))
    return 0 if registry.ok else 1


TEMPLATE_MESSAGES = {
    "suffix": "Berkas '{path}' berakhiran {suffix}, padahal --xlsx meminta .xlsx; "
    "pilih salah satu.",
    "slug": "Nama berkas '{name}' bukan slug wilayah yang sah (huruf kecil, angka dan '-', "
    "misalnya kota-serang{suffix}).",
    "exists": "Berkas sudah ada, tidak ditimpa: {path}",
    "unwritable": "Templat tidak dapat ditulis ke {path}: {reason}",
    "written": "Templat registri ditulis: {path}\nIsi satu baris per OPD (ganti atau hapus baris "
    "contoh), lalu periksa dengan: opdcrawl seeds check {path}",
}


def run_template(path_text: str, *, xlsx: bool) -> int:
    """Write a blank registry; never overwrites a file an office may have filled in."""
    from opdcrawl.registry_template import region_name_for, write_csv, write_xlsx

    path = Path(path_text)
    suffix = path.suffix.lower()
    if suffix == XLSX_SUFFIX:
        xlsx = True
    elif suffix == CSV_SUFFIX and xlsx:
        print(TEMPLATE_MESSAGES["suffix"].format(path=path, suffix=path.suffix), file=sys.stderr)
        return 2
    elif suffix != CSV_SUFFIX:
        path = path.with_name(path.name + (XLSX_SUFFIX if xlsx else CSV_SUFFIX))
    wanted_suffix = XLSX_SUFFIX if xlsx else CSV_SUFFIX
    slug = path.name[: -len(wanted_suffix)]
    if not is_valid_slug(slug):
        print(
            TEMPLATE_MESSAGES["slug"].format(name=path.name, suffix=wanted_suffix), file=sys.stderr
        )
        return 2
    shown = path.absolute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        (write_xlsx if xlsx else write_csv)(path, region_name_for(slug))
    except FileExistsError:
        print(TEMPLATE_MESSAGES["exists"].format(path=shown), file=sys.stderr)
        return 1
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(TEMPLATE_MESSAGES["unwritable"].format(path=shown, reason=reason), file=sys.stderr)
        return 1
    print(TEMPLATE_MESSAGES["written"].format(path=path))
    return 0


def named_only_note(slugs: list[str], *, checked: bool = False) -> str:
    """How to select the regions "all regions" leaves out (the demo)."""
    names = ", ".join(slugs)
    first = slugs[0]
    done = "ikut diperiksa, tetapi " if checked else ""
    return (
        f'Catatan: wilayah {names} (situs demo lokal) {done}tidak termasuk "semua wilayah" '
        f"(crawl tanpa region atau region=all); pilih dengan namanya: "
        f"scrapy crawl websites -a region={first}, opdcrawl seeds list --region {first}."
    )


def summary(registry: Registry) -> str:
    """One line in the words an operator reads: files, OPDs loaded, errors, warnings."""
    return (
        f"{len(registry.sources)} berkas, {len(registry.opds)} OPD dimuat, "
        f"{len(registry.errors)} galat, {len(registry.warnings)} peringatan"
    )


def run_list(source: str | None, regions: list[str] | None) -> int:
    if _missing_source(source, "option") or (
        not source and _missing_source(_default_source(), "env")
    ):
        return 1
    registry = load(source or _default_source(), regions)
    for problem in registry.errors:
        print(problem)
    for slug, name in registry.regions().items():
        opds = registry.for_regions([slug])
        print(f"\n{name} ({slug}): {len(opds)} OPD")
        print(format_table(opds))
        print(channel_totals(opds))
    legend = "ada = terdaftar, ? = belum diisi, - = tidak punya"
    if any(entry.problem for opd in registry.opds for entry in opd.channels.values()):
        legend += f", {UNREADABLE_MARK} = isi sel tidak sah (alasannya: opdcrawl seeds check)"
    print(f"\nKeterangan: {legend}. {summary(registry)}")
    if registry.left_out:
        print(named_only_note(registry.left_out))
    return 0 if registry.ok else 1


def format_table(opds: list[OpdSeed]) -> str:
    header = ["Kode", "Singkatan", "Jenis", *(CHANNEL_TITLES[kind] for kind in CHANNEL_KINDS)]
    rows = [header]
    for opd in opds:
        website = opd.website
        cells = [opd.code, opd.short_name, opd.kind]
        cells.append(website.url or STATE_MARKS[website.state])
        cells.extend(
            UNREADABLE_MARK if opd.channels[kind].problem else STATE_MARKS[opd.channels[kind].state]
            for kind in CHANNEL_KINDS[1:]
        )
        rows.append(cells)
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def channel_totals(opds: list[OpdSeed]) -> str:
    """Per channel: how many registered, unknown and confirmed absent."""
    parts = []
    for kind in CHANNEL_KINDS:
        counts = {state: 0 for state in ChannelState}
        for opd in opds:
            counts[opd.channels[kind].state] += 1
        words = ", ".join(f"{counts[state]} {STATE_WORDS[state]}" for state in ChannelState)
        parts.append(f"{CHANNEL_TITLES[kind]}: {words}")
    return "\n".join(parts)
