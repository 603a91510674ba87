"""Reporting view v_ranking: shared places for ties, and only assessed OPDs ranked.

``rank`` was a ROW_NUMBER with no shared places, over every OPD. Now OPDs equal on
score, last post and posts in 90 days share a place (RANK(): 1, 2, 2, 4; the OPD code
only lists them), and only OPDs whose website was assessed (Aktif, Kurang Aktif, Tidak
Aktif) get one: ``rank`` is NULL for an unreachable, missing, unregistered or unchecked
website, so none of them is named among the least active. No other view reads
v_ranking, so only it is dropped and recreated.

The SQL is frozen here as it was at this revision, not imported from
``opdcrawl.db.views`` (see ``0002_views``). The columns are documented there.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-20
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied from opdcrawl/db/views.py at this revision; never edit: add a migration instead.
_V_RANKING = """
CREATE VIEW v_ranking AS
SELECT
    v.region_slug AS region_slug,
    v.region_name AS region_name,
    CASE WHEN v.category IN ('Aktif', 'Kurang Aktif', 'Tidak Aktif') THEN RANK() OVER (
        PARTITION BY v.region_slug,
            CASE WHEN v.category IN ('Aktif', 'Kurang Aktif', 'Tidak Aktif') THEN 0 ELSE 1 END
        ORDER BY
            CASE WHEN v.score IS NULL THEN 1 ELSE 0 END,
            v.score DESC,
            CASE WHEN v.last_post_at IS NULL THEN 1 ELSE 0 END,
            v.last_post_at DESC,
            COALESCE(v.posts_90d, 0) DESC
    ) END AS "rank",
    v.opd_code AS opd_code,
    v.opd_name AS opd_name,
    v.short_name AS short_name,
    v.opd_kind AS opd_kind,
    v.category AS category,
    v.score AS score,
    v.last_post_at AS last_post_at,
    v.days_since_last_post AS days_since_last_post,
    v.posts_90d AS posts_90d,
    v.cadence AS cadence,
    v.website_url AS website_url,
    v.run_id AS run_id
FROM v_opd_latest v
"""

# The view as 0002_views created it, for downgrade.
_V_RANKING_0002 = """
CREATE VIEW v_ranking AS
SELECT
    v.region_slug AS region_slug,
    v.region_name AS region_name,
    ROW_NUMBER() OVER (
        PARTITION BY v.region_slug
        ORDER BY
            CASE WHEN v.score IS NULL THEN 1 ELSE 0 END,
            v.score DESC,
            CASE WHEN v.last_post_at IS NULL THEN 1 ELSE 0 END,
            v.last_post_at DESC,
            COALESCE(v.posts_90d, 0) DESC,
            v.opd_code ASC
    ) AS "rank",
    v.opd_code AS opd_code,
    v.opd_name AS opd_name,
    v.short_name AS short_name,
    v.opd_kind AS opd_kind,
    v.category AS category,
    v.score AS score,
    v.last_post_at AS last_post_at,
    v.days_since_last_post AS days_since_last_post,
    v.posts_90d AS posts_90d,
    v.cadence AS cadence,
    v.website_url AS website_url,
    v.run_id AS run_id
FROM v_opd_latest v
"""


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_ranking")
    op.execute(_V_RANKING.strip())


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_ranking")
    op.execute(_V_RANKING_0002.strip())
