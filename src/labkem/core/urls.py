"""The site's address scheme: where each kind of data page lives, from the site root, without `index.html`.

Addresses are part of what the site promises (links from elsewhere, the API's `halaman` fields, search results),
so each is written here once.
"""

from __future__ import annotations

VILLAGES = "desa"
DISTRICTS = "kecamatan"
REGENCIES = "kabupaten"
PLACE_FOLDERS = (VILLAGES, DISTRICTS, REGENCIES)  # the place pages, which the search indexes


def village_url(kode: str) -> str:
    """Return the path of a village page: `desa/33.26.02.2008`."""
    return f"{VILLAGES}/{kode}"


def district_url(kode: str) -> str:
    """Return the path of a district page: `kecamatan/33.26.02`."""
    return f"{DISTRICTS}/{kode}"


def regency_url(kode: str) -> str:
    """Return the path of a regency page: `kabupaten/33.26`."""
    return f"{REGENCIES}/{kode}"


def programme_url(programme_id: str) -> str:
    """Return the path of a programme page: `program/ID`."""
    return f"program/{programme_id}"


def agency_url(kode_kabupaten: str, agency_id: str) -> str:
    """Return the path of an agency page: `opd/33.26-ID`."""
    return f"opd/{kode_kabupaten}-{agency_id}"


def indicator_url(kode_kabupaten: str, indicator_id: str) -> str:
    """Return the path of an indicator page: `indikator/33.26/ID`."""
    return f"indikator/{kode_kabupaten}/{indicator_id}"
