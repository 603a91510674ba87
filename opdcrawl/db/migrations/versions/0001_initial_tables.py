"""Initial tables: region, opd, channel, crawl_run, channel_check, post.

Written out by hand rather than imported from ``opdcrawl.db.models`` so this revision
keeps creating exactly this schema after the models move on; ``tests/test_db.py``
checks that models and migrations still agree.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

URL_LENGTH = 2048


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _json(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(
        name, sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=nullable
    )


def upgrade() -> None:
    op.create_table(
        "region",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(100), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_region"),
        sa.UniqueConstraint("slug", name="uq_region_slug"),
    )
    op.create_table(
        "opd",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(50), nullable=False),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("short_name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.ForeignKeyConstraint(["region_id"], ["region.id"], name="fk_opd_region_id_region"),
        sa.PrimaryKeyConstraint("id", name="pk_opd"),
        sa.UniqueConstraint("region_id", "code", name="uq_opd_region_id"),
    )
    op.create_index("ix_opd_region_id", "opd", ["region_id"])
    op.create_table(
        "channel",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opd_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("url", sa.String(URL_LENGTH), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        _when("created_at"),
        _when("updated_at"),
        sa.CheckConstraint("state IN ('registered', 'unknown', 'none')", name="ck_channel_state"),
        sa.ForeignKeyConstraint(["opd_id"], ["opd.id"], name="fk_channel_opd_id_opd"),
        sa.PrimaryKeyConstraint("id", name="pk_channel"),
        sa.UniqueConstraint("opd_id", "kind", name="uq_channel_opd_id"),
    )
    op.create_index("ix_channel_opd_id", "channel", ["opd_id"])
    op.create_table(
        "crawl_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("spider", sa.String(50), nullable=False),
        sa.Column("regions", sa.Text(), nullable=False),
        _when("started_at"),
        _when("finished_at", nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        _when("crawl_time"),
        _json("stats", nullable=True),
        sa.Column("opdcrawl_version", sa.String(50), nullable=False),
        sa.CheckConstraint(
            "status IN ('running', 'finished', 'failed', 'killed')", name="ck_crawl_run_status"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_crawl_run"),
    )
    op.create_index("ix_crawl_run_spider", "crawl_run", ["spider"])
    op.create_table(
        "channel_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        _when("checked_at"),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("reachable", sa.Boolean(), nullable=False),
        sa.Column("final_url", sa.Text(), nullable=True),
        _json("redirect_chain"),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("response_ms", sa.Integer(), nullable=True),
        sa.Column("error_class", sa.String(50), nullable=True),
        sa.Column("error_detail", sa.Text(), nullable=True),
        sa.Column("robots_blocked", sa.Boolean(), nullable=False),
        sa.Column("rendered_with_browser", sa.Boolean(), nullable=False),
        sa.Column("cms", sa.String(50), nullable=True),
        sa.Column("requests", sa.Integer(), nullable=False),
        _json("sources_tried"),
        _json("notes"),
        _json("spam_terms"),
        _when("last_post_at", nullable=True),
        sa.Column("days_since_last_post", sa.Integer(), nullable=True),
        sa.Column("posts_30d", sa.Integer(), nullable=False),
        sa.Column("posts_90d", sa.Integer(), nullable=False),
        sa.Column("posts_365d", sa.Integer(), nullable=False),
        sa.Column("posts_per_week", sa.Float(), nullable=True),
        sa.Column("cadence", sa.String(30), nullable=True),
        sa.Column("category", sa.String(30), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["channel_id"], ["channel.id"], name="fk_channel_check_channel_id_channel"
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["crawl_run.id"], name="fk_channel_check_run_id_crawl_run"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_channel_check"),
        sa.UniqueConstraint("run_id", "channel_id", name="uq_channel_check_run_id"),
    )
    op.create_index("ix_channel_check_channel_id", "channel_check", ["channel_id"])
    op.create_table(
        "post",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(URL_LENGTH), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        _when("published_at", nullable=True),
        sa.Column("raw_date", sa.Text(), nullable=True),
        sa.Column("source", sa.String(50), nullable=False),
        sa.Column("evidence_url", sa.Text(), nullable=False),
        _when("first_seen_at"),
        _when("last_seen_at"),
        sa.ForeignKeyConstraint(["channel_id"], ["channel.id"], name="fk_post_channel_id_channel"),
        sa.PrimaryKeyConstraint("id", name="pk_post"),
        sa.UniqueConstraint("channel_id", "url", name="uq_post_channel_id"),
    )
    op.create_index("ix_post_channel_id_published_at", "post", ["channel_id", "published_at"])


def downgrade() -> None:
    for table in ("post", "channel_check", "crawl_run", "channel", "opd", "region"):
        op.drop_table(table)
