"""The HTML report: one self-contained page (inline CSS and SVG, no scripts, no fetches).

Meant to be mailed or shown on a projector at a meeting without a network. Every value
that came from a crawled site (titles, evidence, URLs, names) is escaped, and a URL only
becomes a link when it is http(s), so a defaced site cannot inject script or a
``javascript:`` link into the report.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from opdcrawl.report import charts, wording
from opdcrawl.report.certificates import certificates_html
from opdcrawl.report.data import SOCIAL_KINDS, OpdRow, RegionReport, SocialAccount
from opdcrawl.report.ranking import top_and_bottom
from opdcrawl.report.tables import (
    NO_SOCIAL_ACCOUNT,
    SOCIAL_RANKING,
    reachability_text,
    social_category,
    table_rows,
)

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;
background:#f4f6f8;color:#1d2731;font-size:14px}
header{background:#1f4e78;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.85}
section.region{background:#fff;margin:18px 24px;padding:18px 24px;border-radius:8px;
box-shadow:0 1px 3px rgba(0,0,0,.12)}
h2{margin:0 0 4px;font-size:20px}h3{margin:22px 0 8px;font-size:16px;color:#1f4e78}
.meta{color:#5b6770;margin:0 0 10px}
.sentence{font-size:17px;background:#eef4fa;border-left:4px solid #1f4e78;padding:10px 14px}
.grid{display:flex;flex-wrap:wrap;gap:24px}.card{flex:1 1 420px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;
white-space:nowrap}
ul.lists{padding-left:18px}ul.lists li{margin:4px 0}
.wrap{overflow-x:auto}
table{border-collapse:collapse;font-size:12.5px;min-width:100%}
th,td{border:1px solid #d5dbe0;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#1f4e78;color:#fff;position:sticky;top:0}
td.num{text-align:right}.muted{color:#8a959e}.spam{color:#9c0006;font-weight:600}
.note{color:#5b6770;font-size:12.5px}
.tag{display:inline-block;padding:0 6px;border-radius:8px;background:#e3e8ee;font-size:11.5px}
"""

_OPD_HEADERS: tuple[str, ...] = (
    "opd_code",
    "opd_name",
    "category",
    "website_url",
    "last_post_at",
    "days_since_last_post",
    "posts_30d",
    "posts_90d",
    "cadence",
    "score",
    "reachability",
    "cms",
    "evidence",
    "spam",
    *SOCIAL_KINDS,
)


def safe_href(url: str | None) -> str | None:
    """The escaped URL for an ``href`` when it is http(s); None otherwise."""
    if not url:
        return None
    text = url.strip()
    if urlsplit(text).scheme.lower() not in ("http", "https"):
        return None
    return escape(text, quote=True)


def link(url: str | None, text: str | None = None) -> str:
    shown = escape(text if text else (url or ""))
    href = safe_href(url)
    if href is None:
        return shown
    return f'<a href="{href}" rel="noopener noreferrer">{shown}</a>'


def badge(category: str | None) -> str:
    style = wording.category_style(category)
    return (
        f'<span class="badge" style="background:#{style.fill};color:#{style.ink}">'
        f"{escape(wording.category_label(category))}</span>"
    )


def _cell(value: Any, *, numeric: bool = False) -> str:
    if value is None or value == "":
        return '<td class="muted">-</td>'
    css = ' class="num"' if numeric else ""
    return f"<td{css}>{escape(str(value))}</td>"


def _opd_row(row: OpdRow) -> str:
    label, hint = reachability_text(row)
    access = f'<td title="{escape(hint)}">{escape(label)}</td>' if label else _cell(None)
    evidence_text = row.evidence_title or row.evidence or row.evidence_url
    evidence = (
        link(row.evidence_url, evidence_text) if row.evidence_url else escape(evidence_text or "")
    )
    if row.evidence and row.evidence_url:
        evidence += f'<br><span class="note">{escape(row.evidence)}</span>'
    spam = (
        f'<td class="spam">{escape(", ".join(row.spam_terms))}</td>'
        if row.spam_terms
        else _cell(None)
    )
    socials = "".join(_social_cell(row.socials[kind]) for kind in SOCIAL_KINDS)
    return (
        "<tr>"
        + _cell(row.opd_code)
        + _cell(row.opd_name)
        + f"<td>{badge(row.category)}</td>"
        + f"<td>{link(row.website_url) if row.website_url else '-'}</td>"
        + _cell(wording.short_date(row.last_post_at) if row.last_post_at else None)
        + _cell(row.days_since_last_post, numeric=True)
        + _cell(row.posts_30d, numeric=True)
        + _cell(row.posts_90d, numeric=True)
        + _cell(row.cadence)
        + _cell(row.score, numeric=True)
        + access
        + _cell(row.cms)
        + f"<td>{evidence or '-'}</td>"
        + spam
        + socials
        + "</tr>"
    )


def _social_cell(account: SocialAccount) -> str:
    """The account (link, or "tidak ada"/"belum terdaftar"), then its check's category,
    its status when it was not read fine, and "manual" when recorded by hand."""
    if account.state != "registered":
        return f"<td>{escape(account.text)}</td>"
    parts = [link(account.url)]
    parts.append(badge(social_category(account)))
    if account.status_label:
        parts.append(f'<span class="note">{escape(account.status_label)}</span>')
    if account.manual:
        parts.append(f'<span class="tag">{escape(wording.MANUAL)}</span>')
    return "<td>" + "<br>".join(parts) + "</td>"


def _opd_table(report: RegionReport) -> str:
    head = "".join(f"<th>{escape(wording.HEADERS[column])}</th>" for column in _OPD_HEADERS)
    body = "".join(_opd_row(row) for row in report.opds)
    note = ""
    # As of one run, rows it did not check show another run's check: say so.
    if report.as_of_run and any(row.run_id not in (None, report.run_id) for row in report.opds):
        text = wording.HEADINGS["opd_table_as_of"].format(run_id=report.run_id)
        note = f'<p class="note">{escape(text)}</p>'
    return (
        note + f'<div class="wrap"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _category_lists(report: RegionReport) -> str:
    items = []
    for label, rows in report.by_category().items():
        if not rows:
            continue
        names = ", ".join(escape(row.opd_name) for row in rows)
        items.append(f"<li>{badge(label)} <b>{len(rows)}</b>: {names}</li>")
    return '<ul class="lists">' + "".join(items) + "</ul>"


def _ownership(report: RegionReport) -> str:
    website = report.website_ownership
    parts = [
        f"<p>{escape(wording.HEADINGS['ownership_website'])} "
        f"({website.registered}/{website.total_opd})</p>",
        charts.progress_bar(website.registered_pct, wording.HEADINGS["ownership_website"]),
        f"<p>{escape(wording.HEADINGS['ownership_reachable'])} "
        f"({website.reachable or 0}/{website.total_opd})</p>",
        charts.progress_bar(website.reachable_pct, wording.HEADINGS["ownership_reachable"]),
    ]
    heads = ("channel_kind", "registered", "none", "unknown", "registered_pct")
    rows = "".join(
        "<tr>"
        + _cell(wording.CHANNEL_NAMES[line.channel_kind])
        + _cell(line.registered, numeric=True)
        + _cell(line.none, numeric=True)
        + _cell(line.unknown, numeric=True)
        + _cell(wording.percent(line.registered_pct), numeric=True)
        + "</tr>"
        for line in report.ownership
    )
    head = "".join(f"<th>{escape(wording.HEADERS[h])}</th>" for h in heads)
    parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>")
    return "".join(parts)


def _social_ranking(report: RegionReport) -> str:
    h = wording.HEADINGS
    parts = [f'<p class="note">{escape(h["social_ranking_rule"])}</p>']
    if not any(row.platform for row in report.social_ranking):
        parts.append(f"<p>{escape(h['no_social_ranking'])}</p>")
    top, bottom = top_and_bottom(report.social_ranking)
    if top:
        parts.append('<div class="grid">')
        for heading, rows in ((h["ranking_top"], top), (h["ranking_bottom"], bottom)):
            parts.append(f'<div class="card"><h4>{escape(heading)}</h4>')
            parts.append(charts.ranking_bars(rows, heading) if rows else "<p>-</p>")
            parts.append("</div>")
        parts.append("</div>")
    heads = (
        "rank",
        "rank_group",
        "opd_code",
        "opd_name",
        "platform",
        "account_url",
        "category",
        "score",
        "last_post_at",
        "posts_90d",
        "followers",
        "status",
        "manual",
    )
    body = []
    for row in table_rows(SOCIAL_RANKING, report):
        platform = row["platform"]
        body.append(
            "<tr>"
            + _cell(row["rank"], numeric=True)
            + _cell(row["rank_group"])
            + _cell(row["opd_code"])
            + _cell(row["opd_name"])
            + _cell(wording.CHANNEL_NAMES.get(platform, platform) if platform else None)
            + f"<td>{link(row['account_url']) if row['account_url'] else '-'}</td>"
            + f"<td>{badge(row['category'])}</td>"
            + _cell(row["score"], numeric=True)
            + _cell(wording.short_date(row["last_post_at"]) if row["last_post_at"] else None)
            + _cell(row["posts_90d"], numeric=True)
            + _cell(row["followers"], numeric=True)
            + _cell(row["status"])
            + _cell(wording.MANUAL if row["manual"] else None)
            + "</tr>"
        )
    head = "".join(f"<th>{escape(wording.HEADERS[x])}</th>" for x in heads)
    parts.append(
        f'<div class="wrap"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )
    return "".join(parts)


def _no_social_account(report: RegionReport) -> str:
    h = wording.HEADINGS
    rows = table_rows(NO_SOCIAL_ACCOUNT, report)
    note = f'<p class="note">{escape(h["no_social_account_note"])}</p>'
    if not rows:
        return note + f"<p>{escape(h['all_have_social_account'])}</p>"
    heads = ("opd_code", "opd_name", "opd_kind", "no_account_status", *SOCIAL_KINDS)
    head = "".join(f"<th>{escape(wording.HEADERS[x])}</th>" for x in heads)
    body = "".join("<tr>" + "".join(_cell(row[x]) for x in heads) + "</tr>" for row in rows)
    return (
        note + f'<div class="wrap"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _ranking(report: RegionReport) -> str:
    top, bottom = top_and_bottom(report.ranking)
    h = wording.HEADINGS
    parts = [f'<p class="note">{escape(h["ranking_rule"])}</p><div class="grid">']
    for heading, rows in ((h["ranking_top"], top), (h["ranking_bottom"], bottom)):
        parts.append(f'<div class="card"><h4>{escape(heading)}</h4>')
        parts.append(charts.ranking_bars(rows, heading) if rows else "<p>-</p>")
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def _changes(report: RegionReport) -> str:
    h = wording.HEADINGS
    if report.previous_run_id is None:
        return f"<p>{escape(h['no_previous'])}</p>"
    earlier = sorted({c.previous_run_id for c in report.changes if c.previous_run_id})
    if len(earlier) > 1:
        # Shard runs: each website is compared with its own previous check, so name them all.
        against = h["changes_against_many"].format(run_ids=", ".join(f"#{i}" for i in earlier))
    else:
        against = h["changes_against"].format(
            run_id=report.previous_run_id,
            time=wording.date_text(report.previous_crawl_time, with_time=True),
        )
    shown = [c for c in report.changes if c.change != "tetap" or c.score_delta]
    parts = [f'<p class="note">{escape(against)}</p>']
    if not any(c.change != "tetap" for c in report.changes):
        parts.append(f"<p>{escape(h['no_changes'])}</p>")
    if shown:
        heads = (
            "opd_code",
            "opd_name",
            "change",
            "category_before",
            "category_after",
            "score_before",
            "score_after",
            "score_delta",
        )
        head = "".join(f"<th>{escape(wording.HEADERS[x])}</th>" for x in heads)
        rows = "".join(
            "<tr>"
            + _cell(c.opd_code)
            + _cell(c.opd_name)
            + _cell(wording.CHANGE_LABELS[c.change])
            + f"<td>{badge(c.category_before) if c.category_before else '-'}</td>"
            + f"<td>{badge(c.category_after) if c.category_after else '-'}</td>"
            + _cell(c.score_before, numeric=True)
            + _cell(c.score_after, numeric=True)
            + _cell(
                None if c.score_delta is None else f"{c.score_delta:+d}",
                numeric=True,
            )
            + "</tr>"
            for c in shown
        )
        parts.append(
            f'<div class="wrap"><table><thead><tr>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table></div>"
        )
    return "".join(parts)


def _trend(report: RegionReport) -> str:
    h = wording.HEADINGS
    if not report.trend:
        return f"<p>{escape(h['no_trend'])}</p>"
    return (
        charts.trend_bars(report.trend, h["trend"])
        + f'<p class="note">{escape(h["trend_note"])}</p>'
    )


def region_section(report: RegionReport) -> str:
    h = wording.HEADINGS
    as_of = h["as_of_run"].format(run_id=report.run_id) if report.as_of_run else h["as_of_latest"]
    when = h["crawl_time"].format(time=wording.date_text(report.crawl_time, with_time=True))
    return "".join(
        [
            f'<section class="region" id="{escape(report.region_slug)}">',
            f"<h2>{escape(report.region_name)}</h2>",
            f'<p class="meta">{escape(as_of)} · {escape(when)}</p>',
            f'<p class="sentence">{escape(wording.summary_sentence(report))}</p>',
            '<div class="grid"><div class="card">',
            f"<h3>{escape(h['distribution'])}</h3>",
            charts.category_bars(report.category_counts(), h["distribution"]),
            '</div><div class="card">',
            f"<h3>{escape(h['ownership'])}</h3>",
            _ownership(report),
            "</div></div>",
            f"<h3>{escape(h['lists'])}</h3>",
            _category_lists(report),
            f"<h3>{escape(h['ranking'])}</h3>",
            _ranking(report),
            f"<h3>{escape(h['social_ranking'])}</h3>",
            _social_ranking(report),
            f"<h3>{escape(h['no_social_account'])}</h3>",
            _no_social_account(report),
            f"<h3>{escape(h['trend'])}</h3>",
            _trend(report),
            f"<h3>{escape(h['changes'])}</h3>",
            _changes(report),
            f"<h3>{escape(h['opd_table'])}</h3>",
            _opd_table(report),
            f"<h3>{escape(wording.CERTIFICATES_HEADING)}</h3>",
            certificates_html(report),
            "</section>",
        ]
    )


def render_html(reports: list[RegionReport], generated_at: datetime) -> str:
    title = wording.TITLE
    if len(reports) == 1:
        title += f" — {reports[0].region_name}"
    generated = wording.HEADINGS["generated"].format(
        time=wording.date_text(generated_at, with_time=True)
    )
    return (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{escape(title)}</h1><p>{escape(generated)}</p></header>"
        + "".join(region_section(report) for report in reports)
        + "</body></html>\n"
    )


def write_html(reports: list[RegionReport], path: Path, generated_at: datetime) -> Path:
    path.write_text(render_html(reports, generated_at), encoding="utf-8")
    return path
