"""The alert outbox in SQL: each alert stored once, one delivery row per recipient.

Detection writes a region's new alerts, their deliveries and the region's new baseline
in one transaction, so a crash leaves either all of it or none. A delivery is
``pending`` until a message carrying it was accepted (SMTP or webhook), then ``sent``;
what failed stays pending with its error and attempt count, and every run sends what is
pending, so no alert is lost silently. Keys are unique (``INSERT ... ON CONFLICT DO
NOTHING``), so an alert found twice is stored, and sent, once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from opdcrawl.alerts.config import AlertsConfig
from opdcrawl.alerts.detect import RegionFindings
from opdcrawl.db.models import AlertBaseline, AlertDelivery, AlertEvent


def _insert(session: Session, table: Table) -> Insert:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


@dataclass(frozen=True)
class Recorded:
    region_slug: str
    new_events: int
    without_recipient: int  # new alerts no route in the recipients file wants


def record(
    session: Session, found: RegionFindings, config: AlertsConfig, now: datetime
) -> Recorded:
    """Store ``found``'s new alerts and their deliveries, and move the baseline; one
    transaction. Alerts stored before (same key) are left as they are."""
    events, deliveries = AlertEvent.__table__, AlertDelivery.__table__
    new_events = without = 0
    try:
        for finding in found.findings:
            statement = (
                _insert(session, events)
                .values(
                    key=finding.key,
                    kind=finding.kind,
                    region_slug=finding.region_slug,
                    opd_code=finding.opd_code,
                    channel_kind=finding.channel_kind,
                    run_id=finding.run_id,
                    title=finding.title,
                    detail=finding.detail,
                    url=finding.url,
                    detected_at=now,
                )
                .on_conflict_do_nothing(index_elements=["key"])
                .returning(events.c.id)
            )
            event_id = session.execute(statement).scalar()
            if event_id is None:
                continue  # found before: stored and routed then
            new_events += 1
            recipients = config.recipients(finding.region_slug, finding.opd_code, finding.kind)
            if not recipients:
                without += 1
            for recipient in recipients:
                session.execute(
                    _insert(session, deliveries)
                    .values(event_id=event_id, recipient=recipient, status="pending", attempts=0)
                    .on_conflict_do_nothing(index_elements=["event_id", "recipient"])
                )
        if found.baseline_run_id is not None:
            baseline = session.get(AlertBaseline, found.region_slug)
            if baseline is None:
                session.add(
                    AlertBaseline(
                        region_slug=found.region_slug,
                        run_id=found.baseline_run_id,
                        updated_at=now,
                    )
                )
            else:
                baseline.run_id = found.baseline_run_id
                baseline.updated_at = now
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return Recorded(found.region_slug, new_events, without)


@dataclass(frozen=True)
class PendingAlert:
    delivery_id: int
    recipient: str
    event: AlertEvent


def pending(session: Session, regions: Iterable[str] | None = None) -> list[PendingAlert]:
    """Every pending delivery with its alert, oldest alert first."""
    query = (
        select(AlertDelivery.id, AlertDelivery.recipient, AlertEvent)
        .join(AlertEvent, AlertEvent.id == AlertDelivery.event_id)
        .where(AlertDelivery.status == "pending")
        .order_by(AlertEvent.region_slug, AlertEvent.id, AlertDelivery.id)
    )
    if regions:
        query = query.where(AlertEvent.region_slug.in_(list(regions)))
    return [PendingAlert(row[0], row[1], row[2]) for row in session.execute(query)]


def mark_sent(session: Session, delivery_ids: list[int], tries: int, now: datetime) -> None:
    _mark(session, delivery_ids, tries, now, status="sent", error=None)


def mark_failed(
    session: Session, delivery_ids: list[int], tries: int, now: datetime, error: str
) -> None:
    _mark(session, delivery_ids, tries, now, status="pending", error=error)


def _mark(
    session: Session,
    delivery_ids: list[int],
    tries: int,
    now: datetime,
    *,
    status: str,
    error: str | None,
) -> None:
    table = AlertDelivery.__table__
    values: dict = {
        "status": status,
        "attempts": table.c.attempts + tries,
        "last_attempt_at": now,
        "last_error": error,
    }
    if status == "sent":
        values["sent_at"] = now
    try:
        session.execute(update(table).where(table.c.id.in_(delivery_ids)).values(**values))
        session.commit()
    except BaseException:
        session.rollback()
        raise
