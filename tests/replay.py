"""Replay captured sites (``tests/fixtures/real_cms``) exactly as their CMS served them.

Each capture folder holds a ``manifest.json`` (origin, capture time, and per page the
status, Content-Type, Location and the body file, byte for byte). The server answers every
page under the origin it was captured from, so the absolute links inside the bodies lead
back into the same capture; every other path is a 404.

It listens on one free loopback port and acts as a plain HTTP forward proxy: the crawl is
given ``http_proxy=http://127.0.0.1:<port>``, asks for ``http://desa-sindangsari.test:8096/``
as usual, and the server picks the site from the absolute request URI (or the ``Host``
header). Nothing resolves the ``.test`` names and no fixed port is taken, so a replay never
collides with a running demo and never leaves loopback.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REAL_CMS = Path(__file__).resolve().parent / "fixtures" / "real_cms"


@dataclass(frozen=True)
class Page:
    status: int
    content_type: str | None
    location: str | None
    body: bytes


@dataclass
class Capture:
    """One captured site: its origin, capture time and pages by (method, path)."""

    slug: str
    origin: str
    captured_at: datetime
    cms: str
    mode: str
    pages: dict[tuple[str, str], Page] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)

    @property
    def netloc(self) -> str:
        return urlsplit(self.origin).netloc.lower()


def load_capture(folder: Path) -> Capture:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    capture = Capture(
        slug=folder.name,
        origin=manifest["origin"].rstrip("/"),
        captured_at=datetime.fromisoformat(manifest["captured_at"]),
        cms=manifest.get("cms", ""),
        mode=manifest.get("mode", ""),
    )
    for entry in manifest["pages"]:
        body = (folder / entry["file"]).read_bytes()
        if entry.get("file_gzip"):
            body = gzip.decompress(body)
        page = Page(entry["status"], entry.get("content_type"), entry.get("location"), body)
        capture.pages[(entry.get("method", "GET").upper(), entry["path"])] = page
    return capture


def load_captures(root: Path = REAL_CMS) -> dict[str, Capture]:
    return {
        folder.name: load_capture(folder)
        for folder in sorted(root.iterdir())
        if (folder / "manifest.json").is_file()
    }


class _Handler(BaseHTTPRequestHandler):
    server: ReplayServer  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        return

    def _answer(self) -> None:
        target = urlsplit(self.path)
        if target.scheme:  # proxy form: GET http://host:port/path?q HTTP/1.1
            netloc, path = target.netloc, target.path or "/"
            query = target.query
        else:
            netloc = self.headers.get("Host", "")
            path, _, query = self.path.partition("?")
        full_path = path + (f"?{query}" if query else "")
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        capture = self.server.sites.get(netloc.lower())
        page = None
        if capture is not None:
            capture.requests.append((self.command, full_path))
            method = "GET" if self.command == "HEAD" else self.command
            page = capture.pages.get((method, full_path))
        if page is None:
            page = Page(404, "text/html; charset=UTF-8", None, b"<html><body>404</body></html>")
        self.send_response(page.status)
        if page.content_type is not None:
            self.send_header("Content-Type", page.content_type)
        if page.location is not None:
            self.send_header("Location", page.location)
        self.send_header("Content-Length", str(len(page.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(page.body)

    do_GET = do_POST = do_HEAD = _answer


class ReplayServer(ThreadingHTTPServer):
    """``with ReplayServer(captures) as server:`` then crawl with ``server.proxy_env``."""

    daemon_threads = True

    def __init__(self, captures: dict[str, Capture]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.captures = captures
        self.sites = {capture.netloc: capture for capture in captures.values()}
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def proxy_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def proxy_env(self) -> dict[str, str]:
        """Environment for a child ``scrapy crawl``: every http:// request via the replay."""
        return {"http_proxy": self.proxy_url, "HTTP_PROXY": self.proxy_url, "no_proxy": ""}

    def __enter__(self) -> ReplayServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class CaptureFetcher:
    """A ``website_reader.Fetcher`` that answers from captures, with no server at all.

    For tests of the site reader itself: the same pages the replay server would serve,
    the same status codes, and every other path a 404.
    """

    def __init__(self, captures: dict[str, Capture]) -> None:
        self.sites = {capture.netloc: capture for capture in captures.values()}
        self.asked: list[tuple[str, str]] = []

    def answer(self, url: str):
        from opdcrawl.website_reader import Fetched

        parts = urlsplit(url)
        capture = self.sites.get(parts.netloc.lower())
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        page = capture.pages.get(("GET", path)) if capture else None
        if page is None:
            return Fetched(url=url, status=404, body=b"", text="", headers={})
        headers = {"content-type": page.content_type} if page.content_type else {}
        text = None
        if page.content_type is None or any(
            kind in page.content_type for kind in ("text", "xml", "json", "html")
        ):
            text = page.body.decode("utf-8", "replace")
        return Fetched(url=url, status=page.status, body=page.body, text=text, headers=headers)

    async def __call__(self, check, url, *, kind, keep_errors=False, render=False,
                       obey_robots=True, failures=None, headers=None):  # fmt: skip
        self.asked.append((kind, url))
        check.requests += 1
        check.sources_tried.append(f"{kind} {url}")
        fetched = self.answer(url)
        if fetched.status >= 400 and not keep_errors:
            return None
        return fetched


def wib_day(value: Any) -> str:
    """The WIB day of a stored time (SQLite gives naive UTC text, PostgreSQL aware values)."""
    from opdcrawl.dates import JAKARTA

    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(JAKARTA).date().isoformat()


def crawl_captures(
    tmp: Path, captures: dict[str, Capture], *, region: str, code_of: Callable[[str], str]
) -> dict[str, Any]:
    """Crawl captured sites with the real ``websites`` spider through a replay server, as of
    the latest capture moment; what each real-CMS test needs, by site slug."""
    from sqlalchemy import text

    from opdcrawl.crawl import run_crawl
    from opdcrawl.db.engine import make_engine
    from tests.test_spider_websites import FAST, latest_by_code, write_seeds

    rows = [
        ["Kabupaten Uji", code_of(slug), slug, slug, "dinas", capture.origin + "/", *[""] * 6]
        for slug, capture in captures.items()
    ]
    for capture in captures.values():
        capture.requests.clear()
    folder = write_seeds(tmp / "seeds", rows, region=region)
    database_url = f"sqlite:///{tmp / 'crawl.db'}"
    crawl_time = max(capture.captured_at for capture in captures.values())
    with ReplayServer(captures) as server:
        result = run_crawl(
            "websites",
            database_url=database_url,
            region=region,
            seeds=folder,
            settings={**FAST, "OPDCRAWL_CRAWL_TIME": crawl_time.isoformat()},
            log_file=tmp / "crawl.log",
            env=server.proxy_env,
            timeout=300,
        )
    log = (tmp / "crawl.log").read_text()
    engine = make_engine(database_url)
    latest = latest_by_code(engine) if result.returncode == 0 else {}
    with engine.connect() as connection:
        posts = connection.execute(
            text(
                "SELECT o.code, p.url, p.source, p.published_at, p.title FROM post p"
                " JOIN channel c ON c.id = p.channel_id JOIN opd o ON o.id = c.opd_id"
            )
        ).all()
        checks = {
            row.code: row
            for row in connection.execute(
                text(
                    "SELECT o.code, cc.sources_tried, cc.notes, cc.evidence FROM channel_check cc"
                    " JOIN channel c ON c.id = cc.channel_id JOIN opd o ON o.id = c.opd_id"
                )
            ).all()
        }
    engine.dispose()
    return {
        "returncode": result.returncode,
        "crawl_time": crawl_time,
        "latest": {slug: latest.get(code_of(slug)) for slug in captures},
        "posts": {slug: [p for p in posts if p.code == code_of(slug)] for slug in captures},
        "checks": {slug: checks.get(code_of(slug)) for slug in captures},
        "log": log,
        "requests": {slug: list(capture.requests) for slug, capture in captures.items()},
        "missing": {
            slug: [
                path
                for method, path in capture.requests
                if ("GET" if method == "HEAD" else method, path) not in capture.pages
            ]
            for slug, capture in captures.items()
        },
    }


def explain(crawl: dict[str, Any], slug: str, truth: dict[str, Any] | None = None) -> str:
    """What a real-CMS crawl made of one site, for an assertion message."""
    from tests.test_spider_websites import as_list

    row = crawl["latest"][slug]
    check = crawl["checks"][slug]
    newest = sorted(crawl["posts"][slug], key=lambda p: str(p.published_at))[-5:]
    said = (
        f"truth {truth['category']} {truth['latest_news']} 90d={truth['posts_90d']}\n"
        if truth
        else ""
    )
    return (
        f"{slug}: {said}crawl {row['category']} last={row['last_post_at']}"
        f" 90d={row['posts_90d']}\nevidence={check.evidence}\nnotes={check.notes}\n"
        f"tried={as_list(check.sources_tried)}\n"
        + "\n".join(f"  {p.published_at} {p.source} {p.url}" for p in newest)
    )
