"""Shared fixtures: a fresh migrated database on both backends, and a frozen "now".

``db_url`` runs a test twice, on a SQLite file and on PostgreSQL, because the store
and the views must behave the same on both. The PostgreSQL run gets its own schema
(through ``search_path``), dropped afterwards, so tests never see each other's rows.
A missing PostgreSQL is a failure, not a skip: a skipped half of the suite is how
backend differences slip through.

The ``slow`` marker is set here, not in the test files, so no test can forget it: a
test is slow when it is marked ``postgres`` or ``browser`` (PostgreSQL, Chromium), or
when its module uses a crawl or a loopback server (``SLOW_NAMES``: the demo, hostile
and replay servers, ``run_crawl``; the WordPress and Scrapyd tests crawl the demo or
WordPress sites). ``pytest -m "not slow"`` runs the rest: pure functions, SQLite, CLI
commands in-process; it needs neither PostgreSQL nor Chromium.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import freezegun
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

# freezegun swaps every module's reference to time.time/perf_counter while a clock is
# frozen, pytest's own timing module included, so ``--durations`` printed 0 s or decades
# for tests under a frozen clock. Only ``_pytest.timing`` is exempted: a broader entry
# ("_pytest", "pluggy") would also hand real time to code a test calls directly, because
# freezegun exempts any call with an ignored module within five frames up the stack.
freezegun.configure(extend_ignore_list=["_pytest.timing"])

# Every test site listens on loopback, which a production crawl refuses
# (opdcrawl.netguard): the tests allow it explicitly, for their crawls in child processes
# too. tests/test_netguard.py switches it off again where the refusal is the subject.
os.environ["OPDCRAWL_ALLOW_PRIVATE_ADDRESSES"] = "1"

POSTGRES_URL_ENV = "OPDCRAWL_TEST_POSTGRES_URL"

# Markers that make a test slow, and names whose presence in a test module means its tests
# crawl or serve sites over loopback (tests/test_pytest_setup.py checks the names exist).
SLOW_MARKERS = ("postgres", "browser")
SLOW_NAMES = frozenset(
    {"run_crawl", "crawl_command", "DemoServer", "HostileServer", "ReplayServer"}
    # The dashboard on uvicorn, and the SMTP and webhook receivers of the alert tests.
    | {"BackgroundServer", "SmtpReceiver", "WebhookReceiver"}
)

WIB = timezone(timedelta(hours=7), "WIB")
# A Monday morning in Serang; every test that scores or compares times uses this "now".
FROZEN_NOW = datetime(2025, 3, 10, 9, 30, tzinfo=WIB)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = getattr(item, "module", None)
        crawls = module is not None and not SLOW_NAMES.isdisjoint(vars(module))
        if crawls or any(item.get_closest_marker(name) for name in SLOW_MARKERS):
            item.add_marker(pytest.mark.slow)


def _postgres_url(schema: str) -> tuple[str, Engine]:
    base = os.environ.get(POSTGRES_URL_ENV)
    if not base:
        pytest.fail(
            f"{POSTGRES_URL_ENV} is not set, so the PostgreSQL half of this test cannot run. "
            "Use `make test`, or start PostgreSQL with `sudo sh scripts/setup-system.sh` and "
            f"export {POSTGRES_URL_ENV}=postgresql+psycopg2://opdcrawl:opdcrawl@127.0.0.1:5432/"
            "opdcrawl_test",
            pytrace=False,
        )
    admin = create_engine(base)
    try:
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except OperationalError as exc:
        admin.dispose()
        safe = make_url(base).render_as_string(hide_password=True)
        pytest.fail(
            f"cannot reach PostgreSQL at {safe} ({exc.orig}); "
            "start it with `sudo sh scripts/setup-system.sh`",
            pytrace=False,
        )
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), admin


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty database URL (not migrated): a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'opdcrawl-test.db'}"
        return
    schema = f"test_{uuid.uuid4().hex[:16]}"
    url, admin = _postgres_url(schema)
    try:
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text("SET LOCAL lock_timeout = '10s'"))
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db_engine(db_url: str) -> Iterator[Engine]:
    """An engine on a database migrated to head."""
    from opdcrawl.db.engine import make_engine, migrate

    engine = make_engine(db_url)
    migrate(engine)
    try:
        yield engine
    finally:
        engine.dispose()


@pytest.fixture
def db_session(db_engine: Engine) -> Iterator[Session]:
    from opdcrawl.db.engine import session_factory

    with session_factory(db_engine)() as session:
        yield session


@pytest.fixture
def frozen_now() -> Iterator[datetime]:
    """Freeze the clock at ``FROZEN_NOW`` (09:30 WIB) and hand that aware datetime over."""
    from freezegun import freeze_time

    with freeze_time(FROZEN_NOW.astimezone(UTC)):
        yield FROZEN_NOW
