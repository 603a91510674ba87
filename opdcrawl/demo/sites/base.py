"""What every demo site is: a tiny router from one request to one Response.

Sites know nothing about sockets, so a shape can be tested and reused without a server.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import ClassVar

from opdcrawl.demo.sites.dates import JAKARTA
from opdcrawl.demo.sites.opd import SiteSpec
from opdcrawl.demo.sites.posts import DemoPost, Schedule, Theme, make_posts, schedule_dates
from opdcrawl.demo.sites.responses import Response, esc, html_response, text_response

Query = Mapping[str, str]


class DemoSite:
    """A demo website: routes one request to one Response; read-only after construction.

    Subclasses set ``theme`` and ``schedule`` (or no posts) and implement :meth:`route`.
    Every site answers ``/robots.txt``.
    """

    shape: ClassVar[str] = ""
    server_software: ClassVar[str] = "Apache/2.4.41 (Ubuntu)"
    theme: ClassVar[Theme | None] = None
    schedule: ClassVar[Schedule | None] = None
    robots: ClassVar[str] = "User-agent: *\nDisallow:\n"

    def __init__(self, spec: SiteSpec, now: datetime, base_url: str) -> None:
        self.spec = spec
        self.now = now.astimezone(JAKARTA)
        self.today = self.now.date()
        self.base_url = base_url.rstrip("/")
        self.posts: list[DemoPost] = self._make_posts()

    def _first_days_ago(self) -> int | None:
        return None

    def _make_posts(self) -> list[DemoPost]:
        if self.theme is None or self.schedule is None:
            return []
        moments = schedule_dates(
            self.spec.code, self.today, self.schedule, first=self._first_days_ago()
        )
        return make_posts(self.spec.code, self.theme, moments)

    @property
    def org_name(self) -> str:
        return f"{self.spec.name} Kota Demo"

    def abs_url(self, path: str) -> str:
        return self.base_url + path

    def handle(
        self, path: str, query: Query | None = None, method: str = "GET", body: bytes = b""
    ) -> Response:
        """Answer one request; ``query`` holds the first value of each parameter."""
        query = query or {}
        if path == "/robots.txt":
            return text_response(self.robots_text())
        return self.route(path, query, method.upper(), body)

    def robots_text(self) -> str:
        return self.robots

    def route(self, path: str, query: Query, method: str, body: bytes) -> Response:
        raise NotImplementedError

    def not_found(self) -> Response:
        page = (
            f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>404 - Halaman "
            f"tidak ditemukan</title></head><body><h1>404</h1><p>Halaman yang Anda cari tidak "
            f"ditemukan di {esc(self.org_name)}.</p><p><a href='/'>Kembali ke beranda</a></p>"
            f"</body></html>"
        )
        return html_response(page, 404)

    def page_of(self, items: list[DemoPost], page: int, per_page: int) -> list[DemoPost]:
        start = (page - 1) * per_page
        return items[start : start + per_page] if page >= 1 else []

    def pages_total(self, per_page: int) -> int:
        return max(1, -(-len(self.posts) // per_page))


def int_param(value: str | None, default: int) -> int:
    """A query or form value as a whole number; ``default`` if absent or not one."""
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default
