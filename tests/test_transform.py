"""Pure stages: formatting, privacy-aware shares, the generated sentence, chart specs, page models."""

from __future__ import annotations

import json
import re
from dataclasses import fields

import pytest

from labkem.core import fmt
from labkem.core.paths import TEMPLATES_DIR
from labkem.render import chartsvg
from labkem.render.pages import undocumented_fields
from labkem.transform import charts, model
from labkem.transform.facts import at_least, desil_count, desil_share, make_cell
from labkem.transform.model import Cell
from labkem.transform.village import chart_number, profile_alt, summary_sentence


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(1234, 0, "1.234"), (1234567.891, 2, "1.234.567,89"), (18.4, 1, "18,4"), (0, 0, "0")],
)
def test_indonesian_numbers(value: float, decimals: int, text: str) -> None:
    assert fmt.number(value, decimals) == text


def test_zero_is_written_the_same_whichever_sign_or_order_it_comes_in() -> None:
    # formatted numbers are cached, and -0.0 == 0.0 is one key: both must read the same, in either order
    fmt.number.cache_clear()
    first = (fmt.number(-0.0, 1), fmt.number(0.0, 1))
    fmt.number.cache_clear()
    second = (fmt.number(0.0, 1), fmt.number(-0.0, 1))
    assert first == second == ("0,0", "0,0")


def test_signed_change() -> None:
    assert (fmt.signed(12), fmt.signed(-3.5, 1), fmt.signed(0)) == ("+12", "−3,5", "0")


def test_suppressed_cell_reads_disamarkan() -> None:
    assert make_cell("", "c") == Cell(None, "c", "disamarkan")
    assert make_cell("1500", "") == Cell(1500.0, "", "1.500")


def test_desil_count_prefers_the_published_total() -> None:
    parts = [make_cell("", "c"), make_cell("20", ""), make_cell("30", ""), make_cell("", "c")]
    assert desil_count(make_cell("61", ""), parts) == Cell(61.0, "", "61")


def test_desil_count_from_parts_is_a_lower_bound_when_cells_are_hidden() -> None:
    parts = [make_cell("", "c"), make_cell("20", ""), make_cell("30", ""), make_cell("40", "")]
    assert desil_count(make_cell("", "c"), parts) == Cell(90.0, "c", "≥ 90")


def test_desil_share_exact_when_nothing_suppressed() -> None:
    assert desil_share(make_cell("100", ""), make_cell("400", "")).text == "25,0%"


def test_desil_share_is_a_lower_bound_over_a_lower_bound_count() -> None:
    share = desil_share(Cell(90.0, "c", "≥ 90"), make_cell("400", ""))
    assert share.text == "≥ 22,5%"
    assert share.suppressed


def test_no_share_over_a_small_denominator() -> None:
    assert desil_share(make_cell("10", ""), make_cell("19", "")).value is None


def test_summary_sentence_says_direction_and_periods() -> None:
    count = {p: make_cell("200", "") for p in ("2019", "2023")}
    share = {"2019": Cell(21.0, "", "21,0%"), "2023": Cell(18.4, "", "18,4%")}
    text = summary_sentence("Botosari", ("2019", "2023"), count, share)
    assert text == "Pada 2023, 200 rumah tangga (18,4%) di Botosari berada di desil 1–4, turun dari 21,0% pada 2019."


def test_summary_sentence_with_suppressed_cells_says_at_least() -> None:
    count = {"2023": Cell(100.0, "c", "≥ 100")}
    share = {"2023": Cell(10.0, "c", "≥ 10,0%")}
    text = summary_sentence("Botosari", ("2023",), count, share)
    assert text.startswith("Pada 2023, sedikitnya 100 rumah tangga (10,0%)")


def test_chart_template_is_built_once_and_villages_only_add_data() -> None:
    first_data = charts.desil_trend_data([{"periode": "2019", "Desil 1": 5, "Desil 2": None}], [])
    assert set(json.loads(first_data)) == {"datasets"}  # what a page carries: no template
    first = json.loads(charts.whole_spec("desil", first_data))
    second = json.loads(charts.whole_spec("desil", charts.desil_trend_data([], [{"periode": "2019", "label": "L"}])))
    before = charts.template.cache_info().misses
    charts.whole_spec("desil", first_data)
    assert charts.template.cache_info().misses == before  # read once per process
    assert first["datasets"]["desil"][0]["Desil 1"] == 5
    assert second["datasets"]["mulai"][0]["label"] == "L"
    assert first["layer"] == second["layer"]
    assert first["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_the_chart_templates_a_build_reads_are_those_authored_with_altair() -> None:
    from labkem.transform import chartspecs

    for name, make in chartspecs.AUTHORED.items():
        path = charts.TEMPLATE_FILES / f"{name}.json"
        assert path.read_text(encoding="utf-8") == chartspecs.as_file(make()), (
            f"{path.name} differs from labkem/transform/chartspecs.py: run python -m labkem.transform.chartspecs"
        )
    assert set(chartspecs.AUTHORED) == {path.stem for path in charts.TEMPLATE_FILES.glob("*.json")}


def test_a_build_does_not_import_altair() -> None:
    import subprocess
    import sys

    code = "import sys, labkem.commands.build, labkem.render.pages; print('altair' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


def test_no_text_of_a_chart_reaches_its_svg_unescaped() -> None:
    planted = "</svg><script>x()</script>"
    data = charts.desil_trend_data([{"periode": planted, "Desil 1": 1}], [{"periode": planted, "label": planted}])
    profile = charts.chart_data(profil=[{"deprivasi": planted, "Desa ini": 1.5, "Median kabupaten": None}])
    ranking = json.dumps({"datasets": {"peringkat": [{"desa": planted, "kecamatan": planted, "persen": 3.0}]}})
    drawn = [
        chartsvg.desil_trend(data, planted),
        chartsvg.profile(profile, planted),
        chartsvg.interventions(
            charts.chart_data(intervensi=[{"periode": planted, "aktor": planted, "kegiatan": 2}]), "x"
        ),
        chartsvg.ranking(ranking, "x"),
    ]
    for svg in drawn:
        assert "<script" not in svg and svg.count("</svg>") == 1 and "&lt;/svg&gt;" in svg
    # and the whole spec of a chart image keeps the text as it is
    assert json.loads(charts.whole_spec("desil", data))["datasets"]["desil"][0]["periode"] == planted


def test_the_deprivation_chart_is_described_not_recited() -> None:
    rates = {"Tanpa jamban": (12.5, 9.0), "Tanpa dokumen": (3.0, 4.0), "Disabilitas": (None, 2.0)}
    text = profile_alt("Botosari", "2023-S2", rates)
    assert "di atas median pada 1 dari 2 deprivasi" in text
    assert "tertinggi Tanpa jamban (12,5)" in text and "tabel" in text
    assert "tidak ada" in profile_alt("Botosari", "2023-S2", {"Tanpa jamban": (None, 9.0)})


def test_chart_numbers_are_written_short() -> None:
    assert (chart_number(195.0), chart_number(15.384, 2), chart_number(None), chart_number(2.0, 2)) == (
        195,
        15.38,
        None,
        2,
    )
    assert json.dumps(chart_number(195.0)) == "195"


PAGE_MODELS = [
    model.Cell,
    model.IndicatorRow,
    model.Membership,
    model.IdmRow,
    model.VillageSummary,
    model.VillagePage,
    model.DistrictPage,
    model.DistrictSummary,
    model.PovertyRow,
    model.ProgrammeInfo,
    model.RegencyPage,
    model.RegencyLink,
    model.HomePage,
    model.KeyFigure,
    model.ProfileRow,
    model.InterventionRow,
    model.PotentialRow,
    model.MemberVillage,
    model.ComparisonRow,
    model.ProgrammePage,
    model.AgencyPage,
    model.IndicatorVillage,
    model.IndicatorPage,
    model.PackageLink,
]


@pytest.mark.parametrize("cls", PAGE_MODELS, ids=lambda c: c.__name__)
def test_every_model_field_is_documented(cls: type) -> None:
    assert undocumented_fields(cls) == []


@pytest.mark.parametrize(
    ("template", "cls"),
    [
        ("village.html.j2", model.VillagePage),
        ("district.html.j2", model.DistrictPage),
        ("regency.html.j2", model.RegencyPage),
        ("home.html.j2", model.HomePage),
        ("programme.html.j2", model.ProgrammePage),
        ("agency.html.j2", model.AgencyPage),
        ("indicator.html.j2", model.IndicatorPage),
    ],
)
def test_templates_use_only_declared_fields(template: str, cls: type) -> None:
    text = (TEMPLATES_DIR / template).read_text(encoding="utf-8")
    used = set(re.findall(r"\bp\.(\w+)", text))
    declared = {f.name for f in fields(cls)}
    assert used and used <= declared


def test_roll_up_over_a_hidden_cell_says_at_least() -> None:

    assert at_least([make_cell("10", ""), Cell(5.0, "c", "≥ 5"), make_cell("", "c")]) == "sedikitnya 15"
    assert at_least([make_cell("10", ""), make_cell("1200", "")]) == "1.210"
