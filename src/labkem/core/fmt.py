"""Indonesian number and text formatting for pages (1.234,5; 18,4%)."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1 << 16)  # a site writes the same small numbers over and over
def number(value: float | None, decimals: int = 0) -> str:
    """Format a number the Indonesian way: dot for thousands, comma for decimals. Zero is written without a sign
    (a rounded −0.0 is 0, and equal to it as a key of the cache)."""
    if value is None:
        return "–"
    text = f"{value + 0.0:,.{decimals}f}"  # + 0.0 turns −0.0 into 0.0 and leaves every other value as it is
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def percent(value: float | None, decimals: int = 1) -> str:
    """Format a percentage: `18,4%`."""
    return "–" if value is None else number(value, decimals) + "%"


def signed(value: float, decimals: int = 0) -> str:
    """Format a change with its sign: `+12`, `−3,5`."""
    text = number(abs(value), decimals)
    if value > 0:
        return "+" + text
    if value < 0:
        return "−" + text
    return text


def size(n_bytes: int) -> str:
    """Format a file size for a download link: `840 KB`, `1,3 MB`."""
    if n_bytes >= 1_000_000:
        return number(n_bytes / 1_000_000, 1) + " MB"
    return number(max(1, round(n_bytes / 1000))) + " KB"


MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


def date(iso: str) -> str:
    """Format an ISO date the Indonesian way: `2025-12-02` as `2 Desember 2025`."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day} {MONTHS[month - 1]} {year}"
