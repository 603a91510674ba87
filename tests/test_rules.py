"""Each rule written once: its Python reader and its SQL reader agree on the same rows.

``opdcrawl.rules`` holds the ranking order and the channel category rule as data; the
reports use the Python functions, the views are generated from the SQL fragments. Here
both run on the same rows, on SQLite and PostgreSQL, including the ties and missing
values where two hand-written copies used to drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, select, text

from opdcrawl import rules
from opdcrawl.dates import JAKARTA
from opdcrawl.db import views
from opdcrawl.db.models import UTCDateTime

BASE = datetime(2026, 11, 30, 9, 0, tzinfo=JAKARTA)


@dataclass
class Row:
    opd_code: str
    score: int | None
    last_post_at: datetime | None
    posts_90d: int | None
    state: str | None = "registered"
    category: str | None = None


ROWS = [
    Row("D-01", 80, BASE - timedelta(days=3), 9),
    Row("D-02", 80, BASE - timedelta(days=3), 12),  # tie on score and date: more posts wins
    Row("D-03", 80, BASE - timedelta(days=1), 2),  # tie on score: newer wins
    Row("A-09", 80, BASE - timedelta(days=1), 2),  # full tie: code A-Z
    Row("D-05", None, None, None, "none"),  # no score, no post
    Row("D-06", 0, None, 0, "registered", "Tidak Dapat Diakses"),
    Row("D-07", 55, None, None),  # score without a post date
    Row("D-08", 55, BASE - timedelta(days=40), None, "unknown"),
    Row("D-04", None, BASE - timedelta(days=2), 4),  # a date but no score
]


def test_ranking_sql_and_python_agree(db_url: str) -> None:
    engine = create_engine(db_url)
    metadata = MetaData()
    table = Table(
        "rank_probe",
        metadata,
        Column("opd_code", String),
        Column("score", Integer),
        Column("last_post_at", UTCDateTime),
        Column("posts_90d", Integer),
        Column("state", String),
        Column("category", String),
    )
    metadata.create_all(engine)
    try:
        with engine.begin() as connection:
            connection.execute(table.insert(), [vars(row) for row in ROWS])
            order = rules.ranking_order_sql("v")
            ranked = (
                connection.execute(text(f"SELECT v.opd_code FROM rank_probe v ORDER BY {order}"))
                .scalars()
                .all()
            )
            shown = dict(
                connection.execute(
                    text(
                        "SELECT v.opd_code, "
                        + rules.channel_category_sql("v.state", "v.category")
                        + " FROM rank_probe v"
                    )
                ).all()
            )
            stored = connection.execute(select(table.c.opd_code, table.c.last_post_at)).all()
    finally:
        metadata.drop_all(engine)
        engine.dispose()
    python_order = [row.opd_code for row in sorted(ROWS, key=rules.rank_key)]
    assert ranked == python_order
    assert python_order[:4] == ["A-09", "D-03", "D-02", "D-01"]
    assert python_order[-1] == "D-05"
    assert shown == {row.opd_code: rules.channel_category(row.state, row.category) for row in ROWS}
    assert shown["D-05"] == "Tidak Punya Website" and shown["D-08"] == "Belum Terdaftar"
    assert len(stored) == len(ROWS)


def test_views_are_generated_from_the_rules() -> None:
    """The view SQL contains the rules' fragments, so editing a rule changes the views (and
    the migration test then asks for a migration)."""
    assert rules.ranking_order_sql("v") in views.VIEWS["v_ranking"]
    assert rules.channel_category_sql("w.state", "w.category") in views.VIEWS["v_opd_latest"]


def test_overall_category_is_the_best_assessed_channel() -> None:
    overall = rules.overall_category
    assert overall({"website": "Tidak Aktif", "instagram": "Aktif"}) == "Aktif"
    assert overall({"website": "Aktif", "instagram": "Tidak Aktif"}) == "Aktif"
    assert overall({"website": "Kurang Aktif", "youtube": "Tidak Aktif"}) == "Kurang Aktif"
    # Accounts that could not be assessed never lower it, nor replace the website's state.
    assert overall({"website": "Tidak Aktif", "instagram": "Tidak Dapat Diakses"}) == (
        "Tidak Aktif"
    )
    assert overall({"website": "Tidak Punya Website", "x": "Tidak Dapat Diakses"}) == (
        "Tidak Punya Website"
    )
    assert overall({"website": "Tidak Punya Website", "tiktok": "Kurang Aktif"}) == (
        "Kurang Aktif"
    )
    assert overall({"website": None}) is None
