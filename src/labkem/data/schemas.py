"""Table schemas of the regency packages and the codebook (data model version 1, DESIGN.md section 3).

Column names are Indonesian because regency data officers fill these tables. The schemas are written
into every `datapackage.json`, so the official `frictionless validate` checks types, keys and
constraints on its own; rules that need more than one package live in `validate/checks.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from labkem.core.settings import KODE_DESA_PATTERN, KODE_KECAMATAN_PATTERN, PENTAHELIX, PERIODE_PATTERN

Field = dict[str, Any]
Schema = dict[str, Any]

TIPOLOGI = ["pesisir", "perkotaan", "pegunungan", "pedesaan"]
PERAN = ["pilot", "replikasi", "prioritas", "dampingan"]
STATUS_IDM = ["Sangat Tertinggal", "Tertinggal", "Berkembang", "Maju", "Mandiri"]
JENIS_POTENSI = ["sumber_daya_alam", "kelembagaan_ekonomi", "usaha_mikro", "sumber_daya_manusia"]
SUMBER_DANA = ["APBN", "APBD Provinsi", "APBD Kabupaten", "APBDes", "CSR", "Baznas", "Swadaya", "Lainnya"]


def _f(name: str, type_: str, description: str, **constraints: Any) -> Field:
    field: Field = {"name": name, "type": type_, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


def _fk(fields: list[str], resource: str, ref: list[str]) -> dict[str, Any]:
    return {"fields": fields, "reference": {"resource": resource, "fields": ref}}


def _sumber() -> Field:
    return _f("sumber", "string", "Sumber fakta ini (judul, terbitan, tanggal atau URL); 'sintetis' bila dibuat.")


def _kecamatan() -> Schema:
    return {
        "fields": [
            _f(
                "kode_kecamatan",
                "string",
                "Kode kecamatan Kemendagri",
                required=True,
                pattern=KODE_KECAMATAN_PATTERN,
            ),
            _f("nama_kecamatan", "string", "Nama kecamatan menurut gazetir", required=True),
        ],
        "primaryKey": ["kode_kecamatan"],
    }


def _desa_profil() -> Schema:
    return {
        "fields": [
            _f(
                "kode_desa",
                "string",
                "Kode desa/kelurahan Kemendagri",
                required=True,
                pattern=KODE_DESA_PATTERN,
            ),
            _f("kode_kecamatan", "string", "Kode kecamatan tempat desa berada", required=True),
            _f("nama_desa", "string", "Nama desa/kelurahan menurut gazetir", required=True),
            _f(
                "jenis",
                "string",
                "desa, kelurahan atau desa_adat (digit ke-7 kode)",
                required=True,
                enum=["desa", "kelurahan", "desa_adat"],
            ),
            _f(
                "tipologi",
                "string",
                "Tipologi wilayah: pesisir, perkotaan, pegunungan atau pedesaan",
                enum=TIPOLOGI,
            ),
        ],
        "primaryKey": ["kode_desa"],
        "foreignKeys": [_fk(["kode_kecamatan"], "kecamatan", ["kode_kecamatan"])],
    }


def _observasi() -> Schema:
    return {
        "fields": [
            _f("kode_desa", "string", "Kode desa/kelurahan", required=True),
            _f(
                "periode",
                "string",
                "Tahun (2019) atau semester (2021-S1)",
                required=True,
                pattern=PERIODE_PATTERN,
            ),
            _f("indikator", "string", "Id indikator dari buku kode `indikator`", required=True),
            _f("nilai", "number", "Nilai; kosong bila disamarkan (status c)", minimum=0),
            _f(
                "status",
                "string",
                "kosong, c (disamarkan), e (estimasi) atau u (belum terverifikasi)",
                enum=["c", "e", "u"],
            ),
        ],
        "primaryKey": ["kode_desa", "periode", "indikator"],
        "foreignKeys": [_fk(["kode_desa"], "desa_profil", ["kode_desa"])],
    }


def _status_desa() -> Schema:
    return {
        "fields": [
            _f("kode_desa", "string", "Kode desa", required=True),
            _f("tahun", "integer", "Tahun penilaian", required=True, minimum=2015),
            _f(
                "indeks",
                "string",
                "IDM (2015-2024) atau Indeks Desa (2024-)",
                required=True,
                enum=["IDM", "Indeks Desa"],
            ),
            _f("skor", "number", "Skor sebagaimana diterbitkan", required=True, minimum=0),
            _f("status", "string", "Status sebagaimana diterbitkan", required=True, enum=STATUS_IDM),
        ],
        "primaryKey": ["kode_desa", "tahun", "indeks"],
        "foreignKeys": [_fk(["kode_desa"], "desa_profil", ["kode_desa"])],
    }


def _program() -> Schema:
    return {
        "fields": [
            _f(
                "id",
                "string",
                "Id program (huruf kecil dan tanda hubung)",
                required=True,
                pattern=r"[a-z0-9-]+",
            ),
            _f("nama", "string", "Nama program", required=True),
            _f("tahun_mulai", "integer", "Tahun program dimulai", required=True),
            _f("tahun_selesai", "integer", "Tahun program berakhir; kosong bila berjalan"),
            _f("aturan_pemilihan", "string", "Cara desa sasaran dipilih", required=True),
            _f("uraian", "string", "Uraian singkat program"),
            _sumber(),
        ],
        "primaryKey": ["id"],
    }


def _capaian_program() -> Schema:
    return {
        "fields": [
            _f("program", "string", "Id program", required=True),
            _f("uraian", "string", "Capaian sebagaimana dinyatakan program", required=True),
            _f("nilai", "number", "Nilai capaian"),
            _f("satuan", "string", "Satuan nilai"),
            _sumber(),
        ],
        "primaryKey": ["program", "uraian"],
        "foreignKeys": [_fk(["program"], "program", ["id"])],
    }


def _perangkat_daerah() -> Schema:
    return {
        "fields": [
            _f("id", "string", "Id perangkat daerah", required=True, pattern=r"[a-z0-9-]+"),
            _f("nama", "string", "Nama perangkat daerah (OPD)", required=True),
        ],
        "primaryKey": ["id"],
    }


def _program_desa() -> Schema:
    return {
        "fields": [
            _f("program", "string", "Id program", required=True),
            _f("kode_desa", "string", "Kode desa", required=True),
            _f("kohort", "integer", "Tahun desa masuk program", required=True),
            _f("peran", "string", "pilot, replikasi, prioritas atau dampingan", required=True, enum=PERAN),
            _f("perangkat_daerah", "string", "Id perangkat daerah pendamping"),
            _f(
                "sintetis",
                "boolean",
                "true bila baris ini dibuat untuk contoh, bukan fakta program",
                required=True,
            ),
            _sumber(),
        ],
        "primaryKey": ["program", "kode_desa"],
        "foreignKeys": [
            _fk(["program"], "program", ["id"]),
            _fk(["kode_desa"], "desa_profil", ["kode_desa"]),
            _fk(["perangkat_daerah"], "perangkat_daerah", ["id"]),
        ],
    }


def _intervensi() -> Schema:
    return {
        "fields": [
            _f("id", "string", "Id intervensi", required=True),
            _f("kode_desa", "string", "Kode desa", required=True),
            _f("periode", "string", "Tahun atau semester", required=True, pattern=PERIODE_PATTERN),
            _f("program", "string", "Id program; kosong bila di luar program"),
            _f("aktor", "string", "Unsur Pentahelix", required=True, enum=list(PENTAHELIX)),
            _f("organisasi", "string", "Lembaga pelaksana (bukan nama orang)", required=True),
            _f("kegiatan", "string", "Kegiatan", required=True),
            _f("indikator_sasaran", "string", "Id indikator yang disasar"),
            _f("penerima", "integer", "Jumlah penerima manfaat; kosong bila disamarkan", minimum=0),
            _f("status_penerima", "string", "kosong atau c (disamarkan)", enum=["c"]),
            _f("anggaran_rp", "integer", "Anggaran dalam rupiah", minimum=0),
            _f("sumber_dana", "string", "Sumber dana", enum=SUMBER_DANA),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [
            _fk(["kode_desa"], "desa_profil", ["kode_desa"]),
            _fk(["program"], "program", ["id"]),
        ],
    }


def _potensi_desa() -> Schema:
    return {
        "fields": [
            _f("kode_desa", "string", "Kode desa", required=True),
            _f("jenis", "string", "Jenis potensi ekonomi", required=True, enum=JENIS_POTENSI),
            _f("nama", "string", "Nama potensi (komoditas, lembaga, jenis usaha)", required=True),
            _f("jumlah", "integer", "Jumlah unit bila relevan", minimum=0),
            _f("keterangan", "string", "Keterangan singkat"),
        ],
        "primaryKey": ["kode_desa", "jenis", "nama"],
        "foreignKeys": [_fk(["kode_desa"], "desa_profil", ["kode_desa"])],
    }


def _kemiskinan_kabupaten() -> Schema:
    return {
        "fields": [
            _f("tahun", "integer", "Tahun (Susenas Maret)", required=True),
            _f(
                "persen_miskin",
                "number",
                "Persentase penduduk miskin (P0)",
                required=True,
                minimum=0,
                maximum=100,
            ),
            _f("jumlah_miskin", "integer", "Jumlah penduduk miskin (jiwa)", minimum=0),
            _f("garis_kemiskinan_rp", "integer", "Garis kemiskinan (Rp/kapita/bulan)", minimum=0),
            _f("sumber", "string", "Sumber angka", required=True),
            _f("terverifikasi", "boolean", "true bila dicocokkan dengan rilis BPS", required=True),
        ],
        "primaryKey": ["tahun"],
    }


# every resource of a regency package, in publishing order
TABLES: tuple[tuple[str, Callable[[], Schema]], ...] = (
    ("kecamatan", _kecamatan),
    ("desa_profil", _desa_profil),
    ("observasi", _observasi),
    ("status_desa", _status_desa),
    ("program", _program),
    ("capaian_program", _capaian_program),
    ("perangkat_daerah", _perangkat_daerah),
    ("program_desa", _program_desa),
    ("intervensi", _intervensi),
    ("potensi_desa", _potensi_desa),
    ("kemiskinan_kabupaten", _kemiskinan_kabupaten),
)


def regency_schemas() -> dict[str, Schema]:
    """Return the table schema of every resource of a regency package, in publishing order."""
    return {name: schema() for name, schema in TABLES}


def indikator_schema() -> Schema:
    """Return the table schema of the shared codebook."""
    return {
        "fields": [
            _f("id", "string", "Id indikator", required=True, pattern=r"[a-z0-9_]+"),
            _f("label_id", "string", "Label bahasa Indonesia", required=True),
            _f("label_en", "string", "English label", required=True),
            _f("definisi", "string", "Definisi operasional", required=True),
            _f("satuan", "string", "Satuan", required=True, enum=["rumah_tangga", "jiwa", "persen", "indeks"]),
            _f("sensitif", "boolean", "true bila aturan sel kecil berlaku", required=True),
            _f(
                "arah",
                "string",
                "turun_baik (makin kecil makin baik) atau naik_baik",
                required=True,
                enum=["turun_baik", "naik_baik", "netral"],
            ),
            _f(
                "kelompok",
                "string",
                "Kelompok tampilan",
                required=True,
                enum=["kependudukan", "desil", "deprivasi", "penanganan"],
            ),
            _f("sumber_program", "string", "Program atau sistem data asal", required=True),
            _f(
                "bagian_dari",
                "string",
                "Id indikator yang memuat indikator ini (kosong bila tidak ada); pengendalian pengungkapan "
                "menghitung selisihnya sebagai sel tersendiri",
            ),
            _f(
                "jenis_bagian",
                "string",
                "rincian: semua indikator dengan bagian_dari yang sama berjumlah tepat indikator itu; sebagian: "
                "paling banyak sama dengan indikator itu (misalnya yang tertangani dari semua)",
                enum=["rincian", "sebagian"],
            ),
        ],
        "primaryKey": ["id"],
        "foreignKeys": [_fk(["bagian_dari"], "", ["id"])],
    }


def resource_descriptor(name: str, schema: Schema, **extra: Any) -> dict[str, Any]:
    """Return a tabular resource descriptor for `name.csv` with its schema."""
    descriptor: dict[str, Any] = {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "encoding": "utf-8",
    }
    descriptor.update(extra)
    descriptor["schema"] = schema
    return descriptor
