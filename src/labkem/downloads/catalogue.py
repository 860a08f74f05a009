"""Describe the site's datasets for harvesters and citation managers: DCAT, data.json, schema.org, BibTeX, CSL.

Pure functions: they take a `Catalogue` built by the caller and return dicts or text, with no file I/O and no
clock, so the same input always gives the same output, in the order given.

URLs: a `Distribution.url` or `Dataset.landing_page` may be site-relative ("unduh/paket/kab-pekalongan.zip",
no leading slash) when the site has no address yet. With a `Catalogue.homepage`, relative paths are resolved
against it (the JSON-LD sets `@base`; the other outputs are resolved here). Without one they stay relative:
JSON-LD processors then resolve them against the document's own URL, so write the DCAT file at the site root.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import quote, urldefrag, urljoin

from labkem.core.errors import LabkemError
from labkem.transform.model import doc

SYNTHETIC_NOTE = "Angka desa sintetis (contoh)."
SYNTHETIC_KEYWORD = "sintetis"
BIBTEX_KEY_PREFIX = "labkem"

# Embedded, never a remote context URL: harvesters (and the tests) may be offline.
PREFIXES = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "schema": "http://schema.org/",
    "adms": "http://www.w3.org/ns/adms#",
    "spdx": "http://spdx.org/rdf/terms#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
# Languages as DCAT's own examples name them (dct:LinguisticSystem).
ISO_639_1 = "http://id.loc.gov/vocabulary/iso639-1/"
# DCAT-AP's controlled vocabulary for dct:format; a format not listed here is described by its label only.
EU_FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
EU_FILE_TYPE_CODES = frozenset({"CSV", "GEOJSON", "HTML", "JSON", "ODS", "PDF", "TXT", "XLSX", "XML", "ZIP"})

POD_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
POD_DESCRIBED_BY = "https://project-open-data.cio.gov/v1.1/schema/catalog.json"

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
    """Raised by `catalogue` when a date, period or checksum of a dataset cannot be described."""


@dataclass(frozen=True)
class Distribution:
    """One downloadable file of a dataset."""

    title: str = field(metadata=doc("Title, e.g. 'Paket data kab-pekalongan (ZIP)'"))
    url: str = field(metadata=doc("Absolute URL, or a site-relative path without leading slash when no address"))
    media_type: str = field(metadata=doc("IANA media type, e.g. 'text/csv', 'application/zip'"))
    format: str = field(metadata=doc("Short format name: 'ZIP', 'CSV', 'JSON', 'XLSX'"))
    bytes: int = field(metadata=doc("File size in bytes"))
    sha256: str = field(metadata=doc("SHA-256 of the file, 64 hex digits"))
    license_url: str = field(metadata=doc("URL of the file's licence"))


@dataclass(frozen=True)
class Dataset:
    """One published data package as harvesters and citation managers see it."""

    identifier: str = field(metadata=doc("Package name, stable across releases, e.g. 'kab-pekalongan'"))
    title: str = field(metadata=doc("Title"))
    description: str = field(metadata=doc("Description, in Indonesian"))
    keywords: tuple[str, ...] = field(metadata=doc("Keywords, in Indonesian"))
    license_url: str = field(metadata=doc("URL of the licence"))
    license_title: str = field(metadata=doc("Licence name shown to people, e.g. 'CC BY 4.0'"))
    publisher: str = field(metadata=doc("Publisher, e.g. the site's name"))
    landing_page: str = field(metadata=doc("URL or site-relative path of the dataset's page"))
    spatial: str = field(metadata=doc("Place name, e.g. 'Kabupaten Pekalongan, Jawa Tengah'"))
    spatial_code: str = field(metadata=doc("Kemendagri code, e.g. '33.26', or ''"))
    temporal_start: str = field(metadata=doc("First period: '2021', '2021-S1', an ISO date, or '' when none"))
    temporal_end: str = field(metadata=doc("Last period, like temporal_start"))
    issued: str = field(metadata=doc("ISO date of the release, e.g. '2026-11-22'"))
    version: str = field(metadata=doc("Version of the package, or ''"))
    synthetic: bool = field(metadata=doc("True when some values are invented sample data"))
    attribution: str = field(metadata=doc("Extra attribution to show (ODbL for gazetteer names), or ''"))
    distributions: tuple[Distribution, ...] = field(metadata=doc("Downloadable files, in the order to list"))


@dataclass(frozen=True)
class Catalogue:
    """The site's datasets for one release."""

    title: str = field(metadata=doc("Catalogue title"))
    description: str = field(metadata=doc("Catalogue description"))
    homepage: str = field(metadata=doc("Site URL, or '' (then relative paths are kept)"))
    publisher: str = field(metadata=doc("Publisher of the catalogue"))
    language: str = field(metadata=doc("ISO 639-1 code of the texts, e.g. 'id'"))
    release: str = field(metadata=doc("Release id, e.g. 'rilis-2026-11-22'"))
    issued: str = field(metadata=doc("ISO date of the release"))
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


def _base(homepage: str) -> str:
    """The homepage as a base URL: a trailing slash keeps its last path segment when resolving."""
    return homepage if homepage.endswith("/") else homepage + "/"


def _absolute(url: str, homepage: str) -> str:
    """Resolve a site-relative path against the homepage; without a homepage, return it as it is."""
    return urljoin(_base(homepage), url) if homepage and url else url


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
    licence = f"Lisensi {dataset.license_title or dataset.license_url}"
    parts = [f"{licence}; {catalogue.release}." if catalogue.release else f"{licence}."]
    if dataset.attribution:
        parts.append(dataset.attribution)
    if dataset.synthetic:
        parts.append(SYNTHETIC_NOTE)
    return _one_line(" ".join(parts))


# --- DCAT-AP as JSON-LD ---------------------------------------------------------------------------------


def _text(value: str, language: str) -> dict[str, str]:
    return {"@value": value, "@language": language} if language else {"@value": value}


def _typed(value: str, xsd_type: str) -> dict[str, str]:
    return {"@value": value, "@type": xsd_type}


def _dataset_iri(dataset: Dataset) -> str:
    """The dataset's IRI: its landing page with the identifier as fragment (two packages may share a page)."""
    return urldefrag(dataset.landing_page).url + "#dataset-" + quote(dataset.identifier, safe="")


def _dcat_distribution(distribution: Distribution, language: str, what: str) -> dict[str, Any]:
    if not _SHA256.match(distribution.sha256):
        raise CatalogueError(f"{what}: sha256 '{distribution.sha256}' bukan 64 digit heksadesimal")
    code = distribution.format.upper()
    file_type: dict[str, Any] = (
        {"@id": EU_FILE_TYPES + code}
        if code in EU_FILE_TYPE_CODES
        else {"@type": "dct:MediaTypeOrExtent", "rdfs:label": distribution.format}
    )
    return {
        "@type": "dcat:Distribution",
        "dct:title": _text(distribution.title, language),
        "dcat:downloadURL": {"@id": distribution.url},
        "dcat:accessURL": {"@id": distribution.url},
        "dcat:mediaType": {"@id": IANA_MEDIA_TYPES + _media_type(distribution.media_type)},
        "dct:format": file_type,
        "dcat:byteSize": _typed(str(distribution.bytes), "xsd:nonNegativeInteger"),
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
            "spdx:checksumValue": _typed(distribution.sha256.lower(), "xsd:hexBinary"),
        },
        "dct:license": {"@id": distribution.license_url},
    }


def _dcat_dataset(dataset: Dataset, language: str, contact: dict[str, Any] | None) -> dict[str, Any]:
    what = dataset.identifier
    node: dict[str, Any] = {"@id": _dataset_iri(dataset)} if dataset.landing_page else {}
    node["@type"] = "dcat:Dataset"
    node["dct:identifier"] = dataset.identifier
    node["dct:title"] = _text(dataset.title, language)
    node["dct:description"] = _text(_described(dataset.description, dataset.synthetic), language)
    node["dcat:keyword"] = [_text(k, language) for k in _keywords(dataset)]
    node["dct:license"] = {
        "@id": dataset.license_url,
        "@type": "dct:LicenseDocument",
        "rdfs:label": dataset.license_title,
    }
    if dataset.attribution:
        node["dct:rights"] = {"@type": "dct:RightsStatement", "rdfs:label": _text(dataset.attribution, language)}
    node["dct:publisher"] = {"@type": "foaf:Agent", "foaf:name": dataset.publisher}
    if contact is not None:
        node["dcat:contactPoint"] = contact
    if dataset.landing_page:
        node["dcat:landingPage"] = {"@id": dataset.landing_page, "@type": "foaf:Document"}
    if dataset.spatial or dataset.spatial_code:
        place: dict[str, Any] = {"@type": "dct:Location"}
        if dataset.spatial_code:
            place["dct:identifier"] = dataset.spatial_code
        if dataset.spatial:
            place["skos:prefLabel"] = _text(dataset.spatial, language)
        node["dct:spatial"] = place
    period: dict[str, Any] = {"@type": "dct:PeriodOfTime"}
    if dataset.temporal_start:
        period["dcat:startDate"] = _typed(*_bound(dataset.temporal_start, False, f"{what}: cakupan waktu"))
    if dataset.temporal_end:
        period["dcat:endDate"] = _typed(*_bound(dataset.temporal_end, True, f"{what}: cakupan waktu"))
    if len(period) > 1:
        node["dct:temporal"] = period
    node["dct:issued"] = _typed(_iso_date(dataset.issued, f"{what}: issued").isoformat(), "xsd:date")
    if dataset.version:
        node["owl:versionInfo"] = dataset.version
    node["dcat:distribution"] = [_dcat_distribution(d, language, f"{what}: {d.title}") for d in dataset.distributions]
    return node


def dcat_jsonld(catalogue: Catalogue, contact_email: str = "") -> dict[str, Any]:
    """Describe the catalogue as a DCAT-AP `dcat:Catalog` in JSON-LD with an embedded context.

    Every IRI is an `@id`. With a homepage, the context sets `@base` to it, so site-relative paths resolve
    against the site; without one they stay relative and a JSON-LD processor resolves them against the
    document's own URL (write the file at the site root). Datasets get the IRI `<landing page>#dataset-<identifier>`.
    Synthetic datasets say so in `dct:description` and carry the keyword 'sintetis'. `contact_email`, when
    given, becomes each dataset's `dcat:contactPoint` (DCAT-AP recommends one).
    """
    language = catalogue.language
    context: dict[str, Any] = dict(PREFIXES)
    if catalogue.homepage:
        context["@base"] = _base(catalogue.homepage)
    contact: dict[str, Any] | None = None
    if contact_email:
        contact = {
            "@type": "vcard:Organization",
            "vcard:fn": catalogue.publisher,
            "vcard:hasEmail": {"@id": _mailto(contact_email)},
        }
    node: dict[str, Any] = {"@context": context, "@id": "#katalog", "@type": "dcat:Catalog"}
    node["dct:title"] = _text(catalogue.title, language)
    node["dct:description"] = _text(catalogue.description, language)
    node["dct:publisher"] = {"@type": "foaf:Agent", "foaf:name": catalogue.publisher}
    if language:
        node["dct:language"] = {"@id": ISO_639_1 + language, "@type": "dct:LinguisticSystem"}
    node["dct:issued"] = _typed(_iso_date(catalogue.issued, "katalog: issued").isoformat(), "xsd:date")
    if catalogue.release:
        node["owl:versionInfo"] = catalogue.release
    if catalogue.homepage:
        node["foaf:homepage"] = {"@id": catalogue.homepage, "@type": "foaf:Document"}
    node["dcat:dataset"] = [_dcat_dataset(d, language, contact) for d in catalogue.datasets]
    return node


# --- Project Open Data data.json ------------------------------------------------------------------------


def _mailto(email: str) -> str:
    return email if email.startswith("mailto:") else "mailto:" + email


def pod_data_json(catalogue: Catalogue, contact_email: str = "") -> dict[str, Any]:
    """Describe the catalogue as a Project Open Data v1.1 `data.json` (read by CKAN's harvesters).

    POD requires a `contactPoint` with an email on every dataset: it is written only when `contact_email` is
    given (no invented address), so without one the file is valid JSON but not strictly valid POD. POD wants
    absolute URLs: paths are resolved against the homepage, and without a homepage they stay relative.
    `temporal` is written only when both ends are known. The optional remote `@context` is left out.
    """
    homepage = catalogue.homepage
    datasets: list[dict[str, Any]] = []
    for dataset in catalogue.datasets:
        issued = _iso_date(dataset.issued, f"{dataset.identifier}: issued").isoformat()
        description = _described(dataset.description, dataset.synthetic)
        if dataset.attribution:
            description = f"{description} {dataset.attribution}".strip()
        entry: dict[str, Any] = {
            "@type": "dcat:Dataset",
            "title": dataset.title,
            "description": description,
            # POD requires at least one keyword.
            "keyword": _keywords(dataset) or [dataset.spatial or dataset.identifier],
            "modified": issued,
            "issued": issued,
            "publisher": {"@type": "org:Organization", "name": dataset.publisher},
        }
        if contact_email:
            entry["contactPoint"] = {
                "@type": "vcard:Contact",
                "fn": dataset.publisher,
                "hasEmail": _mailto(contact_email),
            }
        entry["identifier"] = dataset.identifier
        entry["accessLevel"] = "public"
        entry["license"] = dataset.license_url
        if catalogue.language:
            entry["language"] = [catalogue.language]
        if dataset.spatial:
            entry["spatial"] = dataset.spatial
        start, end = _bounds(dataset)
        if start and end:
            entry["temporal"] = f"{start}/{end}"
        if dataset.landing_page:
            entry["landingPage"] = _absolute(dataset.landing_page, homepage)
        entry["distribution"] = [
            {
                "@type": "dcat:Distribution",
                "title": d.title,
                "downloadURL": _absolute(d.url, homepage),
                "mediaType": _media_type(d.media_type),
                "format": d.format,
            }
            for d in dataset.distributions
        ]
        datasets.append(entry)
    return {
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
    and period), then the publisher and release; a long one is clipped. URLs are resolved against the homepage.
    """
    homepage = catalogue.homepage
    start, end = _bounds(dataset)
    coverage = []
    if dataset.spatial:
        coverage.append(
            f"wilayah {dataset.spatial}" + (f" (kode {dataset.spatial_code})" if dataset.spatial_code else "")
        )
    if start or end:
        coverage.append(f"periode {dataset.temporal_start or '…'} sampai {dataset.temporal_end or '…'}")
    fillers = [
        f"Cakupan: {'; '.join(coverage)}." if coverage else "",
        f"Diterbitkan oleh {dataset.publisher}" + (f" dalam {catalogue.release}." if catalogue.release else "."),
        f"Set data terbuka dari {catalogue.title}, dengan berkas unduhan dan metadata lengkap.",
    ]
    organization: dict[str, Any] = {"@type": "Organization", "name": dataset.publisher}
    if homepage:
        organization["url"] = homepage
    obj: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "name": dataset.title,
        "description": _fit_description(
            _described(dataset.description, dataset.synthetic),
            [f for f in fillers if f],
            SYNTHETIC_NOTE if dataset.synthetic else "",
        ),
    }
    if dataset.landing_page:
        obj["url"] = _absolute(dataset.landing_page, homepage)
    obj["identifier"] = dataset.identifier
    keywords = _keywords(dataset)
    if keywords:
        obj["keywords"] = keywords
    obj["license"] = dataset.license_url
    obj["isAccessibleForFree"] = True
    obj["creator"] = organization
    obj["publisher"] = organization
    if dataset.attribution:
        obj["creditText"] = dataset.attribution
    if dataset.spatial or dataset.spatial_code:
        place: dict[str, Any] = {"@type": "Place"}
        if dataset.spatial:
            place["name"] = dataset.spatial
        if dataset.spatial_code:
            place["identifier"] = dataset.spatial_code
        obj["spatialCoverage"] = place
    if start or end:
        # ISO 8601 open intervals use '..' for an unknown end, as schema.org documents.
        obj["temporalCoverage"] = f"{start or '..'}/{end or '..'}"
    if dataset.version:
        obj["version"] = dataset.version
    obj["datePublished"] = _iso_date(dataset.issued, f"{dataset.identifier}: issued").isoformat()
    if catalogue.language:
        obj["inLanguage"] = catalogue.language
    data_catalog: dict[str, Any] = {"@type": "DataCatalog", "name": catalogue.title}
    if homepage:
        data_catalog["url"] = homepage
    obj["includedInDataCatalog"] = data_catalog
    obj["distribution"] = [
        {
            "@type": "DataDownload",
            "name": d.title,
            "encodingFormat": _media_type(d.media_type),
            "contentUrl": _absolute(d.url, homepage),
            "contentSize": f"{d.bytes} B",
            "sha256": d.sha256.lower(),
            "license": d.license_url,
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
    """Return one line of Indonesian 'how to cite' text for a dataset."""
    year = _iso_date(dataset.issued, f"{dataset.identifier}: issued").year
    version = _version_text(dataset, catalogue)
    url = _absolute(dataset.landing_page, catalogue.homepage)
    licence = dataset.license_title or dataset.license_url
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
        issued = _iso_date(dataset.issued, f"{dataset.identifier}: issued")
        url = _bibtex_url(_absolute(dataset.landing_page, catalogue.homepage))
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
        issued = _iso_date(dataset.issued, f"{dataset.identifier}: issued")
        item: dict[str, Any] = {
            "id": key,
            "type": "dataset",
            "title": dataset.title,
            "author": [{"literal": dataset.publisher}],
            "issued": {"date-parts": [[issued.year, issued.month, issued.day]]},
        }
        if dataset.version:
            item["version"] = dataset.version
        if dataset.landing_page:
            item["URL"] = _absolute(dataset.landing_page, catalogue.homepage)
        item["publisher"] = dataset.publisher
        item["note"] = _notes(dataset, catalogue)
        if catalogue.language:
            item["language"] = catalogue.language
        items.append(item)
    return items
