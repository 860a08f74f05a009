"""Boundaries as data: the source's SQL rows, the coverage pipeline (shared borders stay shared), the GeoJSON
writer, the dissolve, the import script's pinned checksums, and the rules of `labkem validate` on `batas`."""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import shapely
from shapely.geometry import Polygon, shape

from labkem.data import boundaries
from labkem.data.boundaries import BoundaryError
from labkem.data.load import PackageRef, find_packages
from labkem.validate import boundaries as boundary_checks
from labkem.validate import check_data

from conftest import PROJECT_DIR, TESTS_DIR
from faults import BATAS_DESA, FAULTS, GeoFault

SQL = TESTS_DIR / "data" / "boundaries" / "wilayah_boundaries_kel_33.26.sql"
SCRIPT = PROJECT_DIR / "scripts" / "import_boundaries.py"
SAMPLE = PROJECT_DIR / "datapackages"


def _batas(data: Path) -> PackageRef:
    return next(ref for ref in find_packages(data) if ref.role == "batas")


def _gazetteer(table: str, prefix: str) -> list[str]:
    with (SAMPLE / "wilayah" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return sorted(row["kode"] for row in csv.DictReader(handle) if row["kode"].startswith(prefix))


# -- the source format ------------------------------------------------------------------------------------------


def test_the_sql_rows_are_read_with_their_holes_parts_and_quotes() -> None:
    rows = {row.kode: row for row in boundaries.parse_sql(SQL.read_text(encoding="utf-8"), SQL.name)}
    assert len(rows) == 8  # from two INSERT statements, one with backquoted names and spaces after commas
    assert rows["33.26.15.2002"].nama == "Ngali'an"  # \'
    assert rows["33.26.15.2003"].nama == "Pandan'arum"  # ''
    werdi = rows["33.26.02.2001"].geometry
    assert (werdi.geom_type, len(werdi.interiors)) == ("Polygon", 1)
    botosari = rows["33.26.02.2008"].geometry
    assert (botosari.geom_type, len(botosari.geoms)) == ("MultiPolygon", 2)
    # [lat, lng] in the source, (lng, lat) in shapely
    west, south, east, north = werdi.bounds
    assert (round(west, 4), round(south, 4), round(east, 4), round(north, 4)) == (109.5, -7.11, 109.51, -7.1)


def test_a_path_that_is_not_polygons_is_an_error_naming_the_code() -> None:
    text = "INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES ('33.26.01.2001','Klesem',-7.2,109.5,'[1]');"
    with pytest.raises(BoundaryError, match=r"33\.26\.01\.2001"):
        boundaries.parse_sql(text, "x.sql")


def test_sql_strings_keep_their_escapes_and_null() -> None:
    text = "/* 'not a row' */ INSERT INTO t(a,b,c) VALUES ('a\\\\b','it''s',NULL),\n('x\\ny', '', 1.5e3);"
    assert boundaries.sql_rows(text) == [
        {"a": "a\\b", "b": "it's", "c": None},
        {"a": "x\ny", "b": "", "c": "1.5e3"},
    ]


# -- the pipeline on a synthetic grid ---------------------------------------------------------------------------

SIDE = 0.01
N = 6  # a grid of N x N villages


def _edge(start: tuple[float, float], end: tuple[float, float], offset: float) -> list[tuple[float, float]]:
    """A wiggly edge from `start` to `end` (its end left out, where the next edge starts), sampled at steps shifted
    by `offset` (0..1). The wiggle depends only on where the edge lies, so two neighbours draw the same curve, but
    with different vertices when they sample it with different offsets."""
    low, high = sorted([start, end])
    vertical = low[0] == high[0]
    phase = (low[0] * 977 + low[1] * 613) % (2 * math.pi)
    points = []
    for step in range(12):
        t = (step + offset) / 12
        if not 0 < t < 1:
            continue
        wiggle = SIDE * 0.08 * math.sin(7 * math.pi * t + phase) * math.sin(math.pi * t)
        if vertical:
            points.append((low[0] + wiggle, low[1] + SIDE * t))
        else:
            points.append((low[0] + SIDE * t, low[1] + wiggle))
    if start != low:
        points.reverse()
    return [start, *points]


def _grid() -> dict[str, Polygon]:
    """N x N wiggly cells: each cell samples its west and south edges at one offset and its east and north edges
    at another, so no shared edge has the same vertices on both sides."""
    shapes = {}
    for row in range(N):
        for col in range(N):
            west, south = 109.5 + col * SIDE, -7.2 + row * SIDE
            east, north = west + SIDE, south + SIDE
            ring = (
                _edge((west, south), (east, south), 0.5)
                + _edge((east, south), (east, north), 0.0)
                + _edge((east, north), (west, north), 0.0)
                + _edge((west, north), (west, south), 0.5)
            )
            shapes[f"33.26.{row + 1:02d}.{2001 + col}"] = Polygon(ring)
    return shapes


def _neighbours() -> list[tuple[str, str]]:
    pairs = []
    for row in range(N):
        for col in range(N):
            code = f"33.26.{row + 1:02d}.{2001 + col}"
            if col + 1 < N:
                pairs.append((code, f"33.26.{row + 1:02d}.{2002 + col}"))
            if row + 1 < N:
                pairs.append((code, f"33.26.{row + 2:02d}.{2001 + col}"))
    return pairs


def test_the_synthetic_grid_needs_cleaning() -> None:
    shapes = _grid()
    assert all(p.is_valid for p in shapes.values())
    assert not shapely.coverage_is_valid(list(shapes.values()))


def test_simplified_neighbours_keep_their_shared_border() -> None:
    shapes = _grid()
    tidied = boundaries.tidy(shapes, 0.001)
    assert sorted(tidied) == sorted(shapes)  # no village vanishes
    assert not any(g.is_empty for g in tidied.values())
    assert shapely.coverage_is_valid(list(tidied.values()))
    for a, b in _neighbours():
        assert tidied[a].boundary.intersection(tidied[b].boundary).length > SIDE / 2, (a, b)
    # simplified: fewer vertices than drawn
    assert (
        shapely.get_num_coordinates(list(tidied.values())).sum()
        < shapely.get_num_coordinates(list(shapes.values())).sum()
    )


def test_the_written_file_has_five_decimals_the_right_hand_rule_and_the_same_bytes_every_time() -> None:
    names = {code: f"Desa {code[-4:]}" for code in _grid()}
    first = boundaries.places_collection(boundaries.tidy(_grid(), 0.001), names)
    again = boundaries.places_collection(boundaries.tidy(_grid(), 0.001), names)
    assert first == again
    text = first.decode("utf-8")
    assert text.endswith("]}\n")
    assert max(len(d) for d in re.findall(r"\d\.(\d+)", text)) <= 5
    assert "e-" not in text and "00000001" not in text
    collection = json.loads(text)
    assert [f["properties"]["kode"] for f in collection["features"]] == sorted(names)
    for feature in collection["features"]:
        geometry = shape(feature["geometry"])
        for polygon in getattr(geometry, "geoms", [geometry]):
            assert shapely.is_ccw(polygon.exterior)  # RFC 7946: exterior counter-clockwise ...
            assert not any(shapely.is_ccw(ring) for ring in polygon.interiors)  # ... holes clockwise
    shapes = [shape(f["geometry"]) for f in collection["features"]]
    assert shapely.coverage_is_valid(shapes)  # the rounding written is the rounding checked


def test_a_hole_stays_a_hole_and_orientation_is_fixed_on_writing() -> None:
    clockwise = Polygon([(0, 0), (0, 1), (1, 1), (1, 0)], [[(0.2, 0.2), (0.4, 0.2), (0.4, 0.4), (0.2, 0.4)]])
    written = json.loads(boundaries.geometry_json(clockwise))
    exterior, hole = written["coordinates"]
    assert shapely.is_ccw(shapely.LinearRing(exterior))
    assert not shapely.is_ccw(shapely.LinearRing(hole))


def test_a_collection_is_read_by_its_codes_as_json_reads_it(tmp_path: Path) -> None:
    names = {code: f"Desa {code[-4:]}" for code in _grid()}
    path = tmp_path / "desa.geojson"
    path.write_bytes(boundaries.places_collection(boundaries.tidy(_grid(), 0.001), names))
    read = boundaries.read_collection(path)
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    assert list(read) == [f["properties"]["kode"] for f in features] == sorted(names)
    assert all(read[f["properties"]["kode"]].equals(shape(f["geometry"])) for f in features)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda f: {**f, "properties": {**f["properties"], "kode": int(f["properties"]["kode"].replace(".", ""))}},
            id="number",
        ),
        pytest.param(lambda f: {**f, "properties": {**f["properties"], "lama": {"kode": "33.99.99.9999"}}}, id="twice"),
        pytest.param(
            lambda f: {"properties": f["properties"], "type": f["type"], "geometry": f["geometry"]}, id="order"
        ),
    ],
)
def test_a_collection_written_otherwise_is_read_all_the_same(tmp_path: Path, change: Any) -> None:
    """A file not written by the import (codes as numbers, a code twice in a feature, properties first) is read
    right: by `json` when the codes cannot be found in the text one per feature."""
    names = {code: f"Desa {code[-4:]}" for code in _grid()}
    collection = json.loads(boundaries.places_collection(boundaries.tidy(_grid(), 0.001), names))
    collection["features"] = [change(f) for f in collection["features"]]
    path = tmp_path / "desa.geojson"
    path.write_text(json.dumps(collection, indent=1), encoding="utf-8")
    read = boundaries.read_collection(path)
    expected = {str(f["properties"]["kode"]): shape(f["geometry"]) for f in collection["features"]}
    assert list(read) == list(expected)
    assert all(read[code].equals(expected[code]) for code in expected)


def test_numbers_are_written_plainly() -> None:
    assert [boundaries._number(x) for x in (109.62412000000001, -7.1, 0.000001, -0.000001, 1e-05, 110.0)] == [
        "109.62412",
        "-7.1",
        "0",
        "0",
        "0.00001",
        "110",
    ]


def test_a_coverage_that_cannot_be_made_is_refused_naming_the_codes() -> None:
    with pytest.raises(BoundaryError, match=r"kosong: 33\.26\.01\.2002"):
        boundaries.simplify({"33.26.01.2001": shapely.box(0, 0, 1, 1), "33.26.01.2002": Polygon()}, 0.001)


def test_an_invalid_ring_is_repaired_before_cleaning() -> None:
    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    assert not bowtie.is_valid
    tidied = boundaries.tidy({"33.26.01.2001": bowtie}, 0.0001)
    assert tidied["33.26.01.2001"].is_valid and tidied["33.26.01.2001"].area == pytest.approx(0.5)


# -- the committed sample ---------------------------------------------------------------------------------------


def test_the_sample_villages_of_kab_pekalongan_are_a_clean_coverage() -> None:
    ref = _batas(SAMPLE)
    shapes = boundaries.village_shapes(ref, "33.26")
    assert len(shapes) == 285
    assert sorted(shapes) == _gazetteer("desa", "33.26.")
    assert shapely.coverage_is_valid(list(shapes.values()))
    assert all(g.is_valid and not g.is_empty for g in shapes.values())
    resource = boundaries.boundary_resource(ref, "33.26")
    assert resource is not None and resource["path"] == "desa/33.26.geojson"
    assert resource["licenses"][0]["name"] == "MIT" and "3c5a796" in resource["sources"][0]["path"]
    assert boundaries.caveat(ref, resource)["id"].startswith("Batas wilayah ini indikatif")


def test_the_sample_has_the_regencies_of_its_packages_and_jawa_tengah_outlines() -> None:
    ref = _batas(SAMPLE)
    regencies = sorted(r.kode_kabupaten for r in find_packages(SAMPLE) if r.role == "kabupaten")
    assert regencies == ["33.06", "33.26", "33.27"]
    for kode in regencies:
        assert sorted(boundaries.village_shapes(ref, kode)) == _gazetteer("desa", kode + ".")
    outlines = boundaries.regency_shapes(ref, "33")
    assert sorted(outlines) == _gazetteer("kabupaten", "33.")
    assert len(outlines) == 35
    assert shapely.coverage_is_valid(list(outlines.values()))
    assert (ref.directory / "kabupaten" / "33.geojson").stat().st_size < 150_000
    assert boundaries.village_shapes(ref, "33.01") == {}  # no file: no map, no error
    assert boundaries.regency_shapes(ref, "34") == {}
    assert boundaries.boundary_resource(ref, "33.01") is None


def test_the_batas_package_is_not_a_regency_package() -> None:
    refs = find_packages(SAMPLE)
    assert _batas(SAMPLE).role == "batas"
    assert "batas" not in {r.name for r in refs if r.role == "kabupaten"}


def test_district_outlines_are_the_union_of_their_villages() -> None:
    villages = boundaries.village_shapes(_batas(SAMPLE), "33.26")
    districts = boundaries.dissolve(villages, boundaries.district_of)
    assert len(districts) == 19
    for district, outline in districts.items():
        union = shapely.union_all([g for code, g in villages.items() if code.startswith(district + ".")])
        assert outline.symmetric_difference(union).area < 1e-12, district
    assert shapely.coverage_is_valid(list(districts.values()))
    regency = boundaries.dissolve(villages, boundaries.regency_of)
    assert list(regency) == ["33.26"]
    assert regency["33.26"].area == pytest.approx(sum(g.area for g in villages.values()))


# -- the import script ------------------------------------------------------------------------------------------

LICENCE = "MIT License\n\nCopyright (c) 2024 Cahya DSN\n\nPermission is hereby granted ...\n"
SOURCE_SQL = "db/kel/33/wilayah_boundaries_kel_33.26.sql"


def _source(tmp_path: Path, wrong: str | None = None) -> tuple[Path, Path]:
    """A source folder with the tiny SQL file and its checksum list (the hash of `wrong` spoilt)."""
    source = tmp_path / "wilayah_boundaries"
    (source / "db" / "kel" / "33").mkdir(parents=True)
    (source / "LICENSE").write_text(LICENCE, encoding="utf-8")
    shutil.copy(SQL, source / SOURCE_SQL)
    lines = []
    for name in ("LICENSE", SOURCE_SQL):
        digest = hashlib.sha256((source / name).read_bytes()).hexdigest()
        lines.append(f"{'0' * 64 if name == wrong else digest}  ./{name}\n")
    sums = tmp_path / "SHA256SUMS"
    sums.write_text("".join(lines), encoding="utf-8")
    return source, sums


def _import(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False)


def test_a_source_file_that_differs_from_its_checksum_stops_the_import(data_dir: Path, tmp_path: Path) -> None:
    shutil.rmtree(data_dir / "batas")
    source, sums = _source(tmp_path, wrong=SOURCE_SQL)
    result = _import("--source", str(source), "--data", str(data_dir), "--checksums", str(sums))
    assert result.returncode == 3
    actual = hashlib.sha256((source / SOURCE_SQL).read_bytes()).hexdigest()
    assert f"{source / SOURCE_SQL}: SHA-256 berbeda" in result.stderr
    assert f"diharapkan {'0' * 64}, didapat {actual}" in result.stderr
    assert "tidak ada yang ditulis" in result.stderr
    assert not (data_dir / "batas").exists()
    assert not [p for p in data_dir.iterdir() if p.name.startswith(".")]


def test_a_missing_source_file_stops_the_import(data_dir: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in (data_dir / "batas").rglob("*") if p.is_file()}
    source, sums = _source(tmp_path)
    (source / SOURCE_SQL).unlink()
    result = _import("--source", str(source), "--data", str(data_dir), "--checksums", str(sums))
    assert result.returncode == 3
    assert f"{source / SOURCE_SQL}: berkas sumber tidak ada" in result.stderr
    assert {p: p.read_bytes() for p in (data_dir / "batas").rglob("*") if p.is_file()} == before


def test_the_import_writes_a_valid_package_with_the_same_bytes_every_time(data_dir: Path, tmp_path: Path) -> None:
    shutil.rmtree(data_dir / "batas")
    source, sums = _source(tmp_path)
    args = ("--source", str(source), "--data", str(data_dir), "--checksums", str(sums))
    first = _import(*args)
    assert first.returncode == 0, first.stderr
    assert "33.26 Kabupaten Pekalongan: 8 desa" in first.stderr
    written = {p.relative_to(data_dir): p.read_bytes() for p in (data_dir / "batas").rglob("*") if p.is_file()}
    assert sorted(str(p) for p in written) == [
        "batas/datapackage.json",
        "batas/desa/33.26.geojson",
        "batas/kabupaten/33.geojson",
    ]
    assert _import(*args).returncode == 0
    again = {p.relative_to(data_dir): p.read_bytes() for p in (data_dir / "batas").rglob("*") if p.is_file()}
    assert again == written
    ref = _batas(data_dir)
    villages = boundaries.village_shapes(ref, "33.26")
    assert len(villages) == 8 and shapely.coverage_is_valid(list(villages.values()))
    assert list(boundaries.regency_shapes(ref, "33")) == ["33.26"]
    names = [f["properties"]["nama"] for f in json.loads(written[Path("batas/desa/33.26.geojson")])["features"]]
    assert "Pandanarum" in names  # the gazetteer's names
    report = check_data(data_dir)
    assert report.problems == []
    assert [n.message for n in report.notes if "batas" in n.path] == []


def test_a_regency_may_replace_its_boundaries_with_its_own_file(data_dir: Path, tmp_path: Path) -> None:
    own = tmp_path / "batas_desa.geojson"
    collection = json.loads((data_dir / "batas" / "desa" / "33.26.geojson").read_text(encoding="utf-8"))
    for feature in collection["features"]:
        feature["properties"] = {"KODE_DESA": feature["properties"]["kode"]}
    own.write_text(json.dumps(collection), encoding="utf-8")
    result = _import(
        *("--geojson", str(own), "--kabupaten", "33.26", "--data", str(data_dir), "--kode-property", "KODE_DESA"),
        *("--licence", "CC-BY-4.0", "--source-title", "Bappeda Kabupaten Pekalongan"),
        *("--source-url", "https://bappeda.example.go.id/batas"),
    )
    assert result.returncode == 0, result.stderr
    ref = _batas(data_dir)
    resource = boundaries.boundary_resource(ref, "33.26")
    assert resource is not None
    assert resource["licenses"] == [{"name": "CC-BY-4.0"}]
    assert resource["sources"] == [
        {"title": "Bappeda Kabupaten Pekalongan", "path": "https://bappeda.example.go.id/batas"}
    ]
    assert "Bappeda Kabupaten Pekalongan" in boundaries.caveat(ref, resource)["id"]
    assert boundaries.regency_shapes(ref, "33")  # the province's outlines are kept
    assert len(boundaries.village_shapes(ref, "33.26")) == 7
    assert check_data(data_dir).problems == []


def test_a_regency_file_needs_its_licence_and_source(data_dir: Path, tmp_path: Path) -> None:
    own = str(data_dir / "batas" / "desa" / "33.26.geojson")
    result = _import("--geojson", own, "--kabupaten", "33.26", "--data", str(data_dir))
    assert result.returncode == 2
    assert "--licence, --source-title, --source-url" in result.stderr


# -- validation -------------------------------------------------------------------------------------------------

GEO_FAULTS = [fault for fault in FAULTS if fault.file.startswith("batas/")]


def test_the_catalogue_has_the_boundary_faults() -> None:
    assert {f.name for f in GEO_FAULTS} >= {
        "boundary-self-intersecting",
        "boundary-village-of-another-regency",
        "boundary-unknown-code",
        "boundary-lat-lng-swapped",
        "boundary-duplicate-code",
        "boundary-village-missing",
    }


def test_the_valid_fixture_names_its_village_without_a_polygon(data_dir: Path) -> None:
    report = check_data(data_dir)
    assert report.problems == []
    assert [(n.path.removeprefix(str(data_dir) + "/"), n.message) for n in report.notes if "batas" in n.path] == [
        (BATAS_DESA, "1 desa kabupaten 33.26 tanpa batas wilayah (33.26.15.2003); peta menyebutnya tidak ada")
    ]


def test_the_note_is_in_english_on_request(data_dir: Path) -> None:
    notes = [n.message for n in check_data(data_dir, "en").notes if "batas" in n.path]
    assert notes == ["1 village of regency 33.26 has no boundary (33.26.15.2003); the map shows it as missing"]
    many = boundary_checks.missing_note([f"33.26.01.200{i}" for i in range(7)], "33.26", "en")
    assert many.startswith("7 villages of regency 33.26 have no boundary (33.26.01.2000, ")
    assert "33.26.01.2004, …); the map shows them as missing" in many


def test_the_sample_validates_without_boundary_notes() -> None:
    report = check_data(SAMPLE)
    assert report.problems == []
    assert [n for n in report.notes if "batas" in n.path] == []


@pytest.mark.parametrize("fault", [f for f in GEO_FAULTS if isinstance(f, GeoFault) and f.notes], ids=lambda f: f.name)
def test_villages_without_a_polygon_are_a_note(fault: GeoFault, data_dir: Path) -> None:
    fault.apply(data_dir)
    report = check_data(data_dir)
    assert report.problems == []
    notes = [n.message for n in report.notes if n.path.endswith(fault.file)]
    assert [n.split(";")[0] for n in notes] == list(fault.notes)


def _message(fault_name: str, data_dir: Path, lang: str = "id") -> str:
    next(f for f in FAULTS if f.name == fault_name).apply(data_dir)
    [problem] = check_data(data_dir, lang).problems
    return problem.format().removeprefix(str(data_dir) + "/")


def test_an_invalid_geometry_names_the_feature_its_code_and_the_reason(data_dir: Path) -> None:
    assert _message("boundary-self-intersecting", data_dir) == (
        f"{BATAS_DESA}:1:geometry: boundary-geometry: geometri 33.26.02.2001 tidak valid "
        "(Self-intersection[109.505 -7.105]); perbaiki di aplikasi GIS (QGIS: Perbaiki Geometri) atau impor ulang "
        "dengan scripts/import_boundaries.py yang merapikannya"
    )


def test_swapped_coordinates_are_named_in_both_languages(data_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(data_dir, copy)
    assert "mungkin lintang/bujur tertukar" in _message("boundary-lat-lng-swapped", data_dir)
    english = _message("boundary-lat-lng-swapped", copy, "en")
    assert english.startswith(f"{BATAS_DESA}:3:geometry: boundary-swapped: the coordinates of 33.26.02.2003 [")
    assert "latitude and longitude are probably swapped" in english


def test_a_broken_file_is_placed_at_the_parsers_line_and_column(data_dir: Path) -> None:
    assert _message("boundary-not-json", data_dir).startswith(
        f"{BATAS_DESA}:3:1: geojson: berkas GeoJSON tidak bisa dibaca (Expecting property name"
    )


def _edit(data_dir: Path, change: Any) -> None:
    """Edit the fixture's village file as parsed JSON, keeping its descriptor's bytes and hash true."""
    GeoFault("edit", BATAS_DESA, change, ()).apply(data_dir)


def test_a_coordinate_system_other_than_wgs84_is_refused(data_dir: Path) -> None:
    _edit(data_dir, lambda c: {**c, "crs": {"type": "name", "properties": {"name": "EPSG:32749"}}})
    [problem] = check_data(data_dir).problems
    assert (problem.rule, problem.row) == ("boundary-crs", None)
    assert "crs EPSG:32749" in problem.message


def test_projected_metres_are_not_taken_for_degrees(data_dir: Path) -> None:
    def utm(collection: dict[str, Any]) -> dict[str, Any]:
        ring = [[400000, 9200000], [401000, 9200000], [401000, 9201000], [400000, 9200000]]
        collection["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [ring]}
        return collection

    _edit(data_dir, utm)
    [problem] = check_data(data_dir).problems
    assert (problem.rule, problem.row, problem.column) == ("boundary-crs", 1, "geometry")


def test_a_point_is_not_a_boundary(data_dir: Path) -> None:
    def point(collection: dict[str, Any]) -> dict[str, Any]:
        collection["features"][0]["geometry"] = {"type": "Point", "coordinates": [109.5, -7.1]}
        return collection

    _edit(data_dir, point)
    [problem] = check_data(data_dir).problems
    assert (problem.rule, problem.row, problem.column) == ("boundary-structure", 1, "geometry")
    assert problem.message.startswith("geometri Point bukan Polygon atau MultiPolygon; berkas batas harus")


def test_the_size_limits_name_the_limit_and_the_value(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(boundary_checks, "MAX_BYTES", 1000)
    monkeypatch.setattr(boundary_checks, "MAX_VERTICES", 30)
    problems = check_data(data_dir, jobs=1).problems
    size = (data_dir / BATAS_DESA).stat().st_size
    assert [(p.rule, p.message.split(";")[0]) for p in problems] == [
        ("boundary-too-large", f"berkas {size:,} bita melebihi batas 1.000 bita".replace(",", ".")),
        ("boundary-too-large", "35 titik melebihi batas 30 titik per berkas"),
    ]


def test_a_regency_without_a_boundary_file_has_no_map_and_no_problem(data_dir: Path) -> None:
    descriptor_path = data_dir / "batas" / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["labkem"]["tingkat"] != "desa"]
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    (data_dir / BATAS_DESA).unlink()
    report = check_data(data_dir)
    assert report.problems == []
    assert [n for n in report.notes if "batas" in n.path] == []
    assert boundaries.village_shapes(_batas(data_dir), "33.26") == {}


def test_a_resource_for_an_unknown_regency_is_refused(data_dir: Path) -> None:
    descriptor_path = data_dir / "batas" / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["labkem"]["kode_kabupaten"] = "33.99"
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    [problem] = check_data(data_dir).problems
    assert (problem.rule, problem.path.endswith(BATAS_DESA)) == ("boundary-resource", True)
    assert problem.message.startswith("labkem.kode_kabupaten '33.99' bukan tingkat")


def test_a_boundary_package_that_passed_is_not_checked_again_but_keeps_its_note(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    memo = tmp_path / "memo.json"
    first = check_data(data_dir, memo_file=memo)
    assert first.valid
    noted = [n.message for n in first.notes if "tanpa batas wilayah" in n.message]
    assert noted and "33.26.15.2003" in noted[0]

    def checked_again(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the boundary package was checked again")

    monkeypatch.setattr(boundary_checks, "check_package", checked_again)
    second = check_data(data_dir, memo_file=memo)
    assert second.valid and [n.message for n in second.notes if "tanpa batas wilayah" in n.message] == noted
    monkeypatch.undo()
    # a changed file is checked again
    path = data_dir / "batas" / "desa" / "33.26.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace('"kode":"33.26.02.2008"', '"kode":"33.27.01.2001"'))
    third = check_data(data_dir, memo_file=memo)
    assert not third.valid and {p.rule for p in third.problems} >= {"boundary-checksum", "boundary-unknown-code"}
