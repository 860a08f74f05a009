"""The charts of the site as data (CSV), and on request as SVG and PNG rendered at build time.

Pages carry their charts as Vega-Lite specs with the numbers inlined. For a chart whose numbers are nowhere else
as a file this module writes `grafik/PAGE/CHART.csv` (one row per data point; a `dataset` column when the chart
draws more than one). A village's charts have none: their numbers are the tables beside them on the page and the
village's own CSV (`api/v1/desa/KODE.csv`), and a file per chart per village was a third of the site's files.
With `--chart-images` every chart also gets `CHART.svg` and `CHART.png` rendered by vl-convert.
Rendering takes about a sixth of a second per chart, so images are cached by the hash of their spec in
`build/cache/grafik` and rendered on all cores; an unchanged chart is never rendered twice.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from labkem.core.files import write_atomic
from labkem.core.workers import count, pool

CHART_DIR = "grafik"
STATIC_WIDTH = 640  # charts drawn to their container's width on the page get this width as images
RENDER_VERSION = "2"  # bump when the image settings change, so cached images are rendered again


@dataclass(frozen=True)
class Chart:
    """One chart of one page: the page's path from the site root, the chart's name, its spec as on the page."""

    page: str
    name: str
    spec: str
    csv: bool = True  # False where the page's tables and another download already hold the chart's numbers

    def path(self, suffix: str) -> str:
        """Where the chart's file with `suffix` (csv, svg, png) is published."""
        return f"{CHART_DIR}/{self.page}/{self.name}.{suffix}"


def _spec(text: str) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(text.replace("<\\/", "</"))
    return spec


def chart_csv(text: str) -> bytes:
    """The numbers a chart draws, as CSV."""
    datasets: dict[str, list[dict[str, Any]]] = _spec(text).get("datasets", {})
    several = len(datasets) > 1
    columns: list[str] = ["dataset"] if several else []
    for rows in datasets.values():
        for row in rows:
            columns += [key for key in row if key not in columns]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for name, rows in datasets.items():
        for row in rows:
            writer.writerow({**row, "dataset": name} if several else row)
    return buffer.getvalue().encode("utf-8")


def static_spec(text: str) -> dict[str, Any]:
    """The spec with a fixed width where the page lets the container decide."""
    spec = _spec(text)

    def fix(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("width") == "container":
                node["width"] = STATIC_WIDTH
            for value in node.values():
                fix(value)
        elif isinstance(node, list):
            for value in node:
                fix(value)

    fix(spec)
    return spec


def render_images(text: str) -> tuple[bytes, bytes]:
    """SVG and PNG of one chart (runs in a worker process)."""
    import vl_convert

    spec = static_spec(text)
    svg = vl_convert.vegalite_to_svg(spec).encode("utf-8")
    png = bytes(vl_convert.vegalite_to_png(spec, scale=1))  # 640 px wide; the SVG is there for print
    return svg, png


def _key(text: str) -> str:
    return hashlib.sha256((RENDER_VERSION + text).encode("utf-8")).hexdigest()[:32]


def images(
    charts: list[Chart], cache_dir: Path, jobs: int, progress: Callable[[str], None] = lambda _: None
) -> dict[str, tuple[bytes, bytes]]:
    """SVG and PNG of every chart by spec hash: cached ones read, the rest rendered in up to `jobs` processes."""
    found: dict[str, tuple[bytes, bytes]] = {}
    missing: dict[str, str] = {}
    for chart in charts:
        key = _key(chart.spec)
        svg, png = cache_dir / f"{key}.svg", cache_dir / f"{key}.png"
        if svg.exists() and png.exists():
            found[key] = (svg.read_bytes(), png.read_bytes())
        else:
            missing[key] = chart.spec
    if missing:
        progress(f"grafik: {len(missing)} gambar digambar ({len(found)} dari cache)")
        with pool(count(jobs, len(missing), min_tasks=1, tasks_per_worker=8)) as executor:
            results = executor.map(render_images, missing.values(), chunksize=16)
            for done, (key, (svg_bytes, png_bytes)) in enumerate(zip(missing, results, strict=True), start=1):
                write_atomic(cache_dir / f"{key}.svg", svg_bytes)
                write_atomic(cache_dir / f"{key}.png", png_bytes)
                found[key] = (svg_bytes, png_bytes)
                if done % 500 == 0:
                    progress(f"grafik: {done}/{len(missing)}")
    return found


def write_chart_files(
    charts: Iterable[Chart],
    put: Callable[[str, bytes], None],
    cache_dir: Path | None,
    progress: Callable[[str], None] = lambda _: None,
    jobs: int = 1,
) -> int:
    """Write the CSV of each chart that has one, and every chart's SVG and PNG when `cache_dir` is given (drawn in
    up to `jobs` processes); return the number of charts."""
    charts = list(charts)
    for chart in charts:
        if chart.csv:
            put(chart.path("csv"), chart_csv(chart.spec))
    if cache_dir is not None:
        rendered = images(charts, cache_dir, jobs, progress)
        for chart in charts:
            svg, png = rendered[_key(chart.spec)]
            put(chart.path("svg"), svg)
            put(chart.path("png"), png)
    return len(charts)
