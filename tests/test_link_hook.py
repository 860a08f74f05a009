"""The MkDocs hook that links the docs folder's static files into the site instead of copying them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from labkem.publish import LINK_HOOK
from labkem.render import write_bytes_if_changed


def _build(tmp_path: Path) -> Path:
    docs, site = tmp_path / "docs", tmp_path / "site"
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: uji\nhooks:\n  - {LINK_HOOK}\n", encoding="utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)]
    result = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stderr
    assert docs.is_dir()
    return site


def test_static_files_are_linked_and_a_rewrite_leaves_the_site_alone(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "data").mkdir(parents=True)
    (docs / "index.md").write_text("# Beranda\n\n[Data](data/desa.csv)\n", encoding="utf-8")
    (docs / "data" / "desa.csv").write_text("kode,nilai\n33.26.01.2001,5\n", encoding="utf-8")
    site = _build(tmp_path)
    published = site / "data" / "desa.csv"
    assert published.stat().st_ino == (docs / "data" / "desa.csv").stat().st_ino
    # the theme's own files are copied, never linked to the installed package
    theme_files = [path for path in site.rglob("*.css") if path.is_file()]
    assert theme_files and all(path.stat().st_nlink == 1 for path in theme_files)
    # pages are rendered, not linked
    assert (site / "index.html").stat().st_nlink == 1

    # the next build's data replace the docs file; the published one keeps its bytes until the site is swapped
    assert write_bytes_if_changed(docs / "data" / "desa.csv", b"kode,nilai\n33.26.01.2001,7\n")
    assert published.read_text(encoding="utf-8") == "kode,nilai\n33.26.01.2001,5\n"
    rebuilt = _build(tmp_path)
    assert (rebuilt / "data" / "desa.csv").read_text(encoding="utf-8").endswith(",7\n")
