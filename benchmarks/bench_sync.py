"""How long does ``store.sync_registry`` make a crawl wait before its first request?

Every crawl starts with a registry sync, so its cost is paid before the first request.
This builds N synthetic OPD seeds (six channels each, mixed registered/unknown/none)
spread over a few regions and times, on a fresh migrated database:

* ``first``     the first sync into empty tables (everything inserted);
* ``no-change`` the same registry again (nothing written);
* ``1% change`` a registry where 1 % of the OPDs were renamed and got a new website,
  and 1 % lost their tiktok column (updates and deactivations).

It also counts the SQL statements each sync sent (``before_cursor_execute``), which is
what grows with N when a sync goes row by row. SQLite runs in a temporary file; with
``--database-url`` PostgreSQL runs too, in a throwaway schema dropped afterwards.

Run from the repository root with the virtualenv active::

    python benchmarks/bench_sync.py                    # 5000 OPD, SQLite only
    python benchmarks/bench_sync.py --opds 20000 --repeat 3
    python benchmarks/bench_sync.py --database-url postgresql+psycopg2://u:p@127.0.0.1/db
    python benchmarks/bench_sync.py --store /tmp/store_old.py   # time another store.py

``--store`` loads ``sync_registry`` from another copy of ``opdcrawl/db/store.py`` so a
change can be measured against the code it replaces on the same machine and data.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402

from opdcrawl.db.engine import make_engine, migrate, session_factory  # noqa: E402
from opdcrawl.registry import ChannelEntry, ChannelState, OpdSeed  # noqa: E402
from opdcrawl.vocabulary import CHANNEL_KINDS, OPD_KINDS  # noqa: E402

NOW = datetime(2025, 3, 10, 2, 30, tzinfo=UTC)
SCENARIOS = ("first", "no-change", "1% change")


def load_store(path: str | None) -> ModuleType:
    if path is None:
        from opdcrawl.db import store

        return store
    spec = importlib.util.spec_from_file_location("bench_sync_store", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _channel(kind: str, index: int, code: str, region: str) -> ChannelEntry:
    shape = (index + CHANNEL_KINDS.index(kind)) % 5
    if shape == 3:
        return ChannelEntry(kind, ChannelState.UNKNOWN, None, "")
    if shape == 4:
        return ChannelEntry(kind, ChannelState.NONE, None, "-")
    if kind == "website":
        url = f"https://{code.lower()}.{region}.go.id/"
    else:
        url = f"https://{kind}.com/{region}-{code.lower()}"
    return ChannelEntry(kind, ChannelState.REGISTERED, url, url)


def build_seeds(count: int, regions: int) -> list[OpdSeed]:
    seeds = []
    for index in range(count):
        region = f"kab-bench-{index % regions:02d}"
        code = f"OPD-{index:06d}"
        seeds.append(
            OpdSeed(
                region_slug=region,
                region_name=region.replace("-", " ").title(),
                code=code,
                name=f"Dinas Bench {index}",
                short_name=f"DB{index}",
                kind=OPD_KINDS[index % len(OPD_KINDS)],
                channels={kind: _channel(kind, index, code, region) for kind in CHANNEL_KINDS},
                notes="" if index % 7 else "catatan",
            )
        )
    return seeds


def changed_seeds(seeds: list[OpdSeed]) -> list[OpdSeed]:
    """1 % renamed with a new website, another 1 % without a tiktok entry."""
    step = 100
    out = []
    for index, seed in enumerate(seeds):
        if index % step == 0:
            url = f"https://baru-{seed.code.lower()}.go.id/"
            channels = dict(seed.channels)
            channels["website"] = ChannelEntry("website", ChannelState.REGISTERED, url, url)
            seed = dataclasses.replace(seed, name=seed.name + " (baru)", channels=channels)
        elif index % step == 1:
            channels = {kind: e for kind, e in seed.channels.items() if kind != "tiktok"}
            seed = dataclasses.replace(seed, channels=channels)
        out.append(seed)
    return out


@contextmanager
def sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        yield f"sqlite:///{Path(tmp) / 'bench.db'}"


@contextmanager
def postgres_database(base: str) -> Iterator[str]:
    schema = f"bench_sync_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    scoped = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


class StatementCounter:
    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1


def one_round(store: ModuleType, url: str, seeds: list[OpdSeed]) -> dict[str, tuple[float, int]]:
    """Scenario -> (seconds, statements) on a fresh database."""
    migrate(url)
    engine = make_engine(url)
    counter = StatementCounter(engine)
    figures: dict[str, tuple[float, int]] = {}
    changed = changed_seeds(seeds)
    runs: list[tuple[str, list[OpdSeed], datetime]] = [
        ("first", seeds, NOW),
        ("no-change", seeds, NOW + timedelta(days=1)),
        ("1% change", changed, NOW + timedelta(days=2)),
    ]
    try:
        for name, registry, now in runs:
            with session_factory(engine)() as session:
                session.connection()  # connect outside the timed part
                before = counter.count
                started = time.perf_counter()
                result = store.sync_registry(session, registry, now=now)
                elapsed = time.perf_counter() - started
            figures[name] = (elapsed, counter.count - before)
            if name == "no-change" and result.changed:
                raise SystemExit(f"no-change resync changed something: {result}")
            if name == "1% change":
                expected_opds = len(range(0, len(seeds), 100))
                if result.opds_updated != expected_opds:
                    raise SystemExit(f"1% change: unexpected result {result}")
    finally:
        engine.dispose()
    return figures


def bench(
    label: str,
    database: Callable[[], Any],
    store: ModuleType,
    seeds: list[OpdSeed],
    repeat: int,
) -> None:
    rounds = []
    for _ in range(repeat):
        with database() as url:
            rounds.append(one_round(store, url, seeds))
    per_1000 = 1000 / len(seeds)
    print(f"\n{label}: {len(seeds)} OPD, {len(seeds) * len(CHANNEL_KINDS)} channels, {repeat}x")
    print(f"  {'scenario':<10} {'median s':>9} {'min s':>8} {'s/1000 OPD':>11} {'statements':>11}")
    for name in SCENARIOS:
        times = [figures[name][0] for figures in rounds]
        statements = rounds[-1][name][1]
        median = statistics.median(times)
        print(
            f"  {name:<10} {median:>9.3f} {min(times):>8.3f} {median * per_1000:>11.3f} "
            f"{statements:>11}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--opds", type=int, default=5000, help="synthetic OPDs (default 5000)")
    parser.add_argument("--regions", type=int, default=5, help="regions they are spread over")
    parser.add_argument("--repeat", type=int, default=1, help="rounds per database")
    parser.add_argument("--database-url", help="also run on this PostgreSQL (temporary schema)")
    parser.add_argument("--store", help="path of another store.py to take sync_registry from")
    parser.add_argument("--skip-sqlite", action="store_true", help="PostgreSQL only")
    args = parser.parse_args(argv)

    store = load_store(args.store)
    seeds = build_seeds(args.opds, args.regions)
    print(f"store: {args.store or 'opdcrawl.db.store'}; regions: {args.regions}")
    if not args.skip_sqlite:
        bench("SQLite", sqlite_database, store, seeds, args.repeat)
    if args.database_url:
        safe = make_url(args.database_url).render_as_string(hide_password=True)
        bench(
            f"PostgreSQL ({safe})",
            lambda: postgres_database(args.database_url),
            store,
            seeds,
            args.repeat,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
