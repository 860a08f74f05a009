"""Render stage: page models to Markdown files, assets and downloads in the staging docs folder.

Package by package (see `labkem.package_memo`): a regency package is read, transformed and rendered only when
its inputs changed since the last build, otherwise its files are kept as they are; then the site-wide pages
(home, indexes, data page, releases) and files (API index, catalogue, SHA256SUMS) are made from every package's
`PackageShare`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import multiprocessing
import os
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from . import digest, fmt, paths, releases, situs
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
    Release,
    catalogue_of,
    checksums,
    citation_files,
    hub_of,
    package_hub,
    write_catalogue,
)
from .load import PackageRef, publication_order, read_regency
from .model import HomePage, IndicatorPage
from .package_memo import Output, PackageMemo, PackageShare, package_key
from .programmes import programme_url
from .progress import Tick, quiet
from .settings import INDIKATOR_PACKAGE, VEGA_BUNDLE_NAME
from .starterkit import starter_kit_bytes
from .transform import (
    JENIS_LABEL,
    Codebook,
    RegencyPages,
    build_regency,
    district_url,
    package_link,
    regency_link,
    regency_url,
    village_url,
)

# Generated pages live one folder down as files (desa/33.26.02.2008.md) and two folders down as
# URLs (desa/33.26.02.2008/). Markdown links are resolved by MkDocs from the file, so they take
# `root_md` ("../") and are checked under --strict; raw HTML links (sortable tables) are not
# rewritten by MkDocs, so they take PAGE_ROOT and a test checks every one of them resolves.
PAGE_ROOT = "../../"
# What the bundle exposes: labkem.js calls window.vegaEmbed.
VEGA_GLOBALS = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"
# the render stage's records of each package, in the build cache
MEMO_DIR = "paket-situs"


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


def write_bytes_if_changed(path: Path, data: bytes) -> bool:
    """Write bytes unless the file already holds exactly them; return whether they were written. A changed file
    is replaced, never written in place: the built site shares the docs folder's static files (`link_hook`)."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True


def vega_bundle(cache_dir: Path) -> Path:
    """Return the vega + vega-lite + vega-embed bundle, generated once per vl-convert version."""
    import vl_convert

    version = getattr(vl_convert, "__version__", "unknown")
    path = cache_dir / f"vega-bundle-{version}.js"
    if not path.exists():
        write_atomic(path, vl_convert.javascript_bundle(VEGA_GLOBALS).encode("utf-8"))
    return path


class DocsWriter:
    """Writes the docs folder: only files whose bytes changed (so MkDocs and the incremental publish see what
    really changed), remembering every file meant to be there (`clean` removes the rest) and the SHA-256 of every
    download (for SHA256SUMS, without reading them back)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = environment()
        self.expected: set[str] = set()
        self.digests: dict[str, str] = {}
        self._recordings: list[dict[str, str]] = []

    def put(self, relative: str, data: bytes) -> None:
        """Write `data` at `relative` (a path in the docs folder)."""
        self.expected.add(relative)
        write_bytes_if_changed(self.root / relative, data)
        sha256 = hashlib.sha256(data).hexdigest() if relative.startswith(DOWNLOAD_PREFIXES) else ""
        if sha256:
            self.digests[relative] = sha256
        for recording in self._recordings:
            recording[relative] = sha256

    def emit(self, relative: str, template: str, **context: Any) -> None:
        """Write a page from `template`."""
        self.put(relative, self.env.get_template(template).render(**context).encode("utf-8"))

    def copy_tree(self, source: Path, target: str) -> None:
        """Copy the files under `source` into the folder `target` ('' for the docs folder itself)."""
        for item in sorted(source.rglob("*")):
            if item.is_file():
                relative = item.relative_to(source).as_posix()
                self.put(f"{target}/{relative}" if target else relative, item.read_bytes())

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
            self.expected.add(relative)
            if sha256:
                self.digests[relative] = sha256

    def keep(self, outputs: dict[str, Output]) -> None:
        """Take files an earlier build wrote, known to be current, as written."""
        for relative, output in outputs.items():
            self.expected.add(relative)
            if output.sha256:
                self.digests[relative] = output.sha256

    def clean(self) -> None:
        """Remove what an earlier run wrote for data that no longer exists, and folders left empty."""
        # plain strings and one scandir per folder: a province's docs folder holds some 47,000 files
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

    def pages(self) -> int:
        """The number of pages written or kept."""
        return sum(1 for relative in self.expected if relative.endswith(".md"))


STARTER_KIT = "unduh/kit-awal-labkem.zip"
PRACTICE_VILLAGES = 10


def indicator_reference(pages: Iterable[IndicatorPage]) -> list[dict[str, object]]:
    """One entry per codebook indicator, with links to its page in every regency."""
    entries: dict[str, dict[str, object]] = {}
    for page in pages:
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


@dataclass
class Rendered:
    """What the render stage did: pages in the docs folder, and the packages rendered or kept."""

    pages: int = 0
    villages: int = 0
    rendered: int = 0  # packages read and rendered again
    kept: int = 0  # packages whose files were kept from the last build
    transform_s: float = 0.0  # of the render stage's wall time, the part spent reading and transforming regencies


def render_regency(
    writer: DocsWriter,
    pages: RegencyPages,
    cache_dir: Path,
    chart_images: bool,
    progress: Callable[[str], None] = lambda _: None,
) -> None:
    """Write the pages and charts of one regency."""
    regency = pages.regency
    writer.emit(
        f"{regency_url(regency.kode)}.md",
        "regency.md.j2",
        p=regency,
        root=PAGE_ROOT,
        root_md="../",
        chart_images=chart_images,
    )
    for district in pages.districts:
        writer.emit(
            f"{district_url(district.kode)}.md",
            "district.md.j2",
            p=district,
            root=PAGE_ROOT,
            villages=district.villages,
            show_kecamatan=False,
        )
    for programme in pages.programmes:
        writer.emit(f"{programme_url(programme.id)}.md", "programme.md.j2", p=programme, root=PAGE_ROOT)
    for agency in pages.agencies:
        writer.emit(f"{agency.url}.md", "agency.md.j2", p=agency, root=PAGE_ROOT)
    for indicator in pages.indicators:
        # indikator/33.26/rt_desil_1.md sits one folder deeper than the other pages
        writer.emit(f"{indicator.url}.md", "indicator.md.j2", p=indicator, root=PAGE_ROOT + "../")
    charts = [Chart(regency_url(regency.kode), "peringkat", regency.ranking_spec)]
    for v in pages.villages:
        page = village_url(v.kode)
        charts += [Chart(page, "desil", v.chart_spec), Chart(page, "profil", v.profile_spec)]
        if v.interventions:
            charts.append(Chart(page, "intervensi", v.intervention_spec))
    write_chart_files(charts, writer.put, cache_dir / CHART_DIR if chart_images else None, progress)
    for village in pages.villages:
        writer.emit(
            f"{village_url(village.kode)}.md",
            "village.md.j2",
            p=village,
            root=PAGE_ROOT,
            root_md="../",
            chart_images=chart_images,
        )


def render_package(
    writer: DocsWriter,
    ref: PackageRef,
    codebook: Codebook,
    kabupaten_nama: str,
    site_name: str,
    release: Release,
    cache_dir: Path,
    chart_images: bool,
    progress: Callable[[str], None] = lambda _: None,
) -> tuple[PackageShare, float]:
    """Write everything of one package: the copy of its tables, its downloads and, for a regency with
    observations, its API files, pages and charts. Return its share and the seconds spent transforming."""
    writer.copy_tree(ref.directory, f"data/{ref.name}")
    if ref.role != "kabupaten":
        return PackageShare(ref.name, package_hub(ref, None, "", release, writer.put, cache_dir)), 0.0
    started = time.perf_counter()
    data = read_regency(ref)
    if data.tables["observasi"].empty:
        hub = package_hub(ref, None, kabupaten_nama, release, writer.put, cache_dir)
        note = f"{ref.name}: belum ada observasi; halamannya dibuat setelah observasi.csv diisi"
        return PackageShare(ref.name, hub, note=note), time.perf_counter() - started
    pages = build_regency(data, codebook, kabupaten_nama, site_name)
    transform_s = time.perf_counter() - started
    hub = package_hub(ref, data, kabupaten_nama, release, writer.put, cache_dir)
    render_regency(writer, pages, cache_dir, chart_images, progress)
    share = PackageShare(
        ref.name,
        hub,
        regency_link(pages.regency),
        pages.regency.synthetic,
        tuple(v.kode for v in pages.villages),
        tuple(pages.programmes),
        tuple(dataclasses.replace(page, villages=()) for page in pages.indicators),
    )
    return share, transform_s


# below this many packages to render, starting worker processes (each imports labkem) costs more than it saves
MIN_PACKAGES_FOR_WORKERS = 4


@dataclass(frozen=True)
class PackageWork:
    """What rendering any package needs besides the package itself: given once to each worker process."""

    codebook: Codebook
    site_name: str
    release: Release
    cache_dir: Path
    chart_images: bool
    docs_out: Path


@dataclass(frozen=True)
class PackageResult:
    """One package rendered: its share, the files written (path -> SHA-256, '' for non-downloads), its time
    and the progress messages of its chart images."""

    share: PackageShare
    written: dict[str, str]
    transform_s: float
    seconds: float  # the whole package, transforming included
    messages: tuple[str, ...]


def render_one(work: PackageWork, ref: PackageRef, kabupaten_nama: str) -> PackageResult:
    """Render one package into the docs folder; run in the build's process or a worker."""
    started = time.perf_counter()
    writer = DocsWriter(work.docs_out)
    messages: list[str] = []
    with writer.recording() as written:
        share, transform_s = render_package(
            writer,
            ref,
            work.codebook,
            kabupaten_nama,
            work.site_name,
            work.release,
            work.cache_dir,
            work.chart_images,
            messages.append,
        )
    return PackageResult(share, written, transform_s, time.perf_counter() - started, tuple(messages))


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
    if jobs <= 1 or len(packages) < MIN_PACKAGES_FOR_WORKERS:
        for ref, name in packages:
            result = render_one(work, ref, name)
            for message in result.messages:
                progress(message)
            yield ref, result
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker, initargs=(work,)) as pool:
        futures = {pool.submit(_render_in_worker, ref, name): ref for ref, name in packages}
        for future in as_completed(futures):
            result = future.result()
            for message in result.messages:
                progress(message)
            yield futures[future], result


def render_site(
    packages: list[PackageRef],
    codebook_frame: pd.DataFrame,
    kabupaten_names: dict[str, str],
    docs_source: Path,
    docs_out: Path,
    cache_dir: Path,
    release: Release,
    progress: Callable[[str], None] = lambda _: None,
    settings: situs.SiteSettings | None = None,
    pdf: GuidePdf | None = None,
    archive_dir: Path | None = None,
    chart_images: bool = False,
    tick: Tick = quiet,
    reuse: bool = True,
    jobs: int = 1,
    province_names: dict[str, str] | None = None,
) -> Rendered:
    """Write every page, asset and download of `packages` into `docs_out`. `settings` adds the site's name, logo
    and colours, `pdf` the printed guide, `archive_dir` the releases frozen before; `tick` hears of every regency.
    With `reuse`, a package whose inputs did not change since the last build keeps its files (see
    `labkem.package_memo`); without, every package is rendered (and recorded for the next build). Packages are
    rendered in up to `jobs` processes side by side (see `render_packages`). `province_names` names the
    provinces in the finder of a site that spans several (each has its own search index, see `labkem.search`).
    """
    settings = settings or situs.SiteSettings()
    writer = DocsWriter(docs_out)
    if docs_source.is_dir():
        writer.copy_tree(docs_source, "")
    writer.put(f"assets/vendor/{VEGA_BUNDLE_NAME}", vega_bundle(cache_dir).read_bytes())

    codebook = Codebook.from_frame(codebook_frame)
    records = PackageMemo(cache_dir / MEMO_DIR, reuse)
    shared = [digest.of_tree(ref.directory) for ref in packages if ref.name == INDIKATOR_PACKAGE]
    shared += [settings.nama, release.id, repr(release.zip_time), f"gambar={chart_images}"]
    ordered = publication_order(packages)
    regency_names = {ref.name for ref in ordered if ref.role == "kabupaten"}
    done = Rendered()
    by_name: dict[str, PackageShare] = {}
    keys: dict[str, str] = {}
    pending: list[tuple[PackageRef, str]] = []

    def finished(ref: PackageRef, share: PackageShare) -> None:
        by_name[ref.name] = share
        if ref.role == "kabupaten":
            tick("render", len(regency_names.intersection(by_name)), len(regency_names), "kabupaten")

    for ref in ordered:
        name = kabupaten_names.get(ref.kode_kabupaten, "") if ref.role == "kabupaten" else ""
        key = package_key(digest.of_tree(ref.directory), name, *shared)
        record = records.recall(ref.name, key, docs_out)
        if record is None:
            keys[ref.name] = key
            pending.append((ref, name))
            continue
        writer.keep(record.outputs)
        done.kept += 1
        finished(ref, record.share)
    work = PackageWork(codebook, settings.nama, release, cache_dir, chart_images, docs_out)
    started, transform_s, worked_s = time.perf_counter(), 0.0, 0.0
    for ref, result in render_packages(work, pending, jobs, progress):
        writer.adopt(result.written)
        records.remember(ref.name, keys[ref.name], result.share, result.written, docs_out)
        done.rendered += 1
        transform_s += result.transform_s
        worked_s += result.seconds
        finished(ref, result.share)
    # with workers side by side, the packages' wall time is split in the proportion they spent transforming
    done.transform_s = (time.perf_counter() - started) * transform_s / worked_s if worked_s else 0.0
    records.keep_only({ref.name for ref in packages})
    shares = [by_name[ref.name] for ref in ordered]
    for share in shares:
        if share.note:
            progress(share.note)
    villages = [kode for share in shares for kode in share.villages]
    done.villages = len(villages)

    data = starter_kit_bytes(villages[:PRACTICE_VILLAGES])
    files = dict(situs.assets(settings))
    files[STARTER_KIT] = data
    if pdf:
        files[PDF_PATH] = pdf.file.read_bytes()
    for relative, content in files.items():
        writer.put(relative, content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        kit_files = archive.namelist()
    writer.emit(
        "panduan/unduhan.md",
        "guide_downloads.md.j2",
        pdf=pdf,
        pdf_path=PDF_PATH,
        pdf_size=fmt.size(pdf.bytes) if pdf else "",
        kit_path=STARTER_KIT,
        kit_size=fmt.size(len(data)),
        kit_files=kit_files,
    )

    links = tuple(share.link for share in shares if share.link is not None)
    provinces = sorted({kode[:2] for kode in villages})
    home = HomePage(
        settings.nama,
        links,
        len(villages),
        any(share.synthetic for share in shares),
        tuple((kode, (province_names or {}).get(kode, f"Provinsi {kode}")) for kode in provinces),
    )
    writer.emit("index.md", "home.md.j2", p=home, root="")
    writer.emit("kabupaten/index.md", "regency_index.md.j2", p=home, root="../")
    programmes = [programme for share in shares for programme in share.programmes]
    writer.emit("program/index.md", "programme_index.md.j2", programmes=programmes)
    indicators = indicator_reference(page for share in shares for page in share.indicators)
    writer.emit("indikator/index.md", "indicator_index.md.j2", indicators=indicators)

    zips = {
        path.rsplit("/", 1)[1]: (docs_out / path).read_bytes()
        for path in sorted(share.hub.downloads.zip.path for share in shares)
    }
    hub = hub_of([share.hub for share in shares], codebook_frame, release, writer.put, zips)
    catalogue = catalogue_of(hub, packages, settings)
    writer.emit(
        "data.md",
        "data.md.j2",
        packages=tuple(package_link(ref) for ref in packages),
        hub=hub,
        catalogue_files=write_catalogue(catalogue, settings, writer.put),
        citations=[(d.identifier, citation_text(d, catalogue)) for d in catalogue.datasets],
        structured=[jsonld_script(schema_org_dataset(d, catalogue)) for d in catalogue.datasets],
        api=API,
        checksums=CHECKSUMS,
        chart_images=chart_images,
        site_url=settings.url or "https://ALAMAT-SITUS/",
    )
    publish_releases(hub, citation_files(catalogue), archive_dir, settings, writer.put, writer.emit, set(villages))
    writer.digests.pop(CHECKSUMS, None)
    writer.put(CHECKSUMS, checksums(writer.digests))
    writer.clean()
    done.pages = writer.pages()
    return done


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
