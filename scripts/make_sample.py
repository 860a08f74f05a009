"""Write the embedded sample: the codebook descriptor and three regency packages.

Real facts (the gazetteer, BPS regency poverty series, programme facts and the villages the
programmes named) carry their source. Every village value (indicators, IDM scores, typology,
interventions, economic potential, and the priority lists the programmes did not publish) is
synthetic: drawn from a seeded generator, so the same command always writes the same bytes, and
marked `synthetic` in the package and `sintetis` in the rows where real and synthetic rows mix.

    python scripts/make_sample.py [--data datapackages]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from labkem.commands.release import freeze_release
from labkem.core import paths
from labkem.core.settings import DEFAULT_MIN_CELL, INDIKATOR_PACKAGE, MIN_DENOMINATOR_FOR_PERCENT, WILAYAH_PACKAGE
from labkem.data import disclosure, site_settings
from labkem.data.gazetteer import ATTRIBUTION as GAZETTEER_ATTRIBUTION
from labkem.data.gazetteer import LICENSE as ODBL
from labkem.data.gazetteer import write_csv
from labkem.data.schemas import indikator_schema, regency_schemas, resource_descriptor
from labkem.downloads.releases import ARCHIVE_DIR

VERSION = "0.1.0"
CC_BY = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "CC BY 4.0"}
PUBLISHER = {"title": "Lab Kemiskinan Terbuka", "role": "publisher"}
SYNTHETIC = "sintetis"
SDC_RULE = (
    "Jumlah rumah tangga atau jiwa dengan atribut sensitif antara 1 dan min_cell-1 tidak diterbitkan "
    "(nilai kosong, status c). Nol boleh diterbitkan. Selisih total dan bagiannya (bagian_dari di buku kode, "
    "misalnya disabilitas dan yang tertangani) diperlakukan sebagai sel tersendiri. Sel pendamping dipilih "
    "menurut urutan indikator yang tetap, bukan menurut besarnya, sampai tidak ada sel tersamar yang bisa "
    "dihitung atau dipersempit dari semua yang terbit, termasuk rilis sebelumnya. Persentase tidak diterbitkan "
    "bila pembilangnya disamarkan atau penyebutnya di bawah min_denominator."
)

OPD = [
    ("bappeda", "Badan Perencanaan Pembangunan Daerah"),
    ("dinsos", "Dinas Sosial"),
    ("dinkes", "Dinas Kesehatan"),
    ("disdik", "Dinas Pendidikan dan Kebudayaan"),
    ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("disperkim", "Dinas Perumahan dan Kawasan Permukiman"),
    ("dispertan", "Dinas Pertanian dan Pangan"),
    ("dinkop", "Dinas Koperasi dan Usaha Mikro"),
    ("disnaker", "Dinas Tenaga Kerja"),
    ("dispermades", "Dinas Pemberdayaan Masyarakat dan Desa"),
    ("dlh", "Dinas Lingkungan Hidup"),
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ("dinperikanan", "Dinas Kelautan dan Perikanan"),
    ("dp3akb", "Dinas Pengendalian Penduduk, KB, Pemberdayaan Perempuan dan Perlindungan Anak"),
]


@dataclass(frozen=True)
class Fact:
    """A real statement with its source."""

    value: Any
    source: str


@dataclass
class Regency:
    """What the sample knows about one regency: real facts plus the parameters of its synthetic data."""

    kode: str
    slug: str
    periods: tuple[str, ...]
    poverty: list[tuple[int, float, int | None, int | None, str]]
    program: dict[str, Any]
    outcomes: list[tuple[str, float | None, str, str]]
    named_villages: list[tuple[str, int, str, str | None, str]]  # kode, kohort, peran, opd, sumber
    synthetic_members: int
    synthetic_peran: str
    synthetic_kohort: int
    poor_share: float
    tipologi: dict[str, str] = field(default_factory=dict)


DETIK_2018 = "detikcyber.com 2018-12-13, peluncuran Laboratorium Kemiskinan"
RADAR_2020 = "radarpekalongan.disway.id 2020-02-14 (Kepala Bappeda Litbang Kab. Pekalongan)"
KIPP = (
    "Etalase Pelayanan Publik KemenPAN-RB, 'Laboratorium Kemiskinan (Jurus Jitu Pengentasan Kemiskinan "
    "Berkearifan Lokal)', TOP 45 KIPP 2020"
)
PEMKAB_2024 = "pekalongankab.go.id 2024-10-09, 'Tingkat kemiskinan di Kabupaten Pekalongan cenderung turun'"
PROKOMPIM = "prokompim.setda.pekalongankab.go.id, pidato LKPJ Bupati 2021"
BAPPEDA_PML = (
    "bappeda.pemalangkab.go.id, 'Gerakan Satu Perangkat Daerah Satu Desa Dampingan Menuju Desa Aman dan Sejahtera'"
)
KEPBUP_PML = "Keputusan Bupati Pemalang No. 188.4/275/Tahun 2022, dikutip dalam artikel Bappeda Pemalang"
BPS_PWR = "BPS Kab. Purworejo, Berita Resmi Statistik No. 03/12/Th. II, 27 Des 2022, Gambar 1"
BAPPEDA_PWR = (
    "bappedalitbang.purworejokab.go.id 2021, 'Perangkat Daerah Pendamping Dipertemukan dengan Desa/Kelurahan Dampingan'"
)

REGENCIES = [
    Regency(
        kode="33.26",
        slug="kab-pekalongan",
        periods=("2018", "2019", "2021", "2023"),
        # tahun, P0 %, jumlah miskin, garis kemiskinan, sumber. 2018 is unverified and left out.
        poverty=[
            (
                2015,
                12.84,
                None,
                None,
                "radarpekalongan.co.id 2017, tabel persentase penduduk miskin 2011-2017",
            ),
            (2016, 12.90, None, None, KIPP),
            (2017, 12.61, None, None, DETIK_2018),
            (2019, 9.71, 87010, None, RADAR_2020),
            (2020, 10.19, None, None, PROKOMPIM),
            (2021, 10.57, None, None, PEMKAB_2024),
            (2022, 9.67, None, None, PEMKAB_2024),
            (2023, 9.67, None, None, PEMKAB_2024),
            (2024, 8.95, None, None, PEMKAB_2024 + " (rilis BPS Maret 2024)"),
        ],
        program={
            "id": "lab-kemiskinan",
            "nama": "Laboratorium Kemiskinan",
            "tahun_mulai": 2018,
            "tahun_selesai": None,
            "aturan_pemilihan": (
                "Desa merah (banyak rumah tangga desil 1-4 BDT) dari tiga tipologi: pesisir, perkotaan, "
                "pegunungan; data BDT dipertajam dengan Participatory Poverty Assessment."
            ),
            "uraian": (
                "Penanganan kemiskinan per desa dengan kolaborasi Pentahelix (pemerintah kabupaten, "
                "pemerintah desa, dunia usaha, perguruan tinggi, masyarakat), by name by address by problem."
            ),
            "sumber": f"{DETIK_2018}; {KIPP}",
        },
        outcomes=[
            ("Rumah tangga desil 1-4 di desa pilot sebelum program", 1425, "rumah_tangga", KIPP),
            ("Rumah tangga desil 1-4 di desa pilot setelah program", 1120, "rumah_tangga", KIPP),
            ("Kenaikan penggunaan jamban", 23.35, "persen", KIPP),
            ("Kenaikan penduduk berpenyakit kronis yang tertangani (PIS-PK)", 68.91, "persen", KIPP),
            ("Penduduk dengan disabilitas yang tertangani", 100, "persen", KIPP),
            ("Penurunan anak tidak bersekolah", 47.22, "persen", KIPP),
            ("Penduduk desa pilot usia 15-59 yang mengikuti pelatihan", 55.30, "persen", KIPP),
            (
                "Desa/kelurahan yang mereplikasi Laboratorium Kemiskinan sampai Agustus 2023",
                35,
                "desa",
                "tribunnews jateng 2023-08-02",
            ),
        ],
        named_villages=[
            ("33.26.02.2008", 2018, "pilot", None, f"{KIPP}; {DETIK_2018} (Botosari, pegunungan)"),
            ("33.26.14.2009", 2018, "pilot", None, f"{KIPP} (Kertijayan, perkotaan)"),
            (
                "33.26.15.2014",
                2018,
                "pilot",
                None,
                f"{KIPP} (Mulyorejo, pesisir). Sebagian berita menyebut Kec. Wonokerto; kode dipilih "
                "dari gazetir dan perlu dicek petugas.",
            ),
            ("33.26.09.2001", 2020, "replikasi", None, RADAR_2020),
            ("33.26.04.2003", 2020, "replikasi", None, RADAR_2020),
            ("33.26.07.2005", 2020, "replikasi", None, RADAR_2020),
            ("33.26.13.1019", 2020, "replikasi", None, RADAR_2020),
            ("33.26.19.2003", 2020, "replikasi", None, RADAR_2020),
            ("33.26.18.2002", 2020, "replikasi", None, RADAR_2020),
        ],
        synthetic_members=0,
        synthetic_peran="replikasi",
        synthetic_kohort=2021,
        poor_share=0.36,
        tipologi={"33.26.02.2008": "pegunungan", "33.26.14.2009": "perkotaan", "33.26.15.2014": "pesisir"},
    ),
    Regency(
        kode="33.27",
        slug="kab-pemalang",
        periods=("2021", "2022", "2023", "2024"),
        poverty=[
            (2015, 18.30, None, None, "databoks 2024-07-27"),
            (2018, 16.04, None, None, "Rilis BPS Kab. Pemalang 17 Des 2018 (g-news.id)"),
            (2020, 16.02, 209003, 389209, "solopos.com 2021-10-02 mengutip pemalangkab.bps.go.id"),
            (2021, 16.56, None, None, "databoks 2022-01-06"),
            (2022, 15.06, 195840, None, "bangkalan.pikiran-rakyat.com"),
            (2023, 15.03, None, None, "databoks 2023-12-01"),
            (2024, 14.92, 194200, 493593, "pemalangkab.bps.go.id 2025-04-14; metrotimes.news"),
        ],
        program={
            "id": "satu-pd-satu-desa",
            "nama": "Gerakan Satu Perangkat Daerah Satu Desa/Kelurahan Dampingan Menuju Desa Aman dan Sejahtera",
            "tahun_mulai": 2022,
            "tahun_selesai": 2024,
            "aturan_pemilihan": (
                "Desa/kelurahan prioritas dipilih dengan membandingkan jumlah rumah tangga desil 1 BDT 2020 "
                "dengan Indeks Desa Membangun; setiap desa dampingan didampingi satu perangkat daerah."
            ),
            "uraian": (
                "Setiap perangkat daerah mendampingi satu desa: inventarisasi program, pindai cepat 9 "
                "deprivasi rumah tangga dan 4 jenis potensi ekonomi, verifikasi dalam Musdes, lalu FGD."
            ),
            "sumber": f"{BAPPEDA_PML}; {KEPBUP_PML}",
        },
        outcomes=[
            ("Desa/kelurahan prioritas menurut Bappeda Pemalang", 79, "desa", BAPPEDA_PML + " (2022-07-06)"),
            (
                "Desa/kelurahan sasaran menurut artikel pelaksanaan (77 desa dan 9 kelurahan)",
                86,
                "desa",
                "Artikel pelaksanaan gerakan, Bappeda Pemalang",
            ),
        ],
        named_villages=[
            ("33.27.04.2010", 2022, "dampingan", None, f"{KEPBUP_PML} (Majalangu, Kec. Watukumpul)"),
            ("33.27.13.2005", 2022, "dampingan", None, f"{KEPBUP_PML} (Pagergunung, Kec. Ulujami)"),
            ("33.27.09.2018", 2022, "dampingan", None, f"{KEPBUP_PML} (Asemdoyong, Kec. Taman)"),
        ],
        synthetic_members=76,
        synthetic_peran="prioritas",
        synthetic_kohort=2022,
        poor_share=0.46,
    ),
    Regency(
        kode="33.06",
        slug="kab-purworejo",
        periods=("2022-S1", "2022-S2", "2023-S1", "2023-S2"),
        poverty=[
            (2012, 16.32, 114800, None, BPS_PWR),
            (2013, 15.44, 109000, None, BPS_PWR),
            (2014, 14.41, 102110, None, BPS_PWR),
            (2015, 14.27, 101250, None, BPS_PWR),
            (2016, 13.91, None, None, BPS_PWR),
            (2017, 13.81, None, None, BPS_PWR),
            (2018, 11.67, 83550, None, BPS_PWR),
            (2019, 11.45, 82170, None, BPS_PWR),
            (2020, 11.78, 84790, None, BPS_PWR),
            (2021, 12.40, 88800, None, BPS_PWR),
            (2022, 11.53, 82640, 393731, BPS_PWR),
            (2023, 11.33, None, 427622, "purworejonews.com 2024-01-24 mengutip BPS"),
            (2024, 10.87, 78020, 458253, "databoks Purworejo 2004-2024; metrotimes.news"),
        ],
        program={
            "id": "sanding-erat",
            "nama": "Sanding Erat Desa Kita",
            "tahun_mulai": 2021,
            "tahun_selesai": None,
            "aturan_pemilihan": (
                "54 desa/kelurahan prioritas penanggulangan kemiskinan (rumah tangga desil 1-2); "
                "24 perangkat daerah dan 9 bagian Setda menjadi pendamping; evaluasi tiap semester."
            ),
            "uraian": (
                "Satu Pendamping Perangkat daerah untuk Desa yang Kuat secara ekonomi, Inovatif, Tata "
                "tentrem Ayem dan akur: replikasi gerakan satu perangkat daerah satu desa dampingan."
            ),
            "sumber": BAPPEDA_PWR,
        },
        outcomes=[
            ("Desa/kelurahan prioritas", 54, "desa", BAPPEDA_PWR),
            ("Perangkat daerah pendamping (ditambah 9 bagian Setda)", 24, "perangkat daerah", BAPPEDA_PWR),
        ],
        named_villages=[],
        synthetic_members=54,
        synthetic_peran="prioritas",
        synthetic_kohort=2021,
        poor_share=0.38,
    ),
]

INDICATOR_SHARES = {
    # share of poor (desil 1-4) households or, for persons, per poor household
    "rt_tanpa_bansos": 0.12,
    "jiwa_tanpa_dokumen": 0.10,
    "anak_tidak_sekolah": 0.05,
    "jiwa_penyakit_kronis": 0.07,
    "jiwa_disabilitas": 0.025,
    "rt_rtlh": 0.10,
    "rt_air_tidak_terlindungi": 0.08,
    "rt_tanpa_jamban": 0.09,
    "rt_penerangan_bukan_listrik": 0.006,
    "rt_kepala_tidak_bekerja": 0.07,
}
POTENSI = {
    "sumber_daya_alam": ["Padi", "Kopi", "Kelapa", "Ikan laut", "Bambu", "Air terjun", "Cengkeh", "Tambak"],
    "kelembagaan_ekonomi": ["BUMDes", "KWT", "Poktan", "Koperasi", "UEP"],
    "usaha_mikro": ["Batik", "Olahan ikan", "Keripik", "Gula kelapa", "Konveksi", "Anyaman bambu"],
    "sumber_daya_manusia": ["Kader posyandu", "Pemuda terlatih", "Perajin"],
}
KEGIATAN = [
    (
        "pemerintah_kabupaten",
        "Dinas Perumahan dan Kawasan Permukiman",
        "Rehabilitasi RTLH",
        "rt_rtlh",
        "APBD Kabupaten",
    ),
    (
        "pemerintah_kabupaten",
        "Dinas Kesehatan",
        "Pendampingan PIS-PK penyakit kronis",
        "jiwa_penyakit_kronis_tertangani",
        "APBD Kabupaten",
    ),
    ("pemerintah_desa", "Pemerintah desa", "Pembangunan jamban keluarga", "rt_tanpa_jamban", "APBDes"),
    ("dunia_usaha", "CSR perusahaan daerah", "Pelatihan keterampilan kerja", "jiwa_terlatih_15_59", "CSR"),
    (
        "perguruan_tinggi",
        "KKN tematik perguruan tinggi",
        "Pendataan dan pendampingan anak tidak sekolah",
        "anak_tidak_sekolah",
        "Swadaya",
    ),
    (
        "masyarakat",
        "Baznas dan masyarakat peduli",
        "Bantuan sarana air bersih",
        "rt_air_tidak_terlindungi",
        "Baznas",
    ),
]


def rng_for(*parts: str) -> random.Random:
    """Return a generator seeded by the parts, stable across Python versions and machines."""
    digest = hashlib.sha256("|".join(parts).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def suppress_one(value: int) -> tuple[str, str]:
    """Apply primary suppression to a lone sensitive count: return the cell text and its status."""
    hidden = disclosure.primary_cells({"x": value}, ["x"], DEFAULT_MIN_CELL)
    return ("", "c") if hidden else (str(value), "")


def village_series(
    reg: Regency, kode: str, jenis: str, member_since: int | None, release: Release | None = None
) -> dict[str, dict[str, int]]:
    """Draw the indicator values of one village for every period of its regency, as `release` knew them (the
    current data when None)."""
    rng = rng_for("sample", kode)
    households = rng.randint(900, 3200) if jenis == "kelurahan" else rng.randint(260, 2100)
    if jenis == "desa" and member_since is None and rng_for("tiny", kode).random() < TINY_SHARE:
        households = rng_for("tiny-size", kode).randint(8, 19)  # a hamlet-sized village: shares are withheld
    poor = reg.poor_share * rng.uniform(0.45, 1.5) * (0.6 if jenis == "kelurahan" else 1.0)
    poor = min(poor, 0.8)
    split = [rng.uniform(0.9, 1.4), rng.uniform(0.8, 1.2), rng.uniform(0.7, 1.1), rng.uniform(0.6, 1.0)]
    skew = rng_for("skew", kode)  # its own stream, so the other draws stay as they were
    if skew.random() < 0.06:
        split[3] = skew.uniform(0.005, 0.04)  # a few villages with almost no desil-4 households
    total_split = sum(split)
    trend = rng.uniform(-0.04, 0.01)
    rates = {name: share * rng.uniform(0.3, 1.8) for name, share in INDICATOR_SHARES.items()}
    series: dict[str, dict[str, int]] = {}
    for step, period in enumerate(reg.periods):
        year = int(period[:4])
        effect = 0.0
        if member_since is not None and year > member_since:
            effect = -0.05 * (year - member_since)
        factor = max(0.3, 1 + step * trend + effect)
        hh = int(households * (1 + 0.008 * step))
        poor_hh = int(hh * poor * factor)
        values = {
            "jumlah_rumah_tangga": hh,
            "jumlah_penduduk": int(hh * rng.uniform(3.1, 3.6)),
        }
        for index, part in enumerate(split, start=1):
            values[f"rt_desil_{index}"] = int(poor_hh * part / total_split)
        values["rt_desil_1_4"] = sum(values[f"rt_desil_{index}"] for index in range(1, 5))
        for name, rate in rates.items():
            values[name] = round(poor_hh * rate * rng.uniform(0.85, 1.15))
        # each village and period handles its own share: no fixed ratio an adversary could pin down from
        # published pairs and apply to hidden ones
        mean = 0.2 + 0.15 * step + (0.3 if member_since is not None else 0.0)
        for total in ("jiwa_penyakit_kronis", "jiwa_disabilitas"):
            share = min(1.0, max(0.0, rng_for("tertangani", kode, period, total).gauss(mean, 0.18)))
            values[f"{total}_tertangani"] = round(values[total] * share)
        trained = 0.02 + (0.06 if member_since is not None and year >= member_since else 0.0)
        values["jiwa_terlatih_15_59"] = int(poor_hh * trained * rng.uniform(0.5, 1.5))
        if release is not None:
            correct(values, release.older(kode, period))
        series[period] = values
    if release is not None:
        series = {p: v for p, v in series.items() if p in release.periods(reg.periods)}
    return series


def correct(values: dict[str, int], draw: random.Random | None) -> None:
    """Turn the current values into what an older release published: a desil 4 count that was corrected since,
    sometimes across the small-count line (so the changelog shows cells hidden and reopened)."""
    if draw is None or values["jumlah_rumah_tangga"] < 100:
        return
    now = values["rt_desil_4"]
    if now < DEFAULT_MIN_CELL:
        values["rt_desil_4"] = now + draw.randint(6, 12)  # published then, hidden now
    elif draw.random() < 0.5:
        values["rt_desil_4"] = draw.randint(1, DEFAULT_MIN_CELL - 1)  # hidden then, published now
    else:
        values["rt_desil_4"] = max(0, now + draw.choice([-3, -2, -1, 1, 2, 3]))
    values["rt_desil_1_4"] = sum(values[f"rt_desil_{k}"] for k in range(1, 5))


TINY_SHARE = 0.012  # villages drawn with fewer than MIN_DENOMINATOR_FOR_PERCENT households


@dataclass(frozen=True)
class Release:
    """An earlier release of the sample: its day, whether it lacked the newest period, and which cells were
    corrected after it."""

    id: str
    date: str
    without_latest: bool
    correction_share: float

    def periods(self, periods: tuple[str, ...]) -> tuple[str, ...]:
        """The periods this release published."""
        return periods[:-1] if self.without_latest else periods

    def older(self, kode: str, period: str) -> random.Random | None:
        """A generator for the correction of this village and period, or None when it was not corrected."""
        draw = rng_for("koreksi", self.id, kode, period)
        return draw if draw.random() < self.correction_share else None


# Two archived releases (rilis/), frozen by `labkem release` from the data as it was on their day.
RELEASES = (
    Release("rilis-2025-07-01", "2025-07-01", without_latest=True, correction_share=0.03),
    Release("rilis-2026-01-05", "2026-01-05", without_latest=False, correction_share=0.015),
)


def idm_status(score: float) -> str:
    """Classify a synthetic IDM score with the Permendesa 2/2016 cut-points."""
    for limit, status in (
        (0.491, "Sangat Tertinggal"),
        (0.599, "Tertinggal"),
        (0.707, "Berkembang"),
        (0.815, "Maju"),
    ):
        if score <= limit:
            return status
    return "Mandiri"


Views = dict[tuple[str, str], list[disclosure.View]]  # (village, period) -> how each earlier release published it


def write_regency(
    reg: Regency,
    data_dir: Path,
    wilayah: dict[str, list[dict[str, str]]],
    codebook: list[dict[str, str]],
    release: Release | None = None,
    earlier: Views | None = None,
) -> Path:
    """Write one regency package as `release` published it (the current data when None), protected against the
    `earlier` releases too (each village and period's views are appended with this one's); return its path."""
    earlier = {} if earlier is None else earlier
    out = data_dir / reg.slug
    out.mkdir(parents=True, exist_ok=True)
    kabupaten = next(r for r in wilayah["kabupaten"] if r["kode"] == reg.kode)
    kecamatan = sorted((r for r in wilayah["kecamatan"] if r["kode_kabupaten"] == reg.kode), key=lambda r: r["kode"])
    kec_codes = {r["kode"] for r in kecamatan}
    desa = sorted((r for r in wilayah["desa"] if r["kode_kecamatan"] in kec_codes), key=lambda r: r["kode"])

    named = {code: (kohort, peran, opd, sumber) for code, kohort, peran, opd, sumber in reg.named_villages}
    first_series = {
        d["kode"]: village_series(reg, d["kode"], d["jenis"], named[d["kode"]][0] if d["kode"] in named else None)
        for d in desa
    }
    # Synthetic priority lists follow the programme's own rule on the synthetic data:
    # the villages with the most desil-1 households (Pemalang) or desil 1-2 (Purworejo).
    first = reg.periods[0]
    ranked = sorted(
        (d["kode"] for d in desa if d["kode"] not in named),
        key=lambda k: (
            -(
                first_series[k][first]["rt_desil_1"]
                + (first_series[k][first]["rt_desil_2"] if reg.slug == "kab-purworejo" else 0)
            ),
            k,
        ),
    )
    synthetic_members = ranked[: reg.synthetic_members]
    members: dict[str, int] = {code: info[0] for code, info in named.items()}
    members.update({code: reg.synthetic_kohort for code in synthetic_members})
    series = {d["kode"]: village_series(reg, d["kode"], d["jenis"], members.get(d["kode"]), release) for d in desa}

    tables: dict[str, list[dict[str, Any]]] = {}
    tables["kecamatan"] = [{"kode_kecamatan": r["kode"], "nama_kecamatan": r["nama"]} for r in kecamatan]
    typologies = ["pesisir", "perkotaan", "pegunungan", "pedesaan"]
    tables["desa_profil"] = []
    for d in desa:
        rng = rng_for("tipologi", d["kode"])
        tip = reg.tipologi.get(d["kode"]) or ("perkotaan" if d["jenis"] == "kelurahan" else rng.choice(typologies))
        tables["desa_profil"].append(
            {
                "kode_desa": d["kode"],
                "kode_kecamatan": d["kode_kecamatan"],
                "nama_desa": d["nama"],
                "jenis": d["jenis"],
                "tipologi": tip,
            }
        )
    observasi = []
    suppressed = {"primer": 0, "pelengkap": 0}
    linkage = disclosure.Linkage.from_codebook(codebook)
    for d in desa:
        for period, values in series[d["kode"]].items():
            views = earlier.setdefault((d["kode"], period), [])
            hidden = disclosure.protect_release(values, linkage, DEFAULT_MIN_CELL, views)
            views.append(({k: v for k, v in values.items() if k not in hidden.hidden}, hidden.hidden))
            suppressed["primer"] += len(hidden.primary)
            suppressed["pelengkap"] += len(hidden.complementary)
            for row in codebook:
                masked = row["id"] in hidden.hidden
                text, status = ("", "c") if masked else (str(values[row["id"]]), "")
                observasi.append(
                    {
                        "kode_desa": d["kode"],
                        "periode": period,
                        "indikator": row["id"],
                        "nilai": text,
                        "status": status,
                    }
                )
    tables["observasi"] = observasi
    status_rows = []
    for d in desa:
        rng = rng_for("idm", d["kode"])
        score = rng.uniform(0.52, 0.78)
        for year in (2019, 2021, 2023):
            score = min(0.95, score + rng.uniform(0.0, 0.05))
            status_rows.append(
                {
                    "kode_desa": d["kode"],
                    "tahun": year,
                    "indeks": "IDM",
                    "skor": f"{score:.4f}",
                    "status": idm_status(score),
                }
            )
    tables["status_desa"] = status_rows
    program = dict(reg.program)
    tables["program"] = [program]
    tables["capaian_program"] = [
        {"program": program["id"], "uraian": u, "nilai": n, "satuan": s, "sumber": src} for u, n, s, src in reg.outcomes
    ]
    tables["perangkat_daerah"] = [{"id": i, "nama": n} for i, n in OPD]
    program_desa = []
    for index, code in enumerate(sorted(members)):
        if code in named:
            kohort, peran, opd, sumber = named[code]
            program_desa.append(
                {
                    "program": program["id"],
                    "kode_desa": code,
                    "kohort": kohort,
                    "peran": peran,
                    "perangkat_daerah": opd or "",
                    "sintetis": "false",
                    "sumber": sumber,
                }
            )
        else:
            program_desa.append(
                {
                    "program": program["id"],
                    "kode_desa": code,
                    "kohort": reg.synthetic_kohort,
                    "peran": reg.synthetic_peran,
                    "perangkat_daerah": OPD[index % len(OPD)][0],
                    "sintetis": "true",
                    "sumber": SYNTHETIC,
                }
            )
    tables["program_desa"] = program_desa
    intervensi = []
    for code in sorted(members):
        rng = rng_for("intervensi", code)
        for number, period in enumerate(reg.periods[1:], start=1):
            aktor, org, kegiatan, target, dana = KEGIATAN[rng.randrange(len(KEGIATAN))]
            text, status = suppress_one(rng.choice([rng.randint(1, 4), rng.randint(5, 80)]))
            intervensi.append(
                {
                    "id": f"{code}-{number}",
                    "kode_desa": code,
                    "periode": period,
                    "program": program["id"],
                    "aktor": aktor,
                    "organisasi": org,
                    "kegiatan": kegiatan,
                    "indikator_sasaran": target,
                    "penerima": text,
                    "status_penerima": status,
                    "anggaran_rp": rng.randrange(10, 400) * 1_000_000,
                    "sumber_dana": dana,
                }
            )
    tables["intervensi"] = intervensi
    potensi = []
    for d in desa:
        rng = rng_for("potensi", d["kode"])
        for jenis, names in POTENSI.items():
            if rng.random() < 0.6:
                potensi.append(
                    {
                        "kode_desa": d["kode"],
                        "jenis": jenis,
                        "nama": rng.choice(names),
                        "jumlah": rng.randint(1, 40),
                        "keterangan": "",
                    }
                )
    tables["potensi_desa"] = potensi
    tables["kemiskinan_kabupaten"] = [
        {
            "tahun": y,
            "persen_miskin": f"{p:.2f}",
            "jumlah_miskin": n or "",
            "garis_kemiskinan_rp": g or "",
            "sumber": s,
            "terverifikasi": "false",
        }
        for y, p, n, g, s in reg.poverty
    ]

    schemas = regency_schemas()
    synthetic_resources = {"observasi", "status_desa", "intervensi", "potensi_desa"}
    resources = []
    for name, schema in schemas.items():
        fieldnames = [f["name"] for f in schema["fields"]]
        write_csv(out / f"{name}.csv", tables[name], fieldnames)
        extra: dict[str, Any] = {"synthetic": name in synthetic_resources}
        if name in ("kecamatan", "desa_profil"):
            extra["licenses"] = [ODBL]
            extra["description"] = GAZETTEER_ATTRIBUTION + (
                " Tipologi: sintetis kecuali tiga desa pilot." if name == "desa_profil" else ""
            )
        if name == "program_desa":
            extra["description"] = "Baris dengan sintetis=true dibuat untuk contoh; yang lain fakta bersumber."
        if name == "kemiskinan_kabupaten":
            extra["description"] = (
                "Angka BPS (Susenas Maret) dari sumber sekunder yang disebut per baris; terverifikasi=false "
                "sampai dicocokkan dengan tabel BPS. Angka yang tidak ditemukan sumbernya tidak dimuat."
            )
        resources.append(resource_descriptor(name, schema, **extra))
    descriptor = {
        "name": reg.slug,
        "title": f"Data kemiskinan desa {kabupaten['nama']} (contoh)",
        "description": (
            f"Agregat desa {kabupaten['nama']}. Nilai indikator desa, skor IDM, intervensi, potensi dan "
            "daftar prioritas yang tidak diterbitkan program adalah DATA SINTETIS untuk contoh. Fakta "
            "program, desa yang disebut program, dan angka kemiskinan BPS bersumber."
        ),
        "version": VERSION,
        "licenses": [CC_BY],
        "contributors": [PUBLISHER],
        "sources": [
            {"title": "Lihat kolom sumber pada program, program_desa, capaian_program dan kemiskinan_kabupaten"},
            {"title": "idn-area-data 4.0.1 (gazetir)"},
        ],
        "synthetic": True,
        "labkem": {
            "kode_kabupaten": reg.kode,
            "sdc": {
                "min_cell": DEFAULT_MIN_CELL,
                "min_denominator": MIN_DENOMINATOR_FOR_PERCENT,
                "aturan": SDC_RULE,
            },
            "periode": list(reg.periods),
            "sistem_peringkat": "DTKS desil 1-4 (40% terbawah nasional)",
        },
        "resources": resources,
    }
    path = out / "datapackage.json"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(
        f"{reg.slug}: {len(observasi)} observasi, {suppressed['primer']} sel disamarkan (primer), "
        f"{suppressed['pelengkap']} sel pelengkap"
    )
    return path


def write_codebook(data_dir: Path) -> Path:
    """Write the codebook descriptor next to the hand-maintained indikator.csv."""
    out = data_dir / "indikator"
    descriptor = {
        "name": "indikator",
        "title": "Buku kode indikator Lab Kemiskinan Terbuka",
        "description": "Indikator yang dipakai semua paket kabupaten: definisi, satuan, kepekaan, arah.",
        "version": VERSION,
        "licenses": [CC_BY],
        "contributors": [PUBLISHER],
        "resources": [resource_descriptor("indikator", indikator_schema())],
    }
    path = out / "datapackage.json"
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def main() -> None:
    """Write the codebook descriptor and the three regency packages."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=paths.DATA_DIR)
    args = parser.parse_args()
    wilayah = {name: read_rows(args.data / "wilayah" / f"{name}.csv") for name in ("kabupaten", "kecamatan", "desa")}
    print(write_codebook(args.data))
    codebook = read_rows(args.data / "indikator" / "indikator.csv")
    earlier: dict[str, Views] = {reg.slug: {} for reg in REGENCIES}
    for release in RELEASES:
        print(freeze_sample_release(release, args.data, wilayah, codebook, earlier))
    for reg in REGENCIES:
        print(write_regency(reg, args.data, wilayah, codebook, None, earlier[reg.slug]))


def freeze_sample_release(
    release: Release,
    data_dir: Path,
    wilayah: dict[str, list[dict[str, str]]],
    codebook: list[dict[str, str]],
    earlier: dict[str, Views],
) -> Path:
    """Write the sample as `release` knew it into a scratch folder and archive it with `labkem release`'s own
    code, on the release's day. The sample owns these release folders: they are replaced, never appended to,
    so `make sample` gives the same archive whatever day it runs."""
    archive = data_dir.resolve().parent / ARCHIVE_DIR
    shutil.rmtree(archive / release.id, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="labkem-sample-") as scratch:
        old = Path(scratch) / "datapackages"
        for shared in (WILAYAH_PACKAGE, INDIKATOR_PACKAGE):
            shutil.copytree(data_dir / shared, old / shared)
        shutil.copy(data_dir / site_settings.FILENAME, old / site_settings.FILENAME)
        for reg in REGENCIES:
            write_regency(reg, old, wilayah, codebook, release, earlier[reg.slug])
        day = datetime.strptime(release.date, "%Y-%m-%d").replace(tzinfo=UTC)
        before = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = str(int(day.timestamp()))
        try:
            return freeze_release(old, archive)
        finally:
            if before is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = before


if __name__ == "__main__":
    main()
