"""``opdcrawl inspect``: show what the crawl reads on one site, URL or saved file.

For the operator who asks "why is this OPD marked Tidak Aktif?": given a site's address
it reads the whole site as the ``websites`` spider does (the same reader, the same
requests) and prints the category it would get, its posts and the notes on what was not
counted and why; given one document (a saved file, or ``--dokumen``) it prints what that
document shows. No crawl is run and the database is not touched.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from w3lib.encoding import html_to_unicode

from opdcrawl.dates import JAKARTA

if TYPE_CHECKING:
    from opdcrawl.inspection import Inspection

__all__ = ["add_arguments", "run"]

FETCH_TIMEOUT_SECONDS = 20
MAX_BODY_BYTES = 8 * 1024 * 1024


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", help="URL http(s) atau path berkas yang disimpan")
    parser.add_argument("--json", action="store_true", help="cetak hasil sebagai JSON")
    parser.add_argument("--url", help="URL asli berkas (untuk tautan relatif); bawaan: file://…")
    parser.add_argument(
        "--dokumen",
        action="store_true",
        help="baca hanya dokumen ini, walau alamatnya beranda situs (bawaan untuk beranda: "
        "seluruh situs dibaca seperti crawl)",
    )
    parser.add_argument(
        "--now",
        help="waktu crawl ISO 8601, mis. 2026-11-23T10:00:00+07:00 (bawaan: sekarang, WIB)",
    )


def run(args: argparse.Namespace) -> int:
    from opdcrawl.inspection import inspect_document, inspect_site, to_json

    try:
        now = _parse_now(args.now)
    except ValueError:
        print(f"Format --now tidak dikenali: {args.now!r} (pakai ISO 8601).", file=sys.stderr)
        return 2
    target: str = args.target
    if target.startswith(("http://", "https://")):
        try:
            body, url, content_type = _fetch(target)
        except urllib.error.HTTPError as error:
            print(f"Gagal mengambil {target}: server menjawab HTTP {error.code}.", file=sys.stderr)
            return 2
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            print(f"Gagal mengambil {target}: {reason}", file=sys.stderr)
            return 2
    else:
        path = Path(target)
        if not path.is_file():
            print(f"Berkas tidak ditemukan: {target}", file=sys.stderr)
            return 2
        body = path.read_bytes()
        url = args.url or path.resolve().as_uri()
        content_type = None

    if target.startswith(("http://", "https://")) and _is_site_root(target) and not args.dokumen:
        from opdcrawl.website_reader import Fetched

        text = html_to_unicode(content_type, body)[1]
        headers = {"content-type": content_type} if content_type else {}
        homepage = Fetched(url=url, status=200, body=body, text=text, headers=headers)
        inspection = inspect_site(target, now=now, fetch=_urllib_fetch, homepage=homepage)
    else:
        inspection = inspect_document(body, url, now=now, content_type=content_type)
    if args.json:
        print(json.dumps(to_json(inspection), ensure_ascii=False, indent=2))
    else:
        print(_render(inspection, url))
    return 0


def _parse_now(value: str | None) -> datetime:
    if not value:
        return datetime.now(JAKARTA)
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=JAKARTA)


def _is_site_root(url: str) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return not parts.query and parts.path.strip("/").lower() in {"", "index.php", "index.html"}


async def _urllib_fetch(check, url, *, kind, keep_errors=False, render=False,  # type: ignore[no-untyped-def]
                        obey_robots=True, failures=None, headers=None):  # fmt: skip
    """The crawl's Fetcher, with urllib in a thread instead of Scrapy's engine.

    robots.txt is not consulted and nothing is rendered in a browser: inspect reads the
    plain HTML, and says so when a page needs JavaScript.
    """
    import asyncio

    from opdcrawl.website_reader import Fetched

    check.sources_tried.append(f"{kind} {url}")
    check.requests += 1
    if render:
        return None
    try:
        body, final_url, content_type = await asyncio.to_thread(_fetch, url, headers)
        status = 200
    except urllib.error.HTTPError as error:
        if not keep_errors:
            return None
        body, final_url, status = error.read()[:MAX_BODY_BYTES], url, error.code
        content_type = error.headers.get("Content-Type")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError):
        return None
    text = None
    if content_type is None or any(t in content_type for t in ("text", "xml", "json", "html")):
        text = html_to_unicode(content_type, body)[1]
    headers = {"content-type": content_type} if content_type else {}
    return Fetched(url=final_url, status=status, body=body, text=text, headers=headers)


def _fetch(url: str, headers: dict[str, str] | None = None) -> tuple[bytes, str, str | None]:
    from opdcrawl.settings import USER_AGENT

    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, **(headers or {})})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as response:
        body = response.read(MAX_BODY_BYTES)
        return body, response.geturl(), response.headers.get("Content-Type")


def _render(inspection: Inspection, url: str) -> str:
    from opdcrawl.dates import to_jakarta
    from opdcrawl.inspection import KIND_LABELS

    lines = [
        f"Dokumen        : {url}",
        f"CMS            : {_cms_label(inspection.cms)}",
        f"Jenis dokumen  : {KIND_LABELS.get(inspection.kind, inspection.kind)} ({inspection.kind})",
        f"Jumlah posting : {len(inspection.posts)}",
    ]
    if inspection.posts:
        rows = [("Tanggal terbit", "Tanggal mentah", "Sumber", "URL")]
        for post in sorted(
            inspection.posts,
            key=lambda p: p.published_at.timestamp() if p.published_at else float("-inf"),
            reverse=True,
        ):
            rows.append(
                (
                    to_jakarta(post.published_at).isoformat(" ", "minutes")
                    if post.published_at
                    else "-",
                    _clip(post.raw_date or "-", 36),
                    post.source or "-",
                    post.url,
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines.append("")
        for index, row in enumerate(rows):
            lines.append(
                "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3]
            )
            if index == 0:
                lines.append("  ".join("-" * width for width in widths) + "  " + "-" * 3)
    if inspection.notes:
        lines.append("")
        lines.append("Catatan:")
        lines.extend(
            f"- {note}" if not note.startswith("  ") else note for note in inspection.notes
        )
    lines.append("")
    last = inspection.last_post
    if last is not None and last.published_at is not None:
        lines.append(
            f"Tanggal posting terakhir: {to_jakarta(last.published_at).date().isoformat()} "
            f"(sumber: {last.source}, {last.url})"
        )
    else:
        lines.append("Tidak ditemukan tanggal posting yang dapat dipercaya")
    if inspection.category:
        lines.append(f"Kategori (seperti hasil crawl): {inspection.category}")
    return "\n".join(lines)


def _cms_label(cms: str | None) -> str:
    return cms if cms and cms != "unknown" else "tidak diketahui"


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
