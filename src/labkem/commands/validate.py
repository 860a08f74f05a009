"""`labkem validate`: every package checked, the problems printed as text, JSON or Markdown."""

from __future__ import annotations

from pathlib import Path

import typer

from labkem.validate import check_data, package_selection, report_as_json, report_as_markdown, write_html_report


def run(data: Path, references: Path | None, format: str, lang: str, html: Path | None) -> int:
    """Check the packages under `data` (or the one package it names); 0 when they can be published, 1 if not."""
    data_dir, only = package_selection(data)
    report = check_data(data_dir, lang, only=only, references=references)
    problems = report.problems
    if html is not None:
        write_html_report(report, html, lang)
    if format == "json":
        typer.echo(report_as_json(report))
    elif format == "markdown":
        typer.echo(report_as_markdown(report, lang), nl=False)
    else:
        for note in report.notes:
            typer.echo(note.format(), err=True)
        for problem in problems:
            typer.echo(problem.format())
        if problems:
            typer.echo(f"{len(problems)} masalah." if lang == "id" else f"{len(problems)} problems.", err=True)
        else:
            typer.echo("Semua paket valid." if lang == "id" else "All packages are valid.", err=True)
    return 1 if problems else 0
