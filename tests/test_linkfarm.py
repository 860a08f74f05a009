"""The site as links to stored files: a folder brought up to date touches only what changed, and the live site
never sees it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from labkem.publish import linkfarm
from labkem.publish.linkfarm import bring_up_to_date, files_under, replace_into
from labkem.publish.site import swap_into_place


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")


def contents(root: Path) -> dict[str, str]:
    return {relative: path.read_text(encoding="utf-8") for relative, path in files_under(root).items()}


def test_a_tools_fresh_output_replaces_only_the_files_whose_bytes_changed(tmp_path: Path) -> None:
    store, fresh = tmp_path / "store", tmp_path / "fresh"
    write(store, {"a.html": "a", "b/b.html": "b", "gone/c.html": "c"})
    inode = (store / "a.html").stat().st_ino
    write(fresh, {"a.html": "a", "b/b.html": "B", "d.html": "d", ".well-known/security.txt": "kontak"})
    assert replace_into(fresh, store) == {"b/b.html", "gone/c.html", "d.html", ".well-known/security.txt"}
    assert contents(store) == {"a.html": "a", "b/b.html": "B", "d.html": "d", ".well-known/security.txt": "kontak"}
    assert (store / "a.html").stat().st_ino == inode  # unchanged: the links to it stay valid
    assert not (store / "gone").exists() and not fresh.exists()


def test_a_tools_output_in_memory_replaces_the_changed_files_of_a_store_on_disk(tmp_path: Path) -> None:
    # Pagefind writes into the memory file system where there is one: a changed file is copied across, an
    # unchanged one keeps its inode
    memory = linkfarm.MEMORY_FOLDER
    if not memory.is_dir() or memory.stat().st_dev == tmp_path.stat().st_dev:
        pytest.skip(f"{memory} is not a file system of its own on this machine")
    store = tmp_path / "store"
    write(store, {"a.html": "a", "b.html": "b"})
    inode = (store / "a.html").stat().st_ino
    fresh = linkfarm.scratch_folder("labkem-uji-", tmp_path / "cadangan")
    try:
        assert fresh.parent == memory
        write(fresh, {"a.html": "a", "b.html": "B", "c/c.html": "c"})
        assert replace_into(fresh, store) == {"b.html", "c/c.html"}
    finally:
        assert not fresh.exists()
    assert contents(store) == {"a.html": "a", "b.html": "B", "c/c.html": "c"}
    assert (store / "a.html").stat().st_ino == inode
    assert sorted(os.listdir(store)) == ["a.html", "b.html", "c"]  # no copy left half-way


def test_scratch_goes_to_disk_without_room_in_memory_and_a_killed_builds_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(linkfarm, "MEMORY_ROOM", 2**62)
    fallback = tmp_path / "cadangan"
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = fallback / f"labkem-uji-{ended.stdout.strip()}-abc"  # by a process that no longer runs
    mine = fallback / f"labkem-uji-{os.getpid()}-def"  # by one that does
    left.mkdir(parents=True)
    mine.mkdir()
    fresh = linkfarm.scratch_folder("labkem-uji-", fallback)
    assert fresh.parent == fallback and fresh.is_dir() and not any(fresh.iterdir())
    assert not left.exists() and mine.exists()


def test_a_folder_is_brought_up_to_date_without_touching_what_it_already_links(tmp_path: Path) -> None:
    store = tmp_path / "store"
    write(store, {"a.html": "a", "b/b.html": "b", "c.html": "c"})
    folder = tmp_path / "situs"
    wanted = files_under(store)
    first = bring_up_to_date(folder, wanted)
    assert (first.kept, first.linked, first.removed) == (0, 3, 0)
    assert contents(folder) == contents(store)
    assert (folder / "a.html").stat().st_ino == (store / "a.html").stat().st_ino

    (store / "b" / "b.html").unlink()
    write(store, {"b/b.html": "B2", "d/e/d.html": "d"})  # a new file (a new inode), as stores write
    (store / "c.html").unlink()
    write(folder, {"stray.txt": "not ours", "kosong/x.txt": "x"})
    second = bring_up_to_date(folder, files_under(store))
    assert (second.kept, second.linked, second.removed) == (1, 2, 3)
    assert contents(folder) == {"a.html": "a", "b/b.html": "B2", "d/e/d.html": "d"}
    assert not (folder / "kosong").exists()


def test_the_live_site_keeps_its_bytes_while_the_other_folder_is_brought_up_to_date(tmp_path: Path) -> None:
    """Both folders link the same stored file; replacing it in the store and in one folder leaves the other."""
    store, live, previous = tmp_path / "store", tmp_path / "site", tmp_path / ".site.sebelumnya"
    write(store, {"desa/a/index.html": "lama", "tetap.html": "tetap"})
    bring_up_to_date(live, files_under(store))
    bring_up_to_date(previous, files_under(store))
    replaced = store / "desa" / "a" / "index.html.baru"
    replaced.write_text("baru", encoding="utf-8")
    replaced.replace(store / "desa" / "a" / "index.html")
    bring_up_to_date(previous, files_under(store))
    assert contents(live) == {"desa/a/index.html": "lama", "tetap.html": "tetap"}
    swap_into_place(previous, live, keep=True)
    assert contents(live) == {"desa/a/index.html": "baru", "tetap.html": "tetap"}
    assert contents(previous) == {"desa/a/index.html": "lama", "tetap.html": "tetap"}  # the next one to update


def test_the_folder_left_alone_is_not_touched(tmp_path: Path) -> None:
    store, folder = tmp_path / "store", tmp_path / "situs"
    write(store, {"a.html": "a"})
    write(folder, {"pagefind/x.pf": "index", "lain.txt": "x"})
    synced = bring_up_to_date(folder, files_under(store), leave=("pagefind",))
    assert contents(folder) == {"a.html": "a", "pagefind/x.pf": "index"}
    assert synced.removed == 1
