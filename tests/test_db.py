"""The SQL store: migrations, registry sync, run/check writes and the reporting views.

Every test runs on SQLite and on PostgreSQL (``db_url`` in conftest), because the
point of the store is that both backends give reporting teams the same answers.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest.mock import ANY

import pytest
from sqlalchemy import event, func, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from opdcrawl import items
from opdcrawl.db import store, views
from opdcrawl.db.engine import database_url, make_engine, migrate, session_factory
from opdcrawl.db.models import (
    Base,
    Channel,
    ChannelCheck,
    CrawlRun,
    DiscoveryProposal,
    Opd,
    Post,
    Region,
)
from opdcrawl.registry import ChannelEntry, ChannelState, OpdSeed
from opdcrawl.vocabulary import CHANNEL_KINDS, Category
from tests.conftest import FROZEN_NOW, WIB

ROOT = Path(__file__).resolve().parent.parent
NOW = FROZEN_NOW
TABLES = {"region", "opd", "channel", "crawl_run", "channel_check", "post", "certificate",
          "alert_event",
          "alert_delivery", "alert_baseline", "discovery_proposal"}


# --- builders --------------------------------------------------------------------------


def entry(kind: str, cell: str | None) -> ChannelEntry:
    """A registry cell: a URL (registered), None (empty: unknown) or "-" (none)."""
    if cell is None:
        return ChannelEntry(kind, ChannelState.UNKNOWN, None, "")
    if cell == "-":
        return ChannelEntry(kind, ChannelState.NONE, None, "-")
    return ChannelEntry(kind, ChannelState.REGISTERED, cell, cell)


def seed(
    code: str,
    *,
    region: str = "kota-uji",
    website: str | None = "",
    name: str | None = None,
    drop: tuple[str, ...] = (),
    **social: str | None,
) -> OpdSeed:
    """An OPD seed; ``website=""`` means a URL made from the code."""
    if website == "":
        website = f"https://{code.lower()}.uji.go.id/"
    cells: dict[str, str | None] = {kind: None for kind in CHANNEL_KINDS}
    cells.update(social)
    cells["website"] = website
    return OpdSeed(
        region_slug=region,
        region_name=region.replace("-", " ").title(),
        code=code,
        name=name or f"Dinas {code}",
        short_name=code,
        kind="dinas",
        channels={kind: entry(kind, cell) for kind, cell in cells.items() if kind not in drop},
    )


def check(
    code: str,
    checked_at: datetime,
    *,
    region: str = "kota-uji",
    channel: str = "website",
    category: str | None = Category.AKTIF,
    score: int | None = 80,
    last_post_at: datetime | None = None,
    posts_90d: int = 0,
    reachable: bool = True,
    posts: list[items.Post] | None = None,
) -> items.ChannelCheck:
    return items.ChannelCheck(
        region=region,
        opd_code=code,
        channel=channel,
        url=f"https://{code.lower()}.uji.go.id/",
        checked_at=checked_at,
        reachable=reachable,
        http_status=200 if reachable else None,
        error_class=None if reachable else "timeout",
        redirect_chain=["http://x/", "https://x/"],
        sources_tried=["wp-json", "feed"],
        notes=["catatan"],
        posts=posts or [],
        last_post_at=last_post_at,
        posts_90d=posts_90d,
        category=category,
        score=score,
        evidence="uji",
    )


def count(session: Session, model: type[Base]) -> int:
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def new_run(session: Session, crawl_time: datetime = NOW, spider: str = "websites") -> int:
    return store.start_run(
        session, spider=spider, regions=["kota-uji"], crawl_time=crawl_time, version="0.1.0"
    )


# --- migrations ------------------------------------------------------------------------


def test_migrate_creates_tables_and_views(db_url: str) -> None:
    migrate(db_url)
    migrate(db_url)  # a second start-up must be a no-op, not an error
    engine = make_engine(db_url)
    try:
        inspector = inspect(engine)
        assert set(inspector.get_table_names()) >= TABLES | {"alembic_version"}
        assert set(inspector.get_view_names()) >= set(views.VIEWS)
        with engine.connect() as connection:
            heads = connection.execute(text("SELECT version_num FROM alembic_version")).all()
            assert [row[0] for row in heads] == ["0012"]
            for name, table in views.VIEW_TABLES.items():
                keys = list(connection.execute(text(f"SELECT * FROM {name}")).keys())
                assert keys == [column.name for column in table.columns], name
    finally:
        engine.dispose()


def test_models_match_migrations(db_engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_migrations_run_from_a_zipped_egg(tmp_path: Path) -> None:
    """Scrapyd imports the project from a zip: migrations must not need a real folder."""
    egg = tmp_path / "opdcrawl.egg"
    with zipfile.ZipFile(egg, "w") as archive:
        for path in (ROOT / "opdcrawl").rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                archive.write(path, path.relative_to(ROOT).as_posix())
    database = tmp_path / "egg.db"
    code = (
        "import opdcrawl.db.engine as e, sys;"
        "assert '.egg' in e.__file__, e.__file__;"
        f"e.migrate('sqlite:///{database}')"
    )
    env = {**os.environ, "PYTHONPATH": str(egg)}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    engine = make_engine(f"sqlite:///{database}")
    try:
        assert set(inspect(engine).get_view_names()) >= set(views.VIEWS)
    finally:
        engine.dispose()


def _downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    from opdcrawl.db.engine import alembic_config, migrations_dir

    with migrations_dir() as db_dir, engine.begin() as connection:
        config = alembic_config(db_dir)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _evidence_sentence(day: str, url: str, title: str) -> str:
    """The sentence ``pipelines.freshness.evidence_for`` writes (as migration 0003 reads it)."""
    return f"{day} dari list-page https://x/berita/, tertulis '{day}'; posting: {url} «{title}»"


def test_migration_0003_fills_the_evidence_post_of_earlier_checks(
    db_url: str, db_engine: Engine
) -> None:
    """Checks stored before 0003 get the post their evidence sentence names, never a post
    merely dated the same; without a sentence to read, only a post alone on that date."""
    day = datetime(2025, 3, 1, tzinfo=WIB)
    factory = session_factory(db_engine)
    with factory() as session:
        store.sync_registry(session, [seed("A"), seed("B"), seed("C"), seed("D")], now=NOW)
        lama = items.Post(url="https://a.uji.go.id/a-lama", title="Lama", published_at=day)
        baru = items.Post(url="https://a.uji.go.id/z-baru", title="Baru", published_at=day)
        run1 = new_run(session, NOW - timedelta(days=7))
        first = check("A", NOW - timedelta(days=7), last_post_at=day, posts=[lama])
        first.evidence = _evidence_sentence("2025-03-01", lama.url, "Lama")
        store.record_check(session, run1, first)
        run2 = new_run(session, NOW)
        second = check("A", NOW, last_post_at=day, posts=[baru])
        second.evidence = _evidence_sentence("2025-03-01", baru.url, "Baru")
        store.record_check(session, run2, second)
        # B: a sentence in no known shape, one post on that date; C: two posts on it.
        only = items.Post(url="https://b.uji.go.id/satu", title="Satu", published_at=day)
        store.record_check(session, run2, check("B", NOW, last_post_at=day, posts=[only]))
        twins = [
            items.Post(url="https://c.uji.go.id/1", title="Kembar 1", published_at=day),
            items.Post(url="https://c.uji.go.id/2", title="Kembar 2", published_at=day),
        ]
        store.record_check(session, run2, check("C", NOW, last_post_at=day, posts=twins))
        # D: no post date at all.
        store.record_check(session, run2, check("D", NOW))

        def stored() -> dict[tuple[int, str], tuple[str | None, str | None]]:
            rows = session.execute(
                select(
                    ChannelCheck.run_id,
                    Opd.code,
                    ChannelCheck.last_post_url,
                    ChannelCheck.last_post_title,
                )
                .join(Channel, Channel.id == ChannelCheck.channel_id)
                .join(Opd, Opd.id == Channel.opd_id)
            )
            return {(run_id, code): (url, title) for run_id, code, url, title in rows}

        written = stored()
        session.rollback()
    assert written == {
        (run1, "A"): ("https://a.uji.go.id/a-lama", "Lama"),
        (run2, "A"): ("https://a.uji.go.id/z-baru", "Baru"),
        (run2, "B"): ("https://b.uji.go.id/satu", "Satu"),
        (run2, "C"): ("https://c.uji.go.id/1", "Kembar 1"),  # the first dated post
        (run2, "D"): (None, None),
    }

    _downgrade(db_engine, "0002")
    columns = {column["name"] for column in inspect(db_engine).get_columns("channel_check")}
    assert not columns & {"last_post_url", "last_post_title"}
    later = {
        "v_social_latest",
        "v_integrity_latest",
        "v_ppid_latest",
        "v_ppid_region",
        "v_discovery_latest",
    }
    assert set(inspect(db_engine).get_view_names()) == set(views.VIEWS) - later
    migrate(db_engine)
    with factory() as session:
        assert stored() == {
            (run1, "A"): ("https://a.uji.go.id/a-lama", "Lama"),
            (run2, "A"): ("https://a.uji.go.id/z-baru", "Baru"),
            (run2, "B"): ("https://b.uji.go.id/satu", "Satu"),
            (run2, "C"): (None, None),  # two posts on that date: no link beats a wrong one
            (run2, "D"): (None, None),
        }


def test_database_url_prefers_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url(None) == "sqlite:///opdcrawl.db"
    assert database_url({"OPDCRAWL_DATABASE_URL": "sqlite:///x.db"}) == "sqlite:///x.db"
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@h/db")
    expected = "postgresql+psycopg2://u:p@h/db"  # the one driver, named (engine.POSTGRES_DRIVER)
    assert database_url({"OPDCRAWL_DATABASE_URL": "sqlite:///x.db"}) == expected


# --- registry sync ---------------------------------------------------------------------


def _snapshot(session: Session) -> dict[str, list[tuple]]:
    return {
        "region": sorted(session.execute(select(Region.slug, Region.updated_at)).all()),
        "opd": sorted(session.execute(select(Opd.code, Opd.active, Opd.updated_at)).all()),
        "channel": sorted(
            session.execute(
                select(
                    Channel.opd_id,
                    Channel.kind,
                    Channel.state,
                    Channel.url,
                    Channel.active,
                    Channel.updated_at,
                )
            ).all()
        ),
    }


def test_sync_twice_changes_nothing(db_session: Session) -> None:
    registry = [seed("DISKOMINFO", instagram="https://instagram.com/kominfo"), seed("DINKES")]
    first = store.sync_registry(db_session, registry, now=NOW)
    assert (first.regions, first.regions_added, first.opds_added) == (1, 1, 2)
    assert first.channels_added == 2 * len(CHANNEL_KINDS)
    before = _snapshot(db_session)

    second = store.sync_registry(db_session, registry, now=NOW + timedelta(days=1))

    assert not second.changed
    assert (second.opds_updated, second.channels_updated) == (0, 0)
    assert _snapshot(db_session) == before  # same rows, no updated_at bumped a day later


def test_sync_deactivates_and_updates(db_session: Session) -> None:
    store.sync_registry(
        db_session,
        [seed("A", tiktok="https://tiktok.com/@a"), seed("B"), seed("C")],
        now=NOW,
    )
    later = NOW + timedelta(days=7)
    # A loses its tiktok column entry, B now confirms it has no website, C is gone.
    result = store.sync_registry(
        db_session, [seed("A", drop=("tiktok",)), seed("B", website="-")], now=later
    )

    assert result.opds_deactivated == 1
    assert result.channels_updated == 1  # B's website
    assert result.channels_deactivated == 1 + len(CHANNEL_KINDS)  # A's tiktok + all of C's
    channels = {
        (code, kind): (state, url, active, updated_at)
        for code, kind, state, url, active, updated_at in db_session.execute(
            select(
                Opd.code,
                Channel.kind,
                Channel.state,
                Channel.url,
                Channel.active,
                Channel.updated_at,
            ).join(Opd)
        )
    }
    assert channels["A", "tiktok"] == ("registered", "https://tiktok.com/@a", False, later)
    assert channels["B", "website"] == ("none", None, True, later)
    assert channels["A", "website"][2:] == (True, NOW)
    assert all(not value[2] for (code, _), value in channels.items() if code == "C")
    opds = dict(db_session.execute(select(Opd.code, Opd.active)).all())
    assert opds == {"A": True, "B": True, "C": False}
    assert count(db_session, Channel) == 3 * len(CHANNEL_KINDS)  # nothing deleted

    back = store.sync_registry(
        db_session, [seed("A"), seed("B", website="-"), seed("C")], now=later
    )
    assert (back.opds_updated, back.channels_updated) == (1, 1 + len(CHANNEL_KINDS))
    assert db_session.execute(select(Opd.active).where(Opd.code == "C")).scalar_one()


def test_sync_sees_changes_behind_objects_the_session_holds(db_session: Session) -> None:
    store.sync_registry(db_session, [seed("A")], now=NOW)
    held = db_session.scalars(select(Opd)).one()  # e.g. a report still has it in hand
    renamed = [seed("A", name="Dinas A Baru")]
    assert store.sync_registry(db_session, renamed, now=NOW).opds_updated == 1
    assert not store.sync_registry(db_session, renamed, now=NOW).changed
    assert held.name == "Dinas A Baru"


def test_sync_only_touches_the_named_regions(db_session: Session) -> None:
    store.sync_registry(db_session, [seed("A"), seed("X", region="kab-lain")], now=NOW)
    result = store.sync_registry(
        db_session, [seed("B"), seed("X", region="kab-lain")], now=NOW, regions=["kota-uji"]
    )
    assert (result.regions, result.opds_added, result.opds_deactivated) == (1, 1, 1)
    opds = dict(db_session.execute(select(Opd.code, Opd.active)).all())
    assert opds == {"A": False, "B": True, "X": True}


def test_sync_can_keep_missing_rows(db_session: Session) -> None:
    store.sync_registry(db_session, [seed("A"), seed("B")], now=NOW)
    result = store.sync_registry(db_session, [seed("A")], now=NOW, deactivate_missing=False)
    assert result.opds_deactivated == 0
    assert db_session.execute(select(func.count()).where(Opd.active)).scalar_one() == 2


def test_sync_applies_mixed_changes_in_one_pass(db_session: Session) -> None:
    store.sync_registry(
        db_session, [seed("A"), seed("B"), seed("C"), seed("X", region="kab-lain")], now=NOW
    )
    store.sync_registry(db_session, [seed("A"), seed("B")], now=NOW, regions=["kota-uji"])
    held = db_session.scalars(select(Opd).where(Opd.code == "A")).one()
    later = NOW + timedelta(days=1)
    registry = [
        seed("A", name="Dinas A Baru", drop=("tiktok",)),  # renamed, loses tiktok
        seed("C"),  # back from inactive
        seed("N1"),  # new OPDs in a region that already has rows
        seed("N2", website="-"),
        seed("X", region="kab-lain"),
    ]  # B is gone

    result = store.sync_registry(db_session, registry, now=later)

    assert result == store.SyncResult(
        regions=2,
        opds_added=2,
        opds_updated=2,  # A renamed, C reactivated
        opds_deactivated=1,
        channels_added=2 * len(CHANNEL_KINDS),
        channels_updated=len(CHANNEL_KINDS),  # C's channels reactivated
        channels_deactivated=1 + len(CHANNEL_KINDS),  # A's tiktok, all of B's
    )
    assert held.name == "Dinas A Baru"  # objects the session holds see the new rows
    rows = {
        (code, kind): (url, active, updated_at)
        for code, kind, url, active, updated_at in db_session.execute(
            select(Opd.code, Channel.kind, Channel.url, Channel.active, Channel.updated_at).join(
                Opd
            )
        )
    }
    assert len(rows) == 6 * len(CHANNEL_KINDS)
    for code in ("A", "C", "N1"):  # each channel row hangs off its own OPD
        assert rows[code, "website"] == (f"https://{code.lower()}.uji.go.id/", True, ANY)
    assert rows["N2", "website"] == (None, True, later)
    assert rows["A", "tiktok"] == (None, False, later)
    assert rows["A", "website"][2] == NOW  # untouched: no updated_at bump
    assert all(not rows["B", kind][1] for kind in CHANNEL_KINDS)
    opds = {
        code: (active, updated_at)
        for code, active, updated_at in db_session.execute(
            select(Opd.code, Opd.active, Opd.updated_at)
        )
    }
    assert opds == {
        "A": (True, later),
        "B": (False, later),
        "C": (True, later),
        "N1": (True, later),
        "N2": (True, later),
        "X": (True, NOW),
    }
    assert not store.sync_registry(db_session, registry, now=later + timedelta(days=1)).changed


def test_sync_applies_duplicate_seeds_in_order(db_session: Session) -> None:
    """Two rows for one OPD: the later wins, and both count, as row by row."""
    result = store.sync_registry(
        db_session, [seed("A"), seed("A", name="Dinas A Dua", drop=("tiktok",))], now=NOW
    )
    assert (result.opds_added, result.opds_updated) == (1, 1)
    assert (result.channels_added, result.channels_deactivated) == (len(CHANNEL_KINDS), 1)
    assert db_session.execute(select(Opd.name)).scalar_one() == "Dinas A Dua"
    tiktok = select(Channel.active).where(Channel.kind == "tiktok")
    assert db_session.execute(tiktok).scalar_one() is False

    again = store.sync_registry(
        db_session, [seed("A", drop=("tiktok",)), seed("A", name="Dinas A Dua")], now=NOW
    )
    assert (again.opds_updated, again.channels_updated, again.channels_deactivated) == (2, 1, 0)
    assert db_session.execute(tiktok).scalar_one() is True


def test_sync_deactivates_more_rows_than_fit_one_statement(db_session: Session) -> None:
    registry = [seed(f"OPD{index:04d}") for index in range(1200)]
    assert store.sync_registry(db_session, registry, now=NOW).opds_added == 1200
    result = store.sync_registry(db_session, registry[:100], now=NOW + timedelta(days=1))
    assert (result.opds_deactivated, result.channels_deactivated) == (
        1100,
        1100 * len(CHANNEL_KINDS),
    )
    assert db_session.execute(select(func.count()).where(Opd.active)).scalar_one() == 100
    assert db_session.execute(select(func.count()).where(Channel.active)).scalar_one() == (
        100 * len(CHANNEL_KINDS)
    )


def _sync_statements(session: Session, engine: Engine, opds: int, regions: list[str]) -> int:
    """SQL statements sent by a first sync, a no-change resync and a resync with changes."""
    registry = [
        seed(f"OPD{index:04d}", region=regions[index % len(regions)]) for index in range(opds)
    ]
    changed = [
        seed(s.code, region=s.region_slug, name=f"{s.name} baru", drop=("tiktok",))
        if index % 10 == 0
        else s
        for index, s in enumerate(registry)
        if index % 10 != 5  # a tenth is gone
    ]
    statements = 0

    def seen(*_args: object) -> None:
        nonlocal statements
        statements += 1

    event.listen(engine, "before_cursor_execute", seen)
    try:
        first = store.sync_registry(session, registry, now=NOW)
        same = store.sync_registry(session, registry, now=NOW + timedelta(days=1))
        later = store.sync_registry(session, changed, now=NOW + timedelta(days=2))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert first.opds_added == opds and not same.changed
    assert later.opds_updated == opds // 10 and later.opds_deactivated == opds // 10
    return statements


def test_sync_statements_do_not_grow_with_the_registry(
    db_session: Session, db_engine: Engine
) -> None:
    """The sync is set-based: ten times the OPDs must not mean more SQL round trips."""
    small = _sync_statements(db_session, db_engine, 30, ["kota-a", "kota-b", "kota-c"])
    large = _sync_statements(db_session, db_engine, 300, ["kab-a", "kab-b", "kab-c"])
    assert small < 60, small  # a few per region and sync, not per OPD or channel
    assert large <= small + 6, (small, large)


# --- runs, checks, posts ---------------------------------------------------------------


def test_record_check_keeps_one_row_per_run_and_one_post_per_url(db_session: Session) -> None:
    store.sync_registry(db_session, [seed("A")], now=NOW)
    first_time = NOW - timedelta(days=7)
    run1 = new_run(db_session, first_time)
    run2 = new_run(db_session, NOW)
    dated = datetime(2025, 3, 1, 8, 0, tzinfo=WIB)

    posts1 = [
        items.Post(
            url="https://a.uji.go.id/berita/1",
            title="Satu",
            published_at=dated,
            raw_date="1 Maret 2025",
            source="feed",
            evidence_url="https://a.uji.go.id/feed",
        ),
        items.Post(url="https://a.uji.go.id/berita/2"),
        items.Post(url="https://a.uji.go.id/berita/2", title="dup"),  # same URL twice
        items.Post(url=""),  # no URL: skipped
    ]
    store.record_check(db_session, run1, check("A", first_time, posts=posts1))
    store.record_check(db_session, run1, check("A", first_time, posts=posts1, score=55))  # retry

    posts2 = [
        items.Post(url="https://a.uji.go.id/berita/1"),  # seen again, no new facts
        items.Post(
            url="https://a.uji.go.id/berita/2",
            title="Dua",
            published_at=dated,
            raw_date="01/03/2025",
            source="list-page",
            evidence_url="https://a.uji.go.id/",
        ),
        items.Post(url="https://a.uji.go.id/berita/3", title="Tiga"),
    ]
    store.record_check(db_session, run2, check("A", NOW, posts=posts2))

    checks = db_session.execute(
        select(ChannelCheck.run_id, ChannelCheck.score).order_by(ChannelCheck.run_id)
    ).all()
    assert checks == [(run1, 55), (run2, 80)]
    posts = {post.url.rsplit("/", 1)[1]: post for post in db_session.scalars(select(Post))}
    assert sorted(posts) == ["1", "2", "3"]
    one, two, three = posts["1"], posts["2"], posts["3"]
    assert (one.first_seen_at, one.last_seen_at) == (first_time, NOW)
    assert (one.title, one.published_at, one.source) == ("Satu", dated, "feed")  # kept
    assert (two.first_seen_at, two.last_seen_at) == (first_time, NOW)
    assert (two.title, two.published_at, two.raw_date, two.source) == (
        "Dua",
        dated,
        "01/03/2025",
        "list-page",
    )
    assert (three.first_seen_at, three.published_at) == (NOW, None)


def test_replaying_an_old_check_does_not_move_seen_times_back(db_session: Session) -> None:
    store.sync_registry(db_session, [seed("A")], now=NOW)
    old, new = NOW - timedelta(days=30), NOW
    post = [items.Post(url="https://a.uji.go.id/p")]
    store.record_check(db_session, new_run(db_session, new), check("A", new, posts=post))
    store.record_check(db_session, new_run(db_session, old), check("A", old, posts=post))
    row = db_session.scalars(select(Post)).one()
    assert (row.first_seen_at, row.last_seen_at) == (old, new)


def test_unknown_channel_raises_and_writes_nothing(db_session: Session) -> None:
    store.sync_registry(db_session, [seed("A")], now=NOW)
    run_id = new_run(db_session)
    posts = [items.Post(url="https://zz.uji.go.id/1")]
    with pytest.raises(LookupError) as failure:
        store.record_check(db_session, run_id, check("ZZ", NOW, posts=posts))
    message = str(failure.value)
    assert "ZZ" in message and "kota-uji" in message and "website" in message
    with pytest.raises(LookupError, match="tiktok"):
        store.record_check(db_session, run_id, check("A", NOW, channel="tiktok", region="x"))
    assert (count(db_session, ChannelCheck), count(db_session, Post)) == (0, 0)


def test_killed_run_stays_running_with_whole_checks(db_url: str, db_engine: Engine) -> None:
    factory = session_factory(db_engine)
    with factory() as session:
        store.sync_registry(session, [seed("A"), seed("B")], now=NOW)
        run_id = new_run(session)
        post = items.Post(url="https://a.uji.go.id/1", published_at=NOW - timedelta(days=1))
        store.record_check(session, run_id, check("A", NOW, posts=[post]))
        # The next item fails half-way (a naive date cannot be stored): none of it stays.
        broken = items.Post(url="https://b.uji.go.id/1", published_at=datetime(2025, 1, 1))
        with pytest.raises(Exception, match="naive"):
            store.record_check(session, run_id, check("B", NOW, posts=[broken]))
    db_engine.dispose()  # the process dies here: no finish_run

    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            run = session.get(CrawlRun, run_id)
            assert run is not None
            assert (run.status, run.finished_at) == ("running", None)
            checks = session.scalars(select(ChannelCheck)).all()
            assert [c.url for c in checks] == ["https://a.uji.go.id/"]
            assert checks[0].redirect_chain == ["http://x/", "https://x/"]
            assert checks[0].notes == ["catatan"]
            assert [p.url for p in session.scalars(select(Post))] == ["https://a.uji.go.id/1"]
    finally:
        engine.dispose()


def test_finish_run_and_run_lookup(db_session: Session) -> None:
    first = new_run(db_session, NOW - timedelta(days=30))
    other_spider = new_run(db_session, NOW - timedelta(days=20), spider="social")
    one_region = store.start_run(
        db_session,
        spider="websites",
        regions=["kab-lain"],
        crawl_time=NOW - timedelta(days=10),
        version="0.1.0",
    )
    last = new_run(db_session, NOW)
    stats = {
        "start_time": datetime(2025, 3, 10, 2, 30, tzinfo=UTC),
        "item_scraped_count": 3,
        "nested": {"ratio": 0.5, "bad": float("nan"), "seen": {"x"}},
        "obj": object,
    }
    store.finish_run(db_session, first, status="finished", stats=stats, finished_at=NOW)
    with pytest.raises(ValueError):
        store.finish_run(db_session, last, status="done", stats={}, finished_at=NOW)

    db_session.expire_all()
    run = db_session.get(CrawlRun, first)
    assert run is not None and run.status == "finished" and run.finished_at == NOW
    assert run.stats == {
        "start_time": "2025-03-10T02:30:00+00:00",
        "item_scraped_count": 3,
        "nested": {"ratio": 0.5, "bad": "nan", "seen": ["x"]},
        "obj": str(object),
    }
    assert run.regions == "kota-uji"
    assert store.latest_run(db_session).id == last
    assert store.latest_run(db_session, "social").id == other_spider
    assert store.latest_run(db_session, "websites", finished_only=True).id == first
    assert store.previous_run(db_session, last).id == first  # skips the one-region run
    assert store.previous_run(db_session, last, same_regions=False).id == one_region
    assert store.previous_run(db_session, first) is None


def test_timezones_round_trip(db_url: str, db_engine: Engine) -> None:
    wib = datetime(2025, 3, 10, 23, 45, 12, 345678, tzinfo=WIB)  # 16:45 UTC the same day
    with session_factory(db_engine)() as session:
        run_id = new_run(session, wib)
        with pytest.raises(Exception, match="naive"):
            new_run(session, datetime(2025, 3, 10, 23, 45))
    with session_factory(db_engine)() as session:
        run = session.get(CrawlRun, run_id)
        assert run is not None
        assert run.crawl_time == wib
        assert run.crawl_time.utcoffset() == timedelta(0)
        assert run.crawl_time.hour == 16
        # Reading a view through its Table gives the same aware instant on both backends.
        row = session.execute(select(views.v_history.c.crawl_time)).first()
        assert row is None  # no checks yet
        later = session.execute(
            select(CrawlRun.id).where(
                CrawlRun.crawl_time > datetime(2025, 3, 10, 16, 0, tzinfo=UTC)
            )
        ).scalar_one()
        assert later == run_id  # comparisons happen in UTC too


# --- views -----------------------------------------------------------------------------


@pytest.fixture
def dataset(db_session: Session) -> dict[str, int]:
    """Two regions; runs finished, failed and still running; every category and tie."""
    t = NOW
    registry = [
        seed("A"),
        seed("B"),
        seed("C"),
        seed("D"),
        seed("E"),
        seed("F", website="-"),
        seed("G", website=None),
        seed("H"),
        seed("I"),
        seed("J"),
        seed("L1", region="kab-lain"),
    ]
    store.sync_registry(db_session, registry, now=t)
    run1 = new_run(db_session, t - timedelta(days=7))
    run1_time = t - timedelta(days=7)
    d40 = t - timedelta(days=40)
    for c in (
        check("A", run1_time, category=Category.TIDAK_AKTIF, score=10, last_post_at=d40),
        check(
            "B", run1_time, category=Category.KURANG_AKTIF, score=60, last_post_at=d40, posts_90d=2
        ),
        check(
            "C", run1_time, category=Category.KURANG_AKTIF, score=60, last_post_at=d40, posts_90d=5
        ),
        check(
            "D", run1_time, category=Category.KURANG_AKTIF, score=60, last_post_at=d40, posts_90d=2
        ),
        check("E", run1_time, category=Category.TIDAK_DAPAT_DIAKSES, score=None, reachable=False),
        check("I", run1_time, category=Category.TIDAK_AKTIF, score=60, last_post_at=None),
        check("J", run1_time, category=Category.AKTIF, score=100, last_post_at=d40),
        check("L1", run1_time, region="kab-lain", category=Category.AKTIF, score=70),
    ):
        store.record_check(db_session, run1, c)
    hacked = check("C", run1_time, category=Category.KURANG_AKTIF, score=60, last_post_at=d40)
    hacked.posts_90d = 5
    hacked.integrity = [
        items.IntegrityFinding("hidden_block", "https://c.uji.go.id/", "slot gacor", None, "x.bet"),
        items.IntegrityFinding("cloaking", "https://c.uji.go.id/", "SLOT", "Dinas C", "hanya"),
    ]
    store.record_check(db_session, run1, hacked)  # the same check again, with findings
    store.finish_run(db_session, run1, status="finished", stats={}, finished_at=run1_time)

    run2 = new_run(db_session, t - timedelta(days=3))  # failed, and not the newest: ignored
    store.record_check(
        db_session,
        run2,
        check("B", t - timedelta(days=3), category=Category.TIDAK_DAPAT_DIAKSES, score=0),
    )
    store.finish_run(db_session, run2, status="failed", stats={}, finished_at=t)

    run3 = new_run(db_session, t)  # newest run, still running: its checks count
    store.record_check(
        db_session,
        run3,
        check(
            "A",
            t,
            category=Category.AKTIF,
            score=90,
            last_post_at=t - timedelta(days=2, hours=1),
            posts_90d=9,
        ),
    )
    store.sync_registry(db_session, [s for s in registry if s.code != "J"], now=t)  # J retired
    # G has no website yet: two discover readings, the later one with two candidates.
    g = db_session.scalars(select(Opd).where(Opd.code == "G")).one()
    for run_id, value, score in (
        (run1, "https://lama.uji.go.id/", 50),
        (run3, "https://dinas-g.uji.go.id/", 80),
        (run3, "https://g.uji.go.id/", 45),
    ):
        db_session.add(
            DiscoveryProposal(
                run_id=run_id, opd_id=g.id, channel="website", value=value, score=score,
                sources=["tebakan nama"], evidence="judul memuat nama OPD",
                found_at=t, status="proposed",
            )
        )  # fmt: skip
    db_session.commit()
    return {"run1": run1, "run2": run2, "run3": run3}


def rows(session: Session, table, *columns: str, **where: str) -> list[tuple]:
    query = select(*(table.c[name] for name in columns))
    for name, value in where.items():
        query = query.where(table.c[name] == value)
    return [tuple(row) for row in session.execute(query)]


def test_v_opd_latest_categories(db_session: Session, dataset: dict[str, int]) -> None:
    found = {
        code: (category, run_id, days)
        for code, category, run_id, days in rows(
            db_session,
            views.v_opd_latest,
            "opd_code",
            "category",
            "run_id",
            "days_since_last_post",
            region_slug="kota-uji",
        )
    }
    run1, run3 = dataset["run1"], dataset["run3"]
    assert found == {
        "A": ("Aktif", run3, 2),
        "B": ("Kurang Aktif", run1, 33),
        "C": ("Kurang Aktif", run1, 33),
        "D": ("Kurang Aktif", run1, 33),
        "E": ("Tidak Dapat Diakses", run1, None),
        "F": ("Tidak Punya Website", None, None),
        "G": ("Belum Terdaftar", None, None),
        "H": (None, None, None),
        "I": ("Tidak Aktif", run1, None),
    }
    website = rows(
        db_session,
        views.v_channel_latest,
        "state",
        "url",
        "run_id",
        opd_code="F",
        channel_kind="website",
    )
    assert website == [("none", None, None)]
    checked_at = rows(db_session, views.v_opd_latest, "checked_at", opd_code="A")
    assert checked_at == [(NOW,)] and checked_at[0][0].tzinfo is not None


def test_v_region_summary_counts(db_session: Session, dataset: dict[str, int]) -> None:
    summary = {
        row.region_slug: row._asdict() for row in db_session.execute(select(views.v_region_summary))
    }
    assert summary["kota-uji"] == {
        "region_slug": "kota-uji",
        "region_name": "Kota Uji",
        "total_opd": 9,
        "aktif": 1,
        "kurang_aktif": 3,
        "tidak_aktif": 1,
        "tidak_dapat_diakses": 1,
        "tidak_punya_website": 1,
        "belum_terdaftar": 1,
        "not_checked": 1,
        "with_website": 7,
        "reachable": 5,
    }
    assert summary["kab-lain"]["total_opd"] == 1 and summary["kab-lain"]["aktif"] == 1


def test_v_ranking_order_and_ties(db_session: Session, dataset: dict[str, int]) -> None:
    ranking = dict(rows(db_session, views.v_ranking, "opd_code", "rank", region_slug="kota-uji"))
    # A best score; B/C/D tie on score and last post, C has more posts_90d, B and D tie on
    # all three and share place 3; I has the same score but no last post: 5th. E (not
    # reachable), F (no website), G (cell empty) and H (not checked) get no place.
    assert ranking == {
        "A": 1,
        "C": 2,
        "B": 3,
        "D": 3,
        "I": 5,
        "E": None,
        "F": None,
        "G": None,
        "H": None,
    }
    assert rows(db_session, views.v_ranking, "rank", "opd_code", region_slug="kab-lain") == [
        (1, "L1")
    ]


def test_v_history_per_run(db_session: Session, dataset: dict[str, int]) -> None:
    history = {
        row.run_id: row._asdict()
        for row in db_session.execute(
            select(views.v_history).where(views.v_history.c.region_slug == "kota-uji")
        )
    }
    run1, run2, run3 = dataset["run1"], dataset["run2"], dataset["run3"]
    assert set(history) == {run1, run2, run3}
    first = history[run1]
    assert first["status"] == "finished" and first["channel_kind"] == "website"
    assert (first["checked"], first["reachable"]) == (7, 6)  # J counted: it was there then
    assert (first["aktif"], first["kurang_aktif"], first["tidak_aktif"]) == (1, 3, 2)
    assert (first["tidak_dapat_diakses"], first["previous_run_id"]) == (1, None)
    assert history[run2]["previous_run_id"] == run1
    assert history[run3]["previous_run_id"] == run2
    assert (history[run3]["status"], history[run3]["aktif"]) == ("running", 1)
    assert history[run3]["started_at"] == NOW


# --- views against views.py --------------------------------------------------------------

MIGRATIONS = ROOT / "opdcrawl" / "db" / "migrations" / "versions"
_VIEW_NAME = re.compile(r"\b(" + "|".join(views.VIEWS) + r")\b")


def _spaced(sql: str) -> str:
    return " ".join(sql.split())


def _view_answers(connection, prefix: str = "") -> dict[str, tuple[list[str], list[tuple]]]:
    """Per view: its column names and its rows (in a fixed order)."""
    answers = {}
    for name in views.VIEWS:
        result = connection.execute(text(f"SELECT * FROM {prefix}{name}"))
        answers[name] = (list(result.keys()), sorted(map(tuple, result), key=repr))
    return answers


def test_views_at_head_are_those_of_views_py(db_engine: Engine, dataset: dict[str, int]) -> None:
    """A database migrated to head has exactly the views ``opdcrawl/db/views.py`` defines.

    Migrations carry frozen copies of the view SQL, so an edit of views.py alone changes no
    database: this test fails until a new migration carries the new SQL (how: the end of
    views.py's docstring). SQLite keeps each view's text as written, so there the text is
    compared (whitespace aside). PostgreSQL keeps only a parsed form, with ``cc.*`` expanded
    to the columns of the day, so on both backends views.py's SQL is also created beside
    the migrated views under other names, and each pair must give the same columns and the
    same rows on the ``dataset`` sample (every category, ties, finished, failed and running
    runs, a retired OPD, two regions).
    """
    assert sorted(inspect(db_engine).get_view_names()) == sorted(views.VIEWS)
    if db_engine.dialect.name == "sqlite":
        with db_engine.connect() as connection:
            query = text("SELECT name, sql FROM sqlite_master WHERE type = 'view'")
            stored = {name: _spaced(sql) for name, sql in connection.execute(query)}
        written = dict(zip(views.VIEWS, map(_spaced, views.create_statements()), strict=True))
        assert stored == written
    with db_engine.begin() as connection:
        for sql in views.create_statements():
            connection.execute(text(_VIEW_NAME.sub(r"now_\1", sql)))
    try:
        with db_engine.connect() as connection:
            migrated = _view_answers(connection)
            today = _view_answers(connection, "now_")
    finally:
        with db_engine.begin() as connection:
            for name in reversed(views.VIEWS):
                connection.execute(text(f"DROP VIEW IF EXISTS now_{name}"))
    assert all(rows for _, rows in migrated.values()), "the sample must reach every view"
    assert today == migrated


def test_migrations_carry_their_own_sql() -> None:
    """No migration imports the project's code: an old revision must keep doing what it did
    when it was written, so its tables and view SQL are written out in its own file."""
    revisions = sorted(MIGRATIONS.glob("*.py"))
    assert revisions
    for path in revisions:
        imports = re.findall(
            r"^\s*(?:from|import)\s+(opdcrawl|spiders|pipelines)\b",
            path.read_text(encoding="utf-8"),
            re.MULTILINE,
        )
        assert not imports, f"{path.name} imports {imports[0]}: copy what it needs instead"


# --- command line ----------------------------------------------------------------------


def test_cli_upgrade_and_sync(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from opdcrawl import registry
    from opdcrawl.commands import db as db_command

    def main(argv: list[str]) -> int:
        # Only this subcommand: the others are built by other modules, not under test here.
        parser = argparse.ArgumentParser(prog="opdcrawl")
        db_command.add_arguments(parser)
        return db_command.run(parser.parse_args(argv[1:]))

    assert main(["db", "upgrade", "--url", db_url]) == 0
    assert "terbaru" in capsys.readouterr().out

    calls: list[tuple] = []

    def fake_load(source: str | None, regions: list[str] | None) -> registry.Registry:
        calls.append((source, regions))
        return registry.Registry(opds=[seed("A"), seed("B")])

    monkeypatch.setattr(registry, "load", fake_load, raising=False)
    argv = ["db", "sync", "--seeds", "seeds", "--region", "kota-uji", "--url", db_url]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "OPD               : baru 2, diubah 0, dinonaktifkan 0" in out
    assert calls == [("seeds", ["kota-uji"])]

    assert main(argv) == 0
    assert "Tidak ada perubahan" in capsys.readouterr().out

    def broken_load(source: str | None, regions: list[str] | None) -> registry.Registry:
        problem = registry.SeedProblem("seeds/kota-uji.csv", 3, "kolom kode kosong")
        return registry.Registry(opds=[seed("A")], problems=[problem])

    monkeypatch.setattr(registry, "load", broken_load, raising=False)
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert "seeds/kota-uji.csv:3: kolom kode kosong" in captured.err
    assert "dinonaktifkan 0" in captured.out  # B kept: a bad row must not retire an OPD


def test_v_discovery_latest_ranks_the_latest_run_s_proposals(
    db_session: Session, dataset: dict[str, int]
) -> None:
    found = rows(db_session, views.v_discovery_latest, "value", "rank", "run_id", opd_code="G")
    assert sorted(found, key=lambda row: row[1]) == [
        ("https://dinas-g.uji.go.id/", 1, dataset["run3"]),
        ("https://g.uji.go.id/", 2, dataset["run3"]),
    ]  # the older run's proposal is not the latest reading
