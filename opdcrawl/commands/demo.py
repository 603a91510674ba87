"""``opdcrawl demo``: the whole product on bundled loopback sites, in one command.

Starts the demo OPD sites (opdcrawl.demo), crawls them with the real ``websites``
spider into a SQLite file, prints the per-OPD table and the region summary, checks each
site got the category its content implies, writes every report format, and stops the
servers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Named on every crawl and report below: "all regions" leaves the demo out.
from opdcrawl.registry import DEMO_REGION


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", default="demo-output", help="folder hasil (basis data, log, laporan)"
    )
    parser.add_argument(
        "--fresh", action="store_true", help="hapus basis data demo lama sebelum crawl"
    )


def run(args: argparse.Namespace) -> int:
    from opdcrawl.crawl import run_crawl
    from opdcrawl.db.engine import make_engine, session_factory
    from opdcrawl.demo.server import DemoServer
    from opdcrawl.demo.sites import DEMO_SITES
    from opdcrawl.report import build_reports
    from opdcrawl.report.data import load_region_reports
    from opdcrawl.report.text import render_text

    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    db_file = out / "opdcrawl-demo.db"
    if args.fresh and db_file.exists():
        db_file.unlink()
    database_url = f"sqlite:///{db_file}"
    log_file = out / "crawl.log"
    log_file.unlink(missing_ok=True)  # Scrapy appends to LOG_FILE; keep one run per demo

    print("Menyalakan situs demo di 127.0.0.21-31:8765 ...", flush=True)
    try:
        server = DemoServer()
        server.start()
    except OSError as exc:
        print(
            f"Gagal menyalakan situs demo: {exc}. Apakah demo lain masih berjalan?", file=sys.stderr
        )
        return 2
    try:
        print("Menjalankan: scrapy crawl websites -a region=demo", flush=True)
        result = run_crawl(
            "websites", database_url=database_url, region=DEMO_REGION, log_file=log_file
        )
    finally:
        server.stop()
    if result.returncode != 0:
        print(f"Crawl gagal (kode {result.returncode}); lihat {log_file}", file=sys.stderr)
        print(result.stderr[-2000:], file=sys.stderr)
        return 1

    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        reports = load_region_reports(session, [DEMO_REGION], "latest")
    for report in reports:
        print()
        print(render_text(report))
    mismatches = compare_with_expected(reports, DEMO_SITES)
    print()
    if mismatches:
        print(f"PERHATIAN: {len(mismatches)} OPD demo tidak mendapat kategori yang diharapkan:")
        for line in mismatches:
            print(f"  - {line}")
    else:
        print(f"Semua {len(DEMO_SITES)} OPD demo mendapat kategori yang diharapkan.")

    paths = build_reports(
        engine,
        regions=[DEMO_REGION],
        formats=["xlsx", "csv", "json", "html"],
        out_dir=out / "laporan",
    )
    engine.dispose()
    print()
    print(f"Basis data : {db_file}")
    print(f"Log crawl  : {log_file}")
    print("Laporan    :")
    for path in paths:
        print(f"  {path}")
    return 1 if mismatches else 0


def compare_with_expected(reports: list, sites: dict) -> list[str]:
    """Lines naming each demo OPD whose category differs from what its content implies."""
    got = {row.opd_code: row.category for report in reports for row in report.opds}
    lines = []
    for code, spec in sites.items():
        category = got.get(code)
        if category != str(spec.expected_category):
            lines.append(
                f"{code} {spec.name}: dapat {category!r}, harapan {spec.expected_category!s}"
            )
    return lines
