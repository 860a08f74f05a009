"""WCAG 2.1 AA in a real browser: axe-core on every kind of page, at a phone's and a desktop's width, in the light
and the dark scheme; tables that scroll say so and can be scrolled from the keyboard.

axe-core comes from npm, pinned in tools/package-lock.json and installed by `make test` (`npm ci --prefix tools`);
it is injected into each page from that file, never fetched from a CDN.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from conftest import PROJECT_DIR, serve

AXE = PROJECT_DIR / "tools" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"phone": (360, 740), "desktop": (1280, 900)}
# one page of every kind the site has; releases and agencies are looked up in the built site
PAGES = {
    "home": "/",
    "village": "/desa/33.26.02.2008/",
    "district": "/kecamatan/33.26.02/",
    "regency": "/kabupaten/33.26/",
    "regency list": "/kabupaten/",
    "programme": "/program/lab-kemiskinan/",
    "programme list": "/program/",
    "agency": "opd",
    "indicator": "/indikator/33.26/jiwa_disabilitas/",
    "indicator list": "/indikator/",
    "release": "rilis",
    "release list": "/rilis/",
    "data and API": "/data/",
    "about": "/tentang/",
    "guide": "/panduan/",
    "guide page with a checklist": "/panduan/perlindungan-data/",
    "reference": "/referensi/",
    "not found": "/404.html",
    "village card for other sites": "/embed/desa/33.26.02.2008/",
}
# axe's own run: the WCAG 2.0 and 2.1 A and AA rules only
RUN_AXE = """async () => {
  const rules = {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}};
  const result = await axe.run(document, rules);
  return result.violations.map(v => ({id: v.id, impact: v.impact,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + ": " + (n.failureSummary || "").split("\\n")[1])}));
}"""
# every box a table scrolls in (the theme's own wrapper only where it is not inside ours), with what it tells
TABLE_BOXES = """() => Array.from(document.querySelectorAll(".labkem-table-wrap, .md-typeset__scrollwrap"))
  .filter(box => !(box.parentElement && box.parentElement.closest(".labkem-table-wrap")))
  .map(box => {
    const hint = box.nextElementSibling;
    return {scrolls: box.scrollWidth > box.clientWidth + 1, marked: box.classList.contains("labkem-scrolls"),
      tabindex: box.getAttribute("tabindex"), role: box.getAttribute("role"), label: box.getAttribute("aria-label"),
      hint: !!hint && hint.classList.contains("labkem-scroll-hint") && getComputedStyle(hint).display !== "none"};
  })"""


@pytest.fixture(scope="module")
def axe_script() -> str:
    assert AXE.is_file(), f"{AXE} is missing: `make test` installs it (npm ci --prefix tools)"
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(sample_site: Path) -> Iterator[tuple[Path, str]]:
    for url in serve(sample_site):
        yield sample_site, url


def address(site: Path, kind: str) -> str:
    where = PAGES[kind]
    if where.startswith("/"):
        return where
    folders = sorted(path.parent.name for path in (site / where).glob("*/index.html"))
    assert folders, f"the sample site has no {kind} page"
    return f"/{where}/{folders[-1]}/"


def open_page(browser: Browser, url: str, width: int, height: int, scheme: str = "light") -> Page:
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    return page


# the scheme a page is shown in: the theme's, or (the village card, which has no theme) the browser's
SCHEME = """document.body.dataset.mdColorScheme
  || (matchMedia("(prefers-color-scheme: dark)").matches ? "slate" : "default")"""


# the dark scheme at the phone's width, where every page's layout is the tightest
@pytest.mark.parametrize(("width", "scheme"), [("phone", "light"), ("desktop", "light"), ("phone", "dark")])
def test_no_serious_or_critical_violation_on_any_kind_of_page(
    browser: Browser, site: tuple[Path, str], axe_script: str, width: str, scheme: str
) -> None:
    folder, url = site
    found = {}
    for kind in PAGES:
        page = open_page(browser, url + address(folder, kind), *WIDTHS[width], scheme=scheme)
        assert page.evaluate(SCHEME) == ("slate" if scheme == "dark" else "default")
        page.add_script_tag(content=axe_script)
        violations = [v for v in page.evaluate(RUN_AXE) if v["impact"] in {"serious", "critical"}]
        if violations:
            found[kind] = violations
        page.context.close()
    assert found == {}


def test_axe_finds_what_it_is_here_to_find(browser: Browser, site: tuple[Path, str], axe_script: str) -> None:
    """The check above can fail: the site's old teal links (3.8:1 on white) are a serious violation."""
    url = site[1]
    page = open_page(browser, url + "/tentang/", *WIDTHS["desktop"])
    page.add_style_tag(content='[data-md-color-primary="custom"] { --md-typeset-a-color: #009485; }')
    page.add_script_tag(content=axe_script)
    ids = {v["id"] for v in page.evaluate(RUN_AXE) if v["impact"] == "serious"}
    assert "color-contrast" in ids
    page.context.close()


@pytest.mark.parametrize(
    "kind", ["village", "district", "regency", "indicator", "release", "data and API", "guide page with a checklist"]
)
def test_a_table_that_scrolls_on_a_phone_says_so_and_takes_the_keyboard(
    browser: Browser, site: tuple[Path, str], kind: str
) -> None:
    folder, url = site
    page = open_page(browser, url + address(folder, kind), *WIDTHS["phone"])
    boxes = page.evaluate(TABLE_BOXES)
    assert boxes, f"no table on the {kind} page"
    for box in boxes:
        if box["scrolls"]:
            assert box["marked"] and box["hint"], box
            assert (box["tabindex"], box["role"]) == ("0", "region"), box
            assert box["label"].startswith("Tabel") and box["label"].endswith("(geser ke samping)"), box
        else:
            assert not box["marked"] and box["tabindex"] is None, box
    page.context.close()


def test_the_village_tables_scroll_on_a_phone_and_not_on_a_desktop(browser: Browser, site: tuple[Path, str]) -> None:
    url = site[1]
    phone = open_page(browser, url + PAGES["village"], *WIDTHS["phone"])
    key_figures = phone.locator(".labkem-keys")
    label = key_figures.get_attribute("aria-label")
    assert label is not None and label.startswith("Tabel: Angka kunci 20") and "\u00b6" not in label
    heading = key_figures.locator("tbody th").first
    before = heading.bounding_box()
    # the keyboard reaches the box, shows that it has, and the arrow keys scroll it
    phone.keyboard.press("Tab")
    key_figures.focus()
    assert phone.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    phone.keyboard.press("ArrowRight")
    phone.wait_for_function("document.querySelector('.labkem-keys').scrollLeft > 0")
    for _ in range(20):
        phone.keyboard.press("ArrowRight")
    phone.wait_for_function(
        "(box => box.scrollLeft + box.clientWidth >= box.scrollWidth - 1)(document.querySelector('.labkem-keys'))"
    )
    # the row headings stay in view while the figures scroll past them, and the last column comes into view
    after = heading.bounding_box()
    assert before is not None and after is not None and after["x"] == pytest.approx(before["x"], abs=1)
    last = key_figures.locator("thead th").last.bounding_box()
    assert last is not None and last["x"] + last["width"] <= 360
    phone.context.close()
    desktop = open_page(browser, url + PAGES["village"], *WIDTHS["desktop"])
    assert desktop.locator(".labkem-keys").get_attribute("tabindex") is None
    hint = desktop.locator(".labkem-keys + .labkem-scroll-hint")
    assert hint.count() == 0 or not hint.is_visible()
    desktop.context.close()


def back_to_the_box_then_open_the_first(page: Page, box: str, first: str, ups: int) -> None:
    """From a result `ups` results down, ArrowUp leads back to the search box `box`; Enter there opens `first`."""
    for _ in range(ups):
        page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == box
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == first
    page.context.close()


def test_the_finder_works_by_keyboard_alone_and_forgives_a_near_miss(browser: Browser, site: tuple[Path, str]) -> None:
    url = site[1]
    page = open_page(browser, url + "/", *WIDTHS["phone"])
    # Tab reaches the finder within a few stops (the closed menu drawer holds none), and shows where it is
    stops = 0
    while stops < 8 and page.evaluate("document.activeElement.id") != "cari-desa":
        page.keyboard.press("Tab")
        stops += 1
    assert page.evaluate("document.activeElement.id") == "cari-desa", "the finder is not among the first 8 stops"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
    # a near miss still finds both Mulyorejo, and the count says so
    page.keyboard.type("Mulyoreja")
    status = page.locator("#hasil-cari-jumlah")
    status.filter(has_text="hasil").wait_for(timeout=10_000)
    assert status.inner_text().startswith("2 hasil untuk ejaan terdekat")
    assert page.get_attribute("#hasil-cari-jumlah", "role") == "status"
    names = page.locator("#hasil-cari li a").all_inner_texts()
    assert names == ["Desa Mulyorejo", "Desa Mulyorejo"]  # no stray pilcrow from the heading's permalink
    # the arrow keys move through the results and back to the box; Enter opens the first result
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.href")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.href")
    assert first != second and {first[-14:-1], second[-14:-1]} == {"33.26.09.2020", "33.26.15.2014"}
    back_to_the_box_then_open_the_first(page, "cari-desa", first, ups=2)


def test_a_broad_search_says_how_many_it_did_not_show(browser: Browser, site: tuple[Path, str]) -> None:
    page = open_page(browser, site[1] + "/", *WIDTHS["desktop"])
    page.fill("#cari-desa", "desa")
    status = page.locator("#hasil-cari-jumlah")
    status.filter(has_text="hasil").wait_for(timeout=10_000)
    total = int(status.inner_text().split(" ")[0])
    assert total > 30 and "30 pertama ditampilkan" in status.inner_text()
    assert page.locator("#hasil-cari li a").count() == 30
    page.context.close()


def test_the_menu_opens_from_the_keyboard_on_a_phone(browser: Browser, site: tuple[Path, str]) -> None:
    """Its closed drawer holds no Tab stops, so its button must be one."""
    page = open_page(browser, site[1] + PAGES["village"], *WIDTHS["phone"])
    button = page.locator('label.md-header__button[for="__drawer"]')
    assert page.locator(".md-sidebar--primary .md-nav__link[href]").first.is_hidden()
    stops = 0
    while stops < 5 and not button.evaluate("b => b === document.activeElement"):
        page.keyboard.press("Tab")
        stops += 1
    assert button.evaluate("b => b === document.activeElement"), "the menu button is not among the first 5 stops"
    assert button.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.closest('.md-sidebar--primary') !== null")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.getBoundingClientRect().width") > 0
    page.context.close()


def recording(browser: Browser, width: int, height: int) -> tuple[Page, dict[str, int]]:
    """A page in a fresh context (no cache) that records the bytes of every response by its address."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    sizes: dict[str, int] = {}
    page.on("response", lambda response: sizes.__setitem__(response.url, len(response.body())))
    return page, sizes


def results(page: Page) -> list[str]:
    return page.locator("#labkem-cari-hasil a").evaluate_all("links => links.map(link => link.href)")


def search_for(page: Page, query: str, expected: str) -> list[str]:
    """Type `query` into the header's search; return the results' addresses once one ends with `expected`."""
    page.fill("#labkem-cari", query)
    page.wait_for_function(
        "end => Array.from(document.querySelectorAll('#labkem-cari-hasil a')).some(a => a.href.endsWith(end))",
        arg=expected,
        timeout=15_000,
    )
    return results(page)


def test_the_header_search_finds_places_programmes_and_the_guide(browser: Browser, site: tuple[Path, str]) -> None:
    """One search, from any page: villages (a near miss too), districts, programmes and the guide, from the
    Pagefind indexes, which are not fetched until the search is used; the theme's own index never is."""
    url = site[1]
    page, sizes = recording(browser, *WIDTHS["phone"])
    page.goto(url + PAGES["village"], wait_until="networkidle")
    assert not [address for address in sizes if "/pagefind/" in address or "/search/" in address]
    loaded = len(sizes)
    page.click('label.md-header__button[for="__search"]')
    page.wait_for_function("document.activeElement.id === 'labkem-cari'")
    assert page.locator("#labkem-cari").is_visible()

    found = search_for(page, "Botosari", "/desa/33.26.02.2008/")
    assert found[0].endswith("/desa/33.26.02.2008/"), found
    assert any(href.endswith("/program/lab-kemiskinan/") for href in found)  # its programme lists it
    found = search_for(page, "Mulyoreja", "/desa/33.26.15.2014/")
    assert sorted(href[-14:-1] for href in found[:2]) == ["33.26.09.2020", "33.26.15.2014"], found
    assert "ejaan terdekat" in page.locator("#labkem-cari-jumlah").inner_text()
    assert page.get_attribute("#labkem-cari-jumlah", "role") == "status"
    found = search_for(page, "Paninggaran", "/kecamatan/33.26.02/")
    found = search_for(page, "Sanding Erat", "/program/sanding-erat/")
    assert found[0].endswith("/program/sanding-erat/"), found
    found = search_for(page, "perlindungan data", "/panduan/perlindungan-data/")
    assert found[0].endswith("/panduan/perlindungan-data/"), found
    # a word no page holds finds nothing, even where a page holds its first letters ("ke")
    page.fill("#labkem-cari", "Kexyzqwv")
    page.locator("#labkem-cari-jumlah", has_text="Tidak ditemukan").wait_for(timeout=15_000)
    assert results(page) == []
    searched = [address for address in list(sizes)[loaded:] if "/pagefind/" in address]
    assert any("/pagefind/umum/" in address for address in searched)
    assert any("/pagefind/umum/" not in address for address in searched)

    # the keyboard: the arrows move into the results and back, Enter opens the first
    first = search_for(page, "Kesesi", "/kecamatan/33.26.09/")[0]
    page.focus("#labkem-cari")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.href") == first
    back_to_the_box_then_open_the_first(page, "labkem-cari", first, ups=1)


def test_the_header_search_opens_with_a_slash_and_closes_with_escape(browser: Browser, site: tuple[Path, str]) -> None:
    page = open_page(browser, site[1] + PAGES["guide"], *WIDTHS["desktop"])
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "labkem-cari"
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.type("Botosari")
    page.locator("#labkem-cari-hasil a").first.wait_for(timeout=15_000)
    assert page.locator(".md-search__output").is_visible()
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate("document.activeElement.id") != "labkem-cari"
    page.context.close()


# the budget for a village page on a phone: first load, no cache, uncompressed as http.server serves it
MAX_VILLAGE_BYTES = 400_000
MAX_VILLAGE_REQUESTS = 20


def test_a_village_page_loads_whole_within_its_budget(browser: Browser, site: tuple[Path, str]) -> None:
    page, sizes = recording(browser, *WIDTHS["phone"])
    page.goto(site[1] + PAGES["village"], wait_until="networkidle")
    total = sum(sizes.values())
    listed = sorted(sizes.items(), key=lambda item: -item[1])[:5]
    assert total <= MAX_VILLAGE_BYTES, f"{total:,} bytes; the largest: {listed}"
    assert len(sizes) <= MAX_VILLAGE_REQUESTS, sorted(sizes)
    # every number and chart is there: the tables, the three charts and the map, each drawn with a size
    assert page.locator("table").count() >= 3
    drawn = page.locator("svg.labkem-svgchart, .labkem-map svg").evaluate_all(
        "svgs => svgs.map(svg => svg.getBoundingClientRect().width * svg.getBoundingClientRect().height)"
    )
    assert len(drawn) == 4 and min(drawn) > 0, drawn
    page.context.close()
