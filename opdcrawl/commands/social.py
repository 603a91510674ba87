"""``opdcrawl social``: record by hand the social accounts nothing can read.

``record`` stores what an operator saw on one account (X without an API token, a private
account, a platform that refuses the server): its newest post, optionally how many posts
in 90 days and a note; ``import`` does the same for every row of a CSV, each row checked
on its own (``file:line: reason``), the good rows recorded; ``list-manual`` shows which
accounts are judged from a manual record now. Each record is a check of a ``manual`` run,
scored with the platform's rules (``opdcrawl.manual``), so views and reports use it until
an automatic check reads the account again.

Exit codes: 0 stored; 1 some rows of an import were refused (the others are stored);
2 nothing stored (a refused record, a file that cannot be read, no database).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from opdcrawl.commands import region_list

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from opdcrawl.freshness import FreshnessRules
    from opdcrawl.items import ChannelCheck
    from opdcrawl.manual import Catalog, ManualRecord

__all__ = ["add_arguments", "run"]

URL_HELP = "URL basis data (bawaan: env DATABASE_URL, lalu sqlite:///opdcrawl.db)"
MESSAGES = {
    "no_database": "Basis data {url} tidak dapat dibuka: {error}",
    "empty": (
        "Basis data {url} belum berisi registri OPD; jalankan 'opdcrawl db sync' "
        "(atau 'opdcrawl db sync --region <wilayah>') dulu."
    ),
    "refused": "Tidak dicatat: {reason}",
    "no_file": "Berkas tidak ditemukan: {path}",
    "superseded": (
        "Catatan ini dipakai view dan laporan sampai pemeriksaan otomatis yang lebih baru "
        "membaca akun itu."
    ),
    "imported": "{stored} baris dicatat (crawl manual #{run_id}), {refused} baris ditolak.",
    "nothing_imported": "Tidak ada baris yang dicatat; {refused} baris ditolak.",
    "none_in_effect": "Tidak ada akun yang saat ini dinilai dari catatan manual.",
    "in_effect": (
        "{count} akun dinilai dari catatan manual (yang sudah digantikan pemeriksaan "
        "otomatis tidak ditampilkan)."
    ),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(
        dest="social_action", required=True, metavar="{record,import,list-manual}"
    )
    record = actions.add_parser(
        "record",
        help="Catat manual posting terakhir satu akun media sosial",
        description="Catat apa yang dilihat operator pada akun yang tidak dapat dibaca crawl "
        "(X tanpa token, akun privat, platform yang menolak server). Akun harus terdaftar "
        "di registri dan sudah disinkronkan ke basis data (opdcrawl db sync).",
    )
    record.add_argument("code", metavar="KODE-OPD", help="kode OPD, mis. SRG-04")
    record.add_argument(
        "platform", metavar="PLATFORM", help="instagram, facebook, youtube, x atau tiktok"
    )
    record.add_argument(
        "--last-post",
        required=True,
        metavar="YYYY-MM-DD",
        help="tanggal posting terakhir yang terlihat (WIB), mis. 2025-03-01",
    )
    record.add_argument(
        "--posts-90d",
        metavar="N",
        help="jumlah posting dalam 90 hari terakhir (bila dihitung; tanpa ini hanya posting "
        "terakhir yang dihitung)",
    )
    record.add_argument("--note", default="", help="catatan operator, mis. 'akun privat'")
    record.add_argument(
        "--region", metavar="SLUG", help="wilayah OPD (perlu bila kodenya ada di >1 wilayah)"
    )
    record.add_argument("--url", help=URL_HELP)

    importing = actions.add_parser(
        "import",
        help="Catat manual banyak akun dari berkas CSV",
        description="Kolom CSV: region, code, platform, last_post (YYYY-MM-DD), posts_90d "
        "(boleh kosong), note (boleh kosong). Setiap baris diperiksa sendiri; baris yang "
        "benar tetap dicatat, yang salah dilaporkan sebagai berkas:baris: alasan (kode 1).",
    )
    importing.add_argument("file", metavar="BERKAS.csv")
    importing.add_argument("--url", help=URL_HELP)

    listing = actions.add_parser(
        "list-manual",
        help="Tampilkan akun yang saat ini dinilai dari catatan manual",
        description="Akun yang pemeriksaan terbarunya catatan manual. Tanpa --region: semua "
        "wilayah kecuali demo.",
    )
    listing.add_argument(
        "--region", action="append", metavar="SLUG", help="hanya wilayah ini (boleh diulang)"
    )
    listing.add_argument("--url", help=URL_HELP)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from opdcrawl.db.engine import database_url, make_engine, migrate, session_factory

    url = args.url or database_url(None)
    engine = None
    try:
        engine = make_engine(url)
        migrate(engine)  # the store writes the current schema; a fresh file gets it
        with session_factory(engine)() as session:
            if args.social_action == "list-manual":
                return _list_manual(session, region_list(args.region))
            return _record_or_import(session, args, _safe_url(url))
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        print(MESSAGES["no_database"].format(url=_safe_url(url), error=reason), file=sys.stderr)
        return 2
    finally:
        if engine is not None:
            engine.dispose()


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def rules_for_kinds() -> Callable[[str], FreshnessRules]:
    """The freshness rules per platform from the project's settings (``opdcrawl.settings``),
    read as a crawl reads them, so a manual record is judged like the spider's checks."""
    from scrapy.settings import Settings

    from opdcrawl.freshness import FreshnessRules

    settings = Settings()
    settings.setmodule("opdcrawl.settings", priority="project")
    cache: dict[str, FreshnessRules] = {}

    def rules(kind: str) -> FreshnessRules:
        if kind not in cache:
            cache[kind] = FreshnessRules.from_settings(settings, kind)
        return cache[kind]

    return rules


def _record_or_import(session: Session, args: argparse.Namespace, safe_url: str) -> int:
    from opdcrawl.dates import JAKARTA
    from opdcrawl.db import store
    from opdcrawl.manual import Catalog, Target

    catalog = Catalog(Target(**row) for row in store.registry_channels(session))
    if not catalog:
        print(MESSAGES["empty"].format(url=safe_url), file=sys.stderr)
        return 2
    now = datetime.now(JAKARTA)
    rules = rules_for_kinds()
    if args.social_action == "record":
        return _record(session, catalog, args, now, rules)
    return _import(session, catalog, Path(args.file), now, rules)


def _store(
    session: Session,
    records: list[ManualRecord],
    now: datetime,
    rules: Callable[[str], FreshnessRules],
    stats: dict[str, Any],
) -> tuple[int, list[ChannelCheck]]:
    from opdcrawl import __version__
    from opdcrawl.db import store
    from opdcrawl.manual import build_check

    checks = [build_check(r, now=now, rules=rules(r.target.kind)) for r in records]
    pairs = [(r.target.channel_id, c) for r, c in zip(records, checks, strict=True)]
    run_id = store.record_manual_run(
        session, pairs, crawl_time=now, version=__version__, stats=stats
    )
    return run_id, checks


def _record(
    session: Session,
    catalog: Catalog,
    args: argparse.Namespace,
    now: datetime,
    rules: Callable[[str], FreshnessRules],
) -> int:
    from opdcrawl.manual import ManualError, make_record

    try:
        record = make_record(
            catalog,
            code=args.code,
            platform=args.platform,
            last_post=args.last_post,
            posts_90d=args.posts_90d,
            note=args.note,
            region=args.region,
            now=now,
        )
    except ManualError as error:
        print(MESSAGES["refused"].format(reason=error), file=sys.stderr)
        return 2
    run_id, (check,) = _store(
        session, [record], now, rules, {"manual_records": 1, "source": "opdcrawl social record"}
    )
    print(describe(record, check, run_id, rules(record.target.kind)))
    print(MESSAGES["superseded"])
    return 0


def describe(record: ManualRecord, check: ChannelCheck, run_id: int, rules: Any) -> str:
    """What was stored, in the words an operator reads."""
    from opdcrawl.dates import to_jakarta

    target = record.target
    days = (check.checked_at - check.last_post_at).days if check.last_post_at else None
    if record.posts_90d is None:
        count = f"{check.posts_90d} (tidak diisi: hanya posting terakhir yang dihitung)"
    else:
        count = f"{check.posts_90d} (menurut operator)"
    return "\n".join(
        [
            f"Dicatat manual (crawl manual #{run_id}, "
            f"{to_jakarta(check.checked_at):%Y-%m-%d %H:%M} WIB):",
            f"  OPD              : {target.opd_code} {target.opd_name} ({target.region_name})",
            f"  akun             : {target.kind} {target.url}",
            f"  posting terakhir : {record.last_post.isoformat()} ({days} hari lalu)",
            f"  posting 90 hari  : {count}",
            f"  frekuensi        : {check.cadence}",
            f"  kategori         : {check.category}",
            f"  skor             : {check.score}",
            f"  aturan {target.kind:<9} : Aktif bila posting terakhir ≤ {rules.active_max_days} "
            f"hari dan ≥ {rules.active_min_posts_90d} posting dalam 90 hari; Kurang Aktif "
            f"bila ≤ {rules.less_active_max_days} hari",
            f"  catatan          : {check.notes[0]}",
        ]
    )


def _import(
    session: Session,
    catalog: Catalog,
    path: Path,
    now: datetime,
    rules: Callable[[str], FreshnessRules],
) -> int:
    from opdcrawl.manual import ManualError, Problem, make_record, read_import

    if not path.is_file():
        print(MESSAGES["no_file"].format(path=path), file=sys.stderr)
        return 2
    parsed = read_import(path.read_bytes(), str(path))
    problems = list(parsed.problems)
    records: list[tuple[int, ManualRecord]] = []
    seen: dict[int, int] = {}  # channel id -> line that recorded it
    for line, cells in parsed.rows:
        try:
            record = make_record(
                catalog,
                code=cells["code"],
                platform=cells["platform"],
                last_post=cells["last_post"],
                posts_90d=cells.get("posts_90d"),
                note=cells.get("note"),
                region=cells["region"],
                now=now,
            )
        except ManualError as error:
            problems.append(Problem(parsed.label, line, str(error)))
            continue
        channel = record.target.channel_id
        if channel in seen:
            problems.append(
                Problem(
                    parsed.label,
                    line,
                    f"akun {record.target.kind} OPD {record.target.opd_code} sudah ada di "
                    f"baris {seen[channel]}; baris dilewati",
                )
            )
            continue
        seen[channel] = line
        records.append((line, record))
    if records:
        stats = {"manual_records": len(records), "source": f"opdcrawl social import {path.name}"}
        run_id, checks = _store(session, [r for _, r in records], now, rules, stats)
        for (line, record), check in zip(records, checks, strict=True):
            target = record.target
            print(
                f"baris {line}: {target.kind} {target.opd_code} ({target.region_slug}), "
                f"posting terakhir {record.last_post.isoformat()}: {check.category}, "
                f"skor {check.score}"
            )
    for problem in sorted(problems, key=lambda p: p.line):
        print(problem, file=sys.stderr)
    if records:
        summary = MESSAGES["imported"]
        print(summary.format(stored=len(records), run_id=run_id, refused=len(problems)))
    else:
        print(MESSAGES["nothing_imported"].format(refused=len(problems)))
    return 1 if problems else 0


def _list_manual(session: Session, regions: list[str] | None) -> int:
    from opdcrawl.dates import to_jakarta
    from opdcrawl.db import store

    rows = store.manual_checks_in_effect(session, regions)
    if not rows:
        print(MESSAGES["none_in_effect"])
        return 0
    table = [("Wilayah", "Kode", "Platform", "Posting", "Kategori", "Skor", "Dicatat", "Catatan")]
    for row in rows:
        last = row["last_post_at"]
        table.append(
            (
                row["region_slug"],
                row["opd_code"],
                row["channel_kind"],
                to_jakarta(last).date().isoformat() if last else "-",
                row["category"] or "-",
                "-" if row["score"] is None else str(row["score"]),
                f"{to_jakarta(row['checked_at']):%Y-%m-%d %H:%M}",
                (row["notes"] or ["-"])[0],
            )
        )
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]) - 1)]
    for index, line in enumerate(table):
        cells = [cell.ljust(width) for cell, width in zip(line, widths, strict=False)]
        print("  ".join([*cells, line[-1]]).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in [*widths, 7]))
    print()
    print(MESSAGES["in_effect"].format(count=len(rows)))
    return 0
