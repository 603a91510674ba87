"""A database that goes away mid-run: writes are retried, or the run fails loudly.

Real ``scrapy crawl websites`` runs into a PostgreSQL of the test's own
(``tests.private_postgres``), against loopback sites slow enough that checks are still
being written while the database is down:

* restarted (down for a few seconds, then back): every site's check is stored exactly
  once, the writes that met the outage were retried, the run finishes normally;
* stopped for good: the crawl gives up after ``OPDCRAWL_SQL_RETRY_SECONDS``, names every
  check it could not store, and exits 7, "database unreachable" (``opdcrawl.run_end``).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from opdcrawl.crawl import crawl_command
from opdcrawl.db.engine import make_engine
from tests.private_postgres import PrivatePostgres
from tests.safety_servers import RecordingServer
from tests.test_unreadable_sites import FAST, write_seeds

pytestmark = pytest.mark.postgres

SITES = 10


def site_delay(host: str, path: str) -> float:
    """Homepages answer one after another over ~5 s (s1 after 0.5 s … s10 after 5 s)."""
    if path != "/" or not host.startswith("s"):
        return 0.0
    return 0.5 * int(host.split(".")[0][1:])


def count_checks(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM channel_check")).scalar() or 0
    except Exception:
        return 0
    finally:
        engine.dispose()


def start_crawl(tmp_path: Path, database_url: str, port: int, **settings: str) -> subprocess.Popen:
    names = [f"s{n}.uji.test" for n in range(1, SITES + 1)]
    sites = {f"S{n:02d}": f"http://{name}:{port}/" for n, name in enumerate(names, 1)}
    command = crawl_command(
        "websites",
        region="uji",
        seeds=write_seeds(tmp_path / "seeds", sites),
        settings={
            **FAST,
            "RETRY_ENABLED": "False",
            "TWISTED_DNS_RESOLVER": "tests.netstub.StubResolver",
            "OPDCRAWL_TEST_DNS": json.dumps({name: ["127.0.0.1"] for name in names}),
            "LOG_FILE": str(tmp_path / "crawl.log"),
            **settings,
        },
    )
    env = dict(os.environ, DATABASE_URL=database_url, SCRAPY_SETTINGS_MODULE="opdcrawl.settings")
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for_first_check(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while count_checks(url) < 1:
        assert process.poll() is None, log.read_text()[-3000:]
        assert time.monotonic() < deadline, "no check committed in time"
        time.sleep(0.1)


def test_a_restarted_database_loses_no_check(tmp_path: Path) -> None:
    with (
        PrivatePostgres(f"Sandi-{secrets.token_hex(4)}") as database,
        RecordingServer(delay=site_delay) as sites,
    ):
        process = start_crawl(tmp_path, database.url, sites.port)
        try:
            wait_for_first_check(process, database.url, tmp_path / "crawl.log")
            database.restart(down_for=3)  # while the slower sites are still answering
            process.wait(timeout=120)
        finally:
            if process.poll() is None:
                process.kill()
        log = (tmp_path / "crawl.log").read_text()
        assert process.returncode == 0, log[-3000:]
        engine = make_engine(database.url)
        with engine.connect() as connection:
            per_site = connection.execute(
                text(
                    "SELECT o.code, count(*) FROM channel_check cc"
                    " JOIN channel c ON c.id = cc.channel_id JOIN opd o ON o.id = c.opd_id"
                    " GROUP BY o.code"
                )
            ).all()
            status, stats = connection.execute(text("SELECT status, stats FROM crawl_run")).one()
        engine.dispose()
    assert sorted(per_site) == [(f"S{n:02d}", 1) for n in range(1, SITES + 1)]
    assert status == "finished"
    assert stats["opdcrawl/sql_write_retries"] >= 1, "no write met the outage"
    assert stats["opdcrawl/sql_writes_recovered"] >= 1
    assert "opdcrawl/items_unstored" not in stats
    assert "Basis data tidak dapat ditulisi (percobaan 1" in log


def test_a_database_that_stays_away_fails_the_run_loudly(tmp_path: Path) -> None:
    with (
        PrivatePostgres(f"Sandi-{secrets.token_hex(4)}") as database,
        RecordingServer(delay=site_delay) as sites,
    ):
        process = start_crawl(tmp_path, database.url, sites.port, OPDCRAWL_SQL_RETRY_SECONDS="2")
        try:
            wait_for_first_check(process, database.url, tmp_path / "crawl.log")
            stored_before = count_checks(database.url)
            database.stop_server()
            process.wait(timeout=120)
        finally:
            if process.poll() is None:
                process.kill()
    log = (tmp_path / "crawl.log").read_text()
    assert process.returncode == 7, log[-3000:]
    assert "crawl dihentikan (alasan: database_unreachable)" in log
    lost = log.count("Pemeriksaan TIDAK TERSIMPAN")
    assert lost >= 1
    # Every check is accounted for: stored before the outage, or named as lost (the
    # crawl stops scheduling sites once it gives up, so some were never checked).
    assert stored_before + lost <= SITES
    assert f"'opdcrawl/items_unstored': {lost}" in log
    assert (
        "Crawl websites berakhir: basis data tidak dapat dihubungi: terputus di tengah crawl; "
        f"{lost} pemeriksaan tidak tersimpan (kode keluar 7)"
    ) in log
