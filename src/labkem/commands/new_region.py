"""`labkem new-region`: an empty, valid package for any regency or city in Indonesia, and how to check it."""

from __future__ import annotations

from pathlib import Path

import typer

from labkem.core import paths
from labkem.data import scaffold
from labkem.data.site_settings import FILENAME


def run(kode: str, out: Path | None, data: Path) -> int:
    """Write the package (by default `data/<regency-name>`) and print the command that checks it."""
    target = out
    if target is None:
        rows = scaffold.ensure_province(data, kode, paths.CACHE_DIR)
        name = next((r["nama"] for r in rows["kabupaten"] if r["kode"] == kode), kode)
        target = data / scaffold.slug(name)
    settings = data / FILENAME
    had_settings = settings.exists()
    path = scaffold.new_region(kode, target, data, paths.CACHE_DIR)
    beside = path.parent.parent.resolve() == data.resolve()
    check = f"labkem validate --data {data}" if beside else f"labkem validate --data {path.parent} --rujukan {data}"
    typer.echo(f"{path}: paket kosong siap diisi; periksa dengan `{check}`")
    if not had_settings:
        typer.echo(f"{settings}: nama, logo dan warna situs; ubah sesuai kabupaten Anda")
    return 0
