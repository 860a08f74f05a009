"""The attack a data officer runs before publishing: everything published, read together, as an adversary would.

`labkem validate` already plays the adversary of `sdc` against each package on its own (rules
`recoverable-cell`, `narrowed-cell`, `implied-small-cell`). The audit adds what no single package shows: the
archived releases (`rilis/`), which stay published byte for byte beside every new one. When no cell that two
releases both publish for a village and period differs, an adversary takes them for the same data: a cell
hidden in one and published in the other is then known, and the hidden cells left must still disclose
nothing (`cross-release-cell`). `labkem build` and `labkem release` refuse to publish while the audit finds
anything; `labkem audit` reports every finding with its file, row and column.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from labkem.core.settings import DEFAULT_MIN_CELL, INDIKATOR_PACKAGE
from labkem.data import disclosure
from labkem.data.load import PackageRef
from labkem.downloads.releases import ReleaseFiles, observations, read_archive
from labkem.validate import Problem, ValidationReport, check_data, codebook_linkage, observations_of
from labkem.validate.messages import render_message

Place = tuple[str, str, str]  # package, village, period


@dataclass(frozen=True)
class Published:
    """One release's view of every village and period: published cells and hidden cells."""

    label: str
    views: dict[Place, disclosure.View]


def _views(package: str, frame: pd.DataFrame) -> dict[Place, disclosure.View]:
    """A package's `observasi` table as views, read the way validation reads it."""
    found = observations_of(frame)
    return {
        (package, *key): (found.values.get(key, {}), found.hidden.get(key, frozenset()))
        for key in found.values.keys() | found.hidden.keys()
    }


def archived_views(release: ReleaseFiles) -> Published:
    """An archived release's observations as views."""
    cells = pd.DataFrame(
        [(*key, value, status) for key, (value, status) in observations(release).items()],
        columns=["paket", "kode_desa", "periode", "indikator", "nilai", "status"],
    )
    views: dict[Place, disclosure.View] = {}
    for package, frame in cells.groupby("paket", sort=True):
        views.update(_views(str(package), frame))
    return Published(release.id, views)


def _current(refs: Iterable[PackageRef]) -> tuple[Published, dict[str, tuple[PackageRef, pd.DataFrame]]]:
    """The packages about to be published as views, and each package's table to find a finding's row in."""
    views: dict[Place, disclosure.View] = {}
    tables: dict[str, tuple[PackageRef, pd.DataFrame]] = {}
    for ref in refs:
        if ref.role == "kabupaten" and ref.has_resource("observasi"):
            frame = ref.read("observasi")
            views.update(_views(ref.name, frame))
            tables[ref.name] = (ref, frame)
    return Published("", views), tables


def _row_of(table: tuple[PackageRef, pd.DataFrame], kode: str, periode: str, indicator: str) -> tuple[str, int | None]:
    """The file and row (header = 1) of one cell of a validated `observasi` table."""
    ref, frame = table
    path = ref.resource_path("observasi")
    shown = str(ref.source_dir / path.relative_to(ref.directory))
    match = frame.index[
        (frame["kode_desa"] == kode) & (frame["periode"] == periode) & (frame["indikator"] == indicator)
    ]
    return shown, int(match[0]) + 2 if len(match) else None


def cross_release(
    current: Published, archived: Iterable[Published], linkage: disclosure.Linkage, min_cell: int
) -> list[tuple[Place, str, disclosure.Finding]]:
    """Every finding of the current release read beside one archived release: (place, release id, finding)."""
    found: list[tuple[Place, str, disclosure.Finding]] = []
    for release in archived:
        for place, mine in sorted(current.views.items()):
            theirs = release.views.get(place)
            if theirs is None:
                continue
            both = disclosure.merged(mine, theirs)
            if both is None or (both[1] == mine[1] and both[0].keys() == mine[0].keys()):
                continue  # corrected since, or the other release adds nothing: the package's own check covers it
            found.extend((place, release.label, f) for f in disclosure.disclosures(*both, linkage, min_cell))
    return found


def _min_cell(refs: Iterable[PackageRef]) -> int:
    """The strictest min_cell the regency packages declare."""
    declared = [int(r.descriptor.get("labkem", {}).get("sdc", {}).get("min_cell", DEFAULT_MIN_CELL)) for r in refs]
    return max([DEFAULT_MIN_CELL, *declared])


def release_problems(refs: list[PackageRef], archive_dir: Path | None, lang: str) -> list[Problem]:
    """The cross-release findings of validated packages against the archive, as problems on the current rows."""
    if archive_dir is None or not archive_dir.is_dir():
        return []
    archived = [archived_views(release) for release in read_archive(archive_dir)]
    if not archived:
        return []
    codebook = next(ref for ref in refs if ref.name == INDIKATOR_PACKAGE).read("indikator")
    linkage = codebook_linkage(codebook)
    regencies = [ref for ref in refs if ref.role == "kabupaten"]
    current, tables = _current(regencies)
    problems = []
    for (package, kode, periode), release_id, finding in cross_release(
        current, archived, linkage, _min_cell(regencies)
    ):
        path, row = _row_of(tables[package], kode, periode, finding.cell.rsplit("-", 1)[-1])
        values = {"indicator": finding.cell, "range": finding.shown, "release": release_id, "kode": kode}
        values["periode"] = periode
        problems.append(
            Problem(path, row, "status", "cross-release-cell", render_message("cross-release-cell", lang, values))
        )
    return problems


@dataclass(frozen=True)
class AuditReport:
    """What the audit found: the packages' own problems, then what the releases together disclose."""

    validation: ValidationReport
    releases: list[Problem]

    @property
    def problems(self) -> list[Problem]:
        """Every problem, the packages' first."""
        return [*self.validation.problems, *self.releases]


def audit(data_dir: Path, archive_dir: Path | None, lang: str = "id") -> AuditReport:
    """Validate the data as `labkem validate` does and, when it passes, read it beside every archived release."""
    with tempfile.TemporaryDirectory(prefix="labkem-") as scratch:
        report = check_data(data_dir, lang, Path(scratch))
        if not report.valid:
            return AuditReport(report, [])
        return AuditReport(report, release_problems(report.packages, archive_dir, lang))
