"""HTTP servers on loopback addresses, each served from its own thread, stopped as one.

The demo sites, the hostile sites and the benchmark's sites all listen on 127.0.0.x and
must never keep a test or a demo waiting when they stop. This module owns the sockets,
threads and URLs; the callers only say what each server answers. Stopping never waits
on a stuck client: handlers run in daemon threads and every server shuts down at once.
(The benchmark answers from one asyncio loop instead of threads, and shares the rest.)
"""

from __future__ import annotations

import socket
import threading
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import ClassVar, Generic, Self, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

POLL_INTERVAL_S = 0.2  # how soon a serving thread notices shutdown()
IDLE_TIMEOUT_S = 15.0  # an idle keep-alive connection ends on its own after this


class LoopbackHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that never waits for its handlers."""

    daemon_threads = True
    block_on_close = False  # a stuck client must never hold up stop()
    allow_reuse_address = True


def split_target(target: str) -> tuple[str, dict[str, str]]:
    """The decoded path (``/`` if empty) and the first value of each query parameter."""
    split = urlsplit(target)
    query = {k: v[0] for k, v in parse_qs(split.query, keep_blank_values=True).items()}
    return unquote(split.path) or "/", query


ServerT = TypeVar("ServerT", bound=ThreadingHTTPServer)


class LoopbackServers(Generic[ServerT]):
    """Named loopback addresses that serve HTTP or refuse connections; a context manager.

    A subclass binds everything in :meth:`bind`, with :meth:`serve` for an HTTP server and
    :meth:`refuse` for an address that must refuse connections, and may release its own
    waiting handlers before calling ``super().stop()``.
    """

    not_running: ClassVar[str] = "{name!r} is not running"  # url_for's KeyError

    def __init__(self) -> None:
        self._servers: dict[str, ServerT] = {}
        self._threads: list[threading.Thread] = []
        self._placeholders: list[socket.socket] = []
        self._urls: dict[str, str] = {}

    # --- lifecycle ---------------------------------------------------------------------
    def start(self) -> dict[str, str]:
        """Bind and serve everything once; return ``{name: base URL}``."""
        if self._urls:
            return self.urls
        try:
            self.bind()
        except BaseException:
            self.stop()
            raise
        return self.urls

    def bind(self) -> None:
        raise NotImplementedError

    def serve(self, name: str, server: ServerT, url: str, *, thread: str) -> None:
        """Serve ``server``, bound and set up by the caller, from a daemon thread."""
        serving = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": POLL_INTERVAL_S},
            name=thread,
            daemon=True,
        )
        serving.start()
        self._servers[name] = server
        self._threads.append(serving)
        self._urls[name] = url

    def refuse(self, name: str, host: str, port: int = 0) -> str:
        """Give ``name`` an address that refuses connections; return its base URL.

        Port 0 holds a free port with a socket that never listens, so no other program can
        take it meanwhile; a fixed port is left alone, with nothing listening on it.
        """
        if port == 0:
            placeholder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            placeholder.bind((host, 0))  # bound, never listening: connect() is refused
            self._placeholders.append(placeholder)
            port = placeholder.getsockname()[1]
        self._urls[name] = url = f"http://{host}:{port}/"
        return url

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

    def __enter__(self) -> Self:
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
        """Base URL per name, for everything started."""
        return dict(self._urls)

    def url_for(self, name: str) -> str:
        try:
            return self._urls[name]
        except KeyError:
            raise KeyError(self.not_running.format(name=name)) from None
