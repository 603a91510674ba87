"""Loopback HTTP(S) servers that record every request, for the safety tests.

``RecordingServer`` answers a small OPD homepage (or a redirect, per Host) and keeps
``(host header, path)`` of each request, closing every connection so that each request
needs a new connection (and a new name lookup): a request the crawler should not have
made shows up in ``hits``. With ``tls`` it serves HTTPS with the certificate chain given
(PEM files), which is how the certificate tests put real TLS servers on loopback.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self

PAGE = (
    b"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>Dinas Uji</title>"
    b"</head><body><h1>Dinas Uji</h1><article><h2><a href='/berita/a'>Rapat koordinasi</a>"
    b"</h2><time datetime='2026-11-20T09:00:00+07:00'>20 November 2026</time></article>"
    b"</body></html>"
)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True


class RecordingServer:
    """One HTTP(S) server on ``host`` (port 0 = free) that records its hits.

    ``redirects``: Host header (without port) -> Location for its homepage.
    ``delay``: seconds to wait before answering (a slow site), or a function of the
    Host header and path giving them.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        redirects: dict[str, str] | None = None,
        tls: tuple[Path, Path] | None = None,
        delay: float | Callable[[str, str], float] = 0.0,
        page: Callable[[str, str], bytes] | None = None,
    ) -> None:
        self.hits: list[tuple[str, str]] = []
        self.redirects = redirects or {}
        self.delay = delay
        self.page = page
        self._lock = threading.Lock()
        self._stop = threading.Event()
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # one request per connection

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                host = (self.headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
                with recorder._lock:
                    recorder.hits.append((host, self.path))
                delay = recorder.delay
                if callable(delay):
                    delay = delay(host, self.path)
                if delay and recorder._stop.wait(delay):
                    return
                if self.path == "/" and host in recorder.redirects:
                    self.send_response(302)
                    self.send_header("Location", recorder.redirects[host])
                    self.end_headers()
                    return
                if self.path == "/robots.txt":
                    body, status = b"User-agent: *\nDisallow:\n", 200
                elif self.path == "/":
                    body = recorder.page(host, self.path) if recorder.page else PAGE
                    status = 200
                else:
                    body, status = b"<html><body>tidak ada</body></html>", 404
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = _Server((host, port), Handler)
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(str(tls[0]), str(tls[1]))
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.host = host
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, host: str | None = None, path: str = "/") -> str:
        scheme = "https" if isinstance(self.server.socket, ssl.SSLSocket) else "http"
        return f"{scheme}://{host or self.host}:{self.port}{path}"

    def hosts_hit(self) -> set[str]:
        with self._lock:
            return {host for host, _ in self.hits}

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()
