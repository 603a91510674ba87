"""Reporting views: v_channel_latest, v_opd_latest, v_region_summary, v_ranking, v_history.

The SQL lives in ``opdcrawl.db.views`` (documented there, for the README).

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from opdcrawl.db import views

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for statement in views.create_statements():
        op.execute(statement)


def downgrade() -> None:
    for statement in views.drop_statements():
        op.execute(statement)
