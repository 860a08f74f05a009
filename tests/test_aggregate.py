"""`labkem aggregate`: household rows in, protected village aggregates out, nothing personal copied."""

from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from labkem.data.aggregate import PRACTICE_COLUMN, HouseholdFileError, aggregate_file, observations, village_counts
from labkem.data.disclosure import Linkage, disclosures
from labkem.data.households import PERSONAL_COLUMNS, fake_households, write_households
from labkem.validate import check_data

from conftest import PROJECT_DIR, labkem

VILLAGES = [
    "33.26.02.2001",
    "33.26.02.2002",
    "33.26.02.2003",
    "33.26.02.2008",
    "33.26.15.2001",
    "33.26.15.2002",
    "33.26.15.2003",
    "33.26.15.2014",
]


def codebook(data_dir: Path) -> list[dict[str, str]]:
    with (data_dir / "indikator" / "indikator.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def household_file(tmp_path: Path) -> Path:
    path = tmp_path / "lokal" / "contoh.rumah_tangga.csv"
    write_households(path, fake_households(VILLAGES, "2024"))
    return path


def test_aggregates_pass_validation_and_keep_other_periods(data_dir: Path, household_file: Path) -> None:
    package = data_dir / "kab-pekalongan"
    before = read(package / "observasi.csv")
    result = aggregate_file(household_file, "33.26", package, codebook(data_dir), VILLAGES)
    after = read(package / "observasi.csv")
    assert result.rows == 8 * 20 and result.villages == 8
    assert len(after) == len(before) + 8 * 20
    assert check_data(data_dir).problems == []
    hidden = [r for r in after if r["periode"] == "2024" and r["status"] == "c"]
    assert len(hidden) == result.primary + result.complementary > 0


def test_nothing_of_a_household_is_written(data_dir: Path, household_file: Path) -> None:
    package = data_dir / "kab-pekalongan"
    aggregate_file(household_file, "33.26", package, codebook(data_dir), VILLAGES)
    text = (package / "observasi.csv").read_text(encoding="utf-8")
    for marker in ("Warga Contoh", "Dusun Contoh", "990000000", "0800000", *PERSONAL_COLUMNS):
        assert marker not in text
    written = {p.relative_to(data_dir) for p in data_dir.rglob("*") if p.is_file()}
    assert not [p for p in written if "rumah_tangga" in p.name]


def test_counts_follow_the_household_rows(data_dir: Path, tmp_path: Path) -> None:
    rows = fake_households(VILLAGES[:1], "2024", per_village=(60, 60))
    path = tmp_path / "satu.csv"
    write_households(path, rows)
    aggregate_file(path, "33.26", tmp_path / "paket", codebook(data_dir), VILLAGES)
    published = {r["indikator"]: r["nilai"] for r in read(tmp_path / "paket" / "observasi.csv")}
    assert published["jumlah_rumah_tangga"] == "60"
    assert published["jumlah_penduduk"] == str(sum(int(r["jumlah_anggota"]) for r in rows))
    poor = sum(1 <= int(r["desil"]) <= 4 for r in rows)
    assert published["rt_desil_1_4"] in (str(poor), "")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda rows: [{k: v for k, v in r.items() if k != "desil"} for r in rows], ":1: kolom wajib tidak ada: desil"),
        (
            lambda rows: [{**rows[0], "kode_desa": "33.27.04.2010"}, *rows[1:]],
            ":2:kode_desa: 33.27.04.2010 bukan desa di 33.26",
        ),
        (
            lambda rows: [{**rows[0], "tanpa_jamban": "mungkin"}, *rows[1:]],
            ":2:tanpa_jamban: nilai 'mungkin' bukan ya/tidak",
        ),
        (lambda rows: [{**rows[0], "desil": "11"}, *rows[1:]], ":2:desil: 11 di luar 0-10"),
    ],
    ids=["missing-column", "other-regency", "bad-flag", "desil-out-of-range"],
)
def test_bad_household_files_are_named_precisely(data_dir: Path, tmp_path: Path, edit, message: str) -> None:  # type: ignore[no-untyped-def]
    rows = edit(fake_households(VILLAGES[:1], "2024", per_village=(5, 5)))
    path = tmp_path / "rusak.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(HouseholdFileError, match=message.replace("(", r"\(")):
        aggregate_file(path, "33.26", tmp_path / "paket", codebook(data_dir), VILLAGES)
    assert not (tmp_path / "paket" / "observasi.csv").exists()


def test_cli_reports_counts_and_refuses_bad_input_without_traceback(data_dir: Path, household_file: Path) -> None:
    ok = labkem(
        "aggregate",
        str(household_file),
        "--region",
        "33.26",
        "--out",
        str(data_dir / "kab-pekalongan"),
        "--data",
        str(data_dir),
    )
    assert ok.returncode == 0, ok.stderr
    assert "160 baris agregat" in ok.stdout and "disamarkan" in ok.stdout
    bad = labkem(
        "aggregate", str(household_file), "--region", "33.27", "--out", str(data_dir / "x"), "--data", str(data_dir)
    )
    assert bad.returncode == 1
    assert "bukan desa di 33.27" in bad.stderr and "Traceback" not in bad.stderr


def test_warns_when_the_household_file_could_be_committed(data_dir: Path, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    path = repo / "rumah.csv"
    write_households(path, fake_households(VILLAGES[:1], "2024", per_village=(3, 3)))
    result = aggregate_file(path, "33.26", tmp_path / "paket", codebook(data_dir), VILLAGES)
    assert result.warnings and "ter-commit" in result.warnings[0]
    (repo / ".gitignore").write_text("*.csv\n")
    assert aggregate_file(path, "33.26", tmp_path / "paket", codebook(data_dir), VILLAGES).warnings == ()


household = st.fixed_dictionaries(
    {
        "kode_desa": st.sampled_from(VILLAGES[:3]),
        "periode": st.just("2024"),
        "desil": st.integers(min_value=0, max_value=10),
        "jumlah_anggota": st.integers(min_value=1, max_value=8),
        **{
            c: st.integers(min_value=0, max_value=1)
            for c in [
                "tanpa_bansos",
                "rtlh",
                "air_tidak_terlindungi",
                "tanpa_jamban",
                "penerangan_bukan_listrik",
                "kepala_tidak_bekerja",
            ]
        },
        **{
            c: st.integers(min_value=0, max_value=3)
            for c in [
                "anggota_tanpa_dokumen",
                "anak_tidak_sekolah",
                "anggota_penyakit_kronis",
                "anggota_disabilitas",
                "anggota_terlatih_15_59",
            ]
        },
        "anggota_penyakit_kronis_tertangani": st.just(0),
        "anggota_disabilitas_tertangani": st.just(0),
    }
)
CODEBOOK = list(csv.DictReader((PROJECT_DIR / "datapackages" / "indikator" / "indikator.csv").open(encoding="utf-8")))
SENSITIVE = {r["id"] for r in CODEBOOK if r["sensitif"] == "true"}
LINKAGE = Linkage.from_codebook(CODEBOOK)


@settings(max_examples=150, deadline=None)
@given(st.lists(household, min_size=1, max_size=80))
def test_published_aggregates_hold_no_small_cell_and_disclose_nothing(rows: list[dict[str, object]]) -> None:
    counts = village_counts(rows)
    published, _, _ = observations(counts, [r["id"] for r in CODEBOOK], LINKAGE)
    for row in published:
        if row["indikator"] in SENSITIVE and row["nilai"]:
            assert not 1 <= int(row["nilai"]) <= 4, row
    by_key: dict[tuple[str, str], dict[str, float]] = {}
    hidden: dict[tuple[str, str], set[str]] = {}
    for row in published:
        key = (row["kode_desa"], row["periode"])
        if row["status"] == "c":
            hidden.setdefault(key, set()).add(row["indikator"])
        else:
            by_key.setdefault(key, {})[row["indikator"]] = float(row["nilai"])
    for key, cells in by_key.items():
        assert disclosures(cells, hidden.get(key, set()), LINKAGE) == []


def test_a_practice_file_marks_the_package_synthetic_and_a_real_one_does_not(data_dir: Path, tmp_path: Path) -> None:
    package = data_dir / "kab-pekalongan"
    descriptor = package / "datapackage.json"

    def set_synthetic(value: bool) -> None:
        data = json.loads(descriptor.read_text(encoding="utf-8"))
        data["synthetic"] = value
        descriptor.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")

    rows = fake_households(VILLAGES, "2025", per_village=(20, 30))
    real = [{k: v for k, v in row.items() if k != PRACTICE_COLUMN} for row in rows]
    set_synthetic(False)
    real_file = tmp_path / "lokal" / "asli.rumah_tangga.csv"
    real_file.parent.mkdir()
    with real_file.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(real[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(real)
    result = aggregate_file(real_file, "33.26", package, codebook(data_dir), VILLAGES)
    assert json.loads(descriptor.read_text(encoding="utf-8"))["synthetic"] is False
    assert not any("berkas latihan" in w for w in result.warnings)
    practice = tmp_path / "lokal" / "latihan.rumah_tangga.csv"
    write_households(practice, rows)
    result = aggregate_file(practice, "33.26", package, codebook(data_dir), VILLAGES)
    assert json.loads(descriptor.read_text(encoding="utf-8"))["synthetic"] is True
    assert any("ditandai synthetic: true" in w for w in result.warnings)
    assert check_data(data_dir).problems == []


@pytest.mark.parametrize("kind", ["xlsx", pytest.param("ods", marks=pytest.mark.slow)])  # ods: LibreOffice
def test_a_household_workbook_gives_the_same_aggregates_as_its_csv(
    data_dir: Path, household_file: Path, tmp_path: Path, kind: str
) -> None:
    """The rapid-scan file kept as a workbook (Excel, or LibreOffice's own .ods): the same village counts, and a
    bad cell named with its sheet and row."""
    import shutil

    from openpyxl import Workbook

    rows = list(csv.reader(household_file.open(encoding="utf-8")))
    book = Workbook()
    sheet = book.active
    sheet.title = "rumah_tangga"
    for row in rows:
        # numbers as numbers, as a spreadsheet keeps them; a village code typed without its dots
        sheet.append([int(c) if c.isdigit() and len(c) < 6 else c for c in row])
    code = rows[0].index("kode_desa")
    sheet.cell(row=2, column=code + 1, value=int(rows[1][code].replace(".", "")))
    workbook = tmp_path / "lokal" / "rumah_tangga.xlsx"
    book.save(workbook)
    if kind == "ods":
        soffice = shutil.which("soffice")
        assert soffice, "LibreOffice is installed by make test (scripts/system_tools.sh)"
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{tmp_path}/profil",
                "--convert-to",
                "ods",
                "--outdir",
                str(workbook.parent),
                str(workbook),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
        workbook = workbook.with_suffix(".ods")
    from_csv, from_workbook = data_dir / "kab-pekalongan", tmp_path / "dari-lembar-kerja"
    shutil.copytree(from_csv, from_workbook)
    aggregate_file(household_file, "33.26", from_csv, codebook(data_dir), VILLAGES)
    aggregate_file(workbook, "33.26", from_workbook, codebook(data_dir), VILLAGES)
    assert (from_workbook / "observasi.csv").read_bytes() == (from_csv / "observasi.csv").read_bytes()

    sheet.cell(row=5, column=rows[0].index("desil") + 1, value="tinggi")
    book.save(tmp_path / "rusak.xlsx")
    with pytest.raises(HouseholdFileError, match=r"rusak\.xlsx!rumah_tangga:5:desil: 'tinggi' bukan bilangan bulat"):
        aggregate_file(tmp_path / "rusak.xlsx", "33.26", from_workbook, codebook(data_dir), VILLAGES)
