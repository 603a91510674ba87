"""What every dashboard page and API answer shares: the session, the ETag and cache,
the templates (autoescaped), the safety headers and the Indonesian error answers.

Each answer carries an ETag made from ``data.data_version`` and the request, and is kept
in a small in-process cache under it: a wall screen reloading every few minutes, or a
command-centre page polling the API, costs one cheap query until a crawl writes
something. JSON answers may be cached for ``cache_seconds``; pages are revalidated.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from typing import Any

import jinja2
from markupsafe import Markup
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from opdcrawl.report import charts, guide, wording
from opdcrawl.report.html import safe_href
from opdcrawl.report.tabular import iso
from opdcrawl.web import data
from opdcrawl.web import wording as web_wording
from opdcrawl.web.filters import FilterError

CACHE_ENTRIES = 128
# Inline styles are needed by the reports' SVG charts; scripts only from this app.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)


class NotFound(LookupError):
    """An unknown region or OPD: 404 with the Indonesian message."""


class AnswerCache:
    """A small LRU of finished answers, keyed by ETag (thread-safe)."""

    def __init__(self, size: int = CACHE_ENTRIES) -> None:
        self.size = size
        self.entries: OrderedDict[str, tuple[int, bytes, str]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> tuple[int, bytes, str] | None:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key: str, value: tuple[int, bytes, str]) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)


def json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    raise TypeError(f"not JSON: {type(value).__name__}")


def to_json(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, default=json_default).encode("utf-8")


def _href(url: str | None) -> Markup | None:
    """The reports' link rule (``report.html.safe_href``): http(s) only, escaped once."""
    found = safe_href(url)
    return Markup(found) if found is not None else None


def templates() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("opdcrawl.web", "templates"),
        autoescape=True,  # every template, whatever its name: crawled values are hostile
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        wording=wording,
        guide=guide,
        web=web_wording,
        charts=charts,
        markup=Markup,
        category_style=wording.category_style,
        category_label=wording.category_label,
    )
    env.filters.update(
        href=_href,
        date=wording.date_text,
        datetime=lambda value: wording.date_text(value, with_time=True),
        short_date=wording.short_date,
        channel_name=lambda kind: wording.CHANNEL_NAMES.get(kind, kind),
        combine_wall=lambda params, wall: {**params, "wall": "1"} if wall else params,
    )
    return env


class SecurityHeaders:
    """Headers on every answer: no MIME sniffing, no referrer, and a CSP on pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


Build = Callable[[Request, Session], tuple[int, Any]]


def answer(kind: str) -> Callable[[Build], Callable[[Request], Response]]:
    """Wrap a builder ``(request, session) -> (status, page text or JSON document)``
    with the session, the ETag/304 and cache, and the Indonesian error answers."""

    def wrap(build: Build) -> Callable[[Request], Response]:
        def endpoint(request: Request) -> Response:
            state = request.app.state
            media = "text/html; charset=utf-8" if kind == "html" else "application/json"
            control = "no-cache" if kind == "html" else f"max-age={state.cache_seconds}"
            try:
                with state.sessions() as session:
                    version = data.data_version(session)
                    key = hashlib.sha256(
                        f"{kind}|{version}|{request.url.path}|{request.url.query}".encode()
                    ).hexdigest()[:32]
                    etag = f'"{key}"'
                    headers = {"ETag": etag, "Cache-Control": control}
                    if etag in request.headers.get("if-none-match", ""):
                        return Response(status_code=304, headers=headers)
                    cached = state.cache.get(etag)
                    if cached is None:
                        status, content = build(request, session)
                        body = content.encode("utf-8") if kind == "html" else to_json(content)
                        cached = (status, body, media)
                        state.cache.put(etag, cached)
            except FilterError as error:
                return _error(request, kind, 400, str(error))
            except NotFound as error:
                return _error(request, kind, 404, str(error))
            except SQLAlchemyError:
                return _error(request, kind, 503, web_wording.ERRORS["database"])
            except LookupError as error:  # the report layer: unknown region, empty database
                return _error(request, kind, 404, str(error.args[0] if error.args else error))
            status, body, media = cached
            if status != 200:
                headers = {"Cache-Control": "no-store"}
            return Response(body, status_code=status, media_type=media, headers=headers)

        endpoint.__name__ = build.__name__
        endpoint.__doc__ = build.__doc__
        return endpoint

    return wrap


def _error(request: Request, kind: str, status: int, message: str) -> Response:
    headers = {"Cache-Control": "no-store"}
    if kind == "json":
        return Response(
            to_json({"error": message, "status": status}),
            status_code=status,
            media_type="application/json",
            headers=headers,
        )
    page = request.app.state.templates.get_template("error.html").render(
        message=message, status=status, wall=False, refresh=0, request_path=request.url.path
    )
    return Response(
        page, status_code=status, media_type="text/html; charset=utf-8", headers=headers
    )


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        message = web_wording.ERRORS["method"].format(method=request.method)
    else:
        message = web_wording.ERRORS["not_found"]
    kind = "json" if request.url.path.startswith("/api") else "html"
    response = _error(request, kind, exc.status_code, message)
    if exc.status_code == 405:
        response.headers["Allow"] = "GET, HEAD"
    return response
