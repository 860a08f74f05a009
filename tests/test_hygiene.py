"""Input hygiene: spreadsheet habits that are unambiguous are accepted and reported; the rest is rejected."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from labkem.commands.build import build
from labkem.data import hygiene
from labkem.data.hygiene import normalise_csv
from labkem.validate import check_data

from conftest import PROJECT_DIR

DECIMAL = re.compile(r"^\d+\.\d+$")
TYPES = {"kode": "string", "jumlah": "integer", "nilai": "number"}


def test_canonical_file_is_left_alone() -> None:
    raw = b"kode,jumlah,nilai\na,1,2.5\n"
    result = normalise_csv(raw, TYPES)
    assert (result.changed, result.text, result.ambiguous) == (False, raw.decode(), [])


def test_indonesian_excel_export_is_read_as_plain_csv() -> None:
    raw = "\ufeffkode;jumlah;nilai\r\n a ;1.234;18,4\r\nb;12.000.000;1.234,5\r\n;;\r\n".encode()
    result = normalise_csv(raw, TYPES)
    assert result.text == "kode,jumlah,nilai\na,1234,18.4\nb,12000000,1234.5\n"
    assert result.notes == ["bom", "crlf", "semicolon", "trailing-rows", "whitespace"]


def test_thousands_separators_in_whole_numbers_are_removed() -> None:
    result = normalise_csv(b'kode,jumlah,nilai\na,"1,234",5\nb,2.500,6\n', TYPES)
    assert result.text == "kode,jumlah,nilai\na,1234,5\nb,2500,6\n"
    assert result.notes == ["thousands"]


def test_a_dotted_number_is_ambiguous_unless_it_can_only_be_a_count() -> None:
    raw = b"kode,jumlah,nilai\na,1,1.234\n"
    assert [(a.row, a.column, a.value) for a in normalise_csv(raw, TYPES).ambiguous] == [(2, "nilai", "1.234")]
    counted = normalise_csv(raw, TYPES, counts_only=lambda record: True)
    assert counted.ambiguous == [] and counted.text.endswith("a,1,1234\n")


def test_not_utf8_names_the_row() -> None:
    result = normalise_csv("kode,jumlah,nilai\na,1,2\n\u00e9,1,2\n".encode("latin-1"), TYPES)
    assert result.encoding_row == 3


def _excel_export(path: Path) -> None:
    """Rewrite a CSV the way Excel in an Indonesian locale saves it."""
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell.replace(".", ",") if DECIMAL.match(cell) else cell for cell in row])
    writer.writerow([""] * len(rows[0]))
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


@pytest.mark.slow
def test_excel_export_passes_with_notes_and_is_published_canonical(data_dir: Path, tmp_path: Path) -> None:
    original = (data_dir / "kab-pekalongan" / "status_desa.csv").read_bytes()
    _excel_export(data_dir / "kab-pekalongan" / "status_desa.csv")
    report = check_data(data_dir)
    assert report.problems == []
    # the fixture has a village without a polygon, and its situs.yml no contact: notes of their own
    notes = [n for n in report.notes if "/batas/" not in n.path and not n.path.endswith("situs.yml")]
    assert [n.message.split(" ")[0] for n in notes] == ["tanda", "akhir", "berkas", "baris"]
    assert all(n.path.endswith("kab-pekalongan/status_desa.csv") for n in notes)
    site = build(data_dir, tmp_path / "build" / "site", project_dir=PROJECT_DIR).site_dir
    assert (site / "data" / "kab-pekalongan" / "status_desa.csv").read_bytes() == original


@pytest.mark.slow
def test_formula_text_is_neutralised_in_the_published_copy(data_dir: Path, tmp_path: Path) -> None:
    path = data_dir / "kab-pekalongan" / "intervensi.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("kegiatan")] = "=1+1"
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = check_data(data_dir)
    assert report.problems == []
    assert [n.message[:4] for n in report.notes if "/batas/" not in n.path and "situs.yml" not in n.path] == ["teks"]
    site = build(data_dir, tmp_path / "build" / "site", project_dir=PROJECT_DIR).site_dir
    published = (site / "data" / "kab-pekalongan" / "intervensi.csv").read_text(encoding="utf-8")
    assert ",'=1+1," in published and ",=1+1," not in published


CELL = st.text(alphabet=' ab1.5-=+@"\t\xa0;\r\x00', max_size=6)
ROW = st.lists(CELL, min_size=1, max_size=4).map(",".join)


@given(header=st.sampled_from(["kode,jumlah,nilai", "kode;jumlah;nilai", "kode"]), rows=st.lists(ROW, max_size=5))
def test_the_shortcut_for_canonical_files_agrees_with_reading_every_cell(header: str, rows: list[str]) -> None:
    """A file the shortcut passes as canonical is one the cell-by-cell reading would leave alone."""
    raw = "\n".join([header, *rows, ""]).encode()
    quick = normalise_csv(raw, TYPES)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(hygiene, "_canonical", lambda _text: False)
        assert normalise_csv(raw, TYPES) == quick


@pytest.mark.parametrize(
    "text",
    [
        "kode,jumlah,nilai\na,1,2.5\n",
        "kode,jumlah,nilai\na,1,2.5",
        "kode,jumlah,nilai\n",
        "kode,jumlah,nilai\na,1,1.234\n",
        "kode,jumlah,nilai\na,1,-1.234\n",
        "kode,jumlah,nilai\n1.234,1,2\n",
        "kode,jumlah,nilai\na b,1,2\n",
        "kode,jumlah,nilai\na\tb,1,2\n",
        "kode,jumlah,nilai\na,1,2\n,,\n",
        "kode,jumlah,nilai\na,1,2\n\n",
        "kode,jumlah,nilai\n\na,1,2\n",
        "kode,jumlah,nilai\na,1\n",
        "kode,jumlah,nilai\n=a,1,2\n",
        "kode,jumlah,nilai\na,1,2\n@b,1,2\n",
        "kode,jumlah,nilai\nDesa Ümbul,1,2\n",
        "kode,jumlah,nilai\nDesa\xa0,1,2\n",
    ],
)
def test_the_shortcut_on_the_edge_cases(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    quick = normalise_csv(text.encode(), TYPES)
    monkeypatch.setattr(hygiene, "_canonical", lambda _text: False)
    assert normalise_csv(text.encode(), TYPES) == quick


def test_the_shortcut_is_taken_for_the_sample_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every table of the sample's regencies that is canonical is recognised as such (so the shortcut is used)."""
    taken = []
    original = hygiene._canonical

    def spy(text: str) -> bool:
        taken.append(original(text))
        return taken[-1]

    monkeypatch.setattr(hygiene, "_canonical", spy)
    for path in sorted((PROJECT_DIR / "datapackages").glob("kab-*/observasi.csv")):
        normalise_csv(path.read_bytes(), {"nilai": "number"})
    assert taken and all(taken)
