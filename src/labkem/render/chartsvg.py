"""The pages' charts as SVG drawn at build time: read without script, printed as they are, sized for a 360 px phone.

A chart is written from the datasets its page model already carries for the chart images
(`labkem.transform.charts.chart_data`), so the page, its chart image and its table show the same numbers. Every
number and word is written in the page's language (`labkem.core.lang`); every mark has a `<title>` (the
browser's tooltip) with its label and value; the chart is an image named by its caption (`aria-labelledby`),
which stays on screen as its text alternative, and its numbers are in the table beside it.

The drawing is plain arithmetic on a fixed frame (`WIDTH` units wide, scaled by CSS): a village page's three
charts cost well under a millisecond, against about 14 ms for one Altair chart.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from html import escape

from labkem.core import fmt
from labkem.core.lang import INDONESIAN, Language
from labkem.transform.charts import ACTORS, DESIL_LABELS, PALETTE, PROFILE_SERIES

WIDTH = 360
FONT = 12  # units of the frame: about 11 px on a phone, 17 px at the widest the CSS lets a chart grow
MEDIAN = "#6b6b6b"  # the regency's median beside the village: a grey with 5:1 on white
# the interventions' actors, in the order of their legend
ACTOR_COLOURS = dict(zip(ACTORS.values(), [*PALETTE, "#D55E00"], strict=True))


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _number(language: Language, value: float, decimals: int = 0) -> str:
    return language.number(fmt.number(value, decimals))


def _nice_top(value: float) -> tuple[float, float]:
    """A round top for an axis that holds `value`, and its step (about four ticks)."""
    if value <= 0:
        return 1.0, 1.0
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return step * math.ceil(value / step), step


def _frame(height: float, label: str, body: list[str]) -> str:
    return (
        f'<svg class="labkem-svgchart" viewBox="0 0 {WIDTH} {height:g}" role="img" aria-labelledby="{escape(label)}"'
        f' font-size="{FONT}" font-family="inherit">' + "".join(body) + "</svg>"
    )


def _legend(y: float, items: Sequence[tuple[str, str]], columns: int) -> tuple[list[str], float]:
    """Swatches and labels in `columns` columns from `y`; the marks and the height they take."""
    width = WIDTH / columns
    marks = []
    for n, (label, colour) in enumerate(items):
        x, row = (n % columns) * width, y + (n // columns) * (FONT + 6)
        marks.append(f'<rect x="{x:g}" y="{row - FONT + 2:g}" width="10" height="10" fill="{colour}"/>')
        marks.append(_text(x + 14, row, label))
    return marks, math.ceil(len(items) / columns) * (FONT + 6)


def _y_axis(left: float, top: float, bottom: float, high: float, step: float, language: Language) -> list[str]:
    marks = []
    value = 0.0
    while value <= high + 1e-9:
        y = bottom - (bottom - top) * value / high
        marks.append(f'<line x1="{left:g}" x2="{WIDTH:g}" y1="{y:.1f}" y2="{y:.1f}" stroke="#0000001f"/>')
        marks.append(_text(left - 4, y + 4, _number(language, value, 0 if step >= 1 else 1), "end"))
        value += step
    return marks


def desil_trend(data: str, label: str, language: Language = INDONESIAN) -> str:
    """Households in desil 1-4 by period, a line per desil, with a dashed rule where a programme began."""
    datasets = json.loads(data)["datasets"]
    rows, starts = datasets["desil"], datasets.get("mulai", [])
    if not rows:
        return ""
    periods = [row["periode"] for row in rows]
    values = [v for row in rows for v in (row.get(d) for d in DESIL_LABELS) if v is not None]
    high, step = _nice_top(max(values, default=1))
    left, top, bottom = 40.0, 10.0, 180.0
    span = (WIDTH - left - 16) / max(1, len(periods) - 1)

    def x(n: int) -> float:
        return left + 8 + span * n if len(periods) > 1 else (left + WIDTH) / 2

    def y(v: float) -> float:
        return bottom - (bottom - top) * v / high

    _ = language.gettext
    body = _y_axis(left, top, bottom, high, step, language)
    body += [_text(x(n), bottom + 16, period, "middle") for n, period in enumerate(periods)]
    began = _("Mulai: %(programme)s")
    for start in starts:
        if start["periode"] in periods:
            at = x(periods.index(start["periode"]))
            body.append(
                f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{top:g}" y2="{bottom:g}" stroke="#444" stroke-dasharray="4 3">'
                f"<title>{escape(began % {'programme': start['label']})}</title></line>"
            )
    households = _("%(desil)s, %(period)s: %(count)s rumah tangga")

    for desil, colour in zip(DESIL_LABELS, PALETTE, strict=True):
        points = [(n, row.get(desil)) for n, row in enumerate(rows)]
        runs: list[list[str]] = [[]]
        for n, v in points:
            if v is None:
                runs.append([])
            else:
                runs[-1].append(f"{x(n):.1f},{y(v):.1f}")
        body += [
            f'<polyline points="{" ".join(run)}" fill="none" stroke="{colour}" stroke-width="2"/>'
            for run in runs
            if len(run) > 1
        ]
        body += [
            f'<circle cx="{x(n):.1f}" cy="{y(v):.1f}" r="3.5" fill="{colour}">'
            f"<title>{escape(households % {'desil': desil, 'period': periods[n], 'count': _number(language, v)})}"
            "</title></circle>"
            for n, v in points
            if v is not None
        ]
    legend, height = _legend(bottom + 38, list(zip(DESIL_LABELS, PALETTE, strict=True)), 4)
    return _frame(bottom + 30 + height, label, body + legend)


def profile(data: str, label: str, language: Language = INDONESIAN) -> str:
    """Each deprivation per 100 poor households: the village's bar over the regency median's."""
    rows = json.loads(data)["datasets"]["profil"]
    if not rows:
        return ""
    _ = language.gettext
    colours = dict(zip(PROFILE_SERIES, [PALETTE[0], MEDIAN], strict=True))
    values = [v for row in rows for v in (row.get(s) for s in PROFILE_SERIES) if v is not None]
    high = max(max(values, default=1), 1)
    room = WIDTH - 48  # for the bar; its value is written after it
    body, y = [], FONT
    for row in rows:
        body.append(_text(0, y, row["deprivasi"]))
        y += 4
        for series in PROFILE_SERIES:
            value = row.get(series)
            words = _("disamarkan") if value is None else _number(language, value, 1)
            width = 0 if value is None else room * value / high
            tip = escape(f"{row['deprivasi']}, {_(series)}: {words}")
            bar = f'<rect x="0" y="{y:g}" width="{width:.1f}" height="8" fill="{colours[series]}">'
            body.append(f"{bar}<title>{tip}</title></rect>")
            body.append(_text(width + 4, y + 8, words, extra=' font-size="10"'))
            y += 10
        y += FONT + 4
    legend, height = _legend(y + 2, [(_(series), colour) for series, colour in colours.items()], 2)
    return _frame(y + height, label, body + legend)


def interventions(data: str, label: str, language: Language = INDONESIAN) -> str:
    """Activities per period, stacked by Pentahelix actor."""
    if not data:
        return ""
    rows = json.loads(data)["datasets"]["intervensi"]
    periods = sorted({row["periode"] for row in rows})
    totals = {p: sum(row["kegiatan"] for row in rows if row["periode"] == p) for p in periods}
    most = max(totals.values(), default=1)
    step = max(_nice_top(most)[1], 1.0)  # activities are counted whole
    high = step * math.ceil(most / step)
    left, top, bottom = 32.0, 10.0, 150.0
    band = (WIDTH - left) / max(1, len(periods))
    _ = language.gettext
    body = _y_axis(left, top, bottom, high, step, language)
    activities = _("%(period)s, %(actor)s: %(count)s kegiatan")

    for n, period in enumerate(periods):
        x, base = left + band * n + band * 0.2, bottom
        body.append(_text(left + band * (n + 0.5), bottom + 16, period, "middle"))
        for actor, colour in ACTOR_COLOURS.items():
            count = sum(row["kegiatan"] for row in rows if row["periode"] == period and row["aktor"] == actor)
            if not count:
                continue
            h = (bottom - top) * count / high
            base -= h
            tip = activities % {"period": period, "actor": _(actor), "count": _number(language, count)}
            body.append(
                f'<rect x="{x:.1f}" y="{base:.1f}" width="{band * 0.6:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(tip)}</title></rect>"
            )
    shown = [(_(actor), colour) for actor, colour in ACTOR_COLOURS.items() if any(r["aktor"] == actor for r in rows)]
    legend, height = _legend(bottom + 38, shown, 2)
    return _frame(bottom + 30 + height, label, body + legend)


def ranking(spec: str, label: str, language: Language = INDONESIAN) -> str:
    """The villages with the highest share of households in desil 1-4, a bar each, highest first."""
    rows = sorted(json.loads(spec)["datasets"]["peringkat"], key=lambda row: -row["persen"])
    if not rows:
        return ""
    high = max(max(row["persen"] for row in rows), 1)
    room = WIDTH - 48
    body, y = [], FONT
    for row in rows:
        name = language.gettext("%(village)s (Kec. %(district)s)") % {
            "village": row["desa"],
            "district": row["kecamatan"],
        }
        words = language.number(fmt.percent(row["persen"]))
        body.append(_text(0, y, name))
        width = room * row["persen"] / high
        body.append(
            f'<rect x="0" y="{y + 4:g}" width="{width:.1f}" height="9" fill="{PALETTE[0]}">'
            f"<title>{escape(f'{name}: {words}')}</title></rect>"
        )
        body.append(_text(width + 4, y + 12, words, extra=' font-size="10"'))
        y += FONT + 20
    return _frame(y - FONT, label, body)


DRAWERS = {"desil": desil_trend, "profil": profile, "intervensi": interventions, "peringkat": ranking}
