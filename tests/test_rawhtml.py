"""The generated-HTML Markdown extension: it changes how fast a page converts, never what the page says."""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from labkem.publish import RAW_HTML_EXTENSION, read_config
from labkem.rawhtml import GeneratedHtml, anchor_ids

from conftest import PROJECT_DIR


def _converter(with_extension: bool) -> markdown.Markdown:
    config = read_config(PROJECT_DIR / "mkdocs.yml")
    names: list[str] = []
    options: dict[str, dict[str, object]] = {}
    for entry in config["markdown_extensions"]:
        name, settings = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        names.append(name)
        options[name] = settings or {}
    if with_extension:
        names.append(RAW_HTML_EXTENSION)
    return markdown.Markdown(extensions=names, extension_configs=options)


class _Events(HTMLParser):
    """The document as tags (attributes sorted) and non-blank text: what a browser builds, without layout
    whitespace between tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events.append(("start", tag, *sorted(f"{key}={value}" for key, value in attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.events.append(("text", " ".join(data.split())))


def _events(html: str) -> list[tuple[str, ...]]:
    parser = _Events()
    parser.feed(html)
    parser.close()
    return parser.events


def test_sample_pages_convert_to_the_same_document(sample_site: Path) -> None:
    """Every generated page of the embedded sample but most villages (every tenth is kept) gives the same
    tags, attributes and text with and without the extension, and the extension did take the tables."""
    docs = sample_site.parent / "docs"
    pages = sorted(docs.rglob("*.md"))
    villages = [page for page in pages if page.parent.name == "desa"]
    chosen = [page for page in pages if page.parent.name != "desa"] + villages[::10]
    assert len(villages) >= 1_000 and len(chosen) > 150
    plain, fast = _converter(False), _converter(True)
    verbatim = 0
    for page in chosen:
        text = page.read_text(encoding="utf-8")
        expected = plain.reset().convert(text)
        got = fast.reset().convert(text)
        assert _events(got) == _events(expected), page.relative_to(docs)
        verbatim += got.count('<thead><tr><th scope="col">')
    # a village page has three such tables; without the extension the one inside a `markdown` block is
    # re-serialised by Python-Markdown (a line per cell) and only two come out as written
    assert verbatim >= len(villages[::10]) * 3


def _run(text: str) -> tuple[list[str], list[str]]:
    """The lines left once the preprocessors up to this one have run (code fences come first), and the blocks
    this one stashed."""
    md = _converter(True)
    md.reset()
    lines = text.split("\n")
    for preprocessor in md.preprocessors:  # highest priority first
        stashed_before = md.htmlStash.html_counter
        lines = preprocessor.run(lines)
        if isinstance(preprocessor, GeneratedHtml):
            return lines, [str(block) for block in md.htmlStash.rawHtmlBlocks[stashed_before:]]
    raise AssertionError("the extension is not registered")


TABLE = '<div class="labkem-table-wrap">\n<table>\n<tr><td>1</td></tr>\n</table>\n</div>'


def test_a_generated_block_is_stashed_whole() -> None:
    lines, stashed = _run(f"# Judul\n\n{TABLE}\n\nTeks.")
    assert stashed == [TABLE]
    at = next(index for index, line in enumerate(lines) if "wzxhzdk" in line)
    assert lines[at - 1 : at + 2 : 2] == ["", ""], "the placeholder stands as a block of its own"
    assert [line for line in lines if line.strip()] == ["# Judul", lines[at], "Teks."]


@pytest.mark.parametrize(
    "text",
    [
        # hand-written HTML: no labkem class
        '<div class="catatan">\n<p>isi</p>\n</div>',
        # Markdown inside the block is for md_in_html to read
        '<div class="labkem-noprint" markdown>\n\n## Judul\n\n</div>',
        # the element does not close before the blank line: the block goes on past it
        '<div class="labkem-table-wrap">\n<table>\n\n<tr><td>1</td></tr>\n</table>\n</div>',
        # two elements side by side, the first closed before the end
        '<p class="labkem-crumbs">a</p>\n<p>b</p>',
        # not at the start of a block
        f"Teks di atas.\n{TABLE}",
        # shown as an example inside a code fence
        f"```html\n\n{TABLE}\n\n```",
        # indented: part of an admonition or a list
        "!!! note\n    " + TABLE.replace("\n", "\n    "),
    ],
)
def test_anything_else_keeps_the_normal_path(text: str) -> None:
    lines, stashed = _run(text)
    assert stashed == [] and "wzxhzdk" not in "\n".join(line for line in lines if 'class="labkem-' in line)


def test_the_ids_of_a_stashed_block_are_read_as_mkdocs_reads_them() -> None:
    figure = (
        '<figure class="labkem-figure">\n<div class="labkem-chart" data-spec="c" aria-label="x"></div>\n'
        '<script type="application/json" id="c">{}</script>\n<table id="t"><tr><td><a name="baris">1</a>'
        '<span name="bukan">2</span></td></tr></table>\n</figure>'
    )
    _, stashed = _run(figure)
    assert stashed == [figure]
    assert anchor_ids(figure) == {"c", "t", "baris"}


def test_links_to_ids_in_stashed_blocks_are_checked_by_mkdocs(tmp_path: Path) -> None:
    """A strict MkDocs build with the extension accepts a link to an id inside a stashed table and still fails
    on a link to an id nowhere on the page."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Beranda\n\n[Tabel](tabel.md#daftar)\n", encoding="utf-8")
    (docs / "tabel.md").write_text(
        '# Tabel\n\n<div class="labkem-table-wrap">\n<table id="daftar">\n<tr><td>1</td></tr>\n</table>\n</div>\n',
        encoding="utf-8",
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_name: uji\nvalidation:\n  anchors: warn\nmarkdown_extensions:\n  - md_in_html\n"
        f"  - {RAW_HTML_EXTENSION}\n",
        encoding="utf-8",
    )

    def build() -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(tmp_path / "site")]
        return subprocess.run(command, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))

    result = build()
    assert result.returncode == 0, result.stderr
    assert '<table id="daftar">' in (tmp_path / "site" / "tabel" / "index.html").read_text(encoding="utf-8")
    (docs / "index.md").write_text("# Beranda\n\n[Tabel](tabel.md#tidak-ada)\n", encoding="utf-8")
    result = build()
    assert result.returncode != 0 and "tidak-ada" in result.stderr
