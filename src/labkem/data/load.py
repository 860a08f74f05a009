"""Find and read the data packages under a data folder."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from labkem.core.errors import DataNotFound
from labkem.core.settings import BATAS_PACKAGE, INDIKATOR_PACKAGE, WILAYAH_PACKAGE


@dataclass(frozen=True)
class PackageRef:
    """One data package on disk: its folder, descriptor and role."""

    directory: Path
    descriptor: dict[str, Any]
    origin: Path | None = None  # the officer's folder, when `directory` holds a normalised copy

    @property
    def source_dir(self) -> Path:
        """The folder the package was read from, for messages."""
        return self.origin or self.directory

    @property
    def name(self) -> str:
        """The package folder's name (`kab-pekalongan`)."""
        return self.directory.name

    @property
    def descriptor_path(self) -> Path:
        """The `datapackage.json` path."""
        return self.directory / "datapackage.json"

    @property
    def role(self) -> str:
        """`wilayah`, `indikator`, `batas` or `kabupaten`."""
        if self.name in (WILAYAH_PACKAGE, INDIKATOR_PACKAGE, BATAS_PACKAGE):
            return self.name
        return "kabupaten"

    @property
    def kode_kabupaten(self) -> str:
        """The regency code a regency package declares in its metadata."""
        return str(self.descriptor.get("labkem", {}).get("kode_kabupaten", ""))

    @property
    def licence_names(self) -> str:
        """The package's licence names, comma-separated ('' when it states none)."""
        return ", ".join(str(item.get("name", "")) for item in self.descriptor.get("licenses", []))

    @property
    def synthetic(self) -> bool:
        """True when any of the package's data are generated."""
        return bool(self.descriptor.get("synthetic")) or any(
            r.get("synthetic") for r in self.descriptor.get("resources", [])
        )

    def resource_path(self, resource: str) -> Path:
        """Return the file of a resource, by name."""
        for item in self.descriptor.get("resources", []):
            if item.get("name") == resource:
                return self.directory / str(item["path"])
        raise DataNotFound(f"{self.descriptor_path}: resource '{resource}' tidak ada")

    def has_resource(self, resource: str) -> bool:
        """Tell whether the package declares a resource."""
        return any(r.get("name") == resource for r in self.descriptor.get("resources", []))

    def read(self, resource: str) -> pd.DataFrame:
        """Read a resource as text columns (no type guessing; the schema check does typing)."""
        return pd.read_csv(
            self.resource_path(resource),
            dtype=str,
            keep_default_na=False,
            encoding="utf-8-sig",
        )


@dataclass(frozen=True)
class BrokenDescriptor:
    """A `datapackage.json` that is not valid JSON, with the place the parser stopped."""

    path: Path
    line: int
    column: int
    reason: str


def find_packages(data_dir: Path, broken: list[BrokenDescriptor] | None = None) -> list[PackageRef]:
    """Return every package under `data_dir`, sorted by folder name.

    A descriptor that is not JSON is added to `broken` when a list is given, else it is an error.
    """
    if not data_dir.is_dir():
        raise DataNotFound(f"{data_dir}: folder data tidak ditemukan")
    refs = []
    for descriptor_path in sorted(data_dir.glob("*/datapackage.json")):
        try:
            descriptor = json.loads(descriptor_path.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as error:
            if broken is None:
                raise DataNotFound(
                    f"{descriptor_path}:{error.lineno}:{error.colno}: json: datapackage.json tidak bisa dibaca "
                    f"({error.msg})"
                ) from error
            broken.append(BrokenDescriptor(descriptor_path, error.lineno, error.colno, error.msg))
            continue
        refs.append(PackageRef(descriptor_path.parent, descriptor))
    if not refs and not broken:
        raise DataNotFound(f"{data_dir}: tidak ada datapackage.json di subfolder mana pun")
    return refs


@dataclass(frozen=True)
class RegencyData:
    """The tables of one regency package, read as text, plus its descriptor."""

    ref: PackageRef
    tables: dict[str, pd.DataFrame]


def publication_order(refs: Iterable[PackageRef]) -> list[PackageRef]:
    """Regency packages by regency code (the order of the site's lists), then the reference packages."""
    return sorted(refs, key=lambda ref: (ref.role != "kabupaten", ref.kode_kabupaten, ref.name))


def read_regency(ref: PackageRef) -> RegencyData:
    """Read every resource of a regency package."""
    names = [str(r["name"]) for r in ref.descriptor.get("resources", [])]
    return RegencyData(ref, {name: ref.read(name) for name in names})


def reference_tables(refs: Iterable[PackageRef]) -> tuple[dict[str, str], pd.DataFrame]:
    """The regency names of the gazetteer (code to name) and the codebook."""
    by_name = {ref.name: ref for ref in refs}
    kabupaten = by_name[WILAYAH_PACKAGE].read("kabupaten")
    names = dict(zip(kabupaten["kode"], kabupaten["nama"], strict=True))
    return names, by_name[INDIKATOR_PACKAGE].read("indikator")


def province_names(refs: Iterable[PackageRef]) -> dict[str, str]:
    """The province names of the gazetteer (none when it has no `provinsi` table)."""
    wilayah = next(ref for ref in refs if ref.name == WILAYAH_PACKAGE)
    if not wilayah.has_resource("provinsi"):
        return {}
    provinces = wilayah.read("provinsi")
    return dict(zip(provinces["kode"], provinces["nama"], strict=True))


def regencies_with_observations(refs: Iterable[PackageRef]) -> list[RegencyData]:
    """The regency packages read, those with observations only."""
    found = (read_regency(ref) for ref in refs if ref.role == "kabupaten")
    return [data for data in found if not data.tables["observasi"].empty]
