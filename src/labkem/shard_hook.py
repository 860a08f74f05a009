"""MkDocs hook: when a shard is named in the environment, build only the files the shard plan gives it.

Loaded through `hooks:` in the generated MkDocs configuration. Every shard sees the whole docs folder, so links
to pages of other shards are still checked and get the same relative URLs as in one build; the files of other
shards are marked excluded, which MkDocs neither renders nor copies. Without the environment variables this
hook changes nothing.

The plan also lists every docs file, as labkem found them just before. MkDocs would walk the docs folder again in
every shard and make each `File` through `pathlib`: nationally, some 477,000 files and 15 s per shard, eight
times over. With the plan's list, `listed_files` makes the same collection in a fraction of that, and the hook
hands it to the build in place of MkDocs' walk (`on_startup`).
"""

from __future__ import annotations

import functools
import json
import os
import posixpath
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions

PLAN_ENV = "LABKEM_SHARD_PLAN"
INDEX_ENV = "LABKEM_SHARD"
FIRST_NAMES = ("index", "README")  # MkDocs lists these first in their folder


def _walk_order(name: str) -> tuple[tuple[str, ...], bool, str]:
    """The place of docs file `name` in the order MkDocs' walk lists files: folder by folder, depth first, folders
    in name order; in a folder, `index` and `README` first, then by name."""
    *folders, filename = name.split("/")
    return (tuple(folders), posixpath.splitext(filename)[0] not in FIRST_NAMES, filename)


def listed_files(config: Any, names: Iterable[str]) -> Files:
    """MkDocs' `get_files(config)` for a docs folder known to hold exactly `names` (relative, '/'-separated, as
    labkem's scan lists them): the same files in the same order with the same exclusions. Where two files would
    be written to the same place (a `README.md` beside an `index.md`, `z.markdown` beside `z.md`), MkDocs' own
    walk decides which is kept."""
    docs_dir, site_dir, directory_urls = config["docs_dir"], config["site_dir"], config["use_directory_urls"]
    files = []
    for name in sorted(names, key=_walk_order):
        # what File.__init__ sets, without its pathlib round trip: `name` is already a normal '/'-separated path
        file = File.__new__(File)
        file.src_uri = name
        file.src_dir = docs_dir
        file.dest_dir = site_dir
        file.use_directory_urls = directory_urls
        file.inclusion = InclusionLevel.UNDEFINED
        files.append(file)
    if len({file.dest_uri for file in files}) != len(files):
        return get_files(config)
    set_exclusions(files, config)
    return Files(files)


@functools.cache
def _read_plan(path: str) -> dict[str, Any]:
    plan: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
    return plan


def _plan() -> dict[str, Any] | None:
    """The shard plan named in the environment; None outside a shard."""
    path = os.environ.get(PLAN_ENV)
    return _read_plan(path) if path else None


def on_startup(command: str, dirty: bool) -> None:
    """In a shard, let the build take its files from the plan's list instead of walking the docs folder."""
    plan = _plan()
    if plan is None or "files" not in plan:
        return
    from mkdocs.commands import build

    names: list[str] = plan["files"]
    build.get_files = lambda config: listed_files(config, names)  # type: ignore[attr-defined]


def on_files(files: Files, config: Any) -> Files:
    """Exclude every file that belongs to another shard (files missing from the plan belong to shard 0)."""
    plan = _plan()
    if plan is None:
        return files
    index = int(os.environ[INDEX_ENV])
    owner: dict[str, int] = plan["owner"]
    for file in files:
        if owner.get(file.src_uri, 0) != index:
            file.inclusion = InclusionLevel.EXCLUDED
    return files
