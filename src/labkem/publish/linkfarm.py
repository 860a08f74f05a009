"""The published site as hard links to the files that make it, kept in two folders that take turns.

Every file of the site lives once in a *store* under `build/cache/terbit/` (the site generator's output, the
filled data pages, the search index, the sitemap) or in the render stage's `build/render/berkas` (downloads,
API, chart data). A store file is never written in place: a changed file is replaced by a new one (a new
inode), so a folder that links the old one keeps the old bytes.

The site folder holds links to those files. Beside it lies the folder that was the site before the last build
(`.site.sebelumnya`). A build brings that folder up to date, which touches only what changed since it was
live: a link whose inode is the store file's stays, any other is replaced, a file the site no longer has is
removed. Then the two folders swap names in one atomic step (`labkem.publish.site.swap_into_place`), and the
previous site becomes the folder the next build brings up to date. Nothing is deleted and nothing unchanged is
linked again, so publishing one changed village at province scale handles a few hundred files, not 38,000.

The live site is never written: a build that fails, or is stopped, leaves it byte for byte, and the other
folder is only ever a folder being brought up to date (the next build finishes the job, whatever state it is
left in).
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from labkem.core.files import write_atomic


def files_under(root: Path, skip: Iterable[str] = (), inodes: dict[str, int] | None = None) -> dict[str, Path]:
    """Every file under `root` by its '/'-separated path in it, without the folders named in `skip` (paths in
    `root`). Given `inodes`, each file's inode number as the folder lists it is put there too (no `stat`
    needed)."""
    skipped = set(skip)
    found: dict[str, Path] = {}
    pending = [("", root)]
    while pending:
        prefix, folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue
        for entry in entries:
            relative = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):
                if relative not in skipped:
                    pending.append((relative + "/", Path(entry.path)))
            else:
                found[relative] = Path(entry.path)
                if inodes is not None:
                    inodes[relative] = entry.inode()
    return found


def replace_into(fresh: Path, store: Path) -> set[str]:
    """Make `store` hold exactly the files of `fresh` (a folder a tool just wrote, maybe on another file system):
    a file whose bytes changed is moved or copied in (a new inode), an unchanged one is left (its inode, so the
    links to it, stay), one gone is removed. `fresh` is emptied. Return the paths that changed, were added or
    were removed."""
    new = files_under(fresh)
    old = files_under(store)
    changed: set[str] = set()
    for relative, source in new.items():
        target = store / relative
        if relative in old and _same_bytes(source, target):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(source, target)
        except OSError as error:
            if error.errno != errno.EXDEV:
                raise
            write_atomic(target, source.read_bytes())
        changed.add(relative)
    for relative in old.keys() - new.keys():
        (store / relative).unlink()
        changed.add(relative)
    _remove_empty_folders(store)
    shutil.rmtree(fresh, ignore_errors=True)
    return changed


# A tool's output that is read once and mostly thrown away goes here when the machine has a memory file system with
# room: writing it to disk only to delete most of it again (the files that did not change) costs the disk's
# journal, and the next build's writes wait on it (Pagefind over a province took 2.6 s into a fresh folder and
# 6-8 s right after the previous output was deleted, on an ext4 disk mounted with `discard`).
MEMORY_FOLDER = Path("/dev/shm")
MEMORY_ROOM = 256 * 2**20


def scratch_folder(prefix: str, fallback: Path) -> Path:
    """A new empty folder for a tool's output that is read once (see `replace_into`): in `MEMORY_FOLDER` when it
    has room, else in `fallback`. Named with `prefix` and the process id; `remove_stale` clears what a killed
    build left."""
    parent = fallback
    try:
        if os.access(MEMORY_FOLDER, os.W_OK) and shutil.disk_usage(MEMORY_FOLDER).free >= MEMORY_ROOM:
            parent = MEMORY_FOLDER
    except OSError:
        pass
    remove_stale(parent, prefix)
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))


def remove_stale(parent: Path, prefix: str) -> None:
    """Remove the folders `scratch_folder` made in `parent` for processes that no longer run."""
    for folder in parent.glob(f"{prefix}*-*"):
        pid = folder.name.removeprefix(prefix).split("-")[0]
        if pid.isdigit() and not running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def running(pid: int) -> bool:
    """Whether process `pid` runs (a folder named by it may still be in use)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        if a.stat().st_size != b.stat().st_size:
            return False
        return a.read_bytes() == b.read_bytes()
    except FileNotFoundError:
        return False


def _remove_empty_folders(root: Path) -> None:
    for folder, _, names in os.walk(root, topdown=False):
        if folder != os.fspath(root) and not names and not os.listdir(folder):
            os.rmdir(folder)


@dataclass(frozen=True)
class Synced:
    """What bringing a folder up to date did: files kept, linked (new or replaced) and removed."""

    kept: int
    linked: int
    removed: int


def bring_up_to_date(
    folder: Path, wanted: dict[str, Path], inodes: dict[str, int] | None = None, leave: tuple[str, ...] = ()
) -> Synced:
    """Make `folder` hold exactly `wanted` (path in the folder -> the store file it is a link to): keep each
    link that is already the store file, link the rest, remove what is not wanted (folders left empty too).
    `inodes` may give the store files' inode numbers as their folders list them (see `files_under`): a link is
    then recognised from the listings alone, and `stat` is asked only where they differ. The folders at the
    paths `leave` ("pagefind", "en/pagefind") are left as they are, to be brought up to date on their own.
    Where a link cannot be made (the store on another file system), the file is copied, and kept next time
    while its size and time match."""
    seen: set[str] = set()
    counts = {"kept": 0, "removed": 0}
    folder.mkdir(parents=True, exist_ok=True)
    _prune_folder(folder, "", wanted, inodes or {}, seen, counts, leave)
    linked = 0
    made: set[str] = set()
    for relative in sorted(wanted.keys() - seen):
        target = os.path.join(folder, relative)
        parent = os.path.dirname(target)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        _link(wanted[relative], target)
        linked += 1
    return Synced(counts["kept"], linked, counts["removed"])


def _prune_folder(
    folder: Path | str,
    prefix: str,
    wanted: dict[str, Path],
    inodes: dict[str, int],
    seen: set[str],
    counts: dict[str, int],
    leave: tuple[str, ...] = (),
) -> int:
    """Keep the wanted links under `folder` and remove the rest, folders left empty too; return what is left."""
    left = 0
    for entry in os.scandir(folder):
        relative = prefix + entry.name
        if relative in leave:
            left += 1
            continue
        if entry.is_dir(follow_symlinks=False):
            if _prune_folder(entry.path, relative + "/", wanted, inodes, seen, counts, leave):
                left += 1
            else:
                os.rmdir(entry.path)
            continue
        source = wanted.get(relative)
        if source is not None and (entry.inode() == inodes.get(relative) or _is_link_to(entry.path, source)):
            seen.add(relative)
            counts["kept"] += 1
            left += 1
            continue
        os.unlink(entry.path)
        counts["removed"] += source is None
    return left


def _is_link_to(path: str, source: Path) -> bool:
    try:
        mine, theirs = os.lstat(path), source.stat()
    except FileNotFoundError:
        return False
    if (mine.st_ino, mine.st_dev) == (theirs.st_ino, theirs.st_dev):
        return True
    # a copy (see _link) is the same file while its size and time are the store file's
    return mine.st_dev != theirs.st_dev and (mine.st_size, mine.st_mtime_ns) == (theirs.st_size, theirs.st_mtime_ns)


def _link(source: Path, target: str) -> None:
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copy2(source, target)
