"""`labkem impor`: a filled workbook read back into its package's CSV files, or nothing written at all."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import typer

from labkem.commands.failures import problems_printed
from labkem.core.errors import LabkemError, ValidationFailed
from labkem.data.workbooks import (
    INSTRUCTIONS_SHEET,
    PACKAGE_LABEL,
    Finding,
    WorkbookRead,
    package_named,
    read_sheets,
    read_workbook,
)
from labkem.validate import Problem, check_data


@dataclass(frozen=True)
class Located:
    """A problem or note as the officer finds it in the workbook: `BERKAS: lembar!SEL (kolom): aturan: pesan`."""

    workbook: str
    place: str
    column: str
    rule: str
    message: str

    def format(self) -> str:
        """The one-line form."""
        column = f" ({self.column})" if self.column else ""
        return f"{self.workbook}: {self.place}{column}: {self.rule}: {self.message}"


@dataclass(frozen=True)
class Imported:
    """What `import_workbook` wrote: the package folder, its CSV files, the notes, and the seconds it took."""

    package: Path
    written: tuple[str, ...]
    notes: tuple[Located, ...]
    seconds: float


def _finding(workbook: str, finding: Finding, lang: str) -> Located:
    return Located(workbook, finding.place, finding.column, finding.rule, finding.text(lang))


def _at_cell(workbook: str, problem: Problem, read: WorkbookRead, copy: Path, package: Path) -> Located:
    """A problem `labkem validate` found in a CSV file, placed at the cell it came from; one in another file of the
    scratch copy is named at that file of the package."""
    path = Path(problem.path).resolve()
    inside = path.is_relative_to(copy.resolve())
    table = read.tables.get(path.stem) if inside and path.parent == copy.resolve() else None
    if table is None:
        where = str(package / path.relative_to(copy.resolve())) if inside else problem.path
        return Located(workbook, where, problem.column or "", problem.rule, problem.message)
    place = table.name
    if problem.row is not None and 2 <= problem.row < len(table.rows) + 2:
        row = table.rows[problem.row - 2]
        letter = table.letters.get(problem.column or "", "")
        place = f"{table.name}!{letter}{row}" if letter else f"{table.name}!{row}:{row}"
    elif problem.row == 1:
        place = f"{table.name}!1:1"
    return Located(workbook, place, problem.column or "", problem.rule, problem.message)


def import_workbook(workbook: Path, package: Path | None, data: Path, lang: str = "id") -> Imported:
    """Read `workbook` into the CSV files of the package in `package` (by default the one its instruction sheet
    names, under `data`); validate them with the package's reference packages (its neighbours); write them only
    when nothing is wrong, all at once. Raises `ValidationFailed` with every problem placed at its sheet and cell
    otherwise; the package is then untouched."""
    started = time.perf_counter()
    if not workbook.is_file():
        raise LabkemError(f"{workbook}: berkas tidak ada")
    name = workbook.name
    sheets = read_sheets(workbook)  # once: the package's name and its tables come from the same reading
    named = package_named(sheets) if package is None else ""
    if package is None:
        if not named:
            raise LabkemError(
                f"{workbook}: lembar petunjuk tidak menyebut paketnya; beri --out datapackages/NAMA-PAKET"
            )
        package = data / named
    descriptor_path = package / "datapackage.json"
    if not descriptor_path.is_file():
        raise LabkemError(f"{package}: bukan folder paket (tidak ada datapackage.json); buat dengan labkem new-region")
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    resources = [r for r in descriptor.get("resources", []) if "schema" in r]
    read = read_workbook(sheets, resources)
    problems = [_finding(name, f, lang) for f in read.problems]
    if read.package and read.package != package.name:
        problems.insert(
            0,
            Located(
                name,
                f"{INSTRUCTIONS_SHEET}!B1",
                PACKAGE_LABEL,
                "workbook-package",
                f"berkas ini untuk paket {read.package}, bukan {package.name}; pilih paketnya dengan --out"
                if lang != "en"
                else f"this workbook is for package {read.package}, not {package.name}; choose it with --out",
            ),
        )
    notes = [_finding(name, f, lang) for f in read.notes]
    if problems:
        raise ValidationFailed(f"{len(problems)} masalah di {name}; paket {package} tidak diubah.", problems)
    paths = {str(r["name"]): str(r["path"]) for r in resources}
    with tempfile.TemporaryDirectory(prefix="labkem-impor-") as scratch:
        copy = Path(scratch) / package.name
        shutil.copytree(package, copy)
        for table in read.tables.values():
            (copy / paths[table.name]).write_text(table.csv, encoding="utf-8", newline="")
        report = check_data(Path(scratch), lang, only=package.name, references=package.parent)
        inside = copy.resolve()
        notes += [
            Located(name, Path(n.path).stem, "", "catatan", n.message)  # a table's note, at its sheet
            for n in report.notes
            if inside in Path(n.path).resolve().parents  # not the settings of the scratch folder
        ]
        if report.problems:
            located = [_at_cell(name, p, read, copy, package) for p in report.problems]
            raise ValidationFailed(f"{len(located)} masalah di {name}; paket {package} tidak diubah.", located)
    written = []
    staged = []
    for table in read.tables.values():
        target = package / paths[table.name]
        if target.is_file() and target.read_text(encoding="utf-8") == table.csv:
            continue
        temporary = target.with_name(f".{target.name}.impor")
        temporary.write_text(table.csv, encoding="utf-8", newline="")
        staged.append((temporary, target))
        written.append(paths[table.name])
    for temporary, target in staged:
        os.replace(temporary, target)
    return Imported(package, tuple(written), tuple(notes), time.perf_counter() - started)


def run(workbook: Path, out: Path | None, data: Path, lang: str) -> int:
    """Import and say what changed; the problems, if any, are printed before the closing line."""
    with problems_printed():
        done = import_workbook(workbook, out, data, lang)
    for note in done.notes:
        typer.echo(f"catatan: {note.format()}", err=True)
    changed = ", ".join(done.written) if done.written else "tidak ada berkas yang berubah"
    typer.echo(f"{done.package}: {changed} ({done.seconds:.1f} s)")
    return 0
