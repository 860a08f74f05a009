"""The audit: the packages read beside the archived releases, as an adversary reads everything published."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from labkem.cli import app
from labkem.commands.build import build
from labkem.commands.release import freeze_release
from labkem.core.errors import ValidationFailed
from labkem.core.options import BuildOptions
from labkem.data.disclosure import Linkage, Relation, protect_release
from labkem.downloads.audit import audit

from faults import OBS, PLACE, row_of

VALID = __import__("conftest").VALID
RELEASE_DAY = "1735689600"  # 2025-01-01


def _hide(data: Path, hidden: set[str]) -> None:
    """Publish Botosari 2018's desil parts, hiding those named (the values stay as they are)."""
    path = data / OBS
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with (VALID / OBS).open(encoding="utf-8", newline="") as handle:
        values = {r["indikator"]: r["nilai"] for r in csv.DictReader(handle) if (r["kode_desa"], r["periode"]) == PLACE}
    for row in rows:
        if (row["kode_desa"], row["periode"]) == PLACE and row["indikator"].startswith("rt_desil_"):
            row["nilai"], row["status"] = ("", "c") if row["indikator"] in hidden else (values[row["indikator"]], "")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def archived(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder whose archive holds a release with desil 2 and 4 of Botosari 2018 hidden."""
    data = tmp_path / "datapackages"
    shutil.copytree(VALID, data)
    _hide(data, {"rt_desil_2", "rt_desil_4"})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", RELEASE_DAY)
    freeze_release(data, tmp_path / "rilis")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    return data


def test_the_same_data_with_the_same_cells_hidden_discloses_nothing(archived: Path) -> None:
    report = audit(archived, archived.parent / "rilis")
    assert report.problems == []


def test_another_complementary_cell_beside_an_archived_release_is_found(archived: Path) -> None:
    """Desil 2 and 3 hidden now, 2 and 4 then: desil 4 is published now and desil 3 then, so desil 2 follows."""
    _hide(archived, {"rt_desil_2", "rt_desil_3"})
    report = audit(archived, archived.parent / "rilis")
    assert report.validation.problems == []  # each release alone is safe
    found = [(Path(p.path).relative_to(archived).as_posix(), p.row, p.column, p.rule) for p in report.releases]
    assert found == [(OBS, row_of("rt_desil_2"), "status", "cross-release-cell")]
    assert "rilis-2025-01-01" in report.releases[0].message and "rt_desil_2" in report.releases[0].message


def test_the_command_reports_it_in_both_languages_and_exits_1(archived: Path) -> None:
    _hide(archived, {"rt_desil_2", "rt_desil_3"})
    runner = CliRunner()
    result = runner.invoke(app, ["audit", "--data", str(archived)])
    assert result.exit_code == 1
    assert f"observasi.csv:{row_of('rt_desil_2')}:status: cross-release-cell: dibaca bersama rilis" in result.stdout
    english = runner.invoke(app, ["audit", "--data", str(archived), "--lang", "en"])
    assert english.exit_code == 1 and "read beside release rilis-2025-01-01" in english.stdout
    _hide(archived, {"rt_desil_2", "rt_desil_4"})
    clean = runner.invoke(app, ["audit", "--data", str(archived)])
    assert clean.exit_code == 0, clean.stdout


def test_build_refuses_and_leaves_the_site_as_it_was(archived: Path, tmp_path: Path) -> None:
    _hide(archived, {"rt_desil_2", "rt_desil_3"})
    site = tmp_path / "build" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("situs lama", encoding="utf-8")
    with pytest.raises(ValidationFailed) as failure:
        build(archived, site, BuildOptions(pdf="off"))
    assert [p.rule for p in failure.value.problems] == ["cross-release-cell"]  # type: ignore[attr-defined]
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "situs lama"


def test_protection_keeps_hidden_what_an_earlier_release_hid_when_it_must() -> None:
    linkage = Linkage(
        (Relation("T", ("a", "b", "c"), exact=True),), frozenset({"T", "a", "b", "c"}), ("c", "b", "a", "T")
    )
    values = {"a": 2, "b": 40, "c": 30, "T": 72}
    alone = protect_release(values, linkage)
    assert alone.hidden == {"a", "c"}
    earlier = ({"c": 30.0, "T": 72.0}, frozenset({"a", "b"}))  # an earlier release hid b as the partner
    beside = protect_release(values, linkage, earlier=[earlier])
    assert beside.hidden == {"a", "b", "c"}
