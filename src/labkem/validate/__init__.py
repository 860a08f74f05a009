"""Validation: Frictionless schema checks plus our own rules, reported as `path:row:column: rule: message`."""

from __future__ import annotations

import copy
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from itertools import repeat
from pathlib import Path
from typing import Any

import pandas as pd
from frictionless import Check, Checklist, Error, Package, errors

from labkem.core import digest
from labkem.core.errors import DataNotFound
from labkem.core.options import default_jobs
from labkem.core.progress import Tick, quiet
from labkem.core.settings import (
    BATAS_PACKAGE,
    DEFAULT_MIN_CELL,
    HOUSEHOLDS_INDICATOR,
    INDIKATOR_PACKAGE,
    KODE_KABUPATEN,
    SUPPRESSED,
    WILAYAH_PACKAGE,
)
from labkem.core.workers import count, pool
from labkem.data import hygiene, site_settings
from labkem.data.disclosure import Linkage
from labkem.data.load import BrokenDescriptor, PackageRef, find_packages
from labkem.validate import boundaries as boundary_checks
from labkem.validate import checks, screen
from labkem.validate.messages import describe_constraint, render_message


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
    if isinstance(error, errors.ConstraintError):
        match = re.search(r'constraint "(\w+)" is "(.*)"', values["note"])
        name, value = (match.group(1), match.group(2)) if match else ("?", values["note"])
        values["constraint_id"], values["constraint_en"] = describe_constraint(name, value)
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
    path = ref.source_dir / resource_path if resource_path else ref.source_dir / "datapackage.json"
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
    place_names: frozenset[str]
    linkage: Linkage


def _place_names(wilayah: PackageRef) -> frozenset[str]:
    """Every name in the gazetteer: provinces, regencies, districts and villages."""
    names: set[str] = set()
    for table in ("provinsi", "kabupaten", "kecamatan", "desa"):
        if wilayah.has_resource(table):
            names.update(wilayah.read(table)["nama"])
    return frozenset(names)


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
        place_names=_place_names(wilayah),
        linkage=codebook_linkage(codebook),
    )


def codebook_linkage(codebook: pd.DataFrame) -> Linkage:
    """The codebook's relations between indicators, as disclosure control reads them."""
    rows = codebook.fillna("").astype(str).to_dict("records")
    return Linkage.from_codebook({str(k): v for k, v in row.items()} for row in rows)


@dataclass(frozen=True)
class Observations:
    """Published values and hidden cells of `observasi`, by (village, period), for the cross-row rules."""

    values: dict[tuple[str, str], dict[str, float]]
    hidden: dict[tuple[str, str], frozenset[str]]

    @property
    def households(self) -> dict[tuple[str, str], float]:
        """Households of each village and period."""
        return {key: cells[HOUSEHOLDS_INDICATOR] for key, cells in self.values.items() if HOUSEHOLDS_INDICATOR in cells}


def _observations(ref: PackageRef, frame: pd.DataFrame | None = None) -> Observations:
    """The `observasi` table of `ref` as `Observations`; from `frame` when it has been read already."""
    if frame is None and not ref.has_resource("observasi"):
        return Observations({}, {})
    try:
        frame = ref.read("observasi") if frame is None else frame
    except (KeyError, ValueError, OSError, pd.errors.ParserError):
        return Observations({}, {})  # the schema check reports what is wrong with the table
    return observations_of(frame)


def observations_of(frame: pd.DataFrame) -> Observations:
    """An `observasi` table, read as text, as published values and hidden cells by village and period."""
    empty = Observations({}, {})
    try:
        numbers = pd.to_numeric(frame["nilai"], errors="coerce").to_numpy(dtype=float)
        keys = list(
            zip(frame["kode_desa"].to_numpy(dtype=object), frame["periode"].to_numpy(dtype=object), strict=True)
        )
        indicators, statuses = frame["indikator"].to_numpy(dtype=object), frame["status"].to_numpy(dtype=object)
    except (KeyError, ValueError):
        return empty  # the schema check reports what is wrong with the table
    values: dict[tuple[str, str], dict[str, float]] = {}
    hidden: dict[tuple[str, str], set[str]] = {}
    for key, indicator, number, status in zip(keys, indicators, numbers, statuses, strict=True):
        if number >= 0:  # NaN (empty or not a number) compares False; a negative count is a schema error
            values.setdefault(key, {})[indicator] = float(number)
        elif status == SUPPRESSED:
            hidden.setdefault(key, set()).add(indicator)
    return Observations(values, {key: frozenset(cells) for key, cells in hidden.items()})


def _min_cell(ref: PackageRef) -> int:
    sdc = ref.descriptor.get("labkem", {}).get("sdc", {})
    return max(3, int(sdc.get("min_cell", DEFAULT_MIN_CELL)))


def regency_checks(
    ref: PackageRef, context: Context, today: date | None = None, observations: Observations | None = None
) -> list[Check]:
    """Return the checks for one regency package (`observations`: its `observasi` table, when read already)."""
    if observations is None:
        observations = _observations(ref)
    min_cell = _min_cell(ref)
    return [
        checks.personal_data(context.place_names),
        checks.no_formula(),
        checks.no_markup(),
        checks.village_in_regency(ref.kode_kabupaten),
        checks.village_in_gazetteer(context.desa, context.kecamatan),
        checks.known_indicator(context.indicators),
        checks.small_cell(context.sensitive, min_cell),
        checks.suppression_status(),
        checks.desil_within_households(observations.households),
        checks.observation_consistency(
            observations.values, context.units, observations.hidden, context.linkage, min_cell
        ),
        checks.period_not_future(today or date.today()),
    ]


def check_regency(ref: PackageRef, context: Context, lang: str, today: date | None = None) -> list[Problem]:
    """The problems of one regency package: none when the screen proves it clean, else the validator's report
    on every row (the only path that reports, so a problem reads the same whichever way it was found)."""
    today = today or date.today()
    if _screened_clean(ref, context, today):
        return []
    return list(_run(ref, regency_checks(ref, context, today), lang))


def _screened_clean(ref: PackageRef, context: Context, today: date) -> bool:
    """Whether `ref` is clean, proven with `observasi` checked column-wise (`screen.py`) and the validator
    reading every other table row by row. False is no verdict: the caller validates the whole package."""
    found = [r for r in ref.descriptor.get("resources", []) if r.get("name") == screen.RESOURCE]
    if len(found) != 1 or not screen.standard_descriptor(found[0]):
        return False
    try:
        frame = screen.read_plain(ref.resource_path(screen.RESOURCE).read_bytes())
    except OSError:
        return False
    if frame is None:
        return False
    observations = _observations(ref, frame)
    clean = screen.observations_clean(
        frame,
        kode_kabupaten=ref.kode_kabupaten,
        indicators=context.indicators,
        sensitive=context.sensitive,
        units=context.units,
        place_names=context.place_names,
        min_cell=_min_cell(ref),
        today=today,
        values=observations.values,
        hidden=observations.hidden,
        linkage=context.linkage,
    )
    if not clean:
        return False
    rest = copy.deepcopy({**ref.descriptor, "resources": [r for r in ref.descriptor["resources"] if r is not found[0]]})
    villages = checks.column_values("desa_profil", "kode_desa")
    check_list = [*regency_checks(ref, context, today, observations), villages]
    report = Package(rest, basepath=str(ref.directory)).validate(checklist=Checklist(checks=check_list), limit_errors=1)
    # the foreign key of observasi.kode_desa, against desa_profil as the validator read it
    return bool(report.valid) and set(frame["kode_desa"].unique()) <= villages.values


def _run(ref: PackageRef, check_list: list[Check], lang: str) -> Iterable[Problem]:
    report = Package(str(ref.descriptor_path)).validate(checklist=Checklist(checks=check_list), limit_errors=10_000)
    for error in report.errors:
        yield _problem_from_error(ref, None, error, lang)
    for task in report.tasks:
        for error in task.errors:
            yield _problem_from_error(ref, task.place if task.place else None, error, lang)


@dataclass(frozen=True)
class Note:
    """Something labkem accepted and changed while reading a file (an unambiguous spreadsheet habit)."""

    path: str
    message: str

    def format(self) -> str:
        """Return the one-line form: `path: catatan: message`."""
        return f"{self.path}: catatan: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of checking a data folder."""

    problems: list[Problem]
    notes: list[Note]
    packages: list[PackageRef]  # as read: normalised copies where a file needed it

    @property
    def valid(self) -> bool:
        """True when nothing stands in the way of publishing."""
        return not self.problems


def _counts_only(units: dict[str, str]) -> Callable[[dict[str, str]], bool]:
    return lambda record: units.get(record.get("indikator", "")) in ("rumah_tangga", "jiwa")


def _codebook_units(refs: dict[str, PackageRef]) -> dict[str, str]:
    try:
        codebook = refs[INDIKATOR_PACKAGE].read("indikator")
        return dict(zip(codebook["id"], codebook["satuan"], strict=True))
    except (KeyError, ValueError, OSError, pd.errors.ParserError):
        return {}


def prepare_package(
    ref: PackageRef, work_dir: Path, units: dict[str, str], lang: str
) -> tuple[PackageRef, list[Note], list[Problem]]:
    """Normalise a package's CSV files into `work_dir` where needed; report what was accepted or rejected."""
    notes: list[Note] = []
    problems: list[Problem] = []
    fixed: dict[str, str] = {}
    for resource in ref.descriptor.get("resources", []):
        path = resource.get("path")
        if not isinstance(path, str) or not path.endswith(".csv") or not (ref.directory / path).is_file():
            continue  # Frictionless reports missing files and unusual resources itself
        types = {str(f.get("name")): str(f.get("type", "string")) for f in resource.get("schema", {}).get("fields", [])}
        counts = _counts_only(units) if resource.get("name") == "observasi" else (lambda _: False)
        result = hygiene.normalise_csv((ref.directory / path).read_bytes(), types, counts)
        shown = _display(ref.directory / path)
        if result.encoding_error:
            problems.append(
                Problem(
                    shown,
                    result.encoding_row,
                    None,
                    "encoding",
                    render_message("encoding", lang, {"value": result.encoding_error}),
                )
            )
            continue
        for item in result.ambiguous:
            problems.append(
                Problem(
                    shown,
                    item.row,
                    item.column,
                    "ambiguous-number",
                    render_message("ambiguous-number", lang, {"value": item.value}),
                )
            )
        notes.extend(Note(shown, hygiene.note_text(kind, lang)) for kind in result.notes)
        if result.changed:
            fixed[path] = result.text
    if not fixed:
        return ref, notes, problems
    target = work_dir / ref.name
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ref.directory, target)
    for path, text in fixed.items():
        (target / path).write_text(text, encoding="utf-8")
    return PackageRef(target, ref.descriptor, origin=ref.directory), notes, problems


@dataclass
class Memo:
    """Packages found clean (nothing to normalise) and valid by earlier runs, by the digest of their files, the
    reference packages, the language, the day and labkem's code. Only what passed is remembered, so a package
    with problems is always checked and reported again. The record is written only by a run that found no
    problem (a failed build leaves nothing but its report behind), and it keeps only that run's packages."""

    path: Path | None
    before: set[str]
    now: set[str]

    @classmethod
    def load(cls, path: Path | None) -> Memo:
        """The record in `path`; an empty one when there is none (or no `path`: nothing is remembered)."""
        try:
            before = set(json.loads(path.read_text(encoding="utf-8"))) if path else set()
        except (FileNotFoundError, json.JSONDecodeError):
            before = set()
        return cls(path, before, set())

    def knows(self, key: str) -> bool:
        """Whether `key` passed before; it is then kept for the next run."""
        if key in self.before:
            self.now.add(key)
            return True
        return False

    def passed(self, key: str) -> None:
        """Remember that `key` passed."""
        self.now.add(key)

    def save(self) -> None:
        """Write what this run found (and reused)."""
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(sorted(self.now)), encoding="utf-8")


def package_selection(data: Path) -> tuple[Path, str | None]:
    """The folder of packages to read and, when `data` names one package (its folder or its `datapackage.json`),
    that package's folder name; else `data` and None."""
    if data.name == "datapackage.json" and data.is_file():
        data = data.parent
    if (data / "datapackage.json").is_file():
        return data.parent, data.name
    return data, None


def check_data(
    data_dir: Path,
    lang: str = "id",
    work_dir: Path | None = None,
    tick: Tick = quiet,
    memo_file: Path | None = None,
    only: str | None = None,
    references: Path | None = None,
    jobs: int | None = None,
) -> ValidationReport:
    """Read and validate every package under `data_dir`, or only the package `only` (a folder name, see
    `package_selection`) with the reference packages; normalised copies go to `work_dir`. The reference packages
    (gazetteer and codebook) are taken from the folder `references` instead of `data_dir` when it is given. `tick`
    hears of each regency package checked. With `memo_file`, packages that passed with the same files, reference
    packages, language, day and code before are not checked again (see `Memo`). Packages are read and checked in
    up to `jobs` processes side by side (one per core by default)."""
    if work_dir is None:
        with tempfile.TemporaryDirectory(prefix="labkem-") as temporary:
            return check_data(data_dir, lang, Path(temporary), tick, memo_file, only, references, jobs)
    jobs = jobs or default_jobs()
    memo = Memo.load(memo_file)
    found, broken = _selected(data_dir, only, references)
    units = _codebook_units(found)
    refs: dict[str, PackageRef] = {}
    notes: list[Note] = []
    problems: list[Problem] = [
        Problem(_display(b.path), b.line, str(b.column), "json", render_message("json", lang, {"value": b.reason}))
        for b in broken
    ]
    files = {name: digest.of_parts(digest.of_tree(ref.directory), digest.code(), lang) for name, ref in found.items()}
    clean = {name: digest.of_parts("bersih", files[name]) for name in found}
    refs.update({name: ref for name, ref in found.items() if memo.knows(clean[name])})
    unknown = [ref for name, ref in found.items() if name not in refs]
    for ref, (prepared, package_notes, package_problems) in zip(
        unknown, _prepare_packages(unknown, work_dir, units, lang, jobs), strict=True
    ):
        refs[ref.name] = prepared
        notes.extend(package_notes)
        problems.extend(package_problems)
        # equal, not the same object: a worker process hands back a copy
        if prepared == ref and not package_notes and not package_problems:
            memo.passed(clean[ref.name])
    refs = {name: refs[name] for name in found}  # in the order found
    site_path = _display(data_dir / site_settings.FILENAME)
    settings, issues = site_settings.read_settings(data_dir)
    for issue in issues:
        message = render_message("site-config", lang, {"id": issue.id, "en": issue.en})
        problems.append(Problem(site_path, issue.line, issue.key, "site-config", message))
    if settings.url is None and not any(issue.key == "url" for issue in issues):
        notes.append(Note(site_path, site_settings.no_address_note(lang)))
    if not settings.kontak and not any(issue.key == "kontak" for issue in issues):
        notes.append(Note(site_path, site_settings.no_contact_note(lang)))
    for required in (WILAYAH_PACKAGE, INDIKATOR_PACKAGE):
        if required not in refs and not any(b.path.parent.name == required for b in broken):
            path = _display((references or data_dir) / required / "datapackage.json")
            problems.append(Problem(path, None, None, "package-missing", render_message("package-missing", lang, {})))
    for name in (WILAYAH_PACKAGE, INDIKATOR_PACKAGE):
        key = digest.of_parts("rujukan", files.get(name, ""))
        if name in refs and not memo.knows(key):
            places = _place_names(refs[name]) if name == WILAYAH_PACKAGE else frozenset()
            text_checks = [checks.personal_data(places), checks.no_formula(), checks.no_markup()]
            found_problems = list(_run(refs[name], text_checks, lang))
            problems.extend(found_problems)
            if not found_problems:
                memo.passed(key)
    if problems:
        # the regency checks lean on a valid gazetteer and codebook
        return ValidationReport(problems, notes, list(refs.values()))
    context = _context(refs)
    checkable = []
    for ref in refs.values():
        if ref.role != "kabupaten":
            continue
        if not KODE_KABUPATEN.match(ref.kode_kabupaten) or ref.kode_kabupaten not in context.kabupaten:
            message = render_message("regency-code", lang, {"value": ref.kode_kabupaten})
            problems.append(Problem(_display(ref.source_dir / "datapackage.json"), None, None, "regency-code", message))
            continue
        checkable.append(ref)
    reference = [files.get(name, "") for name in (WILAYAH_PACKAGE, INDIKATOR_PACKAGE)]
    keys = {
        ref.name: digest.of_parts("kabupaten", files[ref.name], *reference, date.today().isoformat())
        for ref in checkable
    }
    problems += _regency_problems(checkable, context, keys, memo, tick, lang, jobs)
    for ref in refs.values():
        if ref.role == BATAS_PACKAGE:
            key = digest.of_parts("batas", files[ref.name], reference[0], date.today().isoformat())
            boundary_problems, boundary_notes = _boundary_problems(ref, context, checkable, lang, memo, key)
            problems += boundary_problems
            notes += boundary_notes
    if not problems:  # on packages that are valid one by one (a broken program.csv is reported as such first)
        problems.extend(_across_packages(checkable, lang))
    if not problems:
        memo.save()
    return ValidationReport(problems, notes, list(refs.values()))


def _boundary_problems(
    ref: PackageRef, context: Context, regencies: list[PackageRef], lang: str, memo: Memo, key: str
) -> tuple[list[Problem], list[Note]]:
    """The problems and notes of the boundary package, against the gazetteer and the villages each regency
    package publishes (those of a package whose `desa_profil` cannot be read are left out of the notes: its
    own problems are reported). A package that passed with the same files and gazetteer (`key`) is not checked
    again: only its notes are worked out, from the codes of its files."""
    published: dict[str, list[str]] = {}
    for regency in regencies:
        try:
            published[regency.kode_kabupaten] = list(regency.read("desa_profil")["kode_desa"])
        except (KeyError, ValueError, OSError, pd.errors.ParserError, DataNotFound):
            continue
    gazetteer = boundary_checks.Gazetteer(frozenset(context.desa), context.kabupaten)
    if memo.knows(key):
        notes = boundary_checks.missing_notes(ref, published, lang)
        return [], [Note(_display(path), message) for path, message in notes]
    found, notes = boundary_checks.check_package(ref, gazetteer, published, lang)
    if not found:
        memo.passed(key)
    problems = [Problem(_display(f.path), f.row, f.column, f.rule, f.message) for f in found]
    return problems, [Note(_display(path), message) for path, message in notes]


def _selected(
    data_dir: Path, only: str | None, references: Path | None
) -> tuple[dict[str, PackageRef], list[BrokenDescriptor]]:
    """The packages to check by name, and the descriptors that could not be read: every package under `data_dir`,
    or only `only` and the reference packages, these taken from `references` when it is given."""
    broken: list[BrokenDescriptor] = []
    found = {ref.name: ref for ref in find_packages(data_dir, broken)}
    reference_names = (WILAYAH_PACKAGE, INDIKATOR_PACKAGE)
    if only is not None:
        found = {name: ref for name, ref in found.items() if name == only or name in reference_names}
        broken = [b for b in broken if b.path.parent.name == only or b.path.parent.name in reference_names]
    if references is not None:
        elsewhere: list[BrokenDescriptor] = []
        found.update({ref.name: ref for ref in find_packages(references, elsewhere) if ref.name in reference_names})
        broken += [b for b in elsewhere if b.path.parent.name in reference_names]
    return found, broken


def _regency_problems(
    checkable: list[PackageRef],
    context: Context,
    keys: dict[str, str],
    memo: Memo,
    tick: Tick,
    lang: str,
    jobs: int,
) -> list[Problem]:
    """Check the regency packages the memo does not know by their `keys`, in up to `jobs` processes; remember
    those that pass."""
    problems: list[Problem] = []
    known = 0
    unknown = []
    for ref in checkable:
        if memo.knows(keys[ref.name]):
            known += 1
            tick("validate", known, len(checkable), "kabupaten")
        else:
            unknown.append(ref)
    checked = zip(unknown, _check_regencies(unknown, context, lang, jobs), strict=True)
    for done, (ref, regency_problems) in enumerate(checked, start=known + 1):
        problems.extend(regency_problems)
        if not regency_problems:
            memo.passed(keys[ref.name])
        tick("validate", done, len(checkable), "kabupaten")
    return problems


# Regencies are checked independently, so they are spread over the cores. The gazetteer and codebook context is
# handed to each worker once, not with every regency (nationally it holds 83,763 villages).
_WORKER_CONTEXT: tuple[Context, str] | None = None


def _start_worker(context: Context, lang: str) -> None:
    global _WORKER_CONTEXT
    _WORKER_CONTEXT = (context, lang)


def _check_in_worker(ref: PackageRef) -> list[Problem]:
    assert _WORKER_CONTEXT is not None
    context, lang = _WORKER_CONTEXT
    return check_regency(ref, context, lang)


def _across_packages(refs: list[PackageRef], lang: str) -> list[Problem]:
    """The rules no single package can break: each regency and each programme id is published by one package
    only, since their pages (`kabupaten/KODE/`, `program/ID/`) would overwrite each other. Checked on every run
    (the memo remembers packages one by one)."""
    problems = []
    regency_of: dict[str, str] = {}
    programme_of: dict[str, str] = {}
    for ref in sorted(refs, key=lambda r: r.name):
        first = regency_of.setdefault(ref.kode_kabupaten, ref.name)
        if first != ref.name:
            message = render_message("regency-twice", lang, {"value": ref.kode_kabupaten, "other": first})
            shown = _display(ref.source_dir / "datapackage.json")
            problems.append(Problem(shown, None, None, "regency-twice", message))
        if not ref.has_resource("program"):
            continue
        shown = _display(ref.source_dir / ref.resource_path("program").relative_to(ref.directory))
        for row, programme in enumerate(ref.read("program")["id"], start=2):  # row 1 is the header
            first = programme_of.setdefault(programme, ref.name)
            if first != ref.name:
                message = render_message("programme-id-taken", lang, {"value": programme, "other": first})
                problems.append(Problem(shown, row, "id", "programme-id-taken", message))
    return problems


def _prepare_packages(
    refs: list[PackageRef], work_dir: Path, units: dict[str, str], lang: str, jobs: int
) -> Iterator[tuple[PackageRef, list[Note], list[Problem]]]:
    """`prepare_package` of each package, in the order given, spread over the cores (each reads and normalises
    its own CSV files, nationally a few hundred thousand rows a province)."""
    processes = count(jobs, len(refs))
    if processes == 1:
        for ref in refs:
            yield prepare_package(ref, work_dir, units, lang)
        return
    with pool(processes, start="fork") as executor:
        yield from executor.map(prepare_package, refs, repeat(work_dir), repeat(units), repeat(lang))


def _check_regencies(refs: list[PackageRef], context: Context, lang: str, jobs: int) -> Iterator[list[Problem]]:
    """The problems of each regency package, in the order given."""
    processes = count(jobs, len(refs))
    if processes == 1:
        for ref in refs:
            yield check_regency(ref, context, lang)
        return
    with pool(processes, start="fork", initializer=_start_worker, initargs=(context, lang)) as executor:
        yield from executor.map(_check_in_worker, refs)


def validate_packages(data_dir: Path, lang: str = "id") -> list[Problem]:
    """Validate every package under `data_dir`; return the problems found (empty when publishable)."""
    return check_data(data_dir, lang).problems


def report_as_json(report: ValidationReport) -> str:
    """Return the report as a JSON document for machines."""
    return json.dumps(
        {
            "valid": report.valid,
            "problems": [asdict(p) for p in report.problems],
            "notes": [asdict(n) for n in report.notes],
        },
        ensure_ascii=False,
        indent=2,
    )


def report_as_markdown(report: ValidationReport, lang: str = "id", limit: int = 200) -> str:
    """Return the report as Markdown for a CI job summary or a pull-request comment."""
    id_lang = lang != "en"
    if report.valid:
        head = "✅ Semua paket valid dan siap diterbitkan." if id_lang else "✅ All packages are valid."
    else:
        head = (
            f"❌ {len(report.problems)} masalah ditemukan; situs tidak diterbitkan sampai semuanya diperbaiki."
            if id_lang
            else f"❌ {len(report.problems)} problems found; the site is not published until all are fixed."
        )
    lines = ["## " + ("Validasi data" if id_lang else "Data validation"), "", head]
    if report.problems:
        columns = (
            ("Berkas", "Baris", "Kolom", "Aturan", "Masalah dan cara memperbaiki")
            if id_lang
            else ("File", "Row", "Column", "Rule", "Problem and fix")
        )
        lines += ["", "| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
        for p in report.problems[:limit]:
            cells = [f"`{p.path}`", str(p.row or ""), p.column or "", f"`{p.rule}`", p.message.replace("|", "\\|")]
            lines.append("| " + " | ".join(cells) + " |")
        if len(report.problems) > limit:
            more = len(report.problems) - limit
            lines += ["", f"… dan {more} masalah lain (lihat laporan HTML)." if id_lang else f"… and {more} more."]
    if report.notes:
        lines += ["", "Catatan:" if id_lang else "Notes:", ""] + [f"- `{n.path}`: {n.message}" for n in report.notes]
    return "\n".join(lines) + "\n"


def write_html_report(report: ValidationReport, path: Path, lang: str = "id") -> Path:
    """Write a readable HTML page of the report (problems grouped by file, then notes)."""
    import jinja2

    from labkem.core.paths import TEMPLATES_DIR

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True)
    groups: dict[str, list[Problem]] = {}
    for problem in report.problems:
        groups.setdefault(problem.path, []).append(problem)
    html = env.get_template("validasi.html.j2").render(report=report, groups=sorted(groups.items()), lang=lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return path
