"""The column-wise screen of `observasi`: it never calls a faulty table clean, and it does call clean tables clean.

The screen only ever answers "clean" or "not proven"; on "not proven" the package is validated row by row.
So the property that matters is one-sided: whenever the screen says clean, the row-by-row validator finds
nothing in the package. Every fault of the catalogue and a set of edits aimed at the screen's own shortcuts
are held to it; the valid fixture and the embedded sample must pass the screen, or the fast path is never used.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from labkem import validate
from labkem.data.load import find_packages
from labkem.validate import Problem, screen

from conftest import PROJECT_DIR
from faults import FAULTS, OBS, Fault, JsonFault, RawFault

TODAY = date(2026, 11, 23)


def _verdicts(data_dir: Path) -> list[tuple[str, bool, list[Problem]]]:
    """Each regency package: the screen's verdict and what the row-by-row validator finds."""
    refs = {ref.name: ref for ref in find_packages(data_dir, [])}
    context = validate._context(refs)
    return [
        (
            ref.name,
            validate._screened_clean(ref, context, TODAY),
            list(validate._run(ref, validate.regency_checks(ref, context, TODAY), "id")),
        )
        for ref in refs.values()
        if ref.role == "kabupaten"
    ]


def test_clean_packages_pass_the_screen(data_dir: Path) -> None:
    for data in (data_dir, PROJECT_DIR / "datapackages"):
        for name, clean, problems in _verdicts(data):
            assert problems == [], name
            assert clean, name


ROW_FAULTS = [
    fault
    for fault in FAULTS
    if fault.file.startswith("kab-pekalongan/") and fault.file.endswith(".csv") and fault.name != "not-utf8"
]


@pytest.mark.parametrize("fault", ROW_FAULTS, ids=lambda f: f.name)
def test_no_fault_of_the_catalogue_passes_the_screen(fault: Fault | RawFault | JsonFault, data_dir: Path) -> None:
    fault.apply(data_dir)
    for name, clean, problems in _verdicts(data_dir):
        assert not (clean and problems), (name, [p.format() for p in problems])
    if fault.file == OBS:
        assert not any(clean for _, clean, _ in _verdicts(data_dir))


def _rows(edit: Callable[[list[list[str]]], None]) -> Callable[[Path], None]:
    """An edit of the fixture's observasi.csv as a list of rows of text (the header first)."""

    def apply(data_dir: Path) -> None:
        path = data_dir / OBS
        rows = [line.split(",") for line in path.read_text(encoding="utf-8").splitlines()]
        edit(rows)
        path.write_text("".join(",".join(row) + "\n" for row in rows), encoding="utf-8")

    return apply


def _text(edit: Callable[[str], str]) -> Callable[[Path], None]:
    def apply(data_dir: Path) -> None:
        path = data_dir / OBS
        path.write_bytes(edit(path.read_text(encoding="utf-8")).encode("utf-8"))

    return apply


def _first(rows: list[list[str]], indicator: str, published: bool = True) -> list[str]:
    return next(row for row in rows[1:] if row[2] == indicator and (row[3] != "") == published)


def _set_value(indicator: str, value: str, status: str = "") -> Callable[[Path], None]:
    def edit(rows: list[list[str]]) -> None:
        row = _first(rows, indicator)
        row[3], row[4] = value, status

    return _rows(edit)


def _same_as(indicator: str, other: str) -> Callable[[Path], None]:
    """Give `indicator` the value `other` has in the same village and period (a tie, which is allowed)."""

    def edit(rows: list[list[str]]) -> None:
        for row in rows[1:]:
            if row[2] == indicator and row[3]:
                match = [r for r in rows[1:] if r[:2] == row[:2] and r[2] == other and r[3]]
                if match:
                    row[3] = match[0][3]
                    return
        raise AssertionError(f"no {indicator} with a published {other}")

    return _rows(edit)


def _households_below_desil(rows: list[list[str]]) -> None:
    """One village's households one fewer than its desil 1-4 households."""
    desil = _first(rows, "rt_desil_1_4")
    households = next(r for r in rows[1:] if r[:2] == desil[:2] and r[2] == "jumlah_rumah_tangga")
    households[3] = str(int(desil[3]) - 1)


DESIL = ("rt_desil_1", "rt_desil_2", "rt_desil_3", "rt_desil_4", "rt_desil_1_4")


def _full(rows: list[list[str]], indicator: str) -> list[str]:
    """The row of `indicator` in the first village and period whose desil cells are all published."""
    published = {(r[0], r[1], r[2]) for r in rows[1:] if r[2] in DESIL and r[3]}
    return next(r for r in rows[1:] if r[2] == indicator and all((r[0], r[1], d) in published for d in DESIL))


def _lone_suppressed_desil(rows: list[list[str]]) -> None:
    """One desil part hidden where every other desil cell is published: it follows from the total."""
    row = _full(rows, "rt_desil_2")
    row[3], row[4] = "", "c"


def _desil_parts_above_households(rows: list[list[str]]) -> None:
    """Desil 1-4 total suppressed, and the four parts together one above the households (each part below)."""
    total = _full(rows, "rt_desil_1_4")
    key = total[:2]
    parts = [r for r in rows[1:] if r[:2] == key and r[2] in ("rt_desil_1", "rt_desil_2", "rt_desil_3", "rt_desil_4")]
    assert all(r[3] for r in parts)
    total[3], total[4] = "", "c"
    households = next(r for r in rows[1:] if r[:2] == key and r[2] == "jumlah_rumah_tangga")
    households[3] = str(sum(int(r[3]) for r in parts) - 1)
    for row in rows[1:]:  # the household counts that must not exceed the (now smaller) households
        if row[:2] == key and row[2].startswith("rt_") and row[2] not in ("rt_desil_1_4",) and row[3]:
            row[3] = str(min(int(row[3]), int(households[3])))


def _village_not_in_profile(rows: list[list[str]]) -> None:
    """A row for a village of the regency that the package's desa_profil does not list."""
    rows.append(["33.26.02.2999", rows[1][1], rows[1][2], rows[1][3], rows[1][4]])


def _descriptor(edit: Callable[[dict], None]) -> Callable[[Path], None]:
    def apply(data_dir: Path) -> None:
        path = data_dir / "kab-pekalongan" / "datapackage.json"
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        edit(next(r for r in descriptor["resources"] if r["name"] == "observasi"))
        path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")

    return apply


# (name, edit, whether the screen must call the result clean: True, False, or None when either is sound)
EDITS: list[tuple[str, Callable[[Path], None], bool | None]] = [
    ("handled-equal-to-total", _same_as("jiwa_penyakit_kronis_tertangani", "jiwa_penyakit_kronis"), True),
    ("count-equal-to-households", _same_as("rt_rtlh", "jumlah_rumah_tangga"), True),
    ("households-below-desil", _rows(_households_below_desil), False),
    ("desil-parts-above-households", _rows(_desil_parts_above_households), False),
    ("village-not-in-profile", _rows(_village_not_in_profile), False),
    ("nik-as-village-code", _rows(lambda rows: rows[1].__setitem__(0, "3326021234560001")), False),
    ("period-in-future", _rows(lambda rows: rows[1].__setitem__(1, "2099")), False),
    ("period-with-trailing-text", _rows(lambda rows: rows[1].__setitem__(1, "2019x")), False),
    ("empty-indicator", _rows(lambda rows: rows[1].__setitem__(2, "")), False),
    ("formula-indicator", _rows(lambda rows: rows[1].__setitem__(2, "-jumlah_penduduk")), False),
    ("number-with-exponent", _rows(lambda rows: rows[1].__setitem__(3, "2e3")), None),
    ("sixteen-digit-number", _rows(lambda rows: rows[1].__setitem__(3, "1000000000000001")), None),
    ("decimal-count", _set_value("rt_rtlh", "12.5"), None),
    ("decimal-household-total", _set_value("jumlah_rumah_tangga", "924.5"), None),
    ("lone-suppressed-desil", _rows(_lone_suppressed_desil), False),
    ("status-without-suppression", _set_value("rt_rtlh", "12", "c"), False),
    ("missing-cell", _rows(lambda rows: rows[2].pop()), False),
    ("extra-cell", _rows(lambda rows: rows[2].append("x")), False),
    ("extra-column", _rows(lambda rows: [row.append("0") for row in rows]), False),
    ("blank-row", _text(lambda text: text.replace("\n", "\n\n", 3)), False),
    ("quoted-cell", _text(lambda text: text.replace("jumlah_penduduk", '"jumlah_penduduk"', 1)), None),
    ("byte-order-mark", _text(lambda text: "\ufeff" + text), None),
    ("space-in-cell", _text(lambda text: text.replace(",jumlah_penduduk,", ", jumlah_penduduk,", 1)), None),
    ("descriptor-with-dialect", _descriptor(lambda r: r.update(dialect={"commentChar": "#"})), False),
    ("descriptor-without-key", _descriptor(lambda r: r["schema"].pop("primaryKey")), None),
    ("descriptor-with-title", _descriptor(lambda r: r.update(title="Observasi desa")), True),
]


@pytest.mark.parametrize(("name", "edit", "expected"), EDITS, ids=[name for name, _, _ in EDITS])
def test_the_screen_is_sound_on_its_own_edge_cases(
    name: str, edit: Callable[[Path], None], expected: bool | None, data_dir: Path
) -> None:
    edit(data_dir)
    ((_, clean, problems),) = _verdicts(data_dir)
    assert not (clean and problems), [p.format() for p in problems]
    if expected is not None:
        assert clean is expected


def test_the_plain_reader_refuses_what_it_does_not_know() -> None:
    header = screen.HEADER.encode()
    assert screen.read_plain(header + b"\n33.26.02.2001,2019,jumlah_penduduk,5,\n") is not None
    for raw in (
        header + b"\r\n33.26.02.2001,2019,jumlah_penduduk,5,\r\n",
        header + b'\n"33.26.02.2001",2019,jumlah_penduduk,5,\n',
        header + b"\n33.26.02.2001,2019,jumlah_penduduk,5\n33.26.02.2002,2019,jumlah_penduduk,5,,\n",
        b"\xef\xbb\xbf" + header + b"\n",
        b"kode_desa,periode,indikator,nilai,status,catatan\n",
    ):
        assert screen.read_plain(raw) is None, raw
