"""What the dashboard warns about and what alerts are sent for: one small registry.

Each ``Source`` is one kind of finding with two readers over the report layer's data
(``opdcrawl.report.data.RegionReport``, so the category rule, the change rule and the
wording are the reports' own):

* ``current(session, report)``: what to warn about now (the dashboard's warnings);
* ``new_since(session, before, after)``: what appeared between ``before`` (the state the
  last ``opdcrawl alerts`` saw, None on the first run) and ``after`` (the latest state).

Each finding carries a ``key`` naming the kind, region, channel, OPD and the crawl run
that showed it (a certificate: its host and expiry instead of the run): the alert outbox
stores it once, so the same finding is never sent twice. A new kind is one more
``Source`` added with ``register``.

Gambling spam is found twice by a crawl: as the check's ``spam_terms`` and, since
migration 0006, as integrity findings with their evidence (a ``spam_text`` finding for
the same terms). The ``integrity`` source announces the findings; ``spam`` only speaks
for a check with spam terms and no finding (checks stored before 0006), so one site's
spam is one alert.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from opdcrawl import reachability
from opdcrawl.alerts import wording as alert_wording
from opdcrawl.report import certificates, wording
from opdcrawl.report.certificates import CertificateRow
from opdcrawl.report.data import OpdRow, RegionReport, compare
from opdcrawl.report.integrity import IntegrityRow
from opdcrawl.vocabulary import Category

# The categories an office must hear about when an OPD falls into them.
ALERT_CATEGORIES: tuple[str, ...] = (Category.TIDAK_AKTIF.value, Category.TIDAK_DAPAT_DIAKSES.value)


@dataclass(frozen=True)
class Finding:
    """One thing to tell an office about one OPD's channel."""

    kind: str  # the Source's key
    key: str  # identity: the same finding always has the same key
    region_slug: str
    region_name: str
    opd_code: str
    opd_name: str
    channel_kind: str
    title: str  # one Indonesian line
    detail: str  # reasons and evidence, Indonesian
    url: str | None  # the channel's address (evidence link)
    run_id: int | None  # the crawl run whose check showed it


Current = Callable[[Session, RegionReport], list[Finding]]
NewSince = Callable[[Session, RegionReport | None, RegionReport], list[Finding]]


@dataclass(frozen=True)
class Source:
    kind: str
    heading: str  # section heading on the dashboard and in messages
    current: Current
    new_since: NewSince


SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Add a kind of finding (dashboard warnings and alerts); later kinds come last."""
    SOURCES[source.kind] = source
    return source


def _channel(row: OpdRow) -> str:
    return wording.CHANNEL_NAMES.get(row.channel_kind, row.channel_kind)


def _checked(row: OpdRow) -> str:
    if row.run_id is None:
        return ""
    return alert_wording.DETAILS["checked"].format(
        date=wording.date_text(row.checked_at), run_id=row.run_id
    )


def category_reason(row: OpdRow) -> str:
    """Why the row has its category: the reachability reason, or the last post."""
    details = alert_wording.DETAILS
    if row.reachable is False:
        error = reachability.info(row.error_class or "unknown")
        return details["unreachable"].format(label=error.label, hint=error.hint)
    if row.last_post_at is None:
        return details["no_dated_post"]
    return details["last_post"].format(
        date=wording.date_text(row.last_post_at), days=row.days_since_last_post
    )


def _finding(kind: str, key_part: str, row: OpdRow, title: str, details: list[str]) -> Finding:
    return Finding(
        kind=kind,
        key=f"{kind}:{row.channel_kind}:{row.region_slug}:{row.opd_code}:{row.run_id}:{key_part}",
        region_slug=row.region_slug,
        region_name=row.region_name,
        opd_code=row.opd_code,
        opd_name=row.opd_name,
        channel_kind=row.channel_kind,
        title=title,
        detail="; ".join(part.rstrip(".") for part in details if part),
        url=row.website_url,
        run_id=row.run_id,
    )


# --- An OPD that became Tidak Aktif or Tidak Dapat Diakses -------------------------------


def _category_finding(row: OpdRow, before: str | None, *, first: bool) -> Finding:
    category = row.category or ""
    title = alert_wording.TITLES["category_first" if first else "category_became"].format(
        channel=_channel(row), category=category
    )
    was = (
        alert_wording.DETAILS["before"].format(category=wording.category_label(before))
        if not first
        else ""
    )
    return _finding("category", category, row, title, [was, category_reason(row), _checked(row)])


def category_current(_session: Session, report: RegionReport) -> list[Finding]:
    """OPDs whose channel fell into an alert category since its previous check (the
    report's own changes)."""
    rows = {row.opd_code: row for row in report.opds}
    found: list[Finding] = []
    for change in report.changes:
        row = rows.get(change.opd_code)
        after = change.category_after
        if row is None or after not in ALERT_CATEGORIES or change.category_before == after:
            continue
        if change.category_before is None:
            continue  # a new website: the report calls it "baru", not a fall
        found.append(_category_finding(row, change.category_before, first=False))
    return found


def category_new_since(
    _session: Session, before: RegionReport | None, after: RegionReport
) -> list[Finding]:
    """Channels in an alert category now that were not in it in ``before`` (compared
    with the reports' ``compare`` rule); on the first run, every channel in one."""
    rows = {row.opd_code: row for row in after.opds}
    if before is None:
        return [
            _category_finding(row, None, first=True)
            for row in after.opds
            if row.category in ALERT_CATEGORIES and row.run_id is not None
        ]
    found: list[Finding] = []
    for change in compare(before.opds, after.opds):
        row = rows.get(change.opd_code)
        if row is None or row.run_id is None or change.category_after not in ALERT_CATEGORIES:
            continue
        if change.category_before == change.category_after:
            continue
        found.append(_category_finding(row, change.category_before, first=False))
    return found


# --- Gambling spam on a site ------------------------------------------------------------


def _spam_finding(row: OpdRow, new_terms: tuple[str, ...] | None = None) -> Finding:
    details = [
        alert_wording.DETAILS["spam_terms"].format(terms=", ".join(row.spam_terms)),
    ]
    if new_terms is not None and set(new_terms) != set(row.spam_terms):
        details.append(alert_wording.DETAILS["spam_new"].format(terms=", ".join(new_terms)))
    details.append(_checked(row))
    title = alert_wording.TITLES["spam"].format(channel=_channel(row))
    return _finding("spam", "", row, title, details)


def _with_findings(report: RegionReport) -> set[tuple[str, int]]:
    """(OPD code, run id) of the checks the ``integrity`` source speaks for."""
    return {(finding.opd_code, finding.run_id) for finding in report.integrity}


def spam_current(_session: Session, report: RegionReport) -> list[Finding]:
    told = _with_findings(report)
    return [
        _spam_finding(row)
        for row in report.opds
        if row.spam_terms and row.run_id and (row.opd_code, row.run_id) not in told
    ]


def spam_new_since(
    _session: Session, before: RegionReport | None, after: RegionReport
) -> list[Finding]:
    """Checks whose spam terms include one the check shown in ``before`` did not have
    (checks with integrity findings are the ``integrity`` source's)."""
    earlier = {row.opd_code: set(row.spam_terms) for row in before.opds} if before else {}
    told = _with_findings(after)
    found: list[Finding] = []
    for row in after.opds:
        if not row.spam_terms or row.run_id is None or (row.opd_code, row.run_id) in told:
            continue
        new_terms = tuple(
            term for term in row.spam_terms if term not in earlier.get(row.opd_code, set())
        )
        if new_terms:
            found.append(_spam_finding(row, new_terms))
    return found


register(
    Source("category", alert_wording.HEADINGS["category"], category_current, category_new_since)
)
register(Source("spam", alert_wording.HEADINGS["spam"], spam_current, spam_new_since))


# --- Gambling spam, cloaking and defacement: integrity findings --------------------------

SNIPPET_CHARS = 160  # of the crawled snippet quoted in a message


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[: SNIPPET_CHARS - 1] + "…"


def _integrity_findings(report: RegionReport) -> dict[tuple[str, str], list[IntegrityRow]]:
    """The report's integrity rows per (OPD code, signal), in stored order."""
    grouped: dict[tuple[str, str], list[IntegrityRow]] = {}
    for finding in report.integrity:
        grouped.setdefault((finding.opd_code, finding.signal), []).append(finding)
    return grouped


def _integrity_finding(row: OpdRow, found: list[IntegrityRow]) -> Finding:
    """One alert per signal of one check: the first finding's evidence, and how many."""
    first = found[0]
    details = alert_wording.DETAILS
    parts = [
        details["integrity_page"].format(url=first.url),
        details["integrity_seen"].format(snippet=_quote(first.snippet)) if first.snippet else "",
        details["integrity_visitor"].format(snippet=_quote(first.other_snippet))
        if first.other_snippet
        else "",
        details["integrity_detail"].format(detail=first.detail)
        if first.detail and first.signal != "spam_text"  # spam_text's detail is the terms
        else "",
        details["integrity_more"].format(count=len(found), signal=first.signal_label.lower())
        if len(found) > 1
        else "",
        details["integrity_hint"],
        _checked(row),
    ]
    title = alert_wording.TITLES["integrity"].format(
        signal=first.signal_label, channel=_channel(row)
    )
    return _finding("integrity", first.signal, row, title, parts)


def _integrity_alerts(report: RegionReport) -> list[tuple[str, str, Finding]]:
    """(OPD code, signal, alert) per signal of each check shown."""
    rows = {row.opd_code: row for row in report.opds}
    return [
        (code, signal, _integrity_finding(rows[code], found))
        for (code, signal), found in _integrity_findings(report).items()
        if code in rows
    ]


def integrity_current(_session: Session, report: RegionReport) -> list[Finding]:
    """The findings of the checks shown (for the latest state: ``v_integrity_latest``),
    one per OPD and signal."""
    return [finding for _, _, finding in _integrity_alerts(report)]


def integrity_new_since(
    _session: Session, before: RegionReport | None, after: RegionReport
) -> list[Finding]:
    """Signals a site shows now that its check in ``before`` did not (a ``spam_text``
    counts as shown when that check had spam terms: the ``spam`` source told it)."""
    earlier: set[tuple[str, str]] = set()
    if before is not None:
        earlier = {(finding.opd_code, finding.signal) for finding in before.integrity}
        earlier |= {(row.opd_code, "spam_text") for row in before.opds if row.spam_terms}
    return [
        finding
        for code, signal, finding in _integrity_alerts(after)
        if (code, signal) not in earlier
    ]


# --- HTTPS certificates: expired, expiring soon, or wrong --------------------------------


def _certificate_stage(certificate: CertificateRow, urgency: int) -> str:
    """What is announced about a certificate: once per stage (expiring, then expired)."""
    if urgency == 0:
        return "expired"
    if urgency == 1:
        return "expiring"
    return str(certificate.problem)


def _certificate_finding(row: OpdRow, certificate: CertificateRow, urgency: int) -> Finding:
    stage = _certificate_stage(certificate, urgency)
    channel = _channel(row)
    titles = alert_wording.TITLES
    if stage == "expired":
        title = titles["certificate_expired"].format(channel=channel)
    elif stage == "expiring":
        title = titles["certificate_expiring"].format(channel=channel, days=certificate.days_left)
    else:
        label = reachability.info(certificate.problem or "unknown").label
        title = titles["certificate_problem"].format(channel=channel, label=label)
    status, hint = certificates.status_and_hint(certificate)
    details = [
        status if stage != "expired" and certificate.problem else "",
        alert_wording.DETAILS["certificate"].format(
            date=wording.date_text(certificate.not_after),
            days=certificate.days_left,
            host=certificate.host,
            issuer=certificate.issuer,
        ),
        hint,
        _checked(row),
    ]
    finding = _finding("certificate", stage, row, title, details)
    # Keyed on the certificate, not the run: the same certificate in the same stage is
    # one alert however many weekly crawls see it.
    key = ":".join(
        (
            "certificate",
            row.channel_kind,
            row.region_slug,
            row.opd_code,
            certificate.host,
            certificate.not_after.isoformat(),
            stage,
        )
    )
    return replace(finding, key=key)


def certificate_current(_session: Session, report: RegionReport) -> list[Finding]:
    """Certificates of the website checks shown that need action (the report's
    "Sertifikat HTTPS" rule, ``OPDCRAWL_CERT_WARN_DAYS``), most urgent first."""
    rows = {row.opd_code: row for row in report.opds}
    days = certificates.warn_days()
    found: list[tuple[int, int, str, Finding]] = []
    for certificate in report.certificates:
        urgency = certificates.urgency(certificate, days)
        row = rows.get(certificate.opd_code)
        if urgency is None or row is None:
            continue
        finding = _certificate_finding(row, certificate, urgency)
        found.append((urgency, certificate.days_left, certificate.opd_code, finding))
    return [finding for *_, finding in sorted(found, key=lambda item: item[:3])]


def certificate_new_since(
    _session: Session, before: RegionReport | None, after: RegionReport
) -> list[Finding]:
    """Certificates needing action now in a stage they were not in at ``before``."""
    told = {finding.key for finding in certificate_current(_session, before)} if before else set()
    return [f for f in certificate_current(_session, after) if f.key not in told]


register(
    Source(
        "integrity",
        alert_wording.HEADINGS["integrity"],
        integrity_current,
        integrity_new_since,
    )
)
register(
    Source(
        "certificate",
        alert_wording.HEADINGS["certificate"],
        certificate_current,
        certificate_new_since,
    )
)
