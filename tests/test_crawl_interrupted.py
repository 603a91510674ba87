"""A crawl stopped half-way leaves whole rows and says it did not finish.

Runs the real spider in a child process against sites that answer at once and sites
that hang, and stops it once the first checks are committed: with SIGKILL (no chance to
clean up: the run must stay "running", i.e. unfinished, until ``opdcrawl runs
--close-stale`` sees its process gone and closes it as killed) and with SIGTERM (Scrapy
shuts down gracefully: the run is marked "killed" and the process exits 9).
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from opdcrawl.db.engine import make_engine
from opdcrawl.demo.hostile import HostileServer
from opdcrawl.demo.server import DemoServer
from opdcrawl.registry import COLUMNS

FAST_SITES = ("DEMO-01", "DEMO-03", "DEMO-05", "DEMO-10")


def write_seeds(folder: Path, demo_urls: dict[str, str], hang_url: str) -> None:
    folder.mkdir()
    rows = [
        ["Kota Uji", code, f"OPD {code}", code, "dinas", demo_urls[code], *[""] * 6]
        for code in FAST_SITES
    ]
    rows += [
        ["Kota Uji", f"HANG-{n}", f"OPD lambat {n}", f"L{n}", "dinas", f"{hang_url}?{n}", *[""] * 6]
        for n in range(3)
    ]
    with (folder / "uji.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)


def count_checks(database_url: str) -> int:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM channel_check")).scalar() or 0
    except Exception:
        return 0  # tables not created yet
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("stop_signal", "status", "timeout"),
    [(signal.SIGKILL, "running", 100), (signal.SIGTERM, "killed", 10)],
)
def test_stopped_crawl_leaves_whole_rows(tmp_path, stop_signal, status, timeout):
    """SIGTERM is graceful: Scrapy lets in-flight downloads end (here by timing out)."""
    database_url = f"sqlite:///{tmp_path / 'crawl.db'}"
    with DemoServer(port=0) as demo, HostileServer(names=("hang",), hang_seconds=120) as hostile:
        write_seeds(tmp_path / "seeds", demo.urls, hostile.url_for("hang"))
        env = dict(
            os.environ, DATABASE_URL=database_url, SCRAPY_SETTINGS_MODULE="opdcrawl.settings"
        )
        command = [
            sys.executable, "-m", "scrapy", "crawl", "websites",
            "-a", "region=uji", "-a", f"seeds={tmp_path / 'seeds'}",
            "-s", f"DOWNLOAD_TIMEOUT={timeout}", "-s", "RETRY_ENABLED=False",
            "-s", f"LOG_FILE={tmp_path / 'crawl.log'}",
        ]  # fmt: skip
        process = subprocess.Popen(command, env=env)
        try:
            deadline = time.monotonic() + 90
            while count_checks(database_url) < len(FAST_SITES):
                assert process.poll() is None, (tmp_path / "crawl.log").read_text()[-2000:]
                assert time.monotonic() < deadline, "no checks committed in time"
                time.sleep(0.3)
            process.send_signal(stop_signal)
            process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()

    engine = make_engine(database_url)
    with engine.connect() as connection:
        run = connection.execute(
            text("SELECT status, finished_at, end_reason, pid FROM crawl_run")
        ).one()
        checks = (
            connection.execute(
                text(
                    "SELECT o.code, cc.category, cc.posts_90d,"
                    " cc.error_class,"
                    " (SELECT count(*) FROM post p WHERE p.channel_id = c.id) AS stored_posts"
                    " FROM channel_check cc JOIN channel c ON c.id = cc.channel_id"
                    " JOIN opd o ON o.id = c.opd_id"
                )
            )
            .mappings()
            .all()
        )
    engine.dispose()
    assert run.status == status
    assert (run.finished_at is None) == (status == "running")
    assert run.pid == process.pid
    if stop_signal == signal.SIGTERM:
        assert process.returncode == 9  # README "Kode keluar": dihentikan
        assert run.end_reason == "interrupted"
    else:
        assert process.returncode == -signal.SIGKILL
        assert run.end_reason is None
    # The fast sites were stored whole: category and their posts. A hanging site is absent,
    # or (graceful stop) stored with the timeout it ended in.
    codes = {row["code"] for row in checks}
    assert set(FAST_SITES) <= codes
    assert all(code in FAST_SITES or code.startswith("HANG-") for code in codes)
    if stop_signal == signal.SIGKILL:
        assert codes == set(FAST_SITES)
    for row in checks:
        assert row["category"]
        if row["code"].startswith("HANG-"):
            assert row["error_class"] == "timeout"
        if row["posts_90d"]:
            assert row["stored_posts"] >= row["posts_90d"], row["code"]
    if stop_signal == signal.SIGKILL:
        assert_closed_as_stale(database_url)


def assert_closed_as_stale(database_url: str) -> None:
    """The hard-killed run's process is gone: ``opdcrawl runs --close-stale`` closes it."""
    command = [sys.executable, "-m", "opdcrawl.cli", "runs", "--close-stale", "--url",
               database_url]  # fmt: skip
    listing = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert listing.returncode == 0, listing.stderr
    assert "Crawl tertinggal ditutup sebagai dihentikan: #1" in listing.stdout
    assert "dihentikan" in listing.stdout.splitlines()[-1]
    assert "dimatikan paksa" in listing.stdout
    engine = make_engine(database_url)
    with engine.connect() as connection:
        run = connection.execute(text("SELECT status, end_reason, finished_at FROM crawl_run"))
        status, end_reason, finished_at = run.one()
    engine.dispose()
    assert (status, end_reason) == ("killed", "stale")
    assert finished_at is not None
    again = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert "Tidak ada crawl tertinggal" in again.stdout
