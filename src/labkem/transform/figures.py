"""Comparable figures for pages: rates instead of raw counts, and medians across villages. Pure.

Villages differ tenfold in size, so pages compare rates: shares of households, and deprivations per
100 poor (desil 1-4) households. A rate is only computed from published cells, never over a hidden
numerator, and never over fewer than MIN_DENOMINATOR_FOR_PERCENT households.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

from labkem.core import fmt
from labkem.core.lang import N_
from labkem.core.settings import DESIL_TOTAL, HOUSEHOLDS_INDICATOR, MIN_DENOMINATOR_FOR_PERCENT
from labkem.transform.model import Cell


@dataclass(frozen=True)
class KeySpec:
    """A key figure: numerator over denominator, times `per`."""

    key: str
    label: str
    numerator: str
    denominator: str
    unit: str
    direction: str = "turun_baik"


KEY_FIGURES = (
    KeySpec("desil_1_4", N_("Rumah tangga desil 1–4"), DESIL_TOTAL, HOUSEHOLDS_INDICATOR, N_("% rumah tangga")),
    KeySpec("desil_1", N_("Rumah tangga desil 1"), "rt_desil_1", HOUSEHOLDS_INDICATOR, N_("% rumah tangga")),
    KeySpec("jamban", N_("Tanpa jamban"), "rt_tanpa_jamban", DESIL_TOTAL, N_("per 100 RT miskin")),
    KeySpec("rtlh", N_("Rumah tidak layak huni"), "rt_rtlh", DESIL_TOTAL, N_("per 100 RT miskin")),
    KeySpec("ats", N_("Anak 7–18 tahun tidak sekolah"), "anak_tidak_sekolah", DESIL_TOTAL, N_("per 100 RT miskin")),
)


def rate(numerator: Cell, denominator: Cell, per: float = 100) -> float | None:
    """Return numerator / denominator x per, or None when either is hidden or the base is too small."""
    if numerator.value is None or denominator.value is None or denominator.value < MIN_DENOMINATOR_FOR_PERCENT:
        return None
    return per * numerator.value / denominator.value


def median_of(values: Iterable[float | None]) -> float | None:
    """Median of the known values, or None when there are none."""
    known = [v for v in values if v is not None]
    return median(known) if known else None


def rate_text(value: float | None) -> str:
    """Format a rate with one decimal, or a dash."""
    return "–" if value is None else fmt.number(value, 1)


def change_text(first: float | None, latest: float | None, direction: str) -> tuple[str, bool | None]:
    """Change of a rate in points, and whether it went the good way."""
    if first is None or latest is None:
        return "", None
    delta = latest - first
    if abs(delta) < 0.05:
        return "0,0", None
    return fmt.signed(delta, 1), (delta < 0) == (direction == "turun_baik")


def value_change(first: Cell, latest: Cell, direction: str) -> tuple[str, bool | None]:
    """Change of a published value between two periods, and whether it went the good way."""
    if first.value is None or latest.value is None:
        return "", None
    delta = latest.value - first.value
    decimals = 0 if float(delta).is_integer() else 2
    if direction == "netral" or delta == 0:
        return fmt.signed(delta, decimals), None
    return fmt.signed(delta, decimals), (delta < 0) == (direction == "turun_baik")
