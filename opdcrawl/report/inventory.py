"""The report's inventory table: per channel kind, how many OPDs have it registered,
confirmed absent, proposed by ``opdcrawl discover``, or still unknown.

Offices do not know half their agencies' websites; the first number worth reporting is
how much of the inventory is known, and how much a check of the proposals would add. A
channel is *proposed* when its registry cell is empty and the region's newest ``discover``
run left a proposal for it (accepted or not: an accepted one reaches the registry table at
the next crawl's sync); *unknown* when empty without one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from opdcrawl.db.discovery_store import latest_run_id, load_proposals
from opdcrawl.db.models import Channel, Opd, Region
from opdcrawl.report import wording


@dataclass
class InventoryRow:
    channel_kind: str
    opd_total: int = 0
    registered: int = 0
    confirmed_none: int = 0
    proposed: int = 0
    unknown: int = 0
    proposed_opds: list[str] = field(default_factory=list)  # OPD codes, for the HTML list

    @property
    def known_pct(self) -> float | None:
        if not self.opd_total:
            return None
        return round(100 * (self.registered + self.confirmed_none) / self.opd_total, 1)


@dataclass
class Inventory:
    rows: list[InventoryRow]
    discover_run_id: int | None  # the discover run whose proposals are counted


def load_inventory(session: Session, region_slug: str) -> Inventory:
    """The region's active OPD channels by registry state, with its pending proposals."""
    states = session.execute(
        select(Opd.code, Channel.kind, Channel.state)
        .join(Opd, Opd.id == Channel.opd_id)
        .join(Region, Region.id == Opd.region_id)
        .where(Region.slug == region_slug, Opd.active.is_(True), Channel.active.is_(True))
    ).all()
    run_id = latest_run_id(session, region_slug)
    # Accepted proposals count too until the registry, synced by the next crawl, holds them.
    pending = {(row.opd_code, row.channel) for row in load_proposals(session, region_slug, run_id)}
    rows = {kind: InventoryRow(kind) for kind in wording.INVENTORY_CHANNELS}
    for code, kind, state in sorted(states):
        row = rows.setdefault(kind, InventoryRow(kind))
        row.opd_total += 1
        if state == "registered":
            row.registered += 1
        elif state == "none":
            row.confirmed_none += 1
        elif (code, kind) in pending:
            row.proposed += 1
            row.proposed_opds.append(code)
        else:
            row.unknown += 1
    return Inventory([row for row in rows.values() if row.opd_total], run_id)


def inventory_rows(region_slug: str, inventory: Inventory | None) -> list[dict]:
    """Rows of the "inventory" table, in channel order."""
    if inventory is None:
        return []
    return [
        {
            "region_slug": region_slug,
            "channel_kind": row.channel_kind,
            "channel_name": wording.CHANNEL_NAMES.get(row.channel_kind, row.channel_kind),
            "opd_total": row.opd_total,
            "inventory_registered": row.registered,
            "inventory_none": row.confirmed_none,
            "inventory_proposed": row.proposed,
            "inventory_unknown": row.unknown,
            "inventory_known_pct": row.known_pct,
            "discover_run_id": inventory.discover_run_id,
        }
        for row in inventory.rows
    ]


HTML_COLUMNS = ("channel_name", "opd_total", "inventory_registered", "inventory_none",
                "inventory_proposed", "inventory_unknown", "inventory_known_pct")  # fmt: skip


def inventory_html(report: object) -> str:
    """The HTML report's inventory section of one region."""
    from html import escape

    from opdcrawl.report.tables import INVENTORY, table_rows

    rows = table_rows(INVENTORY, report)  # type: ignore[arg-type]
    if not rows:
        return ""

    def cell(column: str, value: object) -> str:
        if value is None:
            return '<td class="muted">-</td>'
        if column == "inventory_known_pct":
            return f"<td>{escape(wording.percent(float(value)))}</td>"  # type: ignore[arg-type]
        return f"<td>{escape(str(value))}</td>"

    head = "".join(f"<th>{escape(wording.HEADERS[c])}</th>" for c in HTML_COLUMNS)
    body = "".join(
        "<tr>" + "".join(cell(c, row[c]) for c in HTML_COLUMNS) + "</tr>" for row in rows
    )
    return (
        f"<p>{escape(wording.HEADINGS['inventory_note'])}</p>"
        f'<div class="wrap"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )
