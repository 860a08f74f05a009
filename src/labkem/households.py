"""Fake household rapid-scan files for tests and the replication guide. No real person is in them.

Names are "Warga Contoh 0001", NIK-like numbers start with 99 (no province has that code) and
addresses say "Contoh": they look like what a real file holds, so that tests can prove none of it
leaves `labkem aggregate`, while being obviously invented.
"""

from __future__ import annotations

import csv
import hashlib
import random
from collections.abc import Iterable
from pathlib import Path

from .aggregate import FLAG_COLUMNS, MEMBER_COLUMNS, PRACTICE_COLUMN

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
    villages: Iterable[str], periode: str, per_village: tuple[int, int] = (30, 120), seed: str = "contoh"
) -> list[dict[str, str]]:
    """Return invented household rows for the villages, the same for the same arguments."""
    rows = []
    number = 0
    for kode in villages:
        rng = random.Random(int.from_bytes(hashlib.sha256(f"{seed}|{kode}|{periode}".encode()).digest()[:8], "big"))
        for _ in range(rng.randint(*per_village)):
            number += 1
            desil = rng.choice([0, 0, 0, 0, 1, 1, 2, 2, 3, 4, 5, 6])
            poor = 1 <= desil <= 4
            members = rng.randint(1, 7)
            row = {
                "nik_kepala": f"99{number:014d}",
                "nama_kepala": f"Warga Contoh {number:04d}",
                "alamat": f"Dusun Contoh RT {rng.randint(1, 9):03d}/RW {rng.randint(1, 5):03d}",
                "no_hp": f"0800{number:08d}",
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
