"""Search over the place pages with Pagefind: an index split into small fragments that a phone fetches on demand.

MkDocs' own search (one JSON file with every page) stays for the hand-written pages; village, district and regency
pages are left out of it (`search: exclude`) because at province scale that file alone would run to megabytes.
Instead the place pages mark their heading and breadcrumbs with `data-pagefind-body`, and Pagefind, run over the
built site, writes `pagefind/`: a search for one name downloads the loader, the WebAssembly matcher, one index chunk
and the few result fragments shown, whatever the number of villages.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .errors import SiteBuildFailed

SEARCH_DIR = "pagefind"
# Only the place pages carry data-pagefind-body; the glob keeps Pagefind from parsing every other page.
PLACE_PAGES = "{desa,kecamatan,kabupaten}/**/*.html"


@dataclass(frozen=True)
class SearchIndex:
    """What Pagefind wrote: the number of files and the size of the largest."""

    files: int
    largest_bytes: int
    total_bytes: int


def index_site(site: Path) -> SearchIndex:
    """Index the place pages of the built site in `site` into `site/pagefind/`; a site without village pages yet
    (a regency whose observations are still empty) gets no index, and the finder says search is unavailable."""
    if not any((site / "desa").glob("*/index.html")):
        return SearchIndex(0, 0, 0)
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-subdir",
        SEARCH_DIR,
        "--glob",
        PLACE_PAGES,
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
    sizes = [path.stat().st_size for path in (site / SEARCH_DIR).rglob("*") if path.is_file()]
    return SearchIndex(len(sizes), max(sizes, default=0), sum(sizes))
