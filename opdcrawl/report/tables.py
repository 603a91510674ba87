"""A region's report as named tables of plain values: the one shape every format writes.

CSV, JSON, XLSX and HTML all render these tables, so a column has the same name,
value and meaning everywhere. Column names are English snake_case (documented in
``opdcrawl/report/COLUMNS.md``); headers shown to people come from ``wording.HEADERS``.
Values are str, int, float, bool, aware datetime or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from opdcrawl import reachability
from opdcrawl.report import wording
from opdcrawl.report.certificates import certificate_rows
from opdcrawl.report.data import (
    SOCIAL_KINDS,
    OpdRow,
    RegionReport,
    SocialAccount,
    no_social_account,
)
from opdcrawl.report.ranking import SocialRankRow, rank_groups

Row = dict[str, Any]


@dataclass(frozen=True)
class TableSpec:
    key: str  # JSON key and wording.SHEETS key
    file_suffix: str  # CSV file: <region>-<file_suffix>.csv
    columns: tuple[str, ...]


SUMMARY = TableSpec(
    "summary",
    "ringkasan",
    (
        "region_slug",
        "region_name",
        "run_id",
        "crawl_time",
        "previous_run_id",
        "total_opd",
        "aktif",
        "kurang_aktif",
        "tidak_aktif",
        "tidak_dapat_diakses",
        "tidak_punya_website",
        "belum_terdaftar",
        "belum_dicek",
        "with_website_pct",
        "reachable_website_pct",
        "summary_sentence",
    ),
)
OPD = TableSpec(
    "opd",
    "opd",
    (
        "region_slug",
        "opd_code",
        "opd_name",
        "opd_kind",
        "category",
        "website_url",
        "last_post_at",
        "days_since_last_post",
        "posts_30d",
        "posts_90d",
        "cadence",
        "score",
        "reachable",
        "reachability",
        "reachability_hint",
        "error_class",
        "http_status",
        "cms",
        "evidence",
        "evidence_url",
        "evidence_title",
        "spam",
        "spam_terms",
        *SOCIAL_KINDS,
        "checked_at",
        "run_id",
        # Appended after the website's columns: each social account's check.
        *(f"{kind}_{part}" for kind in SOCIAL_KINDS for part in ("category", "status", "manual")),
        "overall_category",
    ),
)
RANKING = TableSpec(
    "ranking",
    "peringkat",
    (
        "region_slug",
        "rank",
        "rank_group",
        "opd_code",
        "opd_name",
        "category",
        "score",
        "last_post_at",
        "days_since_last_post",
        "posts_90d",
        "cadence",
    ),
)
CHANGES = TableSpec(
    "changes",
    "perubahan",
    (
        "region_slug",
        "opd_code",
        "opd_name",
        "change",
        "category_before",
        "category_after",
        "score_before",
        "score_after",
        "score_delta",
        "previous_run_id",
        "run_id",
    ),
)
TREND = TableSpec(
    "trend",
    "tren",
    (
        "region_slug",
        "month",
        "run_id",
        "crawl_time",
        "checked",
        "reachable",
        "aktif",
        "kurang_aktif",
        "tidak_aktif",
        "tidak_dapat_diakses",
    ),
)
OWNERSHIP = TableSpec(
    "ownership",
    "kepemilikan",
    (
        "region_slug",
        "channel_kind",
        "total_opd",
        "registered",
        "none",
        "unknown",
        "registered_pct",
        "reachable",
        "reachable_pct",
    ),
)
CATEGORIES = TableSpec(
    "categories", "kategori", ("region_slug", "category", "opd_code", "opd_name")
)
SOCIAL_RANKING = TableSpec(
    "social_ranking",
    "peringkat-medsos",
    (
        "region_slug",
        "rank",
        "rank_group",
        "opd_code",
        "opd_name",
        "opd_kind",
        "platform",
        "account_url",
        "category",
        "score",
        "last_post_at",
        "days_since_last_post",
        "posts_30d",
        "posts_90d",
        "followers",
        "status",
        "manual",
        "accounts_registered",
    ),
)
NO_SOCIAL_ACCOUNT = TableSpec(
    "no_social_account",
    "tanpa-akun-medsos",
    (
        "region_slug",
        "opd_code",
        "opd_name",
        "opd_kind",
        "no_account_status",
        "platforms_none",
        "platforms_unknown",
        *SOCIAL_KINDS,
    ),
)

CERTIFICATES = TableSpec(
    "certificates",
    "sertifikat",
    (
        "region_slug",
        "opd_code",
        "opd_name",
        "website_url",
        "certificate_host",
        "certificate_status",
        "certificate_hint",
        "certificate_expires_at",
        "certificate_days_left",
        "certificate_issuer",
        "certificate_problem",
        "checked_at",
        "run_id",
    ),
)

TABLES: tuple[TableSpec, ...] = (
    SUMMARY,
    OPD,
    RANKING,
    CHANGES,
    TREND,
    OWNERSHIP,
    CATEGORIES,
    SOCIAL_RANKING,
    NO_SOCIAL_ACCOUNT,
    CERTIFICATES,
)

# Count columns, in the order of wording.CATEGORY_LABELS.
COUNT_COLUMNS: dict[str, str] = {
    "aktif": "Aktif",
    "kurang_aktif": "Kurang Aktif",
    "tidak_aktif": "Tidak Aktif",
    "tidak_dapat_diakses": "Tidak Dapat Diakses",
    "tidak_punya_website": "Tidak Punya Website",
    "belum_terdaftar": "Belum Terdaftar",
    "belum_dicek": wording.NOT_CHECKED,
}
# Columns whose value is a category label (coloured in XLSX and HTML).
CATEGORY_COLUMNS: frozenset[str] = frozenset(
    {
        "category",
        "category_before",
        "category_after",
        "overall_category",
        *(f"{k}_category" for k in SOCIAL_KINDS),
    }
)


def _summary(report: RegionReport) -> list[Row]:
    counts = report.category_counts()
    website = report.website_ownership
    row: Row = {
        "region_slug": report.region_slug,
        "region_name": report.region_name,
        "run_id": report.run_id,
        "crawl_time": report.crawl_time,
        "previous_run_id": report.previous_run_id,
        "total_opd": len(report.opds),
    }
    row.update({column: counts.get(label, 0) for column, label in COUNT_COLUMNS.items()})
    row["with_website_pct"] = website.registered_pct
    row["reachable_website_pct"] = website.reachable_pct
    row["summary_sentence"] = wording.summary_sentence(report)
    return [row]


def reachability_text(row: OpdRow) -> tuple[str, str]:
    """(label, hint): "Dapat diakses" or the error's Indonesian label and fix-it hint."""
    if row.reachable is None:
        return "", ""
    if row.reachable:
        return wording.REACHABLE, ""
    error = reachability.info(row.error_class or "unknown")
    return error.label, error.hint


def social_category(account: SocialAccount) -> str | None:
    """A social account's category label: its check's, "Belum Dicek" when registered but
    not checked, None when the registry says none or the cell is empty."""
    return wording.category_label(account.category) if account.state == "registered" else None


def social_cells(account: SocialAccount) -> Row:
    """``<platform>_category``, ``_status`` (label when not read fine) and ``_manual``
    (None without a check) of one account in "Per OPD"."""
    return {
        f"{account.kind}_category": social_category(account),
        f"{account.kind}_status": account.status_label,
        f"{account.kind}_manual": account.manual if account.checked else None,
    }


def _opd(report: RegionReport) -> list[Row]:
    rows: list[Row] = []
    for opd in report.opds:
        label, hint = reachability_text(opd)
        row: Row = {
            "region_slug": opd.region_slug,
            "opd_code": opd.opd_code,
            "opd_name": opd.opd_name,
            "opd_kind": opd.opd_kind,
            "category": wording.category_label(opd.category),
            "website_url": opd.website_url,
            "last_post_at": opd.last_post_at,
            "days_since_last_post": opd.days_since_last_post,
            "posts_30d": opd.posts_30d,
            "posts_90d": opd.posts_90d,
            "cadence": opd.cadence,
            "score": opd.score,
            "reachable": opd.reachable,
            "reachability": label,
            "reachability_hint": hint,
            "error_class": opd.error_class,
            "http_status": opd.http_status,
            "cms": opd.cms,
            "evidence": opd.evidence,
            "evidence_url": opd.evidence_url,
            "evidence_title": opd.evidence_title,
            "spam": bool(opd.spam_terms) if opd.run_id is not None else None,
            "spam_terms": "; ".join(opd.spam_terms),
        }
        row.update({kind: opd.socials[kind].text for kind in SOCIAL_KINDS})
        row["checked_at"] = opd.checked_at
        row["run_id"] = opd.run_id
        for kind in SOCIAL_KINDS:
            row.update(social_cells(opd.socials[kind]))
        row["overall_category"] = wording.category_label(opd.overall_category)
        rows.append(row)
    return rows


def _ranking(report: RegionReport) -> list[Row]:
    groups = rank_groups(report.ranking)
    return [
        {
            "region_slug": report.region_slug,
            "rank": row.rank,
            "rank_group": wording.RANK_GROUPS.get(groups.get(row.opd_code, ""), ""),
            "opd_code": row.opd_code,
            "opd_name": row.opd_name,
            "category": wording.category_label(row.category),
            "score": row.score,
            "last_post_at": row.last_post_at,
            "days_since_last_post": row.days_since_last_post,
            "posts_90d": row.posts_90d,
            "cadence": row.cadence,
        }
        for row in report.ranking
    ]


def _changes(report: RegionReport) -> list[Row]:
    return [
        {
            "region_slug": report.region_slug,
            "opd_code": change.opd_code,
            "opd_name": change.opd_name,
            "change": wording.CHANGE_LABELS[change.change],
            "category_before": _maybe_label(change.category_before, change.score_before),
            "category_after": _maybe_label(change.category_after, change.score_after),
            "score_before": change.score_before,
            "score_after": change.score_after,
            "score_delta": change.score_delta,
            # Per OPD: the runs of the two checks compared (shard runs of one round
            # differ from OPD to OPD), not the report's run.
            "previous_run_id": change.previous_run_id,
            "run_id": change.run_id,
        }
        for change in report.changes
    ]


def _maybe_label(category: str | None, score: int | None) -> str:
    return wording.category_label(category) if category or score is not None else ""


def _trend(report: RegionReport) -> list[Row]:
    return [
        {
            "region_slug": report.region_slug,
            "month": month.month,
            "run_id": month.run_id,
            "crawl_time": month.crawl_time,
            "checked": month.checked,
            "reachable": month.reachable,
            **{
                column: month.counts.get(COUNT_COLUMNS[column], 0)
                for column in ("aktif", "kurang_aktif", "tidak_aktif", "tidak_dapat_diakses")
            },
        }
        for month in report.trend
    ]


def _ownership(report: RegionReport) -> list[Row]:
    return [
        {
            "region_slug": report.region_slug,
            "channel_kind": line.channel_kind,
            "total_opd": line.total_opd,
            "registered": line.registered,
            "none": line.none,
            "unknown": line.unknown,
            "registered_pct": line.registered_pct,
            "reachable": line.reachable,
            "reachable_pct": line.reachable_pct,
        }
        for line in report.ownership
    ]


def _categories(report: RegionReport) -> list[Row]:
    return [
        {
            "region_slug": report.region_slug,
            "category": label,
            "opd_code": row.opd_code,
            "opd_name": row.opd_name,
        }
        for label, rows in report.by_category().items()
        for row in rows
    ]


def social_rank_category(row: SocialRankRow) -> str:
    """The category shown in the social ranking: the best account's; "Belum Dicek" when
    accounts are registered but none was checked; "Tanpa Akun" when none is registered."""
    if row.platform is not None:
        return wording.category_label(row.category)
    return wording.NOT_CHECKED if row.accounts_registered else wording.NO_SOCIAL_ACCOUNT


def status_label(status: str | None) -> str | None:
    return reachability.info(status).label if status else None


def _social_ranking(report: RegionReport) -> list[Row]:
    groups = rank_groups(report.social_ranking)
    return [
        {
            "region_slug": report.region_slug,
            "rank": row.rank,
            "rank_group": wording.RANK_GROUPS.get(groups.get(row.opd_code, ""), ""),
            "opd_code": row.opd_code,
            "opd_name": row.opd_name,
            "opd_kind": row.opd_kind,
            "platform": row.platform,
            "account_url": row.account_url,
            "category": social_rank_category(row),
            "score": row.score,
            "last_post_at": row.last_post_at,
            "days_since_last_post": row.days_since_last_post,
            "posts_30d": row.posts_30d,
            "posts_90d": row.posts_90d,
            "followers": row.followers,
            "status": status_label(row.status),
            "manual": row.manual,
            "accounts_registered": row.accounts_registered,
        }
        for row in report.social_ranking
    ]


def _no_social_account(report: RegionReport) -> list[Row]:
    rows: list[Row] = []
    for opd in report.without_social_account():
        states = [opd.socials[kind].state for kind in SOCIAL_KINDS]
        row: Row = {
            "region_slug": opd.region_slug,
            "opd_code": opd.opd_code,
            "opd_name": opd.opd_name,
            "opd_kind": opd.opd_kind,
            "no_account_status": wording.NO_ACCOUNT_LABELS[no_social_account(opd) or ""],
            "platforms_none": states.count("none"),
            "platforms_unknown": states.count("unknown"),
        }
        row.update({kind: opd.socials[kind].text for kind in SOCIAL_KINDS})
        rows.append(row)
    return rows


_BUILDERS = {
    "summary": _summary,
    "opd": _opd,
    "ranking": _ranking,
    "changes": _changes,
    "trend": _trend,
    "ownership": _ownership,
    "categories": _categories,
    "social_ranking": _social_ranking,
    "no_social_account": _no_social_account,
    "certificates": lambda report: certificate_rows(
        report.region_slug, report.opds, report.certificates
    ),
}


def table_rows(spec: TableSpec, report: RegionReport) -> list[Row]:
    """The rows of one table for one region, each a dict with exactly ``spec.columns``."""
    rows = _BUILDERS[spec.key](report)
    for row in rows:
        assert tuple(row) == spec.columns, (spec.key, tuple(row))
    return rows
