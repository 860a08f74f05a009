"""Boundaries as data: the `batas` package of village and regency polygons the maps are drawn from.

The package holds one GeoJSON file per regency (`desa/KODE.geojson`, its villages) and one per province
(`kabupaten/KODE.geojson`, its regencies), each a resource with its own licence and source. The sample's come from
the SQL files of cahyadsn/wilayah_boundaries (`UPSTREAM`); a regency may replace its file with its own official one.

Every file is made the same way (`tidy`): the polygons are cleaned into a coverage (no overlaps, gaps narrower
than `GAP_WIDTH` closed, shared edges vertex for vertex), simplified as a coverage (so neighbours keep exactly the
same border), put on a grid of `GRID` degrees (5 decimals, about 1 m) and checked: a valid coverage, every area
present, non-empty and valid. Written as RFC 7946 GeoJSON: [longitude, latitude], exterior rings
counter-clockwise, one feature per line, coordinates with at most 5 decimals.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.geometry.base import BaseGeometry

from labkem.core.errors import LabkemError
from labkem.data.load import PackageRef

GRID = 1e-5  # degrees: coordinates are written with 5 decimals (about 1 m)
DECIMALS = 5
GAP_WIDTH = 0.0002  # degrees (about 20 m): gaps between neighbours narrower than this are closed
VILLAGE_TOLERANCE = 0.0005  # degrees (about 50 m): simplification of the village files
REGENCY_TOLERANCE = 0.004  # degrees (about 400 m, a unit of a 1000-unit province map): regency outlines
ROUNDING_ROUNDS = 3  # times the rounded coverage is noded again before giving up
MAX_BYTES = 2_000_000  # a boundary file a page fetches: at most 2 MB ...
MAX_VERTICES = 200_000  # ... and 200,000 vertices
INDONESIA = (94.0, -11.0, 142.0, 7.0)  # west, south, east, north: a box around the country, in degrees

MEDIA_TYPE = "application/geo+json"
DESA = "desa"  # `labkem.tingkat` of a resource of villages (one regency)
KABUPATEN = "kabupaten"  # `labkem.tingkat` of a resource of regencies (one province)


class BoundaryError(LabkemError):
    """Raised by the boundary import (`scripts/import_boundaries.py`) when a source file is missing, differs from
    its pinned checksum or cannot be read, or when the cleaned polygons fail their checks; nothing is written."""

    exit_code = 3


@dataclass(frozen=True)
class Provenance:
    """Where a set of boundaries comes from and what it may be used for."""

    repository: str  # owner/name on GitHub
    commit: str
    licence: str  # SPDX identifier
    copyright: str
    caveat_id: str
    caveat_en: str

    @property
    def url(self) -> str:
        """The repository at the pinned commit."""
        return f"https://github.com/{self.repository}/tree/{self.commit}"

    @property
    def licence_url(self) -> str:
        """The licence file at the pinned commit."""
        return f"https://github.com/{self.repository}/blob/{self.commit}/LICENSE"

    @property
    def clone_url(self) -> str:
        """What `git clone` takes."""
        return f"https://github.com/{self.repository}"

    def licences(self) -> list[dict[str, str]]:
        """The `licenses` of a Data Package descriptor."""
        return [{"name": self.licence, "path": self.licence_url, "title": f"MIT License ({self.copyright})"}]

    def sources(self, files: Iterable[str] = ()) -> list[dict[str, str]]:
        """The `sources` of a Data Package descriptor, naming the source `files` read when given."""
        source = {"title": f"{self.repository} (commit {self.commit})", "path": self.url}
        listed = sorted(files)
        if listed:
            source["description"] = "Berkas: " + ", ".join(listed)
        return [source]


UPSTREAM = Provenance(
    repository="cahyadsn/wilayah_boundaries",
    commit="3c5a796",
    licence="MIT",
    copyright="Copyright (c) 2024 Cahya DSN",
    caveat_id=(
        "Batas wilayah ini indikatif: cukup untuk menggambar peta, tetapi bukan batas yang berkekuatan hukum. "
        "Repositori sumbernya tidak menyebut dari mana geometrinya berasal; kemungkinan besar diturunkan dari "
        "layanan batas wilayah pemerintah (BIG/Kemendagri), tetapi itu dugaan kami, bukan keterangan sumber. "
        "Batas resmi diterbitkan Kemendagri dan BIG; kabupaten yang memiliki berkas batas resmi dari Bappeda "
        "atau BIG sebaiknya memakai berkas itu."
    ),
    caveat_en=(
        "These boundaries are indicative: good enough to draw a map, but not legal boundaries. The source "
        "repository does not say where its geometry comes from; it is most likely derived from government boundary "
        "services (BIG/Kemendagri), but that is our inference, not something the source states. Kemendagri and BIG "
        "publish the official boundaries; a regency that has an official boundary file from its Bappeda or from "
        "BIG should use that file instead."
    ),
)


# -- the source: MySQL INSERT rows ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceRow:
    """One row of the source: a place's code, its name and its polygon (longitude, latitude)."""

    kode: str
    nama: str
    geometry: BaseGeometry


_SQL_SKIP = re.compile(r"'(?:[^'\\]|\\.|'')*'|(/\*.*?\*/|--[^\n]*|#[^\n]*)", re.S)
_INSERT = re.compile(r"INSERT\s+INTO\s+`?\w+`?\s*\(([^)]*)\)\s*VALUES\s*", re.I)
_VALUE = re.compile(r"\s*(?:'((?:[^'\\]|\\.|'')*)'|(NULL)|(-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?))\s*", re.I | re.S)
_ESCAPES = {"0": "\0", "b": "\b", "n": "\n", "r": "\r", "t": "\t", "Z": "\x1a"}


def _unescape(text: str) -> str:
    """A MySQL string literal's content as text: backslash escapes and doubled quotes."""
    text = text.replace("''", "'")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), text, flags=re.S)


def _without_comments(text: str) -> str:
    """The SQL with its comments blanked out (quoted strings are left as they are)."""
    return _SQL_SKIP.sub(lambda m: " " if m.group(1) else m.group(0), text)


def sql_rows(text: str) -> list[dict[str, str | None]]:
    """Every row of every `INSERT INTO t(columns) VALUES (...), (...);` in `text`, by column name."""
    text = _without_comments(text)
    rows: list[dict[str, str | None]] = []
    for insert in _INSERT.finditer(text):
        columns = [c.strip().strip("`") for c in insert.group(1).split(",")]
        position = insert.end()
        while position < len(text) and text[position] == "(":
            values: list[str | None] = []
            position += 1
            while True:
                match = _VALUE.match(text, position)
                if match is None:
                    raise BoundaryError(
                        f"SQL tidak bisa dibaca di karakter {position}: {text[position : position + 40]!r}"
                    )
                quoted, null, number = match.groups()
                values.append(_unescape(quoted) if quoted is not None else None if null else number)
                position = match.end()
                if text.startswith(",", position):
                    position += 1
                    continue
                if text.startswith(")", position):
                    position += 1
                    break
                raise BoundaryError(f"SQL tidak bisa dibaca di karakter {position}: {text[position : position + 40]!r}")
            if len(values) != len(columns):
                raise BoundaryError(f"baris SQL dengan {len(values)} nilai untuk {len(columns)} kolom: {values[:2]}")
            rows.append(dict(zip(columns, values, strict=True)))
            while position < len(text) and text[position] in " \t\r\n,":
                position += 1
    return rows


def _ring(points: Any) -> list[tuple[float, float]]:
    """A ring of [lat, lng] points as (lng, lat)."""
    return [(float(lng), float(lat)) for lat, lng in points]


def geometry_of_path(path: Any) -> BaseGeometry:
    """The polygon of a source `path` (parsed JSON): a list of rings of [lat, lng] points (exterior, then holes),
    or a list of such polygons."""
    if not path or not path[0] or not path[0][0]:
        raise ValueError("path kosong")
    if isinstance(path[0][0][0], list):
        return MultiPolygon([Polygon(_ring(rings[0]), [_ring(r) for r in rings[1:]]) for rings in path])
    return Polygon(_ring(path[0]), [_ring(r) for r in path[1:]])


def parse_sql(text: str, source: str = "") -> list[SourceRow]:
    """The rows of a boundary SQL file (`kode`, `nama`, `path`); `source` names the file in errors."""
    found = []
    for row in sql_rows(text):
        kode, nama, path = row.get("kode"), row.get("nama"), row.get("path")
        if not kode or path is None:
            raise BoundaryError(f"{source}: baris tanpa kode atau path: {kode!r}")
        try:
            geometry = geometry_of_path(json.loads(path))
        except (ValueError, TypeError, IndexError, shapely.errors.GEOSException) as error:
            raise BoundaryError(f"{source}: path {kode} tidak bisa dibaca ({error})") from error
        found.append(SourceRow(kode, nama or "", geometry))
    return found


# -- cleaning, simplifying, checking ----------------------------------------------------------------------------


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """The polygons of a geometry repaired by `make_valid` (which may add the lines and points it collapsed)."""
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else Polygon()


def repaired(geometry: BaseGeometry) -> BaseGeometry:
    """A valid version of `geometry` (a self-intersecting ring becomes the polygons it encloses)."""
    if geometry.is_valid:
        return geometry
    return _polygonal(shapely.make_valid(geometry, method="structure", keep_collapsed=False))


def coverage_problems(shapes: Mapping[str, BaseGeometry]) -> list[str]:
    """What keeps `shapes` from being a clean map, each naming the codes: empty, invalid or not polygonal
    geometries, and codes whose edges do not match their neighbours' (not a valid coverage)."""
    codes = sorted(shapes)
    geometries = [shapes[code] for code in codes]
    problems = []
    empty = [code for code, g in zip(codes, geometries, strict=True) if g is None or g.is_empty]
    if empty:
        problems.append(f"kosong: {', '.join(empty)}")
    kinds = [c for c, g in zip(codes, geometries, strict=True) if g is not None and g.geom_type not in _POLYGONAL]
    if kinds:
        problems.append(f"bukan poligon: {', '.join(kinds)}")
    invalid = [
        f"{code} ({shapely.is_valid_reason(g)})"
        for code, g in zip(codes, geometries, strict=True)
        if g is not None and not g.is_empty and not g.is_valid
    ]
    if invalid:
        problems.append(f"tidak valid: {', '.join(invalid)}")
    if not problems and not shapely.coverage_is_valid(geometries):
        edges = shapely.coverage_invalid_edges(geometries)
        bad = [code for code, e in zip(codes, edges, strict=True) if e is not None and not e.is_empty]
        problems.append(f"tepi tidak berimpit dengan tetangganya: {', '.join(bad)}")
    return problems


_POLYGONAL = ("Polygon", "MultiPolygon")


def clean(shapes: Mapping[str, BaseGeometry], gap_width: float = GAP_WIDTH) -> dict[str, BaseGeometry]:
    """`shapes` (code -> polygon) as a coverage: invalid polygons repaired, overlaps given to one neighbour, gaps
    narrower than `gap_width` degrees closed, shared edges matched vertex for vertex."""
    codes = sorted(shapes)
    if not codes:
        return {}
    cleaned = shapely.coverage_clean([repaired(shapes[code]) for code in codes], gap_width=gap_width)
    return dict(zip(codes, cleaned, strict=True))


def simplify(coverage: Mapping[str, BaseGeometry], tolerance: float) -> dict[str, BaseGeometry]:
    """Simplify a coverage by `tolerance` degrees keeping shared borders shared, put it on the 5-decimal grid with
    exterior rings counter-clockwise, and check it; raise `BoundaryError` naming the codes that fail.

    Rounding moves each vertex on its own, which now and then puts a vertex onto a neighbour's edge or across it;
    the rounded coverage is then noded once more (without snapping) and rounded again, at most `ROUNDING_ROUNDS`
    times."""
    codes = sorted(coverage)
    if not codes:
        return {}
    result = shapely.set_precision(shapely.coverage_simplify([coverage[c] for c in codes], tolerance), GRID)
    for _ in range(ROUNDING_ROUNDS):
        if shapely.coverage_is_valid(result):
            break
        result = shapely.set_precision(shapely.coverage_clean(result, snapping_distance=0), GRID)
    tidied = dict(zip(codes, shapely.orient_polygons(result), strict=True))
    problems = coverage_problems(tidied)
    if problems:
        raise BoundaryError("batas tidak bisa dirapikan menjadi peta yang bersih: " + "; ".join(problems))
    return tidied


def tidy(shapes: Mapping[str, BaseGeometry], tolerance: float, gap_width: float = GAP_WIDTH) -> dict[str, BaseGeometry]:
    """`clean`, then `simplify`: polygons as received to the polygons of a boundary file."""
    return simplify(clean(shapes, gap_width), tolerance)


def dissolve(shapes: Mapping[str, BaseGeometry], key: Callable[[str], str]) -> dict[str, BaseGeometry]:
    """The outline of each group of `shapes` (a coverage, code -> polygon), grouped by `key(code)`: e.g. district
    outlines from villages with `key=lambda kode: kode[:8]`, regencies with `kode[:5]`."""
    groups: dict[str, list[BaseGeometry]] = {}
    for code in sorted(shapes):
        groups.setdefault(key(code), []).append(shapes[code])
    return {group: shapely.coverage_union_all(members) for group, members in sorted(groups.items())}


def in_indonesia(bounds: tuple[float, float, float, float]) -> bool:
    """Whether a bounding box (west, south, east, north) lies within `INDONESIA`."""
    west, south, east, north = bounds
    return bool(west >= INDONESIA[0] and south >= INDONESIA[1] and east <= INDONESIA[2] and north <= INDONESIA[3])


def district_of(kode: str) -> str:
    """A village's district code (`33.26.02.2008` -> `33.26.02`)."""
    return kode[:8]


def regency_of(kode: str) -> str:
    """A village's or district's regency code (`33.26.02.2008` -> `33.26`)."""
    return kode[:5]


def province_of(kode: str) -> str:
    """A place's province code (`33.26` -> `33`)."""
    return kode[:2]


# -- GeoJSON ----------------------------------------------------------------------------------------------------


def _number(value: float) -> str:
    """A coordinate with at most 5 decimals, without trailing zeros or exponent (`109.62412`, `-7.1`)."""
    text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _ring_json(coords: Iterable[tuple[float, ...]]) -> str:
    return "[" + ",".join(f"[{_number(x)},{_number(y)}]" for x, y, *_ in coords) + "]"


def _polygon_json(polygon: Polygon) -> str:
    rings = [polygon.exterior, *polygon.interiors]
    return "[" + ",".join(_ring_json(ring.coords) for ring in rings) + "]"


def geometry_json(geometry: BaseGeometry) -> str:
    """A Polygon or MultiPolygon as compact GeoJSON with at most 5 decimals, exterior rings counter-clockwise."""
    oriented = shapely.orient_polygons(geometry)
    if oriented.geom_type == "Polygon":
        return '{"type":"Polygon","coordinates":' + _polygon_json(oriented) + "}"
    if oriented.geom_type == "MultiPolygon":
        parts = ",".join(_polygon_json(p) for p in oriented.geoms)
        return '{"type":"MultiPolygon","coordinates":[' + parts + "]}"
    raise BoundaryError(f"bukan poligon: {oriented.geom_type}")


def feature_collection(features: Iterable[tuple[Mapping[str, Any], BaseGeometry]]) -> bytes:
    """A GeoJSON FeatureCollection of (properties, polygon) in the order given, one feature per line, ending with
    a newline: the same features always give the same bytes."""
    lines = [
        '{"type":"Feature","properties":'
        + json.dumps(dict(properties), ensure_ascii=False, separators=(",", ":"))
        + ',"geometry":'
        + geometry_json(geometry)
        + "}"
        for properties, geometry in features
    ]
    return ('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n").encode("utf-8")


def places_collection(shapes: Mapping[str, BaseGeometry], names: Mapping[str, str]) -> bytes:
    """The FeatureCollection of `shapes` by code, each feature's properties `kode` and `nama`, sorted by code."""
    return feature_collection(({"kode": code, "nama": names.get(code, "")}, shapes[code]) for code in sorted(shapes))


def read_collection(path: Path, key: str = "kode") -> dict[str, BaseGeometry]:
    """The polygons of a GeoJSON FeatureCollection by the property `key` of each feature.

    GEOS reads the geometries in one pass; the keys are found in the text (`"kode":"33.26.02.2008"`, one per
    feature, in the features' order), which is a quarter of the time `json` takes to read the whole file. A file
    where that does not hold (a key twice in a feature, or written as a number) is read by `json` instead."""
    text = path.read_bytes()
    try:
        parts = list(shapely.get_parts(shapely.from_geojson(text)))
    except (shapely.errors.GEOSException, ValueError):
        parts = []
    codes = [m.decode("utf-8") for m in re.findall(rb'"' + re.escape(key.encode()) + rb'"\s*:\s*"([^"\\]*)"', text)]
    if parts and len(codes) == len(parts) and len(set(codes)) == len(codes):
        return dict(zip(codes, parts, strict=True))
    features = json.loads(text)["features"]
    if len(parts) != len(features):
        parts = [shape(feature["geometry"]) for feature in features]
    return {str(feature["properties"][key]): part for feature, part in zip(features, parts, strict=True)}


def file_digest(data: bytes) -> tuple[int, str]:
    """The `bytes` and `hash` of a resource, as the packages write them (`sha256:` and 64 hex digits)."""
    return len(data), "sha256:" + hashlib.sha256(data).hexdigest()


# -- the package, for the build ---------------------------------------------------------------------------------


def boundary_resource(ref: PackageRef, kode: str) -> dict[str, Any] | None:
    """The resource of the boundary package `ref` for a regency (`33.26`: its villages) or a province (`33`: its
    regencies), or None when the package has none."""
    level, key = (KABUPATEN, "kode_provinsi") if len(kode) == 2 else (DESA, "kode_kabupaten")
    for resource in ref.descriptor.get("resources", []):
        meta = resource.get("labkem", {})
        if isinstance(meta, dict) and meta.get("tingkat") == level and meta.get(key) == kode:
            return dict(resource)
    return None


def caveat(ref: PackageRef, resource: Mapping[str, Any] | None = None) -> dict[str, str]:
    """What a map drawn from `resource` must say about its boundaries, in `id` and `en`: the resource's own note
    (a regency's official file) or else the package's (the indicative sample boundaries)."""
    for holder in (resource or {}, ref.descriptor):
        note = holder.get("labkem", {}).get("catatan")
        if isinstance(note, dict):
            return {"id": str(note.get("id", "")), "en": str(note.get("en", ""))}
    return {"id": "", "en": ""}


def _shapes(ref: PackageRef, kode: str) -> dict[str, BaseGeometry]:
    resource = boundary_resource(ref, kode)
    if resource is None:
        return {}
    path = ref.directory / str(resource["path"])
    return read_collection(path) if path.is_file() else {}


def village_shapes(ref: PackageRef, kode_kabupaten: str) -> dict[str, BaseGeometry]:
    """Village code -> polygon for one regency, from the boundary package `ref`; {} when it has no file for it."""
    return _shapes(ref, kode_kabupaten)


def regency_shapes(ref: PackageRef, kode_provinsi: str) -> dict[str, BaseGeometry]:
    """Regency code -> outline for one province, from the boundary package `ref`; {} when it has no file for it."""
    return _shapes(ref, kode_provinsi)


# -- the package, for the import --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoundaryFile:
    """One GeoJSON file of the package with what its resource says about it."""

    path: str  # inside the package: `desa/33.26.geojson`
    data: bytes
    level: str  # DESA or KABUPATEN
    kode: str  # the regency (DESA) or province (KABUPATEN)
    title: str
    licenses: list[dict[str, str]]
    sources: list[dict[str, str]]
    note: dict[str, str] | None = None  # a resource's own caveat, when it is not the package's

    def resource(self) -> dict[str, Any]:
        """The resource descriptor, with `bytes` and `hash` of the file."""
        size, digest = file_digest(self.data)
        key = "kode_kabupaten" if self.level == DESA else "kode_provinsi"
        meta: dict[str, Any] = {"tingkat": self.level, key: self.kode}
        if self.note:
            meta["catatan"] = self.note
        return {
            "name": f"{self.level}-{self.kode}",
            "path": self.path,
            "title": self.title,
            "format": "geojson",
            "mediatype": MEDIA_TYPE,
            "encoding": "utf-8",
            "bytes": size,
            "hash": digest,
            "licenses": self.licenses,
            "sources": self.sources,
            "labkem": meta,
        }


def _province_of_resource(resource: Mapping[str, Any]) -> str:
    meta = resource.get("labkem", {})
    return str(meta.get("kode_provinsi") or province_of(str(meta.get("kode_kabupaten", ""))))


def package_descriptor(
    resources: Iterable[dict[str, Any]], province_names: Mapping[str, str], provenance: Provenance = UPSTREAM
) -> dict[str, Any]:
    """The `datapackage.json` of the boundary package: villages by regency code, then regencies by province;
    titled after the provinces its resources cover (`province_names`: code -> name)."""
    ordered = sorted(resources, key=lambda r: (r["labkem"]["tingkat"] != DESA, r["path"]))
    provinces = sorted({_province_of_resource(r) for r in ordered})
    where = ", ".join(province_names.get(code, code) for code in provinces) or "Indonesia"
    return {
        "name": "batas",
        "title": f"Batas wilayah indikatif: {where}",
        "description": (
            f"Batas desa/kelurahan per kabupaten dan batas kabupaten/kota per provinsi ({where}) untuk peta situs, "
            f"disederhanakan sehingga desa yang bertetangga tetap berbagi garis batas yang sama. Sumber: "
            f"{provenance.repository} (commit {provenance.commit}), lisensi {provenance.licence}. Batas indikatif, "
            "bukan batas hukum."
        ),
        "version": provenance.commit,
        "licenses": provenance.licences(),
        "sources": provenance.sources(),
        "labkem": {
            "peran": "batas",
            "catatan": {"id": provenance.caveat_id, "en": provenance.caveat_en},
            "penyederhanaan": {
                "desa_derajat": VILLAGE_TOLERANCE,
                "kabupaten_derajat": REGENCY_TOLERANCE,
                "celah_derajat": GAP_WIDTH,
                "desimal": DECIMALS,
            },
        },
        "resources": ordered,
    }


def descriptor_bytes(descriptor: Mapping[str, Any]) -> bytes:
    """A descriptor as the packages write it: indented JSON, non-ASCII kept, a final newline."""
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def write_package(target: Path, files: Iterable[BoundaryFile], province_names: Mapping[str, str]) -> dict[str, Any]:
    """Write `files` into the boundary package at `target`, keeping its other resources, and its descriptor;
    all or nothing: the package is put together in a neighbouring folder and swapped in. Return the descriptor."""
    files = list(files)
    written = {f.path for f in files}
    kept: list[dict[str, Any]] = []
    descriptor_path = target / "datapackage.json"
    if descriptor_path.is_file():
        old = json.loads(descriptor_path.read_text(encoding="utf-8"))
        kept = [r for r in old.get("resources", []) if r.get("path") not in written]
    resources = kept + [f.resource() for f in files]
    descriptor = package_descriptor(resources, province_names)
    staging = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        for resource in kept:
            source = target / str(resource["path"])
            if not source.is_file():
                raise BoundaryError(f"{source}: berkas resource {resource.get('name')} tidak ada")
            (staging / str(resource["path"])).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, staging / str(resource["path"]))
        for f in files:
            (staging / f.path).parent.mkdir(parents=True, exist_ok=True)
            (staging / f.path).write_bytes(f.data)
        (staging / "datapackage.json").write_bytes(descriptor_bytes(descriptor))
        old_copy = target.with_name(f".{target.name}.{os.getpid()}.old")
        if target.exists():
            target.rename(old_copy)
        staging.rename(target)
        shutil.rmtree(old_copy, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return descriptor
