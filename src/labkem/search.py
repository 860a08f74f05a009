"""Search over the place pages with Pagefind: an index split into small fragments that a phone fetches on demand.

MkDocs' own search (one JSON file with every page) stays for the hand-written pages; village, district and regency
pages, and each regency's agency and indicator pages, are left out of it (`search: exclude`) because at province
scale that file alone would run to megabytes.
Instead the place pages mark their heading and breadcrumbs with `data-pagefind-body`, and Pagefind, run over the
built site, writes `pagefind/`: a search for one name downloads the loader, the WebAssembly matcher, one index chunk
and the few result fragments shown, whatever the number of villages.

Pagefind is not given the pages themselves (40 KB each, almost all of it charts and tables it would parse and
drop) but small copies holding only their `<html>` tag and marked elements. The copies are kept between builds,
so after an incremental build only the pages rendered again are copied. A marked element is cut out up to its
first closing tag of the same name, so it must not hold an element of its own kind (the heading and the
breadcrumb paragraph do not).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import SiteBuildFailed

SEARCH_DIR = "pagefind"
# Only the place pages carry data-pagefind-body
PLACE_FOLDERS = ("desa", "kecamatan", "kabupaten")
HTML_TAG = re.compile(r"<html\b[^>]*>")
MARKED = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*\bdata-pagefind-body\b[^>]*>.*?</\1>", re.S)


@dataclass(frozen=True)
class SearchIndex:
    """What Pagefind wrote: the number of files and the size of the largest."""

    files: int
    largest_bytes: int
    total_bytes: int


def _place_page(name: str) -> bool:
    return name.endswith(".html") and name.split("/", 1)[0] in PLACE_FOLDERS and "/" in name


def _write_marked(site: Path, name: str, source: Path) -> bool:
    """Copy the marked parts of page `name` into `source`; a page with none marked has no copy. Return whether the
    copy changed."""
    text = (site / name).read_text(encoding="utf-8")
    marked = "".join(match.group(0) for match in MARKED.finditer(text))
    target = source / name
    if not marked:
        existed = target.exists()
        target.unlink(missing_ok=True)
        return existed
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


def index_site(
    site: Path, source: Path | None = None, fresh: Iterable[str] | None = None, previous: Path | None = None
) -> SearchIndex:
    """Index the place pages of the built site in `site` into `site/pagefind/`; a site without village pages yet
    (a regency whose observations are still empty) gets no index, and the finder says search is unavailable.

    `source` keeps the pages' marked parts between builds; with `fresh` (the pages rendered by this build, as
    paths in `site`, which then holds only what changed), only those are copied again and the other copies in
    `source` are taken as current. When none of those copies changed (a village's numbers changed, not its
    name), the index of `previous`, the site being updated, is already Pagefind's output for them: nothing is
    written, and that index is described."""
    if fresh is None and not any((site / "desa").glob("*/index.html")):
        return SearchIndex(0, 0, 0)
    if source is None:
        with tempfile.TemporaryDirectory(prefix="labkem-cari-") as temporary:
            return index_site(site, Path(temporary))
    if fresh is None:
        shutil.rmtree(source, ignore_errors=True)
        pages: Iterable[str] = (
            path.relative_to(site).as_posix() for folder in PLACE_FOLDERS for path in (site / folder).rglob("*.html")
        )
    else:
        pages = fresh
    changed = False
    for name in pages:
        if _place_page(name):
            changed = _write_marked(site, name, source) or changed
    if fresh is not None and not changed and previous is not None and (previous / SEARCH_DIR).is_dir():
        return _described(previous / SEARCH_DIR)
    index = site / SEARCH_DIR
    if not any(source.rglob("*.html")):
        return SearchIndex(0, 0, 0)  # nothing marked for search
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(source),
        "--output-path",
        str(index),
        # village codes such as 33.26.02.2008 stay one word, so a code or its prefix finds the village
        "--include-characters",
        ".",
        "--force-language",
        "id",
        "--silent",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise SiteBuildFailed(f"Pagefind gagal membuat indeks pencarian; situs lama tidak diubah.\n{detail}")
    return _described(index)


def _described(index: Path) -> SearchIndex:
    sizes = [path.stat().st_size for path in index.rglob("*") if path.is_file()]
    return SearchIndex(len(sizes), max(sizes, default=0), sum(sizes))
