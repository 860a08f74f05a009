"""Render stage: page models to data pages (HTML, see `labkem.render.shells`), downloads, API and chart files in the
render folder, beside the hand-written pages and the shells the site generator builds.

Package by package (see `labkem.render.memo`): a regency package is read, transformed and rendered only when
its inputs changed since the last build, otherwise its files are kept as they are; then the site-wide pages
(home, indexes, data page, releases) and files (API index, catalogue, SHA256SUMS) are made from every package's
`PackageShare`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import io
import json
import os
import posixpath
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import as_completed
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.ext
import pandas as pd
from markdown.extensions.toc import slugify
from markupsafe import Markup

from labkem.core import digest, fmt, memory, paths, workers
from labkem.core.files import write_bytes_if_changed
from labkem.core.lang import INDONESIAN, LANGUAGES, Language, of_path
from labkem.core.options import BuildOptions
from labkem.core.paths import DOCS, FILES, SITE_BUNDLE, BuildLayout, docs_of
from labkem.core.progress import Tick, quiet
from labkem.core.settings import INDIKATOR_PACKAGE
from labkem.core.urls import district_url, programme_url, regency_url, village_url
from labkem.data import boundaries, site_settings
from labkem.data.load import PackageRef, publication_order, read_regency
from labkem.downloads import releases
from labkem.downloads.catalogue import citation_text, jsonld_script, schema_org_dataset
from labkem.downloads.chartfiles import Chart, write_chart_files
from labkem.downloads.guide_pdf import PDF_PATH, GuidePdf
from labkem.downloads.packages import (
    API,
    CHECKSUMS,
    DOWNLOAD_PREFIXES,
    Hub,
    Put,
    Release,
    catalogue_of,
    checksums,
    citation_files,
    hub_of,
    package_hub,
    write_catalogue,
)
from labkem.downloads.starterkit import starter_kit_bytes
from labkem.render import chartsvg, preview, qr, shells
from labkem.render.memo import Output, PackageMemo, PackageShare, kept_drawing, package_key
from labkem.render.shells import Page, bundle_of, bundle_paths
from labkem.transform import charts, maps
from labkem.transform.facts import Codebook, regency_facts
from labkem.transform.maps import (
    BACKDROP_ID,
    MISSING_CLASS,
    OUTLINE_ID,
    PLAIN_FILL,
    SUPPRESSED_CLASS,
    MapModel,
)
from labkem.transform.model import Cell, HomePage, IndicatorPage, VillagePage
from labkem.transform.regency import RegencyPages, package_link, pages_of, regency_link, with_maps
from labkem.transform.village import JENIS_LABEL

ASSETS = "assets"  # the site's scripts and styles in the docs folder (docs/assets/)
# Data pages live two folders down (desa/33.26.02.2008/index.html): their links start with PAGE_ROOT; a test
# checks every link of the built site resolves.
PAGE_ROOT = "../../"
# the render stage's records of each package, in the build cache


# what tablesort's number sort reads of a cell's text: everything but digits, '-', '?' and '.' dropped, then the
# leading number (tablesort.number.js, cleanNumber and parseFloat)
TABLESORT_DROPS = re.compile(r"[^-?0-9.]")
TABLESORT_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)")


@functools.lru_cache(maxsize=1 << 16)  # a long table holds the same few cells many times; `Cell` is immutable
def sort_attribute(cell: object, missing: float | None = None) -> Markup:
    """` data-sort="…"` for a number cell of a sortable table, or nothing where tablesort reads the cell's text as
    its value already (a whole number below 1,000: most cells of a long table). `cell` is a `Cell`, a number, or
    a change as text ("+2", "−3,5"). Indonesian text ("1.234", "32,6", "−3") reads wrong to tablesort, so those
    cells carry their value. A cell without a value ("disamarkan", "–", '') reads as 0 to tablesort, below every
    count of one or more, unless `missing` gives it another place."""
    if isinstance(cell, str):
        plain = cell.replace(".", "").replace(",", ".").replace("\u2212", "-")
        value, text = (float(plain) if TABLESORT_NUMBER.fullmatch(plain) else None), cell
    elif isinstance(cell, Cell):
        value, text = cell.value, cell.text
    else:
        value, text = (None if cell is None else float(cell)), str(cell)  # type: ignore[arg-type]
    if value is None:
        return NO_ATTRIBUTE if missing is None else Markup(' data-sort="{}"').format(_short(missing))
    read = TABLESORT_NUMBER.match(TABLESORT_DROPS.sub("", text))
    if read and float(read.group(0)) == value:
        return NO_ATTRIBUTE
    return Markup(' data-sort="{}"').format(_short(value))


NO_ATTRIBUTE = Markup("")


def _short(value: float) -> str:
    """A number as few characters as keep its order: 46 rather than 46.0, at most four decimals."""
    return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


@functools.cache
def environment(code: str = INDONESIAN.code) -> jinja2.Environment:
    """Return the Jinja2 environment of the page templates in the language `code` (see `labkem.core.lang`): every
    template is HTML (`*.html.j2`) and escapes every value unless it is marked safe (SVG that labkem draws itself,
    escaping its text; nothing from the data). A template's words go through `_()` (`Words`), its numbers through
    the `num` filter.

    One per language and process, so each template is compiled once, not once per package (a tenth of a
    package's render time); Jinja2 still reads a template again when its file changed (`labkem serve`)."""
    language = LANGUAGES[code]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        autoescape=jinja2.select_autoescape(["html.j2"], default_for_string=True, default=False),
        extensions=[Words],
    )
    env.globals["lang"] = language  # first: `Words` writes the templates' constant messages in it
    env.globals["_"] = Words.translator(language)
    env.filters["jenis_label"] = lambda jenis: language.gettext(JENIS_LABEL.get(jenis) or str(jenis))
    env.filters["size"] = lambda n_bytes: language.number(fmt.size(n_bytes))
    env.filters["thousands"] = lambda value: language.number(fmt.number(value))
    env.filters["num"] = language.number
    # a word of the data from a closed list (a Pentahelix actor, a kind of potential) in this language, escaped
    # like any value: `_()` is for the templates' own text, which it marks safe
    env.filters["word"] = language.gettext
    # the data's own prose (a programme's description, a source, a definition), which stays as the package writes
    # it: on a page in another language it is marked as Indonesian, for screen readers (WCAG 3.1.2)
    env.filters["indonesian"] = (lambda text: text) if language.source else _in_indonesian
    env.filters["slug"] = lambda text: slugify(str(text), "-")
    env.filters["sort_attribute"] = sort_attribute
    env.globals["map_svg"] = map_svg
    env.globals["chart_svg"] = functools.partial(chart_svg, language=language)
    return env


class Words(jinja2.ext.Extension):
    """The templates' words in the language of their environment (`environment`), as gettext's new style has
    them: `_("… %(name)s …", name=value)` is the message in the language, marked safe (a message may hold markup;
    it is labkem's own text), with every value escaped; `%%` is a percent sign where a message has a placeholder
    or a `%`. Message catalogues: `labkem.core.lang`.

    A message with neither, written alone in an expression (`{{ _("Program") }}`), is put into the template's
    source in its language as the template is compiled, so a page pays nothing for it; the others are looked up
    once per process and formatted on each call. Jinja's own i18n extension does the same work on every call,
    which cost a village page a third of its rendering time."""

    # a constant message alone in an expression, quoted either way: no escape, placeholder or template syntax
    CONSTANT = re.compile(r"""\{\{ _\((?:"([^"\\%{}]*)"|'([^'\\%{}]*)')\) \}\}""")

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        language: Language = self.environment.globals["lang"]  # type: ignore[assignment]
        return self.CONSTANT.sub(lambda found: self._constant(language, found), source)

    @staticmethod
    def _constant(language: Language, found: re.Match[str]) -> str:
        text = language.gettext(found.group(1) if found.group(1) is not None else found.group(2))
        # a translation that reads as template syntax stays a call
        return found.group(0) if any(mark in text for mark in ("{{", "{%", "{#")) else text

    @staticmethod
    def translator(language: Language) -> Callable[..., Markup]:
        """`_` of the templates in `language`."""
        known: dict[str, Markup] = {}

        def gettext(message: str, **values: object) -> Markup:
            text = known.get(message)
            if text is None:
                text = known[message] = Markup(language.gettext(message))
            return text % values if values or "%" in message else text

        return gettext


def _in_indonesian(text: object) -> object:
    """`text` (escaped) marked as Indonesian, inside a page in another language; nothing for no text."""
    return Markup('<span lang="id">{}</span>').format(text) if text else text


def chart_svg(kind: str, data: str, label: str, language: Language = INDONESIAN) -> Markup:
    """The chart `kind` (see `labkem.render.chartsvg.DRAWERS`) of `data` as SVG, named by the element `label`, its
    words and numbers in `language`."""
    return Markup(chartsvg.DRAWERS[kind](data, label, language))


# the patterns of disamarkan (hatching) and no data (dots), for a map with either class; ID is the map's id
_PATTERNS = (
    '<defs><pattern id="{id}-c" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="6" height="6" fill="#fff"/><rect width="2" height="6" fill="#6b6b6b"/></pattern>'
    '<pattern id="{id}-n" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#fff"/>'
    '<circle cx="4" cy="4" r="1.2" fill="#6b6b6b"/></pattern></defs>\n'
)


def map_svg(m: MapModel, root: str, here: str = "", standalone: bool = False, links: bool = True) -> Markup:
    """A map (`labkem.transform.maps.MapModel`) as an inline `<svg>`, every value escaped: it reads and prints
    without JavaScript, and every linked area is a keyboard stop. `standalone` draws it for a file of its own
    (with its namespace, every shape inline, no links). Fills are attributes, not page CSS, so the downloaded
    SVG looks the same. Written in Python rather than as a template macro: a province site draws some 10,000
    maps and 400,000 areas, and the macro took longer than the rest of their pages. `root` leads to the root of
    the page's language (the areas' links); `here` is the page's folder in the site, from which the geometry
    file (a path from the site's root) is reached."""
    map_id, geometry = _attribute(m.id), _attribute(_from(here, m.geometry) if m.geometry else "")
    # an area's shape is a reference into the geometry file the map names (shared by a regency's indicator maps,
    # or by the locators of a district's villages, and fetched once), else the path itself
    by_reference = bool(m.geometry) and not standalone
    namespace = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    parts = [
        f'<svg{namespace} viewBox="0 0 {m.width} {m.height}" '
        f'width="{m.width}" height="{m.height}" role="group" aria-labelledby="{map_id}-t" '
        f'aria-describedby="{map_id}-d">\n',
        f'<title id="{map_id}-t">{_escaped(m.title)}</title>\n<desc id="{map_id}-d">{_escaped(m.description)}</desc>\n',
    ]
    if any(item.cls in (SUPPRESSED_CLASS, MISSING_CLASS) for item in m.legend):
        parts.append(_PATTERNS.format(id=map_id))
    parts.append(
        f'<g stroke="#fff" stroke-width="{0.6 if m.width > 700 else 0.9}" stroke-linejoin="round" fill-rule="evenodd">'
    )
    if m.backdrop:
        parts.append(
            f'<use href="{geometry}#{BACKDROP_ID}" fill="{PLAIN_FILL}"/>'
            if by_reference
            else f'<path fill="{PLAIN_FILL}" d="{_escaped(m.backdrop)}"/>'
        )
    parts.append(map_areas(m, root, geometry, by_reference, links))
    parts.append("</g>\n")
    if m.outlines:
        shape = f'<use href="{geometry}#{OUTLINE_ID}"' if by_reference else f'<path d="{_escaped(m.outlines)}"'
        parts.append(
            f'{shape} fill="none" stroke="#1a1a1a" stroke-width="1.4" stroke-linejoin="round" pointer-events="none"/>\n'
        )
    for x, y, _label in m.marks:
        parts.append(
            f'<circle cx="{int(x)}" cy="{int(y)}" r="5" fill="#fff" stroke="#1a1a1a" stroke-width="2" '
            'pointer-events="none"/>\n'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


@functools.lru_cache(maxsize=1 << 12)
def _from(folder: str, path: str) -> str:
    """`path` (from the site's root) relative to `folder` (a page's folder in the site)."""
    return posixpath.relpath(path, folder or ".")


def map_areas(m: MapModel, root: str, geometry: str, by_reference: bool, links: bool) -> str:
    """The areas of a map as SVG, every value escaped: each area's shape (a `<use>` of the map's geometry file,
    at `geometry` (escaped), when `by_reference`, else its path), inside its link when it has one and `links`
    allows, else titled with its label."""
    parts = []
    root = _attribute(root)
    for a in m.areas:
        fill = _attribute(a.fill)
        shape = (
            f'<use href="{geometry}#{_attribute(a.ref)}" fill="{fill}"/>'
            if by_reference
            else f'<path fill="{fill}" d="{_escaped(a.d)}"/>'
        )
        if a.url and links:
            parts.append(f'<a href="{root}{_attribute(a.url)}/" aria-label="{_escaped(a.label)}">{shape}</a>\n')
        elif a.label:
            parts.append(f"<g>{shape}<title>{_escaped(a.label)}</title></g>\n")
        else:
            parts.append(shape + "\n")
    return "".join(parts)


_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


def _escaped(text: str) -> str:
    """`text` escaped exactly as markupsafe's `escape` escapes it, without making a `Markup` of it: for the
    labels of a province's map areas (some 250,000), most of which hold nothing to escape."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return text.translate(_ESCAPES)
    return text


@functools.lru_cache(maxsize=1 << 16)
def _attribute(text: str) -> str:
    """`text` escaped, for what repeats across a regency's maps (links, shape ids, fills): each is escaped once."""
    return _escaped(text)


def _text(value: object) -> str:
    """A template's `title` or `description` as plain text (the shell escapes it), whether set as text or as HTML."""
    return value.unescape() if isinstance(value, Markup) else str(value)


class SiteWriter:
    """Writes the render stage's folder: only files whose bytes changed (so a kept file keeps its time), remembering
    every file meant to be there (`clean` removes the rest), the SHA-256 of every download (for SHA256SUMS,
    without reading them back) and the pages that get a shell of their own."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = environment()
        self.expected: set[str] = set()
        self.digests: dict[str, str] = {}
        self.own_pages: list[Page] = []
        self.pages: list[Page] = []  # written by `write_pages`
        self.page_paths: list[str] = []  # of every bundle written or kept
        self._recordings: list[dict[str, str]] = []

    def _write(self, relative: str, data: bytes, sha256: str = "") -> None:
        self.expected.add(relative)
        write_bytes_if_changed(self.root / relative, data)
        for recording in self._recordings:
            recording[relative] = sha256

    def put(self, relative: str, data: bytes) -> None:
        """Publish `data` as it is at `relative`, a path in the site."""
        sha256 = hashlib.sha256(data).hexdigest() if relative.startswith(DOWNLOAD_PREFIXES) else ""
        if sha256:
            self.digests[relative] = sha256
        self._write(f"{FILES}/{relative}", data, sha256)

    def put_render(self, relative: str, data: bytes) -> None:
        """Write `data` at `relative`, a path in the render folder."""
        self._write(relative, data)

    def put_doc(self, relative: str, data: bytes, language: Language = INDONESIAN) -> None:
        """Give the site generator `data` at `relative`, a path in its docs folder of `language`."""
        self._write(f"{docs_of(language.code)}/{relative}", data)

    def render(self, path: str, template: str, shell: str = "", **context: Any) -> Page:
        """The page at `path` (in the site) from `template`, which sets `title` (its heading), `description`, and maybe
        `page_title` (the browser's title, when the heading alone is not unique on the site) and `hide`; `shell` is
        the docs path of its own shell, for a page in the navigation (see `labkem.render.shells.Page`).

        The page is in the language of its path (`labkem.core.lang.of_path`). The context's `root` leads to the
        root of the pages of that language, the one given here as `files` to the site's root, where the files
        both languages share are (downloads, API, charts, maps); `here` is the page's folder in the site."""
        language, _ = of_path(path)
        context.setdefault("files", context["root"] + language.up)
        context.setdefault("here", posixpath.dirname(path))
        module = environment(language.code).get_template(template).make_module(context)
        values = vars(module)  # what the template set
        title, description = _text(values.get("page_title") or values["title"]), _text(values["description"])
        return Page(path, title, description, str(module), tuple(getattr(module, "hide", ())), shell)

    def page(self, path: str, template: str, shell: str = "", **context: Any) -> None:
        """Add the page at `path` (in the site) from `template` to the next bundle; see `render`."""
        page = self.render(path, template, shell, **context)
        if shell:
            self.own_pages.append(page)
        self.pages.append(page)

    def write_pages(self, bundle: str) -> None:
        """Write the pages added since the last bundle as the bundle at `bundle` (a path in the render folder)."""
        paths = [page.path for page in self.pages]
        lines = [json.dumps({"paths": paths}).encode("utf-8"), *(page.to_bytes() for page in self.pages)]
        self._write(bundle, b"\n".join(lines) + b"\n")
        self.page_paths += paths
        self.pages = []

    def copy_tree(self, source: Path, target: str, docs: Language | None = None, skip: tuple[str, ...] = ()) -> None:
        """Copy the files under `source` (but its folders `skip`) into the folder `target` of the site ('' for its
        root), or of the site generator's docs folder of the language `docs`."""
        for item in sorted(source.rglob("*")):
            relative = item.relative_to(source).as_posix()
            if item.is_file() and not relative.startswith(tuple(f"{folder}/" for folder in skip)):
                relative = f"{target}/{relative}" if target else relative
                if docs is None:
                    self.put(relative, item.read_bytes())
                else:
                    self.put_doc(relative, item.read_bytes(), docs)

    @contextlib.contextmanager
    def recording(self) -> Iterator[dict[str, str]]:
        """Collect what is written in the block: path -> SHA-256 ('' for files that are not downloads)."""
        written: dict[str, str] = {}
        self._recordings.append(written)
        try:
            yield written
        finally:
            self._recordings.remove(written)

    def adopt(self, written: dict[str, str]) -> None:
        """Take files another writer (a worker process) wrote, with their SHA-256 ('' for non-downloads)."""
        for relative, sha256 in written.items():
            self._take(relative, sha256)

    def keep(self, outputs: dict[str, Output]) -> None:
        """Take files an earlier build wrote, known to be current, as written."""
        for relative, output in outputs.items():
            self._take(relative, output.sha256)

    def _take(self, relative: str, sha256: str) -> None:
        self.expected.add(relative)
        if sha256:
            self.digests[relative.removeprefix(f"{FILES}/")] = sha256

    def clean(self) -> None:
        """Remove what an earlier run wrote for data that no longer exists, and folders left empty."""
        # plain strings and one scandir per folder: a province's folder holds some 47,000 files
        prefix = os.path.join(str(self.root), "")

        def sweep(folder: str) -> bool:
            """Clean `folder`; whether anything is left in it."""
            left = False
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        if sweep(entry.path):
                            left = True
                        else:
                            os.rmdir(entry.path)
                    elif entry.path[len(prefix) :].replace(os.sep, "/") in self.expected:
                        left = True
                    else:
                        os.unlink(entry.path)
            return left

        if os.path.isdir(prefix):
            sweep(prefix)

    def keep_bundle(self, bundle: str) -> None:
        """Count the pages of a bundle an earlier build wrote (taken with `keep`)."""
        self.page_paths += bundle_paths(self.root / bundle)


STARTER_KIT = "unduh/kit-awal-labkem.zip"
PRACTICE_VILLAGES = 10


def indicator_reference(
    pages: Iterable[IndicatorPage], language: Language = INDONESIAN, labels: dict[str, str] | None = None
) -> list[dict[str, object]]:
    """One entry per codebook indicator, with links to its page in every regency, in `language` (`pages` are the
    Indonesian; `labels` are the indicators' names in `language`, by id)."""
    entries: dict[str, dict[str, object]] = {}
    for page in pages:
        entry = entries.setdefault(
            page.id,
            {
                "id": page.id,
                "label": (labels or {}).get(page.id) or page.label,
                "satuan": language.gettext(page.satuan),
                "arah": language.gettext(page.arah),
                "definisi": page.definisi,
                "sumber_program": page.sumber_program,
                "sensitif": page.sensitif,
                "regencies": [],
            },
        )
        entry["regencies"].append((page.kabupaten_nama, page.url))  # type: ignore[attr-defined]
    return list(entries.values())


@dataclass
class Rendered:
    """What the render stage did: data pages written or kept, and the packages rendered or kept."""

    pages: int = 0
    villages: int = 0
    rendered: int = 0  # packages read and rendered again
    kept: int = 0  # packages whose files were kept from the last build
    transform_s: float = 0.0  # seconds spent reading and transforming regencies, measured in each package
    maps_s: float = 0.0  # seconds spent drawing maps (models and files), measured in each package
    folder_shells: tuple[str, ...] = ()  # the docs paths of the shells serving many pages


@dataclass(frozen=True)
class MapCredit:
    """Where a map's boundaries come from, said under every map: the source, its licence, and what they are."""

    source: str
    source_url: str
    licence: str
    licence_url: str
    note: str  # the first sentence of the boundaries' caveat, e.g. that they are indicative, for display only


def map_credit(ref: PackageRef, resource: dict[str, Any]) -> MapCredit:
    """The credit of a boundary resource: its own source and licence, else its package's."""
    source = (resource.get("sources") or ref.descriptor.get("sources") or [{}])[0]
    licence = (resource.get("licenses") or ref.descriptor.get("licenses") or [{}])[0]
    note = boundaries.caveat(ref, resource)["id"]
    return MapCredit(
        str(source.get("title", ref.name)),
        str(source.get("path", "")),
        str(licence.get("title") or licence.get("name", "")),
        str(licence.get("path", "")),
        note.split(". ")[0].rstrip(".") + "." if note else "",
    )


def map_file(page_url: str) -> str:
    """Where the SVG of a page's map is published, from the site root."""
    return f"grafik/{page_url}/peta.svg"


@dataclass
class Timings:
    """Seconds one package spent reading and transforming its tables, and drawing its maps (their models and
    files; the maps inside pages are written with the pages)."""

    transform_s: float = 0.0
    maps_s: float = 0.0


def write_map(
    writer: SiteWriter, page_url: str, m: MapModel | None, credit: MapCredit | None, timings: Timings, images: bool
) -> str | None:
    """Publish a map as an SVG file of its own, with its title, legend and credit, when chart images are made
    (`images`), as the charts' are; return its path, or None."""
    if m is None or not images:
        return None
    started = time.perf_counter()
    path = map_file(page_url)
    template = writer.env.get_template("_partials/map.html.j2")
    text = template.module.standalone(m, credit)  # type: ignore[attr-defined]
    writer.put(path, str(text).encode("utf-8"))
    timings.maps_s += time.perf_counter() - started
    return path


def render_regency(
    writer: SiteWriter,
    pages: RegencyPages,
    chart_images: Path | None,
    progress: Callable[[str], None] = lambda _: None,
    jobs: int = 1,
    credit: MapCredit | None = None,
    timings: Timings | None = None,
    foot: PageFoot | None = None,
    language: Language = INDONESIAN,
) -> None:
    """Write the pages and charts of one regency in `language` (its pages under the language's folder);
    `chart_images` is the cache of chart images, when they are drawn (in up to `jobs` processes); `credit` names
    the source of its maps' boundaries; `foot` is what every page says at its foot. The files every language's
    pages share (charts, maps, cards) are written with the Indonesian pages. The seconds spent writing map files
    and pages with maps are added to `timings`."""
    timings = timings or Timings()
    images = chart_images is not None
    shared = language.source
    at = language.prefix
    if pages.geometry and shared:
        started = time.perf_counter()
        for path, text in pages.geometry.items():
            writer.put(path, text.encode("utf-8"))
        timings.maps_s += time.perf_counter() - started
    regency = pages.regency

    def foot_of(url: str, qr_code: bool = False, card: bool = False) -> Foot | None:
        return foot.of(url + "/", qr_code, card, language) if foot else None

    def map_of(url: str, m: MapModel | None) -> str | None:
        if not shared:  # the Indonesian pages wrote it
            return map_file(url) if m is not None and images else None
        return write_map(writer, url, m, credit, timings, images)

    writer.page(
        f"{at}{regency_url(regency.kode)}/index.html",
        "regency.html.j2",
        p=regency,
        root=PAGE_ROOT,
        chart_images=chart_images,
        credit=credit,
        map_file=map_of(regency_url(regency.kode), regency.map),
        foot=foot_of(regency_url(regency.kode)),
    )
    for district in pages.districts:
        writer.page(
            f"{at}{district_url(district.kode)}/index.html",
            "district.html.j2",
            p=district,
            package=regency.package,
            root=PAGE_ROOT,
            villages=district.villages,
            show_kecamatan=False,
            credit=credit,
            map_file=map_of(district_url(district.kode), district.map),
            foot=foot_of(district_url(district.kode)),
        )
    for programme in pages.programmes:
        url = programme_url(programme.id)
        writer.page(f"{at}{url}/index.html", "programme.html.j2", p=programme, root=PAGE_ROOT, foot=foot_of(url))
    for agency in pages.agencies:
        url = agency.url
        writer.page(f"{at}{url}/index.html", "agency.html.j2", p=agency, root=PAGE_ROOT, foot=foot_of(url))
    for indicator in pages.indicators:
        # indikator/33.26/rt_desil_1/ sits one folder deeper than the other pages
        writer.page(
            f"{at}{indicator.url}/index.html",
            "indicator.html.j2",
            p=indicator,
            root=PAGE_ROOT + "../",
            credit=credit,
            map_file=map_of(indicator.url, indicator.map),
            foot=foot_of(indicator.url),
        )
    if shared:
        page_charts = [Chart(regency_url(regency.kode), "peringkat", regency.ranking_spec)]
        # a village's charts have no file but their images: their numbers are in the page's tables and its CSV
        for v in pages.villages if chart_images else ():
            page = village_url(v.kode)
            village_charts = [
                ("desil", v.desil_chart),
                ("profil", v.profile_chart),
                ("intervensi", v.intervention_chart),
            ]
            page_charts += [
                Chart(page, name, charts.whole_spec(name, data), csv=False) for name, data in village_charts if data
            ]
        write_chart_files(page_charts, writer.put, chart_images, progress, jobs)
    card = environment(language.code).get_template("embed_village.html.j2")
    for village in pages.villages:
        url = village_url(village.kode)
        writer.page(
            f"{at}{url}/index.html",
            "village.html.j2",
            p=village,
            root=PAGE_ROOT,
            chart_images=chart_images,
            credit=credit,
            foot=foot_of(url, qr_code=True, card=True),
        )
        if foot:
            writer.put(f"{at}{EMBED}{url}/index.html", card_of(card, village, url, foot, language).encode("utf-8"))


def card_of(
    template: jinja2.Template, village: VillagePage, url: str, foot: PageFoot, language: Language = INDONESIAN
) -> str:
    """The card of `village` (at `url`, in `language`) for other sites: a page of its own, its links back to the
    village's page in its language (by the site's address, or relative to the card where the address is not
    known)."""
    here = language.prefix + url + "/"
    page = foot.site_url + here if foot.site_url else "../" * (language.prefix + EMBED + url).count("/") + "../" + here
    return template.render(
        p=village,
        page=page,
        site_name=foot.site_name,
        release=language.date(foot.release_date),
        colours={"link": foot.links[0], "link_dark": foot.links[1]},
    )


@dataclass(frozen=True)
class PageFoot:
    """What every data page says at its foot, from the site's settings and release: where it is online (with a QR
    code on a village's page, for its print), when its data were released, and whom to tell about an error; and
    what a village's card for other sites (`embed/desa/KODE/`) needs of the site: its name and link colours."""

    site_url: str  # "https://.../", or "" when the site's address is not known
    release_date: str  # ISO
    contact: str  # the data officer's e-mail address (situs.yml's kontak), or ""
    site_name: str
    links: tuple[str, str]  # the links' colour in the light scheme and the dark

    def of(self, url: str, qr_code: bool = False, card: bool = False, language: Language = INDONESIAN) -> Foot:
        """The foot of the page at `url` (relative to its language's root) in `language`; with `qr_code`, a QR code
        of its address when the site's address is known; with `card`, the address of the page's card for other
        sites."""
        address = self.site_url + language.prefix + url
        code = qr.qr_svg(address) if qr_code and self.site_url else ""
        embed = (self.site_url or EXAMPLE_ADDRESS) + language.prefix + EMBED + url if card else ""
        return Foot(address, language.date(self.release_date), code, self.contact, embed)


# the card of a page at URL is at EMBED + URL; a site whose address is not known shows its snippet with this one
EMBED = "embed/"
EXAMPLE_ADDRESS = "https://ALAMAT-SITUS/"


@dataclass(frozen=True)
class Foot:
    """The foot of one data page (see `PageFoot`; `_partials/page.html.j2` writes it)."""

    address: str
    release: str  # the release date, in words
    qr: str  # SVG of the page's address, or ""
    contact: str  # where to report an error, or ""
    embed: str = ""  # the address of the page's card for other sites, or ""


def render_package(
    writer: SiteWriter,
    ref: PackageRef,
    codebook: Codebook,
    kabupaten_nama: str,
    site_name: str,
    release: Release,
    layout: BuildLayout,
    options: BuildOptions,
    progress: Callable[[str], None] = lambda _: None,
    boundary_package: PackageRef | None = None,
    foot: PageFoot | None = None,
    languages: tuple[Language, ...] = (INDONESIAN,),
) -> tuple[PackageShare, Timings]:
    """Write everything of one package: the copy of its tables, its downloads and, for a regency with
    observations, its API files, and its pages, charts and maps in each of `languages` (maps from
    `boundary_package`, when it has the regency's villages). Return its share (of its Indonesian pages) and the
    seconds spent transforming it and drawing its maps."""
    writer.copy_tree(ref.directory, f"data/{ref.name}")
    if ref.role != "kabupaten":
        return PackageShare(ref.name, package_hub(ref, None, "", release, writer.put, layout.workbooks)), Timings()
    started = time.perf_counter()
    data = read_regency(ref)
    if data.tables["observasi"].empty:
        hub = package_hub(ref, None, kabupaten_nama, release, writer.put, layout.workbooks)
        note = f"{ref.name}: belum ada observasi; halamannya dibuat setelah observasi.csv diisi"
        return PackageShare(ref.name, hub, note=note), Timings(time.perf_counter() - started)
    facts = regency_facts(data, codebook, kabupaten_nama)
    editions = [(language, pages_of(facts, codebook, site_name, language)) for language in languages]
    pages = editions[0][1]
    timings = Timings(time.perf_counter() - started)
    credit = None
    resource = boundaries.boundary_resource(boundary_package, ref.kode_kabupaten) if boundary_package else None
    if boundary_package and resource:
        started = time.perf_counter()
        drawing = kept_drawing(layout.map_drawings, boundary_package, pages.regency)
        editions = [(language, with_maps(edition, drawing, language)) for language, edition in editions]
        pages = editions[0][1]
        credit = map_credit(boundary_package, resource)
        timings.maps_s += time.perf_counter() - started
    hub = package_hub(ref, data, kabupaten_nama, release, writer.put, layout.workbooks)
    chart_images = layout.chart_images if options.chart_images else None
    for language, edition in editions:
        render_regency(writer, edition, chart_images, progress, options.jobs, credit, timings, foot, language)
    share = PackageShare(
        ref.name,
        hub,
        regency_link(pages.regency),
        pages.regency.synthetic,
        tuple(v.kode for v in pages.villages),
        {language.code: tuple(edition.programmes) for language, edition in editions},
        tuple(dataclasses.replace(page, villages=(), map=None) for page in pages.indicators),
    )
    return share, timings


# below this many packages to render, starting worker processes (each imports labkem) costs more than it saves
MIN_PACKAGES_FOR_WORKERS = 4


@dataclass(frozen=True)
class PackageWork:
    """What rendering any package needs besides the package itself: given once to each worker process."""

    codebook: Codebook
    site_name: str
    release: Release
    layout: BuildLayout
    options: BuildOptions
    boundaries: PackageRef | None = None  # the package of boundaries, when the site has one
    foot: PageFoot | None = None  # what every data page says at its foot
    languages: tuple[Language, ...] = (INDONESIAN,)  # the site's, Indonesian first


@dataclass(frozen=True)
class PackageResult:
    """One package rendered: its share, the files written (path -> SHA-256, '' for non-downloads), the seconds
    spent reading and transforming it, and the progress messages of its chart images."""

    share: PackageShare
    written: dict[str, str]
    timings: Timings
    messages: tuple[str, ...]


def render_one(work: PackageWork, ref: PackageRef, kabupaten_nama: str) -> PackageResult:
    """Render one package into the render folder, with the cyclic collector paused (`labkem.core.memory`); run
    in the build's process or a worker."""
    writer = SiteWriter(work.layout.render)
    messages: list[str] = []
    with memory.collector_paused(), writer.recording() as written:
        share, timings = render_package(
            writer,
            ref,
            work.codebook,
            kabupaten_nama,
            work.site_name,
            work.release,
            work.layout,
            work.options,
            messages.append,
            work.boundaries,
            work.foot,
            work.languages,
        )
        writer.write_pages(bundle_of(ref.name))
    return PackageResult(share, written, timings, tuple(messages))


_WORK: PackageWork | None = None


def _start_worker(work: PackageWork) -> None:
    global _WORK
    _WORK = work


def _render_in_worker(ref: PackageRef, kabupaten_nama: str) -> PackageResult:
    assert _WORK is not None, "the worker was started without its work"
    return render_one(_WORK, ref, kabupaten_nama)


def render_packages(
    work: PackageWork,
    packages: list[tuple[PackageRef, str]],
    jobs: int,
    progress: Callable[[str], None] = lambda _: None,
) -> Iterator[tuple[PackageRef, PackageResult]]:
    """Render `packages` (each with its regency's name), in up to `jobs` worker processes when there are enough
    of them; yield each as it is done. Packages write disjoint files, so the order does not change the bytes.
    Workers are spawned, not forked: the build's process may already run vl-convert's threads."""
    count = workers.count(jobs, len(packages), min_tasks=MIN_PACKAGES_FOR_WORKERS)
    if count == 1:
        for ref, name in packages:
            result = render_one(work, ref, name)
            for message in result.messages:
                progress(message)
            yield ref, result
        return
    with workers.pool(count, initializer=_start_worker, initargs=(work,)) as pool:
        futures = {pool.submit(_render_in_worker, ref, name): ref for ref, name in packages}
        for future in as_completed(futures):
            result = future.result()
            for message in result.messages:
                progress(message)
            yield futures[future], result


@dataclass(frozen=True)
class SiteInputs:
    """What the render stage reads: the validated packages and what the build gathered beside them."""

    packages: list[PackageRef]
    codebook: pd.DataFrame  # the `indikator` table of the codebook package
    regency_names: dict[str, str]  # Kemendagri code -> name, from the gazetteer
    release: Release
    docs: Path  # the hand-written pages (`docs/`)
    settings: site_settings.SiteSettings = field(default_factory=site_settings.SiteSettings)
    guide_pdf: GuidePdf | None = None  # the printed guide, when there is one
    archive: Path | None = None  # the releases frozen by `labkem release`
    province_names: dict[str, str] = field(default_factory=dict)  # for the finder of a site of several provinces


def render_site(
    inputs: SiteInputs,
    layout: BuildLayout,
    options: BuildOptions,
    *,
    log: Callable[[str], None] = lambda _: None,
    tick: Tick = quiet,
) -> Rendered:
    """Write every page, asset and download of the packages into `layout.render`; `tick` hears of every regency.

    Unless `options.full`, a package whose inputs did not change since the last build keeps its files (see
    `labkem.render.memo`); otherwise every package is rendered (and recorded for the next build). Packages are
    rendered in up to `options.jobs` processes side by side (see `render_packages`). A site spanning several
    provinces gets a search index for each (see `labkem.publish.search`), named in the finder by
    `inputs.province_names`.
    """
    writer = SiteWriter(layout.render)
    languages = site_languages(inputs.settings)
    if inputs.docs.is_dir():
        # the hand-written pages: Indonesian in docs/, English in docs/en/; the English site has its own copy of
        # the site's scripts and styles, which find its search index beside them
        others = tuple(code for code in LANGUAGES if code != INDONESIAN.code)
        writer.copy_tree(inputs.docs, "", docs=INDONESIAN, skip=others)
        for language in languages[1:]:
            writer.copy_tree(inputs.docs / language.code, "", docs=language)
            writer.copy_tree(inputs.docs / ASSETS, ASSETS, docs=language)
    done = Rendered()
    shares = _render_packages(inputs, layout, options, writer, done, log, tick)
    villages = [kode for share in shares for kode in share.villages]
    done.villages = len(villages)
    _write_site_pages(inputs, shares, villages, writer)
    _write_data_page(inputs, layout, options, shares, set(villages), writer)
    writer.write_pages(SITE_BUNDLE)
    own = {page.path for page in writer.own_pages}
    for source, text in shells.own_shell_sources(writer.own_pages).items():
        writer.put_render(shells.docs_file(source), text.encode("utf-8"))
    page_paths = writer.page_paths
    folder_shells = shells.folder_shells(path for path in page_paths if path not in own)
    for source, text in folder_shells.items():
        writer.put_render(shells.docs_file(source), text.encode("utf-8"))
    done.folder_shells = tuple(folder_shells)
    writer.clean()
    done.pages = len(page_paths)
    return done


def _render_packages(
    inputs: SiteInputs,
    layout: BuildLayout,
    options: BuildOptions,
    writer: SiteWriter,
    done: Rendered,
    log: Callable[[str], None],
    tick: Tick,
) -> list[PackageShare]:
    """Render the packages whose inputs changed, keep the files of the others; return every package's share in
    publication order."""
    codebook = Codebook.from_frame(inputs.codebook)
    records = PackageMemo(layout.package_records, not options.full)
    shared = [digest.of_tree(ref.directory) for ref in inputs.packages if ref.name == INDIKATOR_PACKAGE]
    settings = inputs.settings
    foot = PageFoot(
        settings.url or "", inputs.release.date, settings.kontak, settings.nama, site_settings.link_colours(settings)
    )
    shared += [repr(foot), inputs.release.id]  # the foot holds the site's name, address, contact and colours
    shared += [repr(inputs.release.zip_time)]
    shared += [f"gambar={options.chart_images}"]
    languages = site_languages(inputs.settings)
    shared += [f"bahasa={','.join(language.code for language in languages)}"]
    ordered = publication_order(inputs.packages)
    regency_names = {ref.name for ref in ordered if ref.role == "kabupaten"}
    by_name: dict[str, PackageShare] = {}
    keys: dict[str, str] = {}
    pending: list[tuple[PackageRef, str]] = []

    def finished(ref: PackageRef, share: PackageShare) -> None:
        by_name[ref.name] = share
        if ref.role == "kabupaten":
            tick("render", len(regency_names.intersection(by_name)), len(regency_names), "kabupaten")

    boundary_package = next((ref for ref in inputs.packages if ref.role == "batas"), None)
    for ref in ordered:
        name = inputs.regency_names.get(ref.kode_kabupaten, "") if ref.role == "kabupaten" else ""
        key = package_key(digest.of_tree(ref.directory), name, *shared, boundary_key(boundary_package, ref))
        record = records.recall(ref.name, key, layout.render)
        if record is None:
            keys[ref.name] = key
            pending.append((ref, name))
            continue
        writer.keep(record.outputs)
        writer.keep_bundle(bundle_of(ref.name))
        done.kept += 1
        finished(ref, record.share)
    work = PackageWork(
        codebook, inputs.settings.nama, inputs.release, layout, options, boundary_package, foot, languages
    )
    for ref, result in render_packages(work, pending, options.jobs, log):
        writer.adopt(result.written)
        writer.keep_bundle(bundle_of(ref.name))
        records.remember(ref.name, keys[ref.name], result.share, result.written, layout.render)
        done.rendered += 1
        done.transform_s += result.timings.transform_s
        done.maps_s += result.timings.maps_s
        finished(ref, result.share)
    records.keep_only({ref.name for ref in inputs.packages})
    shares = [by_name[ref.name] for ref in ordered]
    for share in shares:
        if share.note:
            log(share.note)
    return shares


def site_languages(settings: site_settings.SiteSettings) -> tuple[Language, ...]:
    """The languages of the site's pages, Indonesian first (`situs.yml`'s `bahasa`)."""
    return tuple(LANGUAGES[code] for code in settings.bahasa)


def boundary_key(boundary_package: PackageRef | None, ref: PackageRef) -> str:
    """What a regency's maps are drawn from, for its package's key: the bytes of its boundary file and the
    descriptor that credits it ('' when it has none)."""
    if boundary_package is None or ref.role != "kabupaten":
        return ""
    resource = boundaries.boundary_resource(boundary_package, ref.kode_kabupaten)
    if resource is None:
        return ""
    data = (boundary_package.directory / str(resource["path"])).read_bytes()
    return digest.of_parts(digest.of_bytes(data), json.dumps(boundary_package.descriptor, sort_keys=True))


def _write_site_pages(inputs: SiteInputs, shares: list[PackageShare], villages: list[str], writer: SiteWriter) -> None:
    """Write the pages made of every package: the guide's downloads, the home page and the indexes."""
    kit = starter_kit_bytes(villages[:PRACTICE_VILLAGES])
    preview_png = preview.preview_png(inputs.settings)
    for language in site_languages(inputs.settings):
        for relative, content in site_settings.assets(inputs.settings).items():
            writer.put_doc(relative, content, language)  # the theme's own: the logo and colours
        writer.put_doc(preview.PATH, preview_png, language)
    writer.put(STARTER_KIT, kit)
    pdf = inputs.guide_pdf
    if pdf:
        writer.put(PDF_PATH, pdf.file.read_bytes())
    with zipfile.ZipFile(io.BytesIO(kit)) as archive:
        kit_files = archive.namelist()
    writer.page(
        "panduan/unduhan/index.html",
        "guide_downloads.html.j2",
        shell="panduan/unduhan.md",
        root="../../",
        pdf=pdf,
        pdf_path=PDF_PATH,
        pdf_size=fmt.size(pdf.bytes) if pdf else "",
        kit_path=STARTER_KIT,
        kit_size=fmt.size(len(kit)),
        kit_files=kit_files,
    )
    languages = site_languages(inputs.settings)

    links = tuple(share.link for share in shares if share.link is not None)
    provinces = sorted({kode[:2] for kode in villages})
    boundary_package = next((ref for ref in inputs.packages if ref.role == "batas"), None)
    codebook = Codebook.from_frame(inputs.codebook)
    for language in languages:
        at = language.prefix
        home_maps = []
        credit = None
        for kode in provinces if boundary_package else ():
            assert boundary_package is not None
            resource = boundaries.boundary_resource(boundary_package, kode)
            province = inputs.province_names.get(kode, f"Provinsi {kode}")
            overview = maps.overview(
                f"peta-provinsi-{kode}",
                boundaries.regency_shapes(boundary_package, kode),
                inputs.regency_names,
                {link.kode: link.url for link in links},
                title=language.gettext("Kabupaten/kota %(province)s") % {"province": province},
                place=province,
                language=language,
            )
            if overview and resource:
                home_maps.append(overview)
                credit = map_credit(boundary_package, resource)
        home = HomePage(
            inputs.settings.nama,
            links,
            len(villages),
            any(share.synthetic for share in shares),
            tuple((kode, inputs.province_names.get(kode, f"Provinsi {kode}")) for kode in provinces),
            tuple(home_maps),
        )
        programmes = [programme for share in shares for programme in share.programmes.get(language.code, ())]
        indicators = indicator_reference(
            (page for share in shares for page in share.indicators),
            language,
            codebook.in_language(language).labels,
        )
        writer.page(f"{at}index.html", "home.html.j2", shell="index.md", p=home, root="", credit=credit)
        writer.page(
            f"{at}kabupaten/index.html", "regency_index.html.j2", shell="kabupaten/index.md", p=home, root="../"
        )
        writer.page(
            f"{at}program/index.html",
            "programme_index.html.j2",
            shell="program/index.md",
            programmes=programmes,
            root="../",
        )
        writer.page(
            f"{at}indikator/index.html",
            "indicator_index.html.j2",
            shell="indikator/index.md",
            indicators=indicators,
            root="../",
        )


def _write_data_page(
    inputs: SiteInputs,
    layout: BuildLayout,
    options: BuildOptions,
    shares: list[PackageShare],
    villages: set[str],
    writer: SiteWriter,
) -> None:
    """Write the site-wide downloads (API index, catalogue, citations, releases, checksums) and the Data page."""
    out_dir = layout.render
    zips = {
        path.rsplit("/", 1)[1]: (out_dir / FILES / path).read_bytes()
        for path in sorted(share.hub.downloads.zip.path for share in shares)
    }
    hub = hub_of([share.hub for share in shares], inputs.codebook, inputs.release, writer.put, zips)
    archive = inputs.archive
    archived = releases.read_archive(archive) if archive and archive.is_dir() else []
    current = releases.ReleaseFiles(hub.release.id, hub.release.date, hub.zips, archived=False)
    dates = releases.package_dates(archived, current)
    catalogue = catalogue_of(hub, inputs.packages, inputs.settings, inputs.province_names, dates)
    # read away from the page, structured data needs absolute links: none without the site's address
    structured = (
        [jsonld_script(schema_org_dataset(d, catalogue)) for d in catalogue.datasets] if catalogue.homepage else []
    )
    catalogue_files = write_catalogue(catalogue, writer.put)
    languages = site_languages(inputs.settings)
    for language in languages:
        writer.page(
            f"{language.prefix}data/index.html",
            "data.html.j2",
            shell="data.md",
            root="../",
            packages=tuple(package_link(ref) for ref in inputs.packages),
            hub=hub,
            catalogue_files=catalogue_files,
            citations=[(d.identifier, citation_text(d, catalogue)) for d in catalogue.datasets],
            structured=structured,
            api=API,
            checksums=CHECKSUMS,
            chart_images=options.chart_images,
            site_url=inputs.settings.url or "https://ALAMAT-SITUS/",
            languages=languages,
        )
    citations = citation_files(catalogue)
    publish_releases(hub, citations, archived, inputs.settings, writer.put, writer.page, villages, languages)
    writer.digests.pop(CHECKSUMS, None)
    writer.put(CHECKSUMS, checksums(writer.digests))
    for relative in linked_files(out_dir / DOCS):
        if f"{FILES}/{relative}" in writer.expected:
            writer.put_doc(relative, (out_dir / FILES / relative).read_bytes())


CHANGES_SHOWN = 300
# a Markdown link's target, without its anchor
MARKDOWN_LINK = re.compile(r"\]\(<?([^)\s#>]+)")


def linked_files(docs_dir: Path) -> set[str]:
    """The paths in the site of every local file the hand-written pages in `docs_dir` link to. The site generator
    is given those of them labkem publishes, so that it checks such a link and writes its address as for any page;
    labkem then leaves the generator's copy in place of its own (see `labkem.publish.site.site_files`)."""
    found: set[str] = set()
    for page in docs_dir.rglob("*.md"):
        folder = posixpath.dirname(page.relative_to(docs_dir).as_posix())
        for target in MARKDOWN_LINK.findall(page.read_text(encoding="utf-8")):
            if ":" in target or target.startswith("/") or target.endswith(".md"):
                continue
            found.add(posixpath.normpath(posixpath.join(folder, target)))
    return found


def publish_releases(
    hub: Hub,
    citations: dict[str, bytes],
    archived: list[releases.ReleaseFiles],
    settings: site_settings.SiteSettings,
    put: Put,
    page: Callable[..., None],
    villages: set[str],
    languages: tuple[Language, ...] = (INDONESIAN,),
) -> None:
    """Publish every archived release and the current one, with their changelogs and the Atom feed, and their
    pages in each of `languages`; changed cells link their village's page when the village is still on the
    site."""
    current = releases.ReleaseFiles(hub.release.id, hub.release.date, hub.zips, archived=False, extra=citations)
    notes = releases.release_notes(releases.releases_to_publish(archived, current))
    for note in notes:
        folder = f"{releases.SITE_DIR}/{note.release.id}"
        for name, data in sorted({**note.release.zips, **note.release.extra}.items()):
            put(f"{folder}/{name}", data)
        put(f"{folder}/{releases.SUMS}", note.release.sums())
        put(f"{folder}/perubahan.csv", releases.changes_csv(note.changes))
        kinds: dict[str, int] = {}
        for change in note.changes:
            kinds[change.kind] = kinds.get(change.kind, 0) + 1
        for language in languages:
            page(
                f"{language.prefix}{folder}/index.html",
                "release.html.j2",
                shell=f"{folder}/index.md",
                root="../../",
                n=note,
                downloads=note.release.downloads(),
                kinds=sorted(kinds.items()),
                shown=note.changes[:CHANGES_SHOWN],
                villages=villages,
            )
    for language in languages:
        page(
            f"{language.prefix}{releases.SITE_DIR}/index.html",
            "releases.html.j2",
            shell=f"{releases.SITE_DIR}/index.md",
            notes=notes,
            root="../",
        )
    latest = notes[0].release
    pointer = {"rilis": latest.id, "tanggal": latest.date, "jalur": f"{releases.SITE_DIR}/{latest.id}/"}
    put(f"{releases.SITE_DIR}/terbaru.json", (json.dumps(pointer, ensure_ascii=False) + "\n").encode())
    put(releases.FEED, releases.atom_feed(notes, settings.nama, settings.url or ""))


def undocumented_fields(cls: type) -> list[str]:
    """List the fields of a page model that carry no help text (a test keeps this empty)."""
    assert is_dataclass(cls)
    return [f.name for f in fields(cls) if not f.metadata.get("help")]
