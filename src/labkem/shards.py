"""MkDocs in shards: the pages split into groups built by separate `mkdocs build` processes, then merged.

MkDocs renders pages one after another on one core; at province scale that is most of the build. A shard is one
`mkdocs build` of the whole docs folder in which `shard_hook` excludes every file another shard owns. Because
every shard sees every file, links between shards are checked and written exactly as one build would write them.
The place pages (villages and districts) are grouped by regency and the groups spread so each shard gets about
the same number of pages; shard 0 also owns every other page, the theme's files and the search index of the
hand-written pages. The merged folder holds the same files as one build: what every shard writes anyway
(404 page, search index, sitemap) is taken from shard 0, and the sitemap is put together from all shards in
the order one build would list it.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from .errors import SiteBuildFailed
from .shard_hook import INDEX_ENV, PLAN_ENV

HOOK = Path(__file__).with_name("shard_hook.py")
PLACE_PAGE = re.compile(r"^(desa|kecamatan)/(\d{2}\.\d{2})[.\d]*\.md$")
# written by every shard; shard 0's copy is kept (the sitemap is merged)
SHARED_OUTPUTS = ("404.html", "search", "sitemap.xml", "sitemap.xml.gz")
# below this many place pages a second process costs more than it saves
MIN_PAGES_PER_SHARD = 400
URL_ENTRY = re.compile(r"\s*<url>.*?</url>", re.S)
LOC = re.compile(r"<loc>(.*?)</loc>")


def docs_files(docs_dir: Path) -> list[str]:
    """Every file under `docs_dir`, relative and sorted."""
    return sorted(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*") if path.is_file())


def shard_count(files: Iterable[str], jobs: int, skip: frozenset[str] = frozenset()) -> int:
    """How many shards to build: one per core asked for, fewer when there are few place pages to render."""
    places = sum(1 for name in files if PLACE_PAGE.match(name) and name not in skip)
    return max(1, min(jobs, places // MIN_PAGES_PER_SHARD))


@dataclass(frozen=True)
class Plan:
    """Which shard builds each file; files not listed belong to shard 0, files owned by `SKIPPED` to none."""

    count: int
    owner: dict[str, int]
    pages: list[int]  # Markdown pages per shard


SKIPPED = -1


def plan(files: Iterable[str], count: int, skip: frozenset[str] = frozenset()) -> Plan:
    """Spread the place pages, regency by regency, and the static files over `count` shards; files in `skip`
    (taken from the previous site, see `labkem.incremental`) go to none."""
    groups: dict[str, list[str]] = {}
    other_pages = 0
    static: list[str] = []
    owner: dict[str, int] = {}
    for relative in sorted(files):
        if relative in skip:
            owner[relative] = SKIPPED
            continue
        match = PLACE_PAGE.match(relative)
        if match:
            groups.setdefault(match.group(2), []).append(relative)
        elif relative.endswith(".md"):
            other_pages += 1
        else:
            static.append(relative)
    load = [other_pages] + [0] * (count - 1)
    for _regency, pages in sorted(groups.items(), key=lambda item: (-len(item[1]), item[0])):
        shard = min(range(count), key=lambda index: (load[index], index))
        load[shard] += len(pages)
        owner.update({page: shard for page in pages if shard})
    # static files are only copied: spread evenly, the theme's own files stay with shard 0
    owner.update({name: index % count for index, name in enumerate(static) if index % count})
    return Plan(count, owner, load)


def write_shard_config(config: Path) -> Path:
    """The build's MkDocs configuration with the shard hook added, beside it."""
    settings: dict[str, Any] = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["hooks"] = [str(HOOK)]
    target = config.with_name("mkdocs-shard.yml")
    target.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


@dataclass(frozen=True)
class Reuse:
    """Outputs a build takes from the previous site instead of rendering them (see `labkem.incremental`)."""

    site: Path
    sources: frozenset[str]  # docs files not rendered
    outputs: tuple[str, ...]  # their outputs, as paths in the site


def build_shards(
    config: Path,
    files: list[str],
    staging: Path,
    count: int,
    heartbeat: Callable[[float], None],
    reuse: Reuse | None = None,
) -> None:
    """Build the site into `staging` with `count` MkDocs processes running side by side; with `reuse`, the files
    of the previous site listed there are linked in and the shards render the rest."""
    shard_plan = plan(files, count, reuse.sources if reuse else frozenset())
    shard_config = write_shard_config(config)
    # One work folder named like the staging folder (`.site.new-shards-PID`), so a killed build's leftovers
    # are removed by the next build's `remove_stale_staging` with the staging folder itself.
    head, pid = staging.name.rsplit("-", 1)
    work = staging.with_name(f"{head}-shards-{pid}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    plan_file = work / "plan.json"
    plan_file.write_text(json.dumps({"count": count, "owner": shard_plan.owner}), encoding="utf-8")
    outputs = [work / f"shard-{index}" for index in range(count)]
    # Each shard logs a line for every link into another shard: to a file, since a pipe nobody reads yet
    # would fill and stall that shard until the ones before it finish.
    logs = [work / f"shard-{index}.log" for index in range(count)]
    processes = []
    try:
        for index, (output, log) in enumerate(zip(outputs, logs, strict=True)):
            env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **{PLAN_ENV: str(plan_file), INDEX_ENV: str(index)})
            command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(shard_config), "-d", str(output)]
            with log.open("w", encoding="utf-8") as handle:
                processes.append(
                    subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=handle, text=True, env=env)
                )
        failures = []
        for index, (process, log) in enumerate(zip(processes, logs, strict=True)):
            wait(process, heartbeat)
            if process.returncode != 0:
                failures.append(f"[bagian {index + 1} dari {count}]\n{log.read_text(encoding='utf-8')}")
        if failures:
            detail = "\n".join(
                line for line in "\n".join(failures).splitlines() if line.strip() and not line.startswith("INFO")
            )[-4000:]
            raise SiteBuildFailed(f"mkdocs build --strict gagal; situs lama tidak diubah.\n{detail}")
        merge(outputs, staging, shard_config, reuse)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        shutil.rmtree(work, ignore_errors=True)


def wait(process: subprocess.Popen[str], heartbeat: Callable[[float], None], every: float = 30.0) -> str:
    """Wait for `process`, calling `heartbeat` every `every` seconds; return its standard error if piped."""
    waited = 0.0
    while True:
        try:
            return process.communicate(timeout=every)[1] or ""
        except subprocess.TimeoutExpired:
            waited += every
            heartbeat(waited)


def _move_tree(source: Path, target: Path) -> None:
    """Move every file of `source` into `target`, renaming whole folders where `target` has none."""
    for entry in sorted(source.iterdir()):
        destination = target / entry.name
        if entry.is_dir() and destination.is_dir():
            _move_tree(entry, destination)
        elif destination.exists():
            raise SiteBuildFailed(f"dua bagian build menulis berkas yang sama: {destination}")
        else:
            entry.rename(destination)


def _sitemap_entries(output: Path) -> dict[str, str]:
    text = (output / "sitemap.xml").read_text(encoding="utf-8")
    entries = {}
    for entry in URL_ENTRY.findall(text):
        loc = LOC.search(entry)
        if loc:
            entries[loc.group(1)] = entry
    return entries


def _link_tree(site: Path, names: Iterable[str], target: Path) -> None:
    """Hard-link the files `names` of `site` into `target`; the previous site's files are never written to."""
    made: set[Path] = set()
    for name in names:
        destination = target / name
        if destination.parent not in made:
            destination.parent.mkdir(parents=True, exist_ok=True)
            made.add(destination.parent)
        try:
            os.link(site / name, destination)
        except OSError:
            shutil.copy2(site / name, destination)


def merge(outputs: list[Path], staging: Path, shard_config: Path, reuse: Reuse | None = None) -> None:
    """Put the shards' folders, and the outputs reused from the previous site, together into `staging` as one
    build would have written it."""
    first, rest = outputs[0], outputs[1:]
    entries = _sitemap_entries(reuse.site) if reuse and (reuse.site / "sitemap.xml").is_file() else {}
    entries.update(_sitemap_entries(first))
    for output in rest:
        entries.update(_sitemap_entries(output))
        for name in SHARED_OUTPUTS:
            path = output / name
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        _move_tree(output, first)
    if reuse:
        _link_tree(reuse.site, reuse.outputs, first)
    if entries:
        _write_sitemap(first, entries, shard_config)
    first.rename(staging)


def _write_sitemap(site: Path, entries: dict[str, str], shard_config: Path) -> None:
    """Rewrite the sitemap with every shard's pages in MkDocs' own page order, and its gzip copy as MkDocs does."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.utils import get_build_date

    config = load_config(str(shard_config))
    base = config.site_url or ""
    order = {urljoin(base, file.url): index for index, file in enumerate(get_files(config).documentation_pages())}
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    head = text[: text.index("<urlset")]
    opening = text[text.index("<urlset") : text.index(">", text.index("<urlset")) + 1]
    tail = text[text.rindex("</urlset>") :]
    body = "".join(entries[loc] for loc in sorted(entries, key=lambda loc: order.get(loc, len(order))))
    last = URL_ENTRY.findall(text)
    closing_space = text[text.rindex(last[-1]) + len(last[-1]) : text.rindex("</urlset>")] if last else "\n"
    output = head + opening + body + closing_space + tail
    (site / "sitemap.xml").write_text(output, encoding="utf-8")
    # MkDocs stamps the gzip header with the pages' update date (the build date) at midnight UTC
    timestamp = int(datetime.fromisoformat(get_build_date()).replace(tzinfo=UTC).timestamp())
    gz_path = site / "sitemap.xml.gz"
    with (
        gz_path.open("wb") as handle,
        gzip.GzipFile(fileobj=handle, filename=str(gz_path), mode="wb", mtime=timestamp) as compressed,
    ):
        compressed.write(output.encode("utf-8"))
