"""A scheduled round end to end, started the way cron starts it: through the wrapper.

``deploy/opdcrawl-round.sh`` loads a settings file (here: the database), changes to the
install folder and runs ``opdcrawl round``, which runs a real ``scrapy crawl websites``
against loopback sites and then ``opdcrawl report`` into a dated folder. A crawl that
fails ends the round with the crawl's own exit code, and no report is written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from opdcrawl.crawl import crawl_command
from opdcrawl.dates import JAKARTA
from opdcrawl.db.engine import make_engine
from opdcrawl.demo.server import DemoServer
from tests.schedule_sites import CODES, site_server, site_specs, write_seeds

REPO = Path(__file__).resolve().parents[1]
WRAPPER = REPO / "deploy" / "opdcrawl-round.sh"
FAST = [
    "DOWNLOAD_TIMEOUT=5",
    "OPDCRAWL_RETRY_BACKOFF_BASE=0.2",
    "AUTOTHROTTLE_START_DELAY=0.1",
    "DOWNLOAD_DELAY=0",
]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory):
    server: DemoServer = site_server()
    server.start()
    try:
        yield write_seeds(server.urls, tmp_path_factory.mktemp("seeds"))
    finally:
        server.stop()


def run_wrapper(home: Path, database: Path, arguments: list[str]) -> subprocess.CompletedProcess:
    env_file = home / "opdcrawl.env"
    env_file.write_text(f"DATABASE_URL=sqlite:///{database}\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        OPDCRAWL_HOME=str(home),
        OPDCRAWL_ENV_FILE=str(env_file),
        OPDCRAWL_BIN=str(Path(sys.executable).with_name("opdcrawl")),
    )
    return subprocess.run(
        ["sh", str(WRAPPER), *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_round_crawls_then_writes_reports_into_the_dated_folder(
    sites: Path, tmp_path: Path
) -> None:
    database = tmp_path / "db" / "opdcrawl.db"
    arguments = ["--region", "demo", "--seeds", str(sites), "--spider", "websites"]
    arguments += ["--format", "xlsx,json", "--out", "laporan/{tanggal}"]
    for setting in FAST:
        arguments += ["--setting", setting]
    result = run_wrapper(tmp_path, database, arguments)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "[1/2] Crawl websites: scrapy crawl websites -a region=demo" in result.stdout
    assert "Putaran selesai: 2 langkah berhasil" in result.stdout

    # The report went into laporan/<date of the round, WIB>, relative to OPDCRAWL_HOME.
    folders = list((tmp_path / "laporan").iterdir())
    assert [folder.name for folder in folders] == [datetime.now(JAKARTA).date().isoformat()]
    assert {path.name for path in folders[0].iterdir()} == {"laporan-demo.xlsx", "demo.json"}

    # The crawl wrote to the database the settings file named.
    engine = make_engine(f"sqlite:///{database}")
    try:
        with engine.connect() as connection:
            runs = connection.execute(text("SELECT status FROM crawl_run")).scalars().all()
            checks = dict(
                connection.execute(
                    text(
                        "SELECT o.code, cc.category FROM channel_check cc"
                        " JOIN channel c ON c.id = cc.channel_id JOIN opd o ON o.id = c.opd_id"
                    )
                ).all()
            )
    finally:
        engine.dispose()
    assert runs == ["finished"]
    specs = site_specs()
    assert checks == {code: str(specs[code].expected_category) for code in CODES}


def test_a_failed_crawl_ends_the_round_with_its_exit_code_and_no_report(
    sites: Path, tmp_path: Path
) -> None:
    bad_setting = "OPDCRAWL_CRAWL_TIME=kemarin"  # refused when the spider is built
    arguments = ["--region", "demo", "--seeds", str(sites), "--format", "xlsx"]
    arguments += ["--out", "laporan", "--setting", bad_setting]
    result = run_wrapper(tmp_path, tmp_path / "opdcrawl.db", arguments)

    alone = subprocess.run(
        crawl_command(
            "websites", region="demo", seeds=sites, settings=dict([bad_setting.split("=")])
        ),
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "opdcrawl.settings"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert alone.returncode != 0, "the crawl itself must fail for this test to mean anything"
    assert result.returncode == alone.returncode, result.stdout[-2000:]
    assert f"[1/3] GAGAL (kode keluar {alone.returncode})" in result.stdout
    assert "[2/3]" not in result.stdout, "the social crawl must not start"
    assert not (tmp_path / "laporan").exists(), "no report after a failed crawl"
