"""The command line: exit codes, the one-line format, JSON output, and a site left untouched on failure."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import kill_build_when, labkem, tree_digest
from faults import FAULTS


def test_validate_valid_data_exits_0(data_dir: Path) -> None:
    result = labkem("validate", "--data", str(data_dir))
    assert result.returncode == 0
    assert result.stdout == ""
    assert "Semua paket valid" in result.stderr


def test_validate_prints_one_line_per_problem_and_exits_1(data_dir: Path) -> None:
    chosen = [FAULTS[i] for i in (0, 2, 4, 7, 9)]  # five faults in different cells
    for fault in chosen:
        fault.apply(data_dir)
    result = labkem("validate", "--data", str(data_dir))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    expected_rules = [e[3] for f in chosen for e in f.expected]
    assert sorted(line.split(": ")[1] for line in lines) == sorted(expected_rules)
    assert f"{data_dir}/kab-pekalongan/observasi.csv:2:nilai: type-error: nilai 'banyak' bukan number" in result.stdout


def test_validate_english_and_json(data_dir: Path) -> None:
    FAULTS[0].apply(data_dir)
    english = labkem("validate", "--data", str(data_dir), "--lang", "en")
    assert "is not the number that column nilai needs" in english.stdout
    report = json.loads(labkem("validate", "--data", str(data_dir), "--format", "json").stdout)
    assert report["valid"] is False
    [problem] = report["problems"]
    assert (problem["row"], problem["column"], problem["rule"]) == (2, "nilai", "type-error")


def test_validate_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = labkem("validate", "--data", str(tmp_path / "nothing"))
    assert result.returncode == 1
    assert "folder data tidak ditemukan" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_takes_one_package_its_folder_or_its_descriptor(data_dir: Path, tmp_path: Path) -> None:
    # another package of the folder is broken: naming one package checks that one and its reference packages only
    (data_dir / "kab-rusak").mkdir()
    (data_dir / "kab-rusak" / "datapackage.json").write_text("{ bukan json", encoding="utf-8")
    assert "kab-rusak/datapackage.json:1" in labkem("validate", "--data", str(data_dir)).stdout
    for one in (data_dir / "kab-pekalongan", data_dir / "kab-pekalongan" / "datapackage.json"):
        result = labkem("validate", "--data", str(one))
        assert (result.returncode, result.stdout) == (0, ""), result.stdout
    # a package elsewhere: its reference packages are not beside it until they are named
    elsewhere = tmp_path / "baru" / "kab-pekalongan"
    shutil.copytree(data_dir / "kab-pekalongan", elsewhere)
    alone = labkem("validate", "--data", str(elsewhere))
    assert alone.returncode == 1
    assert f"{elsewhere.parent}/wilayah/datapackage.json: package-missing: paket wajib tidak ditemukan" in alone.stdout
    assert "--rujukan" in alone.stdout and "Traceback" not in alone.stderr
    named = labkem("validate", "--data", str(elsewhere), "--rujukan", str(data_dir))
    assert (named.returncode, named.stdout) == (0, ""), named.stderr
    # a broken reference package beside the one named is reported as what it is
    (data_dir / "wilayah" / "datapackage.json").write_text("{ bukan json", encoding="utf-8")
    beside = labkem("validate", "--data", str(data_dir / "kab-pekalongan")).stdout
    assert "wilayah/datapackage.json:1:3: json:" in beside and "package-missing" not in beside


@pytest.mark.slow
def test_failed_build_leaves_the_published_site_byte_for_byte(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "build" / "site"
    first = labkem("build", "--data", str(data_dir), "--out", str(out))
    assert first.returncode == 0, first.stderr
    before = tree_digest(out)
    FAULTS[4].apply(data_dir)  # desil above households
    second = labkem("build", "--data", str(data_dir), "--out", str(out))
    assert second.returncode == 1
    assert "desil-above-households" in second.stdout
    assert "tidak ada yang ditulis" in second.stderr
    assert tree_digest(out) == before


@pytest.mark.slow
def test_build_killed_halfway_leaves_the_site_and_the_next_build_cleans_up(tmp_path: Path, data_dir: Path) -> None:
    out = tmp_path / "build" / "site"
    assert labkem("build", "--data", str(data_dir), "--out", str(out)).returncode == 0
    before = tree_digest(out)
    # killed while MkDocs writes the hand-written pages and shells into a fresh folder (--full: with the same
    # inputs as the last build, MkDocs would not run at all)
    fresh = ".generator.baru"
    kill_build_when(
        ["build", "--data", str(data_dir), "--out", str(out), "--full"],
        out.parent / "cache" / "terbit",
        fresh,
        60,
        0.2,
    )
    assert tree_digest(out) == before
    assert labkem("build", "--data", str(data_dir), "--out", str(out)).returncode == 0
    assert list((out.parent / "cache" / "terbit").glob(fresh)) == []
    assert tree_digest(out) == before


def test_html_report_groups_problems_and_escapes_cells(data_dir: Path, tmp_path: Path) -> None:
    from bs4 import BeautifulSoup

    from faults import FAULTS

    for name in ("bad-type", "nik-in-text"):
        next(f for f in FAULTS if f.name == name).apply(data_dir)
    profil = data_dir / "kab-pekalongan" / "desa_profil.csv"
    profil.write_text(profil.read_text().replace("Werdi", "<script>x</script>", 1))
    report = tmp_path / "validasi.html"
    result = labkem("validate", "--data", str(data_dir), "--html", str(report))
    assert result.returncode == 1
    page = BeautifulSoup(report.read_text(encoding="utf-8"), "html.parser")
    assert page.find("script") is None
    assert "isi '<script>x</script>' berbeda dari gazetir" in page.get_text()
    headings = [h.get_text() for h in page.select("h2 code")]
    assert [h.rsplit("/", 1)[-1] for h in headings] == ["desa_profil.csv", "intervensi.csv", "observasi.csv"]
    rules = [td.get_text() for td in page.select("td code")]
    # the planted tag is markup as well as a name that differs from the gazetteer
    assert rules == ["markup-cell", "gazetteer-mismatch", "personal-data", "type-error"]
    assert "4 masalah ditemukan" in page.get_text()


def test_a_package_made_elsewhere_is_told_how_to_check_it_and_that_check_passes(data_dir: Path, tmp_path: Path) -> None:
    made = labkem("new-region", "33.01", "--out", str(tmp_path / "baru" / "kab-cilacap"), "--data", str(data_dir))
    assert made.returncode == 0, made.stderr
    check = made.stdout.split("periksa dengan `labkem ")[1].split("`")[0].split()
    assert check[:2] == ["validate", "--data"] and "--rujukan" in check
    result = labkem(*check)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout
