"""Connecting to the database and bringing its schema to the current version.

One place decides which database a process talks to (``database_url``), how the
connection is tuned per backend (``make_engine``) and how the schema is migrated
(``migrate``), so the crawler, the CLI and the tests all behave the same.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DATABASE_URL = "sqlite:///opdcrawl.db"
# The one PostgreSQL driver opdcrawl uses (requirements.txt: psycopg2-binary). URLs
# without a driver, ``postgresql://`` and libpq's ``postgres://``, are given it.
POSTGRES_DRIVER = "psycopg2"
_POSTGRES_SCHEMES = ("postgres://", "postgresql://")
SQLITE_BUSY_TIMEOUT_S = 30  # a Scrapy process and a report may share one SQLite file
# Any constant will do; it only has to be the same in every opdcrawl process.
_MIGRATION_LOCK_KEY = 7_046_342_001


def database_url(settings: Mapping[str, Any] | Any | None = None) -> str:
    """The database to use: env ``DATABASE_URL``, then setting ``OPDCRAWL_DATABASE_URL``.

    The environment wins so one Scrapyd node can be pointed at a shared PostgreSQL
    without rebuilding the egg that carries the settings.
    """
    url = os.environ.get("DATABASE_URL") or ""
    if not url and settings is not None:
        url = settings.get("OPDCRAWL_DATABASE_URL") or ""
    return normalise_database_url(url or DEFAULT_DATABASE_URL)


def normalise_database_url(url: str) -> str:
    """The standard PostgreSQL forms with opdcrawl's driver; other URLs unchanged.

    ``postgres://`` (libpq, Heroku, most hosting panels) is refused by SQLAlchemy, and
    ``postgresql://`` leaves the driver to SQLAlchemy's default; both become
    ``postgresql+psycopg2://`` so every process uses the driver the project pins.
    """
    for scheme in _POSTGRES_SCHEMES:
        if url.startswith(scheme):
            return f"postgresql+{POSTGRES_DRIVER}://" + url[len(scheme) :]
    return url


def sqlite_file(url: str) -> Path | None:
    """The absolute path of a SQLite file database; None for memory or other backends.

    A relative path (the default ``sqlite:///opdcrawl.db``) is relative to the working
    folder, which is what a message about a missing file must spell out.
    """
    parsed = make_url(normalise_database_url(url))
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database).absolute()


def make_engine(url: str) -> Engine:
    """An engine tuned for the backend: SQLite gets foreign keys, WAL and a busy wait."""
    url = normalise_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
        if not in_memory:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                # In WAL mode NORMAL never corrupts the file; a power cut may lose the
                # last commits, which the next crawl writes again. FULL paid an fsync per
                # check: 6 % of a crawl's CPU time (benchmarks/bench_national.py).
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions whose objects stay readable after commit (the store commits often)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextlib.contextmanager
def _copied_tree(root: Traversable) -> Iterator[Path]:
    """Copy a package resource tree to a temporary directory (zipped eggs)."""
    with tempfile.TemporaryDirectory(prefix="opdcrawl-migrations-") as tmp:

        def copy(node: Traversable, dest: Path) -> None:
            dest.mkdir(parents=True, exist_ok=True)
            for child in node.iterdir():
                if child.is_dir():
                    if child.name != "__pycache__":
                        copy(child, dest / child.name)
                else:
                    (dest / child.name).write_bytes(child.read_bytes())

        copy(root, Path(tmp))
        yield Path(tmp)


@contextlib.contextmanager
def migrations_dir() -> Iterator[Path]:
    """The package's ``db`` directory (alembic.ini + migrations/) as a real path.

    Found from the package, never from the working directory, so it works from a
    checkout, a wheel or a Scrapyd egg. A zipped egg has no real directory, so the
    files are copied out for the duration of the migration.
    """
    here = Path(os.path.dirname(os.path.abspath(__file__)))
    if (here / "migrations" / "env.py").is_file():
        yield here
        return
    package = resources.files("opdcrawl.db")
    with _copied_tree(package) as tmp:
        yield tmp


def alembic_config(db_dir: Path, url: str | None = None) -> Any:
    """An Alembic ``Config`` pointing at the packaged migrations."""
    from alembic.config import Config

    config = Config(str(db_dir / "alembic.ini"))
    config.set_main_option("script_location", str(db_dir / "migrations"))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(url_or_engine: str | Engine, revision: str = "head") -> None:
    """Run ``alembic upgrade <revision>`` (head by default) on the database.

    Safe to call from every process at start-up: on PostgreSQL an advisory lock makes
    concurrent callers (several Scrapyd nodes) wait for each other, and the whole
    upgrade is one transaction there. On SQLite the upgrade runs in one ``BEGIN
    EXCLUSIVE`` transaction: two first crawls on a new file would otherwise both see no
    tables and both create them ("table region already exists"); the second now waits
    (busy timeout) and finds the schema at head.
    """
    from alembic import command

    owned = isinstance(url_or_engine, str)
    engine = make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    try:
        with migrations_dir() as db_dir, engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY}
                )
            elif connection.dialect.name == "sqlite":
                # pysqlite opens no transaction before DDL by itself; this one holds the
                # write lock from the version check to the last CREATE, then commits.
                connection.exec_driver_sql("BEGIN EXCLUSIVE")
            config = alembic_config(db_dir)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        if owned:
            engine.dispose()


# What connecting to or migrating a database raises when it cannot be reached or used: a
# server down, a wrong password, a folder that cannot be written, a driver not installed.
def connect_errors() -> tuple[type[BaseException], ...]:
    from sqlalchemy.exc import SQLAlchemyError

    return (SQLAlchemyError, OSError, ImportError)
