"""``opdcrawl serve``: the read-only web dashboard and JSON API over the database.

Bound to 127.0.0.1 unless ``--host`` says otherwise (a warning is printed then). The
database is checked before the server starts, so a missing schema is a clear error and
exit code 2, not a page of stack traces; its URL is printed with the password hidden.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from opdcrawl import settings

    parser.add_argument(
        "--host",
        default=settings.OPDCRAWL_WEB_HOST,
        help=f"alamat yang didengarkan (bawaan: {settings.OPDCRAWL_WEB_HOST}, hanya komputer ini)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=settings.OPDCRAWL_WEB_PORT,
        help=f"port (bawaan: {settings.OPDCRAWL_WEB_PORT})",
    )
    parser.add_argument(
        "--url", help="URL basis data (bawaan: env DATABASE_URL, lalu sqlite:///opdcrawl.db)"
    )
    parser.add_argument(
        "--refresh",
        type=int,
        default=settings.OPDCRAWL_WEB_REFRESH_SECONDS,
        help="mode layar besar (?wall=1) memuat ulang halaman setiap N detik (bawaan: "
        f"{settings.OPDCRAWL_WEB_REFRESH_SECONDS})",
    )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    import uvicorn
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError
    from sqlalchemy.orm import Session

    from opdcrawl import settings
    from opdcrawl.db.engine import database_url, make_engine
    from opdcrawl.web import data
    from opdcrawl.web.app import create_app
    from opdcrawl.web.server import config
    from opdcrawl.web.wording import CLI

    url = args.url or database_url(None)
    safe = make_url(url).render_as_string(hide_password=True)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            data.data_version(session)
            data.region_summaries(session)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).splitlines()[0]
        print(CLI["no_schema"].format(url=safe, error=reason), file=sys.stderr)
        engine.dispose()
        return 2
    app = create_app(
        engine,
        refresh_seconds=args.refresh,
        cache_seconds=settings.OPDCRAWL_WEB_CACHE_SECONDS,
        cors_origins=settings.OPDCRAWL_WEB_CORS_ORIGINS,
    )
    if not is_loopback(args.host):
        print(CLI["open_network"].format(host=args.host), file=sys.stderr)
    shown = f"[{args.host}]" if ":" in args.host else args.host
    base = f"http://{shown}:{args.port}/"
    print(CLI["listening"].format(url=base, database=safe), flush=True)
    print(CLI["api"].format(url=base), flush=True)
    try:
        uvicorn.Server(config(app, args.host, args.port)).run()
    finally:
        engine.dispose()
    return 0
