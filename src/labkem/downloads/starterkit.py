"""The starter kit a new regency downloads: blank templates (CSV and one XLSX with the column rules as
Excel data validation and an instruction sheet), the table schemas, and a practice household file.

The zip is written with fixed timestamps and sorted entries, so the same inputs give the same bytes.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from labkem.core.files import freeze_xlsx, zip_bytes
from labkem.data.households import COLUMNS as HOUSEHOLD_COLUMNS
from labkem.data.households import fake_households
from labkem.data.schemas import Schema, indikator_schema, regency_schemas

FIXED_TIME = (2020, 1, 1, 0, 0, 0)
INSTRUCTIONS = [
    "Templat paket data kabupaten Lab Kemiskinan Terbuka.",
    "Satu lembar kerja = satu tabel. Baris 1 adalah nama kolom: jangan diubah.",
    "Isi hanya angka agregat per desa. Jangan pernah menulis nama orang, NIK/KK, alamat, nomor telepon "
    "atau tanggal lahir.",
    "Kode wilayah memakai kode Kemendagri bertitik, mis. 33.26.02.2008 (desa) dan 33.26.02 (kecamatan).",
    "Periode ditulis sebagai tahun (2024) atau semester (2024-S1).",
    "Angka sensitif 1 sampai 4 dikosongkan dan kolom status diisi c (disamarkan); nol boleh ditulis.",
    "Simpan setiap lembar sebagai 'CSV UTF-8' dengan nama tabelnya (mis. observasi.csv), lalu jalankan "
    "labkem validate.",
    "Aturan setiap kolom ada di schemas/*.json; lembar kerja menolak nilai di luar daftar atau di bawah nol.",
]


def _csv_header(schema: Schema) -> str:
    return ",".join(f["name"] for f in schema["fields"]) + "\n"


def _validation(field: dict[str, Any], column: str, rows: int = 5000) -> DataValidation | None:
    """Excel data validation for a column, from the field's type and constraints."""
    constraints = field.get("constraints", {})
    cells = f"{column}2:{column}{rows}"
    rule: DataValidation | None = None
    if "enum" in constraints:
        rule = DataValidation(type="list", formula1='"' + ",".join(str(v) for v in constraints["enum"]) + '"')
    elif field["type"] == "integer":
        rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1=str(constraints.get("minimum", 0)))
    elif field["type"] == "number":
        if "maximum" in constraints:
            rule = DataValidation(
                type="decimal",
                operator="between",
                formula1=str(constraints.get("minimum", 0)),
                formula2=str(constraints["maximum"]),
            )
        else:
            rule = DataValidation(
                type="decimal", operator="greaterThanOrEqual", formula1=str(constraints.get("minimum", 0))
            )
    elif field["type"] == "boolean":
        rule = DataValidation(type="list", formula1='"true,false"')
    if rule is None:
        return None
    rule.error = f"Nilai tidak sesuai aturan kolom {field['name']}: {field.get('description', '')}"[:225]
    rule.errorTitle = "Nilai tidak valid"
    rule.showErrorMessage = True
    rule.allow_blank = not constraints.get("required", False)
    rule.add(cells)
    return rule


def workbook(schemas: dict[str, Schema]) -> bytes:
    """The XLSX template: an instruction sheet, then one sheet per table with validation rules."""
    book = Workbook()
    sheet = book.active
    sheet.title = "petunjuk"
    for number, line in enumerate(INSTRUCTIONS, start=1):
        sheet.cell(row=number, column=1, value=line)
    for name, schema in schemas.items():
        table = book.create_sheet(name[:31])
        for index, field in enumerate(schema["fields"], start=1):
            column = table.cell(row=1, column=index).column_letter
            table.cell(row=1, column=index, value=field["name"])
            table.column_dimensions[column].width = max(12, len(field["name"]) + 2)
            rule = _validation(field, column)
            if rule is not None:
                table.add_data_validation(rule)
    fixed = datetime(*FIXED_TIME)
    book.properties.created = fixed
    book.properties.modified = fixed
    buffer = io.BytesIO()
    book.save(buffer)
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
