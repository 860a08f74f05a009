"""Where the charts' Vega-Lite templates are authored, with Altair (see `labkem.transform.charts`).

A build does not import this module: it reads the templates as JSON from `transform/grafik/`. After changing a
chart here, write them again with

    python -m labkem.transform.chartspecs

(`tests/test_transform.py` fails while the files and this module disagree).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import altair as alt

from labkem.transform.charts import ACTORS, DESIL_LABELS, PALETTE, PROFILE_SERIES, TEMPLATE_FILES


def desil_trend() -> dict[str, Any]:
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


def profile() -> dict[str, Any]:
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


def interventions() -> dict[str, Any]:
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


def ranking() -> dict[str, Any]:
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


AUTHORED: dict[str, Callable[[], dict[str, Any]]] = {
    "desil": desil_trend,
    "profil": profile,
    "intervensi": interventions,
    "peringkat": ranking,
}


def as_file(spec: dict[str, Any]) -> str:
    """A template as its file holds it."""
    return json.dumps(spec, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write() -> list[str]:
    """Write every template into `charts.TEMPLATE_FILES`; return the names of those that changed."""
    TEMPLATE_FILES.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, make in AUTHORED.items():
        path = TEMPLATE_FILES / f"{name}.json"
        text = as_file(make())
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


if __name__ == "__main__":
    print("ditulis ulang: " + (", ".join(write()) or "tidak ada, semua sama"))
