"""The ``websites`` spider end to end: real ``scrapy crawl`` against loopback servers.

The demo sites are served on free ports (so a running ``make demo`` does not clash),
a seeds folder pointing at them is written, and the spider runs twice into SQLite and
PostgreSQL. Hostile sites (hangs, loops, garbage, firewalls) run in a region of their own.
"""

from __future__ import annotations

import csv
import json
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from opdcrawl.crawl import run_crawl
from opdcrawl.db.engine import make_engine
from opdcrawl.demo.hostile import HostileServer
from opdcrawl.demo.server import DemoServer
from opdcrawl.demo.sites import DEMO_SITES
from opdcrawl.registry import COLUMNS

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
FAST = {
    "DOWNLOAD_TIMEOUT": "4",
    "OPDCRAWL_RETRY_BACKOFF_BASE": "0.2",
    "AUTOTHROTTLE_START_DELAY": "0.1",
    "DOWNLOAD_DELAY": "0",
    "LOG_LEVEL": "INFO",
}


def write_demo_seeds(urls: dict[str, str], folder: Path) -> Path:
    """seeds/demo.csv with each website moved to where the test server listens."""
    folder.mkdir(parents=True, exist_ok=True)
    with (SEEDS / "demo.csv").open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    for row in rows:
        if row["code"] in urls and row["website"] not in ("", "-"):
            row["website"] = urls[row["code"]]
    with (folder / "demo.csv").open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return folder


def write_seeds(folder: Path, rows: list[list[str]], region: str = "uji") -> Path:
    """``folder/<region>.csv`` with the registry header and ``rows``; returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{region}.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return folder


def postgres_schema_url() -> tuple[str, object, str]:
    base = os.environ.get("OPDCRAWL_TEST_POSTGRES_URL")
    if not base:
        pytest.fail("OPDCRAWL_TEST_POSTGRES_URL is not set; run `make test`", pytrace=False)
    schema = f"e2e_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), admin, schema


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def demo_crawl(request, tmp_path_factory):
    """Two crawls of the demo region into one database; yields what a test needs."""
    tmp = tmp_path_factory.mktemp(f"demo-{request.param}")
    admin = schema = None
    if request.param == "sqlite":
        database_url = f"sqlite:///{tmp / 'crawl.db'}"
    else:
        database_url, admin, schema = postgres_schema_url()
    with DemoServer(port=0) as server:
        seeds = write_demo_seeds(server.urls, tmp / "seeds")
        runs = []
        for number in (1, 2):
            feed = tmp / f"checks-{number}.jsonl"
            result = run_crawl(
                "websites",
                database_url=database_url,
                region="demo",
                seeds=seeds,
                # The second run starts at most 3 sites at a time (the registry is read
                # as the crawl goes): the same results, memory flat with its size.
                settings={**FAST, "OPDCRAWL_SITES_IN_FLIGHT": "1024" if number == 1 else "3"},
                extra_args=["-O", str(feed)],
                log_file=tmp / f"crawl-{number}.log",
                timeout=300,
            )
            assert result.returncode == 0, (tmp / f"crawl-{number}.log").read_text()[-3000:]
            runs.append(feed)
    engine = make_engine(database_url)
    yield {"engine": engine, "feeds": runs, "log": tmp / "crawl-1.log"}
    engine.dispose()
    if admin is not None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def as_list(value) -> list:
    """JSON columns come back as text on SQLite and as lists on PostgreSQL."""
    return json.loads(value) if isinstance(value, str) else list(value or [])


def latest_by_code(engine) -> dict[str, dict]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM v_opd_latest")).mappings().all()
    return {row["opd_code"]: dict(row) for row in rows}


def test_every_demo_site_gets_the_category_its_content_implies(demo_crawl):
    latest = latest_by_code(demo_crawl["engine"])
    assert set(latest) == set(DEMO_SITES)
    got = {code: latest[code]["category"] for code in DEMO_SITES}
    expected = {code: str(spec.expected_category) for code, spec in DEMO_SITES.items()}
    assert got == expected
    for code, spec in DEMO_SITES.items():
        row = latest[code]
        if spec.expected_reason:
            assert row["error_class"] == spec.expected_reason, code
        if spec.expected_min_posts_90d is not None:
            # Feeds and the WordPress API show the newest 10-20 posts, not the whole year.
            assert row["posts_90d"] >= min(spec.expected_min_posts_90d, 10), code
        if spec.expected_last_post_days is not None:
            low, high = spec.expected_last_post_days
            assert low <= row["days_since_last_post"] <= high, (code, row["days_since_last_post"])


def test_evidence_and_traps(demo_crawl):
    engine = demo_crawl["engine"]
    with engine.connect() as connection:
        checks = (
            connection.execute(
                text(
                    "SELECT o.code, cc.cms, cc.rendered_with_browser, cc.spam_terms, cc.evidence,"
                    " cc.requests FROM channel_check cc JOIN channel c ON c.id = cc.channel_id"
                    " JOIN opd o ON o.id = c.opd_id"
                    " WHERE cc.run_id = (SELECT max(id) FROM crawl_run)"
                )
            )
            .mappings()
            .all()
        )
    by_code = {row["code"]: row for row in checks}
    # The JavaScript-only site is read through Chromium, and only that one.
    rendered = {code for code, row in by_code.items() if row["rendered_with_browser"]}
    assert rendered == {code for code, spec in DEMO_SITES.items() if spec.needs_browser}
    # Injected gambling spam is flagged where it was planted, nowhere else.
    spam = {code for code, row in by_code.items() if as_list(row["spam_terms"])}
    assert spam == {code for code, spec in DEMO_SITES.items() if spec.spam}
    # Every dated category carries evidence an operator can follow.
    for code in ("DEMO-01", "DEMO-03", "DEMO-05"):
        assert "http://" in by_code[code]["evidence"]
    # Few requests per site: robots.txt, homepage, a feed or API, a list page or two.
    for code, row in by_code.items():
        assert row["requests"] <= 12, (code, row["requests"])


def test_second_run_adds_checks_not_duplicate_posts(demo_crawl):
    engine = demo_crawl["engine"]
    with engine.connect() as connection:
        runs = connection.execute(text("SELECT id, status FROM crawl_run ORDER BY id")).all()
        per_run = connection.execute(
            text("SELECT run_id, count(*) FROM channel_check GROUP BY run_id ORDER BY run_id")
        ).all()
        duplicates = connection.execute(
            text(
                "SELECT count(*) FROM (SELECT channel_id, url FROM post"
                " GROUP BY channel_id, url HAVING count(*) > 1) d"
            )
        ).scalar()
        reseen = connection.execute(
            text("SELECT count(*) FROM post WHERE last_seen_at > first_seen_at")
        ).scalar()
        posts = connection.execute(text("SELECT count(*) FROM post")).scalar()
    assert [status for _, status in runs] == ["finished", "finished"]
    served = sum(1 for spec in DEMO_SITES.values() if spec.url)
    assert [count for _, count in per_run] == [served, served]
    assert duplicates == 0
    assert posts > 50
    assert reseen > 0  # the second run saw the same posts again and said so


def test_sites_in_flight_are_bounded(demo_crawl):
    with demo_crawl["engine"].connect() as connection:
        stats = [
            json.loads(row[0]) if isinstance(row[0], str) else row[0]
            for row in connection.execute(text("SELECT stats FROM crawl_run ORDER BY id"))
        ]
    unbounded, bounded = (run["opdcrawl/sites_in_flight_max"] for run in stats)
    assert bounded <= 3 < unbounded
    assert stats[1]["opdcrawl/sites_done"] == stats[0]["opdcrawl/sites_done"]


def test_feed_export_beside_sql(demo_crawl):
    lines = demo_crawl["feeds"][0].read_text(encoding="utf-8").splitlines()
    items = [json.loads(line) for line in lines]
    assert len(items) == sum(1 for spec in DEMO_SITES.values() if spec.url)
    first = {item["opd_code"]: item for item in items}
    assert first["DEMO-01"]["category"] == "Aktif"
    assert first["DEMO-01"]["posts"] and first["DEMO-01"]["posts"][0]["url"].startswith("http")


HOSTILE_EXPECTED = {
    "redirect_loop": "redirect_loop",
    "hang": "timeout",
    "garbage": "invalid_response",
    "firewall_403": "blocked",
    "error_500": "http_5xx",
    "suspended": "suspended",
    "under_construction": "placeholder",
    "plain_http_on_tls": "tls_error",
    "huge": "too_large",
}


def test_hostile_sites_do_not_stop_the_run(tmp_path):
    with HostileServer() as hostile:
        hostile_urls = {name: hostile.url_for(name) for name in HOSTILE_EXPECTED}
        rows = []
        for number, name in enumerate([*HOSTILE_EXPECTED, "robots_forbid_all"], start=1):
            url = hostile.url_for(name)
            rows.append(["Kota Uji", f"H-{number:02d}", name, name, "dinas", url, *[""] * 6])
        stamped_url = hostile.url_for("stamped_feed")
        rows.append(["Kota Uji", "H-STAMP", "stamp", "stamp", "dinas", stamped_url, *[""] * 6])
        rows.append(
            ["Kota Uji", "H-99", "dns", "dns", "dinas", "http://tidak-ada.invalid/", *[""] * 6]
        )
        folder = write_seeds(tmp_path / "seeds", rows)
        database_url = f"sqlite:///{tmp_path / 'hostile.db'}"
        result = run_crawl(
            "websites",
            database_url=database_url,
            region="uji",
            seeds=folder,
            settings={**FAST, "DOWNLOAD_MAXSIZE": str(4 * 1024 * 1024), "REDIRECT_MAX_TIMES": "5"},
            log_file=tmp_path / "crawl.log",
            timeout=300,
        )
    log = (tmp_path / "crawl.log").read_text()
    assert result.returncode == 0, log[-3000:]
    engine = make_engine(database_url)
    latest = latest_by_code(engine)
    with engine.connect() as connection:
        status = connection.execute(text("SELECT status FROM crawl_run")).scalar()
    engine.dispose()
    assert status == "finished"
    got = {
        latest[f"H-{n:02d}"]["short_name"]: latest[f"H-{n:02d}"]["error_class"]
        for n in range(1, len(HOSTILE_EXPECTED) + 1)
    }
    assert got == HOSTILE_EXPECTED
    for n in range(1, len(HOSTILE_EXPECTED) + 1):
        assert latest[f"H-{n:02d}"]["category"] == "Tidak Dapat Diakses"
    assert latest["H-99"]["error_class"] == "dns_not_found"
    # A feed stamping the request time on every item does not make a site active.
    stamped = latest["H-STAMP"]
    assert stamped["reachable"] and stamped["category"] == "Tidak Aktif"
    assert stamped["last_post_at"] is None
    # robots.txt forbids everything: reported as such, homepage still checked and dated.
    robots = latest[f"H-{len(HOSTILE_EXPECTED) + 1:02d}"]
    assert robots["category"] not in ("Tidak Dapat Diakses", None)
    assert robots["reachable"]
    # DNS and TLS failures are permanent: never retried. A timeout is retried unless its
    # host timed out before in this run: the hanging site already hung on robots.txt.
    assert "retrying <GET http://tidak-ada.invalid" not in log
    tls_url = hostile_urls["plain_http_on_tls"]
    assert f"retrying <GET {tls_url}>" not in log
    assert f"etrying <GET {hostile_urls['hang']}>" not in log
    # robots.txt is not retried (the homepage is), and dead sites cost no tracebacks.
    assert f"retrying <GET {hostile_urls['hang']}robots.txt>" not in log
    assert "Traceback" not in log
    assert "] ERROR:" not in log


def test_broken_seed_row_is_reported_and_retires_nothing(tmp_path):
    """A typo in one registry row: reported at file:line, good rows still crawled, no OPD
    retired in the database; a clean registry without an OPD does retire it."""
    codes = ("DEMO-01", "DEMO-03", "DEMO-10")
    database_url = f"sqlite:///{tmp_path / 'crawl.db'}"

    def crawl(rows: list[list[str]], name: str, exit_code: int = 0) -> str:
        folder = write_seeds(tmp_path / name, rows)
        result = run_crawl(
            "websites",
            database_url=database_url,
            region="uji",
            seeds=folder,
            settings=FAST,
            log_file=tmp_path / f"{name}.log",
            timeout=300,
        )
        log = (tmp_path / f"{name}.log").read_text()
        assert result.returncode == exit_code, log[-3000:]
        return log

    def active() -> dict[str, bool]:
        engine = make_engine(database_url)
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT code, active FROM opd")).all()
        engine.dispose()
        return {code: bool(flag) for code, flag in rows}

    with DemoServer(port=0) as server:
        good = {
            code: ["Kota Uji", code, code, code, "dinas", server.url_for(code), *[""] * 6]
            for code in codes
        }
        crawl(list(good.values()), "run1")
        assert active() == dict.fromkeys(codes, True)

        broken = dict(good)
        broken["DEMO-03"] = [*good["DEMO-03"][:4], "dinas-x", *good["DEMO-03"][5:]]
        del broken["DEMO-10"]
        # OPDCRAWL_FAIL_ON_REGISTRY_ERRORS (on by default): good rows crawled, exit 5.
        log = crawl(list(broken.values()), "run2", exit_code=5)
        assert "uji.csv:3:" in log  # the broken row, by file and line
        assert "registri bergalat" in log and "(kode keluar 5)" in log
        assert active() == dict.fromkeys(codes, True)  # nothing retired

        del good["DEMO-10"]
        crawl(list(good.values()), "run3")
        assert active() == {"DEMO-01": True, "DEMO-03": True, "DEMO-10": False}

    engine = make_engine(database_url)
    with engine.connect() as connection:
        per_run = dict(
            connection.execute(
                text("SELECT run_id, count(*) FROM channel_check GROUP BY run_id")
            ).all()
        )
    engine.dispose()
    assert sorted(per_run.values()) == [1, 2, 3]  # run 2 crawled only its one good row
    engine = make_engine(database_url)
    with engine.connect() as connection:
        ends = connection.execute(
            text("SELECT status, end_reason FROM crawl_run ORDER BY id")
        ).all()
    engine.dispose()
    # Its checks are a whole round of the good rows: finished, with why it exited non-zero.
    assert [tuple(row) for row in ends] == [
        ("finished", "finished"),
        ("finished", "registry_errors"),
        ("finished", "finished"),
    ]
