"""Real browser: Debian's Chromium driven by Playwright over a local server of the built fixture site."""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from playwright.sync_api import Browser, Page

from labkem.core import fmt
from labkem.data import site_settings

from conftest import PROJECT_DIR, serve

ARTIFACTS = PROJECT_DIR / "test-artifacts"


@pytest.fixture(scope="module")
def server(built_site: Path) -> Iterator[str]:
    yield from serve(built_site)


@pytest.fixture(scope="module")
def sample_server(sample_site: Path) -> Iterator[str]:
    yield from serve(sample_site)


def open_page(
    browser: Browser, url: str, width: int = 1280, height: int = 900, script: bool = True
) -> tuple[Page, list[str], list[str]]:
    """A page of its own (its own context: `script=False` turns JavaScript off), with the console's errors and
    every request it made, once the network is idle."""
    context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=script)
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="networkidle")
    return page, errors, requests


def test_village_charts_are_drawn_without_script(browser: Browser, server: str) -> None:
    page, errors, requests = open_page(browser, f"{server}/desa/33.26.02.2008/", script=False)
    charts = page.locator("figure svg.labkem-svgchart")
    assert charts.count() == 3
    for chart in charts.all():
        assert chart.is_visible() and chart.locator("circle, rect, polyline").count() > 4
        # an image named by its caption, which stays on screen as its text alternative
        assert chart.get_attribute("role") == "img"
        caption = page.locator(f"#{chart.get_attribute('aria-labelledby')}")
        assert caption.is_visible() and len(caption.inner_text()) > 40
    assert errors == []
    assert {urlparse(url).netloc for url in requests} == {urlparse(server).netloc}
    assert not [url for url in requests if "vega" in url or "grafik/" in url]
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


# a number cell's value as tablesort is meant to see it: its data-sort, else its Indonesian text read back (a cell
# without a number, "disamarkan" or "–", as 0, as tablesort reads it)
CELL_VALUES = """cells => cells.map(c => c.dataset.sort !== undefined ? Number(c.dataset.sort)
    : Number(c.textContent.trim().replaceAll('.', '').replace(',', '.').replace('\u2212', '-')) || 0)"""


def sorted_column(page: Page, column: int) -> list[float]:
    page.locator(f"table.labkem-sortable thead th:nth-child({column})").click()
    values: list[float] = page.locator(f"table.labkem-sortable tbody tr td:nth-child({column})").evaluate_all(
        CELL_VALUES
    )
    return values


def test_village_table_is_sortable_by_households(browser: Browser, server: str) -> None:
    page, errors, _ = open_page(browser, f"{server}/kecamatan/33.26.02/")
    values = sorted_column(page, 5)
    assert values == sorted(values) or values == sorted(values, reverse=True)
    assert len(values) == 4
    assert sorted_column(page, 5) == list(reversed(values))
    assert errors == []
    page.close()


def test_indicator_table_sorts_changes_and_thousands_as_numbers(browser: Browser, server: str) -> None:
    """Cells without data-sort are read from their text: "−3" must sort below "+2", and "1.906" above "950"."""
    for path, column in (("/indikator/33.26/rt_desil_1/", 5), ("/indikator/33.26/jumlah_rumah_tangga/", 4)):
        page, errors, _ = open_page(browser, server + path)
        values = sorted_column(page, column)  # the change since the first period; the latest period
        assert len(values) >= 5
        assert min(values) < -9 and max(values) > 0 if column == 5 else max(values) >= 1000
        assert values == sorted(values) or values == sorted(values, reverse=True), path
        assert errors == []
        page.close()


def test_village_numbers_are_readable_without_javascript(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/desa/33.26.02.2008/")
    assert page.locator("table.labkem-indicators tbody tr").count() == 20
    assert "rumah tangga" in page.locator("article").inner_text()
    context.close()


def first_member(package: str) -> str:
    import csv

    with (PROJECT_DIR / "datapackages" / package / "program_desa.csv").open(encoding="utf-8") as handle:
        return next(csv.DictReader(handle))["kode_desa"]


VILLAGES = {"pekalongan": "33.26.02.2008", "pemalang": "33.27.04.2010", "purworejo": first_member("kab-purworejo")}


@pytest.mark.parametrize("kode", VILLAGES.values(), ids=VILLAGES.keys())
def test_every_chart_draws_and_the_page_prints_on_one_a4(browser: Browser, sample_server: str, kode: str) -> None:
    page, errors, requests = open_page(browser, f"{sample_server}/desa/{kode}/", width=412, height=900)
    charts = page.locator("figure svg.labkem-svgchart")
    assert charts.count() == 3  # desil trend, deprivation profile, interventions (programme villages have them)
    # the screen reader's name of each chart is its whole description, with or without script
    names = charts.evaluate_all(
        "svgs => svgs.map(s => document.getElementById(s.getAttribute('aria-labelledby')).textContent)"
    )
    assert all(len(name) > 40 for name in names)
    # the deprivation chart has a bar for every number of the table beside it, each with its number, Indonesian
    bars = page.locator("svg[aria-labelledby='keterangan-profil'] rect title").evaluate_all(
        "titles => titles.map(t => t.textContent)"
    )
    numbers = page.locator("#tabel-deprivasi tbody td").evaluate_all(
        "cells => cells.map(c => c.textContent.trim()).filter(t => /^[0-9.]+(,[0-9])?$/.test(t))"
    )
    assert len(numbers) > 10
    assert sorted(b.rsplit(": ", 1)[1] for b in bars if not b.endswith("disamarkan")) == sorted(numbers)
    assert all(re.fullmatch(r".+: (disamarkan|[0-9.]+,[0-9])", b) for b in bars), bars
    assert errors == []
    assert {urlparse(url).netloc for url in requests} == {urlparse(sample_server).netloc}
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    share = page.locator("a.labkem-share").get_attribute("href") or ""
    assert share.startswith("https://wa.me/?text=") and quote(f"/desa/{kode}/", safe="") in share
    assert quote("Profil Desa ", safe="") in share  # the message, then the address
    page.close()


# every element the print shows that holds text of its own, with its font size in CSS pixels (9 pt is 12 px)
PRINTED_TEXT = """() => Array.from(document.querySelectorAll(".md-content *"))
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden"
    && Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(el => [el.tagName + "." + el.className, parseFloat(getComputedStyle(el).fontSize)])"""


@pytest.mark.parametrize("kode", VILLAGES.values(), ids=VILLAGES.keys())
def test_a_printed_village_page_is_one_a4_at_nine_points_that_leads_back_to_it(
    browser: Browser, sample_site: Path, sample_server: str, kode: str
) -> None:
    import zxingcpp
    from PIL import Image

    # four device pixels to a CSS pixel, so the printed QR code (24 mm) is photographed sharply enough to read
    context = browser.new_context(viewport={"width": 412, "height": 900}, device_scale_factor=4)
    page = context.new_page()
    page.goto(f"{sample_server}/desa/{kode}/", wait_until="networkidle")
    pdf = page.pdf(format="A4", print_background=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    page.emulate_media(media="print")
    sizes = page.evaluate(PRINTED_TEXT)
    assert len(sizes) > 50
    assert [(what, size) for what, size in sizes if size < 12] == []
    # the synthetic-data warning prints whole, and the foot says where the page is and when its data came out
    assert page.locator(".admonition.warning p:not(.admonition-title)").first.is_visible()
    address = f"{site_settings.read_settings(PROJECT_DIR / 'datapackages')[0].url}desa/{kode}/"
    foot = page.locator(".labkem-print-foot")
    assert foot.is_visible() and address in foot.inner_text()
    release = f"Data rilis {fmt.date(json.loads((sample_site / 'rilis' / 'terbaru.json').read_bytes())['tanggal'])}"
    assert release in foot.inner_text()
    # the QR code, as printed, reads back as the page's address
    image = Image.open(io.BytesIO(foot.locator("svg.labkem-qr").screenshot()))
    assert [code.text for code in zxingcpp.read_barcodes(image)] == [address]
    context.close()


def test_first_load_stays_under_one_megabyte_gzipped(browser: Browser, sample_server: str) -> None:
    page = browser.new_page()
    sizes: dict[str, int] = {}
    page.on("response", lambda response: sizes.__setitem__(response.url, len(gzip.compress(response.body()))))
    page.goto(f"{sample_server}/desa/33.26.02.2008/", wait_until="networkidle")
    html = [size for url, size in sizes.items() if url.endswith("/desa/33.26.02.2008/")]
    assert html and sum(sizes.values()) < 1_000_000
    raw = (page.content()).encode()
    assert len(raw) < 200_000  # the DOM after charts; the file itself is checked in test_site
    page.close()


def test_finder_reaches_botosari_and_both_mulyorejo(browser: Browser, sample_server: str) -> None:
    page, errors, _ = open_page(browser, f"{sample_server}/")
    page.fill("#cari-desa", "mulyorejo")
    page.wait_for_selector("#hasil-cari li a")
    results = page.locator("#hasil-cari li").all_inner_texts()
    assert len([r for r in results if r.startswith("Desa Mulyorejo")]) == 2
    assert any("Kec. Tirto" in r for r in results) and any("Kec. Kesesi" in r for r in results)
    page.fill("#cari-desa", "33.26.02.2008")
    # the list still shows the Mulyorejo results until the new search answers: wait for its first result
    page.wait_for_function(
        "code => { const link = document.querySelector('#hasil-cari li a'); return link && link.href.endsWith(code); }",
        arg="/desa/33.26.02.2008/",
    )
    page.locator("#hasil-cari li a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/desa/33.26.02.2008/")
    assert page.locator("h1").inner_text().startswith("Desa Botosari")
    assert errors == []
    page.close()


def test_regency_table_filters_by_name(browser: Browser, sample_server: str) -> None:
    page, errors, _ = open_page(browser, f"{sample_server}/kabupaten/33.26/")
    rows = page.locator("#daftar-desa tbody tr")
    assert rows.count() == 285
    page.fill("input.labkem-filter", "mulyorejo")
    assert page.locator("#daftar-desa tbody tr:not([hidden])").count() == 2
    assert errors == []
    page.close()


def test_screenshots_of_village_regency_and_programme_pages(browser: Browser, sample_server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in [
        ("desa", "/desa/33.27.04.2010/"),
        ("kabupaten", "/kabupaten/33.26/"),
        ("program", "/program/lab-kemiskinan/"),
    ]:
        for label, width in (("ponsel", 360), ("layar", 1280)):
            page, errors, _ = open_page(browser, sample_server + path, width=width, height=740)
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (path, width)
            assert errors == []
            page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"), full_page=True)
            page.close()
