"""Data pages placed in the theme's shell are the pages MkDocs + Material would render for the same content.

For one page of every kind on the fixture, the page labkem wrote is turned back into Markdown (front matter with
its title and description; each heading a Markdown heading with its id and attributes; the HTML between headings
as raw HTML blocks), MkDocs builds that Markdown at the same address with the project's configuration, and the two
pages' header, navigation, table of contents, footer and article are compared as parsed DOM, whitespace aside.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, NavigableString, Tag

from labkem.core.options import BuildOptions
from labkem.publish.search import GENERAL, SEARCH_DIR, SECTION_TEXT
from labkem.render.shells import HEADING_TAG, PLAIN_SHELL_NAME, SHELL_NAME, Page, Shell, own_shell, read_bundle

from conftest import PROJECT_DIR, fragments

# one page of every kind: the fixture's first village, district, regency, programme, indicator, release, and the
# pages with a shell of their own; the fixture has no accompanying agency, the sample's first is taken
KINDS = {
    "village": "desa/33.26.02.2001/index.html",
    "district": "kecamatan/33.26.02/index.html",
    "regency": "kabupaten/33.26/index.html",
    "programme": "program/{programme}/index.html",
    "agency": "opd/{agency}/index.html",
    "indicator": "indikator/33.26/rt_desil_1/index.html",
    "release": "rilis/{release}/index.html",
    "home": "index.html",
    "regency index": "kabupaten/index.html",
    "programme index": "program/index.html",
    "indicator index": "indikator/index.html",
    "data": "data/index.html",
    "releases": "rilis/index.html",
    "guide downloads": "panduan/unduhan/index.html",
}
REGIONS = {
    "title": "title",
    "description": 'meta[name="description"]',
    "header": "header.md-header",
    "navigation": "nav.md-nav--primary",
    "contents": "nav.md-nav--secondary",
    "article": "article.md-content__inner",
    "footer": "footer.md-footer",
    "skip link": "a.md-skip",
}
HEADING_LINE = re.compile(r'^<h([1-6])((?:\s[\w-]+="[^"]*")*)>(.*?)<a class="headerlink"[^>]*>&para;</a></h\1>$')


def markdown_of(page: Page) -> str:
    """The Markdown MkDocs would be given for `page`: its article with every heading as a Markdown heading, and every
    line of HTML a block of its own."""
    meta: dict[str, object] = {"title": page.title, "description": page.description}
    if page.hide:
        meta["hide"] = list(page.hide)
    out = ["---", yaml.safe_dump(meta, allow_unicode=True).strip(), "---", ""]
    for line in page.article.splitlines():
        match = HEADING_LINE.match(line)
        if match:
            level, attributes, text = match.groups()
            found = dict(re.findall(r'\s([\w-]+)="([^"]*)"', attributes))
            anchor = found.pop("id")
            extra = "".join(f' {name}="{value}"' for name, value in found.items())
            out += ["", f"{'#' * int(level)} {text} {{ #{anchor}{extra} }}", ""]
        elif line.startswith('<div class="labkem-noprint">'):
            # a block holding headings is Markdown to MkDocs (`md_in_html`)
            out += ["", line.replace(">", " markdown>", 1), ""]
        else:
            out += [line, ""]
    return "\n".join(out) + "\n"


def normalised(element: Tag | None) -> str:
    """An element as text whose whitespace between and inside tags does not count."""
    assert element is not None
    copy = BeautifulSoup(str(element), "html.parser")
    for text in list(copy.find_all(string=True)):
        if isinstance(text, NavigableString):
            squeezed = " ".join(text.split())
            if squeezed != text:
                text.replace_with(squeezed) if squeezed else text.extract()
    return " ".join(copy.decode(formatter="minimal").split()).replace("> <", "><")


def regions(path: Path) -> dict[str, str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return {name: normalised(soup.select_one(selector)) for name, selector in REGIONS.items()}


FROM_SAMPLE = {"agency"}


def site_of(kind: str, built_site: Path, sample_site: Path) -> Path:
    return sample_site if kind in FROM_SAMPLE else built_site


def pages_of(site: Path, kinds: dict[str, str]) -> dict[str, Page]:
    """The page of each kind (`kinds`: kind -> path, where "{...}" stands for the first name found there)."""
    found = {
        page.path: page
        for bundle in (site.parent / "render" / "halaman").rglob("*.jsonl")
        for page in read_bundle(bundle)
    }

    def first(pattern: str) -> str:
        prefix = pattern.split("{")[0]
        return min(name for name in found if name.startswith(prefix) and name.count("/") == pattern.count("/"))

    return {kind: found[first(pattern) if "{" in pattern else pattern] for kind, pattern in kinds.items()}


@pytest.fixture(scope="module")
def pages(built_site: Path, sample_site: Path) -> dict[str, Page]:
    found = pages_of(built_site, {kind: path for kind, path in KINDS.items() if kind not in FROM_SAMPLE})
    return found | pages_of(sample_site, {kind: path for kind, path in KINDS.items() if kind in FROM_SAMPLE})


@pytest.fixture(scope="module")
def references(
    built_site: Path, sample_site: Path, pages: dict[str, Page], tmp_path_factory: pytest.TempPathFactory
) -> dict[Path, Path]:
    """For each built site, MkDocs' own rendering of the same pages beside its hand-written site."""
    return {
        site: reference(
            site,
            [page for kind, page in pages.items() if site_of(kind, built_site, sample_site) == site],
            tmp_path_factory.mktemp("reference"),
        )
        for site in (built_site, sample_site)
    }


def reference(built_site: Path, pages: list[Page], root: Path) -> Path:
    """MkDocs' own rendering of `pages`, beside the hand-written site of `built_site` (for its navigation)."""
    docs = root / "docs"
    shutil.copytree(built_site.parent / "render" / "mkdocs", docs)
    for shell in [*docs.rglob(f"{SHELL_NAME}.md"), *docs.rglob(f"{PLAIN_SHELL_NAME}.md")]:
        shell.unlink()
    config = yaml.safe_load((built_site.parent / "mkdocs.yml").read_text(encoding="utf-8"))
    for page in pages:
        name = page.source or f"{page.url.rstrip('/')}.md"
        source = docs / name
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(markdown_of(page), encoding="utf-8")
        # a page is in both languages where its shell is: every folder shell, and the own shells in English too
        english = built_site.parent / "render" / "mkdocs-en"
        if "labkem_bahasa" in config.get("extra", {}) and (not page.source or (english / page.source).is_file()):
            config["extra"]["labkem_bahasa"]["pasangan"].append(name)
    config["docs_dir"] = str(docs)
    config["theme"]["custom_dir"] = str(PROJECT_DIR / "overrides")
    config["strict"] = False  # the other data pages the fixture's pages link to are not in this docs folder
    config_path = root / "mkdocs.yml"
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    site = root / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_path), "-d", str(site)]
    subprocess.run(command, check=True, capture_output=True)
    return site


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_page_in_its_shell_is_what_mkdocs_renders(
    kind: str, pages: dict[str, Page], built_site: Path, sample_site: Path, references: dict[Path, Path]
) -> None:
    page = pages[kind]
    site = site_of(kind, built_site, sample_site)
    ours, theirs = regions(site / page.path), regions(references[site] / page.path)
    for name in REGIONS:
        assert ours[name] == theirs[name], f"{kind} ({page.path}): {name} differs"


def test_every_heading_is_in_the_table_of_contents(pages: dict[str, Page], built_site: Path) -> None:
    page = pages["village"]
    soup = BeautifulSoup((built_site / page.path).read_text(encoding="utf-8"), "html.parser")
    listed = [a["href"] for a in soup.select("nav.md-nav--secondary a.md-nav__link")]
    assert listed == [f"#{h.id}" for h in page.contents] and len(listed) >= 5


def test_no_shell_is_left_in_the_site(built_site: Path) -> None:
    assert not [path for path in built_site.rglob("*") if "labkem-cangkang" in path.name]
    records = fragments(built_site / SEARCH_DIR / GENERAL)
    assert records and not [r["url"] for r in records if "labkemjudulcangkang" in r["content"] + r["meta"]["title"]]


def test_pages_with_a_shell_of_their_own_are_searchable(built_site: Path) -> None:
    records = {record["url"]: record for record in fragments(built_site / SEARCH_DIR / GENERAL)}
    assert {"/data/", "/kabupaten/", "/indikator/", "/program/"} <= records.keys()
    anchors = {anchor["id"] for anchor in records["/data/"]["anchors"]}
    assert "api-statis" in anchors  # a section is found by its heading (Pagefind's sub-results)
    assert "SHA256SUMS" in records["/data/"]["content"]


def test_a_theme_without_the_placeholders_fails_loudly() -> None:
    from labkem.core.errors import SiteBuildFailed

    with pytest.raises(SiteBuildFailed, match="tidak ditemukan"):
        Shell("desa/labkem-cangkang/", "<html><title>x</title><article></article></html>", own=False)


def test_text_put_into_a_shell_is_escaped() -> None:
    """Title, description and headings reach the theme's places only escaped, whatever they hold."""
    hostile = '<script>alert("x")</script>'
    article = (
        f'<h1 id="a">{html.escape(hostile)}<a class="headerlink" href="#a" title="Permanent link">&para;</a></h1>\n'
        f'<h2 id="b">{html.escape(hostile)}<a class="headerlink" href="#b" title="Permanent link">&para;</a></h2>\n'
    )
    page = Page("rilis/x/index.html", hostile, hostile, article, source="rilis/x/index.md")
    _, source = own_shell(page)
    assert hostile not in source
    text = (
        "<html><head><title>labkemjudulcangkang - Situs</title>"
        '<meta name="description" content="labkemdeskripsicangkang"></head><body>'
        '<a href="#labkem-cangkang-judul" class="md-skip">skip</a>'
        '<nav><ul><li><a href="#b">labkemjudulbagian0x</a></li></ul></nav>'
        '<article><h1 id="labkem-cangkang-judul">labkemjudulcangkang</h1>'
        '<h2 id="b">labkemjudulbagian0x</h2><p>labkemisicangkang</p></article></body></html>'
    )
    filled = Shell("", text, own=True).fill(page)
    assert hostile not in filled
    assert filled.count(html.escape(hostile)) == 5  # title, description, contents, and the article's two headings
    assert HEADING_TAG.findall(filled)


def test_a_folder_page_with_a_deeper_heading_is_refused() -> None:
    """A folder shell's table of contents repeats one entry; a third-level heading would be listed flat."""
    article = "".join(
        f'<h{level} id="{name}">{name}<a class="headerlink" href="#{name}" title="Permanent link">&para;</a>'
        f"</h{level}>\n"
        for level, name in ((1, "a"), (2, "b"), (3, "c"))
    )
    with pytest.raises(ValueError, match="only second-level headings"):
        _ = Page("desa/1/index.html", "A", "", article).shell_url
    assert Page("data/index.html", "A", "", article, source="data.md").shell_url == "data/"


def test_a_long_generated_section_is_indexed_by_its_opening(built_site: Path) -> None:
    """The copy the general index reads of the Data & API page: each heading, then at most the opening of its
    section (nationally the page lists some 500 packages' files)."""
    copy = (built_site.parent / "cache" / "cari-umum" / "data" / "index.html").read_text(encoding="utf-8")
    openings = re.findall(r"</h[1-6]>\n<p>(.*?)</p>", copy)
    assert len(openings) >= 5 and max(len(html.unescape(text)) for text in openings) <= SECTION_TEXT + 2
    page = (built_site / "data" / "index.html").read_text(encoding="utf-8")
    assert len(copy) < len(page) / 4


@pytest.mark.slow
def test_with_an_address_every_data_page_has_its_own_canonical_link_and_sitemap_entry(tmp_path: Path) -> None:
    """A folder shell's own address (in its canonical link) becomes each page's; the sitemap lists the data pages
    and no shell, and its gzip copy says the same."""
    import gzip

    from labkem.commands.build import build

    from conftest import VALID

    data = tmp_path / "datapackages"
    shutil.copytree(VALID, data)
    (data / "situs.yml").write_text('url: "https://contoh.github.io/lab/"\n', encoding="utf-8")
    site = build(data, tmp_path / "build" / "site", BuildOptions(pdf="off"), project_dir=PROJECT_DIR).site_dir
    village = BeautifulSoup((site / "desa" / "33.26.02.2008" / "index.html").read_text("utf-8"), "html.parser")
    canonical = village.select_one('link[rel="canonical"]')
    assert canonical is not None and canonical["href"] == "https://contoh.github.io/lab/desa/33.26.02.2008/"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert "https://contoh.github.io/lab/desa/33.26.02.2008/" in locations
    assert "https://contoh.github.io/lab/indikator/33.26/rt_desil_1/" in locations
    assert "https://contoh.github.io/lab/panduan/kajian/" in locations and "labkem-cangkang" not in sitemap
    # every page but the villages' cards for other sites, which are not pages of the site (`noindex`)
    pages = [path for path in site.rglob("index.html") if path.relative_to(site).parts[0] != "embed"]
    assert len(locations) == len(set(locations)) == len(pages)
    assert not [location for location in locations if "/embed/" in location]
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap
