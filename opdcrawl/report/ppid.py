"""The PPID part of a region's report: a PPID column per OPD and the compliance table.

Read from SQL like the rest of the report: the latest state from ``v_ppid_latest``; a
report as of one run takes, per OPD, the newest PPID check of a finished ``ppid`` run
whose crawl time is at or before that run's end (the rule ``data`` follows for channels).
Shaped into rows here; every word shown comes from ``wording``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from opdcrawl.db import views
from opdcrawl.db.models import CrawlRun, Opd, PpidCheck, PpidItem, Region
from opdcrawl.extract.ppid import ITEM_KEYS
from opdcrawl.report import wording

PPID_SPIDER = "ppid"
_CHECK_FIELDS: tuple[str, ...] = (
    "run_id", "checked_at", "found", "ppid_url", "portal_page_url", "items_present",
    "items_total", "documents_published", "documents_broken", "documents_image",
    "documents_unchecked", "newest_document_at", "newest_document_url",
)  # fmt: skip


@dataclass(frozen=True)
class PpidRow:
    """One OPD's PPID check as a report shows it."""

    opd_code: str
    run_id: int | None = None
    checked_at: datetime | None = None
    found: bool | None = None  # None: never checked
    ppid_url: str | None = None
    portal_page_url: str | None = None
    items: frozenset[str] = frozenset()
    items_present: int | None = None
    items_total: int | None = None
    documents_published: int | None = None
    documents_broken: int | None = None
    documents_image: int | None = None
    documents_unchecked: int | None = None
    newest_document_at: datetime | None = None
    newest_document_url: str | None = None

    @property
    def checked(self) -> bool:
        return self.run_id is not None

    @property
    def status(self) -> str:
        """ "ada", "tidak ada" or "belum dicek" (``wording.PPID_STATUS``)."""
        if not self.checked:
            return wording.PPID_STATUS["unchecked"]
        return wording.PPID_STATUS["found" if self.found else "missing"]

    @property
    def where(self) -> str | None:
        """Website, portal or both (``wording.PPID_WHERE``); None when not found."""
        if not self.found:
            return None
        key = ("site" if self.ppid_url else "") + ("portal" if self.portal_page_url else "")
        return wording.PPID_WHERE.get(key or "site")

    @property
    def items_text(self) -> str | None:
        """ "5/9": standard items present out of the list."""
        if not self.checked:
            return None
        return f"{self.items_present}/{self.items_total}"


def _row(code: str, values: dict[str, Any], items: frozenset[str]) -> PpidRow:
    if values.get("run_id") is None:
        return PpidRow(opd_code=code)
    fields = {name: values.get(name) for name in _CHECK_FIELDS}
    fields["found"] = bool(fields["found"])  # SQLite gives 0/1
    return PpidRow(opd_code=code, items=items, **fields)


def _latest(session: Session, slug: str) -> dict[str, PpidRow]:
    view = views.v_ppid_latest
    rows: dict[str, PpidRow] = {}
    for row in session.execute(select(view).where(view.c.region_slug == slug)).mappings():
        values = dict(row)
        items = frozenset(key for key in ITEM_KEYS if values.get(f"item_{key}"))
        rows[row["opd_code"]] = _row(row["opd_code"], values, items)
    return rows


def _as_of(session: Session, slug: str, cutoff: datetime) -> dict[str, PpidRow]:
    rank = func.row_number().over(
        partition_by=PpidCheck.opd_id,
        order_by=(CrawlRun.crawl_time.desc(), CrawlRun.id.desc()),
    )
    shown = (
        select(PpidCheck.id.label("check_id"), Opd.code.label("opd_code"),
               *(getattr(PpidCheck, name).label(name) for name in _CHECK_FIELDS),
               rank.label("shown"))
        .join(CrawlRun, CrawlRun.id == PpidCheck.run_id)
        .join(Opd, Opd.id == PpidCheck.opd_id)
        .join(Region, Region.id == Opd.region_id)
        .where(Region.slug == slug, CrawlRun.spider == PPID_SPIDER,
               CrawlRun.status == "finished", CrawlRun.crawl_time <= cutoff,
               or_(Opd.active, Opd.updated_at > cutoff))
        .subquery()
    )  # fmt: skip
    picked = session.execute(select(shown).where(shown.c.shown == 1)).mappings().all()
    ids = [row["check_id"] for row in picked]
    found_items: dict[int, set[str]] = {}
    if ids:
        query = select(PpidItem.check_id, PpidItem.item).where(PpidItem.check_id.in_(ids))
        for check_id, item in session.execute(query):
            found_items.setdefault(check_id, set()).add(item)
    return {
        row["opd_code"]: _row(row["opd_code"], dict(row),
                              frozenset(found_items.get(row["check_id"], set())))
        for row in picked
    }  # fmt: skip


def load_ppid(session: Session, slug: str, cutoff: datetime | None = None) -> dict[str, PpidRow]:
    """OPD code -> its PPID row: latest (``cutoff`` None) or as of ``cutoff``."""
    return _latest(session, slug) if cutoff is None else _as_of(session, slug, cutoff)


def opd_cells(row: PpidRow | None) -> dict[str, Any]:
    """The PPID columns appended to the per-OPD table."""
    row = row or PpidRow("")
    return {
        "ppid": row.status,
        "ppid_items": row.items_text,
        "ppid_documents": row.documents_published,
        "ppid_newest_document": row.newest_document_at,
    }


def compliance_cells(row: PpidRow | None) -> dict[str, Any]:
    """One OPD's row of the compliance table, after its name columns."""
    row = row or PpidRow("")
    cells: dict[str, Any] = {"ppid": row.status, "ppid_where": row.where,
                             "ppid_items": row.items_text}  # fmt: skip
    for key in ITEM_KEYS:
        cells[f"item_{key}"] = (
            None if not row.checked else wording.PPID_ITEM_VALUES[key in row.items]
        )
    cells.update(
        {
            "documents_published": row.documents_published,
            "documents_broken": row.documents_broken,
            "documents_image": row.documents_image,
            "documents_unchecked": row.documents_unchecked,
            "newest_document_at": row.newest_document_at,
            "ppid_url": row.ppid_url,
            "portal_page_url": row.portal_page_url,
            "ppid_run_id": row.run_id,
        }
    )
    return cells
