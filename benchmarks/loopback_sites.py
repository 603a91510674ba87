"""Serve hundreds of demo sites from one asyncio event loop, each on its own loopback address.

``opdcrawl.demo.server.DemoServer`` runs one ``ThreadingHTTPServer`` (one polling thread,
plus a thread per connection) per site: fine for the demo's 11 sites, but at 1000 sites
that is 1000 threads waking every 0.2 s on two shared cores, and the benchmark would be
measuring the server. Here one loop listens on every address and answers each request by
calling the same pure ``DemoSite.handle`` the demo uses, so the content is identical.

The server keeps its own counters (requests, time spent building answers, open
connections) so a benchmark can show it was not the bottleneck.

Sites on the internet are not that kind: an OPD site answers in 0.2–2 s, some accept a
connection and then say nothing, some trickle their page out. A :class:`Behaviour` per
site adds that (``bench_national.py``): a latency per response, "hang" (read the request,
never answer) or "drip" (headers at once, the body in pieces over some seconds). With
``record=True`` the server remembers which paths each site was asked for, so a floor
spider can fetch exactly the same pages.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import formatdate
from http import HTTPStatus
from http.server import ThreadingHTTPServer

from opdcrawl.demo.loopback import IDLE_TIMEOUT_S, LoopbackServers, split_target
from opdcrawl.demo.sites import DemoSite, SiteSpec, make_site

MAX_HEADER_BYTES = 64 * 1024


@dataclass
class ServerStats:
    """What the server did; read after (or during) a crawl, mutated only by the loop."""

    requests: int = 0
    errors: int = 0
    connections: int = 0
    open_connections: int = 0
    peak_open_connections: int = 0
    handle_seconds: float = 0.0  # wall time inside DemoSite.handle + serialising
    slowest_handle_s: float = 0.0


@dataclass(frozen=True)
class Behaviour:
    """How one site answers, beyond its content: ``latency(path)`` seconds before each
    answer; ``hang``: never answer; ``drip_s``: spread the body over this many seconds."""

    latency: Callable[[str], float] | None = None
    hang: bool = False
    drip_s: float = 0.0


DRIP_PIECES = 10
HANG_S = 3600.0


class LoopbackSites(LoopbackServers[ThreadingHTTPServer]):
    """Bind every site (``{code: SiteSpec}``) on ``host`` at a free port; context manager.

    ``hosts`` gives each code its address. Shape ``down`` gets a socket that is bound but
    never listens, so connecting is refused (as in ``DemoServer`` with ``port=0``). The
    threaded servers of ``LoopbackServers`` are not used: one asyncio loop serves all.
    """

    def __init__(
        self,
        sites: Mapping[str, SiteSpec],
        hosts: Mapping[str, str],
        now: datetime,
        *,
        behaviours: Mapping[str, Behaviour] | None = None,
        record: bool = False,
    ):
        super().__init__()
        self.behaviours = dict(behaviours or {})
        self.record = record
        self.asked: dict[str, list[str]] = {}  # code -> targets asked, with record=True
        self.specs = dict(sites)
        self.hosts = dict(hosts)
        self.now = now
        self.stats = ServerStats()
        self.sites: dict[str, DemoSite] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._async_servers: list[asyncio.base_events.Server] = []
        self._ready = threading.Event()
        self._error: BaseException | None = None

    # --- lifecycle ---------------------------------------------------------------------
    def bind(self) -> None:
        """Start the loop thread and wait until it has bound everything (or failed)."""
        self._thread = threading.Thread(target=self._run, name="loopback-sites", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._bind_all())
        except BaseException as error:  # reported to bind(), which re-raises it
            self._error = error
            self._ready.set()
            loop.close()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            for server in self._async_servers:
                server.close()
            # Hanging answers are still asleep: end them so none is destroyed pending.
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.close()

    async def _bind_all(self) -> None:
        for code, spec in self.specs.items():
            host = self.hosts[code]
            if spec.shape == "down":
                self.refuse(code, host)
                continue
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, 0))
            base_url = f"http://{host}:{sock.getsockname()[1]}/"
            site = make_site(spec, self.now, base_url)
            behaviour = self.behaviours.get(code, Behaviour())
            server = await asyncio.start_server(
                lambda r, w, site=site, code=code, how=behaviour: self._serve(
                    site, r, w, code, how
                ),
                sock=sock,
                backlog=128,
                limit=MAX_HEADER_BYTES,
            )
            self._async_servers.append(server)
            self.sites[code] = site
            self._urls[code] = base_url

    def stop(self) -> None:
        """Stop the loop and close every socket; safe to call twice."""
        if self._loop is not None and self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(timeout=5)
        super().stop()

    def cpu_seconds(self) -> float:
        """CPU time of the loop thread so far: the server's own cost, apart from the caller."""
        if self._loop is None or not self._loop.is_running():
            return 0.0

        async def read() -> float:
            return time.thread_time()

        return asyncio.run_coroutine_threadsafe(read(), self._loop).result(timeout=10)

    # --- HTTP/1.1, just enough for Scrapy's persistent connections -------------------------
    async def _serve(
        self,
        site: DemoSite,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        code: str = "",
        behaviour: Behaviour = Behaviour(),
    ) -> None:
        stats = self.stats
        stats.connections += 1
        stats.open_connections += 1
        stats.peak_open_connections = max(stats.peak_open_connections, stats.open_connections)
        try:
            while True:
                try:
                    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), IDLE_TIMEOUT_S)
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
                    return
                if behaviour.hang:
                    self.stats.requests += 1
                    if self.record:  # the floor must meet the hanging sites too
                        target = head.split(b" ", 2)[1].decode("latin-1") if b" " in head else "/"
                        self.asked.setdefault(code, []).append(target)
                    with contextlib.suppress(asyncio.CancelledError):
                        await asyncio.sleep(HANG_S)  # accepted, read, never answered
                    return
                keep_alive = await self._answer(site, head, reader, writer, code, behaviour)
                await writer.drain()
                if not keep_alive:
                    return
        except (ConnectionError, OSError):
            return
        finally:
            stats.open_connections -= 1
            writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await writer.wait_closed()

    async def _answer(
        self,
        site: DemoSite,
        head: bytes,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        code: str = "",
        behaviour: Behaviour = Behaviour(),
    ) -> bool:
        """Write one response; return whether the connection stays open."""
        lines = head.decode("latin-1").split("\r\n")
        try:
            method, target, version = lines[0].split(" ", 2)
        except ValueError:
            writer.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            return False
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name:
                headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length") or 0)
        body = await reader.readexactly(length) if length > 0 else b""
        started = time.perf_counter()
        path, query = split_target(target)
        if self.record:
            self.asked.setdefault(code, []).append(target)
        try:
            response = site.handle(path, query, method, body)
            status, extra, payload = response.status, response.headers, response.body
        except Exception:  # one broken page must not take the other sites down
            self.stats.errors += 1
            status, extra, payload = 500, {"Content-Type": "text/plain"}, b"error"
        reason = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
        keep_alive = headers.get("connection", "").lower() != "close" and version == "HTTP/1.1"
        out = [
            f"HTTP/1.1 {status} {reason}",
            f"Server: {site.server_software}",
            f"Date: {formatdate(usegmt=True)}",
            *(f"{name}: {value}" for name, value in extra.items()),
            f"Content-Length: {len(payload)}",
            "Connection: keep-alive" if keep_alive else "Connection: close",
        ]
        data = ("\r\n".join(out) + "\r\n\r\n").encode("latin-1")
        elapsed = time.perf_counter() - started
        self.stats.requests += 1
        self.stats.handle_seconds += elapsed
        self.stats.slowest_handle_s = max(self.stats.slowest_handle_s, elapsed)
        if behaviour.latency is not None:
            await asyncio.sleep(behaviour.latency(path))
        if method == "HEAD":
            payload = b""
        if behaviour.drip_s > 0 and payload:
            writer.write(data)
            piece = -(-len(payload) // DRIP_PIECES)
            for start in range(0, len(payload), piece):
                await writer.drain()
                await asyncio.sleep(behaviour.drip_s / DRIP_PIECES)
                writer.write(payload[start : start + piece])
        else:
            writer.write(data + payload)
        return keep_alive
