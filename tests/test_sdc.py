"""Disclosure control: examples, then Hypothesis properties checked against an exact solver.

The solver (`exact_ranges`) tries every whole-number value of every unknown cell within the village's
ceiling and keeps those consistent with the published cells and the relations: what an adversary with
unlimited patience learns. `sdc.bounds` must find the same ranges, and after `sdc.protect` no hidden or
implied sensitive cell may be recovered or narrowed below the public range 1..min_cell-1.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from labkem.data import disclosure
from labkem.data.disclosure import Linkage, Relation, disclosures, protect

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = Linkage.from_codebook(csv.DictReader((ROOT / "datapackages/indikator/indikator.csv").open(encoding="utf-8")))
PARTS = ("rt_desil_1", "rt_desil_2", "rt_desil_3", "rt_desil_4")


def village(parts: list[int], chronic: int = 40, handled: int = 20, households: int = 900) -> dict[str, float | None]:
    """One village and period of the sample's shape, every other indicator zero."""
    values: dict[str, float | None] = dict.fromkeys(CODEBOOK.order, 0)
    values.update(dict(zip(PARTS, parts, strict=True)))
    values.update(
        rt_desil_1_4=sum(parts),
        jumlah_rumah_tangga=households,
        jumlah_penduduk=3 * households,
        jiwa_penyakit_kronis=chronic,
        jiwa_penyakit_kronis_tertangani=handled,
    )
    return values


def published_after(values: dict[str, float | None], hidden: frozenset[str]) -> dict[str, float]:
    return {k: v for k, v in values.items() if v is not None and k not in hidden}


def test_the_codebook_declares_the_desil_sum_and_the_handled_subsets() -> None:
    from labkem.core.settings import DESIL_INDICATORS, DESIL_TOTAL

    relations = {(r.total, r.parts, r.exact) for r in CODEBOOK.relations}
    # the pages' headline figures name the same sum the codebook declares
    assert (DESIL_TOTAL, DESIL_INDICATORS, True) in relations
    assert ("jiwa_disabilitas", ("jiwa_disabilitas_tertangani",), False) in relations
    assert CODEBOOK.implied == (
        ("jiwa_penyakit_kronis", "jiwa_penyakit_kronis_tertangani"),
        ("jiwa_disabilitas", "jiwa_disabilitas_tertangani"),
    )


def test_a_total_and_its_handled_part_one_apart_are_an_implied_small_cell() -> None:
    """Botosari 2023 as the old sample published it: chronic disease 8, handled 7."""
    values = village([40, 30, 30, 30], chronic=8, handled=7)
    found = disclosures(published_after(values, frozenset()), frozenset(), CODEBOOK)
    assert [(f.cell, f.kind, f.shown) for f in found] == [
        ("jiwa_penyakit_kronis-jiwa_penyakit_kronis_tertangani", "implied", "1")
    ]
    hidden = protect(values, CODEBOOK).hidden
    assert hidden == {"jiwa_penyakit_kronis_tertangani"}
    assert disclosures(published_after(values, hidden), hidden, CODEBOOK) == []


def test_the_old_smallest_cell_rule_is_replaced_by_a_fixed_order() -> None:
    """33.06.14.2007, 2022-S1 had desil 1 and desil 4 hidden beside a published 125: choosing the smallest
    part told the adversary the partner was at most 125. The partner is now the first part in a fixed order
    (desil 4, 3, 2, 1), whatever the values."""
    small_first = protect(village([3, 125, 130, 200]), CODEBOOK)
    small_last = protect(village([200, 130, 125, 3]), CODEBOOK)
    assert small_first.primary == {"rt_desil_1"} and small_first.complementary == {"rt_desil_4"}
    assert small_last.primary == {"rt_desil_4"} and small_last.complementary == {"rt_desil_3"}


def test_two_small_parts_that_add_up_to_less_than_the_public_range_take_a_third() -> None:
    values = village([2, 2, 50, 60])
    hidden = protect(values, CODEBOOK)
    assert hidden.primary == {"rt_desil_1", "rt_desil_2"}
    assert hidden.complementary == {"rt_desil_4"}  # alone, the two would add up to 4: each 1..3
    assert disclosures(published_after(values, hidden.hidden), hidden.hidden, CODEBOOK) == []


def test_a_small_desil_total_is_hidden_with_its_parts() -> None:
    values = village([3, 0, 0, 0], households=14)
    hidden = protect(values, CODEBOOK).hidden
    assert {"rt_desil_1", "rt_desil_1_4"} <= hidden
    assert disclosures(published_after(values, hidden), hidden, CODEBOOK) == []


def test_a_village_with_fewer_households_than_min_cell_hides_its_household_count() -> None:
    """Three households: whatever is hidden, the published 3 caps it below 4, so the 3 goes too."""
    values = village([2, 1, 0, 0], chronic=0, handled=0, households=3)
    result = protect(values, CODEBOOK)
    assert "jumlah_rumah_tangga" in result.hidden and result.residual == ()
    assert disclosures(published_after(values, result.hidden), result.hidden, CODEBOOK) == []


def test_a_small_total_over_small_parts_keeps_the_household_count() -> None:
    """A hidden total of two hidden parts is at least 2 to whoever knows no zero is hidden; hiding the
    household count would not change that, so it stays published."""
    values = village([3, 2, 0, 0], chronic=0, handled=0, households=14)
    assert "jumlah_rumah_tangga" not in protect(values, CODEBOOK).hidden


def test_recoverable_finds_a_lone_hidden_cell() -> None:
    values = published_after(village([3, 40, 10, 8]), frozenset({"rt_desil_1"}))
    found = disclosures(values, {"rt_desil_1"}, CODEBOOK)
    assert [(f.cell, f.kind, f.shown) for f in found] == [("rt_desil_1", "recovered", "3")]


def test_a_range_that_cuts_into_the_public_one_is_narrowed() -> None:
    values = published_after(village([3, 125, 130, 8]), frozenset({"rt_desil_1", "rt_desil_4"}))
    # hidden desil 1 and 4 add up to 11: each is 0..11, the whole public range stays open
    assert disclosures(values, {"rt_desil_1", "rt_desil_4"}, CODEBOOK) == []
    tight = published_after(village([2, 125, 130, 1]), frozenset({"rt_desil_1", "rt_desil_4"}))
    found = disclosures(tight, {"rt_desil_1", "rt_desil_4"}, CODEBOOK)
    assert {(f.cell, f.kind, f.shown) for f in found} == {
        ("rt_desil_1", "narrowed", "0..3"),
        ("rt_desil_4", "narrowed", "0..3"),
    }


# A small world an exact solver can search: a ceiling N over a desil-like sum (T = a + b + c) and a
# subset pair (S ⊇ s), everything sensitive but N.
SMALL = Linkage(
    relations=(
        Relation("T", ("a", "b", "c"), exact=True),
        Relation("S", ("s",), exact=False),
        Relation("N", ("T", "S"), exact=False),
    ),
    sensitive=frozenset({"T", "a", "b", "c", "S", "s"}),
    order=("c", "b", "a", "s", "T", "S", "N"),
)


UNBOUNDED = 14


def exact_ranges(published: dict[str, float], hidden: set[str]) -> dict[str, tuple[int, int]]:
    """Every cell's and the implied S-s's smallest and largest value over all consistent worlds: every whole
    number from 0 to the ceiling N for each unknown cell, kept when T = a + b + c, s <= S, T <= N and S <= N.
    A hidden N bounds nothing: the search then stops at UNBOUNDED, far above any public range."""
    ceiling = int(published["N"]) if "N" in published else UNBOUNDED

    def choices(cell: str, top: int) -> Iterable[int]:
        return [int(published[cell])] if cell in published else range(top + 1)

    seen: dict[str, list[int]] = {}
    for a in choices("a", ceiling):
        for b in choices("b", ceiling - a):
            for c in choices("c", ceiling - a - b):
                if a + b + c > ceiling or ("T" in published and published["T"] != a + b + c):
                    continue
                for big in choices("S", ceiling):
                    for small in choices("s", big):
                        if small > big or big > ceiling:
                            continue
                        lowest_n = ceiling if "N" in published else max(a + b + c, big)
                        world = {"a": a, "b": b, "c": c, "T": a + b + c, "S": big, "s": small, "N": lowest_n}
                        world["S-s"] = big - small
                        for cell, value in world.items():
                            low, high = seen.get(cell, [value, value])
                            seen[cell] = [min(low, value), max(high, value)]
    if "N" not in published:
        seen["N"][1] = UNBOUNDED
    return {cell: (low, high) for cell, (low, high) in seen.items()}


def small_world(draw: st.DrawFn) -> dict[str, int]:
    a, b, c = (draw(st.integers(0, 6)) for _ in range(3))
    s_total = draw(st.integers(0, 8))
    s = draw(st.integers(0, s_total))
    ceiling = max(a + b + c, s_total) + draw(st.integers(0, 3))
    return {"a": a, "b": b, "c": c, "T": a + b + c, "S": s_total, "s": s, "N": ceiling}


worlds = st.composite(small_world)()


@settings(max_examples=300, deadline=None)
@given(world=worlds, hide=st.sets(st.sampled_from(["a", "b", "c", "T", "S", "s"])))
def test_bounds_are_exactly_what_a_solver_finds(world: dict[str, int], hide: set[str]) -> None:
    published = {k: float(v) for k, v in world.items() if k not in hide}
    found = disclosure.bounds(published, hide, SMALL)
    assert found is not None
    exact = exact_ranges(published, hide)
    assert {cell: found[cell] for cell in SMALL.order} == {cell: exact[cell] for cell in SMALL.order}


def exact_disclosures(published: dict[str, float], hidden: set[str], min_cell: int) -> list[str]:
    """What the solver learns too much about: a hidden cell recovered, a sensitive hidden or implied cell whose
    possible small values are not the whole public range, an implied small count."""
    ranges = exact_ranges(published, hidden)
    top = min_cell - 1
    found = [c for c in hidden if ranges[c][0] == ranges[c][1]]
    for cell in [*(hidden & SMALL.sensitive), "S-s"]:
        low, high = ranges[cell]
        small = set(range(max(low, 1), min(high, top) + 1))
        if small and small != set(range(1, top + 1)) and not (cell == "S-s" and low == high and low >= min_cell):
            found.append(cell)
    return sorted(set(found))


@settings(max_examples=300, deadline=None)
@given(world=worlds, min_cell=st.integers(min_value=3, max_value=5))
@example(world={"a": 2, "b": 1, "c": 6, "T": 9, "S": 6, "s": 5, "N": 9}, min_cell=5)
@example(world={"a": 3, "b": 0, "c": 0, "T": 3, "S": 0, "s": 0, "N": 4}, min_cell=5)
def test_after_protection_the_solver_learns_nothing_too_precise(world: dict[str, int], min_cell: int) -> None:
    result = protect(dict(world), SMALL, min_cell)
    published = {k: float(v) for k, v in world.items() if k not in result.hidden}
    if result.residual:
        # nothing left to hide could help: the only honest outcome is to say so, and the audit does
        assert disclosures(published, result.hidden, SMALL, min_cell) == list(result.residual)
        return
    assert all(v == 0 or v >= min_cell for k, v in published.items() if k in SMALL.sensitive)
    assert exact_disclosures(published, set(result.hidden), min_cell) == []


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.integers(0, 60), min_size=4, max_size=4),
    chronic=st.integers(0, 30),
    handled_share=st.floats(0, 1),
    households=st.integers(0, 400),
    min_cell=st.integers(min_value=3, max_value=10),
)
def test_protected_sample_shaped_villages_disclose_nothing(
    parts: list[int], chronic: int, handled_share: float, households: int, min_cell: int
) -> None:
    values = village(parts, chronic, math.floor(chronic * handled_share), max(households, sum(parts)))
    result = protect(values, CODEBOOK, min_cell)
    published = published_after(values, result.hidden)
    assert all(v == 0 or v >= min_cell for k, v in published.items() if k in CODEBOOK.sensitive)
    assert not any(values[k] == 0 for k in result.hidden)
    assert disclosures(published, result.hidden, CODEBOOK, min_cell) == []


# The guard as a whole: whatever a data officer writes into one village's observations, either
# validation rejects the package or what would be published discloses nothing.
VALID = __import__("conftest").VALID
SENSITIVE_IDS = [*PARTS, "rt_desil_1_4", "rt_tanpa_jamban", "jiwa_disabilitas", "jiwa_disabilitas_tertangani"]
cell = st.one_of(st.integers(min_value=0, max_value=12).map(str), st.just(""))
ACCEPTED = ["10", "12", "6", "0", "28", "7", "9", "0"]  # consistent and large enough
TWO_HIDDEN = ["", "12", "6", "0", "", "7", "9", "0"]  # two hidden cells of a group and the total hidden
LONE_HIDDEN = ["", "12", "6", "7", "25", "7", "9", "0"]  # desil 1 computable from the total
SMALL_CELL = ["3", "12", "6", "7", "28", "7", "9", "0"]  # a small cell
IMPLIED = ["10", "12", "6", "0", "28", "7", "9", "6"]  # 9 with a disability, 6 handled: 3 not handled


def guard_accepts(cells: list[str], root: Path) -> bool:
    """Write the cells into Botosari 2023 of a copy of the fixture and tell whether validation accepts it."""
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
@example(cells=SMALL_CELL)
@example(cells=IMPLIED)
def test_whatever_passes_validation_is_safe_to_publish(cells: list[str], tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    if not guard_accepts(cells, tmp_path_factory.mktemp("guard")):
        return  # rejected: nothing is published
    chosen = dict(zip(SENSITIVE_IDS, cells, strict=True))
    values = {k: int(v) for k, v in chosen.items() if v != ""}
    assert all(v == 0 or v >= 5 for v in values.values())
    hidden = {k for k, v in chosen.items() if v == ""}
    rows = list(csv.DictReader((VALID / "kab-pekalongan" / "observasi.csv").open(encoding="utf-8")))
    others = {
        r["indikator"]: float(r["nilai"])
        for r in rows
        if (r["kode_desa"], r["periode"]) == ("33.26.02.2008", "2023") and r["nilai"] and r["indikator"] not in chosen
    }
    assert disclosures({**others, **values}, hidden, CODEBOOK) == []


def test_the_guard_property_sees_both_outcomes(tmp_path: Path) -> None:
    """The property above is not vacuous: its explicit examples are accepted and rejected as stated."""
    outcomes = [
        guard_accepts(cells, tmp_path / str(i))
        for i, cells in enumerate([ACCEPTED, TWO_HIDDEN, LONE_HIDDEN, SMALL_CELL, IMPLIED])
    ]
    assert outcomes == [True, True, False, False, False]
