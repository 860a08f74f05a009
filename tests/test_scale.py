"""A site of more than 3,000 villages: search stays in small pieces and a phone's village search stays light.

The data is the benchmark's synthetic province data (scripts/bench.py), cut to the first regencies of
Jawa Tengah that hold at least 3,000 villages, built with the real `labkem build`.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Response

from labkem.publish.search import SearchIndex, index_site

from conftest import PROJECT_DIR, fragments, labkem, serve, tree_digest

pytestmark = pytest.mark.slow

MIN_VILLAGES = 3000
MAX_INDEX_FILE = 5_000_000  # no single search file over 5 MB
MAX_SEARCH_DOWNLOAD = 300_000  # what one village search may download
MAX_VILLAGE_BYTES = 400_000  # what a village page loads as it opens, uncompressed


@pytest.fixture(scope="module", autouse=True)
def fixed_date() -> Iterator[None]:
    """One build date for every build here, so a run across midnight still compares like with like."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        yield


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The data folder and the built site of the 3,000-village fixture."""
    work = tmp_path_factory.mktemp("skala")
    subprocess.run(
        [
            sys.executable,
            "scripts/bench.py",
            "--scale",
            "province",
            "--villages",
            str(MIN_VILLAGES),
            "--data-only",
            "--work",
            str(work),
        ],
        cwd=PROJECT_DIR,
        check=True,
        capture_output=True,
    )
    data, site = work / "datapackages", work / "build" / "site"
    result = labkem("build", "--data", str(data), "--out", str(site), "--pdf", "off")
    assert result.returncode == 0, result.stderr[-3000:]
    return data, site


@pytest.fixture(scope="module")
def large_server(large: tuple[Path, Path]) -> Iterator[str]:
    yield from serve(large[1])


def villages_of(data: Path) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for profile in sorted(data.glob("*/desa_profil.csv")):
        with profile.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    return rows


def test_fixture_is_large_enough(large: tuple[Path, Path]) -> None:
    data, site = large
    villages = villages_of(data)
    assert len(villages) >= MIN_VILLAGES
    assert len(list((site / "desa").glob("*/index.html"))) == len(villages)


def test_no_search_file_is_over_five_megabytes(large: tuple[Path, Path]) -> None:
    site = large[1]
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    assert any(p.parent.name == "fragment" for p in files)
    largest = max(files, key=lambda p: p.stat().st_size)
    assert largest.stat().st_size <= MAX_INDEX_FILE, f"{largest}: {largest.stat().st_size:,} bytes"
    # the theme's own search, whose index every page with its search box loads whole, is not in the site
    assert not (site / "search").exists()
    # the general index holds no page made per place: the place pages are in the province's, and the agency and
    # indicator pages of each regency are reached from their regency's page (nationally some 1,700)
    urls = [record["url"] for record in fragments(site / "pagefind" / "umum")]
    assert urls and not [url for url in urls if re.match(r"/(desa|kecamatan|kabupaten|opd|indikator)/\d", url)]
    pages = len(list((site / "pagefind" / "fragment").iterdir()))
    assert pages >= len(villages_of(large[0]))


def test_a_village_page_at_province_scale_loads_what_the_sample_s_does(large: tuple[Path, Path]) -> None:
    """What a village page loads as it opens does not grow with the number of villages: the same budget as the
    sample's (tests/test_accessibility.py measures that one in Chromium), and nothing of the search indexes."""
    sys.path.insert(0, str(PROJECT_DIR / "scripts"))
    import bench

    site = large[1]
    page = bench.median_village(site)
    assert page is not None
    assert bench.first_load(site, page) <= MAX_VILLAGE_BYTES
    assert "pagefind" not in " ".join(bench.LOADED.findall(page.read_text(encoding="utf-8")))


def test_a_village_search_downloads_under_300_kb(browser: Browser, large: tuple[Path, Path], large_server: str) -> None:
    village = villages_of(large[0])[-1]  # the last one, in the last regency built
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{large_server}/", wait_until="networkidle")
    searched: dict[str, int] = {}

    def record(response: Response) -> None:
        if "/pagefind/" in response.url:
            searched[response.url] = len(response.body())

    page.on("response", record)
    page.fill("#cari-desa", village["nama_desa"])
    link = page.locator(f'#hasil-cari li a[href$="/desa/{village["kode_desa"]}/"]')
    link.wait_for(timeout=15_000)
    page.wait_for_load_state("networkidle")
    total = sum(searched.values())
    assert searched and total < MAX_SEARCH_DOWNLOAD, f"{total:,} bytes: {searched}"
    assert village["kode_desa"] in page.locator("#hasil-cari").inner_text()
    link.click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/desa/{village['kode_desa']}/")
    page.close()


def test_a_site_without_village_pages_builds_without_a_search_index(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "kabupaten").mkdir(parents=True)
    (site / "kabupaten" / "index.html").write_text("<html><body><h1>Kabupaten</h1></body></html>", encoding="utf-8")
    assert index_site(site) == SearchIndex(0, 0, 0)
    assert not (site / "pagefind").exists()


def test_one_changed_village_reads_one_package_and_gives_the_bytes_of_a_full_build(
    large: tuple[Path, Path], tmp_path: Path
) -> None:
    """Last in this module: it changes the fixture's data and site. One village's household count changes; the
    next build reads and renders only that regency's package, and its site is byte for byte the site a full build
    of the same data writes."""
    data, site = large
    # a build of unchanged data, so the folder beside the site is the site as it stands: the next build brings
    # it up to date rather than linking every file afresh
    result = labkem("build", "--data", str(data), "--out", str(site), "--pdf", "off")
    assert result.returncode == 0, result.stderr[-3000:]
    observations = sorted(data.glob("*/observasi.csv"))[-1]
    lines = observations.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    column, indicator = header.index("nilai"), header.index("indikator")
    row = next(i for i, line in enumerate(lines) if line.split(",")[indicator] == "jumlah_rumah_tangga")
    cells = lines[row].rstrip("\n").split(",")
    cells[column] = str(int(cells[column]) + 7)
    lines[row] = ",".join(cells) + "\n"
    observations.write_text("".join(lines), encoding="utf-8")
    village_page = site / "desa" / cells[header.index("kode_desa")] / "index.html"
    before = village_page.read_bytes()

    result = labkem("build", "--data", str(data), "--out", str(site), "--pdf", "off")
    assert result.returncode == 0, result.stderr[-3000:]
    # only the changed regency's package is read, transformed and rendered again
    packages = len(list(data.glob("*/datapackage.json")))
    assert f"transform: 1 paket dibaca dan diolah; {packages - 1} paket tidak berubah" in result.stderr
    assert village_page.read_bytes() != before
    # publishing touched what changed: that regency's pages and files, not the site's thousands of files
    linked = re.search(r"publish: (\d+) berkas situs, (\d+) ditautkan baru", result.stderr)
    assert linked and int(linked.group(2)) < int(linked.group(1)) / 20, result.stderr[-3000:]
    # nor is it anything the site generator reads: it does not run
    assert "publish: mkdocs tidak dijalankan, masukannya sama dengan build lalu" in result.stderr
    # a household count is not what search finds a village by: no province is indexed again
    assert re.search(r"Pagefind tidak berubah, 0 dari \d+ provinsi diindeks ulang", result.stderr), result.stderr

    full = tmp_path / "penuh" / "site"
    result = labkem("build", "--data", str(data), "--out", str(full), "--pdf", "off", "--full")
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"transform: {packages} paket dibaca dan diolah (" in result.stderr
    assert tree_digest(site.parent / "render") == tree_digest(full.parent / "render")
    assert tree_digest(site) == tree_digest(full)
