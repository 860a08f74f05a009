"""Pure stage: a village's page, and the summary of it that district, regency and programme pages list."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from labkem.core.settings import DESIL_INDICATORS, HOUSEHOLDS_INDICATOR
from labkem.core.urls import village_url
from labkem.transform import charts, figures
from labkem.transform.facts import SUPPRESSED_TEXT, Codebook, RegencyFacts, at_least
from labkem.transform.model import (
    Cell,
    IndicatorRow,
    InterventionRow,
    KeyFigure,
    Membership,
    ProfileRow,
    VillagePage,
    VillageSummary,
)

JENIS_LABEL = {"desa": "Desa", "kelurahan": "Kelurahan", "desa_adat": "Desa Adat"}
UNITS = {"rumah_tangga": "RT", "jiwa": "jiwa", "persen": "%", "indeks": ""}
GAZETTEER_SOURCE = "Gazetir: idn-area-data 4.0.1 (ODbL-1.0), Kepmendagri 300.2.2-2138/2025"


def desil_note(ranking: str) -> str:
    """One sentence on what the desil counts are (DTKS and DTSEN alike put the national bottom 40 % in desil
    1-4; DOMAIN.md), naming the package's ranking when it declares one."""
    source = f" Peringkat di data ini: {ranking}." if ranking else ""
    return (
        "Desil adalah peringkat kesejahteraan rumah tangga secara nasional: desil 1–4 adalah 40% rumah tangga "
        f"dengan kesejahteraan terendah, desil 1 yang paling rendah.{source}"
    )


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


def start_marks(memberships: list[Membership], periods: tuple[str, ...]) -> list[dict[str, Any]]:
    """Return the chart's marks: the first period each of the village's programmes reached."""
    marks = []
    for m in memberships:
        reached = [p for p in periods if int(p[:4]) >= m.kohort]
        if reached:
            marks.append({"periode": reached[0], "label": f"{m.program_name} ({m.kohort})"})
    return marks


def intervention_counts(rows: list[InterventionRow]) -> list[tuple[str, str, int]]:
    """Return the number of activities per period and Pentahelix actor."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows:
        counts[(row.periode, row.aktor)] += 1
    return [(p, a, c) for (p, a), c in sorted(counts.items())]


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


def indicator_rows(facts: RegencyFacts, codebook: Codebook, kode: str) -> tuple[IndicatorRow, ...]:
    """Return the village's indicator table: every indicator of the codebook, each period, and the change."""
    rows = []
    for ind in codebook.ids:
        cells = facts.numbers[kode].cells[ind]
        change, good = figures.value_change(cells[0], cells[-1], codebook.direction[ind])
        unit = UNITS.get(codebook.units[ind], "")
        rows.append(IndicatorRow(ind, codebook.labels[ind], unit, codebook.groups[ind], tuple(cells), change, good))
    return tuple(rows)


def key_figures(facts: RegencyFacts, kode: str, kode_kecamatan: str) -> tuple[KeyFigure, ...]:
    """Return the village's key figures beside the medians of its district and its regency."""
    found = []
    for spec in figures.KEY_FIGURES:
        first, now = facts.key_rates[kode][spec.key]
        change, good = figures.change_text(first, now, spec.direction)
        found.append(
            KeyFigure(
                spec.label,
                spec.unit,
                figures.rate_text(now),
                change,
                good,
                figures.rate_text(facts.district_median[(kode_kecamatan, spec.key)]),
                figures.rate_text(facts.regency_median[spec.key]),
            )
        )
    return tuple(found)


def desil_alt(desil: dict[str, list[Cell]], periods: tuple[str, ...]) -> str:
    """Return the text alternative of the desil chart: each desil's households in the first and latest period."""
    first, latest = periods[0], periods[-1]
    return (
        f"Grafik garis jumlah rumah tangga desil 1–4 per periode, {first} sampai {latest}: "
        + ", ".join(
            f"desil {j + 1} dari {desil[first][j].text} menjadi {desil[latest][j].text}"
            for j in range(len(DESIL_INDICATORS))
        )
        + ". Angka setiap periode ada di tabel Indikator."
    )


def village_page(facts: RegencyFacts, codebook: Codebook, row: dict[str, Any], site_name: str) -> VillagePage:
    """Build the page of the village of `row` (a `desa_profil` row); `site_name` is the publisher in citations."""
    kode, nama = row["kode_desa"], row["nama_desa"]
    numbers = facts.numbers[kode]
    periods, latest = facts.periods, facts.latest
    desil = numbers.desil
    chart_rows = [
        {"periode": p} | {label: chart_number(desil[p][j].value) for j, label in enumerate(charts.DESIL_LABELS)}
        for p in periods
        if any(cell.value is not None for cell in desil[p])
    ]
    mine = facts.members.get(kode, [])
    rates = facts.profile_rates[kode]
    profile = tuple(
        ProfileRow(
            codebook.labels[i],
            SUPPRESSED_TEXT if numbers.cells[i][-1].suppressed else figures.rate_text(rates[i]),
            figures.rate_text(facts.profile_median[i]),
        )
        for i in facts.deprivations
    )
    profile_data = [
        {"deprivasi": codebook.labels[i]}
        | {series: chart_number(value, 1) for series, value in zip(charts.PROFILE_SERIES, pair, strict=True)}
        for i in facts.deprivations
        for pair in [(rates[i], facts.profile_median[i])]
        if pair != (None, None)
    ]
    interventions = facts.interventions.get(kode, [])
    counts = intervention_counts(interventions)
    name = f"{JENIS_LABEL.get(row['jenis'], 'Desa')} {nama}"
    version = f" versi {facts.version}" if facts.version else ""
    return VillagePage(
        kode=kode,
        nama=nama,
        jenis=row["jenis"],
        tipologi=row["tipologi"],
        kecamatan_kode=row["kode_kecamatan"],
        kecamatan_nama=facts.kecamatan[row["kode_kecamatan"]],
        kabupaten_kode=facts.kode,
        kabupaten_nama=facts.nama,
        package=facts.ref.name,
        periods=periods,
        indicators=indicator_rows(facts, codebook, kode),
        memberships=tuple(mine),
        idm=tuple(facts.idm.get(kode, [])),
        summary=summary_sentence(nama, periods, numbers.count, numbers.share),
        desil_note=desil_note(facts.ranking),
        desil_chart=charts.desil_trend_data(chart_rows, start_marks(mine, periods)),
        chart_alt=desil_alt(desil, periods),
        chart_note=(
            "Titik yang disamarkan (angka 1–4 dan sel pelengkapnya) tidak digambar; lihat tabel."
            if any(c.suppressed for cells in desil.values() for c in cells)
            else ""
        ),
        synthetic=facts.synthetic,
        min_cell=facts.min_cell,
        sources=(GAZETTEER_SOURCE, *sorted({m.source for m in mine if not m.synthetic})),
        latest_period=latest,
        key_figures=key_figures(facts, kode, row["kode_kecamatan"]),
        profile=profile,
        profile_chart=charts.chart_data(profil=profile_data),
        profile_alt=profile_alt(
            nama, latest, {codebook.labels[i]: (rates[i], facts.profile_median[i]) for i in facts.deprivations}
        ),
        interventions=tuple(interventions),
        intervention_chart=(
            charts.chart_data(intervensi=[{"periode": p, "aktor": a, "kegiatan": c} for p, a, c in counts])
            if counts
            else ""
        ),
        intervention_alt="Grafik batang jumlah kegiatan per periode menurut unsur Pentahelix: "
        + "; ".join(f"{p} {a} {c}" for p, a, c in counts),
        intervention_table=tuple(counts),
        potentials=tuple(facts.potentials.get(kode, [])),
        citation=(
            f"{site_name}. Profil {name} ({kode}), {facts.nama}. Paket data {facts.ref.name}{version}, "
            f"periode {periods[0]}–{latest}. Lisensi CC BY 4.0."
            + (" Angka desa sintetis (contoh)." if facts.synthetic else "")
        ),
        share_text=f"Profil {name}, {facts.nama}, di {site_name}:",
    )


def village_summary(facts: RegencyFacts, row: dict[str, Any]) -> VillageSummary:
    """Summarise the village of `row` for the lists of its district, regency, programmes and agencies."""
    kode = row["kode_desa"]
    numbers, latest = facts.numbers[kode], facts.latest
    cells = numbers.cells
    idm = facts.idm.get(kode)
    return VillageSummary(
        kode=kode,
        nama=row["nama_desa"],
        jenis=row["jenis"],
        tipologi=row["tipologi"],
        kecamatan=facts.kecamatan[row["kode_kecamatan"]],
        url=village_url(kode),
        households=cells[HOUSEHOLDS_INDICATOR][-1],
        desil_count=numbers.count[latest],
        desil_share=numbers.share[latest],
        desil_1=cells["rt_desil_1"][-1] if "rt_desil_1" in cells else Cell(None, "", "–"),
        rank=facts.rank.get(kode, 0),
        idm_status=idm[-1].status if idm else "",
        programme=", ".join(m.peran for m in facts.members.get(kode, [])),
    )
