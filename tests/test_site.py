"""Integration: the real build on the fixture (MkDocs for the hand-written site and the shells), checked as HTML;
and the atomic publish."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from labkem.commands.build import build
from labkem.core.errors import SiteBuildFailed, ValidationFailed
from labkem.core.options import BuildOptions
from labkem.publish.site import check_site_folder, swap_into_place
from labkem.render.shells import Page

from conftest import PROJECT_DIR, VALID

BOTOSARI = "33.26.02.2008"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_village_page_has_identity_programme_chart_and_table(built_site: Path) -> None:
    page = soup(built_site / "desa" / BOTOSARI / "index.html")
    article = page.select_one("article")
    assert article is not None
    assert article.h1 is not None and article.h1.get_text(strip=True).startswith("Desa Botosari")
    text = article.get_text(" ", strip=True)
    assert "Data sintetis" in text
    assert "Laboratorium Kemiskinan : pilot sejak 2018" in text or "Laboratorium Kemiskinan: pilot sejak 2018" in text
    assert "Paninggaran" in text and "Kabupaten Pekalongan" in text
    chart = article.select_one("svg.labkem-svgchart")
    assert chart is not None and chart["role"] == "img"
    caption = page.find(id=chart["aria-labelledby"])  # the chart is named by its caption, written once
    assert caption is not None and caption.name == "figcaption"
    assert caption.get_text().startswith("Grafik garis jumlah rumah tangga desil 1–4")
    # a point per desil and period, each with its tooltip, and a dashed rule where the programme began
    points = [title.get_text() for title in chart.select("circle > title")]
    assert len(points) == 16 and points[0] == "Desil 1, 2018: 118 rumah tangga"
    assert [title.get_text() for title in chart.select("line > title")] == ["Mulai: Laboratorium Kemiskinan (2018)"]
    table = article.select_one("table.labkem-indicators")
    assert table is not None
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    assert headers == ["Indikator", "2023", "Perubahan sejak 2018", "2021", "2019", "2018"]  # newest first
    labels = [th.get_text(" ", strip=True) for th in table.select("tbody th")]
    assert len(labels) == 20 and labels[0].startswith("Jumlah penduduk")


def test_suppressed_cells_read_disamarkan_and_are_never_small_numbers(built_site: Path) -> None:
    data = VALID / "kab-pekalongan" / "observasi.csv"
    suppressed = sum(1 for line in data.read_text().splitlines() if line.endswith(",c"))
    shown = 0
    for page in (built_site / "desa").glob("*/index.html"):
        cells = soup(page).select("table.labkem-indicators td.suppressed")
        shown += len(cells)
        assert {c.get_text(strip=True) for c in cells} <= {"disamarkan"}
    assert suppressed > 0 and shown == suppressed


def test_village_pages_stay_out_of_the_navigation(built_site: Path) -> None:
    page = soup(built_site / "index.html")
    nav_links = [a["href"] for a in page.select("nav.md-nav--primary a[href]")]
    assert nav_links and not any(re.search(r"(^|/)desa/\d", href) for href in nav_links)


def test_every_internal_link_resolves(built_site: Path) -> None:
    broken = []
    for page in built_site.rglob("*.html"):
        if page.name == "404.html":
            continue  # served at any path, so Material links it from the site root
        for tag in soup(page).select("a[href], script[src], link[href]"):
            target = tag.get("href") or tag.get("src")
            parsed = urlparse(str(target))
            if parsed.scheme or parsed.netloc or not parsed.path:
                continue
            resolved = (page.parent / parsed.path).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{page.relative_to(built_site)} -> {target}")
    assert broken == []


def test_no_asset_comes_from_another_host(built_site: Path) -> None:
    external = set()
    for page in [built_site / "index.html", built_site / "desa" / BOTOSARI / "index.html"]:
        for tag in soup(page).select("script[src], link[rel=stylesheet], img[src]"):
            url = str(tag.get("src") or tag.get("href"))
            if urlparse(url).netloc:
                external.add(url)
    assert external == set()
    # charts are drawn at build time: no chart library is shipped or loaded
    assert not list((built_site / "assets").rglob("vega*"))
    village = soup(built_site / "desa" / BOTOSARI / "index.html")
    assert len(village.select("figure svg.labkem-svgchart")) == 3
    assert not village.select("script[type='application/json']:not(#__config)")  # the theme's own settings only


def test_district_and_regency_pages_list_their_villages(built_site: Path) -> None:
    district = soup(built_site / "kecamatan" / "33.26.02" / "index.html")
    names = [a.get_text(strip=True) for a in district.select("table.labkem-sortable tbody td:nth-child(2) a")]
    assert "Botosari" in names and len(names) == 4
    regency = soup(built_site / "kabupaten" / "33.26" / "index.html")
    rows = regency.select("table.labkem-sortable")[-1].select("tbody tr")
    assert len(rows) == 8
    assert "9,71%" in regency.get_text()  # BPS 2019, sourced in the package


def test_downloads_are_published_with_the_site(built_site: Path) -> None:
    descriptor = json.loads((built_site / "data" / "kab-pekalongan" / "datapackage.json").read_text())
    assert descriptor["synthetic"] is True
    assert (built_site / "data" / "wilayah" / "desa.csv").exists()


def test_build_with_invalid_data_writes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "datapackages"
    shutil.copytree(VALID, data)
    path = data / "kab-pekalongan" / "observasi.csv"
    lines = path.read_text().splitlines()
    lines[1] = lines[1].rsplit(",", 2)[0] + ",banyak,"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(ValidationFailed):
        build(data, tmp_path / "build" / "site", project_dir=PROJECT_DIR)
    # only the validation report, for CI to publish; no page, no site
    assert [p.name for p in (tmp_path / "build").iterdir()] == ["validasi.html"]


@pytest.mark.parametrize(
    ("where", "rule"),
    [
        ("data's own folder", "berisi folder data"),
        ("a folder holding the data", "berisi folder data"),
        ("inside the data", "di dalam folder data"),
        ("a folder of other files", "bukan situs hasil build"),
    ],
)
def test_a_site_folder_the_build_would_lose_something_in_is_refused_before_anything_is_written(
    tmp_path: Path, where: str, rule: str
) -> None:
    work = tmp_path / "kerja"
    data = work / "datapackages"
    shutil.copytree(VALID, data)
    (work / "catatan.txt").write_text("milik petugas\n")
    site = {
        "data's own folder": data,
        "a folder holding the data": work,
        "inside the data": data / "situs",
        "a folder of other files": tmp_path / "lain" / "site",
    }[where]
    if where == "a folder of other files":
        site.mkdir(parents=True)
        (site / "laporan.docx").write_bytes(b"bukan situs")
    before = files_of(tmp_path)
    with pytest.raises(SiteBuildFailed, match=rule):
        build(data, site, project_dir=PROJECT_DIR)
    # not a file changed, added or moved: no report, no render folder, no swap
    assert files_of(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == (["kerja", "lain"] if where.endswith("files") else ["kerja"])


def test_a_folder_with_a_site_or_nothing_in_it_is_taken(tmp_path: Path) -> None:
    data = tmp_path / "datapackages"
    data.mkdir()
    check_site_folder(data, tmp_path / "build" / "site")  # not there yet
    empty = tmp_path / "kosong"
    empty.mkdir()
    check_site_folder(data, empty)
    site = tmp_path / "situs"
    site.mkdir()
    (site / "index.html").write_text("<!doctype html>\n")
    (site / "desa").mkdir()
    check_site_folder(data, site)
    with pytest.raises(SiteBuildFailed, match="bukan berkas"):
        check_site_folder(data, site / "index.html")


def project_copy(tmp_path: Path) -> tuple[Path, Path, Path]:
    """The fixture data, a copy of the project's hand-written site and theme to break, and where the site goes."""
    data = tmp_path / "datapackages"
    shutil.copytree(VALID, data)
    project = tmp_path / "project"
    shutil.copytree(PROJECT_DIR / "docs", project / "docs")
    shutil.copytree(PROJECT_DIR / "overrides", project / "overrides")
    shutil.copy(PROJECT_DIR / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copy(PROJECT_DIR / "mkdocs.en.yml", project / "mkdocs.en.yml")
    return data, project, tmp_path / "build" / "site"


def files_of(site: Path) -> dict[Path, bytes]:
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_mkdocs_failure_keeps_the_previous_site(tmp_path: Path) -> None:
    data, project, site = project_copy(tmp_path)
    build(data, site, project_dir=project)
    before = files_of(site)
    (project / "docs" / "tentang.md").write_text("[rusak](halaman-yang-tidak-ada.md)\n")
    with pytest.raises(SiteBuildFailed, match="situs lama tidak diubah"):
        build(data, site, project_dir=project)
    after = files_of(site)
    assert after == before
    # beside the site: the build's lock, and no staging folder (the first build left no previous site)
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(".site")] == [".site.kunci"]


@pytest.mark.slow
def test_a_build_stopped_while_bringing_the_other_folder_up_to_date_leaves_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stopped halfway through linking the new site into the folder beside the live one: the live site keeps
    every byte, and the next build finishes the job with the bytes of a build from nothing."""
    from labkem.publish import linkfarm
    from labkem.publish import site as publish_site

    data, project, site = project_copy(tmp_path)
    build(data, site, BuildOptions(pdf="off"), project_dir=project)
    build(data, site, BuildOptions(pdf="off"), project_dir=project)  # now the previous site lies beside the live one
    before = files_of(site)
    observations = data / "kab-pekalongan" / "observasi.csv"
    lines = observations.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith("33.26.02.2008,") and ",jumlah_penduduk," in line)
    kode, periode, indikator, nilai, status = lines[row].rstrip("\n").split(",")
    lines[row] = ",".join([kode, periode, indikator, str(int(nilai) + 7), status]) + "\n"
    observations.write_text("".join(lines), encoding="utf-8")

    def halfway(folder: Path, wanted: dict[str, Path], inodes: dict[str, int], leave: str) -> linkfarm.Synced:
        linkfarm.bring_up_to_date(folder, dict(list(wanted.items())[: len(wanted) // 2]), inodes, leave)
        raise KeyboardInterrupt

    monkeypatch.setattr(publish_site, "bring_up_to_date", halfway)
    with pytest.raises(KeyboardInterrupt):
        build(data, site, BuildOptions(pdf="off"), project_dir=project)
    assert files_of(site) == before
    monkeypatch.undo()
    build(data, site, BuildOptions(pdf="off"), project_dir=project)
    fresh = tmp_path / "dari-awal" / "site"
    build(data, fresh, BuildOptions(pdf="off"), project_dir=project)
    assert files_of(site) == files_of(fresh) != before


@pytest.mark.slow
def test_the_site_generator_runs_again_when_a_hand_written_page_changes(tmp_path: Path) -> None:
    """It is skipped while what it reads is unchanged, so a changed page must make it run."""
    data, project, site = project_copy(tmp_path)
    build(data, site, BuildOptions(pdf="off"), project_dir=project)
    lines: list[str] = []
    build(data, site, BuildOptions(pdf="off"), project_dir=project, log=lines.append)
    assert any("mkdocs tidak dijalankan" in line for line in lines)
    page = project / "docs" / "tentang.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nKalimat baru untuk uji.\n", encoding="utf-8")
    lines.clear()
    build(data, site, BuildOptions(pdf="off"), project_dir=project, log=lines.append)
    assert any(line.startswith("publish: mkdocs selesai") for line in lines)
    assert "Kalimat baru untuk uji." in (site / "tentang" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_page_lost_from_the_store_is_placed_again(tmp_path: Path) -> None:
    data, project, site = project_copy(tmp_path)
    build(data, site, BuildOptions(pdf="off"), project_dir=project)
    before = files_of(site)
    (site.parent / "cache" / "terbit" / "halaman" / "desa" / "33.26.02.2008" / "index.html").unlink()
    build(data, site, BuildOptions(pdf="off"), project_dir=project)
    assert files_of(site) == before


def test_swap_replaces_the_live_folder(tmp_path: Path) -> None:
    live, new = tmp_path / "site", tmp_path / "new"
    live.mkdir()
    (live / "a.html").write_text("old")
    new.mkdir()
    (new / "a.html").write_text("new")
    swap_into_place(new, live)
    assert (live / "a.html").read_text() == "new"
    assert not new.exists()


def test_swap_into_an_empty_place(tmp_path: Path) -> None:
    new = tmp_path / "new"
    new.mkdir()
    swap_into_place(new, tmp_path / "site")
    assert (tmp_path / "site").is_dir() and not new.exists()


@pytest.mark.slow
def test_pages_of_data_that_no_longer_exists_are_removed(tmp_path: Path) -> None:
    data = tmp_path / "datapackages"
    shutil.copytree(VALID, data)
    site = tmp_path / "build" / "site"
    build(data, site, project_dir=PROJECT_DIR)
    stray = tmp_path / "build" / "render" / "halaman" / "paket" / "kab-yang-dihapus.jsonl"
    page = Page("desa/33.26.99.2999/index.html", "Desa yang sudah dihapus", "", '<h1 id="a">A<a class="headerlink"')
    stray.write_bytes(b'{"paths": ["desa/33.26.99.2999/index.html"]}\n' + page.to_bytes() + b"\n")
    build(data, site, project_dir=PROJECT_DIR)
    assert not stray.exists()
    assert not (site / "desa" / "33.26.99.2999").exists()
    assert (site / "desa" / BOTOSARI / "index.html").exists()


def test_no_personal_number_reaches_the_site(built_site: Path) -> None:
    """No 16-digit number (NIK/KK) or personal-data column in any page or download."""
    import re

    from labkem.validate.checks import PERSONAL_COLUMN

    sixteen = re.compile(r"(?<!\d)\d{16}(?!\d)")
    sha256 = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")
    checked = 0
    for path in built_site.rglob("*"):
        # the search index joins table cells without spaces ("2018201920212023"): its text comes from the
        # pages checked here
        if path.suffix in {".html", ".csv", ".json"} and "search" not in path.parts:
            # SHA-256 checksums of downloads are 64 hex digits and may hold a run of 16 decimals
            text = sha256.sub("", path.read_text(encoding="utf-8"))
            assert not sixteen.search(text), path
            if path.suffix == ".csv":
                header = text.splitlines()[0].split(",")
                assert not [h for h in header if PERSONAL_COLUMN.match(h)], path
            checked += 1
    assert checked > 20


def test_indicator_reference_lists_the_whole_codebook(built_site: Path) -> None:
    page = soup(built_site / "indikator" / "index.html")
    ids = {h.get("id") for h in page.select("article h2")}
    codebook = (VALID / "indikator" / "indikator.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert ids == {line.split(",")[0] for line in codebook}
    assert "Sensitif: angka 1 sampai 4 disamarkan." in page.get_text()


def test_starter_kit_is_published_and_linked_from_the_guide(built_site: Path) -> None:
    assert (built_site / "unduh" / "kit-awal-labkem.zip").stat().st_size > 10_000
    guide = soup(built_site / "panduan" / "menerbitkan" / "index.html")
    links = [a["href"] for a in guide.select("article a[href]")]
    assert any(href.endswith("unduh/kit-awal-labkem.zip") for href in links)


@pytest.mark.slow
def test_a_theme_that_drops_the_shell_placeholders_keeps_the_previous_site(tmp_path: Path) -> None:
    """A theme override that renders no page content (so a data page has no place in its shell) fails the build
    after MkDocs succeeded, while pages are being placed: the live site stays byte for byte as it was."""
    data, project, site = project_copy(tmp_path)
    build(data, site, BuildOptions(pdf="off"), project_dir=project)
    before = files_of(site)
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}<p>Isi disembunyikan</p>{% endblock %}\n', encoding="utf-8"
    )
    with pytest.raises(SiteBuildFailed, match="tidak ditemukan di HTML tema"):
        build(data, site, BuildOptions(pdf="off"), project_dir=project)
    after = files_of(site)
    assert after == before
    # beside the site: the build's lock, and no staging folder (the first build left no previous site)
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(".site")] == [".site.kunci"]


def test_every_page_of_the_sample_has_a_title_of_its_own(sample_site: Path) -> None:
    """Bookmarks, tabs, search results and screen readers tell pages apart by their title: villages of the same
    name in two districts, and each regency's Dinas Kesehatan, are named with their district and regency."""
    pages: dict[str, list[str]] = {}
    for page in sorted(sample_site.rglob("index.html")):
        found = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.DOTALL)
        assert found is not None, page
        pages.setdefault(found.group(1).strip(), []).append(str(page.relative_to(sample_site)))
    assert {title: paths for title, paths in pages.items() if len(paths) > 1} == {}
    village = (sample_site / "desa" / "33.26.02.2008" / "index.html").read_text(encoding="utf-8")
    assert "<title>Desa Botosari, Kec. Paninggaran, Kabupaten Pekalongan - " in village
    assert re.search(r"<h1[^>]*>Desa Botosari<", village)  # the heading stays short


def test_a_change_in_a_rate_is_marked_as_points(built_site: Path) -> None:
    """14,3% from 21,3% is a change of 7 points, not of 7 %: the key figures' change column says so."""
    page = BeautifulSoup(
        (built_site / "desa" / "33.26.02.2008" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    keys = page.select_one(".labkem-keys table")
    assert keys is not None
    headers = [th.get_text(strip=True) for th in keys.select("thead th")]
    assert re.fullmatch(r"Perubahan sejak \d{4}(-S[12])? \(poin\)", headers[2]), headers
    assert all("%" in row.th.get_text() or "per 100" in row.th.get_text() for row in keys.select("tbody tr"))
