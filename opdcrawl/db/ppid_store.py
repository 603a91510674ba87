"""Writing PPID checks to SQL: one transaction per OPD, idempotent like ``store``.

The check is upserted on (run, OPD), its items replaced, its documents upserted on
(OPD, URL) with first and last seen kept in order whatever order runs are replayed in.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, delete, select
from sqlalchemy.orm import Session

from opdcrawl import items
from opdcrawl.db.models import URL_LENGTH, Opd, PpidCheck, PpidDocument, PpidItem, Region
from opdcrawl.db.store import _in_transaction, _insert


def find_opd_id(session: Session, region: str, opd_code: str) -> int:
    """The OPD row for (region slug, code), or ``LookupError`` (Indonesian)."""
    opd_id = session.execute(
        select(Opd.id)
        .join(Region, Region.id == Opd.region_id)
        .where(Region.slug == region, Opd.code == opd_code)
    ).scalar_one_or_none()
    if opd_id is None:
        raise LookupError(
            f"OPD {opd_code!r} di wilayah {region!r} tidak ada di basis data; "
            "jalankan 'opdcrawl db sync' dulu"
        )
    return int(opd_id)


def _check_values(check: items.PpidCheck) -> dict[str, Any]:
    return {
        "checked_at": check.checked_at,
        "website_url": check.website_url,
        "portal_url": check.portal_url,
        "reachable": check.reachable,
        "http_status": check.http_status,
        "error_class": check.error_class,
        "error_detail": check.error_detail,
        "found": check.found,
        "ppid_url": check.ppid_url,
        "portal_page_url": check.portal_page_url,
        "links_elsewhere": list(check.links_elsewhere),
        "sections": list(dict.fromkeys(check.sections)),
        "items_present": check.items_present,
        "items_total": check.items_total,
        "documents_published": check.documents_published,
        "documents_broken": check.documents_broken,
        "documents_image": check.documents_image,
        "documents_unchecked": check.documents_unchecked,
        "documents_drive": check.documents_drive,
        "documents_portal": check.documents_portal,
        "newest_document_at": check.newest_document_at,
        "newest_document_url": check.newest_document_url,
        "requests": check.requests,
        "pages_read": list(check.pages_read),
        "notes": list(check.notes),
    }


def record_ppid_check(session: Session, run_id: int, check: items.PpidCheck) -> int:
    """Write one OPD's PPID check, its items and documents; return the check's id."""

    def work() -> int:
        opd_id = find_opd_id(session, check.region, check.opd_code)
        values = _check_values(check)
        table = PpidCheck.__table__
        stmt = _insert(session, table).values(run_id=run_id, opd_id=opd_id, **values)
        stmt = stmt.on_conflict_do_update(
            index_elements=[table.c.run_id, table.c.opd_id],
            set_={key: stmt.excluded[key] for key in values},
        )
        session.execute(stmt)
        check_id = int(
            session.execute(
                select(table.c.id).where(table.c.run_id == run_id, table.c.opd_id == opd_id)
            ).scalar_one()
        )
        _replace_items(session, check_id, check.items)
        _upsert_documents(session, opd_id, run_id, check)
        return check_id

    return _in_transaction(session, work)


def _replace_items(session: Session, check_id: int, found: list[items.PpidItemFound]) -> None:
    session.execute(delete(PpidItem).where(PpidItem.check_id == check_id))
    first: dict[str, items.PpidItemFound] = {}
    for item in found:
        first.setdefault(item.key, item)
    if first:
        session.execute(
            PpidItem.__table__.insert(),
            [
                {"check_id": check_id, "item": key, "text": item.text[:500],
                 "url": item.url, "source": item.source}
                for key, item in first.items()
            ],
        )  # fmt: skip


# Document columns that follow the newest check's reading.
_FOLLOWED: tuple[str, ...] = (
    "title", "file_type", "host", "source", "page_url", "published_at", "date_source",
    "raw_date", "size_bytes", "status", "status_detail", "last_run_id",
)  # fmt: skip


def _upsert_documents(session: Session, opd_id: int, run_id: int, check: items.PpidCheck) -> None:
    seen_at = check.checked_at
    rows = [
        {
            "opd_id": opd_id,
            "url": document.url.strip(),
            "title": document.title,
            "file_type": document.file_type,
            "host": document.host,
            "source": document.source,
            "page_url": document.page_url,
            "published_at": document.published_at,
            "date_source": document.date_source,
            "raw_date": document.raw_date,
            "size_bytes": document.size_bytes,
            "status": document.status,
            "status_detail": document.status_detail[:500],
            "last_run_id": run_id,
            "first_seen_at": seen_at,
            "last_seen_at": seen_at,
        }
        for document in {d.url.strip(): d for d in check.documents}.values()
        if document.url.strip() and len(document.url.strip()) <= URL_LENGTH
    ]
    if not rows:
        return
    table = PpidDocument.__table__
    stmt = _insert(session, table)
    new = stmt.excluded
    newer = new.last_seen_at >= table.c.last_seen_at
    # The newest check's reading wins; an older run replayed later changes nothing.
    follow = {key: case((newer, new[key]), else_=table.c[key]) for key in _FOLLOWED}
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.opd_id, table.c.url],
        set_={
            **follow,
            "first_seen_at": case(
                (new.first_seen_at < table.c.first_seen_at, new.first_seen_at),
                else_=table.c.first_seen_at,
            ),
            "last_seen_at": case((newer, new.last_seen_at), else_=table.c.last_seen_at),
        },
    )
    session.execute(stmt, rows)
