"""The dashboard in Debian's Chromium: it draws, filters, fetches nothing from elsewhere.

The real server (uvicorn on 127.0.0.1, free port) over the report tests' region; every
request to another host is refused and recorded, so the page is shown to work offline
(no CDN). The PNG check is the HTML report's (``tests/test_report_browser.png_pixels``).
Set ``OPDCRAWL_DASHBOARD_PNG=docs/dashboard-demo.png`` to keep the picture (the README's).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy.engine import Engine

from opdcrawl.report.screenshot import CHROMIUM_ARGS, chromium_path
from opdcrawl.web.app import create_app
from opdcrawl.web.server import BackgroundServer
from tests import test_report_data
from tests.test_report_browser import png_pixels
from tests.test_report_data import LATEST_SENTENCE, REGION

report_data = test_report_data.report_data  # the shared fixture, registered here

pytestmark = [pytest.mark.browser, pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)]


@pytest.fixture
def server(db_engine: Engine, report_data: dict) -> Iterator[BackgroundServer]:
    with BackgroundServer(create_app(db_engine, refresh_seconds=120)) as running:
        yield running


@pytest.fixture
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), args=list(CHROMIUM_ARGS)
        )
        try:
            yield launched
        finally:
            launched.close()


def open_page(browser, server: BackgroundServer, width: int, height: int):  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": width, "height": height})
    seen: dict[str, list[str]] = {"dialogs": [], "blocked": [], "errors": []}
    own = urlsplit(server.url).netloc

    def on_route(route) -> None:  # type: ignore[no-untyped-def]
        if urlsplit(route.request.url).netloc == own:
            route.continue_()
        else:
            seen["blocked"].append(route.request.url)
            route.abort()

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.route("**/*", on_route)
    page.on("dialog", on_dialog)
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    return page, seen


def test_dashboard_summary_table_filter_and_screenshot(
    server: BackgroundServer, browser, tmp_path: Path
) -> None:
    page, seen = open_page(browser, server, 1280, 900)
    page.goto(server.url, wait_until="load")
    sentences = page.locator("#wilayah-" + REGION + " .sentence")
    assert sentences.inner_text() == LATEST_SENTENCE
    rows = page.locator("#opd-table tbody tr")
    assert rows.count() == 11  # Kota Uji's ten OPDs and Kab Lain's one
    assert page.locator("#row-count").inner_text() == "11 dari 11 OPD ditampilkan"
    first = rows.nth(1).locator("td")
    assert first.nth(0).inner_text() == "B" and first.nth(4).inner_text() == "Tidak Aktif"

    # The filter: choosing a category submits the form (the page's own script).
    with page.expect_navigation():
        page.select_option("select[name=category]", "Tidak Aktif")
    assert "category=Tidak+Aktif" in page.url
    assert [rows.nth(i).locator("td").nth(0).inner_text() for i in range(rows.count())] == ["B"]
    assert page.locator("#row-count").inner_text() == "1 dari 11 OPD ditampilkan"
    assert page.locator("select[name=category]").input_value() == "Tidak Aktif"

    # Sorting by a header link, then the OPD's page with its escaped crawled title.
    page.goto(server.url + "?sort=-score", wait_until="load")
    assert rows.nth(0).locator("td").nth(0).inner_text() == "A"
    page.click(f'a[href="/opd/{REGION}/B"] >> nth=0')
    page.wait_for_load_state("load")
    assert page.locator("#opd-name").inner_text() == "Dinas Pendidikan"
    assert "<script>alert(1)</script>" in page.locator("#history").inner_text()

    page.goto(server.url + f"?region={REGION}", wait_until="load")
    png = page.screenshot()
    assert seen["dialogs"] == []  # the crawled <script> title never ran
    assert seen["blocked"] == []  # nothing fetched from another host
    assert seen["errors"] == []
    width, height, pixels = png_pixels(png)
    assert (width, height) == (1280, 900)
    sample = [row[i : i + 3] for row in pixels[::4] for i in range(0, len(row), 12)]
    assert len(set(sample)) > 20, len(set(sample))  # header, badges, bars, text
    assert sum(1 for pixel in sample if min(pixel) < 235) / len(sample) > 0.1
    keep = os.environ.get("OPDCRAWL_DASHBOARD_PNG")
    if keep:  # the README's picture: taller, so the table shows below the warnings
        page.set_viewport_size({"width": 1280, "height": 1700})
        Path(keep).write_bytes(page.screenshot())


def test_wall_screen_and_phone_layouts(server: BackgroundServer, browser) -> None:
    page, seen = open_page(browser, server, 1280, 900)
    page.goto(server.url, wait_until="load")
    normal = page.locator(".sentence >> nth=0").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    page.goto(server.url + "?wall=1", wait_until="load")
    wall = page.locator(".sentence >> nth=0").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert wall > 1.5 * normal
    assert page.locator('meta[http-equiv="refresh"]').get_attribute("content") == "120"

    phone, phone_seen = open_page(browser, server, 390, 844)
    phone.goto(server.url, wait_until="load")
    assert (
        phone.locator("#opd-table th.col-url").evaluate("e => getComputedStyle(e).display")
        == "none"
    )
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, overflow  # only the table scrolls sideways, not the page
    assert seen["blocked"] == phone_seen["blocked"] == []
