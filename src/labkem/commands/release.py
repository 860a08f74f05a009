"""`labkem release`: today's package zips archived as a release that never changes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import typer

from labkem.commands.failures import problems_printed
from labkem.core.errors import ValidationFailed
from labkem.data import site_settings
from labkem.data.load import province_names, reference_tables, regencies_with_observations
from labkem.downloads.audit import release_problems
from labkem.downloads.packages import Release, catalogue_of, citation_files, write_hub
from labkem.downloads.releases import ARCHIVE_DIR, ReleaseFiles, freeze, package_dates, read_archive
from labkem.validate import check_data


def freeze_release(data_dir: Path, archive_dir: Path, lang: str = "id") -> Path:
    """Validate the data and archive its package zips as today's release (SOURCE_DATE_EPOCH's day);
    return the release folder. The zips are the bytes `labkem build` publishes for the same data and day; a
    release keeps no workbook, so none is made."""
    with tempfile.TemporaryDirectory(prefix="labkem-") as scratch:
        report = check_data(data_dir, lang, Path(scratch))
        if not report.valid:
            raise ValidationFailed(f"{len(report.problems)} masalah ditemukan; rilis tidak dibuat.", report.problems)
        leaks = release_problems(report.packages, archive_dir, lang)
        if leaks:
            raise ValidationFailed(f"{len(leaks)} sel terungkap bila dibaca bersama rilis arsip.", leaks)
        release = Release.from_environment()
        refs = report.packages
        names, codebook = reference_tables(refs)
        hub = write_hub(refs, regencies_with_observations(refs), names, codebook, lambda _p, _d: None, None, release)
        settings = site_settings.read_settings(data_dir)[0]
        archived = read_archive(archive_dir) if archive_dir.is_dir() else []
        dates = package_dates(archived, ReleaseFiles(release.id, release.date, hub.zips, archived=False))
        citations = citation_files(catalogue_of(hub, refs, settings, province_names(refs), dates))
        return freeze(release, hub.zips, archive_dir, citations)


def run(data_dir: Path, archive_dir: Path | None, lang: str) -> int:
    """Archive the release and say where it is; a problem in the data is printed before the failure's line."""
    with problems_printed():
        folder = freeze_release(data_dir, archive_dir or data_dir.resolve().parent / ARCHIVE_DIR, lang)
    typer.echo(f"{folder}: rilis diarsipkan; commit folder ini agar terbit bersama situs (git add {folder})")
    return 0
