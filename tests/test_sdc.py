"""Disclosure control: examples, then Hypothesis properties over random village tables."""

from __future__ import annotations

from hypothesis import given, settings
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
