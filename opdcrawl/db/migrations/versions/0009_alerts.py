"""Alerts: what ``opdcrawl alerts`` detected, to whom it went, and where it stopped.

* ``alert_event``: one row per alert (an OPD's website became Tidak Aktif in run 42,
  gambling spam found on it, ...), unique by ``key``, so the same alert is never
  detected twice.
* ``alert_delivery``: one row per alert and recipient (``email:<address>`` or
  ``webhook:<name>``), ``pending`` until a message carrying it was accepted; a failed
  send stays pending with its error and is retried by the next run.
* ``alert_baseline``: per region, the crawl run whose state the last detection saw.

No view changes. Written against the tables as they are at this revision.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "alert_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("kind", sa.String(50), nullable=False),
        sa.Column("region_slug", sa.String(100), nullable=False),
        sa.Column("opd_code", sa.String(50), nullable=False),
        sa.Column("channel_kind", sa.String(20), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        _when("detected_at"),
        sa.ForeignKeyConstraint(
            ["run_id"], ["crawl_run.id"], name="fk_alert_event_run_id_crawl_run"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_alert_event"),
        sa.UniqueConstraint("key", name="uq_alert_event_key"),
    )
    op.create_index("ix_alert_event_region_slug", "alert_event", ["region_slug"])
    op.create_table(
        "alert_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(400), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        _when("last_attempt_at", nullable=True),
        _when("sent_at", nullable=True),
        sa.CheckConstraint("status IN ('pending', 'sent')", name="ck_alert_delivery_status"),
        sa.ForeignKeyConstraint(
            ["event_id"], ["alert_event.id"], name="fk_alert_delivery_event_id_alert_event"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_alert_delivery"),
        sa.UniqueConstraint("event_id", "recipient", name="uq_alert_delivery_event_id"),
    )
    op.create_index("ix_alert_delivery_status", "alert_delivery", ["status"])
    op.create_table(
        "alert_baseline",
        sa.Column("region_slug", sa.String(100), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        _when("updated_at"),
        sa.ForeignKeyConstraint(
            ["run_id"], ["crawl_run.id"], name="fk_alert_baseline_run_id_crawl_run"
        ),
        sa.PrimaryKeyConstraint("region_slug", name="pk_alert_baseline"),
    )


def downgrade() -> None:
    op.drop_table("alert_baseline")
    op.drop_index("ix_alert_delivery_status", table_name="alert_delivery")
    op.drop_table("alert_delivery")
    op.drop_index("ix_alert_event_region_slug", table_name="alert_event")
    op.drop_table("alert_event")
