"""Disclosure control: examples, then Hypothesis properties over random village tables."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from labkem.sdc import RELATIONS, recoverable, suppress

PARTS = RELATIONS["rt_desil_1_4"]
SENSITIVE = [*PARTS, "rt_desil_1_4", "jiwa_disabilitas"]


def table(parts: list[int], extra: int = 10) -> dict[str, int | None]:
    values: dict[str, int | None] = dict(zip(PARTS, parts, strict=True))
    values["rt_desil_1_4"] = sum(parts)
    values["jiwa_disabilitas"] = extra
    return values


def test_one_small_desil_hides_a_second_cell() -> None:
    values = table([3, 40, 10, 8])
    hidden = suppress(values, SENSITIVE)
    assert hidden.primary == {"rt_desil_1"}
    assert hidden.complementary == {"rt_desil_4"}  # the smallest other part


def test_nothing_small_hides_nothing() -> None:
    hidden = suppress(table([30, 40, 10, 8], extra=0), SENSITIVE)
    assert hidden.primary == hidden.complementary == frozenset()


def test_zero_is_not_hidden_unless_needed_and_never_alone_with_a_small_cell() -> None:
    values = table([2, 0, 50, 60])
    hidden = suppress(values, SENSITIVE)
    assert hidden.complementary == {
        "rt_desil_3"
    }  # a non-zero partner: two hidden cells adding to 2 would give both away
    assert recoverable(values, set(hidden.primary | hidden.complementary)) == []


def test_recoverable_finds_a_lone_hidden_cell() -> None:
    values = table([3, 40, 10, 8])
    assert recoverable(values, {"rt_desil_1"}) == ["rt_desil_1"]


counts = st.integers(min_value=0, max_value=60)


@settings(max_examples=400, deadline=None)
@given(parts=st.lists(counts, min_size=4, max_size=4), extra=counts, min_cell=st.integers(min_value=3, max_value=10))
def test_no_small_cell_is_published_and_none_can_be_recovered(parts: list[int], extra: int, min_cell: int) -> None:
    values = table(parts, extra)
    hidden_cells = suppress(values, SENSITIVE, min_cell)
    hidden = set(hidden_cells.primary | hidden_cells.complementary)
    published = {k: v for k, v in values.items() if k not in hidden}
    assert all(v is None or v == 0 or v >= min_cell for v in published.values())
    assert recoverable(values, hidden) == []
    # every hidden part of a relation has company, and the hidden parts do not add up to zero
    masked = [p for p in PARTS if p in hidden]
    if masked and "rt_desil_1_4" not in hidden:
        assert len(masked) >= 2 and sum(values[p] or 0 for p in masked) > 0


# The guard as a whole: whatever a data officer writes into one village's observations, either
# validation rejects the package or what would be published holds no small and no recoverable cell.
VALID = __import__("conftest").VALID
SENSITIVE_IDS = [*PARTS, "rt_desil_1_4", "rt_tanpa_jamban", "jiwa_disabilitas"]
cell = st.one_of(st.integers(min_value=0, max_value=12).map(str), st.just(""))
ACCEPTED = ["10", "12", "6", "0", "28", "7", "9"]  # consistent and large enough
TWO_HIDDEN = ["", "12", "6", "0", "", "7", "9"]  # two hidden cells of a group and the total hidden
LONE_HIDDEN = ["", "12", "6", "7", "25", "7", "9"]  # desil 1 computable from the total
SMALL = ["3", "12", "6", "7", "28", "7", "9"]  # a small cell


def guard_accepts(cells: list[str], root: Path) -> bool:
    """Write the cells into Botosari 2023 of a copy of the fixture and tell whether validation accepts it."""
    import csv
    import shutil

    from labkem.validate import check_data

    data = root / "datapackages"
    shutil.copytree(VALID, data)
    path = data / "kab-pekalongan" / "observasi.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    chosen = dict(zip(SENSITIVE_IDS, cells, strict=True))
    for row in rows:
        if (row["kode_desa"], row["periode"]) == ("33.26.02.2008", "2023") and row["indikator"] in chosen:
            row["nilai"] = chosen[row["indikator"]]
            row["status"] = "c" if row["nilai"] == "" else ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return not check_data(data).problems


@settings(max_examples=25, deadline=None)
@given(cells=st.lists(cell, min_size=len(SENSITIVE_IDS), max_size=len(SENSITIVE_IDS)))
@example(cells=ACCEPTED)
@example(cells=TWO_HIDDEN)
@example(cells=LONE_HIDDEN)
@example(cells=SMALL)
def test_whatever_passes_validation_is_safe_to_publish(cells: list[str], tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    if not guard_accepts(cells, tmp_path_factory.mktemp("guard")):
        return  # rejected: nothing is published
    chosen = dict(zip(SENSITIVE_IDS, cells, strict=True))
    values = {k: int(v) for k, v in chosen.items() if v != ""}
    assert all(v == 0 or v >= 5 for v in values.values())
    assert recoverable(values, {k for k, v in chosen.items() if v == ""}) == []


def test_the_guard_property_sees_both_outcomes(tmp_path: Path) -> None:
    """The property above is not vacuous: its explicit examples are accepted and rejected as stated."""
    outcomes = [
        guard_accepts(cells, tmp_path / str(i)) for i, cells in enumerate([ACCEPTED, TWO_HIDDEN, LONE_HIDDEN, SMALL])
    ]
    assert outcomes == [True, True, False, False]
