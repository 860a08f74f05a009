"""The English edition (`labkem.core.lang`): its catalogue, its numbers, and the built site in both languages, page
by page and number by number."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page

from labkem.core.lang import ENGLISH, INDONESIAN, LOCALE_DIR, of_path
from labkem.data.site_settings import read_settings
from labkem.transform.village import SCHEMA_WORDS
from test_accessibility import AXE, RUN_AXE

from conftest import PROJECT_DIR, serve

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
TAG = re.compile(r"</?([a-z]+)")
BOTOSARI = "33.26.02.2008"


def extracted() -> dict[str, str]:
    """Every message of the templates and page builders (as `make messages` finds them), by where it is."""
    methods = [("src/labkem/**.py", "python"), ("src/labkem/render/templates/**.j2", "jinja2")]
    options = {"src/labkem/render/templates/**.j2": {"extensions": "jinja2.ext.i18n"}}
    found: dict[str, str] = {}
    for name, _line, message, _comments, _context in extract_from_dir(
        PROJECT_DIR, methods, options_map=options, directory_filter=lambda path: not Path(path).name.startswith(".")
    ):
        if isinstance(message, str) and message:
            found.setdefault(message, name)
    return found


def catalogue() -> dict[str, str]:
    with (LOCALE_DIR / "en.po").open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id and isinstance(m.id, str)}


def test_every_message_has_its_english_with_the_same_placeholders_and_markup() -> None:
    messages, english = extracted(), catalogue()
    assert len(messages) > 300  # the templates, partials (in _partials/) and page builders were all read
    untranslated = sorted(f"{where}: {message!r}" for message, where in messages.items() if not english.get(message))
    assert untranslated == []
    for message in messages:
        text = english[message]
        assert Counter(PLACEHOLDER.findall(text)) >= Counter(set(PLACEHOLDER.findall(message))), message
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(message)), message
        assert Counter(TAG.findall(text)) == Counter(TAG.findall(message)), message
    assert set(english) - set(messages) == set()  # nothing stale in the catalogue


def test_the_schemas_closed_lists_are_all_in_the_catalogue() -> None:
    from labkem.data.schemas import PERAN, STATUS_IDM, TIPOLOGI

    assert set(SCHEMA_WORDS) == {*TIPOLOGI, *PERAN, *STATUS_IDM}
    english = catalogue()
    assert all(english.get(word) for word in SCHEMA_WORDS)


def test_numbers_and_dates_in_english() -> None:
    assert [ENGLISH.number(text) for text in ("1.234,5", "−3,5", "≥ 12", "18,4%", "disamarkan", "–", "")] == [
        "1,234.5",
        "−3.5",
        "≥ 12",
        "18.4%",
        "suppressed",
        "–",
        "",
    ]
    assert INDONESIAN.number("1.234,5") == "1.234,5" and INDONESIAN.gettext("Desa") == "Desa"
    assert ENGLISH.date("2025-12-02") == "2 December 2025" and INDONESIAN.date("2025-12-02") == "2 Desember 2025"
    assert of_path("en/desa/33.26.02.2008/index.html") == (ENGLISH, "desa/33.26.02.2008/index.html")
    assert of_path("desa/en/index.html") == (INDONESIAN, "desa/en/index.html")


@pytest.mark.parametrize(
    ("written", "languages", "issue"),
    [
        ("", ("id",), None),
        ("bahasa: [en]\n", ("id", "en"), None),
        ("bahasa: [en, id, en]\n", ("id", "en"), None),
        ("bahasa: [id, fr]\n", ("id",), "bahasa 'fr' tidak dikenal"),
        ("bahasa: en\n", ("id",), "bahasa harus daftar kode bahasa"),
    ],
)
def test_the_sites_languages_are_read_from_situs_yml(
    tmp_path: Path, written: str, languages: tuple[str, ...], issue: str | None
) -> None:
    (tmp_path / "situs.yml").write_text(written, encoding="utf-8")
    settings, issues = read_settings(tmp_path)
    assert settings.bahasa == languages
    assert [i.id.split(";")[0].split(":")[0] for i in issues] == ([issue] if issue else [])


# --- the built fixture, in both languages ---------------------------------------------------------------------

# the folders of the generated pages, every one of which is in both languages
GENERATED = ("desa", "kecamatan", "kabupaten", "program", "opd", "indikator", "rilis", "data")
# a number, not a part of a name or an identifier ("CC0-1.0", "ODbL-1.0")
NUMBER = re.compile(r"(?<![\w.,−+-])[−+-]?\d[\d.,]*")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def generated_pages(site: Path) -> list[str]:
    """The generated pages of the Indonesian edition, as paths in the site."""
    pages = ["index.html"]
    for folder in GENERATED:
        pages += sorted(p.relative_to(site).as_posix() for p in (site / folder).rglob("index.html"))
    return pages


def test_every_generated_page_is_in_both_languages(built_site: Path) -> None:
    indonesian = generated_pages(built_site)
    english = ["index.html"] + [
        p.relative_to(built_site / "en").as_posix()
        for folder in GENERATED
        for p in sorted((built_site / "en" / folder).rglob("index.html"))
    ]
    assert len(indonesian) > 30 and sorted(indonesian) == sorted(english)
    for kind in ("desa", "kecamatan", "kabupaten", "program", "indikator", "rilis", "data"):  # no agency here
        assert any(p.startswith(kind + "/") for p in english), kind
    for path in indonesian:
        assert soup(built_site / "en" / path).html["lang"] == "en"  # type: ignore[index]
    assert (built_site / "en" / "tentang" / "index.html").is_file()  # the About page, written in English


def cells(page: BeautifulSoup) -> list[tuple[str, bool]]:
    """Every number in the article's table cells (not their codes), and whether its cell is suppressed."""
    found: list[tuple[str, bool]] = []
    for code in page.select("article td code"):
        code.decompose()
    for cell in page.select("article td"):
        suppressed = "suppressed" in (cell.get("class") or [])
        found += [(number, suppressed) for number in NUMBER.findall(cell.get_text(" ", strip=True))]
        if suppressed and not NUMBER.search(cell.get_text()):
            found.append(("", True))
    return found


def as_value(number: str, language: str) -> float:
    plain = number.replace("−", "-")
    plain = plain.replace(".", "").replace(",", ".") if language == "id" else plain.replace(",", "")
    return float(plain.rstrip("."))


def test_every_page_has_the_same_numbers_in_both_languages_cell_by_cell(built_site: Path) -> None:
    compared = 0
    for path in generated_pages(built_site):
        ours, theirs = cells(soup(built_site / path)), cells(soup(built_site / "en" / path))
        assert len(ours) == len(theirs), path
        for (id_text, id_hidden), (en_text, en_hidden) in zip(ours, theirs, strict=True):
            assert id_hidden == en_hidden, path
            if id_text:
                assert as_value(id_text, "id") == as_value(en_text, "en"), (path, id_text, en_text)
                compared += 1
    assert compared > 1000
    # and the English pages write them the English way
    village = soup(built_site / "en" / "desa" / BOTOSARI / "index.html").select_one("article")
    assert village is not None and "Suppressed" in village.get_text(" ") and "disamarkan" not in village.get_text(" ")


def test_the_language_switch_leads_to_the_same_page_and_hreflang_pairs_are_symmetric(built_site: Path) -> None:
    checked = 0
    for path in [*generated_pages(built_site), "tentang/index.html"]:
        for here, there in ((path, "en/" + path), ("en/" + path, path)):
            page = soup(built_site / here)
            switch = page.select_one("a.labkem-lang__link")
            assert switch is not None, here
            assert urljoin("/" + here, switch["href"]) == "/" + there.removesuffix("index.html"), here  # type: ignore[arg-type]
            alternates = {link["hreflang"]: link["href"] for link in page.select('link[rel="alternate"][hreflang]')}
            address = "https://lab.contoh.test/"
            assert alternates == {
                "id": address + (there if here.startswith("en/") else here).removesuffix("index.html"),
                "en": address + (here if here.startswith("en/") else there).removesuffix("index.html"),
            }, here
            checked += 1
    assert checked > 60


def test_a_page_in_one_language_only_switches_to_the_other_home_and_claims_no_pair(built_site: Path) -> None:
    page = soup(built_site / "panduan" / "unduhan" / "index.html")  # the guide is in Indonesian only
    switch = page.select_one("a.labkem-lang__link")
    assert switch is not None and urljoin("/panduan/unduhan/", switch["href"]) == "/en/"  # type: ignore[arg-type]
    assert page.select('link[rel="alternate"][hreflang]') == []


def test_english_pages_link_shared_files_once_and_pages_in_english(built_site: Path) -> None:
    page = soup(built_site / "en" / "desa" / BOTOSARI / "index.html")
    hrefs = [urljoin(f"/en/desa/{BOTOSARI}/", a["href"]) for a in page.select("article a[href]")]  # type: ignore[arg-type]
    assert f"/api/v1/desa/{BOTOSARI}.json" in hrefs and "/en/kabupaten/33.26/" in hrefs
    assert not any(h.startswith("/en/api/") or h.startswith("/en/unduh/") for h in hrefs)
    assert not (built_site / "en" / "api").exists() and not (built_site / "en" / "unduh").exists()
    text = page.select_one("article").get_text(" ")  # type: ignore[union-attr]
    assert "In 2023" in text and "Households in decile 1" in text  # a sentence and a codebook name in English


# --- the sample, in both languages, in Chromium ---------------------------------------------------------------


@pytest.fixture(scope="module")
def english_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded sample (1,002 villages, the two Mulyorejo, agencies) built with its English edition."""
    from labkem.commands.build import build

    root = tmp_path_factory.mktemp("english")
    data = root / "datapackages"
    shutil.copytree(PROJECT_DIR / "datapackages", data)
    with (data / "situs.yml").open("a", encoding="utf-8") as settings:
        settings.write("bahasa: [id, en]\n")
    return build(data, root / "build" / "site", project_dir=PROJECT_DIR).site_dir


@pytest.fixture(scope="module")
def english_url(english_sample: Path) -> Iterator[str]:
    yield from serve(english_sample)


def test_every_kind_of_page_of_the_sample_is_in_english(english_sample: Path) -> None:
    agencies = sorted((english_sample / "opd").glob("*/index.html"))
    assert agencies and all((english_sample / "en" / p.relative_to(english_sample)).is_file() for p in agencies)
    page = soup(english_sample / "en" / agencies[0].relative_to(english_sample))
    assert page.html["lang"] == "en" and "Accompanying agency" in page.get_text(" ")  # type: ignore[index]


def opened(browser: Browser, url: str, requests: list[str], problems: list[str]) -> Page:
    page = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(url, wait_until="networkidle")
    return page


def test_the_english_finder_finds_both_mulyorejo_in_english(browser: Browser, english_url: str) -> None:
    requests: list[str] = []
    problems: list[str] = []
    page = opened(browser, english_url + "/en/", requests, problems)
    page.fill("#cari-desa", "Mulyoreja")
    status = page.locator("#hasil-cari-jumlah")
    status.filter(has_text="results").wait_for(timeout=15_000)
    assert status.inner_text().startswith("2 results for the nearest spelling")
    links = page.locator("#hasil-cari li a")
    assert links.all_inner_texts() == ["Mulyorejo Village", "Mulyorejo Village"]
    hrefs = sorted(links.evaluate_all("links => links.map(link => link.href)"))
    assert hrefs == [english_url + "/en/desa/33.26.09.2020/", english_url + "/en/desa/33.26.15.2014/"]
    searched = [url for url in requests if "/pagefind/" in url]
    assert searched and all(url.startswith(english_url + "/en/pagefind/") for url in searched)
    assert all(url.startswith(english_url) for url in requests) and problems == []
    page.context.close()


def test_the_english_header_search_finds_botosari_and_the_english_pages(browser: Browser, english_url: str) -> None:
    requests: list[str] = []
    problems: list[str] = []
    page = opened(browser, english_url + f"/en/desa/{BOTOSARI}/", requests, problems)
    assert not [url for url in requests if "/pagefind/" in url]  # nothing fetched before the box is used
    page.click('label.md-header__button[for="__search"]')
    page.wait_for_function("document.activeElement.id === 'labkem-cari'")
    for query, first in (("Botosari", f"/en/desa/{BOTOSARI}/"), ("privacy", "/en/tentang/")):
        page.fill("#labkem-cari", query)
        # the first result, once this query's results are in (the About page also names Botosari)
        page.wait_for_function(
            "end => { const a = document.querySelector('#labkem-cari-hasil a'); return a && a.href.endsWith(end); }",
            arg=first,
            timeout=15_000,
        )
        hrefs = page.locator("#labkem-cari-hasil a").evaluate_all("links => links.map(link => link.href)")
        assert hrefs[0] == english_url + first, (query, hrefs)
        assert all(href.startswith(english_url + "/en/") for href in hrefs), (query, hrefs)
    assert "results" in page.locator("#labkem-cari-jumlah").inner_text()
    assert all(url.startswith(english_url) for url in requests) and problems == []
    # the switch leads to the same village in Indonesian
    page.keyboard.press("Escape")  # closes the search
    with page.expect_navigation():
        page.click("a.labkem-lang__link")
    assert page.url == english_url + f"/desa/{BOTOSARI}/"
    assert page.evaluate("document.documentElement.lang") == "id"
    page.context.close()


def test_a_village_card_is_in_english_beside_the_english_page(built_site: Path) -> None:
    card = built_site / "en" / "embed" / "desa" / BOTOSARI / "index.html"
    page = soup(card)
    assert card.stat().st_size < 15_000 and page.html["lang"] == "en"  # type: ignore[index]
    text = page.get_text(" ", strip=True)
    assert "Botosari Village" in text and "Synthetic data:" in text
    assert re.search(r"Data released \d{1,2} [A-Z][a-z]+ \d{4}", text)
    assert {a["href"] for a in page.select("a[href]")} == {f"https://lab.contoh.test/en/desa/{BOTOSARI}/"}
    assert not page.select("script")
    # the English page's snippet shows the English card
    snippet = soup(built_site / "en" / "desa" / BOTOSARI / "index.html").select_one("pre.labkem-snippet")
    assert snippet is not None and f"https://lab.contoh.test/en/embed/desa/{BOTOSARI}/" in snippet.get_text()


# one English page of every kind that has words of its own, and the card
ENGLISH_PAGES = (
    "/en/",
    f"/en/desa/{BOTOSARI}/",
    "/en/kecamatan/33.26.02/",
    "/en/kabupaten/33.26/",
    "/en/program/lab-kemiskinan/",
    "/en/indikator/33.26/rt_desil_1/",
    "/en/data/",
    "/en/tentang/",
    f"/en/embed/desa/{BOTOSARI}/",
)


@pytest.fixture(scope="module")
def axe() -> str:
    assert AXE.is_file(), f"{AXE} is missing: `make test` installs it (npm ci --prefix tools)"
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [360, 1280])
def test_no_serious_or_critical_violation_on_the_english_pages(
    browser: Browser, english_url: str, axe: str, width: int
) -> None:
    found = {}
    for path in ENGLISH_PAGES:
        page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
        page.goto(english_url + path, wait_until="networkidle")
        assert page.evaluate("document.documentElement.lang") == "en"
        page.add_script_tag(content=axe)
        violations = [v for v in page.evaluate(RUN_AXE) if v["impact"] in {"serious", "critical"}]
        if violations:
            found[path] = violations
        page.context.close()
    assert found == {}
