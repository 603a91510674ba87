"""Reporting view v_social_latest: each social account's latest check, with its route.

One row per active social account channel (instagram, facebook, youtube, x, tiktok) of
an active OPD: the columns of ``v_channel_latest`` for it, the account status
(``error_class`` as ``status``, NULL when the account was read fine) and, from the
check's own ``channel_check`` row, the route that read it (``manual`` when recorded by
hand), followers and the visible window (migration 0004's columns). Built on
``v_channel_latest``, which is unchanged, so no other view is dropped or recreated.

The SQL is frozen here as it was at this revision, not imported from
``opdcrawl.db.views`` (see ``0002_views``). The columns are documented there.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Copied from opdcrawl/db/views.py at this revision; never edit: add a migration instead.
_V_SOCIAL_LATEST = """
CREATE VIEW v_social_latest AS
SELECT
    v.region_slug AS region_slug,
    v.region_name AS region_name,
    v.opd_id AS opd_id,
    v.opd_code AS opd_code,
    v.opd_name AS opd_name,
    v.short_name AS short_name,
    v.opd_kind AS opd_kind,
    v.channel_id AS channel_id,
    v.channel_kind AS platform,
    v.state AS state,
    v.url AS url,
    v.run_id AS run_id,
    v.checked_at AS checked_at,
    v.reachable AS reachable,
    v.error_class AS status,
    v.error_detail AS status_detail,
    cc.route AS route,
    cc.followers AS followers,
    cc.posts_window AS posts_window,
    v.last_post_at AS last_post_at,
    v.days_since_last_post AS days_since_last_post,
    v.posts_30d AS posts_30d,
    v.posts_90d AS posts_90d,
    v.cadence AS cadence,
    v.category AS category,
    v.score AS score,
    v.evidence AS evidence
FROM v_channel_latest v
LEFT JOIN channel_check cc ON cc.run_id = v.run_id AND cc.channel_id = v.channel_id
WHERE v.channel_kind IN ('instagram', 'facebook', 'youtube', 'x', 'tiktok')
"""


def upgrade() -> None:
    op.execute(_V_SOCIAL_LATEST.strip())


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_social_latest")
