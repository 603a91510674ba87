"""Misbehaving websites on loopback, so tests can prove the crawler classifies failures.

Real OPD sites loop redirects, hang, answer garbage, sit behind firewalls, get suspended
by their host or put up "under construction" pages. Each behaviour here lives on its own
free port and answers the same way whatever the path, so a test only needs
``url_for(name)``. Stopping never waits on a stuck connection: handlers run in daemon
threads and every slow behaviour watches a stop event.
"""

from __future__ import annotations

import logging
import random
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from opdcrawl.demo.loopback import LoopbackHTTPServer, LoopbackServers
from opdcrawl.demo.sites import JAKARTA, id_date, jakarta_now

logger = logging.getLogger(__name__)

HOSTILE_NAMES: tuple[str, ...] = (
    "redirect_loop",
    "hang",
    "garbage",
    "firewall_403",
    "error_500",
    "suspended",
    "under_construction",
    "robots_forbid_all",
    "huge",
    "huge_declared",
    "plain_http_on_tls",
    "stamped_feed",
)

HUGE_BYTES = 20 * 1024 * 1024
CHUNK = 64 * 1024

FIREWALL_PAGE = """<!DOCTYPE html>
<html lang="en-US"><head><title>Attention Required! | Cloudflare</title>
<meta charset="UTF-8"></head>
<body><div id="cf-wrapper"><div id="cf-error-details">
<h1>Sorry, you have been blocked</h1>
<h2>You are unable to access this website</h2>
<p>This website is using a security service to protect itself from online attacks.</p>
<p>Access Denied. Akses ditolak oleh firewall.</p>
<p>Cloudflare Ray ID: <strong>8f2a1c3d4e5b6a70</strong> &bull; Performance &amp; security by
Cloudflare</p></div></div></body></html>
"""

DATABASE_ERROR_PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Kesalahan Basis Data</title></head>
<body><h1>Error establishing a database connection</h1>
<p>Terjadi kesalahan saat menghubungkan ke basis data.</p></body></html>
"""

SUSPENDED_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Account Suspended</title></head>
<body><div class="container"><h1>Account Suspended</h1>
<p>This Account has been suspended.</p>
<p>Contact your hosting provider for more information.</p>
<p>Akun hosting ini telah ditangguhkan. Hubungi penyedia hosting Anda.</p>
</div></body></html>
"""

UNDER_CONSTRUCTION_PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Under Construction</title></head>
<body><div class="maintenance"><h1>Website Sedang dalam Perbaikan</h1>
<p>Mohon maaf, website ini sedang dalam perbaikan dan akan segera kembali.</p>
<p>Under Construction &mdash; we'll be back soon.</p></div></body></html>
"""

PLAIN_PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Selamat datang</title></head>
<body><p>Server ini hanya melayani HTTP biasa.</p></body></html>
"""


class HostileHTTPServer(LoopbackHTTPServer):
    """One misbehaviour per server; shares the stop event of its HostileServer."""

    kind: str
    stop_event: threading.Event
    now: datetime
    hang_seconds: float
    huge_bytes: int


class HostileRequestHandler(BaseHTTPRequestHandler):
    """Misbehaves as ``server.kind`` says, on every path and method."""

    protocol_version = "HTTP/1.0"  # connection-close framing: "huge" needs no length
    server: HostileHTTPServer

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("%s %s %s", self.server.kind, self.address_string(), format % args)

    def do_GET(self) -> None:
        handler = getattr(self, f"_{self.server.kind}")
        try:
            handler()
        except (BrokenPipeError, ConnectionResetError):
            logger.debug("%s: client went away", self.server.kind)

    do_HEAD = do_GET
    do_POST = do_GET

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "text/html; charset=UTF-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    # --- behaviours -------------------------------------------------------------------
    def _redirect_loop(self) -> None:
        """302 back to itself with a new query every time: no final page, ever."""
        query = parse_qs(urlsplit(self.path).query)
        hop = int(query.get("hop", ["0"])[0] or 0) + 1
        self._send(302, b"", headers={"Location": f"/?hop={hop}"})

    def _hang(self) -> None:
        """Accept the request, answer nothing until the client or the server gives up."""
        self.server.stop_event.wait(self.server.hang_seconds)
        self.close_connection = True

    def _garbage(self) -> None:
        """Binary noise labelled as HTML: never valid UTF-8 (it starts with 0xFF 0xFE 0xFD)."""
        rng = random.Random(self.path)
        noise = b"\xff\xfe\xfd\x00" + rng.randbytes(4096)
        self._send(200, noise, content_type="text/html")

    def _firewall_403(self) -> None:
        headers = {"Server": "cloudflare", "CF-RAY": "8f2a1c3d4e5b6a70-SIN"}
        self._send(403, FIREWALL_PAGE.encode(), headers=headers)

    def _error_500(self) -> None:
        self._send(500, DATABASE_ERROR_PAGE.encode())

    def _suspended(self) -> None:
        """cPanel style: every path redirects to the suspended page, which answers 200."""
        if urlsplit(self.path).path != "/cgi-sys/suspendedpage.cgi":
            self._send(302, b"", headers={"Location": "/cgi-sys/suspendedpage.cgi"})
            return
        self._send(200, SUSPENDED_PAGE.encode())

    def _under_construction(self) -> None:
        self._send(200, UNDER_CONSTRUCTION_PAGE.encode())

    def _robots_forbid_all(self) -> None:
        """A live news site whose robots.txt forbids every crawler everything."""
        if urlsplit(self.path).path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /\n", "text/plain; charset=UTF-8")
            return
        items = "".join(
            f'<li><a href="/berita/{day}">Kegiatan pelayanan publik hari ke-{day}</a> '
            f'<span class="date">{id_date(self.server.now - timedelta(days=day))}</span></li>'
            for day in (1, 3, 6, 9)
        )
        page = (
            '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Dinas '
            f"Contoh</title></head><body><h1>Berita Terbaru</h1><ul>{items}</ul></body></html>"
        )
        self._send(200, page.encode())

    def _huge(self) -> None:
        """About 20 MB of HTML with no Content-Length: only a byte count can stop it."""
        self._stream(declare_length=False)

    def _huge_declared(self) -> None:
        """The same body, announced in Content-Length (a crawler may refuse it up front)."""
        self._stream(declare_length=True)

    def _stream(self, *, declare_length: bool) -> None:
        total = self.server.huge_bytes
        line = b"<p>Data arsip yang sangat besar, baris pengisi untuk uji batas unduhan.</p>\n"
        chunk = (line * (CHUNK // len(line) + 1))[:CHUNK]
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=UTF-8")
        if declare_length:
            self.send_header("Content-Length", str(total))
        self.end_headers()
        if self.command == "HEAD":
            return
        sent = 0
        while sent < total and not self.server.stop_event.is_set():
            piece = chunk[: total - sent]
            self.wfile.write(piece)
            sent += len(piece)
        self.close_connection = True

    def _stamped_feed(self) -> None:
        """An abandoned site whose RSS stamps its build time on every item.

        Some CMS plugins build the feed on the fly and print "now" as each pubDate; read
        naively, a site that has not published in years looks active every day.
        """
        path = urlsplit(self.path).path
        if path == "/feed/":
            # Stamped when the plugin's cache was last rebuilt, a few minutes ago.
            stamp = format_datetime(datetime.now(UTC) - timedelta(minutes=5), usegmt=True)
            items = "".join(
                f"<item><title>Profil dinas bagian {n}</title>"
                f"<link>http://{self.headers.get('Host', 'localhost')}/halaman/{n}</link>"
                f"<pubDate>{stamp}</pubDate></item>"
                for n in range(1, 11)
            )
            feed = (
                '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
                f"<title>Dinas Contoh</title>{items}</channel></rss>"
            )
            self._send(200, feed.encode(), content_type="application/rss+xml; charset=UTF-8")
            return
        page = (
            '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>Dinas Contoh'
            '</title><link rel="alternate" type="application/rss+xml" href="/feed/"></head>'
            "<body><h1>Dinas Contoh</h1><p>Selamat datang di website resmi Dinas Contoh."
            "</p><ul><li><a href='/halaman/1'>Profil</a></li></ul></body></html>"
        )
        self._send(200, page.encode())

    def _plain_http_on_tls(self) -> None:
        """Plain HTTP: reached as ``https://`` the TLS handshake fails on garbage bytes."""
        self._send(200, PLAIN_PAGE.encode())


class HostileServer(LoopbackServers[HostileHTTPServer]):
    """Serve the misbehaving sites on free loopback ports; a context manager.

    ``url_for(name)`` gives one behaviour's base URL; ``plain_http_on_tls`` as ``https://``.
    """

    not_running = "hostile site {name!r} is not running"

    def __init__(
        self,
        names: tuple[str, ...] | list[str] = HOSTILE_NAMES,
        *,
        host: str = "127.0.0.1",
        now: datetime | None = None,
        hang_seconds: float = 60.0,
        huge_bytes: int = HUGE_BYTES,
    ) -> None:
        unknown = set(names) - set(HOSTILE_NAMES)
        if unknown:
            raise ValueError(f"unknown hostile sites: {sorted(unknown)}")
        super().__init__()
        self.names = tuple(names)
        self.host = host
        self.now = (now or jakarta_now()).astimezone(JAKARTA)
        self.hang_seconds = hang_seconds
        self.huge_bytes = huge_bytes
        self._stop_event = threading.Event()

    def bind(self) -> None:
        """Bind every site at a free port."""
        self._stop_event.clear()
        for name in self.names:
            server = HostileHTTPServer((self.host, 0), HostileRequestHandler)
            server.kind = name
            server.stop_event = self._stop_event
            server.now = self.now
            server.hang_seconds = self.hang_seconds
            server.huge_bytes = self.huge_bytes
            # plain_http_on_tls is given as https://, so the TLS handshake meets plain HTTP.
            scheme = "https" if name == "plain_http_on_tls" else "http"
            url = f"{scheme}://{self.host}:{server.server_address[1]}/"
            self.serve(name, server, url, thread=f"hostile-{name}")

    def stop(self) -> None:
        """Release hanging and streaming handlers first, then stop all servers at once."""
        self._stop_event.set()
        super().stop()
