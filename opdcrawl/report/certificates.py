"""The report's certificate table: expired and soon-expiring HTTPS certificates, and the
other certificate problems, per OPD website (``opdcrawl.certificates`` wrote them).

A certificate that expires quietly is the commonest way a government site starts showing
visitors a security warning; an office that sees it a month ahead can renew in time. So
the table lists, most urgent first: expired certificates, those expiring within
``OPDCRAWL_CERT_WARN_DAYS`` (30) days, then self-signed, wrong-host, incomplete-chain and
untrusted ones. Each row is the certificate of the website check the report shows for
that OPD (latest, or as of the run reported on).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from opdcrawl import reachability, settings
from opdcrawl.db.models import Certificate, Channel, ChannelCheck, Opd, Region
from opdcrawl.report import wording


def warn_days() -> int:
    """``OPDCRAWL_CERT_WARN_DAYS``, read when asked (reports run outside Scrapy)."""
    return int(settings.OPDCRAWL_CERT_WARN_DAYS)


@dataclass(frozen=True)
class CertificateRow:
    opd_code: str
    run_id: int
    host: str
    issuer: str
    not_after: datetime
    days_left: int
    problem: str | None


def load_certificates(
    session: Session, region_slug: str, shown: dict[str, int]
) -> list[CertificateRow]:
    """The certificates of the website checks shown (``{opd code: run id}``)."""
    query = (
        select(
            Opd.code,
            ChannelCheck.run_id,
            Certificate.host,
            Certificate.issuer,
            Certificate.not_after,
            Certificate.days_left,
            Certificate.problem,
        )
        .join(ChannelCheck, ChannelCheck.id == Certificate.check_id)
        .join(Channel, Channel.id == ChannelCheck.channel_id)
        .join(Opd, Opd.id == Channel.opd_id)
        .join(Region, Region.id == Opd.region_id)
        .where(Region.slug == region_slug, Channel.kind == "website")
    )
    return [
        CertificateRow(*row) for row in session.execute(query) if shown.get(row.code) == row.run_id
    ]


def urgency(row: CertificateRow, days: int | None = None) -> int | None:
    """0 expired, 1 expiring within ``days`` (``OPDCRAWL_CERT_WARN_DAYS``), 2 another
    problem; None: fine."""
    days = warn_days() if days is None else days
    if row.days_left < 0:
        return 0
    if row.problem == reachability.ErrorClass.TLS_EXPIRED:  # not yet valid
        return 0
    if row.days_left <= days:
        return 1
    return 2 if row.problem else None


def status_and_hint(row: CertificateRow, days: int | None = None) -> tuple[str, str]:
    """The row's Indonesian status and what to do: the problem's own, else the warning."""
    days = warn_days() if days is None else days
    if row.problem:
        error = reachability.info(row.problem)
        return error.label, error.hint
    return (
        wording.CERTIFICATE_EXPIRING.format(days=days),
        wording.CERTIFICATE_EXPIRING_HINT.format(days=row.days_left, date=row.not_after),
    )


def certificate_rows(
    region_slug: str, opds: list, certificates: list[CertificateRow], days: int | None = None
) -> list[dict]:
    """Rows of the "certificates" table, most urgent first."""
    days = warn_days() if days is None else days
    by_code = {opd.opd_code: opd for opd in opds}
    listed = [row for row in certificates if urgency(row, days) is not None]
    listed.sort(key=lambda row: (urgency(row, days), row.days_left, row.opd_code))
    rows = []
    for row in listed:
        opd = by_code[row.opd_code]
        status, hint = status_and_hint(row, days)
        rows.append(
            {
                "region_slug": region_slug,
                "opd_code": row.opd_code,
                "opd_name": opd.opd_name,
                "website_url": opd.website_url,
                "certificate_host": row.host,
                "certificate_status": status,
                "certificate_hint": hint,
                "certificate_expires_at": row.not_after,
                "certificate_days_left": row.days_left,
                "certificate_issuer": row.issuer,
                "certificate_problem": row.problem,
                "checked_at": opd.checked_at,
                "run_id": row.run_id,
            }
        )
    return rows


HTML_COLUMNS = ("opd_code", "opd_name", "certificate_host", "certificate_status",
                "certificate_expires_at", "certificate_days_left", "certificate_issuer",
                "certificate_hint")  # fmt: skip


def certificates_html(report: object) -> str:
    """The HTML report's certificate section of one region (escaped: hosts and issuer
    names come from the sites)."""
    from html import escape

    from opdcrawl.report.tables import CERTIFICATES, table_rows

    rows = table_rows(CERTIFICATES, report)  # type: ignore[arg-type]
    if not rows:
        return f"<p>{escape(wording.CERTIFICATES_NONE.format(days=warn_days()))}</p>"

    def cell(value: object) -> str:
        if isinstance(value, datetime):
            value = wording.date_text(value)
        if value is None or value == "":
            return '<td class="muted">-</td>'
        return f"<td>{escape(str(value))}</td>"

    head = "".join(f"<th>{escape(wording.HEADERS[c])}</th>" for c in HTML_COLUMNS)
    body = "".join("<tr>" + "".join(cell(row[c]) for c in HTML_COLUMNS) + "</tr>" for row in rows)
    return (
        f'<div class="wrap"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )
