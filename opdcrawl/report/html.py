"""The HTML report: one self-contained page (inline CSS and SVG, no scripts, no fetches).

Meant to be mailed, printed (A4 landscape: tables repeat their header row on each page
and never cut a row) or shown on a projector at a meeting without a network; the
per-OPD table lists the social accounts in one column so it fits a 1366 px screen
without a horizontal scrollbar. Each region opens with its sentence and, in red, the
gambling-spam warning and the registry rows skipped; "Cara membaca laporan ini"
(``report.guide``) closes the page. Every value
that came from a crawled site (titles, evidence, URLs, names) is escaped, and a URL only
becomes a link when it is http(s), so a defaced site cannot inject script or a
``javascript:`` link into the report.
"""

from __future__ import annotations

import re
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from opdcrawl.report import charts, guide, integrity, wording
from opdcrawl.report.certificates import certificates_html
from opdcrawl.report.data import SOCIAL_KINDS, OpdRow, RegionReport
from opdcrawl.report.inventory import inventory_html
from opdcrawl.report.ranking import top_and_bottom
from opdcrawl.report.tables import (
    NO_SOCIAL_ACCOUNT,
    NO_VALUE,
    PPID,
    SOCIAL_RANKING,
    measures,
    reachability_text,
    social_category,
    spam_warning,
    table_rows,
)

CSS = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;
background:#f4f6f8;color:#1d2731;font-size:14px}
header{background:#1f4e78;color:#fff;padding:18px 28px}
header h1{margin:0;font-size:22px}header p{margin:4px 0 0;opacity:.85}
header a{color:#fff}
section.region,section.guide{background:#fff;margin:18px 24px;padding:18px 24px;
border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h2{margin:0 0 4px;font-size:20px}h3{margin:22px 0 8px;font-size:16px;color:#1f4e78}
.meta{color:#5b6770;margin:0 0 10px}
.sentence{font-size:17px;background:#eef4fa;border-left:4px solid #1f4e78;padding:10px 14px}
.alert{background:#fde7e9;border-left:4px solid #9c0006;color:#9c0006;padding:10px 14px;
font-weight:600}
.alert ul{margin:6px 0 0;padding-left:18px;font-weight:400}
.grid{display:flex;flex-wrap:wrap;gap:24px}.card{flex:1 1 420px;min-width:0}
.card svg{max-width:100%;height:auto}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600}
ul.lists{padding-left:18px}ul.lists li{margin:4px 0}
.wrap{overflow-x:auto}
table{border-collapse:collapse;font-size:12.5px;width:100%}
table.opd{font-size:12px}table.opd th{font-size:11.5px}
th,td{border:1px solid #d5dbe0;padding:4px 6px;vertical-align:top;text-align:left;
overflow-wrap:break-word}
table.opd{table-layout:fixed}td.url{overflow-wrap:anywhere}
.nowrap{white-space:nowrap}
th{background:#1f4e78;color:#fff;position:sticky;top:0}
td.num{text-align:right;white-space:nowrap}.muted{color:#8a959e}
.spam{color:#9c0006;font-weight:600}
.note{color:#5b6770;font-size:11.5px}
.tag{display:inline-block;padding:0 6px;border-radius:8px;background:#e3e8ee;font-size:11.5px}
ul.accounts{list-style:none;margin:0;padding:0}ul.accounts li{margin:0 0 2px}
dl.guide dt{font-weight:700;color:#1f4e78;margin-top:10px}dl.guide dd{margin:2px 0 0 0}
@page{size:A4 landscape;margin:10mm}
@media print{
body{background:#fff;font-size:11px;-webkit-print-color-adjust:exact;print-color-adjust:exact}
header{padding:0 0 4mm;background:#fff;color:#1d2731}
section.region,section.guide{box-shadow:none;margin:0 0 6mm;padding:0;border-radius:0}
section.region+section{break-before:page}
.wrap{overflow:visible}
table{font-size:10px}table.opd{font-size:9px}
th{position:static}
thead{display:table-header-group}
tr,li,.badge,svg,.alert,.sentence{break-inside:avoid;page-break-inside:avoid}
h3,h4{break-after:avoid;page-break-after:avoid}
}
"""

# The per-OPD table on the page, with each column's share of the width: the website's
# columns, then one column listing the social accounts. A fixed layout, so it fits a
# 1366 px screen and an A4 landscape page with no horizontal scrollbar, and long
# addresses wrap inside their own column instead of widening the table.
_OPD_COLUMNS: tuple[tuple[str, float], ...] = (
    ("opd_code", 4.5),
    ("opd_name", 9.5),
    ("category", 7),
    ("website_url", 8.5),
    ("last_post_at", 6.5),
    ("days_since_last_post", 5),
    ("posts_30d", 5),
    ("posts_90d", 5),
    ("cadence", 6.5),
    ("score", 3.5),
    ("reachability", 6.5),
    ("cms", 6),
    ("evidence", 10.5),
    ("spam_terms", 4.5),
    ("socials", 11.5),
)
_OPD_HEADERS: tuple[str, ...] = tuple(column for column, _ in _OPD_COLUMNS)
# Shorter headers where the page is narrow (the files keep ``wording.HEADERS``).
_OPD_TITLES: dict[str, str] = {
    "days_since_last_post": "Hari Sejak Posting",
    "posts_30d": "Posting 30 Hr",
    "posts_90d": "Posting 90 Hr",
    "spam_terms": "Spam Judi",
    "socials": "Media Sosial",
}
_URL_RE = re.compile(r"https?://[^\s«»']+")


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


def _cell(value: Any, *, numeric: bool = False, nowrap: bool = False) -> str:
    if value is None or value == "":
        return f'<td class="muted">{NO_VALUE}</td>'
    css = ' class="num"' if numeric else ' class="nowrap"' if nowrap else ""
    return f"<td{css}>{escape(str(value))}</td>"


def _evidence_note(note: str) -> str:
    """The evidence sentence for the page: where the date was read and how it was written,
    each address as a short link ("sumber"); the post itself is the title's link. The
    files keep the whole sentence."""
    head = note.partition("; posting:")[0]
    parts: list[str] = []
    last = 0
    for match in _URL_RE.finditer(head):
        url = match.group(0).rstrip(",;.")
        parts.append(escape(head[last : match.start()]))
        parts.append(link(url, wording.EVIDENCE_SOURCE))
        last = match.start() + len(url)
    parts.append(escape(head[last:]))
    return "".join(parts)


def _opd_row(row: OpdRow) -> str:
    label, hint = reachability_text(row)
    access = f'<td title="{escape(hint)}">{escape(label)}</td>' if label else _cell(None)
    shown = measures(row, row.category)
    note = wording.evidence_text(row.evidence)
    evidence_text = row.evidence_title or note or row.evidence_url
    evidence = (
        link(row.evidence_url, evidence_text) if row.evidence_url else escape(evidence_text or "")
    )
    if note and row.evidence_url:
        evidence += f'<br><span class="note">{_evidence_note(note)}</span>'
    spam = (
        f'<td class="spam">{escape(", ".join(row.spam_terms))}</td>'
        if row.spam_terms
        else _cell(None)
    )
    return (
        "<tr>"
        + _cell(row.opd_code)
        + _cell(row.opd_name)
        + f"<td>{badge(row.category)}</td>"
        + f'<td class="url">{link(row.website_url) if row.website_url else NO_VALUE}</td>'
        + _cell(wording.short_date(row.last_post_at) if row.last_post_at else None, nowrap=True)
        + _cell(shown["days_since_last_post"], numeric=True)
        + _cell(shown["posts_30d"], numeric=True)
        + _cell(shown["posts_90d"], numeric=True)
        + _cell(shown["cadence"])
        + _cell(shown["score"], numeric=True)
        + access
        + _cell(row.cms)
        + f'<td class="url">{evidence or NO_VALUE}</td>'
        + spam
        + f"<td>{_socials(row)}</td>"
        + "</tr>"
    )


def _socials(row: OpdRow) -> str:
    """The OPD's social accounts in one cell: each registered account (the platform as a
    link to it, its check's category, its status when it was not read fine, "manual"
    when recorded by hand), then the platforms it has none on and those not registered,
    each group on one line."""
    items: list[str] = []
    absent: dict[str, list[str]] = {}
    for kind in SOCIAL_KINDS:
        account = row.socials[kind]
        name = wording.CHANNEL_NAMES.get(kind, kind)
        if account.state != "registered":
            absent.setdefault(account.text, []).append(name)
            continue
        parts = [link(account.url, name) + ":", badge(social_category(account))]
        if account.status_label:
            parts.append(f'<span class="note">{escape(account.status_label)}</span>')
        if account.manual:
            parts.append(f'<span class="tag">{escape(wording.MANUAL)}</span>')
        items.append("<li>" + " ".join(parts) + "</li>")
    for text, names in absent.items():
        items.append(
            f'<li class="muted">{escape(text[:1].upper() + text[1:])}: '
            f"{escape(', '.join(names))}</li>"
        )
    return '<ul class="accounts">' + "".join(items) + "</ul>"


def _opd_table(report: RegionReport) -> str:
    head = "".join(
        f"<th>{escape(_OPD_TITLES.get(column) or wording.HEADERS[column])}</th>"
        for column in _OPD_HEADERS
    )
    columns = "".join(f'<col style="width:{share}%">' for _, share in _OPD_COLUMNS)
    body = "".join(_opd_row(row) for row in report.opds)
    note = ""
    # As of one run, rows it did not check show another run's check: say so.
    if report.as_of_run and any(row.run_id not in (None, report.run_id) for row in report.opds):
        text = wording.HEADINGS["opd_table_as_of"].format(run_id=report.run_id)
        note = f'<p class="note">{escape(text)}</p>'
    return (
        note + f'<div class="wrap opd"><table class="opd"><colgroup>{columns}</colgroup>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _alerts(report: RegionReport) -> str:
    """The spam warning and the registry rows skipped, in red under the sentence; a quiet
    note when the registry was read and no row was skipped."""
    parts: list[str] = []
    warning = spam_warning(report)
    if warning:
        parts.append(f'<p class="alert spam-warning">{escape(warning)}</p>')
    check = report.registry
    if check is None:
        return "".join(parts)
    if check.found and not check.skipped:
        parts.append(f'<p class="note">{escape(wording.skipped_text(check))}</p>')
    elif not check.found:
        parts.append(f'<p class="alert registry">{escape(wording.skipped_text(check))}</p>')
    else:
        heading = wording.HEADINGS["registry_skipped"].format(count=len(check.skipped))
        items = "".join(
            f"<li>{escape(row.where)}: {escape(row.reason)}</li>" for row in check.skipped
        )
        parts.append(
            f'<div class="alert registry">{escape(heading)}<ul>{items}</ul>'
            f"{escape(wording.HEADINGS['registry_skipped_note'])}</div>"
        )
    return "".join(parts)


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
    parts = [f'<p class="note">{escape(guide.social_ranking_rule())}</p>']
    if not any(row.platform for row in report.social_ranking):
        parts.append(f"<p>{escape(h['no_social_ranking'])}</p>")
    top, bottom = top_and_bottom(report.social_ranking)
    if top:
        parts.append('<div class="grid">')
        for heading, rows in ((h["ranking_top"], top), (h["ranking_bottom"], bottom)):
            parts.append(f'<div class="card"><h4>{escape(heading)}</h4>')
            parts.append(charts.ranking_bars(rows, heading) if rows else f"<p>{NO_VALUE}</p>")
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
            + f'<td class="url">{link(row["account_url"]) if row["account_url"] else NO_VALUE}</td>'
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
    parts = [f'<p class="note">{escape(guide.ranking_rule())}</p><div class="grid">']
    for heading, rows in ((h["ranking_top"], top), (h["ranking_bottom"], bottom)):
        parts.append(f'<div class="card"><h4>{escape(heading)}</h4>')
        parts.append(charts.ranking_bars(rows, heading) if rows else f"<p>{NO_VALUE}</p>")
        parts.append("</div>")
    parts.append("</div>")
    unranked: dict[str, list[str]] = {}
    for row in report.ranking:
        if row.rank is None:
            unranked.setdefault(wording.category_label(row.category), []).append(row.opd_name)
    if unranked:
        heading = wording.RANK_GROUPS["unranked"]
        items = "".join(
            f"<li>{badge(label)} <b>{len(names)}</b>: {escape(', '.join(names))}</li>"
            for label, names in unranked.items()
        )
        parts.append(f'<h4>{escape(heading)}</h4><ul class="lists unranked">{items}</ul>')
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


def _ppid_table(report: RegionReport) -> str:
    """The PPID compliance table (``tables.PPID``): items as columns, in the offices' words."""
    if not report.ppid or not any(row.checked for row in report.ppid.values()):
        return f"<p>{escape(wording.HEADINGS['no_ppid'])}</p>"
    columns = [c for c in PPID.columns if c not in ("region_slug", "opd_kind", "ppid_run_id")]
    head = "".join(f"<th>{escape(wording.HEADERS[c])}</th>" for c in columns)
    body = []
    for row in table_rows(PPID, report):
        cells = []
        for column in columns:
            value = row[column]
            if column in ("ppid_url", "portal_page_url"):
                cells.append(f"<td>{link(value) if value else '-'}</td>")
            elif column == "newest_document_at":
                cells.append(_cell(wording.short_date(value) if value else None))
            else:
                cells.append(_cell(value, numeric=isinstance(value, int)))
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="wrap"><table><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
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
            _alerts(report),
            integrity.html_section(report.integrity, link),  # affected sites first
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
            f"<h3>{escape(h['ppid'])}</h3>",
            _ppid_table(report),
            f"<h3>{escape(h['trend'])}</h3>",
            _trend(report),
            f"<h3>{escape(h['changes'])}</h3>",
            _changes(report),
            f"<h3>{escape(h['opd_table'])}</h3>",
            _opd_table(report),
            f"<h3>{escape(wording.CERTIFICATES_HEADING)}</h3>",
            certificates_html(report),
            f"<h3>{escape(wording.HEADINGS['inventory'])}</h3>",
            inventory_html(report),
            "</section>",
        ]
    )


def guide_section() -> str:
    """ "Cara membaca laporan ini": ``report.guide`` as a definition list."""
    items = "".join(
        f"<dt>{escape(heading)}</dt>" + "".join(f"<dd>{escape(text)}</dd>" for text in texts)
        for heading, texts in guide.sections()
    )
    return (
        f'<section class="guide" id="cara-membaca"><h2>{escape(guide.TITLE)}</h2>'
        f'<dl class="guide">{items}</dl></section>'
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
        f"<header><h1>{escape(title)}</h1><p>{escape(generated)} · "
        f'<a href="#cara-membaca">{escape(guide.TITLE)}</a></p></header>'
        + "".join(region_section(report) for report in reports)
        + guide_section()
        + "</body></html>\n"
    )


def write_html(reports: list[RegionReport], path: Path, generated_at: datetime) -> Path:
    path.write_text(render_html(reports, generated_at), encoding="utf-8")
    return path
