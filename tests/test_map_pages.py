"""Maps on the sample site: drawn at build time, read without JavaScript, enhanced with it (real Chromium)."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from test_browser import open_page

from conftest import PROJECT_DIR, serve

BOTOSARI = "33.26.02.2008"
PEKALONGAN = "33.26"


@pytest.fixture(scope="module")
def sample_server(sample_site: Path) -> Iterator[str]:
    yield from serve(sample_site)


def village_codes(kabupaten: str) -> set[str]:
    with (PROJECT_DIR / "datapackages" / "wilayah" / "desa.csv").open(encoding="utf-8") as handle:
        return {line.split(",", 1)[0] for line in handle if line.startswith(kabupaten + ".")}


def test_regency_map_draws_every_village_as_a_link(sample_site: Path) -> None:
    html = (sample_site / "kabupaten" / PEKALONGAN / "index.html").read_text(encoding="utf-8")
    figure = BeautifulSoup(html, "html.parser").select_one("figure.labkem-map")
    assert figure is not None
    links = figure.select("svg a[href]")
    codes = {re.search(r"desa/([\d.]+)/", str(a["href"])).group(1) for a in links}  # type: ignore[union-attr]
    assert codes == village_codes(PEKALONGAN) and len(codes) == 285
    assert all(a.get("aria-label") and a.find("path") for a in links)
    # the legend in words, the licence and caveat, the map as a file
    assert "sampai" in figure.select_one(".labkem-legend").get_text()  # type: ignore[union-attr]
    credit = figure.select_one(".labkem-map-credit").get_text(" ", strip=True)  # type: ignore[union-attr]
    assert "cahyadsn/wilayah_boundaries" in credit and "MIT" in credit and "indikatif" in credit


@pytest.mark.parametrize("kabupaten", ["33.26", "33.27", "33.06"])
def test_a_regency_map_stays_within_its_budget(sample_site: Path, kabupaten: str) -> None:
    """The regency map, as its page carries it (every shape inline, with its link and label)."""
    html = (sample_site / "kabupaten" / kabupaten / "index.html").read_text(encoding="utf-8")
    figure = re.search(r'<figure class="labkem-map".*?</figure>', html, re.S)
    assert figure is not None
    data = figure.group(0).encode()
    assert len(data) < 150_000 and len(gzip.compress(data)) < 50_000


def test_indicator_district_and_village_pages_carry_colours_not_shapes(sample_site: Path) -> None:
    """Twenty indicator maps, a district's map and its villages' locators draw from two kinds of geometry file,
    fetched once."""
    indicator = (sample_site / "indikator" / PEKALONGAN / "rt_desil_1" / "index.html").read_text(encoding="utf-8")
    village = (sample_site / "desa" / BOTOSARI / "index.html").read_text(encoding="utf-8")
    geometry = (sample_site / "indikator" / PEKALONGAN / "batas.svg").read_text(encoding="utf-8")
    ids = set(re.findall(r'<path id="(\w+)"', geometry))
    used = set(re.findall(r'<use href="\.\./batas\.svg#(v\w+)" fill=', indicator))
    assert len(used) == 285 and used <= ids and " d=" not in indicator.split("labkem-map")[1]
    assert '<use href="../batas.svg#garis"' in indicator  # district outlines
    # the locator: the district's shapes by reference, Botosari highlighted
    district = (sample_site / "kecamatan" / "33.26.02" / "batas.svg").read_text(encoding="utf-8")
    located = re.findall(r'<use href="\.\./\.\./kecamatan/33\.26\.02/batas\.svg#(\w+)" fill="([^"]+)"', village)
    assert located == [("semua", "#d4d4d4"), ("v022008", "#3b528b")]  # the district, then Botosari over it
    assert {"semua", "v022008"} <= set(re.findall(r'<path id="(\w+)"', district))
    # the district's own map: each of its villages by reference into the same file, as a link
    page = (sample_site / "kecamatan" / "33.26.02" / "index.html").read_text(encoding="utf-8")
    figure = page.split('<figure class="labkem-map"')[1].split("</figure>")[0]
    linked = re.findall(r'<a href="\.\./\.\./desa/([\d.]+)/" aria-label="[^"]+"><use href="batas\.svg#(v\d+)"', figure)
    codes = {c for c in village_codes(PEKALONGAN) if c.startswith("33.26.02.")}
    assert {code for code, _ in linked} == codes and len(linked) == 15
    assert {ref for _, ref in linked} <= set(re.findall(r'<path id="(\w+)"', district)) and " d=" not in figure


def test_boundaries_are_published_as_geojson_with_their_licence(sample_site: Path) -> None:
    api = json.loads((sample_site / "api" / "v1" / "index.json").read_text(encoding="utf-8"))
    path = api["jalur"]["batas_kabupaten"].replace("{kode_kabupaten}", PEKALONGAN)
    collection = json.loads((sample_site / path).read_text(encoding="utf-8"))
    assert {f["properties"]["kode"] for f in collection["features"]} == village_codes(PEKALONGAN)
    catalogue = (sample_site / "dcat.jsonld").read_text(encoding="utf-8")
    assert "application/geo+json" in catalogue and "wilayah_boundaries" in catalogue


def test_the_map_is_there_without_javascript(browser: Browser, sample_server: str) -> None:
    page, errors, _ = open_page(browser, f"{sample_server}/kabupaten/{PEKALONGAN}/", script=False)
    shapes = page.locator("figure.labkem-map svg a path")
    assert shapes.count() == 285
    box = page.locator("figure.labkem-map > svg").bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 300
    page.locator(f'figure.labkem-map a[href$="desa/{BOTOSARI}/"]').click()
    page.wait_for_url(f"**/desa/{BOTOSARI}/")
    assert "Botosari" in page.title()
    assert errors == []
    page.context.close()


def test_tooltip_and_keyboard_focus_move_over_villages(browser: Browser, sample_server: str) -> None:
    page, errors, requests = open_page(browser, f"{sample_server}/kabupaten/{PEKALONGAN}/")
    botosari = page.locator(f'figure.labkem-map a[href$="desa/{BOTOSARI}/"]')
    botosari.hover()
    tip = page.locator(".labkem-map-tip")
    assert tip.is_visible() and tip.inner_text().startswith("Botosari: ")
    assert page.locator("figure.labkem-map .labkem-map-ring").count() == 1
    # keyboard: focus the first village, then Tab moves to the next village of the map
    first = page.locator("figure.labkem-map svg a").first
    first.focus()
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    page.keyboard.press("Tab")
    after = page.evaluate(
        "[document.activeElement.closest('svg') !== null, document.activeElement.getAttribute('aria-label')]"
    )
    assert after[0] is True and after[1] and after[1] != label
    assert tip.is_visible() and tip.inner_text() == after[1]
    # and the map's 285 stops can be skipped: the skip link leads past the map
    page.locator("figure.labkem-map .labkem-skip").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('figure.labkem-map') === null")
    assert errors == []
    assert {urlparse(url).netloc for url in requests} == {urlparse(sample_server).netloc}
    page.context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/",
        f"/kabupaten/{PEKALONGAN}/",
        "/kecamatan/33.26.02/",
        f"/indikator/{PEKALONGAN}/rt_desil_1/",
        f"/desa/{BOTOSARI}/",
    ],
)
def test_pages_with_maps_fit_a_phone(browser: Browser, sample_server: str, path: str) -> None:
    page, errors, requests = open_page(browser, sample_server + path, width=360)
    assert page.locator("figure.labkem-map").count() >= 1
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert errors == []
    assert {urlparse(url).netloc for url in requests} == {urlparse(sample_server).netloc}
    page.context.close()


def test_maps_drawn_from_a_geometry_file_show_without_javascript(browser: Browser, sample_server: str) -> None:
    for path, count in (
        (f"/indikator/{PEKALONGAN}/rt_desil_1/", 285),
        ("/kecamatan/33.26.02/", 15),
        (f"/desa/{BOTOSARI}/", 2),
    ):
        page, errors, _ = open_page(browser, sample_server + path, script=False)
        uses = page.locator("figure.labkem-map svg use:not([href$='#garis'])")
        drawn = uses.evaluate_all("uses => uses.filter(u => u.getBBox().width > 0).length")
        assert uses.count() == drawn == count, path  # each reference drew its shape
        assert errors == []
        page.context.close()
