"""The catalogue of broken packages: each fault is one edit of the valid fixture and what it must report.

A fault names the CSV it edits, the edit (on rows as dicts) and the exact problems expected as
(file, row, column, rule) with the file relative to the data folder. Rows count as a spreadsheet
does: the header is row 1.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

Rows = list[dict[str, str]]
Expected = tuple[str, int | None, str | None, str]


@dataclass(frozen=True)
class Fault:
    """One kind of broken input."""

    name: str
    file: str
    edit: Callable[[Rows], Rows]
    expected: tuple[Expected, ...]

    def apply(self, data_dir: Path) -> None:
        """Break a copy of the valid dataset in place."""
        path = data_dir / self.file
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            fieldnames = list(reader.fieldnames or [])
            rows = list(reader)
        rows = self.edit(rows)
        fieldnames = [name for name in fieldnames if name in rows[0]] + [k for k in rows[0] if k not in fieldnames]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fieldnames, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


@dataclass(frozen=True)
class RawFault:
    """A fault in the bytes of a file (encoding, separators) rather than in its cells."""

    name: str
    file: str
    edit: Callable[[bytes], bytes]
    expected: tuple[Expected, ...]

    def apply(self, data_dir: Path) -> None:
        """Break a copy of the valid dataset in place."""
        path = data_dir / self.file
        path.write_bytes(self.edit(path.read_bytes()))


@dataclass(frozen=True)
class JsonFault:
    """A fault in a `datapackage.json`: an edit of the parsed descriptor, or of its text when it is None."""

    name: str
    file: str
    edit: Callable[[Any], Any]
    expected: tuple[Expected, ...]

    def apply(self, data_dir: Path) -> None:
        """Break a copy of the valid dataset in place."""
        path = data_dir / self.file
        if self.file.endswith(".json"):
            result = self.edit(json.loads(path.read_text(encoding="utf-8")))
            text = result if isinstance(result, str) else json.dumps(result, ensure_ascii=False, indent=2)
            path.write_text(text, encoding="utf-8")
        else:
            self.edit(path)


@dataclass(frozen=True)
class GeoFault:
    """A fault in a boundary file (`batas`): an edit of its parsed FeatureCollection (or of its text). The
    descriptor's `bytes` and `hash` are brought up to date with the edited file, so that only the fault shows;
    `notes` are the notes expected on the file, word for word up to their hint (a village without a polygon is a
    note, not a problem)."""

    name: str
    file: str
    edit: Callable[[Any], Any]
    expected: tuple[Expected, ...]
    notes: tuple[str, ...] = ()
    raw: bool = False  # `edit` takes and returns the file's text, not the parsed collection

    def apply(self, data_dir: Path) -> None:
        """Break a copy of the valid dataset in place."""
        path = data_dir / self.file
        text = path.read_text(encoding="utf-8")
        if self.raw:
            text = self.edit(text)
        else:
            text = json.dumps(self.edit(json.loads(text)), ensure_ascii=False, separators=(",", ":")) + "\n"
        data = text.encode("utf-8")
        path.write_bytes(data)
        package, relative = self.file.split("/", 1)
        descriptor_path = data_dir / package / "datapackage.json"
        descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:
            if resource["path"] == relative:
                resource["bytes"] = len(data)
                resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        descriptor_path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _feature(index: int, **properties: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """Change properties of the feature at `index` (from 0)."""

    def edit(collection: dict[str, Any]) -> dict[str, Any]:
        collection["features"][index]["properties"].update(properties)
        return collection

    return edit


def _geometry(
    index: int, change: Callable[[dict[str, Any]], dict[str, Any]]
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def edit(collection: dict[str, Any]) -> dict[str, Any]:
        feature = collection["features"][index]
        feature["geometry"] = change(feature["geometry"])
        return collection

    return edit


def _bowtie(geometry: dict[str, Any]) -> dict[str, Any]:
    """The square's ring drawn corner to opposite corner: it crosses itself."""
    [[a, b, c, d, _]] = geometry["coordinates"]
    return {"type": "Polygon", "coordinates": [[a, c, b, d, a]]}


def _swapped(geometry: dict[str, Any]) -> dict[str, Any]:
    """[latitude, longitude] instead of GeoJSON's [longitude, latitude]."""
    rings = [[[y, x] for x, y in ring] for ring in geometry["coordinates"]]
    return {"type": geometry["type"], "coordinates": rings}


def _without_feature(kode: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def edit(collection: dict[str, Any]) -> dict[str, Any]:
        collection["features"] = [f for f in collection["features"] if f["properties"]["kode"] != kode]
        return collection

    return edit


def _replace_line(index: int, old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def edit(raw: bytes) -> bytes:
        lines = raw.split(b"\n")
        assert old in lines[index], lines[index]
        lines[index] = lines[index].replace(old, new)
        return b"\n".join(lines)

    return edit


def _set(index: int, **changes: str) -> Callable[[Rows], Rows]:
    def edit(rows: Rows) -> Rows:
        rows[index] = {**rows[index], **changes}
        return rows

    return edit


def _first(predicate: Callable[[dict[str, str]], bool], **changes: str) -> Callable[[Rows], Rows]:
    def edit(rows: Rows) -> Rows:
        index = next(i for i, row in enumerate(rows) if predicate(row))
        rows[index] = {**rows[index], **changes}
        return rows

    return edit


# Botosari 2018 in the fixture: a large pilot village whose desil and handled cells are all published.
PLACE = ("33.26.02.2008", "2018")
FIXTURE_OBS = Path(__file__).resolve().parent / "data" / "valid" / "kab-pekalongan" / "observasi.csv"


@cache
def row_of(indicator: str) -> int:
    """The row (header = 1) of `indicator` at PLACE in the fixture's observasi.csv."""
    with FIXTURE_OBS.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            if (row["kode_desa"], row["periode"], row["indikator"]) == (*PLACE, indicator):
                return number
    raise LookupError(indicator)


def _at(**changes: dict[str, str]) -> Callable[[Rows], Rows]:
    """Change cells of PLACE: indicator -> the columns to set."""

    def edit(rows: Rows) -> Rows:
        for row in rows:
            if (row["kode_desa"], row["periode"]) == PLACE and row["indikator"] in changes:
                row.update(changes[row["indikator"]])
        return rows

    return edit


def _append(**row: str) -> Callable[[Rows], Rows]:
    def edit(rows: Rows) -> Rows:
        return [*rows, {**rows[0], **row}]

    return edit


def _duplicate(index: int) -> Callable[[Rows], Rows]:
    def edit(rows: Rows) -> Rows:
        return [*rows, dict(rows[index])]

    return edit


def _add_column(name: str, value: str) -> Callable[[Rows], Rows]:
    def edit(rows: Rows) -> Rows:
        return [{**row, name: value} for row in rows]

    return edit


def _without(column: str) -> Callable[[Rows], Rows]:
    def edit(rows: Rows) -> Rows:
        return [{k: v for k, v in row.items() if k != column} for row in rows]

    return edit


def _blank_row(index: int) -> Callable[[Rows], Rows]:
    def edit(rows: Rows) -> Rows:
        return [*rows[:index], dict.fromkeys(rows[0], ""), *rows[index:]]

    return edit


def _regency_code(code: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def edit(descriptor: dict[str, Any]) -> dict[str, Any]:
        descriptor["labkem"]["kode_kabupaten"] = code
        return descriptor

    return edit


def _truncate(descriptor: dict[str, Any]) -> str:
    return json.dumps(descriptor, indent=2)[:-40]


OBS = "kab-pekalongan/observasi.csv"
INTERVENSI = "kab-pekalongan/intervensi.csv"
POTENSI = "kab-pekalongan/potensi_desa.csv"
PROFIL = "kab-pekalongan/desa_profil.csv"
OBS_ROWS = 640  # data rows of the fixture's observasi.csv (8 villages x 4 periods x 20 indicators)
PROFIL_ROWS = 8
INTERVENSI_ROWS = 6
# the fixture's boundary file: features 1-7 are Werdi, Winduaji, Krandegan, Botosari, Wuled, Ngalian and
# Mulyorejo (Pandanarum has no polygon)
BATAS_DESA = "batas/desa/33.26.geojson"

FAULTS: list[Fault | RawFault | JsonFault | GeoFault] = [
    Fault("bad-type", OBS, _set(0, nilai="banyak"), ((OBS, 2, "nilai", "type-error"),)),
    Fault(
        "duplicate-key",
        OBS,
        _duplicate(0),
        ((OBS, OBS_ROWS + 2, "kode_desa,periode,indikator", "primary-key"),),
    ),
    Fault(
        "unknown-village",
        PROFIL,
        _append(kode_desa="33.26.02.2999", nama_desa="Desa Fiktif"),
        ((PROFIL, PROFIL_ROWS + 2, "kode_desa", "unknown-village"),),
    ),
    Fault(
        "village-of-another-regency",
        PROFIL,
        _append(kode_desa="33.27.04.2010", nama_desa="Majalangu"),
        (
            (PROFIL, PROFIL_ROWS + 2, "kode_desa", "village-outside-regency"),
            (PROFIL, PROFIL_ROWS + 2, "kode_kecamatan", "gazetteer-mismatch"),
        ),
    ),
    Fault(
        "desil-above-households",
        OBS,
        _at(rt_desil_1={"nilai": "99999"}),
        (
            (OBS, row_of("rt_desil_1"), "nilai", "desil-above-households"),
            (OBS, row_of("rt_desil_1_4"), "nilai", "desil-total-mismatch"),
        ),
    ),
    Fault(
        "small-cell",
        OBS,
        _at(anak_tidak_sekolah={"nilai": "3"}),
        ((OBS, row_of("anak_tidak_sekolah"), "nilai", "small-cell"),),
    ),
    Fault(
        "unknown-indicator",
        OBS,
        _set(0, indikator="jumlah_warga"),
        ((OBS, 2, "indikator", "unknown-indicator"),),
    ),
    Fault(
        "suppressed-with-value",
        OBS,
        _at(rt_desil_2={"status": "c"}),
        ((OBS, row_of("rt_desil_2"), "status", "suppression-status"),),
    ),
    Fault(
        "name-differs-from-gazetteer",
        PROFIL,
        _set(0, nama_desa="Desa Salah Ketik"),
        ((PROFIL, 2, "nama_desa", "gazetteer-mismatch"),),
    ),
    Fault(
        "unknown-programme",
        "kab-pekalongan/program_desa.csv",
        _set(0, program="program-lain"),
        (("kab-pekalongan/program_desa.csv", 2, "program", "foreign-key"),),
    ),
    Fault(
        "nik-column",
        INTERVENSI,
        _add_column("nik", "3326021234560001"),
        (
            (INTERVENSI, 1, "nik", "extra-label"),
            (INTERVENSI, 1, "nik", "personal-data-column"),
            *tuple((INTERVENSI, row, "nik", "personal-data") for row in range(2, 2 + INTERVENSI_ROWS)),
        ),
    ),
    Fault(
        "nik-in-text",
        INTERVENSI,
        _set(0, organisasi="KPM 3326021234560001"),
        ((INTERVENSI, 2, "organisasi", "personal-data"),),
    ),
    Fault(
        "phone-number",
        POTENSI,
        _set(0, keterangan="hubungi 0812-3456-7890"),
        ((POTENSI, 2, "keterangan", "personal-data"),),
    ),
    Fault(
        "date-of-birth",
        POTENSI,
        _set(0, keterangan="ketua lahir 12/05/1980"),
        ((POTENSI, 2, "keterangan", "personal-data"),),
    ),
    Fault(
        "address-below-village",
        INTERVENSI,
        _set(0, kegiatan="Bedah rumah RT 03/RW 02"),
        ((INTERVENSI, 2, "kegiatan", "personal-data"),),
    ),
    Fault(
        "person-name",
        INTERVENSI,
        _set(0, organisasi="Bapak Sutrisno"),
        ((INTERVENSI, 2, "organisasi", "personal-data"),),
    ),
    Fault(
        "markup-in-text",
        INTERVENSI,
        _set(0, kegiatan='Pelatihan <script>fetch("//contoh.invalid")</script>'),
        ((INTERVENSI, 2, "kegiatan", "markup-cell"),),
    ),
    Fault(
        "markup-in-place-note",
        POTENSI,
        _set(0, keterangan='<img src=x onerror="alert(1)">'),
        ((POTENSI, 2, "keterangan", "markup-cell"),),
    ),
    Fault(
        "count-above-households",
        OBS,
        _at(rt_rtlh={"nilai": "99999"}),
        ((OBS, row_of("rt_rtlh"), "nilai", "count-above-total"),),
    ),
    Fault(
        "persons-above-population",
        OBS,
        _at(jiwa_tanpa_dokumen={"nilai": "999999"}),
        ((OBS, row_of("jiwa_tanpa_dokumen"), "nilai", "count-above-total"),),
    ),
    Fault(
        "handled-above-total",
        OBS,
        _at(jiwa_penyakit_kronis_tertangani={"nilai": "500"}),
        ((OBS, row_of("jiwa_penyakit_kronis_tertangani"), "nilai", "handled-above-total"),),
    ),
    Fault(
        "desil-total-mismatch",
        OBS,
        _at(rt_desil_1_4={"nilai": "7"}),
        ((OBS, row_of("rt_desil_1_4"), "nilai", "desil-total-mismatch"),),
    ),
    Fault(
        "lone-suppressed-desil",
        OBS,
        _at(rt_desil_3={"nilai": "", "status": "c"}),
        ((OBS, row_of("rt_desil_3"), "status", "recoverable-cell"),),
    ),
    Fault(
        # a published total and its handled part 1..4 apart: the difference is a small count anyone can take
        "handled-one-short-of-total",
        OBS,
        _at(jiwa_penyakit_kronis={"nilai": "8"}, jiwa_penyakit_kronis_tertangani={"nilai": "7"}),
        ((OBS, row_of("jiwa_penyakit_kronis_tertangani"), "nilai", "implied-small-cell"),),
    ),
    Fault(
        # desil 1 and 4 hidden, adding up to 3 beside the published total: each is 0..3, never 4
        "hidden-pair-narrowed",
        OBS,
        _at(
            rt_desil_1={"nilai": "", "status": "c"},
            rt_desil_4={"nilai": "", "status": "c"},
            rt_desil_1_4={"nilai": "212"},
        ),
        (
            (OBS, row_of("rt_desil_1"), "status", "narrowed-cell"),
            (OBS, row_of("rt_desil_4"), "status", "narrowed-cell"),
        ),
    ),
    Fault(
        "beneficiaries-above-population",
        INTERVENSI,
        _first(lambda r: r["penerima"] != "", penerima="99999"),
        ((INTERVENSI, None, "penerima", "beneficiaries-above-population"),),
    ),
    Fault("period-in-future", INTERVENSI, _set(0, periode="2099"), ((INTERVENSI, 2, "periode", "period-in-future"),)),
    Fault(
        "period-malformed", INTERVENSI, _set(0, periode="2021/2022"), ((INTERVENSI, 2, "periode", "constraint-error"),)
    ),
    RawFault(
        "not-utf8",
        "kab-pekalongan/potensi_desa.csv",
        lambda raw: raw.replace(b"Tambak", "Tambak \u00e9".encode("latin-1"), 1),
        (("kab-pekalongan/potensi_desa.csv", 2, None, "encoding"),),
    ),
    Fault(
        "ambiguous-thousands-in-percent",
        "kab-pekalongan/kemiskinan_kabupaten.csv",
        _set(0, persen_miskin="12.840"),
        (("kab-pekalongan/kemiskinan_kabupaten.csv", 2, "persen_miskin", "ambiguous-number"),),
    ),
    Fault("missing-column", PROFIL, _without("tipologi"), ((PROFIL, 1, "tipologi", "missing-label"),)),
    Fault(
        "blank-row-inside",
        PROFIL,
        _blank_row(2),
        ((PROFIL, 4, None, "blank-row"), (PROFIL, 4, "kode_desa", "primary-key")),
    ),
    Fault("required-value-missing", PROFIL, _set(1, nama_desa=""), ((PROFIL, 3, "nama_desa", "constraint-error"),)),
    Fault("unknown-typology", PROFIL, _set(0, tipologi="gunung"), ((PROFIL, 2, "tipologi", "constraint-error"),)),
    Fault("negative-count", OBS, _set(0, nilai="-5"), ((OBS, 2, "nilai", "constraint-error"),)),
    Fault("unknown-status-letter", OBS, _set(0, status="x"), ((OBS, 2, "status", "constraint-error"),)),
    Fault(
        "malformed-village-code",
        "kab-pekalongan/status_desa.csv",
        _set(0, kode_desa="3326022001"),
        (
            ("kab-pekalongan/status_desa.csv", 2, "kode_desa", "foreign-key"),
            ("kab-pekalongan/status_desa.csv", 2, "kode_desa", "village-outside-regency"),
        ),
    ),
    Fault("duplicate-village", PROFIL, _duplicate(0), ((PROFIL, PROFIL_ROWS + 2, "kode_desa", "primary-key"),)),
    Fault(
        "unknown-role",
        "kab-pekalongan/program_desa.csv",
        _set(0, peran="ketua"),
        (("kab-pekalongan/program_desa.csv", 2, "peran", "constraint-error"),),
    ),
    Fault(
        "poverty-rate-above-100",
        "kab-pekalongan/kemiskinan_kabupaten.csv",
        _set(0, persen_miskin="128.4"),
        (("kab-pekalongan/kemiskinan_kabupaten.csv", 2, "persen_miskin", "constraint-error"),),
    ),
    Fault(
        "unknown-village-status",
        "kab-pekalongan/status_desa.csv",
        _set(0, status="Maju Sekali"),
        (("kab-pekalongan/status_desa.csv", 2, "status", "constraint-error"),),
    ),
    Fault(
        "unknown-funding-source",
        INTERVENSI,
        _set(0, sumber_dana="Hibah"),
        ((INTERVENSI, 2, "sumber_dana", "constraint-error"),),
    ),
    Fault(
        "district-name-differs",
        "kab-pekalongan/kecamatan.csv",
        _set(0, nama_kecamatan="Paninggaran Baru"),
        (("kab-pekalongan/kecamatan.csv", 2, "nama_kecamatan", "gazetteer-mismatch"),),
    ),
    Fault(
        "codebook-sensitivity-not-boolean",
        "indikator/indikator.csv",
        _set(2, sensitif="mungkin"),
        (("indikator/indikator.csv", 4, "sensitif", "type-error"),),
    ),
    JsonFault(
        "descriptor-not-json",
        "kab-pekalongan/datapackage.json",
        _truncate,
        (("kab-pekalongan/datapackage.json", None, "8", "json"),),
    ),
    JsonFault(
        "regency-code-unknown",
        "kab-pekalongan/datapackage.json",
        _regency_code("33.99"),
        (("kab-pekalongan/datapackage.json", None, None, "regency-code"),),
    ),
    JsonFault(
        "resource-file-missing",
        "kab-pekalongan/potensi_desa.csv",
        lambda path: path.unlink(),
        (("kab-pekalongan/potensi_desa.csv", None, None, "scheme-error"),),
    ),
    GeoFault(
        "boundary-self-intersecting",
        BATAS_DESA,
        _geometry(0, _bowtie),
        ((BATAS_DESA, 1, "geometry", "boundary-geometry"),),
    ),
    GeoFault(
        "boundary-village-of-another-regency",
        BATAS_DESA,
        _feature(1, kode="33.27.04.2010", nama="Majalangu"),
        ((BATAS_DESA, 2, "kode", "boundary-outside-region"),),
    ),
    GeoFault(
        "boundary-unknown-code",
        BATAS_DESA,
        _feature(1, kode="33.26.02.2999", nama="Desa Fiktif"),
        ((BATAS_DESA, 2, "kode", "boundary-unknown-code"),),
    ),
    GeoFault(
        "boundary-lat-lng-swapped",
        BATAS_DESA,
        _geometry(2, _swapped),
        ((BATAS_DESA, 3, "geometry", "boundary-swapped"),),
    ),
    GeoFault(
        "boundary-duplicate-code",
        BATAS_DESA,
        _feature(4, kode="33.26.02.2001", nama="Werdi"),
        ((BATAS_DESA, 5, "kode", "boundary-duplicate-code"),),
    ),
    GeoFault(
        "boundary-village-missing",
        BATAS_DESA,
        _without_feature("33.26.02.2008"),
        (),
        notes=("2 desa kabupaten 33.26 tanpa batas wilayah (33.26.02.2008, 33.26.15.2003)",),
    ),
    RawFault(
        "boundary-file-changed-after-import",
        BATAS_DESA,
        lambda raw: raw.replace(b"Werdi", b"Werdi Lor"),
        ((BATAS_DESA, None, None, "boundary-checksum"), (BATAS_DESA, None, None, "boundary-checksum")),
    ),
    GeoFault(
        # a closing brace lost at the end of the first feature: the parser stops at the start of the next line
        "boundary-not-json",
        BATAS_DESA,
        lambda text: text.replace("]]]}},\n", "]]]},\n", 1),
        ((BATAS_DESA, 3, "1", "geojson"),),
        raw=True,
    ),
]
