"""Fake household rapid-scan files for tests and the replication guide. No real person is in them.

Two kinds. The practice file of the starter kit (`lookalike=False`) fills the personal columns with
placeholders that say what belongs there ("NIK-CONTOH-0001", "Alamat contoh") and nothing that a
personal-data scanner would take for a person: no 16-digit number, no phone number, no RT/RW address.
Test files (`lookalike=True`) hold values shaped like real ones (NIK-like numbers starting with 99, which
no province has, names "Warga Contoh 0001", RT/RW addresses), so that tests can prove none of it leaves
`labkem aggregate`; they never leave the machine that made them.
"""

from __future__ import annotations

import csv
import hashlib
import random
from collections.abc import Iterable
from pathlib import Path

from labkem.data.aggregate import FLAG_COLUMNS, MEMBER_COLUMNS, PRACTICE_COLUMN

PERSONAL_COLUMNS = ["nik_kepala", "nama_kepala", "alamat", "no_hp"]
COLUMNS = [
    *PERSONAL_COLUMNS,
    "kode_desa",
    "periode",
    "desil",
    "jumlah_anggota",
    *FLAG_COLUMNS,
    *MEMBER_COLUMNS,
    PRACTICE_COLUMN,
]


def fake_households(
    villages: Iterable[str],
    periode: str,
    per_village: tuple[int, int] = (30, 120),
    seed: str = "contoh",
    lookalike: bool = True,
) -> list[dict[str, str]]:
    """Return invented household rows for the villages, the same for the same arguments; with `lookalike`,
    the personal columns hold values shaped like real ones, else plain placeholders."""
    rows = []
    number = 0
    for kode in villages:
        rng = random.Random(int.from_bytes(hashlib.sha256(f"{seed}|{kode}|{periode}".encode()).digest()[:8], "big"))
        for _ in range(rng.randint(*per_village)):
            number += 1
            desil = rng.choice([0, 0, 0, 0, 1, 1, 2, 2, 3, 4, 5, 6])
            poor = 1 <= desil <= 4
            members = rng.randint(1, 7)
            rt, rw = rng.randint(1, 9), rng.randint(1, 5)
            personal = (
                (
                    f"99{number:014d}",
                    f"Warga Contoh {number:04d}",
                    f"Dusun Contoh RT {rt:03d}/RW {rw:03d}",
                    f"0800{number:08d}",
                )
                if lookalike
                else (
                    f"NIK-CONTOH-{number:04d}",
                    f"Rumah Tangga Contoh {number:04d}",
                    "Alamat contoh",
                    f"HP-CONTOH-{number:04d}",
                )
            )
            row = {
                **dict(zip(PERSONAL_COLUMNS, personal, strict=True)),
                "kode_desa": kode,
                "periode": periode,
                "desil": str(desil),
                "jumlah_anggota": str(members),
                PRACTICE_COLUMN: "ya",
            }
            for column in FLAG_COLUMNS:
                row[column] = "ya" if poor and rng.random() < 0.15 else "tidak"
            chronic = rng.random() < 0.2
            disabled = rng.random() < 0.06
            row.update(
                anggota_tanpa_dokumen=str(rng.randint(1, 2) if rng.random() < 0.1 else 0),
                anak_tidak_sekolah=str(1 if rng.random() < 0.07 else 0),
                anggota_penyakit_kronis=str(int(chronic)),
                anggota_penyakit_kronis_tertangani=str(int(chronic and rng.random() < 0.6)),
                anggota_disabilitas=str(int(disabled)),
                anggota_disabilitas_tertangani=str(int(disabled and rng.random() < 0.5)),
                anggota_terlatih_15_59=str(1 if rng.random() < 0.08 else 0),
            )
            rows.append(row)
    return rows


def write_households(path: Path, rows: list[dict[str, str]]) -> None:
    """Write the fake rows as CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
