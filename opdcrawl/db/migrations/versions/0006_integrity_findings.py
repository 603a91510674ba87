"""integrity_finding: gambling spam, cloaking and defacement evidence, and its view.

* ``integrity_finding``: one row per sign a website check saw (hidden gambling block,
  injected link, hijacked title, foreign canonical/AMP link, sitemap-only doorway page,
  defacement, cloaking), with the page, a snippet of what was seen, for cloaking what the
  visitor saw instead, and the host or URL the signal names. Rows belong to their
  ``channel_check`` row.
* ``v_integrity_latest``: the findings of each channel's latest check, with the OPD, so
  reporting teams can list affected sites without reading internal tables. Built on
  ``v_channel_latest``, which is unchanged, so no other view is dropped or recreated.

The table and the view SQL are frozen here as they were at this revision, not imported
from ``opdcrawl.db`` (see ``0002_views``).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied from opdcrawl/db/views.py at this revision; never edit: add a migration instead.
_V_INTEGRITY_LATEST = """
CREATE VIEW v_integrity_latest AS
SELECT
    v.region_slug AS region_slug,
    v.region_name AS region_name,
    v.opd_id AS opd_id,
    v.opd_code AS opd_code,
    v.opd_name AS opd_name,
    v.short_name AS short_name,
    v.opd_kind AS opd_kind,
    v.channel_id AS channel_id,
    v.channel_kind AS channel_kind,
    v.url AS website_url,
    v.run_id AS run_id,
    v.checked_at AS checked_at,
    f.id AS finding_id,
    f.signal AS signal,
    f.url AS url,
    f.snippet AS snippet,
    f.other_snippet AS other_snippet,
    f.detail AS detail
FROM v_channel_latest v
JOIN channel_check cc ON cc.run_id = v.run_id AND cc.channel_id = v.channel_id
JOIN integrity_finding f ON f.check_id = cc.id
"""


def upgrade() -> None:
    op.create_table(
        "integrity_finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("signal", sa.String(length=40), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("snippet", sa.Text(), nullable=False),
        sa.Column("other_snippet", sa.Text(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["check_id"],
            ["channel_check.id"],
            name="fk_integrity_finding_check_id_channel_check",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_integrity_finding"),
    )
    op.create_index(
        "ix_integrity_finding_check_id", "integrity_finding", ["check_id"], unique=False
    )
    op.execute(_V_INTEGRITY_LATEST.strip())


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_integrity_latest")
    op.drop_index("ix_integrity_finding_check_id", table_name="integrity_finding")
    op.drop_table("integrity_finding")
