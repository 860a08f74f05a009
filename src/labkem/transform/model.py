"""Page models: one frozen dataclass per template, each field documented with `help`.

Templates see only these objects, built by `transform` after validation, so a page can only show
what passed the privacy rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from labkem.transform.maps import MapModel


def doc(text: str) -> dict[str, str]:
    """Field metadata carrying the field's help text."""
    return {"help": text}


@dataclass(frozen=True)
class Cell:
    """One published value with its status."""

    value: float | None = field(metadata=doc("The number, or None when suppressed or missing"))
    status: str = field(metadata=doc("'' published, 'c' suppressed, 'e' estimated, 'u' unverified"))
    text: str = field(metadata=doc("The value formatted for Indonesian readers, or 'disamarkan'"))

    @property
    def suppressed(self) -> bool:
        """True when the value was withheld by disclosure control."""
        return self.status == "c"


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator of a village over all periods."""

    id: str = field(metadata=doc("Indicator id from the codebook"))
    label: str = field(metadata=doc("Indonesian label"))
    unit: str = field(metadata=doc("Unit shown after the numbers"))
    group: str = field(metadata=doc("Codebook group: kependudukan, desil, deprivasi, penanganan"))
    cells: tuple[Cell, ...] = field(metadata=doc("One cell per period, in period order"))
    change: str = field(metadata=doc("Change from the first to the latest period, formatted, or ''"))
    change_good: bool | None = field(metadata=doc("True when the change goes the good way, None if neutral"))


@dataclass(frozen=True)
class Membership:
    """A village's place in a programme."""

    program_id: str = field(metadata=doc("Programme id"))
    program_name: str = field(metadata=doc("Programme name"))
    kohort: int = field(metadata=doc("Year the village joined"))
    peran: str = field(metadata=doc("pilot, replikasi, prioritas or dampingan"))
    agency: str = field(metadata=doc("Name of the accompanying agency (OPD), or ''"))
    synthetic: bool = field(metadata=doc("True when the membership is sample data, not a programme fact"))
    source: str = field(metadata=doc("Where the fact comes from"))


@dataclass(frozen=True)
class IdmRow:
    """One village index assessment."""

    tahun: int = field(metadata=doc("Year"))
    indeks: str = field(metadata=doc("IDM or Indeks Desa"))
    skor: str = field(metadata=doc("Score, formatted"))
    status: str = field(metadata=doc("Status as published"))


@dataclass(frozen=True)
class KeyFigure:
    """A rate of the village beside the district and regency medians."""

    label: str = field(metadata=doc("What is measured"))
    unit: str = field(metadata=doc("Unit of the rate, e.g. '% rumah tangga'"))
    value: str = field(metadata=doc("The village's rate in the latest period, formatted"))
    change: str = field(metadata=doc("Change since the first period in points, formatted, or ''"))
    change_good: bool | None = field(metadata=doc("True when the change goes the good way"))
    district_median: str = field(metadata=doc("Median of the district's villages, formatted"))
    regency_median: str = field(metadata=doc("Median of the regency's villages, formatted"))


@dataclass(frozen=True)
class ProfileRow:
    """One deprivation of the village against the regency median (per 100 poor households)."""

    label: str = field(metadata=doc("Deprivation"))
    village: str = field(metadata=doc("The village's rate, formatted, or 'disamarkan'"))
    regency_median: str = field(metadata=doc("Median rate of the regency's villages, formatted"))


@dataclass(frozen=True)
class InterventionRow:
    """One intervention in a village."""

    periode: str = field(metadata=doc("Period"))
    aktor: str = field(metadata=doc("Pentahelix actor, as a label"))
    organisasi: str = field(metadata=doc("Organisation (never a person)"))
    kegiatan: str = field(metadata=doc("Activity"))
    penerima: Cell = field(metadata=doc("Beneficiaries, suppressed when small"))
    anggaran: str = field(metadata=doc("Budget in rupiah, formatted"))
    sumber_dana: str = field(metadata=doc("Funding source"))


@dataclass(frozen=True)
class PotentialRow:
    """One item of the village's economic potential."""

    jenis: str = field(metadata=doc("Kind of potential, as a label"))
    nama: str = field(metadata=doc("Name"))
    jumlah: str = field(metadata=doc("Count, formatted, or ''"))


@dataclass(frozen=True)
class VillageSummary:
    """A village as a row of a district or regency table."""

    kode: str = field(metadata=doc("Kemendagri code"))
    nama: str = field(metadata=doc("Village name"))
    jenis: str = field(metadata=doc("desa, kelurahan or desa_adat"))
    tipologi: str = field(metadata=doc("Typology, or ''"))
    kecamatan: str = field(metadata=doc("District name"))
    url: str = field(metadata=doc("Link from the site root to the village page, without extension"))
    households: Cell = field(metadata=doc("Households in the latest period"))
    desil_count: Cell = field(metadata=doc("Households in desil 1-4, latest period; status c = lower bound"))
    desil_share: Cell = field(metadata=doc("Share of households in desil 1-4, latest period"))
    desil_1: Cell = field(metadata=doc("Households in desil 1, latest period"))
    rank: int = field(metadata=doc("Rank in the regency by desil 1-4 share, 1 = highest; 0 when unknown"))
    idm_status: str = field(metadata=doc("Latest village index status, or ''"))
    programme: str = field(metadata=doc("Programme role(s), or ''"))


@dataclass(frozen=True)
class VillagePage:
    """Context of templates/village.html.j2: the village profile."""

    kode: str = field(metadata=doc("Kemendagri code, the page's key"))
    nama: str = field(metadata=doc("Village name from the gazetteer"))
    jenis: str = field(metadata=doc("desa, kelurahan or desa_adat"))
    tipologi: str = field(metadata=doc("Typology, or ''"))
    kecamatan_kode: str = field(metadata=doc("District code"))
    kecamatan_nama: str = field(metadata=doc("District name"))
    kabupaten_kode: str = field(metadata=doc("Regency code"))
    kabupaten_nama: str = field(metadata=doc("Regency name"))
    package: str = field(metadata=doc("Name of the data package the numbers come from"))
    periods: tuple[str, ...] = field(metadata=doc("Periods of the observations, in order"))
    indicators: tuple[IndicatorRow, ...] = field(metadata=doc("Indicator rows in codebook order"))
    memberships: tuple[Membership, ...] = field(metadata=doc("Programme memberships"))
    idm: tuple[IdmRow, ...] = field(metadata=doc("Village index history, oldest first"))
    summary: str = field(metadata=doc("Generated Indonesian sentence on where the village stands"))
    desil_note: str = field(metadata=doc("What desil 1-4 means, and the ranking the counts come from"))
    desil_chart: str = field(
        metadata=doc("JSON of the desil trend's datasets (see `labkem.transform.charts.chart_data`)")
    )
    chart_alt: str = field(metadata=doc("Text alternative of the chart"))
    chart_note: str = field(metadata=doc("Visible note under the chart, e.g. that suppressed points are not drawn"))
    synthetic: bool = field(metadata=doc("True when any number on the page is synthetic"))
    min_cell: int = field(metadata=doc("Disclosure control threshold of the package"))
    sources: tuple[str, ...] = field(metadata=doc("Sources to cite"))
    latest_period: str = field(metadata=doc("The latest period, which key figures and the profile show"))
    key_figures: tuple[KeyFigure, ...] = field(metadata=doc("Key rates with change and medians"))
    profile: tuple[ProfileRow, ...] = field(metadata=doc("Deprivations per 100 poor households vs the regency"))
    profile_chart: str = field(metadata=doc("JSON of the deprivation profile's datasets, for its image"))
    profile_alt: str = field(metadata=doc("Text alternative of the deprivation profile chart"))
    interventions: tuple[InterventionRow, ...] = field(metadata=doc("Interventions, oldest first"))
    intervention_chart: str = field(metadata=doc("JSON of the datasets of interventions by actor and period, or ''"))
    intervention_alt: str = field(metadata=doc("Text alternative of the interventions chart"))
    intervention_table: tuple[tuple[str, str, int], ...] = field(metadata=doc("(period, actor, count) rows"))
    potentials: tuple[PotentialRow, ...] = field(metadata=doc("Economic potential"))
    citation: str = field(metadata=doc("How to cite the page"))
    share_text: str = field(metadata=doc("Text of the WhatsApp share link (the page address is added)"))
    locator: MapModel | None = field(
        default=None, metadata=doc("Small map of the district with the village highlighted, or None")
    )


@dataclass(frozen=True)
class DistrictPage:
    """Context of templates/district.html.j2."""

    kode: str = field(metadata=doc("District code"))
    nama: str = field(metadata=doc("District name"))
    kabupaten_kode: str = field(metadata=doc("Regency code"))
    kabupaten_nama: str = field(metadata=doc("Regency name"))
    latest_period: str = field(metadata=doc("Period the table shows"))
    villages: tuple[VillageSummary, ...] = field(metadata=doc("Villages of the district"))
    synthetic: bool = field(metadata=doc("True when the numbers are synthetic"))
    map: MapModel | None = field(default=None, metadata=doc("Its villages by desil 1-4 share, or None"))


@dataclass(frozen=True)
class DistrictSummary:
    """A district as a row of the regency table."""

    kode: str = field(metadata=doc("District code"))
    nama: str = field(metadata=doc("District name"))
    url: str = field(metadata=doc("Link from the site root"))
    villages: int = field(metadata=doc("Number of villages"))
    households: Cell = field(metadata=doc("Households in the latest period"))
    desil_households: str = field(metadata=doc("Households in desil 1-4, 'at least' when cells are suppressed"))


@dataclass(frozen=True)
class PovertyRow:
    """One year of the BPS regency poverty series."""

    tahun: int = field(metadata=doc("Year"))
    persen: str = field(metadata=doc("P0, formatted"))
    jumlah: str = field(metadata=doc("Number of poor people, formatted, or '–'"))
    sumber: str = field(metadata=doc("Source"))


@dataclass(frozen=True)
class ProgrammeInfo:
    """A programme as shown on its regency page."""

    id: str = field(metadata=doc("Programme id"))
    nama: str = field(metadata=doc("Name"))
    tahun: str = field(metadata=doc("Years, formatted"))
    aturan: str = field(metadata=doc("Selection rule"))
    uraian: str = field(metadata=doc("Description"))
    sumber: str = field(metadata=doc("Source"))
    villages: int = field(metadata=doc("Number of member villages"))
    synthetic_villages: int = field(metadata=doc("How many of them are sample data"))
    outcomes: tuple[tuple[str, str, str], ...] = field(metadata=doc("(statement, value, source) as stated"))


@dataclass(frozen=True)
class RegencyPage:
    """Context of templates/regency.html.j2."""

    kode: str = field(metadata=doc("Regency code"))
    nama: str = field(metadata=doc("Regency name"))
    package: str = field(metadata=doc("Data package name"))
    latest_period: str = field(metadata=doc("Period of the tables"))
    districts: tuple[DistrictSummary, ...] = field(metadata=doc("Districts"))
    villages: tuple[VillageSummary, ...] = field(metadata=doc("All villages"))
    poverty: tuple[PovertyRow, ...] = field(metadata=doc("BPS poverty series"))
    programmes: tuple[ProgrammeInfo, ...] = field(metadata=doc("Programmes of the regency"))
    synthetic: bool = field(metadata=doc("True when village numbers are synthetic"))
    indicator_links: tuple[tuple[str, str], ...] = field(metadata=doc("(label, url) of the indicator pages"))
    typology: tuple[tuple[str, int, str], ...] = field(metadata=doc("(typology, villages, median desil share)"))
    priority: tuple[VillageSummary, ...] = field(metadata=doc("Villages with most desil-1 households, latest"))
    priority_rule: str = field(metadata=doc("How the priority list is drawn up"))
    ranking_spec: str = field(metadata=doc("Vega-Lite JSON of the villages with the highest desil 1-4 share"))
    ranking_alt: str = field(metadata=doc("Text alternative of the ranking chart"))
    map: MapModel | None = field(
        default=None, metadata=doc("Villages by desil 1-4 share with district outlines, or None without boundaries")
    )


@dataclass(frozen=True)
class RegencyLink:
    """A regency on the home page."""

    kode: str = field(metadata=doc("Regency code"))
    nama: str = field(metadata=doc("Regency name"))
    url: str = field(metadata=doc("Link from the site root"))
    villages: int = field(metadata=doc("Number of villages"))
    districts: int = field(metadata=doc("Number of districts"))
    programmes: str = field(metadata=doc("Programme names"))


@dataclass(frozen=True)
class HomePage:
    """Context of templates/home.html.j2."""

    site_name: str = field(metadata=doc("The site's name, from situs.yml"))
    regencies: tuple[RegencyLink, ...] = field(metadata=doc("Regencies with data"))
    villages: int = field(metadata=doc("Villages in all"))
    synthetic: bool = field(metadata=doc("True when any regency's numbers are synthetic"))
    provinces: tuple[tuple[str, str], ...] = field(
        default=(), metadata=doc("Provinces with village pages as (code, name), by code; the finder asks for one")
    )
    maps: tuple[MapModel, ...] = field(default=(), metadata=doc("A map of each province's regencies, by code"))


@dataclass(frozen=True)
class MemberVillage:
    """A village in a programme or accompanied by an agency, with its desil share then and now."""

    kode: str = field(metadata=doc("Kemendagri code"))
    nama: str = field(metadata=doc("Village name"))
    kecamatan: str = field(metadata=doc("District name"))
    url: str = field(metadata=doc("Link from the site root"))
    kohort: int = field(metadata=doc("Year the village joined"))
    peran: str = field(metadata=doc("pilot, replikasi, prioritas or dampingan"))
    agency: str = field(metadata=doc("Accompanying agency name, or ''"))
    agency_url: str = field(metadata=doc("Link to the agency page, or ''"))
    synthetic: bool = field(metadata=doc("True when the membership is sample data"))
    first: str = field(metadata=doc("Desil 1-4 share in the first period, formatted"))
    latest: str = field(metadata=doc("Desil 1-4 share in the latest period, formatted"))
    change: str = field(metadata=doc("Change in points, formatted, or ''"))
    change_good: bool | None = field(metadata=doc("True when the share went down"))


@dataclass(frozen=True)
class ComparisonRow:
    """Median of a rate for programme villages and the others, in the first and latest period."""

    label: str = field(metadata=doc("What is measured, with its unit"))
    members_first: str = field(metadata=doc("Median over programme villages, first period"))
    members_latest: str = field(metadata=doc("Median over programme villages, latest period"))
    others_first: str = field(metadata=doc("Median over the other villages, first period"))
    others_latest: str = field(metadata=doc("Median over the other villages, latest period"))


@dataclass(frozen=True)
class ProgrammePage:
    """Context of templates/programme.html.j2."""

    id: str = field(metadata=doc("Programme id, the page's key"))
    nama: str = field(metadata=doc("Programme name"))
    kabupaten_kode: str = field(metadata=doc("Regency code"))
    kabupaten_nama: str = field(metadata=doc("Regency name"))
    tahun: str = field(metadata=doc("Years, formatted"))
    aturan: str = field(metadata=doc("How villages are chosen"))
    uraian: str = field(metadata=doc("What the programme does"))
    sumber: str = field(metadata=doc("Sources of the programme facts"))
    outcomes: tuple[tuple[str, str, str], ...] = field(
        metadata=doc("(statement, value, source) as the programme stated")
    )
    villages: tuple[MemberVillage, ...] = field(metadata=doc("Member villages"))
    cohorts: tuple[tuple[int, int], ...] = field(metadata=doc("(cohort year, number of villages)"))
    partners: tuple[tuple[str, int, str], ...] = field(metadata=doc("(Pentahelix actor, activities, organisations)"))
    comparison: tuple[ComparisonRow, ...] = field(metadata=doc("Members against the other villages"))
    first_period: str = field(metadata=doc("First period of the data"))
    latest_period: str = field(metadata=doc("Latest period of the data"))
    synthetic: bool = field(metadata=doc("True when village numbers are synthetic"))
    synthetic_villages: int = field(metadata=doc("How many memberships are sample data"))


@dataclass(frozen=True)
class AgencyPage:
    """Context of templates/agency.html.j2: an agency (OPD) and the villages it accompanies."""

    id: str = field(metadata=doc("Agency id"))
    url: str = field(metadata=doc("Link from the site root"))
    nama: str = field(metadata=doc("Agency name"))
    kabupaten_kode: str = field(metadata=doc("Regency code"))
    kabupaten_nama: str = field(metadata=doc("Regency name"))
    villages: tuple[MemberVillage, ...] = field(metadata=doc("Villages it accompanies"))
    first_period: str = field(metadata=doc("First period of the data"))
    latest_period: str = field(metadata=doc("Latest period of the data"))
    synthetic: bool = field(metadata=doc("True when the assignments or numbers are synthetic"))


@dataclass(frozen=True)
class IndicatorVillage:
    """One village's value of an indicator."""

    kode: str = field(metadata=doc("Kemendagri code"))
    nama: str = field(metadata=doc("Village name"))
    kecamatan: str = field(metadata=doc("District name"))
    url: str = field(metadata=doc("Link from the site root"))
    first: Cell = field(metadata=doc("Value in the first period"))
    latest: Cell = field(metadata=doc("Value in the latest period"))
    change: str = field(metadata=doc("Change, formatted, or ''"))
    change_good: bool | None = field(metadata=doc("True when the change goes the good way"))


@dataclass(frozen=True)
class IndicatorPage:
    """Context of templates/indicator.html.j2: one indicator across the villages of a regency."""

    id: str = field(metadata=doc("Indicator id"))
    url: str = field(metadata=doc("Link from the site root"))
    label: str = field(metadata=doc("Indonesian label"))
    definisi: str = field(metadata=doc("Definition from the codebook"))
    satuan: str = field(metadata=doc("Unit"))
    sensitif: bool = field(metadata=doc("True when small counts are suppressed"))
    arah: str = field(metadata=doc("Which way is better, in words"))
    sumber_program: str = field(metadata=doc("Programme or data system of origin"))
    kabupaten_kode: str = field(metadata=doc("Regency code"))
    kabupaten_nama: str = field(metadata=doc("Regency name"))
    first_period: str = field(metadata=doc("First period"))
    latest_period: str = field(metadata=doc("Latest period"))
    villages: tuple[IndicatorVillage, ...] = field(metadata=doc("Every village of the regency"))
    synthetic: bool = field(metadata=doc("True when the numbers are synthetic"))
    map: MapModel | None = field(default=None, metadata=doc("Villages by the latest value, or None"))


@dataclass(frozen=True)
class PackageLink:
    """A data package on the Data page."""

    name: str = field(metadata=doc("Package folder name, also its download folder"))
    title: str = field(metadata=doc("Package title"))
    licence: str = field(metadata=doc("Licence names, comma-separated"))
    synthetic: bool = field(metadata=doc("True when any of its data are generated"))
