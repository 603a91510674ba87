"""Inventory: table discovery_proposal (``opdcrawl discover``).

* ``discovery_proposal``: one row per proposed value per OPD, channel and ``discover`` run:
  the value (a website address or a social account URL), its score (0–100), the sources
  that named it (name guess, portal, PPID portal, sitemap, CT list, registry notes, the
  OPD's website), the evidence in Indonesian, the page or file it was found on, the probed
  page's title, HTTP status and DNS answer, and ``status`` (``proposed``, or ``accepted``
  once ``opdcrawl discover --accept`` wrote it into the registry file, at ``accepted_at``).

* ``v_discovery_latest``: the proposals of each OPD's latest ``discover`` run, ranked per
  channel. The SQL is frozen here as it was at this revision (see ``0002_views``).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-20
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

URL_LENGTH = 2048

# Copied from opdcrawl/db/views.py at this revision; never edit: add a migration instead.
_V_DISCOVERY_LATEST = """
CREATE VIEW v_discovery_latest AS
WITH latest_run AS (
    SELECT p.opd_id, MAX(p.run_id) AS run_id
    FROM discovery_proposal p
    GROUP BY p.opd_id
)
SELECT
    rg.slug AS region_slug,
    rg.name AS region_name,
    o.id AS opd_id,
    o.code AS opd_code,
    o.name AS opd_name,
    o.short_name AS short_name,
    o.kind AS opd_kind,
    p.id AS proposal_id,
    p.run_id AS run_id,
    p.channel AS channel,
    p.value AS value,
    p.score AS score,
    RANK() OVER (PARTITION BY p.opd_id, p.channel ORDER BY p.score DESC) AS rank,
    p.evidence AS evidence,
    p.found_on AS found_on,
    p.title AS title,
    p.http_status AS http_status,
    p.status AS status,
    p.found_at AS found_at,
    p.accepted_at AS accepted_at
FROM discovery_proposal p
JOIN latest_run l ON l.opd_id = p.opd_id AND l.run_id = p.run_id
JOIN opd o ON o.id = p.opd_id
JOIN region rg ON rg.id = o.region_id
WHERE o.active
"""


def upgrade() -> None:
    op.create_table(
        "discovery_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("opd_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("value", sa.String(URL_LENGTH), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column(
            "sources",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("found_on", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(64), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('proposed', 'accepted')", name="ck_discovery_proposal_status"
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["crawl_run.id"], name="fk_discovery_proposal_run_id_crawl_run"
        ),
        sa.ForeignKeyConstraint(["opd_id"], ["opd.id"], name="fk_discovery_proposal_opd_id_opd"),
        sa.PrimaryKeyConstraint("id", name="pk_discovery_proposal"),
        sa.UniqueConstraint(
            "run_id", "opd_id", "channel", "value", name="uq_discovery_proposal_run_id"
        ),
    )
    op.create_index("ix_discovery_proposal_opd_id", "discovery_proposal", ["opd_id"])
    op.execute(_V_DISCOVERY_LATEST.strip())


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_discovery_latest")
    op.drop_index("ix_discovery_proposal_opd_id", table_name="discovery_proposal")
    op.drop_table("discovery_proposal")
