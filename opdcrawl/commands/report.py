"""``opdcrawl report``: write the reports (xlsx, csv, json, html) from the database.

All regions when none is named; several formats at once. Prints, in Indonesian, where
the files went. The work itself is ``opdcrawl.report.build_reports``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from opdcrawl.commands import region_list

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--region",
        action="append",
        metavar="SLUG",
        help="Wilayah (boleh diulang atau dipisah koma), mis. kota-serang; bawaan: semua",
    )
    parser.add_argument(
        "--run",
        default="latest",
        help="'latest' (kondisi terbaru, bawaan), ID crawl (kondisi saat crawl itu selesai) atau "
        "bulan YYYY-MM (kondisi akhir bulan itu: crawl terakhir yang selesai pada bulan itu, "
        "untuk peringkat bulanan)",
    )
    parser.add_argument(
        "--format",
        action="append",
        metavar="FORMAT",
        help="xlsx, csv, json, html atau all (boleh diulang); bawaan: xlsx",
    )
    parser.add_argument(
        "--kanal",
        default="website",
        metavar="JENIS",
        help="jenis kanal yang dilaporkan: website (bawaan), instagram, facebook, youtube, x, "
        "tiktok",
    )
    parser.add_argument("--out", default="laporan", help="Folder keluaran (bawaan: laporan)")
    parser.add_argument(
        "--seeds",
        metavar="PATH",
        help="folder atau berkas registri yang dipakai crawl, untuk mendaftar baris yang "
        "dilewati karena galat (bawaan: env OPDCRAWL_SEEDS_DIR, lalu seeds paket)",
    )
    parser.add_argument(
        "--url", help="URL basis data (bawaan: env DATABASE_URL, lalu sqlite:///opdcrawl.db)"
    )


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    from opdcrawl.db.engine import database_url
    from opdcrawl.db.messages import database_problem
    from opdcrawl.report import build_reports
    from opdcrawl.report.build import expand_formats
    from opdcrawl.report.wording import MESSAGES

    url = args.url or database_url(None)
    formats = args.format or ["xlsx"]
    out_dir = Path(args.out)
    try:
        expand_formats(formats)
    except ValueError as error:
        print(str(error.args[0] if error.args else error), file=sys.stderr)
        return 2
    # A missing SQLite file is named, never created empty; an unreachable server is
    # explained (opdcrawl.db.messages) instead of a driver traceback.
    problem = database_problem(url, args.url, must_exist=True)
    if problem:
        print(problem.message, file=sys.stderr)
        return problem.exit_code
    try:
        paths = build_reports(
            url,
            regions=region_list(args.region),
            run=args.run,
            formats=formats,
            out_dir=out_dir,
            kind=args.kanal,
            seeds=args.seeds or os.environ.get("OPDCRAWL_SEEDS_DIR") or None,
        )
    except (LookupError, ValueError) as error:
        print(str(error.args[0] if error.args else error), file=sys.stderr)
        return 2
    except SQLAlchemyError as error:
        safe = make_url(url).render_as_string(hide_password=True)
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        print(MESSAGES["no_schema"].format(url=safe, error=reason), file=sys.stderr)
        return 2
    except OSError as error:  # a read-only or full output folder, a path that is a file
        where = Path(error.filename).absolute() if error.filename else out_dir.absolute()
        reason = error.strerror or str(error)
        print(MESSAGES["unwritable_out"].format(path=where, reason=reason), file=sys.stderr)
        return 2
    print(MESSAGES["written"].format(out=out_dir))
    for path in paths:
        print(MESSAGES["file"].format(path=path))
    return 0
