"""Incremental publishing: after a build, the next one renders with MkDocs only the pages whose Markdown changed.

A page's HTML depends on its own Markdown and on things every page shares: the MkDocs configuration, the theme
and its overrides, the code and libraries installed, the build date (the sitemap carries it), the list of files
(links are checked and written against it), the navigation with its titles, and the anchors of the pages that
are always rendered (`--strict` checks links to `page.md#anchor`). Those shared inputs make the *key*; while it
stays the same, a page whose Markdown did not change would be rendered to the same bytes, so its HTML in the
site is left as it is. So is the sitemap: it lists the same pages with the same date.

Only pages outside the navigation and left out of MkDocs' search index (`search: exclude`) are taken over this
way (the place and indicator pages: thousands of them); the hand-written pages, the navigation pages and the
other searchable pages are always rendered, so the search index and the 404 page come out as a full build
writes them. Static files that did not change are taken over as they are.

An incremental build renders the changed pages into a staging folder, indexes them for search there, and only
then moves each changed file into the site with one atomic rename (`labkem.publish.update_in_place`): touching a
few hundred files instead of linking and later deleting tens of thousands. A full build still writes a whole new
site and swaps it in.

The state is a file beside the build cache: the key, the site it describes and, per docs file, its size,
modification time and digest (like git's index, a file is hashed again only when its size or time changed). It
is removed before a build touches anything and written after the site is updated, so a failed or killed build
(even one killed while moving files in) makes the next one full.
"""

from __future__ import annotations

import json
import os
import platform
import posixpath
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .digest import code, libraries, of_bytes, of_tree
from .shards import Reuse, docs_files

STATE_VERSION = 1
STATE_FILE = "situs.json"
# how far into a page its front matter (and the search setting in it) is looked for
HEAD_BYTES = 2048


@dataclass(frozen=True)
class Entry:
    """What the state records of one docs file."""

    size: int
    mtime_ns: int
    digest: str
    unsearched: bool  # a page whose front matter leaves it out of the search index (`search: exclude`)
    anchored: tuple[str, ...] = ()  # the pages it links to with an anchor (checked against their headings)


@dataclass(frozen=True)
class Scan:
    """The docs folder as found now, and which of its files' outputs may be taken from the previous site."""

    files: dict[str, Entry]
    reusable: frozenset[str]


@dataclass(frozen=True)
class Decision:
    """Whether this build can take pages from the previous site, and which."""

    reuse: frozenset[str]  # docs files whose output is linked from the previous site
    reason: str  # why the build is full, or empty
    outputs: dict[str, str] = field(default_factory=dict)  # where each of `reuse` is in the site

    @property
    def incremental(self) -> bool:
        return not self.reason


def _front_matter(head: bytes) -> dict[str, Any]:
    text = head.decode("utf-8", errors="replace")
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---", 4)
    if end < 0:
        return {}
    try:
        meta = yaml.safe_load(text[4:end])
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _searchable(head: bytes) -> bool:
    search = _front_matter(head).get("search")
    return not (isinstance(search, dict) and search.get("exclude") is True)


ANCHOR_LINK = re.compile(r"\]\(([^)\s#]+\.md)#[^)\s]*\)")


def _anchored(name: str, text: str) -> tuple[str, ...]:
    folder = posixpath.dirname(name)
    return tuple(sorted({posixpath.normpath(posixpath.join(folder, link)) for link in ANCHOR_LINK.findall(text)}))


def _search_honours_exclude(config: dict[str, Any]) -> bool:
    """Whether the configured search leaves out pages marked `search: exclude` (Material's does, MkDocs' own
    search indexes every page), or there is no search index at all."""
    plugins = config.get("plugins", ["search"])  # MkDocs' default
    names = {name for item in plugins for name in ([item] if isinstance(item, str) else item)}
    if not names & {"search", "material/search"}:
        return True
    theme = config.get("theme", {})
    return (theme.get("name") if isinstance(theme, dict) else theme) == "material"


def scan(docs_dir: Path, previous: dict[str, Entry], config: dict[str, Any]) -> Scan:
    """Every file under `docs_dir` with its digest, hashing only files whose size or time changed since
    `previous`. Static files may be taken over, and pages outside the navigation and the search index."""
    files: dict[str, Entry] = {}
    # plain strings, not Path objects: a province's docs folder holds some 47,000 files
    prefix = os.path.join(str(docs_dir), "")
    stack = [str(docs_dir)]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=True):
                    stack.append(entry.path)
                    continue
                relative = entry.path[len(prefix) :].replace(os.sep, "/")
                stat = entry.stat()
                known = previous.get(relative)
                if known and known.size == stat.st_size and known.mtime_ns == stat.st_mtime_ns:
                    files[relative] = known
                    continue
                data = Path(entry.path).read_bytes()
                page = relative.endswith(".md")
                unsearched = page and not _searchable(data[:HEAD_BYTES])
                anchored = _anchored(relative, data.decode("utf-8", errors="replace")) if page else ()
                files[relative] = Entry(stat.st_size, stat.st_mtime_ns, of_bytes(data), unsearched, anchored)
    nav = nav_pages(config)
    honoured = _search_honours_exclude(config)
    reusable = frozenset(
        name
        for name, entry in files.items()
        if not name.endswith(".md") or (nav is not None and name not in nav and honoured and entry.unsearched)
    )
    return Scan(dict(sorted(files.items())), reusable)


def nav_pages(config: dict[str, Any]) -> frozenset[str] | None:
    """The pages named in the configured navigation; None when MkDocs makes the navigation from every page."""
    nav = config.get("nav")
    if not nav:
        return None
    found: set[str] = set()

    def walk(item: Any) -> None:
        if isinstance(item, str):
            if item.endswith(".md"):
                found.add(item)
        elif isinstance(item, list):
            for child in item:
                walk(child)
        elif isinstance(item, dict):
            for child in item.values():
                walk(child)

    walk(nav)
    return frozenset(found)


EXPLICIT_ID = re.compile(r"\{[^}\n]*#[\w-]+[^}\n]*\}|\bid=[\"'][^\"']*[\"']")


def _outline(path: Path) -> str:
    """What other pages can see of an always-rendered page: its title, headings and explicit ids (the navigation
    shows the title; links to `page.md#anchor` are checked against the headings and ids)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    meta = _front_matter(text[:HEAD_BYTES].encode())
    headings = [line for line in text.splitlines() if line.startswith("#")]
    return json.dumps([meta.get("title"), headings, EXPLICIT_ID.findall(text)], ensure_ascii=False, default=str)


def key(config_path: Path, config: dict[str, Any], docs_dir: Path, found: Scan) -> str:
    """The digest of everything every page's HTML depends on besides its own Markdown."""
    from mkdocs.utils import get_build_date

    theme = config.get("theme", {})
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    parts = {
        "state": STATE_VERSION,
        "python": [sys.version, platform.machine()],
        "libraries": list(libraries()),
        "labkem": code(),
        "config": config_path.read_text(encoding="utf-8"),
        "theme": of_tree(config_path.parent / custom_dir) if custom_dir else "",
        "build_date": get_build_date(),
        "files": list(found.files),
        "outlines": {
            name: _outline(docs_dir / name)
            for name, entry in found.files.items()
            if name.endswith(".md") and name not in found.reusable
        },
    }
    return of_bytes(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode())


def _site_id(site_dir: Path) -> list[int] | None:
    try:
        stat = site_dir.stat()
    except FileNotFoundError:
        return None
    return [stat.st_dev, stat.st_ino]


@dataclass(frozen=True)
class State:
    """The state file of one site."""

    path: Path

    def read(self) -> tuple[str, list[int] | None, dict[str, Entry]]:
        """The key, the site's identity and the files of the last build; empty when there is none."""
        try:
            saved = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return "", None, {}
        if saved.get("version") != STATE_VERSION:
            return "", None, {}
        files = {
            name: Entry(size, mtime_ns, digest, unsearched, tuple(anchored))
            for name, (size, mtime_ns, digest, unsearched, anchored) in saved["files"].items()
        }
        return saved["key"], saved["site"], files

    def forget(self) -> None:
        """Drop the state before anything changes, so an interrupted build is followed by a full one."""
        self.path.unlink(missing_ok=True)

    def write(self, build_key: str, site_dir: Path, found: Scan) -> None:
        """Record the build that just put `site_dir` in place."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        saved = {
            "version": STATE_VERSION,
            "key": build_key,
            "site": _site_id(site_dir),
            "files": {
                name: [e.size, e.mtime_ns, e.digest, e.unsearched, list(e.anchored)] for name, e in found.files.items()
            },
        }
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(saved, separators=(",", ":")), encoding="utf-8")
        temporary.replace(self.path)


MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")  # what MkDocs renders as pages


def output_path(src: str, use_directory_urls: bool) -> str:
    """Where MkDocs writes the output of docs file `src` (its `File.dest_uri`, computed here without making a
    `File` for each of tens of thousands of files)."""
    if not src.endswith(MARKDOWN):
        return src
    parent, filename = posixpath.split(src)
    stem = posixpath.splitext(filename)[0]
    name = "index" if stem == "README" else stem
    if not use_directory_urls or name == "index":
        return posixpath.join(parent, name + ".html")
    return posixpath.join(parent, name, "index.html")


def decide(
    build_key: str,
    found: Scan,
    saved: tuple[str, list[int] | None, dict[str, Entry]],
    site_dir: Path,
    use_directory_urls: bool,
) -> Decision:
    """Which files' outputs the previous site in `site_dir` can give this build."""
    saved_key, saved_site, saved_files = saved
    if not saved_key:
        return Decision(frozenset(), "belum ada build sebelumnya yang tercatat")
    if saved_site is None or saved_site != _site_id(site_dir):
        return Decision(frozenset(), "situs yang ada bukan hasil build yang tercatat")
    if saved_key != build_key:
        return Decision(frozenset(), "konfigurasi, tema, kode, tanggal build atau daftar berkas berubah")
    unchanged = {
        name
        for name, entry in found.files.items()
        if name in found.reusable and saved_files.get(name, Entry(0, 0, "", False)).digest == entry.digest
    }
    # A page linking to an anchor of a changed page is rendered again too, so the anchor is checked; the headings
    # of the always-rendered pages are part of the key.
    rendered = found.reusable - unchanged
    reuse = frozenset(name for name in unchanged if not rendered.intersection(found.files[name].anchored))
    outputs = {name: output_path(name, use_directory_urls) for name in reuse}
    prefix = os.path.join(str(site_dir), "")
    missing = next((name for name, output in outputs.items() if not os.path.isfile(prefix + output)), None)
    if missing:
        return Decision(frozenset(), f"keluaran {missing} hilang dari situs yang ada")
    return Decision(reuse, "", outputs)


@dataclass(frozen=True)
class Plan:
    """What one publish renders and what it takes over, and how to record it once the site is in place."""

    files: list[str]  # every docs file
    reuse: Reuse | None  # outputs taken from the site in place; None for a full build
    fresh: list[str] | None  # the pages rendered, as paths in the site; None for a full build
    message: str  # for the log
    state: State | None
    key: str
    found: Scan | None

    def record(self, site_dir: Path) -> None:
        """Record this build, after its site has replaced the old one."""
        if self.state is not None and self.found is not None:
            self.state.write(self.key, site_dir, self.found)


def plan(
    config_path: Path, config: dict[str, Any], docs_dir: Path, site_dir: Path, state_dir: Path | None, full: bool
) -> Plan:
    """Decide how to publish `docs_dir` over `site_dir`: full, or taking over what did not change since the build
    recorded in `state_dir` (none: always full, nothing recorded). The record is dropped here, before anything
    is written, and made again by `Plan.record`."""
    if state_dir is None:
        return Plan(docs_files(docs_dir), None, None, "", None, "", None)
    state = State(state_dir / STATE_FILE)
    saved = state.read()
    state.forget()
    found = scan(docs_dir, saved[2], config)
    files = list(found.files)
    build_key = key(config_path, config, docs_dir, found)
    directory_urls = bool(config.get("use_directory_urls", True))
    if full:
        decision = Decision(frozenset(), "diminta build penuh")
    else:
        decision = decide(build_key, found, saved, site_dir, directory_urls)
    if not decision.incremental:
        return Plan(files, None, None, f"build penuh ({decision.reason})", state, build_key, found)
    names = sorted(decision.reuse)
    reuse = Reuse(site_dir, decision.reuse)
    fresh = [output_path(name, directory_urls) for name in files if name.endswith(".md") and name not in reuse.sources]
    kept = sum(1 for name in names if name.endswith(".md"))
    message = (
        f"{len(fresh):,} halaman dibangun ulang; {kept:,} halaman dan {len(names) - kept:,} berkas lain "
        "diambil dari situs sebelumnya"
    )
    return Plan(files, reuse, fresh, message, state, build_key, found)
