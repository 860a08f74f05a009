"""Import village and regency boundaries into the `batas` package.

From the pinned source (cahyadsn/wilayah_boundaries at commit 3c5a796), every file checked against the SHA-256
list kept in this repository before it is read:

    python scripts/import_boundaries.py --source build/wilayah_boundaries
    python scripts/import_boundaries.py --source ~/wilayah_boundaries --kabupaten 33.26 33.27

where the source is a `git clone https://github.com/cahyadsn/wilayah_boundaries` (or a copy of one) checked out
at that commit (`git checkout 3c5a796`). Writes `desa/KODE.geojson` for each regency (by default
those of the regency packages in the data folder) and `kabupaten/KODE.geojson` for their provinces (dissolved
from all the province's villages).

A regency's own official boundary file (GeoJSON in WGS84, one feature per village with its Kemendagri code)
replaces that regency's file, with its own licence and source:

    python scripts/import_boundaries.py --geojson batas_desa.geojson --kabupaten 33.26 \\
        --licence CC-BY-4.0 --source-title "Bappeda Kabupaten Pekalongan" --source-url https://...

The package is written whole or not at all; the same inputs always give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from labkem.core import paths
from labkem.core.errors import LabkemError
from labkem.core.settings import BATAS_PACKAGE, KODE_KABUPATEN, WILAYAH_PACKAGE
from labkem.data import boundaries
from labkem.data.boundaries import DESA, KABUPATEN, UPSTREAM, BoundaryError, BoundaryFile
from labkem.data.load import PackageRef, find_packages

CHECKSUMS = Path(__file__).resolve().parent.parent / "tools" / "boundaries" / "SHA256SUMS-wilayah_boundaries"
LICENCE_FILE = "LICENSE"
CRS84 = {"urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "OGC:CRS84"}


def say(message: str) -> None:
    """A progress line on stderr."""
    print(message, file=sys.stderr, flush=True)


def village_file(kode_kabupaten: str, province: str) -> str:
    """The source file of a regency's villages, as the checksum list names it."""
    return f"db/kel/{province}/wilayah_boundaries_kel_{kode_kabupaten}.sql"


def read_checksums(path: Path) -> dict[str, str]:
    """A `sha256sum` listing as path (without `./`) -> hex digest."""
    sums = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            sums[name.strip().lstrip("*").removeprefix("./")] = digest.lower()
    return sums


def verified(source: Path, relative: str, sums: dict[str, str]) -> bytes:
    """The bytes of a source file, after checking them against the pinned checksum list."""
    expected = sums.get(relative)
    if expected is None:
        raise BoundaryError(f"{relative}: tidak ada di daftar checksum {CHECKSUMS.name}; sumber tidak dikenal")
    path = source / relative
    if not path.is_file():
        raise BoundaryError(
            f"{path}: berkas sumber tidak ada (diharapkan SHA-256 {expected}); salin atau checkout sumber pada "
            f"commit {UPSTREAM.commit}"
        )
    data = path.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise BoundaryError(
            f"{path}: SHA-256 berbeda dari yang dipatok: diharapkan {expected}, didapat {actual}; pakai "
            f"{UPSTREAM.repository} pada commit {UPSTREAM.commit} tanpa perubahan"
        )
    return data


class Gazetteer:
    """The names and codes of the data folder's gazetteer package."""

    def __init__(self, wilayah: PackageRef) -> None:
        desa = wilayah.read("desa")
        kabupaten = wilayah.read("kabupaten")
        provinsi = wilayah.read("provinsi") if wilayah.has_resource("provinsi") else None
        self.desa = dict(zip(desa["kode"], desa["nama"], strict=True))
        self.kabupaten = dict(zip(kabupaten["kode"], kabupaten["nama"], strict=True))
        self.provinsi = {} if provinsi is None else dict(zip(provinsi["kode"], provinsi["nama"], strict=True))

    def check_codes(self, codes: Iterable[str], kode_kabupaten: str, where: str) -> None:
        """Refuse codes the gazetteer does not know or that lie outside the regency."""
        codes = list(codes)
        unknown = sorted(c for c in codes if c not in self.desa)
        outside = sorted(c for c in codes if not c.startswith(kode_kabupaten + "."))
        if unknown:
            raise BoundaryError(f"{where}: kode tidak ada di gazetir: {', '.join(unknown[:10])}")
        if outside:
            raise BoundaryError(f"{where}: kode di luar kabupaten {kode_kabupaten}: {', '.join(outside[:10])}")


def village_title(gazetteer: Gazetteer, kode: str) -> str:
    return f"Batas desa/kelurahan {gazetteer.kabupaten.get(kode, kode)}"


def from_upstream(source: Path, regencies: list[str], gazetteer: Gazetteer, sums: dict[str, str]) -> list[BoundaryFile]:
    """The village files of `regencies` and the regency outlines of their provinces, from the pinned source."""
    licence = verified(source, LICENCE_FILE, sums).decode("utf-8")
    if "MIT License" not in licence or UPSTREAM.copyright not in licence:
        raise BoundaryError(f"{source / LICENCE_FILE}: bukan lisensi MIT ({UPSTREAM.copyright}) yang diharapkan")
    files: list[BoundaryFile] = []
    for province in sorted({boundaries.province_of(kode) for kode in regencies}):
        prefix = f"db/kel/{province}/"
        listed = sorted(name for name in sums if name.startswith(prefix) and name.endswith(".sql"))
        outlines: dict[str, BaseGeometry] = {}
        for relative in listed:
            kode = relative.removesuffix(".sql").rsplit("_", 1)[1]
            started = time.perf_counter()
            rows = boundaries.parse_sql(verified(source, relative, sums).decode("utf-8"), relative)
            shapes = {row.kode: row.geometry for row in rows}
            if len(shapes) != len(rows):
                raise BoundaryError(f"{relative}: kode ganda")
            gazetteer.check_codes(shapes, kode, relative)
            cleaned = boundaries.clean(shapes)
            outlines[kode] = shapely.coverage_union_all(list(cleaned.values()))
            if kode in regencies:
                simplified = boundaries.simplify(cleaned, boundaries.VILLAGE_TOLERANCE)
                data = boundaries.places_collection(simplified, gazetteer.desa)
                files.append(
                    BoundaryFile(
                        f"{DESA}/{kode}.geojson",
                        data,
                        DESA,
                        kode,
                        village_title(gazetteer, kode),
                        UPSTREAM.licences(),
                        UPSTREAM.sources([relative]),
                    )
                )
                vertices = int(shapely.get_num_coordinates(list(simplified.values())).sum())
                say(
                    f"{kode} {gazetteer.kabupaten.get(kode, '')}: {len(simplified)} desa, {vertices:,} titik, "
                    f"{len(data):,} bita ({time.perf_counter() - started:.1f} dtk)"
                )
            else:
                seconds = time.perf_counter() - started
                say(f"{kode}: {len(cleaned)} desa dibaca untuk batas kabupaten ({seconds:.1f} dtk)")
        unknown = sorted(k for k in outlines if k not in gazetteer.kabupaten)
        if unknown:
            raise BoundaryError(f"kabupaten tidak ada di gazetir: {', '.join(unknown)}")
        regency_outlines = boundaries.tidy(outlines, boundaries.REGENCY_TOLERANCE)
        data = boundaries.places_collection(regency_outlines, gazetteer.kabupaten)
        name = gazetteer.provinsi.get(province, province)
        files.append(
            BoundaryFile(
                f"{KABUPATEN}/{province}.geojson",
                data,
                KABUPATEN,
                province,
                f"Batas kabupaten/kota {name}",
                UPSTREAM.licences(),
                UPSTREAM.sources([f"{prefix}wilayah_boundaries_kel_{province}.*.sql ({len(listed)} berkas)"]),
            )
        )
        say(f"{province} {name}: {len(regency_outlines)} kabupaten/kota, {len(data):,} bita")
    return files


def from_geojson(
    path: Path, kode: str, gazetteer: Gazetteer, key: str, licence: dict[str, str], source: dict[str, str]
) -> BoundaryFile:
    """A regency's own boundary file, cleaned and simplified like the rest."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BoundaryError(f"{path}: GeoJSON tidak bisa dibaca ({error})") from error
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryError(f"{path}: bukan FeatureCollection GeoJSON")
    crs = data.get("crs")
    if crs is not None and str(crs.get("properties", {}).get("name", "")) not in CRS84:
        raise BoundaryError(f"{path}: sistem koordinat {crs} bukan WGS84 (CRS84); ekspor ulang sebagai EPSG:4326")
    shapes: dict[str, BaseGeometry] = {}
    for number, feature in enumerate(data.get("features", []), start=1):
        code = str((feature.get("properties") or {}).get(key, "")).strip()
        if not code:
            raise BoundaryError(f"{path}: fitur ke-{number} tanpa properti {key}")
        if code in shapes:
            raise BoundaryError(f"{path}: kode {code} muncul dua kali (fitur ke-{number})")
        try:
            geometry = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.GEOSException) as error:
            raise BoundaryError(f"{path}: geometri fitur ke-{number} ({code}) tidak bisa dibaca ({error})") from error
        if geometry.geom_type not in ("Polygon", "MultiPolygon"):
            raise BoundaryError(f"{path}: fitur ke-{number} ({code}) bukan Polygon/MultiPolygon")
        if not boundaries.in_indonesia(geometry.bounds):
            west, south, _, _ = geometry.bounds
            raise BoundaryError(
                f"{path}: fitur ke-{number} ({code}) di luar Indonesia ({west:.3f}, {south:.3f}); GeoJSON memakai "
                "[bujur, lintang] dalam WGS84: mungkin lintang/bujur tertukar atau sistem koordinatnya lain"
            )
        shapes[code] = geometry
    gazetteer.check_codes(shapes, kode, str(path))
    simplified = boundaries.tidy(shapes, boundaries.VILLAGE_TOLERANCE)
    title = source["title"]
    note = {
        "id": f"Batas desa dari {title}, berkas milik kabupaten sendiri; disederhanakan untuk peta.",
        "en": f"Village boundaries from {title}, the regency's own file; simplified for the map.",
    }
    output = boundaries.places_collection(simplified, gazetteer.desa)
    say(f"{kode}: {len(simplified)} desa dari {path}, {len(output):,} bita")
    return BoundaryFile(
        f"{DESA}/{kode}.geojson", output, DESA, kode, village_title(gazetteer, kode), [licence], [source], note
    )


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, import, write the package; 0 on success, else the error's exit code."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, help="the wilayah_boundaries folder at the pinned commit")
    parser.add_argument("--data", type=Path, default=paths.DATA_DIR, help="data folder (default: datapackages)")
    parser.add_argument("--kabupaten", nargs="+", metavar="KODE", help="regency codes (default: the data's)")
    parser.add_argument("--checksums", type=Path, default=CHECKSUMS, help="pinned SHA-256 list of the source")
    official = parser.add_argument_group("a regency's own file (replaces its villages)")
    official.add_argument("--geojson", type=Path, help="GeoJSON FeatureCollection in WGS84, one feature per village")
    official.add_argument("--kode-property", default="kode", help="the property holding the village code")
    official.add_argument("--licence", help="licence of the file (SPDX name, e.g. CC-BY-4.0)")
    official.add_argument("--licence-url", default="", help="where the licence is written")
    official.add_argument("--source-title", help="who publishes the file")
    official.add_argument("--source-url", help="where the file is published")
    args = parser.parse_args(argv)
    if args.geojson:
        wanted = ("licence", "source_title", "source_url")
        missing = ["--" + name.replace("_", "-") for name in wanted if not getattr(args, name)]
        if missing or not args.kabupaten or len(args.kabupaten) != 1:
            parser.error(f"--geojson needs one --kabupaten and {', '.join(missing) or 'nothing else'}")
    elif args.source is None:
        parser.error("--source is required (the wilayah_boundaries folder), or --geojson")
    started = time.perf_counter()
    try:
        refs = {ref.name: ref for ref in find_packages(args.data)}
        if WILAYAH_PACKAGE not in refs:
            raise BoundaryError(f"{args.data}: paket gazetir {WILAYAH_PACKAGE} tidak ada")
        gazetteer = Gazetteer(refs[WILAYAH_PACKAGE])
        regencies = sorted(args.kabupaten or {r.kode_kabupaten for r in refs.values() if r.role == "kabupaten"})
        for kode in regencies:
            if not KODE_KABUPATEN.match(kode) or kode not in gazetteer.kabupaten:
                raise BoundaryError(f"{kode}: bukan kode kabupaten/kota di gazetir (contoh: 33.26)")
        if args.geojson:
            licence = {"name": args.licence, **({"path": args.licence_url} if args.licence_url else {})}
            source = {"title": args.source_title, "path": args.source_url}
            files = [from_geojson(args.geojson, regencies[0], gazetteer, args.kode_property, licence, source)]
        else:
            if not regencies:
                raise BoundaryError(f"{args.data}: tidak ada paket kabupaten; sebutkan --kabupaten")
            files = from_upstream(args.source, regencies, gazetteer, read_checksums(args.checksums))
        target = args.data / BATAS_PACKAGE
        boundaries.write_package(target, files, gazetteer.provinsi)
    except LabkemError as error:
        say(f"Galat: {error}; tidak ada yang ditulis")
        return error.exit_code
    say(f"{target}: {len(files)} berkas ditulis ({time.perf_counter() - started:.1f} dtk)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
