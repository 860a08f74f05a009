"""The starter kit: templates for every table, Excel validation rules, schemas, a practice file; stable bytes."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from labkem.data.aggregate import read_households, village_counts
from labkem.data.schemas import regency_schemas
from labkem.downloads.starterkit import starter_kit

VILLAGES = ["33.26.02.2001", "33.26.02.2008"]


def test_kit_holds_every_template_schema_and_a_practice_file(tmp_path: Path) -> None:
    kit = zipfile.ZipFile(starter_kit(tmp_path / "kit.zip", VILLAGES))
    names = set(kit.namelist())
    for table in regency_schemas():
        assert f"templat/{table}.csv" in names and f"schemas/{table}.json" in names
    assert {"templat/templat-kabupaten.xlsx", "latihan/contoh.rumah_tangga.csv", "BACA-SAYA.txt"} <= names
    header = kit.read("templat/observasi.csv").decode()
    assert header == "kode_desa,periode,indikator,nilai,status\n"
    practice = list(csv.DictReader(io.StringIO(kit.read("latihan/contoh.rumah_tangga.csv").decode())))
    assert practice and all(row["nik_kepala"].startswith("NIK-CONTOH-") for row in practice)
    path = tmp_path / "latihan.csv"
    path.write_bytes(kit.read("latihan/contoh.rumah_tangga.csv"))
    counts = village_counts(read_households(path, "33.26", None, VILLAGES))
    assert {k for k, _ in counts} == set(VILLAGES)


def test_workbook_carries_the_column_rules_as_excel_validation(tmp_path: Path) -> None:
    kit = zipfile.ZipFile(starter_kit(tmp_path / "kit.zip", VILLAGES))
    book = load_workbook(io.BytesIO(kit.read("templat/templat-kabupaten.xlsx")))
    assert book.sheetnames[0] == "petunjuk" and set(regency_schemas()) <= set(book.sheetnames)
    rules = {str(v.sqref): (v.type, v.formula1) for v in book["observasi"].data_validations.dataValidation}
    assert rules["E2:E5000"] == ("list", '"c,e,u"')  # status
    assert rules["D2:D5000"][0] == "decimal"  # nilai >= 0
    profil = {str(v.sqref): v.formula1 for v in book["desa_profil"].data_validations.dataValidation}
    assert profil["E2:E5000"] == '"pesisir,perkotaan,pegunungan,pedesaan"'


def test_kit_bytes_do_not_depend_on_the_clock(tmp_path: Path) -> None:
    first = starter_kit(tmp_path / "a.zip", VILLAGES).read_bytes()
    second = starter_kit(tmp_path / "b.zip", VILLAGES).read_bytes()
    assert first == second
    # openpyxl stamps the save time into the workbook's properties; the kit pins it, like every zip entry
    with zipfile.ZipFile(io.BytesIO(first)) as kit:
        workbook = kit.read(next(n for n in kit.namelist() if n.endswith(".xlsx")))
        assert {info.date_time for info in kit.infolist()} == {(2020, 1, 1, 0, 0, 0)}
    with zipfile.ZipFile(io.BytesIO(workbook)) as book:
        core = book.read("docProps/core.xml").decode("utf-8")
    assert re.findall(r"<dcterms:(?:created|modified)[^>]*>([^<]*)<", core) == ["2020-01-01T00:00:00Z"] * 2


# What personal-data scanners look for in Indonesian files: a NIK or KK (16 digits), a mobile number, an
# RT/RW address, and a person's name beside any of them.
SCANNED = {
    "NIK/KK": re.compile(r"(?<!\d)\d{16}(?!\d)"),
    "telepon": re.compile(r"(?<!\d)(?:\+62|62|0)8\d{7,11}(?!\d)"),
    "RT/RW": re.compile(r"\bRT\.?\s*\d+\s*/\s*RW\.?\s*\d+", re.IGNORECASE),
    "nama warga": re.compile(r"\bWarga\b"),
}


def test_nothing_in_the_kit_looks_like_a_person(tmp_path: Path) -> None:
    kit = zipfile.ZipFile(starter_kit(tmp_path / "kit.zip", VILLAGES))
    for name in kit.namelist():
        if name.endswith((".csv", ".txt", ".json")):
            text = kit.read(name).decode("utf-8")
            found = {kind: pattern.findall(text)[:3] for kind, pattern in SCANNED.items() if pattern.search(text)}
            assert found == {}, name


def test_the_scanner_would_flag_the_lookalike_test_files() -> None:
    """The check above can fail: the files tests make to prove that aggregate drops personal data are flagged."""
    from labkem.data.households import fake_households

    rows = fake_households(VILLAGES, "2024", per_village=(2, 2))
    text = "\n".join(",".join(row.values()) for row in rows)
    assert all(pattern.search(text) for pattern in SCANNED.values())
