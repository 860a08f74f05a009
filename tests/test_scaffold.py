"""`labkem new-region`: an empty valid package for a regency inside or outside Jawa Tengah, then a site."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from labkem.commands.build import build
from labkem.core import paths
from labkem.data.aggregate import aggregate_file
from labkem.data.households import fake_households, write_households
from labkem.data.scaffold import PackageExists, RegionNotFound, new_region, slug
from labkem.validate import check_data

from conftest import PROJECT_DIR, labkem


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_slugs() -> None:
    assert (slug("Kabupaten Cilacap"), slug("Kota Semarang"), slug("Kabupaten Kepulauan Seribu")) == (
        "kab-cilacap",
        "kota-semarang",
        "kab-kepulauan-seribu",
    )


@pytest.mark.slow
def test_a_regency_of_jawa_tengah_is_valid_as_generated(data_dir: Path) -> None:
    result = labkem("new-region", "33.01", "--data", str(data_dir))
    assert result.returncode == 0, result.stderr
    package = data_dir / "kab-cilacap"
    assert len(rows(package / "desa_profil.csv")) == 284
    assert rows(package / "observasi.csv") == []
    assert check_data(data_dir).problems == []
    built = labkem("build", "--data", str(data_dir), "--out", str(data_dir.parent / "build" / "site"))
    assert built.returncode == 0, built.stderr
    assert "kab-cilacap: belum ada observasi" in built.stderr


@pytest.mark.slow
def test_outside_jawa_tengah_the_province_is_added_and_a_site_builds(data_dir: Path, tmp_path: Path) -> None:
    package = data_dir / "kab-malang"
    new_region("35.07", package, data_dir, paths.PROJECT_DIR / "build" / "cache")
    assert {r["kode"] for r in rows(data_dir / "wilayah" / "provinsi.csv")} == {"33", "35"}
    villages = [r["kode_desa"] for r in rows(package / "desa_profil.csv")]
    assert len(villages) == 390 and all(v.startswith("35.07.") for v in villages)
    assert check_data(data_dir).problems == []
    households = tmp_path / "lokal" / "malang.rumah_tangga.csv"
    write_households(households, fake_households(villages, "2024", per_village=(20, 40)))
    codebook = rows(data_dir / "indikator" / "indikator.csv")
    aggregate_file(households, "35.07", package, codebook, villages)
    assert check_data(data_dir).problems == []
    site = build(data_dir, tmp_path / "build" / "site", project_dir=PROJECT_DIR).site_dir
    assert (site / "kabupaten" / "35.07" / "index.html").exists()
    assert (site / "desa" / villages[0] / "index.html").exists()


def test_unknown_code_and_existing_package_are_refused(data_dir: Path) -> None:
    with pytest.raises(RegionNotFound, match="bukan kode kabupaten"):
        new_region("99.99", data_dir / "x", data_dir, paths.PROJECT_DIR / "build" / "cache")
    with pytest.raises(PackageExists, match="tidak tertimpa"):
        new_region("33.26", data_dir / "kab-pekalongan", data_dir, paths.PROJECT_DIR / "build" / "cache")
    assert not (data_dir / "x").exists()
