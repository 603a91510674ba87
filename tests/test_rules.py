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
    assert rules.rank_sql("v", "v.region_slug") in views.VIEWS["v_ranking"]
    assert rules.channel_category_sql("w.state", "w.category") in views.VIEWS["v_opd_latest"]


AKTIF, KURANG, TIDAK = "Aktif", "Kurang Aktif", "Tidak Aktif"
PLACES = [
    Row("P-01", 80, BASE - timedelta(days=3), 9, category=AKTIF),
    Row("P-02", 80, BASE - timedelta(days=3), 9, category=KURANG),  # full tie with P-01
    Row("P-03", 80, BASE - timedelta(days=3), 9, category=AKTIF),  # and with P-02
    Row("P-04", 70, BASE - timedelta(days=3), 9, category=KURANG),  # place 4, not 2
    Row("P-05", 70, BASE - timedelta(days=3), 8, category=KURANG),  # fewer posts: 5
    Row("P-06", 0, None, 0, category=TIDAK),  # read, nothing dated: ranked, last
    Row("P-07", 0, None, 0, category=TIDAK),  # tie: same place
    Row("P-00", 0, None, 0, category="Tidak Dapat Diakses"),  # not ranked, however named
    Row("P-08", None, None, None, "none", "Tidak Punya Website"),
    Row("P-09", None, None, None, "unknown", "Belum Terdaftar"),
    Row("P-10", None, None, None, "registered", None),  # not checked
]


def test_competition_ranks_sql_and_python_agree(db_url: str) -> None:
    """Ties share a place (1, 1, 1, 4, 5, 6, 6); unassessed OPDs have none, in SQL too."""
    engine = create_engine(db_url)
    metadata = MetaData()
    table = Table(
        "place_probe",
        metadata,
        Column("region_slug", String),
        Column("opd_code", String),
        Column("score", Integer),
        Column("last_post_at", UTCDateTime),
        Column("posts_90d", Integer),
        Column("category", String),
    )
    metadata.create_all(engine)
    try:
        with engine.begin() as connection:
            connection.execute(
                table.insert(),
                [
                    {**{k: v for k, v in vars(row).items() if k != "state"}, "region_slug": "r"}
                    for row in PLACES
                ],
            )
            rank = rules.rank_sql("v", "v.region_slug")
            order = rules.listing_order_sql("v")
            in_sql = connection.execute(
                text(f"SELECT v.opd_code, {rank} AS place FROM place_probe v ORDER BY {order}")
            ).all()
    finally:
        metadata.drop_all(engine)
        engine.dispose()
    listed = sorted(PLACES, key=rules.listing_key)
    in_python = list(
        zip([row.opd_code for row in listed], rules.competition_ranks(listed), strict=True)
    )
    assert [tuple(row) for row in in_sql] == in_python
    assert in_python == [
        ("P-01", 1),
        ("P-02", 1),
        ("P-03", 1),
        ("P-04", 4),
        ("P-05", 5),
        ("P-06", 6),
        ("P-07", 6),
        ("P-00", None),
        ("P-08", None),
        ("P-09", None),
        ("P-10", None),
    ]


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
    assert overall({"website": "Tidak Punya Website", "tiktok": "Kurang Aktif"}) == ("Kurang Aktif")
    assert overall({"website": None}) is None
