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
from opdcrawl.report import integrity, ppid, wording
from opdcrawl.report.certificates import certificate_rows
from opdcrawl.report.data import (
    SOCIAL_KINDS,
    OpdRow,
    RegionReport,
    SocialAccount,
    no_social_account,
)
from opdcrawl.report.inventory import inventory_rows
from opdcrawl.report.ranking import SocialRankRow, rank_groups
from opdcrawl.vocabulary import Category

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
        "spam_sites",
        "spam_warning",
        "registry_rows_skipped",
        "registry_skipped",
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
        # Appended: the OPD's PPID (report.ppid).
        "ppid",
        "ppid_items",
        "ppid_documents",
        "ppid_newest_document",
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
# The PPID compliance table: one row per OPD, the standard items as columns.
PPID = TableSpec(
    "ppid",
    "ppid",
    (
        "region_slug",
        "opd_code",
        "opd_name",
        "opd_kind",
        "ppid",
        "ppid_where",
        "ppid_items",
        *(f"item_{key}" for key in ppid.ITEM_KEYS),
        "documents_published",
        "documents_broken",
        "documents_image",
        "documents_unchecked",
        "newest_document_at",
        "ppid_url",
        "portal_page_url",
        "ppid_run_id",
    ),
)

# Websites with gambling spam or defacement: listed first, right after the summary.
INTEGRITY = TableSpec(
    "integrity",
    "integritas",
    (
        "region_slug",
        "opd_code",
        "opd_name",
        "website_url",
        "signal",
        "signal_label",
        "finding_url",
        "snippet",
        "other_snippet",
        "finding_detail",
        "checked_at",
        "run_id",
    ),
)

REGISTRY_SKIPPED = TableSpec(
    "registry_skipped", "registri-dilewati", ("region_slug", "file", "line", "reason")
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

# Inventory progress: per channel kind, registered / confirmed absent / proposed / unknown.
INVENTORY = TableSpec(
    "inventory",
    "inventaris",
    (
        "region_slug",
        "channel_kind",
        "channel_name",
        "opd_total",
        "inventory_registered",
        "inventory_none",
        "inventory_proposed",
        "inventory_unknown",
        "inventory_known_pct",
        "discover_run_id",
    ),
)

TABLES: tuple[TableSpec, ...] = (
    SUMMARY,
    INTEGRITY,
    OPD,
    RANKING,
    CHANGES,
    TREND,
    OWNERSHIP,
    CATEGORIES,
    SOCIAL_RANKING,
    NO_SOCIAL_ACCOUNT,
    REGISTRY_SKIPPED,
    PPID,
    CERTIFICATES,
    INVENTORY,
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
# Columns where no value means "not measured": shown as "-" to people (XLSX, Excel CSV,
# HTML), left empty in the CSV for tools and null in JSON.
MEASURE_COLUMNS: frozenset[str] = frozenset(
    {"score", "days_since_last_post", "posts_30d", "posts_90d", "cadence", "last_post_at"}
)
NO_VALUE = "-"
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


def measured(category: str | None) -> bool:
    """Whether a check's scores and counts mean something: not when the channel could not
    be read (Tidak Dapat Diakses), where they are zeros nobody measured. Reports then show
    "-" (empty, JSON null) for the score, post counts, days and cadence."""
    return category != Category.TIDAK_DAPAT_DIAKSES.value


def measures(row: Any, category: str | None) -> Row:
    """Score, days since the last post, post counts and cadence of a row, each None when
    the channel was not ``measured``."""
    names = ("score", "days_since_last_post", "posts_30d", "posts_90d", "cadence")
    shown = measured(category)
    return {name: getattr(row, name, None) if shown else None for name in names}


def spam_sites(report: RegionReport) -> list[OpdRow]:
    """OPDs whose website showed gambling/defacement spam at the check shown."""
    return [row for row in report.opds if row.spam_terms]


def _spam_flag(row: OpdRow) -> bool | None:
    """True when spam was found; False only for a site that was checked and read; None
    (unknown) when it was not checked or could not be read."""
    if row.spam_terms:
        return True
    return False if row.run_id is not None and measured(row.category) else None


def spam_warning(report: RegionReport) -> str | None:
    return wording.spam_warning([(row.opd_name, row.spam_terms) for row in spam_sites(report)])


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
    row["spam_sites"] = len(spam_sites(report))
    row["spam_warning"] = spam_warning(report)
    check = report.registry
    row["registry_rows_skipped"] = len(check.skipped) if check and check.found else None
    row["registry_skipped"] = wording.skipped_text(check) or None
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
        shown = measures(opd, opd.category)
        row: Row = {
            "region_slug": opd.region_slug,
            "opd_code": opd.opd_code,
            "opd_name": opd.opd_name,
            "opd_kind": opd.opd_kind,
            "category": wording.category_label(opd.category),
            "website_url": opd.website_url,
            "last_post_at": opd.last_post_at,
            "days_since_last_post": shown["days_since_last_post"],
            "posts_30d": shown["posts_30d"],
            "posts_90d": shown["posts_90d"],
            "cadence": shown["cadence"],
            "score": shown["score"],
            "reachable": opd.reachable,
            "reachability": label,
            "reachability_hint": hint,
            "error_class": opd.error_class,
            "http_status": opd.http_status,
            "cms": opd.cms,
            "evidence": wording.evidence_text(opd.evidence),
            "evidence_url": opd.evidence_url,
            "evidence_title": opd.evidence_title,
            "spam": _spam_flag(opd),
            "spam_terms": "; ".join(opd.spam_terms),
        }
        row.update({kind: opd.socials[kind].text for kind in SOCIAL_KINDS})
        row["checked_at"] = opd.checked_at
        row["run_id"] = opd.run_id
        for kind in SOCIAL_KINDS:
            row.update(social_cells(opd.socials[kind]))
        row["overall_category"] = wording.category_label(opd.overall_category)
        row.update(ppid.opd_cells(report.ppid.get(opd.opd_code)))
        rows.append(row)
    return rows


def _ranking(report: RegionReport) -> list[Row]:
    groups = rank_groups(report.ranking)
    rows: list[Row] = []
    for row in report.ranking:
        shown = measures(row, row.category)
        rows.append(
            {
                "region_slug": report.region_slug,
                "rank": row.rank,
                "rank_group": wording.RANK_GROUPS.get(groups.get(row.opd_code, ""), ""),
                "opd_code": row.opd_code,
                "opd_name": row.opd_name,
                "category": wording.category_label(row.category),
                "score": shown["score"],
                "last_post_at": row.last_post_at,
                "days_since_last_post": shown["days_since_last_post"],
                "posts_90d": shown["posts_90d"],
                "cadence": shown["cadence"],
            }
        )
    return rows


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
    rows: list[Row] = []
    for row in report.social_ranking:
        shown = measures(row, row.category)
        rows.append(
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
                "score": shown["score"],
                "last_post_at": row.last_post_at,
                "days_since_last_post": shown["days_since_last_post"],
                "posts_30d": shown["posts_30d"],
                "posts_90d": shown["posts_90d"],
                "followers": row.followers,
                "status": status_label(row.status),
                "manual": row.manual,
                "accounts_registered": row.accounts_registered,
            }
        )
    return rows


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


def _integrity(report: RegionReport) -> list[Row]:
    return integrity.table_rows(report.integrity)


def _registry_skipped(report: RegionReport) -> list[Row]:
    check = report.registry
    if check is None:
        return []
    return [
        {
            "region_slug": report.region_slug,
            "file": row.file,
            "line": row.line or None,
            "reason": row.reason,
        }
        for row in check.skipped
    ]


def _ppid(report: RegionReport) -> list[Row]:
    return [
        {
            "region_slug": opd.region_slug,
            "opd_code": opd.opd_code,
            "opd_name": opd.opd_name,
            "opd_kind": opd.opd_kind,
            **ppid.compliance_cells(report.ppid.get(opd.opd_code)),
        }
        for opd in sorted(report.opds, key=lambda row: row.opd_code)
    ]


_BUILDERS = {
    "summary": _summary,
    "integrity": _integrity,
    "opd": _opd,
    "ranking": _ranking,
    "changes": _changes,
    "trend": _trend,
    "ownership": _ownership,
    "categories": _categories,
    "social_ranking": _social_ranking,
    "no_social_account": _no_social_account,
    "registry_skipped": _registry_skipped,
    "ppid": _ppid,
    "certificates": lambda report: certificate_rows(
        report.region_slug, report.opds, report.certificates
    ),
    "inventory": lambda report: inventory_rows(report.region_slug, report.inventory),
}


def table_rows(spec: TableSpec, report: RegionReport) -> list[Row]:
    """The rows of one table for one region, each a dict with exactly ``spec.columns``."""
    rows = _BUILDERS[spec.key](report)
    for row in rows:
        assert tuple(row) == spec.columns, (spec.key, tuple(row))
    return rows
