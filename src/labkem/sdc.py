"""Statistical disclosure control for village aggregates (DESIGN.md section 4). Pure functions, no I/O.

Primary suppression hides a sensitive count between 1 and `min_cell - 1`. Complementary suppression
then makes sure no hidden cell can be recovered by subtraction: in every additive relation whose total
is published (desil 1 + 2 + 3 + 4 = desil 1-4), either no cell is hidden or at least two are, and the
hidden cells never add up to zero (which would give them all away). Zero is not sensitive and stays
published unless it has to be hidden to protect another cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .settings import DEFAULT_MIN_CELL

# Additive relations among indicators: total id -> part ids.
RELATIONS: dict[str, tuple[str, ...]] = {
    "rt_desil_1_4": ("rt_desil_1", "rt_desil_2", "rt_desil_3", "rt_desil_4"),
}


@dataclass(frozen=True)
class Suppressed:
    """The cells one pass hid, by kind."""

    primary: frozenset[str]
    complementary: frozenset[str]


def primary_cells(values: Mapping[str, int | None], sensitive: Iterable[str], min_cell: int) -> set[str]:
    """Return the sensitive indicators whose count lies between 1 and min_cell - 1."""
    return {k for k in sensitive if (v := values.get(k)) is not None and 1 <= v < min_cell}


def complementary_cells(
    values: Mapping[str, int | None], hidden: set[str], relations: Mapping[str, tuple[str, ...]] = RELATIONS
) -> set[str]:
    """Return the extra cells to hide so that no hidden cell of a relation can be recovered."""
    hidden = set(hidden)
    extra: set[str] = set()
    changed = True
    while changed:  # hiding a cell may expose another relation; repeat until stable
        changed = False
        for total, parts in relations.items():
            cells = [total, *parts]
            present = [c for c in cells if values.get(c) is not None]
            masked = [c for c in present if c in hidden]
            if not masked:
                continue
            remainder = sum(values[c] or 0 for c in masked if c != total)
            if total in masked:
                remainder = max(remainder, 1)
            if len(masked) >= 2 and remainder > 0:
                continue
            # Hide the smallest published part (the least information lost); prefer a non-zero one so
            # that the hidden cells never add up to zero.
            candidates = sorted(
                (c for c in present if c not in hidden and c != total),
                key=lambda c: (values[c] == 0, values[c], c),
            )
            if not candidates:
                candidates = [total] if total not in hidden and total in present else []
            if candidates:
                hidden.add(candidates[0])
                extra.add(candidates[0])
                changed = True
    return extra


def suppress(
    values: Mapping[str, int | None], sensitive: Iterable[str], min_cell: int = DEFAULT_MIN_CELL
) -> Suppressed:
    """Return the cells to hide for one village and period: primary, then complementary."""
    primary = primary_cells(values, sensitive, min_cell)
    return Suppressed(frozenset(primary), frozenset(complementary_cells(values, primary)))


def recoverable(
    values: Mapping[str, int | None], hidden: set[str], relations: Mapping[str, tuple[str, ...]] = RELATIONS
) -> list[str]:
    """Return hidden cells an adversary could compute exactly from the published cells of a relation.

    The adversary knows every published cell and that hidden cells are whole numbers of at least zero.
    A hidden cell is recoverable when it is the only hidden cell of a relation with a published total,
    or when the hidden cells of a relation must all be zero.
    """
    found = []
    for total, parts in relations.items():
        if total in hidden or values.get(total) is None:
            continue
        masked = [p for p in parts if p in hidden]
        remainder = (values[total] or 0) - sum(values.get(p) or 0 for p in parts if p not in hidden)
        if len(masked) == 1 or (masked and remainder == 0):
            found.extend(masked)
    return found
