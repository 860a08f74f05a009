"""`labkem ekspor`: a package as the workbook a data officer fills, to start from what is published."""

from __future__ import annotations

import io
import json
from pathlib import Path

import typer

from labkem.core.errors import LabkemError
from labkem.core.files import freeze_xlsx, write_atomic
from labkem.data.workbooks import write_workbook

FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # the workbook's dates, so the same package gives the same bytes


def export_workbook(package: Path, out: Path) -> Path:
    """Write the package in `package` to the workbook `out` (.xlsx): an instruction sheet naming the package, then
    one sheet per table. `labkem impor` of that workbook gives back the same CSV bytes."""
    descriptor_path = package / "datapackage.json"
    if not descriptor_path.is_file():
        raise LabkemError(f"{package}: bukan folder paket (tidak ada datapackage.json)")
    if out.suffix.lower() != ".xlsx":
        raise LabkemError(f"{out}: ekspor menulis .xlsx (dibuka Excel dan LibreOffice); beri nama berkas .xlsx")
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    resources = [r for r in descriptor.get("resources", []) if "schema" in r]
    tables = {}
    for resource in resources:
        path = package / str(resource["path"])
        if not path.is_file():
            raise LabkemError(f"{path}: berkas tabel {resource['name']} tidak ada")
        tables[str(resource["name"])] = path.read_text(encoding="utf-8-sig")
    buffer = io.BytesIO()
    write_workbook(str(descriptor.get("name", package.name)), resources, tables).save(buffer)
    write_atomic(out, freeze_xlsx(buffer.getvalue(), FIXED_TIME))
    return out


def run(package: Path, out: Path) -> int:
    """Export and say where the workbook is."""
    written = export_workbook(package, out)
    typer.echo(f"{written}: buka di Excel atau LibreOffice, isi, lalu labkem impor {written}")
    return 0
