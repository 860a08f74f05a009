"""The whole pipeline, read top to bottom: validate, load, transform, render, publish."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

from labkem.core import paths
from labkem.core.errors import ValidationFailed
from labkem.core.paths import DOCS
from labkem.core.progress import Console, Tick, quiet
from labkem.data import site_settings
from labkem.data.load import PackageRef, province_names, reference_tables
from labkem.downloads.audit import release_problems
from labkem.downloads.guide_pdf import GuidePdf, GuidePdfFailed, chapters, find_chromium, guide_pdf
from labkem.downloads.packages import Release
from labkem.downloads.releases import ARCHIVE_DIR
from labkem.publish.site import build_site_dir, read_config, write_config
from labkem.render.pages import render_site
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
    """What a build produced and how long each stage took."""

    site_dir: Path
    pages: int
    villages: int
    stages: dict[str, float]


def build(
    data_dir: Path,
    site_dir: Path,
    project_dir: Path | None = None,
    lang: str = "id",
    log: Callable[[str], None] = lambda _: None,
    pdf: str = "auto",
    chart_images: bool = False,
    tick: Tick = quiet,
    jobs: int | None = None,
    full: bool = False,
    generator: str = "mkdocs",
) -> BuildResult:
    """Validate the packages and publish the site into `site_dir`; on any error `site_dir` is untouched.

    `pdf` decides the guide's PDF: "auto" prints it when Chromium is found, "on" requires it, "off" skips it.
    `chart_images` also renders every chart as SVG and PNG (cached; slow on a fresh cache). `tick` hears of
    progress within the long stages (see `labkem.core.progress`). `jobs` caps the processes run side by side to
    render packages and index provinces (default: one per core). A package whose inputs did not change since the
    last build keeps what it rendered then (see `labkem.render.memo`) unless `full` is set. `generator` builds
    the hand-written pages and the shells (see `labkem.publish.site.GENERATORS`).
    """
    project = project_dir or paths.PROJECT_DIR
    build_dir = site_dir.parent
    stages: dict[str, float] = {}
    clock = time.perf_counter()

    def done(stage: str, message: str, seconds: float | None = None) -> None:
        """Log the end of a stage: the time since the last one ended, or the `seconds` of this stage within it."""
        nonlocal clock
        now = time.perf_counter()
        stages[stage] = round(now - clock if seconds is None else seconds, 3)
        clock = now if seconds is None else clock + seconds
        log(f"{stage}: {message} ({stages[stage]:.1f} s)")

    with tempfile.TemporaryDirectory(prefix="labkem-") as scratch:
        report = check_data(data_dir, lang, Path(scratch), tick, build_dir / "cache" / "validasi.json")
        write_html_report(report, build_dir / "validasi.html", lang)
        if not report.valid:
            raise ValidationFailed(
                f"{len(report.problems)} masalah ditemukan; tidak ada yang ditulis.", report.problems
            )
        leaks = release_problems(report.packages, data_dir.parent / ARCHIVE_DIR, lang)
        if leaks:
            raise ValidationFailed(
                f"{len(leaks)} sel terungkap bila dibaca bersama rilis arsip; tidak ada yang ditulis.", leaks
            )
        for note in report.notes:
            log(note.format())
        # normalised copies are kept under build/ only now that the data passed
        refs = [_keep(ref, build_dir / "cache" / "paket") for ref in report.packages]
    done("validate", f"{len(refs)} paket valid")

    names, codebook = reference_tables(refs)
    settings = site_settings.read_settings(data_dir)[0]  # its problems were reported by the validation
    printed = _guide_pdf(pdf, project, build_dir / "cache", settings, log)
    if printed:
        done("guide", f"panduan PDF {printed.pages} halaman, {printed.bytes // 1000} KB")

    render_out = paths.render_dir(site_dir)
    archive = data_dir.parent / ARCHIVE_DIR  # releases frozen by `labkem release`, beside the data
    release = Release.from_environment()
    rendered = render_site(
        refs,
        codebook,
        names,
        project / "docs",
        render_out,
        build_dir / "cache",
        release,
        log,
        settings,
        printed,
        archive,
        chart_images,
        tick,
        reuse=not full,
        jobs=jobs or os.cpu_count() or 1,
        province_names=province_names(refs),
    )
    # regencies are read, transformed and rendered one after another: the two stages are told apart by time
    kept = f"; {rendered.kept} paket tidak berubah sejak build lalu" if rendered.kept else ""
    done(
        "transform",
        f"{rendered.rendered} paket dibaca dan diolah{kept}",
        rendered.transform_s,
    )
    done("render", f"{rendered.pages} halaman data ({rendered.villages} desa) di {render_out}")

    config = write_config(project / "mkdocs.yml", render_out / DOCS, build_dir / "mkdocs.yml", site_dir, settings)
    build_site_dir(
        config,
        render_out,
        site_dir,
        rendered.folder_shells,
        log,
        jobs or os.cpu_count() or 1,
        build_dir / "cache",
        generator,
        full,
    )
    done("publish", f"situs di {site_dir}")
    return BuildResult(site_dir, rendered.pages, rendered.villages, stages)


def run(data: Path, out: Path, **options: Any) -> int:
    """Build with progress on the terminal and say what was built; a problem in the data is printed first."""
    console = Console()
    try:
        result = build(data, out, log=console.log, tick=console.tick, **options)
    except ValidationFailed as failure:
        for problem in failure.problems:
            typer.echo(problem.format())  # type: ignore[attr-defined]
        raise
    typer.echo(f"{result.pages} halaman, {result.villages} desa -> {result.site_dir}")
    return 0
