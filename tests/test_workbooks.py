"""Spreadsheets in and out: `labkem ekspor` writes a package as a workbook, `labkem impor` reads a filled one back.

Each fault below is what a data officer's spreadsheet really does, built with openpyxl (what a user's .xlsx is
read with here); each states the exact sheet, cell, column and rule the import must name, and that the package
was left untouched. One workbook is saved by LibreOffice itself (`soffice --headless --convert-to`)."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from labkem.commands.ekspor import export_workbook
from labkem.commands.impor import _at_cell, import_workbook
from labkem.core.errors import LabkemError, ValidationFailed
from labkem.data.schemas import regency_schemas
from labkem.data.workbooks import WorkbookRead, WorkbookTable, read_sheets
from labkem.downloads.starterkit import workbook as starter_workbook
from labkem.validate import Problem

from conftest import PROJECT_DIR, VALID, labkem

SAMPLE = PROJECT_DIR / "datapackages"
PACKAGE = "kab-pekalongan"
SOFFICE = shutil.which("soffice")


def tree(folder: Path) -> dict[str, str]:
    """Every file of a folder by its digest, to see that nothing changed."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the fixture packages."""
    target = tmp_path / "datapackages"
    shutil.copytree(VALID, target)
    return target


@pytest.fixture
def exported(data: Path, tmp_path: Path) -> Path:
    """The fixture's regency package as a workbook."""
    return export_workbook(data / PACKAGE, tmp_path / "kab.xlsx")


def edit(path: Path, change: Callable[[Workbook], None]) -> Path:
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def cell_of(book: Workbook, sheet: str, column: str, row: int = 2) -> str:
    """The address of `column`'s cell in data row `row` of a sheet (row 1 is the header)."""
    header = [c.value for c in book[sheet][1]]
    return f"{book[sheet].cell(row=1, column=header.index(column) + 1).column_letter}{row}"


def problems_of(workbook: Path, data: Path) -> list[tuple[str, str, str]]:
    """(place, column, rule) of every problem the import names; the package must be untouched."""
    before = tree(data / PACKAGE)
    with pytest.raises(ValidationFailed) as failure:
        import_workbook(workbook, data / PACKAGE, data)
    assert tree(data / PACKAGE) == before, "an import with problems changed the package"
    return [(p.place, p.column, p.rule) for p in failure.value.problems]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Fault:
    """A spreadsheet habit that must be refused, and where the import must say it is."""

    name: str
    change: Callable[[Workbook], None]
    expected: list[tuple[str, str, str]]  # (sheet!cell, column, rule), all of them


def _set(sheet: str, column: str, value: object, row: int = 2) -> Callable[[Workbook], None]:
    def change(book: Workbook) -> None:
        book[sheet][cell_of(book, sheet, column, row)] = value

    return change


def _delete_sheet(book: Workbook) -> None:
    del book["kecamatan"]


def _rename_sheet(book: Workbook) -> None:
    book["potensi_desa"].title = "Potensi 2024"


def _rename_column(book: Workbook) -> None:
    book["observasi"]["D1"] = "Nilai"


def _personal_column(book: Workbook) -> None:
    sheet = book["intervensi"]
    column = sheet.max_column + 1
    sheet.cell(row=1, column=column, value="nik_penerima")
    sheet.cell(row=2, column=column, value="3326021204850001")


def _merge_data(book: Workbook) -> None:
    book["observasi"].merge_cells("A5:B5")


def _merge_header(book: Workbook) -> None:
    book["kecamatan"].merge_cells("A1:B1")


def _stray_value(book: Workbook) -> None:
    sheet = book["observasi"]
    sheet.cell(row=7, column=sheet.max_column + 2, value=12)


def _duplicate_row(book: Workbook) -> None:
    sheet = book["observasi"]
    for index, cell in enumerate(sheet[3], start=1):
        sheet.cell(row=4, column=index, value=cell.value)


def _percent(book: Workbook) -> None:
    cell = book["kemiskinan_kabupaten"]["B2"]
    cell.value = cell.value / 100  # typed as 16,32% in a cell formatted as a percentage: it stores 0.1632
    cell.number_format = "0.00%"


def _other_package(book: Workbook) -> None:
    book["petunjuk"]["B1"] = "kab-batang"


FAULTS = [
    Fault("missing sheet", _delete_sheet, [("kecamatan", "", "workbook-sheet")]),
    Fault("renamed sheet", _rename_sheet, [("potensi_desa", "", "workbook-sheet")]),
    Fault(
        "renamed column",
        _rename_column,
        [("observasi!D1", "Nilai", "workbook-column"), ("observasi!F1", "nilai", "workbook-column")],
    ),
    Fault("personal-data column", _personal_column, [("intervensi!M1", "nik_penerima", "workbook-column")]),
    Fault("merged cells in the data", _merge_data, [("observasi!A5", "", "workbook-merged")]),
    Fault(
        "merged header",
        _merge_header,
        [("kecamatan!A1", "", "workbook-merged")],
    ),
    Fault(
        "formula without a stored value",
        _set("observasi", "nilai", "=2+2", 5),
        [("observasi!D5", "nilai", "workbook-formula")],
    ),
    Fault(
        "a code that lost a zero",
        _set("desa_profil", "kode_desa", 332602201, 3),
        [("desa_profil!A3", "kode_desa", "workbook-code")],
    ),
    Fault(
        "a period turned into a date",
        _set("observasi", "periode", datetime(2018, 1, 1), 6),
        [("observasi!B6", "periode", "workbook-date")],
    ),
    Fault(
        "text in a number column", _set("observasi", "nilai", "banyak", 6), [("observasi!D6", "nilai", "workbook-type")]
    ),
    Fault(
        "not true or false", _set("program_desa", "sintetis", "ya"), [("program_desa!F2", "sintetis", "workbook-type")]
    ),
    Fault("a value beyond the named columns", _stray_value, [("observasi!G7", "", "workbook-column")]),
    Fault("a workbook for another package", _other_package, [("petunjuk!B1", "paket", "workbook-package")]),
    Fault("a percentage format", _percent, [("kemiskinan_kabupaten!B2", "persen_miskin", "workbook-percent")]),
    # the rules of the data themselves, placed back at their cells
    Fault(
        "a value outside the list",
        _set("desa_profil", "tipologi", "kota", 4),
        [("desa_profil!E4", "tipologi", "constraint-error")],
    ),
    Fault("a duplicate key", _duplicate_row, [("observasi!4:4", "kode_desa,periode,indikator", "primary-key")]),
]


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.name)
def test_a_workbook_fault_is_named_at_its_cell_and_nothing_is_written(fault: Fault, exported: Path, data: Path) -> None:
    edit(exported, fault.change)
    assert problems_of(exported, data) == fault.expected


def test_the_catalogue_of_workbook_faults_is_complete() -> None:
    # with the small count below and the LibreOffice file: every refusal the import knows, and the data's own rules
    assert len(FAULTS) >= 15
    assert {rule for fault in FAULTS for _, _, rule in fault.expected} >= {
        "workbook-sheet",
        "workbook-column",
        "workbook-merged",
        "workbook-formula",
        "workbook-code",
        "workbook-date",
        "workbook-type",
        "workbook-package",
        "workbook-percent",
    }


def test_a_small_count_typed_into_the_workbook_is_refused_at_its_cell(exported: Path, data: Path) -> None:
    book = load_workbook(exported)
    sheet = book["observasi"]
    header = [c.value for c in sheet[1]]
    row = next(
        r
        for r in range(2, sheet.max_row + 1)
        if str(sheet.cell(row=r, column=header.index("indikator") + 1).value).startswith("jiwa_disabilitas")
        and sheet.cell(row=r, column=header.index("nilai") + 1).value not in (None, 0)
    )
    sheet.cell(row=row, column=header.index("nilai") + 1, value=3)
    sheet.cell(row=row, column=header.index("status") + 1, value=None)
    book.save(exported)
    found = problems_of(exported, data)
    assert (f"observasi!D{row}", "nilai", "small-cell") in found, found


def test_accepted_habits_become_notes_and_the_canonical_csv(exported: Path, data: Path) -> None:
    before = {p.name: p.read_bytes() for p in sorted((data / PACKAGE).glob("*.csv"))}
    book = load_workbook(exported)
    observasi, profil = book["observasi"], book["desa_profil"]
    number = cell_of(book, "observasi", "nilai", 3)
    assert isinstance(observasi[number].value, int)
    observasi[number] = f" {observasi[number].value} "  # a number stored as text, with spaces
    observasi["B2"] = int(observasi["B2"].value)  # a year typed as a number in a text column
    profil["A2"] = int(profil["A2"].value.replace(".", ""))  # a code typed without its dots
    book.create_sheet("catatan")["A1"] = "coretan petugas"  # a sheet of one's own
    observasi.insert_rows(6)  # an empty row within the data
    bottom = observasi.max_row
    for column in "ABCDE":
        observasi[f"{column}9000"].number_format = "0"  # a formatted, empty area below the data
    book.save(exported)

    done = import_workbook(exported, data / PACKAGE, data)

    assert sorted((n.place, n.rule) for n in done.notes) == sorted(
        [
            ("catatan", "workbook-sheet"),
            ("desa_profil!A2", "workbook-code"),
            ("observasi!A6", "workbook-blank-rows"),
            ("observasi!B2", "workbook-number-as-text"),
            (f"observasi!{number}", "workbook-text-number"),
            (f"observasi!A{bottom + 1}", "workbook-trailing-rows"),
        ]
    )
    assert {p.name: p.read_bytes() for p in sorted((data / PACKAGE).glob("*.csv"))} == before


def test_a_formula_with_its_stored_value_is_read_as_that_value(exported: Path, data: Path) -> None:
    """Excel and LibreOffice store a formula's last value beside it; openpyxl cannot, so the XML is written here
    as they write it."""
    book = load_workbook(exported)
    value = book["observasi"]["D3"].value
    sheets = dict(zip(book.sheetnames, range(1, len(book.sheetnames) + 1), strict=True))
    member = f"xl/worksheets/sheet{sheets['observasi']}.xml"
    with zipfile.ZipFile(exported) as source:
        files = {item.filename: source.read(item.filename) for item in source.infolist()}
    files[member], count = re.subn(
        rb'<c r="D3"([^>]*)><v>([^<]*)</v></c>', rb'<c r="D3"\1><f>\2*1</f><v>\2</v></c>', files[member]
    )
    assert count == 1 and value is not None
    with zipfile.ZipFile(exported, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in files.items():
            target.writestr(name, content)
    before = (data / PACKAGE / "observasi.csv").read_bytes()
    done = import_workbook(exported, data / PACKAGE, data)
    assert [(n.place, n.rule) for n in done.notes] == [("observasi!D3", "workbook-formula")]
    assert (data / PACKAGE / "observasi.csv").read_bytes() == before


@pytest.mark.slow
@pytest.mark.parametrize("package", ["kab-pekalongan", "kab-pemalang", "kab-purworejo"])
def test_every_sample_package_survives_ekspor_then_impor_byte_for_byte(package: str, tmp_path: Path) -> None:
    data = tmp_path / "datapackages"
    shutil.copytree(SAMPLE, data, ignore=shutil.ignore_patterns("situs.yml"))
    before = {p.name: p.read_bytes() for p in sorted((data / package).glob("*.csv"))}
    workbook = export_workbook(data / package, tmp_path / f"{package}.xlsx")
    for path in (data / package).glob("*.csv"):
        path.write_text("rusak\n", encoding="utf-8")  # the import alone must bring every byte back
    done = import_workbook(workbook, None, data)
    assert done.package == data / package
    assert {p.name: p.read_bytes() for p in sorted((data / package).glob("*.csv"))} == before
    assert done.notes == ()


def test_ekspor_gives_the_same_bytes_for_the_same_package(data: Path, tmp_path: Path) -> None:
    first = export_workbook(data / PACKAGE, tmp_path / "a.xlsx").read_bytes()
    second = export_workbook(data / PACKAGE, tmp_path / "b.xlsx").read_bytes()
    assert first == second


def test_the_exported_workbook_is_laid_out_for_an_officer(exported: Path) -> None:
    book = load_workbook(exported)
    assert book.sheetnames[0] == "petunjuk"
    assert [book["petunjuk"]["A1"].value, book["petunjuk"]["B1"].value] == ["paket", PACKAGE]
    observasi = book["observasi"]
    assert [c.value for c in observasi[1]] == ["kode_desa", "periode", "indikator", "nilai", "status"]
    assert observasi["A2"].number_format == "@" and isinstance(observasi["A2"].value, str)  # codes stay text
    rules = {str(v.sqref).split(":")[0]: v.type for v in observasi.data_validations.dataValidation}
    assert rules["D2"] == "decimal" and rules["E2"] == "list"  # nilai >= 0; status from its list
    assert observasi.freeze_panes == "A2"


def test_impor_from_the_command_line_names_sheet_cell_column_and_rule(exported: Path, data: Path) -> None:
    edit(exported, _set("observasi", "nilai", "banyak", 6))
    done = labkem("impor", str(exported), "--data", str(data))
    assert done.returncode == 1
    assert "kab.xlsx: observasi!D6 (nilai): workbook-type: 'banyak' bukan angka" in done.stdout
    english = labkem("impor", str(exported), "--data", str(data), "--lang", "en")
    assert "kab.xlsx: observasi!D6 (nilai): workbook-type: 'banyak' is not a number" in english.stdout


def test_a_file_that_is_not_a_workbook_is_refused(data: Path, tmp_path: Path) -> None:
    fake = tmp_path / "data.xlsx"
    fake.write_text("kode_desa,periode\n", encoding="utf-8")
    done = labkem("impor", str(fake), "--out", str(data / PACKAGE))
    assert done.returncode == 1 and "tidak bisa dibaca sebagai lembar kerja" in done.stderr + done.stdout


@pytest.mark.slow  # starts LibreOffice, which `make test` installs and `make check` does not
def test_a_workbook_saved_by_libreoffice_itself(exported: Path, data: Path, tmp_path: Path) -> None:
    """LibreOffice's own .ods and .xlsx: its repeated empty rows, its stored formula values, its TRUE and FALSE,
    its number formats; read back to the same CSV bytes."""
    assert SOFFICE, "LibreOffice Calc is missing: make test installs it (scripts/system_tools.sh)"
    book = load_workbook(exported)
    observasi = book["observasi"]
    row = next(r for r in range(2, observasi.max_row + 1) if isinstance(observasi[f"D{r}"].value, int))
    value = observasi[f"D{row}"].value
    observasi[f"D{row}"] = f"={value - 1}+1"  # LibreOffice computes it and stores the value with it
    book.save(exported)
    before = {p.name: p.read_bytes() for p in sorted((data / PACKAGE).glob("*.csv"))}
    for kind in ("ods", "xlsx"):
        folder = tmp_path / kind
        done = subprocess.run(
            [
                str(SOFFICE),
                "--headless",
                f"-env:UserInstallation=file://{tmp_path}/profil",
                "--convert-to",
                kind,
                "--outdir",
                str(folder),
                str(exported),
            ],
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        saved = folder / f"kab.{kind}"
        assert [s.name for s in read_sheets(saved)][:2] == ["petunjuk", "kecamatan"]
        imported = import_workbook(saved, data / PACKAGE, data)
        # LibreOffice keeps empty rows below some tables: noted, and nothing else but the formula
        notes = [(n.place, n.rule) for n in imported.notes if n.rule != "workbook-trailing-rows"]
        assert notes == [(f"observasi!D{row}", "workbook-formula")], kind
        assert {p.name: p.read_bytes() for p in sorted((data / PACKAGE).glob("*.csv"))} == before, kind


def test_the_starter_kit_template_filled_in_is_imported_into_a_new_package(data: Path, tmp_path: Path) -> None:
    """A new regency's path: fill the kit's workbook, then `labkem impor --out` the package new-region made."""

    template = tmp_path / "templat-kabupaten.xlsx"
    template.write_bytes(starter_workbook(regency_schemas()))
    book = load_workbook(template)
    before = {p.name: p.read_bytes() for p in sorted((data / PACKAGE).glob("*.csv"))}
    for sheet in book.sheetnames[1:]:
        rows = list(csv.reader(io.StringIO((data / PACKAGE / f"{sheet}.csv").read_text(encoding="utf-8"))))
        assert [c.value for c in book[sheet][1]] == rows[0]
        for row in rows[1:]:  # typed as an officer types: numbers as numbers, the rest as text
            book[sheet].append([int(v) if re.fullmatch(r"-?\d{1,9}", v) else (v or None) for v in row])
    book.save(template)
    for path in (data / PACKAGE).glob("*.csv"):
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")  # headers only
    with pytest.raises(LabkemError, match="tidak menyebut paketnya"):
        import_workbook(template, None, data)  # the template names no package: --out says which
    import_workbook(template, data / PACKAGE, data)
    assert {p.name: p.read_bytes() for p in sorted((data / PACKAGE).glob("*.csv"))} == before


def test_a_problem_outside_the_tables_is_named_at_the_package_not_the_scratch_copy(tmp_path: Path) -> None:
    copy, package = tmp_path / "salinan" / PACKAGE, tmp_path / "datapackages" / PACKAGE
    read = WorkbookRead(PACKAGE, {"observasi": WorkbookTable("observasi", "", [2, 3, 5], {"nilai": "D"})}, [], [])
    in_table = Problem(str(copy / "observasi.csv"), 4, "nilai", "type-error", "x")
    elsewhere = Problem(str(copy / "datapackage.json"), None, None, "json", "y")
    assert _at_cell("kab.xlsx", in_table, read, copy, package).place == "observasi!D5"  # CSV row 4: sheet row 5
    assert _at_cell("kab.xlsx", elsewhere, read, copy, package).place == str(package / "datapackage.json")
