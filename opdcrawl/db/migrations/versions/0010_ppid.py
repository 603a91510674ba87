"""PPID: tables ppid_check, ppid_item, ppid_document and views v_ppid_latest, v_ppid_region.

* ``ppid_check``: one row per OPD per ``ppid`` run: the website's PPID section, the OPD's
  page on the region's portal, and the counts (items present, documents published,
  broken, pictures, unchecked, on Google Drive, on the portal; the newest document).
* ``ppid_item``: the standard items a check found, one row each, with the words and the
  page that showed it.
* ``ppid_document``: documents per OPD and URL across runs (first and last seen), with
  the newest check's verdict, type, size and date.
* ``v_ppid_latest`` (per OPD, one column per item) and ``v_ppid_region`` (per region).

Written against the tables as they are at this revision; the view SQL is frozen here,
not imported from ``opdcrawl.db.views`` (see ``0002_views``). Columns are documented
there. No earlier view changes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

URL_LENGTH = 2048


def _when(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _json(name: str) -> sa.Column:
    return sa.Column(name, sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
                     nullable=False)  # fmt: skip


def _count(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


# Copied from opdcrawl/db/views.py at this revision; never edit: add a migration instead.
_V_PPID_LATEST = """
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
    CASE WHEN k.id IS NULL THEN NULL
         WHEN EXISTS (SELECT 1 FROM ppid_item i
                      WHERE i.check_id = k.id AND i.item = 'dip')
         THEN 1 ELSE 0 END AS item_dip,
    CASE WHEN k.id IS NULL THEN NULL
         WHEN EXISTS (SELECT 1 FROM ppid_item i
                      WHERE i.check_id = k.id AND i.item = 'profil_ppid')
         THEN 1 ELSE 0 END AS item_profil_ppid,
    CASE WHEN k.id IS NULL THEN NULL
         WHEN EXISTS (SELECT 1 FROM ppid_item i
                      WHERE i.check_id = k.id AND i.item = 'sop')
         THEN 1 ELSE 0 END AS item_sop,
    CASE WHEN k.id IS NULL THEN NULL
         WHEN EXISTS (SELECT 1 FROM ppid_item i
                      WHERE i.check_id = k.id AND i.item = 'laporan_keuangan')
         THEN 1 ELSE 0 END AS item_laporan_keuangan,
    CASE WHEN k.id IS NULL THEN NULL
         WHEN EXISTS (SELECT 1 FROM ppid_item i
                      WHERE i.check_id = k.id AND i.item = 'lakip')
         THEN 1 ELSE 0 END AS item_lakip,
    CASE WHEN k.id IS NULL THEN NULL
         WHEN EXISTS (SELECT 1 FROM ppid_item i
                      WHERE i.check_id = k.id AND i.item = 'renstra_renja')
         THEN 1 ELSE 0 END AS item_renstra_renja,
    CASE WHEN k.id IS NULL THEN NULL
         WHEN EXISTS (SELECT 1 FROM ppid_item i
                      WHERE i.check_id = k.id AND i.item = 'rka_dpa')
         THEN 1 ELSE 0 END AS item_rka_dpa,
    CASE WHEN k.id IS NULL THEN NULL
         WHEN EXISTS (SELECT 1 FROM ppid_item i
                      WHERE i.check_id = k.id AND i.item = 'formulir_permohonan')
         THEN 1 ELSE 0 END AS item_formulir_permohonan,
    CASE WHEN k.id IS NULL THEN NULL
         WHEN EXISTS (SELECT 1 FROM ppid_item i
                      WHERE i.check_id = k.id AND i.item = 'formulir_keberatan')
         THEN 1 ELSE 0 END AS item_formulir_keberatan,
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

_V_PPID_REGION = """
CREATE VIEW v_ppid_region AS
SELECT
    rg.slug AS region_slug,
    rg.name AS region_name,
    COUNT(v.opd_id) AS total_opd,
    SUM(CASE WHEN v.run_id IS NOT NULL THEN 1 ELSE 0 END) AS checked,
    SUM(CASE WHEN v.found THEN 1 ELSE 0 END) AS with_ppid,
    SUM(COALESCE(v.item_dip, 0)) AS item_dip,
    SUM(COALESCE(v.item_profil_ppid, 0)) AS item_profil_ppid,
    SUM(COALESCE(v.item_sop, 0)) AS item_sop,
    SUM(COALESCE(v.item_laporan_keuangan, 0)) AS item_laporan_keuangan,
    SUM(COALESCE(v.item_lakip, 0)) AS item_lakip,
    SUM(COALESCE(v.item_renstra_renja, 0)) AS item_renstra_renja,
    SUM(COALESCE(v.item_rka_dpa, 0)) AS item_rka_dpa,
    SUM(COALESCE(v.item_formulir_permohonan, 0)) AS item_formulir_permohonan,
    SUM(COALESCE(v.item_formulir_keberatan, 0)) AS item_formulir_keberatan,
    SUM(COALESCE(v.documents_published, 0)) AS documents_published,
    SUM(COALESCE(v.documents_broken, 0)) AS documents_broken,
    MAX(v.newest_document_at) AS newest_document_at
FROM region rg
LEFT JOIN v_ppid_latest v ON v.region_slug = rg.slug
GROUP BY rg.slug, rg.name
"""


def upgrade() -> None:
    op.create_table(
        "ppid_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("opd_id", sa.Integer(), nullable=False),
        _when("checked_at"),
        sa.Column("website_url", sa.Text(), nullable=True),
        sa.Column("portal_url", sa.Text(), nullable=True),
        sa.Column("reachable", sa.Boolean(), nullable=True),
        sa.Column("http_status", sa.Integer(), nullable=True),
        sa.Column("error_class", sa.String(50), nullable=True),
        sa.Column("error_detail", sa.Text(), nullable=True),
        sa.Column("found", sa.Boolean(), nullable=False),
        sa.Column("ppid_url", sa.Text(), nullable=True),
        sa.Column("portal_page_url", sa.Text(), nullable=True),
        _json("links_elsewhere"),
        _json("sections"),
        _count("items_present"),
        _count("items_total"),
        _count("documents_published"),
        _count("documents_broken"),
        _count("documents_image"),
        _count("documents_unchecked"),
        _count("documents_drive"),
        _count("documents_portal"),
        _when("newest_document_at", nullable=True),
        sa.Column("newest_document_url", sa.Text(), nullable=True),
        _count("requests"),
        _json("pages_read"),
        _json("notes"),
        sa.ForeignKeyConstraint(["opd_id"], ["opd.id"], name="fk_ppid_check_opd_id_opd"),
        sa.ForeignKeyConstraint(
            ["run_id"], ["crawl_run.id"], name="fk_ppid_check_run_id_crawl_run"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_ppid_check"),
        sa.UniqueConstraint("run_id", "opd_id", name="uq_ppid_check_run_id"),
    )
    op.create_index("ix_ppid_check_opd_id", "ppid_check", ["opd_id"])
    op.create_table(
        "ppid_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("check_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(30), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_id"], ["ppid_check.id"], name="fk_ppid_item_check_id_ppid_check"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_ppid_item"),
        sa.UniqueConstraint("check_id", "item", name="uq_ppid_item_check_id"),
    )
    op.create_table(
        "ppid_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opd_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(URL_LENGTH), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("file_type", sa.String(10), nullable=False),
        sa.Column("host", sa.String(10), nullable=False),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("page_url", sa.Text(), nullable=False),
        _when("published_at", nullable=True),
        sa.Column("date_source", sa.String(20), nullable=True),
        sa.Column("raw_date", sa.Text(), nullable=True),
        sa.Column("size_bytes", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_detail", sa.Text(), nullable=False),
        sa.Column("last_run_id", sa.Integer(), nullable=False),
        _when("first_seen_at"),
        _when("last_seen_at"),
        sa.ForeignKeyConstraint(
            ["last_run_id"], ["crawl_run.id"], name="fk_ppid_document_last_run_id_crawl_run"
        ),
        sa.ForeignKeyConstraint(["opd_id"], ["opd.id"], name="fk_ppid_document_opd_id_opd"),
        sa.PrimaryKeyConstraint("id", name="pk_ppid_document"),
        sa.UniqueConstraint("opd_id", "url", name="uq_ppid_document_opd_id"),
    )
    op.execute(_V_PPID_LATEST.strip())
    op.execute(_V_PPID_REGION.strip())


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_ppid_region")
    op.execute("DROP VIEW IF EXISTS v_ppid_latest")
    op.drop_table("ppid_document")
    op.drop_table("ppid_item")
    op.drop_index("ix_ppid_check_opd_id", table_name="ppid_check")
    op.drop_table("ppid_check")
