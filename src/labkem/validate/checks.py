"""Our rules as Frictionless `Check`s, one class per rule, so the official validator can run them.

Each check is built with the facts it needs from other tables or packages (the gazetteer, the
codebook, household counts) and only looks at the resources its rule is about. Errors carry their
numbers in `params` so the messages can be written in Indonesian or English.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from typing import Any

import attrs
from frictionless import Check, Error, Row, errors

from labkem.core.settings import DESIL_INDICATORS, DESIL_TOTAL, HOUSEHOLDS_INDICATOR, POPULATION_INDICATOR, SUPPRESSED
from labkem.data.disclosure import Finding, Linkage, disclosures


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


def _untyped(row: Row, check: Check) -> bool:
    """Tell whether a cell of the row failed its type or constraint, or the row lacks a column of its table's
    schema (its header named fewer, as when the file's delimiter is not the one declared): the schema's errors
    come first."""
    if any(isinstance(error, errors.CellError) for error in row.errors):
        return True
    return len(row.field_names) < len(check.resource.schema.fields)


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


# The rules on single values, shared by the checks below and by the column-wise screen (`screen.py`).


def outside_regency(code: Any, kode_kabupaten: str) -> bool:
    """Whether a (non-empty) village or district code lies outside the regency `kode_kabupaten`."""
    return bool(code) and not str(code).startswith(kode_kabupaten + ".")


def period_start(period: str) -> date:
    """The first day of a period: 1 January of its year, or 1 July for a second semester (`2023-S2`)."""
    return date(int(period[:4]), 7, 1) if period.endswith("-S2") else date(int(period[:4]), 1, 1)


class column_values(Check):
    """Not a rule: gathers the values of one column of one resource as the validator read them. The screen
    of `observasi` compares its village codes with `desa_profil` through it (see `screen.py`)."""

    type = "column-values"

    def __init__(self, resource: str, field: str) -> None:
        super().__init__()
        self.resource_name = resource
        self.field = field
        self.values: set[Any] = set()

    def validate_row(self, row: Row) -> Iterable[Error]:
        if self.resource.name == self.resource_name and _has(row, self.field):
            self.values.add(row[self.field])
        return ()


class village_in_regency(Check):
    """Every village or district code belongs to the package's regency."""

    type = "village-in-regency"
    Errors = [VillageOutsideRegencyError]

    def __init__(self, kode_kabupaten: str) -> None:
        super().__init__()
        self.kode_kabupaten = kode_kabupaten

    def validate_row(self, row: Row) -> Iterable[Error]:
        if _untyped(row, self):
            return
        for field in ("kode_desa", "kode_kecamatan"):
            value = row[field] if _has(row, field) else None
            if outside_regency(value, self.kode_kabupaten):
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
        if _untyped(row, self):
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
        if _untyped(row, self):
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
        if _untyped(row, self):
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
        if _untyped(row, self):
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
        if _untyped(row, self):
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
    """No column or cell of any resource looks like a person's NIK/KK, phone, birth date, address or name.

    A cell that is exactly an official place name is not taken for a person's name: the gazetteer has districts
    called Ibu Utara and Ibu Selatan (Halmahera Barat), which read like "Ibu" and a name."""

    type = "personal-data"
    Errors = [PersonalDataColumnError, PersonalDataError]

    def __init__(self, place_names: Collection[str] = frozenset()) -> None:
        super().__init__()
        self.place_names = place_names

    def validate_start(self) -> Iterable[Error]:
        labels = list(getattr(self.resource, "labels", None) or [])
        for number, label in enumerate(labels, start=1):
            if personal_column(label):
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
            kind = personal_kind(field, row[field], self.place_names)
            if kind:
                yield PersonalDataError.at(row, field, f"looks like personal data ({kind})", kind=kind)


def personal_column(label: str) -> bool:
    """Whether a column name says the column holds personal data."""
    return bool(PERSONAL_COLUMN.match(str(label).strip().lower().replace(" ", "_")))


def personal_kind(field: str, value: Any, place_names: Collection[str] = frozenset()) -> str | None:
    """The kind of personal data a typed cell of column `field` looks like, or None. Text is looked at, and
    whole numbers long enough to be a NIK; an exact place name is not taken for a person's name."""
    if not isinstance(value, str) and not (isinstance(value, int) and value > 10**14):
        return None
    text = str(value)
    for kind, pattern in PERSONAL_VALUE:
        if kind == "tanggal_lahir" and DATE_ALLOWED_COLUMNS.match(field):
            continue
        if kind == "nama" and text in place_names:
            continue
        if pattern.search(text):
            return kind
    return None


class FormulaCellError(LabkemCellError):
    type = "formula-cell"
    title = "Text that a spreadsheet would run as a formula"


class no_formula(Check):
    """No text cell starts with =, +, - or @: opened in a spreadsheet, it would run as a formula."""

    type = "no-formula"
    Errors = [FormulaCellError]

    STARTS = ("=", "+", "-", "@")

    def validate_row(self, row: Row) -> Iterable[Error]:
        if _untyped(row, self):
            return
        for field in row.field_names:
            value = row[field]
            if starts_formula(value):
                yield FormulaCellError.at(row, field, f"text starts with {value.lstrip()[0]!r}", value=value)


def starts_formula(value: Any) -> bool:
    """Whether a typed cell is text a spreadsheet would run as a formula."""
    return isinstance(value, str) and value.lstrip().startswith(no_formula.STARTS)


class MarkupCellError(LabkemCellError):
    type = "markup-cell"
    title = "Text that a browser would read as HTML"


# an HTML tag, comment or declaration opening: "<" then a letter, "/", "!" or "?"; "< 5" and "<5" stay allowed
MARKUP = re.compile(r"<\s*[A-Za-z/!?]")


class no_markup(Check):
    """No text cell holds what a browser would read as HTML: pages show the values as text, and a tag (say a
    `<script>`) copied from elsewhere, or planted, must not reach a reader's browser."""

    type = "no-markup"
    Errors = [MarkupCellError]

    def validate_row(self, row: Row) -> Iterable[Error]:
        if _untyped(row, self):
            return
        for field in row.field_names:
            value = row[field]
            if holds_markup(value):
                yield MarkupCellError.at(row, field, "text holds an HTML tag", value=value)


def holds_markup(value: Any) -> bool:
    """Whether a typed cell is text holding HTML markup."""
    return isinstance(value, str) and MARKUP.search(value) is not None


class CountAboveTotalError(LabkemCellError):
    type = "count-above-total"
    title = "Count above its total"


class HandledAboveTotalError(LabkemCellError):
    type = "handled-above-total"
    title = "More handled than there are"


class DesilTotalMismatchError(LabkemCellError):
    type = "desil-total-mismatch"
    title = "Desil 1-4 total differs from the sum of its parts"


class PercentOutOfRangeError(LabkemCellError):
    type = "percent-out-of-range"
    title = "Percentage outside 0-100"


class RecoverableCellError(LabkemCellError):
    type = "recoverable-cell"
    title = "Suppressed cell recoverable by subtraction"


class NarrowedCellError(LabkemCellError):
    type = "narrowed-cell"
    title = "Suppressed or implied small cell narrowed below the public range"


class ImpliedSmallCellError(LabkemCellError):
    type = "implied-small-cell"
    title = "Small count published as the difference of two cells"


class BeneficiariesAbovePopulationError(LabkemCellError):
    type = "beneficiaries-above-population"
    title = "More beneficiaries than residents"


class PeriodInFutureError(LabkemCellError):
    type = "period-in-future"
    title = "Period in the future"


Values = Mapping[tuple[str, str], Mapping[str, float]]


class observation_consistency(Check):
    """Counts fit their totals, handled fit what is to handle, percentages stay in 0-100, desil parts add up,
    and nothing the adversary of `sdc` plays learns from the published cells and the codebook's relations is
    too precise: no hidden cell recovered, no hidden or implied small cell narrowed, no implied small count."""

    type = "observation-consistency"
    Errors = [
        CountAboveTotalError,
        HandledAboveTotalError,
        DesilTotalMismatchError,
        PercentOutOfRangeError,
        RecoverableCellError,
        NarrowedCellError,
        ImpliedSmallCellError,
        BeneficiariesAbovePopulationError,
    ]

    def __init__(
        self,
        values: Values,
        units: Mapping[str, str],
        hidden: Mapping[tuple[str, str], frozenset[str]],
        linkage: Linkage,
        min_cell: int,
    ) -> None:
        super().__init__()
        self.values = values
        self.units = units
        self.hidden = hidden
        self.linkage = linkage
        self.subset_of = linkage.subset_of
        self.min_cell = min_cell
        self.findings: dict[tuple[str, str], dict[str, list[Finding]]] = {}
        self.population: dict[str, float] = {}
        for (kode, _), cells in values.items():
            if POPULATION_INDICATOR in cells:
                self.population[kode] = max(self.population.get(kode, 0), cells[POPULATION_INDICATOR])

    def validate_row(self, row: Row) -> Iterable[Error]:
        if _untyped(row, self):
            return
        if self.resource.name == "intervensi":
            yield from self._beneficiaries(row)
            return
        if self.resource.name != "observasi":
            return
        indicator, value = row["indikator"], row["nilai"]
        key = (row["kode_desa"], row["periode"])
        cells = self.values.get(key, {})
        yield from self._disclosed(row, key, indicator)
        if value is None:
            return
        unit = self.units.get(indicator)
        if unit == "persen" and not 0 <= value <= 100:
            yield PercentOutOfRangeError.at(row, "nilai", f"{value} is not in 0-100", value=_number(value))
        bound = self.subset_of.get(indicator)
        if bound and bound in cells and value > cells[bound]:
            yield HandledAboveTotalError.at(
                row,
                "nilai",
                f"{value} handled of {cells[bound]}",
                value=_number(value),
                total=_number(cells[bound]),
                total_indicator=bound,
            )
        total_indicator = {"rumah_tangga": HOUSEHOLDS_INDICATOR, "jiwa": POPULATION_INDICATOR}.get(unit or "")
        if (
            total_indicator
            and indicator != total_indicator
            and indicator not in DESIL_INDICATORS
            and total_indicator in cells
            and value > cells[total_indicator]
        ):
            yield CountAboveTotalError.at(
                row,
                "nilai",
                f"{value} above {total_indicator} {cells[total_indicator]}",
                value=_number(value),
                total=_number(cells[total_indicator]),
                total_indicator=total_indicator,
            )
        if indicator == DESIL_TOTAL and all(part in cells for part in DESIL_INDICATORS):
            parts = sum(cells[part] for part in DESIL_INDICATORS)
            if parts != value:
                yield DesilTotalMismatchError.at(
                    row, "nilai", f"{value} but the parts add up to {parts}", value=_number(value), parts=_number(parts)
                )

    def _disclosed(self, row: Row, key: tuple[str, str], indicator: str) -> Iterable[Error]:
        """The disclosures of this village and period that belong on this row: a hidden cell on its own row, an
        implied cell (total - part) on the part's row."""
        if key not in self.findings:
            by_row: dict[str, list[Finding]] = {}
            found = disclosures(
                self.values.get(key, {}), self.hidden.get(key, frozenset()), self.linkage, self.min_cell
            )
            for finding in found:
                by_row.setdefault(finding.cell.rsplit("-", 1)[-1], []).append(finding)
            self.findings[key] = by_row
        for finding in self.findings[key].get(indicator, []):
            params = {"indicator": finding.cell, "range": finding.shown, "min_cell": self.min_cell}
            if finding.kind == "recovered":
                yield RecoverableCellError.at(row, "status", f"{finding.cell} follows as {finding.shown}", **params)
            elif finding.kind == "implied":
                total = finding.cell.split("-", 1)[0]
                yield ImpliedSmallCellError.at(
                    row, "nilai", f"{finding.cell} = {finding.shown}", total_indicator=total, **params
                )
            else:
                column = "status" if finding.cell == indicator else "nilai"
                yield NarrowedCellError.at(row, column, f"{finding.cell} lies in {finding.shown}", **params)

    def _beneficiaries(self, row: Row) -> Iterable[Error]:
        value = row["penerima"]
        population = self.population.get(row["kode_desa"])
        if value is not None and population is not None and value > population:
            yield BeneficiariesAbovePopulationError.at(
                row,
                "penerima",
                f"{value} beneficiaries, {population} residents",
                value=_number(value),
                total=_number(population),
            )


class period_not_future(Check):
    """Periods are not later than today (a semester S2 starts in July)."""

    type = "period-not-future"
    Errors = [PeriodInFutureError]

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def validate_row(self, row: Row) -> Iterable[Error]:
        if _untyped(row, self) or not _has(row, "periode") or not row["periode"]:
            return
        period = str(row["periode"])
        if period_start(period) > self.today:
            yield PeriodInFutureError.at(
                row,
                "periode",
                f"{period} starts after {self.today.isoformat()}",
                value=period,
                today=self.today.isoformat(),
            )
