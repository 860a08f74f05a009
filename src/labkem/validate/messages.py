"""Messages for every rule, in Indonesian (default) and English: what is wrong, what was found, the fix."""

from __future__ import annotations

from typing import Any

from labkem.core.settings import KODE_DESA_PATTERN, KODE_KECAMATAN_PATTERN, PERIODE_PATTERN

# rule -> (Indonesian, English). Placeholders: {cell}, {field}, {note} and the error's params.
MESSAGES: dict[str, tuple[str, str]] = {
    "type-error": (
        "nilai '{cell}' bukan {type} seperti yang diminta kolom {field}; perbaiki isinya (angka tanpa titik "
        "ribuan, desimal dengan titik)",
        "value '{cell}' is not the {type} that column {field} needs; fix the cell",
    ),
    "constraint-error": (
        "nilai '{cell}' tidak memenuhi aturan kolom {field}: {constraint_id}; perbaiki isinya",
        "value '{cell}' breaks a rule of column {field}: {constraint_en}; fix the cell",
    ),
    "primary-key": (
        "kunci ({field}) sama dengan baris {other}; hapus baris ganda atau perbaiki kodenya",
        "the key ({field}) repeats row {other}; remove the duplicate or fix its code",
    ),
    "foreign-key": (
        "'{cells}' tidak ada di tabel {reference}; pakai kode yang terdaftar di sana",
        "'{cells}' is not in table {reference}; use a code listed there",
    ),
    "missing-cell": (
        "sel kosong karena baris kekurangan kolom; lengkapi baris sesuai header",
        "the row has fewer cells than the header; complete the row",
    ),
    "extra-cell": (
        "baris punya sel lebih banyak dari header; hapus sel berlebih atau periksa pemisah koma",
        "the row has more cells than the header; remove the extra cell or check the delimiters",
    ),
    "blank-row": ("baris kosong; hapus baris ini", "blank row; delete it"),
    "missing-label": (
        "kolom {field} tidak ada di header; tambahkan kolom sesuai skema",
        "column {field} is missing from the header; add it as the schema says",
    ),
    "extra-label": (
        "kolom '{field}' di header tidak ada di skema; hapus kolom ini atau ganti namanya sesuai skema",
        "column '{field}' in the header is not in the schema; remove it or rename it as the schema says",
    ),
    "incorrect-label": (
        "nama kolom tidak sesuai skema ({note}); samakan header dengan skema",
        "a column name differs from the schema ({note}); make the header match the schema",
    ),
    "duplicate-label": (
        "nama kolom ganda di header ({note}); beri setiap kolom nama yang berbeda",
        "duplicate column name in the header ({note}); give every column its own name",
    ),
    "village-outside-regency": (
        "kode {value} bukan wilayah kabupaten {kabupaten}; pindahkan baris ke paket kabupatennya atau perbaiki kodenya",
        "code {value} is not in regency {kabupaten}; move the row to its regency's package or fix the code",
    ),
    "unknown-village": (
        "kode {value} tidak ada di gazetir Kemendagri (datapackages/wilayah); periksa kode desa/kecamatan",
        "code {value} is not in the Kemendagri gazetteer (datapackages/wilayah); check the code",
    ),
    "gazetteer-mismatch": (
        "isi '{value}' berbeda dari gazetir, yang mencatat '{expected}'; salin dari gazetir",
        "'{value}' differs from the gazetteer, which says '{expected}'; copy it from the gazetteer",
    ),
    "desil-above-households": (
        "jumlah rumah tangga desil {value} melebihi jumlah rumah tangga desa {households}; periksa angka "
        "desil atau jumlah_rumah_tangga pada periode yang sama",
        "desil households {value} exceed the village's {households} households; check the desil counts "
        "or jumlah_rumah_tangga for the same period",
    ),
    "small-cell": (
        "angka sensitif {value} ada di antara 1 dan {max_small}; kosongkan nilai dan isi status dengan c "
        "(disamarkan) agar rumah tangga tidak bisa dikenali",
        "sensitive count {value} is between 1 and {max_small}; empty the value and set status c "
        "(suppressed) so that no household can be recognised",
    ),
    "unknown-indicator": (
        "indikator '{value}' tidak ada di buku kode (datapackages/indikator); pakai id yang terdaftar atau "
        "tambahkan ke buku kode",
        "indicator '{value}' is not in the codebook (datapackages/indikator); use a listed id or add it",
    ),
    "suppression-status": (
        "nilai kosong harus berstatus c, dan status c harus bernilai kosong (ditemukan nilai '{value}', "
        "status '{status}'); samakan keduanya",
        "an empty value needs status c and status c needs an empty value (found value '{value}', status "
        "'{status}'); make them agree",
    ),
    "personal-data-column": (
        "kolom '{value}' berisi data pribadi; paket hanya boleh memuat angka agregat desa: hapus kolom ini "
        "sebelum terbit",
        "column '{value}' holds personal data; packages may hold village aggregates only: remove the column",
    ),
    "personal-data": (
        "isi sel tampak seperti data pribadi ({kind}: NIK/KK, telepon, tanggal lahir, alamat di bawah desa atau "
        "nama orang); hapus atau ganti dengan keterangan umum",
        "the cell looks like personal data ({kind}: NIK/KK, phone, birth date, address below village level or "
        "a person's name); remove it or write a general description",
    ),
    "formula-cell": (
        "teks '{value}' diawali =, +, - atau @ sehingga lembar kerja akan menjalankannya sebagai rumus; "
        "hapus tanda di awal atau tulis ulang teksnya",
        "text '{value}' starts with =, +, - or @, so a spreadsheet would run it as a formula; remove the sign "
        "or reword the text",
    ),
    "markup-cell": (
        "teks '{value}' memuat tanda HTML (\"<\" diikuti huruf, / atau !), yang akan dibaca peramban sebagai kode; "
        "hapus tandanya atau tulis ulang teksnya",
        "text '{value}' holds HTML markup (\"<\" followed by a letter, / or !), which a browser would read as "
        "code; remove the markup or reword the text",
    ),
    "count-above-total": (
        "nilai {value} melebihi {total_indicator} desa pada periode yang sama ({total}); periksa kedua angka",
        "value {value} exceeds the village's {total_indicator} in the same period ({total}); check both numbers",
    ),
    "handled-above-total": (
        "yang tertangani ({value}) lebih banyak dari {total_indicator} ({total}); periksa kedua angka",
        "more handled ({value}) than {total_indicator} ({total}); check both numbers",
    ),
    "desil-total-mismatch": (
        "rt_desil_1_4 bernilai {value} padahal desil 1 sampai 4 berjumlah {parts}; samakan jumlahnya",
        "rt_desil_1_4 is {value} but desil 1 to 4 add up to {parts}; make them agree",
    ),
    "percent-out-of-range": (
        "persentase {value} di luar 0 sampai 100; tulis sebagai persen (18,4 bukan 0,184)",
        "percentage {value} is outside 0 to 100; write it as a percent (18.4, not 0.184)",
    ),
    "recoverable-cell": (
        "sel {indicator} disamarkan tetapi nilainya ({range}) bisa dihitung dari sel yang diterbitkan dan "
        "hubungan antarindikator di buku kode; samarkan satu sel lain pada kelompok yang sama (penyamaran "
        "pelengkap), atau jalankan labkem aggregate yang memilihnya",
        "cell {indicator} is suppressed but its value ({range}) can be computed from the published cells and the "
        "codebook's relations between indicators; suppress one more cell of the same group (complementary "
        "suppression), or let labkem aggregate choose it",
    ),
    "narrowed-cell": (
        "dari sel yang diterbitkan, {indicator} hanya bisa bernilai {range}: bila sel itu angka kecil, sebagian "
        "rentang umum 1 sampai {max_small} sudah tersingkir; samarkan satu sel lain pada kelompok yang sama "
        "(penyamaran pelengkap) agar jumlah sel yang disamarkan sedikitnya {min_cell}",
        "from the published cells, {indicator} can only be {range}: if it is a small count, part of the public "
        "range 1 to {max_small} is ruled out; suppress one more cell of the same group (complementary "
        "suppression) so that the suppressed cells add up to at least {min_cell}",
    ),
    "cross-release-cell": (
        "dibaca bersama rilis {release}, yang menerbitkan angka lain desa {kode} periode {periode} dengan nilai "
        "yang sama, {indicator} hanya bisa bernilai {range}; samarkan lagi sel yang disamarkan di rilis itu "
        "(status c), atau jalankan make sample / labkem aggregate yang menjaganya",
        "read beside release {release}, which publishes the other numbers of village {kode} period {periode} "
        "with the same values, {indicator} can only be {range}; suppress again the cells that release suppressed "
        "(status c), or let make sample / labkem aggregate keep them",
    ),
    "implied-small-cell": (
        "{indicator} = {range}: selisih {total_indicator} dan indikator ini adalah angka sensitif di antara 1 dan "
        "{max_small} yang bisa dihitung siapa pun; kosongkan nilai ini dan isi status dengan c (disamarkan)",
        "{indicator} = {range}: the difference between {total_indicator} and this indicator is a sensitive count "
        "between 1 and {max_small} that anyone can compute; empty this value and set status c (suppressed)",
    ),
    "beneficiaries-above-population": (
        "penerima {value} lebih banyak dari penduduk desa ({total}); periksa jumlah penerima",
        "{value} beneficiaries exceed the village's {total} residents; check the number",
    ),
    "period-in-future": (
        "periode {value} belum dimulai (hari ini {today}); perbaiki tahun atau semester",
        "period {value} has not started yet (today is {today}); fix the year or semester",
    ),
    "encoding": (
        "berkas bukan UTF-8 ({value}); simpan ulang sebagai 'CSV UTF-8' dari lembar kerja",
        "the file is not UTF-8 ({value}); save it again as 'CSV UTF-8' from the spreadsheet",
    ),
    "ambiguous-number": (
        "angka '{value}' bisa berarti ribuan atau desimal; tulis tanpa titik ribuan (1234) atau dengan titik "
        "desimal yang jelas (1.5)",
        "number '{value}' could be thousands or a decimal; write it without a thousands separator (1234) or "
        "with an unambiguous decimal point (1.5)",
    ),
    "json": (
        "datapackage.json tidak bisa dibaca ({value}); periksa koma, kurung dan tanda kutip di sekitar tempat ini",
        "datapackage.json cannot be read ({value}); check commas, brackets and quotes around this place",
    ),
    "scheme-error": (
        "berkas tabel tidak ditemukan; pulihkan berkasnya atau hapus resource ini dari datapackage.json",
        "the table file is missing; restore it or remove this resource from datapackage.json",
    ),
    "source-error": (
        "berkas tidak bisa dibaca ({note}); simpan ulang sebagai CSV UTF-8",
        "the file cannot be read ({note}); save it again as UTF-8 CSV",
    ),
    "package-error": (
        "datapackage.json tidak sesuai spesifikasi Data Package ({note}); bandingkan dengan paket contoh",
        "datapackage.json does not follow the Data Package spec ({note}); compare it with a sample package",
    ),
    "resource-error": (
        "deskripsi resource tidak sesuai spesifikasi ({note}); bandingkan dengan paket contoh",
        "the resource description does not follow the spec ({note}); compare it with a sample package",
    ),
    "site-config": ("{id}; perbaiki situs.yml", "{en}; fix situs.yml"),
    "package-missing": (
        "paket wajib tidak ditemukan; pulihkan folder ini dari repositori, atau tunjuk foldernya dengan --rujukan",
        "a required package is missing; restore this folder from the repository, or name its folder with --rujukan",
    ),
    "regency-code": (
        "metadata labkem.kode_kabupaten '{value}' bukan kode kabupaten/kota di gazetir; isi dengan kode seperti 33.26",
        "metadata labkem.kode_kabupaten '{value}' is not a regency code in the gazetteer; use a code like 33.26",
    ),
    "regency-twice": (
        "kabupaten {value} sudah diterbitkan oleh paket {other}; satu kabupaten satu paket, gabungkan datanya",
        "regency {value} is already published by package {other}; one regency, one package: merge the data",
    ),
    "programme-id-taken": (
        "id program '{value}' sudah dipakai paket {other} (halamannya program/{value}/); beri id lain, misalnya "
        "dengan nama kabupaten",
        "programme id '{value}' is already used by package {other} (its page is program/{value}/); choose another "
        "id, for instance with the regency's name",
    ),
    "geojson": (
        "berkas GeoJSON tidak bisa dibaca ({value}); periksa koma, kurung dan tanda kutip di sekitar tempat ini, atau "
        "ekspor ulang dari aplikasi GIS",
        "the GeoJSON file cannot be read ({value}); check commas, brackets and quotes around this place, or export "
        "it again from the GIS application",
    ),
    "boundary-structure": (
        "{id}; berkas batas harus FeatureCollection GeoJSON dengan satu fitur Polygon atau MultiPolygon per wilayah, "
        "masing-masing dengan properti kode",
        "{en}; a boundary file must be a GeoJSON FeatureCollection with one Polygon or MultiPolygon feature per "
        "place, each with a kode property",
    ),
    "boundary-geometry": (
        "geometri {kode} tidak valid ({reason}); perbaiki di aplikasi GIS (QGIS: Perbaiki Geometri) atau impor ulang "
        "dengan scripts/import_boundaries.py yang merapikannya",
        "the geometry of {kode} is not valid ({reason}); fix it in a GIS application (QGIS: Fix Geometries) or "
        "import it again with scripts/import_boundaries.py, which cleans it",
    ),
    "boundary-crs": (
        "koordinat bukan bujur/lintang WGS84 ({value}); ekspor ulang sebagai GeoJSON EPSG:4326, tanpa anggota crs "
        "atau dengan CRS84",
        "the coordinates are not WGS84 longitude/latitude ({value}); export again as GeoJSON in EPSG:4326, with no "
        "crs member or with CRS84",
    ),
    "boundary-swapped": (
        "koordinat {kode} [{lon}, {lat}] di luar Indonesia (bujur 94 sampai 142, lintang -11 sampai 7) tetapi "
        "masuk bila ditukar: mungkin lintang/bujur tertukar; GeoJSON menulis [bujur, lintang]",
        "the coordinates of {kode} [{lon}, {lat}] lie outside Indonesia (longitude 94 to 142, latitude -11 to 7) "
        "but inside once swapped: latitude and longitude are probably swapped; GeoJSON writes [longitude, latitude]",
    ),
    "boundary-outside-indonesia": (
        "koordinat {kode} [{lon}, {lat}] di luar Indonesia (bujur 94 sampai 142, lintang -11 sampai 7); mungkin "
        "lintang/bujur tertukar atau berkasnya memakai sistem koordinat lain; GeoJSON menulis [bujur, lintang] WGS84",
        "the coordinates of {kode} [{lon}, {lat}] lie outside Indonesia (longitude 94 to 142, latitude -11 to 7); "
        "latitude and longitude may be swapped or the file uses another coordinate system; GeoJSON writes "
        "[longitude, latitude] in WGS84",
    ),
    "boundary-too-large": (
        "{id}; sederhanakan geometrinya (scripts/import_boundaries.py menyederhanakan sampai sekitar 50 m)",
        "{en}; simplify the geometry (scripts/import_boundaries.py simplifies to about 50 m)",
    ),
    "boundary-unknown-code": (
        "kode {value} tidak ada di gazetir Kemendagri (datapackages/wilayah); perbaiki properti kode fitur ini",
        "code {value} is not in the Kemendagri gazetteer (datapackages/wilayah); fix the feature's kode property",
    ),
    "boundary-outside-region": (
        "kode {value} bukan wilayah {region_id} {code} milik berkas ini; pindahkan fitur ke berkas wilayahnya atau "
        "perbaiki kodenya",
        "code {value} is not in {region_en} {code} that this file covers; move the feature to its own file or fix "
        "the code",
    ),
    "boundary-duplicate-code": (
        "kode {value} sudah dipakai fitur ke-{other}; satu wilayah satu fitur: gabungkan poligonnya menjadi satu "
        "MultiPolygon atau perbaiki kodenya",
        "code {value} is already used by feature {other}; one place, one feature: merge the polygons into one "
        "MultiPolygon or fix the code",
    ),
    "boundary-checksum": (
        "{field} di datapackage.json ({expected}) tidak sama dengan berkasnya ({actual}); berkas berubah setelah "
        "diimpor: jalankan ulang scripts/import_boundaries.py (make boundaries) atau perbarui {field}",
        "{field} in datapackage.json ({expected}) differs from the file ({actual}); the file changed after it was "
        "imported: run scripts/import_boundaries.py (make boundaries) again or update {field}",
    ),
    "boundary-resource": (
        "{id}; setiap resource paket batas menyebut berkas GeoJSON-nya dan labkem.tingkat desa (dengan "
        "kode_kabupaten) atau kabupaten (dengan kode_provinsi)",
        "{en}; each resource of the boundary package names its GeoJSON file and labkem.tingkat desa (with "
        "kode_kabupaten) or kabupaten (with kode_provinsi)",
    ),
}

FALLBACK = ("{note}", "{note}")

# Frictionless constraint names, said the way a data officer would.
CONSTRAINTS: dict[str, tuple[str, str]] = {
    "required": ("wajib diisi", "must not be empty"),
    "enum": ("harus salah satu dari {value}", "must be one of {value}"),
    "pattern": ("harus berbentuk {value}", "must look like {value}"),
    "minimum": ("paling kecil {value}", "must be at least {value}"),
    "maximum": ("paling besar {value}", "must be at most {value}"),
    "minLength": ("paling sedikit {value} karakter", "must have at least {value} characters"),
    "maxLength": ("paling banyak {value} karakter", "must have at most {value} characters"),
    "unique": ("harus unik", "must be unique"),
}


# Patterns of our schemas, with an example instead of the regular expression.
PATTERNS: dict[str, tuple[str, str]] = {
    PERIODE_PATTERN: ("tahun (2024) atau semester (2024-S1)", "a year (2024) or a semester (2024-S1)"),
    KODE_DESA_PATTERN: ("kode desa seperti 33.26.02.2008", "a village code like 33.26.02.2008"),
    KODE_KECAMATAN_PATTERN: ("kode kecamatan seperti 33.26.02", "a district code like 33.26.02"),
    r"[a-z0-9-]+": ("huruf kecil, angka dan tanda hubung", "lower-case letters, digits and hyphens"),
    r"[a-z0-9_]+": ("huruf kecil, angka dan garis bawah", "lower-case letters, digits and underscores"),
}


def describe_constraint(name: str, value: str) -> tuple[str, str]:
    """Return the Indonesian and English wording of a broken constraint."""
    if name == "pattern" and value in PATTERNS:
        example_id, example_en = PATTERNS[value]
        return f"harus berbentuk {example_id}", f"must be {example_en}"
    id_text, en_text = CONSTRAINTS.get(name, (f"{name} {{value}}", f"{name} {{value}}"))
    return id_text.format(value=value), en_text.format(value=value)


def render_message(rule: str, lang: str, values: dict[str, Any]) -> str:
    """Fill the rule's message for `lang` ('id' or 'en'); unknown rules fall back to the validator's note."""
    id_text, en_text = MESSAGES.get(rule, FALLBACK)
    template = en_text if lang == "en" else id_text
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return str(values.get("note") or values.get("message") or rule)
