"""Statistical disclosure control for village aggregates (DESIGN.md section 4). Pure functions, no I/O.

A village and period has one cell per indicator. The codebook declares how indicators are linked
(`bagian_dari`, `jenis_bagian`), and every unit-count is at most the village's households or population:

- **rincian**: the parts add up to their total exactly (desil 1 + 2 + 3 + 4 = desil 1-4);
- **sebagian**: a part is at most its total (people whose disability is handled, of people with a disability).
  The difference, total - part, is an *implied* cell: anyone can subtract two published numbers, so it is
  protected like a published one when the total is sensitive.

The adversary this module plays reads every published cell, knows these relations and that counts are whole
numbers of at least zero. `bounds` gives, for each hidden and implied cell, the smallest and largest value
consistent with all of that. A cell is disclosed when it is hidden and its value follows exactly
(`recovered`), when a hidden or implied sensitive cell could be a small count but the adversary can rule out
part of the public range 1..min_cell-1 (`narrowed`), and when a sensitive implied cell follows exactly as a
small count (`implied`).

`protect` hides cells until nothing is disclosed: small sensitive counts first (primary); then, for a small
implied count, the part; then, while a disclosure remains, one more cell of the relation it sits in
(complementary). Complementary cells are taken in a fixed order of indicators, never by their size (choosing
the smallest part told the adversary that the partner was at most every published part), and zeros are passed
over: a zero adds nothing to the hidden sum, and a published cell's value is no secret. A complementary cell is
therefore a published count of at least min_cell, so the hidden cells of a relation add up to more than the
public range, and even an adversary who knows that no hidden cell is zero cannot narrow it. Only a village
with fewer households (or people) than min_cell, whose published count alone bounds every hidden count, has
that count hidden as well.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from labkem.core.settings import DEFAULT_MIN_CELL

EXACT = "rincian"
SUBSET = "sebagian"
# Every count of a unit is at most the village's count of that unit (validated as count-above-total).
CEILINGS = {"rumah_tangga": "jumlah_rumah_tangga", "jiwa": "jumlah_penduduk"}


@dataclass(frozen=True)
class Relation:
    """A total and its parts: `exact` when the parts add up to it, else each part is at most the total."""

    total: str
    parts: tuple[str, ...]
    exact: bool

    @property
    def cells(self) -> tuple[str, ...]:
        """The total and its parts."""
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Linkage:
    """What disclosure control knows of the codebook: the relations and which indicators are sensitive."""

    relations: tuple[Relation, ...]
    sensitive: frozenset[str]
    # complementary cells are tried in this order: parts before totals (households and population included),
    # each in the codebook's order reversed, so that the headline figures (desil 1-4, desil 1) go last
    order: tuple[str, ...] = ()

    @classmethod
    def from_codebook(cls, rows: Iterable[Mapping[str, str]]) -> Linkage:
        """Read the relations from the codebook's `bagian_dari`, `jenis_bagian`, `satuan` and `sensitif`."""
        rows = list(rows)
        ids = [str(r["id"]) for r in rows]
        sensitive = frozenset(str(r["id"]) for r in rows if str(r.get("sensitif", "")) == "true")
        declared: dict[tuple[str, str], list[str]] = {}
        for r in rows:
            parent = str(r.get("bagian_dari") or "")
            if parent:
                kind = str(r.get("jenis_bagian") or SUBSET)
                declared.setdefault((parent, kind), []).append(str(r["id"]))
        relations = [Relation(total, tuple(parts), kind == EXACT) for (total, kind), parts in declared.items()]
        in_relation = {p for rel in relations for p in rel.parts}
        for unit, ceiling in CEILINGS.items():
            under = tuple(
                str(r["id"])
                for r in rows
                if r.get("satuan") == unit and r["id"] != ceiling and r["id"] not in in_relation and ceiling in ids
            )
            if under:
                relations.append(Relation(ceiling, under, exact=False))
        totals = {rel.total for rel in relations}
        order = [i for i in reversed(ids) if i not in totals] + [i for i in reversed(ids) if i in totals]
        return cls(tuple(relations), sensitive, tuple(order))

    @property
    def implied(self) -> tuple[tuple[str, str], ...]:
        """(total, part) of every subset relation whose difference is sensitive, because the total is."""
        return tuple(
            (rel.total, part)
            for rel in self.relations
            if not rel.exact and rel.total in self.sensitive
            for part in rel.parts
        )

    @property
    def subset_of(self) -> dict[str, str]:
        """part -> total of every declared subset relation (not the households and population ceilings)."""
        ceilings = set(CEILINGS.values())
        return {
            part: rel.total
            for rel in self.relations
            if not rel.exact and rel.total not in ceilings
            for part in rel.parts
        }

    def relations_of(self, cell: str) -> list[Relation]:
        """The relations `cell` takes part in, as total or part."""
        return [rel for rel in self.relations if cell in rel.cells]


@dataclass(frozen=True)
class Finding:
    """A cell the adversary learns too much about: what he can tell of its value, and why that is too much."""

    cell: str  # an indicator, or "total-part" for an implied cell
    kind: str  # recovered, narrowed, implied
    low: int
    high: float  # math.inf when nothing bounds it from above

    @property
    def shown(self) -> str:
        """The range as text: '3', '3..4' or '3..'."""
        if self.low == self.high:
            return str(self.low)
        return f"{self.low}..{'' if math.isinf(self.high) else int(self.high)}"


def implied_name(total: str, part: str) -> str:
    """The name of the implied cell total - part."""
    return f"{total}-{part}"


@dataclass(frozen=True)
class Suppressed:
    """The cells `protect` hid, by reason."""

    primary: frozenset[str]
    complementary: frozenset[str]
    residual: tuple[Finding, ...] = field(default=())

    @property
    def hidden(self) -> frozenset[str]:
        """Every hidden cell."""
        return self.primary | self.complementary


Bounds = dict[str, tuple[float, float]]


def bounds(published: Mapping[str, float], hidden: Collection[str], linkage: Linkage, floor: int = 0) -> Bounds | None:
    """The range of every cell of a relation that the adversary can infer; None when the published cells
    contradict the relations (validation reports that; there is nothing consistent to infer from).

    Published cells are fixed; a hidden cell is at least `floor`; a cell neither published nor hidden
    (missing) is at least zero. The ranges are narrowed relation by relation until
    nothing changes, which for relations that form a tree (as the codebook's do) gives the exact range.
    """
    low: dict[str, float] = {}
    high: dict[str, float] = {}
    for rel in linkage.relations:
        for cell in rel.cells:
            if cell in low:
                continue
            if cell in published:
                low[cell] = high[cell] = published[cell]
            else:
                low[cell], high[cell] = (floor if cell in hidden else 0), math.inf
    changed = True

    def tighten(cell: str, lo: float, hi: float) -> None:
        """Narrow a cell's range to [lo, hi], rounded inwards to whole numbers."""
        nonlocal changed
        lo = max(low[cell], math.ceil(lo) if math.isfinite(lo) else lo)
        hi = min(high[cell], math.floor(hi) if math.isfinite(hi) else hi)
        if lo != low[cell] or hi != high[cell]:
            low[cell], high[cell], changed = lo, hi, True

    for _ in range(4 * len(linkage.relations) + 4):  # a tree settles long before this bound
        changed = False
        for rel in linkage.relations:
            if rel.exact:
                tighten(rel.total, sum(low[p] for p in rel.parts), sum(high[p] for p in rel.parts))
                for p in rel.parts:
                    others = [q for q in rel.parts if q != p]
                    tighten(
                        p, low[rel.total] - sum(high[q] for q in others), high[rel.total] - sum(low[q] for q in others)
                    )
            else:
                for p in rel.parts:
                    tighten(p, 0, high[rel.total])
                    tighten(rel.total, low[p], math.inf)
        if any(low[c] > high[c] for c in low):
            return None
        if not changed:
            break
    return {cell: (low[cell], high[cell]) for cell in low}


def _narrowed(low: float, high: float, min_cell: int) -> bool:
    """Whether a range could hold a small count yet rules out part of the public range 1..min_cell-1."""
    top = min_cell - 1
    return low <= top and high >= 1 and (low > 1 or high < top)


def disclosures(
    published: Mapping[str, float],
    hidden: Collection[str],
    linkage: Linkage,
    min_cell: int = DEFAULT_MIN_CELL,
    floor: int = 0,
) -> list[Finding]:
    """Every hidden or implied cell of one village and period that the adversary learns too much about (one who
    takes every hidden cell to be at least `floor`)."""
    found: list[Finding] = []
    for total, part in linkage.implied:
        if total in published and part in published:
            gap = published[total] - published[part]
            if 1 <= gap < min_cell:
                found.append(Finding(implied_name(total, part), "implied", int(gap), gap))
    if not hidden and not found:
        return found
    ranges = bounds(published, hidden, linkage, floor)
    if ranges is None:
        return found
    for cell in sorted(hidden):
        if cell not in ranges:
            continue
        low, high = ranges[cell]
        if low == high:
            found.append(Finding(cell, "recovered", int(low), high))
        elif cell in linkage.sensitive and _narrowed(low, high, min_cell):
            found.append(Finding(cell, "narrowed", int(low), high))
    for total, part in linkage.implied:
        if total in published and part in published:
            continue
        (t_low, t_high), (p_low, p_high) = ranges[total], ranges[part]
        low, high = max(0, t_low - p_high), t_high - p_low
        if _narrowed(low, high, min_cell) or (low == high and 1 <= low < min_cell):
            found.append(Finding(implied_name(total, part), "narrowed" if low != high else "implied", int(low), high))
    return found


def primary_cells(values: Mapping[str, float | None], sensitive: Iterable[str], min_cell: int) -> set[str]:
    """Return the sensitive indicators whose count lies between 1 and min_cell - 1."""
    return {k for k in sensitive if (v := values.get(k)) is not None and 1 <= v < min_cell}


def protect(
    values: Mapping[str, float | None],
    linkage: Linkage,
    min_cell: int = DEFAULT_MIN_CELL,
    keep_hidden: Collection[str] = (),
) -> Suppressed:
    """Return the cells to hide for one village and period so that nothing is disclosed.

    `keep_hidden`: cells hidden in an earlier release of the same village and period, kept hidden (unless zero)
    so that the releases together disclose nothing either.
    """
    present = {k: v for k, v in values.items() if v is not None}
    primary = primary_cells(present, linkage.sensitive, min_cell)
    hidden = set(primary) | {c for c in keep_hidden if present.get(c)}
    for total, part in linkage.implied:
        gap = present[total] - present[part] if total in present and part in present else 0
        if 1 <= gap < min_cell and total not in hidden and part not in hidden:
            hidden.add(part)  # the total is published at min_cell or more, so the part is not zero
    rank = {cell: index for index, cell in enumerate(linkage.order)}
    while True:
        published = {k: v for k, v in present.items() if k not in hidden}
        found = disclosures(published, hidden, linkage, min_cell)
        # Beyond what the audit asks, hide more where an adversary who reads this code (and so knows that no
        # zero is hidden) could narrow a cell: two small parts adding up to min_cell - 1 take a third. Where
        # nothing is left to hide (a small total over small parts), that stricter wish is let go.
        extra = _next_cell(found, present, hidden, linkage, rank) or _next_cell(
            disclosures(published, hidden, linkage, min_cell, floor=1), present, hidden, linkage, rank, ceilings=False
        )
        if extra is None:
            return Suppressed(frozenset(primary), frozenset(hidden - primary), tuple(found))
        hidden.add(extra)


def _next_cell(
    found: list[Finding],
    present: Mapping[str, float],
    hidden: set[str],
    linkage: Linkage,
    rank: Mapping[str, int],
    ceilings: bool = True,
) -> str | None:
    """The next cell to hide for the first finding it can help: the first non-zero published cell, in the fixed
    order, of a relation the disclosed cell sits in. Only when none is left and `ceilings` is set, the ceiling
    above it (a village with fewer households than min_cell: its published household count alone bounds every
    hidden count)."""
    for finding in found:
        cells = finding.cell.split("-", 1) if "-" in finding.cell else [finding.cell]
        near: list[str] = []
        above: list[str] = []
        for cell in cells:
            for rel in linkage.relations_of(cell):
                if rel.exact or rel.total in linkage.sensitive:
                    near.extend(c for c in rel.cells if c not in near)
                elif cell in rel.parts and ceilings:
                    above.append(rel.total)
        for group in (near, above):
            candidates = [c for c in group if c not in hidden and present.get(c)]
            if candidates:
                return min(candidates, key=lambda c: (rank.get(c, len(rank)), c))
    return None


View = tuple[Mapping[str, float], frozenset[str]]  # one village and period as a release published it


def merged(first: View, second: View) -> View | None:
    """What an adversary holds of one village and period from two releases: when no cell published in both
    differs, he takes them for the same data, so a cell published in either is known and a cell hidden in
    both stays hidden. None when a published cell differs (the data were corrected between the releases)."""
    (a, a_hidden), (b, b_hidden) = first, second
    if any(a[cell] != b[cell] for cell in a.keys() & b.keys()):
        return None
    published = {**a, **b}
    return published, frozenset((a_hidden | b_hidden) - published.keys())


def protect_release(
    values: Mapping[str, float | None],
    linkage: Linkage,
    min_cell: int = DEFAULT_MIN_CELL,
    earlier: Iterable[View] = (),
) -> Suppressed:
    """`protect`, then keep hidden what earlier releases of the same village and period hid, for as long as
    this release read beside one of them would disclose something."""
    earlier = list(earlier)
    result = protect(values, linkage, min_cell)
    for _ in range(len(earlier) + 1):
        mine: View = ({k: v for k, v in values.items() if v is not None and k not in result.hidden}, result.hidden)
        exposed = [view for view in earlier if (both := merged(mine, view)) and disclosures(*both, linkage, min_cell)]
        if not exposed:
            break
        keep = set(result.hidden).union(*(view[1] for view in exposed))
        result = protect(values, linkage, min_cell, keep_hidden=keep)
    return result
