"""The SQL views reporting teams read: the stable face of the database.

Created by the migrations (how to change a view: at the end of this docstring); the
same SQL runs on SQLite (3.25 or newer, for window functions) and PostgreSQL 15. Times
are UTC (``timestamptz`` on PostgreSQL, ``YYYY-MM-DD HH:MM:SS.ffffff`` text on SQLite);
read them through the ``Table`` objects below (``VIEW_TABLES``) to get aware datetimes
on both. Booleans are ``true``/``false`` on PostgreSQL and ``1``/``0`` on SQLite. Only
active OPDs and channels (still in the registry) appear, except in ``v_history``.

Which check counts as "latest": for each channel, the check from the most recent run
(by ``crawl_time``) among runs that finished, plus the newest run of each spider even
if it is still running or was killed — its committed checks are whole and newer than
anything else. A channel whose registry state is not ``registered`` shows no check.
A check of a crawler-side outage (``error_class`` ``crawler_outage``, ``opdcrawl.outage``)
is never "latest": the channel keeps its check from before, so no OPD is blamed for the
crawler's own network; the check stays in ``channel_check`` and in ``v_history``'s run.

``v_channel_latest`` — one row per active channel of an active OPD
    region_slug, region_name, opd_id, opd_code, opd_name, short_name, opd_kind,
    channel_id, channel_kind (website, instagram, facebook, youtube, x, tiktok),
    state (registered / unknown = left empty in the registry / none = confirmed absent),
    url (as registered), run_id, checked_at (the run's crawl time), reachable,
    http_status, error_class (opdcrawl.reachability.ErrorClass), error_detail, cms,
    last_post_at, days_since_last_post (whole days from last post to checked_at, so
    as of that check, not as of today), posts_30d, posts_90d, posts_365d,
    posts_per_week, cadence (harian, mingguan, bulanan, jarang, belum cukup data),
    category, score (0–100), evidence. Check columns are empty when never checked.

``v_opd_latest`` — one row per active OPD, with its website's latest check
    region_slug, region_name, opd_id, opd_code, opd_name, short_name, opd_kind,
    website_state, website_url, run_id, checked_at, reachable, http_status,
    error_class, error_detail, cms, last_post_at, days_since_last_post, posts_30d,
    posts_90d, posts_365d, posts_per_week, cadence, category, score, evidence.
    ``category`` is "Tidak Punya Website" when the registry says the OPD has none,
    "Belum Terdaftar" when the website cell is empty, the check's category when
    registered, and empty (NULL) when registered but not checked yet.

``v_region_summary`` — one row per region
    region_slug, region_name, total_opd, aktif, kurang_aktif, tidak_aktif,
    tidak_dapat_diakses, tidak_punya_website, belum_terdaftar (OPD counts per
    category of v_opd_latest), not_checked (website registered, no check yet),
    with_website (website registered), reachable (website reachable at last check).

``v_ranking`` — active OPDs ranked within their region (``opdcrawl.rules``)
    region_slug, region_name, rank, opd_code, opd_name, short_name, opd_kind, category,
    score, last_post_at, days_since_last_post, posts_90d, cadence, website_url, run_id.
    ``rank``: 1 = best, by score high to low (no score last), then newest last_post_at
    (none last), then more posts_90d; OPDs equal on all three share a place (1, 2, 2,
    4). Only OPDs whose website was assessed (Aktif, Kurang Aktif, Tidak Aktif) have a
    rank; it is NULL for the others (Tidak Dapat Diakses, Tidak Punya Website, Belum
    Terdaftar, not checked). List in the reports' order with ``ORDER BY rank IS NULL,
    rank, opd_code`` (within an unranked group the reports order as in
    ``opdcrawl.rules.listing_key``).

``v_social_latest`` — one row per active social account channel of an active OPD
    (platforms instagram, facebook, youtube, x, tiktok), from ``v_channel_latest`` and
    the latest check's own row of ``channel_check``
    region_slug, region_name, opd_id, opd_code, opd_name, short_name, opd_kind,
    channel_id, platform (the channel kind), state (registered / unknown / none), url,
    run_id, checked_at, reachable, status (the account status of the check:
    ``opdcrawl.social.base.AccountStatus`` such as private, not_found, login_wall;
    NULL when the account was read fine or not checked), status_detail, route (the
    adapter route that gave the reading: embed, feed, api, ...; ``manual`` when the
    reading was recorded by hand), followers (where public), posts_window (set when
    only that many newest posts were visible, all within 90 days: posts_30d/posts_90d
    are then lower bounds), last_post_at, days_since_last_post, posts_30d, posts_90d,
    cadence, category (the check's, NULL when not checked; the registry state is in
    ``state``), score, evidence.

``v_discovery_latest`` — one row per proposal of each active OPD's latest ``discover`` run
    region_slug, region_name, opd_id, opd_code, opd_name, short_name, opd_kind,
    proposal_id, run_id, channel (website, instagram, …), value (the proposed registry
    cell), score (0–100), rank (1 = best of that OPD and channel; ties share it),
    evidence (Indonesian), found_on, title, http_status, status (proposed / accepted),
    found_at, accepted_at. Never a registry value until ``opdcrawl discover --accept``.

``v_ppid_latest`` — one row per active OPD, with its latest PPID check (spider ``ppid``)
    region_slug, region_name, opd_id, opd_code, opd_name, short_name, opd_kind, run_id,
    checked_at, website_url, portal_url (the region's PPID portal), reachable (the
    website's homepage; NULL without a website), error_class, found (a PPID section on
    the website or a page on the portal), ppid_url, portal_page_url, items_present,
    items_total, one column per standard item ``item_<key>`` (1 present, 0 absent,
    NULL when not checked; keys in ``opdcrawl.extract.ppid.ITEMS``: dip, profil_ppid,
    sop, laporan_keuangan, lakip, renstra_renja, rka_dpa, formulir_permohonan,
    formulir_keberatan), documents_published (linked documents not proved broken,
    pictures left out), documents_broken, documents_image, documents_unchecked
    (published but not fetched: request budget, Google Drive), documents_drive,
    documents_portal, newest_document_at, newest_document_url. Check columns are empty
    when never checked. "Latest": the newest finished ``ppid`` run, or the newest
    ``ppid`` run whatever its status.

``v_ppid_region`` — one row per region: PPID compliance counts
    region_slug, region_name, total_opd, checked (OPDs with a PPID check), with_ppid,
    one ``item_<key>`` column per standard item (OPDs showing it), documents_published,
    documents_broken, newest_document_at.

``v_history`` — one row per run, region and channel kind that run checked
    run_id, spider, status (running = unfinished, finished, failed, killed),
    started_at, finished_at, crawl_time, region_slug, region_name, channel_kind,
    checked (channels checked), reachable, aktif, kurang_aktif, tidak_aktif,
    tidak_dapat_diakses, tidak_punya_website, belum_terdaftar (counts of the checks'
    stored categories), previous_run_id (the run before it of the same spider for the
    same region and channel kind, for trends; NULL for the first).

``v_integrity_latest`` — one row per integrity finding of each channel's latest check
    (gambling spam, cloaking, defacement; ``opdcrawl.extract.integrity``)
    region_slug, region_name, opd_id, opd_code, opd_name, short_name, opd_kind,
    channel_id, channel_kind, website_url (the channel's URL as registered), run_id,
    checked_at, finding_id, signal (cloaking, hidden_block, injected_link, title_hijack,
    foreign_canonical, foreign_amphtml, sitemap_only_page, defacement, spam_text), url
    (the page or sitemap it was seen on), snippet (what was seen, as crawled),
    other_snippet (cloaking: what the ordinary visitor saw instead), detail (the foreign
    host or listed URL the signal names). Sites without findings have no rows.

Every migration carries its own frozen copy of the SQL it runs (``0002_views`` holds the
first one) and never imports it from here: an old revision must keep creating what it
created, whatever this file says later. So to change a view, edit the SQL here **and**
add a migration that carries the new SQL as text: it drops the changed views and the
views built on them (each view reads the ones listed before it), creates them from its
copy, and its ``downgrade`` recreates the previous SQL, copied as well (``VIEWS`` below
holds the text to copy, with the category labels already filled in).
``tests/test_db.py::test_views_at_head_are_those_of_views_py`` fails while the views of
a database migrated to head differ from the SQL written here.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Float, Integer, MetaData, String, Table, Text

from opdcrawl import rules
from opdcrawl.db.models import UTCDateTime
from opdcrawl.extract.ppid import ITEM_KEYS
from opdcrawl.vocabulary import CHANNEL_KINDS, Category

_CATEGORY_COLUMNS: tuple[tuple[str, Category], ...] = (
    ("aktif", Category.AKTIF),
    ("kurang_aktif", Category.KURANG_AKTIF),
    ("tidak_aktif", Category.TIDAK_AKTIF),
    ("tidak_dapat_diakses", Category.TIDAK_DAPAT_DIAKSES),
    ("tidak_punya_website", Category.TIDAK_PUNYA_WEBSITE),
    ("belum_terdaftar", Category.BELUM_TERDAFTAR),
)


def _category_counts(column: str) -> str:
    return ",\n    ".join(
        f"SUM(CASE WHEN {column} = '{label.value}' THEN 1 ELSE 0 END) AS {name}"
        for name, label in _CATEGORY_COLUMNS
    )


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

_V_OPD_LATEST = f"""
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
    {rules.channel_category_sql("w.state", "w.category")} AS category,
    w.score AS score,
    w.evidence AS evidence
FROM opd o
JOIN region rg ON rg.id = o.region_id
LEFT JOIN v_channel_latest w ON w.opd_id = o.id AND w.channel_kind = 'website'
WHERE o.active
"""

_V_REGION_SUMMARY = f"""
CREATE VIEW v_region_summary AS
SELECT
    rg.slug AS region_slug,
    rg.name AS region_name,
    COUNT(v.opd_id) AS total_opd,
    {_category_counts("v.category")},
    SUM(CASE WHEN v.opd_id IS NOT NULL AND v.website_state = 'registered'
                  AND v.category IS NULL THEN 1 ELSE 0 END) AS not_checked,
    SUM(CASE WHEN v.website_state = 'registered' THEN 1 ELSE 0 END) AS with_website,
    SUM(CASE WHEN v.reachable THEN 1 ELSE 0 END) AS reachable
FROM region rg
LEFT JOIN v_opd_latest v ON v.region_slug = rg.slug
GROUP BY rg.slug, rg.name
"""

_V_RANKING = f"""
CREATE VIEW v_ranking AS
SELECT
    v.region_slug AS region_slug,
    v.region_name AS region_name,
    {rules.rank_sql("v", "v.region_slug")} AS "rank",
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

# The social platforms (every built-in channel kind but the website).
SOCIAL_PLATFORMS: tuple[str, ...] = tuple(kind for kind in CHANNEL_KINDS if kind != "website")

_V_SOCIAL_LATEST = f"""
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
WHERE v.channel_kind IN ({", ".join(f"'{kind}'" for kind in SOCIAL_PLATFORMS)})
"""

_V_HISTORY = f"""
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
        {_category_counts("cc.category")}
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

# PPID (spider "ppid", tables ppid_check/ppid_item): one column per standard item.
_PPID_ITEM_COLUMNS = ",\n    ".join(
    f"CASE WHEN k.id IS NULL THEN NULL\n"
    f"         WHEN EXISTS (SELECT 1 FROM ppid_item i\n"
    f"                      WHERE i.check_id = k.id AND i.item = '{key}')\n"
    f"         THEN 1 ELSE 0 END AS item_{key}"
    for key in ITEM_KEYS
)

_V_PPID_LATEST = f"""
CREATE VIEW v_ppid_latest AS
WITH eligible_run AS (
    SELECT r.id, r.crawl_time
    FROM crawl_run r
    WHERE r.spider = 'ppid'
      AND (r.status = 'finished'
           OR r.id = (SELECT MAX(r2.id) FROM crawl_run r2 WHERE r2.spider = 'ppid'))
),
ranked_check AS (
    SELECT pc.*,
           ROW_NUMBER() OVER (
               PARTITION BY pc.opd_id ORDER BY er.crawl_time DESC, er.id DESC
           ) AS recency
    FROM ppid_check pc
    JOIN eligible_run er ON er.id = pc.run_id
)
SELECT
    rg.slug AS region_slug,
    rg.name AS region_name,
    o.id AS opd_id,
    o.code AS opd_code,
    o.name AS opd_name,
    o.short_name AS short_name,
    o.kind AS opd_kind,
    k.run_id AS run_id,
    k.checked_at AS checked_at,
    k.website_url AS website_url,
    k.portal_url AS portal_url,
    k.reachable AS reachable,
    k.error_class AS error_class,
    k.found AS found,
    k.ppid_url AS ppid_url,
    k.portal_page_url AS portal_page_url,
    k.items_present AS items_present,
    k.items_total AS items_total,
    {_PPID_ITEM_COLUMNS},
    k.documents_published AS documents_published,
    k.documents_broken AS documents_broken,
    k.documents_image AS documents_image,
    k.documents_unchecked AS documents_unchecked,
    k.documents_drive AS documents_drive,
    k.documents_portal AS documents_portal,
    k.newest_document_at AS newest_document_at,
    k.newest_document_url AS newest_document_url
FROM opd o
JOIN region rg ON rg.id = o.region_id
LEFT JOIN ranked_check k ON k.opd_id = o.id AND k.recency = 1
WHERE o.active
"""

_PPID_ITEM_SUMS = ",\n    ".join(
    f"SUM(COALESCE(v.item_{key}, 0)) AS item_{key}" for key in ITEM_KEYS
)

_V_PPID_REGION = f"""
CREATE VIEW v_ppid_region AS
SELECT
    rg.slug AS region_slug,
    rg.name AS region_name,
    COUNT(v.opd_id) AS total_opd,
    SUM(CASE WHEN v.run_id IS NOT NULL THEN 1 ELSE 0 END) AS checked,
    SUM(CASE WHEN v.found THEN 1 ELSE 0 END) AS with_ppid,
    {_PPID_ITEM_SUMS},
    SUM(COALESCE(v.documents_published, 0)) AS documents_published,
    SUM(COALESCE(v.documents_broken, 0)) AS documents_broken,
    MAX(v.newest_document_at) AS newest_document_at
FROM region rg
LEFT JOIN v_ppid_latest v ON v.region_slug = rg.slug
GROUP BY rg.slug, rg.name
"""

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

# Creation order: a view only refers to views before it.
VIEWS: dict[str, str] = {
    "v_channel_latest": _V_CHANNEL_LATEST,
    "v_opd_latest": _V_OPD_LATEST,
    "v_region_summary": _V_REGION_SUMMARY,
    "v_ranking": _V_RANKING,
    "v_social_latest": _V_SOCIAL_LATEST,
    "v_history": _V_HISTORY,
    "v_integrity_latest": _V_INTEGRITY_LATEST,
    "v_ppid_latest": _V_PPID_LATEST,
    "v_ppid_region": _V_PPID_REGION,
    "v_discovery_latest": _V_DISCOVERY_LATEST,
}


def create_statements() -> list[str]:
    return [sql.strip() for sql in VIEWS.values()]


def drop_statements() -> list[str]:
    return [f"DROP VIEW IF EXISTS {name}" for name in reversed(VIEWS)]


# --- Typed handles for reading the views with SQLAlchemy ----------------------------------
# A separate MetaData, so Alembic never mistakes the views for tables to create.
view_metadata = MetaData()


def _opd_columns() -> list[Column]:
    return [
        Column("region_slug", String),
        Column("region_name", String),
        Column("opd_id", Integer),
        Column("opd_code", String),
        Column("opd_name", String),
        Column("short_name", String),
        Column("opd_kind", String),
    ]


def _check_columns() -> list[Column]:
    return [
        Column("run_id", Integer),
        Column("checked_at", UTCDateTime()),
        Column("reachable", Boolean),
        Column("http_status", Integer),
        Column("error_class", String),
        Column("error_detail", Text),
        Column("cms", String),
        Column("last_post_at", UTCDateTime()),
        Column("days_since_last_post", Integer),
        Column("posts_30d", Integer),
        Column("posts_90d", Integer),
        Column("posts_365d", Integer),
        Column("posts_per_week", Float),
        Column("cadence", String),
        Column("category", String),
        Column("score", Integer),
        Column("evidence", Text),
    ]


def _count_columns() -> list[Column]:
    return [Column(name, Integer) for name, _ in _CATEGORY_COLUMNS]


v_channel_latest = Table(
    "v_channel_latest",
    view_metadata,
    *_opd_columns(),
    Column("channel_id", Integer),
    Column("channel_kind", String),
    Column("state", String),
    Column("url", String),
    *_check_columns(),
)

v_opd_latest = Table(
    "v_opd_latest",
    view_metadata,
    *_opd_columns(),
    Column("website_state", String),
    Column("website_url", String),
    *_check_columns(),
)

v_region_summary = Table(
    "v_region_summary",
    view_metadata,
    Column("region_slug", String),
    Column("region_name", String),
    Column("total_opd", Integer),
    *_count_columns(),
    Column("not_checked", Integer),
    Column("with_website", Integer),
    Column("reachable", Integer),
)

v_ranking = Table(
    "v_ranking",
    view_metadata,
    Column("region_slug", String),
    Column("region_name", String),
    Column("rank", Integer),
    Column("opd_code", String),
    Column("opd_name", String),
    Column("short_name", String),
    Column("opd_kind", String),
    Column("category", String),
    Column("score", Integer),
    Column("last_post_at", UTCDateTime()),
    Column("days_since_last_post", Integer),
    Column("posts_90d", Integer),
    Column("cadence", String),
    Column("website_url", String),
    Column("run_id", Integer),
)

v_social_latest = Table(
    "v_social_latest",
    view_metadata,
    *_opd_columns(),
    Column("channel_id", Integer),
    Column("platform", String),
    Column("state", String),
    Column("url", String),
    Column("run_id", Integer),
    Column("checked_at", UTCDateTime()),
    Column("reachable", Boolean),
    Column("status", String),
    Column("status_detail", Text),
    Column("route", String),
    Column("followers", BigInteger),
    Column("posts_window", Integer),
    Column("last_post_at", UTCDateTime()),
    Column("days_since_last_post", Integer),
    Column("posts_30d", Integer),
    Column("posts_90d", Integer),
    Column("cadence", String),
    Column("category", String),
    Column("score", Integer),
    Column("evidence", Text),
)

v_history = Table(
    "v_history",
    view_metadata,
    Column("run_id", Integer),
    Column("spider", String),
    Column("status", String),
    Column("started_at", UTCDateTime()),
    Column("finished_at", UTCDateTime()),
    Column("crawl_time", UTCDateTime()),
    Column("region_slug", String),
    Column("region_name", String),
    Column("channel_kind", String),
    Column("checked", Integer),
    Column("reachable", Integer),
    *_count_columns(),
    Column("previous_run_id", Integer),
)

v_integrity_latest = Table(
    "v_integrity_latest",
    view_metadata,
    *_opd_columns(),
    Column("channel_id", Integer),
    Column("channel_kind", String),
    Column("website_url", String),
    Column("run_id", Integer),
    Column("checked_at", UTCDateTime()),
    Column("finding_id", Integer),
    Column("signal", String),
    Column("url", Text),
    Column("snippet", Text),
    Column("other_snippet", Text),
    Column("detail", Text),
)

v_ppid_latest = Table(
    "v_ppid_latest",
    view_metadata,
    *_opd_columns(),
    Column("run_id", Integer),
    Column("checked_at", UTCDateTime()),
    Column("website_url", String),
    Column("portal_url", String),
    Column("reachable", Boolean),
    Column("error_class", String),
    Column("found", Boolean),
    Column("ppid_url", String),
    Column("portal_page_url", String),
    Column("items_present", Integer),
    Column("items_total", Integer),
    *(Column(f"item_{key}", Integer) for key in ITEM_KEYS),
    Column("documents_published", Integer),
    Column("documents_broken", Integer),
    Column("documents_image", Integer),
    Column("documents_unchecked", Integer),
    Column("documents_drive", Integer),
    Column("documents_portal", Integer),
    Column("newest_document_at", UTCDateTime()),
    Column("newest_document_url", String),
)

v_ppid_region = Table(
    "v_ppid_region",
    view_metadata,
    Column("region_slug", String),
    Column("region_name", String),
    Column("total_opd", Integer),
    Column("checked", Integer),
    Column("with_ppid", Integer),
    *(Column(f"item_{key}", Integer) for key in ITEM_KEYS),
    Column("documents_published", Integer),
    Column("documents_broken", Integer),
    Column("newest_document_at", UTCDateTime()),
)

v_discovery_latest = Table(
    "v_discovery_latest",
    view_metadata,
    *_opd_columns(),
    Column("proposal_id", Integer),
    Column("run_id", Integer),
    Column("channel", String),
    Column("value", String),
    Column("score", Integer),
    Column("rank", Integer),
    Column("evidence", Text),
    Column("found_on", Text),
    Column("title", Text),
    Column("http_status", Integer),
    Column("status", String),
    Column("found_at", UTCDateTime()),
    Column("accepted_at", UTCDateTime()),
)

VIEW_TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        v_channel_latest,
        v_opd_latest,
        v_region_summary,
        v_ranking,
        v_social_latest,
        v_history,
        v_integrity_latest,
        v_ppid_latest,
        v_ppid_region,
        v_discovery_latest,
    )
}
