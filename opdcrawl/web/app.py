"""The Starlette application: the dashboard's routes, static files and CORS.

Why Starlette, Jinja2 and uvicorn: a small, well-kept ASGI toolkit whose routing,
static files, CORS middleware and Jinja2 integration are all this read-only dashboard
needs, without an ORM or form layer of its own (the data comes from the report layer);
Jinja2 autoescapes every value from a crawled site; uvicorn is the reference ASGI
server. Every route is GET (HEAD): there is no write path and no admin surface. What
each answer shares (cache, templates, headers, errors) is ``opdcrawl.web.endpoint``.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from opdcrawl.db.engine import session_factory
from opdcrawl.web.endpoint import AnswerCache, SecurityHeaders, http_error, templates


def create_app(
    engine: Engine,
    *,
    refresh_seconds: int = 300,
    cache_seconds: int = 60,
    cors_origins: list[str] | tuple[str, ...] = ("*",),
) -> Starlette:
    """The dashboard over ``engine`` (read only; the caller owns the engine)."""
    from opdcrawl.web import api, pages

    api_routes = [Route(path, endpoint, methods=["GET"]) for path, endpoint in api.ROUTES]
    routes = [
        *(Route(path, endpoint, methods=["GET"]) for path, endpoint in pages.ROUTES),
        Mount(
            "/api",
            routes=api_routes,
            middleware=[
                Middleware(
                    CORSMiddleware,
                    allow_origins=list(cors_origins),
                    allow_methods=["GET", "HEAD"],
                    allow_credentials=False,
                    expose_headers=["ETag"],
                    max_age=3600,
                )
            ],
        ),
        Mount("/static", StaticFiles(packages=[("opdcrawl.web", "static")]), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityHeaders)],
        exception_handlers={HTTPException: http_error},
    )
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.templates = templates()
    app.state.cache = AnswerCache()
    app.state.refresh_seconds = refresh_seconds
    app.state.cache_seconds = cache_seconds
    return app
