"""Where things live. Imports nothing from the package so every module can use it."""

from __future__ import annotations

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
CACHE_DIR = BUILD_DIR / "cache"


def render_dir(site_dir: Path) -> Path:
    """Return the render stage's folder for a site folder: its sibling `render` (see `labkem.render.pages`)."""
    return site_dir.parent / "render"


# The render stage's folder holds three trees: what the site generator builds (the hand-written pages, their
# assets, the shells), the data pages and the files published as they are (downloads, API, chart data, scripts).
# Data pages come in bundles, one per package (`halaman/paket/NAME.jsonl`) and one for the site-wide pages
# (`halaman/situs.jsonl`): a line listing the bundle's page paths, then a `Page` per line. A province has ten
# thousand pages; written, listed and read back as files of their own they cost more than they hold.
DOCS = "mkdocs"
PAGES = "halaman"
FILES = "berkas"
SITE_BUNDLE = f"{PAGES}/situs.jsonl"
