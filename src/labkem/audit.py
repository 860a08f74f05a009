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

import csv
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from . import sdc
from .load import PackageRef
from .releases import ReleaseFiles, observations, read_archive
from .settings import DEFAULT_MIN_CELL, INDIKATOR_PACKAGE, SUPPRESSED
from .validate import Problem, ValidationReport, check_data, codebook_linkage
from .validate.messages import render_message

Place = tuple[str, str, str]  # package, village, period


@dataclass(frozen=True)
class Published:
    """One release's view of every village and period: published cells and hidden cells."""

    label: str
    views: dict[Place, sdc.View]


def _views(cells: Iterable[tuple[Place, str, str, str]]) -> dict[Place, sdc.View]:
    """Views from (place, indicator, value, status) cells."""
    published: dict[Place, dict[str, float]] = defaultdict(dict)
    hidden: dict[Place, set[str]] = defaultdict(set)
    for place, indicator, value, status in cells:
        if status == SUPPRESSED:
            hidden[place].add(indicator)
        elif value != "":
            try:
                published[place][indicator] = float(value)
            except ValueError:
                continue  # validation reports a value that is not a number
    return {place: (published[place], frozenset(hidden[place])) for place in published.keys() | hidden.keys()}


def archived_views(release: ReleaseFiles) -> Published:
    """An archived release's observations as views."""
    cells = (((p, k, t), i, v, s) for (p, k, t, i), (v, s) in observations(release).items())
    return Published(release.id, _views(cells))


def _current_rows(refs: Iterable[PackageRef]) -> tuple[Published, dict[tuple[str, str, str, str], tuple[str, int]]]:
    """The packages about to be published as views, and where each cell's row is (path, row number)."""
    cells = []
    rows: dict[tuple[str, str, str, str], tuple[str, int]] = {}
    for ref in refs:
        if ref.role != "kabupaten" or not ref.has_resource("observasi"):
            continue
        path = ref.resource_path("observasi")
        shown = str(ref.source_dir / path.relative_to(ref.directory))
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                place = (ref.name, row["kode_desa"], row["periode"])
                cells.append((place, row["indikator"], row["nilai"], row["status"]))
                rows[(*place, row["indikator"])] = (shown, number)
    return Published("", _views(cells)), rows


def cross_release(
    current: Published, archived: Iterable[Published], linkage: sdc.Linkage, min_cell: int
) -> list[tuple[Place, str, sdc.Finding]]:
    """Every finding of the current release read beside one archived release: (place, release id, finding)."""
    found: list[tuple[Place, str, sdc.Finding]] = []
    for release in archived:
        for place, mine in sorted(current.views.items()):
            theirs = release.views.get(place)
            if theirs is None:
                continue
            both = sdc.merged(mine, theirs)
            if both is None or (both[1] == mine[1] and both[0].keys() == mine[0].keys()):
                continue  # corrected since, or the other release adds nothing: the package's own check covers it
            found.extend((place, release.label, f) for f in sdc.disclosures(*both, linkage, min_cell))
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
    current, rows = _current_rows(regencies)
    problems = []
    for (package, kode, periode), release_id, finding in cross_release(
        current, archived, linkage, _min_cell(regencies)
    ):
        indicator = finding.cell.rsplit("-", 1)[-1]
        path, row = rows.get((package, kode, periode, indicator), (package, None))
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
