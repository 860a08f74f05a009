"""Pure stage: maps as page models, drawn as SVG at build time. No I/O here.

A map is a set of areas (villages, or regencies on the home page), each an SVG path already projected into the
map's own frame, with a colour class, a link and a label. The render stage turns a `MapModel` into inline SVG
(readable without JavaScript, printable) and the site's script adds tooltips and a highlight. Maps that share a
frame (a regency's indicator maps, the locators of a district's villages) draw their shapes by `<use>` from one
geometry file (`geometry_svg`), so each page carries colours and links but not the shapes.

Projection: an equirectangular frame scaled by the cosine of the map's middle latitude, which at the scale of a
regency (tens of kilometres, 6-8° south) distorts shapes by well under 1 %. Coordinates are rounded to whole units
of a frame `width` units wide; a vertex shared by two areas rounds to the same point, so borders shared in the
boundary file stay shared on the map.

Classes: up to five classes of equal counts (quantiles) of the published values, named in words in the legend;
suppressed values (*disamarkan*) and villages without a value (*tidak ada data*) are classes of their own, drawn
with a pattern, never a colour of the scale.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from labkem.core.lang import INDONESIAN, Language
from labkem.transform.model import doc

# A sequential scale that stays ordered for colour-blind readers and in greyscale (five steps of viridis,
# light to dark), so that a darker village means a higher value.
PALETTE = ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154")
SUPPRESSED_CLASS = "kc"  # disamarkan: suppressed by disclosure control
MISSING_CLASS = "kn"  # tidak ada data: no value for the period
PLAIN_CLASS = "kp"  # an area drawn for context only (a regency without data on the home page)
HIGHLIGHT_CLASS = "kh"  # the village a locator points at
MAX_CLASSES = 5
REGENCY_WIDTH = 1000  # frame width of a regency map (and of the province's on the home page), in units
DISTRICT_WIDTH = 600  # frame width of a district, for its map and its villages' locators


class MapArea(NamedTuple):
    """One area of a map: a village or a regency. A named tuple, not a dataclass: a province's maps make some
    400,000 of them, and a tuple is made in a third of the time."""

    kode: str  # Kemendagri code
    nama: str  # name
    d: str  # SVG path data in the map's frame
    cls: str  # colour class: k0..k4 by value, kc disamarkan, kn no data, kp plain, kh highlight
    fill: str  # the SVG fill of the class: a colour, or the map's pattern
    url: str  # link from the site root to the area's page, or '' for none
    label: str  # name and value, read by screen readers and shown as the tooltip

    @property
    def ref(self) -> str:
        """The id of the area's shape in its geometry file."""
        return area_id(self.kode)


@dataclass(frozen=True)
class LegendItem:
    """One class of the legend."""

    cls: str = field(metadata=doc("Colour class, as on the areas"))
    fill: str = field(metadata=doc("The SVG fill of the class, as on the areas"))
    text: str = field(metadata=doc("The class in words, e.g. '20,1% sampai 31,4%'"))
    count: int = field(metadata=doc("How many areas fall in the class"))


@dataclass(frozen=True)
class MapModel:
    """A map drawn at build time: areas, outlines, marks and a legend in words."""

    id: str = field(metadata=doc("Prefix of the map's element ids, unique in its page"))
    width: int = field(metadata=doc("Frame width, in SVG units"))
    height: int = field(metadata=doc("Frame height, in SVG units"))
    areas: tuple[MapArea, ...] = field(metadata=doc("The areas, by code"))
    outlines: str = field(metadata=doc("SVG path data of the outlines drawn over the areas (districts), or ''"))
    marks: tuple[tuple[int, int, str], ...] = field(metadata=doc("(x, y, label) of marked areas (programme)"))
    mark_label: str = field(metadata=doc("What a mark means, for the legend, or ''"))
    legend: tuple[LegendItem, ...] = field(metadata=doc("Classes in order, then disamarkan and no data"))
    title: str = field(metadata=doc("What the map shows, in a few words"))
    description: str = field(metadata=doc("Text alternative: what the map shows and where the high values are"))
    missing: tuple[str, ...] = field(metadata=doc("Names of areas that have a value but no boundary"))
    geometry: str = field(
        default="",
        metadata=doc(
            "The geometry file the page draws the areas from, a path from the site's root, or '' to draw inline"
        ),
    )
    backdrop: str = field(
        default="",
        metadata=doc("SVG path data of every shape of the frame, drawn plain behind the areas (a locator), or ''"),
    )

    @property
    def linked(self) -> int:
        """How many areas link to a page (each is a keyboard stop)."""
        return sum(1 for a in self.areas if a.url)


OUTLINE_ID = "garis"  # the outlines' id in a geometry file
BACKDROP_ID = "semua"  # the id of every shape as one path, in a district's geometry file


@functools.lru_cache(maxsize=1 << 16)
def area_id(kode: str) -> str:
    """The id of an area's shape in a geometry file: unique within a regency, short (`v022008` for
    33.26.02.2008, `v26` for the regency 33.26)."""
    return "v" + kode.replace(".", "")[4:] if len(kode) > 5 else "v" + kode.replace(".", "")[2:]


def geometry_svg(paths: Mapping[str, str], outline: str = "", backdrop: str = "") -> str:
    """A geometry file: the shapes of a frame, by `area_id`, that pages draw with `<use>`, so that a regency's
    many maps (its own, each indicator's) carry colours and links but not the shapes; with the `outline`, and
    with the `backdrop` (`backdrop_path` of the shapes: all as one path, for the locators of a district's
    villages). The shapes are definitions only: opened alone, the file shows nothing."""
    shapes = "".join(f'<path id="{area_id(kode)}" d="{d}"/>' for kode, d in sorted(paths.items()) if d)
    lines = f'<path id="{OUTLINE_ID}" d="{outline}"/>' if outline else ""
    whole = f'<path id="{BACKDROP_ID}" d="{backdrop}"/>' if backdrop else ""
    return f'<svg xmlns="http://www.w3.org/2000/svg"><defs>{shapes}{lines}{whole}</defs></svg>\n'


PLAIN_FILL = "#d4d4d4"
HIGHLIGHT_FILL = "#3b528b"


def fill_of(map_id: str, cls: str) -> str:
    """The SVG fill of a class: a colour of the scale, grey or blue for context and highlight, or one of the
    map's two patterns (`ID-c` hatching for disamarkan, `ID-n` dots for no data)."""
    if cls == SUPPRESSED_CLASS:
        return f"url(#{map_id}-c)"
    if cls == MISSING_CLASS:
        return f"url(#{map_id}-n)"
    if cls == PLAIN_CLASS:
        return PLAIN_FILL
    if cls == HIGHLIGHT_CLASS:
        return HIGHLIGHT_FILL
    return PALETTE[int(cls[1:])]


@dataclass(frozen=True)
class Frame:
    """Projects longitude/latitude into a frame `width` units wide, north up."""

    west: float
    north: float
    scale: float  # units per degree of longitude at the middle latitude
    kx: float  # cos(middle latitude)
    width: int
    height: int
    pad: int

    @classmethod
    def around(cls, shapes: Iterable[BaseGeometry], width: int, pad: int = 4) -> Frame:
        """The frame that holds every shape in `shapes`, `width` units wide with `pad` units of margin."""
        bounds = [shape.bounds for shape in shapes]
        west = min(b[0] for b in bounds)
        south = min(b[1] for b in bounds)
        east = max(b[2] for b in bounds)
        north = max(b[3] for b in bounds)
        kx = math.cos(math.radians((south + north) / 2))
        span_x = max((east - west) * kx, 1e-9)
        scale = (width - 2 * pad) / span_x
        height = math.ceil((north - south) * scale) + 2 * pad
        return cls(west, north, scale, kx, width, height, pad)

    def point(self, lon: float, lat: float) -> tuple[int, int]:
        """A point in whole frame units."""
        return (
            round((lon - self.west) * self.kx * self.scale) + self.pad,
            round((self.north - lat) * self.scale) + self.pad,
        )


# A relative step (dx, dy) of a path as SVG, looked up rather than formatted (a province's maps write some 900,000):
# each number follows a space, or its own minus sign. Steps beyond the table are formatted one by one.
STEP_RANGE = 64
_STEP_SIDE = 2 * STEP_RANGE + 1


def _step(dx: int, dy: int) -> str:
    return f"{'' if dx < 0 else ' '}{dx}{'' if dy < 0 else ' '}{dy}"


_STEPS = [_step(dx, dy) for dx in range(-STEP_RANGE, STEP_RANGE + 1) for dy in range(-STEP_RANGE, STEP_RANGE + 1)]


def paths_of(shapes: Mapping[str, BaseGeometry], frame: Frame) -> dict[str, str]:
    """Each polygon or multipolygon of `shapes` as SVG path data (holes included; drawn with fill-rule evenodd),
    by code. Every vertex is projected and rounded in one pass over all the shapes; a point repeated after
    rounding is dropped. Each ring is an absolute move to its first point, then relative lines, closed by `z`
    (a ring that ends on its first point leaves that last step to `z`); a ring that rounds to fewer than three
    distinct points is left out (it would be invisible)."""
    codes = list(shapes)
    if not codes:
        return {}
    polygons, owner = shapely.get_parts(np.array([shapes[k] for k in codes], dtype=object), return_index=True)
    rings, ring_polygon = shapely.get_rings(polygons, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    points = np.column_stack(
        (
            np.rint((coords[:, 0] - frame.west) * frame.kx * frame.scale) + frame.pad,
            np.rint((frame.north - coords[:, 1]) * frame.scale) + frame.pad,
        )
    ).astype(np.int64)
    repeated = (ring_of[1:] == ring_of[:-1]) & (points[1:] == points[:-1]).all(axis=1)
    keep = np.concatenate(([True], ~repeated))
    points, ring_of = points[keep], ring_of[keep]
    starts = np.concatenate(([0], np.flatnonzero(np.diff(ring_of)) + 1))
    stops = np.append(starts[1:], len(points))
    ends = stops - ((stops - starts > 1) & (points[stops - 1] == points[starts]).all(axis=1))
    # the step into each point from the one before (a ring's first point has none: it is moved to)
    steps = np.diff(points, axis=0, prepend=points[:1])
    fits = (np.abs(steps) <= STEP_RANGE).all(axis=1)
    index = np.where(fits, (steps[:, 0] + STEP_RANGE) * _STEP_SIDE + steps[:, 1] + STEP_RANGE, 0)
    words = list(map(_STEPS.__getitem__, index.tolist()))
    first = np.zeros(len(points), dtype=bool)
    first[starts] = True
    for n in np.flatnonzero(~(fits | first)).tolist():
        words[n] = _step(*steps[n].tolist())
    owners = owner[ring_polygon[ring_of[starts]]].tolist()
    parts: dict[str, list[str]] = {k: [] for k in codes}
    for start, end, who, (x, y) in zip(starts.tolist(), ends.tolist(), owners, points[starts].tolist(), strict=True):
        count = end - start
        if count < 3 or (count < 8 and len(set(map(tuple, points[start:end].tolist()))) < 3):
            continue
        body = "".join(words[start + 1 : end])
        parts[codes[who]].append(f"M{x} {y}l{body[1:] if body[0] == ' ' else body}z")
    return {k: "".join(v) for k, v in parts.items()}


def shape_path(shape: BaseGeometry, frame: Frame) -> str:
    """One polygon or multipolygon as SVG path data (see `paths_of`)."""
    return paths_of({"": shape}, frame)[""]


def outline_path(outlines: Mapping[str, BaseGeometry], frame: Frame) -> str:
    """The outlines (districts) as one path, by code."""
    paths = paths_of(outlines, frame)
    return "".join(paths[k] for k in sorted(paths))


def centre(shape: BaseGeometry, frame: Frame) -> tuple[int, int]:
    """A point inside the shape, in frame units (for a mark)."""
    inside = shape.representative_point()
    return frame.point(inside.x, inside.y)


def quantile_breaks(values: Sequence[float], classes: int = MAX_CLASSES) -> tuple[float, ...]:
    """Upper bounds of up to `classes` classes of about equal counts; the last bound is the maximum. Equal
    bounds merge, so few distinct values give few classes."""
    ordered = sorted(values)
    if not ordered:
        return ()
    bounds: list[float] = []
    for i in range(1, classes + 1):
        bound = ordered[math.ceil(i * len(ordered) / classes) - 1]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return tuple(bounds)


def class_of(value: float, breaks: Sequence[float]) -> int:
    """Index of the class `value` falls in: the first whose upper bound is at least the value."""
    return min(bisect.bisect_left(breaks, value), len(breaks) - 1)


class MapValue(NamedTuple):
    """A village to colour: its value (None when suppressed or missing) and whether it is marked. A named tuple,
    like `MapArea`: one is made for every village of every map."""

    kode: str
    nama: str
    url: str
    value: float | None
    text: str  # the value as the page writes it ('disamarkan' when suppressed)
    suppressed: bool
    marked: bool = False


def legend_text(
    lower: float, upper: float, show: Callable[[float], str], first: bool, language: Language = INDONESIAN
) -> str:
    """A class in words: '12,3% sampai 20,1%', or one value when the class holds one."""
    if lower == upper:
        return show(upper)
    words = {"lower": show(lower), "upper": show(upper)}
    _ = language.gettext
    return (_("%(lower)s sampai %(upper)s") if first else _("di atas %(lower)s sampai %(upper)s")) % words


def choropleth(
    map_id: str,
    shapes: Mapping[str, BaseGeometry],
    values: Sequence[MapValue],
    *,
    title: str,
    what: str,
    show: Callable[[float], str],
    outlines: Mapping[str, BaseGeometry] | str | None = None,
    mark_label: str = "",
    frame: Frame | None = None,
    paths: Mapping[str, str] | None = None,
    geometry: str = "",
    language: Language = INDONESIAN,
) -> MapModel | None:
    """Colour each village of `values` that has a shape by the class of its value, its words in `language`.
    `what` names the measure in the text alternative, `show` formats a value (in `language`); `outlines`
    (shapes, or their path data in `frame`) are drawn over the villages. `frame` and `paths` may be given when
    several maps share the same shapes (a regency's indicator maps), so the shapes are projected once;
    `geometry` then names the file that holds them (`geometry_svg`). None when no village has a shape.
    """
    drawn = [v for v in values if v.kode in shapes]
    if not drawn:
        return None
    frame = frame or Frame.around((shapes[v.kode] for v in drawn), REGENCY_WIDTH)
    paths = paths if paths is not None else paths_of({v.kode: shapes[v.kode] for v in drawn}, frame)
    published = [v.value for v in drawn if v.value is not None]
    breaks = quantile_breaks(published)
    scale = [f"k{i}" for i in range(len(breaks))]
    classes = [
        SUPPRESSED_CLASS if v.suppressed else MISSING_CLASS if v.value is None else scale[class_of(v.value, breaks)]
        for v in drawn
    ]
    counts = Counter(classes)
    fills = {cls: fill_of(map_id, cls) for cls in counts}
    areas = [
        MapArea(v.kode, v.nama, paths[v.kode], cls, fills[cls], v.url, f"{v.nama}: {language.number(v.text)}")
        for v, cls in zip(drawn, classes, strict=True)
    ]
    legend = []
    lower = min(published) if published else 0.0  # the first class starts at the lowest value, the others above
    for i, upper in enumerate(breaks):
        cls = f"k{i}"
        legend.append(
            LegendItem(cls, fill_of(map_id, cls), legend_text(lower, upper, show, i == 0, language), counts.get(cls, 0))
        )
        lower = upper
    if counts.get(SUPPRESSED_CLASS):
        suppressed = LegendItem(
            SUPPRESSED_CLASS,
            fill_of(map_id, SUPPRESSED_CLASS),
            language.gettext("disamarkan (angka kecil)"),
            counts[SUPPRESSED_CLASS],
        )
        legend.append(suppressed)
    if counts.get(MISSING_CLASS):
        legend.append(
            LegendItem(
                MISSING_CLASS, fill_of(map_id, MISSING_CLASS), language.gettext("tidak ada data"), counts[MISSING_CLASS]
            )
        )
    marks = tuple((*centre(shapes[v.kode], frame), v.nama) for v in drawn if v.marked)
    missing = tuple(v.nama for v in values if v.kode not in shapes)
    return MapModel(
        map_id,
        frame.width,
        frame.height,
        tuple(areas),
        outlines if isinstance(outlines, str) else outline_path(outlines or {}, frame),
        marks,
        mark_label if marks else "",
        tuple(legend),
        title,
        describe(what, drawn, breaks, show, len(marks), mark_label, missing, language),
        missing,
        geometry,
    )


def describe(
    what: str,
    drawn: Sequence[MapValue],
    breaks: Sequence[float],
    show: Callable[[float], str],
    marks: int,
    mark_label: str,
    missing: Sequence[str],
    language: Language = INDONESIAN,
) -> str:
    """The map in words, for screen readers and for anyone the colours fail: what is coloured, the range, the
    villages with the highest values, and what is left out."""
    _ = language.gettext
    published = [v for v in drawn if v.value is not None]
    parts = [_("Peta %(count)s desa/kelurahan diwarnai menurut %(what)s") % {"count": len(drawn), "what": what}]
    if published:

        def order(v: MapValue) -> tuple[float, str]:  # highest value first, then by name
            return -(v.value or 0.0), v.nama

        top = heapq.nsmallest(3, published, key=order)
        low, high = max(published, key=order), top[0]
        parts.append(
            _("dari %(low)s (%(low_place)s) sampai %(high)s (%(high_place)s), dalam %(classes)s kelas")
            % {
                "low": show(low.value or 0.0),
                "low_place": low.nama,
                "high": show(high.value or 0.0),
                "high_place": high.nama,
                "classes": len(breaks),
            }
        )
        highest = ", ".join(f"{v.nama} {language.number(v.text)}" for v in top)
        parts.append(_("tertinggi: %(places)s") % {"places": highest})
    suppressed = sum(v.suppressed for v in drawn)
    if suppressed:
        parts.append(_("%(count)s desa disamarkan") % {"count": suppressed})
    empty = sum(v.value is None and not v.suppressed for v in drawn)
    if empty:
        parts.append(_("%(count)s desa tanpa data") % {"count": empty})
    if marks:
        parts.append(_("%(count)s %(what)s ditandai titik") % {"count": marks, "what": mark_label})
    if missing:
        parts.append(_("%(count)s desa tanpa batas wilayah tidak tergambar") % {"count": len(missing)})
    return "; ".join(parts) + ". " + _("Angkanya ada di tabel halaman ini.")


def locator(
    map_id: str,
    shapes: Mapping[str, BaseGeometry],
    names: Mapping[str, str],
    here: str,
    *,
    district: str,
    frame: Frame | None = None,
    paths: Mapping[str, str] | None = None,
    geometry: str = "",
    backdrop: str | None = None,
    language: Language = INDONESIAN,
) -> MapModel | None:
    """A small map of a district's villages (`shapes`) with the village `here` highlighted, drawn from the
    district's `geometry` file when there is one. Neighbours are context only (the district page has the linked
    map). `frame`, `paths` and `backdrop` (`backdrop_path` of the paths) may be given when the district's
    villages all get one. None when `here` has no shape."""
    if here not in shapes:
        return None
    frame = frame or Frame.around(shapes.values(), DISTRICT_WIDTH)
    paths = paths if paths is not None else paths_of(shapes, frame)
    nama = names.get(here, here)
    return MapModel(
        map_id,
        frame.width,
        frame.height,
        (_highlighted(here, nama, paths[here]),),
        "",
        (),
        "",
        (),
        language.gettext("Letak %(place)s di Kecamatan %(district)s") % {"place": nama, "district": district},
        language.gettext(
            "Peta Kecamatan %(district)s dengan %(count)s desa/kelurahan; %(place)s diberi warna gelap, desa lain "
            "abu-abu."
        )
        % {"district": district, "count": len(shapes), "place": nama},
        (),
        geometry,
        backdrop_path(paths) if backdrop is None else backdrop,
    )


def backdrop_path(paths: Mapping[str, str]) -> str:
    """Every shape of a frame as one path (a district's villages, drawn plain behind a locator's village)."""
    return "".join(paths[kode] for kode in sorted(paths))


def _highlighted(kode: str, nama: str, d: str) -> MapArea:
    return MapArea(kode, nama, d, HIGHLIGHT_CLASS, HIGHLIGHT_FILL, "", nama)


def overview(
    map_id: str,
    shapes: Mapping[str, BaseGeometry],
    names: Mapping[str, str],
    urls: Mapping[str, str],
    *,
    title: str,
    place: str,
    language: Language = INDONESIAN,
) -> MapModel | None:
    """The regencies of a province (`shapes`): those with pages (`urls`) highlighted and linked, the others drawn
    for context. None without shapes."""
    if not shapes:
        return None
    frame = Frame.around(shapes.values(), REGENCY_WIDTH)
    paths = paths_of(shapes, frame)
    areas = tuple(
        MapArea(
            kode,
            names.get(kode, kode),
            paths[kode],
            HIGHLIGHT_CLASS if kode in urls else PLAIN_CLASS,
            HIGHLIGHT_FILL if kode in urls else PLAIN_FILL,
            urls.get(kode, ""),
            names.get(kode, kode) + ("" if kode in urls else " " + language.gettext("(belum ada data)")),
        )
        for kode, shape in sorted(shapes.items())
    )
    with_data = [a.nama for a in areas if a.url]
    _ = language.gettext
    legend = (
        LegendItem(HIGHLIGHT_CLASS, HIGHLIGHT_FILL, _("kabupaten dengan data desa di situs ini"), len(with_data)),
        LegendItem(PLAIN_CLASS, PLAIN_FILL, _("belum ada data"), len(areas) - len(with_data)),
    )
    listed = ", ".join(with_data) or _("belum ada")
    description = _("Peta %(count)s kabupaten/kota %(place)s; yang datanya ada di situs ini: %(listed)s.") % {
        "count": len(areas),
        "place": place,
        "listed": listed,
    }
    return MapModel(map_id, frame.width, frame.height, areas, "", (), "", legend, title, description, ())
