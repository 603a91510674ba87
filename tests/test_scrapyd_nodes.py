"""``opdcrawl scrapyd schedule`` against two real Scrapyd nodes sharing one PostgreSQL.

Two ``python -m scrapyd`` processes on free ports of 127.0.0.1, each in its own folder
with its own scrapyd.conf, eggs, logs and items, both given the same ``DATABASE_URL``
(a fresh PostgreSQL schema), as two machines of a province would be. The egg is built
and uploaded as ``tests/test_scrapyd.py`` does it (and its jobs run through the same
egg-only runner). The sites are six loopback demo sites on 127.0.2.1-6 split over two
shards (``tests/schedule_sites.py``).

What must hold: a node without the egg stops the round before any job is posted; a round
puts shard i on node i, every site is checked exactly once across the two nodes, both
runs share one crawl time; a round whose jobs fail exits non-zero and says so.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from opdcrawl.channel_spider import shard_of
from opdcrawl.cli import main
from opdcrawl.db.engine import make_engine
from opdcrawl.demo.server import DemoServer
from tests.conftest import _postgres_url
from tests.schedule_sites import CODES, site_server, site_specs, write_seeds
from tests.test_scrapyd import (
    FAST_SETTINGS,
    PROJECT,
    VERSION,
    Scrapyd,
    build_egg,
)

pytestmark = pytest.mark.postgres

NODES = 2
WAIT = ["--wait", "--timeout", "90", "--interval", "0.5"]


@pytest.fixture
def shared_postgres() -> Iterator[str]:
    """A fresh PostgreSQL schema, as the database URL both nodes give their jobs."""
    schema = f"nodes_{uuid.uuid4().hex[:12]}"
    url, admin = _postgres_url(schema)
    try:
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '10s'"))
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def schedule(nodes: list[Scrapyd], *arguments: str) -> list[str]:
    command = ["scrapyd", "schedule"]
    for node in nodes:
        command += ["--node", node.url]
    for name, value in FAST_SETTINGS.items():
        command += ["--setting", f"{name}={value}"]
    return command + list(arguments)


def deploy(node: Scrapyd, egg: Path) -> None:
    added = node.post(
        "addversion.json", [("project", PROJECT), ("version", VERSION)], egg=egg.read_bytes()
    )
    assert added["spiders"] >= 2, added


def read_round(url: str) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """(run id, status, crawl time) per run; (run id, OPD code, category) per website check."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            runs = connection.execute(
                text("SELECT id, status, crawl_time FROM crawl_run ORDER BY id")
            ).all()
            checks = connection.execute(
                text(
                    "SELECT cc.run_id, o.code, cc.category FROM channel_check cc"
                    " JOIN channel c ON c.id = cc.channel_id JOIN opd o ON o.id = c.opd_id"
                    " WHERE c.kind = 'website'"
                )
            ).all()
    finally:
        engine.dispose()
    return [tuple(row) for row in runs], [tuple(row) for row in checks]


def crawl_argvs(node: Scrapyd) -> list[list[str]]:
    """The command line of every crawl the node ran (recorded by the egg-only runner)."""
    records = [json.loads(path.read_text()) for path in node.origins_dir.glob("*.json")]
    return [record["argv"] for record in records if "crawl" in record["argv"]]


def test_one_round_over_two_scrapyd_nodes(
    tmp_path: Path, shared_postgres: str, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    server: DemoServer = site_server()
    server.start()
    nodes = [Scrapyd(tmp_path / f"node{index}", shared_postgres) for index in range(NODES)]
    try:
        urls = dict(server.urls)
        seeds = write_seeds(urls, tmp_path / "seeds")
        egg = build_egg(tmp_path / "build")
        for node in nodes:
            node.start()
        deploy(nodes[0], egg)

        # Node 1 has no egg yet: nothing may be scheduled, not even on node 0.
        code = main(schedule(nodes, "--region", "demo", "--seeds", str(seeds)))
        refused = capsys.readouterr()
        assert code == 2, refused
        assert "Tidak ada job yang dijadwalkan; node belum siap" in refused.err
        assert nodes[1].url.rstrip("/") in refused.err
        listing = nodes[0].get("listjobs.json", project=PROJECT)
        assert not any(listing[state] for state in ("pending", "running", "finished"))

        deploy(nodes[1], egg)
        code = main(schedule(nodes, "--region", "demo", "--seeds", str(seeds), *WAIT))
        done = capsys.readouterr()

        # A round whose jobs die (an argument the spider refuses) exits 1 and says which.
        arguments = ["--spider", "social", "--region", "demo", "--seeds", str(seeds)]
        failed_code = main(schedule(nodes, *arguments, "--arg", "platform=friendster", *WAIT))
        failed = capsys.readouterr()
    finally:
        for node in nodes:
            node.stop()
        server.stop()
    elapsed = time.monotonic() - started

    assert code == 0, done.out + done.err
    assert "Semua 2 bagian selesai crawl." in done.out, done.out
    printed_time = done.out.split("Waktu crawl putaran ini: ", 1)[1].split()[0]

    # Node i ran exactly one websites crawl, with shard i/2 and the round's crawl time.
    for index, node in enumerate(nodes):
        websites = [argv for argv in crawl_argvs(node) if "websites" in argv]
        assert len(websites) == 1, crawl_argvs(node)
        assert f"shard={index}/{NODES}" in websites[0], websites[0]
        assert f"OPDCRAWL_CRAWL_TIME={printed_time}" in websites[0], websites[0]

    # PostgreSQL: two finished runs, one crawl time, every site checked exactly once.
    runs, checks = read_round(shared_postgres)
    website_runs = {run_id for run_id, _, _ in runs} & {run_id for run_id, _, _ in checks}
    assert len(website_runs) == NODES, runs
    assert {status for run_id, status, _ in runs if run_id in website_runs} == {"finished"}
    crawl_times = {crawl_time for run_id, _, crawl_time in runs if run_id in website_runs}
    assert len(crawl_times) == 1, f"the shards must share one crawl time: {crawl_times}"
    assert crawl_times.pop() == datetime.fromisoformat(printed_time)
    assert Counter(code for _, code, _ in checks) == Counter(CODES), "each site exactly once"
    per_run: dict[int, set[str]] = {}
    for run_id, opd_code, _ in checks:
        per_run.setdefault(run_id, set()).add(opd_code)
    shards = [
        {opd for opd in CODES if shard_of(urls[opd], NODES) == index} for index in range(NODES)
    ]
    assert all(shards), "both shards must have sites, or the test proves little"
    assert sorted(map(sorted, per_run.values())) == sorted(map(sorted, shards))
    specs = site_specs()
    assert {opd: category for _, opd, category in checks} == {
        opd: str(specs[opd].expected_category) for opd in CODES
    }

    assert failed_code == 1, failed.out + failed.err
    assert failed.out.count("GAGAL") == NODES, failed.out
    assert "platform tidak dikenal: friendster" in failed.out, failed.out
    assert "2 dari 2 bagian GAGAL" in failed.err
    assert elapsed < 90, f"the two-node round took {elapsed:.0f} s"
