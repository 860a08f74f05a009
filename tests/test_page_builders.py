"""Each kind of page is built by its own builder from a regency's facts; checked here on the fixture package and
on copies of it changed for the case at hand, without building a site."""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

import pytest

from labkem.data.load import RegencyData, find_packages, read_regency
from labkem.transform import figures
from labkem.transform.district import district_pages
from labkem.transform.facts import Codebook, RegencyFacts, ranking_of, regency_facts
from labkem.transform.programmes import agency_pages, indicator_pages, programme_pages
from labkem.transform.regency import PRIORITY_LIST, build_regency, programme_infos, regency_page
from labkem.transform.village import desil_note, village_page, village_summary

from conftest import VALID

BOTOSARI = "33.26.02.2008"


def regency(data_dir: Path = VALID) -> tuple[RegencyData, Codebook]:
    refs = {ref.name: ref for ref in find_packages(data_dir)}
    return read_regency(refs["kab-pekalongan"]), Codebook.from_frame(refs["indikator"].read("indikator"))


@pytest.fixture(scope="module")
def fixture_facts() -> tuple[RegencyFacts, Codebook]:
    data, codebook = regency()
    return regency_facts(data, codebook, "Kabupaten Pekalongan"), codebook


def row_of(facts: RegencyFacts, kode: str) -> dict[str, object]:
    return next(row for row in facts.profiles if row["kode_desa"] == kode)


def test_facts_rank_villages_by_their_published_share(fixture_facts: tuple[RegencyFacts, Codebook]) -> None:
    facts, _ = fixture_facts
    assert facts.periods == tuple(sorted(facts.periods)) and facts.latest == facts.periods[-1]
    shares = {k: n.share[facts.latest].value for k, n in facts.numbers.items()}
    ranked = sorted(facts.rank, key=facts.rank.__getitem__)
    assert [shares[k] for k in ranked] == sorted((s for s in shares.values() if s is not None), reverse=True)
    assert set(facts.rank) == {k for k, s in shares.items() if s is not None}


def test_facts_medians_are_over_the_villages_of_the_district(fixture_facts: tuple[RegencyFacts, Codebook]) -> None:
    facts, _ = fixture_facts
    for spec in figures.KEY_FIGURES:
        for kode_kec in facts.kecamatan:
            rates = [
                facts.key_rates[row["kode_desa"]][spec.key][1]
                for row in facts.profiles
                if row["kode_kecamatan"] == kode_kec
            ]
            known = [r for r in rates if r is not None]
            assert facts.district_median[(kode_kec, spec.key)] == (statistics.median(known) if known else None)


def test_village_page_carries_its_numbers_and_sources(fixture_facts: tuple[RegencyFacts, Codebook]) -> None:
    facts, codebook = fixture_facts
    page = village_page(facts, codebook, row_of(facts, BOTOSARI), "Situs Uji")
    assert (page.kode, page.nama, page.kecamatan_nama) == (BOTOSARI, "Botosari", "Paninggaran")
    assert [row.id for row in page.indicators] == list(codebook.ids)
    households = next(row for row in page.indicators if row.id == "jumlah_rumah_tangga")
    assert households.cells[0].text == "1.937"  # 2018, as in observasi.csv
    assert page.memberships[0].program_id == "lab-kemiskinan" and page.memberships[0].peran == "pilot"
    assert page.sources[0].startswith("Gazetir: idn-area-data") and len(page.sources) == 2
    assert page.citation.startswith("Situs Uji. Profil Desa Botosari (33.26.02.2008), Kabupaten Pekalongan.")
    assert page.summary.startswith(f"Pada {facts.latest}, ")
    assert "desil 1–4 adalah 40% rumah tangga dengan kesejahteraan terendah" in page.desil_note
    assert page.desil_note.endswith("Peringkat di data ini: DTKS desil 1-4 (40% terbawah nasional).")
    # a cell suppressed in the latest period is written as such in the deprivation profile, never as a rate
    suppressed = [codebook.labels[i] for i in facts.deprivations if facts.numbers[BOTOSARI].cells[i][-1].suppressed]
    assert suppressed, "the fixture has a suppressed deprivation in Botosari's latest period"
    assert {row.label for row in page.profile if row.village == "disamarkan"} == set(suppressed)


def test_a_village_with_a_hidden_desil_point_says_so_under_its_chart(
    tmp_path: Path, fixture_facts: tuple[RegencyFacts, Codebook]
) -> None:
    facts, codebook = fixture_facts
    assert village_page(facts, codebook, row_of(facts, BOTOSARI), "Situs Uji").chart_note == ""
    data_dir = tmp_path / "data"
    shutil.copytree(VALID, data_dir)
    observations = data_dir / "kab-pekalongan" / "observasi.csv"
    text = observations.read_text(encoding="utf-8")
    assert f"{BOTOSARI},2018,rt_desil_4,86,\n" in text
    observations.write_text(text.replace(f"{BOTOSARI},2018,rt_desil_4,86,\n", f"{BOTOSARI},2018,rt_desil_4,,c\n"))
    data, codebook = regency(data_dir)
    changed = regency_facts(data, codebook, "Kabupaten Pekalongan")
    page = village_page(changed, codebook, row_of(changed, BOTOSARI), "Situs Uji")
    assert page.chart_note.startswith("Titik yang disamarkan")
    assert "desil 4 dari disamarkan" in page.chart_alt


def test_district_pages_list_their_villages_and_add_up(fixture_facts: tuple[RegencyFacts, Codebook]) -> None:
    facts, _ = fixture_facts
    summaries = [village_summary(facts, row) for row in facts.profiles]
    pages, rows = district_pages(facts, summaries, [str(row["kode_kecamatan"]) for row in facts.profiles])
    assert [page.kode for page in pages] == sorted(facts.kecamatan)
    assert sum(len(page.villages) for page in pages) == len(summaries)
    for page, row in zip(pages, rows, strict=True):
        assert row.villages == len(page.villages)
        published = [v.households.value for v in page.villages if v.households.value is not None]
        assert row.households.value == sum(published)
        hidden = any(v.desil_count.suppressed for v in page.villages)
        assert row.desil_households.startswith("sedikitnya ") == hidden


def test_regency_page_lists_the_villages_with_most_desil_1_households(
    fixture_facts: tuple[RegencyFacts, Codebook],
) -> None:
    facts, codebook = fixture_facts
    summaries = [village_summary(facts, row) for row in facts.profiles]
    _, rows = district_pages(facts, summaries, [str(row["kode_kecamatan"]) for row in facts.profiles])
    page = regency_page(facts, codebook, summaries, rows, programme_infos(facts))
    counts = [v.desil_1.value for v in page.priority]
    assert counts == sorted(counts, reverse=True) and len(page.priority) <= PRIORITY_LIST
    assert sum(count for _, count, _ in page.typology) == len(summaries)
    assert [p.id for p in page.programmes] == list(facts.programs)


def test_programme_agency_and_indicator_pages_follow_the_memberships(
    fixture_facts: tuple[RegencyFacts, Codebook],
) -> None:
    facts, codebook = fixture_facts
    by_code = {s.kode: s for s in (village_summary(facts, row) for row in facts.profiles)}
    infos = programme_infos(facts)
    members = {m.program_id for ms in facts.members.values() for m in ms}
    for page in programme_pages(facts, infos, by_code):
        expected = sorted(k for k, ms in facts.members.items() for m in ms if m.program_id == page.id)
        assert sorted(v.kode for v in page.villages) == expected and page.id in members
    accompanied = {a for ids in facts.agency_ids.values() for a in ids if a}
    assert {page.id for page in agency_pages(facts, by_code)} == accompanied
    indicators = indicator_pages(facts, by_code, codebook.rows)
    assert [page.id for page in indicators] == list(codebook.ids)
    assert all(len(page.villages) == len(by_code) for page in indicators)


def test_build_regency_is_the_builders_together(fixture_facts: tuple[RegencyFacts, Codebook]) -> None:
    facts, codebook = fixture_facts
    data, _ = regency()
    pages = build_regency(data, codebook, "Kabupaten Pekalongan", "Situs Uji")
    assert pages.villages == [village_page(facts, codebook, row, "Situs Uji") for row in facts.profiles]
    assert len(pages.districts) == len(facts.kecamatan) and pages.regency.kode == facts.kode


def test_the_desil_note_names_a_declared_ranking_only() -> None:
    assert ranking_of({"labkem": {"sistem_peringkat": "DTSEN desil 1-10, Juli 2025"}}) == "DTSEN desil 1-10, Juli 2025"
    # what `labkem new-region` writes until the officer fills it in, and a package that says nothing
    assert ranking_of({"labkem": {"sistem_peringkat": "isi: DTKS desil 1-4 atau DTSEN desil 1-10"}}) == ""
    assert ranking_of({}) == ""
    assert "Peringkat di data ini" not in desil_note("")


def test_a_programme_s_stated_outcomes_read_their_units_as_words(fixture_facts: tuple[RegencyFacts, Codebook]) -> None:
    facts, _ = fixture_facts
    values = [value for info in programme_infos(facts) for _, value, _ in info.outcomes]
    assert "1.425 rumah tangga" in values
    assert not [value for value in values if "_" in value]
