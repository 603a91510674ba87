"""Runs a scheduler can act on: exit codes, refusals, the crawler-side outage, progress.

Every crawl here is a real ``scrapy crawl`` in a child process (``opdcrawl.crawl``), so
the exit code is the one cron, systemd or Scrapyd would see (README "Kode keluar"). Sites
are real HTTP servers on distinct loopback addresses (the outage rule counts hosts), and
"no network" is those same addresses refusing connections once their servers are gone.
"""

from __future__ import annotations

import csv
import socket
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from sqlalchemy import text

from opdcrawl.crawl import run_crawl
from opdcrawl.db.engine import make_engine
from opdcrawl.demo.loopback import LoopbackHTTPServer, LoopbackServers
from opdcrawl.registry import COLUMNS
from opdcrawl.scrapyd_round import job_outcome

FAST = {
    "DOWNLOAD_TIMEOUT": "4",
    "OPDCRAWL_RETRY_BACKOFF_BASE": "0.1",
    "AUTOTHROTTLE_START_DELAY": "0.1",
    "DOWNLOAD_DELAY": "0",
    "OPDCRAWL_RENDER_JS": "False",
    "LOG_LEVEL": "INFO",
}
SITES = 6
SLOW_SITE = 1  # its homepage answers after a pause, so the run lasts a few progress ticks


def write_seeds(folder: Path, urls: list[str], region: str = "uji") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{region}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for number, url in enumerate(urls, start=1):
            code = f"OPD-{number:02d}"
            writer.writerow(["Kota Uji", code, f"Dinas {number}", code, "dinas", url, *[""] * 6])
    return folder


class Homepage(BaseHTTPRequestHandler):
    """A plain OPD homepage without dates (reachable, "Tidak Aktif"); 404 elsewhere."""

    delay_s = 0.0

    def do_GET(self) -> None:
        if self.path not in ("/", ""):
            self.send_error(404)
            return
        time.sleep(self.delay_s)
        body = b"<html><head><title>Dinas</title></head><body><p>Selamat datang</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class Slow(Homepage):
    delay_s = 2.5


def free_port(hosts: list[str]) -> int:
    """A port free on every one of ``hosts``."""
    for _ in range(20):
        probe = socket.socket()
        probe.bind((hosts[0], 0))
        port = probe.getsockname()[1]
        probe.close()
        try:
            for host in hosts:
                with socket.socket() as other:
                    other.bind((host, port))
        except OSError:
            continue
        return port
    raise RuntimeError("no common free port")


class OpdSites(LoopbackServers[LoopbackHTTPServer]):
    """One OPD site per loopback address (127.0.2.N), all on one port; ``down`` names
    the numbers that refuse connections instead."""

    def __init__(self, hosts: list[str], port: int, down: frozenset[int] = frozenset()) -> None:
        super().__init__()
        self.hosts, self.port, self.down = hosts, port, down

    def bind(self) -> None:
        for number, host in enumerate(self.hosts, start=1):
            name = f"site{number}"
            if number in self.down:
                self.refuse(name, host, self.port)
                continue
            handler = Slow if number == SLOW_SITE else Homepage
            server = LoopbackHTTPServer((host, self.port), handler)
            self.serve(name, server, f"http://{host}:{self.port}/", thread=name)


def crawl(tmp: Path, name: str, database_url: str, seeds: Path, **settings: str):
    log = tmp / f"{name}.log"
    result = run_crawl("websites", database_url=database_url, region="uji", seeds=seeds,
                       settings={**FAST, **settings}, log_file=log, timeout=240)  # fmt: skip
    return result, log.read_text(encoding="utf-8")


def opd_latest(database_url: str) -> dict[str, tuple]:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT opd_code, category, run_id, error_class FROM v_opd_latest")
        ).all()
    engine.dispose()
    return {row[0]: tuple(row[1:]) for row in rows}


def run_rows(database_url: str) -> list[tuple]:
    engine = make_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, status, end_reason FROM crawl_run ORDER BY id")
        ).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def test_crawler_side_outage_blames_no_opd(tmp_path):
    """Run 1: every site answers. Run 2: every host refuses (the crawler's network is
    gone): exit 8, run failed, checks kept but set aside, each OPD keeps run 1's category.
    Run 3: only two hosts refuse: those sites are "Tidak Dapat Diakses", exit 0."""
    hosts = [f"127.0.2.{n}" for n in range(1, SITES + 1)]
    port = free_port(hosts)
    urls = [f"http://{host}:{port}/" for host in hosts]
    seeds = write_seeds(tmp_path / "seeds", urls)
    database_url = f"sqlite:///{tmp_path / 'crawl.db'}"

    with OpdSites(hosts, port):
        first, log = crawl(tmp_path, "run1", database_url, seeds,
                           OPDCRAWL_PROGRESS_INTERVAL="0.5")  # fmt: skip
    assert first.returncode == 0, log[-3000:]
    assert "Crawl websites berakhir: selesai (kode keluar 0)" in log
    assert job_outcome(log) == (True, "")  # how `opdcrawl scrapyd schedule --wait` reads it
    # Progress while running, a closing summary per region, in Indonesian.
    assert "Kemajuan websites: " in log and "kanal selesai" in log
    assert "perkiraan sisa" in log
    assert f"Ringkasan websites wilayah uji: {SITES} kanal diperiksa — Tidak Aktif {SITES}" in log
    before = opd_latest(database_url)
    assert {row[0] for row in before.values()} == {"Tidak Aktif"}

    # No server at all: every connection to every host is refused.
    with OpdSites(hosts, port, down=frozenset(range(1, SITES + 1))):
        second, log = crawl(tmp_path, "run2", database_url, seeds)
    assert second.returncode == 8, log[-3000:]
    assert "Gangguan di sisi crawler: 6 dari 6 host gagal dengan cara yang sama" in log
    assert "(kode keluar 8)" in log
    # Scrapy closed the spider "finished", yet the run failed: a Scrapyd round says so.
    succeeded, reason = job_outcome(log)
    assert not succeeded and reason.endswith("(kode keluar 8)"), reason
    assert "gangguan di sisi crawler; pemeriksaan itu disisihkan" in log
    assert "Traceback" not in log
    assert run_rows(database_url)[-1] == (2, "failed", "crawler_outage")
    engine = make_engine(database_url)
    with engine.connect() as connection:
        kept = connection.execute(
            text("SELECT error_class, category, error_detail FROM channel_check WHERE run_id = 2")
        ).all()
    engine.dispose()
    assert len(kept) == SITES  # nothing lost: every check of the run is stored
    for error_class, category, detail in kept:
        assert error_class == "crawler_outage" and category is None
        assert "[connection_refused]" in detail and "bukan kesalahan OPD" in detail
    assert opd_latest(database_url) == before  # no OPD moved to "Tidak Dapat Diakses"

    # Two hosts down, four up: that is two sites down, not the crawler.
    with OpdSites(hosts, port, down=frozenset({2, 5})):
        third, log = crawl(tmp_path, "run3", database_url, seeds)
    assert third.returncode == 0, log[-3000:]
    assert run_rows(database_url)[-1] == (3, "finished", "finished")
    after = opd_latest(database_url)
    for code in ("OPD-02", "OPD-05"):
        assert after[code] == ("Tidak Dapat Diakses", 3, "connection_refused")
    assert {after[code][0] for code in after if code not in ("OPD-02", "OPD-05")} == {"Tidak Aktif"}


def test_a_small_run_is_never_an_outage(tmp_path):
    """Three sites all refusing are three sites down (OPDCRAWL_OUTAGE_MIN_SITES = 5)."""
    hosts = [f"127.0.3.{n}" for n in range(1, 4)]
    port = free_port(hosts)
    seeds = write_seeds(tmp_path / "seeds", [f"http://{host}:{port}/" for host in hosts])
    database_url = f"sqlite:///{tmp_path / 'crawl.db'}"
    result, log = crawl(tmp_path, "small", database_url, seeds)
    assert result.returncode == 0, log[-3000:]
    assert {row[0] for row in opd_latest(database_url).values()} == {"Tidak Dapat Diakses"}
    assert "Ringkasan websites wilayah uji: 3 kanal diperiksa — Tidak Dapat Diakses 3; " in log


@pytest.fixture(scope="module")
def seeds_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("seeds")
    return write_seeds(folder, ["http://127.0.4.1:9/", "http://127.0.4.2:9/"])


REFUSALS = [
    # (id, spider arguments, settings, exit code, crawl_run end_reason, words in the log)
    ("unknown-argument", ["-a", "regoin=uji"], {}, 2, "bad_argument",
     "argumen spider tidak dikenal: regoin. Argumen yang dikenal untuk spider websites: "
     "opd, region, seeds, shard"),
    ("bad-shard", ["-a", "region=uji", "-a", "shard=3/2"], {}, 2, "bad_argument",
     "argumen shard di luar rentang: '3/2'"),
    ("shard-not-a-number", ["-a", "region=uji", "-a", "shard=satu"], {}, 2, "bad_argument",
     "argumen shard tidak valid: 'satu'"),
    ("unknown-region", ["-a", "region=kota-tidak-ada"], {}, 3, "unknown_region",
     "wilayah tidak ada di registri"),
    ("unknown-opd", ["-a", "region=uji", "-a", "opd=OPD-01,XX-9"], {}, 3, "unknown_opd",
     "kode OPD tidak ada di registri wilayah yang dipilih: XX-9"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("arguments", "settings", "exit_code", "end_reason", "words"),
    [case[1:] for case in REFUSALS],
    ids=[case[0] for case in REFUSALS],
)
def test_a_run_that_cannot_do_its_job_is_refused_before_crawling(
    tmp_path, seeds_folder, arguments, settings, exit_code, end_reason, words
):
    database_url = f"sqlite:///{tmp_path / 'crawl.db'}"
    log_file = tmp_path / "crawl.log"
    result = run_crawl("websites", database_url=database_url, seeds=seeds_folder,
                       settings={**FAST, **settings}, extra_args=arguments, log_file=log_file,
                       timeout=120)  # fmt: skip
    log = log_file.read_text(encoding="utf-8")
    assert result.returncode == exit_code, log[-3000:]
    assert words in log
    assert words in result.stderr  # also where cron mails it
    assert f"(kode keluar {exit_code})" in log
    assert "Traceback" not in log + result.stderr
    assert "downloader/request_count" not in log  # not one request made
    assert run_rows(database_url) == [(1, "failed", end_reason)]


def test_missing_seeds_folder_names_its_full_path(tmp_path):
    missing = tmp_path / "tidak-ada" / "seeds"
    log_file = tmp_path / "crawl.log"
    result = run_crawl("websites", database_url=f"sqlite:///{tmp_path / 'crawl.db'}",
                       seeds=missing, region="uji", log_file=log_file, timeout=120)  # fmt: skip
    assert result.returncode == 4
    assert f"folder seeds tidak ditemukan: {missing}" in log_file.read_text(encoding="utf-8")


def test_unreachable_database_is_one_clear_line(tmp_path, seeds_folder):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # nothing listens there
    url = f"postgresql+psycopg2://opdcrawl:rahasia@127.0.0.1:{port}/opdcrawl"
    log_file = tmp_path / "crawl.log"
    result = run_crawl("websites", database_url=url, seeds=seeds_folder, region="uji",
                       settings=FAST, log_file=log_file, timeout=120)  # fmt: skip
    log = log_file.read_text(encoding="utf-8")
    assert result.returncode == 7, log[-3000:]
    assert "Basis data tidak dapat dihubungi: postgresql+psycopg2://opdcrawl:***@" in log
    assert "rahasia" not in log + result.stderr
    assert "Traceback" not in log + result.stderr
    assert "downloader/request_count" not in log


def test_feed_export_that_cannot_be_written_is_refused_before_crawling(tmp_path, seeds_folder):
    """The output "folder" is a file (permissions would not stop root, which tests may run
    as): Scrapy would crawl everything and fail only when storing."""
    in_the_way = tmp_path / "laporan"
    in_the_way.write_text("bukan folder", encoding="utf-8")
    log_file = tmp_path / "crawl.log"
    database_url = f"sqlite:///{tmp_path / 'crawl.db'}"
    result = run_crawl("websites", database_url=database_url, seeds=seeds_folder, region="uji",
                       settings=FAST, log_file=log_file,
                       extra_args=["-O", str(in_the_way / "checks.csv")], timeout=120)  # fmt: skip
    assert result.returncode == 6, result.stderr
    assert (
        f"Feed tidak dapat ditulis ke {in_the_way / 'checks.csv'}: {in_the_way} bukan folder"
    ) in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "crawl.db").exists()  # nothing started


def test_a_channel_kind_spider_declares_its_own_arguments():
    """A new kind's spider takes its arguments as ``__init__`` parameters (or names them in
    ``extra_arguments``): they are accepted, listed, and anything else is refused."""
    from opdcrawl.channel_spider import ChannelSpider

    class PodcastSpider(ChannelSpider):
        name = "uji_argumen"  # no channel kind: nothing registered in this process
        extra_arguments = ("episodes",)

        def __init__(self, feed: str | None = None, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.feed = feed

    assert PodcastSpider.known_arguments() == ["episodes", "feed", "opd", "region", "seeds",
                                                "shard"]  # fmt: skip
    spider = PodcastSpider(feed="rss", episodes="3", region="uji", _job="abc123")
    assert spider.refusal is None
    assert spider.feed == "rss"
    refused = PodcastSpider(fead="rss")
    assert refused.refusal is not None and "fead" in refused.refusal.message
    assert "episodes, feed, opd, region, seeds, shard" in refused.refusal.message


def test_opdcrawl_commands_say_an_unreachable_database_in_one_line(tmp_path):
    import subprocess
    import sys

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    url = f"postgresql+psycopg2://opdcrawl:rahasia@127.0.0.1:{port}/opdcrawl"
    for command in (["db", "upgrade", "--url", url], ["runs", "--url", url]):
        done = subprocess.run([sys.executable, "-m", "opdcrawl.cli", *command],
                              capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
        assert done.returncode == 7, done.stderr
        shown = "Basis data tidak dapat dihubungi: postgresql+psycopg2://opdcrawl:***@"
        assert shown in done.stderr
        assert "Traceback" not in done.stderr and "rahasia" not in done.stderr
    missing = tmp_path / "tidak-ada.db"
    done = subprocess.run([sys.executable, "-m", "opdcrawl.cli", "runs", "--url",
                           f"sqlite:///{missing}"], capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert done.returncode == 7
    assert f"Basis data tidak ditemukan: {missing}" in done.stderr
    assert not missing.exists()
