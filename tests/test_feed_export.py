"""``scrapy crawl websites -O checks.csv``: flat, readable columns, from a real crawl.

The CSV and a JSON lines export of the same crawl are compared: every field of a check
is one cell, lists and posts are readable text, nothing is lost that fits in a cell. A
feed file in a read-only folder is refused before the crawl, in Indonesian, and the
crawl still fills the database.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import subprocess
from datetime import datetime
from pathlib import Path

from opdcrawl.crawl import crawl_command, run_crawl
from opdcrawl.demo.server import DemoServer
from opdcrawl.feed_export import CELL_LIMIT, flat_cell
from opdcrawl.items import ChannelCheck, Post
from tests.test_spider_websites import FAST, write_seeds
from tests.unprivileged import as_unprivileged, read_only, shared_folder

REPO = Path(__file__).resolve().parents[1]
CODES = ("DEMO-01", "DEMO-06", "DEMO-08")  # WordPress, spam-injected Lokomedia, refused


def test_flat_cells() -> None:
    post = Post(
        url="https://x.go.id/a", published_at=datetime.fromisoformat("2026-04-01T09:00+07:00")
    )
    undated = Post(url="https://x.go.id/b")
    assert (
        flat_cell([post, undated])
        == "2026-04-01 https://x.go.id/a | tanpa tanggal https://x.go.id/b"
    )
    assert flat_cell(["satu, dua", "tiga"]) == "satu, dua | tiga"
    assert flat_cell([]) == "" and flat_cell(None) == ""
    assert flat_cell(True) == "true"
    assert (
        flat_cell(datetime.fromisoformat("2026-04-01T09:00+07:00")) == "2026-04-01T09:00:00+07:00"
    )
    # Text a spreadsheet would run as a formula is defused, as in the reports' CSVs.
    assert flat_cell(['=HYPERLINK("http://evil.example")']).startswith("'=")
    many = [Post(url=f"https://x.go.id/{n:05d}-{'a' * 80}") for n in range(1000)]
    cell = flat_cell(many)
    assert len(cell) <= CELL_LIMIT + 100 and cell.endswith("lagi; lengkap di -O .jsonl)")


def test_csv_feed_of_a_real_crawl_has_flat_readable_columns(tmp_path: Path) -> None:
    with DemoServer(port=0) as server:
        rows = [["Kota Uji", code, code, code, "dinas", server.url_for(code), *[""] * 6]
                for code in CODES]  # fmt: skip
        folder = write_seeds(tmp_path / "seeds", rows)
        result = run_crawl(
            "websites",
            database_url=f"sqlite:///{tmp_path / 'crawl.db'}",
            region="uji",
            seeds=folder,
            settings=FAST,
            extra_args=["-O", str(tmp_path / "checks.csv"), "-O", str(tmp_path / "checks.jsonl")],
            log_file=tmp_path / "crawl.log",
            timeout=300,
        )
    assert result.returncode == 0, (tmp_path / "crawl.log").read_text()[-3000:]
    full = {
        item["opd_code"]: item
        for item in map(json.loads, (tmp_path / "checks.jsonl").read_text().splitlines())
    }
    with (tmp_path / "checks.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        lines = list(reader)
    assert header == [field.name for field in dataclasses.fields(ChannelCheck)]
    assert all(len(line) == len(header) for line in lines)
    flat = {
        row["opd_code"]: row for row in (dict(zip(header, line, strict=True)) for line in lines)
    }
    assert sorted(flat) == sorted(CODES)
    for row in flat.values():
        for name, cell in row.items():
            assert "\n" not in cell, name  # one line per check
            assert not any(marker in cell for marker in ("Post(", "datetime.", "[", "{")), name

    active = flat["DEMO-01"]
    posts = full["DEMO-01"]["posts"]
    assert len(posts) >= 10
    assert active["posts"].split(" | ") == [
        f"{post['published_at'][:10]} {post['url']}" for post in posts
    ]
    assert datetime.fromisoformat(active["checked_at"]).utcoffset() is not None
    assert datetime.fromisoformat(active["last_post_at"]) == datetime.fromisoformat(
        full["DEMO-01"]["last_post_at"]
    )
    assert active["reachable"] == "true" and active["category"] == "Aktif"
    assert active["sources_tried"].split(" | ") == full["DEMO-01"]["sources_tried"]

    spam = flat["DEMO-06"]
    assert spam["spam_terms"].split(" | ") == full["DEMO-06"]["spam_terms"]
    assert "slot gacor" in spam["spam_terms"]
    assert spam["notes"].split(" | ") == full["DEMO-06"]["notes"]

    dead = flat["DEMO-08"]
    assert dead["reachable"] == "false" and dead["error_class"] == "connection_refused"
    assert dead["posts"] == "" and dead["final_url"] == "" and dead["http_status"] == ""


def test_feed_in_a_read_only_folder_is_refused_before_the_crawl_starts(
    tmp_path: Path,
) -> None:
    with shared_folder() as shared, DemoServer(port=0) as server:
        row = ["Kota Uji", "DEMO-01", "A", "A", "dinas", server.url_for("DEMO-01"), *[""] * 6]
        folder = write_seeds(shared / "seeds", [row])
        locked = read_only(shared / "keluaran")
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "DATABASE_URL": f"sqlite:///{shared / 'c.db'}",
        }
        env["SCRAPY_SETTINGS_MODULE"] = "opdcrawl.settings"
        command = crawl_command(
            "websites", region="uji", seeds=folder, settings=FAST,
            extra_args=["-O", str(locked / "checks.csv")],
        )  # fmt: skip
        result = subprocess.run(
            as_unprivileged(command), cwd=shared, env=env, capture_output=True, text=True,
            timeout=300, check=False,
        )  # fmt: skip
        log = result.stderr
        # Refused up front with its exit code (README "Kode keluar"), not after hours of
        # crawling: nothing is crawled, nothing written, the operator fixes -O and reruns.
        assert result.returncode == 6, log[-2000:]
        assert f"Feed tidak dapat ditulis ke {locked / 'checks.csv'}: folder {locked} " in log
        assert "hanya-baca" in log and "Crawl tidak dimulai" in log and "Traceback" not in log
        assert list(locked.iterdir()) == []
        assert not (shared / "c.db").exists()
