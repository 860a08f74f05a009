"""Pure stage: a village's page, and the summary of it that district, regency and programme pages list."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from labkem.core.lang import INDONESIAN, N_, Language
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

JENIS_LABEL = {"desa": N_("Desa"), "kelurahan": N_("Kelurahan"), "desa_adat": N_("Desa Adat")}
UNITS = {"rumah_tangga": N_("RT"), "jiwa": N_("jiwa"), "persen": "%", "indeks": ""}
# the words of the packages' closed lists that pages show (`labkem.data.schemas`: typologies, programme roles, IDM
# statuses), named here for the catalogue: a page writes each in its language with the `word` filter
SCHEMA_WORDS = (
    *(N_("pesisir"), N_("perkotaan"), N_("pegunungan"), N_("pedesaan")),
    *(N_("pilot"), N_("replikasi"), N_("prioritas"), N_("dampingan")),
    *(N_("Sangat Tertinggal"), N_("Tertinggal"), N_("Berkembang"), N_("Maju"), N_("Mandiri")),
)
GAZETTEER_SOURCE = "Gazetir: idn-area-data 4.0.1 (ODbL-1.0), Kepmendagri 300.2.2-2138/2025"


def desil_note(ranking: str, language: Language = INDONESIAN) -> str:
    """One sentence on what the desil counts are (DTKS and DTSEN alike put the national bottom 40 % in desil
    1-4; DOMAIN.md), naming the package's ranking when it declares one."""
    _ = language.gettext
    note = _(
        "Desil adalah peringkat kesejahteraan rumah tangga secara nasional: desil 1–4 adalah 40% rumah tangga "
        "dengan kesejahteraan terendah, desil 1 yang paling rendah."
    )
    return note + (" " + _("Peringkat di data ini: %(ranking)s.") % {"ranking": ranking} if ranking else "")


def summary_sentence(
    nama: str,
    periods: tuple[str, ...],
    count: dict[str, Cell],
    share: dict[str, Cell],
    language: Language = INDONESIAN,
) -> str:
    """Write where the village stands on desil 1-4 and how it changed since the first period."""
    _, number = language.gettext, language.number
    first, latest = periods[0], periods[-1]
    now = share[latest]
    if now.value is None:
        return _(
            "Pada %(period)s, jumlah rumah tangga desil 1–4 di %(place)s tidak diterbitkan (disamarkan atau kosong)."
        ) % {"period": latest, "place": nama}
    words = {
        "period": latest,
        "place": nama,
        "count": number(at_least([count[latest]])),
        "share": number(now.text.replace("≥ ", "")),
        "first": first,
    }
    before = share[first]
    if first == latest or before.value is None:
        return _("Pada %(period)s, %(count)s rumah tangga (%(share)s) di %(place)s berada di desil 1–4.") % words
    words["before"] = number(before.text.replace("≥ ", ""))
    if abs(now.value - before.value) < 0.05:
        words["before"] = number(before.text)
        sentence = _(
            "Pada %(period)s, %(count)s rumah tangga (%(share)s) di %(place)s berada di desil 1–4, hampir sama "
            "dengan %(before)s pada %(first)s."
        )
    elif now.value < before.value:
        sentence = _(
            "Pada %(period)s, %(count)s rumah tangga (%(share)s) di %(place)s berada di desil 1–4, turun dari "
            "%(before)s pada %(first)s."
        )
    else:
        sentence = _(
            "Pada %(period)s, %(count)s rumah tangga (%(share)s) di %(place)s berada di desil 1–4, naik dari "
            "%(before)s pada %(first)s."
        )
    return sentence % words


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


def profile_alt(
    nama: str, period: str, rates: dict[str, tuple[float | None, float | None]], language: Language = INDONESIAN
) -> str:
    """The text alternative of a village's deprivation chart: what it shows and what stands out; the numbers
    themselves are in the table beside the chart."""
    _ = language.gettext
    compared = {
        label: (village, median)
        for label, (village, median) in rates.items()
        if village is not None and median is not None
    }
    above = sum(1 for village, median in compared.values() if village > median)
    words = {"period": period, "place": nama}
    if not compared:
        return (
            _(
                "Grafik batang deprivasi per 100 rumah tangga miskin pada %(period)s, %(place)s dibanding median "
                "kabupaten; angka desa ini disamarkan atau tidak ada, lihat tabel."
            )
            % words
        )
    highest = max(compared, key=lambda label: compared[label][0])
    words |= {
        "above": str(above),
        "compared": str(len(compared)),
        "highest": highest,
        "rate": language.number(figures.rate_text(compared[highest][0])),
    }
    return (
        _(
            "Grafik batang deprivasi per 100 rumah tangga miskin pada %(period)s, %(place)s dibanding median "
            "kabupaten: di atas median pada %(above)s dari %(compared)s deprivasi; tertinggi %(highest)s (%(rate)s). "
            "Angka setiap deprivasi ada di tabel di bawah grafik."
        )
        % words
    )


def indicator_rows(
    facts: RegencyFacts, codebook: Codebook, kode: str, language: Language = INDONESIAN
) -> tuple[IndicatorRow, ...]:
    """Return the village's indicator table: every indicator of the codebook, each period, and the change."""
    rows = []
    for ind in codebook.ids:
        cells = facts.numbers[kode].cells[ind]
        change, good = figures.value_change(cells[0], cells[-1], codebook.direction[ind])
        unit = language.gettext(UNITS.get(codebook.units[ind], ""))
        rows.append(IndicatorRow(ind, codebook.labels[ind], unit, codebook.groups[ind], tuple(cells), change, good))
    return tuple(rows)


def key_figures(
    facts: RegencyFacts, kode: str, kode_kecamatan: str, language: Language = INDONESIAN
) -> tuple[KeyFigure, ...]:
    """Return the village's key figures beside the medians of its district and its regency (their numbers as
    `labkem.core.fmt` writes them: a page writes them in its language)."""
    found = []
    for spec in figures.KEY_FIGURES:
        first, now = facts.key_rates[kode][spec.key]
        change, good = figures.change_text(first, now, spec.direction)
        found.append(
            KeyFigure(
                language.gettext(spec.label),
                language.gettext(spec.unit),
                figures.rate_text(now),
                change,
                good,
                figures.rate_text(facts.district_median[(kode_kecamatan, spec.key)]),
                figures.rate_text(facts.regency_median[spec.key]),
            )
        )
    return tuple(found)


def desil_alt(desil: dict[str, list[Cell]], periods: tuple[str, ...], language: Language = INDONESIAN) -> str:
    """Return the text alternative of the desil chart: each desil's households in the first and latest period."""
    _, number = language.gettext, language.number
    first, latest = periods[0], periods[-1]
    step = _("desil %(desil)s dari %(first)s menjadi %(latest)s")
    steps = ", ".join(
        step % {"desil": j + 1, "first": number(desil[first][j].text), "latest": number(desil[latest][j].text)}
        for j in range(len(DESIL_INDICATORS))
    )
    return _(
        "Grafik garis jumlah rumah tangga desil 1–4 per periode, %(first)s sampai %(latest)s: %(steps)s. Angka "
        "setiap periode ada di tabel Indikator."
    ) % {"first": first, "latest": latest, "steps": steps}


def village_page(
    facts: RegencyFacts, codebook: Codebook, row: dict[str, Any], site_name: str, language: Language = INDONESIAN
) -> VillagePage:
    """Build the page of the village of `row` (a `desa_profil` row) in `language` (with the codebook in it, see
    `Codebook.in_language`); `site_name` is the publisher in citations."""
    _ = language.gettext
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
    name = _("%(jenis)s %(nama)s") % {"jenis": _(JENIS_LABEL.get(row["jenis"], "Desa")), "nama": nama}
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
        indicators=indicator_rows(facts, codebook, kode, language),
        memberships=tuple(mine),
        idm=tuple(facts.idm.get(kode, [])),
        summary=summary_sentence(nama, periods, numbers.count, numbers.share, language),
        desil_note=desil_note(facts.ranking, language),
        desil_chart=charts.desil_trend_data(chart_rows, start_marks(mine, periods)),
        chart_alt=desil_alt(desil, periods, language),
        chart_note=(
            _("Titik yang disamarkan (angka 1–4 dan sel pelengkapnya) tidak digambar; lihat tabel.")
            if any(c.suppressed for cells in desil.values() for c in cells)
            else ""
        ),
        synthetic=facts.synthetic,
        min_cell=facts.min_cell,
        sources=(GAZETTEER_SOURCE, *sorted({m.source for m in mine if not m.synthetic})),
        latest_period=latest,
        key_figures=key_figures(facts, kode, row["kode_kecamatan"], language),
        profile=profile,
        profile_chart=charts.chart_data(profil=profile_data),
        profile_alt=profile_alt(
            nama,
            latest,
            {codebook.labels[i]: (rates[i], facts.profile_median[i]) for i in facts.deprivations},
            language,
        ),
        interventions=tuple(interventions),
        intervention_chart=(
            charts.chart_data(intervensi=[{"periode": p, "aktor": a, "kegiatan": c} for p, a, c in counts])
            if counts
            else ""
        ),
        intervention_alt=_("Grafik batang jumlah kegiatan per periode menurut unsur Pentahelix: %(counts)s")
        % {"counts": "; ".join(f"{p} {_(a)} {c}" for p, a, c in counts)},
        intervention_table=tuple(counts),
        potentials=tuple(facts.potentials.get(kode, [])),
        citation=citation(site_name, name, kode, facts, language),
        share_text=_("Profil %(place)s, %(regency)s, di %(site)s:")
        % {"place": name, "regency": facts.nama, "site": site_name},
    )


def citation(site_name: str, name: str, kode: str, facts: RegencyFacts, language: Language = INDONESIAN) -> str:
    """How to cite the page of the village `name` (with its kind: "Desa Botosari")."""
    _ = language.gettext
    words = {
        "site": site_name,
        "place": name,
        "kode": kode,
        "regency": facts.nama,
        "package": facts.ref.name,
        "version": facts.version,
        "first": facts.periods[0],
        "latest": facts.latest,
    }
    if facts.version:
        text = _(
            "%(site)s. Profil %(place)s (%(kode)s), %(regency)s. Paket data %(package)s versi %(version)s, periode "
            "%(first)s–%(latest)s. Lisensi CC BY 4.0."
        )
    else:
        text = _(
            "%(site)s. Profil %(place)s (%(kode)s), %(regency)s. Paket data %(package)s, periode "
            "%(first)s–%(latest)s. Lisensi CC BY 4.0."
        )
    return text % words + (" " + _("Angka desa sintetis (contoh).") if facts.synthetic else "")


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
