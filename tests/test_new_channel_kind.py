"""A new channel kind with nothing but a spider module and an extractor (issue 9).

``tests/throwaway_kind`` defines the "siniar" (podcast) kind: a ``ChannelSpider``
subclass naming it, and a pure extractor for its (made-up) episode list. No other file
knows the kind. The crawl core must give it everything the website spider has: the
registry column, the run row, checks with scores and categories from the shared freshness
model, the SQL views and a report.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import text

from opdcrawl.crawl import run_crawl
from opdcrawl.dates import JAKARTA
from opdcrawl.db.engine import make_engine
from opdcrawl.registry import COLUMNS
from tests.test_spider_websites import FAST

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=JAKARTA)
AGES = {"aktif": [2, 9, 16, 23], "jarang": [200], "kosong": []}


class _Episodes(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        name = self.path.strip("/")
        if name not in AGES:
            self.send_error(404)
            return
        episodes = [
            {"url": f"http://siniar.test/{name}/{n}", "title": f"Episode {n}",
             "published": (NOW - timedelta(days=age)).isoformat()}
            for n, age in enumerate(AGES[name])
        ]  # fmt: skip
        body = json.dumps({"episodes": episodes}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def siniar_crawl(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("siniar")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Episodes)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    seeds = tmp / "seeds"
    seeds.mkdir()
    with (seeds / "uji-siniar.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*COLUMNS, "siniar"])
        for code, name in (("S-1", "aktif"), ("S-2", "jarang"), ("S-3", "kosong")):
            writer.writerow(["Kota Siniar", code, f"Dinas {name}", name, "dinas", "",
                             *[""] * 5, "", f"{base}/{name}"])  # fmt: skip
        writer.writerow(["Kota Siniar", "S-4", "Dinas Tanpa", "tanpa", "dinas", "",
                         *[""] * 5, "", "-"])  # fmt: skip
    database_url = f"sqlite:///{tmp / 'crawl.db'}"
    try:
        result = run_crawl(
            "siniar",
            database_url=database_url,
            region="uji-siniar",
            seeds=seeds,
            settings={
                **FAST,
                "SPIDER_MODULES": "spiders,tests.throwaway_kind",
                "OPDCRAWL_CRAWL_TIME": NOW.isoformat(),
            },
            log_file=tmp / "crawl.log",
            timeout=120,
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, (tmp / "crawl.log").read_text()[-3000:]
    report = subprocess.run(
        [sys.executable, "-m", "opdcrawl.cli", "report", "--url", database_url, "--region",
         "uji-siniar", "--kanal", "siniar", "--format", "csv", "--out", str(tmp / "laporan")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    yield {"engine": make_engine(database_url), "report": report, "out": tmp / "laporan"}


def test_the_run_and_its_checks(siniar_crawl):
    with siniar_crawl["engine"].connect() as connection:
        runs = connection.execute(text("SELECT spider, status FROM crawl_run")).all()
        checks = connection.execute(
            text(
                "SELECT o.code, c.kind, cc.category, cc.score, cc.posts_90d FROM channel_check cc"
                " JOIN channel c ON c.id = cc.channel_id JOIN opd o ON o.id = c.opd_id"
            )
        ).all()
    assert runs == [("siniar", "finished")]
    by_code = {row.code: row for row in checks}
    assert set(by_code) == {"S-1", "S-2", "S-3"}  # S-4 has none: not crawled
    assert {row.kind for row in checks} == {"siniar"}
    assert (by_code["S-1"].category, by_code["S-1"].posts_90d) == ("Aktif", 4)
    assert by_code["S-1"].score > by_code["S-2"].score
    assert by_code["S-2"].category == "Tidak Aktif"
    assert by_code["S-3"].category == "Tidak Aktif" and by_code["S-3"].score is not None


def test_views_show_the_new_kind(siniar_crawl):
    with siniar_crawl["engine"].connect() as connection:
        latest = connection.execute(
            text(
                "SELECT opd_code, state, category FROM v_channel_latest WHERE channel_kind = "
                "'siniar' ORDER BY opd_code"
            )
        ).all()
        history = connection.execute(
            text("SELECT channel_kind, checked, aktif FROM v_history")
        ).all()
    assert [tuple(row) for row in latest] == [
        ("S-1", "registered", "Aktif"),
        ("S-2", "registered", "Tidak Aktif"),
        ("S-3", "registered", "Tidak Aktif"),
        ("S-4", "none", None),
    ]
    assert [tuple(row) for row in history] == [("siniar", 3, 1)]


def test_a_report_for_the_new_kind(siniar_crawl):
    report = siniar_crawl["report"]
    assert report.returncode == 0, report.stderr
    files = sorted(path.name for path in siniar_crawl["out"].iterdir())
    opd_file = next(name for name in files if name.endswith("-opd.csv"))
    assert "siniar" in opd_file
    with (siniar_crawl["out"] / opd_file).open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    categories = {row["opd_code"]: row["category"] for row in rows}
    assert categories["S-1"] == "Aktif"
    assert categories["S-4"] == "Tidak Punya Website"  # the registry says none
