"""Write tests/data/valid: a tiny, valid slice of the embedded sample (8 villages of Kab. Pekalongan).

Run after changing the sample or the data model: `python tests/data/make_valid.py`. Two districts
(Paninggaran and Tirto) with three villages each plus the pilots Botosari and Mulyorejo; the gazetteer
keeps one village of Kab. Pemalang so that faults can use a real code of another regency.

The boundary package `batas` is made by hand, not cut from the sample's: the villages are squares of 0.01 degree
in two rows (one per district) that share their edges exactly, with Pandanarum left without a polygon (the map
names it missing), and the two regencies of the gazetteer are two rectangles side by side.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path

from shapely.geometry import box

from labkem.data import boundaries

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "datapackages"
TARGET = Path(__file__).resolve().parent / "valid"
DISTRICTS = {"33.26.02", "33.26.15"}
PILOTS = {"33.26.02.2008", "33.26.15.2014"}
OTHER_REGENCY_VILLAGE = "33.27.04.2010"

Row = dict[str, str]


def copy_rows(source: Path, target: Path, keep: Callable[[Row], bool]) -> None:
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fieldnames = list(reader.fieldnames or [])
        rows = [row for row in reader if keep(row)]
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    settings = TARGET / "situs.yml"  # written by hand: kept
    kept = settings.read_bytes() if settings.is_file() else None
    shutil.rmtree(TARGET, ignore_errors=True)
    if kept is not None:
        TARGET.mkdir(parents=True)
        settings.write_bytes(kept)
    with (SOURCE / "wilayah" / "desa.csv").open(encoding="utf-8") as handle:
        desa = list(csv.DictReader(handle))
    villages = set(PILOTS)
    for district in sorted(DISTRICTS):
        villages |= set([row["kode"] for row in desa if row["kode_kecamatan"] == district][:3])

    wilayah = TARGET / "wilayah"
    copy_rows(SOURCE / "wilayah" / "provinsi.csv", wilayah / "provinsi.csv", lambda r: True)
    copy_rows(
        SOURCE / "wilayah" / "kabupaten.csv", wilayah / "kabupaten.csv", lambda r: r["kode"] in {"33.26", "33.27"}
    )
    copy_rows(
        SOURCE / "wilayah" / "kecamatan.csv",
        wilayah / "kecamatan.csv",
        lambda r: r["kode"] in DISTRICTS | {OTHER_REGENCY_VILLAGE[:8]},
    )
    copy_rows(
        SOURCE / "wilayah" / "desa.csv", wilayah / "desa.csv", lambda r: r["kode"] in villages | {OTHER_REGENCY_VILLAGE}
    )
    shutil.copy(SOURCE / "wilayah" / "datapackage.json", wilayah / "datapackage.json")
    shutil.copytree(SOURCE / "indikator", TARGET / "indikator")

    regency = SOURCE / "kab-pekalongan"
    descriptor = json.loads((regency / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        source = regency / resource["path"]
        header = source.read_text(encoding="utf-8").splitlines()[0].split(",")
        if resource["name"] == "kecamatan":
            keep: Callable[[Row], bool] = lambda r: r["kode_kecamatan"] in DISTRICTS  # noqa: E731
        elif "kode_desa" in header:
            keep = lambda r: r["kode_desa"] in villages  # noqa: E731
        else:
            keep = lambda r: True  # noqa: E731
        copy_rows(source, TARGET / "kab-pekalongan" / resource["path"], keep)
    shutil.copy(regency / "datapackage.json", TARGET / "kab-pekalongan" / "datapackage.json")
    write_boundaries(TARGET / "batas", {row["kode"]: row["nama"] for row in desa if row["kode"] in villages})
    print(f"{TARGET}: {len(villages)} villages")


NO_BOUNDARY = "33.26.15.2003"  # Pandanarum: a village the map has no polygon for
WEST, NORTH, SIDE = 109.50, -7.10, 0.01


def write_boundaries(target: Path, names: dict[str, str]) -> None:
    """The boundary package: squares for the villages (by district, a row each), rectangles for the regencies."""
    rows: dict[str, list[str]] = {}
    for code in sorted(names):
        rows.setdefault(code[:8], []).append(code)
    squares = {}
    for r, district in enumerate(sorted(rows)):
        for c, code in enumerate(rows[district]):
            west, north = WEST + c * SIDE, NORTH - r * SIDE
            squares[code] = box(west, north - SIDE, west + SIDE, north)
    del squares[NO_BOUNDARY]
    columns = max(len(codes) for codes in rows.values())
    south = NORTH - len(rows) * SIDE
    regencies = {
        "33.26": box(WEST, south, WEST + columns * SIDE, NORTH),
        "33.27": box(WEST - columns * SIDE, south, WEST, NORTH),
    }
    regency_names = {"33.26": "Kabupaten Pekalongan", "33.27": "Kabupaten Pemalang"}
    made = "Kotak buatan tests/data/make_valid.py untuk uji, bukan batas sebenarnya"
    files = [
        boundaries.BoundaryFile(
            "desa/33.26.geojson",
            boundaries.places_collection(squares, names),
            boundaries.DESA,
            "33.26",
            "Batas desa/kelurahan Kabupaten Pekalongan (contoh uji)",
            [{"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/", "title": "CC0 1.0"}],
            [{"title": made}],
        ),
        boundaries.BoundaryFile(
            "kabupaten/33.geojson",
            boundaries.places_collection(regencies, regency_names),
            boundaries.KABUPATEN,
            "33",
            "Batas kabupaten/kota Jawa Tengah (contoh uji)",
            [{"name": "CC0-1.0", "path": "https://creativecommons.org/publicdomain/zero/1.0/", "title": "CC0 1.0"}],
            [{"title": made}],
        ),
    ]
    target.mkdir(parents=True, exist_ok=True)
    for item in files:
        (target / item.path).parent.mkdir(parents=True, exist_ok=True)
        (target / item.path).write_bytes(item.data)
    descriptor = {
        "name": "batas",
        "title": "Batas wilayah contoh untuk uji",
        "description": made + ".",
        "version": "0.1.0",
        "licenses": files[0].licenses,
        "sources": files[0].sources,
        "synthetic": True,
        "labkem": {
            "peran": "batas",
            "catatan": {
                "id": "Batas buatan untuk uji: kotak, bukan batas desa yang sebenarnya.",
                "en": "Made-up boundaries for tests: squares, not the real village boundaries.",
            },
        },
        "resources": [item.resource() for item in files],
    }
    (target / "datapackage.json").write_bytes(boundaries.descriptor_bytes(descriptor))


if __name__ == "__main__":
    main()
