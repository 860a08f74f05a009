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

import contextlib
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from . import digest
from .errors import SiteBuildFailed
from .shard_hook import INDEX_ENV, PLAN_ENV, listed_files

HOOK = Path(__file__).with_name("shard_hook.py")
PLACE_PAGE = re.compile(r"^(desa|kecamatan)/(\d{2}\.\d{2})[.\d]*\.md$")
# written by every shard; shard 0's copy is kept (the sitemap is merged)
SHARED_OUTPUTS = ("404.html", "search", "sitemap.xml", "sitemap.xml.gz")
# below this many place pages a second process costs more than it saves
MIN_PAGES_PER_SHARD = 400
# above this many a MkDocs process holds well over a gigabyte (about 0.1 MB a page): the pages are split into
# more shards than processes run at once
MAX_PAGES_PER_SHARD = 12_000
# how often a long MkDocs run is reported as still running
HEARTBEAT_S = 30.0
URL_ENTRY = re.compile(r"\s*<url>.*?</url>", re.S)
LOC = re.compile(r"<loc>(.*?)</loc>")


def docs_files(docs_dir: Path) -> list[str]:
    """Every file under `docs_dir`, relative and sorted."""
    return sorted(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*") if path.is_file())


def shard_count(files: Iterable[str], jobs: int, skip: frozenset[str] = frozenset()) -> int:
    """How many shards to build: one per core asked for, fewer when there are few place pages to render, more
    (run `jobs` at a time) when a shard would hold over MAX_PAGES_PER_SHARD of them."""
    places = sum(1 for name in files if PLACE_PAGE.match(name) and name not in skip)
    if places > jobs * MAX_PAGES_PER_SHARD:
        return -(-places // MAX_PAGES_PER_SHARD)
    return max(1, min(jobs, places // MIN_PAGES_PER_SHARD))


@dataclass(frozen=True)
class Plan:
    """Which shard builds each file; files not listed belong to shard 0, files owned by `SKIPPED` to none."""

    count: int
    owner: dict[str, int]
    pages: list[int]  # Markdown pages per shard
    files: list[str]  # every docs file (each shard's MkDocs takes them from here instead of walking the folder)


SKIPPED = -1


def plan(files: Iterable[str], count: int, skip: frozenset[str] = frozenset()) -> Plan:
    """Spread the place pages, regency by regency, and the static files over `count` shards; files in `skip`
    (taken from the previous site, see `labkem.incremental`) go to none."""
    files = sorted(files)
    groups: dict[str, list[str]] = {}
    other_pages = 0
    static: list[str] = []
    owner: dict[str, int] = {}
    for relative in files:
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
    return Plan(count, owner, load, files)


def write_shard_config(config: Path) -> Path:
    """The build's MkDocs configuration with the shard hook added to its own, beside it."""
    settings: dict[str, Any] = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["hooks"] = [*settings.get("hooks", []), str(HOOK)]
    target = config.with_name("mkdocs-shard.yml")
    target.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


@dataclass(frozen=True)
class Reuse:
    """What an incremental build leaves of the site in place instead of rendering it (see `labkem.incremental`)."""

    site: Path
    sources: frozenset[str]  # docs files not rendered: their outputs in the site stay as they are


def build_shards(
    config: Path, files: list[str], staging: Path, count: int, heartbeat: Callable[[float], None], jobs: int = 0
) -> None:
    """Build the site into `staging` in `count` shards, their MkDocs processes `jobs` at a time (default: all)."""
    shard_plan = plan(files, count)
    shard_config = write_shard_config(config)
    with _work_dir(staging) as work:
        outputs = _run(shard_config, shard_plan, range(count), work, heartbeat, jobs)
        merge(outputs, staging, page_order(shard_config, shard_plan.files), _build_date())


def build_changes(
    config: Path,
    files: list[str],
    staging: Path,
    count: int,
    heartbeat: Callable[[float], None],
    reuse: Reuse,
    jobs: int = 0,
) -> None:
    """Build into `staging` only what an incremental build renders (every file but those `reuse` takes from the
    site in place), with `count` MkDocs processes side by side. The sitemap is left out: it lists the same pages
    with the same date as the site's own (both are part of the build's key, see `labkem.incremental`)."""
    shard_plan = plan(files, count, reuse.sources)
    shard_config = write_shard_config(config)
    with _work_dir(staging) as work:
        outputs = _run(shard_config, shard_plan, range(count), work, heartbeat, jobs)
        first = _gather(outputs)
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (first / name).unlink(missing_ok=True)
        first.rename(staging)


@contextlib.contextmanager
def _work_dir(staging: Path) -> Iterator[Path]:
    """A work folder named like the staging folder (`.site.new-shards-PID`), so a killed build's leftovers are
    removed by the next build's `remove_stale_staging` with the staging folder itself; removed afterwards."""
    head, pid = staging.name.rsplit("-", 1)
    work = staging.with_name(f"{head}-shards-{pid}")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(
    shard_config: Path,
    shard_plan: Plan,
    indices: Iterable[int],
    work: Path,
    heartbeat: Callable[[float], None],
    jobs: int = 0,
) -> list[Path]:
    """Run the MkDocs processes of the shards `indices` into folders of `work`, `jobs` at a time (0: all at once);
    return the folders, or raise with the logs of the shards that failed (no shard is started after a failure)."""
    plan_file = work / "plan.json"
    plan_file.write_text(
        json.dumps({"count": shard_plan.count, "owner": shard_plan.owner, "files": shard_plan.files}), encoding="utf-8"
    )
    indices = list(indices)
    outputs = {index: work / f"shard-{index}" for index in indices}
    # Each shard logs a line for every link into another shard: to a file, since a pipe nobody reads yet
    # would fill and stall that shard until the ones before it finish.
    logs = {index: work / f"shard-{index}.log" for index in indices}
    waiting = list(indices)
    running: dict[int, subprocess.Popen[str]] = {}
    failures: list[tuple[int, int, str]] = []
    started = time.monotonic()
    beats = 0
    try:
        while (waiting and not failures) or running:
            while waiting and not failures and len(running) < (jobs or len(indices)):
                index = waiting.pop(0)
                env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **{PLAN_ENV: str(plan_file), INDEX_ENV: str(index)})
                command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(shard_config)]
                with logs[index].open("w", encoding="utf-8") as handle:
                    running[index] = subprocess.Popen(
                        [*command, "-d", str(outputs[index])],
                        stdout=subprocess.DEVNULL,
                        stderr=handle,
                        text=True,
                        env=env,
                    )
            time.sleep(0.05)
            for index, process in list(running.items()):
                if process.poll() is None:
                    continue
                del running[index]
                if process.returncode != 0:
                    log = logs[index].read_text(encoding="utf-8")
                    failures.append((index + 1, process.returncode, log))
            if time.monotonic() - started >= HEARTBEAT_S * (beats + 1):
                beats += 1
                heartbeat(HEARTBEAT_S * beats)
        if failures:
            number, returncode, output = failures[0]
            tool = f"mkdocs build --strict (bagian {number} dari {shard_plan.count})"
            raise SiteBuildFailed.of_tool(tool, output, returncode)
    finally:
        for process in running.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    return [outputs[index] for index in indices]


def wait(process: subprocess.Popen[str], heartbeat: Callable[[float], None], every: float = HEARTBEAT_S) -> str:
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


def _link_or_copy(source: Path | str, target: Path | str) -> None:
    """Hard-link `source` to `target` (no bytes copied, and the source is never written to); copy across disks."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _gather(outputs: list[Path]) -> Path:
    """Move the shards' folders into the first one, which keeps its copy of what every shard writes; return it."""
    first = outputs[0]
    for output in outputs[1:]:
        for name in SHARED_OUTPUTS:
            path = output / name
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)
        _move_tree(output, first)
    return first


def merge(outputs: list[Path], staging: Path, order: list[str], build_date: str) -> None:
    """Put the shards' folders together into `staging` as one build would have written it; `order` lists the
    sitemap's addresses as MkDocs orders its pages."""
    entries: dict[str, str] = {}
    for output in outputs:
        entries.update(_sitemap_entries(output))
    first = _gather(outputs)
    if entries:
        _write_sitemap(first, entries, order, build_date)
    first.rename(staging)


def page_order(shard_config: Path, files: list[str]) -> list[str]:
    """The addresses of the site's pages in MkDocs' own order, as its sitemap lists them (`files`: every docs
    file)."""
    from mkdocs.config import load_config

    config = load_config(str(shard_config))
    base = config.site_url or ""
    return [urljoin(base, file.url) for file in listed_files(config, files).documentation_pages()]


def _build_date() -> str:
    from mkdocs.utils import get_build_date

    return get_build_date()


def _write_sitemap(site: Path, entries: dict[str, str], order: list[str], build_date: str) -> None:
    """Rewrite the sitemap with every shard's pages in `order`, and its gzip copy as MkDocs does."""
    position = {loc: index for index, loc in enumerate(order)}
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    head = text[: text.index("<urlset")]
    opening = text[text.index("<urlset") : text.index(">", text.index("<urlset")) + 1]
    tail = text[text.rindex("</urlset>") :]
    body = "".join(entries[loc] for loc in sorted(entries, key=lambda loc: position.get(loc, len(position))))
    last = URL_ENTRY.findall(text)
    closing_space = text[text.rindex(last[-1]) + len(last[-1]) : text.rindex("</urlset>")] if last else "\n"
    output = head + opening + body + closing_space + tail
    (site / "sitemap.xml").write_text(output, encoding="utf-8")
    # MkDocs stamps the gzip header with the pages' update date (the build date) at midnight UTC
    timestamp = int(datetime.fromisoformat(build_date).replace(tzinfo=UTC).timestamp())
    gz_path = site / "sitemap.xml.gz"
    with (
        gz_path.open("wb") as handle,
        gzip.GzipFile(fileobj=handle, filename=str(gz_path), mode="wb", mtime=timestamp) as compressed,
    ):
        compressed.write(output.encode("utf-8"))


# Parts: the shards of one site built on separate machines (`labkem build --shard K/N`, one CI runner each),
# then merged by `labkem merge`. Each part carries a manifest so that parts of different builds are not mixed.
PART_MANIFEST = "bagian.json"
PART_VERSION = 1


@dataclass(frozen=True)
class Part:
    """One part of a site, as its manifest describes it."""

    folder: Path
    number: int  # from 1
    count: int
    key: str  # labkem's code, the MkDocs configuration and the docs files: the same for every part of a site
    build_date: str
    order: list[str]  # the sitemap's page order; written by part 1 only


def part_key(config: Path, files: list[str]) -> str:
    """What every part of one site shares: labkem's code, the build's MkDocs configuration and its docs files."""
    return digest.of_parts(digest.code(), config.read_text(encoding="utf-8"), *files)


def build_part(
    config: Path, files: list[str], staging: Path, number: int, count: int, heartbeat: Callable[[float], None]
) -> None:
    """Build part `number` of `count` of the site into `staging`, with its manifest: the files the shard plan
    gives that shard, as `build_shards` would build them."""
    shard_plan = plan(files, count)
    shard_config = write_shard_config(config)
    with _work_dir(staging) as work:
        [output] = _run(shard_config, shard_plan, [number - 1], work, heartbeat)
        manifest = output / PART_MANIFEST
        if manifest.exists():
            raise SiteBuildFailed(f"situs menulis berkas {PART_MANIFEST} sendiri; nama itu dipakai catatan bagian")
        saved = {
            "versi": PART_VERSION,
            "bagian": number,
            "dari": count,
            "kunci": part_key(config, files),
            "tanggal": _build_date(),
            "urutan": page_order(shard_config, shard_plan.files) if number == 1 else [],
        }
        manifest.write_text(json.dumps(saved, ensure_ascii=False), encoding="utf-8")
        output.rename(staging)


def _read_part(path: Path) -> Part:
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
        if saved["versi"] != PART_VERSION:
            raise ValueError(f"versi {saved['versi']}, bukan {PART_VERSION}")
        return Part(
            path.parent,
            int(saved["bagian"]),
            int(saved["dari"]),
            str(saved["kunci"]),
            str(saved["tanggal"]),
            [str(loc) for loc in saved["urutan"]],
        )
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise SiteBuildFailed(f"{path}: catatan bagian situs tidak terbaca ({error})") from error


def read_parts(parts_dir: Path) -> list[Part]:
    """The parts under `parts_dir`, one per subfolder (as CI artifacts are downloaded), in order; raise unless
    they are every part of one build."""
    # hidden folders are staging folders of part builds that did not finish
    manifests = sorted(path for path in parts_dir.glob(f"*/{PART_MANIFEST}") if not path.parent.name.startswith("."))
    parts = [_read_part(path) for path in manifests]
    if not parts:
        raise SiteBuildFailed(f"tidak ada bagian situs di {parts_dir} (dibuat dengan labkem build --shard K/N)")
    first = parts[0]
    seen: dict[int, Part] = {}
    for part in parts:
        if part.count != first.count or not 1 <= part.number <= part.count:
            raise SiteBuildFailed(
                f"{part.folder} adalah bagian {part.number} dari {part.count}, "
                f"{first.folder} bagian {first.number} dari {first.count}: jumlah bagian harus sama"
            )
        if (part.key, part.build_date) != (first.key, first.build_date):
            raise SiteBuildFailed(
                f"{part.folder} dan {first.folder} dibangun dari kode, konfigurasi, berkas docs atau tanggal "
                "yang berbeda; bangun ulang semua bagian dari commit yang sama"
            )
        if part.number in seen:
            raise SiteBuildFailed(f"bagian {part.number} ada dua kali: {seen[part.number].folder} dan {part.folder}")
        seen[part.number] = part
    missing = [str(number) for number in range(1, first.count + 1) if number not in seen]
    if missing:
        raise SiteBuildFailed(f"bagian {', '.join(missing)} dari {first.count} tidak ada di {parts_dir}")
    return [seen[number] for number in sorted(seen)]


def merge_parts(parts: list[Part], staging: Path) -> None:
    """Put the parts (from `read_parts`) together into `staging` as one build would have written the site; the
    parts' folders are left as they are."""
    with _work_dir(staging) as work:
        outputs = []
        for part in parts:
            output = work / f"shard-{part.number - 1}"
            shutil.copytree(part.folder, output, copy_function=_link_or_copy)
            (output / PART_MANIFEST).unlink()
            outputs.append(output)
        merge(outputs, staging, parts[0].order, parts[0].build_date)
