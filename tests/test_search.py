"""Search across provinces: one Pagefind index per province, and a finder that asks for the province first."""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Response

from labkem.commands.build import build
from labkem.core import workers
from labkem.core.options import BuildOptions
from labkem.publish import search
from labkem.publish.search import index_site

from conftest import PROJECT_DIR, VALID, fragments, serve, tree_digest

REGENCY, MOVED = "33.26", "34.71"


def place_page(root: Path, kode: str, name: str) -> None:
    """A built village page whose heading is marked for search, as the theme's place pages are."""
    page = root / "desa" / kode / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f'<html lang="id"><body><h1 data-pagefind-body>{name}</h1></body></html>', encoding="utf-8")


def test_a_site_spanning_two_provinces_gets_an_index_per_province(tmp_path: Path) -> None:
    copies = tmp_path / "cari"
    live = tmp_path / "situs"
    place_page(live, "33.26.01.2001", "Desa Botosari")
    place_page(live, "34.71.01.1001", "Kelurahan Uji")
    index_site(live, copies)
    assert (live / "pagefind" / "33" / "pagefind.js").is_file() and (live / "pagefind" / "34" / "pagefind.js").is_file()
    assert not (live / "pagefind" / "pagefind.js").exists()
    # each index lists only its own province's page
    scratch = tmp_path / "sendiri"
    place_page(scratch, "34.71.01.1001", "Kelurahan Uji")
    index_site(scratch)
    assert tree_digest(live / "pagefind" / "34") == tree_digest(scratch / "pagefind")


def test_provinces_indexed_side_by_side_give_the_same_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies made in worker processes and Pagefind run for two provinces at once write the same files as one
    province after another."""
    site = tmp_path / "situs"
    for province in ("33", "34", "35"):
        for village in range(1, 4):
            place_page(site, f"{province}.01.01.200{village}", f"Desa {province}-{village}")
    one = tmp_path / "satu"
    shutil.copytree(site, one)
    index_site(one, tmp_path / "cari-1")
    monkeypatch.setattr(search, "MIN_PAGES_FOR_WORKERS", 0)
    monkeypatch.setattr(search, "PAGES_PER_TASK", 2)  # chunks that straddle provinces
    processes: list[int] = []
    threads: list[int | None] = []

    def pool(jobs: int, **options: Any) -> Any:
        processes.append(jobs)
        return workers.pool(jobs, **options)

    class Threads(ThreadPoolExecutor):
        def __init__(self, max_workers: int | None = None) -> None:
            threads.append(max_workers)
            super().__init__(max_workers)

    monkeypatch.setattr(search, "workers", SimpleNamespace(pool=pool, count=workers.count))
    monkeypatch.setattr(search, "ThreadPoolExecutor", Threads)
    index_site(site, tmp_path / "cari-2", jobs=2)
    assert (processes, threads) == ([2], [2]), "copies in two processes, Pagefind in two threads"
    assert tree_digest(site / "pagefind") == tree_digest(one / "pagefind")
    assert tree_digest(tmp_path / "cari-2") == tree_digest(tmp_path / "cari-1")


@pytest.mark.parametrize(
    "text",
    [
        '<h1 id="a" data-pagefind-body="">Desa A<a href="#a">&para;</a></h1><p data-pagefind-body x="1">B</p>',
        "<p>no mark here</p>",
        "<code>data-pagefind-body</code> in prose, then <h1 data-pagefind-body>Desa C</h1>",
        '<p title="a<b" data-pagefind-body>a < in a value</p>',
        "1 < 2 <p data-pagefind-body>text before the tag holds a &lt;</p>",
        "<div data-pagefind-body><p>inside</p> cut at the first closing div</div></div>",
        "<h1 data-pagefind-body>never closed",
        '<p data-pagefind-body data-pagefind-meta="kode[data-kode]">one tag, the mark and the meta</p>',
    ],
)
def test_marked_parts_are_what_the_pattern_finds(text: str) -> None:
    assert search.marked_parts(text) == "".join(match.group(0) for match in search.MARKED.finditer(text))


def test_marked_parts_of_the_built_place_pages(built_site: Path) -> None:
    pages = [path for folder in search.PLACE_FOLDERS for path in (built_site / folder).rglob("*.html")]
    places = [page for page in pages if search.province_of(page.relative_to(built_site).as_posix())]
    assert len(places) > 8 and len(pages) > len(places)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        parts = search.marked_parts(text)
        if page in places:
            assert parts.startswith("<h1"), page
        if page.parent.parent.name == "desa":
            assert 'class="labkem-crumbs"' in parts, page
        assert parts == "".join(match.group(0) for match in search.MARKED.finditer(text)), page


def test_a_full_index_keeps_unchanged_copies_and_drops_those_of_pages_gone(tmp_path: Path) -> None:
    """Indexing a whole site again over the copies of an earlier build rewrites only the copies that changed,
    deletes those of pages no longer in the site, and writes the same copies and index as a first build."""
    site, copies = tmp_path / "situs", tmp_path / "cari"
    for village, name in ((1, "Desa Satu"), (2, "Desa Dua"), (3, "Desa Tiga")):
        place_page(site, f"33.26.01.200{village}", name)
    index_site(site, copies)
    kept = copies / "33" / "desa" / "33.26.01.2001" / "index.html"
    written = kept.stat().st_mtime_ns
    shutil.rmtree(site / "desa" / "33.26.01.2002")
    place_page(site, "33.26.01.2003", "Desa Tiga Baru")
    shutil.rmtree(site / "pagefind")
    index_site(site, copies)
    assert kept.stat().st_mtime_ns == written, "an unchanged copy is not written again"
    assert not any((copies / "33" / "desa" / "33.26.01.2002").glob("*.html")), "a page gone loses its copy"
    first = tmp_path / "pertama"
    shutil.copytree(site, first, ignore=shutil.ignore_patterns("pagefind"))
    index_site(first, tmp_path / "cari-pertama")
    assert tree_digest(copies) == tree_digest(tmp_path / "cari-pertama")
    assert tree_digest(site / "pagefind") == tree_digest(first / "pagefind")


def move_regency(data: Path) -> list[str]:
    """Copy the fixture's regency to a second province (code 34.71, an invented name, its own programme id),
    with its places added to the gazetteer; return the moved village codes."""
    source, target = data / "kab-pekalongan", data / "kab-uji-coba"
    shutil.copytree(source, target)
    for path in target.iterdir():
        text = path.read_text(encoding="utf-8").replace(REGENCY, MOVED)
        path.write_text(text.replace("kab-pekalongan", "kab-uji-coba").replace("lab-kemiskinan", "lab-uji"), "utf-8")
    wilayah = data / "wilayah"
    with (wilayah / "provinsi.csv").open("a", encoding="utf-8") as out:
        out.write("34,Provinsi Uji\n")
    with (wilayah / "kabupaten.csv").open("a", encoding="utf-8") as out:
        out.write(f"{MOVED},34,Kabupaten Uji Coba,kabupaten\n")
    moved = []
    for table in ("kecamatan", "desa"):
        lines = (wilayah / f"{table}.csv").read_text(encoding="utf-8").splitlines()
        added = [line.replace(REGENCY, MOVED) for line in lines[1:] if line.startswith(REGENCY)]
        (wilayah / f"{table}.csv").write_text("\n".join(lines + added) + "\n", encoding="utf-8")
        if table == "desa":
            moved = [line.split(",")[0] for line in added]
    return moved


@pytest.fixture(scope="module")
def two_provinces(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's regency and its copy in a second province, built with the real pipeline."""
    root = tmp_path_factory.mktemp("dua-provinsi")
    data = root / "datapackages"
    shutil.copytree(VALID, data)
    assert move_regency(data)
    return build(data, root / "build" / "site", BuildOptions(pdf="off"), project_dir=PROJECT_DIR).site_dir


@pytest.fixture(scope="module")
def two_provinces_server(two_provinces: Path) -> Iterator[str]:
    yield from serve(two_provinces)


@pytest.mark.slow
def test_the_home_page_asks_for_the_province(two_provinces: Path) -> None:
    home = (two_provinces / "index.html").read_text(encoding="utf-8")
    assert '<option value="33">Jawa Tengah</option>' in home and '<option value="34">Provinsi Uji</option>' in home


@pytest.mark.slow
def test_the_finder_searches_the_province_chosen(
    browser: Browser, two_provinces: Path, two_provinces_server: str
) -> None:
    site, url = two_provinces, two_provinces_server
    # an index per province, and the general one
    assert sorted(path.name for path in (site / "pagefind").iterdir() if path.is_dir()) == ["33", "34", "umum"]
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{url}/", wait_until="networkidle")
    loaded: list[str] = []

    def record(response: Response) -> None:
        if "/pagefind/" in response.url:
            loaded.append(response.url)

    page.on("response", record)
    page.fill("#cari-desa", "Botosari")
    page.locator("#hasil-cari-jumlah", has_text="Pilih provinsi dulu").wait_for(timeout=5_000)  # announced
    assert not loaded, "no index is fetched before a province is chosen"
    # the village exists in both provinces (the regency was copied): each choice finds its own
    for province, regency in (("34", MOVED), ("33", REGENCY)):
        page.select_option("#cari-provinsi", province)
        first = page.locator("#hasil-cari li a").first
        first.wait_for(timeout=15_000)
        page.wait_for_function(
            "code => document.querySelector('#hasil-cari li a').href.includes('/desa/' + code)", arg=regency
        )
        hrefs = page.locator("#hasil-cari li a").evaluate_all("links => links.map(link => link.href)")
        assert hrefs and all(f"/desa/{regency}." in href for href in hrefs), hrefs
    assert {u.split("/pagefind/")[1].split("/")[0] for u in loaded} == {"33", "34"}
    page.close()


def test_a_search_result_shows_the_name_without_the_permalink_mark(built_site: Path) -> None:
    """The heading's permalink (¶) is kept out of the index: a result reads "Desa Botosari", not "Desa Botosari¶"."""
    fragments = sorted((built_site / search.SEARCH_DIR).rglob("*.pf_fragment"))
    assert fragments
    for fragment in fragments:
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        assert "¶" not in record["meta"]["title"] and "¶" not in record["content"], record["url"]
    titles = {
        json.loads(d[d.index(b"{") :])["meta"]["title"] for d in (gzip.decompress(f.read_bytes()) for f in fragments)
    }
    assert "Desa Botosari" in titles


def test_an_index_made_with_other_options_is_made_again(tmp_path: Path) -> None:
    """A province whose pages did not change keeps its index, unless Pagefind's options changed since it was made
    (an index from before `--exclude-selectors .headerlink` would keep showing "¶" in every result)."""
    site, copies, indexes = tmp_path / "situs", tmp_path / "salinan", tmp_path / "indeks"
    place_page(site, "33.26.01.2001", "Desa Satu")
    assert search.index_places(site, copies, indexes).indexed == ["33"]
    assert search.index_places(site, copies, indexes, changed=[]).indexed == []
    (indexes / f".33{search.INDEXED}").write_text("--force-language id", encoding="utf-8")
    assert search.index_places(site, copies, indexes, changed=[]).indexed == ["33"]
    assert search.index_places(site, copies, indexes, changed=[]).indexed == []


@pytest.mark.parametrize(
    ("name", "general"),
    [
        ("index.html", True),
        ("panduan/perlindungan-data/index.html", True),
        ("program/lab-kemiskinan/index.html", True),
        ("kabupaten/index.html", True),
        ("indikator/index.html", True),
        ("rilis/rilis-2025-12-02/index.html", True),
        ("desa/33.26.02.2008/index.html", False),  # a place: the province's index
        ("kecamatan/33.26.02/index.html", False),
        ("kabupaten/33.26/index.html", False),
        ("opd/33.26-dinsos/index.html", False),  # reached from its regency's page
        ("indikator/33.26/jiwa_disabilitas/index.html", False),
        ("404.html", False),
        ("assets/situs/pratinjau.png", False),
    ],
)
def test_the_general_index_holds_the_pages_that_are_not_per_place(name: str, general: bool) -> None:
    assert search.general_page(name) is general


ARTICLE = (
    '<article class="md-content__inner md-typeset">'
    '<h1 id="data">Data &amp; API<a class="headerlink" href="#data">&para;</a></h1>\n<p>Pembuka.</p>\n'
    '<h2 id="paket">Paket<a class="headerlink" href="#paket">&para;</a></h2>\n'
    "<table><tr><td>{cells}</td></tr></table>\n"
    "</article>"
)


def test_a_generated_page_is_indexed_by_its_headings_and_their_sections_openings() -> None:
    cells = "</td><td>".join(f"berkas-{n}.csv &lt;script&gt;" for n in range(200))
    page = f'<html lang="id"><body>{ARTICLE.format(cells=cells)}</body></html>'
    copy = search.general_copy("data/index.html", page, whole=False)
    assert copy is not None
    assert copy.startswith('<!doctype html>\n<html lang="id">')
    assert 'data-pagefind-body data-pagefind-meta="bagian:Data &amp; API"' in copy
    assert '<h2 id="paket">Paket<a class="headerlink"' in copy  # a section is found by its heading's id
    opening = copy.split("</h2>\n<p>")[1].split("</p>")[0]
    assert opening.startswith("berkas-0.csv &lt;script&gt;") and opening.endswith(" …")
    assert len(opening.replace("&lt;", "<").replace("&gt;", ">")) <= search.SECTION_TEXT + 2
    assert "<script>" not in copy and "<table>" not in copy
    # a hand-written page is read whole; a page without an article is not read
    whole = search.general_copy("panduan/index.html", page, whole=True)
    assert whole is not None and whole.count("berkas-") == 200
    assert search.general_copy("index.html", "<html><body><p>x</p></body></html>", whole=True) is None


def test_the_general_index_is_made_again_only_when_a_page_changed(tmp_path: Path) -> None:
    pages, copies, indexes = tmp_path / "situs", tmp_path / "salinan", tmp_path / "indeks"
    handwritten = pages / "generator"
    files = {}
    for name, folder in (("panduan/index.html", handwritten), ("program/index.html", pages / "halaman")):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'<html lang="id"><body>{ARTICLE.format(cells="Botosari")}</body></html>', "utf-8")
        files[name] = path
    files["desa/33.26.02.2008/index.html"] = files["program/index.html"]  # a place page is not the general index's
    assert search.index_general(files, handwritten, copies, indexes, ["33"])
    assert sorted(record["url"] for record in fragments(indexes / search.GENERAL)) == ["/panduan/", "/program/"]
    listed = json.loads((indexes / search.GENERAL / search.PROVINCES_FILE).read_text(encoding="utf-8"))
    assert listed == {"provinsi": ["33"], "satu": True}
    assert not search.index_general(files, handwritten, copies, indexes, ["33"]), "nothing changed"
    del files["program/index.html"]
    assert search.index_general(files, handwritten, copies, indexes, ["33", "34"])
    assert [record["url"] for record in fragments(indexes / search.GENERAL)] == ["/panduan/"]
    assert not (copies / "program" / "index.html").exists()
    listed = json.loads((indexes / search.GENERAL / search.PROVINCES_FILE).read_text(encoding="utf-8"))
    assert listed == {"provinsi": ["33", "34"], "satu": False}


def test_the_built_general_index_names_each_result_s_part_of_the_site(built_site: Path) -> None:
    records = {record["url"]: record for record in fragments(built_site / search.SEARCH_DIR / search.GENERAL)}
    assert records["/panduan/perlindungan-data/"]["meta"]["bagian"] == "Panduan replikasi"
    assert records["/"]["meta"]["bagian"] == "Beranda"
    assert {url for url in records if url.startswith("/program/")} >= {"/program/", "/program/lab-kemiskinan/"}
    assert not [url for url, record in records.items() if "¶" in record["content"] + record["meta"]["title"]]


@pytest.mark.slow
def test_the_header_search_of_a_place_page_searches_its_province(
    browser: Browser, two_provinces: Path, two_provinces_server: str
) -> None:
    """On a site of several provinces the header's search finds the places of the page's own province."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    village = sorted(path.name for path in (two_provinces / "desa").iterdir() if path.name.startswith(MOVED))[0]
    page.goto(f"{two_provinces_server}/desa/{village}/", wait_until="networkidle")
    name = page.locator("h1").inner_text().replace("¶", "").split(" ", 1)[1].strip()
    page.fill("#labkem-cari", name)
    page.locator("#labkem-cari-hasil a").first.wait_for(timeout=15_000)
    hrefs = results_of(page)
    places = [href for href in hrefs if "/desa/" in href]
    assert places and all(f"/desa/{MOVED}." in href for href in places), hrefs
    # a page of no province searches the other pages, and says how to search the places
    page.goto(f"{two_provinces_server}/panduan/", wait_until="networkidle")
    page.fill("#labkem-cari", name)
    status = page.locator("#labkem-cari-jumlah", has_text="pilih provinsinya")
    status.wait_for(timeout=15_000)
    assert not [href for href in results_of(page) if "/desa/" in href]
    # the province chosen in the home page's finder is the one searched from then on
    page.goto(f"{two_provinces_server}/", wait_until="networkidle")
    page.select_option("#cari-provinsi", "33")
    page.goto(f"{two_provinces_server}/panduan/", wait_until="networkidle")
    page.fill("#labkem-cari", name)
    page.locator("#labkem-cari-hasil a[href*='/desa/']").first.wait_for(timeout=15_000)
    places = [href for href in results_of(page) if "/desa/" in href]
    assert places and all(f"/desa/{REGENCY}." in href for href in places)
    assert "pilih provinsinya" not in page.locator("#labkem-cari-jumlah").inner_text()
    page.close()


def results_of(page: Page) -> list[str]:
    return page.locator("#labkem-cari-hasil a").evaluate_all("links => links.map(link => link.href)")
