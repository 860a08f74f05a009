"""An empty, valid regency package for any regency or city in Indonesia, as `labkem new-region` writes it.

Districts and villages come from the gazetteer; every other table starts with its header only. A data
folder without site settings also gets a `situs.yml` naming the site after the regency. When the
regency's province is not yet in `datapackages/wilayah`, the province is added from the pinned national
gazetteer (npm idn-area-data), so that `labkem validate` accepts the new package as it is.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from labkem.core.errors import LabkemError
from labkem.core.settings import DEFAULT_MIN_CELL, KODE_KABUPATEN, MIN_DENOMINATOR_FOR_PERCENT
from labkem.data import gazetteer, site_settings
from labkem.data.gazetteer import ATTRIBUTION as GAZETTEER_ATTRIBUTION
from labkem.data.gazetteer import LICENSE as ODBL
from labkem.data.schemas import regency_schemas, resource_descriptor

CC_BY = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "CC BY 4.0"}


class RegionNotFound(LabkemError):
    """Raised by `new-region` when the code is not a regency or city of the gazetteer."""


class PackageExists(LabkemError):
    """Raised by `new-region` rather than overwrite a package."""


def slug(name: str) -> str:
    """Folder name for a regency: 'Kabupaten Cilacap' -> 'kab-cilacap', 'Kota Semarang' -> 'kota-semarang'."""
    text = name.lower().replace("kabupaten ", "kab-").replace("kota ", "kota-")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ensure_province(data_dir: Path, kode: str, cache_dir: Path) -> dict[str, list[dict[str, str]]]:
    """Return the gazetteer rows, adding the regency's province to `wilayah` from npm when it is missing."""
    wilayah = data_dir / "wilayah"
    names = ("provinsi", "kabupaten", "kecamatan", "desa")
    rows = {name: _read(wilayah / f"{name}.csv") for name in names} if (wilayah / "desa.csv").exists() else {}
    if rows and any(r["kode"] == kode for r in rows["kabupaten"]):
        return rows
    tables = gazetteer.read_tables(gazetteer.fetch_tarball(cache_dir))
    provinces = sorted({r["kode"] for r in rows.get("provinsi", [])} | {kode[:2]})
    rows = gazetteer.wilayah_rows(tables, provinces)
    if not any(r["kode"] == kode for r in rows["kabupaten"]):
        raise RegionNotFound(f"{kode}: bukan kode kabupaten/kota di gazetir Kemendagri (idn-area-data 4.0.1)")
    names_text = ", ".join(r["nama"] for r in rows["provinsi"])
    gazetteer.write_wilayah_package(rows, wilayah, f"Gazetir wilayah: {names_text}")
    return rows


def new_region(kode: str, out_dir: Path, data_dir: Path, cache_dir: Path) -> Path:
    """Write an empty regency package for `kode` into `out_dir`; return its descriptor path."""
    if not KODE_KABUPATEN.match(kode):
        raise RegionNotFound(f"{kode}: tulis kode kabupaten/kota seperti 33.26")
    if (out_dir / "datapackage.json").exists():
        raise PackageExists(f"{out_dir}: sudah berisi paket; pilih folder lain agar datanya tidak tertimpa")
    rows = ensure_province(data_dir, kode, cache_dir)
    regency = next(r for r in rows["kabupaten"] if r["kode"] == kode)
    districts = [r for r in rows["kecamatan"] if r["kode_kabupaten"] == kode]
    codes = {r["kode"] for r in districts}
    villages = [r for r in rows["desa"] if r["kode_kecamatan"] in codes]
    out_dir.mkdir(parents=True, exist_ok=True)
    tables: dict[str, list[dict[str, Any]]] = {
        "kecamatan": [{"kode_kecamatan": r["kode"], "nama_kecamatan": r["nama"]} for r in districts],
        "desa_profil": [
            {
                "kode_desa": r["kode"],
                "kode_kecamatan": r["kode_kecamatan"],
                "nama_desa": r["nama"],
                "jenis": r["jenis"],
                "tipologi": "",
            }
            for r in villages
        ],
    }
    resources = []
    for name, schema in regency_schemas().items():
        fields = [f["name"] for f in schema["fields"]]
        gazetteer.write_csv(out_dir / f"{name}.csv", tables.get(name, []), fields)
        extra: dict[str, Any] = {}
        if name in ("kecamatan", "desa_profil"):
            extra = {"licenses": [ODBL], "description": GAZETTEER_ATTRIBUTION}
        resources.append(resource_descriptor(name, schema, **extra))
    descriptor = {
        "name": slug(regency["nama"]),
        "title": f"Data kemiskinan desa {regency['nama']}",
        "description": f"Agregat desa {regency['nama']}. Isi tabelnya sebelum diterbitkan.",
        "version": "0.1.0",
        "licenses": [CC_BY],
        "contributors": [{"title": f"Pemerintah {regency['nama']}", "role": "publisher"}],
        "sources": [{"title": "idn-area-data 4.0.1 (gazetir)"}],
        "synthetic": False,
        "labkem": {
            "kode_kabupaten": kode,
            "sdc": {"min_cell": DEFAULT_MIN_CELL, "min_denominator": MIN_DENOMINATOR_FOR_PERCENT},
            "periode": [],
            "sistem_peringkat": "isi: DTKS desil 1-4 atau DTSEN desil 1-10, dengan tanggal datanya",
        },
        "resources": resources,
    }
    path = out_dir / "datapackage.json"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    settings = data_dir / site_settings.FILENAME
    if not settings.exists():
        settings.write_text(site_settings.template_text(f"Lab Kemiskinan {regency['nama']}"), encoding="utf-8")
    return path
