"""The starter kit a new regency downloads: the workbook template (one sheet per table, the column rules as data
validation, an instruction sheet; read back by `labkem impor`), blank CSV templates and the table schemas, and a
practice household file.

The zip is written with fixed timestamps and sorted entries, so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from labkem.core.files import freeze_xlsx, zip_bytes
from labkem.data.households import COLUMNS as HOUSEHOLD_COLUMNS
from labkem.data.households import fake_households
from labkem.data.schemas import Schema, indikator_schema, regency_schemas
from labkem.data.workbooks import INSTRUCTIONS as WORKBOOK_INSTRUCTIONS
from labkem.data.workbooks import write_workbook

FIXED_TIME = (2020, 1, 1, 0, 0, 0)
INSTRUCTIONS = [
    "Kit awal paket data kabupaten Lab Kemiskinan Terbuka.",
    "templat/templat-kabupaten.xlsx: satu lembar per tabel, aturan setiap kolom sebagai validasi data. "
    "Isi di Excel atau LibreOffice, lalu: labkem impor templat-kabupaten.xlsx --out datapackages/kab-NAMA "
    "(paketnya dibuat dulu dengan labkem new-region KODE). Paket yang sudah terbit bisa diawali dari "
    "lembar kerjanya: labkem ekspor datapackages/kab-NAMA --out kab-NAMA.xlsx.",
    "templat/*.csv dan schemas/*.json: judul kolom dan aturan setiap tabel, untuk yang bekerja langsung dengan CSV.",
    *WORKBOOK_INSTRUCTIONS,
]


def _csv_header(schema: Schema) -> str:
    return ",".join(f["name"] for f in schema["fields"]) + "\n"


def workbook(schemas: dict[str, Schema]) -> bytes:
    """The XLSX template: the layout `labkem ekspor` writes and `labkem impor` reads, without a package's name or
    rows (`labkem impor --out` says which package it fills)."""
    resources = [{"name": name, "schema": schema} for name, schema in schemas.items()]
    buffer = io.BytesIO()
    write_workbook("", resources, {}).save(buffer)
    return freeze_xlsx(buffer.getvalue(), FIXED_TIME)


def starter_kit(path: Path, practice_villages: list[str]) -> Path:
    """Write the starter kit zip; the practice household file covers the given village codes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(starter_kit_bytes(practice_villages))
    return path


def starter_kit_bytes(practice_villages: list[str]) -> bytes:
    """The starter kit zip as bytes."""
    schemas = regency_schemas()
    files: dict[str, bytes] = {}
    for name, schema in schemas.items():
        files[f"templat/{name}.csv"] = _csv_header(schema).encode("utf-8")
        files[f"schemas/{name}.json"] = (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    files["schemas/indikator.json"] = (json.dumps(indikator_schema(), ensure_ascii=False, indent=2) + "\n").encode()
    files["templat/templat-kabupaten.xlsx"] = workbook(schemas)
    rows = fake_households(practice_villages, "2024", per_village=(20, 40), lookalike=False)
    practice = io.StringIO()
    practice.write(",".join(HOUSEHOLD_COLUMNS) + "\n")
    for row in rows:
        practice.write(",".join(row[c] for c in HOUSEHOLD_COLUMNS) + "\n")
    files["latihan/contoh.rumah_tangga.csv"] = practice.getvalue().encode("utf-8")
    files["BACA-SAYA.txt"] = (
        "\n".join(INSTRUCTIONS) + "\n\nBerkas latihan berisi rumah tangga rekaan: kolom data pribadi "
        "(nik_kepala, nama_kepala, alamat, no_hp) hanya berisi penanda seperti NIK-CONTOH-0001 yang menunjukkan "
        "tempat data itu dalam berkas sungguhan. labkem aggregate tidak pernah membaca kolom tersebut.\n"
    ).encode()
    return zip_bytes({name: files[name] for name in sorted(files)}, FIXED_TIME)
