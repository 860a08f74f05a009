"""The render stage's record of each package: recalled only for the same key and untouched files."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from labkem.data import boundaries
from labkem.data.load import PackageRef, find_packages, read_regency
from labkem.downloads.packages import Download, PackageDownloads, PackageHub
from labkem.render.memo import PackageMemo, PackageShare, kept_drawing
from labkem.transform.facts import Codebook
from labkem.transform.regency import RegencyPages, build_regency, map_drawing, with_maps

from conftest import VALID


def share(name: str) -> PackageShare:
    downloads = PackageDownloads(name, name, "CC-BY-4.0", True, Download(f"unduh/paket/{name}.zip", 3, "ab"), ())
    return PackageShare(name, PackageHub(downloads, None, (), None, 0), villages=("33.26.01.2001",))


def remembered(tmp_path: Path) -> tuple[PackageMemo, Path]:
    docs = tmp_path / "docs"
    (docs / "desa").mkdir(parents=True)
    (docs / "desa" / "a.md").write_text("# A\n", encoding="utf-8")
    (docs / "unduh").mkdir()
    (docs / "unduh" / "a.zip").write_bytes(b"zip")
    memo = PackageMemo(tmp_path / "memo")
    memo.remember("kab-a", "kunci-1", share("kab-a"), {"desa/a.md": "", "unduh/a.zip": "ab"}, docs)
    return memo, docs


def test_a_record_is_recalled_for_its_key_while_its_files_are_untouched(tmp_path: Path) -> None:
    memo, docs = remembered(tmp_path)
    record = memo.recall("kab-a", "kunci-1", docs)
    assert record is not None
    assert record.share == share("kab-a")
    assert record.outputs["unduh/a.zip"].sha256 == "ab" and record.outputs["desa/a.md"].sha256 == ""
    assert memo.recall("kab-a", "kunci-2", docs) is None  # the package, the codebook or the code changed
    assert memo.recall("kab-b", "kunci-1", docs) is None
    assert PackageMemo(tmp_path / "memo", reuse=False).recall("kab-a", "kunci-1", docs) is None  # --full


def test_a_file_changed_or_removed_since_makes_the_package_render_again(tmp_path: Path) -> None:
    memo, docs = remembered(tmp_path)
    page = docs / "desa" / "a.md"
    stat = page.stat()
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert memo.recall("kab-a", "kunci-1", docs) is None
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert memo.recall("kab-a", "kunci-1", docs) is not None
    (docs / "unduh" / "a.zip").unlink()
    assert memo.recall("kab-a", "kunci-1", docs) is None


def test_a_broken_record_is_ignored_and_records_of_removed_packages_are_dropped(tmp_path: Path) -> None:
    memo, docs = remembered(tmp_path)
    memo.remember("kab-b", "kunci-1", share("kab-b"), {"desa/a.md": ""}, docs)
    (tmp_path / "memo" / "kab-a.pickle").write_bytes(b"bukan pickle")
    assert memo.recall("kab-a", "kunci-1", docs) is None
    memo.keep_only({"kab-a"})
    assert sorted(path.name for path in (tmp_path / "memo").iterdir()) == ["kab-a.pickle"]


def boundary_fixture(tmp_path: Path) -> tuple[PackageRef, RegencyPages, Path]:
    """A copy of the fixture's boundary package, Kab. Pekalongan's pages, and its boundary file in the copy."""
    shutil.copytree(VALID / "batas", tmp_path / "batas")
    refs = {ref.name: ref for ref in find_packages(VALID)}
    codebook = Codebook.from_frame(refs["indikator"].read("indikator"))
    pages = build_regency(read_regency(refs["kab-pekalongan"]), codebook, "Kabupaten Pekalongan")
    package = next(ref for ref in find_packages(tmp_path) if ref.name == "batas")
    resource = boundaries.boundary_resource(package, "33.26")
    assert resource is not None
    return package, pages, package.directory / str(resource["path"])


def test_a_map_drawing_is_kept_for_the_same_boundaries_and_villages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package, pages, path = boundary_fixture(tmp_path)
    folder = tmp_path / "peta"
    fresh = map_drawing(pages.regency, boundaries.read_collection(path))
    drawn = kept_drawing(folder, package, pages.regency)
    assert drawn is not None and fresh is not None
    assert drawn.geometry == fresh.geometry and drawn.paths == fresh.paths and (folder / "33.26.pickle").is_file()
    reads: list[Path] = []
    real = boundaries.read_collection
    monkeypatch.setattr(boundaries, "read_collection", lambda p, *a: reads.append(p) or real(p, *a))
    kept = kept_drawing(folder, package, pages.regency)
    assert reads == []  # nothing read or projected again
    assert kept is not None and kept.geometry == fresh.geometry and kept.shapes.keys() == fresh.shapes.keys()
    # the pages drawn from it are those drawn from a fresh one
    assert with_maps(pages, kept) == with_maps(pages, fresh)


def test_a_map_drawing_is_made_again_when_its_boundaries_or_villages_change_or_it_cannot_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package, pages, path = boundary_fixture(tmp_path)
    folder = tmp_path / "peta"
    kept_drawing(folder, package, pages.regency)
    reads: list[Path] = []
    real = boundaries.read_collection
    monkeypatch.setattr(boundaries, "read_collection", lambda p, *a: reads.append(p) or real(p, *a))
    fewer = dataclasses.replace(pages.regency, villages=pages.regency.villages[1:])
    drawn = kept_drawing(folder, package, fewer)  # a village left the package
    assert reads == [path] and drawn is not None and pages.regency.villages[0].kode not in drawn.paths
    kept_drawing(folder, package, pages.regency)
    assert len(reads) == 2  # and came back
    path.write_bytes(path.read_bytes().replace(b"Botosari", b"Botosari Baru"))  # the boundary file changed
    kept_drawing(folder, package, pages.regency)
    assert len(reads) == 3
    (folder / "33.26.pickle").write_bytes(b"rusak")
    assert kept_drawing(folder, package, pages.regency) is not None and len(reads) == 4
    kept_drawing(folder, package, pages.regency)
    assert len(reads) == 4
