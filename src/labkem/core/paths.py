"""Where things live. Imports nothing from the package so every module can use it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PACKAGE_DIR / "render" / "templates"  # the HTML templates of the data pages
CHART_TEMPLATES_DIR = PACKAGE_DIR / "transform" / "grafik"  # the charts' Vega-Lite templates (JSON)

# The repository root, when labkem runs from a checkout (the usual case: `make site`).
# Commands take the working directory as the project root so an installed labkem
# works on any regency's fork of the repository.
PROJECT_DIR = Path.cwd()
DATA_DIR = PROJECT_DIR / "datapackages"
BUILD_DIR = PROJECT_DIR / "build"


@dataclass(frozen=True)
class BuildLayout:
    """The build folder around a site: what `labkem build` writes beside the site, and every cache, named once.

    Everything under `cache` can be removed at any time: the next build makes it again, only slower. The caches
    (ARCHITECTURE.md lists what each holds and what its entries are keyed on):
    `validation_memo`, `packages`, `package_records`, `map_drawings`, `workbooks`, `chart_images`, `publish_stores`,
    `search_copies`, `general_copies`, and loose files in `cache` itself (the guide's PDF, the Vega bundle, the
    gazetteer's tarball).
    """

    site: Path  # the published site; its parent is the build folder

    @property
    def root(self) -> Path:
        """The build folder (`build/` by default)."""
        return self.site.parent

    @property
    def render(self) -> Path:
        """The render stage's folder: hand-written pages and shells, data page bundles, published files."""
        return self.root / "render"

    @property
    def config(self) -> Path:
        """The site generator's configuration for this build, written from the project's `mkdocs.yml`."""
        return self.root / "mkdocs.yml"

    @property
    def validation_report(self) -> Path:
        """The validation report as HTML, written even when the data fails (CI publishes it)."""
        return self.root / "validasi.html"

    @property
    def cache(self) -> Path:
        """Records that let a build skip work whose inputs did not change."""
        return self.root / "cache"

    @property
    def validation_memo(self) -> Path:
        """Packages that passed, by the digest of their files, the reference packages and labkem's code."""
        return self.cache / "validasi.json"

    @property
    def packages(self) -> Path:
        """Normalised copies of packages whose CSV needed cleaning (a semicolon file, a BOM), as validated."""
        return self.cache / "paket"

    @property
    def package_records(self) -> Path:
        """The render stage's record of each package: its key, the files it wrote, what site pages need of it."""
        return self.cache / "paket-situs"

    @property
    def workbooks(self) -> Path:
        """XLSX downloads by the digest of their table, schema, notes and code."""
        return self.cache / "xlsx"

    @property
    def map_drawings(self) -> Path:
        """Each regency's boundaries projected for its maps, by the bytes of its boundary file and its villages."""
        return self.cache / "peta"

    @property
    def chart_images(self) -> Path:
        """SVG and PNG of each chart by the digest of its spec (`--chart-images`)."""
        return self.cache / "grafik"

    @property
    def publish_stores(self) -> Path:
        """The publish stage's stores: the generator's output, placed pages, search indexes, rewritten files."""
        return self.cache / "terbit"

    @property
    def search_copies(self) -> Path:
        """The place pages' searchable parts, what Pagefind last read."""
        return self.cache / "cari"

    @property
    def general_copies(self) -> Path:
        """The other pages' searchable parts, what Pagefind last read for the general index."""
        return self.cache / "cari-umum"


DEFAULT_LAYOUT = BuildLayout(BUILD_DIR / "site")


# The render stage's folder holds three trees: what the site generator builds (the hand-written pages, their
# assets, the shells), the data pages and the files published as they are (downloads, API, chart data, scripts).
# Data pages come in bundles, one per package (`halaman/paket/NAME.jsonl`) and one for the site-wide pages
# (`halaman/situs.jsonl`): a line listing the bundle's page paths, then a `Page` per line. A province has ten
# thousand pages; written, listed and read back as files of their own they cost more than they hold.
DOCS = "mkdocs"
PAGES = "halaman"
FILES = "berkas"
SITE_BUNDLE = f"{PAGES}/situs.jsonl"


def docs_of(code: str) -> str:
    """The site generator's docs folder in the render folder for the language `code`: the Indonesian site is built
    from `mkdocs/`, the English (`en/` in the site) from `mkdocs-en/`, each by a run of its own."""
    return DOCS if code == "id" else f"{DOCS}-{code}"


CACHE_DIR = DEFAULT_LAYOUT.cache  # for commands without a site folder: `labkem release`, `labkem new-region`
