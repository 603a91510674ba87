"""The HTML pages: the dashboard, an OPD's page, the ranking and the API's description.

Each page is a Jinja2 template (autoescaped) over the data of ``opdcrawl.web.data``;
filters are plain GET forms, so everything works without JavaScript (the small script
only submits a filter when it changes). ``?wall=1`` is the wall-screen mode: large type
and a reload every ``refresh_seconds``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from sqlalchemy.orm import Session
from starlette.requests import Request

from opdcrawl.report import wording
from opdcrawl.vocabulary import CHANNEL_KINDS, OPD_KINDS
from opdcrawl.web import data, filters
from opdcrawl.web import wording as web_wording
from opdcrawl.web.endpoint import NotFound, answer
from opdcrawl.web.openapi import document as openapi_document


def _link(path: str, params: dict[str, str] | None = None) -> str:
    query = urlencode({k: v for k, v in (params or {}).items() if v})
    return path + ("?" + query if query else "")


def _render(request: Request, name: str, **context: Any) -> str:
    state = request.app.state
    wall = request.query_params.get("wall") == "1"
    template = state.templates.get_template(name)
    return template.render(
        request_path=request.url.path,
        wall=wall,
        refresh=state.refresh_seconds if wall else 0,
        link=_link,
        **context,
    )


def _regions(session: Session) -> dict[str, str]:
    names = data.region_names(session)
    if not names:
        raise NotFound(web_wording.ERRORS["no_regions"])
    return names


@answer("html")
def dashboard(request: Request, session: Session) -> tuple[int, str]:
    """The region summary, charts, warnings and the filtered OPD table."""
    names = _regions(session)
    chosen = filters.parse(request.query_params, names)
    board = data.load_dashboard(session, chosen)
    return 200, _render(
        request,
        "dashboard.html",
        board=board,
        regions=names,
        opd_kinds=OPD_KINDS,
        categories=wording.CATEGORY_LABELS,
        channels=CHANNEL_KINDS,
        sort_columns=filters.SORT_COLUMNS,
    )


@answer("html")
def opd_page(request: Request, session: Session) -> tuple[int, str]:
    """One OPD: its latest state per channel, the reason, warnings and check history."""
    region, code = request.path_params["region"], request.path_params["code"]
    names = _regions(session)
    if region not in names:
        raise NotFound(web_wording.ERRORS["unknown_region"].format(slug=region))
    page = data.load_opd(session, region, code)
    if page is None:
        raise NotFound(web_wording.ERRORS["unknown_opd"].format(code=code, slug=region))
    return 200, _render(request, "opd.html", page=page, regions=names)


@answer("html")
def ranking_page(request: Request, session: Session) -> tuple[int, str]:
    """The reward-and-punishment ranking per region, with the reports' charts."""
    names = _regions(session)
    chosen = filters.parse(request.query_params, names)
    return 200, _render(
        request,
        "ranking.html",
        ranked=data.ranking(session, chosen.region),
        regions=names,
        board_filters=chosen,
    )


@answer("html")
def api_page(request: Request, session: Session) -> tuple[int, str]:
    """The JSON API, described from the same OpenAPI document the API serves."""
    return 200, _render(request, "api.html", spec=openapi_document(), regions=_regions(session))


ROUTES: list[tuple[str, Any]] = [
    ("/", dashboard),
    ("/opd/{region}/{code}", opd_page),
    ("/peringkat", ranking_page),
    ("/api-doc", api_page),
]
