"""Harvestable for real: CKAN's own DCAT parser, the DCAT-AP 3 shapes and the Project Open Data schema read the
catalogue of the sample site as built, and every link in it leads to a file of that site.

The readers run in their own environment (`make interop`, see tests/interop/harvest.py)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import pytest
from bs4 import BeautifulSoup

from labkem.data import site_settings
from labkem.downloads.catalogue import NO_ADDRESS

from conftest import PROJECT_DIR, VALID

INTEROP_PYTHON = PROJECT_DIR / "build" / "interop" / "bin" / "python"
HARVEST = PROJECT_DIR / "tests" / "interop" / "harvest.py"
SHORT_FORMATS = {"ZIP", "CSV", "XLSX", "JSON", "GeoJSON"}
EU = "http://publications.europa.eu/resource/authority/"


def harvest(site: Path) -> dict[str, Any]:
    """What the interop readers make of a site's dcat.jsonld and data.json."""
    if not INTEROP_PYTHON.exists():
        pytest.fail("the interop environment is missing: run `make interop` (make test does)")
    done = subprocess.run(
        [str(INTEROP_PYTHON), str(HARVEST), str(site)], capture_output=True, text=True, check=False, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report: dict[str, Any] = json.loads(done.stdout)
    return report


@pytest.fixture(scope="module")
def address() -> str:
    url = site_settings.read_settings(PROJECT_DIR / "datapackages")[0].url
    assert url and url.startswith("https://"), "the sample ships the address its catalogue is built with"
    return url


@pytest.fixture(scope="module")
def report(sample_site: Path) -> dict[str, Any]:
    return harvest(sample_site)


def in_site(site: Path, url: str, address: str) -> bool:
    """True when an absolute link of the site leads to one of its files (and to an element, for an anchor)."""
    if not url.startswith(address):
        return False
    path, anchor = urldefrag(url.removeprefix(address))
    target = site / path
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return False
    return not anchor or f'id="{anchor}"' in target.read_text(encoding="utf-8")


def test_ckan_harvests_every_dataset_with_a_licence_links_into_the_site_and_short_formats(
    report: dict[str, Any], sample_site: Path, address: str
) -> None:
    datasets = {d["extras"]["identifier"]: d for d in report["harvested"]}
    packages = sorted(p.stem for p in (sample_site / "unduh" / "paket").glob("*.zip"))
    assert sorted(datasets) == packages
    assert {name: d["license_id"] for name, d in datasets.items()} == {
        **{name: "cc-by" for name in packages},
        "wilayah": "odc-odbl",
        "batas": "other-open",  # MIT, which CKAN's default register does not list
    }
    for name, dataset in datasets.items():
        extras = dataset["extras"]
        for link in (dataset["url"], extras["uri"], extras["spatial_uri"], extras["contact_url"]):
            assert in_site(sample_site, link, address), (name, link)
        assert json.loads(extras["language"]) == [EU + "language/IND"]
        assert extras["frequency"].startswith(EU + "frequency/")
        assert all(t.startswith(EU + "data-theme/") for t in json.loads(extras["theme"])), name
        assert extras["issued"] <= extras["modified"], name
        assert extras["temporal_start"] and extras["temporal_end"], name
        assert extras["spatial_text"], name
        assert dataset["resources"], name
        for resource in dataset["resources"]:
            assert in_site(sample_site, resource["url"], address), (name, resource)
            assert resource["format"] in SHORT_FORMATS, (name, resource)
            assert re.fullmatch(r"[a-z]+/[-+.\w]+", resource["mimetype"]), (name, resource)
    regency = datasets["kab-pekalongan"]["extras"]
    assert (regency["spatial_text"], regency["frequency"]) == (
        "Kabupaten Pekalongan, Jawa Tengah",
        EU + "frequency/IRREG",
    )
    assert datasets["kab-purworejo"]["extras"]["frequency"] == EU + "frequency/ANNUAL_2"  # evaluated every semester
    # A table under its own licence keeps it: the gazetteer names in a regency package are ODbL.
    licences = {r["name"]: r["license"] for r in datasets["kab-pekalongan"]["resources"]}
    assert licences["kab-pekalongan: desa_profil (CSV)"] == "Open Data Commons Open Database License 1.0"
    assert licences["kab-pekalongan: observasi (CSV)"] == "CC BY 4.0"
    # The boundaries: one GeoJSON per regency, in the API, under the MIT licence of their source.
    boundaries = {r["url"].removeprefix(address): r for r in datasets["batas"]["resources"]}
    assert {"api/v1/batas/33.26.geojson", "api/v1/batas/33.geojson"} <= set(boundaries)
    geojson = boundaries["api/v1/batas/33.26.geojson"]
    assert (geojson["format"], geojson["mimetype"]) == ("GeoJSON", "application/geo+json")
    assert geojson["license"].startswith("MIT License")


def test_the_catalogue_conforms_to_the_dcat_ap_3_shapes(report: dict[str, Any]) -> None:
    assert report["shacl"]["violations"] == []
    assert report["shacl"]["conforms"] is True
    assert report["shacl"]["triples"] > 1000


def test_data_json_is_valid_project_open_data_1_1(report: dict[str, Any], sample_site: Path, address: str) -> None:
    assert report["pod"] == []
    document = json.loads((sample_site / "data.json").read_text(encoding="utf-8"))
    assert document["@context"].startswith("https://project-open-data.cio.gov/v1.1/")
    links = [d["landingPage"] for d in document["dataset"]]
    links += [f["downloadURL"] for d in document["dataset"] for f in d["distribution"]]
    assert links and all(in_site(sample_site, link, address) for link in links)


def test_the_readers_find_what_the_catalogue_once_got_wrong(sample_site: Path, tmp_path: Path) -> None:
    """The same readers on the catalogue with the faults the site used to publish: they must see each one."""
    dcat = json.loads((sample_site / "dcat.jsonld").read_text(encoding="utf-8"))
    pod = json.loads((sample_site / "data.json").read_text(encoding="utf-8"))
    # an IRI typed anywhere in the graph is typed everywhere: the faults go into every distribution
    for node in dcat["dcat:dataset"]:
        for each in node["dcat:distribution"]:
            del each["dcat:mediaType"]["@type"]  # a media type as a bare IRI
            each["spdx:checksum"]["spdx:algorithm"] = {"@id": "spdx:checksumAlgorithm_sha256"}
            each["dct:license"] = {"@id": "https://creativecommons.org/licenses/by/4.0/", "rdfs:label": "CC BY 4.0"}
    distribution = dcat["dcat:dataset"][1]["dcat:distribution"][0]
    distribution["dcat:byteSize"] = str(distribution["dcat:byteSize"]["@value"])  # untyped
    del pod["@context"]  # `@type` without `@context`
    del pod["dataset"][0]["contactPoint"]["fn"]
    (tmp_path / "dcat.jsonld").write_text(json.dumps(dcat), encoding="utf-8")
    (tmp_path / "data.json").write_text(json.dumps(pod), encoding="utf-8")

    broken = harvest(tmp_path)

    paths = {v["path"] for v in broken["shacl"]["violations"]}
    assert broken["shacl"]["conforms"] is False
    assert paths == {
        "http://www.w3.org/ns/dcat#mediaType",  # not typed dct:MediaType
        "http://www.w3.org/ns/dcat#byteSize",  # not xsd:nonNegativeInteger
        "http://spdx.org/rdf/terms#algorithm",  # not typed spdx:ChecksumAlgorithm
        "http://purl.org/dc/terms/license",  # not typed dct:LicenseDocument
    }
    assert {d["license_id"] for d in broken["harvested"]} == {""}  # CKAN's register knows neither
    assert any(e.startswith(": ") and "@context" in e for e in broken["pod"]), broken["pod"]
    assert any("contactPoint" in e and "'fn'" in e for e in broken["pod"]), broken["pod"]


def test_schema_org_and_citations_link_into_the_site(sample_site: Path, address: str) -> None:
    page = BeautifulSoup((sample_site / "data" / "index.html").read_text(encoding="utf-8"), "html.parser")
    blocks = [json.loads(s.get_text()) for s in page.find_all("script", type="application/ld+json")]
    assert len(blocks) == len(list((sample_site / "unduh" / "paket").glob("*.zip")))
    links = []
    for block in blocks:
        links += [block["url"], block["includedInDataCatalog"]["url"]]
        links += [d["contentUrl"] for d in block["distribution"]]
        places = block["spatialCoverage"]
        links += [p["url"] for p in (places if isinstance(places, list) else [places])]
    bib = (sample_site / "unduh" / "sitasi.bib").read_text(encoding="utf-8")
    links += re.findall(r"^\s*url = \{(.*)\},?$", bib, flags=re.MULTILINE)
    links += [item["URL"] for item in json.loads((sample_site / "unduh" / "sitasi.json").read_text(encoding="utf-8"))]
    assert len(links) > 100
    assert [link for link in links if not in_site(sample_site, link, address)] == []
    citation = page.find(string=re.compile("Tersedia di"))
    assert citation is not None and f"Tersedia di {address}" in citation


@pytest.mark.slow
def test_a_site_without_an_address_writes_no_relative_links(tmp_path: Path) -> None:
    """No address: no catalogue, no data.json, no schema.org, citations without links; the log and
    `labkem validate` say why."""
    from labkem.commands.build import build
    from labkem.validate import check_data

    data = tmp_path / "datapackages"
    shutil.copytree(VALID, data)
    (data / site_settings.FILENAME).unlink()
    said: list[str] = []
    site = build(data, tmp_path / "build" / "site", project_dir=PROJECT_DIR, log=said.append).site_dir

    assert not (site / "dcat.jsonld").exists() and not (site / "data.json").exists()
    assert [line for line in said if "belum punya alamat" in line] == [
        f"peringatan: {NO_ADDRESS}; katalog DCAT, data.json dan data terstruktur schema.org tidak ditulis"
    ]
    page = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert "application/ld+json" not in page and "--site-url" in page
    assert "url =" not in (site / "unduh" / "sitasi.bib").read_text(encoding="utf-8")
    assert all("URL" not in item for item in json.loads((site / "unduh" / "sitasi.json").read_text(encoding="utf-8")))
    notes = [n for n in check_data(data).notes if n.path.endswith(site_settings.FILENAME)]
    assert [n.message.split(":")[0] for n in notes] == ["url kosong", "kontak kosong"]
