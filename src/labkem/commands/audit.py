"""`labkem audit`: the published packages and archived releases attacked as an adversary would."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from labkem.downloads.audit import audit
from labkem.downloads.releases import ARCHIVE_DIR


def run(data: Path, archive: Path | None, format: str, lang: str) -> int:
    """Print every cell that can be worked out or narrowed down; 0 when none can, 1 if some can."""
    report = audit(data, archive or data.resolve().parent / ARCHIVE_DIR, lang)
    problems = report.problems
    if format == "json":
        typer.echo(json.dumps([p.__dict__ for p in problems], ensure_ascii=False, indent=2))
        return 1 if problems else 0
    for problem in problems:
        typer.echo(problem.format())
    if problems:
        typer.echo(f"{len(problems)} masalah." if lang == "id" else f"{len(problems)} problems.", err=True)
    elif lang == "id":
        typer.echo("Tidak ada sel yang terungkap dari paket dan rilis arsip yang terbit.", err=True)
    else:
        typer.echo("No cell is disclosed by the packages and the archived releases as published.", err=True)
    return 1 if problems else 0
