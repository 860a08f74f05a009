"""`labkem build`: the whole pipeline, read top to bottom: validate, load, transform, render, publish."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import typer

from labkem.commands.failures import problems_printed
from labkem.core import paths
from labkem.core.errors import ValidationFailed
from labkem.core.options import BuildOptions
from labkem.core.paths import BuildLayout
from labkem.core.progress import Console, Tick, quiet
from labkem.data import site_settings
from labkem.data.load import PackageRef, province_names, reference_tables
from labkem.downloads.audit import release_problems
from labkem.downloads.catalogue import NO_ADDRESS
from labkem.downloads.guide_pdf import GuidePdf, GuidePdfFailed, chapters, find_chromium, guide_pdf
from labkem.downloads.packages import Release
from labkem.downloads.releases import ARCHIVE_DIR
from labkem.publish.site import build_site_dir, check_site_folder, read_config, write_configs
from labkem.render.pages import SiteInputs, render_site
from labkem.validate import check_data, write_html_report


def _keep(ref: PackageRef, target_root: Path) -> PackageRef:
    """Move a normalised copy out of the scratch folder; packages read as they are stay where they are."""
    if ref.origin is None:
        return ref
    target = target_root / ref.name
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ref.directory, target)
    return PackageRef(target, ref.descriptor, origin=ref.origin)


def _guide_pdf(
    mode: str, project: Path, cache_dir: Path, settings: site_settings.SiteSettings, log: Callable[[str], None]
) -> GuidePdf | None:
    """Print the replication guide when `mode` and the machine allow it."""
    if mode == "off":
        return None
    config = read_config(project / "mkdocs.yml")
    if not chapters(config, project / "docs"):
        return None
    chromium = find_chromium()
    if chromium is None:
        advice = "pasang Chromium (apt-get install chromium) atau tunjuk programnya dengan LABKEM_CHROMIUM"
        if mode == "on":
            raise GuidePdfFailed(f"panduan PDF diminta (--pdf on) tetapi Chromium tidak ditemukan; {advice}")
        log(f"peringatan: Chromium tidak ditemukan, panduan PDF dilewati; {advice}")
        return None
    return guide_pdf(config, project / "docs", cache_dir, settings, chromium)


@dataclass(frozen=True)
class BuildResult:
    """What a build produced and how long each stage took (seconds, measured). `transform` is measured in each
    package, in whichever process rendered it, and lies within `render`, which is the render stage's wall time."""

    site_dir: Path
    pages: int
    villages: int
    stages: dict[str, float]


def build(
    data_dir: Path,
    site_dir: Path,
    options: BuildOptions | None = None,
    *,
    project_dir: Path | None = None,
    log: Callable[[str], None] = lambda _: None,
    tick: Tick = quiet,
) -> BuildResult:
    """Validate the packages and publish the site into `site_dir`; on any error `site_dir` is untouched.

    `options` are those of `labkem build` (see `BuildOptions`); `project_dir` holds `mkdocs.yml`, `docs/` and
    `overrides/` (the working directory by default). `log` hears one line per stage and `tick` of progress within
    the long ones (see `labkem.core.progress`).
    """
    options = options or BuildOptions()
    project = project_dir or paths.PROJECT_DIR
    check_site_folder(data_dir, site_dir)
    layout = BuildLayout(site_dir)
    stages: dict[str, float] = {}
    clock = time.perf_counter()

    def done(stage: str, message: str) -> None:
        """Log the end of a stage with the time since the last one ended."""
        nonlocal clock
        now = time.perf_counter()
        stages[stage] = round(now - clock, 3)
        clock = now
        log(f"{stage}: {message} ({stages[stage]:.1f} s)")

    archive = data_dir.parent / ARCHIVE_DIR  # releases frozen by `labkem release`, beside the data
    with tempfile.TemporaryDirectory(prefix="labkem-") as scratch:
        report = check_data(data_dir, options.lang, Path(scratch), tick, layout.validation_memo, jobs=options.jobs)
        write_html_report(report, layout.validation_report, options.lang)
        if not report.valid:
            raise ValidationFailed(
                f"{len(report.problems)} masalah ditemukan; tidak ada yang ditulis.", report.problems
            )
        leaks = release_problems(report.packages, archive, options.lang)
        if leaks:
            raise ValidationFailed(
                f"{len(leaks)} sel terungkap bila dibaca bersama rilis arsip; tidak ada yang ditulis.", leaks
            )
        for note in report.notes:
            log(note.format())
        # normalised copies are kept under build/ only now that the data passed
        refs = [_keep(ref, layout.packages) for ref in report.packages]
    done("validate", f"{len(refs)} paket valid")

    names, codebook = reference_tables(refs)
    settings = site_settings.read_settings(data_dir)[0]  # its problems were reported by the validation
    settings = site_settings.with_address(settings, options.site_url)
    if settings.url:
        source = "--site-url" if options.site_url else site_settings.FILENAME
        log(f"alamat situs: {settings.url} (dari {source})")
    else:
        log(f"peringatan: {NO_ADDRESS}; katalog DCAT, data.json dan data terstruktur schema.org tidak ditulis")
    printed = _guide_pdf(options.pdf, project, layout.cache, settings, log)
    if printed:
        done("guide", f"panduan PDF {printed.pages} halaman, {printed.bytes // 1000} KB")

    inputs = SiteInputs(
        packages=refs,
        codebook=codebook,
        regency_names=names,
        release=Release.from_environment(),
        docs=project / "docs",
        settings=settings,
        guide_pdf=printed,
        archive=archive,
        province_names=province_names(refs),
    )
    rendered = render_site(inputs, layout, options, log=log, tick=tick)
    kept = f"; {rendered.kept} paket tidak berubah sejak build lalu" if rendered.kept else ""
    stages["transform"] = round(rendered.transform_s, 3)
    log(f"transform: {rendered.rendered} paket dibaca dan diolah{kept} ({stages['transform']:.1f} s)")
    if rendered.maps_s:
        stages["maps"] = round(rendered.maps_s, 3)
        log(f"maps: peta kabupaten, kecamatan, indikator dan desa digambar ({stages['maps']:.1f} s)")
    done("render", f"{rendered.pages} halaman data ({rendered.villages} desa) di {layout.render}")

    editions = write_configs(project / "mkdocs.yml", layout.render, layout.root, site_dir, settings)
    build_site_dir(editions, layout, rendered.folder_shells, options, log)
    done("publish", f"situs di {site_dir}")
    return BuildResult(site_dir, rendered.pages, rendered.villages, stages)


def run(data: Path, out: Path, options: BuildOptions) -> int:
    """Build with progress on the terminal and say what was built; a problem in the data is printed first."""
    console = Console()
    with problems_printed():
        result = build(data, out, options, log=console.log, tick=console.tick)
    typer.echo(f"{result.pages} halaman, {result.villages} desa -> {result.site_dir}")
    return 0
