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
from playwright.sync_api import Browser, Response

from labkem.commands.build import build
from labkem.core import workers
from labkem.core.options import BuildOptions
from labkem.publish import search
from labkem.publish.search import index_site

from conftest import PROJECT_DIR, VALID, serve, tree_digest

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
    assert sorted(path.name for path in (site / "pagefind").iterdir() if path.is_dir()) == ["33", "34"]
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{url}/", wait_until="networkidle")
    loaded: list[str] = []

    def record(response: Response) -> None:
        if "/pagefind/" in response.url:
            loaded.append(response.url)

    page.on("response", record)
    page.fill("#cari-desa", "Botosari")
    page.locator("#hasil-cari li", has_text="Pilih provinsi dulu").wait_for(timeout=5_000)
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
