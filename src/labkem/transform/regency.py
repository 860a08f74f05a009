"""Pure stage: every page model of a regency, and the regency page itself. No I/O here.

`build_regency` builds every page model of one regency from its facts (`labkem.transform.facts`), one builder
per kind of page: `village`, `district`, this module's `regency_page`, and `programmes` for the programme, agency
and indicator pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from labkem.core import fmt
from labkem.core.urls import indicator_url, regency_url
from labkem.data.load import PackageRef, RegencyData
from labkem.data.site_settings import DEFAULT_NAME
from labkem.transform import figures, programmes
from labkem.transform.district import district_pages
from labkem.transform.facts import Codebook, RegencyFacts, regency_facts
from labkem.transform.model import (
    AgencyPage,
    DistrictPage,
    DistrictSummary,
    IndicatorPage,
    PackageLink,
    PovertyRow,
    ProgrammeInfo,
    ProgrammePage,
    RegencyLink,
    RegencyPage,
    VillagePage,
    VillageSummary,
)
from labkem.transform.village import village_page, village_summary

PRIORITY_LIST = 10


@dataclass(frozen=True)
class RegencyPages:
    """Every page model of one regency."""

    regency: RegencyPage
    districts: list[DistrictPage]
    villages: list[VillagePage]
    programmes: list[ProgrammePage]
    agencies: list[AgencyPage]
    indicators: list[IndicatorPage]


def build_regency(
    data: RegencyData, codebook: Codebook, kabupaten_nama: str, site_name: str = DEFAULT_NAME
) -> RegencyPages:
    """Build the pages of one regency; `site_name` is the publisher named in citations."""
    facts = regency_facts(data, codebook, kabupaten_nama)
    villages = [village_page(facts, codebook, row, site_name) for row in facts.profiles]
    summaries = [village_summary(facts, row) for row in facts.profiles]
    districts, district_rows = district_pages(facts, summaries, [row["kode_kecamatan"] for row in facts.profiles])
    infos = programme_infos(facts)
    by_code = {v.kode: v for v in summaries}
    return RegencyPages(
        regency=regency_page(facts, codebook, summaries, district_rows, infos),
        districts=districts,
        villages=villages,
        programmes=programmes.programme_pages(facts, infos, by_code),
        agencies=programmes.agency_pages(facts, by_code),
        indicators=programmes.indicator_pages(facts, by_code, codebook.rows),
    )


def programme_infos(facts: RegencyFacts) -> list[ProgrammeInfo]:
    """Describe each programme of the regency: its years, selection rule, villages and stated outcomes."""
    infos = []
    for pid, p in facts.programs.items():
        member_rows = [m for ms in facts.members.values() for m in ms if m.program_id == pid]
        stated = tuple(
            (
                o["uraian"],
                (fmt.number(float(o["nilai"]), 2 if "." in o["nilai"] else 0) + " " + o["satuan"]).strip()
                if o["nilai"]
                else "",
                o["sumber"],
            )
            for o in facts.outcomes.to_dict("records")
            if o["program"] == pid
        )
        years = f"{p['tahun_mulai']}–{p['tahun_selesai'] or 'sekarang'}"
        infos.append(
            ProgrammeInfo(
                pid,
                p["nama"],
                years,
                p["aturan_pemilihan"],
                p.get("uraian", ""),
                p.get("sumber", ""),
                len(member_rows),
                sum(m.synthetic for m in member_rows),
                stated,
            )
        )
    return infos


def regency_page(
    facts: RegencyFacts,
    codebook: Codebook,
    summaries: list[VillageSummary],
    district_rows: list[DistrictSummary],
    infos: list[ProgrammeInfo],
) -> RegencyPage:
    """Build the regency's page: its districts and villages, poverty series, programmes, typologies, priority list
    and ranking chart."""
    poverty = tuple(
        PovertyRow(
            int(r["tahun"]),
            fmt.percent(float(r["persen_miskin"]), 2),
            fmt.number(float(r["jumlah_miskin"])) if r["jumlah_miskin"] else "–",
            r["sumber"],
        )
        for r in facts.poverty.sort_values("tahun").to_dict("records")
    )
    typology = tuple(
        (
            tip or "–",
            sum(1 for v in summaries if v.tipologi == tip),
            fmt.percent(figures.median_of(v.desil_share.value for v in summaries if v.tipologi == tip)),
        )
        for tip in sorted({v.tipologi for v in summaries})
    )
    published = (v for v in summaries if v.desil_1.value is not None)
    priority = tuple(sorted(published, key=lambda v: (-(v.desil_1.value or 0), v.kode))[:PRIORITY_LIST])
    rule = "; ".join(p.aturan for p in infos) or "Desa dengan rumah tangga desil 1 terbanyak."
    ranking_json, ranking_alt = programmes.ranking_spec(summaries)
    return RegencyPage(
        facts.kode,
        facts.nama,
        facts.ref.name,
        facts.latest,
        tuple(district_rows),
        tuple(summaries),
        poverty,
        tuple(infos),
        facts.synthetic,
        tuple((codebook.labels[i], indicator_url(facts.kode, i)) for i in codebook.ids),
        typology,
        priority,
        f"{PRIORITY_LIST} desa/kelurahan dengan rumah tangga desil 1 terbanyak pada {facts.latest}, dengan status "
        f"desanya. Aturan program: {rule}",
        ranking_json,
        ranking_alt,
    )


def regency_link(page: RegencyPage) -> RegencyLink:
    """A regency as the home page and the regency index list it."""
    programmes = ", ".join(p.nama for p in page.programmes)
    url = regency_url(page.kode)
    return RegencyLink(page.kode, page.nama, url, len(page.villages), len(page.districts), programmes)


def package_link(ref: PackageRef) -> PackageLink:
    """Describe a package for the Data page from its descriptor."""
    return PackageLink(ref.name, str(ref.descriptor.get("title", ref.name)), ref.licence_names or "–", ref.synthetic)
