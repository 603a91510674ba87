"""Serve the demo sites on loopback, one HTTP server per OPD so each is its own domain.

Scrapy's politeness (delays, concurrency) is per domain; giving every demo OPD its own
127.0.0.x address makes the demo crawl behave like a crawl of real, separate sites. The
content comes from ``opdcrawl.demo.sites``; this module only binds sockets and threads.

Run ``python -m opdcrawl.demo.server`` to poke at the sites by hand.
"""

from __future__ import annotations

import argparse
import logging
import socket
import threading
from collections.abc import Mapping
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from urllib.parse import parse_qs, unquote, urlsplit

from opdcrawl.demo.sites import DEMO_SITES, JAKARTA, DemoSite, SiteSpec, jakarta_now, make_site

logger = logging.getLogger(__name__)


class SiteHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server bound to one demo site; never waits for its handlers."""

    daemon_threads = True
    block_on_close = False  # a stuck client must never hold up stop()
    allow_reuse_address = True

    site: DemoSite


class SiteRequestHandler(BaseHTTPRequestHandler):
    """Turns one HTTP request into ``site.handle(...)`` and writes the Response back."""

    protocol_version = "HTTP/1.1"
    timeout = 15  # idle keep-alive connections end on their own
    server: SiteHTTPServer

    def version_string(self) -> str:
        return self.server.site.server_software

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_HEAD(self) -> None:
        self._dispatch("HEAD")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        split = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        try:
            response = self.server.site.handle(unquote(split.path) or "/", query, method, body)
        except Exception:  # a bug in one page must not kill the demo
            logger.exception("demo site %s failed on %s", self.server.site.spec.code, self.path)
            self.send_error(500)
            return
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(response.body)


class DemoServer:
    """Start and stop the demo sites; usable as a context manager.

    By default each site binds the address in ``seeds/demo.csv`` (127.0.0.2x:8765).
    ``port=0`` binds every site on its own 127.0.0.x address at a free port, so tests do
    not clash with a demo already running; ``port_offset`` shifts the fixed port;
    ``host_override`` puts every site on one address (then give ``port=0``).
    The DOWN site (shape ``down``) is never served: in fixed-port mode nothing is bound;
    with ``port=0`` a socket is bound but never listens, so connections are refused and no
    other program can take the port meanwhile.
    """

    def __init__(
        self,
        sites: Mapping[str, SiteSpec] = DEMO_SITES,
        *,
        now: datetime | None = None,
        host_override: str | None = None,
        port: int | None = None,
        port_offset: int = 0,
    ) -> None:
        if host_override and port != 0 and sum(spec.served for spec in sites.values()) > 1:
            raise ValueError("host_override serves several sites on one address: use port=0")
        self.sites = dict(sites)
        if now is None:
            now = jakarta_now()
        # A naive "now" is read as Jakarta wall-clock time, like every date on the sites.
        self.now = now.replace(tzinfo=JAKARTA) if now.tzinfo is None else now.astimezone(JAKARTA)
        self.host_override = host_override
        self.port = port
        self.port_offset = port_offset
        self._servers: dict[str, SiteHTTPServer] = {}
        self._threads: list[threading.Thread] = []
        self._placeholders: list[socket.socket] = []
        self._urls: dict[str, str] = {}

    # --- lifecycle ---------------------------------------------------------------------
    def start(self) -> dict[str, str]:
        """Bind and serve every site; return ``{code: base URL}`` (DOWN sites included)."""
        if self._servers:
            return self.urls
        try:
            for code, spec in self.sites.items():
                if spec.shape == "down":
                    self._urls[code] = self._down_url(spec)
                elif spec.served:
                    self._start_site(code, spec)
        except BaseException:
            self.stop()
            raise
        return self.urls

    def _address(self, spec: SiteSpec) -> tuple[str, int]:
        host = self.host_override or spec.host or "127.0.0.1"
        port = self.port if self.port is not None else (spec.port or 0) + self.port_offset
        return host, port

    def _start_site(self, code: str, spec: SiteSpec) -> None:
        host, port = self._address(spec)
        try:
            server = SiteHTTPServer((host, port), SiteRequestHandler)
        except OSError as error:
            raise OSError(f"cannot serve {code} on {host}:{port}: {error}") from error
        bound_host, bound_port = server.server_address[:2]
        base_url = f"http://{bound_host}:{bound_port}/"
        server.site = make_site(spec, self.now, base_url)
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.2},
            name=f"demo-{code}",
            daemon=True,
        )
        thread.start()
        self._servers[code] = server
        self._threads.append(thread)
        self._urls[code] = base_url
        logger.debug("demo %s (%s) at %s", code, spec.shape, base_url)

    def _down_url(self, spec: SiteSpec) -> str:
        host, port = self._address(spec)
        if port == 0:
            placeholder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            placeholder.bind((host, 0))  # bound, never listening: connect() is refused
            self._placeholders.append(placeholder)
            port = placeholder.getsockname()[1]
        return f"http://{host}:{port}/"

    def stop(self) -> None:
        """Stop every server in parallel; returns within about a poll interval."""
        stoppers = [
            threading.Thread(target=server.shutdown, daemon=True)
            for server in self._servers.values()
        ]
        for stopper in stoppers:
            stopper.start()
        for stopper in stoppers:
            stopper.join(timeout=5)
        for server in self._servers.values():
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=1)
        for placeholder in self._placeholders:
            placeholder.close()
        self._servers.clear()
        self._threads.clear()
        self._placeholders.clear()
        self._urls.clear()

    def __enter__(self) -> DemoServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- lookup ------------------------------------------------------------------------
    @property
    def urls(self) -> dict[str, str]:
        """Base URL per OPD code, for the sites started (and the DOWN one)."""
        return dict(self._urls)

    def url_for(self, code: str) -> str:
        try:
            return self._urls[code]
        except KeyError:
            raise KeyError(f"{code} is not served (no website, or server not started)") from None

    def site(self, code: str) -> DemoSite:
        """The live site object, e.g. to read its ``posts`` as ground truth."""
        return self._servers[code].site


def _parse_now(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=JAKARTA)


def main(argv: list[str] | None = None) -> None:
    """Serve the demo until Ctrl-C and print where each OPD lives."""
    parser = argparse.ArgumentParser(description="Jalankan situs demo opdcrawl di loopback.")
    parser.add_argument("--now", type=_parse_now, help="waktu acuan ISO 8601 (default: sekarang)")
    parser.add_argument("--port", type=int, default=None, help="0 = port bebas per situs")
    parser.add_argument("--host", default=None, help="satu alamat untuk semua situs")
    parser.add_argument("-v", "--verbose", action="store_true", help="catat setiap permintaan")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    port = 0 if args.host and args.port is None else args.port
    server = DemoServer(now=args.now, host_override=args.host, port=port)
    urls = server.start()
    print(f"Situs demo berjalan (waktu acuan {server.now:%Y-%m-%d %H:%M %Z}):")
    for code, spec in server.sites.items():
        where = urls.get(code, "— (tidak punya website)")
        print(f"  {code}  {spec.name:<55} {where}  [{spec.expected_category}]")
    print("Tekan Ctrl-C untuk berhenti.")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
