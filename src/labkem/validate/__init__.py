"""Validation: Frictionless schema checks plus our own rules, reported as `path:row:column: rule: message`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
from frictionless import Check, Checklist, Error, Package, errors

from ..load import PackageRef, find_packages
from ..settings import (
    DEFAULT_MIN_CELL,
    HOUSEHOLDS_INDICATOR,
    INDIKATOR_PACKAGE,
    KODE_KABUPATEN,
    SUPPRESSED,
    WILAYAH_PACKAGE,
)
from . import checks
from .messages import render_message


@dataclass(frozen=True)
class Problem:
    """One problem found in the data, located as precisely as the rule allows."""

    path: str
    row: int | None
    column: str | None
    rule: str
    message: str

    def format(self) -> str:
        """Return the one-line form: `path:row:column: rule: message`."""
        place = self.path
        if self.row is not None:
            place += f":{self.row}"
            if self.column:
                place += f":{self.column}"
        return f"{place}: {self.rule}: {self.message}"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _problem_from_error(ref: PackageRef, resource_path: str | None, error: Error, lang: str) -> Problem:
    values: dict[str, Any] = {"note": getattr(error, "note", "") or error.message, "message": error.message}
    row = getattr(error, "row_number", None)
    column = getattr(error, "field_name", None)
    values["cell"] = getattr(error, "cell", "")
    values["field"] = column or ""
    if isinstance(error, errors.ForeignKeyError):
        column = ",".join(error.field_names)
        values.update(cells=",".join(error.field_cells), reference=error.reference_name, field=column)
    if isinstance(error, errors.TypeError):
        match = re.search(r'type is "(\w+)', values["note"])
        values["type"] = match.group(1) if match else "?"
    if isinstance(error, errors.PrimaryKeyError) and resource_path:
        column = ",".join(_primary_key(ref, resource_path))
        match = re.search(r"position (\d+)", values["note"])
        values.update(field=column, other=match.group(1) if match else "?")
    if isinstance(error, errors.LabelError):
        values["field"] = error.label or error.field_name
        column = column or error.label
        row = row or (error.row_numbers[0] if error.row_numbers else None)
    if isinstance(error, checks.PersonalDataColumnError):
        values.update(error.params)
    if isinstance(error, checks.LabkemCellError):
        values.update(error.params)
        if "min_cell" in values:
            values["max_small"] = values["min_cell"] - 1
    path = ref.directory / resource_path if resource_path else ref.descriptor_path
    return Problem(_display(path), row, column, error.type, render_message(error.type, lang, values))


def _primary_key(ref: PackageRef, resource_path: str) -> list[str]:
    for resource in ref.descriptor.get("resources", []):
        if resource.get("path") == resource_path:
            key = resource.get("schema", {}).get("primaryKey", [])
            return [key] if isinstance(key, str) else list(key)
    return []


@dataclass(frozen=True)
class Context:
    """Facts from the gazetteer and the codebook that the regency checks need."""

    desa: dict[str, tuple[str, str]]
    kecamatan: dict[str, str]
    kabupaten: frozenset[str]
    indicators: frozenset[str]
    sensitive: frozenset[str]
    units: dict[str, str]


def _context(refs: dict[str, PackageRef]) -> Context:
    wilayah = refs[WILAYAH_PACKAGE]
    desa = wilayah.read("desa")
    kecamatan = wilayah.read("kecamatan")
    codebook = refs[INDIKATOR_PACKAGE].read("indikator")
    return Context(
        desa=dict(zip(desa["kode"], zip(desa["kode_kecamatan"], desa["nama"], strict=True), strict=True)),
        kecamatan=dict(zip(kecamatan["kode"], kecamatan["nama"], strict=True)),
        kabupaten=frozenset(wilayah.read("kabupaten")["kode"]),
        indicators=frozenset(codebook["id"]),
        sensitive=frozenset(codebook.loc[codebook["sensitif"] == "true", "id"]),
        units=dict(zip(codebook["id"], codebook["satuan"], strict=True)),
    )


@dataclass(frozen=True)
class Observations:
    """Published values and hidden cells of `observasi`, by (village, period), for the cross-row rules."""

    values: dict[tuple[str, str], dict[str, float]]
    hidden: dict[tuple[str, str], frozenset[str]]

    @property
    def households(self) -> dict[tuple[str, str], float]:
        """Households of each village and period."""
        return {key: cells[HOUSEHOLDS_INDICATOR] for key, cells in self.values.items() if HOUSEHOLDS_INDICATOR in cells}


def _observations(ref: PackageRef) -> Observations:
    empty = Observations({}, {})
    if not ref.has_resource("observasi"):
        return empty
    try:
        frame = ref.read("observasi")
        numbers = pd.to_numeric(frame["nilai"], errors="coerce")
        keys = list(zip(frame["kode_desa"], frame["periode"], strict=True))
        indicators, statuses = frame["indikator"], frame["status"]
    except (KeyError, ValueError, OSError, pd.errors.ParserError):
        return empty  # the schema check reports what is wrong with the table
    values: dict[tuple[str, str], dict[str, float]] = {}
    hidden: dict[tuple[str, str], set[str]] = {}
    for key, indicator, number, status in zip(keys, indicators, numbers, statuses, strict=True):
        if pd.notna(number):
            values.setdefault(key, {})[indicator] = float(number)
        elif status == SUPPRESSED:
            hidden.setdefault(key, set()).add(indicator)
    return Observations(values, {key: frozenset(cells) for key, cells in hidden.items()})


def regency_checks(ref: PackageRef, context: Context, today: date | None = None) -> list[Check]:
    """Return the checks for one regency package."""
    observations = _observations(ref)
    sdc = ref.descriptor.get("labkem", {}).get("sdc", {})
    min_cell = max(3, int(sdc.get("min_cell", DEFAULT_MIN_CELL)))
    return [
        checks.personal_data(),
        checks.no_formula(),
        checks.village_in_regency(ref.kode_kabupaten),
        checks.village_in_gazetteer(context.desa, context.kecamatan),
        checks.known_indicator(context.indicators),
        checks.small_cell(context.sensitive, min_cell),
        checks.suppression_status(),
        checks.desil_within_households(observations.households),
        checks.observation_consistency(observations.values, context.units, observations.hidden),
        checks.period_not_future(today or date.today()),
    ]


def _run(ref: PackageRef, check_list: list[Check], lang: str) -> Iterable[Problem]:
    report = Package(str(ref.descriptor_path)).validate(checklist=Checklist(checks=check_list), limit_errors=10_000)
    for error in report.errors:
        yield _problem_from_error(ref, None, error, lang)
    for task in report.tasks:
        for error in task.errors:
            yield _problem_from_error(ref, task.place if task.place else None, error, lang)


def validate_packages(data_dir: Path, lang: str = "id") -> list[Problem]:
    """Validate every package under `data_dir`; return the problems found (empty when publishable)."""
    refs = {ref.name: ref for ref in find_packages(data_dir)}
    problems: list[Problem] = []
    for required in (WILAYAH_PACKAGE, INDIKATOR_PACKAGE):
        if required not in refs:
            path = _display(data_dir / required / "datapackage.json")
            problems.append(Problem(path, None, None, "package-missing", render_message("package-missing", lang, {})))
    for name in (WILAYAH_PACKAGE, INDIKATOR_PACKAGE):
        if name in refs:
            problems.extend(_run(refs[name], [checks.personal_data(), checks.no_formula()], lang))
    if problems:
        return problems  # the regency checks lean on a valid gazetteer and codebook
    context = _context(refs)
    for ref in refs.values():
        if ref.role != "kabupaten":
            continue
        if not KODE_KABUPATEN.match(ref.kode_kabupaten) or ref.kode_kabupaten not in context.kabupaten:
            problems.append(
                Problem(
                    _display(ref.descriptor_path),
                    None,
                    None,
                    "regency-code",
                    render_message("regency-code", lang, {"value": ref.kode_kabupaten}),
                )
            )
            continue
        problems.extend(_run(ref, regency_checks(ref, context), lang))
    return problems


def problems_as_json(problems: list[Problem]) -> str:
    """Return the problems as a JSON document for machines."""
    return json.dumps({"valid": not problems, "problems": [asdict(p) for p in problems]}, ensure_ascii=False, indent=2)
