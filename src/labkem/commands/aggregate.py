"""`labkem aggregate`: a household rapid-scan file counted into village aggregates, small counts suppressed."""

from __future__ import annotations

from pathlib import Path

import typer

from labkem.core.settings import INDIKATOR_PACKAGE, WILAYAH_PACKAGE
from labkem.data.aggregate import aggregate_file
from labkem.data.load import find_packages


def run(households: Path, region: str, out: Path, periode: str | None, data: Path) -> int:
    """Write the regency's `observasi.csv` and say how many rows, households and suppressed cells it holds."""
    refs = {ref.name: ref for ref in find_packages(data)}
    codebook = [
        {str(k): str(v) for k, v in row.items()} for row in refs[INDIKATOR_PACKAGE].read("indikator").to_dict("records")
    ]
    villages = refs[WILAYAH_PACKAGE].read("desa")["kode"]
    result = aggregate_file(households, region, out, codebook, list(villages), periode)
    for warning in result.warnings:
        typer.echo(f"Peringatan: {warning}", err=True)
    typer.echo(
        f"{result.path}: {result.rows} baris agregat dari {result.households} rumah tangga di {result.villages} desa; "
        f"{result.primary} sel disamarkan (primer) dan {result.complementary} sel pelengkap."
    )
    return 0
