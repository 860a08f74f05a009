"""Search over the place pages with Pagefind: an index split into small fragments that a phone fetches on demand.

MkDocs' own search (one JSON file with every page) stays for the hand-written pages; village, district and regency
pages, and each regency's agency and indicator pages, are left out of it (`search: exclude`) because at province
scale that file alone would run to megabytes.
Instead the place pages mark their heading and breadcrumbs with `data-pagefind-body`, and Pagefind, run over the
built site, writes `pagefind/`: a search for one name downloads the loader, the WebAssembly matcher, one index chunk
and the few result fragments shown, whatever the number of villages.

A site whose place pages span several provinces gets one index per province, `pagefind/KODE/`, and the finder
asks for the province first. Pagefind's metadata file, which every search loads whole, lists every page it
indexed (about 5 bytes each), so one index for the nation's 91,000 place pages costs each search 0.5 MB before the
first result; a province's index is at most the size of Jawa Tengah's (9,200 place pages, about 50 KB).
A site of one province keeps one index at `pagefind/`.

Pagefind is not given the pages themselves (40 KB each, almost all of it charts and tables it would parse and
drop) but small copies holding only their `<html>` tag and marked elements, in a folder per province. The
copies are kept between builds: a build rewrites only the copies that changed and deletes those of pages gone,
rather than all 91,000 of them. A
marked element is cut out up to its first closing tag of the same name, so it must not hold an element of its
own kind (the heading and the breadcrumb paragraph do not). It is found from the attribute's name, not by a
pattern tried at every tag of the 40 KB page: nationally that pattern alone took about a minute of processor time.

The site's other pages (the guide, Tentang, the programmes, the lists, Data & API, the releases) go into a
general index of their own, `pagefind/umum/` (`index_general`), which the header's search box searches beside the
province's: one search over places and pages alike. The theme's own search, which loaded its whole index on
every page, is left out of the site. A generated page is indexed by its headings and the opening of
each section (nationally the Data & API page lists some 500 packages' files); a hand-written page whole. The
agency and indicator pages of each regency are in neither index: they are reached from their regency's page.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from labkem.core import workers
from labkem.core.errors import SiteBuildFailed
from labkem.core.files import write_bytes_if_changed
from labkem.core.lang import INDONESIAN, N_, Language
from labkem.core.urls import PLACE_FOLDERS
from labkem.publish.linkfarm import files_under, replace_into, scratch_folder

SEARCH_DIR = "pagefind"
# Only the place pages carry data-pagefind-body
# a place page and its province: desa/33.26.02.2008/index.html is in province 33
PLACE_PAGE = re.compile(r"^(?:desa|kecamatan|kabupaten)/(\d{2})[.\d]*/index\.html$")
HTML_TAG = re.compile(r"<html\b[^>]*>")
MARK = "data-pagefind-body"
MARKED = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*\bdata-pagefind-body\b[^>]*>.*?</\1>", re.S)
# below this many pages to copy, worker processes cost more than they save
MIN_PAGES_FOR_WORKERS = 2_000
PAGES_PER_TASK = 1_000

# How Pagefind indexes; an index made with other options is made again (`INDEXED` holds them).
PAGEFIND_OPTIONS = (
    # village codes such as 33.26.02.2008 stay one word, so a code or its prefix finds the village
    "--include-characters",
    ".",
    # no language, so no stemming: place names are not Indonesian words, and the Indonesian stemmer cuts what
    # looks like an affix off them ("pe-", "ke-"), so that "Peka" or "Kese", typed on the way to Pekalongan or
    # Kesesi, found nothing; in the general index it matched a misspelt name to stray letters ("Mulyoreja" to
    # "-m"), and a word's start still finds its longer forms there ("perlindung")
    "--force-language",
    "und",
    # a heading's permalink (¶), which MkDocs' own markup carries: a result reads "Desa Botosari"
    "--exclude-selectors",
    ".headerlink",
)


@dataclass(frozen=True)
class SearchIndex:
    """What Pagefind wrote: the number of files and the size of the largest."""

    files: int
    largest_bytes: int
    total_bytes: int


def province_of(name: str) -> str | None:
    """The province code of the place page at `name` (a path in the site), or None for any other file."""
    match = PLACE_PAGE.match(name)
    return match.group(1) if match else None


def marked_parts(text: str) -> str:
    """The elements of page `text` marked `data-pagefind-body`, one after another: what `MARKED.finditer` finds
    in well-formed HTML, but looked for only where the attribute's name occurs."""
    parts = []
    at = text.find(MARK)
    while at >= 0:
        match = None
        # a tag holding the attribute opens at one of the `<` since the last `>`: the first that matches, as the
        # pattern tried from the left would find
        start = text.find("<", text.rfind(">", 0, at) + 1, at)
        while start >= 0 and match is None:
            match = MARKED.match(text, start)
            start = text.find("<", start + 1, at)
        if match:
            parts.append(match.group(0))
            at = text.find(MARK, match.end())
        else:
            at = text.find(MARK, at + len(MARK))
    return "".join(parts)


def _write_marked(site: Path, name: str, source: Path) -> bool:
    """Copy the marked parts of page `name` into `source` where they changed; a page with none marked has no
    copy. Return whether the copy changed."""
    text = (site / name).read_text(encoding="utf-8")
    marked = marked_parts(text)
    target = source / name
    if not marked:
        if target.exists():
            target.unlink()
            return True
        return False
    html = HTML_TAG.search(text)
    copy = (
        f'<!doctype html>\n{html.group(0) if html else "<html>"}<head><meta charset="utf-8"></head>'
        f"<body>\n{marked}\n</body></html>\n"
    )
    try:
        if target.read_text(encoding="utf-8") == copy:
            return False
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(copy, encoding="utf-8")
    return True


def _write_pages(site: Path, names: list[str], source: Path) -> set[str]:
    """Copy the marked parts of the place pages `names` into `source`, a folder per province; return the
    provinces whose copies changed."""
    changed = set()
    for name in names:
        province = province_of(name)
        if province is not None and _write_marked(site, name, source / province):
            changed.add(province)
    return changed


def index_site(site: Path, source: Path | None = None, jobs: int = 1) -> SearchIndex:
    """Index the place pages of the built site in `site` into `site/pagefind/` (one index, or one per province
    when they span several); a site without village pages yet (a regency whose observations are still empty)
    gets no index, and the finder says search is unavailable.

    `source` keeps the pages' marked parts between builds (a temporary folder without it). With `jobs` above one,
    many pages are copied in that many worker processes, and that many provinces indexed at once."""
    with tempfile.TemporaryDirectory(prefix="labkem-cari-") as temporary:
        indexes = Path(temporary) / "indeks"
        provinces = index_places(site, source or Path(temporary) / "salinan", indexes, None, jobs).provinces
        for province in provinces:
            target = site / SEARCH_DIR / index_folder(provinces, province)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(indexes / province, target)
    return _described(site / SEARCH_DIR) if provinces else SearchIndex(0, 0, 0)


def index_folder(provinces: list[str], province: str) -> str:
    """Where a province's index lies in the site's search folder: the folder itself (`pagefind/`) for a site of
    one province, else `KODE` (`pagefind/KODE/`)."""
    return "" if len(provinces) == 1 else province


@dataclass(frozen=True)
class Indexed:
    """The provinces of a site's place pages, and those Pagefind indexed in this build (the others kept theirs)."""

    provinces: list[str]
    indexed: list[str]


def index_places(
    pages: Path, source: Path, indexes: Path, changed: Collection[str] | None = None, jobs: int = 1, every: bool = False
) -> Indexed:
    """Index the place pages under `pages` with Pagefind, an index per province in `indexes/KODE/`; return the
    provinces (none for a site without village pages yet) and those indexed again.

    `source` keeps the pages' marked parts between builds. Given `changed` (the pages written since the copies
    were last brought up to date), only those are copied again; a province whose copies did not change keeps
    its index from the last run, which is how one changed village's build skips Pagefind; with `every`, every
    province is indexed again. Pagefind writes into a fresh folder, moved into `indexes/KODE/` file by file
    where the bytes changed (`labkem.publish.linkfarm`)."""
    if not any((pages / "desa").glob("*/index.html")):
        shutil.rmtree(indexes, ignore_errors=True)
        return Indexed([], [])
    complete = source / COPIES_COMPLETE
    if changed is None or not complete.exists():
        wanted = _place_pages(pages)  # every copy is checked against its page, and those of pages gone deleted
        complete.unlink(missing_ok=True)
        dirty = _prune(source, wanted)
    else:
        # only the pages written since: a page gone takes its copy along
        wanted, dirty = [], set()
        for name in sorted(changed):
            province = province_of(name)
            if province is None:
                continue
            if (pages / name).is_file():
                wanted.append(name)
            elif (source / province / name).exists():
                (source / province / name).unlink()
                dirty.add(province)
        complete.unlink()
    chunks = [wanted[start : start + PAGES_PER_TASK] for start in range(0, len(wanted), PAGES_PER_TASK)]
    processes = workers.count(jobs, len(wanted), min_tasks=MIN_PAGES_FOR_WORKERS)
    if processes > 1:
        with workers.pool(processes) as pool:
            for result in [pool.submit(_write_pages, pages, chunk, source) for chunk in chunks]:
                dirty |= result.result()
    else:
        dirty |= _write_pages(pages, wanted, source)
    complete.parent.mkdir(parents=True, exist_ok=True)
    complete.touch()
    provinces = sorted(folder.name for folder in source.iterdir() if folder.is_dir() and any(folder.rglob("*.html")))
    indexes.mkdir(parents=True, exist_ok=True)
    for folder in indexes.iterdir():
        if folder.is_dir() and folder.name not in provinces:  # a province gone, or a run that was stopped
            shutil.rmtree(folder)
    runs = [province for province in provinces if every or province in dirty or not _indexed(indexes, province)]
    # Pagefind keeps about one and a half cores busy: a thread per province waits on its process; the largest
    # provinces first, so no large one is left running alone at the end
    runs.sort(key=lambda province: -_page_count(source / province))
    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(runs) or 1))) as pool:
        for run in [pool.submit(_index_province, source / province, indexes, province) for province in runs]:
            run.result()
    return Indexed(provinces, runs)


# beside the copies: they are all up to date with the pages (a build stopped while copying leaves it out, so the
# next one copies every page again); beside a province's index: Pagefind finished it, with the options it holds
COPIES_COMPLETE = ".lengkap"
INDEXED = ".selesai"


def _indexed(indexes: Path, province: str) -> bool:
    """Whether the province's index is whole and made with today's options."""
    done = indexes / f".{province}{INDEXED}"
    return done.is_file() and done.read_text(encoding="utf-8") == " ".join(PAGEFIND_OPTIONS)


def _index_province(source: Path, indexes: Path, province: str) -> None:
    """Run Pagefind over a province's copies into a fresh folder (in memory where there is room, see
    `labkem.publish.linkfarm.scratch_folder`), then bring what changed into its index."""
    done = indexes / f".{province}{INDEXED}"
    done.unlink(missing_ok=True)
    fresh = scratch_folder(f"labkem-cari-{province}-", indexes)
    try:
        _pagefind(source, fresh)
        replace_into(fresh, indexes / province)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    done.write_text(" ".join(PAGEFIND_OPTIONS), encoding="utf-8")


def index_files(indexes: Path, provinces: list[str], inodes: dict[str, int] | None = None) -> dict[str, Path]:
    """The files of the provinces' indexes by their path in the site's search folder (and in `inodes`, their
    inode numbers as their folders list them)."""
    found: dict[str, Path] = {}
    for province in provinces:
        found.update(_index_files(indexes / province, index_folder(provinces, province), inodes))
    return found


def _index_files(index: Path, folder: str, inodes: dict[str, int] | None) -> dict[str, Path]:
    """The files of the index in `index` by their path in the site's search folder, under `folder` (or at its top
    for ""), their inode numbers put in `inodes`."""
    listed: dict[str, int] = {}
    prefix = f"{folder}/" if folder else ""
    found = {prefix + relative: path for relative, path in files_under(index, inodes=listed).items()}
    if inodes is not None:
        inodes.update({prefix + relative: inode for relative, inode in listed.items()})
    return found


def described(files: Iterable[Path]) -> SearchIndex:
    """The number of index files, the size of the largest and their total."""
    sizes = [path.stat().st_size for path in files]
    return SearchIndex(len(sizes), max(sizes, default=0), sum(sizes))


def _place_pages(site: Path) -> list[str]:
    """The HTML files under the place folders of `site`, as sorted '/'-separated paths in it."""
    names: list[str] = []
    for folder in PLACE_FOLDERS:
        for root, _, files in os.walk(site / folder):
            prefix = os.path.relpath(root, site).replace(os.sep, "/")
            names.extend(f"{prefix}/{name}" for name in files if name.endswith(".html"))
    return sorted(names)


def _prune(source: Path, names: list[str]) -> set[str]:
    """Delete the copies in `source` of every page not among `names` (gone from the site, or no longer a place
    page), and the folders that leaves empty; return the provinces that lost a copy. The other copies are
    rewritten only where they changed."""
    kept = {f"{province_of(name)}/{name}" for name in names}
    emptied: set[str] = set()
    lost: set[str] = set()
    for root, folders, files in os.walk(source, topdown=False):
        prefix = os.path.relpath(root, source).replace(os.sep, "/")
        gone = [name for name in files if f"{prefix}/{name}" not in kept]
        for name in gone:
            os.unlink(os.path.join(root, name))
            lost.add(prefix.split("/")[0])
        # a folder left empty goes too, as a fresh set of copies would not have it
        empty = len(gone) == len(files) and all(os.path.join(root, folder) in emptied for folder in folders)
        if empty and root != os.fspath(source):
            os.rmdir(root)
            emptied.add(root)
    return lost


def _page_count(copies: Path) -> int:
    """About how many pages a province's copies hold: its villages."""
    try:
        return len(os.listdir(copies / "desa"))
    except OSError:
        return 0


def _pagefind(source: Path, index: Path) -> None:
    """Run Pagefind over the copies in `source`, writing its index into `index`."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(source),
        "--output-path",
        str(index),
        *PAGEFIND_OPTIONS,
        "--silent",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SiteBuildFailed.of_tool("Pagefind", result.stderr or result.stdout, result.returncode)


def _described(index: Path) -> SearchIndex:
    return described(path for path in index.rglob("*") if path.is_file())


# The general index: the pages outside the place folders, but the agency and indicator pages of each regency
# (some 1,700 nationally, reached from their regency's page) and the page for a missing address
GENERAL = "umum"
NOT_GENERAL = re.compile(r"^(?:(?:desa|kecamatan|kabupaten|opd|indikator)/\d|404\.html$)")
# what a result from each part of the site says it is, by the page's first folder
PARTS = {
    "": N_("Beranda"),
    "panduan": N_("Panduan replikasi"),
    "program": N_("Program"),
    "rilis": N_("Rilis data"),
    "indikator": N_("Indikator"),
    "kabupaten": N_("Kabupaten/kota"),
    "data": N_("Data & API"),
    "tentang": N_("Tentang"),
    "referensi": N_("Referensi data"),
}
# beside the general index: the provinces of the site's place indexes, one of which the header's search box
# searches beside it
PROVINCES_FILE = "provinsi.json"
ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
HEADING = re.compile(r"<h([1-6])\b[^>]*>.*?</h\1>", re.S)
TAGS = re.compile(r"<[^>]+>")
# the text of one section of a generated page in the general index, at most: its opening is what finds it, the
# rest is lists of files and villages
SECTION_TEXT = 500


def general_page(name: str) -> bool:
    """Whether the page at `name` (a path in the site) belongs in the general index."""
    return (name == "index.html" or name.endswith("/index.html")) and not NOT_GENERAL.match(name)


def part_of(name: str, language: Language = INDONESIAN) -> str:
    """What part of the site the page at `name` (a path in its language's folder) is in, as a result names it."""
    folder = name.split("/")[0] if "/" in name else ""
    return language.gettext(PARTS.get(folder, N_("Halaman")))


def general_copy(name: str, text: str, whole: bool, language: Language = INDONESIAN) -> str | None:
    """What the general index reads of page `name` (in the folder of `language`) with HTML `text`: its article,
    whole (a hand-written page) or (`whole` false, a generated page) its headings and the opening of each
    section's text; None for a page without an article."""
    article = ARTICLE.search(text)
    if article is None:
        return None
    body = article.group(1) if whole else _openings(article.group(1))
    tag = HTML_TAG.search(text)
    part = html.escape(part_of(name, language), quote=True)
    return (
        f'<!doctype html>\n{tag.group(0) if tag else "<html>"}<head><meta charset="utf-8"></head><body>\n'
        f'<main {MARK} data-pagefind-meta="bagian:{part}">{body}</main>\n</body></html>\n'
    )


def _openings(article: str) -> str:
    """The headings of `article`, each followed by the opening of its section's text (as escaped plain text)."""
    parts: list[str] = []
    headings = list(HEADING.finditer(article))
    for heading, following in zip(headings, [*headings[1:], None], strict=True):
        section = article[heading.end() : following.start() if following else len(article)]
        text = " ".join(html.unescape(TAGS.sub(" ", section)).split())
        if len(text) > SECTION_TEXT:
            text = text[: text.rfind(" ", 0, SECTION_TEXT)] + " …"
        parts.append(heading.group(0) + (f"\n<p>{html.escape(text)}</p>\n" if text else "\n"))
    return "".join(parts)


def index_general(
    pages: dict[str, Path],
    handwritten: Path,
    copies: Path,
    indexes: Path,
    provinces: list[str],
    every: bool = False,
    language: Language = INDONESIAN,
) -> bool:
    """Index the general pages among `pages` (path in the folder of `language` -> file) into `indexes/umum/`,
    beside the list of the site's `provinces`; return whether Pagefind ran. The pages under `handwritten` (the
    generator's) are read whole, the others by their sections' openings. `copies` keeps what Pagefind read: the
    index is made again only when a copy changed (or with `every`)."""
    wanted: dict[str, str] = {}
    for name, path in pages.items():
        if general_page(name):
            copy = general_copy(name, path.read_text(encoding="utf-8"), path.is_relative_to(handwritten), language)
            if copy is not None:
                wanted[name] = copy
    changed = False
    for name, copy in wanted.items():
        changed |= write_bytes_if_changed(copies / name, copy.encode("utf-8"))
    for name, path in files_under(copies).items():
        if name not in wanted:
            path.unlink()
            changed = True
    ran = every or changed or not _indexed(indexes, GENERAL)
    if ran:
        _index_province(copies, indexes, GENERAL)
    listed = json.dumps({"provinsi": provinces, "satu": len(provinces) == 1}, separators=(",", ":"))
    write_bytes_if_changed(indexes / GENERAL / PROVINCES_FILE, listed.encode("utf-8"))
    return ran


def general_files(indexes: Path, inodes: dict[str, int] | None = None) -> dict[str, Path]:
    """The files of the general index by their path in the site's search folder (`umum/...`)."""
    return _index_files(indexes / GENERAL, GENERAL, inodes)
