"""A plain-text rendering of one region's report, for terminals and the demo.

Fixed-width columns so it reads in any terminal; long names are cut with "…".
"""

from __future__ import annotations

from opdcrawl.report import wording
from opdcrawl.report.data import RegionReport
from opdcrawl.report.tables import reachability_text

_COLUMNS: tuple[tuple[str, int], ...] = (
    ("opd_code", 8),
    ("opd_name", 30),
    ("category", 19),
    ("last_post_at", 10),
    ("days_since_last_post", 5),
    ("posts_30d", 4),
    ("posts_90d", 4),
    ("cadence", 16),
    ("score", 4),
    ("reachability", 28),
)
_SHORT_HEADERS: dict[str, str] = {
    "days_since_last_post": "Hari",
    "posts_30d": "30h",
    "posts_90d": "90h",
    "last_post_at": "Posting",
}


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_text(report: RegionReport) -> str:
    """Per-OPD table, then the summary sentence and the OPD names per category."""
    header = " ".join(
        _fit(_SHORT_HEADERS.get(column, wording.HEADERS[column]), width).ljust(width)
        for column, width in _COLUMNS
    )
    lines = [f"{wording.TITLE} — {report.region_name}", "", header, "-" * len(header)]
    for row in report.opds:
        values = {
            "opd_code": row.opd_code,
            "opd_name": row.opd_name,
            "category": wording.category_label(row.category),
            "last_post_at": wording.short_date(row.last_post_at) if row.last_post_at else "-",
            "days_since_last_post": _number(row.days_since_last_post),
            "posts_30d": _number(row.posts_30d),
            "posts_90d": _number(row.posts_90d),
            "cadence": row.cadence or "-",
            "score": _number(row.score),
            "reachability": reachability_text(row)[0] or "-",
        }
        cells = []
        for column, width in _COLUMNS:
            text = _fit(values[column], width)
            numeric = column in ("days_since_last_post", "posts_30d", "posts_90d", "score")
            cells.append(text.rjust(width) if numeric else text.ljust(width))
        lines.append(" ".join(cells).rstrip())
    lines += ["", wording.summary_sentence(report), ""]
    for label, rows in report.by_category().items():
        if rows:
            names = ", ".join(row.opd_name for row in rows)
            lines.append(f"{label} ({len(rows)}): {names}")
    spam = [row for row in report.opds if row.spam_terms]
    if spam:
        lines.append("")
        for row in spam:
            terms = ", ".join(row.spam_terms)
            lines.append(f"PERINGATAN: indikasi spam judi online di {row.opd_name} ({terms})")
    return "\n".join(lines) + "\n"


def _number(value: int | None) -> str:
    return "-" if value is None else str(value)
