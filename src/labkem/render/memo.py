"""The render stage's memory of each package: a package whose inputs did not change since the last build is not
read, transformed or rendered again; its files in the render folder are taken as they are.

Everything a package writes into the render folder (for a regency: its pages, charts, API files, downloads and
the copy of its tables) depends only on the package's own files, the codebook, the regency's name in the
gazetteer, the site's name, the release day, whether chart images are made, and labkem's code and libraries.
Those make the package's *key*. The record of a package holds the key, every file it wrote (size, modification
time and, for downloads, SHA-256) and its `PackageShare`: what the site-wide pages (home, indexes, the API's
index files, the catalogue) need of it. A record is used only when its key matches and each of its files is
still in the render folder with the recorded size and time; otherwise the package is rendered again.

A package is one unit of work because regencies are independent: changing one village reads, transforms and
renders one regency, and the site-wide pages are made from the records of the others.

Records are pickles of labkem's own classes, written into the build cache by labkem: a record that cannot be
read (another labkem version, a broken file) is ignored, and the package rendered again.

A regency's map drawing (`labkem.transform.regency.MapDrawing`: its boundaries projected and written as paths)
is kept the same way, apart from the package's record: its data changes every period, its boundaries seldom, so
a package rendered again draws its maps from the drawing of the last build (`kept_drawing`).
"""

from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from labkem.core import digest
from labkem.core.files import write_atomic
from labkem.data import boundaries
from labkem.data.load import PackageRef
from labkem.downloads.packages import PackageHub
from labkem.transform.model import IndicatorPage, ProgrammePage, RegencyLink, RegencyPage
from labkem.transform.regency import MapDrawing, map_drawing

MEMO_VERSION = 2


@dataclass(frozen=True)
class PackageShare:
    """What the site-wide pages and files need of one package."""

    name: str
    hub: PackageHub
    link: RegencyLink | None = None  # on the home page; None for a reference package or a regency without data yet
    synthetic: bool = False
    villages: tuple[str, ...] = ()  # village codes in page order
    # the programme pages in each language of the site, by its code: the programme index lists them
    programmes: dict[str, tuple[ProgrammePage, ...]] = field(default_factory=dict)
    indicators: tuple[IndicatorPage, ...] = ()  # without their villages: the codebook page lists them
    note: str = ""  # said in the log on every build


@dataclass(frozen=True)
class Output:
    """A file a package wrote into the render folder, as found right after the build."""

    size: int
    mtime_ns: int
    sha256: str  # for SHA256SUMS; empty for files that are not downloads


@dataclass(frozen=True)
class Record:
    """One package's record."""

    key: str
    outputs: dict[str, Output]
    share: PackageShare


def package_key(*parts: str) -> str:
    """The key of a package's render from the digests and texts it depends on, with labkem's code and libraries."""
    return digest.of_parts(str(MEMO_VERSION), digest.code(), *digest.libraries(), *parts)


class PackageMemo:
    """The records of the last build's packages, in one folder (a file per package). With `reuse` off, nothing is
    recalled, but what is rendered is still recorded for the next build."""

    def __init__(self, folder: Path, reuse: bool = True) -> None:
        self.folder = folder
        self.reuse = reuse

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.pickle"

    def recall(self, name: str, key: str, render_dir: Path) -> Record | None:
        """The record of package `name` when its key is `key` and its files are still as it left them."""
        if not self.reuse:
            return None
        try:
            record = pickle.loads(self._path(name).read_bytes())
        except (OSError, pickle.UnpicklingError, AttributeError, EOFError, ImportError, TypeError, ValueError):
            return None
        if not isinstance(record, Record) or record.key != key:
            return None
        # plain strings, not Path objects: a package's record lists thousands of files
        prefix = os.path.join(str(render_dir), "")
        for relative, output in record.outputs.items():
            try:
                found = os.stat(prefix + relative)
            except OSError:
                return None
            if found.st_size != output.size or found.st_mtime_ns != output.mtime_ns:
                return None
        return record

    def remember(self, name: str, key: str, share: PackageShare, written: dict[str, str], render_dir: Path) -> None:
        """Record what package `name` wrote (`written`: path in the render folder -> SHA-256 or '')."""
        outputs = {}
        for relative, sha256 in written.items():
            found = os.stat(render_dir / relative)
            outputs[relative] = Output(found.st_size, found.st_mtime_ns, sha256)
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self._path(name).with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps(Record(key, outputs, share), protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(self._path(name))

    def keep_only(self, names: set[str]) -> None:
        """Drop the records of packages that are no longer published."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*.pickle"):
            if path.stem not in names:
                path.unlink()


def kept_drawing(folder: Path, boundary_package: PackageRef, regency: RegencyPage) -> MapDrawing | None:
    """The map drawing of `regency` (`labkem.transform.regency.map_drawing`) from its file in the boundary
    package: as an earlier build kept it in `folder`, when it was made from the same bytes of that file for the
    same villages by the same labkem and libraries; else drawn now and kept. None without boundaries."""
    resource = boundaries.boundary_resource(boundary_package, regency.kode)
    if resource is None:
        return None
    path = boundary_package.directory / str(resource["path"])
    try:
        data = path.read_bytes()
    except OSError:
        return None
    key = package_key("peta", digest.of_bytes(data), regency.kode, *(v.kode for v in regency.villages))
    kept = folder / f"{regency.kode}.pickle"
    try:
        kept_key, drawing = pickle.loads(kept.read_bytes())
    except (OSError, pickle.UnpicklingError, AttributeError, EOFError, ImportError, TypeError, ValueError):
        kept_key, drawing = None, None
    if kept_key == key and (drawing is None or isinstance(drawing, MapDrawing)):
        return drawing
    drawing = map_drawing(regency, boundaries.read_collection(path))
    write_atomic(kept, pickle.dumps((key, drawing), protocol=pickle.HIGHEST_PROTOCOL))
    return drawing
