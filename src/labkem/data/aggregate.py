"""Household rapid-scan rows in, village aggregates out, with disclosure control applied.

The household file stays on the officer's machine: it is read once, only the columns below are used,
and nothing of a single household (no name, NIK, address, row) is written anywhere. What leaves is one
count per village, period and indicator, with small counts suppressed (sdc.py).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from labkem.core.errors import LabkemError
from labkem.core.settings import DEFAULT_MIN_CELL, PERIODE
from labkem.data import disclosure, workbooks

# household column -> indicator; flags count households, the others add up members.
FLAG_COLUMNS = {
    "tanpa_bansos": "rt_tanpa_bansos",
    "rtlh": "rt_rtlh",
    "air_tidak_terlindungi": "rt_air_tidak_terlindungi",
    "tanpa_jamban": "rt_tanpa_jamban",
    "penerangan_bukan_listrik": "rt_penerangan_bukan_listrik",
    "kepala_tidak_bekerja": "rt_kepala_tidak_bekerja",
}
MEMBER_COLUMNS = {
    "anggota_tanpa_dokumen": "jiwa_tanpa_dokumen",
    "anak_tidak_sekolah": "anak_tidak_sekolah",
    "anggota_penyakit_kronis": "jiwa_penyakit_kronis",
    "anggota_penyakit_kronis_tertangani": "jiwa_penyakit_kronis_tertangani",
    "anggota_disabilitas": "jiwa_disabilitas",
    "anggota_disabilitas_tertangani": "jiwa_disabilitas_tertangani",
    "anggota_terlatih_15_59": "jiwa_terlatih_15_59",
}
HOUSEHOLD_SHEET = "rumah_tangga"  # in a workbook, the household sheet (else its first sheet)
REQUIRED = ("kode_desa", "desil", "jumlah_anggota", *FLAG_COLUMNS, *MEMBER_COLUMNS)
YES = {"1", "ya", "y", "true", "benar"}
# Practice files (scripts/make_households.py) mark every invented row here; real files have no such column.
PRACTICE_COLUMN = "sintetis"
NO = {"0", "tidak", "t", "n", "false", "salah", ""}
OBSERVASI_FIELDS = ["kode_desa", "periode", "indikator", "nilai", "status"]


class HouseholdFileError(LabkemError):
    """Raised by `aggregate` when the household file cannot be read as the rapid-scan layout."""


@dataclass(frozen=True)
class AggregateResult:
    """What `aggregate_file` wrote."""

    path: Path
    villages: int
    households: int
    rows: int
    primary: int
    complementary: int
    warnings: tuple[str, ...]


def _flag(value: str, path: Path, row: int, column: str) -> int:
    text = value.strip().lower()
    if text in YES:
        return 1
    if text in NO:
        return 0
    raise HouseholdFileError(f"{path}:{row}:{column}: nilai '{value}' bukan ya/tidak (1/0); perbaiki isinya")


def _count(value: str, path: Path, row: int, column: str) -> int:
    text = value.strip() or "0"
    if not text.isdigit():
        raise HouseholdFileError(f"{path}:{row}:{column}: '{value}' bukan bilangan bulat >= 0; perbaiki isinya")
    return int(text)


def read_households(path: Path, region: str, periode: str | None, villages: Iterable[str]) -> list[dict[str, object]]:
    """Read the household rows, keeping only the columns the aggregates need; reject anything unclear. The file
    is CSV, or a workbook (.xlsx, .ods) whose `rumah_tangga` sheet (else its first) holds the rows."""
    known = set(villages)
    try:
        if path.suffix.lower() in workbooks.SUFFIXES:
            # a workbook's household sheet, read as the CSV file it would be saved as (its rows kept)
            sheet, text = workbooks.sheet_as_csv(path, HOUSEHOLD_SHEET)
            handle: IO[str] = io.StringIO(text)
            path = Path(f"{path}!{sheet}")
        else:
            handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise HouseholdFileError(f"{path}: tidak bisa dibuka ({error.strerror})") from error
    except workbooks.WorkbookError as error:
        raise HouseholdFileError(str(error)) from error
    with handle:
        sample = handle.readline()
        handle.seek(0)
        reader = csv.DictReader(handle, delimiter=";" if sample.count(";") > sample.count(",") else ",")
        header = [name.strip() for name in reader.fieldnames or []]
        reader.fieldnames = header
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise HouseholdFileError(f"{path}:1: kolom wajib tidak ada: {', '.join(missing)}")
        if periode is None and "periode" not in header:
            raise HouseholdFileError(f"{path}:1: tidak ada kolom periode; beri --periode (mis. 2024 atau 2024-S1)")
        rows: list[dict[str, object]] = []
        for number, raw in enumerate(reader, start=2):
            if not any((value or "").strip() for value in raw.values()):
                continue
            kode = (raw["kode_desa"] or "").strip()
            if not kode.startswith(region + "."):
                raise HouseholdFileError(f"{path}:{number}:kode_desa: {kode} bukan desa di {region}")
            if known and kode not in known:
                raise HouseholdFileError(f"{path}:{number}:kode_desa: {kode} tidak ada di gazetir")
            period = periode or (raw.get("periode") or "").strip()
            if not PERIODE.match(period):
                raise HouseholdFileError(f"{path}:{number}:periode: '{period}' bukan tahun atau semester (2024-S1)")
            desil = _count(raw["desil"], path, number, "desil")
            if desil > 10:
                raise HouseholdFileError(f"{path}:{number}:desil: {desil} di luar 0-10")
            record: dict[str, object] = {"kode_desa": kode, "periode": period, "desil": desil}
            record["jumlah_anggota"] = _count(raw["jumlah_anggota"], path, number, "jumlah_anggota")
            for column in FLAG_COLUMNS:
                record[column] = _flag(raw[column] or "", path, number, column)
            for column in MEMBER_COLUMNS:
                record[column] = _count(raw[column] or "", path, number, column)
            record[PRACTICE_COLUMN] = (raw.get(PRACTICE_COLUMN) or "").strip().lower() in YES
            rows.append(record)
    return rows


def village_counts(households: Iterable[Mapping[str, object]]) -> dict[tuple[str, str], dict[str, int]]:
    """Count every indicator per village and period (before disclosure control)."""
    totals: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for h in households:
        cells = totals[(str(h["kode_desa"]), str(h["periode"]))]
        cells["jumlah_rumah_tangga"] += 1
        cells["jumlah_penduduk"] += int(h["jumlah_anggota"])  # type: ignore[call-overload]
        desil = int(h["desil"])  # type: ignore[call-overload]
        for k in range(1, 5):
            cells[f"rt_desil_{k}"] += desil == k
        poor = 1 <= desil <= 4
        cells["rt_desil_1_4"] += poor
        for column, indicator in FLAG_COLUMNS.items():
            cells[indicator] += int(h[column]) if poor else 0  # type: ignore[call-overload]
        for column, indicator in MEMBER_COLUMNS.items():
            cells[indicator] += int(h[column]) if poor else 0  # type: ignore[call-overload]
    return {key: dict(cells) for key, cells in totals.items()}


def observations(
    counts: Mapping[tuple[str, str], Mapping[str, int]],
    indicators: list[str],
    linkage: disclosure.Linkage,
    min_cell: int = DEFAULT_MIN_CELL,
) -> tuple[list[dict[str, str]], int, int]:
    """Return `observasi` rows with disclosure control applied (the codebook's `linkage`), and the primary and
    complementary counts."""
    rows = []
    primary = complementary = 0
    for (kode, periode), cells in sorted(counts.items()):
        values = {i: cells.get(i, 0) for i in indicators}
        hidden = disclosure.protect(values, linkage, min_cell)
        primary += len(hidden.primary)
        complementary += len(hidden.complementary)
        for indicator in indicators:
            masked = indicator in hidden.hidden
            rows.append(
                {
                    "kode_desa": kode,
                    "periode": periode,
                    "indikator": indicator,
                    "nilai": "" if masked else str(values[indicator]),
                    "status": "c" if masked else "",
                }
            )
    return rows, primary, complementary


def _tracked_by_git(path: Path) -> bool:
    """Tell whether a file sits in a git work tree without being ignored (it could be committed)."""
    try:
        inside = subprocess.run(
            ["git", "rev-parse", "--is-inside-work-tree"], cwd=path.parent, capture_output=True, text=True, check=False
        )
        if inside.stdout.strip() != "true":
            return False
        ignored = subprocess.run(["git", "check-ignore", "-q", path.name], cwd=path.parent, check=False)
    except OSError:
        return False
    return ignored.returncode != 0


def merge_observations(existing: Path, new_rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Replace the rows of the villages and periods just aggregated; keep every other row."""
    replaced = {(r["kode_desa"], r["periode"]) for r in new_rows}
    kept: list[dict[str, str]] = []
    if existing.exists():
        with existing.open(encoding="utf-8-sig", newline="") as handle:
            kept = [r for r in csv.DictReader(handle) if (r["kode_desa"], r["periode"]) not in replaced]
    return sorted([*kept, *new_rows], key=lambda r: (r["kode_desa"], r["periode"]))


def mark_synthetic(descriptor_path: Path) -> bool:
    """Set `synthetic: true` in a package descriptor; return whether it changed."""
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    if descriptor.get("synthetic") is True:
        return False
    descriptor["synthetic"] = True
    descriptor["description"] = (descriptor.get("description", "") + " Angka desa sintetis (data latihan).").strip()
    descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return True


def aggregate_file(
    households: Path,
    region: str,
    out_dir: Path,
    codebook: list[dict[str, str]],
    villages: Iterable[str],
    periode: str | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
) -> AggregateResult:
    """Aggregate a household file into `out_dir/observasi.csv` of a regency package."""
    warnings = []
    if _tracked_by_git(households.resolve()):
        warnings.append(
            f"{households}: berkas rumah tangga ini ada di repositori git dan tidak diabaikan; pindahkan ke luar "
            "repositori atau ke folder data-lokal/ agar tidak ikut ter-commit"
        )
    rows = read_households(households, region, periode, villages)
    if not rows:
        raise HouseholdFileError(f"{households}: tidak ada baris rumah tangga")
    counts = village_counts(rows)
    indicators = [r["id"] for r in codebook]
    new_rows, primary, complementary = observations(
        counts, indicators, disclosure.Linkage.from_codebook(codebook), min_cell
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "observasi.csv"
    merged = merge_observations(target, new_rows)
    temporary = target.with_suffix(".csv.tmp")
    with temporary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=OBSERVASI_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(merged)
    temporary.replace(target)
    descriptor = out_dir / "datapackage.json"
    practice = any(row[PRACTICE_COLUMN] for row in rows)  # invented rows, as practice files mark them
    if practice and descriptor.exists() and mark_synthetic(descriptor):
        warnings.append(
            f"{households}: berkas latihan (kolom {PRACTICE_COLUMN}); {descriptor} ditandai synthetic: true, "
            "sehingga setiap halamannya menyebut angka desanya sintetis"
        )
    return AggregateResult(
        target, len({k for k, _ in counts}), len(rows), len(new_rows), primary, complementary, tuple(warnings)
    )
