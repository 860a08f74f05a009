"""The render stage's record of each package: recalled only for the same key and untouched files."""

from __future__ import annotations

import os
from pathlib import Path

from labkem.downloads.packages import Download, PackageDownloads, PackageHub
from labkem.render.memo import PackageMemo, PackageShare


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
