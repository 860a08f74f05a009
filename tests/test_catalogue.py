"""Catalogue metadata: DCAT JSON-LD read by a real JSON-LD processor offline, data.json, schema.org, citations."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st
from pyld import jsonld

from labkem.data import gazetteer
from labkem.data.scaffold import CC_BY
from labkem.downloads.catalogue import (
    SYNTHETIC_NOTE,
    Catalogue,
    CatalogueError,
    Dataset,
    Distribution,
    bibtex,
    citation_text,
    csl_json,
    dcat_jsonld,
    jsonld_script,
    pod_data_json,
    schema_org_dataset,
)

HOMEPAGE = "https://contoh.test/labkem"
# Where a JSON-LD processor would have fetched a catalogue written at the root of a site without an address.
DOCUMENT_URL = "https://situs.test/dcat.jsonld"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
SPDX = "http://spdx.org/rdf/terms#"
XSD = "http://www.w3.org/2001/XMLSchema#"

SHA_ZIP = "0f" * 32
SHA_CSV = "A1" * 32
SHA_GAZETTEER = "3c" * 32


def make_catalogue(homepage: str = HOMEPAGE) -> Catalogue:
    """Two datasets: a synthetic regency package and the gazetteer (ODbL, no period, a short description)."""
    site = f"{homepage}/" if homepage else ""
    regency = Dataset(
        identifier="kab-pekalongan",
        title="Profil Kemiskinan Desa Kabupaten Pekalongan",
        description="Indikator kemiskinan dan penanganannya untuk 285 desa dan kelurahan di Kabupaten Pekalongan.",
        keywords=("kemiskinan", "desa", "DTSEN"),
        license_url=CC_BY["path"],
        license_title=CC_BY["title"],
        publisher="Lab Kemiskinan Terbuka",
        landing_page=f"{site}data/kab-pekalongan/",
        spatial="Kabupaten Pekalongan, Jawa Tengah",
        spatial_code="33.26",
        temporal_start="2021-S1",
        temporal_end="2023-S2",
        issued="2026-11-22",
        version="1.2.0",
        synthetic=True,
        attribution="",
        distributions=(
            Distribution(
                title="Paket data kab-pekalongan (ZIP)",
                url=f"{site}unduh/paket/kab-pekalongan.zip",
                media_type="application/zip",
                format="ZIP",
                bytes=842_311,
                sha256=SHA_ZIP,
                license_url=CC_BY["path"],
            ),
            # Site-relative even when the site has an address: `@base` must resolve it.
            Distribution(
                title="Indikator desa (CSV)",
                url="unduh/kab-pekalongan/indikator.csv",
                media_type="text/csv; charset=utf-8",
                format="CSV",
                bytes=120_004,
                sha256=SHA_CSV,
                license_url=CC_BY["path"],
            ),
        ),
    )
    wilayah = Dataset(
        identifier="wilayah",
        title="Gazetir wilayah",
        description="Kode dan nama wilayah.",
        keywords=(),
        license_url=gazetteer.LICENSE["path"],
        license_title=gazetteer.LICENSE["title"],
        publisher="Lab Kemiskinan Terbuka",
        landing_page=f"{site}data/wilayah/",
        spatial="Jawa Tengah",
        spatial_code="",
        temporal_start="",
        temporal_end="",
        issued="2026-11-22",
        version="",
        synthetic=False,
        attribution=gazetteer.ATTRIBUTION,
        distributions=(
            Distribution(
                title="Gazetir (XLSX)",
                url=f"{site}unduh/wilayah/wilayah.xlsx",
                media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                format="XLSX",
                bytes=51_200,
                sha256=SHA_GAZETTEER,
                license_url=gazetteer.LICENSE["path"],
            ),
        ),
    )
    return Catalogue(
        title="Lab Kemiskinan Terbuka",
        description="Data kemiskinan desa yang terbuka.",
        homepage=homepage,
        publisher="Lab Kemiskinan Terbuka",
        language="id",
        release="rilis-2026-11-22",
        issued="2026-11-22",
        datasets=(regency, wilayah),
    )


# --- DCAT read by PyLD ----------------------------------------------------------------------------------


class Graph:
    """The triples of PyLD's RDF dataset, with the two look-ups the assertions need."""

    def __init__(self, dataset: dict[str, list[dict[str, Any]]]) -> None:
        self.triples = dataset["@default"]

    def objects(self, subject: str, predicate: str) -> list[dict[str, str]]:
        """Objects of (subject, predicate, ?)."""
        return [
            t["object"]
            for t in self.triples
            if t["subject"]["value"] == subject and t["predicate"]["value"] == predicate
        ]

    def subjects(self, predicate: str, value: str) -> list[str]:
        """Subjects of (?, predicate, value)."""
        return [
            t["subject"]["value"]
            for t in self.triples
            if t["predicate"]["value"] == predicate and t["object"]["value"] == value
        ]

    def one(self, subject: str, predicate: str) -> dict[str, str]:
        """The single object of (subject, predicate, ?)."""
        found = self.objects(subject, predicate)
        assert len(found) == 1, (subject, predicate, found)
        return found[0]


def refuse(url: str, options: object = None) -> dict[str, Any]:
    """A document loader for PyLD that fails the test on any attempt to fetch a remote document."""
    raise AssertionError(f"remote fetch attempted: {url}")


def offline_rdf(document: dict[str, Any], base: str) -> Graph:
    """The document's RDF as a JSON-LD processor sees it when read from `base`, without any fetch."""
    return Graph(jsonld.to_rdf(document, {"documentLoader": refuse, "base": base}))


@pytest.mark.parametrize(
    ("homepage", "base", "site"),
    [
        (HOMEPAGE, "https://elsewhere.test/mirror/dcat.jsonld", HOMEPAGE + "/"),
        ("", DOCUMENT_URL, "https://situs.test/"),
    ],
    ids=["homepage", "no-homepage"],
)
def test_dcat_is_json_ld_with_the_expected_triples(homepage: str, base: str, site: str) -> None:
    catalogue = make_catalogue(homepage)
    document = dcat_jsonld(catalogue)
    assert isinstance(document["@context"], dict)  # embedded, never a URL
    assert json.loads(json.dumps(document)) == document
    graph = offline_rdf(document, base)

    (catalog,) = graph.subjects(RDF_TYPE, DCAT + "Catalog")
    datasets = [o["value"] for o in graph.objects(catalog, DCAT + "dataset")]
    assert len(datasets) == 2
    assert graph.one(catalog, DCT + "issued") == {"type": "literal", "value": "2026-11-22", "datatype": XSD + "date"}
    assert [graph.one(d, DCT + "identifier")["value"] for d in datasets] == ["kab-pekalongan", "wilayah"]
    assert {d: graph.one(d, RDF_TYPE)["value"] for d in datasets} == {d: DCAT + "Dataset" for d in datasets}

    seen = []
    for dataset, expected in zip(datasets, catalogue.datasets, strict=True):
        assert graph.one(dataset, DCT + "license") == {"type": "IRI", "value": expected.license_url}
        assert graph.one(dataset, DCAT + "landingPage")["value"] == site + f"data/{expected.identifier}/"
        for node in (o["value"] for o in graph.objects(dataset, DCAT + "distribution")):
            url = graph.one(node, DCAT + "downloadURL")
            assert url["type"] == "IRI"
            assert graph.one(node, DCAT + "accessURL") == url
            assert graph.one(node, DCT + "license")["type"] == "IRI"
            checksum = graph.one(node, SPDX + "checksum")["value"]
            assert graph.one(checksum, SPDX + "algorithm") == {
                "type": "IRI",
                "value": SPDX + "checksumAlgorithm_sha256",
            }
            seen.append(
                (
                    url["value"],
                    graph.one(node, DCAT + "byteSize"),
                    graph.one(checksum, SPDX + "checksumValue")["value"],
                    graph.one(node, DCAT + "mediaType")["value"],
                )
            )

    def size(n: int) -> dict[str, str]:
        return {"type": "literal", "value": str(n), "datatype": XSD + "nonNegativeInteger"}

    iana = "http://www.iana.org/assignments/media-types/"
    assert seen == [
        (site + "unduh/paket/kab-pekalongan.zip", size(842_311), SHA_ZIP, iana + "application/zip"),
        (site + "unduh/kab-pekalongan/indikator.csv", size(120_004), SHA_CSV.lower(), iana + "text/csv"),
        (
            site + "unduh/wilayah/wilayah.xlsx",
            size(51_200),
            SHA_GAZETTEER,
            iana + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ]
    # Every IRI is absolute: nothing was dropped as an unresolvable relative IRI.
    iris = [n["value"] for t in graph.triples for n in t.values() if n["type"] == "IRI"]
    assert all(re.match(r"^(https?|mailto):", iri) for iri in iris), iris


def test_dcat_without_homepage_keeps_relative_iris_for_the_reader_to_resolve() -> None:
    document = dcat_jsonld(make_catalogue(""))
    assert "@base" not in document["@context"]
    distribution = document["dcat:dataset"][0]["dcat:distribution"][0]
    assert distribution["dcat:downloadURL"] == {"@id": "unduh/paket/kab-pekalongan.zip"}
    # ...which the parametrized test above reads resolved against the document's URL.


def test_dcat_periods_spatial_and_attribution() -> None:
    catalogue = make_catalogue()
    graph = offline_rdf(dcat_jsonld(catalogue, contact_email="data@contoh.test"), HOMEPAGE)
    regency, wilayah = (graph.subjects(DCT + "identifier", d.identifier)[0] for d in catalogue.datasets)

    period = graph.one(regency, DCT + "temporal")["value"]
    assert graph.one(period, DCAT + "startDate") == {
        "type": "literal",
        "value": "2021-01",
        "datatype": XSD + "gYearMonth",
    }
    assert graph.one(period, DCAT + "endDate") == {
        "type": "literal",
        "value": "2023-12",
        "datatype": XSD + "gYearMonth",
    }
    assert graph.objects(wilayah, DCT + "temporal") == []  # no period known

    place = graph.one(regency, DCT + "spatial")["value"]
    assert graph.one(place, DCT + "identifier")["value"] == "33.26"
    label = graph.one(place, "http://www.w3.org/2004/02/skos/core#prefLabel")
    assert (label["value"], label["language"]) == ("Kabupaten Pekalongan, Jawa Tengah", "id")
    assert graph.objects(graph.one(wilayah, DCT + "spatial")["value"], DCT + "identifier") == []

    rights = graph.one(wilayah, DCT + "rights")["value"]
    assert graph.one(rights, "http://www.w3.org/2000/01/rdf-schema#label")["value"] == gazetteer.ATTRIBUTION
    contact = graph.one(regency, DCAT + "contactPoint")["value"]
    assert graph.one(contact, "http://www.w3.org/2006/vcard/ns#hasEmail")["value"] == "mailto:data@contoh.test"


@pytest.mark.parametrize(
    ("start", "end", "dcat", "interval"),
    [
        ("2021", "2023", (("2021", "gYear"), ("2023", "gYear")), "2021/2023"),
        ("2022-S2", "2024-S1", (("2022-07", "gYearMonth"), ("2024-06", "gYearMonth")), "2022-07/2024-06"),
        ("2024-03-01", "2024-06", (("2024-03-01", "date"), ("2024-06", "gYearMonth")), "2024-03-01/2024-06"),
    ],
)
def test_periods_become_iso_8601(start: str, end: str, dcat: tuple[tuple[str, str], ...], interval: str) -> None:
    catalogue = make_catalogue()
    dataset = replace(catalogue.datasets[0], temporal_start=start, temporal_end=end)
    catalogue = replace(catalogue, datasets=(dataset,))
    temporal = dcat_jsonld(catalogue)["dcat:dataset"][0]["dct:temporal"]
    found = tuple(
        (temporal[k]["@value"], temporal[k]["@type"].removeprefix("xsd:")) for k in ("dcat:startDate", "dcat:endDate")
    )
    assert found == dcat
    assert pod_data_json(catalogue)["dataset"][0]["temporal"] == interval
    assert schema_org_dataset(dataset, catalogue)["temporalCoverage"] == interval


@pytest.mark.parametrize(
    "change",
    [{"temporal_start": "2021-S3"}, {"temporal_end": "semester 1"}, {"issued": "22-11-2026"}],
)
def test_bad_dates_are_reported_with_the_dataset(change: dict[str, str]) -> None:
    catalogue = make_catalogue()
    catalogue = replace(catalogue, datasets=(replace(catalogue.datasets[0], **change),))
    with pytest.raises(CatalogueError, match="kab-pekalongan"):
        dcat_jsonld(catalogue)


def test_a_checksum_must_be_sha256_hex() -> None:
    catalogue = make_catalogue()
    regency = catalogue.datasets[0]
    bad = replace(regency, distributions=(replace(regency.distributions[0], sha256="md5:abc"),))
    with pytest.raises(CatalogueError, match="sha256"):
        dcat_jsonld(replace(catalogue, datasets=(bad,)))


# --- data.json ------------------------------------------------------------------------------------------

# Project Open Data v1.1 "required" fields (bureauCode and programCode apply to US federal agencies only),
# then the "required if applicable" ones that apply to every dataset here.
POD_REQUIRED = ["title", "description", "keyword", "modified", "publisher", "contactPoint", "identifier", "accessLevel"]
POD_IF_APPLICABLE = ["license", "spatial", "distribution", "landingPage"]


def test_data_json_has_the_pod_required_fields() -> None:
    catalogue = make_catalogue()
    data = json.loads(json.dumps(pod_data_json(catalogue, contact_email="data@contoh.test")))
    assert (data["@type"], data["conformsTo"]) == ("dcat:Catalog", "https://project-open-data.cio.gov/v1.1/schema")
    assert [d["identifier"] for d in data["dataset"]] == ["kab-pekalongan", "wilayah"]
    for entry in data["dataset"]:
        missing = [k for k in POD_REQUIRED + POD_IF_APPLICABLE if not entry.get(k)]
        assert missing == [], entry["identifier"]
        assert entry["accessLevel"] == "public"
        assert entry["publisher"] == {"@type": "org:Organization", "name": "Lab Kemiskinan Terbuka"}
        assert entry["contactPoint"] == {
            "@type": "vcard:Contact",
            "fn": "Lab Kemiskinan Terbuka",
            "hasEmail": "mailto:data@contoh.test",
        }
        assert entry["modified"] == "2026-11-22"
        assert entry["landingPage"].startswith(HOMEPAGE + "/data/")
        for distribution in entry["distribution"]:
            assert distribution["@type"] == "dcat:Distribution"
            assert distribution["downloadURL"].startswith(HOMEPAGE + "/unduh/")
            assert re.match(r"^[-\w]+/[-\w]+(\.[-\w]+)*([+][-\w]+)?$", distribution["mediaType"])
            assert distribution["format"] and distribution["title"]
    regency, wilayah = data["dataset"]
    assert regency["temporal"] == "2021-01/2023-12"
    assert "temporal" not in wilayah
    assert wilayah["keyword"] == ["Jawa Tengah"]  # POD needs one keyword
    assert gazetteer.ATTRIBUTION in wilayah["description"]
    assert regency["distribution"][1]["mediaType"] == "text/csv"


def test_data_json_omits_the_contact_point_when_no_email_is_given() -> None:
    data = pod_data_json(make_catalogue())
    assert [("contactPoint" in d) for d in data["dataset"]] == [False, False]


# --- schema.org -----------------------------------------------------------------------------------------


def test_schema_org_has_what_google_dataset_search_requires() -> None:
    catalogue = make_catalogue()
    for dataset in catalogue.datasets:
        obj = json.loads(json.dumps(schema_org_dataset(dataset, catalogue)))
        assert (obj["@context"], obj["@type"], obj["name"]) == ("https://schema.org/", "Dataset", dataset.title)
        assert 50 <= len(obj["description"]) <= 5000
        assert obj["url"] == f"{HOMEPAGE}/data/{dataset.identifier}/"
        assert obj["license"] == dataset.license_url
        assert obj["isAccessibleForFree"] is True
        assert obj["creator"] == {"@type": "Organization", "name": "Lab Kemiskinan Terbuka", "url": HOMEPAGE}
        for download in obj["distribution"]:
            assert download["@type"] == "DataDownload"
            assert download["contentUrl"].startswith(HOMEPAGE + "/unduh/")
            assert download["encodingFormat"] and download["contentSize"].endswith(" B")
    regency, wilayah = (schema_org_dataset(d, catalogue) for d in catalogue.datasets)
    assert regency["spatialCoverage"] == {
        "@type": "Place",
        "name": "Kabupaten Pekalongan, Jawa Tengah",
        "identifier": "33.26",
    }
    assert regency["temporalCoverage"] == "2021-01/2023-12"
    assert "temporalCoverage" not in wilayah
    # The 22-character gazetteer description is padded with its coverage, not rejected.
    assert wilayah["description"].startswith("Kode dan nama wilayah. Cakupan: wilayah Jawa Tengah.")
    assert wilayah["creditText"] == gazetteer.ATTRIBUTION


def test_schema_org_clips_a_long_description_and_keeps_the_synthetic_note() -> None:
    catalogue = make_catalogue()
    dataset = replace(catalogue.datasets[0], description="Angka. " * 1200)
    description = schema_org_dataset(dataset, catalogue)["description"]
    assert len(description) == 5000
    assert description.endswith("… " + SYNTHETIC_NOTE)


def test_schema_org_is_json_ld_for_a_schema_org_context() -> None:
    catalogue = make_catalogue()
    obj = schema_org_dataset(catalogue.datasets[0], catalogue)

    def schema_org_only(url: str, options: object = None) -> dict[str, Any]:
        # A stand-in for the real context (no network in tests): every term is a schema.org term.
        assert url == "https://schema.org/"
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": "https://schema.org/"}}}

    triples = jsonld.to_rdf(obj, {"documentLoader": schema_org_only})["@default"]
    assert {(t["predicate"]["value"], t["object"]["value"]) for t in triples} >= {
        (RDF_TYPE, "https://schema.org/Dataset"),
        ("https://schema.org/name", "Profil Kemiskinan Desa Kabupaten Pekalongan"),
    }


# --- script element -------------------------------------------------------------------------------------

HOSTILE = "</script><script>alert(1)</script> <!-- <script> & </SCRIPT > \u2028"


def assert_one_inert_script(obj: dict[str, Any]) -> None:
    script = jsonld_script(obj)
    opening, closing = '<script type="application/ld+json">', "</script>"
    assert script.startswith(opening) and script.endswith(closing)
    # No angle bracket at all inside: no parser, HTML5 or not, can find a tag or a comment there.
    assert not set("<>") & set(script.removeprefix(opening).removesuffix(closing))
    soup = BeautifulSoup(f"<html><head>{script}</head><body><p>setelah</p></body></html>", "html.parser")
    scripts = soup.find_all("script")
    assert len(scripts) == 1
    assert scripts[0]["type"] == "application/ld+json"
    assert json.loads(scripts[0].string or "") == obj
    assert [p.get_text() for p in soup.find_all("p")] == ["setelah"]


def test_jsonld_script_cannot_be_closed_by_the_data() -> None:
    catalogue = make_catalogue()
    dataset = replace(catalogue.datasets[0], description=HOSTILE, title=HOSTILE)
    obj = schema_org_dataset(dataset, catalogue)
    assert_one_inert_script(obj)


@given(st.text())
def test_jsonld_script_round_trips_any_text(text: str) -> None:
    assert_one_inert_script({"@type": "Dataset", "name": text, "keywords": [text, "<" + text + ">"]})


# --- citations ------------------------------------------------------------------------------------------

KEY = re.compile(r"^@misc\{([^,\s]+),$", re.MULTILINE)


def braces_balance(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def test_bibtex_keys_are_unique_and_ascii_safe() -> None:
    catalogue = make_catalogue()
    regency = catalogue.datasets[0]
    catalogue = replace(
        catalogue,
        datasets=(*catalogue.datasets, regency, replace(regency, identifier="kota pekalongan/é")),
    )
    keys = KEY.findall(bibtex(catalogue))
    assert keys == [
        "labkem-kab-pekalongan-rilis-2026-11-22",
        "labkem-wilayah-rilis-2026-11-22",
        "labkem-kab-pekalongan-rilis-2026-11-22-2",
        "labkem-kota-pekalongan-e-rilis-2026-11-22",
    ]
    assert all(re.fullmatch(r"[A-Za-z0-9:-]+", k) for k in keys)
    assert [item["id"] for item in csl_json(catalogue)] == keys


def test_bibtex_escapes_specials_and_keeps_braces_balanced() -> None:
    catalogue = make_catalogue()
    title = "Desa & Kota: 100% kode_desa {uji} $5 #1 ~a ^b \\c }{"
    catalogue = replace(catalogue, datasets=(replace(catalogue.datasets[0], title=title, publisher="Lab {A} & B"),))
    text = bibtex(catalogue)
    assert braces_balance(text)
    assert (
        r"title = {{Desa \& Kota: 100\% kode\_desa \textbraceleft{}uji\textbraceright{} \$5 \#1 "
        r"\textasciitilde{}a \textasciicircum{}b \textbackslash{}c \textbraceright{}\textbraceleft{}}}," in text
    )
    assert r"author = {{Lab \textbraceleft{}A\textbraceright{} \& B}}," in text
    assert "year = {2026}," in text
    assert f"url = {{{HOMEPAGE}/data/kab-pekalongan/}}," in text


def test_bibtex_entries_for_the_sample_catalogue() -> None:
    assert bibtex(make_catalogue()) == (
        "@misc{labkem-kab-pekalongan-rilis-2026-11-22,\n"
        "  author = {{Lab Kemiskinan Terbuka}},\n"
        "  title = {{Profil Kemiskinan Desa Kabupaten Pekalongan}},\n"
        "  year = {2026},\n"
        "  date = {2026-11-22},\n"
        "  version = {1.2.0},\n"
        "  publisher = {Lab Kemiskinan Terbuka},\n"
        "  howpublished = {Set data},\n"
        f"  url = {{{HOMEPAGE}/data/kab-pekalongan/}},\n"
        "  note = {Lisensi CC BY 4.0; rilis-2026-11-22. Angka desa sintetis (contoh).}\n"
        "}\n"
        "\n"
        "@misc{labkem-wilayah-rilis-2026-11-22,\n"
        "  author = {{Lab Kemiskinan Terbuka}},\n"
        "  title = {{Gazetir wilayah}},\n"
        "  year = {2026},\n"
        "  date = {2026-11-22},\n"
        "  publisher = {Lab Kemiskinan Terbuka},\n"
        "  howpublished = {Set data},\n"
        f"  url = {{{HOMEPAGE}/data/wilayah/}},\n"
        "  note = {Lisensi Open Data Commons Open Database License 1.0; rilis-2026-11-22. "
        + gazetteer.ATTRIBUTION
        + "}\n"
        "}\n"
    )


def test_csl_json_items_are_datasets_dated_by_their_release() -> None:
    items = json.loads(json.dumps(csl_json(make_catalogue())))
    assert [(i["type"], i["issued"], i["language"]) for i in items] == [
        ("dataset", {"date-parts": [[2026, 11, 22]]}, "id")
    ] * 2
    regency = items[0]
    assert regency["author"] == [{"literal": "Lab Kemiskinan Terbuka"}]
    assert (regency["version"], regency["URL"]) == ("1.2.0", f"{HOMEPAGE}/data/kab-pekalongan/")
    assert "version" not in items[1]


def test_citation_text_is_one_line_with_everything_needed() -> None:
    catalogue = make_catalogue()
    assert citation_text(catalogue.datasets[0], catalogue) == (
        "Lab Kemiskinan Terbuka (2026). Profil Kemiskinan Desa Kabupaten Pekalongan, versi 1.2.0, "
        f"rilis-2026-11-22 [set data]. Tersedia di {HOMEPAGE}/data/kab-pekalongan/ dengan lisensi CC BY 4.0. "
        "Angka desa sintetis (contoh)."
    )
    without_address = make_catalogue("")
    wilayah = replace(without_address.datasets[1], title="Gazetir\nwilayah")
    text = citation_text(wilayah, without_address)
    assert "\n" not in text
    assert text.startswith("Lab Kemiskinan Terbuka (2026). Gazetir wilayah, rilis-2026-11-22 [set data]. ")
    assert "Tersedia di data/wilayah/ dengan lisensi Open Data Commons Open Database License 1.0." in text
    assert text.endswith(gazetteer.ATTRIBUTION)


# --- across outputs -------------------------------------------------------------------------------------


def flagged_texts(catalogue: Catalogue) -> list[list[str]]:
    """For each dataset, the text of every output where a synthetic flag must show."""
    dcat = dcat_jsonld(catalogue)["dcat:dataset"]
    pod = pod_data_json(catalogue)["dataset"]
    entries = bibtex(catalogue).split("\n\n")
    csl = csl_json(catalogue)
    return [
        [
            dcat[i]["dct:description"]["@value"],
            pod[i]["description"],
            schema_org_dataset(dataset, catalogue)["description"],
            citation_text(dataset, catalogue),
            next(line for line in entries[i].splitlines() if line.startswith("  note = ")),
            csl[i]["note"],
        ]
        for i, dataset in enumerate(catalogue.datasets)
    ]


def test_synthetic_data_is_flagged_in_every_output_and_only_there() -> None:
    catalogue = make_catalogue()
    synthetic, real = flagged_texts(catalogue)
    assert [SYNTHETIC_NOTE in text for text in synthetic] == [True] * 6
    assert [SYNTHETIC_NOTE in text for text in real] == [False] * 6
    assert dcat_jsonld(catalogue)["dcat:dataset"][0]["dcat:keyword"][-1] == {"@value": "sintetis", "@language": "id"}
    assert pod_data_json(catalogue)["dataset"][0]["keyword"][-1] == "sintetis"
    # A description that already says so is not told twice.
    said = replace(catalogue.datasets[0], description="Angka desa sintetis (data latihan).")
    assert dcat_jsonld(replace(catalogue, datasets=(said,)))["dcat:dataset"][0]["dct:description"]["@value"] == (
        "Angka desa sintetis (data latihan)."
    )


def test_outputs_are_deterministic() -> None:
    def everything() -> str:
        catalogue = make_catalogue()
        return json.dumps(
            [
                dcat_jsonld(catalogue),
                pod_data_json(catalogue),
                [schema_org_dataset(d, catalogue) for d in catalogue.datasets],
                [citation_text(d, catalogue) for d in catalogue.datasets],
                bibtex(catalogue),
                csl_json(catalogue),
            ]
        )

    assert everything() == everything()
