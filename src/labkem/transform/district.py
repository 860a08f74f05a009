"""Pure stage: the district (kecamatan) pages of a regency, and the row each has in the regency's table."""

from __future__ import annotations

from collections import defaultdict

from labkem.core import fmt
from labkem.core.urls import district_url
from labkem.transform.facts import RegencyFacts, at_least
from labkem.transform.model import Cell, DistrictPage, DistrictSummary, VillageSummary


def district_pages(
    facts: RegencyFacts, summaries: list[VillageSummary], kecamatan_of: list[str]
) -> tuple[list[DistrictPage], list[DistrictSummary]]:
    """Build a page for every district of the gazetteer, listing its villages (`summaries`, whose districts are
    `kecamatan_of`), and its row in the regency's table. A district without villages in the package still gets
    its page, empty."""
    by_district: dict[str, list[VillageSummary]] = defaultdict(list)
    for summary, kode_kec in zip(summaries, kecamatan_of, strict=True):
        by_district[kode_kec].append(summary)
    pages, rows = [], []
    for kode_kec in sorted(facts.kecamatan):
        nama = facts.kecamatan[kode_kec]
        here = tuple(by_district.get(kode_kec, []))
        pages.append(DistrictPage(kode_kec, nama, facts.kode, facts.nama, facts.latest, here, facts.synthetic))
        households = sum(s.households.value for s in here if s.households.value is not None)
        rows.append(
            DistrictSummary(
                kode_kec,
                nama,
                district_url(kode_kec),
                len(here),
                Cell(households, "", fmt.number(households)),
                at_least([s.desil_count for s in here]),
            )
        )
    return pages, rows
