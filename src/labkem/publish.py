"""Publish stage: MkDocs builds into a fresh folder, which then replaces the live site atomically; an incremental
build moves only its changed files into the site, each atomically, once everything has been built."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from . import incremental
from .errors import SiteBuildFailed
from .search import SEARCH_DIR, SearchIndex, index_site
from .shards import (
    build_changes,
    build_part,
    build_shards,
    docs_files,
    merge_parts,
    read_parts,
    shard_count,
    wait,
)
from .situs import SiteSettings
from .situs import apply as apply_settings

# where `labkem build --shard K/N` puts part K, beside the site folder, and `labkem merge` looks for the parts
PARTS_DIR = "bagian"
RENAME_EXCHANGE = 2
AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2); return False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if sys.platform != "linux" or libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return bool(result == 0)


def swap_into_place(new: Path, live: Path) -> None:
    """Make `new` the live site; the old one is removed only after the swap succeeded."""
    if not live.exists():
        new.rename(live)
        return
    if _exchange(new, live):
        shutil.rmtree(new)  # `new` now holds the previous site
        return
    old = live.with_name(live.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    live.rename(old)
    try:
        new.rename(live)
    except OSError:
        old.rename(live)
        raise
    shutil.rmtree(old)


def update_in_place(changes: Path, live: Path) -> int:
    """Move every file of `changes` (an incremental build's output: only what differs) into the site `live`, each
    with one atomic rename, so no file is ever seen half-written; the search index folder, whose files refer to
    each other, is exchanged as a whole. Return the number of files moved. The rest of `live` is left as it is."""
    moved = 0
    index = changes / SEARCH_DIR
    for folder, dirs, files in os.walk(changes):
        here = Path(folder)
        if here == changes and SEARCH_DIR in dirs:
            dirs.remove(SEARCH_DIR)
        target = live / here.relative_to(changes)
        target.mkdir(exist_ok=True)
        for name in files:
            os.replace(here / name, target / name)
            moved += 1
    if index.is_dir():
        moved += sum(1 for path in index.rglob("*") if path.is_file())
        swap_into_place(index, live / SEARCH_DIR)
    shutil.rmtree(changes)
    return moved


# stashes the generated HTML blocks without parsing them: most of MkDocs' time on a village page otherwise
RAW_HTML_EXTENSION = "labkem.rawhtml"
# links the docs folder's static files into the site instead of copying them; renders the navigation once for
# the pages that share it
LINK_HOOK = Path(__file__).with_name("link_hook.py")
NAV_HOOK = Path(__file__).with_name("nav_hook.py")
HOOKS = (LINK_HOOK, NAV_HOOK)


def read_config(template: Path) -> dict[str, Any]:
    """The project's MkDocs configuration as a dict."""
    config: dict[str, Any] = yaml.safe_load(template.read_text(encoding="utf-8"))
    return config


def write_config(
    template: Path, docs_dir: Path, target: Path, site_dir: Path | None = None, settings: SiteSettings | None = None
) -> Path:
    """Write the MkDocs config for a build: the project's own, pointed at the generated docs, with the site's
    name, address, logo and colours from `situs.yml`, labkem's Markdown extension for the HTML it generates
    (`labkem.rawhtml`) and its hooks: static files linked into the site (`labkem.link_hook`), the navigation
    rendered once for the pages that share it (`labkem.nav_hook`)."""
    config = read_config(template)
    if settings is not None:
        apply_settings(config, settings)
    extensions = config.setdefault("markdown_extensions", [])
    if RAW_HTML_EXTENSION not in extensions:
        extensions.append(RAW_HTML_EXTENSION)
    hooks = config.setdefault("hooks", [])
    hooks.extend(str(hook) for hook in HOOKS if str(hook) not in hooks)
    # Paths relative to the written file: Zensical requires docs_dir inside the config's folder.
    here = target.parent.resolve()
    config["docs_dir"] = os.path.relpath(docs_dir.resolve(), here)
    # MkDocs is given a fresh folder on the command line; other readers of the file (make serve) use this
    config["site_dir"] = os.path.relpath((site_dir or here / "site").resolve(), here)
    theme = config.get("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = os.path.relpath((template.parent / theme["custom_dir"]).resolve(), here)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def remove_stale_staging(site_dir: Path) -> list[Path]:
    """Delete staging folders left by builds that were killed (their process is gone); return them."""
    removed = []
    for staging in site_dir.parent.glob(f".{site_dir.name}.new-*"):
        pid = staging.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(staging, ignore_errors=True)
            removed.append(staging)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def build_site_dir(
    config: Path,
    site_dir: Path,
    log: Callable[[str], None] = lambda _: None,
    jobs: int = 1,
    state_dir: Path | None = None,
    full: bool = False,
) -> None:
    """Run `mkdocs build --strict` into a fresh folder beside `site_dir` (in up to `jobs` shards side by side, see
    `labkem.shards`), index its place pages for search, then swap it in. While MkDocs runs, `log` hears every
    30 s that it still is.

    With `state_dir`, the build is recorded there and the next one renders only the pages whose Markdown changed
    and moves them into the site in place, leaving the others (see `labkem.incremental`); `full` renders every
    page anyway. Either way, nothing in `site_dir` changes until MkDocs and Pagefind have succeeded."""
    site_dir = site_dir.resolve()
    settings = read_config(config)
    docs_dir = _docs_dir(config, settings)

    def heartbeat(waited: float) -> None:
        log(f"publish: MkDocs masih berjalan ({waited:.0f} s)")

    with _staged(site_dir) as staging:
        started = time.monotonic()
        plan = incremental.plan(config, settings, docs_dir, site_dir, state_dir, full)
        log(f"publish: berkas docs diperiksa ({time.monotonic() - started:.1f} s)")
        if plan.message:
            log(f"publish: {plan.message}")
        files, reuse = plan.files, plan.reuse
        count = shard_count(files, jobs, reuse.sources if reuse else frozenset())
        if count > jobs:
            log(f"publish: MkDocs dalam {count} bagian, {jobs} sekaligus")
        elif count > 1:
            log(f"publish: MkDocs dalam {count} bagian sekaligus")
        started = time.monotonic()
        if reuse:
            build_changes(config, files, staging, count, heartbeat, reuse, jobs)
        elif count > 1:
            build_shards(config, files, staging, count, heartbeat, jobs)
        else:
            _build_one(config, staging, heartbeat)
        log(f"publish: MkDocs selesai ({time.monotonic() - started:.1f} s)")
        started = time.monotonic()
        source = state_dir / "cari" if state_dir else None
        # the copies for search are taken as current only while their folder is there
        fresh = plan.fresh if source is not None and source.is_dir() else None
        index = index_site(staging, source, fresh, site_dir if reuse else None, jobs)
        _log_index(log, "publish", index, time.monotonic() - started)
    started = time.monotonic()
    if reuse:
        # everything that could fail has run: only the changed files are moved into the site
        update_in_place(staging, site_dir)
    else:
        swap_into_place(staging, site_dir)
    plan.record(site_dir)
    log(f"publish: situs dipasang ({time.monotonic() - started:.1f} s)")


def _docs_dir(config: Path, settings: dict[str, Any] | None = None) -> Path:
    """The docs folder a build's MkDocs configuration points at."""
    return (config.parent / str((settings or read_config(config))["docs_dir"])).resolve()


@contextlib.contextmanager
def _staged(target: Path) -> Iterator[Path]:
    """A fresh staging folder beside `target` (after clearing those of killed builds), removed if the block
    fails; the caller swaps it into place after the block."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(target)
    staging = target.with_name(f".{target.name}.new-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def build_part_dir(
    config: Path, part_dir: Path, number: int, count: int, log: Callable[[str], None] = lambda _: None
) -> None:
    """Build part `number` of `count` of the site (see `labkem.shards.build_part`) and swap it into `part_dir`;
    `merge_site_dir` puts the parts together. Every part renders the same docs folder, so each machine runs the
    whole pipeline and MkDocs only for its own pages."""
    part_dir = part_dir.resolve()

    def heartbeat(waited: float) -> None:
        log(f"publish: MkDocs bagian {number} dari {count} masih berjalan ({waited:.0f} s)")

    with _staged(part_dir) as staging:
        build_part(config, docs_files(_docs_dir(config)), staging, number, count, heartbeat)
    swap_into_place(staging, part_dir)


def merge_site_dir(
    parts_dir: Path, site_dir: Path, state_dir: Path | None = None, log: Callable[[str], None] = lambda _: None
) -> int:
    """Merge the parts found under `parts_dir` into one site, index it for search and swap it into `site_dir`;
    return the number of parts. On any error `site_dir` is untouched. The record of the last build in
    `state_dir` is dropped: the next `labkem build` there is full."""
    parts = read_parts(parts_dir)
    log(f"merge: {len(parts)} bagian dari {parts_dir}")
    site_dir = site_dir.resolve()
    with _staged(site_dir) as staging:
        merge_parts(parts, staging)
        started = time.monotonic()
        index = index_site(staging, jobs=os.cpu_count() or 1)
        _log_index(log, "merge", index, time.monotonic() - started)
    if state_dir is not None:
        incremental.State(state_dir / incremental.STATE_FILE).forget()
    swap_into_place(staging, site_dir)
    return len(parts)


def _log_index(log: Callable[[str], None], stage: str, index: SearchIndex, seconds: float) -> None:
    if index.files:
        log(f"{stage}: indeks pencarian Pagefind, {index.total_bytes / 1e6:.1f} MB ({seconds:.1f} s)")


def _build_one(config: Path, staging: Path, heartbeat: Callable[[float], None]) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # No --quiet: it drops warnings below the level --strict counts, so strict would pass anything.
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(staging)]
    with subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env) as process:
        stderr = wait(process, heartbeat)
    if process.returncode != 0:
        raise SiteBuildFailed.of_tool("mkdocs build --strict", stderr, process.returncode)
