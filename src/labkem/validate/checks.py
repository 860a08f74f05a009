"""Our rules as Frictionless `Check`s, one class per rule, so the official validator can run them.

Each check is built with the facts it needs from other tables or packages (the gazetteer, the
codebook, household counts) and only looks at the resources its rule is about. Errors carry their
numbers in `params` so the messages can be written in Indonesian or English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
from frictionless import Check, Error, Row, errors

from ..settings import DESIL_INDICATORS, SUPPRESSED


@attrs.define(kw_only=True, repr=False)
class LabkemCellError(errors.CellError):
    """A cell that breaks one of our rules; `params` feed the localised message."""

    type = "labkem-cell"
    title = "Labkem rule"
    description = "A cell breaks a publishing rule of Lab Kemiskinan Terbuka."
    template = "Row {rowNumber}, field {fieldName}: {note}"
    params: dict[str, Any] = attrs.field(factory=dict)

    @classmethod
    def at(cls, row: Row, field: str, note: str, **params: Any) -> LabkemCellError:
        """Make the error for `field` of `row`."""
        error: LabkemCellError = cls.from_row(row, note=note, field_name=field)
        error.params = params
        return error


class VillageOutsideRegencyError(LabkemCellError):
    type = "village-outside-regency"
    title = "Village outside the regency"


class UnknownVillageError(LabkemCellError):
    type = "unknown-village"
    title = "Code not in the gazetteer"


class GazetteerMismatchError(LabkemCellError):
    type = "gazetteer-mismatch"
    title = "Name or parent differs from the gazetteer"


class DesilAboveHouseholdsError(LabkemCellError):
    type = "desil-above-households"
    title = "Desil count above households"


class SmallCellError(LabkemCellError):
    type = "small-cell"
    title = "Unsuppressed small cell"


class UnknownIndicatorError(LabkemCellError):
    type = "unknown-indicator"
    title = "Indicator not in the codebook"


class SuppressionStatusError(LabkemCellError):
    type = "suppression-status"
    title = "Status c and empty value disagree"


def _has(row: Row, field: str) -> bool:
    return field in row.field_names


def _untyped(row: Row) -> bool:
    """Tell whether a cell of the row failed its type or constraint: its schema error comes first."""
    return any(isinstance(error, errors.CellError) for error in row.errors)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


class village_in_regency(Check):
    """Every village or district code belongs to the package's regency."""

    type = "village-in-regency"
    Errors = [VillageOutsideRegencyError]

    def __init__(self, kode_kabupaten: str) -> None:
        super().__init__()
        self.kode_kabupaten = kode_kabupaten

    def validate_row(self, row: Row) -> Iterable[Error]:
        if _untyped(row):
            return
        for field in ("kode_desa", "kode_kecamatan"):
            value = row[field] if _has(row, field) else None
            if value and not str(value).startswith(self.kode_kabupaten + "."):
                yield VillageOutsideRegencyError.at(
                    row,
                    field,
                    f"{value} is not in regency {self.kode_kabupaten}",
                    value=value,
                    kabupaten=self.kode_kabupaten,
                )


class village_in_gazetteer(Check):
    """District and village codes exist in the gazetteer, with the gazetteer's name and parent."""

    type = "village-in-gazetteer"
    Errors = [UnknownVillageError, GazetteerMismatchError]

    def __init__(self, desa: Mapping[str, tuple[str, str]], kecamatan: Mapping[str, str]) -> None:
        super().__init__()
        self.desa = desa
        self.kecamatan = kecamatan

    def validate_row(self, row: Row) -> Iterable[Error]:
        if _untyped(row):
            return
        name = self.resource.name
        if name == "kecamatan":
            yield from self._compare(row, "kode_kecamatan", self.kecamatan, "nama_kecamatan", None)
        elif name == "desa_profil":
            yield from self._compare(row, "kode_desa", self.desa, "nama_desa", "kode_kecamatan")

    def _compare(
        self, row: Row, key: str, table: Mapping[str, Any], name_field: str, parent_field: str | None
    ) -> Iterable[Error]:
        code = row[key]
        if not code:
            return
        if code not in table:
            yield UnknownVillageError.at(row, key, f"{code} is not in the gazetteer", value=code)
            return
        expected = table[code]
        expected_parent, expected_name = expected if isinstance(expected, tuple) else (None, expected)
        if row[name_field] != expected_name:
            yield GazetteerMismatchError.at(
                row,
                name_field,
                f"gazetteer says {expected_name!r}",
                value=row[name_field],
                expected=expected_name,
            )
        if parent_field and row[parent_field] != expected_parent:
            yield GazetteerMismatchError.at(
                row,
                parent_field,
                f"gazetteer says {expected_parent!r}",
                value=row[parent_field],
                expected=expected_parent,
            )


class desil_within_households(Check):
    """A desil count, and desil 1-4 together, never exceed the village's households in that period."""

    type = "desil-within-households"
    Errors = [DesilAboveHouseholdsError]

    def __init__(self, households: Mapping[tuple[str, str], float]) -> None:
        super().__init__()
        self.households = households
        self.sums: dict[tuple[str, str], float] = {}
        self.reported: set[tuple[str, str]] = set()

    def validate_row(self, row: Row) -> Iterable[Error]:
        if _untyped(row):
            return
        if self.resource.name != "observasi" or row["indikator"] not in DESIL_INDICATORS:
            return
        value = row["nilai"]
        key = (row["kode_desa"], row["periode"])
        total = self.households.get(key)
        if value is None or total is None:
            return
        self.sums[key] = self.sums.get(key, 0) + value
        if key in self.reported:
            return  # one report per village and period
        if value > total or self.sums[key] > total:
            self.reported.add(key)
            found = value if value > total else self.sums[key]
            yield DesilAboveHouseholdsError.at(
                row,
                "nilai",
                f"desil households {_number(found)} exceed the {_number(total)} households",
                value=_number(found),
                households=_number(total),
            )


class small_cell(Check):
    """A sensitive count between 1 and min_cell - 1 is published empty with status c."""

    type = "small-cell"
    Errors = [SmallCellError]

    def __init__(self, sensitive: frozenset[str], min_cell: int) -> None:
        super().__init__()
        self.sensitive = sensitive
        self.min_cell = min_cell

    def validate_row(self, row: Row) -> Iterable[Error]:
        if _untyped(row):
            return
        name = self.resource.name
        if name == "observasi" and row["indikator"] in self.sensitive:
            field = "nilai"
        elif name == "intervensi":
            field = "penerima"
        else:
            return
        value = row[field]
        if value is not None and 1 <= value < self.min_cell:
            yield SmallCellError.at(
                row,
                field,
                f"sensitive count {value} is between 1 and {self.min_cell - 1}",
                value=value,
                min_cell=self.min_cell,
            )


class known_indicator(Check):
    """Every observation names an indicator of the codebook."""

    type = "known-indicator"
    Errors = [UnknownIndicatorError]

    def __init__(self, indicators: frozenset[str]) -> None:
        super().__init__()
        self.indicators = indicators

    def validate_row(self, row: Row) -> Iterable[Error]:
        if _untyped(row):
            return
        if self.resource.name == "observasi" and row["indikator"] and row["indikator"] not in self.indicators:
            yield UnknownIndicatorError.at(
                row, "indikator", f"{row['indikator']} is not in the codebook", value=row["indikator"]
            )


class suppression_status(Check):
    """Status c exactly when the value is empty."""

    type = "suppression-status"
    Errors = [SuppressionStatusError]

    PAIRS = {"observasi": ("nilai", "status"), "intervensi": ("penerima", "status_penerima")}

    def validate_row(self, row: Row) -> Iterable[Error]:
        if _untyped(row):
            return
        pair = self.PAIRS.get(self.resource.name)
        if pair is None:
            return
        value_field, status_field = pair
        empty = row[value_field] is None
        suppressed = row[status_field] == SUPPRESSED
        if empty != suppressed:
            yield SuppressionStatusError.at(
                row,
                status_field,
                "empty value needs status c" if empty else "status c needs an empty value",
                empty=empty,
                value=row[value_field],
                status=row[status_field] or "",
            )


@attrs.define(kw_only=True, repr=False)
class PersonalDataColumnError(errors.LabelError):
    """A column whose name says it holds personal data."""

    type = "personal-data-column"
    title = "Personal data column"
    description = "Packages hold village aggregates only; this column name says it holds personal data."
    template = 'Column "{label}" at position "{fieldNumber}" looks like personal data: {note}'
    params: dict[str, Any] = attrs.field(factory=dict)


class PersonalDataError(LabkemCellError):
    type = "personal-data"
    title = "Personal data in a cell"


# Column names that only personal data would have (compared in lower case, spaces as underscores).
PERSONAL_COLUMN = re.compile(
    r"^(nik|no_?nik|no_?kk|nomor_?(kk|nik|hp|telepon)|kk|nama_(kepala\w*|krt|lengkap|penerima|anggota|warga|pemilik|"
    r"ibu|ayah|responden|art)|alamat\w*|rt|rw|rt_?rw|dusun|no_?hp|hp|telepon|telp|whatsapp|wa|email|"
    r"tanggal_lahir|tgl_lahir|tempat_lahir|ttl|tempat_tanggal_lahir)$"
)
# What personal data look like inside a cell, with the kind each pattern reveals.
PERSONAL_VALUE = [
    ("nik", re.compile(r"(?<!\d)\d{4}[ .-]?\d{4}[ .-]?\d{4}[ .-]?\d{4}(?!\d)")),
    ("telepon", re.compile(r"(?<![\d.])(\+62|62|0)[ -]?8\d{2}[ -]?\d{3,4}[ -]?\d{3,5}(?!\d)")),
    # day-month-year with - or /; dotted forms are left alone because region codes look like them
    ("tanggal_lahir", re.compile(r"(?<![\d.])(0?[1-9]|[12]\d|3[01])[-/](0?[1-9]|1[0-2])[-/](19|20)\d{2}(?!\d)")),
    (
        "alamat",
        re.compile(
            r"\bRT\.?\s*0*\d{1,3}\s*/?\s*RW\.?\s*0*\d{1,3}\b|\b(Jl|Jln|Jalan|Gang|Gg)\.?\s+\S+.*\bNo\.?\s*\d+",
            re.IGNORECASE,
        ),
    ),
    ("nama", re.compile(r"\b(Bapak|Ibu|Bp|Bpk|Ny|Nn|Sdr|Sdri|Tn)\.?\s+[A-Z][a-z]+")),
]
# Source citations carry publication dates (2020-02-14, 17-12-2018): dates there are not birthdays.
DATE_ALLOWED_COLUMNS = re.compile(r"^sumber")


class personal_data(Check):
    """No column or cell of any resource looks like a person's NIK/KK, phone, birth date, address or name."""

    type = "personal-data"
    Errors = [PersonalDataColumnError, PersonalDataError]

    def validate_start(self) -> Iterable[Error]:
        labels = list(getattr(self.resource, "labels", None) or [])
        for number, label in enumerate(labels, start=1):
            key = str(label).strip().lower().replace(" ", "_")
            if PERSONAL_COLUMN.match(key):
                error = PersonalDataColumnError(
                    note="packages hold village aggregates only",
                    labels=[str(x) for x in labels],
                    row_numbers=[1],
                    label=str(label),
                    field_name=str(label),
                    field_number=number,
                )
                error.params = {"value": str(label)}
                yield error

    def validate_row(self, row: Row) -> Iterable[Error]:
        for field in row.field_names:
            value = row[field]
            if not isinstance(value, str) and not (isinstance(value, int) and value > 10**14):
                continue
            text = str(value)
            for kind, pattern in PERSONAL_VALUE:
                if kind == "tanggal_lahir" and DATE_ALLOWED_COLUMNS.match(field):
                    continue
                if pattern.search(text):
                    yield PersonalDataError.at(row, field, f"looks like personal data ({kind})", kind=kind)
                    break


class FormulaCellError(LabkemCellError):
    type = "formula-cell"
    title = "Text that a spreadsheet would run as a formula"


class no_formula(Check):
    """No text cell starts with =, +, - or @: opened in a spreadsheet, it would run as a formula."""

    type = "no-formula"
    Errors = [FormulaCellError]

    STARTS = ("=", "+", "-", "@")

    def validate_row(self, row: Row) -> Iterable[Error]:
        if _untyped(row):
            return
        for field in row.field_names:
            value = row[field]
            if isinstance(value, str) and value.lstrip().startswith(self.STARTS):
                yield FormulaCellError.at(row, field, f"text starts with {value.lstrip()[0]!r}", value=value)
