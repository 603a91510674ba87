"""Finding what changed since the last notified run, per region.

"After" is the latest state (the views, through ``load_region_reports``); "before" is
the state as of the crawl run the region's last detection recorded as its baseline
(``alert_baseline``; ``load_region_reports(run=...)``, the reports' own as-of rule), or
nothing on the first run. Every registered ``Source`` reads the pair. The baseline only
moves to finished runs: checks of a run still going are compared again next time, and
the outbox's unique keys drop what was already found.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from opdcrawl.alerts.sources import SOURCES, Finding
from opdcrawl.db.models import AlertBaseline, CrawlRun, Region
from opdcrawl.report.data import load_region_reports


@dataclass(frozen=True)
class RegionFindings:
    region_slug: str
    region_name: str
    findings: list[Finding]
    baseline_run_id: int | None  # where the next detection starts from (None: unchanged)


def newest_finished_run(session: Session) -> int | None:
    return session.scalar(select(func.max(CrawlRun.id)).where(CrawlRun.status == "finished"))


def region_slugs(session: Session, regions: Iterable[str] | None) -> list[tuple[str, str]]:
    """(slug, name) of the named regions (LookupError naming unknown ones), else all."""
    found = dict(session.execute(select(Region.slug, Region.name).order_by(Region.slug)).all())
    if not regions:
        return list(found.items())
    wanted = list(dict.fromkeys(regions))
    missing = [slug for slug in wanted if slug not in found]
    if missing:
        from opdcrawl.report.wording import MESSAGES

        raise LookupError(MESSAGES["unknown_region"].format(slugs=", ".join(missing)))
    return [(slug, found[slug]) for slug in wanted]


def detect_region(
    session: Session, slug: str, name: str, channels: Iterable[str], newest_finished: int | None
) -> RegionFindings:
    baseline = session.get(AlertBaseline, slug)
    findings: list[Finding] = []
    for kind in channels:
        (after,) = load_region_reports(session, [slug], "latest", kind)
        before = None
        if baseline is not None:
            (before,) = load_region_reports(session, [slug], baseline.run_id, kind)
        for source in SOURCES.values():
            findings.extend(source.new_since(session, before, after))
    unique = list({finding.key: finding for finding in findings}.values())
    return RegionFindings(slug, name, unique, newest_finished)
