"""The JSON API: the dashboard's data for other programs (a command-centre page).

Same data, same filters (``opdcrawl.web.filters``) and same column names as the reports'
JSON (``opdcrawl/report/COLUMNS.md``): datetimes ISO 8601 in WIB, null for no value.
Described in ``/api/openapi.json`` (``opdcrawl.web.openapi``). Errors are
``{"error": "<Indonesian message>", "status": <code>}``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session
from starlette.requests import Request

from opdcrawl.alerts.sources import Finding
from opdcrawl.dates import JAKARTA
from opdcrawl.report.data import load_region_reports
from opdcrawl.report.tabular import report_document
from opdcrawl.web import data, filters
from opdcrawl.web import wording as web_wording
from opdcrawl.web.endpoint import NotFound, answer
from opdcrawl.web.openapi import document as openapi_document


def _names(session: Session) -> dict[str, str]:
    names = data.region_names(session)
    if not names:
        raise NotFound(web_wording.ERRORS["no_regions"])
    return names


def _region(request: Request, session: Session) -> str:
    region = request.path_params["region"]
    if region not in _names(session):
        raise NotFound(web_wording.ERRORS["unknown_region"].format(slug=region))
    return region


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "region_slug": finding.region_slug,
        "opd_code": finding.opd_code,
        "opd_name": finding.opd_name,
        "channel_kind": finding.channel_kind,
        "title": finding.title,
        "detail": finding.detail,
        "url": finding.url,
        "run_id": finding.run_id,
    }


@answer("json")
def regions(request: Request, session: Session) -> tuple[int, Any]:
    """Every region: ``v_region_summary`` and the summary sentence."""
    return 200, {"regions": data.region_summaries(session)}


@answer("json")
def region_report(request: Request, session: Session) -> tuple[int, Any]:
    """One region's whole report, as ``opdcrawl report --format json`` writes it."""
    region = _region(request, session)
    chosen = filters.parse(request.query_params, _names(session))
    (report,) = load_region_reports(session, [region], "latest", chosen.channel)
    return 200, report_document(report, datetime.now(JAKARTA))


@answer("json")
def opds(request: Request, session: Session) -> tuple[int, Any]:
    """The OPD table ("Per OPD" rows), filtered and sorted like the dashboard's."""
    chosen = filters.parse(request.query_params, _names(session))
    board = data.load_dashboard(session, chosen)
    return 200, {
        "filters": chosen.query() | {"channel": chosen.channel, "sort": chosen.sort},
        "total": board.total,
        "count": len(board.rows),
        "opds": board.rows,
    }


@answer("json")
def opd(request: Request, session: Session) -> tuple[int, Any]:
    """One OPD: its "Per OPD" row, why it has its category, warnings and check history."""
    region = _region(request, session)
    code = request.path_params["code"]
    page = data.load_opd(session, region, code)
    if page is None:
        raise NotFound(web_wording.ERRORS["unknown_opd"].format(code=code, slug=region))
    return 200, {
        "opd": page.row,
        "reason": page.reason,
        "warnings": [finding_json(f) for _, found in page.warnings for f in found],
        "history": page.history,
    }


@answer("json")
def ranking(request: Request, session: Session) -> tuple[int, Any]:
    """The ranking per region (the reports' "Peringkat" rows)."""
    chosen = filters.parse(request.query_params, _names(session))
    rows = [row for _, found in data.ranking(session, chosen.region) for row in found]
    return 200, {"ranking": rows}


@answer("json")
def warnings(request: Request, session: Session) -> tuple[int, Any]:
    """Current warnings per kind (``opdcrawl.alerts.sources``)."""
    chosen = filters.parse(request.query_params, _names(session))
    board = data.load_dashboard(session, chosen)
    return 200, {
        "warnings": [
            {
                "kind": source.kind,
                "heading": source.heading,
                "findings": [finding_json(f) for f in found],
            }
            for source, found in board.warnings
        ]
    }


@answer("json")
def history(request: Request, session: Session) -> tuple[int, Any]:
    """Per run, region and channel kind: counts per category (``v_history``)."""
    chosen = filters.parse(request.query_params, _names(session))
    return 200, {"history": data.history_rows(session, chosen.region)}


@answer("json")
def openapi(request: Request, session: Session) -> tuple[int, Any]:
    """This API's OpenAPI 3.1 description."""
    return 200, openapi_document()


ROUTES: list[tuple[str, Any]] = [
    ("/regions", regions),
    ("/regions/{region}/report", region_report),
    ("/opds", opds),
    ("/opds/{region}/{code}", opd),
    ("/ranking", ranking),
    ("/warnings", warnings),
    ("/history", history),
    ("/openapi.json", openapi),
]
