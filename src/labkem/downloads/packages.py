"""Every number of the site as a download (package zips, tables as CSV and XLSX) and a static JSON API with stable
paths.

Written beside the pages before MkDocs runs, so pages link to it and MkDocs checks the links:

- `unduh/paket/NAMA.zip`: each package as the official Frictionless tools open it, its `datapackage.json`
  carrying `bytes` and `hash` (sha256) for every resource;
- `data/NAMA/TABEL.xlsx` beside the CSV the render stage copies: each table as the package has it and as a
  workbook;
- `api/v1/`: `index.json` (what is where), `desa.json` (every village), `kabupaten.json`, `indikator.json`,
  and per place `desa/KODE.json|csv` (everything about one village), `kecamatan/KODE.json` (a district and links
  to its villages) and `kabupaten/KODE.json` (a regency with every table of its package but the observations,
  which it links as the package's CSV and XLSX).

Every number is published once per form it is useful in, not once per level of the hierarchy: a district's or
a regency's observations are the package's `observasi.csv` (or its villages' files), so a province's site stays
within what static hosts take.

Every file's bytes depend only on the data and the release date (SOURCE_DATE_EPOCH), never on the clock
of the build, so a release can be rebuilt and checked against its `SHA256SUMS`.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import inspect
import io
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
from openpyxl import Workbook

from labkem.core.files import ZipTime, freeze_xlsx, source_date_epoch, write_atomic, zip_bytes
from labkem.core.lang import ENGLISH, INDONESIAN
from labkem.core.urls import REGENCIES, district_url, regency_url, village_url
from labkem.data.gazetteer import ATTRIBUTION as GAZETTEER_ATTRIBUTION
from labkem.data.load import PackageRef, RegencyData, publication_order
from labkem.data.schemas import indikator_schema
from labkem.data.site_settings import SiteSettings
from labkem.downloads.catalogue import (
    Catalogue,
    Dataset,
    Distribution,
    Licence,
    Place,
    bibtex,
    csl_json,
    dcat_jsonld,
    frequency_of,
    period_span,
    pod_data_json,
)

API = "api/v1"
PACKAGE_ZIPS = "unduh/paket"
# the boundaries of the batas package, as the API index names them
BOUNDARY_PATHS = {
    "batas_kabupaten": f"{API}/batas/{{kode_kabupaten}}.geojson",
    "batas_provinsi": f"{API}/batas/{{kode_provinsi}}.geojson",
}
CHECKSUMS = "unduh/SHA256SUMS"
# What SHA256SUMS covers: every file offered for download.
DOWNLOAD_PREFIXES = ("data/", "unduh/", f"{API}/", "grafik/")
OBSERVATION_COLUMNS = ["kode_desa", "periode", "indikator", "nilai", "status"]

Put = Callable[[str, bytes], None]


@dataclass(frozen=True)
class Release:
    """The release a build publishes: its id and date, from SOURCE_DATE_EPOCH (else today, UTC)."""

    id: str
    date: str
    zip_time: ZipTime

    @classmethod
    def from_environment(cls) -> Release:
        """The release named after SOURCE_DATE_EPOCH's day, or today's when it is not set."""
        epoch = source_date_epoch()
        moment = time.gmtime(epoch) if epoch is not None else time.gmtime()
        date = time.strftime("%Y-%m-%d", moment)
        # zip stores local times with two-second resolution from 1980: the day is what matters
        return cls(f"rilis-{date}", date, (max(1980, moment.tm_year), moment.tm_mon, moment.tm_mday, 0, 0, 0))


@dataclass(frozen=True)
class Download:
    """One file offered for download: its path from the site root, size and SHA-256."""

    path: str
    size: int
    sha256: str

    @classmethod
    def of(cls, path: str, data: bytes) -> Download:
        """Describe `data` published at `path`."""
        return cls(path, len(data), hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class ResourceDownloads:
    """One table of a package as CSV and XLSX."""

    name: str
    rows: int
    csv: Download
    xlsx: Download | None  # None when no workbooks were asked for (a release archives only the zips)


@dataclass(frozen=True)
class FileDownload:
    """A resource that is not a table (a regency's boundaries as GeoJSON), published in the API as it is."""

    name: str
    title: str
    kind: str  # key of MEDIA_TYPES
    file: Download


@dataclass(frozen=True)
class PackageDownloads:
    """One package: its zip, its tables and its other files."""

    name: str
    title: str
    licence: str
    synthetic: bool
    zip: Download
    resources: tuple[ResourceDownloads, ...]
    files: tuple[FileDownload, ...] = ()


@dataclass(frozen=True)
class Hub:
    """What the hub wrote: the release, the packages, how many API files, and each regency package's place
    and first and last period (for the catalogue)."""

    release: Release
    packages: tuple[PackageDownloads, ...]
    api_files: int
    coverage: dict[str, tuple[str, str, str, str]]  # package -> (kode, nama, first period, last period)
    zips: dict[str, bytes]  # file name -> bytes of each package zip, for the release archive


def _pretty_json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _typed(value: str, kind: str) -> Any:
    """A CSV cell as JSON would carry it: numbers as numbers, empty as null."""
    if value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "number":
        number = float(value)
        return int(number) if number.is_integer() and "." not in value else number
    if kind == "boolean":
        return value.lower() in {"true", "1", "ya"}
    return value


def _typed_column(values: list[str], kind: str) -> list[Any]:
    """`_typed` over a whole column; text, the common case, without a call per cell."""
    if kind in {"integer", "number", "boolean"}:
        return [_typed(value, kind) for value in values]
    return [value if value != "" else None for value in values]


def typed_columns(frame: pd.DataFrame, schema: dict[str, Any]) -> dict[str, list[Any]]:
    """The columns of a text table, each cell typed by the table's schema (pandas hands out a column as a list far
    faster than a row as a tuple)."""
    kinds = {f["name"]: f.get("type", "string") for f in schema.get("fields", [])}
    return {
        str(column): _typed_column(frame[column].tolist(), kinds.get(str(column), "string")) for column in frame.columns
    }


def typed_records(frame: pd.DataFrame, schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a text table with each cell typed by the table's schema."""
    typed = typed_columns(frame, schema)
    if not typed:
        return [{} for _ in range(len(frame))]
    return [dict(zip(typed, row, strict=True)) for row in zip(*typed.values(), strict=True)]


def resource_xlsx(
    name: str, records: list[dict[str, Any]], columns: list[str], about: list[str], when: ZipTime
) -> bytes:
    """One table as a workbook: the data sheet, then a sheet saying what it is, its licence and source."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(name[:31])
    sheet.append(columns)
    for record in records:
        sheet.append([record.get(column) for column in columns])
    info = book.create_sheet("tentang")
    for line in about:
        info.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return freeze_xlsx(buffer.getvalue(), when)


def _cache_read(cache_dir: Path, key: str) -> bytes | None:
    path = cache_dir / f"{key}.bin"
    return path.read_bytes() if path.exists() else None


def _cache_write(cache_dir: Path, key: str, data: bytes) -> bytes:
    write_atomic(cache_dir / f"{key}.bin", data)
    return data


def table_files(ref: PackageRef, table: str) -> tuple[str, str]:
    """Where a package's table is published: its CSV as the package has it, and its workbook."""
    csv_path = ref.resource_path(table).relative_to(ref.directory).as_posix()
    return f"data/{ref.name}/{csv_path}", f"data/{ref.name}/{table}.xlsx"


@functools.cache
def _workbook_code() -> bytes:
    """The code a workbook is made by besides its table and its words: reading the CSV, typing its cells, writing
    and freezing the workbook, and the versions of pandas and openpyxl. Part of every cached workbook's key, so a
    change to any of them makes every workbook again."""
    made_by: list[Callable[..., Any]] = [
        PackageRef.read,
        _typed,
        _typed_column,
        typed_columns,
        typed_records,
        resource_xlsx,
        freeze_xlsx,
    ]
    sources = [inspect.getsource(code) for code in made_by]
    return "\n".join([*sources, pd.__version__, openpyxl.__version__]).encode("utf-8")


def about_sheet(
    title: str, table: str, licence: str, ref: PackageRef, release_id: str, resource: dict[str, Any]
) -> list[str]:
    """The lines of a workbook's `tentang` sheet: what the table is, its licence and source, its description (as the
    package writes it) and whether it is synthetic; then the same in English, as every download serves both of the
    site's languages."""
    lines: list[str] = []
    for language in (INDONESIAN, ENGLISH):
        _ = language.gettext
        words = {"title": title, "table": table, "licence": licence, "package": ref.name, "release": release_id}
        lines += [
            _("%(title)s: tabel %(table)s") % words,
            _("Lisensi: %(licence)s. Sumber: paket data %(package)s, %(release)s.") % words,
        ]
        if language.source:
            lines.append(str(resource.get("description", "")))
        if ref.synthetic:
            lines.append(_("Angka desa dalam paket ini sintetis (contoh), bukan hasil pendataan."))
        if language.source:
            lines.append("")
    return lines


def workbook_key(data: bytes, schema: dict[str, Any], about: list[str], when: ZipTime) -> str:
    """The cache key of a table's workbook: the table's CSV bytes, its schema, the words of its `tentang` sheet,
    the time stamped into the file and the code that makes it (a workbook is made only when one of them changed;
    typing a regency's observations only to key its workbook took longer than the rest of its downloads)."""
    parts = [
        _workbook_code(),
        json.dumps(schema, sort_keys=True).encode(),
        "\n".join(about).encode(),
        repr(when).encode(),
    ]
    digest = hashlib.sha256()
    for part in [*parts, data]:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()[:32]


def package_downloads(
    ref: PackageRef,
    release: Release,
    put: Put,
    workbooks: Path | None,
    tables: dict[str, pd.DataFrame] | None = None,
) -> PackageDownloads:
    """Write a package's zip and its tables as XLSX; return what was written. `tables` are the package's tables
    when they were read already (`labkem.data.load.read_regency`); `workbooks` is the folder of cached workbooks
    (`BuildLayout.workbooks`), or None to write no workbook."""
    descriptor = json.loads(json.dumps(ref.descriptor))  # a copy to add bytes and hashes to
    files: dict[str, bytes] = {}
    tables = tables or {}
    downloads = []
    others = []
    licence = ref.licence_names or "–"
    for resource in descriptor.get("resources", []):
        name = str(resource["name"])
        data = ref.resource_path(name).read_bytes()
        resource["bytes"] = len(data)
        resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        files[str(resource["path"])] = data
        if resource.get("mediatype") == MEDIA_TYPES["GEOJSON"]:
            # boundaries: one file per regency (or province) in the API, keyed by its code
            level = resource.get("labkem", {})
            path = f"{API}/batas/{level.get('kode_kabupaten') or level.get('kode_provinsi') or name}.geojson"
            put(path, data)
            others.append(FileDownload(name, str(resource.get("title", name)), "GEOJSON", Download.of(path, data)))
            continue
        if not str(resource["path"]).endswith(".csv"):
            continue  # not a table: in the zip only
        csv_path, xlsx_path = table_files(ref, name)
        frame = tables[name] if name in tables else ref.read(name)
        if workbooks is None:
            downloads.append(ResourceDownloads(name, len(frame), Download.of(csv_path, data), None))
            continue
        schema = resource.get("schema", {})
        about = about_sheet(str(descriptor.get("title", ref.name)), name, licence, ref, release.id, resource)
        key = workbook_key(data, schema, about, release.zip_time)
        as_xlsx = _cache_read(workbooks, key) or _cache_write(
            workbooks,
            key,
            resource_xlsx(name, typed_records(frame, schema), list(frame.columns), about, release.zip_time),
        )
        put(xlsx_path, as_xlsx)
        downloads.append(
            ResourceDownloads(name, len(frame), Download.of(csv_path, data), Download.of(xlsx_path, as_xlsx))
        )
    package_json = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    archive = zip_bytes({"datapackage.json": package_json, **dict(sorted(files.items()))}, release.zip_time)
    zip_path = f"{PACKAGE_ZIPS}/{ref.name}.zip"
    put(zip_path, archive)
    return PackageDownloads(
        ref.name,
        str(descriptor.get("title", ref.name)),
        licence,
        ref.synthetic,
        Download.of(zip_path, archive),
        tuple(downloads),
        tuple(others),
    )


def _csv_blocks(frame: pd.DataFrame, spans: dict[str, tuple[int, int]]) -> tuple[str, dict[str, str]]:
    """The header line of `frame` and, for each span (a key and its rows `start` to `stop`), the text of those
    rows, as pandas' `to_csv` writes them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    rows = list(zip(*(frame[column].tolist() for column in frame.columns), strict=True))  # quicker than itertuples

    def text(block: list[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(block)
        return buffer.getvalue()

    return text([list(frame.columns)]), {key: text(rows[start:stop]) for key, (start, stop) in spans.items()}


@dataclass(frozen=True)
class ObservationTable:
    """A regency's observations sorted by village, typed and formatted once; each village takes its rows' span
    (sorted by village code, a village's rows are contiguous)."""

    rows: int
    periods: list[str]
    column: dict[str, int]  # period -> its place in `periods`
    spans: dict[str, tuple[int, int]]  # village code -> its rows [start, stop)
    columns: tuple[list[Any], list[Any], list[Any], list[Any]]  # period, indicator, value, status, typed
    header: str  # the CSV header of `observasi`
    csv: dict[str, str]  # village code -> its rows as CSV

    @classmethod
    def of(cls, frame: pd.DataFrame, schema: dict[str, Any]) -> ObservationTable:
        """Sort, type and format the observations of a regency."""
        frame = frame.sort_values(["kode_desa", "periode", "indikator"], kind="stable").reset_index(drop=True)
        typed = typed_columns(frame[["periode", "indikator", "nilai", "status"]], schema)
        spans = {
            str(kode): (int(positions[0]), int(positions[-1]) + 1)
            for kode, positions in frame.groupby("kode_desa", sort=False).indices.items()
        }
        header, csv_of = _csv_blocks(frame[OBSERVATION_COLUMNS], spans)
        period, indicator, value, status = typed.values()
        periods = sorted(frame["periode"].unique().tolist())
        column = {period: at for at, period in enumerate(periods)}
        return cls(len(frame), periods, column, spans, (period, indicator, value, status), header, csv_of)

    def of_village(self, kode: str) -> dict[str, Any]:
        """A village's observations as a table: a row of values per indicator, a column per period (null where
        there is no value), and the status of the cells that have one (c: disamarkan, e, u)."""
        start, stop = self.spans.get(kode, (0, 0))
        period_of, indicator_of, value_of, status_of = self.columns
        column = self.column
        values: dict[str, list[Any]] = {}
        statuses: dict[str, list[Any]] = {}
        for row in range(start, stop):
            at = column[period_of[row]]
            values.setdefault(indicator_of[row], [None] * len(self.periods))[at] = value_of[row]
            if status_of[row] is not None:
                statuses.setdefault(indicator_of[row], [None] * len(self.periods))[at] = status_of[row]
        return {"periode": self.periods, "nilai": values, "status": statuses}


def _per_village(tables: dict[str, pd.DataFrame], schemas: dict[str, Any]) -> dict[str, dict[str, list[Any]]]:
    """The rows of the village-keyed tables a village's API file carries, typed, by table and village code."""
    per_village: dict[str, dict[str, list[Any]]] = {}
    for name in ("status_desa", "program_desa", "intervensi", "potensi_desa"):
        if name in tables:
            table = tables[name]
            groups = per_village[name] = {}
            records = typed_records(table.drop(columns="kode_desa"), schemas[name])
            for kode, record in zip(table["kode_desa"].tolist(), records, strict=True):
                groups.setdefault(str(kode), []).append(record)
    return per_village


def _village_links(kode: str) -> dict[str, str]:
    return {"json": f"{API}/desa/{kode}.json", "csv": f"{API}/desa/{kode}.csv"}


def regency_api(data: RegencyData, kabupaten_nama: str, release: Release, put: Put) -> list[dict[str, Any]]:
    """Write the API files of one regency, its districts and villages; return its villages for the index.

    The observations are typed and formatted once for the whole regency (`ObservationTable`). A district and the
    regency link their villages' files and the package's observation tables rather than repeat the rows."""
    ref, tables = data.ref, data.tables
    kode_kab = ref.kode_kabupaten
    schemas = {str(r["name"]): r.get("schema", {}) for r in ref.descriptor.get("resources", [])}
    common: dict[str, Any] = {
        "paket": ref.name,
        "lisensi": ref.licence_names,
        "sintetis": ref.synthetic,
        "rilis": release.id,
    }
    observations = ObservationTable.of(tables["observasi"], schemas["observasi"])
    districts = dict(zip(tables["kecamatan"]["kode_kecamatan"], tables["kecamatan"]["nama_kecamatan"], strict=True))
    per_village = _per_village(tables, schemas)
    regency_ref = {"kode": kode_kab, "nama": kabupaten_nama}
    index = []
    profile = tables["desa_profil"].sort_values("kode_desa")
    for row in profile.itertuples(index=False):
        kode = str(row.kode_desa)
        village: dict[str, Any] = {
            "kode": kode,
            "nama": row.nama_desa,
            "jenis": row.jenis,
            "tipologi": row.tipologi or None,
            "kecamatan": {"kode": row.kode_kecamatan, "nama": districts.get(row.kode_kecamatan, "")},
            "kabupaten": regency_ref,
            **common,
            "halaman": f"{village_url(kode)}/",
            "observasi": observations.of_village(kode),
            **{name: groups.get(kode, []) for name, groups in per_village.items()},
        }
        put(f"{API}/desa/{kode}.json", _json_bytes(village))
        put(f"{API}/desa/{kode}.csv", (observations.header + observations.csv.get(kode, "")).encode("utf-8"))
        place = {"kode": kode, "nama": row.nama_desa, "kecamatan": districts.get(row.kode_kecamatan, "")}
        index.append({**place, "kabupaten": kabupaten_nama, **_village_links(kode)})
    csv_path, xlsx_path = table_files(ref, "observasi")
    observation_tables = {"csv": csv_path, "xlsx": xlsx_path, "baris": observations.rows}
    members_of = {str(k): g for k, g in profile.groupby("kode_kecamatan", sort=False)}
    for kode_kec, nama_kec in sorted(districts.items()):
        members = members_of.get(kode_kec, profile.iloc[0:0])
        district = {
            "kode": kode_kec,
            "nama": nama_kec,
            "kabupaten": regency_ref,
            **common,
            "halaman": f"{district_url(kode_kec)}/",
            "desa": [
                {"kode": k, "nama": n, **_village_links(k)}
                for k, n in members[["kode_desa", "nama_desa"]].itertuples(index=False)
            ],
            "unduh_observasi": observation_tables,  # the regency's: its villages' codes start with this one's
        }
        put(f"{API}/kecamatan/{kode_kec}.json", _json_bytes(district))
    put(
        f"{API}/kabupaten/{kode_kab}.json",
        _json_bytes(
            _regency_file(data, kabupaten_nama, common, schemas, sorted(districts.items()), observation_tables)
        ),
    )
    return index


def _regency_file(
    data: RegencyData,
    kabupaten_nama: str,
    common: dict[str, Any],
    schemas: dict[str, Any],
    districts: list[tuple[str, str]],
    observation_tables: dict[str, Any],
) -> dict[str, Any]:
    """A regency's API file: its districts, every table of its package but the observations, and links."""
    ref, tables = data.ref, data.tables
    return {
        "kode": ref.kode_kabupaten,
        "nama": kabupaten_nama,
        **common,
        "halaman": f"{regency_url(ref.kode_kabupaten)}/",
        "unduh_paket": f"{PACKAGE_ZIPS}/{ref.name}.zip",
        "kecamatan": [{"kode": k, "nama": n, "json": f"{API}/kecamatan/{k}.json"} for k, n in districts],
        "unduh_observasi": observation_tables,
        **{
            name: typed_records(tables[name], schemas[name])
            for name in REGENCY_TABLES
            if name in tables and name in schemas
        },
    }


# the tables a regency's API file carries whole (every one of the package but the observations, which are linked)
REGENCY_TABLES = (
    "desa_profil",
    "status_desa",
    "program",
    "program_desa",
    "capaian_program",
    "intervensi",
    "potensi_desa",
    "perangkat_daerah",
    "kemiskinan_kabupaten",
)


@dataclass(frozen=True)
class PackageHub:
    """What the hub wrote for one package: its downloads and, for a regency package with observations, its
    place in the catalogue and in the API's index files."""

    downloads: PackageDownloads
    coverage: tuple[str, str, str, str] | None  # (kode, nama, first period, last period)
    villages: tuple[dict[str, Any], ...]  # entries of api/v1/desa.json
    regency: dict[str, Any] | None  # entry of api/v1/kabupaten.json
    api_files: int


def package_hub(
    ref: PackageRef, data: RegencyData | None, kabupaten_nama: str, release: Release, put: Put, workbooks: Path | None
) -> PackageHub:
    """Write one package's downloads and, given its tables (`data`, a regency with observations), its API files."""
    downloads = package_downloads(ref, release, put, workbooks, data.tables if data else None)
    if data is None:
        return PackageHub(downloads, None, (), None, 0)
    periods = sorted(data.tables["observasi"]["periode"].unique().tolist())
    kode = ref.kode_kabupaten
    written: list[str] = []

    def put_api(path: str, content: bytes) -> None:
        written.append(path)
        put(path, content)

    villages = regency_api(data, kabupaten_nama, release, put_api)
    regency = {"kode": kode, "nama": kabupaten_nama, "paket": ref.name, "json": f"{API}/kabupaten/{kode}.json"}
    coverage = (kode, kabupaten_nama, periods[0], periods[-1])
    return PackageHub(downloads, coverage, tuple(villages), regency, len(written))


def hub_of(parts: list[PackageHub], codebook: pd.DataFrame, release: Release, put: Put, zips: dict[str, bytes]) -> Hub:
    """Write the API's index files over the packages' `parts` (regencies in code order) and describe the hub;
    `zips` holds the bytes of every package zip, by file name."""
    put(f"{API}/desa.json", _json_bytes([village for part in parts for village in part.villages]))
    put(f"{API}/kabupaten.json", _json_bytes([part.regency for part in parts if part.regency is not None]))
    put(f"{API}/indikator.json", _json_bytes(typed_records(codebook, indikator_schema())))
    put(
        f"{API}/index.json",
        _json_bytes(
            {
                "versi": "v1",
                "rilis": release.id,
                "tanggal": release.date,
                "lisensi": "CC-BY-4.0 untuk agregat desa; nama dan kode wilayah ODbL-1.0 (idn-area-data)",
                "jalur": {
                    "desa": f"{API}/desa.json",
                    "desa_satu": f"{API}/desa/{{kode_desa}}.json",
                    "desa_satu_csv": f"{API}/desa/{{kode_desa}}.csv",
                    "kecamatan_satu": f"{API}/kecamatan/{{kode_kecamatan}}.json",
                    "kabupaten": f"{API}/kabupaten.json",
                    "kabupaten_satu": f"{API}/kabupaten/{{kode_kabupaten}}.json",
                    "indikator": f"{API}/indikator.json",
                    "paket": f"{PACKAGE_ZIPS}/{{nama_paket}}.zip",
                    **(BOUNDARY_PATHS if any(part.downloads.files for part in parts) else {}),
                    "checksum": CHECKSUMS,
                },
            }
        ),
    )
    return Hub(
        release,
        tuple(sorted((part.downloads for part in parts), key=lambda d: d.name)),
        sum(part.api_files for part in parts) + 4,
        {part.downloads.name: part.coverage for part in parts if part.coverage is not None},
        zips,
    )


def write_hub(
    packages: list[PackageRef],
    regencies: list[RegencyData],
    kabupaten_names: dict[str, str],
    codebook: pd.DataFrame,
    put: Put,
    workbooks: Path | None,
    release: Release | None = None,
) -> Hub:
    """Write every download and API file through `put`; return what was written."""
    release = release or Release.from_environment()
    zips: dict[str, bytes] = {}

    def put_download(path: str, data: bytes) -> None:
        if path.startswith(PACKAGE_ZIPS + "/"):
            zips[path.rsplit("/", 1)[1]] = data
        put(path, data)

    tables = {data.ref.name: data for data in regencies}
    parts = [
        package_hub(
            ref, tables.get(ref.name), kabupaten_names.get(ref.kode_kabupaten, ""), release, put_download, workbooks
        )
        for ref in publication_order(packages)
    ]
    return hub_of(parts, codebook, release, put, zips)


def checksums(digests: dict[str, str]) -> bytes:
    """A `sha256sum`-compatible listing (path -> SHA-256 hex digest), sorted by path."""
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(digests.items())).encode("utf-8")


MEDIA_TYPES = {
    "GEOJSON": "application/geo+json",
    "ZIP": "application/zip",
    "CSV": "text/csv",
    "JSON": "application/json",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CATALOGUE_FILES = {"dcat": "dcat.jsonld", "pod": "data.json", "bibtex": "unduh/sitasi.bib", "csl": "unduh/sitasi.json"}


DATA_PAGE = "data/"  # the Data & API page: every package, each in a row with the id `dataset-NAME`
THEMES = {"kabupaten": ("SOCI", "GOVE"), "wilayah": ("REGI", "GOVE"), "indikator": ("SOCI",), "batas": ("REGI",)}


def _licence(item: dict[str, Any]) -> Licence:
    return Licence(str(item.get("name", "")), str(item.get("path", "")), str(item.get("title", item.get("name", ""))))


def catalogue_of(
    hub: Hub,
    packages: list[PackageRef],
    settings: SiteSettings,
    provinces: dict[str, str],
    dates: dict[str, tuple[str, str]] | None = None,
) -> Catalogue:
    """Describe every package and its downloads for harvesters and citation managers.

    `provinces` names the provinces by code (those the site covers are the gazetteer's and the codebook's
    places); `dates` gives each package's first and latest changed release (`releases.package_dates`), by
    default this release for both. A reference package covers the periods of the regency data it serves.
    """
    dates = dates or {}
    periods = [p for first, last in (c[2:] for c in hub.coverage.values()) for p in (first, last) if p]
    site_first, site_last = period_span(periods)
    covered = sorted({kode[:2] for kode, *_ in hub.coverage.values() if kode})
    site_places = tuple(
        Place(code, provinces.get(code, f"Provinsi {code}"), f"{REGENCIES}/#provinsi-{code}") for code in covered
    )
    datasets = []
    for downloads, ref in zip(hub.packages, sorted(packages, key=lambda r: r.name), strict=True):
        descriptor = ref.descriptor
        licence = _licence((descriptor.get("licenses") or [{}])[0])
        table_licences = {
            str(r["name"]): _licence(r["licenses"][0]) for r in descriptor.get("resources", []) if r.get("licenses")
        }
        kode, place, first, last = hub.coverage.get(ref.name, ("", "", "", ""))
        files = [(f"Paket data {ref.name} (ZIP)", "ZIP", downloads.zip, licence)]
        for table in downloads.resources:
            own = table_licences.get(table.name, licence)
            files.append((f"{ref.name}: {table.name} (CSV)", "CSV", table.csv, own))
            if table.xlsx is not None:
                files.append((f"{ref.name}: {table.name} (XLSX)", "XLSX", table.xlsx, own))
        for other in downloads.files:
            own = table_licences.get(other.name, licence)
            files.append((f"{other.title} (GeoJSON)", other.kind, other.file, own))
        carries_gazetteer = any(str(r["name"]) in {"desa", "desa_profil"} for r in descriptor.get("resources", []))
        if kode:
            province = provinces.get(kode[:2], "")
            places: tuple[Place, ...] = (
                Place(kode, f"{place}, {province}" if province else place, f"{regency_url(kode)}/#wilayah"),
            )
            declared = [str(p) for p in descriptor.get("labkem", {}).get("periode", [])] or [first, last]
            frequency = frequency_of(declared)
        else:
            places, first, last, frequency = site_places, site_first, site_last, "IRREG"
        issued, modified = dates.get(ref.name, (hub.release.date, hub.release.date))
        datasets.append(
            Dataset(
                identifier=ref.name,
                title=str(descriptor.get("title", ref.name)),
                description=str(descriptor.get("description", descriptor.get("title", ref.name))),
                keywords=tuple(str(k) for k in descriptor.get("keywords", []))
                or ("kemiskinan", "desa", "data terbuka", *((place,) if place else ())),
                licence=licence,
                publisher=settings.nama,
                landing_page=f"{regency_url(kode)}/" if kode else DATA_PAGE,
                places=places,
                temporal_start=first,
                temporal_end=last,
                frequency=frequency,
                themes=THEMES[ref.role],
                issued=issued,
                modified=modified,
                version=str(descriptor.get("version", "")),
                synthetic=downloads.synthetic,
                attribution=GAZETTEER_ATTRIBUTION if carries_gazetteer else "",
                distributions=tuple(
                    Distribution(title, item.path, MEDIA_TYPES[kind], kind, item.size, item.sha256, own)
                    for title, kind, item, own in files
                ),
            )
        )
    return Catalogue(
        title=f"Katalog data {settings.nama}",
        description=settings.deskripsi,
        homepage=settings.url or "",
        listing=DATA_PAGE,
        publisher=settings.nama,
        language="id",
        release=hub.release.id,
        issued=hub.release.date,
        contact_email=settings.kontak or "",
        datasets=tuple(datasets),
    )


def citation_files(catalogue: Catalogue) -> dict[str, bytes]:
    """How to cite the release's packages: BibTeX and CSL-JSON, by file name."""
    return {"sitasi.bib": bibtex(catalogue).encode("utf-8"), "sitasi.json": _pretty_json(csl_json(catalogue))}


def write_catalogue(catalogue: Catalogue, put: Put) -> dict[str, str]:
    """Write the citation files and, when the site has an address, the DCAT catalogue and data.json (read away
    from the site, they need absolute links); return what was written by kind."""
    written = {"bibtex": CATALOGUE_FILES["bibtex"], "csl": CATALOGUE_FILES["csl"]}
    citations = citation_files(catalogue)
    put(written["bibtex"], citations["sitasi.bib"])
    put(written["csl"], citations["sitasi.json"])
    if catalogue.homepage:
        written["dcat"] = CATALOGUE_FILES["dcat"]
        put(written["dcat"], _pretty_json(dcat_jsonld(catalogue)))
        written["pod"] = CATALOGUE_FILES["pod"]
        put(written["pod"], _pretty_json(pod_data_json(catalogue)))
    return written
