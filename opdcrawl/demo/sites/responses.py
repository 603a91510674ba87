"""What a demo site answers: a status, headers and a body, and builders for each kind."""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Response:
    """What a demo site answers; the server adds Content-Length, Date and Server."""

    status: int
    headers: dict[str, str]
    body: bytes


def html_response(
    page: str, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(
        status, {"Content-Type": "text/html; charset=UTF-8", **(headers or {})}, page.encode()
    )


def text_response(body: str, status: int = 200) -> Response:
    return Response(status, {"Content-Type": "text/plain; charset=UTF-8"}, body.encode())


def xml_response(body: str, content_type: str = "application/xml; charset=UTF-8") -> Response:
    return Response(200, {"Content-Type": content_type}, body.encode())


def json_response(
    payload: object, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    body = json.dumps(payload, ensure_ascii=False).encode()
    return Response(
        status, {"Content-Type": "application/json; charset=UTF-8", **(headers or {})}, body
    )


def redirect_response(location: str, status: int = 302) -> Response:
    return Response(status, {"Location": location, "Content-Type": "text/html; charset=UTF-8"}, b"")


# A 1x1 transparent GIF, so image URLs in the pages resolve to something real.
PIXEL_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def asset_response(path: str) -> Response:
    """Theme files and uploads: an empty stylesheet or script, or a one-pixel image."""
    if path.endswith(".css"):
        return Response(200, {"Content-Type": "text/css"}, b"/* demo */\n")
    if path.endswith(".js"):
        return Response(200, {"Content-Type": "application/javascript"}, b"/* demo */\n")
    return Response(200, {"Content-Type": "image/gif"}, PIXEL_GIF)


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def rss_document(
    title: str, link: str, description: str, items: list[tuple[str, str, str, str]]
) -> str:
    """An RSS 2.0 channel; ``items`` are (title, link, pubDate as printed, description)."""
    entries = "".join(
        f'<item><title>{esc(t)}</title><link>{esc(u)}</link><guid isPermaLink="true">'
        f"{esc(u)}</guid><pubDate>{esc(d)}</pubDate><description><![CDATA[{s}]]>"
        f"</description></item>\n"
        for t, u, d, s in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{esc(title)}</title><link>{esc(link)}</link>"
        f"<description>{esc(description)}</description><language>id-ID</language>\n"
        f"{entries}</channel>\n</rss>\n"
    )
