"""Pure stage: every page model of a regency, and the regency page itself. No I/O here.

`build_regency` builds every page model of one regency from its facts (`labkem.transform.facts`), one builder
per kind of page: `village`, `district`, this module's `regency_page`, and `programmes` for the programme, agency
and indicator pages.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import shapely
from shapely.geometry.base import BaseGeometry

from labkem.core import fmt
from labkem.core.lang import INDONESIAN, Language
from labkem.core.urls import district_url, indicator_url, regency_url
from labkem.data.load import PackageRef, RegencyData
from labkem.data.site_settings import DEFAULT_NAME
from labkem.transform import figures, maps, programmes
from labkem.transform.district import district_pages
from labkem.transform.facts import Codebook, RegencyFacts, regency_facts
from labkem.transform.model import (
    AgencyPage,
    DistrictPage,
    DistrictSummary,
    IndicatorPage,
    PackageLink,
    PovertyRow,
    ProgrammeInfo,
    ProgrammePage,
    RegencyLink,
    RegencyPage,
    VillagePage,
    VillageSummary,
)
from labkem.transform.village import village_page, village_summary

PRIORITY_LIST = 10


@dataclass(frozen=True)
class RegencyPages:
    """Every page model of one regency."""

    regency: RegencyPage
    districts: list[DistrictPage]
    villages: list[VillagePage]
    programmes: list[ProgrammePage]
    agencies: list[AgencyPage]
    indicators: list[IndicatorPage]
    geometry: dict[str, str] = field(default_factory=dict)  # the maps' geometry files: path -> SVG text


def build_regency(
    data: RegencyData,
    codebook: Codebook,
    kabupaten_nama: str,
    site_name: str = DEFAULT_NAME,
    language: Language = INDONESIAN,
) -> RegencyPages:
    """Build the pages of one regency in `language`; `site_name` is the publisher named in citations."""
    return pages_of(regency_facts(data, codebook, kabupaten_nama), codebook, site_name, language)


def pages_of(facts: RegencyFacts, codebook: Codebook, site_name: str, language: Language = INDONESIAN) -> RegencyPages:
    """Build the pages of one regency from its facts, in `language`: the facts are worked out once for the pages
    of every language."""
    codebook = codebook.in_language(language)
    villages = [village_page(facts, codebook, row, site_name, language) for row in facts.profiles]
    summaries = [village_summary(facts, row) for row in facts.profiles]
    districts, district_rows = district_pages(facts, summaries, [row["kode_kecamatan"] for row in facts.profiles])
    infos = programme_infos(facts, language)
    by_code = {v.kode: v for v in summaries}
    return RegencyPages(
        regency=regency_page(facts, codebook, summaries, district_rows, infos, language),
        districts=districts,
        villages=villages,
        programmes=programmes.programme_pages(facts, infos, by_code, language),
        agencies=programmes.agency_pages(facts, by_code),
        indicators=programmes.indicator_pages(facts, by_code, codebook.rows, language),
    )


GEOMETRY_FILE = "batas.svg"  # the shapes of the maps of a folder of pages (see `with_maps`)


@dataclass(frozen=True)
class MapDrawing:
    """What a regency's maps take from its boundaries, projected and written as SVG path data once: most of what
    maps cost, and the same from build to build while the boundaries and the villages stay so (the render stage
    keeps it in the build cache). Made by `map_drawing`, used by `with_maps`."""

    shapes: dict[str, BaseGeometry]  # the villages with a shape, by code
    frame: maps.Frame  # the regency's
    paths: dict[str, str]  # the regency's villages in its frame
    outline: str  # the district outlines in the regency's frame
    districts: dict[str, dict[str, BaseGeometry]]  # the shapes by district
    frames: dict[str, maps.Frame]  # each district's frame
    local_paths: dict[str, dict[str, str]]  # each district's villages in its frame
    backdrops: dict[str, str]  # each district's villages as one path (`maps.backdrop_path`)
    geometry: dict[str, str]  # the geometry files: path in the site -> SVG text


def map_drawing(regency: RegencyPage, shapes: Mapping[str, BaseGeometry]) -> MapDrawing | None:
    """Project a regency's boundaries (`shapes`, by village code) for its maps, once for the regency and once for
    each district, into geometry files that every map of the same frame draws from: `indikator/KODE/batas.svg`
    beside the regency's indicator pages, and `kecamatan/KODE/batas.svg` for the district's own map and the
    locators of its villages. None when none of the regency's villages has a shape."""
    if not shapes or not any(v.kode in shapes for v in regency.villages):
        return None
    by_district: dict[str, dict[str, BaseGeometry]] = defaultdict(dict)
    for kode, shape in shapes.items():
        by_district[kode[:8]][kode] = shape
    outlines = {kec: _dissolved(list(group.values())) for kec, group in by_district.items()}
    frame = maps.Frame.around((shapes[v.kode] for v in regency.villages if v.kode in shapes), maps.REGENCY_WIDTH)
    paths = maps.paths_of({v.kode: shapes[v.kode] for v in regency.villages if v.kode in shapes}, frame)
    outline = maps.outline_path(outlines, frame)
    geometry = {f"{indicator_url(regency.kode, '')}{GEOMETRY_FILE}": maps.geometry_svg(paths, outline)}
    frames = {kec: maps.Frame.around(group.values(), maps.DISTRICT_WIDTH) for kec, group in by_district.items()}
    local_paths = {kec: maps.paths_of(group, frames[kec]) for kec, group in by_district.items()}
    backdrops = {kec: maps.backdrop_path(district_paths) for kec, district_paths in local_paths.items()}
    for kec, district_paths in local_paths.items():
        geometry[f"{district_url(kec)}/{GEOMETRY_FILE}"] = maps.geometry_svg(district_paths, backdrop=backdrops[kec])
    return MapDrawing(dict(shapes), frame, paths, outline, dict(by_district), frames, local_paths, backdrops, geometry)


def with_maps(pages: RegencyPages, drawing: MapDrawing | None, language: Language = INDONESIAN) -> RegencyPages:
    """Add the maps of a regency whose villages have boundaries, drawn from `drawing` (`map_drawing`), their words
    in `language`: the regency's and each district's villages by desil 1-4 share, each indicator's map, and every
    village's locator. The regency's map carries its shapes; the others draw them from the drawing's geometry
    files. Without a drawing the pages are returned as they are."""
    _ = language.gettext
    if drawing is None:
        return pages
    regency = pages.regency
    shapes, by_district, frame, paths, outline = (
        drawing.shapes,
        drawing.districts,
        drawing.frame,
        drawing.paths,
        drawing.outline,
    )
    frames, local_paths, backdrops = drawing.frames, drawing.local_paths, drawing.backdrops
    share = _("porsi rumah tangga desil 1–4 tahun %(period)s") % {"period": regency.latest_period}
    title = _("Porsi rumah tangga desil 1–4 per desa, %(period)s")
    marked = _("desa program")

    def percent(value: float) -> str:
        return language.number(fmt.percent(value))

    def desil_values(villages: tuple[VillageSummary, ...]) -> list[maps.MapValue]:
        return [
            maps.MapValue(
                v.kode,
                v.nama,
                v.url,
                v.desil_share.value,
                v.desil_share.text,
                v.desil_share.suppressed,
                bool(v.programme),
            )
            for v in villages
        ]

    regency_map = maps.choropleth(
        "peta-kabupaten",
        shapes,
        desil_values(regency.villages),
        title=title % {"period": regency.latest_period},
        what=share,
        show=percent,
        outlines=outline,
        mark_label=marked,
        frame=frame,
        paths=paths,
        language=language,
    )
    districts = [
        dataclasses.replace(
            d,
            map=maps.choropleth(
                "peta-kecamatan",
                by_district.get(d.kode, {}),
                desil_values(d.villages),
                title=title % {"period": d.latest_period},
                what=share,
                show=percent,
                mark_label=marked,
                frame=frames.get(d.kode),
                paths=local_paths.get(d.kode),
                geometry=f"{district_url(d.kode)}/{GEOMETRY_FILE}",  # a path from the site's root, as below
                language=language,
            ),
        )
        for d in pages.districts
    ]
    indicators = [
        dataclasses.replace(
            page,
            map=maps.choropleth(
                "peta-indikator",
                shapes,
                [
                    maps.MapValue(v.kode, v.nama, v.url, v.latest.value, v.latest.text, v.latest.suppressed)
                    for v in page.villages
                ],
                title=_("%(indicator)s per desa, %(period)s") % {"indicator": page.label, "period": page.latest_period},
                what=_("%(indicator)s (%(unit)s) tahun %(period)s")
                % {"indicator": page.label.lower(), "unit": page.satuan, "period": page.latest_period},
                show=_number_like((v.latest.value for v in page.villages), language),
                outlines=outline,
                frame=frame,
                paths=paths,
                geometry=f"{indicator_url(regency.kode, '')}{GEOMETRY_FILE}",
                language=language,
            ),
        )
        for page in pages.indicators
    ]
    names = {v.kode: v.nama for v in regency.villages}
    villages = [
        dataclasses.replace(
            v,
            locator=maps.locator(
                "peta-letak",
                by_district.get(v.kecamatan_kode, {}),
                names,
                v.kode,
                district=v.kecamatan_nama,
                frame=frames.get(v.kecamatan_kode),
                paths=local_paths.get(v.kecamatan_kode),
                geometry=f"{district_url(v.kecamatan_kode)}/{GEOMETRY_FILE}",
                backdrop=backdrops.get(v.kecamatan_kode),
                language=language,
            ),
        )
        for v in pages.villages
    ]
    return dataclasses.replace(
        pages,
        regency=dataclasses.replace(regency, map=regency_map),
        districts=districts,
        villages=villages,
        indicators=indicators,
        geometry=dict(drawing.geometry),
    )


def _dissolved(shapes: list[BaseGeometry]) -> BaseGeometry:
    """The union of a district's villages: as a coverage (a dozen times quicker; the boundary files are written as
    one), else as any set of polygons."""
    union = shapely.coverage_union_all(shapes)
    return union if union.is_valid else shapely.union_all(shapes)


def _number_like(values: Iterable[float | None], language: Language = INDONESIAN) -> Callable[[float], str]:
    """A formatter for an indicator's legend in `language`: whole numbers when every value is whole, else one
    decimal."""
    decimals = 0 if all(v is None or float(v).is_integer() for v in values) else 1
    return lambda x: language.number(fmt.number(x, decimals))


def programme_infos(facts: RegencyFacts, language: Language = INDONESIAN) -> list[ProgrammeInfo]:
    """Describe each programme of the regency in `language`: its years, selection rule, villages and stated
    outcomes (their values written in `language`; the rest is the package's text)."""
    _ = language.gettext
    now = _("sekarang")  # a programme that has not ended
    infos = []
    for pid, p in facts.programs.items():
        member_rows = [m for ms in facts.members.values() for m in ms if m.program_id == pid]
        stated = tuple(
            (
                o["uraian"],
                # a unit as the package writes it ("rumah_tangga"), read as words
                (
                    language.number(fmt.number(float(o["nilai"]), 2 if "." in o["nilai"] else 0))
                    + " "
                    + _(programmes.UNIT_WORDS.get(o["satuan"], o["satuan"].replace("_", " ")))
                ).strip()
                if o["nilai"]
                else "",
                o["sumber"],
            )
            for o in facts.outcomes.to_dict("records")
            if o["program"] == pid
        )
        years = f"{p['tahun_mulai']}–{p['tahun_selesai'] or now}"
        infos.append(
            ProgrammeInfo(
                pid,
                p["nama"],
                years,
                p["aturan_pemilihan"],
                p.get("uraian", ""),
                p.get("sumber", ""),
                len(member_rows),
                sum(m.synthetic for m in member_rows),
                stated,
            )
        )
    return infos


def regency_page(
    facts: RegencyFacts,
    codebook: Codebook,
    summaries: list[VillageSummary],
    district_rows: list[DistrictSummary],
    infos: list[ProgrammeInfo],
    language: Language = INDONESIAN,
) -> RegencyPage:
    """Build the regency's page: its districts and villages, poverty series, programmes, typologies, priority list
    and ranking chart."""
    poverty = tuple(
        PovertyRow(
            int(r["tahun"]),
            fmt.percent(float(r["persen_miskin"]), 2),
            fmt.number(float(r["jumlah_miskin"])) if r["jumlah_miskin"] else "–",
            r["sumber"],
        )
        for r in facts.poverty.sort_values("tahun").to_dict("records")
    )
    typology = tuple(
        (
            tip or "–",
            sum(1 for v in summaries if v.tipologi == tip),
            fmt.percent(figures.median_of(v.desil_share.value for v in summaries if v.tipologi == tip)),
        )
        for tip in sorted({v.tipologi for v in summaries})
    )
    published = (v for v in summaries if v.desil_1.value is not None)
    priority = tuple(sorted(published, key=lambda v: (-(v.desil_1.value or 0), v.kode))[:PRIORITY_LIST])
    _ = language.gettext
    rule = "; ".join(p.aturan for p in infos) or _("Desa dengan rumah tangga desil 1 terbanyak.")
    ranking_json, ranking_alt = programmes.ranking_spec(summaries, language=language)
    return RegencyPage(
        facts.kode,
        facts.nama,
        facts.ref.name,
        facts.latest,
        tuple(district_rows),
        tuple(summaries),
        poverty,
        tuple(infos),
        facts.synthetic,
        tuple((codebook.labels[i], indicator_url(facts.kode, i)) for i in codebook.ids),
        typology,
        priority,
        _(
            "%(count)s desa/kelurahan dengan rumah tangga desil 1 terbanyak pada %(period)s, dengan status desanya. "
            "Aturan program: %(rule)s"
        )
        % {"count": PRIORITY_LIST, "period": facts.latest, "rule": rule},
        ranking_json,
        ranking_alt,
    )


def regency_link(page: RegencyPage) -> RegencyLink:
    """A regency as the home page and the regency index list it."""
    programmes = ", ".join(p.nama for p in page.programmes)
    url = regency_url(page.kode)
    return RegencyLink(page.kode, page.nama, url, len(page.villages), len(page.districts), programmes)


def package_link(ref: PackageRef) -> PackageLink:
    """Describe a package for the Data page from its descriptor."""
    return PackageLink(ref.name, str(ref.descriptor.get("title", ref.name)), ref.licence_names or "–", ref.synthetic)
