"""Incremental publishing on a small MkDocs site: what is rendered again, what is taken over, and when the build
falls back to rendering everything. The byte-for-byte comparison at scale is in test_scale.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from labkem.errors import SiteBuildFailed
from labkem.incremental import output_path
from labkem.publish import build_site_dir, update_in_place
from labkem.search import index_site

from conftest import tree_digest

PLACE = "---\nsearch:\n  exclude: true\n---\n"


def small_site(root: Path, theme: str = "material") -> Path:
    """A site with two always-rendered pages and three place pages, one linking to another's anchor."""
    docs = root / "docs"
    (docs / "desa").mkdir(parents=True)
    (docs / "index.md").write_text("# Beranda\n\n[Tentang](tentang.md)\n", encoding="utf-8")
    (docs / "tentang.md").write_text("# Tentang\n\n## Privasi\n\nAngka kecil disamarkan.\n", encoding="utf-8")
    (docs / "desa" / "a.md").write_text(PLACE + "# Desa A\n\n[privasi](../tentang.md#privasi)\n", encoding="utf-8")
    (docs / "desa" / "b.md").write_text(PLACE + "# Desa B\n\n[ringkasan C](c.md#ringkasan)\n", encoding="utf-8")
    (docs / "desa" / "c.md").write_text(PLACE + "# Desa C\n\n## Ringkasan\n\n12 rumah tangga\n", encoding="utf-8")
    (docs / "desa" / "a.csv").write_text("nilai\n12\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    settings = {
        "site_name": "Uji",
        "site_url": "https://contoh.test/",
        "docs_dir": "docs",
        "theme": {"name": theme},
        "plugins": ["search"],
        "nav": [{"Beranda": "index.md"}, {"Tentang": "tentang.md"}],
        "validation": {"anchors": "warn", "omitted_files": "info"},
    }
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    return config


def build(config: Path, site: Path, full: bool = False) -> list[str]:
    lines: list[str] = []
    build_site_dir(config, site, lines.append, 1, site.parent / "keadaan", full)
    return [line for line in lines if "halaman" in line or "penuh" in line]


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    config = small_site(tmp_path)
    site = tmp_path / "build" / "site"
    assert build(config, site) == ["publish: build penuh (belum ada build sebelumnya yang tercatat)"]
    return config, site


def test_a_build_without_changes_renders_only_the_always_rendered_pages(built: tuple[Path, Path]) -> None:
    config, site = built
    before = tree_digest(site)
    assert build(config, site) == [
        "publish: 2 halaman dibangun ulang; 3 halaman dan 1 berkas lain diambil dari situs sebelumnya"
    ]
    assert tree_digest(site) == before


def test_a_changed_page_and_the_pages_linking_to_its_anchors_are_rendered_again(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    config, site = built
    page = config.parent / "docs" / "desa" / "c.md"
    page.write_text(page.read_text(encoding="utf-8").replace("12 rumah", "19 rumah"), encoding="utf-8")
    # c.md and b.md (which links to c.md#ringkasan) with the two always-rendered pages; a.md is taken over
    assert build(config, site) == [
        "publish: 4 halaman dibangun ulang; 1 halaman dan 1 berkas lain diambil dari situs sebelumnya"
    ]
    assert "19 rumah" in (site / "desa" / "c" / "index.html").read_text(encoding="utf-8")
    full = tmp_path / "penuh" / "site"
    build(config, full, full=True)
    assert tree_digest(site) == tree_digest(full)


def test_a_removed_anchor_fails_as_a_full_build_would_and_the_next_build_is_full(built: tuple[Path, Path]) -> None:
    config, site = built
    before = tree_digest(site)
    page = config.parent / "docs" / "desa" / "c.md"
    page.write_text(page.read_text(encoding="utf-8").replace("## Ringkasan", "## Rangkuman"), encoding="utf-8")
    with pytest.raises(SiteBuildFailed) as failure:
        build(config, site)
    assert "ringkasan" in failure.value.message
    assert tree_digest(site) == before
    page.write_text(page.read_text(encoding="utf-8").replace("## Rangkuman", "## Ringkasan"), encoding="utf-8")
    assert build(config, site)[0].startswith("publish: build penuh (belum ada build sebelumnya")


def test_shared_inputs_make_the_build_full(built: tuple[Path, Path]) -> None:
    config, site = built
    about = config.parent / "docs" / "tentang.md"
    # an always-rendered page's text may change freely; its headings are what other pages link to
    about.write_text(about.read_text(encoding="utf-8") + "\nSatu kalimat lagi.\n", encoding="utf-8")
    assert build(config, site)[0].startswith("publish: 2 halaman dibangun ulang")
    about.write_text(about.read_text(encoding="utf-8").replace("## Privasi", "## Privasi data"), encoding="utf-8")
    reason = "publish: build penuh (konfigurasi, tema, kode, tanggal build atau daftar berkas berubah)"
    with pytest.raises(SiteBuildFailed):  # a.md's link to #privasi is checked again, and now broken
        build(config, site)
    about.write_text(about.read_text(encoding="utf-8").replace("## Privasi data", "## Privasi"), encoding="utf-8")
    build(config, site)
    (config.parent / "docs" / "desa" / "d.md").write_text(PLACE + "# Desa D\n", encoding="utf-8")
    assert build(config, site) == [reason]
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: Uji", "site_name: Uji 2"), "utf-8")
    assert build(config, site) == [reason]
    assert build(config, site, full=True) == ["publish: build penuh (diminta build penuh)"]


def test_with_mkdocs_own_search_every_page_is_rendered(tmp_path: Path) -> None:
    """MkDocs' own search plugin indexes pages marked `search: exclude` too, so none can be taken over."""
    config = small_site(tmp_path, theme="mkdocs")
    site = tmp_path / "build" / "site"
    build(config, site)
    assert build(config, site) == [
        "publish: 5 halaman dibangun ulang; 0 halaman dan 1 berkas lain diambil dari situs sebelumnya"
    ]


def test_a_site_put_back_by_hand_is_not_trusted(built: tuple[Path, Path]) -> None:
    config, site = built
    copy = site.with_name("salinan")
    shutil.copytree(site, copy)
    shutil.rmtree(site)
    copy.rename(site)
    assert build(config, site) == ["publish: build penuh (situs yang ada bukan hasil build yang tercatat)"]


def place_site(root: Path, name: str, households: int) -> Path:
    """A built site of one village page whose heading is marked for search, as the theme's place pages are."""
    page = root / "desa" / "33.26.01.2001" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        f'<html lang="id"><body><h1 data-pagefind-body>{name}</h1><p>{households} rumah tangga</p></body></html>',
        encoding="utf-8",
    )
    return root


def test_the_search_index_is_left_as_it_is_while_what_search_reads_is_unchanged(tmp_path: Path) -> None:
    copies, fresh = tmp_path / "cari", ["desa/33.26.01.2001/index.html"]
    live = place_site(tmp_path / "situs", "Desa Botosari", 120)
    made = index_site(live, copies)
    before = tree_digest(live / "pagefind")
    # the numbers changed, the name did not: the copies Pagefind reads are the same, so is its index
    changes = place_site(tmp_path / "1", "Desa Botosari", 121)
    assert index_site(changes, copies, fresh, previous=live) == made
    assert not (changes / "pagefind").exists()
    # a new name is searched for: Pagefind runs again, and writes what it writes from scratch
    changes = place_site(tmp_path / "2", "Desa Botosari Baru", 121)
    index_site(changes, copies, fresh, previous=live)
    scratch = place_site(tmp_path / "3", "Desa Botosari Baru", 121)
    index_site(scratch)
    assert tree_digest(changes / "pagefind") == tree_digest(scratch / "pagefind") != before
    assert tree_digest(live / "pagefind") == before


def test_an_incremental_update_moves_only_the_changes_into_the_site(tmp_path: Path) -> None:
    live = place_site(tmp_path / "situs", "Desa Botosari", 120)
    (live / "tentang").mkdir()
    (live / "tentang" / "index.html").write_text("lama", encoding="utf-8")
    (live / "pagefind").mkdir()
    (live / "pagefind" / "pagefind.lama.pf_meta").write_text("lama", encoding="utf-8")
    page = live / "desa" / "33.26.01.2001" / "index.html"
    kept = page.stat().st_ino
    changes = tmp_path / "perubahan"
    (changes / "tentang").mkdir(parents=True)
    (changes / "tentang" / "index.html").write_text("baru", encoding="utf-8")
    (changes / "kabupaten" / "33.26").mkdir(parents=True)
    (changes / "kabupaten" / "33.26" / "index.html").write_text("baru", encoding="utf-8")
    (changes / "pagefind").mkdir()
    (changes / "pagefind" / "pagefind.baru.pf_meta").write_text("baru", encoding="utf-8")
    assert update_in_place(changes, live) == 3
    assert not changes.exists()
    assert (live / "tentang" / "index.html").read_text(encoding="utf-8") == "baru"
    assert (live / "kabupaten" / "33.26" / "index.html").read_text(encoding="utf-8") == "baru"
    # the search index is replaced as a whole: the old index's files do not linger beside the new ones
    assert sorted(path.name for path in (live / "pagefind").iterdir()) == ["pagefind.baru.pf_meta"]
    assert page.stat().st_ino == kept


def test_output_paths_are_those_mkdocs_writes() -> None:
    from mkdocs.structure.files import File

    names = ["index.md", "README.md", "tentang.md", "desa/33.26.01.2001.md", "panduan/index.md", "panduan/README.md"]
    names += ["data/kab/observasi.csv", "assets/logo.svg", "catatan.markdown", "a.b/c.md"]
    for directory_urls in (True, False):
        for name in names:
            assert output_path(name, directory_urls) == File(name, "", "", directory_urls).dest_uri, name
