"""A PNG picture of an HTML report, taken with the system Chromium through Playwright.

Used for the README picture (``scripts/screenshot_report.py``) and by the tests that
check the page really draws, fits a laptop screen (``measure_html``: a script run in the
page at a given width) and prints (``pdf_html``: Chromium's print to PDF, honouring the
page's ``@page`` size). The page is opened from a file with every network request
refused, so the picture proves the report is self-contained.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM_ARGS: tuple[str, ...] = (
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
)


@dataclass
class Shot:
    png: bytes
    dialogs: list[str] = field(default_factory=list)  # alert/confirm/prompt messages seen
    blocked: list[str] = field(default_factory=list)  # non-file requests the page made
    console_errors: list[str] = field(default_factory=list)


def chromium_path() -> str | None:
    """The Debian Chromium when present; None lets Playwright use its own download."""
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@contextmanager
def _opened(html_path: Path, shot: Shot, *, width: int, height: int) -> Iterator[Any]:
    """A Chromium page showing ``html_path``, every non-file request refused and noted."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=list(CHROMIUM_ARGS)
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": height})

            def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
                shot.dialogs.append(dialog.message)
                dialog.dismiss()

            def on_route(route) -> None:  # type: ignore[no-untyped-def]
                if route.request.url.startswith("file:"):
                    route.continue_()
                else:
                    shot.blocked.append(route.request.url)
                    route.abort()

            page.on("dialog", on_dialog)
            page.on(
                "console",
                lambda message: (
                    message.type == "error" and shot.console_errors.append(message.text)
                ),
            )
            page.route("**/*", on_route)
            page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
            yield page
        finally:
            browser.close()


def screenshot_html(
    html_path: Path,
    png_path: Path | None = None,
    *,
    width: int = 1280,
    height: int = 900,
    full_page: bool = False,
) -> Shot:
    shot = Shot(png=b"")
    with _opened(html_path, shot, width=width, height=height) as page:
        shot.png = page.screenshot(path=str(png_path) if png_path else None, full_page=full_page)
    return shot


def measure_html(html_path: Path, script: str, *, width: int = 1366, height: int = 768) -> Any:
    """The value of the JavaScript expression ``script`` in the page at ``width`` px."""
    with _opened(html_path, Shot(png=b""), width=width, height=height) as page:
        return page.evaluate(script)


def pdf_html(html_path: Path, pdf_path: Path | None = None) -> bytes:
    """The page printed to PDF by Chromium, with the page size its CSS asks for."""
    with _opened(html_path, Shot(png=b""), width=1366, height=768) as page:
        page.emulate_media(media="print")
        return page.pdf(
            path=str(pdf_path) if pdf_path else None,
            prefer_css_page_size=True,
            print_background=True,
        )
