"""Pure stage: what the pages of a regency are made from, worked out once from its tables.

Every page builder (`labkem.transform.village`, `district`, `regency`, `programmes`) reads a `RegencyFacts`
instead of the tables, so a figure shown on two pages is computed once and means the same on both.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, cast

import pandas as pd

from labkem.core import fmt
from labkem.core.lang import N_, Language
from labkem.core.settings import (
    DEFAULT_MIN_CELL,
    DESIL_INDICATORS,
    DESIL_TOTAL,
    HOUSEHOLDS_INDICATOR,
    MIN_DENOMINATOR_FOR_PERCENT,
    SUPPRESSED,
)
from labkem.data.load import PackageRef, RegencyData
from labkem.transform import charts, figures
from labkem.transform.model import Cell, IdmRow, InterventionRow, Membership, PotentialRow

SUPPRESSED_TEXT = "disamarkan"


@dataclass(frozen=True)
class Codebook:
    """The indicator codebook in display order."""

    ids: tuple[str, ...]
    labels: dict[str, str]
    units: dict[str, str]
    groups: dict[str, str]
    direction: dict[str, str]
    rows: dict[str, dict[str, str]]
    labels_en: dict[str, str] = field(default_factory=dict)  # the codebook's `label_en`

    def in_language(self, language: Language) -> Codebook:
        """The codebook whose `labels` are the indicators' names in `language` (the codebook's `label_en` for
        English, the Indonesian name where an indicator has none)."""
        if language.source:
            return self
        return replace(self, labels={i: self.labels_en.get(i) or self.labels[i] for i in self.ids})

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> Codebook:
        """Build from the `indikator` table."""
        return cls(
            ids=tuple(frame["id"]),
            labels=dict(zip(frame["id"], frame["label_id"], strict=True)),
            units=dict(zip(frame["id"], frame["satuan"], strict=True)),
            groups=dict(zip(frame["id"], frame["kelompok"], strict=True)),
            direction=dict(zip(frame["id"], frame["arah"], strict=True)),
            rows={str(r["id"]): {str(k): str(v) for k, v in r.items()} for r in frame.to_dict("records")},
            labels_en={
                str(i): label if isinstance(label, str) else ""
                for i, label in zip(frame["id"], frame.get("label_en", pd.Series(dtype=str)), strict=False)
            },
        )


@functools.lru_cache(maxsize=1 << 16)
def make_cell(raw: str | None, status: str) -> Cell:
    """Turn a table cell and its status into a formatted `Cell`. Most cells of a regency are a few small counts
    over and over, so each is parsed and formatted once (a `Cell` is immutable and can be shared)."""
    if status == SUPPRESSED:
        return Cell(None, status, SUPPRESSED_TEXT)
    if raw is None or raw == "":
        return Cell(None, status, "–")
    value = float(raw)
    decimals = 0 if value.is_integer() else 2
    return Cell(value, status, fmt.number(value, decimals))


def desil_count(total: Cell, parts: list[Cell]) -> Cell:
    """Households in desil 1-4: the published total, else a lower bound from the published parts.

    A lower bound keeps status 'c' with its value, so pages write "sedikitnya N" or "≥", never a false
    exact figure.
    """
    if total.value is not None:
        return total
    known = [c.value for c in parts if c.value is not None]
    hidden = total.suppressed or any(c.suppressed for c in parts)
    if not known:
        return Cell(None, SUPPRESSED, SUPPRESSED_TEXT) if hidden else Cell(None, "", "–")
    if not hidden:
        return Cell(sum(known), "", fmt.number(sum(known)))
    return Cell(sum(known), SUPPRESSED, "≥ " + fmt.number(sum(known)))


def desil_share(count: Cell, households: Cell) -> Cell:
    """Share of households in desil 1-4, withheld or given as a lower bound under the privacy rules.

    No share is published over fewer than MIN_DENOMINATOR_FOR_PERCENT households, nor when the count is
    hidden; a lower-bound count gives a lower-bound share ("≥").
    """
    if households.value is None or households.value < MIN_DENOMINATOR_FOR_PERCENT:
        return Cell(None, SUPPRESSED if households.value else "", SUPPRESSED_TEXT if households.value else "–")
    if count.value is None:
        return Cell(None, count.status, count.text)
    share = 100 * count.value / households.value
    if count.suppressed:
        return Cell(share, SUPPRESSED, "≥ " + fmt.percent(share))
    return Cell(share, "", fmt.percent(share))


def at_least(cells: list[Cell]) -> str:
    """Sum of cells as text, prefixed 'sedikitnya' when some were suppressed."""
    total = sum(c.value for c in cells if c.value is not None)
    prefix = "sedikitnya " if any(c.suppressed for c in cells) else ""
    return prefix + fmt.number(total)


def observations_by_village(frame: pd.DataFrame) -> dict[str, dict[tuple[str, str], tuple[str, str]]]:
    """Return each village's cells: (period, indicator) -> (value, status)."""
    by_village: dict[str, dict[tuple[str, str], tuple[str, str]]] = defaultdict(dict)
    columns = [frame[name].tolist() for name in ("kode_desa", "periode", "indikator", "nilai", "status")]
    for kode, periode, indikator, nilai, status in zip(*columns, strict=True):
        by_village[kode][(periode, indikator)] = (nilai, status)
    return by_village


def periods_of(frame: pd.DataFrame) -> tuple[str, ...]:
    """Return the periods observed, oldest first."""
    return tuple(sorted(frame["periode"].unique().tolist()))


@dataclass(frozen=True)
class VillageNumbers:
    """A village's published cells per indicator and its desil counts and shares per period."""

    cells: dict[str, list[Cell]]
    desil: dict[str, list[Cell]]
    count: dict[str, Cell]
    share: dict[str, Cell]


def village_numbers(
    values: dict[tuple[str, str], tuple[str, str]], periods: tuple[str, ...], codebook: Codebook
) -> VillageNumbers:
    """Return a village's cells per indicator, with its desil 1-4 counts and shares worked out per period."""
    cells = {ind: [make_cell(*values.get((p, ind), ("", ""))) for p in periods] for ind in codebook.ids}
    empty = [Cell(None, "", "–")] * len(periods)
    desil = {p: [cells.get(d, empty)[i] for d in DESIL_INDICATORS] for i, p in enumerate(periods)}
    count = {p: desil_count(cells.get(DESIL_TOTAL, empty)[i], desil[p]) for i, p in enumerate(periods)}
    share = {p: desil_share(count[p], cells.get(HOUSEHOLDS_INDICATOR, empty)[i]) for i, p in enumerate(periods)}
    cells.setdefault(DESIL_TOTAL, [count[p] for p in periods])
    return VillageNumbers(cells, desil, count, share)


def key_rate(numbers: VillageNumbers, spec: figures.KeySpec, index: int) -> float | None:
    """Return a key figure's rate in the period at `index`, or None when a part of it is not published."""
    numerator = numbers.cells.get(spec.numerator)
    denominator = numbers.cells.get(spec.denominator)
    if numerator is None or denominator is None:
        return None
    return figures.rate(numerator[index], denominator[index])


def interventions_by_village(frame: pd.DataFrame | None) -> dict[str, list[InterventionRow]]:
    """Return each village's interventions (`intervensi`), by period."""
    found: dict[str, list[InterventionRow]] = defaultdict(list)
    if frame is None:
        return found
    for r in frame.sort_values(["kode_desa", "periode", "id"]).to_dict("records"):
        found[r["kode_desa"]].append(
            InterventionRow(
                periode=r["periode"],
                aktor=charts.ACTORS.get(r["aktor"], r["aktor"]),
                organisasi=r["organisasi"],
                kegiatan=r["kegiatan"],
                penerima=make_cell(r["penerima"], r["status_penerima"]),
                anggaran="Rp " + fmt.number(float(r["anggaran_rp"])) if r["anggaran_rp"] else "–",
                sumber_dana=r["sumber_dana"],
            )
        )
    return found


POTENTIAL_LABELS = {
    "sumber_daya_alam": N_("Sumber daya alam"),
    "kelembagaan_ekonomi": N_("Kelembagaan ekonomi"),
    "usaha_mikro": N_("Usaha mikro"),
    "sumber_daya_manusia": N_("Sumber daya manusia"),
}


def potentials_by_village(frame: pd.DataFrame | None) -> dict[str, list[PotentialRow]]:
    """Return each village's economic potentials (`potensi_desa`)."""
    found: dict[str, list[PotentialRow]] = defaultdict(list)
    if frame is None:
        return found
    for r in frame.to_dict("records"):
        amount = fmt.number(float(r["jumlah"])) if r["jumlah"] else ""
        found[r["kode_desa"]].append(PotentialRow(POTENTIAL_LABELS.get(r["jenis"], r["jenis"]), r["nama"], amount))
    return found


Rates = dict[str, tuple[float | None, float | None]]  # key figure -> (first period, latest period)


def ranking_of(descriptor: dict[str, Any]) -> str:
    """The welfare ranking a package declares for its desil counts; '' when none, or the new-region placeholder."""
    ranking = str(descriptor.get("labkem", {}).get("sistem_peringkat", "")).strip()
    return "" if ranking.startswith("isi:") else ranking


@dataclass(frozen=True)
class RegencyFacts:
    """A regency's tables read into what its pages show: villages' numbers, rates and medians, memberships."""

    ref: PackageRef
    kode: str  # the regency's Kemendagri code
    nama: str  # the regency's name in the gazetteer
    synthetic: bool  # the package's values are invented (the sample)
    min_cell: int  # the package's threshold for small counts
    version: str  # the package's version, for citations
    ranking: str  # the welfare ranking the desil counts come from (`labkem.sistem_peringkat`), or ''
    periods: tuple[str, ...]  # oldest first
    kecamatan: dict[str, str]  # district code -> name
    programs: dict[str, dict[str, Any]]  # programme id -> its `program` row
    members: dict[str, list[Membership]]  # village code -> its programme memberships
    agency_ids: dict[str, list[str]]  # village code -> the accompanying agency of each membership
    idm: dict[str, list[IdmRow]]  # village code -> its village index (IDM) by year
    profiles: list[dict[str, Any]]  # the `desa_profil` rows, in the package's order
    numbers: dict[str, VillageNumbers]  # village code -> its published cells
    deprivations: list[str]  # the codebook's deprivation indicators
    key_rates: dict[str, Rates]  # village code -> its key figures, first and latest period
    profile_rates: dict[str, dict[str, float | None]]  # village code -> deprivation -> rate in the latest period
    regency_median: dict[str, float | None]  # key figure -> median over the regency's villages
    district_median: dict[tuple[str, str], float | None]  # (district code, key figure) -> median
    profile_median: dict[str, float | None]  # deprivation -> median over the regency's villages
    interventions: dict[str, list[InterventionRow]]
    potentials: dict[str, list[PotentialRow]]
    rank: dict[str, int]  # village code -> rank by share of desil 1-4 households (1 = highest), when published
    poverty: pd.DataFrame  # `kemiskinan_kabupaten`
    outcomes: pd.DataFrame  # `capaian_program` (empty when the package has none)

    @property
    def latest(self) -> str:
        """The latest period observed."""
        return self.periods[-1]

    @property
    def memberships(self) -> dict[str, list[tuple[Membership, str]]]:
        """Village code -> each of its programme memberships with the id of its accompanying agency."""
        return {k: list(zip(self.members[k], self.agency_ids[k], strict=True)) for k in self.members}


def regency_facts(data: RegencyData, codebook: Codebook, kabupaten_nama: str) -> RegencyFacts:
    """Work out everything the pages of one regency show from its tables."""
    ref, tables = data.ref, data.tables
    periods = periods_of(tables["observasi"])
    latest = periods[-1]
    by_village = observations_by_village(tables["observasi"])
    kecamatan = dict(zip(tables["kecamatan"]["kode_kecamatan"], tables["kecamatan"]["nama_kecamatan"], strict=True))
    programs = {r["id"]: r for r in cast(list[dict[str, Any]], tables["program"].to_dict("records"))}
    agencies = dict(zip(tables["perangkat_daerah"]["id"], tables["perangkat_daerah"]["nama"], strict=True))
    members: dict[str, list[Membership]] = defaultdict(list)
    agency_ids: dict[str, list[str]] = defaultdict(list)
    for r in tables["program_desa"].to_dict("records"):
        agency_ids[r["kode_desa"]].append(r["perangkat_daerah"])
        members[r["kode_desa"]].append(
            Membership(
                program_id=r["program"],
                program_name=programs[r["program"]]["nama"],
                kohort=int(r["kohort"]),
                peran=r["peran"],
                agency=agencies.get(r["perangkat_daerah"], ""),
                synthetic=r["sintetis"] == "true",
                source=r["sumber"],
            )
        )
    idm: dict[str, list[IdmRow]] = defaultdict(list)
    for r in tables["status_desa"].sort_values(["kode_desa", "tahun"]).to_dict("records"):
        idm[r["kode_desa"]].append(IdmRow(int(r["tahun"]), r["indeks"], fmt.number(float(r["skor"]), 4), r["status"]))

    profiles = cast(list[dict[str, Any]], tables["desa_profil"].to_dict("records"))
    numbers = {r["kode_desa"]: village_numbers(by_village.get(r["kode_desa"], {}), periods, codebook) for r in profiles}
    deprivations = [i for i in codebook.ids if codebook.groups[i] == "deprivasi"]
    key_rates = {
        kode: {spec.key: (key_rate(n, spec, 0), key_rate(n, spec, -1)) for spec in figures.KEY_FIGURES}
        for kode, n in numbers.items()
    }
    profile_rates = {
        kode: {i: figures.rate(n.cells[i][-1], n.cells[DESIL_TOTAL][-1]) for i in deprivations}
        for kode, n in numbers.items()
    }
    district_of = {r["kode_desa"]: r["kode_kecamatan"] for r in profiles}
    ranked = sorted(
        (k for k in numbers if numbers[k].share[latest].value is not None),
        key=lambda k: (-(numbers[k].share[latest].value or 0.0), k),
    )
    empty_outcomes = pd.DataFrame(columns=["program", "uraian", "nilai", "satuan", "sumber"])
    return RegencyFacts(
        ref=ref,
        kode=ref.kode_kabupaten,
        nama=kabupaten_nama,
        synthetic=ref.synthetic,
        min_cell=int(ref.descriptor.get("labkem", {}).get("sdc", {}).get("min_cell", DEFAULT_MIN_CELL)),
        version=str(ref.descriptor.get("version", "")),
        ranking=ranking_of(ref.descriptor),
        periods=periods,
        kecamatan=kecamatan,
        programs=programs,
        members=members,
        agency_ids=agency_ids,
        idm=idm,
        profiles=profiles,
        numbers=numbers,
        deprivations=deprivations,
        key_rates=key_rates,
        profile_rates=profile_rates,
        regency_median={
            spec.key: figures.median_of(key_rates[k][spec.key][1] for k in numbers) for spec in figures.KEY_FIGURES
        },
        district_median={
            (kec, spec.key): figures.median_of(key_rates[k][spec.key][1] for k in numbers if district_of[k] == kec)
            for kec in kecamatan
            for spec in figures.KEY_FIGURES
        },
        profile_median={i: figures.median_of(profile_rates[k][i] for k in numbers) for i in deprivations},
        interventions=interventions_by_village(tables.get("intervensi")),
        potentials=potentials_by_village(tables.get("potensi_desa")),
        rank={k: i for i, k in enumerate(ranked, start=1)},
        poverty=tables["kemiskinan_kabupaten"],
        outcomes=tables.get("capaian_program", empty_outcomes),
    )
