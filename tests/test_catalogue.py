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
    Licence,
    Place,
    bibtex,
    citation_text,
    csl_json,
    dcat_jsonld,
    frequency_of,
    jsonld_script,
    period_span,
    pod_data_json,
    schema_org_dataset,
)

HOMEPAGE = "https://contoh.test/labkem/"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
SPDX = "http://spdx.org/rdf/terms#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
EU = "http://publications.europa.eu/resource/authority/"

SHA_ZIP = "0f" * 32
SHA_CSV = "A1" * 32
SHA_GAZETTEER = "3c" * 32
CC_BY_LICENCE = Licence(CC_BY["name"], CC_BY["path"], CC_BY["title"])
ODBL = Licence(gazetteer.LICENSE["name"], gazetteer.LICENSE["path"], gazetteer.LICENSE["title"])


def make_catalogue(homepage: str = HOMEPAGE, contact_email: str = "") -> Catalogue:
    """Two datasets: a synthetic regency package and the gazetteer (ODbL, a short description)."""
    regency = Dataset(
        identifier="kab-pekalongan",
        title="Profil Kemiskinan Desa Kabupaten Pekalongan",
        description="Indikator kemiskinan dan penanganannya untuk 285 desa dan kelurahan di Kabupaten Pekalongan.",
        keywords=("kemiskinan", "desa", "DTSEN"),
        licence=CC_BY_LICENCE,
        publisher="Lab Kemiskinan Terbuka",
        landing_page="kabupaten/33.26/",
        places=(Place("33.26", "Kabupaten Pekalongan, Jawa Tengah", "kabupaten/33.26/#wilayah"),),
        temporal_start="2021-S1",
        temporal_end="2023-S2",
        frequency="ANNUAL_2",
        themes=("SOCI", "GOVE"),
        issued="2025-07-01",
        modified="2026-11-22",
        version="1.2.0",
        synthetic=True,
        attribution="",
        distributions=(
            Distribution(
                title="Paket data kab-pekalongan (ZIP)",
                path="unduh/paket/kab-pekalongan.zip",
                media_type="application/zip",
                format="ZIP",
                bytes=842_311,
                sha256=SHA_ZIP,
                licence=CC_BY_LICENCE,
            ),
            Distribution(
                title="Profil desa (CSV)",
                path="data/kab-pekalongan/desa_profil.csv",
                media_type="text/csv; charset=utf-8",
                format="CSV",
                bytes=120_004,
                sha256=SHA_CSV,
                licence=ODBL,  # a table under a licence of its own
            ),
        ),
    )
    wilayah = Dataset(
        identifier="wilayah",
        title="Gazetir wilayah",
        description="Kode dan nama wilayah.",
        keywords=(),
        licence=ODBL,
        publisher="Lab Kemiskinan Terbuka",
        landing_page="data/",
        places=(
            Place("33", "Jawa Tengah", "kabupaten/#provinsi-33"),
            Place("34", "DI Yogyakarta", "kabupaten/#provinsi-34"),
        ),
        temporal_start="",
        temporal_end="",
        frequency="IRREG",
        themes=("REGI",),
        issued="2026-11-22",
        modified="2026-11-22",
        version="",
        synthetic=False,
        attribution=gazetteer.ATTRIBUTION,
        distributions=(
            Distribution(
                title="Gazetir (XLSX)",
                path="data/wilayah/desa.xlsx",
                media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                format="XLSX",
                bytes=51_200,
                sha256=SHA_GAZETTEER,
                licence=ODBL,
            ),
        ),
    )
    return Catalogue(
        title="Lab Kemiskinan Terbuka",
        description="Data kemiskinan desa yang terbuka.",
        homepage=homepage,
        listing="data/",
        publisher="Lab Kemiskinan Terbuka",
        language="id",
        release="rilis-2026-11-22",
        issued="2026-11-22",
        contact_email=contact_email,
        datasets=(regency, wilayah),
    )


# --- DCAT read by PyLD ----------------------------------------------------------------------------------


class Graph:
    """The triples of PyLD's RDF dataset, with the look-ups the assertions need."""

    def __init__(self, dataset: dict[str, list[dict[str, Any]]]) -> None:
        self.triples = dataset["@default"]

    def objects(self, subject: str, predicate: str) -> list[dict[str, str]]:
        """Objects of (subject, predicate, ?)."""
        return [
            t["object"]
            for t in self.triples
            if t["subject"]["value"] == subject and t["predicate"]["value"] == predicate
        ]

    def values(self, subject: str, predicate: str) -> set[str]:
        """The values of the objects of (subject, predicate, ?)."""
        return {o["value"] for o in self.objects(subject, predicate)}

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


def offline_rdf(document: dict[str, Any], base: str = "https://elsewhere.test/mirror/dcat.jsonld") -> Graph:
    """The document's RDF as a JSON-LD processor sees it when read from `base` (a mirror), without any fetch."""
    return Graph(jsonld.to_rdf(document, {"documentLoader": refuse, "base": base}))


def test_dcat_is_json_ld_with_absolute_links_wherever_it_is_read() -> None:
    catalogue = make_catalogue()
    document = dcat_jsonld(catalogue)
    assert isinstance(document["@context"], dict)  # embedded, never a URL
    assert "@base" not in document["@context"]  # every IRI is written absolute
    assert json.loads(json.dumps(document)) == document
    graph = offline_rdf(document)

    (catalog,) = graph.subjects(RDF_TYPE, DCAT + "Catalog")
    assert catalog == HOMEPAGE + "dcat.jsonld#katalog"
    datasets = [o["value"] for o in graph.objects(catalog, DCAT + "dataset")]
    assert datasets == [HOMEPAGE + "data/#dataset-kab-pekalongan", HOMEPAGE + "data/#dataset-wilayah"]
    assert graph.one(catalog, DCT + "issued") == {"type": "literal", "value": "2026-11-22", "datatype": XSD + "date"}
    assert [graph.one(d, DCT + "identifier")["value"] for d in datasets] == ["kab-pekalongan", "wilayah"]
    assert graph.one(datasets[0], DCAT + "landingPage")["value"] == HOMEPAGE + "kabupaten/33.26/"

    seen = []
    for dataset in datasets:
        for node in (o["value"] for o in graph.objects(dataset, DCAT + "distribution")):
            url = graph.one(node, DCAT + "downloadURL")
            assert url["type"] == "IRI"
            assert graph.one(node, DCAT + "accessURL") == url
            checksum = graph.one(node, SPDX + "checksum")["value"]
            algorithm = graph.one(checksum, SPDX + "algorithm")["value"]
            assert algorithm == SPDX + "checksumAlgorithm_sha256"
            assert graph.values(algorithm, RDF_TYPE) == {SPDX + "ChecksumAlgorithm"}
            media_type = graph.one(node, DCAT + "mediaType")["value"]
            assert graph.values(media_type, RDF_TYPE) == {DCT + "MediaType"}
            file_type = graph.one(node, DCT + "format")["value"]
            assert graph.values(file_type, RDF_TYPE) == {DCT + "MediaTypeOrExtent"}
            seen.append(
                (
                    url["value"],
                    graph.one(node, DCAT + "byteSize"),
                    graph.one(checksum, SPDX + "checksumValue")["value"],
                    media_type,
                    graph.values(media_type, RDFS + "label"),
                    file_type,
                    graph.one(node, DCT + "license")["value"],
                )
            )

    def size(n: int) -> dict[str, str]:
        return {"type": "literal", "value": str(n), "datatype": XSD + "nonNegativeInteger"}

    iana = "http://www.iana.org/assignments/media-types/"
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    cc_by, odbl = EU + "licence/CC_BY_4_0", EU + "licence/ODC_BL"
    assert seen == [
        (
            HOMEPAGE + "unduh/paket/kab-pekalongan.zip",
            size(842_311),
            SHA_ZIP,
            iana + "application/zip",
            {"application/zip"},
            EU + "file-type/ZIP",
            cc_by,
        ),
        (
            HOMEPAGE + "data/kab-pekalongan/desa_profil.csv",
            size(120_004),
            SHA_CSV.lower(),
            iana + "text/csv",
            {"text/csv"},
            EU + "file-type/CSV",
            odbl,
        ),
        (
            HOMEPAGE + "data/wilayah/desa.xlsx",
            size(51_200),
            SHA_GAZETTEER,
            iana + xlsx,
            {xlsx},
            EU + "file-type/XLSX",
            odbl,
        ),
    ]
    iris = [n["value"] for t in graph.triples for n in t.values() if n["type"] == "IRI"]
    assert all(re.match(r"^(https?|mailto):", iri) for iri in iris), iris
    assert not [iri for iri in iris if iri.startswith("https://elsewhere.test/")]  # nothing read relative to a mirror


def test_dcat_licences_are_those_ckan_and_dcat_ap_know() -> None:
    graph = offline_rdf(dcat_jsonld(make_catalogue()))
    cc_by = EU + "licence/CC_BY_4_0"
    assert graph.values(cc_by, RDF_TYPE) == {DCT + "LicenseDocument"}
    # ckanext-dcat matches a licence by its IRI or its title in CKAN's register: the title is the register's.
    assert graph.values(cc_by, DCT + "title") == {"Creative Commons Attribution"}
    assert graph.values(cc_by, RDFS + "label") == {"CC BY 4.0"}
    assert graph.values(cc_by, RDFS + "seeAlso") == {CC_BY["path"]}
    assert graph.values(EU + "licence/ODC_BL", DCT + "title") == {"Open Data Commons Open Database License (ODbL)"}


def test_an_unknown_licence_is_described_by_its_own_page() -> None:
    catalogue = make_catalogue()
    own = Licence("LicenseRef-Perda", "https://contoh.test/perda-data-terbuka", "Perda Data Terbuka")
    regency = replace(catalogue.datasets[0], licence=own)
    graph = offline_rdf(dcat_jsonld(replace(catalogue, datasets=(regency,))))
    assert graph.values(own.url, RDF_TYPE) == {DCT + "LicenseDocument"}
    assert graph.values(own.url, DCT + "title") == {"Perda Data Terbuka"}


def test_dcat_needs_the_site_address() -> None:
    for make in (dcat_jsonld, pod_data_json):
        with pytest.raises(CatalogueError, match="situs belum punya alamat"):
            make(make_catalogue(""))
    with pytest.raises(CatalogueError, match="situs belum punya alamat"):
        schema_org_dataset(make_catalogue("").datasets[0], make_catalogue(""))


def test_dcat_dataset_coverage_themes_and_contact() -> None:
    catalogue = make_catalogue(contact_email="data@contoh.test")
    graph = offline_rdf(dcat_jsonld(catalogue))
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
    assert graph.one(regency, DCT + "modified")["value"] == "2026-11-22"
    assert graph.one(regency, DCT + "issued")["value"] == "2025-07-01"
    assert graph.one(regency, DCT + "accrualPeriodicity")["value"] == EU + "frequency/ANNUAL_2"
    assert graph.values(EU + "frequency/ANNUAL_2", RDF_TYPE) == {DCT + "Frequency"}
    assert graph.values(regency, DCT + "language") == {EU + "language/IND"}
    assert graph.values(regency, DCAT + "theme") == {EU + "data-theme/SOCI", EU + "data-theme/GOVE"}
    assert graph.values(EU + "data-theme/SOCI", SKOS + "prefLabel") == {"Population and society"}

    (place,) = graph.values(regency, DCT + "spatial")
    assert place == HOMEPAGE + "kabupaten/33.26/#wilayah"  # the area, not its page
    assert graph.values(place, RDF_TYPE) == {DCT + "Location"}
    assert graph.values(place, DCT + "identifier") == {"33.26"}
    label = graph.one(place, SKOS + "prefLabel")
    assert (label["value"], label["language"]) == ("Kabupaten Pekalongan, Jawa Tengah", "id")
    assert graph.values(wilayah, DCT + "spatial") == {
        HOMEPAGE + "kabupaten/#provinsi-33",
        HOMEPAGE + "kabupaten/#provinsi-34",
    }

    rights = graph.one(wilayah, DCT + "rights")["value"]
    assert graph.one(rights, RDFS + "label")["value"] == gazetteer.ATTRIBUTION
    contact = graph.one(regency, DCAT + "contactPoint")["value"]
    assert graph.values(contact, RDF_TYPE) == {VCARD + "Kind", VCARD + "Organization"}
    assert graph.values(contact, VCARD + "hasEmail") == {"mailto:data@contoh.test"}
    assert graph.values(contact, VCARD + "hasURL") == {HOMEPAGE}
    no_email = offline_rdf(dcat_jsonld(make_catalogue()))
    contact = no_email.one(no_email.subjects(DCT + "identifier", "wilayah")[0], DCAT + "contactPoint")["value"]
    assert no_email.objects(contact, VCARD + "hasEmail") == [] and no_email.values(contact, VCARD + "hasURL") == {
        HOMEPAGE
    }


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
    ("periods", "span", "frequency"),
    [
        (["2021", "2022", "2023", "2024"], ("2021", "2024"), "ANNUAL"),
        (["2023-S1", "2022-S1", "2022-S2", "2023-S2"], ("2022-S1", "2023-S2"), "ANNUAL_2"),
        (["2018", "2019", "2021", "2023"], ("2018", "2023"), "IRREG"),  # a gap
        (["2022", "2022-S2"], ("2022", "2022-S2"), "IRREG"),  # years and semesters mixed
        (["2024"], ("2024", "2024"), "IRREG"),  # one period shows no rhythm
        ([], ("", ""), "IRREG"),
    ],
)
def test_period_span_and_frequency(periods: list[str], span: tuple[str, str], frequency: str) -> None:
    assert (period_span(periods), frequency_of(periods)) == (span, frequency)


@pytest.mark.parametrize(
    "change",
    [{"temporal_start": "2021-S3"}, {"temporal_end": "semester 1"}, {"issued": "22-11-2026"}, {"frequency": "WEEKLY"}],
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
    catalogue = make_catalogue(contact_email="data@contoh.test")
    data = json.loads(json.dumps(pod_data_json(catalogue)))
    assert (data["@context"], data["@id"]) == (
        "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
        HOMEPAGE + "data.json",
    )
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
        assert entry["language"] == ["id"]
        for distribution in entry["distribution"]:
            assert distribution["@type"] == "dcat:Distribution"
            assert distribution["downloadURL"].startswith(HOMEPAGE)
            assert re.match(r"^[-\w]+/[-\w]+(\.[-\w]+)*([+][-\w]+)?$", distribution["mediaType"])
            assert distribution["format"] and distribution["title"]
    regency, wilayah = data["dataset"]
    assert (regency["issued"], regency["modified"], regency["accrualPeriodicity"]) == (
        "2025-07-01",
        "2026-11-22",
        "R/P6M",
    )
    assert regency["landingPage"] == HOMEPAGE + "kabupaten/33.26/"
    assert regency["temporal"] == "2021-01/2023-12"
    assert (regency["license"], wilayah["license"]) == (CC_BY["path"], gazetteer.LICENSE["path"])
    assert "temporal" not in wilayah
    assert wilayah["keyword"] == ["Jawa Tengah", "DI Yogyakarta"]  # POD needs one keyword
    assert (wilayah["spatial"], wilayah["accrualPeriodicity"]) == ("Jawa Tengah; DI Yogyakarta", "irregular")
    assert gazetteer.ATTRIBUTION in wilayah["description"]
    assert regency["distribution"][1]["mediaType"] == "text/csv"


def test_data_json_names_the_publisher_as_contact_when_no_email_is_given() -> None:
    data = pod_data_json(make_catalogue())
    assert [d["contactPoint"] for d in data["dataset"]] == [
        {"@type": "vcard:Contact", "fn": "Lab Kemiskinan Terbuka"}
    ] * 2


# --- schema.org -----------------------------------------------------------------------------------------


def test_schema_org_has_what_google_dataset_search_requires() -> None:
    catalogue = make_catalogue()
    for dataset in catalogue.datasets:
        obj = json.loads(json.dumps(schema_org_dataset(dataset, catalogue)))
        assert (obj["@context"], obj["@type"], obj["name"]) == ("https://schema.org/", "Dataset", dataset.title)
        assert 50 <= len(obj["description"]) <= 5000
        assert obj["url"] == HOMEPAGE + dataset.landing_page
        assert obj["license"] == dataset.licence.url
        assert obj["isAccessibleForFree"] is True
        assert obj["creator"] == {"@type": "Organization", "name": "Lab Kemiskinan Terbuka", "url": HOMEPAGE}
        for download in obj["distribution"]:
            assert download["@type"] == "DataDownload"
            assert download["contentUrl"].startswith(HOMEPAGE)
            assert download["encodingFormat"] and download["contentSize"].endswith(" B")
    regency, wilayah = (schema_org_dataset(d, catalogue) for d in catalogue.datasets)
    assert regency["spatialCoverage"] == {
        "@type": "Place",
        "name": "Kabupaten Pekalongan, Jawa Tengah",
        "identifier": "33.26",
        "url": HOMEPAGE + "kabupaten/33.26/#wilayah",
    }
    assert [place["identifier"] for place in wilayah["spatialCoverage"]] == ["33", "34"]
    assert (regency["datePublished"], regency["dateModified"]) == ("2025-07-01", "2026-11-22")
    assert regency["temporalCoverage"] == "2021-01/2023-12"
    assert "temporalCoverage" not in wilayah
    # The 22-character gazetteer description is padded with its coverage, not rejected.
    assert wilayah["description"].startswith("Kode dan nama wilayah. Cakupan: wilayah Jawa Tengah (kode 33);")
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
    assert f"url = {{{HOMEPAGE}kabupaten/33.26/}}," in text


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
        f"  url = {{{HOMEPAGE}kabupaten/33.26/}},\n"
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
        f"  url = {{{HOMEPAGE}data/}},\n"
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
    assert (regency["version"], regency["URL"]) == ("1.2.0", f"{HOMEPAGE}kabupaten/33.26/")
    assert all("URL" not in item for item in csl_json(make_catalogue("")))  # never a relative link
    assert "version" not in items[1]


def test_citation_text_is_one_line_with_everything_needed() -> None:
    catalogue = make_catalogue()
    assert citation_text(catalogue.datasets[0], catalogue) == (
        "Lab Kemiskinan Terbuka (2026). Profil Kemiskinan Desa Kabupaten Pekalongan, versi 1.2.0, "
        f"rilis-2026-11-22 [set data]. Tersedia di {HOMEPAGE}kabupaten/33.26/ dengan lisensi CC BY 4.0. "
        "Angka desa sintetis (contoh)."
    )
    without_address = make_catalogue("")
    wilayah = replace(without_address.datasets[1], title="Gazetir\nwilayah")
    text = citation_text(wilayah, without_address)
    assert "\n" not in text
    assert text.startswith("Lab Kemiskinan Terbuka (2026). Gazetir wilayah, rilis-2026-11-22 [set data]. ")
    assert "Tersedia di" not in text  # no relative link where the site has no address
    assert "Lisensi Open Data Commons Open Database License 1.0." in text
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
