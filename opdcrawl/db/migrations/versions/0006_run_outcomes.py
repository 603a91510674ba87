"""Run outcomes, run processes, and crawler-side outages kept out of the latest views.

* ``crawl_run.end_reason``: why the run ended (``opdcrawl.run_end.EndReason``: finished,
  crawler_outage, interrupted, stale, …), beside its status; NULL while running.
* ``crawl_run.pid`` and ``crawl_run.hostname``: the process that runs it, so a run left
  "running" by a hard kill can be told from one still running and closed
  (``opdcrawl runs --close-stale``, and at the start of every run).
* ``v_channel_latest`` skips checks re-classed ``crawler_outage`` (``opdcrawl.outage``):
  the channel keeps its check from before, so no OPD is blamed for the crawler's network.

Only ``v_channel_latest`` changes, with the same columns, so the views built on it stay:
PostgreSQL replaces it in place (``CREATE OR REPLACE VIEW`` keeps its dependants), SQLite
drops and recreates it (SQLite resolves a view's dependants when they are read).

The SQL is frozen here as it was at this revision, not imported from
``opdcrawl.db.views`` (see ``0002_views``).

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
_V_CHANNEL_LATEST = """
CREATE VIEW v_channel_latest AS
WITH eligible_run AS (
    SELECT r.id, r.crawl_time
    FROM crawl_run r
    WHERE r.status = 'finished'
       OR r.id IN (SELECT MAX(r2.id) FROM crawl_run r2 GROUP BY r2.spider)
),
ranked_check AS (
    SELECT cc.*,
           ROW_NUMBER() OVER (
               PARTITION BY cc.channel_id ORDER BY er.crawl_time DESC, er.id DESC
           ) AS recency
    FROM channel_check cc
    JOIN eligible_run er ON er.id = cc.run_id
    WHERE cc.error_class IS NULL OR cc.error_class <> 'crawler_outage'
)
SELECT
    rg.slug AS region_slug,
    rg.name AS region_name,
    o.id AS opd_id,
    o.code AS opd_code,
    o.name AS opd_name,
    o.short_name AS short_name,
    o.kind AS opd_kind,
    c.id AS channel_id,
    c.kind AS channel_kind,
    c.state AS state,
    c.url AS url,
    k.run_id AS run_id,
    k.checked_at AS checked_at,
    k.reachable AS reachable,
    k.http_status AS http_status,
    k.error_class AS error_class,
    k.error_detail AS error_detail,
    k.cms AS cms,
    k.last_post_at AS last_post_at,
    k.days_since_last_post AS days_since_last_post,
    k.posts_30d AS posts_30d,
    k.posts_90d AS posts_90d,
    k.posts_365d AS posts_365d,
    k.posts_per_week AS posts_per_week,
    k.cadence AS cadence,
    k.category AS category,
    k.score AS score,
    k.evidence AS evidence
FROM channel c
JOIN opd o ON o.id = c.opd_id
JOIN region rg ON rg.id = o.region_id
LEFT JOIN ranked_check k
       ON k.channel_id = c.id AND k.recency = 1 AND c.state = 'registered'
WHERE c.active AND o.active
"""

# v_channel_latest as 0002 created it, for the downgrade.
_V_CHANNEL_LATEST_BEFORE = """
CREATE VIEW v_channel_latest AS
WITH eligible_run AS (
    SELECT r.id, r.crawl_time
    FROM crawl_run r
    WHERE r.status = 'finished'
       OR r.id IN (SELECT MAX(r2.id) FROM crawl_run r2 GROUP BY r2.spider)
),
ranked_check AS (
    SELECT cc.*,
           ROW_NUMBER() OVER (
               PARTITION BY cc.channel_id ORDER BY er.crawl_time DESC, er.id DESC
           ) AS recency
    FROM channel_check cc
    JOIN eligible_run er ON er.id = cc.run_id
)
SELECT
    rg.slug AS region_slug,
    rg.name AS region_name,
    o.id AS opd_id,
    o.code AS opd_code,
    o.name AS opd_name,
    o.short_name AS short_name,
    o.kind AS opd_kind,
    c.id AS channel_id,
    c.kind AS channel_kind,
    c.state AS state,
    c.url AS url,
    k.run_id AS run_id,
    k.checked_at AS checked_at,
    k.reachable AS reachable,
    k.http_status AS http_status,
    k.error_class AS error_class,
    k.error_detail AS error_detail,
    k.cms AS cms,
    k.last_post_at AS last_post_at,
    k.days_since_last_post AS days_since_last_post,
    k.posts_30d AS posts_30d,
    k.posts_90d AS posts_90d,
    k.posts_365d AS posts_365d,
    k.posts_per_week AS posts_per_week,
    k.cadence AS cadence,
    k.category AS category,
    k.score AS score,
    k.evidence AS evidence
FROM channel c
JOIN opd o ON o.id = c.opd_id
JOIN region rg ON rg.id = o.region_id
LEFT JOIN ranked_check k
       ON k.channel_id = c.id AND k.recency = 1 AND c.state = 'registered'
WHERE c.active AND o.active
"""


def _replace_channel_latest(sql: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sql.strip().replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1))
    else:
        op.execute("DROP VIEW IF EXISTS v_channel_latest")
        op.execute(sql.strip())


def upgrade() -> None:
    op.add_column("crawl_run", sa.Column("end_reason", sa.String(50), nullable=True))
    op.add_column("crawl_run", sa.Column("pid", sa.Integer(), nullable=True))
    op.add_column("crawl_run", sa.Column("hostname", sa.String(255), nullable=True))
    _replace_channel_latest(_V_CHANNEL_LATEST)


def downgrade() -> None:
    _replace_channel_latest(_V_CHANNEL_LATEST_BEFORE)
    op.drop_column("crawl_run", "hostname")
    op.drop_column("crawl_run", "pid")
    op.drop_column("crawl_run", "end_reason")
