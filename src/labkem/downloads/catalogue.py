"""Describe the site's datasets for harvesters and citation managers: DCAT, data.json, schema.org, BibTeX, CSL.

Pure functions: they take a `Catalogue` built by the caller and return dicts or text, with no file I/O and no
clock, so the same input always gives the same output, in the order given.

Addresses: a `Dataset.landing_page`, a `Place.page` and a `Distribution.path` are site-relative ("unduh/paket/
kab-pekalongan.zip", no leading slash) and are resolved here against `Catalogue.homepage`, so every link in every
output is absolute. A harvester, a search engine or a citation manager reads these files away from the site, where
a relative link cannot be resolved; so without a homepage the DCAT catalogue and data.json cannot be made
(`CatalogueError`), schema.org is not made either (the caller leaves it out), and citations leave the link out.

Vocabularies, as DCAT-AP 3 and the harvesters that read it expect:
- licences: the EU licence authority table, titled as CKAN's own licence register titles them, so that
  ckanext-dcat matches them to a CKAN licence id (`KNOWN_LICENCES`);
- file types, languages, themes and frequencies: the EU authority tables; media types: IANA's register, labelled
  with the plain media type, which ckanext-dcat maps to CKAN's short format names (CSV, ZIP, JSON, XLSX);
- every value that stands for a thing carries its class (`dct:MediaType`, `spdx:ChecksumAlgorithm`, ...), since the
  DCAT-AP shapes check classes and do not infer them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from typing import Any
from urllib.parse import quote, urldefrag, urljoin, urlsplit

from labkem.core.errors import LabkemError
from labkem.transform.model import doc

SYNTHETIC_NOTE = "Angka desa sintetis (contoh)."
SYNTHETIC_KEYWORD = "sintetis"
BIBTEX_KEY_PREFIX = "labkem"
# A dataset's IRI is `<Catalogue.listing>#dataset-<identifier>`: the page listing the packages gives each row this id.
DATASET_ANCHOR = "dataset-"
NO_ADDRESS = "situs belum punya alamat: isi url di situs.yml atau beri --site-url"

# Embedded, never a remote context URL: harvesters (and the tests) may be offline.
PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "adms": "http://www.w3.org/ns/adms#",
    "spdx": "http://spdx.org/rdf/terms#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
EU_FILE_TYPE_CODES = frozenset({"CSV", "GEOJSON", "HTML", "JSON", "ODS", "PDF", "TXT", "XLSX", "XML", "ZIP"})
# ISO 639-1 codes of the texts -> the EU language table's codes.
EU_LANGUAGES = {"id": "IND", "en": "ENG"}
# The EU data-theme table: its codes this site uses, with their English labels.
EU_THEMES = {
    "SOCI": "Population and society",
    "GOVE": "Government and public sector",
    "REGI": "Regions and cities",
}
# The EU frequency table: the codes a dataset's periods can show, with POD's ISO 8601 repeating durations.
EU_FREQUENCIES = {"ANNUAL": "R/P1Y", "ANNUAL_2": "R/P6M", "IRREG": "irregular"}


@dataclass(frozen=True)
class KnownLicence:
    """A licence as the EU licence table names it and as CKAN's default licence register titles it."""

    eu_code: str
    ckan_title: str


# By SPDX identifier (the `name` of a Frictionless licence). ckanext-dcat gives a harvested dataset a CKAN
# licence id by matching a distribution's licence IRI or its `dct:title` with the register; the EU IRIs are not
# in the register, so the title does the matching.
KNOWN_LICENCES = {
    "CC-BY-4.0": KnownLicence("CC_BY_4_0", "Creative Commons Attribution"),
    "CC-BY-SA-4.0": KnownLicence("CC_BY_SA_4_0", "Creative Commons Attribution Share-Alike"),
    "CC0-1.0": KnownLicence("CC0", "Creative Commons CCZero"),
    "ODbL-1.0": KnownLicence("ODC_BL", "Open Data Commons Open Database License (ODbL)"),
    "ODC-By-1.0": KnownLicence("ODC_BY", "Open Data Commons Attribution License"),
    "PDDL-1.0": KnownLicence("ODC_PDDL", "Open Data Commons Public Domain Dedication and License (PDDL)"),
    # CKAN's default register has no MIT entry; "Other (Open)" is its id for an open licence it does not list.
    # The IRI and the label still say MIT (the boundaries of the batas package).
    "MIT": KnownLicence("MIT", "Other (Open)"),
}

POD_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
POD_DESCRIBED_BY = "https://project-open-data.cio.gov/v1.1/schema/catalog.json"
POD_CONTEXT = "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld"

# Google Dataset Search accepts descriptions of 50 to 5000 characters.
DESCRIPTION_MIN = 50
DESCRIPTION_MAX = 5000

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-S(?P<semester>[12])|-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
_SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")
_BIBTEX_SPECIALS = re.compile(r"[\\{}&%$#_~^]")
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    # `\{` would still count as an open brace for BibTeX's own parser; these keep braces balanced.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# Characters that may not appear in a URL and would break a BibTeX field.
_URL_UNSAFE = re.compile(r"[\s{}\\]")
# In HTML, `<`, `>` and `&` inside a script could close it or open a comment; JSON escapes make them inert.
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


class CatalogueError(LabkemError):
    """Raised by `catalogue` when a date, period, checksum or the site's address cannot be described."""


@dataclass(frozen=True)
class Licence:
    """A licence as a Frictionless package names it."""

    name: str = field(metadata=doc("SPDX identifier, e.g. 'CC-BY-4.0'"))
    url: str = field(metadata=doc("The licence's own page, e.g. 'https://creativecommons.org/licenses/by/4.0/'"))
    title: str = field(metadata=doc("Name shown to people, e.g. 'CC BY 4.0'"))


@dataclass(frozen=True)
class Place:
    """An area a dataset covers, known by its Kemendagri code."""

    code: str = field(metadata=doc("Kemendagri code, e.g. '33.26' (regency) or '33' (province)"))
    name: str = field(metadata=doc("Name, e.g. 'Kabupaten Pekalongan, Jawa Tengah'"))
    page: str = field(metadata=doc("Site-relative address of its page, e.g. 'kabupaten/33.26/'"))


@dataclass(frozen=True)
class Distribution:
    """One downloadable file of a dataset."""

    title: str = field(metadata=doc("Title, e.g. 'Paket data kab-pekalongan (ZIP)'"))
    path: str = field(metadata=doc("Site-relative path of the file, without leading slash"))
    media_type: str = field(metadata=doc("IANA media type, e.g. 'text/csv', 'application/zip'"))
    format: str = field(metadata=doc("Short format name: 'ZIP', 'CSV', 'JSON', 'XLSX'"))
    bytes: int = field(metadata=doc("File size in bytes"))
    sha256: str = field(metadata=doc("SHA-256 of the file, 64 hex digits"))
    licence: Licence = field(metadata=doc("The file's licence (a table may have its own)"))


@dataclass(frozen=True)
class Dataset:
    """One published data package as harvesters and citation managers see it."""

    identifier: str = field(metadata=doc("Package name, stable across releases, e.g. 'kab-pekalongan'"))
    title: str = field(metadata=doc("Title"))
    description: str = field(metadata=doc("Description, in Indonesian"))
    keywords: tuple[str, ...] = field(metadata=doc("Keywords, in Indonesian"))
    licence: Licence = field(metadata=doc("The package's licence"))
    publisher: str = field(metadata=doc("Publisher, e.g. the site's name"))
    landing_page: str = field(metadata=doc("Site-relative address of the dataset's page"))
    places: tuple[Place, ...] = field(metadata=doc("Areas covered, e.g. the regency; the provinces of a gazetteer"))
    temporal_start: str = field(metadata=doc("First period: '2021', '2021-S1', an ISO date, or '' when none"))
    temporal_end: str = field(metadata=doc("Last period, like temporal_start"))
    frequency: str = field(metadata=doc("Code in the EU frequency table: 'ANNUAL', 'ANNUAL_2' or 'IRREG'"))
    themes: tuple[str, ...] = field(metadata=doc("Codes in the EU data-theme table, e.g. ('SOCI', 'GOVE')"))
    issued: str = field(metadata=doc("ISO date of the first release that carried the package"))
    modified: str = field(metadata=doc("ISO date of the latest release that changed the package"))
    version: str = field(metadata=doc("Version of the package, or ''"))
    synthetic: bool = field(metadata=doc("True when some values are invented sample data"))
    attribution: str = field(metadata=doc("Extra attribution to show (ODbL for gazetteer names), or ''"))
    distributions: tuple[Distribution, ...] = field(metadata=doc("Downloadable files, in the order to list"))


@dataclass(frozen=True)
class Catalogue:
    """The site's datasets for one release."""

    title: str = field(metadata=doc("Catalogue title"))
    description: str = field(metadata=doc("Catalogue description"))
    homepage: str = field(metadata=doc("Site URL ending in '/', or '' while the site has no address"))
    listing: str = field(metadata=doc("Site-relative address of the page listing every dataset, e.g. 'data/'"))
    publisher: str = field(metadata=doc("Publisher of the catalogue"))
    language: str = field(metadata=doc("ISO 639-1 code of the texts, e.g. 'id'"))
    release: str = field(metadata=doc("Release id, e.g. 'rilis-2026-11-22'"))
    issued: str = field(metadata=doc("ISO date of the release"))
    contact_email: str = field(metadata=doc("The data team's email address, or '' (then the site is the contact)"))
    datasets: tuple[Dataset, ...] = field(metadata=doc("Datasets, in the order to list"))


# --- shared helpers -------------------------------------------------------------------------------------


def _iso_date(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CatalogueError(f"{what}: tanggal '{text}' bukan tanggal ISO (YYYY-MM-DD)") from None


def _bound(period: str, end: bool, what: str) -> tuple[str, str]:
    """Return an ISO 8601 value and its XSD type for the start (or end) of a period such as '2021-S1'."""
    match = _PERIOD.match(period)
    if match is None:
        raise CatalogueError(f"{what}: periode '{period}' tidak dikenal (contoh: 2021, 2021-S1, 2021-06-30)")
    year, semester, month, day = match.group("year", "semester", "month", "day")
    if semester:
        first, last = ("01", "06") if semester == "1" else ("07", "12")
        return f"{year}-{last if end else first}", "xsd:gYearMonth"
    if day:
        _iso_date(period, what)
        return period, "xsd:date"
    if month:
        if not 1 <= int(month) <= 12:
            raise CatalogueError(f"{what}: periode '{period}' tidak dikenal (bulan {month})")
        return period, "xsd:gYearMonth"
    return year, "xsd:gYear"


def _bounds(dataset: Dataset) -> tuple[str, str]:
    """Return the dataset's start and end as ISO 8601 values, '' when unknown."""
    what = f"{dataset.identifier}: cakupan waktu"
    start = _bound(dataset.temporal_start, False, what)[0] if dataset.temporal_start else ""
    end = _bound(dataset.temporal_end, True, what)[0] if dataset.temporal_end else ""
    return start, end


def _url(path: str, homepage: str) -> str:
    """The absolute address of a site-relative path; '' without a homepage (a relative link would be wrong)."""
    if urlsplit(path).scheme:
        return path
    return urljoin(homepage if homepage.endswith("/") else homepage + "/", path) if homepage else ""


def _required_homepage(catalogue: Catalogue, what: str) -> str:
    if not catalogue.homepage:
        raise CatalogueError(f"{what}: {NO_ADDRESS}")
    return catalogue.homepage


def _media_type(media_type: str) -> str:
    """The media type without parameters ('text/csv; charset=utf-8' -> 'text/csv')."""
    return media_type.split(";", 1)[0].strip().lower()


def _described(text: str, synthetic: bool) -> str:
    """The text with the synthetic-data note appended when needed (once)."""
    text = text.strip()
    if synthetic and "angka desa sintetis" not in text.lower():
        text = f"{text} {SYNTHETIC_NOTE}".strip()
    return text


def _keywords(dataset: Dataset) -> list[str]:
    """The dataset's keywords, with 'sintetis' added for synthetic data."""
    keywords = [k for k in dataset.keywords if k.strip()]
    if dataset.synthetic and SYNTHETIC_KEYWORD not in keywords:
        keywords.append(SYNTHETIC_KEYWORD)
    return keywords


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _version_text(dataset: Dataset, catalogue: Catalogue) -> str:
    """'versi 1.2.0, rilis-2026-11-22', or whichever part is known."""
    parts = [f"versi {dataset.version}" if dataset.version else "", catalogue.release]
    return ", ".join(p for p in parts if p)


def _notes(dataset: Dataset, catalogue: Catalogue) -> str:
    """Licence, release, attribution and the synthetic note, for citation managers' note fields."""
    licence = f"Lisensi {dataset.licence.title or dataset.licence.url}"
    parts = [f"{licence}; {catalogue.release}." if catalogue.release else f"{licence}."]
    if dataset.attribution:
        parts.append(dataset.attribution)
    if dataset.synthetic:
        parts.append(SYNTHETIC_NOTE)
    return _one_line(" ".join(parts))


def period_span(periods: list[str]) -> tuple[str, str]:
    """The earliest and the latest of some periods ('2021', '2021-S1', ISO dates); ('', '') for none."""
    if not periods:
        return "", ""
    first = min(periods, key=lambda p: _bound(p, False, "periode"))
    last = max(periods, key=lambda p: _bound(p, True, "periode"))
    return first, last


def frequency_of(periods: list[str]) -> str:
    """The EU frequency code the periods show: every year ('ANNUAL'), every semester ('ANNUAL_2'), or 'IRREG'."""
    steps = []
    for period in sorted(set(periods)):
        match = _PERIOD.match(period)
        if match is None or match.group("month"):
            return "IRREG"
        year, semester = int(match.group("year")), match.group("semester")
        steps.append((year, int(semester)) if semester else (year, 0))
    if len(steps) < 2 or len({s[1] == 0 for s in steps}) > 1:
        return "IRREG"
    yearly = steps[0][1] == 0
    index = [y if yearly else y * 2 + s - 1 for y, s in steps]
    if all(b - a == 1 for a, b in pairwise(index)):
        return "ANNUAL" if yearly else "ANNUAL_2"
    return "IRREG"


# --- DCAT-AP as JSON-LD ---------------------------------------------------------------------------------


def _text(value: str, language: str) -> dict[str, str]:
    return {"@value": value, "@language": language} if language else {"@value": value}


def _typed(value: str, xsd_type: str) -> dict[str, str]:
    return {"@value": value, "@type": xsd_type}


def _date(text: str, what: str) -> dict[str, str]:
    return _typed(_iso_date(text, what).isoformat(), "xsd:date")


def _dataset_iri(dataset: Dataset, catalogue: Catalogue, homepage: str) -> str:
    """The dataset's IRI: its row in the page that lists every package (`<listing>#dataset-<identifier>`)."""
    listing = urldefrag(_url(catalogue.listing, homepage)).url
    return f"{listing}#{DATASET_ANCHOR}{quote(dataset.identifier, safe='')}"


def _language(code: str) -> dict[str, Any]:
    eu = EU_LANGUAGES.get(code)
    if eu is None:
        raise CatalogueError(f"katalog: bahasa '{code}' tidak dikenal (id atau en)")
    return {"@id": f"{EU_AUTHORITY}language/{eu}", "@type": "dct:LinguisticSystem"}


def _licence(licence: Licence) -> dict[str, Any]:
    """A licence as a `dct:LicenseDocument`: the EU table's IRI with CKAN's title when known, else its own page."""
    known = KNOWN_LICENCES.get(licence.name)
    node: dict[str, Any] = {
        "@id": f"{EU_AUTHORITY}licence/{known.eu_code}" if known else licence.url,
        "@type": "dct:LicenseDocument",
        "dct:title": known.ckan_title if known else licence.title,
        "rdfs:label": licence.title,
    }
    if known and licence.url:
        node["rdfs:seeAlso"] = {"@id": licence.url}
    return node


def _theme(code: str) -> dict[str, Any]:
    return {
        "@id": f"{EU_AUTHORITY}data-theme/{code}",
        "@type": "skos:Concept",
        "skos:prefLabel": {"@value": EU_THEMES[code], "@language": "en"},
        "skos:inScheme": {
            "@id": f"{EU_AUTHORITY}data-theme",
            "@type": "skos:ConceptScheme",
            "dct:title": {"@value": "Data theme", "@language": "en"},
        },
    }


def _place(place: Place, homepage: str, language: str) -> dict[str, Any]:
    """A place as an IRI of this site (its page), with its Kemendagri code and name."""
    return {
        "@id": _url(place.page, homepage),
        "@type": "dct:Location",
        "dct:identifier": place.code,
        "skos:prefLabel": _text(place.name, language),
    }


def _dcat_distribution(distribution: Distribution, homepage: str, language: str, what: str) -> dict[str, Any]:
    if not _SHA256.match(distribution.sha256):
        raise CatalogueError(f"{what}: sha256 '{distribution.sha256}' bukan 64 digit heksadesimal")
    code = distribution.format.upper()
    file_type: dict[str, Any] = {"@type": "dct:MediaTypeOrExtent", "rdfs:label": distribution.format}
    if code in EU_FILE_TYPE_CODES:
        file_type = {"@id": f"{EU_AUTHORITY}file-type/{code}", **file_type}
    media_type = _media_type(distribution.media_type)
    url = {"@id": _url(distribution.path, homepage)}
    return {
        "@type": "dcat:Distribution",
        "dct:title": _text(distribution.title, language),
        "dcat:downloadURL": url,
        "dcat:accessURL": url,
        # Labelled with the plain media type: ckanext-dcat reads the label and maps it to CKAN's format name.
        "dcat:mediaType": {"@id": IANA_MEDIA_TYPES + media_type, "@type": "dct:MediaType", "rdfs:label": media_type},
        "dct:format": file_type,
        "dcat:byteSize": _typed(str(distribution.bytes), "xsd:nonNegativeInteger"),
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256", "@type": "spdx:ChecksumAlgorithm"},
            "spdx:checksumValue": _typed(distribution.sha256.lower(), "xsd:hexBinary"),
        },
        "dct:license": _licence(distribution.licence),
    }


def _contact(catalogue: Catalogue, homepage: str) -> dict[str, Any]:
    """The publisher as a contact point: its site, and its email when the site settings give one."""
    contact: dict[str, Any] = {
        "@type": ["vcard:Kind", "vcard:Organization"],
        "vcard:fn": catalogue.publisher,
        "vcard:hasURL": {"@id": homepage},
    }
    if catalogue.contact_email:
        contact["vcard:hasEmail"] = {"@id": _mailto(catalogue.contact_email)}
    return contact


def _dcat_dataset(dataset: Dataset, catalogue: Catalogue, homepage: str) -> dict[str, Any]:
    what = dataset.identifier
    language = catalogue.language
    node: dict[str, Any] = {"@id": _dataset_iri(dataset, catalogue, homepage), "@type": "dcat:Dataset"}
    node["dct:identifier"] = dataset.identifier
    node["dct:title"] = _text(dataset.title, language)
    node["dct:description"] = _text(_described(dataset.description, dataset.synthetic), language)
    node["dcat:keyword"] = [_text(k, language) for k in _keywords(dataset)]
    node["dcat:theme"] = [_theme(code) for code in dataset.themes]
    node["dct:language"] = _language(language)
    node["dct:license"] = _licence(dataset.licence)
    if dataset.attribution:
        node["dct:rights"] = {"@type": "dct:RightsStatement", "rdfs:label": _text(dataset.attribution, language)}
    node["dct:publisher"] = {"@type": "foaf:Agent", "foaf:name": dataset.publisher}
    node["dcat:contactPoint"] = _contact(catalogue, homepage)
    node["dcat:landingPage"] = {"@id": _url(dataset.landing_page, homepage), "@type": "foaf:Document"}
    node["dct:spatial"] = [_place(place, homepage, language) for place in dataset.places]
    period: dict[str, Any] = {"@type": "dct:PeriodOfTime"}
    if dataset.temporal_start:
        period["dcat:startDate"] = _typed(*_bound(dataset.temporal_start, False, f"{what}: cakupan waktu"))
    if dataset.temporal_end:
        period["dcat:endDate"] = _typed(*_bound(dataset.temporal_end, True, f"{what}: cakupan waktu"))
    if len(period) > 1:
        node["dct:temporal"] = period
    if dataset.frequency not in EU_FREQUENCIES:
        raise CatalogueError(f"{what}: frekuensi '{dataset.frequency}' tidak dikenal ({', '.join(EU_FREQUENCIES)})")
    node["dct:accrualPeriodicity"] = {"@id": f"{EU_AUTHORITY}frequency/{dataset.frequency}", "@type": "dct:Frequency"}
    node["dct:issued"] = _date(dataset.issued, f"{what}: issued")
    node["dct:modified"] = _date(dataset.modified, f"{what}: modified")
    if dataset.version:
        node["dcat:version"] = dataset.version
        node["owl:versionInfo"] = dataset.version  # DCAT-AP 2's property, which older harvesters read
    node["dcat:distribution"] = [
        _dcat_distribution(d, homepage, language, f"{what}: {d.title}") for d in dataset.distributions
    ]
    return node


def dcat_jsonld(catalogue: Catalogue) -> dict[str, Any]:
    """Describe the catalogue as a DCAT-AP 3 `dcat:Catalog` in JSON-LD with an embedded context.

    Every IRI is absolute (resolved against the homepage, which is required). Datasets get the IRI
    `<landing page>#dataset-<identifier>`. Synthetic datasets say so in `dct:description` and carry the keyword
    'sintetis'. Each dataset has a contact point: the publisher's site, and the email when one is given.
    """
    homepage = _required_homepage(catalogue, "katalog DCAT")
    language = catalogue.language
    node: dict[str, Any] = {
        "@context": dict(PREFIXES),
        "@id": _url("dcat.jsonld", homepage) + "#katalog",
        "@type": "dcat:Catalog",
    }
    node["dct:title"] = _text(catalogue.title, language)
    node["dct:description"] = _text(catalogue.description, language)
    node["dct:publisher"] = {"@type": "foaf:Agent", "foaf:name": catalogue.publisher}
    node["dct:language"] = _language(language)
    node["dct:issued"] = _date(catalogue.issued, "katalog: issued")
    node["dct:modified"] = _date(catalogue.issued, "katalog: issued")
    if catalogue.release:
        node["dcat:version"] = catalogue.release
    node["foaf:homepage"] = {"@id": homepage, "@type": "foaf:Document"}
    node["dcat:themeTaxonomy"] = _theme("SOCI")["skos:inScheme"]
    node["dcat:dataset"] = [_dcat_dataset(d, catalogue, homepage) for d in catalogue.datasets]
    return node


# --- Project Open Data data.json ------------------------------------------------------------------------


def _mailto(email: str) -> str:
    return email if email.startswith("mailto:") else "mailto:" + email


def pod_data_json(catalogue: Catalogue) -> dict[str, Any]:
    """Describe the catalogue as a Project Open Data v1.1 `data.json` (read by CKAN's harvesters).

    Valid against POD 1.1's schema for non-federal publishers: every dataset has a contact point (the publisher,
    with the email when one is given), absolute links (the homepage is required), and `temporal` when both ends
    of its period are known.
    """
    homepage = _required_homepage(catalogue, "data.json")
    datasets: list[dict[str, Any]] = []
    for dataset in catalogue.datasets:
        description = _described(dataset.description, dataset.synthetic)
        if dataset.attribution:
            description = f"{description} {dataset.attribution}".strip()
        contact: dict[str, Any] = {"@type": "vcard:Contact", "fn": dataset.publisher}
        if catalogue.contact_email:
            contact["hasEmail"] = _mailto(catalogue.contact_email)
        entry: dict[str, Any] = {
            "@type": "dcat:Dataset",
            "title": dataset.title,
            "description": description,
            # POD requires at least one keyword.
            "keyword": _keywords(dataset) or [p.name for p in dataset.places] or [dataset.identifier],
            "modified": _iso_date(dataset.modified, f"{dataset.identifier}: modified").isoformat(),
            "issued": _iso_date(dataset.issued, f"{dataset.identifier}: issued").isoformat(),
            "publisher": {"@type": "org:Organization", "name": dataset.publisher},
            "contactPoint": contact,
            "identifier": dataset.identifier,
            "accessLevel": "public",
            "license": dataset.licence.url,
            "language": [catalogue.language],
        }
        if dataset.frequency in EU_FREQUENCIES:
            entry["accrualPeriodicity"] = EU_FREQUENCIES[dataset.frequency]
        if dataset.places:
            entry["spatial"] = "; ".join(place.name for place in dataset.places)
        start, end = _bounds(dataset)
        if start and end:
            entry["temporal"] = f"{start}/{end}"
        entry["landingPage"] = _url(dataset.landing_page, homepage)
        entry["distribution"] = [
            {
                "@type": "dcat:Distribution",
                "title": d.title,
                "downloadURL": _url(d.path, homepage),
                "mediaType": _media_type(d.media_type),
                "format": d.format,
            }
            for d in dataset.distributions
        ]
        datasets.append(entry)
    return {
        "@context": POD_CONTEXT,
        "@id": _url("data.json", homepage),
        "@type": "dcat:Catalog",
        "conformsTo": POD_SCHEMA,
        "describedBy": POD_DESCRIBED_BY,
        "dataset": datasets,
    }


# --- schema.org for Google Dataset Search ---------------------------------------------------------------


def _fit_description(text: str, fillers: list[str], keep: str) -> str:
    """Pad a short description with the fillers, or clip a long one, ending it with `keep` (the synthetic note)."""
    for filler in fillers:
        if len(text) >= DESCRIPTION_MIN:
            break
        text = f"{text} {filler}".strip()
    if len(text) > DESCRIPTION_MAX:
        tail = f" {keep}" if keep else ""
        text = text[: DESCRIPTION_MAX - len(tail) - 1].rstrip() + "…" + tail
    return text


def schema_org_dataset(dataset: Dataset, catalogue: Catalogue) -> dict[str, Any]:
    """Describe one dataset as a schema.org `Dataset` for a data page, meeting Google Dataset Search's rules.

    The description is kept within 50-5000 characters: a short one is padded with the coverage sentence (place
    and period), then the publisher and release; a long one is clipped. Every link is absolute (the homepage is
    required: a page's structured data is read away from the page).
    """
    homepage = _required_homepage(catalogue, "schema.org")
    start, end = _bounds(dataset)
    coverage = [f"wilayah {place.name} (kode {place.code})" for place in dataset.places]
    if start or end:
        coverage.append(f"periode {dataset.temporal_start or '…'} sampai {dataset.temporal_end or '…'}")
    fillers = [
        f"Cakupan: {'; '.join(coverage)}." if coverage else "",
        f"Diterbitkan oleh {dataset.publisher}" + (f" dalam {catalogue.release}." if catalogue.release else "."),
        f"Set data terbuka dari {catalogue.title}, dengan berkas unduhan dan metadata lengkap.",
    ]
    organization: dict[str, Any] = {"@type": "Organization", "name": dataset.publisher, "url": homepage}
    obj: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": dataset.title,
        "description": _fit_description(
            _described(dataset.description, dataset.synthetic),
            [f for f in fillers if f],
            SYNTHETIC_NOTE if dataset.synthetic else "",
        ),
        "url": _url(dataset.landing_page, homepage),
        "identifier": dataset.identifier,
    }
    keywords = _keywords(dataset)
    if keywords:
        obj["keywords"] = keywords
    obj["license"] = dataset.licence.url
    obj["isAccessibleForFree"] = True
    obj["creator"] = organization
    obj["publisher"] = organization
    if dataset.attribution:
        obj["creditText"] = dataset.attribution
    places = [
        {"@type": "Place", "name": p.name, "identifier": p.code, "url": _url(p.page, homepage)} for p in dataset.places
    ]
    if places:
        obj["spatialCoverage"] = places[0] if len(places) == 1 else places
    if start or end:
        # ISO 8601 open intervals use '..' for an unknown end, as schema.org documents.
        obj["temporalCoverage"] = f"{start or '..'}/{end or '..'}"
    if dataset.version:
        obj["version"] = dataset.version
    obj["datePublished"] = _iso_date(dataset.issued, f"{dataset.identifier}: issued").isoformat()
    obj["dateModified"] = _iso_date(dataset.modified, f"{dataset.identifier}: modified").isoformat()
    obj["inLanguage"] = catalogue.language
    obj["includedInDataCatalog"] = {"@type": "DataCatalog", "name": catalogue.title, "url": homepage}
    obj["distribution"] = [
        {
            "@type": "DataDownload",
            "name": d.title,
            "encodingFormat": _media_type(d.media_type),
            "contentUrl": _url(d.path, homepage),
            "contentSize": f"{d.bytes} B",
            "sha256": d.sha256.lower(),
            "license": d.licence.url,
        }
        for d in dataset.distributions
    ]
    return obj


def jsonld_script(obj: dict[str, Any]) -> str:
    """Return `<script type="application/ld+json">…</script>` for a page, safe against any text in the data.

    `<`, `>` and `&` are written as JSON escapes, so no string can close the script or open an HTML comment,
    and the JSON still parses to the same object. The output is one line (safe inside Markdown too).
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return f'<script type="application/ld+json">{text}</script>'


# --- citations ------------------------------------------------------------------------------------------


def citation_text(dataset: Dataset, catalogue: Catalogue) -> str:
    """Return one line of Indonesian 'how to cite' text for a dataset (its address only when the site has one)."""
    year = _iso_date(catalogue.issued, "katalog: issued").year  # the release cited
    version = _version_text(dataset, catalogue)
    url = _url(dataset.landing_page, catalogue.homepage)
    licence = dataset.licence.title or dataset.licence.url
    parts = [
        f"{dataset.publisher} ({year}). {dataset.title}" + (f", {version}" if version else "") + " [set data].",
        f"Tersedia di {url} dengan lisensi {licence}." if url else f"Lisensi {licence}.",
        dataset.attribution,
        SYNTHETIC_NOTE if dataset.synthetic else "",
    ]
    return _one_line(" ".join(p for p in parts if p))


def _bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIALS.sub(lambda m: _BIBTEX_ESCAPES[m.group()], _one_line(text))


def _bibtex_url(url: str) -> str:
    return _URL_UNSAFE.sub(lambda m: quote(m.group(), safe=""), url)


def _citation_keys(catalogue: Catalogue) -> list[str]:
    """One key per dataset, 'labkem-<identifier>-<release>', ASCII letters, digits, '-' and ':', unique."""
    keys: list[str] = []
    for dataset in catalogue.datasets:
        raw = "-".join(p for p in (BIBTEX_KEY_PREFIX, dataset.identifier, catalogue.release) if p)
        ascii_text = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode("ascii")
        key = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9:-]+", "-", ascii_text)).strip("-")
        unique, n = key, 2
        while unique in keys:
            unique, n = f"{key}-{n}", n + 1
        keys.append(unique)
    return keys


def bibtex(catalogue: Catalogue) -> str:
    """Return one BibTeX `@misc` entry per dataset (UTF-8 text; the corporate author in double braces)."""
    entries = []
    for key, dataset in zip(_citation_keys(catalogue), catalogue.datasets, strict=True):
        issued = _iso_date(catalogue.issued, "katalog: issued")  # the release cited
        url = _bibtex_url(_url(dataset.landing_page, catalogue.homepage))
        fields = [
            ("author", f"{{{_bibtex_escape(dataset.publisher)}}}"),
            ("title", f"{{{_bibtex_escape(dataset.title)}}}"),
            ("year", str(issued.year)),
            ("date", issued.isoformat()),
            ("version", _bibtex_escape(dataset.version)),
            ("publisher", _bibtex_escape(dataset.publisher)),
            ("howpublished", "Set data"),
            ("url", url),
            ("note", _bibtex_escape(_notes(dataset, catalogue))),
        ]
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
        entries.append(f"@misc{{{key},\n{body}\n}}\n")
    return "\n".join(entries)


def csl_json(catalogue: Catalogue) -> list[dict[str, Any]]:
    """Return one CSL-JSON item of type 'dataset' per dataset (for Zotero, Pandoc and citeproc)."""
    items: list[dict[str, Any]] = []
    for key, dataset in zip(_citation_keys(catalogue), catalogue.datasets, strict=True):
        issued = _iso_date(catalogue.issued, "katalog: issued")  # the release cited
        item: dict[str, Any] = {
            "id": key,
            "type": "dataset",
            "title": dataset.title,
            "author": [{"literal": dataset.publisher}],
            "issued": {"date-parts": [[issued.year, issued.month, issued.day]]},
        }
        if dataset.version:
            item["version"] = dataset.version
        url = _url(dataset.landing_page, catalogue.homepage)
        if url:
            item["URL"] = url
        item["publisher"] = dataset.publisher
        item["note"] = _notes(dataset, catalogue)
        if catalogue.language:
            item["language"] = catalogue.language
        items.append(item)
    return items
