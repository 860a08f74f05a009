"""The pages' charts drawn at build time (`labkem.render.chartsvg`): what they draw, from the page model's data."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from labkem.render import chartsvg
from labkem.transform import charts


def parsed(svg: str) -> BeautifulSoup:
    return BeautifulSoup(svg, "html.parser")


def test_a_hidden_point_breaks_its_line_and_is_not_drawn() -> None:
    rows = [
        {"periode": "2019", "Desil 1": 1200, "Desil 2": 40, "Desil 3": 41, "Desil 4": 42},
        {"periode": "2021", "Desil 1": None, "Desil 2": 38, "Desil 3": 39, "Desil 4": 40},
        {"periode": "2023", "Desil 1": 1100, "Desil 2": 35, "Desil 3": 36, "Desil 4": 37},
    ]
    svg = parsed(chartsvg.desil_trend(charts.desil_trend_data(rows, []), "k"))
    lines = svg.select(f"polyline[stroke='{charts.PALETTE[0]}']")
    assert lines == []  # desil 1 has no two neighbouring points: no line, only its two points
    assert len(svg.select(f"polyline[stroke='{charts.PALETTE[1]}']")) == 1
    tips = [t.get_text() for t in svg.select("circle title")]
    assert "Desil 1, 2019: 1.200 rumah tangga" in tips and not any(t.startswith("Desil 1, 2021") for t in tips)
    assert len(tips) == 11
    # the axis counts the Indonesian way and reaches past the highest point
    ticks = [t.get_text() for t in svg.select("text[text-anchor='end']")]
    assert ticks[0] == "0" and "1.000" in ticks and int(ticks[-1].replace(".", "")) >= 1200


def test_bars_are_as_long_as_their_numbers_and_say_them() -> None:
    data = charts.chart_data(
        profil=[
            {"deprivasi": "Tanpa jamban", "Desa ini": 20.0, "Median kabupaten": 10.0},
            {"deprivasi": "Tanpa dokumen", "Desa ini": None, "Median kabupaten": 5.5},
        ]
    )
    svg = parsed(chartsvg.profile(data, "k"))
    bars = {r.title.get_text(): float(r["width"]) for r in svg.select("rect") if r.title}
    assert bars["Tanpa jamban, Desa ini: 20,0"] == 2 * bars["Tanpa jamban, Median kabupaten: 10,0"] > 0
    assert bars["Tanpa dokumen, Desa ini: disamarkan"] == 0
    assert svg.svg is not None and (svg.svg["role"], svg.svg["aria-labelledby"]) == ("img", "k")


def test_interventions_stack_by_actor_with_whole_counts() -> None:
    rows = [
        {"periode": "2021", "aktor": "Masyarakat", "kegiatan": 2},
        {"periode": "2021", "aktor": "Dunia usaha", "kegiatan": 1},
        {"periode": "2023", "aktor": "Masyarakat", "kegiatan": 3},
    ]
    svg = parsed(chartsvg.interventions(charts.chart_data(intervensi=rows), "k"))
    tips = sorted(r.title.get_text() for r in svg.select("rect") if r.title)
    assert tips == ["2021, Dunia usaha: 1 kegiatan", "2021, Masyarakat: 2 kegiatan", "2023, Masyarakat: 3 kegiatan"]
    assert all(re.fullmatch(r"\d+", t.get_text()) for t in svg.select("text[text-anchor='end']"))
    legend = [t.get_text() for t in svg.select("text[text-anchor='start']")]
    assert legend == ["Dunia usaha", "Masyarakat"]  # in the order of every interventions legend
    assert chartsvg.interventions("", "k") == ""


def test_the_ranking_is_highest_first_in_percent() -> None:
    spec = json.dumps(
        {
            "datasets": {
                "peringkat": [
                    {"desa": "A", "kecamatan": "X", "persen": 12.5},
                    {"desa": "B", "kecamatan": "Y", "persen": 40.0},
                ]
            }
        }
    )
    names = [t.get_text() for t in parsed(chartsvg.ranking(spec, "k")).select("rect title")]
    assert names == ["B (Kec. Y): 40,0%", "A (Kec. X): 12,5%"]
