"""The charts' numbers and their Vega-Lite templates.

A page model carries each chart's numbers as JSON datasets (`chart_data`). From them the render stage draws the
chart on the page as SVG (`labkem.render.chartsvg`), and `labkem build --chart-images` draws its image files with
vl-convert from the chart's Vega-Lite template (`whole_spec`). The templates are authored with Altair in
`labkem.transform.chartspecs` and kept as JSON (`transform/grafik/NAME.json`); a build reads them and never imports
Altair (a quarter of a second in every process).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from labkem.core import paths
from labkem.core.lang import N_

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7"]
DESIL_LABELS = ["Desil 1", "Desil 2", "Desil 3", "Desil 4"]
PROFILE_SERIES = [N_("Desa ini"), N_("Median kabupaten")]


def desil_trend_data(rows: list[dict[str, Any]], start: list[dict[str, Any]]) -> str:
    """The datasets of one village's desil chart (see `chart_data`)."""
    return chart_data(desil=rows, mulai=start)


ACTORS = {
    "pemerintah_kabupaten": N_("Pemerintah kabupaten"),
    "pemerintah_desa": N_("Pemerintah desa"),
    "dunia_usaha": N_("Dunia usaha"),
    "perguruan_tinggi": N_("Perguruan tinggi"),
    "masyarakat": N_("Masyarakat"),
}


def spec_with(template: dict[str, Any], **datasets: list[dict[str, Any]]) -> str:
    """Return a template's JSON with the given named datasets, safe inside a <script> element."""
    spec = dict(template)
    spec["datasets"] = datasets
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("</", "<\\/")


VILLAGE_TEMPLATES = ("desil", "profil", "intervensi")
TEMPLATE_FILES = paths.CHART_TEMPLATES_DIR  # the templates as authored (`labkem.transform.chartspecs`)


@cache
def template(name: str) -> dict[str, Any]:
    """The Vega-Lite template of chart `name` (desil, profil, intervensi, peringkat), with empty datasets."""
    spec: dict[str, Any] = json.loads((TEMPLATE_FILES / f"{name}.json").read_text(encoding="utf-8"))
    return spec


def chart_data(**datasets: list[dict[str, Any]]) -> str:
    """A village chart's numbers as its page model carries them: JSON of its named datasets, drawn as SVG on the page
    and, with its template (`VILLAGE_TEMPLATES`), as an image file."""
    return json.dumps({"datasets": datasets}, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def whole_spec(name: str, data: str) -> str:
    """The whole Vega-Lite JSON of a village chart, its template (one of `VILLAGE_TEMPLATES`) with its `data`
    (from `chart_data`), as for an image."""
    return spec_with(template(name), **json.loads(data)["datasets"])
