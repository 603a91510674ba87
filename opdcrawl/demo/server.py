"""Serve the demo sites on loopback, one HTTP server per OPD so each is its own domain.

Scrapy's politeness (delays, concurrency) is per domain; giving every demo OPD its own
127.0.0.x address makes the demo crawl behave like a crawl of real, separate sites. The
content comes from ``opdcrawl.demo.sites`` and the sockets and threads from
``opdcrawl.demo.loopback``; this module only turns HTTP requests into calls to a site.

Run ``python -m opdcrawl.demo.server`` to poke at the sites by hand.
"""

from __future__ import annotations

import argparse
import logging
import threading
from collections.abc import Mapping
from datetime import datetime
from http.server import BaseHTTPRequestHandler

from opdcrawl.demo.loopback import IDLE_TIMEOUT_S, LoopbackHTTPServer, LoopbackServers, split_target
from opdcrawl.demo.sites import DEMO_SITES, JAKARTA, DemoSite, SiteSpec, jakarta_now, make_site

logger = logging.getLogger(__name__)


class SiteHTTPServer(LoopbackHTTPServer):
    """A loopback HTTP server bound to one demo site."""

    site: DemoSite


class SiteRequestHandler(BaseHTTPRequestHandler):
    """Turns one HTTP request into ``site.handle(...)`` and writes the Response back."""

    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT_S
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
        path, query = split_target(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        try:
            response = self.server.site.handle(path, query, method, body)
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


class DemoServer(LoopbackServers[SiteHTTPServer]):
    """Start and stop the demo sites; usable as a context manager.

    By default each site binds the address in ``seeds/demo.csv`` (127.0.0.2x:8765).
    ``port=0`` binds every site on its own 127.0.0.x address at a free port, so tests do
    not clash with a demo already running; ``port_offset`` shifts the fixed port;
    ``host_override`` puts every site on one address (then give ``port=0``).
    The DOWN site (shape ``down``) is never served: in fixed-port mode nothing is bound;
    with ``port=0`` a socket is bound but never listens, so connections are refused and no
    other program can take the port meanwhile.
    """

    not_running = "{name} is not served (no website, or server not started)"

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
        super().__init__()
        self.sites = dict(sites)
        if now is None:
            now = jakarta_now()
        # A naive "now" is read as Jakarta wall-clock time, like every date on the sites.
        self.now = now.replace(tzinfo=JAKARTA) if now.tzinfo is None else now.astimezone(JAKARTA)
        self.host_override = host_override
        self.port = port
        self.port_offset = port_offset

    def bind(self) -> None:
        """Serve every site; a DOWN site gets an address that refuses connections."""
        for code, spec in self.sites.items():
            if spec.shape == "down":
                self.refuse(code, *self._address(spec))
            elif spec.served:
                self._start_site(code, spec)

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
        self.serve(code, server, base_url, thread=f"demo-{code}")
        logger.debug("demo %s (%s) at %s", code, spec.shape, base_url)

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
