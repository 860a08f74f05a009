"""Validation: the valid fixture passes; every fault of the catalogue reports exactly its rule and place."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from labkem import validate
from labkem.data.load import PackageRef
from labkem.validate import Note, Problem, check_data, validate_packages

from conftest import PROJECT_DIR
from faults import FAULTS, Fault, RawFault


def _table(problems: list[Problem], data_dir: Path) -> list[tuple[str, int | None, str | None, str]]:
    prefix = str(data_dir) + "/"
    return [(p.path.removeprefix(prefix), p.row, p.column, p.rule) for p in problems]


def test_valid_fixture_has_no_problem(data_dir: Path) -> None:
    assert validate_packages(data_dir) == []


def test_embedded_sample_has_no_problem() -> None:
    assert validate_packages(Path("datapackages")) == []


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.name)
def test_fault_is_reported_exactly(fault: Fault | RawFault, data_dir: Path) -> None:
    fault.apply(data_dir)
    found = _table(validate_packages(data_dir), data_dir)
    # a row of None in the catalogue means "whichever row the edit hit": compare the rest
    expected = [(f, r, c, rule) for f, r, c, rule in fault.expected]
    if any(r is None for _, r, _, _ in expected):
        found = [(f, None, c, rule) for f, _, c, rule in found]
    assert found == expected


def test_messages_are_indonesian_by_default_and_english_on_request(data_dir: Path) -> None:
    FAULTS[0].apply(data_dir)
    [indonesian] = validate_packages(data_dir)
    [english] = validate_packages(data_dir, lang="en")
    assert "perbaiki" in indonesian.message
    assert "fix the cell" in english.message
    assert indonesian.format().endswith(": type-error: " + indonesian.message)
    assert ":2:nilai: type-error: " in indonesian.format()


def test_small_cell_message_names_the_threshold(data_dir: Path) -> None:
    small = next(f for f in FAULTS if f.name == "small-cell")
    small.apply(data_dir)
    [problem] = validate_packages(data_dir)
    assert "angka sensitif 3 ada di antara 1 dan 4" in problem.message


def test_missing_gazetteer_is_reported(data_dir: Path) -> None:
    import shutil

    shutil.rmtree(data_dir / "wilayah")
    [problem] = validate_packages(data_dir)
    assert problem.rule == "package-missing"
    assert problem.path.endswith("wilayah/datapackage.json")


def test_official_validator_runs_our_checks(data_dir: Path) -> None:
    """Our rules are Frictionless checks: the official API reports them under their own type."""
    from frictionless import Checklist, Package

    from labkem.validate import checks

    small = next(f for f in FAULTS if f.name == "small-cell")
    small.apply(data_dir)
    package = Package(str(data_dir / "kab-pekalongan" / "datapackage.json"))
    sensitive = frozenset({"anak_tidak_sekolah"})
    report = package.validate(checklist=Checklist(checks=[checks.small_cell(sensitive, 5)]))
    flat = report.flatten(["fieldName", "type"])
    assert flat == [["nilai", "small-cell"]]


def test_constraint_messages_speak_plainly(data_dir: Path) -> None:
    for name in ("period-malformed", "unknown-typology"):
        next(f for f in FAULTS if f.name == name).apply(data_dir)
    messages = [p.message for p in validate_packages(data_dir)]
    assert "harus berbentuk tahun (2024) atau semester (2024-S1)" in messages[0] + messages[1]
    assert any("harus salah satu dari ['pesisir'" in m for m in messages)


def test_regencies_checked_side_by_side_report_in_package_order(tmp_path: Path) -> None:
    """The sample's three regencies are checked in worker processes; problems come back file by file, in order."""
    data = tmp_path / "datapackages"
    shutil.copytree(PROJECT_DIR / "datapackages", data)
    for name in ("kab-purworejo", "kab-pemalang"):
        table = data / name / "observasi.csv"
        lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
        kode, periode, indikator, _nilai, status = lines[1].rstrip("\n").split(",")
        lines[1] = f"{kode},{periode},{indikator},banyak,{status}\n"
        table.write_text("".join(lines), encoding="utf-8")
    problems = [p for p in validate_packages(data) if p.rule == "type-error"]
    assert [(Path(p.path).parts[-2], p.row, p.column) for p in problems] == [
        ("kab-pemalang", 2, "nilai"),
        ("kab-purworejo", 2, "nilai"),
    ]


def test_an_official_place_name_is_not_taken_for_a_person(data_dir: Path) -> None:
    """Kecamatan Ibu Utara exists (Halmahera Barat); "Ibu" and a name elsewhere is still a person."""
    for table in (data_dir / "wilayah" / "kecamatan.csv", data_dir / "kab-pekalongan" / "kecamatan.csv"):
        table.write_text(table.read_text(encoding="utf-8").replace("Paninggaran", "Ibu Utara"), encoding="utf-8")
    assert validate_packages(data_dir) == []
    potensi = data_dir / "kab-pekalongan" / "potensi_desa.csv"
    original = potensi.read_text(encoding="utf-8").splitlines(keepends=True)

    def with_note(note: str) -> list[tuple[int | None, str | None, str]]:
        lines = [*original]
        lines[1] = lines[1].rstrip("\n") + note + "\n"  # the last column, keterangan
        potensi.write_text("".join(lines), encoding="utf-8")
        return [(p.row, p.column, p.rule) for p in validate_packages(data_dir)]

    assert with_note("Ibu Utara") == []
    assert with_note("Ibu Sumarni") == [(2, "keterangan", "personal-data")]


def test_the_memo_skips_packages_that_passed_and_checks_changed_ones_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "datapackages"
    shutil.copytree(PROJECT_DIR / "datapackages", data)
    memo = tmp_path / "cache" / "validasi.json"
    checked: list[list[str]] = []
    prepared: list[list[str]] = []
    original, prepare = validate._check_regencies, validate._prepare_packages

    def spy(refs: list[PackageRef], context: validate.Context, lang: str, jobs: int) -> Iterator[list[Problem]]:
        checked.append([ref.name for ref in refs])
        return original(refs, context, lang, jobs)

    def prepare_spy(refs: list[PackageRef], *args: Any) -> Iterator[tuple[PackageRef, list[Note], list[Problem]]]:
        prepared.append([ref.name for ref in refs])
        return prepare(refs, *args)

    monkeypatch.setattr(validate, "_check_regencies", spy)
    monkeypatch.setattr(validate, "_prepare_packages", prepare_spy)
    assert check_data(data, memo_file=memo).valid
    assert check_data(data, memo_file=memo).valid
    assert checked == [["kab-pekalongan", "kab-pemalang", "kab-purworejo"], []]
    # packages with nothing to normalise are not read again either (they are read on all cores the first time)
    assert len(prepared[0]) == 6 and prepared[1] == []  # batas, indikator, three regencies, wilayah

    observations = data / "kab-pemalang" / "observasi.csv"
    text = observations.read_text(encoding="utf-8")
    remembered = memo.read_bytes()
    observations.write_text(text.replace(",5581,", ",lima ribu,", 1), encoding="utf-8")
    for _ in range(2):  # a package with problems is not remembered: reported on every run
        report = check_data(data, memo_file=memo)
        assert [(p.path.split("/")[-1], p.rule) for p in report.problems] == [("observasi.csv", "type-error")]
    assert checked[-2:] == [["kab-pemalang"], ["kab-pemalang"]]
    assert memo.read_bytes() == remembered  # a run with problems leaves the record of the last clean run alone

    observations.write_text(text, encoding="utf-8")
    assert check_data(data, memo_file=memo).valid
    assert checked[-1] == []  # the same files as in the last clean run

    class NextYear(date):
        @classmethod
        def today(cls) -> NextYear:
            return cls(date.today().year + 1, 1, 1)

    # on another day everything is checked again: a period may have stopped lying in the future
    monkeypatch.setattr(validate, "date", NextYear)
    assert check_data(data, memo_file=memo).valid
    assert checked[-1] == ["kab-pekalongan", "kab-pemalang", "kab-purworejo"]


def test_a_regency_or_programme_published_twice_is_refused(data_dir: Path) -> None:
    # the same regency under a second folder name: its pages and its programme's page would overwrite the first's
    shutil.copytree(data_dir / "kab-pekalongan", data_dir / "kab-pekalongan-salinan")
    problems = validate_packages(data_dir)
    assert _table(problems, data_dir) == [
        ("kab-pekalongan-salinan/datapackage.json", None, None, "regency-twice"),
        ("kab-pekalongan-salinan/program.csv", 2, "id", "programme-id-taken"),
    ]
    assert "kab-pekalongan" in problems[0].message and "program/lab-kemiskinan/" in problems[1].message


def test_a_broken_programme_table_is_reported_as_such_not_compared_across_packages(data_dir: Path) -> None:
    shutil.copytree(data_dir / "kab-pekalongan", data_dir / "kab-pekalongan-salinan")
    table = data_dir / "kab-pekalongan-salinan" / "program.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("id,nama,", "kode,nama,", 1), encoding="utf-8")
    rules = {problem.rule for problem in validate_packages(data_dir)}
    assert rules and "programme-id-taken" not in rules and "regency-twice" not in rules


def test_a_delimiter_the_file_does_not_use_is_reported_not_a_crash(data_dir: Path) -> None:
    """With `;` declared for a comma-separated `observasi`, the header reads as one column: the missing and
    misnamed columns are reported, and no check of ours trips over the columns the rows lack."""
    path = data_dir / "kab-pekalongan" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    [observasi] = [resource for resource in descriptor["resources"] if resource["name"] == "observasi"]
    observasi["dialect"] = {"delimiter": ";"}
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    problems = validate_packages(data_dir)
    assert problems and {Path(problem.path).name for problem in problems} == {"observasi.csv"}
    assert [(p.row, p.column, p.rule) for p in problems if p.row == 1] == [
        (1, "periode", "missing-label"),
        (1, "indikator", "missing-label"),
        (1, "nilai", "missing-label"),
        (1, "status", "missing-label"),
        (1, "kode_desa", "incorrect-label"),
    ]
