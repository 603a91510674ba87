"""A plain-text rendering of one region's report, for terminals and the demo.

Fixed-width columns so it reads in any terminal; long names are cut with "…". After the
per-OPD table, the sentence and the lists: the ownership progress per channel kind, the
social ranking and the OPDs without any social account (the same tables as the files).
"""

from __future__ import annotations

from opdcrawl.report import integrity, wording
from opdcrawl.report.data import RegionReport
from opdcrawl.report.tables import (
    NO_SOCIAL_ACCOUNT,
    SOCIAL_RANKING,
    measures,
    reachability_text,
    spam_warning,
    table_rows,
)

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
    lines = [f"{wording.TITLE} — {report.region_name}", ""]
    lines += integrity.text_lines(report.integrity)  # affected sites first
    lines += [header, "-" * len(header)]
    for row in report.opds:
        shown = measures(row, row.category)
        values = {
            "opd_code": row.opd_code,
            "opd_name": row.opd_name,
            "category": wording.category_label(row.category),
            "last_post_at": wording.short_date(row.last_post_at) if row.last_post_at else "-",
            "days_since_last_post": _number(shown["days_since_last_post"]),
            "posts_30d": _number(shown["posts_30d"]),
            "posts_90d": _number(shown["posts_90d"]),
            "cadence": shown["cadence"] or "-",
            "score": _number(shown["score"]),
            "reachability": reachability_text(row)[0] or "-",
        }
        cells = []
        for column, width in _COLUMNS:
            text = _fit(values[column], width)
            numeric = column in ("days_since_last_post", "posts_30d", "posts_90d", "score")
            cells.append(text.rjust(width) if numeric else text.ljust(width))
        lines.append(" ".join(cells).rstrip())
    lines += ["", wording.summary_sentence(report)]
    warning = spam_warning(report)
    if warning:
        lines.append(warning)
    if report.registry is not None:
        lines.append(wording.skipped_text(report.registry))
    lines.append("")
    for label, rows in report.by_category().items():
        if rows:
            names = ", ".join(row.opd_name for row in rows)
            lines.append(f"{label} ({len(rows)}): {names}")
    lines += ["", *_ownership(report), "", *_social_ranking(report), ""]
    lines += _no_social_account(report)
    return "\n".join(lines) + "\n"


def _ownership(report: RegionReport) -> list[str]:
    lines = [wording.HEADINGS["ownership_text"]]
    for line in report.ownership:
        name = wording.CHANNEL_NAMES.get(line.channel_kind, line.channel_kind)
        text = (
            f"  {_fit(name, 12).ljust(12)} {line.registered}/{line.total_opd} "
            f"({wording.percent(line.registered_pct)}); "
            f"{wording.HEADERS['none'].lower()} {line.none}, "
            f"{wording.HEADERS['unknown'].lower()} {line.unknown}"
        )
        if line.reachable is not None:
            text += (
                f"; {wording.HEADERS['reachable'].lower()} {line.reachable} "
                f"({wording.percent(line.reachable_pct)})"
            )
        lines.append(text)
    return lines


_SOCIAL_COLUMNS: tuple[tuple[str, int], ...] = (
    ("rank", 3),
    ("opd_code", 8),
    ("opd_name", 30),
    ("platform", 11),
    ("category", 19),
    ("score", 4),
    ("last_post_at", 10),
    ("posts_90d", 4),
    ("status", 28),
)
_SOCIAL_HEADERS: dict[str, str] = {**_SHORT_HEADERS, "rank": "No"}


def _social_ranking(report: RegionReport) -> list[str]:
    lines = [wording.HEADINGS["social_ranking"]]
    rows = table_rows(SOCIAL_RANKING, report)
    if not any(row["platform"] for row in rows):
        return [*lines, wording.HEADINGS["no_social_ranking"]]
    header = " ".join(
        _fit(_SOCIAL_HEADERS.get(column, wording.HEADERS[column]), width).ljust(width)
        for column, width in _SOCIAL_COLUMNS
    )
    lines += [header, "-" * len(header)]
    for row in rows:
        platform = row["platform"]
        status = row["status"] or ""
        if row["manual"]:
            status = f"{status} ({wording.MANUAL})" if status else wording.MANUAL
        values = {
            "rank": _number(row["rank"]),
            "opd_code": row["opd_code"],
            "opd_name": row["opd_name"],
            "platform": wording.CHANNEL_NAMES.get(platform, platform) if platform else "-",
            "category": row["category"],
            "score": _number(row["score"]),
            "last_post_at": wording.short_date(row["last_post_at"]),
            "posts_90d": _number(row["posts_90d"]),
            "status": status or "-",
        }
        cells = []
        for column, width in _SOCIAL_COLUMNS:
            text = _fit(values[column], width)
            numeric = column in ("rank", "score", "posts_90d")
            cells.append(text.rjust(width) if numeric else text.ljust(width))
        lines.append(" ".join(cells).rstrip())
    return lines


def _no_social_account(report: RegionReport) -> list[str]:
    rows = table_rows(NO_SOCIAL_ACCOUNT, report)
    heading = wording.HEADINGS["no_social_account"]
    if not rows:
        return [heading, wording.HEADINGS["all_have_social_account"]]
    lines = [f"{heading} ({len(rows)})"]
    for row in rows:
        lines.append(f"  {row['opd_code']} {row['opd_name']}: {row['no_account_status']}")
    return lines


def _number(value: int | None) -> str:
    return "-" if value is None else str(value)
