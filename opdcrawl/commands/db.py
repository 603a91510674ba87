"""``opdcrawl db``: prepare the database schema and load the OPD registry into it.

``upgrade`` runs the Alembic migrations; ``sync`` loads seeds/*.csv and writes the
regions, OPDs and channels the crawlers and reports refer to.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime

from opdcrawl.commands import region_list

MESSAGES = {
    "upgraded": "Skema basis data sudah versi terbaru: {url}",
    "no_opd": "Tidak ada OPD untuk disinkronkan (periksa --seeds dan --region).",
    "problems": "{count} masalah di registri; baris yang benar tetap disinkronkan:",
    "no_deactivate": (
        "Karena ada masalah, OPD/kanal yang tidak ada di registri TIDAK dinonaktifkan."
    ),
    "synced": (
        "Sinkronisasi registri ke {url}:\n"
        "  wilayah           : {regions} (baru {regions_added})\n"
        "  OPD               : baru {opds_added}, diubah {opds_updated}, "
        "dinonaktifkan {opds_deactivated}\n"
        "  kanal             : baru {channels_added}, diubah {channels_updated}, "
        "dinonaktifkan {channels_deactivated}"
    ),
    "unchanged": "Tidak ada perubahan: basis data sudah sesuai registri.",
}


def _safe_url(url: str) -> str:
    """The URL without its password, for printing."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="db_command", required=True)
    url_help = "URL basis data (bawaan: env DATABASE_URL, lalu sqlite:///opdcrawl.db)"

    upgrade = sub.add_parser("upgrade", help="Buat atau perbarui tabel dan view")
    upgrade.add_argument("--url", help=url_help)

    sync = sub.add_parser("sync", help="Muat registri OPD (seeds/*.csv) ke basis data")
    sync.add_argument(
        "--seeds", help="Folder atau berkas registri .csv/.xlsx (bawaan: seeds bawaan)"
    )
    sync.add_argument(
        "--region",
        action="append",
        metavar="SLUG",
        help="Hanya wilayah ini (boleh diulang atau dipisah koma), mis. kota-serang",
    )
    sync.add_argument("--url", help=url_help)


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from opdcrawl.db.engine import database_url, migrate
    from opdcrawl.db.messages import (
        connection_problem,
        database_problem,
        url_source,
    )
    from opdcrawl.run_end import ExitCode

    url = args.url or database_url(None)
    # Both commands create a missing SQLite file; a server that does not answer is
    # explained in words (opdcrawl.db.messages), not a driver traceback.
    problem = database_problem(url, args.url, must_exist=False)
    if problem:
        print(problem.message, file=sys.stderr)
        return problem.exit_code
    try:
        if args.db_command == "upgrade":
            migrate(url)
            print(MESSAGES["upgraded"].format(url=_safe_url(url)))
            return 0
        return _sync(args, url)
    except SQLAlchemyError as error:  # lost mid-way, or locked by another process
        print(connection_problem(url, error, url_source(args.url)), file=sys.stderr)
        return int(ExitCode.BASIS_DATA_TIDAK_TERJANGKAU)


def _sync(args: argparse.Namespace, url: str) -> int:
    from opdcrawl import registry
    from opdcrawl.db.engine import make_engine, migrate, session_factory
    from opdcrawl.db.store import sync_registry

    regions = region_list(args.region)
    loaded = registry.load(args.seeds, regions)
    if loaded.problems:
        print(MESSAGES["problems"].format(count=len(loaded.problems)), file=sys.stderr)
        for problem in loaded.problems:
            print(f"  {problem}", file=sys.stderr)
    opds = loaded.for_regions(regions)
    if not opds:  # never let a wrong --seeds path retire every OPD of a region
        print(MESSAGES["no_opd"], file=sys.stderr)
        return 1
    engine = make_engine(url)
    try:
        migrate(engine)  # a fresh machine needs no separate `db upgrade`
        with session_factory(engine)() as session:
            result = sync_registry(
                session,
                opds,
                now=datetime.now(UTC),
                regions=regions,
                deactivate_missing=loaded.ok,
            )
    finally:
        engine.dispose()
    print(MESSAGES["synced"].format(url=_safe_url(url), **vars(result)))
    if not result.changed:
        print(MESSAGES["unchanged"])
    if not loaded.ok:
        print(MESSAGES["no_deactivate"], file=sys.stderr)
        return 1
    return 0
