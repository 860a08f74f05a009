"""Where things live. Imports nothing from the package so every module can use it."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"

# The repository root, when labkem runs from a checkout (the usual case: `make site`).
# Commands take the working directory as the project root so an installed labkem
# works on any regency's fork of the repository.
PROJECT_DIR = Path.cwd()
DATA_DIR = PROJECT_DIR / "datapackages"
BUILD_DIR = PROJECT_DIR / "build"
CACHE_DIR = BUILD_DIR / "cache"


def render_dir(site_dir: Path) -> Path:
    """Return the render stage's folder for a site folder: its sibling `render` (see `labkem.render`)."""
    return site_dir.parent / "render"
