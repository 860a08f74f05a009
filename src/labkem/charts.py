"""Altair chart specifications. Each chart type is built and validated once; villages add only data.

Building an Altair chart per village costs ~14 ms (construction plus schema validation); at 83,763
villages that is most of an hour. The template is a Vega-Lite dict with named datasets, so a village's
chart is a shallow copy with its rows attached.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import altair as alt

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"]
DESIL_LABELS = ["Desil 1", "Desil 2", "Desil 3", "Desil 4"]
PROFILE_SERIES = ["Desa ini", "Median kabupaten"]


@cache
def desil_trend_template() -> dict[str, Any]:
    """Return the Vega-Lite spec of the desil trend chart with empty named datasets."""
    # a village's rows are one per period with a column per desil (a quarter of the bytes of one row per point),
    # folded back into points here; a missing or hidden count (null) is not drawn
    folded: list[Any] = [*DESIL_LABELS]
    base = alt.Chart(alt.NamedData("desil")).transform_fold(folded, as_=["desil", "rumah_tangga"])
    lines = base.mark_line(point=True).encode(
        x=alt.X("periode:O", title="Periode", sort=None),
        y=alt.Y("rumah_tangga:Q", title="Rumah tangga"),
        color=alt.Color(
            "desil:N",
            title=None,
            scale=alt.Scale(domain=DESIL_LABELS, range=PALETTE),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[alt.Tooltip("periode:O"), alt.Tooltip("desil:N"), alt.Tooltip("rumah_tangga:Q", format=",")],
    )
    start = (
        alt.Chart(alt.NamedData("mulai"))
        .mark_rule(strokeDash=[4, 3], color="#555")
        .encode(x="periode:O", tooltip=[alt.Tooltip("label:N", title="Program")])
    )
    chart = alt.layer(lines, start).properties(width="container", height=220, title="Rumah tangga desil 1–4")
    spec: dict[str, Any] = chart.to_dict()
    spec["datasets"] = {"desil": [], "mulai": []}
    return spec


def desil_trend_data(rows: list[dict[str, Any]], start: list[dict[str, Any]]) -> str:
    """The datasets of one village's desil chart (see `chart_data`)."""
    return chart_data(desil=rows, mulai=start)


@cache
def profile_template() -> dict[str, Any]:
    """Grouped bars: each deprivation per 100 poor households, the village beside the regency median (a row per
    deprivation with a column per series, folded back into bars here)."""
    folded: list[Any] = [*PROFILE_SERIES]
    chart = (
        alt.Chart(alt.NamedData("profil"))
        .transform_fold(folded, as_=["seri", "per_100"])
        .mark_bar()
        .encode(
            y=alt.Y("deprivasi:N", title=None, sort=None),
            x=alt.X("per_100:Q", title="per 100 rumah tangga miskin"),
            yOffset=alt.YOffset("seri:N", sort=PROFILE_SERIES),
            color=alt.Color(
                "seri:N",
                title=None,
                scale=alt.Scale(domain=PROFILE_SERIES, range=[PALETTE[0], "#999999"]),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[alt.Tooltip("deprivasi:N"), alt.Tooltip("seri:N"), alt.Tooltip("per_100:Q", format=".1f")],
        )
        .properties(width="container", height=alt.Step(9), title="Deprivasi rumah tangga miskin")
    )
    spec: dict[str, Any] = chart.to_dict()
    spec["datasets"] = {"profil": []}
    return spec


ACTORS = {
    "pemerintah_kabupaten": "Pemerintah kabupaten",
    "pemerintah_desa": "Pemerintah desa",
    "dunia_usaha": "Dunia usaha",
    "perguruan_tinggi": "Perguruan tinggi",
    "masyarakat": "Masyarakat",
}


@cache
def interventions_template() -> dict[str, Any]:
    """Stacked bars: interventions per period, coloured by Pentahelix actor."""
    chart = (
        alt.Chart(alt.NamedData("intervensi"))
        .mark_bar()
        .encode(
            x=alt.X("periode:O", title="Periode", sort=None),
            y=alt.Y("kegiatan:Q", title="Kegiatan", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "aktor:N",
                title=None,
                scale=alt.Scale(domain=list(ACTORS.values()), range=[*PALETTE, "#D55E00"]),
                legend=alt.Legend(orient="bottom", columns=2),
            ),
            tooltip=[alt.Tooltip("periode:O"), alt.Tooltip("aktor:N"), alt.Tooltip("kegiatan:Q")],
        )
        .properties(width="container", height=180, title="Intervensi menurut unsur Pentahelix")
    )
    spec: dict[str, Any] = chart.to_dict()
    spec["datasets"] = {"intervensi": []}
    return spec


def spec_with(template: dict[str, Any], **datasets: list[dict[str, Any]]) -> str:
    """Return a template's JSON with the given named datasets, safe inside a <script> element."""
    spec = dict(template)
    spec["datasets"] = datasets
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("</", "<\\/")


@cache
def ranking_template() -> dict[str, Any]:
    """Horizontal bars: the villages with the highest share of households in desil 1-4."""
    chart = (
        alt.Chart(alt.NamedData("peringkat"))
        .mark_bar(color=PALETTE[0])
        .encode(
            y=alt.Y("desa:N", title=None, sort="-x"),
            x=alt.X("persen:Q", title="% rumah tangga di desil 1–4"),
            tooltip=[alt.Tooltip("desa:N"), alt.Tooltip("kecamatan:N"), alt.Tooltip("persen:Q", format=".1f")],
        )
        .properties(width="container", height=alt.Step(14), title="Desa dengan porsi desil 1–4 tertinggi")
    )
    spec: dict[str, Any] = chart.to_dict()
    spec["datasets"] = {"peringkat": []}
    return spec


# The village charts' templates are published once, as files (`assets/grafik/NAME.json`); a village page carries
# only its chart's datasets and names its template (`data-template`), and `labkem.js` puts the two together: a
# template is the same for every village, and repeated in each page it was a tenth of the page.
TEMPLATE_DIR = "assets/grafik"


VILLAGE_TEMPLATES = {"desil": desil_trend_template, "profil": profile_template, "intervensi": interventions_template}


def template_files() -> dict[str, bytes]:
    """The shared chart templates: path in the site -> JSON."""
    return {
        f"{TEMPLATE_DIR}/{name}.json": spec_with(make()).encode("utf-8") for name, make in VILLAGE_TEMPLATES.items()
    }


def chart_data(**datasets: list[dict[str, Any]]) -> str:
    """A village chart's numbers as its page carries them: JSON of its named datasets, to be put together with its
    template (`VILLAGE_TEMPLATES`) in the browser. Not yet safe inside a `<script>` element: the page template
    writes it through `labkem.render.island`."""
    return json.dumps({"datasets": datasets}, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def whole_spec(template: str, data: str) -> str:
    """The whole Vega-Lite JSON of a village chart, its template (a name of `VILLAGE_TEMPLATES`) with its `data`
    (from `chart_data`), as for an image."""
    return spec_with(VILLAGE_TEMPLATES[template](), **json.loads(data)["datasets"])
