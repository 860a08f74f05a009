"""A column-wise proof that a regency's `observasi` table is clean, so the row-by-row validator can leave it out.

`observasi` holds nearly all of a regency's rows (about 80 a village, over six million nationally), and the
official validator reads rows one at a time. This module checks the same things with pandas, a column at a
time: the file's shape, every cell's type and constraint, the primary key, and each of our rules that looks
at the table. Its answer is only ever "clean" or "not proven". On "not proven" the package is validated
row by row as before, so every problem is still found and worded by the one path that reports problems.

It is strict on purpose. It accepts only the plain form labkem writes and the data officers' spreadsheets
export once normalised: the standard schema, UTF-8 without quotes or spaces, numbers as plain decimals of at
most 15 significant digits (so that comparing them as floating point gives the validator's exact answer), and
whole numbers wherever a rule compares two counts. Anything else, however harmless, takes the slow path: it
may send a clean table the long way round, never let a faulty one through. The tests hold it to that for
every fault of the catalogue.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from labkem.core.settings import (
    DESIL_INDICATORS,
    DESIL_TOTAL,
    HOUSEHOLDS_INDICATOR,
    PERIODE_PATTERN,
    POPULATION_INDICATOR,
    SUPPRESSED,
)
from labkem.data.disclosure import Linkage, disclosures
from labkem.data.schemas import regency_schemas, resource_descriptor
from labkem.validate import checks

RESOURCE = "observasi"
SCHEMA = regency_schemas()[RESOURCE]
COLUMNS = [str(field["name"]) for field in SCHEMA["fields"]]
HEADER = ",".join(COLUMNS)
STATUSES = frozenset({"", *next(f for f in SCHEMA["fields"] if f["name"] == "status")["constraints"]["enum"]})
# Resource properties a table may add to the standard descriptor without leaving the fast path.
FREE_PROPERTIES: dict[str, type] = {"title": str, "description": str, "synthetic": bool}
# Every character the fast path accepts in the file: codes, ids, periods, plain numbers and separators.
PLAIN = re.compile(r"[A-Za-z0-9_.,\n-]*")
NUMBER = re.compile(r"\d{1,15}(?:\.\d{1,15})?")
COUNT_TOTALS = {"rumah_tangga": HOUSEHOLDS_INDICATOR, "jiwa": POPULATION_INDICATOR}


def standard_descriptor(resource: dict[str, Any]) -> bool:
    """Whether `resource` is the standard `observasi` resource, give or take a title, description or flag."""
    expected = resource_descriptor(RESOURCE, SCHEMA)
    if {key: value for key, value in resource.items() if key in expected} != expected:
        return False
    extra = {key: value for key, value in resource.items() if key not in expected}
    return all(isinstance(value, FREE_PROPERTIES.get(key, type(None))) for key, value in extra.items())


def read_plain(raw: bytes) -> pd.DataFrame | None:
    """The table as text columns when the file has the plain form (see the module's note), else None."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not text.startswith(HEADER + "\n") or "\n\n" in text or not PLAIN.fullmatch(text):
        return None
    # every line holds exactly as many commas as the header: no cell missing, none extra
    data = np.frombuffer(raw if raw.endswith(b"\n") else raw + b"\n", dtype=np.uint8)
    commas = np.cumsum(data == ord(","))[data == ord("\n")]
    if (np.diff(commas, prepend=0) != len(COLUMNS) - 1).any():
        return None
    frame = pd.read_csv(io.StringIO(text), dtype=str, na_filter=False, engine="c")
    return frame if list(frame.columns) == COLUMNS else None


def observations_clean(
    frame: pd.DataFrame,
    *,
    kode_kabupaten: str,
    indicators: Collection[str],
    sensitive: Collection[str],
    units: dict[str, str],
    place_names: Collection[str],
    min_cell: int,
    today: date,
    hidden: dict[tuple[str, str], frozenset[str]],
    values: dict[tuple[str, str], dict[str, float]],
    linkage: Linkage,
) -> bool:
    """Whether the validator and every rule of `regency_checks` would find nothing in these rows (read by
    `read_plain`; `values` and `hidden` are the table's `Observations`). The foreign key to `desa_profil` is left
    to the caller, who compares the codes with that table as the validator read it."""
    return (
        _cells_clean(frame, kode_kabupaten, indicators, place_names, today)
        and _counts_clean(frame, sensitive, units, min_cell, linkage.subset_of)
        and _nothing_disclosed(values, hidden, linkage, min_cell)
    )


def _cells_clean(
    frame: pd.DataFrame, kode_kabupaten: str, indicators: Collection[str], place_names: Collection[str], today: date
) -> bool:
    """Types, constraints and the primary key, then the rules on single cells, each on the column's distinct
    values (a few thousand village codes, a handful of periods, indicators and statuses)."""
    kode, periode, indikator, nilai, status = (frame[column] for column in COLUMNS)
    if (kode == "").any() or (indikator == "").any() or not periode.str.fullmatch(PERIODE_PATTERN).all():
        return False
    if not status.isin(STATUSES).all():
        return False
    filled = nilai[nilai != ""]
    if not filled.str.fullmatch(NUMBER.pattern).all():
        return False
    if (filled.str.replace(".", "", regex=False).str.lstrip("0").str.len() > 15).any():
        return False
    if frame.duplicated(["kode_desa", "periode", "indikator"]).any():
        return False
    for column in ("kode_desa", "periode", "indikator", "status"):
        for value in frame[column].unique():
            typed = value or None  # an empty cell reads as missing
            if checks.personal_kind(column, typed, place_names) or checks.starts_formula(typed):
                return False
            if checks.holds_markup(typed):
                return False
    if any(checks.outside_regency(code, kode_kabupaten) for code in kode.unique()):
        return False
    if not set(indikator.unique()) <= set(indicators):
        return False
    return all(checks.period_start(period) <= today for period in periode.unique())


def _counts_clean(
    frame: pd.DataFrame, sensitive: Collection[str], units: dict[str, str], min_cell: int, subset_of: dict[str, str]
) -> bool:
    """Suppression status, small cells and percentages row by row as arrays; then the rules that compare a
    count with others of the same village and period, on a wide table (one row per village and period)."""
    indikator, nilai = frame["indikator"], frame["nilai"]
    ind = indikator.to_numpy(dtype=object)
    present = (nilai != "").to_numpy()
    if (~present != (frame["status"] == SUPPRESSED).to_numpy()).any():
        return False
    value = pd.to_numeric(nilai.where(nilai != ""), errors="coerce").to_numpy(dtype=float)
    unit = indikator.map(units).to_numpy(dtype=object)
    small = np.isin(ind, list(sensitive)) & present & (value >= 1) & (value < min_cell)
    percent = (unit == "persen") & present & ((value < 0) | (value > 100))
    if small.any() or percent.any():
        return False
    # counts compared with each other must be whole numbers, so that the comparison is exact
    compared = [*DESIL_INDICATORS, DESIL_TOTAL, *subset_of, *subset_of.values(), *COUNT_TOTALS.values()]
    whole = ~nilai.str.contains(".", regex=False).to_numpy()
    if ((np.isin(ind, compared) | np.isin(unit, list(COUNT_TOTALS))) & present & ~whole).any():
        return False
    kode, periode = frame["kode_desa"].to_numpy(dtype=object), frame["periode"].to_numpy(dtype=object)
    wide = pd.Series(value[present], index=[kode[present], periode[present], ind[present]]).unstack()
    keys = pd.MultiIndex.from_arrays([kode, periode])

    def at_key(indicator: str) -> np.ndarray:
        """The value of `indicator` in each row's village and period (NaN where it is not published)."""
        if indicator not in wide.columns:
            return np.full(len(frame), np.nan)
        return wide[indicator].reindex(keys).to_numpy(dtype=float)

    for part, bound in subset_of.items():
        if ((ind == part) & present & (value > at_key(bound))).any():
            return False  # handled-above-total (NaN, an unpublished bound, compares False)
    desil = np.isin(ind, list(DESIL_INDICATORS))
    for count_unit, total in COUNT_TOTALS.items():
        if ((unit == count_unit) & (ind != total) & ~desil & present & (value > at_key(total))).any():
            return False  # count-above-total
    parts = sum((at_key(part) for part in DESIL_INDICATORS), np.zeros(len(frame)))  # NaN unless all four
    if ((ind == DESIL_TOTAL) & present & ~np.isnan(parts) & (parts != value)).any():
        return False  # desil-total-mismatch
    # desil-within-households: with counts of at least zero, the running sum the row-by-row rule keeps is
    # largest at the end, so comparing each village and period's total is the same test
    rows = desil & present
    sums = pd.Series(value[rows], index=[kode[rows], periode[rows]]).groupby(level=[0, 1]).sum()
    if sums.empty or HOUSEHOLDS_INDICATOR not in wide.columns:
        return True
    households = wide[HOUSEHOLDS_INDICATOR].reindex(sums.index).to_numpy(dtype=float)
    return not (sums.to_numpy() > households).any()


def _nothing_disclosed(
    values: dict[tuple[str, str], dict[str, float]],
    hidden: dict[tuple[str, str], frozenset[str]],
    linkage: Linkage,
    min_cell: int,
) -> bool:
    """Nothing is recovered, narrowed or implied (`recoverable-cell`, `narrowed-cell`, `implied-small-cell`): the
    function the row-by-row rule calls, once per village and period instead of once per row."""
    for key in values.keys() | hidden.keys():
        if disclosures(values.get(key, {}), hidden.get(key, frozenset()), linkage, min_cell):
            return False
    return True
