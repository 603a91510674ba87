"""The database as operators point at it: standard PostgreSQL URLs, a fresh SQLite file
two processes start on at once, and clear words when it is missing or unreachable.

Every command runs as a real process (``opdcrawl …``, ``scrapy crawl …``) against a
real SQLite file or the real PostgreSQL server of ``OPDCRAWL_TEST_POSTGRES_URL``.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from opdcrawl.crawl import run_crawl
from opdcrawl.db.engine import make_engine, normalise_database_url, sqlite_file
from opdcrawl.demo.server import DemoServer
from tests.test_spider_websites import FAST, write_seeds
from tests.unprivileged import as_unprivileged, read_only, shared_folder

OPDCRAWL = [sys.executable, "-m", "opdcrawl.cli"]
REPO = Path(__file__).resolve().parents[1]


def opdcrawl(args: list[str], *, cwd: Path, env: dict[str, str] | None = None,
             unprivileged: bool = False) -> subprocess.CompletedProcess[str]:  # fmt: skip
    """The real ``opdcrawl`` command in a child process; DATABASE_URL only from ``env``."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment["PYTHONPATH"] = str(REPO)
    environment.update(env or {})
    command = as_unprivileged(OPDCRAWL + args) if unprivileged else OPDCRAWL + args
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def refused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again: nothing listens there


# --- URL forms ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@h:5432/db", "postgresql+psycopg2://u:p@h:5432/db"),
        ("postgresql://u:p@h/db?sslmode=require", "postgresql+psycopg2://u:p@h/db?sslmode=require"),
        ("postgresql+psycopg2://u@h/db", "postgresql+psycopg2://u@h/db"),
        ("sqlite:///opdcrawl.db", "sqlite:///opdcrawl.db"),
    ],
)
def test_standard_postgres_urls_get_the_one_driver(given: str, expected: str) -> None:
    assert normalise_database_url(given) == expected


def test_sqlite_file_is_absolute_and_only_for_files(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert sqlite_file("sqlite:///opdcrawl.db") == tmp_path / "opdcrawl.db"
    assert sqlite_file("sqlite:////srv/x.db") == Path("/srv/x.db")
    assert sqlite_file("sqlite://") is None and sqlite_file("sqlite:///:memory:") is None
    assert sqlite_file("postgres://u@h/db") is None


@pytest.fixture
def postgres_schema() -> Iterator[tuple[str, str]]:
    """A fresh schema on the test server: (base URL, schema name); dropped afterwards."""
    base = os.environ.get("OPDCRAWL_TEST_POSTGRES_URL")
    if not base:
        pytest.fail("OPDCRAWL_TEST_POSTGRES_URL is not set; run `make test`", pytrace=False)
    schema = f"urls_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield base, schema
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_database_url_standard_forms_work_end_to_end(
    scheme: str, postgres_schema: tuple[str, str], tmp_path: Path
) -> None:
    """``DATABASE_URL=postgresql://…`` and ``postgres://…``, as hosting panels give them."""
    base, schema = postgres_schema
    parsed = make_url(base)
    url = f"{scheme}://{parsed.username}:{parsed.password}@{parsed.host}:{parsed.port or 5432}"
    url += f"/{parsed.database}?options=-csearch_path%3D{schema}"
    env = {"DATABASE_URL": url}
    synced = opdcrawl(["db", "sync", "--region", "kota-serang"], cwd=tmp_path, env=env)
    assert synced.returncode == 0, synced.stderr
    assert "OPD               : baru 32" in synced.stdout
    assert f":{parsed.password}@" not in synced.stdout + synced.stderr  # the password is hidden
    report = opdcrawl(["report", "--format", "json", "--out", "laporan"], cwd=tmp_path, env=env)
    assert report.returncode == 0, report.stderr
    document = json.loads((tmp_path / "laporan" / "kota-serang.json").read_text("utf-8"))
    assert len(document["opd"]) == 32
    assert not (tmp_path / "opdcrawl.db").exists()  # nothing fell back to SQLite
    engine = make_engine(url)
    try:
        assert engine.dialect.driver == "psycopg2"
        with engine.connect() as connection:
            assert connection.execute(text(f'SELECT count(*) FROM "{schema}".opd')).scalar() == 32
    finally:
        engine.dispose()


# --- Two first processes on a fresh SQLite file ------------------------------------------------

# Released at one instant, each process creates the schema as every command and crawl
# does at start (migrate), then loads the registry through the real CLI.
TOGETHER = """
import sys, time
from opdcrawl import cli
from opdcrawl.db.engine import migrate
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.0005)
migrate(sys.argv[1])
sys.exit(cli.main(["db", "sync", "--url", sys.argv[1], "--region", "kota-serang"]))
"""


def test_processes_starting_together_on_a_new_sqlite_file_do_not_race(tmp_path: Path) -> None:
    """Several processes migrating a new file at the same instant, then ``db sync``.

    Without a lock each saw no tables and created them: "table region already exists".
    Each round of three processes failed before the fix.
    """
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DATABASE_URL", None)
    for round_number in range(2):
        url = f"sqlite:///{tmp_path / f'baru-{round_number}.db'}"
        start = time.time() + 3.0  # every process imported and waiting by then
        children = [
            subprocess.Popen(
                [sys.executable, "-c", TOGETHER, url, repr(start)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(3)
        ]
        outcomes = [child.communicate(timeout=120) for child in children]
        for child, (_, err) in zip(children, outcomes, strict=True):
            assert child.returncode == 0, err[-2000:]
        engine = make_engine(url)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM opd")).scalar() == 32
            assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
        engine.dispose()


def test_two_first_crawls_on_a_new_sqlite_file(tmp_path: Path) -> None:
    """The operator's case: two ``scrapy crawl`` started together on a database not made yet."""
    database_url = f"sqlite:///{tmp_path / 'pertama.db'}"
    with DemoServer(port=0) as server:
        outcomes: dict[str, subprocess.CompletedProcess[str]] = {}

        def crawl(code: str) -> None:
            row = ["Kota Uji", code, code, code, "dinas", server.url_for(code), *[""] * 6]
            folder = write_seeds(tmp_path / f"seeds-{code}", [row], region=code.lower())
            outcomes[code] = run_crawl(
                "websites",
                database_url=database_url,
                region=code.lower(),
                seeds=folder,
                settings=FAST,
                log_file=tmp_path / f"{code}.log",
                timeout=300,
            )

        threads = [threading.Thread(target=crawl, args=(code,)) for code in ("DEMO-01", "DEMO-05")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    for code, result in outcomes.items():
        log = (tmp_path / f"{code}.log").read_text()
        assert result.returncode == 0, log[-3000:]
        assert "already exists" not in log and "Traceback" not in log
    engine = make_engine(database_url)
    with engine.connect() as connection:
        runs = connection.execute(text("SELECT status FROM crawl_run")).scalars().all()
        checked = connection.execute(text("SELECT count(*) FROM channel_check")).scalar()
    engine.dispose()
    assert runs == ["finished", "finished"] and checked == 2


# --- Clear words instead of tracebacks ------------------------------------------------------------


def test_report_in_a_folder_without_a_database_names_the_full_path(tmp_path: Path) -> None:
    result = opdcrawl(["report"], cwd=tmp_path)
    assert result.returncode == 2
    first, second, *_ = result.stderr.splitlines()
    assert first == f"Basis data tidak ditemukan: {tmp_path / 'opdcrawl.db'}"
    assert "bawaan, karena --url dan DATABASE_URL tidak diisi" in second
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []  # no empty database, no report folder made
    given = opdcrawl(["report"], cwd=tmp_path, env={"DATABASE_URL": "sqlite:///data/hasil.db"})
    assert given.returncode == 2
    assert f"Basis data tidak ditemukan: {tmp_path / 'data' / 'hasil.db'}" in given.stderr
    assert "dari variabel lingkungan DATABASE_URL" in given.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "--url", "{url}"],
        ["db", "upgrade", "--url", "{url}"],
        ["db", "sync", "--url", "{url}", "--region", "kota-serang"],
    ],
)
def test_unreachable_database_is_explained_not_a_traceback(tmp_path: Path, argv) -> None:
    url = f"postgres://opdcrawl:rahasia@127.0.0.1:{refused_port()}/opdcrawl"
    result = opdcrawl([arg.format(url=url) for arg in argv], cwd=tmp_path)
    assert result.returncode == 7  # README "Kode keluar": database unreachable
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"Basis data tidak dapat dihubungi: postgres://opdcrawl:***@127.0.0.1:{url.split(':')[3]}"
    )
    assert "Connection refused" in result.stderr
    assert lines[-1].strip() == "Server basis data tidak berjalan atau port salah."
    assert "rahasia" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.postgres
def test_wrong_password_is_explained(tmp_path: Path) -> None:
    parsed = make_url(os.environ["OPDCRAWL_TEST_POSTGRES_URL"])
    url = parsed.set(password="bukan-sandinya").render_as_string(hide_password=False)
    result = opdcrawl(["db", "upgrade"], cwd=tmp_path, env={"DATABASE_URL": url})
    assert result.returncode == 7, result.stderr
    assert "Nama pengguna atau sandi salah" in result.stderr
    assert "Traceback" not in result.stderr and "bukan-sandinya" not in result.stderr


def test_report_into_a_read_only_folder_says_where_and_why(tmp_path: Path) -> None:
    with shared_folder() as shared:
        url = f"sqlite:///{shared / 'opdcrawl.db'}"
        synced = opdcrawl(["db", "sync", "--url", url, "--region", "kota-serang"], cwd=tmp_path)
        assert synced.returncode == 0, synced.stderr
        for path in shared.iterdir():
            path.chmod(0o666)  # the unprivileged reader may open the WAL files
        locked = read_only(shared / "laporan")
        result = opdcrawl(
            ["report", "--url", url, "--format", "csv", "--out", str(locked)],
            cwd=shared,
            unprivileged=True,
        )
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stderr.startswith(f"Laporan tidak dapat ditulis ke {locked}/")
        assert "Permission denied" in result.stderr and "--out" in result.stderr
        assert "Traceback" not in result.stderr
        assert list(locked.iterdir()) == []
