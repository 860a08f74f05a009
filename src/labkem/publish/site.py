"""Publish stage: the site generator builds the hand-written pages and the shells; labkem puts every data page
into its shell; Pagefind indexes the places; then the folder beside the site is brought up to date with links to
all of it, beside the published files of the render stage, and swapped in as the site in one atomic step
(`labkem.publish.linkfarm`). Nothing in the live site changes, before or after: a failed build leaves it byte for byte.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import gzip
import hashlib
import html
import importlib.metadata
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from labkem.core import workers
from labkem.core.digest import of_parts
from labkem.core.errors import SiteBuildFailed
from labkem.core.files import write_atomic, write_bytes_if_changed
from labkem.core.lang import INDONESIAN, LANGUAGES, Language, of_path
from labkem.core.options import BuildOptions
from labkem.core.paths import FILES, PAGES, BuildLayout, docs_of
from labkem.data.site_settings import SiteSettings
from labkem.data.site_settings import apply as apply_settings
from labkem.publish.linkfarm import bring_up_to_date, files_under, replace_into, running
from labkem.publish.search import (
    SEARCH_DIR,
    Indexed,
    described,
    general_files,
    index_files,
    index_general,
    index_places,
)
from labkem.render.shells import SHELL_NAME, Page, Shells, read_bundle

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


def swap_into_place(new: Path, live: Path, keep: bool = False) -> None:
    """Make `new` the live site in one step. The previous site is removed after the swap, or with `keep` left
    under `new`'s name (the next build brings it up to date rather than starting a folder afresh)."""
    if not live.exists():
        new.rename(live)
        return
    if _exchange(new, live):
        if not keep:
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
    if keep:
        old.rename(new)
    else:
        shutil.rmtree(old)


SITE_MARK = "index.html"  # every site a build publishes has a home page at its root


def check_site_folder(data_dir: Path, site_dir: Path) -> None:
    """Refuse a site folder a build would lose something in, before anything is written. A build swaps a new
    site in where `site_dir` was and keeps the one it replaced beside it, to bring up to date (and prune) at the
    next build: so `site_dir` may not hold the data, nor lie inside it, nor be a folder of anything but a site."""
    data, site = data_dir.resolve(), site_dir.resolve()
    if data == site or data.is_relative_to(site):
        raise SiteBuildFailed(
            f"{site_dir}: folder situs (--out) berisi folder data {data_dir}; setiap build menggantinya dengan "
            "situs baru. Pilih folder lain untuk situs, misalnya build/site"
        )
    if site.is_relative_to(data):
        raise SiteBuildFailed(
            f"{site_dir}: folder situs (--out) ada di dalam folder data {data_dir}; situs akan terbaca sebagai "
            "data. Pilih folder di luar folder data, misalnya build/site"
        )
    if site.exists() and not site.is_dir():
        raise SiteBuildFailed(f"{site_dir}: --out harus folder situs, bukan berkas")
    if site.is_dir() and not (site / SITE_MARK).is_file() and any(site.iterdir()):
        raise SiteBuildFailed(
            f"{site_dir}: folder ini berisi berkas tetapi bukan situs hasil build (tidak ada {SITE_MARK}); build "
            "akan menggantinya seluruhnya. Pilih folder kosong atau folder situs, atau pindahkan isinya dahulu"
        )


def read_config(template: Path) -> dict[str, Any]:
    """The project's MkDocs configuration as a dict."""
    config: dict[str, Any] = yaml.safe_load(template.read_text(encoding="utf-8"))
    return config


def write_config(
    template: Path,
    docs_dir: Path,
    target: Path,
    site_dir: Path | None = None,
    settings: SiteSettings | None = None,
    language: Language = INDONESIAN,
    alternates: dict[str, Any] | None = None,
) -> Path:
    """Write the MkDocs config for a build: the project's own, pointed at the render stage's docs folder (the
    hand-written pages and the shells), with the site's name, address, logo and colours from `situs.yml`. For a
    language other than Indonesian, the project's `mkdocs.CODE.yml` is laid over it (the theme's language, the
    navigation's names) and the address is the language's folder of the site. `alternates` tells the theme's
    templates the site's languages and the pages that are in both (`language_links`)."""
    config = read_config(template)
    if settings is not None:
        apply_settings(config, settings)
    if not language.source:  # over the settings: situs.yml's description is Indonesian
        overlay = template.with_name(f"{template.stem}.{language.code}.yml")
        if not overlay.is_file():
            raise SiteBuildFailed(
                f"{overlay}: tidak ada, padahal situs.yml meminta bahasa {language.code} (isian bahasa). Salin "
                f"{overlay.name} dari repositori labkem ke samping {template.name}, atau hapus {language.code} dari "
                "bahasa"
            )
        _laid_over(config, read_config(overlay))
        if config.get("site_url"):
            config["site_url"] += language.prefix
    if alternates:
        extra = config.setdefault("extra", {})
        extra["labkem_bahasa"] = alternates
        extra["alternate"] = True  # the theme's header then includes overrides/partials/alternate.html
    # Paths relative to the written file: Zensical requires docs_dir inside the config's folder.
    here = target.parent.resolve()
    config["docs_dir"] = os.path.relpath(docs_dir.resolve(), here)
    # MkDocs is given a fresh folder on the command line; other readers of the file (make serve) use this
    config["site_dir"] = os.path.relpath((site_dir or here / "site").resolve() / language.prefix, here)
    theme = config.get("theme", {})
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = os.path.relpath((template.parent / theme["custom_dir"]).resolve(), here)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def _laid_over(config: dict[str, Any], overlay: dict[str, Any]) -> None:
    """Lay `overlay` over `config` (in place): a mapping key by key, anything else whole."""
    for key, value in overlay.items():
        if isinstance(value, dict) and isinstance(config.get(key), dict):
            _laid_over(config[key], value)
        else:
            config[key] = value


@dataclass(frozen=True)
class Edition:
    """The site generator's part of one language: its configuration, its docs folder, its language."""

    config: Path
    docs: Path
    language: Language


def write_configs(
    template: Path, render_dir: Path, build_dir: Path, site_dir: Path, settings: SiteSettings
) -> list[Edition]:
    """Write the site generator's configuration for each of the site's languages (Indonesian first, built into
    the site's root; each other into its folder), each telling the theme's templates where every page that is
    in both languages is in the other (`language_links`)."""
    languages = [LANGUAGES[code] for code in settings.bahasa]
    docs = {language.code: render_dir / docs_of(language.code) for language in languages}
    # the docs pages in every language ("tentang.md", "desa/labkem-cangkang.md"): a data page's shell is, so every
    # data page is
    in_docs = [{name for name in files_under(folder) if name.endswith(".md")} for folder in docs.values()]
    paired = sorted(set.intersection(*in_docs))
    editions = []
    for language in languages:
        alternates = language_links(language, languages, paired, settings.url or "") if len(languages) > 1 else None
        name = "mkdocs.yml" if language.source else f"mkdocs.{language.code}.yml"
        config = write_config(template, docs[language.code], build_dir / name, site_dir, settings, language, alternates)
        editions.append(Edition(config, docs[language.code], language))
    return editions


def language_links(language: Language, languages: list[Language], paired: list[str], site_url: str) -> dict[str, Any]:
    """What the theme's templates (`overrides/main.html`, `overrides/partials/alternate.html`) need for the
    language switch and the `hreflang` links of a page of `language`: each language's root, relative to this
    language's root (and absolute, when the site's address is known), and the docs pages in every language
    (`paired`)."""
    return {
        "ini": language.code,
        "semua": [
            {
                "kode": other.code,
                "nama": other.name,
                "akar": language.up + other.prefix,
                "url": site_url + other.prefix if site_url else "",
            }
            for other in languages
        ],
        "pasangan": paired,
    }


def remove_stale_staging(site_dir: Path) -> list[Path]:
    """Delete the staging folders (`.site.new-PID`) that builds of earlier labkem releases, which built the whole
    site into a fresh folder, left when they were killed (their process is gone); return them."""
    removed = []
    for staging in site_dir.parent.glob(f".{site_dir.name}.new-*"):
        pid = staging.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not running(int(pid)):
            shutil.rmtree(staging, ignore_errors=True)
            removed.append(staging)
    return removed


# The stores under `BuildLayout.publish_stores` (`build/cache/terbit/`) that the site links to
# (see `labkem.publish.linkfarm`)
GENERATED = "generator"  # what the site generator built: hand-written pages, theme, shells
PLACED = "halaman"  # the data pages in their shells
SEARCH_INDEXES = "cari-indeks"  # Pagefind's index per province
GENERAL_INDEX = "cari-indeks-umum"  # and of the site's other pages
REWRITTEN = "lain"  # the generator's files labkem adds to: the sitemap
PLACED_RECORD = f".{PLACED}.json"  # beside its store: the pages of each bundle, and the bundle and shells
PREVIOUS = "sebelumnya"  # the folder beside the site that was the site before the last build


def build_site_dir(
    editions: list[Edition],
    layout: BuildLayout,
    folder_shells: Iterable[str],
    options: BuildOptions,
    log: Callable[[str], None] = lambda _: None,
) -> int:
    """Publish the render stage's folder as the site in `layout.site`; return the number of data pages placed.

    The site generator (`options.generator`, one of `GENERATORS`) builds the hand-written pages and the shells of
    each language's edition (`write_configs`);
    each data page goes into its shell (only those of bundles that changed, unless `options.full`); Pagefind
    indexes the place pages (only the provinces whose pages changed as search sees them, unless `options.full`);
    then the folder beside the site is brought up to date with links to all of it and swapped in
    (`labkem.publish.linkfarm`). `folder_shells` are the docs paths of the shells serving many pages."""
    folder_shells = list(folder_shells)
    site_dir = layout.site.resolve()
    render_dir = layout.render.resolve()
    stores = layout.publish_stores.resolve()  # the site generator runs in the configuration's folder
    jobs, full, generator = options.jobs, options.full, options.generator
    with _locked(site_dir):
        remove_stale_staging(site_dir)
        started = time.monotonic()
        if generate_if_changed(editions, stores, generator, full):
            log(f"publish: {generator} selesai ({time.monotonic() - started:.1f} s)")
        else:
            seconds = time.monotonic() - started
            log(f"publish: {generator} tidak dijalankan, masukannya sama dengan build lalu ({seconds:.1f} s)")

        started = time.monotonic()
        placed = place_pages(render_dir / PAGES, stores, folder_shells, jobs, full)
        site_url = str(read_config(editions[0].config).get("site_url") or "")
        urls = [path.removesuffix("index.html") for path in placed.folder_pages]
        rewrite(stores / REWRITTEN, _sitemap(stores / GENERATED, urls, site_url))
        log(f"publish: {placed.count} halaman data, {len(placed.written)} berubah ({time.monotonic() - started:.1f} s)")

        # Pagefind (about a core and a half) indexes the place pages while this process brings the folder beside
        # the site up to date with everything else (system calls, one core); then the search index's own folder.
        # Each language has its own indexes, in its folder (pagefind/, en/pagefind/)
        started = time.monotonic()
        previous = site_dir.with_name(f".{site_dir.name}.{PREVIOUS}")
        languages = [edition.language for edition in editions]
        searches = [Search(language, stores, layout) for language in languages]
        with ThreadPoolExecutor(max_workers=1) as background:
            searching = background.submit(lambda: [search.places(placed.written, jobs, full) for search in searches])
            inodes: dict[str, int] = {}
            wanted = site_files(render_dir, stores, folder_shells, placed.own, inodes)
            leave = tuple(search.language.prefix + SEARCH_DIR for search in searches)
            synced = bring_up_to_date(previous, wanted, inodes, leave=leave)
            log(
                f"publish: {len(wanted)} berkas situs, {synced.linked} ditautkan baru, {synced.removed} dihapus "
                f"({time.monotonic() - started:.1f} s)"
            )
            indexed = searching.result()
        reindexed, general, total = 0, False, 0
        for search, places in zip(searches, indexed, strict=True):
            ran, search_files, search_inodes = search.general(wanted, places, full)
            folder = previous / search.language.prefix / SEARCH_DIR
            if search_files:
                bring_up_to_date(folder, search_files, search_inodes)
            else:
                shutil.rmtree(folder, ignore_errors=True)
            reindexed += len(places.indexed)
            general |= ran
            total += described(search_files.values()).total_bytes if places.indexed or ran else 0
        provinces = len(indexed[0].provinces)
        if reindexed or general:
            log(
                f"publish: indeks pencarian Pagefind ({len(searches)} bahasa), {total / 1e6:.1f} MB diindeks ulang; "
                f"{reindexed} indeks provinsi dari {provinces * len(searches)}, halaman umum "
                f"{'diindeks ulang' if general else 'tetap'} ({time.monotonic() - started:.1f} s sejak penautan mulai)"
            )
        else:
            log(f"publish: indeks pencarian Pagefind tidak berubah, 0 dari {provinces} provinsi diindeks ulang")
        started = time.monotonic()
        swap_into_place(previous, site_dir, keep=True)
        log(f"publish: situs dipasang ({time.monotonic() - started:.1f} s)")
    return placed.count


class Search:
    """The search indexes of one language's pages, in the site at `pagefind/` (Indonesian) or `en/pagefind/`: one
    of the place pages per province (`labkem.publish.search.index_places`) and a general one of the other pages
    (`index_general`), each with its copies and stores of its own."""

    def __init__(self, language: Language, stores: Path, layout: BuildLayout) -> None:
        self.language = language
        suffix = "" if language.source else f"-{language.code}"
        self.places_store = stores / (SEARCH_INDEXES + suffix)
        self.general_store = stores / (GENERAL_INDEX + suffix)
        self.place_copies = layout.search_copies.resolve().with_name(layout.search_copies.name + suffix)
        self.general_copies = layout.general_copies.resolve().with_name(layout.general_copies.name + suffix)
        self.pages = stores / PLACED / language.prefix
        self.generated = stores / GENERATED

    def mine(self, path: str) -> str | None:
        """`path` (in the site) within this language's folder, or None for a path of another language."""
        language, within = of_path(path)
        return within if language == self.language else None

    def places(self, written: list[str], jobs: int, full: bool) -> Indexed:
        """Index this language's place pages (those `written` since the last build, unless `full`)."""
        changed = [name for name in (self.mine(path) for path in written) if name is not None]
        return index_places(self.pages, self.place_copies, self.places_store, changed, jobs, full)

    def general(
        self, wanted: dict[str, Path], places: Indexed, full: bool
    ) -> tuple[bool, dict[str, Path], dict[str, int]]:
        """Index this language's other pages among the site's files `wanted`; return whether Pagefind ran, and the
        files of both indexes (by their path in the language's search folder) with their inode numbers."""
        pages = {name: path for name, path in ((self.mine(p), path) for p, path in wanted.items()) if name}
        ran = index_general(
            pages, self.generated, self.general_copies, self.general_store, places.provinces, full, self.language
        )
        inodes: dict[str, int] = {}
        files = index_files(self.places_store, places.provinces, inodes)
        files.update(general_files(self.general_store, inodes))
        return ran, files, inodes


def site_files(
    render_dir: Path,
    stores: Path,
    folder_shells: list[str],
    own: list[Page],
    inodes: dict[str, int] | None = None,
) -> dict[str, Path]:
    """Every file of the site but the search index, by its path, and the store file it is: the generator's files
    (without the folder shells, and without the files a data page or labkem's sitemap and search index take the
    place of), the published files of the render stage and the data pages. `inodes` gets the inode numbers the
    folders list."""
    shells = [source.removesuffix(".md") for source in folder_shells]
    listed: dict[str, int] = {}
    other_sitemaps = [f"{language.prefix}{name}" for language in OTHER_LANGUAGES for name in SITEMAPS]
    wanted = files_under(stores / GENERATED, skip=[*shells, *THEME_SEARCH, *other_sitemaps], inodes=listed)
    docs = render_dir / docs_of(INDONESIAN.code)
    published: dict[str, int] = {}
    for relative, path in files_under(render_dir / FILES, inodes=published).items():
        if relative in wanted:
            if not (docs / relative).is_file():
                raise SiteBuildFailed(f"{relative}: berkas data dan berkas situs tulisan tangan di alamat yang sama")
            continue  # a file a hand-written page links to is the generator's copy
        wanted[relative], listed[relative] = path, published[relative]
    placed = files_under(stores / PLACED, inodes=listed)
    own_paths = {page.path for page in own}
    for relative in placed.keys() & wanted.keys() - own_paths:
        raise SiteBuildFailed(f"{relative}: halaman data dan halaman tulisan tangan di alamat yang sama")
    wanted.update(placed)
    wanted.update(files_under(stores / REWRITTEN, inodes=listed))
    for relative in wanted:
        if relative.startswith(f"{SEARCH_DIR}/"):
            raise SiteBuildFailed(f"{relative}: berkas situs di folder indeks pencarian ({SEARCH_DIR}/)")
    if inodes is not None:
        inodes.update(listed)
    return wanted


@dataclass(frozen=True)
class Placed:
    """The data pages of a build: the paths of those in a folder shell, those with a shell of their own, and the
    paths whose bytes changed."""

    folder_pages: list[str]
    own: list[Page]
    written: list[str]

    @property
    def count(self) -> int:
        return len(self.folder_pages) + len(self.own)


def place_pages(
    pages_dir: Path, stores: Path, folder_shells: Iterable[str], jobs: int = 1, full: bool = False
) -> Placed:
    """Put every page of the bundles in `pages_dir` into its shell (from the generator's store) and into the
    store of placed pages, the bundles shared among up to `jobs` worker processes. A bundle that is the file it
    was last time, with the same folder shells, is not read again (unless `full`); a bundle with pages of their
    own shells (a few: the pages in the navigation) always is. A page whose bytes did not change keeps its
    file."""
    store = stores / PLACED
    record_path = stores / PLACED_RECORD
    shells = _shells_digest(stores / GENERATED, folder_shells)
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        record = {}
    known: dict[str, Any] = {} if full or record.get("shells") != shells else record["bundles"]
    bundles = {bundle.relative_to(pages_dir).as_posix(): bundle for bundle in sorted(pages_dir.rglob("*.jsonl"))}
    current = {name: _identity(bundle) for name, bundle in bundles.items()}
    stored = files_under(store)
    stale = [
        name
        for name in bundles
        if name not in known
        or known[name]["file"] != current[name]
        or known[name]["own"]
        or not all(path in stored for path in known[name]["pages"])  # a page of it lost from the store
    ]
    processes = workers.count(jobs, len(stale), min_tasks=MIN_BUNDLES_FOR_WORKERS)
    if processes > 1:
        with workers.pool(processes) as pool:
            results = list(pool.map(_place_bundle, [stores] * len(stale), [bundles[name] for name in stale]))
    else:
        results = [_place_bundle(stores, bundles[name]) for name in stale]
    read = dict(zip(stale, results, strict=True))
    folder_pages: list[str] = []
    own: list[Page] = []
    written: list[str] = []
    new_record: dict[str, Any] = {}
    for name in bundles:
        if name in read:
            mine, theirs, changed = read[name]
            written += changed
            own += theirs
            new_record[name] = {"file": current[name], "pages": mine, "own": bool(theirs)}
        else:
            mine = known[name]["pages"]
            new_record[name] = known[name]
        folder_pages += mine
    paths = set(folder_pages) | {page.path for page in own}
    for relative in stored.keys() - paths:  # pages of bundles gone or shrunk
        (store / relative).unlink()
        written.append(relative)
    write_atomic(record_path, json.dumps({"shells": shells, "bundles": new_record}).encode("utf-8"))
    return Placed(sorted(folder_pages), sorted(own, key=lambda page: page.path), written)


# below this many bundles to read (a regency's site has three: the regency, the codebook's and the site's),
# starting worker processes costs more than it saves
MIN_BUNDLES_FOR_WORKERS = 8


def _place_bundle(stores: Path, bundle: Path) -> tuple[list[str], list[Page], list[str]]:
    """Place the pages of one bundle into the store of placed pages; return the paths of those in a folder shell,
    the pages with a shell of their own (the search index is given their articles) and the paths whose bytes
    changed."""
    shells = Shells(stores / GENERATED)
    store = stores / PLACED
    folder_pages: list[str] = []
    own: list[Page] = []
    written: list[str] = []
    for page in read_bundle(bundle):
        if page.own_shell:
            own.append(page)
        elif (stores / GENERATED / page.path).exists():
            raise SiteBuildFailed(f"{page.path}: halaman data dan halaman tulisan tangan di alamat yang sama")
        else:
            folder_pages.append(page.path)
        if write_bytes_if_changed(store / page.path, shells.fill(page).encode("utf-8")):
            written.append(page.path)
    return folder_pages, own, written


def _identity(path: Path) -> list[int]:
    """A file as the render stage left it: it replaces a changed bundle with a new file, so the same inode,
    size and time mean the same bytes."""
    stat = path.stat()
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns]


def _shells_digest(generated: Path, folder_shells: Iterable[str]) -> str:
    """A digest of the folder shells' HTML, as the generator built them."""
    digest = hashlib.sha256()
    for name in sorted(source.removesuffix(".md") + "/index.html" for source in folder_shells):
        digest.update(name.encode("utf-8") + b"\0")
        with contextlib.suppress(FileNotFoundError):
            digest.update((generated / name).read_bytes())
    return digest.hexdigest()


URL_ENTRY = re.compile(r"\s*<url>.*?</url>", re.S)
LASTMOD = re.compile(r"<lastmod>(.*?)</lastmod>")


SITEMAP = "sitemap.xml"
# the theme's search, which the site does not use: its index of every hand-written page, which a page with the
# theme's search box loads whole, its worker and its language files (the header's search box is labkem's own,
# `overrides/partials/search.html`, over Pagefind's indexes)
THEME_SEARCH = tuple(
    language.prefix + path
    for language in LANGUAGES.values()
    for path in ("search", "assets/javascripts/lunr", "assets/javascripts/workers")
)
OTHER_LANGUAGES = [language for language in LANGUAGES.values() if not language.source]
SITEMAPS = (SITEMAP, f"{SITEMAP}.gz")  # the other languages' hand-written pages are in the root's


def rewrite(store: Path, files: dict[str, bytes]) -> None:
    """Make `store` hold exactly `files` (path -> bytes), each rewritten only where its bytes changed."""
    for relative, data in files.items():
        write_bytes_if_changed(store / relative, data)
    for relative in files_under(store).keys() - files.keys():
        (store / relative).unlink()


def _sitemap(generated: Path, urls: list[str], site_url: str) -> dict[str, bytes]:
    """The sitemap MkDocs wrote (which lists its pages only when the site has an address) with the data pages at
    `urls` and without the folder shells, and its gzip copy as MkDocs writes it; none where MkDocs wrote none."""
    path = generated / SITEMAP
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8")
    entries = URL_ENTRY.findall(text)
    if not entries:
        return {}
    lastmod = LASTMOD.search(entries[0])
    others = [generated / language.prefix / SITEMAP for language in OTHER_LANGUAGES]
    # the other languages' generator runs list their hand-written pages (and shells) in sitemaps of their own
    their = [entry for other in others if other.is_file() for entry in URL_ENTRY.findall(other.read_text("utf-8"))]
    kept = [entry for entry in entries + their if SHELL_NAME not in entry]
    stamp = f"\n         <lastmod>{lastmod.group(1)}</lastmod>" if lastmod else ""
    added = [
        f"\n    <url>\n         <loc>{html.escape(urljoin(site_url, url))}</loc>{stamp}\n    </url>" for url in urls
    ]
    head, tail = text[: text.index(entries[0])], text[text.rindex(entries[-1]) + len(entries[-1]) :]
    output = (head + "".join(kept + added) + tail).encode("utf-8")
    moment = datetime.fromisoformat(lastmod.group(1)).replace(tzinfo=UTC) if lastmod else None
    timestamp = int(moment.timestamp()) if moment else None
    compressed = io.BytesIO()
    # the gzip header names the file without its folder and ".gz", as MkDocs' copy does
    with gzip.GzipFile(fileobj=compressed, filename=f"{SITEMAP}.gz", mode="wb", mtime=timestamp) as gz:
        gz.write(output)
    return {SITEMAP: output, f"{SITEMAP}.gz": compressed.getvalue()}


@contextlib.contextmanager
def _locked(site_dir: Path) -> Iterator[None]:
    """One build at a time per site: the folder beside the site is brought up to date in place."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    lock = site_dir.with_name(f".{site_dir.name}.kunci")
    with lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            raise SiteBuildFailed(
                f"{site_dir}: build lain sedang menerbitkan situs ini; tunggu sampai selesai lalu ulangi"
            ) from error
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# The site generators that build the hand-written site and the shells from the one `mkdocs.yml`: MkDocs with
# Material today; ProperDocs (a maintained fork of MkDocs 1.x) and Zensical (Material's successor) as the way on.
GENERATORS = ("mkdocs", "properdocs", "zensical")


GENERATED_RECORD = f".{GENERATED}.json"  # the digest of what the generator's store was built from


def generate_if_changed(editions: list[Edition], stores: Path, generator: str, full: bool = False) -> bool:
    """Have the site generator build its part of each edition into its store (the first at its root, each other
    in its language's folder), unless everything it reads is what it read last time (then its store is what it
    would write again); with `full` it always runs. Return whether it ran."""
    record = stores / GENERATED_RECORD
    digest = of_parts(*(_generator_inputs(edition.config, edition.docs, generator) for edition in editions))
    if not full and (stores / GENERATED).is_dir():
        with contextlib.suppress(FileNotFoundError):
            if record.read_text(encoding="utf-8") == digest:
                return False
    record.unlink(missing_ok=True)
    fresh = stores / f".{GENERATED}.baru"
    shutil.rmtree(fresh, ignore_errors=True)
    for edition in editions:  # the first (Indonesian) first: a build clears its output folder
        generate(edition.config, fresh / edition.language.prefix, generator)
    replace_into(fresh, stores / GENERATED)
    write_atomic(record, digest.encode("utf-8"))
    return True


def _generator_inputs(config: Path, docs: Path, generator: str) -> str:
    """A digest of what the site generator's output depends on: its configuration, the docs folder, the theme's
    overrides, the generator and theme releases, and the day (the sitemap's dates)."""
    digest = hashlib.sha256()
    settings = read_config(config)
    theme = settings.get("theme", {})
    overrides = config.parent / theme["custom_dir"] if isinstance(theme, dict) and theme.get("custom_dir") else None
    folders = [docs] + ([overrides] if overrides else [])
    for folder in folders:
        for relative, path in sorted(files_under(folder).items()):
            digest.update(f"{folder.name}/{relative}\0".encode())
            digest.update(path.read_bytes())
    versions = []
    for package in (generator, "mkdocs-material"):
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} -")
    day = datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH") or time.time()), UTC).date()
    digest.update("\0".join([config.read_text(encoding="utf-8"), *versions, day.isoformat()]).encode("utf-8"))
    return digest.hexdigest()


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
