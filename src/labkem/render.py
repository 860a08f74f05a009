"""Render stage: page models to Markdown files, assets and downloads in the staging docs folder."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import jinja2

from . import fmt, paths, releases, situs
from .archive import write_atomic
from .catalogue import citation_text, jsonld_script, schema_org_dataset
from .chartfiles import CHART_DIR, Chart, write_chart_files
from .guide import PDF_PATH, GuidePdf
from .hub import (
    API,
    CHECKSUMS,
    DOWNLOAD_PREFIXES,
    Hub,
    Put,
    catalogue_of,
    checksums,
    citation_files,
    write_catalogue,
)
from .load import PackageRef
from .model import Site
from .programmes import programme_url
from .progress import Tick, quiet
from .settings import VEGA_BUNDLE_NAME
from .starterkit import starter_kit_bytes
from .transform import JENIS_LABEL, district_url, regency_url, village_url

# Generated pages live one folder down as files (desa/33.26.02.2008.md) and two folders down as
# URLs (desa/33.26.02.2008/). Markdown links are resolved by MkDocs from the file, so they take
# `root_md` ("../") and are checked under --strict; raw HTML links (sortable tables) are not
# rewritten by MkDocs, so they take PAGE_ROOT and a test checks every one of them resolves.
PAGE_ROOT = "../../"
# What the bundle exposes: labkem.js calls window.vegaEmbed.
VEGA_GLOBALS = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"


def environment() -> jinja2.Environment:
    """Return the Jinja2 environment of the page templates."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.TEMPLATES_DIR),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        autoescape=False,  # Markdown out; every value is ours and escaped where it enters HTML
    )
    env.filters["jenis_label"] = lambda jenis: JENIS_LABEL.get(jenis, jenis)
    env.filters["size"] = fmt.size
    return env


def write_if_changed(path: Path, text: str) -> bool:
    """Write text unless the file already holds exactly it; return whether it was written."""
    return write_bytes_if_changed(path, text.encode("utf-8"))


def write_bytes_if_changed(path: Path, data: bytes) -> bool:
    """Write bytes unless the file already holds exactly them; return whether they were written."""
    if path.exists() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def vega_bundle(cache_dir: Path) -> Path:
    """Return the vega + vega-lite + vega-embed bundle, generated once per vl-convert version."""
    import vl_convert

    version = getattr(vl_convert, "__version__", "unknown")
    path = cache_dir / f"vega-bundle-{version}.js"
    if not path.exists():
        write_atomic(path, vl_convert.javascript_bundle(VEGA_GLOBALS).encode("utf-8"))
    return path


def copy_tree(source: Path, target: Path) -> set[Path]:
    """Copy a folder's files into target, rewriting only files whose bytes differ; return the targets."""
    written = set()
    for item in sorted(source.rglob("*")):
        if item.is_file():
            destination = target / item.relative_to(source)
            write_bytes_if_changed(destination, item.read_bytes())
            written.add(destination)
    return written


STARTER_KIT = "unduh/kit-awal-labkem.zip"
PRACTICE_VILLAGES = 10


def indicator_reference(site: Site) -> list[dict[str, object]]:
    """One entry per codebook indicator, with links to its page in every regency."""
    entries: dict[str, dict[str, object]] = {}
    for page in site.indicators:
        entry = entries.setdefault(
            page.id,
            {
                "id": page.id,
                "label": page.label,
                "satuan": page.satuan,
                "arah": page.arah,
                "definisi": page.definisi,
                "sumber_program": page.sumber_program,
                "sensitif": page.sensitif,
                "regencies": [],
            },
        )
        entry["regencies"].append((page.kabupaten_nama, page.url))  # type: ignore[attr-defined]
    return list(entries.values())


def render_site(
    site: Site,
    packages: list[PackageRef],
    docs_source: Path,
    docs_out: Path,
    cache_dir: Path,
    progress: Callable[[str], None] = lambda _: None,
    settings: situs.SiteSettings | None = None,
    pdf: GuidePdf | None = None,
    hub_writer: Callable[[Put], Hub] | None = None,
    archive_dir: Path | None = None,
    chart_images: bool = False,
    tick: Tick = quiet,
) -> int:
    """Write every page, asset and package download into `docs_out`; return the number of pages (generated
    and hand-written). `settings` adds the site's logo and colours, `pdf` the printed guide, `hub_writer`
    the downloads and the API (then SHA256SUMS lists every download); `tick` hears of every village page."""
    env = environment()
    expected: set[Path] = set()

    digests: dict[str, str] = {}  # downloads written through `put`, for SHA256SUMS without reading them back

    def put(relative: str, data: bytes) -> None:
        path = docs_out / relative
        expected.add(path)
        write_bytes_if_changed(path, data)
        if relative.startswith(DOWNLOAD_PREFIXES):
            digests[relative] = hashlib.sha256(data).hexdigest()

    def emit(relative: str, template: str, **context: Any) -> None:
        path = docs_out / relative
        expected.add(path)
        write_if_changed(path, env.get_template(template).render(**context))

    if docs_source.is_dir():
        expected |= copy_tree(docs_source, docs_out)
    bundle = docs_out / "assets" / "vendor" / VEGA_BUNDLE_NAME
    bundle.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(vega_bundle(cache_dir), bundle)
    expected.add(bundle)
    for ref in packages:
        expected |= copy_tree(ref.directory, docs_out / "data" / ref.name)
    practice = [v.kode for v in site.villages[:PRACTICE_VILLAGES]]
    data = starter_kit_bytes(practice)
    files = dict(situs.assets(settings or situs.SiteSettings()))
    files[STARTER_KIT] = data
    if pdf:
        files[PDF_PATH] = pdf.file.read_bytes()
    for relative, content in files.items():
        expected.add(docs_out / relative)
        write_bytes_if_changed(docs_out / relative, content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        kit_files = archive.namelist()
    emit(
        "panduan/unduhan.md",
        "guide_downloads.md.j2",
        pdf=pdf,
        pdf_path=PDF_PATH,
        pdf_size=fmt.size(pdf.bytes) if pdf else "",
        kit_path=STARTER_KIT,
        kit_size=fmt.size(len(data)),
        kit_files=kit_files,
    )

    emit("index.md", "home.md.j2", p=site.home, root="")
    hub = hub_writer(put) if hub_writer else None
    site_settings = settings or situs.SiteSettings()
    catalogue = catalogue_of(hub, packages, site_settings) if hub else None
    emit(
        "data.md",
        "data.md.j2",
        packages=site.packages,
        hub=hub,
        catalogue_files=write_catalogue(catalogue, site_settings, put) if catalogue else {},
        citations=[(d.identifier, citation_text(d, catalogue)) for d in catalogue.datasets] if catalogue else [],
        structured=[jsonld_script(schema_org_dataset(d, catalogue)) for d in catalogue.datasets] if catalogue else [],
        api=API,
        checksums=CHECKSUMS,
        chart_images=chart_images,
        site_url=(settings.url if settings and settings.url else "https://ALAMAT-SITUS/"),
    )
    emit("kabupaten/index.md", "regency_index.md.j2", p=site.home, root="../")
    for regency in site.regencies:
        emit(
            f"{regency_url(regency.kode)}.md",
            "regency.md.j2",
            p=regency,
            root=PAGE_ROOT,
            root_md="../",
            chart_images=chart_images,
        )
    for district in site.districts:
        emit(
            f"{district_url(district.kode)}.md",
            "district.md.j2",
            p=district,
            root=PAGE_ROOT,
            villages=district.villages,
            show_kecamatan=False,
        )
    emit("program/index.md", "programme_index.md.j2", programmes=site.programmes)
    for programme in site.programmes:
        emit(f"{programme_url(programme.id)}.md", "programme.md.j2", p=programme, root=PAGE_ROOT)
    for agency in site.agencies:
        emit(f"{agency.url}.md", "agency.md.j2", p=agency, root=PAGE_ROOT)
    emit("indikator/index.md", "indicator_index.md.j2", indicators=indicator_reference(site))
    for indicator in site.indicators:
        # indikator/33.26/rt_desil_1.md sits one folder deeper than the other pages
        emit(f"{indicator.url}.md", "indicator.md.j2", p=indicator, root=PAGE_ROOT + "../")
    charts = [Chart(regency_url(r.kode), "peringkat", r.ranking_spec) for r in site.regencies]
    for v in site.villages:
        charts += [
            Chart(village_url(v.kode), "desil", v.chart_spec),
            Chart(village_url(v.kode), "profil", v.profile_spec),
        ]
        if v.interventions:
            charts.append(Chart(village_url(v.kode), "intervensi", v.intervention_spec))
    write_chart_files(charts, put, cache_dir / CHART_DIR if chart_images else None, progress)
    progress(f"{len(site.regencies)} kabupaten, {len(site.districts)} kecamatan, {len(site.programmes)} program")
    for index, village in enumerate(site.villages, start=1):
        emit(
            f"{village_url(village.kode)}.md",
            "village.md.j2",
            p=village,
            root=PAGE_ROOT,
            root_md="../",
            chart_images=chart_images,
        )
        tick("render", index, len(site.villages), "desa")

    if hub is not None and catalogue is not None:
        publish_releases(
            hub, citation_files(catalogue), archive_dir, site_settings, put, emit, {v.kode for v in site.villages}
        )
        for path in expected:  # the package copies came through copy_tree, not `put`
            relative = path.relative_to(docs_out).as_posix()
            if relative.startswith(DOWNLOAD_PREFIXES) and relative not in digests:
                digests[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
        digests.pop(CHECKSUMS, None)
        put(CHECKSUMS, checksums(digests))

    # Remove what an earlier run wrote for data that no longer exists.
    for path in sorted(docs_out.rglob("*"), reverse=True):
        if path.is_file() and path not in expected:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return sum(1 for path in expected if path.suffix == ".md")


CHANGES_SHOWN = 300


def publish_releases(
    hub: Hub,
    citations: dict[str, bytes],
    archive_dir: Path | None,
    settings: situs.SiteSettings,
    put: Put,
    emit: Callable[..., None],
    villages: set[str],
) -> None:
    """Publish every archived release and the current one, with their changelogs and the Atom feed;
    changed cells link their village's page when the village is still on the site."""
    current = releases.ReleaseFiles(hub.release.id, hub.release.date, hub.zips, archived=False, extra=citations)
    archived = releases.read_archive(archive_dir) if archive_dir and archive_dir.is_dir() else []
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
        emit(
            f"{folder}/index.md",
            "release.md.j2",
            n=note,
            downloads=note.release.downloads(),
            kinds=sorted(kinds.items()),
            shown=note.changes[:CHANGES_SHOWN],
            villages=villages,
        )
    emit(f"{releases.SITE_DIR}/index.md", "releases.md.j2", notes=notes)
    latest = notes[0].release
    pointer = {"rilis": latest.id, "tanggal": latest.date, "jalur": f"{releases.SITE_DIR}/{latest.id}/"}
    put(f"{releases.SITE_DIR}/terbaru.json", (json.dumps(pointer, ensure_ascii=False) + "\n").encode())
    put(releases.FEED, releases.atom_feed(notes, settings.nama, settings.url or ""))


def undocumented_fields(cls: type) -> list[str]:
    """List the fields of a page model that carry no help text (a test keeps this empty)."""
    assert is_dataclass(cls)
    return [f.name for f in fields(cls) if not f.metadata.get("help")]
