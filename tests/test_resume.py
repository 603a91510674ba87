"""A long crawl stopped with Ctrl-C and resumed from its JOBDIR checks every site once.

A real ``scrapy crawl websites -s JOBDIR=…`` over slow loopback sites, stopped with
SIGINT once a few checks are stored (Scrapy shuts down gracefully and saves its queue
and the spider's state in the JOBDIR), then started again with the same command. The
recording server shows each homepage was fetched exactly once over both parts, the
database has one check per site, all in one crawl_run with one crawl time, finished.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import text

from opdcrawl.crawl import crawl_command
from opdcrawl.db.engine import make_engine
from tests.safety_servers import RecordingServer
from tests.test_database_restart import count_checks
from tests.test_unreadable_sites import FAST, write_seeds

SITES = 12


def slow_homepages(host: str, path: str) -> float:
    return 0.8 if path == "/" else 0.0


def test_a_stopped_crawl_resumes_from_its_jobdir_checking_each_site_once(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'crawl.db'}"
    names = [f"r{n}.uji.test" for n in range(1, SITES + 1)]
    with RecordingServer(delay=slow_homepages) as server:
        sites = {f"R{n:02d}": f"http://{name}:{server.port}/" for n, name in enumerate(names, 1)}
        command = crawl_command(
            "websites",
            region="uji",
            seeds=write_seeds(tmp_path / "seeds", sites),
            settings={
                **FAST,
                "JOBDIR": str(tmp_path / "job"),
                "CONCURRENT_REQUESTS": "2",  # a few sites at a time: the run takes a while
                # One homepage request per site, so the hits count sites: the integrity
                # step's search-engine view would ask each clean homepage a second time.
                "OPDCRAWL_SEARCH_ENGINE_VIEW": "False",
                "TWISTED_DNS_RESOLVER": "tests.netstub.StubResolver",
                "OPDCRAWL_TEST_DNS": json.dumps({name: ["127.0.0.1"] for name in names}),
                "LOG_FILE": str(tmp_path / "crawl.log"),
            },
        )
        env = dict(os.environ, DATABASE_URL=database_url)
        env["SCRAPY_SETTINGS_MODULE"] = "opdcrawl.settings"
        first = subprocess.Popen(command, env=env)
        try:
            deadline = time.monotonic() + 60
            while count_checks(database_url) < 3:
                assert first.poll() is None, (tmp_path / "crawl.log").read_text()[-3000:]
                assert time.monotonic() < deadline
                time.sleep(0.1)
            first.send_signal(signal.SIGINT)  # Ctrl-C: Scrapy stops gracefully
            first.wait(timeout=60)
        finally:
            if first.poll() is None:
                first.kill()
        stopped_at = count_checks(database_url)
        engine = make_engine(database_url)
        with engine.connect() as connection:
            status, crawl_time = connection.execute(
                text("SELECT status, crawl_time FROM crawl_run")
            ).one()
        assert status == "killed"
        assert stopped_at < SITES, "the crawl finished before it could be stopped"

        second = subprocess.run(command, env=env, timeout=120, check=False)
        log = (tmp_path / "crawl.log").read_text()
        assert second.returncode == 0, log[-3000:]
        homepages = Counter(host for host, path in server.hits if path == "/")
    assert homepages == Counter(names), homepages
    with engine.connect() as connection:
        query = text("SELECT id, status, crawl_time, stats FROM crawl_run")
        runs = connection.execute(query).all()
        per_site = connection.execute(
            text(
                "SELECT o.code, count(*), min(cc.run_id) FROM channel_check cc"
                " JOIN channel c ON c.id = cc.channel_id JOIN opd o ON o.id = c.opd_id"
                " GROUP BY o.code"
            )
        ).all()
    engine.dispose()
    assert len(runs) == 1, runs
    run_id, status, resumed_time, stats = runs[0]
    assert status == "finished"
    assert resumed_time == crawl_time  # one "now" for the whole run
    stats = json.loads(stats) if isinstance(stats, str) else stats
    assert stats["opdcrawl/resumed"] is True
    assert len(stats["parts"]) == 1  # the first part's stats, kept
    assert sorted(per_site) == [(f"R{n:02d}", 1, run_id) for n in range(1, SITES + 1)]
    assert "Melanjutkan crawl" in log
