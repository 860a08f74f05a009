"""Write tests/data/valid: a tiny, valid slice of the embedded sample (8 villages of Kab. Pekalongan).

Run after changing the sample or the data model: `python tests/data/make_valid.py`. Two districts
(Paninggaran and Tirto) with three villages each plus the pilots Botosari and Mulyorejo; the gazetteer
keeps one village of Kab. Pemalang so that faults can use a real code of another regency.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "datapackages"
TARGET = Path(__file__).resolve().parent / "valid"
DISTRICTS = {"33.26.02", "33.26.15"}
PILOTS = {"33.26.02.2008", "33.26.15.2014"}
OTHER_REGENCY_VILLAGE = "33.27.04.2010"

Row = dict[str, str]


def copy_rows(source: Path, target: Path, keep: Callable[[Row], bool]) -> None:
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fieldnames = list(reader.fieldnames or [])
        rows = [row for row in reader if keep(row)]
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    shutil.rmtree(TARGET, ignore_errors=True)
    with (SOURCE / "wilayah" / "desa.csv").open(encoding="utf-8") as handle:
        desa = list(csv.DictReader(handle))
    villages = set(PILOTS)
    for district in sorted(DISTRICTS):
        villages |= set([row["kode"] for row in desa if row["kode_kecamatan"] == district][:3])

    wilayah = TARGET / "wilayah"
    copy_rows(SOURCE / "wilayah" / "provinsi.csv", wilayah / "provinsi.csv", lambda r: True)
    copy_rows(
        SOURCE / "wilayah" / "kabupaten.csv", wilayah / "kabupaten.csv", lambda r: r["kode"] in {"33.26", "33.27"}
    )
    copy_rows(
        SOURCE / "wilayah" / "kecamatan.csv",
        wilayah / "kecamatan.csv",
        lambda r: r["kode"] in DISTRICTS | {OTHER_REGENCY_VILLAGE[:8]},
    )
    copy_rows(
        SOURCE / "wilayah" / "desa.csv", wilayah / "desa.csv", lambda r: r["kode"] in villages | {OTHER_REGENCY_VILLAGE}
    )
    shutil.copy(SOURCE / "wilayah" / "datapackage.json", wilayah / "datapackage.json")
    shutil.copytree(SOURCE / "indikator", TARGET / "indikator")

    regency = SOURCE / "kab-pekalongan"
    descriptor = json.loads((regency / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        source = regency / resource["path"]
        header = source.read_text(encoding="utf-8").splitlines()[0].split(",")
        if resource["name"] == "kecamatan":
            keep: Callable[[Row], bool] = lambda r: r["kode_kecamatan"] in DISTRICTS  # noqa: E731
        elif "kode_desa" in header:
            keep = lambda r: r["kode_desa"] in villages  # noqa: E731
        else:
            keep = lambda r: True  # noqa: E731
        copy_rows(source, TARGET / "kab-pekalongan" / resource["path"], keep)
    shutil.copy(regency / "datapackage.json", TARGET / "kab-pekalongan" / "datapackage.json")
    print(f"{TARGET}: {len(villages)} villages")


if __name__ == "__main__":
    main()
