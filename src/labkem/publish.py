"""Publish stage: the site generator builds the hand-written pages and the shells into a fresh folder; labkem puts
every data page into its shell and links the published files beside them; Pagefind indexes the places; then the
folder replaces the live site in one atomic step. Nothing in the live site changes before all of that succeeded.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import dataclasses
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from . import workers
from .errors import SiteBuildFailed
from .render import DOCS, FILES, PAGES, read_bundle
from .search import SearchIndex, index_site
from .shells import HEADING_TAG, SHELL_NAME, Page, Shells, remove_folder_shells
from .situs import SiteSettings
from .situs import apply as apply_settings

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


def read_config(template: Path) -> dict[str, Any]:
    """The project's MkDocs configuration as a dict."""
    config: dict[str, Any] = yaml.safe_load(template.read_text(encoding="utf-8"))
    return config


def write_config(
    template: Path, docs_dir: Path, target: Path, site_dir: Path | None = None, settings: SiteSettings | None = None
) -> Path:
    """Write the MkDocs config for a build: the project's own, pointed at the render stage's docs folder (the
    hand-written pages and the shells), with the site's name, address, logo and colours from `situs.yml`."""
    config = read_config(template)
    if settings is not None:
        apply_settings(config, settings)
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
    render_dir: Path,
    site_dir: Path,
    folder_shells: Iterable[str],
    log: Callable[[str], None] = lambda _: None,
    jobs: int = 1,
    state_dir: Path | None = None,
    generator: str = "mkdocs",
) -> int:
    """Build the site from the render stage's folder into a fresh folder beside `site_dir`, then swap it in; return
    the number of data pages placed. `folder_shells` are the docs paths of the shells serving many pages (removed
    from the site once used). With `state_dir`, the search copies of the place pages are kept there between
    builds (see `labkem.search`). `generator` is the site generator (one of `GENERATORS`)."""
    site_dir = site_dir.resolve()
    with _staged(site_dir) as staging:
        started = time.monotonic()
        generate(config, staging, generator)
        log(f"publish: {generator} selesai ({time.monotonic() - started:.1f} s)")
        started = time.monotonic()
        placed = place_pages(render_dir / PAGES, staging, folder_shells, jobs)
        linked = link_files(render_dir / FILES, staging, render_dir / DOCS)
        log(f"publish: {len(placed)} halaman data dan {linked} berkas ditempatkan ({time.monotonic() - started:.1f} s)")
        site_url = str(read_config(config).get("site_url") or "")
        write_sitemap(staging, [page.url for page in placed if not page.own_shell], site_url)
        add_to_search(staging, [page for page in placed if page.own_shell])
        started = time.monotonic()
        index = index_site(staging, state_dir / "cari" if state_dir else None, jobs=jobs)
        _log_index(log, "publish", index, time.monotonic() - started)
    started = time.monotonic()
    swap_into_place(staging, site_dir)
    log(f"publish: situs dipasang ({time.monotonic() - started:.1f} s)")
    return len(placed)


def place_pages(pages_dir: Path, site: Path, folder_shells: Iterable[str], jobs: int = 1) -> list[Page]:
    """Write every page of the bundles in `pages_dir` into its shell in the built `site`, the bundles shared
    among up to `jobs` worker processes; return the pages placed, without their articles."""
    bundles = sorted(pages_dir.rglob("*.jsonl"))
    if jobs > 1 and len(bundles) >= MIN_BUNDLES_FOR_WORKERS:
        with workers.pool(jobs) as pool:
            placed = [page for part in pool.map(_place_bundle, [site] * len(bundles), bundles) for page in part]
    else:
        placed = [page for bundle in bundles for page in _place_bundle(site, bundle)]
    remove_folder_shells(site, folder_shells)
    return sorted(placed, key=lambda page: page.path)


# below this many bundles (a regency's site has three: the regency, the codebook's and the site's), starting
# worker processes costs more than it saves
MIN_BUNDLES_FOR_WORKERS = 8


def _place_bundle(site: Path, bundle: Path) -> list[Page]:
    """Place the pages of one bundle; return them, their articles dropped unless they have a shell of their own
    (the search index is given those)."""
    shells = Shells(site)
    placed = []
    for page in read_bundle(bundle):
        target = site / page.path
        if not page.own_shell and target.exists():
            raise SiteBuildFailed(f"{page.path}: halaman data dan halaman tulisan tangan di alamat yang sama")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(shells.fill(page), encoding="utf-8")
        placed.append(page if page.own_shell else dataclasses.replace(page, article=""))
    return placed


def link_files(files_dir: Path, site: Path, docs_dir: Path) -> int:
    """Hard-link every file of `files_dir` into `site` (copied where linking fails); return how many. The render
    stage replaces a changed file rather than writing into it, so the live site never sees one change. A file the
    site generator was given too (in `docs_dir`: one a hand-written page links to) is already in `site`."""
    count = 0
    for folder, _, names in os.walk(files_dir):
        target = site / os.path.relpath(folder, files_dir)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            destination = target / name
            if destination.exists():
                relative = destination.relative_to(site).as_posix()
                if (docs_dir / relative).is_file():
                    continue
                raise SiteBuildFailed(f"{relative}: berkas data dan berkas situs tulisan tangan di alamat yang sama")
            try:
                os.link(os.path.join(folder, name), destination)
            except OSError:
                shutil.copy2(os.path.join(folder, name), destination)
            count += 1
    return count


URL_ENTRY = re.compile(r"\s*<url>.*?</url>", re.S)
LASTMOD = re.compile(r"<lastmod>(.*?)</lastmod>")


def write_sitemap(site: Path, urls: list[str], site_url: str) -> None:
    """Add the data pages at `urls` to the sitemap MkDocs wrote (which lists its pages only when the site has an
    address), dropping the folder shells; rewrite its gzip copy as MkDocs does."""
    path = site / "sitemap.xml"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    entries = URL_ENTRY.findall(text)
    if not entries:
        return
    lastmod = LASTMOD.search(entries[0])
    kept = [entry for entry in entries if SHELL_NAME not in entry]
    stamp = f"\n         <lastmod>{lastmod.group(1)}</lastmod>" if lastmod else ""
    added = [
        f"\n    <url>\n         <loc>{html.escape(urljoin(site_url, url))}</loc>{stamp}\n    </url>" for url in urls
    ]
    head, tail = text[: text.index(entries[0])], text[text.rindex(entries[-1]) + len(entries[-1]) :]
    output = head + "".join(kept + added) + tail
    path.write_text(output, encoding="utf-8")
    moment = datetime.fromisoformat(lastmod.group(1)).replace(tzinfo=UTC) if lastmod else None
    timestamp = int(moment.timestamp()) if moment else None
    gz_path = site / "sitemap.xml.gz"
    with (
        gz_path.open("wb") as handle,
        gzip.GzipFile(fileobj=handle, filename=str(gz_path), mode="wb", mtime=timestamp) as compressed,
    ):
        compressed.write(output.encode("utf-8"))


TAGS = re.compile(r"<[^>]+>")
# the text of one section of a generated page in the search index, at most: nationally the Data & API page
# lists some 500 packages' files, 9.6 MB that every search would load
SEARCH_TEXT = 500


def add_to_search(site: Path, pages: list[Page]) -> None:
    """Add `pages` (the generated pages with a shell of their own, left out of MkDocs' search index as shells) to
    the search index of the hand-written site: one entry for the page and one per heading, as MkDocs writes them,
    each with the opening of its text."""
    path = site / "search" / "search_index.json"
    if not pages or not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for page in pages:
        cuts = [match.start() for match in HEADING_TAG.finditer(page.article)] + [len(page.article)]
        for heading, start, end in zip(page.headings, cuts, cuts[1:], strict=False):
            section = page.article[start:end]
            body = section[section.find(">", section.find("</h")) + 1 :] if "</h" in section else ""
            text = " ".join(html.unescape(TAGS.sub(" ", body)).split())
            if len(text) > SEARCH_TEXT:  # a section's opening is what finds it; the rest is lists of files
                text = text[: text.rfind(" ", 0, SEARCH_TEXT)] + " …"
            location = page.url if heading.level == 1 else f"{page.url}#{heading.id}"
            title = html.escape(page.title) if heading.level == 1 else heading.html
            index["docs"].append({"location": location, "title": title, "text": html.escape(text)})
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


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


def _log_index(log: Callable[[str], None], stage: str, index: SearchIndex, seconds: float) -> None:
    if index.files:
        log(f"{stage}: indeks pencarian Pagefind, {index.total_bytes / 1e6:.1f} MB ({seconds:.1f} s)")


# The site generators that build the hand-written site and the shells from the one `mkdocs.yml`: MkDocs with
# Material today; ProperDocs (a maintained fork of MkDocs 1.x) and Zensical (Material's successor) as the way on.
GENERATORS = ("mkdocs", "properdocs", "zensical")


def generate(config: Path, staging: Path, generator: str = "mkdocs") -> None:
    """Build the site generator's part of the site into `staging`, strictly where the generator can."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    config = config.resolve()
    tool = f"{generator} build --strict"
    if generator == "zensical":
        # Zensical takes its output folder from the configuration only
        settings = read_config(config)
        settings["site_dir"] = os.path.relpath(staging, config.parent)
        config = config.with_name("zensical.yml")
        config.write_text(yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8")
        command = [sys.executable, "-m", "zensical", "build", "-f", str(config)]
        tool = "zensical build"
    else:
        # No --quiet: it drops warnings below the level --strict counts, so strict would pass anything.
        command = [sys.executable, "-m", generator, "build", "--strict", "-f", str(config), "-d", str(staging)]
    result = subprocess.run(
        command, cwd=config.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, check=False
    )
    if result.returncode != 0:
        raise SiteBuildFailed.of_tool(tool, result.stdout, result.returncode)
