"""Maps as page models: projection, shared borders, classes, and what the map says in words."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.base import BaseGeometry

from labkem.core import fmt
from labkem.core.paths import FILES
from labkem.data import boundaries
from labkem.data.load import find_packages, read_regency
from labkem.render.pages import MapCredit, SiteWriter, Timings, _escaped, map_svg, write_map
from labkem.transform import maps
from labkem.transform.facts import Codebook
from labkem.transform.regency import RegencyPages, build_regency, map_drawing, with_maps

from conftest import VALID


def grid(columns: int, rows: int, size: float = 0.01) -> dict[str, Polygon]:
    """Villages as a grid of squares near Pekalongan, coded 33.26.0C.20RR."""
    return {
        f"33.26.0{c + 1}.20{r + 1:02d}": box(
            109.5 + c * size, -7.2 + r * size, 109.5 + (c + 1) * size, -7.2 + (r + 1) * size
        )
        for c in range(columns)
        for r in range(rows)
    }


def vertices(d: str) -> list[tuple[int, int]]:
    """The absolute vertices of an SVG path written by `maps.paths_of` (M then relative l steps, z)."""
    points: list[tuple[int, int]] = []
    for ring in re.findall(r"M[^z]*z", d):
        head, steps = ring[1:-1].split("l")
        x, y = (int(n) for n in head.split())
        points.append((x, y))
        numbers = [int(n) for n in re.findall(r"-?\d+", steps)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
    return points


def value(kode: str, v: float | None, suppressed: bool = False, marked: bool = False) -> maps.MapValue:
    text = "disamarkan" if suppressed else fmt.percent(v)
    return maps.MapValue(kode, "Desa " + kode[-4:], f"desa/{kode}", v, text, suppressed, marked)


def test_neighbours_keep_their_shared_corners_after_rounding() -> None:
    shapes = grid(3, 2)
    frame = maps.Frame.around(shapes.values(), 200)
    paths = {k: set(vertices(maps.shape_path(s, frame))) for k, s in shapes.items()}
    # side by side squares share two corners, in the same whole units
    assert len(paths["33.26.01.2001"] & paths["33.26.02.2001"]) == 2
    assert len(paths["33.26.01.2001"] & paths["33.26.01.2002"]) == 2
    assert len(paths["33.26.01.2001"] & paths["33.26.03.2001"]) == 0


def test_frame_keeps_the_aspect_and_puts_north_up() -> None:
    square = box(109.5, -7.2, 109.6, -7.1)
    frame = maps.Frame.around([square], 1000, pad=0)
    # a degree of longitude is cos(latitude) of a degree of latitude: the frame is taller than wide
    assert frame.height == pytest.approx(1000 / 0.99234, abs=2)
    assert frame.point(109.5, -7.1) == (0, 0)  # north-west corner at the top left
    assert frame.point(109.6, -7.2)[1] == frame.height


def test_a_ring_too_small_to_see_is_left_out_and_holes_stay() -> None:
    frame = maps.Frame.around([box(0, 0, 1, 1)], 100, pad=0)
    assert maps.shape_path(box(0.5, 0.5, 0.501, 0.501), frame) == ""
    # a village that rounds to nothing still has its (empty) path, so it is listed, never dropped from the map
    assert maps.paths_of({"a": box(0.5, 0.5, 0.501, 0.501), "b": box(0, 0, 0.5, 0.5)}, frame)["a"] == ""
    with_hole = Polygon(box(0, 0, 1, 1).exterior.coords, [box(0.4, 0.4, 0.6, 0.6).exterior.coords])
    assert maps.shape_path(with_hole, frame).count("M") == 2
    islands = MultiPolygon([box(0, 0, 0.3, 0.3), box(0.6, 0.6, 1, 1)])
    assert maps.shape_path(islands, frame).count("M") == 2


def plain_path(shape: BaseGeometry, frame: maps.Frame) -> str:
    """`maps.paths_of` read plainly, ring by ring: each ring's points rounded, a point repeated after rounding
    dropped, a closing point left to `z`, a ring of fewer than three distinct points left out."""
    polygons = list(shape.geoms) if isinstance(shape, MultiPolygon) else [shape]
    path = ""
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            points: list[tuple[int, int]] = []
            for lon, lat in ring.coords:
                point = frame.point(lon, lat)
                if not points or points[-1] != point:
                    points.append(point)
            if len(points) > 1 and points[0] == points[-1]:
                points.pop()
            if len(set(points)) < 3:
                continue
            steps = " ".join(f"{b[0] - a[0]} {b[1] - a[1]}" for a, b in itertools.pairwise(points))
            path += f"M{points[0][0]} {points[0][1]}l" + steps.replace(" -", "-") + "z"
    return path


@pytest.mark.parametrize("width", [12, 100, 1000, 100_000])  # tiny rings, and steps of every size
def test_paths_follow_their_rules_at_every_scale(width: int) -> None:
    shapes: dict[str, BaseGeometry] = dict(grid(3, 2, size=0.0137))
    shapes["33.26.04.2001"] = Polygon(
        [(109.5, -7.3), (109.52, -7.29), (109.55, -7.31), (109.53, -7.28), (109.5, -7.3)],
        [[(109.52, -7.297), (109.53, -7.297), (109.525, -7.293), (109.52, -7.297)]],
    )
    shapes["33.26.04.2002"] = MultiPolygon([box(109.6, -7.3, 109.6001, -7.2999), box(109.61, -7.3, 109.64, -7.27)])
    frame = maps.Frame.around(shapes.values(), width)
    paths = maps.paths_of(shapes, frame)
    assert list(paths) == list(shapes)
    assert paths == {kode: plain_path(shape, frame) for kode, shape in shapes.items()}
    assert any(len(re.findall(r"-?\d+", d)) > 6 for d in paths.values())


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], ()),
        ([5.0], (5.0,)),
        ([1.0, 1.0, 1.0, 2.0], (1.0, 2.0)),  # equal bounds merge: two classes
        ([float(i) for i in range(1, 11)], (2.0, 4.0, 6.0, 8.0, 10.0)),
    ],
)
def test_quantile_breaks(values: list[float], expected: tuple[float, ...]) -> None:
    assert maps.quantile_breaks(values) == expected


def test_every_value_falls_in_a_class_and_classes_hold_about_equal_counts() -> None:
    values = [float(i * 7 % 23) for i in range(100)]
    breaks = maps.quantile_breaks(values)
    counts = [sum(maps.class_of(v, breaks) == i for v in values) for i in range(len(breaks))]
    assert sum(counts) == 100
    assert max(counts) - min(counts) <= 10
    assert all(v <= breaks[maps.class_of(v, breaks)] for v in values)


def test_choropleth_gives_suppressed_and_missing_their_own_classes() -> None:
    shapes = grid(4, 3)
    codes = sorted(shapes)
    values = [value(k, 10.0 + i) for i, k in enumerate(codes[:9])]
    values += [value(codes[9], None, suppressed=True), value(codes[10], None), value(codes[11], 30.0, marked=True)]
    values.append(value("33.26.09.2001", 50.0))  # a village without a boundary
    m = maps.choropleth(
        "peta", shapes, values, title="t", what="porsi desil", show=fmt.percent, mark_label="desa program"
    )
    assert m is not None
    classes = {a.kode: a.cls for a in m.areas}
    assert classes[codes[9]] == maps.SUPPRESSED_CLASS
    assert classes[codes[10]] == maps.MISSING_CLASS
    assert classes[codes[11]] == "k4"  # the highest value is in the top class
    assert classes[codes[0]] == "k0"
    legend = {item.cls: item for item in m.legend}
    assert legend["kc"].text.startswith("disamarkan") and legend["kc"].count == 1
    assert legend["kn"].text == "tidak ada data" and legend["kn"].count == 1
    assert sum(item.count for item in m.legend) == len(m.areas) == 12
    assert m.legend[0].text == "10,0% sampai 11,0%"
    assert m.legend[1].text.startswith("di atas 11,0% sampai")
    assert m.missing == ("Desa 2001",)
    assert len(m.marks) == 1 and m.mark_label == "desa program"
    # the text alternative says what is coloured, the range, the top villages and what is not drawn
    assert "diwarnai menurut porsi desil" in m.description
    assert "dari 10,0%" in m.description and "sampai 30,0%" in m.description
    assert "1 desa disamarkan" in m.description and "1 desa tanpa batas wilayah" in m.description
    # a suppressed village's label never carries a number
    suppressed = next(a for a in m.areas if a.kode == codes[9])
    assert not re.search(r"\d", suppressed.label.split(":")[1])


def test_a_geometry_file_holds_each_shape_once_by_its_id() -> None:
    shapes = grid(2, 2)
    frame = maps.Frame.around(shapes.values(), 200)
    paths = maps.paths_of(shapes, frame)
    text = maps.geometry_svg(paths, "M0 0l1 0 0 1z")
    ids = re.findall(r'id="(\w+)"', text)
    assert sorted(ids) == sorted([maps.area_id(k) for k in shapes] + [maps.OUTLINE_ID])
    with_backdrop = maps.geometry_svg(paths, backdrop=maps.backdrop_path(paths))
    assert re.findall(r'id="(\w+)"', with_backdrop)[-1] == maps.BACKDROP_ID
    assert maps.area_id("33.26.02.2008") == "v022008" and maps.area_id("33.26") == "v26"
    assert all(f'd="{paths[k]}"' in text for k in shapes)
    assert text.startswith('<svg xmlns="http://www.w3.org/2000/svg"><defs>')


def test_no_map_without_shapes() -> None:
    assert maps.choropleth("p", {}, [value("33.26.01.2001", 1.0)], title="", what="", show=str) is None
    assert maps.locator("p", {}, {}, "33.26.01.2001", district="X") is None
    assert maps.overview("p", {}, {}, {}, title="", place="") is None


def test_locator_highlights_the_village_among_its_neighbours() -> None:
    shapes = grid(2, 2)
    here = "33.26.01.2001"
    m = maps.locator("peta-letak", shapes, {here: "Botosari"}, here, district="P", geometry="grafik/x/batas.svg")
    assert m is not None
    # the village highlighted, with its name and no link (it is this page); the district behind it as one path
    assert [(a.kode, a.cls, a.label, a.url) for a in m.areas] == [(here, maps.HIGHLIGHT_CLASS, "Botosari", "")]
    frame = maps.Frame.around(shapes.values(), maps.DISTRICT_WIDTH)
    assert m.backdrop == "".join(maps.paths_of(shapes, frame)[k] for k in sorted(shapes))
    assert m.backdrop.count("M") == len(shapes)
    assert m.width == maps.DISTRICT_WIDTH and "Botosari" in m.title and m.geometry == "grafik/x/batas.svg"


def test_overview_links_only_regencies_with_pages() -> None:
    shapes = {"33.26": box(109.5, -7.3, 109.8, -7.0), "33.27": box(109.8, -7.3, 110.1, -7.0)}
    names = {"33.26": "Kabupaten Pekalongan", "33.27": "Kabupaten Pemalang"}
    m = maps.overview("p", shapes, names, {"33.26": "kabupaten/33.26"}, title="t", place="Jawa Tengah")
    assert m is not None
    linked = {a.kode: a.url for a in m.areas}
    assert linked == {"33.26": "kabupaten/33.26", "33.27": ""}
    assert [item.count for item in m.legend] == [1, 1]
    assert "Kabupaten Pekalongan" in m.description


def fixture_pages() -> tuple[RegencyPages, dict[str, BaseGeometry]]:
    refs = {ref.name: ref for ref in find_packages(VALID)}
    codebook = Codebook.from_frame(refs["indikator"].read("indikator"))
    ref = refs["kab-pekalongan"]
    pages = build_regency(read_regency(ref), codebook, "Kabupaten Pekalongan")
    return pages, boundaries.village_shapes(refs["batas"], ref.kode_kabupaten)


def test_every_page_of_a_regency_with_boundaries_gets_its_map() -> None:
    pages, shapes = fixture_pages()
    drawn = with_maps(pages, map_drawing(pages.regency, shapes))
    villages = {v.kode for v in pages.regency.villages}
    unshaped = villages - set(shapes)
    assert unshaped == {"33.26.15.2003"}  # Pandanarum has no polygon in the fixture
    regency_map = drawn.regency.map
    assert regency_map is not None
    assert {a.kode for a in regency_map.areas} == villages - unshaped
    assert regency_map.missing == ("Pandanarum",)  # the map says which village it cannot draw
    assert "1 desa tanpa batas wilayah" in regency_map.description
    assert regency_map.outlines  # district outlines over the villages
    assert all(page.map is not None for page in drawn.indicators)
    assert all(d.map is not None for d in drawn.districts if any(v.kode in shapes for v in d.villages))
    located = {v.kode: v.locator for v in drawn.villages}
    assert located["33.26.15.2003"] is None  # no shape, no locator
    assert all(located[k] is not None for k in villages - unshaped)
    # the map's classes follow the regency table's desil shares
    shares = {v.kode: v.desil_share for v in pages.regency.villages}
    for area in regency_map.areas:
        if shares[area.kode].suppressed:
            assert area.cls == maps.SUPPRESSED_CLASS
        assert area.label == f"{area.nama}: {shares[area.kode].text}"


def test_a_regency_without_boundaries_builds_as_before() -> None:
    pages, _ = fixture_pages()
    assert map_drawing(pages.regency, {}) is None and with_maps(pages, None) is pages
    foreign = {"33.27.01.2001": box(109.5, -7.2, 109.6, -7.1)}  # shapes, but none of this regency
    assert map_drawing(pages.regency, foreign) is None


def test_a_map_file_stands_alone_with_its_legend_and_credit(tmp_path: Path) -> None:
    pages, shapes = fixture_pages()
    regency_map = with_maps(pages, map_drawing(pages.regency, shapes)).regency.map
    credit = MapCredit("cahyadsn/wilayah_boundaries (commit 3c5a796)", "", "MIT License", "", "Batas indikatif.")
    writer = SiteWriter(tmp_path)
    assert write_map(writer, "kabupaten/33.26", regency_map, credit, Timings(), images=False) is None
    timings = Timings()
    path = write_map(writer, "kabupaten/33.26", regency_map, credit, timings, images=True)
    assert path == "grafik/kabupaten/33.26/peta.svg" and timings.maps_s > 0
    text = (tmp_path / FILES / path).read_text(encoding="utf-8")
    root = ElementTree.fromstring(text.encode("utf-8"))  # well-formed XML, with its own namespace
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "<use" not in text and text.count("<path fill=") == len(regency_map.areas)  # every shape inline
    assert all(item.text in text for item in regency_map.legend)
    assert "MIT License" in text and "Batas indikatif." in text


@given(st.text(alphabet=st.sampled_from("ab &<>\"'\u00e9;#")))
def test_map_text_is_escaped_as_the_templates_escape(text: str) -> None:
    assert _escaped(text) == str(escape(text))


@pytest.mark.parametrize("by_reference", [False, True])
def test_no_text_of_a_map_reaches_its_svg_unescaped(by_reference: bool) -> None:
    planted = "<i class=\"ditanam\">x</i> & 'kutip'"
    shapes = grid(2, 1)
    values = [
        maps.MapValue(kode, f"Desa {planted}", f"desa/{kode}", 1.0 + i, f"{i} {planted}", False)
        for i, kode in enumerate(sorted(shapes))
    ]
    m = maps.choropleth(
        f"peta-{planted}",
        shapes,
        values,
        title=f"Judul {planted}",
        what=f"apa {planted}",
        show=fmt.number,
        geometry=f"../{planted}.svg" if by_reference else "",
    )
    assert m is not None
    for svg in (str(map_svg(m, "../../")), str(map_svg(m, "../../", links=False))):
        assert planted not in svg and "<i " not in svg
        assert svg.count(str(escape(planted))) >= 4  # the title, the description, and each village's label
        ElementTree.fromstring(svg)  # still well-formed
