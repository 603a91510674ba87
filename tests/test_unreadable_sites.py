"""Sites that answer but cannot be read are named for what went wrong (issue 8).

* A server that says ``Content-Encoding: gzip`` (or deflate, br) over a body that is not
  compressed that way: error class ``invalid_encoding`` ("Kompresi rusak"), not "Galat lain".
* A JavaScript-only homepage that Chromium cannot render (a navigation timeout under load,
  a browser that will not start): the render is retried once, and a site still not
  rendered is reported as not assessable — reachable, error class ``render_failed``,
  category "Tidak Dapat Diakses" — never "Tidak Aktif".

The crawls are real ``scrapy crawl`` runs against loopback servers, like
tests/test_spider_websites.py.
"""

from __future__ import annotations

import asyncio
import csv
import gzip
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import text

from opdcrawl.crawl import run_crawl
from opdcrawl.db.engine import make_engine
from opdcrawl.demo.server import SiteHTTPServer, SiteRequestHandler
from opdcrawl.demo.sites import DEMO_SITES, jakarta_now, make_site
from opdcrawl.freshness import assess
from opdcrawl.items import ChannelCheck
from opdcrawl.reachability import ErrorClass, info
from opdcrawl.registry import COLUMNS
from opdcrawl.vocabulary import Category

FAST = {
    "DOWNLOAD_TIMEOUT": "4",
    "OPDCRAWL_RETRY_BACKOFF_BASE": "0.2",
    "AUTOTHROTTLE_START_DELAY": "0.1",
    "DOWNLOAD_DELAY": "0",
    "LOG_LEVEL": "INFO",
}
RENDER_FAILED = "halaman hanya JavaScript dan gagal dirender"


def write_seeds(folder: Path, sites: dict[str, str]) -> Path:
    """``folder/uji.csv``: one OPD per ``{code: website}``."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "uji.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for code, url in sites.items():
            writer.writerow(["Kota Uji", code, code, code, "dinas", url, *[""] * 6])
    return folder


def crawl(tmp_path: Path, sites: dict[str, str], **kwargs) -> tuple[dict[str, dict], dict, str]:
    """Crawl ``sites``; the latest check per code (with notes and requests), run stats, log."""
    database_url = f"sqlite:///{tmp_path / 'crawl.db'}"
    log_file = tmp_path / "crawl.log"
    result = run_crawl(
        "websites",
        database_url=database_url,
        region="uji",
        seeds=write_seeds(tmp_path / "seeds", sites),
        log_file=log_file,
        timeout=300,
        **kwargs,
    )
    log = log_file.read_text()
    assert result.returncode == 0, log[-3000:]
    engine = make_engine(database_url)
    with engine.connect() as connection:
        latest = {
            row["opd_code"]: dict(row)
            for row in connection.execute(text("SELECT * FROM v_opd_latest")).mappings()
        }
        for row in connection.execute(
            text(
                "SELECT o.code, cc.notes, cc.requests, cc.rendered_with_browser FROM channel_check"
                " cc JOIN channel c ON c.id = cc.channel_id JOIN opd o ON o.id = c.opd_id"
            )
        ).mappings():
            latest[row["code"]].update(
                notes=_as_list(row["notes"]),
                requests=row["requests"],
                rendered_with_browser=bool(row["rendered_with_browser"]),
            )
        status, stats = connection.execute(text("SELECT status, stats FROM crawl_run")).one()
    engine.dispose()
    assert status == "finished"
    return latest, (json.loads(stats) if isinstance(stats, str) else stats), log


def _as_list(value) -> list:
    return json.loads(value) if isinstance(value, str) else list(value or [])


# --- defect 10: a body that is not what its Content-Encoding says -----------------------

PAGE = (
    b'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Dinas Contoh</title>'
    b"</head><body><h1>Dinas Contoh</h1><p>Selamat datang.</p></body></html>"
)
# name -> (Content-Encoding, body), served on every path (robots.txt included), as a
# misconfigured server or CDN does.
ENCODINGS: dict[str, tuple[str, bytes]] = {
    # Double-compression plugins switched off, header left on: plain HTML labelled gzip.
    "gzip_plain": ("gzip", PAGE),
    # A gzip header followed by bytes that are not a deflate stream.
    "gzip_corrupt": ("gzip", gzip.compress(PAGE)[:10] + bytes(range(256))),
    "deflate_garbage": ("deflate", b"\x00\x01bukan deflate" * 8),
    "br_garbage": ("br", b"bukan brotli sama sekali"),
    "gzip_valid": ("gzip", gzip.compress(PAGE)),  # control: decodes fine
}


class EncodingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        encoding, body = ENCODINGS[self.server.kind]  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def encoding_sites() -> Iterator[dict[str, ThreadingHTTPServer]]:
    servers: dict[str, ThreadingHTTPServer] = {}
    for name in ENCODINGS:
        server = ThreadingHTTPServer(("127.0.0.1", 0), EncodingHandler)
        server.daemon_threads = True
        server.kind = name  # type: ignore[attr-defined]
        server.hits = []  # type: ignore[attr-defined]
        servers[name] = server
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
        ).start()
    yield servers
    for server in servers.values():
        server.shutdown()
        server.server_close()


def test_broken_compression_is_named_and_not_retried(tmp_path, encoding_sites):
    urls = {
        name: f"http://127.0.0.1:{server.server_address[1]}/"
        for name, server in encoding_sites.items()
    }
    latest, stats, log = crawl(tmp_path, urls, settings=FAST)
    for name in ("gzip_plain", "gzip_corrupt", "deflate_garbage", "br_garbage"):
        row = latest[name]
        assert row["error_class"] == "invalid_encoding", (name, row["error_detail"])
        assert row["category"] == "Tidak Dapat Diakses", name
        assert not row["reachable"]
        assert row["error_detail"]
        # Permanent: the same bytes would come back, so the homepage is asked for once.
        assert encoding_sites[name].hits.count("/") == 1, encoding_sites[name].hits
        assert f"retrying <GET {urls[name]}>" not in log
    assert "gzip.BadGzipFile: Not a gzipped file" in latest["gzip_plain"]["error_detail"]
    assert latest["gzip_corrupt"]["error_detail"].startswith("zlib.error")
    assert stats.get("opdcrawl/unreachable/invalid_encoding") == 4
    assert "opdcrawl/unreachable/unknown" not in stats
    assert latest["gzip_valid"]["reachable"] and latest["gzip_valid"]["error_class"] is None
    # The operator reads a named class with a hint, not "Galat lain".
    assert info("invalid_encoding").label == "Kompresi rusak"
    assert "Traceback" not in log
    assert "] ERROR:" not in log


# --- defect 11: a JavaScript-only homepage that cannot be rendered ---------------------


class HeldScriptHandler(SiteRequestHandler):
    """The demo's JavaScript-only site (DEMO-07) whose app.js is held: the page's load
    event never fires, so Chromium's navigation times out, as under load."""

    server: HeldScriptServer

    def _dispatch(self, method: str) -> None:
        path = self.path.split("?")[0]
        with self.server.lock:
            self.server.hits[path] += 1
            hold = path == "/static/js/app.js" and self.server.held < self.server.hold_scripts
            if hold:
                self.server.held += 1
        if hold:
            self.server.stop_event.wait(30)
            self.close_connection = True  # give up without an answer
            return
        super()._dispatch(method)


class HeldScriptServer(SiteHTTPServer):
    hits: Counter[str]
    lock: threading.Lock
    stop_event: threading.Event
    hold_scripts: int  # how many app.js requests to hold (the first n)
    held: int


@pytest.fixture
def js_site(request) -> Iterator[tuple[str, HeldScriptServer]]:
    """DEMO-07 on a free port, holding the first ``request.param`` script requests."""
    server = HeldScriptServer(("127.0.0.1", 0), HeldScriptHandler)
    base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    server.site = make_site(DEMO_SITES["DEMO-07"], jakarta_now(), base_url)
    server.hits = Counter()
    server.lock = threading.Lock()
    server.stop_event = threading.Event()
    server.hold_scripts = request.param
    server.held = 0
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True
    )
    thread.start()
    yield base_url, server
    server.stop_event.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


NAVIGATION_TIMEOUT = {"PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": "2500"}  # < DOWNLOAD_TIMEOUT


def assert_not_assessable(row: dict, stats: dict, log: str, url: str) -> None:
    assert row["category"] == "Tidak Dapat Diakses"  # not assessable, never "Tidak Aktif"
    assert row["reachable"]  # the server answered: the site is up
    assert row["http_status"] == 200
    assert row["error_class"] == "render_failed"
    assert row["error_detail"].startswith(f"{RENDER_FAILED} (2 percobaan): ")
    assert RENDER_FAILED in row["notes"]
    assert row["score"] == 0 and row["last_post_at"] is None
    assert not row["rendered_with_browser"]
    # One retry, then it gave up: Scrapy's retry stats and log line say so.
    assert stats["retry/count"] == 1
    assert stats["retry/max_reached"] == 1
    assert f"Gave up retrying <GET {url}> (failed 2 times)" in log
    assert stats["opdcrawl/unassessable/render_failed"] == 1
    assert stats["opdcrawl/category/Tidak Dapat Diakses"] == 1
    assert "opdcrawl/category/Tidak Aktif" not in stats


@pytest.mark.parametrize("js_site", [2], indirect=True)
def test_render_timing_out_twice_is_not_assessable(tmp_path, js_site):
    url, server = js_site
    latest, stats, log = crawl(tmp_path, {"JS": url}, settings={**FAST, **NAVIGATION_TIMEOUT})
    row = latest["JS"]
    assert_not_assessable(row, stats, log, url)
    assert "TimeoutError: Page.goto: Timeout 2500ms exceeded" in row["error_detail"]
    # The homepage once without a browser, then twice through Chromium, each stuck on
    # its script: exactly one retry of the render.
    assert server.hits["/"] == 3
    assert server.hits["/static/js/app.js"] == 2
    assert stats["opdcrawl/requests/render"] == 1  # one render asked for by the spider
    # homepage + 2 render attempts + the /berita and /artikel shells tried for dates
    assert row["requests"] == 5


@pytest.mark.parametrize("js_site", [0], indirect=True)
def test_render_without_a_browser_is_not_assessable(tmp_path, js_site):
    """Chromium that cannot start (a broken OPDCRAWL_CHROMIUM) is the crawler's fault, not
    the OPD's: the site is still not called inactive, and the detail says why."""
    url, server = js_site
    latest, stats, log = crawl(
        tmp_path, {"JS": url}, settings=FAST, env={"OPDCRAWL_CHROMIUM": "/bin/false"}
    )
    row = latest["JS"]
    assert_not_assessable(row, stats, log, url)
    assert "BrowserType.launch" in row["error_detail"]
    assert server.hits["/"] == 1  # no browser ever reached the site
    assert server.hits["/static/js/app.js"] == 0


@pytest.mark.parametrize("js_site", [1], indirect=True)
def test_render_timing_out_once_succeeds_on_the_retry(tmp_path, js_site):
    url, server = js_site
    latest, stats, log = crawl(tmp_path, {"JS": url}, settings={**FAST, **NAVIGATION_TIMEOUT})
    row = latest["JS"]
    assert row["rendered_with_browser"]
    assert row["error_class"] is None
    assert row["category"] == str(DEMO_SITES["DEMO-07"].expected_category)  # Aktif
    assert row["posts_90d"] >= 10
    assert server.hits["/static/js/app.js"] == 2
    assert stats["retry/count"] == 1
    assert "Gave up retrying" not in log


# --- the pieces: freshness, the pipeline, the retry middleware ------------------------

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=timezone(timedelta(hours=7)))


def test_not_assessable_is_never_tidak_aktif():
    unread = assess([], now=NOW, reachable=True, assessable=False)
    assert unread.category is Category.TIDAK_DAPAT_DIAKSES
    assert unread.score == 0
    # Read and empty is inactive, as before.
    assert assess([], now=NOW, reachable=True).category is Category.TIDAK_AKTIF
    # Dates found elsewhere (a feed, a sitemap) still judge the site.
    dated = [NOW - timedelta(days=d) for d in (1, 5, 9)]
    judged = assess(dated, now=NOW, reachable=True, assessable=False)
    assert judged.category is Category.AKTIF and judged.score > 0


class _Stats:
    def __init__(self) -> None:
        self.values: Counter[str] = Counter()

    def inc_value(self, key: str, count: int = 1) -> None:
        self.values[key] += count


class _Crawler:
    settings: dict[str, str] = {}

    def __init__(self) -> None:
        self.stats = _Stats()


def test_pipeline_scores_a_render_failure_as_not_assessable():
    from pipelines.freshness import ScoreFreshnessPipeline

    pipeline = ScoreFreshnessPipeline.from_crawler(_Crawler())
    check = ChannelCheck(
        region="uji",
        opd_code="JS",
        channel="website",
        url="http://bapenda.example.go.id/",
        checked_at=NOW,
        reachable=True,
        http_status=200,
        error_class=str(ErrorClass.RENDER_FAILED),
        error_detail=RENDER_FAILED,
    )
    scored = pipeline.process_item(check)
    assert scored.category == "Tidak Dapat Diakses"
    assert scored.reachable and scored.score == 0
    plain = ChannelCheck(
        region="uji",
        opd_code="KOSONG",
        channel="website",
        url="http://kosong.example.go.id/",
        checked_at=NOW,
        reachable=True,
    )
    assert pipeline.process_item(plain).category == "Tidak Aktif"


def _middleware(**settings):
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from opdcrawl.middlewares import BackoffRetryMiddleware

    crawler = get_crawler(Spider, {"OPDCRAWL_RETRY_BACKOFF_BASE": 0, **settings})
    crawler.spider = Spider.from_crawler(crawler, name="uji")
    return BackoffRetryMiddleware.from_crawler(crawler), crawler


def test_a_failed_render_is_retried_once_and_says_why():
    from playwright.async_api import TimeoutError as PlaywrightTimeoutError
    from scrapy.http import Request

    middleware, crawler = _middleware()
    failures: list[str] = []
    first = Request(
        "http://bapenda.example.go.id/",
        meta={"playwright": True, "opdcrawl_failures": failures},
    )
    timeout = PlaywrightTimeoutError("Page.goto: Timeout 1500ms exceeded.")
    retry = asyncio.run(middleware.process_exception(first, timeout))
    assert retry is not None and retry.meta["retry_times"] == 1
    assert asyncio.run(middleware.process_exception(retry, timeout)) is None
    assert failures == ["TimeoutError: Page.goto: Timeout 1500ms exceeded."] * 2
    assert crawler.stats.get_value("retry/count") == 1

    # Not a render: Playwright's errors are nothing to RETRY_EXCEPTIONS.
    plain = Request("http://bapenda.example.go.id/berita")
    assert asyncio.run(middleware.process_exception(plain, timeout)) is None
    # The number of render retries is a setting.
    middleware, _ = _middleware(OPDCRAWL_RENDER_RETRY_TIMES=0)
    render = Request("http://bapenda.example.go.id/", meta={"playwright": True})
    assert asyncio.run(middleware.process_exception(render, timeout)) is None


class _CountingHang(BaseHTTPRequestHandler):
    """Accepts every request and answers none (about one OPD site in twenty does this);
    counts what it was asked, per path."""

    asked: Counter[str] = Counter()
    arrived: dict[str, float] = {}
    release = threading.Event()

    def do_GET(self) -> None:
        _CountingHang.asked[self.path] += 1
        _CountingHang.arrived.setdefault(self.path, time.monotonic())
        _CountingHang.release.wait(60)

    def log_message(self, format: str, *args: object) -> None:
        return


def test_a_hanging_site_is_not_retried_after_its_second_timeout(tmp_path: Path) -> None:
    """robots.txt times out (not retried, and after OPDCRAWL_ROBOTS_TIMEOUT, shorter than
    the homepage's), then the homepage times out: the host has hung twice, so no retry
    holds a request slot for another timeout and backoff (benchmarks/bench_national.py).
    It is "Waktu habis", never inactive."""
    _CountingHang.asked.clear()
    _CountingHang.arrived.clear()
    _CountingHang.release.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _CountingHang)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        latest, stats, _ = crawl(
            tmp_path,
            {"HANG": url},
            settings={**FAST, "DOWNLOAD_TIMEOUT": "5", "OPDCRAWL_ROBOTS_TIMEOUT": "1"},
        )
    finally:
        _CountingHang.release.set()
        server.shutdown()
        server.server_close()
    assert _CountingHang.asked == Counter({"/robots.txt": 1, "/": 1})
    # The homepage was asked once robots.txt's own 1 s ran out, not the 5 s of a page.
    assert _CountingHang.arrived["/"] - _CountingHang.arrived["/robots.txt"] < 3
    row = latest["HANG"]
    assert (row["error_class"], row["category"]) == ("timeout", "Tidak Dapat Diakses")
    assert stats.get("opdcrawl/timeouts_not_retried") == 1
