"""``opdcrawl demo``: the whole product on bundled loopback sites, in one command.

Starts the demo OPD sites (opdcrawl.demo) and the loopback imitations of the social
platforms (``opdcrawl.demo.platforms``, with the accounts of ``opdcrawl.demo.social``),
crawls them with the real ``websites`` and ``social`` spiders into one SQLite file,
prints the per-OPD table and the region summary, then the social accounts side by side
with each OPD's website category, checks each site and account got the category (or
status) its content implies, writes every report format, and stops the servers.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

# Named on every crawl and report below: "all regions" leaves the demo out.
from opdcrawl.registry import DEMO_REGION

SOCIAL_KINDS: tuple[tuple[str, str], ...] = (
    ("instagram", "Instagram"),
    ("facebook", "Facebook"),
    ("youtube", "YouTube"),
    ("x", "X"),
    ("tiktok", "TikTok"),
)
NOT_CHECKED = "Belum Dicek"  # registered, but no check (as the reports say)
# The demo sites and platforms listen on loopback, which a production crawl refuses
# (opdcrawl.netguard): both demo crawls allow it explicitly.
LOOPBACK_ALLOWED = {"OPDCRAWL_ALLOW_PRIVATE_ADDRESSES": "True"}
_CODE_WIDTH = 8
_WEBSITE_WIDTH = 19
_ACCOUNT_WIDTH = 20


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", default="demo-output", help="folder hasil (basis data, log, laporan)"
    )
    parser.add_argument(
        "--fresh", action="store_true", help="hapus basis data demo lama sebelum crawl"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=None,
        help="0 = port bebas untuk setiap situs demo (registri demo ditulis ulang ke folder "
        "hasil), agar bisa berjalan di samping demo lain; bawaan: 8765 seperti seeds/demo.csv",
    )


def run(args: argparse.Namespace) -> int:
    from opdcrawl.crawl import run_crawl
    from opdcrawl.db.engine import make_engine, session_factory
    from opdcrawl.demo.platforms import X_TOKEN, PlatformServer
    from opdcrawl.demo.server import DemoServer
    from opdcrawl.demo.sites import DEMO_SITES, jakarta_now
    from opdcrawl.demo.social import account_specs
    from opdcrawl.report import build_reports
    from opdcrawl.report.build import attach_registry
    from opdcrawl.report.data import load_region_reports
    from opdcrawl.report.text import render_text

    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    db_file = out / "opdcrawl-demo.db"
    if args.fresh and db_file.exists():
        db_file.unlink()
    database_url = f"sqlite:///{db_file}"
    log_file = out / "crawl.log"
    social_log_file = out / "crawl-social.log"
    for log in (log_file, social_log_file):
        log.unlink(missing_ok=True)  # Scrapy appends to LOG_FILE; keep one run per demo
    port = getattr(args, "port", None)

    where = "127.0.0.21-31:8765" if port is None else f"127.0.0.21-31 (port {port or 'bebas'})"
    print(f"Menyalakan situs demo di {where} ...", flush=True)
    server = DemoServer() if port is None else DemoServer(port=port)
    platforms = PlatformServer(account_specs(), jakarta_now())
    try:
        server.start()
        platforms.start()
    except OSError as exc:
        server.stop()
        platforms.stop()
        print(
            f"Gagal menyalakan situs demo: {exc}. Apakah demo lain masih berjalan?", file=sys.stderr
        )
        return 2
    try:
        # Fixed ports: the packaged seeds/demo.csv names them. Other ports: a copy of it
        # pointing at where the sites listen, used by both crawls (the registry is synced
        # into SQL at each crawl start, so both must read the same one).
        seeds = None if port is None else write_seeds(server.urls, out / "seeds")
        print(
            f"Menyalakan tiruan platform media sosial di {platforms.url_for('platforms')} ...",
            flush=True,
        )
        print("Menjalankan: scrapy crawl websites -a region=demo", flush=True)
        result = run_crawl(
            "websites",
            database_url=database_url,
            region=DEMO_REGION,
            seeds=seeds,
            settings=LOOPBACK_ALLOWED,
            log_file=log_file,
        )
        failed = crawl_failed(result, log_file)
        if failed:
            return failed
        print("Menjalankan: scrapy crawl social -a region=demo", flush=True)
        result = run_crawl(
            "social",
            database_url=database_url,
            region=DEMO_REGION,
            seeds=seeds,
            # Where the platforms are (loopback) and the demo X token; politeness is the
            # production default (DOWNLOAD_SLOTS per platform).
            settings={
                **LOOPBACK_ALLOWED,
                "OPDCRAWL_SOCIAL_BASE_URLS": json.dumps(platforms.base_urls),
                "OPDCRAWL_X_BEARER_TOKEN": X_TOKEN,
            },
            log_file=social_log_file,
        )
        failed = crawl_failed(result, social_log_file)
        if failed:
            return failed
    finally:
        platforms.stop()
        server.stop()

    engine = make_engine(database_url)
    with session_factory(engine)() as session:
        reports = load_region_reports(session, [DEMO_REGION], "latest")
    attach_registry(reports, str(seeds) if seeds else None)  # rows skipped, if any
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

    social_mismatches = print_social(engine)

    paths = build_reports(
        engine,
        regions=[DEMO_REGION],
        formats=["xlsx", "csv", "json", "html"],
        out_dir=out / "laporan",
        seeds=str(seeds) if seeds else None,
    )
    engine.dispose()
    print()
    print(f"Basis data : {db_file}")
    print(f"Log crawl  : {log_file}")
    print(f"             {social_log_file}")
    print("Laporan    :")
    for path in paths:
        print(f"  {path}")
    print(f"Dasbor     : opdcrawl serve --url {database_url}")
    print("             lalu buka http://127.0.0.1:8050/ (Ctrl-C untuk berhenti)")
    return 1 if mismatches or social_mismatches else 0


def crawl_failed(result: Any, log_file: Path) -> int:
    """1 (after saying why) when a crawl exited with an error, else 0."""
    if result.returncode == 0:
        return 0
    print(f"Crawl gagal (kode {result.returncode}); lihat {log_file}", file=sys.stderr)
    print(result.stderr[-2000:], file=sys.stderr)
    return 1


def write_seeds(urls: dict[str, str], folder: Path) -> Path:
    """A copy of the packaged seeds/demo.csv with each website where its site listens."""
    import importlib.resources

    from opdcrawl.registry import COLUMNS

    text = (importlib.resources.files("seeds") / "demo.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    for row in rows:
        if row["code"] in urls and row["website"] not in ("", "-"):
            row["website"] = urls[row["code"]]
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "demo.csv").open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return folder


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


# --- Social accounts ----------------------------------------------------------------------


def load_social(engine: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The demo's OPDs (``v_opd_latest``) and their social channels (``v_channel_latest``)."""
    from sqlalchemy import text

    kinds = ", ".join(f"'{kind}'" for kind, _ in SOCIAL_KINDS)
    with engine.connect() as connection:
        opds = connection.execute(
            text(
                "SELECT opd_code, opd_name, region_name, category FROM v_opd_latest"
                " WHERE region_slug = :region ORDER BY opd_code"
            ),
            {"region": DEMO_REGION},
        ).mappings()
        opds = [dict(row) for row in opds]
        channels = connection.execute(
            text(
                "SELECT opd_code, channel_kind, state, url, run_id, reachable, error_class,"
                " category, days_since_last_post, posts_90d FROM v_channel_latest"
                f" WHERE region_slug = :region AND channel_kind IN ({kinds})"
                " ORDER BY opd_code"
            ),
            {"region": DEMO_REGION},
        ).mappings()
        channels = [dict(row) for row in channels]
    return opds, channels


def account_text(channel: dict[str, Any] | None) -> str:
    """What the table shows for one account: its category, or why it was not judged."""
    from opdcrawl.reachability import info

    if channel is None or channel["state"] == "unknown":
        return ""  # the registry cell is empty: not known whether the OPD has one
    if channel["state"] == "none":
        return "-"  # the registry says the OPD has no account there
    if channel["error_class"]:
        return info(channel["error_class"]).label
    return channel["category"] or NOT_CHECKED


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_social(opds: list[dict[str, Any]], channels: list[dict[str, Any]]) -> str:
    """Per OPD its website category and each platform's account, then a sentence."""
    by_key = {(row["opd_code"], row["channel_kind"]): row for row in channels}
    region = opds[0]["region_name"] if opds else DEMO_REGION
    widths = (_CODE_WIDTH, _WEBSITE_WIDTH, *[_ACCOUNT_WIDTH] * len(SOCIAL_KINDS))
    header = " ".join(
        name.ljust(width)
        for name, width in zip(
            ("Kode OPD", "Website", *(label for _, label in SOCIAL_KINDS)), widths, strict=True
        )
    ).rstrip()
    lines = [f"Media sosial OPD — {region}", "", header, "-" * len(header)]
    for opd in opds:
        cells = [opd["opd_code"], opd["category"] or NOT_CHECKED]
        cells += [account_text(by_key.get((opd["opd_code"], kind))) for kind, _ in SOCIAL_KINDS]
        lines.append(
            " ".join(
                _fit(cell, width).ljust(width) for cell, width in zip(cells, widths, strict=True)
            ).rstrip()
        )
    lines += [
        "",
        "Sel kosong: kolom registri belum diisi; -: OPD tidak punya akun di platform itu.",
        "",
        social_sentence(region, channels),
    ]
    order = [kind for kind, _ in SOCIAL_KINDS]
    details = sorted(
        (row for row in channels if row["state"] == "registered"),
        key=lambda row: (row["opd_code"], order.index(row["channel_kind"])),
    )
    if details:
        lines += ["", "Rincian akun:"]
        labels = dict(SOCIAL_KINDS)
        for row in details:
            address = (row["url"] or "").removeprefix("https://")
            lines.append(
                f"  {row['opd_code']:<8} {labels[row['channel_kind']]:<9} "
                f"{_fit(address, 30):<30} {_fit(account_text(row), 20):<20} "
                f"{account_evidence(row)}".rstrip()
            )
    return "\n".join(lines) + "\n"


def account_evidence(row: dict[str, Any]) -> str:
    if row["error_class"] or row["run_id"] is None:
        return ""
    if row["days_since_last_post"] is None:
        return "tidak ada unggahan bertanggal"
    return (
        f"unggahan terakhir {row['days_since_last_post']} hari lalu, "
        f"{row['posts_90d']} dalam 90 hari"
    )


def social_sentence(region: str, channels: list[dict[str, Any]]) -> str:
    """ "Dari 9 akun media sosial terdaftar di Kota Demo, 3 aktif, … ." """
    from opdcrawl.vocabulary import Category

    registered = [row for row in channels if row["state"] == "registered"]
    if not registered:
        return f"Belum ada akun media sosial terdaftar untuk {region}."
    judged: Counter[str] = Counter()
    not_judged: Counter[str] = Counter()
    for row in registered:
        if row["error_class"]:
            not_judged[account_text(row)] += 1
        else:
            judged[row["category"] or NOT_CHECKED] += 1
    parts = [
        f"{judged[category]} {category.lower()}"
        for category in (Category.AKTIF, Category.KURANG_AKTIF, Category.TIDAK_AKTIF)
        if judged[category]
    ]
    if judged[NOT_CHECKED]:
        parts.append(f"{judged[NOT_CHECKED]} belum dicek")
    if not_judged:
        reasons = ", ".join(f"{label.lower()} {n}" for label, n in sorted(not_judged.items()))
        parts.append(f"{sum(not_judged.values())} tidak dapat dinilai ({reasons})")
    joined = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " dan " + parts[-1]
    return f"Dari {len(registered)} akun media sosial terdaftar di {region}, {joined}."


def compare_social(
    channels: list[dict[str, Any]], expected: dict[tuple[str, str], str]
) -> list[str]:
    """Lines naming each demo account whose category or status differs from its spec."""
    got: dict[tuple[str, str], str | None] = {
        (row["opd_code"], row["channel_kind"]): row["error_class"] or row["category"]
        for row in channels
        if row["state"] == "registered"
    }
    lines = []
    for key in sorted(set(got) | set(expected)):
        if got.get(key) != expected.get(key):
            code, kind = key
            lines.append(f"{code} {kind}: dapat {got.get(key)!r}, harapan {expected.get(key)!r}")
    return lines


def print_social(engine: Any) -> list[str]:
    """Print the social table and the self-check; return the mismatches."""
    from opdcrawl.demo.social import expected_by_channel

    opds, channels = load_social(engine)
    print()
    print(render_social(opds, channels))
    mismatches = compare_social(channels, expected_by_channel())
    if mismatches:
        print(
            f"PERHATIAN: {len(mismatches)} akun media sosial demo tidak mendapat kategori "
            "atau status yang diharapkan:"
        )
        for line in mismatches:
            print(f"  - {line}")
    else:
        print(
            f"Semua {len(expected_by_channel())} akun media sosial demo mendapat kategori "
            "atau status yang diharapkan."
        )
    return mismatches
