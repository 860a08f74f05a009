"""Pure stage: validated tables in, page models out. No I/O here."""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd

from labkem.core import fmt
from labkem.core.settings import (
    DEFAULT_MIN_CELL,
    DESIL_INDICATORS,
    DESIL_TOTAL,
    HOUSEHOLDS_INDICATOR,
    MIN_DENOMINATOR_FOR_PERCENT,
    SUPPRESSED,
)
from labkem.core.urls import district_url, indicator_url, regency_url, village_url
from labkem.data.load import PackageRef, RegencyData
from labkem.data.site_settings import DEFAULT_NAME
from labkem.transform import charts, figures
from labkem.transform import programmes as programme_pages_module
from labkem.transform.model import (
    AgencyPage,
    Cell,
    DistrictPage,
    DistrictSummary,
    IdmRow,
    IndicatorPage,
    IndicatorRow,
    InterventionRow,
    KeyFigure,
    Membership,
    PackageLink,
    PotentialRow,
    PovertyRow,
    ProfileRow,
    ProgrammeInfo,
    ProgrammePage,
    RegencyLink,
    RegencyPage,
    VillagePage,
    VillageSummary,
)

SUPPRESSED_TEXT = "disamarkan"
PRIORITY_LIST = 10
JENIS_LABEL = {"desa": "Desa", "kelurahan": "Kelurahan", "desa_adat": "Desa Adat"}
UNITS = {"rumah_tangga": "RT", "jiwa": "jiwa", "persen": "%", "indeks": ""}


@dataclass(frozen=True)
class Codebook:
    """The indicator codebook in display order."""

    ids: tuple[str, ...]
    labels: dict[str, str]
    units: dict[str, str]
    groups: dict[str, str]
    direction: dict[str, str]
    rows: dict[str, dict[str, str]]

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


def summary_sentence(nama: str, periods: tuple[str, ...], count: dict[str, Cell], share: dict[str, Cell]) -> str:
    """Write where the village stands on desil 1-4 and how it changed since the first period."""
    first, latest = periods[0], periods[-1]
    now = share[latest]
    if now.value is None:
        return f"Pada {latest}, jumlah rumah tangga desil 1–4 di {nama} tidak diterbitkan (disamarkan atau kosong)."
    households = at_least([count[latest]])
    sentence = f"Pada {latest}, {households} rumah tangga ({now.text.replace('≥ ', '')}) di {nama} berada di desil 1–4"
    before = share[first]
    if first != latest and before.value is not None:
        if abs(now.value - before.value) < 0.05:
            sentence += f", hampir sama dengan {before.text} pada {first}"
        else:
            word = "turun" if now.value < before.value else "naik"
            sentence += f", {word} dari {before.text.replace('≥ ', '')} pada {first}"
    return sentence + "."


def _observations(frame: pd.DataFrame) -> dict[str, dict[tuple[str, str], tuple[str, str]]]:
    by_village: dict[str, dict[tuple[str, str], tuple[str, str]]] = defaultdict(dict)
    columns = [frame[name].tolist() for name in ("kode_desa", "periode", "indikator", "nilai", "status")]
    for kode, periode, indikator, nilai, status in zip(*columns, strict=True):
        by_village[kode][(periode, indikator)] = (nilai, status)
    return by_village


def _periods(frame: pd.DataFrame) -> tuple[str, ...]:
    return tuple(sorted(frame["periode"].unique().tolist()))


def _start_marks(memberships: list[Membership], periods: tuple[str, ...]) -> list[dict[str, Any]]:
    marks = []
    for m in memberships:
        reached = [p for p in periods if int(p[:4]) >= m.kohort]
        if reached:
            marks.append({"periode": reached[0], "label": f"{m.program_name} ({m.kohort})"})
    return marks


@dataclass(frozen=True)
class VillageNumbers:
    """A village's published cells per indicator and its desil counts and shares per period."""

    cells: dict[str, list[Cell]]
    desil: dict[str, list[Cell]]
    count: dict[str, Cell]
    share: dict[str, Cell]


def _village_numbers(
    values: dict[tuple[str, str], tuple[str, str]], periods: tuple[str, ...], codebook: Codebook
) -> VillageNumbers:
    cells = {ind: [make_cell(*values.get((p, ind), ("", ""))) for p in periods] for ind in codebook.ids}
    empty = [Cell(None, "", "–")] * len(periods)
    desil = {p: [cells.get(d, empty)[i] for d in DESIL_INDICATORS] for i, p in enumerate(periods)}
    count = {p: desil_count(cells.get(DESIL_TOTAL, empty)[i], desil[p]) for i, p in enumerate(periods)}
    share = {p: desil_share(count[p], cells.get(HOUSEHOLDS_INDICATOR, empty)[i]) for i, p in enumerate(periods)}
    cells.setdefault(DESIL_TOTAL, [count[p] for p in periods])
    return VillageNumbers(cells, desil, count, share)


def _key_rate(numbers: VillageNumbers, spec: figures.KeySpec, index: int) -> float | None:
    numerator = numbers.cells.get(spec.numerator)
    denominator = numbers.cells.get(spec.denominator)
    if numerator is None or denominator is None:
        return None
    return figures.rate(numerator[index], denominator[index])


def _interventions(frame: pd.DataFrame | None) -> dict[str, list[InterventionRow]]:
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


def _intervention_counts(rows: list[InterventionRow]) -> list[tuple[str, str, int]]:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        counts[(row.periode, row.aktor)] += 1
    return [(p, a, c) for (p, a), c in sorted(counts.items())]


POTENTIAL_LABELS = {
    "sumber_daya_alam": "Sumber daya alam",
    "kelembagaan_ekonomi": "Kelembagaan ekonomi",
    "usaha_mikro": "Usaha mikro",
    "sumber_daya_manusia": "Sumber daya manusia",
}


def _potentials(frame: pd.DataFrame | None) -> dict[str, list[PotentialRow]]:
    found: dict[str, list[PotentialRow]] = defaultdict(list)
    if frame is None:
        return found
    for r in frame.to_dict("records"):
        amount = fmt.number(float(r["jumlah"])) if r["jumlah"] else ""
        found[r["kode_desa"]].append(PotentialRow(POTENTIAL_LABELS.get(r["jenis"], r["jenis"]), r["nama"], amount))
    return found


@dataclass(frozen=True)
class RegencyPages:
    """Every page model of one regency."""

    regency: RegencyPage
    districts: list[DistrictPage]
    villages: list[VillagePage]
    programmes: list[ProgrammePage]
    agencies: list[AgencyPage]
    indicators: list[IndicatorPage]


def chart_number(value: float | None, digits: int = 0) -> float | int | None:
    """A chart's number as short as JSON can write it: 195 rather than 195.0, rates to `digits` places."""
    if value is None:
        return None
    value = round(value, digits) if digits else value
    return int(value) if float(value).is_integer() else value


def profile_alt(nama: str, period: str, rates: dict[str, tuple[float | None, float | None]]) -> str:
    """The text alternative of a village's deprivation chart: what it shows and what stands out; the numbers
    themselves are in the table beside the chart."""
    compared = {
        label: (village, median)
        for label, (village, median) in rates.items()
        if village is not None and median is not None
    }
    above = sum(1 for village, median in compared.values() if village > median)
    text = f"Grafik batang deprivasi per 100 rumah tangga miskin pada {period}, {nama} dibanding median kabupaten"
    if not compared:
        return text + "; angka desa ini disamarkan atau tidak ada, lihat tabel."
    highest = max(compared, key=lambda label: compared[label][0])
    return (
        f"{text}: di atas median pada {above} dari {len(compared)} deprivasi; tertinggi {highest} "
        f"({figures.rate_text(compared[highest][0])}). Angka setiap deprivasi ada di tabel di bawah grafik."
    )


def build_regency(
    data: RegencyData, codebook: Codebook, kabupaten_nama: str, site_name: str = DEFAULT_NAME
) -> RegencyPages:
    """Build the pages of one regency; `site_name` is the publisher named in citations."""
    ref = data.ref
    tables = data.tables
    kode_kab = ref.kode_kabupaten
    synthetic = ref.synthetic
    min_cell = int(ref.descriptor.get("labkem", {}).get("sdc", {}).get("min_cell", DEFAULT_MIN_CELL))
    obs = tables["observasi"]
    periods = _periods(obs)
    latest = periods[-1]
    by_village = _observations(obs)
    kecamatan = dict(zip(tables["kecamatan"]["kode_kecamatan"], tables["kecamatan"]["nama_kecamatan"], strict=True))
    programs = {r["id"]: r for r in tables["program"].to_dict("records")}
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

    profiles = tables["desa_profil"].to_dict("records")
    numbers = {
        r["kode_desa"]: _village_numbers(by_village.get(r["kode_desa"], {}), periods, codebook) for r in profiles
    }
    deprivations = [i for i in codebook.ids if codebook.groups[i] == "deprivasi"]
    key_rates = {
        kode: {spec.key: (_key_rate(n, spec, 0), _key_rate(n, spec, -1)) for spec in figures.KEY_FIGURES}
        for kode, n in numbers.items()
    }
    profile_rates = {
        kode: {i: figures.rate(n.cells[i][-1], n.cells[DESIL_TOTAL][-1]) for i in deprivations}
        for kode, n in numbers.items()
    }
    district_of = {r["kode_desa"]: r["kode_kecamatan"] for r in profiles}
    regency_median = {
        spec.key: figures.median_of(key_rates[k][spec.key][1] for k in numbers) for spec in figures.KEY_FIGURES
    }
    district_median = {
        (kec, spec.key): figures.median_of(key_rates[k][spec.key][1] for k in numbers if district_of[k] == kec)
        for kec in kecamatan
        for spec in figures.KEY_FIGURES
    }
    profile_median = {i: figures.median_of(profile_rates[k][i] for k in numbers) for i in deprivations}
    interventions = _interventions(tables.get("intervensi"))
    potentials = _potentials(tables.get("potensi_desa"))
    version = str(ref.descriptor.get("version", ""))

    ranked = sorted(
        (k for k in numbers if numbers[k].share[latest].value is not None),
        key=lambda k: (-(numbers[k].share[latest].value or 0.0), k),
    )
    rank = {k: i for i, k in enumerate(ranked, start=1)}

    villages: list[VillagePage] = []
    summaries: list[VillageSummary] = []
    for r in profiles:
        kode = r["kode_desa"]
        n = numbers[kode]
        cells_by_id, desil, count, share = n.cells, n.desil, n.count, n.share
        rows = []
        for ind in codebook.ids:
            cells = cells_by_id[ind]
            change, good = figures.value_change(cells[0], cells[-1], codebook.direction[ind])
            rows.append(
                IndicatorRow(
                    ind,
                    codebook.labels[ind],
                    UNITS.get(codebook.units[ind], ""),
                    codebook.groups[ind],
                    tuple(cells),
                    change,
                    good,
                )
            )
        chart_rows = [
            {"periode": p} | {label: chart_number(desil[p][j].value) for j, label in enumerate(charts.DESIL_LABELS)}
            for p in periods
            if any(cell.value is not None for cell in desil[p])
        ]
        mine = members.get(kode, [])
        marks = _start_marks(mine, periods)
        first_period = periods[0]
        alt_text = (
            f"Grafik garis jumlah rumah tangga desil 1–4 per periode, {first_period} sampai {latest}: "
            + ", ".join(
                f"desil {j + 1} dari {desil[first_period][j].text} menjadi {desil[latest][j].text}"
                for j in range(len(DESIL_INDICATORS))
            )
            + ". Angka setiap periode ada di tabel Indikator."
        )
        nama = r["nama_desa"]
        sources = ["Gazetir: idn-area-data 4.0.1 (ODbL-1.0), Kepmendagri 300.2.2-2138/2025"]
        sources += sorted({m.source for m in mine if not m.synthetic})
        key_figures = []
        for spec in figures.KEY_FIGURES:
            first, now = key_rates[kode][spec.key]
            change, good = figures.change_text(first, now, spec.direction)
            key_figures.append(
                KeyFigure(
                    spec.label,
                    spec.unit,
                    figures.rate_text(now),
                    change,
                    good,
                    figures.rate_text(district_median[(r["kode_kecamatan"], spec.key)]),
                    figures.rate_text(regency_median[spec.key]),
                )
            )
        profile = tuple(
            ProfileRow(
                codebook.labels[i],
                SUPPRESSED_TEXT if cells_by_id[i][-1].suppressed else figures.rate_text(profile_rates[kode][i]),
                figures.rate_text(profile_median[i]),
            )
            for i in deprivations
        )
        profile_data = [
            {"deprivasi": codebook.labels[i]}
            | {series: chart_number(value, 1) for series, value in zip(charts.PROFILE_SERIES, pair, strict=True)}
            for i in deprivations
            for pair in [(profile_rates[kode][i], profile_median[i])]
            if pair != (None, None)
        ]
        mine_interventions = interventions.get(kode, [])
        counts = _intervention_counts(mine_interventions)
        name = f"{JENIS_LABEL.get(r['jenis'], 'Desa')} {nama}"
        villages.append(
            VillagePage(
                kode=kode,
                nama=nama,
                jenis=r["jenis"],
                tipologi=r["tipologi"],
                kecamatan_kode=r["kode_kecamatan"],
                kecamatan_nama=kecamatan[r["kode_kecamatan"]],
                kabupaten_kode=kode_kab,
                kabupaten_nama=kabupaten_nama,
                package=ref.name,
                periods=periods,
                indicators=tuple(rows),
                memberships=tuple(mine),
                idm=tuple(idm.get(kode, [])),
                summary=summary_sentence(nama, periods, count, share),
                desil_chart=charts.desil_trend_data(chart_rows, marks),
                chart_alt=alt_text,
                chart_note=(
                    "Titik yang disamarkan (angka 1–4 dan sel pelengkapnya) tidak digambar; lihat tabel."
                    if any(c.suppressed for cells in desil.values() for c in cells)
                    else ""
                ),
                synthetic=synthetic,
                min_cell=min_cell,
                sources=tuple(sources),
                latest_period=latest,
                key_figures=tuple(key_figures),
                profile=profile,
                profile_chart=charts.chart_data(profil=profile_data),
                profile_alt=profile_alt(
                    nama,
                    latest,
                    {codebook.labels[i]: (profile_rates[kode][i], profile_median[i]) for i in deprivations},
                ),
                interventions=tuple(mine_interventions),
                intervention_chart=(
                    charts.chart_data(intervensi=[{"periode": p, "aktor": a, "kegiatan": c} for p, a, c in counts])
                    if counts
                    else ""
                ),
                intervention_alt="Grafik batang jumlah kegiatan per periode menurut unsur Pentahelix: "
                + "; ".join(f"{p} {a} {c}" for p, a, c in counts),
                intervention_table=tuple(counts),
                potentials=tuple(potentials.get(kode, [])),
                citation=(
                    f"{site_name}. Profil {name} ({kode}), {kabupaten_nama}. Paket data {ref.name}"
                    f"{' versi ' + version if version else ''}, periode {periods[0]}–{latest}. Lisensi CC BY 4.0."
                    + (" Angka desa sintetis (contoh)." if synthetic else "")
                ),
                share_text=f"Profil {name}, {kabupaten_nama}, di {site_name}:",
            )
        )
        summaries.append(
            VillageSummary(
                kode=kode,
                nama=nama,
                jenis=r["jenis"],
                tipologi=r["tipologi"],
                kecamatan=kecamatan[r["kode_kecamatan"]],
                url=village_url(kode),
                households=cells_by_id[HOUSEHOLDS_INDICATOR][-1],
                desil_count=count[latest],
                desil_share=share[latest],
                desil_1=cells_by_id["rt_desil_1"][-1] if "rt_desil_1" in cells_by_id else Cell(None, "", "–"),
                rank=rank.get(kode, 0),
                idm_status=idm[kode][-1].status if idm.get(kode) else "",
                programme=", ".join(m.peran for m in mine),
            )
        )

    districts: list[DistrictPage] = []
    district_rows: list[DistrictSummary] = []
    by_district: dict[str, list[int]] = defaultdict(list)
    for index, page in enumerate(villages):
        by_district[page.kecamatan_kode].append(index)
    for kode_kec in sorted(kecamatan):
        indexes = by_district.get(kode_kec, [])
        rows_here = tuple(summaries[i] for i in indexes)
        districts.append(
            DistrictPage(kode_kec, kecamatan[kode_kec], kode_kab, kabupaten_nama, latest, rows_here, synthetic)
        )
        households = [s.households for s in rows_here]
        desil_latest = [summaries[i].desil_count for i in indexes]
        total_hh = sum(c.value for c in households if c.value is not None)
        district_rows.append(
            DistrictSummary(
                kode_kec,
                kecamatan[kode_kec],
                district_url(kode_kec),
                len(rows_here),
                Cell(total_hh, "", fmt.number(total_hh)),
                at_least(desil_latest),
            )
        )

    poverty = tuple(
        PovertyRow(
            int(r["tahun"]),
            fmt.percent(float(r["persen_miskin"]), 2),
            fmt.number(float(r["jumlah_miskin"])) if r["jumlah_miskin"] else "–",
            r["sumber"],
        )
        for r in tables["kemiskinan_kabupaten"].sort_values("tahun").to_dict("records")
    )
    outcomes = tables.get("capaian_program", pd.DataFrame(columns=["program", "uraian", "nilai", "satuan", "sumber"]))
    programmes = []
    for pid, p in programs.items():
        member_rows = [m for ms in members.values() for m in ms if m.program_id == pid]
        stated = tuple(
            (
                o["uraian"],
                (fmt.number(float(o["nilai"]), 2 if "." in o["nilai"] else 0) + " " + o["satuan"]).strip()
                if o["nilai"]
                else "",
                o["sumber"],
            )
            for o in outcomes.to_dict("records")
            if o["program"] == pid
        )
        years = f"{p['tahun_mulai']}–{p['tahun_selesai'] or 'sekarang'}"
        programmes.append(
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
    typology = tuple(
        (
            tip or "–",
            sum(1 for v in summaries if v.tipologi == tip),
            fmt.percent(figures.median_of(v.desil_share.value for v in summaries if v.tipologi == tip)),
        )
        for tip in sorted({v.tipologi for v in summaries})
    )
    priority = tuple(
        sorted((v for v in summaries if v.desil_1.value is not None), key=lambda v: (-(v.desil_1.value or 0), v.kode))[
            :PRIORITY_LIST
        ]
    )
    rule = "; ".join(p.aturan for p in programmes) or "Desa dengan rumah tangga desil 1 terbanyak."
    ranking_json, ranking_alt = programme_pages_module.ranking_spec(summaries)
    indicator_links = tuple((codebook.labels[i], indicator_url(kode_kab, i)) for i in codebook.ids)
    regency = RegencyPage(
        kode_kab,
        kabupaten_nama,
        ref.name,
        latest,
        tuple(district_rows),
        tuple(summaries),
        poverty,
        tuple(programmes),
        synthetic,
        indicator_links,
        typology,
        priority,
        f"{PRIORITY_LIST} desa/kelurahan dengan rumah tangga desil 1 terbanyak pada {latest}, dengan status "
        f"desanya. Aturan program: {rule}",
        ranking_json,
        ranking_alt,
    )
    by_code = {v.kode: v for v in summaries}
    pairs = {k: list(zip(members[k], agency_ids[k], strict=True)) for k in members}
    return RegencyPages(
        regency,
        districts,
        villages,
        programme_pages_module.programme_pages(
            programmes, pairs, by_code, interventions, key_rates, kode_kab, kabupaten_nama, periods, synthetic
        ),
        programme_pages_module.agency_pages(pairs, by_code, key_rates, kode_kab, kabupaten_nama, periods, synthetic),
        programme_pages_module.indicator_pages(
            {k: n.cells for k, n in numbers.items()},
            by_code,
            kode_kab,
            kabupaten_nama,
            periods,
            synthetic,
            codebook.rows,
        ),
    )


def regency_link(page: RegencyPage) -> RegencyLink:
    """A regency as the home page and the regency index list it."""
    programmes = ", ".join(p.nama for p in page.programmes)
    url = regency_url(page.kode)
    return RegencyLink(page.kode, page.nama, url, len(page.villages), len(page.districts), programmes)


def package_link(ref: PackageRef) -> PackageLink:
    """Describe a package for the Data page from its descriptor."""
    return PackageLink(ref.name, str(ref.descriptor.get("title", ref.name)), ref.licence_names or "–", ref.synthetic)
