"""Run outcomes, run processes, and crawler-side outages kept out of the latest views.

* ``crawl_run.end_reason``: why the run ended (``opdcrawl.run_end.EndReason``: finished,
  crawler_outage, interrupted, stale, …), beside its status; NULL while running.
* ``crawl_run.pid`` and ``crawl_run.hostname``: the process that runs it, so a run left
  "running" by a hard kill can be told from one still running and closed
  (``opdcrawl runs --close-stale``, and at the start of every run).
* (renumbered 0006 → 0007 when it met 0006_integrity_findings; ``v_integrity_latest``,
  built on ``v_channel_latest``, is dropped and recreated with the others.)
* ``v_channel_latest`` skips checks re-classed ``crawler_outage`` (``opdcrawl.outage``):
  the channel keeps its check from before, so no OPD is blamed for the crawler's network.

``v_channel_latest`` keeps its columns; the views built on it (``v_opd_latest`` and
those on it, ``v_social_latest``) are unchanged but dropped and recreated around it, in
both directions: PostgreSQL expands ``cc.*`` when a view is created, so recreating
``v_channel_latest`` alone in the downgrade would tie it to columns (0004's) an older
revision drops.

The SQL is frozen here as it was at this revision, not imported from
``opdcrawl.db.views`` (see ``0002_views``).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
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

# v_channel_latest as it was before this revision (0002), for the downgrade.
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

# The views built on v_channel_latest, unchanged by this revision, in creation order.
_V_OPD_LATEST = """
CREATE VIEW v_opd_latest AS
SELECT
    rg.slug AS region_slug,
    rg.name AS region_name,
    o.id AS opd_id,
    o.code AS opd_code,
    o.name AS opd_name,
    o.short_name AS short_name,
    o.kind AS opd_kind,
    COALESCE(w.state, 'unknown') AS website_state,
    w.url AS website_url,
    w.run_id AS run_id,
    w.checked_at AS checked_at,
    w.reachable AS reachable,
    w.http_status AS http_status,
    w.error_class AS error_class,
    w.error_detail AS error_detail,
    w.cms AS cms,
    w.last_post_at AS last_post_at,
    w.days_since_last_post AS days_since_last_post,
    w.posts_30d AS posts_30d,
    w.posts_90d AS posts_90d,
    w.posts_365d AS posts_365d,
    w.posts_per_week AS posts_per_week,
    w.cadence AS cadence,
    CASE COALESCE(w.state, 'unknown')
        WHEN 'none' THEN 'Tidak Punya Website'
        WHEN 'unknown' THEN 'Belum Terdaftar'
        ELSE w.category
    END AS category,
    w.score AS score,
    w.evidence AS evidence
FROM opd o
JOIN region rg ON rg.id = o.region_id
LEFT JOIN v_channel_latest w ON w.opd_id = o.id AND w.channel_kind = 'website'
WHERE o.active
"""

_V_REGION_SUMMARY = """
CREATE VIEW v_region_summary AS
SELECT
    rg.slug AS region_slug,
    rg.name AS region_name,
    COUNT(v.opd_id) AS total_opd,
    SUM(CASE WHEN v.category = 'Aktif' THEN 1 ELSE 0 END) AS aktif,
    SUM(CASE WHEN v.category = 'Kurang Aktif' THEN 1 ELSE 0 END) AS kurang_aktif,
    SUM(CASE WHEN v.category = 'Tidak Aktif' THEN 1 ELSE 0 END) AS tidak_aktif,
    SUM(CASE WHEN v.category = 'Tidak Dapat Diakses' THEN 1 ELSE 0 END) AS tidak_dapat_diakses,
    SUM(CASE WHEN v.category = 'Tidak Punya Website' THEN 1 ELSE 0 END) AS tidak_punya_website,
    SUM(CASE WHEN v.category = 'Belum Terdaftar' THEN 1 ELSE 0 END) AS belum_terdaftar,
    SUM(CASE WHEN v.opd_id IS NOT NULL AND v.website_state = 'registered'
                  AND v.category IS NULL THEN 1 ELSE 0 END) AS not_checked,
    SUM(CASE WHEN v.website_state = 'registered' THEN 1 ELSE 0 END) AS with_website,
    SUM(CASE WHEN v.reachable THEN 1 ELSE 0 END) AS reachable
FROM region rg
LEFT JOIN v_opd_latest v ON v.region_slug = rg.slug
GROUP BY rg.slug, rg.name
"""

_V_RANKING = """
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

# 0006's view over v_channel_latest, as 0006 made it.
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

_DEPENDANTS: tuple[tuple[str, str], ...] = (
    ("v_opd_latest", _V_OPD_LATEST),
    ("v_region_summary", _V_REGION_SUMMARY),
    ("v_ranking", _V_RANKING),
    ("v_social_latest", _V_SOCIAL_LATEST),
    ("v_integrity_latest", _V_INTEGRITY_LATEST),
)


def _recreate(channel_latest: str) -> None:
    for name, _sql in reversed(_DEPENDANTS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.execute("DROP VIEW IF EXISTS v_channel_latest")
    op.execute(channel_latest.strip())
    for _name, sql in _DEPENDANTS:
        op.execute(sql.strip())


def upgrade() -> None:
    op.add_column("crawl_run", sa.Column("end_reason", sa.String(50), nullable=True))
    op.add_column("crawl_run", sa.Column("pid", sa.Integer(), nullable=True))
    op.add_column("crawl_run", sa.Column("hostname", sa.String(255), nullable=True))
    _recreate(_V_CHANNEL_LATEST)


# The channel_check columns v_channel_latest reads. On PostgreSQL, 0002 created the view
# when ``cc.*`` meant the columns of 0001; recreated now, ``cc.*`` would also take 0003's
# and 0004's, and their downgrades could no longer drop them. Listing the columns it reads
# gives the same view, tied to 0001's columns only.
_READ_COLUMNS = (
    "cc.run_id, cc.channel_id, cc.checked_at, cc.reachable, cc.http_status, "
    "cc.error_class, cc.error_detail, cc.cms, cc.last_post_at, cc.days_since_last_post, "
    "cc.posts_30d, cc.posts_90d, cc.posts_365d, cc.posts_per_week, cc.cadence, "
    "cc.category, cc.score, cc.evidence"
)


def downgrade() -> None:
    before = _V_CHANNEL_LATEST_BEFORE
    if op.get_bind().dialect.name == "postgresql":
        before = before.replace("SELECT cc.*,", f"SELECT {_READ_COLUMNS},", 1)
    _recreate(before)
    op.drop_column("crawl_run", "hostname")
    op.drop_column("crawl_run", "pid")
    op.drop_column("crawl_run", "end_reason")
