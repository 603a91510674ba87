"""What the dashboard and the API show, read through the report layer and the views.

Region pages are the reports' own ``RegionReport`` (``load_region_reports``: the views
for the latest state, the reports' category, ranking, change and trend rules) turned
into the reports' table rows (``opdcrawl.report.tables``); the region list is
``v_region_summary`` with the reports' summary sentence; the run history is
``v_history``; warnings are the registry of ``opdcrawl.alerts.sources``. Only an OPD's
own check history, which no view holds, is read from ``channel_check`` directly.

``data_version`` is a cheap fingerprint of everything the pages read; it changes when a
run starts, finishes or writes a check, or the registry changes, and keys both the HTTP
ETag and the in-process cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from opdcrawl import reachability
from opdcrawl.alerts.sources import SOURCES, Finding, Source, category_reason
from opdcrawl.db import views
from opdcrawl.db.models import Channel, ChannelCheck, CrawlRun, Opd, Region
from opdcrawl.report import tables, wording
from opdcrawl.report.data import OpdRow, RegionReport, load_region_reports
from opdcrawl.web import filters as web_filters

HISTORY_LIMIT = 60  # checks per channel on an OPD's page


def data_version(session: Session) -> str:
    """A fingerprint of the runs, checks and registry (a few aggregate queries)."""
    runs = session.execute(
        select(
            func.count(CrawlRun.id),
            func.max(CrawlRun.id),
            func.count(CrawlRun.finished_at),
            func.max(CrawlRun.finished_at),
        )
    ).one()
    checks = session.execute(
        select(
            func.count(ChannelCheck.id),
            func.max(ChannelCheck.id),
            func.max(ChannelCheck.checked_at),
        )
    ).one()
    registry = session.execute(
        select(
            func.count(Opd.id),
            func.max(Opd.updated_at),
            select(func.max(Channel.updated_at)).scalar_subquery(),
            select(func.max(Region.updated_at)).scalar_subquery(),
        )
    ).one()
    return "|".join(str(value) for value in (*runs, *checks, *registry))


def region_names(session: Session) -> dict[str, str]:
    return dict(session.execute(select(Region.slug, Region.name).order_by(Region.slug)).all())


def region_summaries(session: Session) -> list[dict[str, Any]]:
    """``v_region_summary`` rows with the reports' summary sentence for each region."""
    view = views.v_region_summary
    rows = []
    for row in session.execute(select(view).order_by(view.c.region_slug)).mappings():
        counts = {
            label: row[column] or 0
            for column, label in tables.COUNT_COLUMNS.items()
            if column in row
        }
        counts[wording.NOT_CHECKED] = row["not_checked"] or 0
        data = dict(row)
        data["summary_sentence"] = wording.sentence_from_counts(
            row["region_name"], row["total_opd"] or 0, counts
        )
        rows.append(data)
    return rows


def history_rows(session: Session, region: str = "") -> list[dict[str, Any]]:
    """``v_history``: per run, region and channel kind, the counts per category."""
    view = views.v_history
    query = select(view).order_by(view.c.crawl_time.desc(), view.c.run_id.desc())
    if region:
        query = query.where(view.c.region_slug == region)
    return [dict(row) for row in session.execute(query).mappings()]


@dataclass
class RegionView:
    """One region on the dashboard: its report for the channel shown and its website
    report (the summary sentence is always about websites, as the offices write it)."""

    report: RegionReport
    website: RegionReport
    rows: list[dict[str, Any]]  # the reports' "Per OPD" rows

    @property
    def sentence(self) -> str:
        return wording.summary_sentence(self.website)


@dataclass
class Dashboard:
    filters: web_filters.Filters
    regions: list[RegionView]
    rows: list[dict[str, Any]]  # filtered and sorted, over every region shown
    total: int  # OPDs before filtering
    warnings: list[tuple[Source, list[Finding]]] = field(default_factory=list)
    updated: datetime | None = None


def load_dashboard(session: Session, chosen: web_filters.Filters) -> Dashboard:
    slugs = [chosen.region] if chosen.region else None
    website = load_region_reports(session, slugs, "latest", "website")
    if chosen.channel == "website":
        shown = website
    else:
        shown = load_region_reports(session, slugs, "latest", chosen.channel)
    regions = [
        RegionView(report, site, tables.table_rows(tables.OPD, report))
        for report, site in zip(shown, website, strict=True)
    ]
    all_rows = [row for region in regions for row in region.rows]
    warnings = [
        (source, [f for report in website for f in source.current(session, report)])
        for source in SOURCES.values()
    ]
    times = [report.crawl_time for report in shown if report.crawl_time is not None]
    return Dashboard(
        filters=chosen,
        regions=regions,
        rows=web_filters.apply(all_rows, chosen),
        total=len(all_rows),
        warnings=warnings,
        updated=max(times) if times else None,
    )


def ranking(session: Session, region: str = "") -> list[tuple[RegionReport, list[dict[str, Any]]]]:
    reports = load_region_reports(session, [region] if region else None, "latest")
    return [(report, tables.table_rows(tables.RANKING, report)) for report in reports]


# --- One OPD ---------------------------------------------------------------------------


@dataclass
class OpdPage:
    region: RegionReport
    opd: OpdRow
    row: dict[str, Any]  # the reports' "Per OPD" row
    reason: str  # why it has its category (reachability or last post)
    history: list[dict[str, Any]]  # every check of its channels, newest first
    warnings: list[tuple[Source, list[Finding]]]


def _history(session: Session, region: str, code: str) -> list[dict[str, Any]]:
    cc = ChannelCheck
    ranked = (
        select(
            Channel.kind.label("channel_kind"),
            cc.run_id,
            CrawlRun.spider,
            CrawlRun.status.label("run_status"),
            CrawlRun.crawl_time,
            cc.checked_at,
            cc.url,
            cc.reachable,
            cc.http_status,
            cc.error_class,
            cc.cms,
            cc.category,
            cc.score,
            cc.last_post_at,
            cc.days_since_last_post,
            cc.posts_90d,
            cc.cadence,
            cc.evidence,
            cc.last_post_url.label("evidence_url"),
            cc.last_post_title.label("evidence_title"),
            cc.spam_terms,
            cc.route,
            func.row_number()
            .over(
                partition_by=cc.channel_id, order_by=(CrawlRun.crawl_time.desc(), cc.run_id.desc())
            )
            .label("recency"),
        )
        .select_from(cc)
        .join(CrawlRun, CrawlRun.id == cc.run_id)
        .join(Channel, Channel.id == cc.channel_id)
        .join(Opd, Opd.id == Channel.opd_id)
        .join(Region, Region.id == Opd.region_id)
        .where(Region.slug == region, Opd.code == code)
        .subquery()
    )
    query = (
        select(ranked)
        .where(ranked.c.recency <= HISTORY_LIMIT)
        .order_by(ranked.c.crawl_time.desc(), ranked.c.run_id.desc(), ranked.c.channel_kind)
    )
    rows = []
    for row in session.execute(query).mappings():
        data = {key: value for key, value in row.items() if key != "recency"}
        data["spam_terms"] = list(data["spam_terms"] or [])
        if data["reachable"]:
            data["reachability"], data["reachability_hint"] = wording.REACHABLE, ""
        else:
            error = reachability.info(data["error_class"] or "unknown")
            data["reachability"], data["reachability_hint"] = error.label, error.hint
        rows.append(data)
    return rows


def load_opd(session: Session, region: str, code: str) -> OpdPage | None:
    """An OPD's page, or None when the region has no such active OPD."""
    (report,) = load_region_reports(session, [region], "latest")
    opd = next((row for row in report.opds if row.opd_code == code), None)
    if opd is None:
        return None
    row = next(r for r in tables.table_rows(tables.OPD, report) if r["opd_code"] == code)
    reason = category_reason(opd) if opd.run_id is not None else ""
    warnings = []
    for source in SOURCES.values():
        found = [f for f in source.current(session, report) if f.opd_code == code]
        if found:
            warnings.append((source, found))
    return OpdPage(report, opd, row, reason, _history(session, region, code), warnings)
