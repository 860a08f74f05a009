"""The data hub: package zips the official validator accepts, an API that says what the packages say,
checksums anyone can recompute, and builds that give the same bytes twice."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from frictionless import Package
from openpyxl import load_workbook

from labkem.commands.build import build
from labkem.core.options import BuildOptions
from labkem.downloads.packages import API, CHECKSUMS, DOWNLOAD_PREFIXES
from labkem.transform import charts

from conftest import PROJECT_DIR, VALID, serve, tree_digest

REGENCY = VALID / "kab-pekalongan"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float | None:
    return None if text == "" else float(text)


def village_observations(table: dict[str, Any], kode: str) -> list[dict[str, object]]:
    """A village JSON's observation table back as rows (cells without value or status are no observation)."""
    found = []
    for indicator, values in table["nilai"].items():
        statuses = table["status"].get(indicator, [None] * len(values))
        for period, value, status in zip(table["periode"], values, statuses, strict=True):
            if value is not None or status is not None:
                found.append(
                    {"kode_desa": kode, "periode": period, "indikator": indicator, "nilai": value, "status": status}
                )
    return found


def observation_set(records: list[dict[str, object]], kode: str | None = None) -> set[tuple[object, ...]]:
    """Observations as comparable tuples: (village, period, indicator, value, status)."""
    return {
        (
            r.get("kode_desa", kode),
            r["periode"],
            r["indikator"],
            None if r["nilai"] in (None, "") else float(r["nilai"]),  # type: ignore[arg-type]
            r["status"] or None,
        )
        for r in records
    }


@pytest.mark.parametrize("name", ["kab-pekalongan", "wilayah", "indikator"])
def test_every_package_zip_is_valid_for_the_official_validator(built_site: Path, name: str) -> None:
    archive = built_site / "unduh" / "paket" / f"{name}.zip"
    report = Package(str(archive)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    with zipfile.ZipFile(archive) as opened:
        descriptor = json.loads(opened.read("datapackage.json"))
        for resource in descriptor["resources"]:
            data = opened.read(resource["path"])
            assert resource["bytes"] == len(data)
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_a_zip_whose_table_was_altered_fails_on_its_hash(built_site: Path, tmp_path: Path) -> None:
    """The hashes are checked, not decoration: change one digit and the validator objects."""
    source = built_site / "unduh" / "paket" / "kab-pekalongan.zip"
    altered = tmp_path / "kab-pekalongan.zip"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(altered, "w") as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "kemiskinan_kabupaten.csv":
                body = data.index(b"\n") + 1
                digit = next(i for i in range(body, len(data)) if data[i : i + 1].isdigit())
                data = data[:digit] + (b"1" if data[digit : digit + 1] != b"1" else b"2") + data[digit + 1 :]
            copy.writestr(item, data)
    report = Package(str(altered)).validate()
    assert not report.valid
    assert "hash-count" in {error.type for task in report.tasks for error in task.errors}


def test_each_table_is_the_same_in_csv_xlsx_and_the_api(built_site: Path) -> None:
    base = built_site / "data" / "kab-pekalongan"
    table = rows(base / "kemiskinan_kabupaten.csv")
    records = json.loads((built_site / API / "kabupaten" / "33.26.json").read_text(encoding="utf-8"))[
        "kemiskinan_kabupaten"
    ]
    assert len(records) == len(table)
    for raw, record in zip(table, records, strict=True):
        assert record["tahun"] == int(raw["tahun"])
        assert record["persen_miskin"] == number(raw["persen_miskin"])
        assert record["sumber"] == raw["sumber"]
    book = load_workbook(base / "kemiskinan_kabupaten.xlsx", read_only=True)
    sheet = list(book["kemiskinan_kabupaten"].iter_rows(values_only=True))
    assert list(sheet[0]) == list(table[0])
    assert [list(r) for r in sheet[1:]] == [list(r.values()) for r in records]
    about = " ".join(str(r[0]) for r in book["tentang"].iter_rows(values_only=True))
    assert "CC-BY-4.0" in about and "sintetis" in about
    # and in English, for the site's other language
    assert ": table kemiskinan_kabupaten" in about and "Licence: CC-BY-4.0" in about and "are synthetic" in about
    assert [p.name for p in base.glob("*.json")] == ["datapackage.json"]  # JSON by place is in the API


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    yield from serve(built_site)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.status == 200, url
        return bytes(response.read())


def test_api_paths_say_what_the_packages_say(built_site: Path, site_url: str) -> None:
    """Fetched over HTTP as a journalist's script would, every path agrees with the package tables."""

    def get(path: str) -> Any:
        return json.loads(fetch(f"{site_url}/{path}"))

    def get_csv(path: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(fetch(f"{site_url}/{path}").decode("utf-8"))))

    index = get(f"{API}/index.json")
    for template in index["jalur"].values():
        if "{" not in template:
            assert fetch(f"{site_url}/{template}"), template
    observations = rows(REGENCY / "observasi.csv")
    profile = {r["kode_desa"]: r for r in rows(REGENCY / "desa_profil.csv")}
    villages = get(f"{API}/desa.json")
    assert sorted(v["kode"] for v in villages) == sorted(profile)
    for entry in villages:
        kode = entry["kode"]
        village = get(entry["json"])
        assert (village["nama"], village["kecamatan"]["kode"]) == (
            profile[kode]["nama_desa"],
            profile[kode]["kode_kecamatan"],
        )
        expected = observation_set([r for r in observations if r["kode_desa"] == kode])  # type: ignore[misc]
        assert observation_set(village_observations(village["observasi"], kode)) == expected
        assert set(village["observasi"]["status"]) <= set(village["observasi"]["nilai"])
        as_csv = get_csv(entry["csv"])
        assert observation_set(as_csv) == expected  # type: ignore[arg-type]
        assert village["sintetis"] is True and village["lisensi"] == "CC-BY-4.0"
    for district in {r["kode_kecamatan"] for r in profile.values()}:
        data = get(f"{API}/kecamatan/{district}.json")
        members = {k for k, r in profile.items() if r["kode_kecamatan"] == district}
        assert {v["kode"] for v in data["desa"]} == members
        for village in data["desa"]:  # a district's observations are its villages' files
            assert get(village["json"])["kecamatan"]["kode"] == district
            assert {r["kode_desa"] for r in get_csv(village["csv"])} <= {village["kode"]}
        assert data["unduh_observasi"]["csv"] == "data/kab-pekalongan/observasi.csv"
    regency = get(f"{API}/kabupaten/33.26.json")
    linked = regency["unduh_observasi"]
    assert observation_set(get_csv(linked["csv"])) == observation_set(observations)  # type: ignore[arg-type]
    assert linked["baris"] == len(observations)
    book = load_workbook(io.BytesIO(fetch(f"{site_url}/{linked['xlsx']}")), read_only=True)
    assert len(list(book["observasi"].iter_rows(values_only=True))) == len(observations) + 1
    for table in ("desa_profil", "status_desa", "program", "capaian_program"):
        assert len(regency[table]) == len(rows(REGENCY / f"{table}.csv")), table
    assert [r["tahun"] for r in regency["kemiskinan_kabupaten"]] == [
        int(r["tahun"]) for r in rows(REGENCY / "kemiskinan_kabupaten.csv")
    ]
    codebook = get(f"{API}/indikator.json")
    assert [c["id"] for c in codebook] == [r["id"] for r in rows(VALID / "indikator" / "indikator.csv")]


def test_sha256sums_lists_every_download_with_its_true_hash(built_site: Path) -> None:
    listed = {}
    for line in (built_site / CHECKSUMS).read_text(encoding="utf-8").splitlines():
        digest, path = line.split("  ", 1)
        listed[path] = digest
    downloads = {
        p.relative_to(built_site).as_posix()
        for p in built_site.rglob("*")
        if p.is_file() and p.suffix != ".html" and p.relative_to(built_site).as_posix().startswith(DOWNLOAD_PREFIXES)
    } - {CHECKSUMS}  # pages are not downloads (the Data page itself lives at data/index.html)
    assert set(listed) == downloads
    for path, digest in listed.items():
        assert hashlib.sha256((built_site / path).read_bytes()).hexdigest() == digest, path


def test_pages_link_their_data(built_site: Path) -> None:
    village = BeautifulSoup((built_site / "desa" / "33.26.02.2008" / "index.html").read_text(), "html.parser")
    hrefs = {a["href"] for a in village.select("article a[href]")}
    assert {"../../api/v1/desa/33.26.02.2008.csv", "../../api/v1/desa/33.26.02.2008.json"} <= hrefs
    assert "../../unduh/paket/kab-pekalongan.zip" in hrefs
    district = (built_site / "kecamatan" / "33.26.02" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../api/v1/kecamatan/33.26.02.json"' in district
    assert 'href="../../data/kab-pekalongan/observasi.csv"' in district
    regency = (built_site / "kabupaten" / "33.26" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../data/kab-pekalongan/observasi.xlsx"' in regency
    data = BeautifulSoup((built_site / "data" / "index.html").read_text(encoding="utf-8"), "html.parser")
    text = data.get_text(" ")
    code = " ".join(block.get_text("") for block in data.select("article pre"))  # highlighting splits tokens
    assert "IMPORTDATA(" in code and "pd.read_csv" in code and "curl -O" in code
    assert "ODbL" in text and "CC BY 4.0" in text
    for link in data.select("article a[href]"):
        href = link["href"]
        if not href.startswith(("http", "#", "mailto:")):
            assert (built_site / "data" / href.split("#")[0]).resolve().exists(), href


@pytest.mark.slow
def test_two_builds_of_the_same_data_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    digests = []
    for run in ("a", "b"):
        data = tmp_path / run / "datapackages"
        data.parent.mkdir()
        data.symlink_to(VALID)
        site = build(data, tmp_path / run / "build" / "site", project_dir=PROJECT_DIR).site_dir
        digests.append(tree_digest(site))
        with zipfile.ZipFile(site / "unduh" / "paket" / "kab-pekalongan.zip") as archive:
            assert {info.date_time for info in archive.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        assert json.loads((site / API / "index.json").read_text())["rilis"] == "rilis-2026-01-01"
    assert digests[0] == digests[1]
    # what a journalist downloads is the same size either way, and no file names the build's folder
    leaked = [
        p
        for p in (tmp_path / "b" / "build" / "site").rglob("*")
        if p.is_file() and str(tmp_path).encode() in p.read_bytes()
    ]
    assert leaked == []


def _refuse_fetch(url: str, options: object = None) -> object:
    raise AssertionError(f"the catalogue fetched {url}; its context must be embedded")


def test_the_dcat_catalogue_is_json_ld_listing_every_published_file(built_site: Path) -> None:
    from pyld import jsonld

    document = json.loads((built_site / "dcat.jsonld").read_text(encoding="utf-8"))
    base = "https://lab.contoh.test/"  # the address in the fixture's situs.yml
    elsewhere = "https://mirror.example.org/lab/dcat.jsonld"  # where a harvester may have fetched it from
    expanded = jsonld.expand(document, {"base": elsewhere, "documentLoader": _refuse_fetch})
    graph = jsonld.flatten(expanded, None, {"documentLoader": _refuse_fetch})
    dcat = "http://www.w3.org/ns/dcat#"
    by_type: dict[str, list[dict[str, object]]] = {}
    for node in graph:
        for kind in node.get("@type", []):
            by_type.setdefault(kind, []).append(node)
    assert len(by_type[dcat + "Catalog"]) == 1
    assert len(by_type[dcat + "Dataset"]) == len(list((built_site / "unduh" / "paket").glob("*.zip")))
    urls = [d[dcat + "downloadURL"][0]["@id"] for d in by_type[dcat + "Distribution"]]  # type: ignore[index]
    assert len(urls) == len(set(urls)) > 0
    for url in urls:
        assert url.startswith(base) and (built_site / url.removeprefix(base)).is_file(), url
    pod = json.loads((built_site / "data.json").read_text(encoding="utf-8"))
    assert sorted(f["downloadURL"] for d in pod["dataset"] for f in d["distribution"]) == sorted(urls)
    page = BeautifulSoup((built_site / "data" / "index.html").read_text(encoding="utf-8"), "html.parser")
    scripts = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    assert {s["identifier"] for s in scripts} == {"kab-pekalongan", "wilayah", "indikator", "batas"}
    assert all(s["@type"] == "Dataset" and 50 <= len(s["description"]) <= 5000 for s in scripts)
    bib = (built_site / "unduh" / "sitasi.bib").read_text(encoding="utf-8")
    assert bib.count("@misc{") == 4 and "Angka desa sintetis" in bib


def test_every_chart_has_its_numbers_in_a_table_and_a_download(built_site: Path) -> None:
    """A village chart's numbers are the page's own tables and the village's CSV; a regency chart has a CSV."""
    kode = "33.26.02.2008"
    page = BeautifulSoup((built_site / "desa" / kode / "index.html").read_text(), "html.parser")

    def drawn_points() -> dict[tuple[str, str], str]:
        """(period, desil) -> the number the desil chart draws there, read from its points' tooltips."""
        chart = page.select_one("svg[aria-labelledby='keterangan-desil']")
        assert chart is not None
        tips = [
            re.fullmatch(r"(Desil \d), (\S+): (\S+) rumah tangga", t.get_text()) for t in chart.select("circle title")
        ]
        assert tips and all(tips)
        return {(m[2], m[1]): m[3] for m in tips if m}

    def table(selector: str) -> dict[str, list[str]]:
        return {
            row.th.get_text(" ", strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
            for row in page.select(f"{selector} tbody tr")
        }

    published = {
        (r["periode"], r["indikator"]): r["nilai"] for r in rows(built_site / "api" / "v1" / "desa" / f"{kode}.csv")
    }
    indicators = table("table.labkem-indicators")
    # the columns: the indicator, the newest period, the change, then the other periods back in time
    headers = [th.get_text(strip=True) for th in page.select("table.labkem-indicators thead th")]
    periods = [h for h in headers[1:] if not h.startswith("Perubahan")]
    indicators = {
        name: [c for h, c in zip(headers[1:], cells, strict=True) if h in periods] for name, cells in indicators.items()
    }
    drawn = drawn_points()
    for number, label in enumerate(charts.DESIL_LABELS, start=1):
        shown = next(cells for name, cells in indicators.items() if name.startswith(f"Rumah tangga desil {number} "))
        for period, cell in zip(periods, shown, strict=True):
            # a point for every number of the table, none for a hidden one, and the same number published
            assert drawn.get((period, label), "disamarkan") == cell
            assert published[(period, f"rt_desil_{number}")] == ("" if cell == "disamarkan" else cell.replace(".", ""))
    # the deprivation chart draws the table beside it: a bar for each of its cells, with the cell's number
    deprivation = page.select_one("#tabel-deprivasi")
    assert deprivation is not None and len(deprivation.select("tbody tr")) == 10
    cells = sorted(td.get_text(strip=True) for td in deprivation.select("tbody td"))
    bars = page.select("svg[aria-labelledby='keterangan-profil'] rect title")
    assert sorted(t.get_text().rsplit(": ", 1)[1] for t in bars) == cells
    links = page.select("section a, article a")
    assert any(a["href"] == f"../../api/v1/desa/{kode}.csv" for a in links)
    assert not (built_site / "grafik" / "desa").exists()  # no file per chart per village
    assert not page.select('a[href$=".svg"]')  # images only on request
    ranking = rows(built_site / "grafik" / "kabupaten" / "33.26" / "peringkat.csv")
    assert ranking and {"desa", "persen"} <= set(ranking[0])


@pytest.mark.slow
def test_chart_images_are_rendered_at_build_time_and_reproducible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xml.etree.ElementTree as ET

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    sites = []
    for run in ("a", "b"):  # separate caches: each renders every chart itself
        data = tmp_path / run / "datapackages"
        data.parent.mkdir()
        data.symlink_to(VALID)
        site = build(
            data, tmp_path / run / "build" / "site", BuildOptions(pdf="off", chart_images=True), project_dir=PROJECT_DIR
        )
        sites.append(site.site_dir)
    folder = sites[0] / "grafik" / "desa" / "33.26.02.2008"
    assert ET.parse(folder / "desil.svg").getroot().tag == "{http://www.w3.org/2000/svg}svg"
    assert (folder / "desil.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # maps are files of their own too, as SVG only (`peta.svg`): the regency's, each district's, each indicator's
    maps = sorted(p.relative_to(sites[0]) for p in (sites[0] / "grafik").rglob("peta.svg"))
    assert {m.parts[1] for m in maps} == {"kabupaten", "kecamatan", "indikator"}
    assert all((sites[0] / m).read_bytes() == (sites[1] / m).read_bytes() for m in maps)
    charts = sorted(p.relative_to(sites[0]) for p in (sites[0] / "grafik").rglob("*.svg") if p.name != "peta.svg")
    assert len(charts) == len(list((sites[0] / "grafik").rglob("*.png")))
    # a CSV only for the charts that are not a village's (whose numbers are its tables and its CSV)
    assert len(list((sites[0] / "grafik").rglob("*.csv"))) == len([c for c in charts if c.parts[1] != "desa"]) > 0
    for chart in charts:
        for suffix in (".svg", ".png"):
            same = chart.with_suffix(suffix)
            assert (sites[0] / same).read_bytes() == (sites[1] / same).read_bytes(), same
    page = (sites[0] / "desa" / "33.26.02.2008" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../grafik/desa/33.26.02.2008/desil.png"' in page


def test_typed_records_type_each_cell_by_the_schema() -> None:
    import pandas as pd

    from labkem.downloads.packages import typed_records

    frame = pd.DataFrame(
        {"kode": ["1", "2", ""], "n": ["5", "", "12"], "x": ["2.50", "3", "4.0"], "ok": ["ya", "false", ""]},
        dtype=str,
    )
    schema = {
        "fields": [
            {"name": "n", "type": "integer"},
            {"name": "x", "type": "number"},
            {"name": "ok", "type": "boolean"},
        ]
    }
    assert typed_records(frame, schema) == [
        {"kode": "1", "n": 5, "x": 2.5, "ok": True},
        {"kode": "2", "n": None, "x": 3, "ok": False},
        {"kode": None, "n": 12, "x": 4.0, "ok": None},
    ]
    assert typed_records(frame[[]], schema) == [{}, {}, {}]


def test_a_workbook_is_made_again_exactly_when_its_table_words_or_code_change(monkeypatch: pytest.MonkeyPatch) -> None:
    from labkem.downloads import packages

    when = (2026, 1, 1, 0, 0, 0)
    schema = {"fields": [{"name": "n", "type": "integer"}]}
    key = packages.workbook_key(b"n\n5\n", schema, ["about"], when)
    assert key == packages.workbook_key(b"n\n5\n", dict(schema), ["about"], when)
    others = [
        packages.workbook_key(b"n\n6\n", schema, ["about"], when),
        packages.workbook_key(b"n\n5\n", {"fields": [{"name": "n", "type": "number"}]}, ["about"], when),
        packages.workbook_key(b"n\n5\n", schema, ["about", "sintetis"], when),
        packages.workbook_key(b"n\n5\n", schema, ["about"], (2026, 7, 1, 0, 0, 0)),
    ]
    packages._workbook_code.cache_clear()
    monkeypatch.setattr(packages.openpyxl, "__version__", "0.0")
    others.append(packages.workbook_key(b"n\n5\n", schema, ["about"], when))
    packages._workbook_code.cache_clear()
    assert len({key, *others}) == 6
    # the code a workbook is made by: reading, typing and writing it
    code = packages._workbook_code().decode()
    assert all(name in code for name in ("def _typed(", "def typed_columns(", "def resource_xlsx(", "def read("))
