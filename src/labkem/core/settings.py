"""Constants of the data model and the publishing rules."""

from __future__ import annotations

import re

# Statistical disclosure control (DESIGN.md section 4). A package may override
# min_cell in its metadata (`labkem.sdc.min_cell`); it can never go below 3.
DEFAULT_MIN_CELL = 5
MIN_DENOMINATOR_FOR_PERCENT = 20
SUPPRESSED = "c"

# Kemendagri codes (Kepmendagri numbering, DOMAIN.md section 4): province PP, regency PP.KK, district PP.KK.CC, village
# PP.KK.CC.DDDD; and observation periods (2024, 2024-S1). The patterns go into the table schemas as they are.
KODE_KABUPATEN_PATTERN = r"\d{2}\.\d{2}"
KODE_KECAMATAN_PATTERN = r"\d{2}\.\d{2}\.\d{2}"
KODE_DESA_PATTERN = r"\d{2}\.\d{2}\.\d{2}\.\d{4}"
PERIODE_PATTERN = r"(19|20)\d{2}(-S[12])?"
KODE_KABUPATEN = re.compile(f"^{KODE_KABUPATEN_PATTERN}$")
PERIODE = re.compile(f"^{PERIODE_PATTERN}$")

# The 7th digit of a village code tells its kind (Kepmendagri numbering).
JENIS_DESA = {"1": "kelurahan", "2": "desa", "3": "desa_adat"}

# Package folders with a fixed role; every other package is a regency package.
WILAYAH_PACKAGE = "wilayah"
INDIKATOR_PACKAGE = "indikator"
BATAS_PACKAGE = "batas"  # boundaries (GeoJSON) for the maps; optional


DESIL_INDICATORS = ("rt_desil_1", "rt_desil_2", "rt_desil_3", "rt_desil_4")
DESIL_TOTAL = "rt_desil_1_4"
HOUSEHOLDS_INDICATOR = "jumlah_rumah_tangga"
POPULATION_INDICATOR = "jumlah_penduduk"

# Pentahelix actors as the programmes name them.
PENTAHELIX = (
    "pemerintah_kabupaten",
    "pemerintah_desa",
    "dunia_usaha",
    "perguruan_tinggi",
    "masyarakat",
)
