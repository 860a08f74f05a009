"""Real browser: Debian's Chromium driven by Playwright over a local server of the built fixture site."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from conftest import PROJECT_DIR

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = PROJECT_DIR / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def open_page(browser: Browser, url: str, width: int = 1280, height: int = 900) -> tuple[Page, list[str], list[str]]:
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="networkidle")
    return page, errors, requests


def test_village_chart_draws_from_the_sites_own_scripts(browser: Browser, server: str) -> None:
    page, errors, requests = open_page(browser, f"{server}/desa/33.26.02.2008/")
    page.wait_for_selector(".labkem-chart-drawn svg", timeout=15_000)
    marks = page.locator(".labkem-chart svg path, .labkem-chart svg line").count()
    assert marks > 4
    assert errors == []
    hosts = {urlparse(url).netloc for url in requests}
    assert hosts == {urlparse(server).netloc}
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "desa-botosari.png"), full_page=True)
    page.close()


def test_phone_viewport_has_no_horizontal_scroll(browser: Browser, server: str) -> None:
    for path in ("/desa/33.26.02.2008/", "/kabupaten/33.26/", "/"):
        page, errors, _ = open_page(browser, server + path, width=360, height=740)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
        assert errors == []
        page.close()


def test_village_table_is_sortable_by_households(browser: Browser, server: str) -> None:
    page, errors, _ = open_page(browser, f"{server}/kecamatan/33.26.02/")
    header = page.locator("table.labkem-sortable th", has_text="Rumah tangga")
    header.click()
    values = page.locator("table.labkem-sortable tbody tr td:nth-child(4)").evaluate_all(
        "cells => cells.map(c => Number(c.dataset.sort))"
    )
    assert values == sorted(values) or values == sorted(values, reverse=True)
    assert len(values) == 4
    header.click()
    again = page.locator("table.labkem-sortable tbody tr td:nth-child(4)").evaluate_all(
        "cells => cells.map(c => Number(c.dataset.sort))"
    )
    assert again == list(reversed(values))
    assert errors == []
    page.close()


def test_village_numbers_are_readable_without_javascript(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/desa/33.26.02.2008/")
    assert page.locator("table.labkem-indicators tbody tr").count() == 20
    assert "rumah tangga" in page.locator("article").inner_text()
    context.close()
