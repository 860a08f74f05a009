"""A regency package as one workbook (`.xlsx` from Excel, `.ods` from LibreOffice) and back.

Data officers keep their numbers in spreadsheets. `write_workbook` lays a package out as the starter kit does:
an instruction sheet (`petunjuk`, which also names the package), then one sheet per table with the column names
in row 1, each column's rule as data validation, codes and periods as text cells, numbers as numbers shown with
the decimals the CSV file has. `read_workbook` turns a filled workbook back into the package's canonical CSV
files, cell by cell, and says what it did and what it cannot do, each finding at the cell as the spreadsheet
shows it (`observasi!D15`) with its column and rule:

- accepted, as notes: numbers stored as text, codes typed as a number or without their dots when the digits
  are unambiguous, formulas (their stored value is read), values in a text column that a spreadsheet turned into
  numbers (a year), spaces around text, empty rows between the data, a sheet that is not a table;
- refused, as problems: a missing or renamed sheet or column, an extra column, a merged cell, a formula
  without a stored value, a value that is not of its column's type, a code whose digits cannot be told apart
  (a leading zero lost), a value a spreadsheet turned into a date, a number formatted as a percentage (the cell
  stores a hundredth of what it shows).

The rules of the data themselves (keys, lists, the gazetteer, privacy) are those of `labkem validate`, which
`labkem impor` runs on what this module read; `WorkbookTable.rows` maps each CSV row back to its sheet row.
An exported package read back gives the same CSV bytes (`tests/test_workbooks.py` checks the whole sample).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from labkem.core.errors import LabkemError

INSTRUCTIONS_SHEET = "petunjuk"
PACKAGE_LABEL = "paket"  # petunjuk: the row whose first cell is this names the package in its second cell
SUFFIXES = (".xlsx", ".ods")
# A text cell: spreadsheets then keep what is typed (a code, a period) as text instead of a number or a date.
TEXT_FORMAT = "@"
VALIDATION_ROWS = 5000  # how far down the data validation reaches below the data
# Kemendagri codes by their digits without dots: province, regency, district, village.
CODE_DIGITS = {2: (2,), 4: (2, 2), 6: (2, 2, 2), 10: (2, 2, 2, 4)}
FIXED_DECIMALS = re.compile(r"^0(?:\.(0+))?$")
INSTRUCTIONS = [
    "Satu lembar kerja = satu tabel. Baris 1 adalah nama kolom: jangan diubah, dipindah atau digabung.",
    "Isi hanya angka agregat per desa. Jangan pernah menulis nama orang, NIK/KK, alamat, nomor telepon "
    "atau tanggal lahir.",
    "Kode wilayah memakai kode Kemendagri bertitik, mis. 33.26.02.2008 (desa) dan 33.26.02 (kecamatan); "
    "sel kode dan periode berformat teks.",
    "Periode ditulis sebagai tahun (2024) atau semester (2024-S1).",
    "Angka sensitif 1 sampai 4 dikosongkan dan kolom status diisi c (disamarkan); nol boleh ditulis.",
    "Jangan menggabung sel. Rumus boleh, asal berkas disimpan dengan hasilnya (Excel dan LibreOffice menyimpannya).",
    "Setelah diisi: labkem impor BERKAS (atau serahkan berkas ini kepada petugas yang menjalankannya). "
    "labkem memeriksa semua isinya dan tidak mengubah apa pun bila masih ada masalah.",
]

_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


def _q(prefix: str, name: str) -> str:
    return f"{{{_NS[prefix]}}}{name}"


class WorkbookError(LabkemError):
    """Raised when a file cannot be read as a workbook at all (not a spreadsheet, damaged, password)."""


Value = str | int | float | bool | datetime | date | time | None


@dataclass(frozen=True)
class Cell:
    """One cell as the spreadsheet stored it."""

    value: Value
    formula: bool = False  # the cell holds a formula (its value, if any, is the one stored with it)
    number_format: str = "General"  # how the spreadsheet shows a number (xlsx); '' when unknown
    shown: str = ""  # the text the spreadsheet shows, when the file stores it (ods)


@dataclass
class Sheet:
    """A sheet's cells, row 1 first; `merged` are the merged ranges (e.g. 'D15:E15')."""

    name: str
    rows: list[list[Cell]]
    merged: list[str] = field(default_factory=list)
    trailing: int = 0  # empty rows the file keeps below the data (formatted, or once filled), left out of `rows`


@dataclass(frozen=True)
class Finding:
    """A note or a problem at a cell of the workbook."""

    sheet: str
    cell: str  # as the spreadsheet shows it: 'D15', or '' for the whole sheet
    column: str  # the column's name, or ''
    rule: str
    message: str  # in Indonesian
    message_en: str

    def text(self, lang: str = "id") -> str:
        """The message in the language asked for."""
        return self.message_en if lang == "en" else self.message

    @property
    def place(self) -> str:
        """'observasi!D15', or the sheet's name alone."""
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet


@dataclass
class WorkbookTable:
    """A table read from its sheet: canonical CSV text and, for each data row, its row in the sheet."""

    name: str
    csv: str
    rows: list[int]  # the sheet row of each CSV data row (row 2 of the CSV file is rows[0])
    letters: dict[str, str]  # the sheet column of each CSV column, by name


@dataclass
class WorkbookRead:
    """What `read_workbook` made of a workbook."""

    package: str  # the package named on the instruction sheet, or ''
    tables: dict[str, WorkbookTable]
    notes: list[Finding]
    problems: list[Finding]


# --- reading the files -------------------------------------------------------------------------------


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of an `.xlsx` or `.ods` file, in the file's order."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return _xlsx_sheets(path)
        if suffix == ".ods":
            return _ods_sheets(path)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, ValueError) as error:
        raise WorkbookError(f"{path}: tidak bisa dibaca sebagai lembar kerja ({error})") from None
    raise WorkbookError(f"{path}: hanya .xlsx (Excel) atau .ods (LibreOffice) yang bisa dibaca")


_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')
# a cell's formula: its text, or none for a shared formula's later cells (`<f t="shared" si="0"/>`)
_FORMULA = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*>\s*<f(?:\s[^>]*)?(?:/>|>([^<]*)</f>)')
# how LibreOffice keeps TRUE and FALSE in a workbook: a constant, not a formula of the officer's
_CONSTANTS = {b"TRUE()", b"FALSE()"}


def _xlsx_sheets(path: Path) -> list[Sheet]:
    """Read the values stored in the cells with openpyxl (read-only: a stream), and which cells hold a formula
    and which are merged from each sheet's XML, which read-only worksheets do not parse."""
    book = load_workbook(path, read_only=True, data_only=True)
    sheets = []
    with zipfile.ZipFile(path) as archive:
        for name in book.sheetnames:
            worksheet = book[name]
            sheet_xml = archive.read(worksheet._worksheet_path.lstrip("/"))
            formulas = {ref.decode() for ref, text in _FORMULA.findall(sheet_xml) if text not in _CONSTANTS}
            rows = []
            for number, cells in enumerate(worksheet.iter_rows(), start=1):
                row = []
                for index, cell in enumerate(cells, start=1):
                    value = getattr(cell, "value", None)
                    row.append(
                        Cell(
                            value,
                            bool(formulas) and f"{get_column_letter(index)}{number}" in formulas,
                            getattr(cell, "number_format", "General") or "General",
                        )
                    )
                rows.append(row)
            merged = [m.decode() for m in _MERGE.findall(sheet_xml)]
            kept = _trimmed(list(rows))
            sheets.append(Sheet(name, kept, merged, len(rows) - len(kept)))
    book.close()
    return sheets


def _ods_text(cell: ElementTree.Element) -> str:
    lines = []
    for paragraph in cell.findall(_q("text", "p")):
        parts = [paragraph.text or ""]
        for child in paragraph:
            if child.tag == _q("text", "s"):
                parts.append(" " * int(child.get(_q("text", "c"), "1")))
            else:
                parts.append("".join(child.itertext()))
            parts.append(child.tail or "")
        lines.append("".join(parts))
    return "\n".join(lines)


def _ods_value(cell: ElementTree.Element) -> Value:
    kind = cell.get(_q("office", "value-type"))
    if kind in ("float", "percentage", "currency"):
        number = float(cell.get(_q("office", "value"), "0"))
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == "boolean":
        return cell.get(_q("office", "boolean-value")) == "true"
    if kind == "date":
        text = cell.get(_q("office", "date-value"), "")
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    if kind == "time":
        return cell.get(_q("office", "time-value"))
    if kind == "string":
        return cell.get(_q("office", "string-value")) or _ods_text(cell)
    return None


_ODS_BOOLEAN = re.compile(r"of:=(TRUE|FALSE)\(\)")


def _ods_sheets(path: Path) -> list[Sheet]:
    """Read `content.xml` as a stream; repeated empty rows and columns (LibreOffice writes a million of them
    below the data) are never spelt out."""
    sheets: list[Sheet] = []
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
        current: Sheet | None = None
        pending_empty = 0  # empty rows seen since the last row with a value
        for event, element in ElementTree.iterparse(content, events=("start", "end")):
            if event == "start" and element.tag == _q("table", "table"):
                current = Sheet(element.get(_q("table", "name"), ""), [])
                pending_empty = 0
            elif event == "end" and element.tag == _q("table", "table-row") and current is not None:
                repeat = int(element.get(_q("table", "number-rows-repeated"), "1"))
                row: list[Cell] = []
                pending_cells: list[Cell] = []
                for cell in element:
                    covered = cell.tag == _q("table", "covered-table-cell")
                    if cell.tag not in (_q("table", "table-cell"), _q("table", "covered-table-cell")):
                        continue
                    value = None if covered else _ods_value(cell)
                    formula = cell.get(_q("table", "formula"))
                    constant = _ODS_BOOLEAN.fullmatch(formula or "")
                    if constant:  # how LibreOffice keeps TRUE and FALSE: a constant, not a formula of the officer's
                        value, formula = constant.group(1) == "TRUE", None
                    shown_as = "0%" if cell.get(_q("office", "value-type")) == "percentage" else ""
                    made = Cell(value, formula is not None, shown_as, _ods_text(cell))
                    across = int(cell.get(_q("table", "number-columns-spanned"), "1"))
                    down = int(cell.get(_q("table", "number-rows-spanned"), "1"))
                    if not covered and (across > 1 or down > 1):
                        top = len(current.rows) + pending_empty + 1
                        left = len(row) + len(pending_cells) + 1
                        current.merged.append(
                            f"{get_column_letter(left)}{top}:{get_column_letter(left + across - 1)}{top + down - 1}"
                        )
                    copies = int(cell.get(_q("table", "number-columns-repeated"), "1"))
                    if made.value is None and not made.formula:
                        pending_cells.extend([made] * min(copies, 1024))
                    else:
                        row.extend(pending_cells)
                        pending_cells = []
                        row.extend([made] * copies)
                if any(c.value is not None or c.formula for c in row):
                    current.rows.extend([[]] * pending_empty)
                    current.rows.extend([list(row) for _ in range(repeat)])
                    pending_empty = 0
                else:
                    pending_empty += repeat
                element.clear()
            elif event == "end" and element.tag == _q("table", "table") and current is not None:
                sheets.append(current)
                current = None
                element.clear()
    return sheets


def _trimmed(rows: list[list[Cell]]) -> list[list[Cell]]:
    """The rows without the empty ones after the last row with a value (a formatted but empty area)."""
    while rows and not any(c.value is not None or c.formula for c in rows[-1]):
        rows.pop()
    return rows


# --- cells to CSV text ---------------------------------------------------------------------------------


def _empty(cell: Cell) -> bool:
    return cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())


def _number_text(value: float, number_format: str, shown: str) -> str:
    """A number as its CSV text: with the decimals the spreadsheet shows when it fixes them, else as short as
    it goes (an integral value without '.0')."""
    match = FIXED_DECIMALS.match(number_format or "")
    if match and match.group(1):
        return f"{value:.{len(match.group(1))}f}"
    if shown and re.fullmatch(r"-?\d+(\.\d+)?", shown) and float(shown) == value:
        return shown
    if float(value).is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(float(value))


def _code_from_digits(digits: str) -> str | None:
    parts = CODE_DIGITS.get(len(digits))
    if parts is None:
        return None
    pieces, start = [], 0
    for width in parts:
        pieces.append(digits[start : start + width])
        start += width
    return ".".join(pieces)


@dataclass
class _Column:
    name: str
    type: str
    code: bool  # a Kemendagri code column (kode_*)


class _Reader:
    """Turns one sheet's cells into CSV text, collecting notes and problems at their cells."""

    def __init__(self, sheet: Sheet, notes: list[Finding], problems: list[Finding]) -> None:
        self.sheet = sheet
        self.notes = notes
        self.problems = problems

    def note(self, cell: str, column: str, rule: str, message: str, message_en: str) -> None:
        self.notes.append(Finding(self.sheet.name, cell, column, rule, message, message_en))

    def problem(self, cell: str, column: str, rule: str, message: str, message_en: str) -> None:
        self.problems.append(Finding(self.sheet.name, cell, column, rule, message, message_en))

    def text(self, cell: Cell, where: str, column: _Column) -> str | None:
        """The cell's CSV text, or None after reporting why it has none."""
        value = cell.value
        if cell.formula:
            if value is None:
                self.problem(
                    where,
                    column.name,
                    "workbook-formula",
                    "rumus tanpa nilai tersimpan: simpan berkas lagi di Excel atau LibreOffice, atau tulis nilainya",
                    "a formula without a stored value: save the file again in Excel or LibreOffice, or type the value",
                )
                return None
            self.note(
                where,
                column.name,
                "workbook-formula",
                "rumus: nilai tersimpannya yang dibaca",
                "a formula: its stored value was read",
            )
        if value is None:
            return ""
        if isinstance(value, datetime | date | time):
            self.problem(
                where,
                column.name,
                "workbook-date",
                f"lembar kerja mengubah nilainya menjadi tanggal ({value}); format sel sebagai teks lalu ketik ulang",
                f"the spreadsheet turned the value into a date ({value}); format the cell as text and type it again",
            )
            return None
        if isinstance(value, int | float) and not isinstance(value, bool) and "%" in cell.number_format:
            self.problem(
                where,
                column.name,
                "workbook-percent",
                f"sel berformat persen: yang tersimpan {value}, bukan angka yang tampak; hapus format % lalu tulis "
                "angkanya (16,32 persen ditulis 16.32)",
                f"a percent-formatted cell: it stores {value}, not the number shown; remove the % format and type "
                "the number (16.32 percent is 16.32)",
            )
            return None
        if column.type == "string":
            return self._string(value, cell, where, column)
        if column.type == "integer":
            return self._integer(value, where, column)
        if column.type == "number":
            return self._number(value, cell, where, column)
        if column.type == "boolean":
            if isinstance(value, bool):
                return "true" if value else "false"
            if isinstance(value, int | float) and value in (0, 1):  # LibreOffice stores TRUE and FALSE as 1 and 0
                return "true" if value else "false"
            if isinstance(value, str) and value.strip().lower() in ("true", "false"):
                return value.strip().lower()
            self.problem(
                where,
                column.name,
                "workbook-type",
                f"'{value}' bukan true atau false",
                f"'{value}' is not true or false",
            )
            return None
        return str(value)

    def _string(self, value: Value, cell: Cell, where: str, column: _Column) -> str | None:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            digits = _number_text(value, cell.number_format, cell.shown)
            if column.code:
                return self._code(digits, where, column)
            self.note(
                where,
                column.name,
                "workbook-number-as-text",
                f"angka {digits} di kolom teks dibaca sebagai teks",
                f"the number {digits} in a text column was read as text",
            )
            return digits
        text = str(value)
        if text != text.strip():
            self.note(
                where,
                column.name,
                "workbook-whitespace",
                "spasi di awal atau akhir sel dihapus",
                "spaces at the start or end of the cell were removed",
            )
            text = text.strip()
        if column.code and text.isdigit():
            return self._code(text, where, column)
        return text

    def _code(self, digits: str, where: str, column: _Column) -> str | None:
        code = _code_from_digits(digits) if digits.isdigit() else None
        if code is None:
            self.problem(
                where,
                column.name,
                "workbook-code",
                f"kode '{digits}' kehilangan titik atau angka nol di depannya sehingga tidak bisa dipastikan; "
                "tulis sebagai teks bertitik, mis. 33.26.02.2008",
                f"the code '{digits}' lost its dots or a leading zero and cannot be told for sure; "
                "type it as text with its dots, e.g. 33.26.02.2008",
            )
            return None
        self.note(
            where,
            column.name,
            "workbook-code",
            f"kode {digits} tanpa titik dibaca sebagai {code}",
            f"the code {digits} without dots was read as {code}",
        )
        return code

    def _wrong_type(self, value: Value, where: str, column: _Column, kind: str, kind_en: str) -> None:
        self.problem(where, column.name, "workbook-type", f"'{value}' bukan {kind}", f"'{value}' is not {kind_en}")

    def _text_number(self, where: str, column: _Column) -> None:
        self.note(
            where,
            column.name,
            "workbook-text-number",
            "angka yang tersimpan sebagai teks dibaca sebagai angka",
            "a number stored as text was read as a number",
        )

    def _integer(self, value: Value, where: str, column: _Column) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
            self._text_number(where, column)
            return str(int(value))
        self._wrong_type(value, where, column, "bilangan bulat", "a whole number")
        return None

    def _number(self, value: Value, cell: Cell, where: str, column: _Column) -> str | None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _number_text(value, cell.number_format, cell.shown)
        text = str(value).strip()
        if not isinstance(value, bool) and re.fullmatch(r"-?\d+([.,]\d+)?", text):
            self._text_number(where, column)
            return text.replace(",", ".")
        self._wrong_type(value, where, column, "angka", "a number")
        return None


def _cell_name(row: int, column: int) -> str:
    return f"{get_column_letter(column)}{row}"


def _merged_problems(sheet: Sheet, problems: list[Finding]) -> None:
    for merged in sheet.merged:
        top_left = merged.split(":", 1)[0]
        problems.append(
            Finding(
                sheet.name,
                top_left,
                "",
                "workbook-merged",
                f"sel digabung ({merged}): pisahkan lagi, satu nilai per sel",
                f"merged cells ({merged}): unmerge them, one value per cell",
            )
        )


def _read_table(sheet: Sheet, resource: dict[str, Any], notes: list[Finding], problems: list[Finding]) -> WorkbookTable:
    name = str(resource["name"])
    fields = resource["schema"]["fields"]
    columns = [_Column(str(f["name"]), str(f["type"]), str(f["name"]).startswith("kode_")) for f in fields]
    expected = [c.name for c in columns]
    if sheet.merged:  # the cells around a merge cannot be read one by one: say so, and nothing more of this sheet
        _merged_problems(sheet, problems)
        return WorkbookTable(name, "", [], {})
    header_cells = sheet.rows[0] if sheet.rows else []
    header = [("" if _empty(c) else str(c.value).strip()) for c in header_cells]
    while header and header[-1] == "":
        header.pop()
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        where = _cell_name(1, index + 1)
        if title in expected and title not in positions:
            positions[title] = index
        elif title in positions:
            problems.append(
                Finding(
                    sheet.name, where, title, "workbook-column", f"kolom {title} ada dua kali", f"column {title} twice"
                )
            )
        else:
            shown = title or "(kosong)"
            problems.append(
                Finding(
                    sheet.name,
                    where,
                    shown,
                    "workbook-column",
                    f"kolom '{shown}' tidak dikenal di tabel {name} (kolomnya: {', '.join(expected)}); hapus kolom "
                    "itu, dan jangan pernah menambah kolom data pribadi",
                    f"unknown column '{shown}' in table {name} (its columns: {', '.join(expected)}); remove it, and "
                    "never add a column of personal data",
                )
            )
    for column in expected:
        if column not in positions:
            where = _cell_name(1, len(header) + 1)
            problems.append(
                Finding(
                    sheet.name,
                    where,
                    column,
                    "workbook-column",
                    f"kolom {column} tidak ada di baris 1 (namanya diubah atau dihapus?)",
                    f"column {column} is missing from row 1 (renamed or deleted?)",
                )
            )
    reader = _Reader(sheet, notes, problems)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(expected)
    rows: list[int] = []
    blank_rows: list[int] = []
    unnamed: set[int] = set()
    width = len(header)
    for number, cells in enumerate(sheet.rows[1:], start=2):
        for index, cell in enumerate(cells[width:], start=width + 1):
            if (not _empty(cell) or cell.formula) and index not in unnamed:
                unnamed.add(index)  # one problem per column, at its first value
                problems.append(
                    Finding(
                        sheet.name,
                        _cell_name(number, index),
                        "",
                        "workbook-column",
                        "nilai di luar kolom bernama; hapus, atau beri kolomnya nama di baris 1",
                        "a value outside the named columns; remove it, or name its column in row 1",
                    )
                )
        if all(_empty(c) and not c.formula for c in cells[:width]):
            blank_rows.append(number)
            continue
        record = []
        for spec in columns:
            at = positions.get(spec.name)
            if at is None:
                record.append("")
                continue
            cell = cells[at] if at < len(cells) else Cell(None)
            text = reader.text(cell, _cell_name(number, at + 1), spec)
            record.append("" if text is None else text)
        writer.writerow(record)
        rows.append(number)
    if sheet.trailing and rows:
        notes.append(
            Finding(
                sheet.name,
                f"A{len(sheet.rows) + 1}",
                "",
                "workbook-trailing-rows",
                f"{sheet.trailing} baris kosong di bawah data diabaikan",
                f"{sheet.trailing} empty rows below the data were ignored",
            )
        )
    inner = [n for n in blank_rows if rows and n < rows[-1]]
    if inner:
        notes.append(
            Finding(
                sheet.name,
                f"A{inner[0]}",
                "",
                "workbook-blank-rows",
                f"{len(inner)} baris kosong di tengah data dilewati",
                f"{len(inner)} empty rows within the data were skipped",
            )
        )
    letters = {title: get_column_letter(at + 1) for title, at in positions.items()}
    return WorkbookTable(name, out.getvalue(), rows, letters)


def read_workbook(workbook: list[Sheet], resources: list[dict[str, Any]]) -> WorkbookRead:
    """Read a package's tables from the sheets of a workbook laid out by `write_workbook` (or the starter kit's
    template), as `read_sheets` gives them.

    `resources` are the package's resource descriptors (name and schema). Nothing is validated beyond what the
    cells themselves show; run the package's validation on the tables to find the rest."""
    sheets = {sheet.name: sheet for sheet in workbook}
    notes: list[Finding] = []
    problems: list[Finding] = []
    tables: dict[str, WorkbookTable] = {}
    names = [str(r["name"]) for r in resources]
    unknown = [name for name in sheets if name not in names and name != INSTRUCTIONS_SHEET]
    for resource in resources:
        name = str(resource["name"])
        sheet = sheets.get(name)
        if sheet is None:
            hint = f" (lembar yang tidak dikenal: {', '.join(unknown)}; namanya diubah?)" if unknown else ""
            hint_en = f" (unknown sheets: {', '.join(unknown)}; renamed?)" if unknown else ""
            problems.append(
                Finding(
                    name,
                    "",
                    "",
                    "workbook-sheet",
                    f"lembar {name} tidak ada{hint}",
                    f"sheet {name} is missing{hint_en}",
                )
            )
            continue
        tables[name] = _read_table(sheet, resource, notes, problems)
    for name in unknown:
        notes.append(
            Finding(
                name,
                "",
                "",
                "workbook-sheet",
                f"lembar {name} bukan tabel paket ini dan diabaikan",
                f"sheet {name} is not a table of this package and was ignored",
            )
        )
    return WorkbookRead(package_named(workbook), tables, notes, problems)


def package_named(workbook: list[Sheet]) -> str:
    """The package a workbook's instruction sheet names, '' when none."""
    return _package_name(next((sheet for sheet in workbook if sheet.name == INSTRUCTIONS_SHEET), None))


def _package_name(sheet: Sheet | None) -> str:
    for row in sheet.rows if sheet else []:
        if len(row) > 1 and row[0].value == PACKAGE_LABEL and isinstance(row[1].value, str):
            return row[1].value.strip()
    return ""


def sheet_as_csv(path: Path, preferred: str = "") -> tuple[str, str]:
    """The sheet named `preferred` (else the first) of a workbook as CSV text, every row kept so that CSV row n
    is sheet row n: for files read as CSV, such as `labkem aggregate`'s household file. Returns the sheet's name
    and the text. Numbers are written as the spreadsheet shows them, true/false as 1/0, a code column's digits
    as the dotted code when unambiguous."""
    sheets = read_sheets(path)
    if not sheets:
        raise WorkbookError(f"{path}: tidak ada lembar kerja")
    sheet = next((s for s in sheets if s.name == preferred), sheets[0])
    header = [("" if c.value is None else str(c.value).strip()) for c in (sheet.rows[0] if sheet.rows else [])]
    codes = {i for i, title in enumerate(header) if title.startswith("kode_")}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for number, cells in enumerate(sheet.rows, start=1):
        record = []
        for index, cell in enumerate(cells[: len(header)] if number > 1 else cells):
            value = cell.value
            if value is None:
                text = ""
            elif isinstance(value, bool):
                text = "1" if value else "0"
            elif isinstance(value, int | float):
                text = _number_text(value, cell.number_format, cell.shown)
                if index in codes and number > 1 and text.isdigit():
                    text = _code_from_digits(text) or text
            else:
                text = str(value)
            record.append(text)
        writer.writerow(record)
    return sheet.name, out.getvalue()


# --- writing -------------------------------------------------------------------------------------------


def validation(field_: dict[str, Any], column: str, rows: int = VALIDATION_ROWS) -> DataValidation | None:
    """Excel data validation for a column, from the field's type and constraints."""
    constraints = field_.get("constraints", {})
    cells = f"{column}2:{column}{rows}"
    rule: DataValidation | None = None
    if "enum" in constraints:
        rule = DataValidation(type="list", formula1='"' + ",".join(str(v) for v in constraints["enum"]) + '"')
    elif field_["type"] == "integer":
        rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1=str(constraints.get("minimum", 0)))
    elif field_["type"] == "number":
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
    elif field_["type"] == "boolean":
        rule = DataValidation(type="list", formula1='"true,false"')
    if rule is None:
        return None
    rule.error = f"Nilai tidak sesuai aturan kolom {field_['name']}: {field_.get('description', '')}"[:225]
    rule.errorTitle = "Nilai tidak valid"
    rule.showErrorMessage = True
    rule.allow_blank = not constraints.get("required", False)
    rule.add(cells)
    return rule


def _typed(text: str, type_: str) -> tuple[Any, str]:
    """A CSV text as the cell to write and its number format."""
    if text == "":
        return None, TEXT_FORMAT if type_ == "string" else "General"
    if type_ == "integer":
        return int(text), "0"
    if type_ == "number":
        if re.fullmatch(r"-?\d+", text):
            return int(text), "0"
        decimals = len(text.split(".", 1)[1]) if "." in text and "e" not in text.lower() else 0
        return float(text), ("0." + "0" * decimals) if decimals else "General"
    if type_ == "boolean":
        return text == "true", "General"
    return text, TEXT_FORMAT


def write_workbook(package: str, resources: list[dict[str, Any]], tables: dict[str, str]) -> Workbook:
    """A package as a workbook: `petunjuk`, then one sheet per resource with its rows (CSV text by name)."""
    book = Workbook()
    sheet = book.active
    sheet.title = INSTRUCTIONS_SHEET
    sheet.append([PACKAGE_LABEL, package])
    sheet.append([])
    for line in INSTRUCTIONS:
        sheet.append([line])
    sheet.column_dimensions["A"].width = 24
    for resource in resources:
        name = str(resource["name"])
        fields = resource["schema"]["fields"]
        table = book.create_sheet(name[:31])
        types = [str(f["type"]) for f in fields]
        table.append([str(f["name"]) for f in fields])
        rows = list(csv.reader(io.StringIO(tables.get(name, ""))))[1:]
        for values in rows:
            table.append([_typed(text, type_)[0] for text, type_ in zip(values, types, strict=True)])
        for index, (f, type_) in enumerate(zip(fields, types, strict=True), start=1):
            letter = get_column_letter(index)
            table.column_dimensions[letter].width = max(12, len(str(f["name"])) + 2)
            rule = validation(f, letter, max(VALIDATION_ROWS, len(rows) + 1000))
            if rule is not None:
                table.add_data_validation(rule)
            if type_ == "string":
                table.column_dimensions[letter].number_format = TEXT_FORMAT
        for row_cells, values in zip(table.iter_rows(min_row=2), rows, strict=False):
            for cell, text, type_ in zip(row_cells, values, types, strict=False):
                cell.number_format = _typed(text, type_)[1]
        table.freeze_panes = "A2"
    return book
