"""Input hygiene: read what spreadsheets export, accept what is unambiguous and say so, reject the rest.

Text a spreadsheet would run as a formula (=, +, -, @ first) is neutralised with a leading apostrophe,
the usual defence against formula injection, so no download can run anything when opened.

Data officers save CSV from Excel or LibreOffice with a byte-order mark, CRLF line ends, semicolons and
decimal commas (the Indonesian locale), thousands separators, stray spaces and empty rows at the end.
`normalise_csv` turns such a file into the canonical form (UTF-8, LF, comma, dot decimals, no thousands
separators) without moving any row, so every problem found later still names the officer's own row.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field

THOUSANDS_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
THOUSANDS_COMMA = re.compile(r"^-?\d{1,3}(,\d{3})+$")
DECIMAL_COMMA = re.compile(r"^-?\d+(\.\d{3})*,\d+$")

NOTES = {
    "bom": ("tanda BOM UTF-8 di awal berkas diabaikan", "the UTF-8 byte-order mark was ignored"),
    "crlf": (
        "akhir baris CRLF (Windows) atau CR (Mac lama) dibaca sebagai LF",
        "CRLF (Windows) or CR (old Mac) line ends were read as LF",
    ),
    "semicolon": (
        "berkas dipisah titik koma dengan desimal koma (ekspor Excel berbahasa Indonesia); dibaca sebagai CSV biasa",
        "semicolon-separated with decimal commas (Indonesian Excel export); read as plain CSV",
    ),
    "thousands": ("pemisah ribuan dihapus dari angka", "thousands separators were removed from numbers"),
    "whitespace": ("spasi di awal atau akhir sel dihapus", "spaces at the start or end of cells were removed"),
    "trailing-rows": ("baris kosong di akhir berkas dihapus", "empty rows at the end of the file were removed"),
    "formula": (
        "teks yang diawali =, +, - atau @ diberi tanda ' di depannya agar lembar kerja tidak "
        "menjalankannya sebagai rumus",
        "text starting with =, +, - or @ was prefixed with ' so that spreadsheets do not run it as a formula",
    ),
}
FORMULA_START = ("=", "+", "-", "@")
# What `normalise_csv` would act on in a comma-separated file: a quote (the cells are then more than the text
# between commas), a NUL, a cell starting or ending with a space, a cell starting like a formula (or a negative
# number), a number with thousands dots. `_canonical` looks for them with substring searches and short patterns,
# since a single pattern of all of them takes longer than the cell-by-cell reading.
NOT_PLAIN_CHARACTERS = ('"', "\x00")
SPACE = re.compile(r"[^\S\n]")
EDGE_SPACE = re.compile(r"(?:^|,)[^\S\n]|[^\S\n](?=,|$)", re.MULTILINE)
THOUSANDS_HINT = re.compile(r"\.\d{3}(?=,|$)", re.MULTILINE)
THOUSANDS_CELL = re.compile(r"(?:^|,)-?\d{1,3}(?:\.\d{3})+(?=,|$)", re.MULTILINE)


@dataclass(frozen=True)
class Ambiguity:
    """A cell that cannot be read one way only."""

    row: int
    column: str
    value: str


@dataclass
class Normalised:
    """The canonical text of a CSV file and what was done to get it."""

    text: str
    notes: list[str] = field(default_factory=list)
    ambiguous: list[Ambiguity] = field(default_factory=list)
    encoding_error: str = ""
    encoding_row: int | None = None

    @property
    def changed(self) -> bool:
        """True when the canonical text differs from the file."""
        return bool(self.notes)


def _number(value: str, kind: str, decimal_comma: bool, counts_only: bool) -> tuple[str, str | None]:
    """Return the canonical number text and the note it earned, or raise ValueError when ambiguous."""
    if decimal_comma:
        if DECIMAL_COMMA.match(value) or THOUSANDS_DOT.match(value):
            return value.replace(".", "").replace(",", "."), "semicolon"
        return value, None
    if THOUSANDS_COMMA.match(value):
        return value.replace(",", ""), "thousands"
    if THOUSANDS_DOT.match(value):
        if kind == "integer" or counts_only:
            return value.replace(".", ""), "thousands"
        raise ValueError(value)  # 1.234 is a thousand or one and a bit
    return value, None


def normalise_csv(
    raw: bytes,
    field_types: dict[str, str],
    counts_only: Callable[[dict[str, str]], bool] = lambda _: False,
) -> Normalised:
    """Return the canonical form of a CSV file whose columns have the given Frictionless types.

    `counts_only(row)` tells whether the row's numbers can only be whole counts (observations of a
    household or person indicator), which makes "1.234" a thousands separator rather than a decimal.
    """
    notes: list[str] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        notes.append("bom")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return Normalised("", notes, encoding_error=f"byte {error.start}", encoding_row=line)
    if "\r" in text:  # Windows (CRLF) or old Mac (CR alone) line ends
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append("crlf")
    if not notes and _canonical(text):
        return Normalised(text, [])  # nothing to change, nothing ambiguous: skip reading it cell by cell
    first_line = text.split("\n", 1)[0]
    semicolon = "," not in first_line and bool(set(first_line.split(";")) & set(field_types))
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if semicolon else ","))
    if semicolon:
        notes.append("semicolon")
    while len(rows) > 1 and all(not cell.strip() for cell in rows[-1]):
        rows.pop()
        if "trailing-rows" not in notes:
            notes.append("trailing-rows")
    if not rows:
        return Normalised(text, notes)
    header = [cell.strip() for cell in rows[0]]
    if header != rows[0] and "whitespace" not in notes:
        notes.append("whitespace")
    ambiguous: list[Ambiguity] = []
    out = [header]
    for number, row in enumerate(rows[1:], start=2):
        cleaned = [cell.strip() for cell in row]
        if cleaned != row and "whitespace" not in notes:
            notes.append("whitespace")
        record = dict(zip(header, cleaned, strict=False))
        for index, name in enumerate(header[: len(cleaned)]):
            kind = field_types.get(name)
            if kind == "string" and cleaned[index].startswith(FORMULA_START):
                cleaned[index] = "'" + cleaned[index]
                if "formula" not in notes:
                    notes.append("formula")
                continue
            if kind not in ("number", "integer") or not cleaned[index]:
                continue
            try:
                value, note = _number(cleaned[index], kind, semicolon, counts_only(record))
            except ValueError:
                ambiguous.append(Ambiguity(number, name, cleaned[index]))
                continue
            cleaned[index] = value
            if note and note not in notes:
                notes.append(note)
        out.append(cleaned)
    if not notes:
        return Normalised(text, [], ambiguous)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(out)
    return Normalised(buffer.getvalue(), notes, ambiguous)


def _canonical(text: str) -> bool:
    """Whether reading `text` cell by cell would change nothing and find nothing ambiguous (see the note above
    `NOT_PLAIN_CHARACTERS`)."""
    last = text.rstrip("\n").rpartition("\n")[2]
    if "," not in text.partition("\n")[0] or text.endswith("\n\n") or not last.replace(",", "").strip():
        return False  # no comma in the header (read as semicolons), or empty rows at the end
    if any(character in text for character in NOT_PLAIN_CHARACTERS):
        return False
    if text.startswith(FORMULA_START) or any(edge + start in text for edge in ",\n" for start in FORMULA_START):
        return False
    if SPACE.search(text) and EDGE_SPACE.search(text):
        return False
    return not (THOUSANDS_HINT.search(text) and THOUSANDS_CELL.search(text))


def note_text(kind: str, lang: str) -> str:
    """Return the sentence for a note kind."""
    id_text, en_text = NOTES[kind]
    return en_text if lang == "en" else id_text
