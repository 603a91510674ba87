"""A TCP proxy that adds network latency, to stand a loopback PostgreSQL in for a remote one.

Several Scrapyd nodes writing to one PostgreSQL across a network pay a round trip per
statement; on loopback that cost is invisible. This proxy delays every chunk in both
directions by ``delay/2`` (so a round trip costs ``delay``), which is what a database in
another data centre adds. Used by ``bench_crawl.py --db-latency-ms``; run alone with::

    python benchmarks/latency_proxy.py --target 127.0.0.1:5432 --delay-ms 20
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import threading


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    try:
        while data := await reader.read(65536):
            await asyncio.sleep(delay)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        with contextlib.suppress(Exception):
            writer.close()


class LatencyProxy:
    """``with LatencyProxy("127.0.0.1", 5432, 0.020) as port:`` connect to 127.0.0.1:port."""

    def __init__(self, host: str, port: int, round_trip_s: float) -> None:
        self.host, self.port, self.half = host, port, round_trip_s / 2
        self.loop = asyncio.new_event_loop()
        self.listen_port = 0
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(self.host, self.port)
        await asyncio.gather(
            _pipe(reader, up_writer, self.half), _pipe(up_reader, writer, self.half)
        )

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.listen_port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self.loop.run_forever()

    def __enter__(self) -> int:
        self._thread.start()
        self._ready.wait(10)
        return self.listen_port

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="127.0.0.1:5432")
    parser.add_argument("--delay-ms", type=float, default=20.0)
    args = parser.parse_args()
    host, port = args.target.rsplit(":", 1)
    with LatencyProxy(host, int(port), args.delay_ms / 1000) as listen:
        print(f"127.0.0.1:{listen} -> {args.target} (+{args.delay_ms} ms per round trip)")
        threading.Event().wait()


if __name__ == "__main__":
    main()
