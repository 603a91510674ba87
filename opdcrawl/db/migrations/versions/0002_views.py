"""Reporting views: v_channel_latest, v_opd_latest, v_region_summary, v_ranking, v_history.

The SQL is frozen here as it was at this revision, not imported from
``opdcrawl.db.views``: a later edit of a view must not change what this revision
creates, or every fresh database would get the new SQL without the migration that
brings existing ones to it. The columns are documented in ``opdcrawl.db.views``.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
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

_V_HISTORY = """
CREATE VIEW v_history AS
WITH per_run AS (
    SELECT
        r.id AS run_id,
        r.spider AS spider,
        r.status AS status,
        r.started_at AS started_at,
        r.finished_at AS finished_at,
        r.crawl_time AS crawl_time,
        rg.slug AS region_slug,
        rg.name AS region_name,
        c.kind AS channel_kind,
        COUNT(*) AS checked,
        SUM(CASE WHEN cc.reachable THEN 1 ELSE 0 END) AS reachable,
        SUM(CASE WHEN cc.category = 'Aktif' THEN 1 ELSE 0 END) AS aktif,
    SUM(CASE WHEN cc.category = 'Kurang Aktif' THEN 1 ELSE 0 END) AS kurang_aktif,
    SUM(CASE WHEN cc.category = 'Tidak Aktif' THEN 1 ELSE 0 END) AS tidak_aktif,
    SUM(CASE WHEN cc.category = 'Tidak Dapat Diakses' THEN 1 ELSE 0 END) AS tidak_dapat_diakses,
    SUM(CASE WHEN cc.category = 'Tidak Punya Website' THEN 1 ELSE 0 END) AS tidak_punya_website,
    SUM(CASE WHEN cc.category = 'Belum Terdaftar' THEN 1 ELSE 0 END) AS belum_terdaftar
    FROM channel_check cc
    JOIN crawl_run r ON r.id = cc.run_id
    JOIN channel c ON c.id = cc.channel_id
    JOIN opd o ON o.id = c.opd_id
    JOIN region rg ON rg.id = o.region_id
    GROUP BY r.id, r.spider, r.status, r.started_at, r.finished_at, r.crawl_time,
             rg.slug, rg.name, c.kind
)
SELECT
    p.*,
    LAG(p.run_id) OVER (
        PARTITION BY p.spider, p.region_slug, p.channel_kind
        ORDER BY p.crawl_time, p.run_id
    ) AS previous_run_id
FROM per_run p
"""

# In creation order: a view only refers to views before it.
VIEWS: dict[str, str] = {
    "v_channel_latest": _V_CHANNEL_LATEST,
    "v_opd_latest": _V_OPD_LATEST,
    "v_region_summary": _V_REGION_SUMMARY,
    "v_ranking": _V_RANKING,
    "v_history": _V_HISTORY,
}


def upgrade() -> None:
    for sql in VIEWS.values():
        op.execute(sql.strip())


def downgrade() -> None:
    for name in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
