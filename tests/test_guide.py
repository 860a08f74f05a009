"""The replication guide: its chapters, the worked example run as written, and the PDF printed by Chromium."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from pypdf import PdfReader

from labkem.data.site_settings import SiteSettings
from labkem.downloads.guide_pdf import (
    Chapter,
    _chapter_html,
    chapters,
    find_chromium,
    guide_html,
    guide_pdf,
    page_count,
)

from conftest import PROJECT_DIR, fresh_clone

CONFIG = yaml.safe_load((PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8"))
GUIDE = PROJECT_DIR / "docs" / "panduan"
EXAMPLE = GUIDE / "contoh.md"
# The topics the guide must cover, one chapter each (issue: the replication guide).
REQUIRED_CHAPTERS = {
    "panduan/mengapa.md",
    "panduan/peran.md",
    "panduan/memilih-desa.md",
    "panduan/kajian.md",
    "panduan/perencanaan.md",
    "panduan/pemantauan.md",
    "panduan/perlindungan-data.md",
    "panduan/menerbitkan.md",
    "panduan/situs.md",
    "panduan/contoh.md",
}
needs_chromium = pytest.mark.skipif(find_chromium() is None, reason="Chromium is not installed")


def shell_blocks(path: Path) -> list[str]:
    """The ```sh blocks of a page, in order: what a reader is told to run."""
    return re.findall(r"^```sh\n(.*?)^```", path.read_text(encoding="utf-8"), re.S | re.M)


def test_every_topic_is_a_chapter_in_the_pdf_in_nav_order() -> None:
    found = [c.path for c in chapters(CONFIG, PROJECT_DIR / "docs")]
    assert set(found) >= REQUIRED_CHAPTERS
    assert found[0] == "panduan/index.md" and found[-1] == "panduan/contoh.md"
    assert "panduan/unduhan.md" not in found  # generated at build time, not a chapter


@pytest.mark.parametrize("name", sorted(REQUIRED_CHAPTERS - {"panduan/situs.md"}))
def test_each_chapter_has_a_checklist_or_runnable_steps_and_its_sources(name: str) -> None:
    text = (PROJECT_DIR / "docs" / name).read_text(encoding="utf-8")
    assert "- [ ] " in text, f"{name}: no checklist"
    if name not in {"panduan/contoh.md", "panduan/menerbitkan.md"}:
        assert re.search(r"^## Sumber", text, re.M), f"{name}: no list of sources"
        assert re.search(r"\]\(https?://|<https?://", text), f"{name}: no linked source"


def test_chapter_links_point_inside_the_pdf_and_site_links_need_the_address() -> None:
    anchors = {"panduan/peran.md": "bab2-", "panduan/kajian.md": "bab4-"}
    chapter = Chapter("Peran", "panduan/peran.md")
    body = (
        '<h2 id="tkpk">TKPK</h2><p><a href="kajian.md#musdes">Musdes</a>, <a href="#tkpk">atas</a>, '
        '<a href="../tentang.md">Tentang</a>, <a href="https://bps.go.id/">BPS</a></p>'
    )
    offline = _chapter_html(2, chapter, body, anchors, None)
    assert 'id="bab2-tkpk"' in offline
    assert '<a href="#bab4-musdes">Musdes</a>' in offline
    assert '<a href="#bab2-tkpk">atas</a>' in offline
    assert "<span>Tentang</span>" in offline  # no address: text, not a dead link
    assert '<a href="https://bps.go.id/">BPS</a>' in offline
    online = _chapter_html(2, chapter, body, anchors, "https://contoh.github.io/lab/")
    assert '<a href="https://contoh.github.io/lab/tentang/">Tentang</a>' in online


def test_guide_html_has_a_contents_entry_for_every_chapter() -> None:
    document = guide_html(CONFIG, PROJECT_DIR / "docs", SiteSettings(nama="Lab Uji"), "2026-01-01")
    soup = BeautifulSoup(document, "html.parser")
    titles = [c.title for c in chapters(CONFIG, PROJECT_DIR / "docs")]
    contents = [a.get_text() for a in soup.select("nav.daftar-isi > ol > li > a")]
    assert contents == [f"{i}. {t}" for i, t in enumerate(titles, start=1)]
    for link in soup.select("a[href^='#']"):
        assert soup.find(id=link["href"][1:]) is not None, link
    assert "Lab Uji" in soup.select_one(".penerbit").get_text()
    # task lists survive as boxes to tick on paper; code blocks as code
    assert soup.select("li.task-list-item input[type=checkbox]")
    assert soup.select("pre code")


@pytest.mark.browser
@needs_chromium
def test_the_pdf_has_a_cover_contents_outline_and_every_chapter(tmp_path: Path) -> None:
    chromium = find_chromium()
    assert chromium is not None
    printed = guide_pdf(CONFIG, PROJECT_DIR / "docs", tmp_path, SiteSettings(), chromium)
    reader = PdfReader(printed.file)
    titles = [c.title for c in chapters(CONFIG, PROJECT_DIR / "docs")]
    assert printed.pages == len(reader.pages) == page_count(printed.file.read_bytes())
    assert len(reader.pages) >= len(titles) + 2  # cover, contents, a page break before every chapter
    assert reader.pages[0].extract_text().count("Panduan Replikasi") >= 1
    contents = "\n".join(page.extract_text() for page in reader.pages[1:4])  # the contents take 1-3 pages
    assert "Daftar isi" in contents
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    for number, title in enumerate(titles, start=1):
        assert f"{number}. {title}" in contents
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "labkem new-region 33.25" in text
    assert outline, "Chromium wrote no document outline"
    assert printed.bytes == printed.file.stat().st_size


@pytest.mark.browser
@needs_chromium
def test_the_same_guide_and_date_give_the_same_pdf_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chromium = find_chromium()
    assert chromium is not None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    first = guide_pdf(CONFIG, PROJECT_DIR / "docs", tmp_path / "a", SiteSettings(), chromium)
    second = guide_pdf(CONFIG, PROJECT_DIR / "docs", tmp_path / "b", SiteSettings(), chromium)
    assert first.file.read_bytes() == second.file.read_bytes()
    assert b"(D:20260101000000+00'00')" in first.file.read_bytes()


@needs_chromium
def test_the_built_site_links_the_pdf_and_the_starter_kit_with_their_sizes(built_site: Path) -> None:
    page = BeautifulSoup((built_site / "panduan" / "unduhan" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {
        a["href"]: a.find_parent("tr").get_text(" ") for a in page.select("article a[href$='.pdf'], a[href$='.zip']")
    }
    pdf_row = links["../../unduh/panduan-replikasi.pdf"]
    pdf = built_site / "unduh" / "panduan-replikasi.pdf"
    assert f"{len(PdfReader(pdf).pages)} halaman" in pdf_row
    assert f"{round(pdf.stat().st_size / 1000)} KB" in pdf_row
    assert "../../unduh/kit-awal-labkem.zip" in links
    guide_home = (built_site / "panduan" / "index.html").read_text(encoding="utf-8")
    assert 'href="unduhan/"' in guide_home


@pytest.mark.slow
def test_without_chromium_auto_skips_the_pdf_and_on_refuses(data_dir: Path, tmp_path: Path) -> None:
    env = dict(os.environ, PATH="/nonexistent", LABKEM_CHROMIUM="")
    site = tmp_path / "build" / "site"
    refused = subprocess.run(
        [sys.executable, "-m", "labkem", "build", "--data", str(data_dir), "--out", str(site), "--pdf", "on"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert refused.returncode == 3 and "Chromium tidak ditemukan" in refused.stderr  # 3: the machine, not the data
    assert not site.exists()
    built = subprocess.run(
        [sys.executable, "-m", "labkem", "build", "--data", str(data_dir), "--out", str(site)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert "panduan PDF dilewati" in built.stderr
    assert not (site / "unduh" / "panduan-replikasi.pdf").exists()
    assert "PDF belum dibuat" in (site / "panduan" / "unduhan" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_worked_example_runs_exactly_as_written(tmp_path: Path) -> None:
    blocks = shell_blocks(EXAMPLE)
    script = "\n".join(blocks)
    for step in (
        "labkem new-region 33.25",
        "make_households.py",
        "labkem aggregate",
        "labkem validate",
        "labkem build",
    ):
        assert step in script
    clone, env = fresh_clone(tmp_path)
    result = subprocess.run(
        ["bash", "-ex", "-c", script], cwd=clone, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    site = clone / "build" / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Lab Kemiskinan Kabupaten Batang" in home
    assert not (site / "kabupaten" / "33.26").exists()  # the sample regencies are gone
    regency = (site / "kabupaten" / "33.25" / "index.html").read_text(encoding="utf-8")
    assert "sintetis" in regency  # practice data is marked as such
    villages = sorted((site / "desa").glob("33.25.*/index.html"))
    assert len(villages) > 200
    # no household row, name or NIK-like number of the practice file reached any published page or table
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".csv", ".js", ".xml", ".txt"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert not re.search(r"Warga Contoh \d{4}|\b99\d{14}\b", text), path
