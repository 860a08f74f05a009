"""The rules of the boundary package (`batas`): GeoJSON files that the maps are drawn from.

GeoJSON is not a table, so these rules are not Frictionless checks: each resource is read here and every problem
is placed like a table's, with the feature's number (from 1, in the file's order) as the row and `kode` or
`geometry` as the column; a file that is not JSON is placed at the line and column where the parser stopped.

What is checked: the file parses and is a FeatureCollection of Polygon and MultiPolygon features; each geometry
is valid; coordinates are WGS84 longitude/latitude in that order (GeoJSON's), inside Indonesia; the file stays
small enough for a page to fetch; every `kode` is a place of the gazetteer, of the resource's regency (villages)
or province (regencies), and appears once; `bytes` and `hash` match the file. Villages of a regency package
without a polygon are a note, not a problem: the map says which are missing. A regency without a file has no map.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from labkem.data.boundaries import DESA, INDONESIA, KABUPATEN, MAX_BYTES, MAX_VERTICES
from labkem.data.load import PackageRef
from labkem.validate.messages import render_message

CRS84 = frozenset({"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "OGC:CRS84"})
SHOWN_MISSING = 5  # village codes a note names before "..."


@dataclass(frozen=True)
class Found:
    """One problem in a boundary file, before it is placed and worded for the report."""

    path: Path
    row: int | None
    column: str | None
    rule: str
    message: str


@dataclass(frozen=True)
class Gazetteer:
    """The codes a boundary file may use."""

    desa: frozenset[str]
    kabupaten: frozenset[str]


def _detail(id_text: str, en_text: str) -> dict[str, str]:
    return {"id": id_text, "en": en_text}


class _Report:
    """Collects the problems and notes of one package, worded in one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.problems: list[Found] = []
        self.notes: list[tuple[Path, str]] = []

    def add(self, path: Path, row: int | None, column: str | None, rule: str, **values: Any) -> None:
        self.problems.append(Found(path, row, column, rule, render_message(rule, self.lang, values)))


def _resource_scope(resource: Mapping[str, Any], gazetteer: Gazetteer) -> tuple[str, str] | tuple[None, str]:
    """(level, code) of a resource, or (None, what is wrong) when its `labkem` metadata says neither."""
    meta = resource.get("labkem")
    if not isinstance(meta, dict):
        return None, "labkem.tingkat"
    level = meta.get("tingkat")
    if level == DESA:
        code = str(meta.get("kode_kabupaten", ""))
        return (DESA, code) if code in gazetteer.kabupaten else (None, f"labkem.kode_kabupaten '{code}'")
    if level == KABUPATEN:
        code = str(meta.get("kode_provinsi", ""))
        provinces = {k[:2] for k in gazetteer.kabupaten}
        return (KABUPATEN, code) if code in provinces else (None, f"labkem.kode_provinsi '{code}'")
    return None, f"labkem.tingkat '{level}'"


def check_package(
    ref: PackageRef, gazetteer: Gazetteer, published: Mapping[str, Collection[str]], lang: str = "id"
) -> tuple[list[Found], list[tuple[Path, str]]]:
    """The problems and notes (path, text) of the boundary package `ref`; `published` lists the villages of each
    regency package by regency code, for the note on villages without a polygon."""
    report = _Report(lang)
    seen: dict[tuple[str, str], str] = {}
    for resource in ref.descriptor.get("resources", []):
        where = ref.source_dir / str(resource.get("path", "datapackage.json"))
        level, code = _resource_scope(resource, gazetteer)
        if level is None:
            report.add(
                where,
                None,
                None,
                "boundary-resource",
                **_detail(
                    f"{code} bukan tingkat (desa atau kabupaten) dan kode wilayah yang dikenal gazetir",
                    f"{code} is not a known level (desa or kabupaten) and gazetteer code",
                ),
            )
            continue
        first = seen.setdefault((level, code), str(resource.get("name", "")))
        if first != str(resource.get("name", "")):
            report.add(
                where,
                None,
                None,
                "boundary-resource",
                **_detail(f"wilayah {code} sudah punya resource {first}", f"{code} already has resource {first}"),
            )
            continue
        path = ref.directory / str(resource.get("path", ""))
        if not resource.get("path") or not path.is_file():
            report.add(where, None, None, "boundary-resource", **_detail("berkas tidak ada", "the file is missing"))
            continue
        codes = _check_file(report, where, path.read_bytes(), resource, level, code, gazetteer)
        if level == DESA and codes is not None and code in published:
            missing = sorted(set(published[code]) - codes)
            if missing:
                report.notes.append((where, missing_note(missing, code, lang)))
    return report.problems, report.notes


def missing_notes(
    ref: PackageRef, published: Mapping[str, Collection[str]], lang: str = "id"
) -> list[tuple[Path, str]]:
    """The notes of `check_package` alone, for a package that passed before: the villages of each regency
    package without a polygon, from the codes of the regency's file (read as text, not as geometry)."""
    notes = []
    for resource in ref.descriptor.get("resources", []):
        meta = resource.get("labkem", {})
        code = str(meta.get("kode_kabupaten", "")) if isinstance(meta, dict) and meta.get("tingkat") == DESA else ""
        if code not in published:
            continue
        where = ref.source_dir / str(resource.get("path", "datapackage.json"))
        data = (ref.directory / str(resource["path"])).read_bytes()
        codes = {m.decode() for m in _KODE.findall(data)}
        missing = sorted(set(published[code]) - codes)
        if missing:
            notes.append((where, missing_note(missing, code, lang)))
    return notes


# a feature's code as the files are written (`"kode":"33.26.02.2008"`): enough to list a passed file's villages
_KODE = re.compile(rb'"kode":\s*"([0-9.]+)"')


def missing_note(missing: list[str], kode_kabupaten: str, lang: str) -> str:
    """The note on villages of a regency package that have no polygon."""
    shown = ", ".join(missing[:SHOWN_MISSING]) + (", …" if len(missing) > SHOWN_MISSING else "")
    if lang == "en":
        villages, have, them = ("village", "has", "it") if len(missing) == 1 else ("villages", "have", "them")
        return (
            f"{len(missing)} {villages} of regency {kode_kabupaten} {have} no boundary ({shown}); the map shows {them} "
            "as missing"
        )
    return f"{len(missing)} desa kabupaten {kode_kabupaten} tanpa batas wilayah ({shown}); peta menyebutnya tidak ada"


def _check_file(
    report: _Report,
    where: Path,
    data: bytes,
    resource: Mapping[str, Any],
    level: str,
    code: str,
    gazetteer: Gazetteer,
) -> set[str] | None:
    """Check one GeoJSON file; return its codes, or None when it could not be read."""
    size, digest = len(data), "sha256:" + hashlib.sha256(data).hexdigest()
    for field, declared, actual in (("bytes", resource.get("bytes"), size), ("hash", resource.get("hash"), digest)):
        if declared is not None and str(declared) != str(actual):
            report.add(where, None, None, "boundary-checksum", field=field, expected=declared, actual=actual)
    if size > MAX_BYTES:
        report.add(where, None, None, "boundary-too-large", **_size_detail("bytes", size, MAX_BYTES))
    try:
        collection = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        report.add(where, None, None, "geojson", value=f"bukan UTF-8: {error.reason}")
        return None
    except json.JSONDecodeError as error:
        report.add(where, error.lineno, str(error.colno), "geojson", value=error.msg)
        return None
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        kind = collection.get("type") if isinstance(collection, dict) else type(collection).__name__
        report.add(
            where,
            None,
            None,
            "boundary-structure",
            **_detail(
                f"berkas berisi {kind}, bukan FeatureCollection", f"the file holds {kind}, not a FeatureCollection"
            ),
        )
        return None
    crs = collection.get("crs")
    if crs is not None:
        name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else crs
        if name not in CRS84:
            report.add(where, None, None, "boundary-crs", value=f"crs {name}")
    features = collection.get("features")
    if not isinstance(features, list):
        report.add(
            where,
            None,
            None,
            "boundary-structure",
            **_detail("FeatureCollection tanpa daftar features", "a FeatureCollection without a features list"),
        )
        return None
    codes: dict[str, int] = {}
    vertices = 0
    built = _geometries(data, len(features))
    for number, feature in enumerate(features, start=1):
        polygon = built[number - 1] if built is not None else None
        checked = _check_feature(report, where, number, feature, level, code, gazetteer, polygon)
        if checked is None:
            continue
        kode, count = checked
        vertices += count
        if kode in codes:
            report.add(where, number, "kode", "boundary-duplicate-code", value=kode, other=codes[kode])
        else:
            codes[kode] = number
    if vertices > MAX_VERTICES:
        report.add(where, None, None, "boundary-too-large", **_size_detail("vertices", vertices, MAX_VERTICES))
    return set(codes)


def _size_detail(kind: str, value: int, limit: int) -> dict[str, str]:
    if kind == "bytes":
        return _detail(
            f"berkas {value:,} bita melebihi batas {limit:,} bita".replace(",", "."),
            f"the file's {value:,} bytes exceed the limit of {limit:,} bytes",
        )
    return _detail(
        f"{value:,} titik melebihi batas {limit:,} titik per berkas".replace(",", "."),
        f"{value:,} vertices exceed the limit of {limit:,} vertices per file",
    )


def _geometries(data: bytes, count: int) -> list[BaseGeometry] | None:
    """Every feature's geometry, read by GEOS in one pass (much quicker than one feature at a time), or None when
    the file does not read that way: then each feature is read on its own, and its fault named."""
    try:
        parts = shapely.get_parts(shapely.from_geojson(data))
    except (shapely.errors.GEOSException, ValueError, TypeError):
        return None
    return list(parts) if len(parts) == count else None


def _check_feature(
    report: _Report,
    where: Path,
    number: int,
    feature: Any,
    level: str,
    code: str,
    gazetteer: Gazetteer,
    polygon: BaseGeometry | None = None,
) -> tuple[str, int] | None:
    """Check one feature (`polygon`: its geometry, when already read); return its code and vertex count, or None
    when it has no usable code."""
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        report.add(where, number, None, "boundary-structure", **_detail("bukan Feature", "not a Feature"))
        return None
    properties = feature.get("properties")
    kode = properties.get("kode") if isinstance(properties, dict) else None
    if not isinstance(kode, str) or not kode:
        report.add(
            where,
            number,
            "kode",
            "boundary-structure",
            **_detail("fitur tanpa properti kode (teks)", "the feature has no kode property (text)"),
        )
        return None
    vertices = _check_geometry(report, where, number, kode, feature.get("geometry"), polygon)
    known = gazetteer.desa if level == DESA else gazetteer.kabupaten
    if kode not in known:
        report.add(where, number, "kode", "boundary-unknown-code", value=kode)
    elif not kode.startswith(code + "."):
        region_id, region_en = ("kabupaten", "regency") if level == DESA else ("provinsi", "province")
        report.add(
            where,
            number,
            "kode",
            "boundary-outside-region",
            value=kode,
            region_id=region_id,
            region_en=region_en,
            code=code,
        )
    return kode, vertices


def _check_geometry(
    report: _Report, where: Path, number: int, kode: str, geometry: Any, built: BaseGeometry | None = None
) -> int:
    """Check a feature's geometry (`built`: the same, already read); return its number of vertices (0 when it
    cannot be read)."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in ("Polygon", "MultiPolygon"):
        report.add(
            where,
            number,
            "geometry",
            "boundary-structure",
            **_detail(
                f"geometri {kind} bukan Polygon atau MultiPolygon", f"geometry {kind} is not a Polygon or MultiPolygon"
            ),
        )
        return 0
    try:
        polygon = built if built is not None and built.geom_type == kind else shape(geometry)
        xy = shapely.get_coordinates(polygon)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, shapely.errors.GEOSException) as error:
        report.add(
            where,
            number,
            "geometry",
            "boundary-structure",
            **_detail(f"koordinat tidak bisa dibaca ({error})", f"the coordinates cannot be read ({error})"),
        )
        return 0
    if len(xy) == 0 or not np.isfinite(xy).all():
        report.add(
            where,
            number,
            "geometry",
            "boundary-structure",
            **_detail("geometri kosong atau berisi bukan angka", "the geometry is empty or holds non-numbers"),
        )
        return len(xy)
    if not _coordinates_fit(report, where, number, kode, xy):
        return len(xy)
    if not polygon.is_valid:
        report.add(where, number, "geometry", "boundary-geometry", kode=kode, reason=shapely.is_valid_reason(polygon))
    return len(xy)


def _coordinates_fit(report: _Report, where: Path, number: int, kode: str, xy: Any) -> bool:
    """Whether a feature's coordinates are WGS84 longitude/latitude inside Indonesia; report what they are not."""
    lon, lat = xy[:, 0], xy[:, 1]
    west, south, east, north = INDONESIA
    inside = (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
    if inside.all():
        return True
    outside = xy[~inside][0]
    place = {"kode": kode, "lon": f"{outside[0]:g}", "lat": f"{outside[1]:g}"}
    swapped = (lat >= west) & (lat <= east) & (lon >= south) & (lon <= north)
    if swapped.all():
        report.add(where, number, "geometry", "boundary-swapped", **place)
    elif (np.abs(lon) <= 180).all() and (np.abs(lat) <= 90).all():
        report.add(where, number, "geometry", "boundary-outside-indonesia", **place)
    else:
        report.add(where, number, "geometry", "boundary-crs", value=f"({place['lon']}, {place['lat']})")
    return False
