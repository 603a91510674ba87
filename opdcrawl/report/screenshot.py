"""A PNG picture of an HTML report, taken with the system Chromium through Playwright.

Used for the README picture (``scripts/screenshot_report.py``) and by the tests that
check the page really draws. The page is opened from a file with every network request
refused, so the picture proves the report is self-contained.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

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


def screenshot_html(
    html_path: Path,
    png_path: Path | None = None,
    *,
    width: int = 1280,
    height: int = 900,
    full_page: bool = False,
) -> Shot:
    from playwright.sync_api import sync_playwright

    shot = Shot(png=b"")
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
            shot.png = page.screenshot(
                path=str(png_path) if png_path else None, full_page=full_page
            )
        finally:
            browser.close()
    return shot
