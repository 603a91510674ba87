"""The report's "Integritas Situs" table: websites showing gambling spam or defacement.

Listed first in every format (after the summary), one row per finding of the check each
OPD row shows (latest, or as of the run reported on), affected sites in OPD-code order:
the signal, the page, what was seen there and, for cloaking, what the visitor saw
instead. Snippets are crawled text written by strangers: HTML escapes them, XLSX stores
them as text, CSV guards formula starts (the shared writers do all three).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from opdcrawl.db.models import Channel, ChannelCheck, IntegrityFinding, Opd, Region
from opdcrawl.report import wording

_CHUNK = 500


@dataclass(frozen=True)
class IntegrityRow:
    """One finding of one OPD's shown website check."""

    region_slug: str
    opd_code: str
    opd_name: str
    website_url: str | None
    run_id: int
    checked_at: datetime | None
    signal: str
    url: str
    snippet: str
    other_snippet: str | None
    detail: str | None

    @property
    def signal_label(self) -> str:
        return wording.INTEGRITY_SIGNALS.get(self.signal, self.signal)


def load_findings(
    session: Session, slug: str, opds: Iterable[Any], kind: str = "website"
) -> list[IntegrityRow]:
    """The findings of the checks the report shows: per OPD row (``report.data.OpdRow``)
    its ``kind`` check of run ``run_id``; sites in code order, findings in stored order."""
    shown = {(row.run_id, row.opd_code): row for row in opds if row.run_id is not None}
    if not shown:
        return []
    run_ids = sorted({run_id for run_id, _ in shown})
    found: list[IntegrityRow] = []
    for start in range(0, len(run_ids), _CHUNK):
        query = (
            select(
                ChannelCheck.run_id,
                ChannelCheck.checked_at,
                Opd.code,
                IntegrityFinding.signal,
                IntegrityFinding.url,
                IntegrityFinding.snippet,
                IntegrityFinding.other_snippet,
                IntegrityFinding.detail,
            )
            .join(ChannelCheck, ChannelCheck.id == IntegrityFinding.check_id)
            .join(Channel, Channel.id == ChannelCheck.channel_id)
            .join(Opd, Opd.id == Channel.opd_id)
            .join(Region, Region.id == Opd.region_id)
            .where(
                Region.slug == slug,
                Channel.kind == kind,
                ChannelCheck.run_id.in_(run_ids[start : start + _CHUNK]),
            )
            .order_by(Opd.code, IntegrityFinding.id)
        )
        for row in session.execute(query):
            opd = shown.get((row.run_id, row.code))
            if opd is None:
                continue
            found.append(
                IntegrityRow(
                    region_slug=slug,
                    opd_code=row.code,
                    opd_name=opd.opd_name,
                    website_url=opd.website_url,
                    run_id=row.run_id,
                    checked_at=row.checked_at,
                    signal=row.signal,
                    url=row.url,
                    snippet=row.snippet,
                    other_snippet=row.other_snippet,
                    detail=row.detail,
                )
            )
    found.sort(key=lambda finding: finding.opd_code)  # stable: stored order within a site
    return found


def affected_sites(rows: Sequence[IntegrityRow]) -> list[str]:
    """OPD codes with at least one finding, in report order."""
    return list(dict.fromkeys(row.opd_code for row in rows))


def table_rows(rows: Sequence[IntegrityRow]) -> list[dict[str, Any]]:
    """The rows of the ``integrity`` table (``tables.INTEGRITY``)."""
    return [
        {
            "region_slug": row.region_slug,
            "opd_code": row.opd_code,
            "opd_name": row.opd_name,
            "website_url": row.website_url,
            "signal": row.signal,
            "signal_label": row.signal_label,
            "finding_url": row.url,
            "snippet": row.snippet,
            "other_snippet": row.other_snippet,
            "finding_detail": row.detail,
            "checked_at": row.checked_at,
            "run_id": row.run_id,
        }
        for row in rows
    ]


def html_section(rows: Sequence[IntegrityRow], link: Any) -> str:
    """The HTML section: a warning line and one table row per finding, everything crawled
    escaped (``link`` is ``report.html.link``: only http(s) URLs become links)."""
    h = wording.HEADINGS
    parts = [f'<h3 id="integritas">{escape(h["integrity"])}</h3>']
    if not rows:
        return "".join(parts) + f"<p>{escape(h['integrity_none'])}</p>"
    sites = affected_sites(rows)
    names = ", ".join(dict.fromkeys(escape(row.opd_name) for row in rows))
    warning = h["integrity_warning"].format(count=len(sites))
    parts.append(f'<p class="spam">{escape(warning)}: {names}</p>')
    parts.append(f'<p class="note">{escape(h["integrity_note"])}</p>')
    heads = ("opd_code", "opd_name", "signal_label", "finding_url", "snippet", "other_snippet")
    head = "".join(f"<th>{escape(wording.HEADERS[column])}</th>" for column in heads)
    body = []
    for row in rows:
        detail = f'<br><span class="note">{escape(row.detail)}</span>' if row.detail else ""
        body.append(
            "<tr>"
            f"<td>{escape(row.opd_code)}</td>"
            f"<td>{escape(row.opd_name)}</td>"
            f'<td class="spam">{escape(row.signal_label)}</td>'
            f"<td>{link(row.url)}</td>"
            f"<td><code>{escape(row.snippet)}</code>{detail}</td>"
            f"<td>{escape(row.other_snippet) if row.other_snippet else '-'}</td>"
            "</tr>"
        )
    parts.append(
        f'<div class="wrap"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
    return "".join(parts)


def text_lines(rows: Sequence[IntegrityRow]) -> list[str]:
    """The plain-text section: one warning per affected site, its signals and pages."""
    if not rows:
        return []
    lines = [wording.HEADINGS["integrity"]]
    for code in affected_sites(rows):
        own = [row for row in rows if row.opd_code == code]
        labels = ", ".join(dict.fromkeys(row.signal_label for row in own))
        lines.append(f"  PERINGATAN: {own[0].opd_name} ({code}): {labels}")
        for row in own:
            lines.append(f"    {row.signal_label}: {row.url} «{row.snippet[:120]}»")
    return [*lines, ""]
