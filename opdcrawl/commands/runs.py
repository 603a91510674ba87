"""``opdcrawl runs``: the recorded crawl runs, how each ended, and closing stale ones.

``opdcrawl runs [--limit N] [--region R] [--close-stale] [--url URL]``

Lists the newest runs first with their state (berjalan, selesai, gagal, dihentikan), why
they ended and their check counts. ``--close-stale`` first closes the runs a hard kill
left "running" (``opdcrawl.db.runs``: a process gone from this host, or older than
``OPDCRAWL_STALE_RUN_HOURS``); every crawl also does this when it starts.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta
from pathlib import Path

from opdcrawl.run_end import ExitCode

HEADINGS = (
    "ID", "Spider", "Wilayah", "Status", "Mulai (WIB)", "Durasi", "Kanal", "Terjangkau",
    "Gangguan crawler", "Keterangan",
)  # fmt: skip
MESSAGES = {
    "closed": "Crawl tertinggal ditutup sebagai dihentikan: {ids}",
    "none_stale": "Tidak ada crawl tertinggal berstatus 'berjalan'.",
    "empty": "Belum ada crawl tercatat{where}.",
    "no_database": "Basis data tidak ditemukan: {path}. Jalankan crawl dulu, atau beri --url.",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=int, default=20, help="jumlah crawl (bawaan 20)")
    parser.add_argument("--region", help="hanya crawl yang mencakup wilayah ini (slug)")
    parser.add_argument(
        "--close-stale",
        action="store_true",
        help="tutup dulu crawl yang tertinggal 'berjalan' karena prosesnya dimatikan paksa",
    )
    parser.add_argument(
        "--url", help="URL basis data (bawaan: env DATABASE_URL, lalu sqlite:///opdcrawl.db)"
    )


def duration(started: datetime, finished: datetime | None) -> str:
    if finished is None:
        return "-"
    seconds = max(0, int((finished - started).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}j {minutes}m" if hours else f"{minutes}m {seconds}d"


def table(rows: list[tuple[str, ...]]) -> str:
    """Plain aligned columns: readable in a terminal, a cron mail and a log."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def run(args: argparse.Namespace) -> int:
    from scrapy.utils.project import get_project_settings
    from sqlalchemy.engine import make_url

    from opdcrawl.dates import JAKARTA
    from opdcrawl.db import runs
    from opdcrawl.db.engine import (
        connect_errors,
        database_url,
        make_engine,
        migrate,
        session_factory,
    )
    from opdcrawl.db.messages import unreachable_message
    from opdcrawl.run_end import STATUS_LABELS, reason_label

    settings = get_project_settings()
    if settings.get("BOT_NAME") != "opdcrawl":  # run outside the project: its defaults
        settings.setmodule("opdcrawl.settings", priority="project")
    url = args.url or database_url(settings)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database).absolute()
        if not path.exists():
            print(MESSAGES["no_database"].format(path=path), file=sys.stderr)
            return int(ExitCode.BASIS_DATA_TIDAK_TERJANGKAU)
    engine = None
    try:
        engine = make_engine(url)
        migrate(engine)
        sessions = session_factory(engine)
        with sessions() as session:
            if args.close_stale:
                closed = runs.close_stale_runs(
                    session,
                    now=datetime.now(JAKARTA),
                    max_age=timedelta(hours=settings.getfloat("OPDCRAWL_STALE_RUN_HOURS")),
                )
                ids = ", ".join(f"#{run_id}" for run_id in closed)
                print(MESSAGES["closed"].format(ids=ids) if closed else MESSAGES["none_stale"])
            listed = runs.list_runs(session, limit=args.limit, region=args.region)
    except connect_errors() as exc:
        print(unreachable_message(url, exc, getattr(args, "url", None)), file=sys.stderr)
        return int(ExitCode.BASIS_DATA_TIDAK_TERJANGKAU)
    finally:
        if engine is not None:
            engine.dispose()
    if not listed:
        where = f" untuk wilayah {args.region}" if args.region else ""
        print(MESSAGES["empty"].format(where=where))
        return 0
    rows = [HEADINGS]
    for item in listed:
        rows.append(
            (
                f"#{item.id}",
                item.spider,
                item.regions or "semua",
                STATUS_LABELS.get(item.status, item.status),
                item.started_at.astimezone(JAKARTA).strftime("%Y-%m-%d %H:%M"),
                duration(item.started_at, item.finished_at),
                str(item.checks),
                str(item.reachable),
                str(item.outage),
                reason_label(item.end_reason) if item.end_reason != "finished" else "",
            )
        )
    print(table(rows))
    return 0
