"""Pure stage: the programme, agency and indicator pages of a regency."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from labkem.core.lang import INDONESIAN, N_, Language
from labkem.core.urls import agency_url, indicator_url
from labkem.transform import charts, figures
from labkem.transform.facts import RegencyFacts
from labkem.transform.model import (
    AgencyPage,
    ComparisonRow,
    IndicatorPage,
    IndicatorVillage,
    Membership,
    MemberVillage,
    ProgrammeInfo,
    ProgrammePage,
    VillageSummary,
)

KeyRates = Mapping[str, Mapping[str, tuple[float | None, float | None]]]
DIRECTION_TEXT = {
    "turun_baik": N_("makin kecil makin baik"),
    "naik_baik": N_("makin besar makin baik"),
    "netral": N_("netral"),
}
COMPARED = (
    ("desil_1_4", N_("Rumah tangga desil 1–4 (% rumah tangga)")),
    ("jamban", N_("Tanpa jamban (per 100 RT miskin)")),
    ("ats", N_("Anak 7–18 tahun tidak sekolah (per 100 RT miskin)")),
)
UNIT_WORDS = {"rumah_tangga": N_("rumah tangga"), "jiwa": N_("jiwa"), "persen": N_("persen"), "indeks": N_("indeks")}


def member_village(
    summary: VillageSummary, membership: Membership, agency_id: str, kode_kabupaten: str, rates: KeyRates
) -> MemberVillage:
    """A member village with its desil 1-4 share then and now."""
    first, latest = rates[summary.kode]["desil_1_4"]
    change, good = figures.change_text(first, latest, "turun_baik")
    return MemberVillage(
        kode=summary.kode,
        nama=summary.nama,
        kecamatan=summary.kecamatan,
        url=summary.url,
        kohort=membership.kohort,
        peran=membership.peran,
        agency=membership.agency,
        agency_url=agency_url(kode_kabupaten, agency_id) if agency_id else "",
        synthetic=membership.synthetic,
        first=figures.rate_text(first),
        latest=figures.rate_text(latest),
        change=change,
        change_good=good,
    )


def comparison(
    member_codes: set[str], all_codes: Sequence[str], rates: KeyRates, language: Language = INDONESIAN
) -> tuple[ComparisonRow, ...]:
    """Medians of a few rates for programme villages and for the others, first and latest period."""
    rows = []
    for key, label in COMPARED:

        def med(codes: Sequence[str], index: int, key: str = key) -> str:
            return figures.rate_text(figures.median_of(rates[c][key][index] for c in codes))

        members = [c for c in all_codes if c in member_codes]
        others = [c for c in all_codes if c not in member_codes]
        rows.append(
            ComparisonRow(language.gettext(label), med(members, 0), med(members, 1), med(others, 0), med(others, 1))
        )
    return tuple(rows)


def programme_pages(
    facts: RegencyFacts,
    infos: Sequence[ProgrammeInfo],
    summaries: Mapping[str, VillageSummary],
    language: Language = INDONESIAN,
) -> list[ProgrammePage]:
    """Build one page per programme of the regency (`infos`), listing its villages (`summaries`, by code)."""
    memberships, rates, kode_kabupaten, periods = facts.memberships, facts.key_rates, facts.kode, facts.periods
    pages = []
    for info in infos:
        villages = [
            member_village(summaries[kode], m, agency_id, kode_kabupaten, rates)
            for kode, items in sorted(memberships.items())
            for m, agency_id in items
            if m.program_id == info.id
        ]
        cohorts: dict[int, int] = defaultdict(int)
        for v in villages:
            cohorts[v.kohort] += 1
        partners: dict[str, list[str]] = defaultdict(list)
        for v in villages:
            for row in facts.interventions.get(v.kode, []):
                partners[row.aktor].append(row.organisasi)
        pages.append(
            ProgrammePage(
                id=info.id,
                nama=info.nama,
                kabupaten_kode=kode_kabupaten,
                kabupaten_nama=facts.nama,
                tahun=info.tahun,
                aturan=info.aturan,
                uraian=info.uraian,
                sumber=info.sumber,
                outcomes=info.outcomes,
                villages=tuple(villages),
                cohorts=tuple(sorted(cohorts.items())),
                partners=tuple((a, len(orgs), ", ".join(sorted(set(orgs)))) for a, orgs in sorted(partners.items())),
                comparison=comparison({v.kode for v in villages}, list(summaries), rates, language),
                first_period=periods[0],
                latest_period=periods[-1],
                synthetic=facts.synthetic,
                synthetic_villages=sum(v.synthetic for v in villages),
            )
        )
    return pages


def agency_pages(facts: RegencyFacts, summaries: Mapping[str, VillageSummary]) -> list[AgencyPage]:
    """Build one page per agency that accompanies at least one village (`summaries`, by code)."""
    kode_kabupaten, rates = facts.kode, facts.key_rates
    by_agency: dict[str, list[MemberVillage]] = defaultdict(list)
    names: dict[str, str] = {}
    for kode, items in sorted(facts.memberships.items()):
        for m, agency_id in items:
            if agency_id:
                by_agency[agency_id].append(member_village(summaries[kode], m, agency_id, kode_kabupaten, rates))
                names[agency_id] = m.agency
    return [
        AgencyPage(
            id=agency_id,
            url=agency_url(kode_kabupaten, agency_id),
            nama=names[agency_id],
            kabupaten_kode=kode_kabupaten,
            kabupaten_nama=facts.nama,
            villages=tuple(villages),
            first_period=facts.periods[0],
            latest_period=facts.latest,
            synthetic=facts.synthetic or any(v.synthetic for v in villages),
        )
        for agency_id, villages in sorted(by_agency.items())
    ]


def indicator_pages(
    facts: RegencyFacts,
    summaries: Mapping[str, VillageSummary],
    definitions: Mapping[str, Mapping[str, str]],
    language: Language = INDONESIAN,
) -> list[IndicatorPage]:
    """Build one page per indicator of the codebook (`definitions`, its rows by id) with every village of the
    regency (`summaries`, by code), in `language` (the indicator's name from the codebook's `label_en` in English;
    its definition stays the codebook's)."""
    _ = language.gettext
    pages = []
    for ind, info in definitions.items():
        rows = []
        for kode, summary in summaries.items():
            series = facts.numbers[kode].cells[ind]
            first, latest = series[0], series[-1]
            change, good = figures.value_change(first, latest, info["arah"])
            rows.append(
                IndicatorVillage(kode, summary.nama, summary.kecamatan, summary.url, first, latest, change, good)
            )
        pages.append(
            IndicatorPage(
                id=ind,
                url=indicator_url(facts.kode, ind),
                label=info["label_id"] if language.source else info.get("label_en") or info["label_id"],
                definisi=info["definisi"],
                satuan=_(UNIT_WORDS.get(info["satuan"], info["satuan"].replace("_", " "))),
                sensitif=info["sensitif"] == "true",
                arah=_(DIRECTION_TEXT.get(info["arah"], info["arah"])),
                sumber_program=info["sumber_program"],
                kabupaten_kode=facts.kode,
                kabupaten_nama=facts.nama,
                first_period=facts.periods[0],
                latest_period=facts.latest,
                villages=tuple(rows),
                synthetic=facts.synthetic,
            )
        )
    return pages


def ranking_spec(
    summaries: Sequence[VillageSummary], top: int = 15, language: Language = INDONESIAN
) -> tuple[str, str]:
    """The ranking chart of the villages with the highest desil 1-4 share, and its text alternative."""
    ranked = sorted((s for s in summaries if s.rank), key=lambda s: s.rank)[:top]
    data = [
        {"desa": f"{s.nama} ({s.kode})", "kecamatan": s.kecamatan, "persen": round(s.desil_share.value or 0, 2)}
        for s in ranked
    ]
    alt_text = language.gettext(
        "Grafik batang %(count)s desa dengan porsi rumah tangga desil 1–4 tertinggi: %(list)s"
    ) % {
        "count": len(ranked),
        "list": "; ".join(f"{s.nama} {language.number(s.desil_share.text)}" for s in ranked),
    }
    return charts.spec_with(charts.template("peringkat"), peringkat=data), alt_text
