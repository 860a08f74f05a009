"""The embedded sample: real gazetteer counts, official validator, privacy rule, determinism, provenance."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from frictionless import validate

from conftest import PROJECT_DIR

DATA = PROJECT_DIR / "datapackages"
REGENCIES = {
    "kab-pekalongan": ("33.26", 285, 19),
    "kab-pemalang": ("33.27", 223, 14),
    "kab-purworejo": ("33.06", 494, 16),
}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("package", ["wilayah", "indikator", *REGENCIES])
def test_official_frictionless_validator_finds_every_package_valid(package: str) -> None:
    report = validate(str(DATA / package / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_gazetteer_is_jawa_tengah_with_its_licence() -> None:
    assert len(rows(DATA / "wilayah" / "kabupaten.csv")) == 35
    assert len(rows(DATA / "wilayah" / "kecamatan.csv")) == 576
    assert len(rows(DATA / "wilayah" / "desa.csv")) == 8563
    descriptor = json.loads((DATA / "wilayah" / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "ODbL-1.0"
    assert "idn-area-data 4.0.1" in descriptor["description"]


@pytest.mark.parametrize(("package", "facts"), REGENCIES.items())
def test_regency_package_covers_every_village_of_its_regency(package: str, facts: tuple[str, int, int]) -> None:
    kode, villages, districts = facts
    profil = rows(DATA / package / "desa_profil.csv")
    assert len(profil) == villages
    assert len(rows(DATA / package / "kecamatan.csv")) == districts
    assert all(r["kode_desa"].startswith(kode + ".") for r in profil)
    descriptor = json.loads((DATA / package / "datapackage.json").read_text())
    assert descriptor["synthetic"] is True
    assert descriptor["labkem"]["kode_kabupaten"] == kode
    assert descriptor["labkem"]["sdc"]["min_cell"] == 5
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"


@pytest.mark.parametrize("package", REGENCIES)
def test_no_sensitive_count_between_1_and_4_is_published(package: str) -> None:
    codebook = {r["id"]: r["sensitif"] == "true" for r in rows(DATA / "indikator" / "indikator.csv")}
    small = [
        r
        for r in rows(DATA / package / "observasi.csv")
        if codebook[r["indikator"]] and r["nilai"] and 1 <= float(r["nilai"]) <= 4
    ]
    assert small == []


def test_named_programme_villages_are_real_and_sourced() -> None:
    named = {
        "kab-pekalongan": {"33.26.02.2008", "33.26.14.2009", "33.26.15.2014"},
        "kab-pemalang": {"33.27.04.2010", "33.27.13.2005", "33.27.09.2018"},
    }
    for package, codes in named.items():
        members = {r["kode_desa"]: r for r in rows(DATA / package / "program_desa.csv")}
        for code in codes:
            assert members[code]["sintetis"] == "false"
            assert members[code]["sumber"] and members[code]["sumber"] != "sintetis"
    purworejo = rows(DATA / "kab-purworejo" / "program_desa.csv")
    assert len(purworejo) == 54 and all(r["sintetis"] == "true" for r in purworejo)


def test_unverified_bps_values_stay_out() -> None:
    years = {int(r["tahun"]) for r in rows(DATA / "kab-pekalongan" / "kemiskinan_kabupaten.csv")}
    assert 2018 not in years  # 10.06 is marked UNVERIFIED in the domain notes
    pemalang = {int(r["tahun"]) for r in rows(DATA / "kab-pemalang" / "kemiskinan_kabupaten.csv")}
    assert not pemalang & {2016, 2017, 2019}


@pytest.mark.slow  # regenerates the whole sample and freezes two releases
def test_sample_generator_is_deterministic(tmp_path: Path) -> None:
    """Regenerating the sample into a fresh folder gives the committed bytes."""
    copy = tmp_path / "datapackages"
    (copy / "indikator").mkdir(parents=True)
    (copy / "indikator" / "indikator.csv").write_bytes((DATA / "indikator" / "indikator.csv").read_bytes())
    (copy / "wilayah").symlink_to(DATA / "wilayah")
    (copy / "situs.yml").write_bytes((DATA / "situs.yml").read_bytes())
    subprocess.run(
        [sys.executable, "scripts/make_sample.py", "--data", str(copy)],
        cwd=PROJECT_DIR,
        check=True,
        capture_output=True,
    )
    for package in ["indikator", *REGENCIES]:
        for path in sorted((DATA / package).iterdir()):
            assert (copy / package / path.name).read_bytes() == path.read_bytes(), path
    # the two archived releases, frozen by `labkem release`'s own code on their own days
    archive = PROJECT_DIR / "rilis"
    written = sorted(p.relative_to(tmp_path / "rilis") for p in (tmp_path / "rilis").rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(archive) for p in archive.rglob("*") if p.is_file())
    for name in written:
        assert (tmp_path / "rilis" / name).read_bytes() == (archive / name).read_bytes(), name


def observations_of(package: str) -> list[dict[str, str]]:
    return rows(DATA / package / "observasi.csv")


def test_the_sample_reaches_every_privacy_path() -> None:
    """Hidden desil totals, villages too small for a share, roll-ups shown as "sedikitnya N"."""
    from labkem.data.load import find_packages, read_regency
    from labkem.transform.facts import Codebook
    from labkem.transform.regency import build_regency

    hidden_totals = [
        r for p in REGENCIES for r in observations_of(p) if r["indikator"] == "rt_desil_1_4" and r["status"] == "c"
    ]
    small = {
        (r["kode_desa"], r["periode"])
        for p in REGENCIES
        for r in observations_of(p)
        if r["indikator"] == "jumlah_rumah_tangga" and r["nilai"] and int(r["nilai"]) < 20
    }
    assert hidden_totals and small
    refs = {ref.name: ref for ref in find_packages(DATA)}
    codebook = Codebook.from_frame(refs["indikator"].read("indikator"))
    at_least = [
        d.desil_households
        for package in REGENCIES
        for d in build_regency(read_regency(refs[package]), codebook, package).regency.districts
        if d.desil_households.startswith("sedikitnya")
    ]
    assert at_least


def test_handled_shares_vary_so_no_ratio_can_be_pinned() -> None:
    """Handled ÷ total differs from village to village within one regency, period and programme membership."""
    for package in REGENCIES:
        members = {r["kode_desa"] for r in rows(DATA / package / "program_desa.csv")}
        shares: dict[tuple[str, bool], list[float]] = {}
        cells = {(r["kode_desa"], r["periode"], r["indikator"]): r["nilai"] for r in observations_of(package)}
        for (kode, periode, indicator), value in cells.items():
            handled = cells.get((kode, periode, indicator + "_tertangani"))
            if indicator in ("jiwa_penyakit_kronis", "jiwa_disabilitas") and value and handled and int(value) >= 20:
                shares.setdefault((periode, kode in members), []).append(round(int(handled) / int(value), 2))
        assert all(len(set(found)) > 10 for found in shares.values() if len(found) >= 20), package


def test_the_archived_releases_give_the_changelog_every_kind_of_change() -> None:
    from labkem.downloads.releases import changes_between, read_archive

    first, second = read_archive(PROJECT_DIR / "rilis")
    kinds = {change.kind for change in changes_between(first, second)}
    assert {"baru", "berubah", "disamarkan", "dibuka"} <= kinds
