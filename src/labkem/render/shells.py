"""Data pages into the theme's page shell: the site generator renders the theme around an article once, labkem
fills in each page.

Two built village pages differ outside their article only in the page's title (in `<title>` and the header),
its description, the skip link (which points at the heading's id) and the table of contents. So the render stage
writes every data page as a `Page` (title, description, article HTML), and writes for the site generator a
*shell*: a Markdown page holding placeholders where a page's own text goes. The generator renders the shell with
the whole theme (header, navigation, palette, footer, scripts); `Shell.fill` puts a page into it.

- A **folder shell** serves every page of one folder and depth (`desa/KODE/`, `indikator/KAB/ID/`): it lives at
  `desa/labkem-cangkang/`, beside the pages it serves, so every relative address in the theme is the same as
  theirs. Its table of contents holds one placeholder entry, which is repeated for each of the page's
  second-level headings (a folder page has no deeper heading in its contents).
- An **own shell** serves one page at the page's own address: the pages in the site's navigation (home, the
  indexes, Data & API) and the releases, whose navigation state and contents belong to them alone. Its headings
  are the page's (ids and levels), with placeholder text.

Placeholders are words of letters only, so nothing the generator does to text (escaping, slugs) changes them,
and each is checked to be where it must be: a theme that renders the shell differently fails the build rather
than publishing pages without a title. Everything put into a shell is HTML-escaped by labkem: no page text
passes through the theme's templates.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from labkem.core.errors import SiteBuildFailed
from labkem.core.lang import of_path
from labkem.core.paths import PAGES, docs_of

SHELL_NAME = "labkem-cangkang"  # a folder shell for pages with a table of contents
PLAIN_SHELL_NAME = "labkem-cangkang-polos"  # and for pages without one
TITLE = "labkemjudulcangkang"
DESCRIPTION = "labkemdeskripsicangkang"
ARTICLE = "labkemisicangkang"
HEADING = "labkemjudulbagian"  # + number + "x": a heading of an own shell, or the entry of a folder shell
H1_ID = "labkem-cangkang-judul"
ENTRY_ID = "labkem-cangkang-bagian"
# our own templates write headings as `_partials/page.html.j2` does: id, then text, then the permalink
HEADING_TAG = re.compile(r'<h([1-6])\b[^>]*?\sid="([^"]+)"[^>]*>((?:(?!</h[1-6]>).)*?)<a class="headerlink"', re.S)


@dataclass(frozen=True)
class Heading:
    """A heading of an article: its level, id and text as HTML (already escaped)."""

    level: int
    id: str
    html: str


@dataclass(frozen=True)
class Page:
    """A data page as the render stage writes it: where it goes, its title and description (plain text), what
    the theme hides on it, and its article (HTML, starting with its `<h1>`)."""

    path: str  # in the site: "desa/33.26.02.2008/index.html", "index.html"
    title: str
    description: str
    article: str
    hide: tuple[str, ...] = ()
    # for a page with a shell of its own (one in the navigation), the shell's path in the docs folder, as the
    # navigation names it ("data.md", "kabupaten/index.md"); "" for a page of a folder shell
    source: str = ""
    headings: tuple[Heading, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        if not self.headings:
            found = tuple(Heading(int(level), id_, text) for level, id_, text in HEADING_TAG.findall(self.article))
            object.__setattr__(self, "headings", found)
        if not self.headings or self.headings[0].level != 1:
            raise ValueError(f"{self.path}: the article must start with its <h1>")

    @property
    def own_shell(self) -> bool:
        """Whether the page has a shell of its own."""
        return bool(self.source)

    @property
    def url(self) -> str:
        """The page's address relative to the site root: "desa/33.26.02.2008/", "" for the home page."""
        return self.path.removesuffix("index.html")

    @property
    def contents(self) -> tuple[Heading, ...]:
        """The headings below the title: the table of contents."""
        return self.headings[1:]

    @property
    def shell_url(self) -> str:
        """The address of the shell this page goes into (in the folder of the page's language)."""
        if self.own_shell:
            return self.url
        language, url = of_path(self.url)
        folder, *rest = url.rstrip("/").split("/")
        if not rest:
            raise ValueError(f"{self.path}: a page of a folder shell lies in a folder below its language's root")
        if any(heading.level != 2 for heading in self.contents):
            # the shell's table of contents repeats one entry: it has no place for a deeper heading's
            raise ValueError(f"{self.path}: a page of a folder shell has only second-level headings below its title")
        name = SHELL_NAME if self.contents else PLAIN_SHELL_NAME
        return language.prefix + "/".join([folder, *[SHELL_NAME] * (len(rest) - 1), name]) + "/"

    def to_bytes(self) -> bytes:
        record = {
            "path": self.path,
            "title": self.title,
            "description": self.description,
            "hide": list(self.hide),
            "source": self.source,
            # found once, when the page is written: looking for them again in every article read back costs
            # the placing of a province's pages a second
            "headings": [[h.level, h.id, h.html] for h in self.headings],
            "article": self.article,
        }
        return json.dumps(record, ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> Page:
        record = json.loads(data)
        return cls(
            record["path"],
            record["title"],
            record["description"],
            record["article"],
            tuple(record["hide"]),
            record["source"],
            tuple(Heading(level, id_, text) for level, id_, text in record.get("headings", ())),
        )


def _front_matter(hide: tuple[str, ...], description: bool = True) -> list[str]:
    """The shell's front matter and title; without `description`, the theme gives the site's description."""
    meta: dict[str, object] = {"title": TITLE, "search": {"exclude": True}}
    if description:
        meta["description"] = DESCRIPTION
    if hide:
        meta["hide"] = list(hide)
    return ["---", yaml.safe_dump(meta, sort_keys=False).strip(), "---", "", f"# {TITLE} {{ #{H1_ID} }}", ""]


def own_shell(page: Page) -> tuple[str, str]:
    """The Markdown file (path in the docs folder, text) of `page`'s own shell: its headings, placeholder text."""
    lines = _front_matter(page.hide, bool(page.description))
    lines += [f"{'#' * h.level} {HEADING}{n}x {{ #{h.id} }}\n" for n, h in enumerate(page.contents)]
    lines += [ARTICLE, ""]
    return page.source, "\n".join(lines)


def own_shell_sources(pages: Iterable[Page]) -> dict[str, str]:
    """The own shells of `pages`: path in the site, with ".md" for "/index.html" (`docs_file`) -> Markdown."""
    return {of_path(page.path)[0].prefix + source: text for page in pages for source, text in [own_shell(page)]}


def docs_file(source: str) -> str:
    """Where the site generator's page `source` ("desa/labkem-cangkang.md", "en/index.md": the page's path in the
    site, its language's folder first) is in the render folder: in the docs folder of its language, which the
    generator builds into that language's folder of the site (`labkem.core.paths.docs_of`)."""
    language, path = of_path(source)
    return f"{docs_of(language.code)}/{path}"


def folder_shells(paths: Iterable[str]) -> dict[str, str]:
    """The Markdown files (path in the site with ".md", see `docs_file` -> text) of the folder shells for the pages
    at `paths`: for each language, folder and depth, one shell with a table of contents and one without."""
    sources: dict[str, str] = {}
    for path in paths:
        language, path = of_path(path)
        folder, *rest = path.removesuffix("/index.html").split("/")
        if not rest:
            raise ValueError(f"{path}: a page of a folder shell lies in a folder below its language's root")
        stem = language.prefix + "/".join([folder, *[SHELL_NAME] * (len(rest) - 1)])
        if f"{stem}/{SHELL_NAME}.md" in sources:
            continue
        sources[f"{stem}/{SHELL_NAME}.md"] = "\n".join(
            [*_front_matter(()), f"## {HEADING}0x {{ #{ENTRY_ID} }}", "", ARTICLE, ""]
        )
        sources[f"{stem}/{PLAIN_SHELL_NAME}.md"] = "\n".join([*_front_matter(()), ARTICLE, ""])
    return sources


def _split(text: str, pattern: re.Pattern[str]) -> tuple[str, ...]:
    """`text` cut at the placeholders `pattern` finds: literal, placeholder, literal, ..."""
    return tuple(pattern.split(text))


class Shell:
    """A rendered shell, cut at its placeholders, ready to take pages."""

    def __init__(self, url: str, text: str, own: bool) -> None:
        self.url = url
        where = f"cangkang halaman {url or '/'}"
        start = text.find(f'id="{H1_ID}"')
        article_end = f"<p>{ARTICLE}</p>"
        end = text.find(article_end)
        if start < 0 or end < 0 or text.count(article_end) != 1:
            raise SiteBuildFailed(f"{where}: judul atau isi halaman tidak ditemukan di HTML tema")
        start = text.rfind("<h1", 0, start)
        head, tail = _squeezed(text[:start]), _squeezed(text[end + len(article_end) :])
        self.entry: tuple[str, ...] | None = None
        if not own and f'href="#{ENTRY_ID}"' in head:
            at = head.index(f'href="#{ENTRY_ID}"')
            first, last = head.rfind("<li", 0, at), head.find("</li>", at) + len("</li>")
            item = head[first:last]
            if first < 0 or "<li" in item[3:]:
                raise SiteBuildFailed(f"{where}: entri daftar isi tidak dikenali")
            self.entry = _split(item, ENTRY_SLOTS)
            head = head[:first] + "\0" + head[last:]
        slots = re.compile(
            "(" + "|".join([TITLE, DESCRIPTION, H1_ID, f"{HEADING}\\d+x"] + ([re.escape(url)] if url else [])) + ")"
        )
        self.head = _split(head, slots)
        self.tail = _split(tail, slots)
        if TITLE not in self.head:
            raise SiteBuildFailed(f"{where}: judul halaman tidak ditemukan di HTML tema")

    def fill(self, page: Page) -> str:
        """The whole HTML of `page` in this shell."""
        title = html.escape(page.title)
        values = {TITLE: title, DESCRIPTION: html.escape(page.description), H1_ID: page.headings[0].id}
        if self.url:
            values[self.url] = of_path(page.url)[1]
        contents = page.contents
        for number, heading in enumerate(contents):
            values[f"{HEADING}{number}x"] = heading.html
        head = _joined(self.head, values)
        if self.entry is not None:
            entries = "".join(_joined(self.entry, {**values, ENTRY_ID: h.id, f"{HEADING}0x": h.html}) for h in contents)
            head = head.replace("\0", entries)
        return head + page.article + _joined(self.tail, values)


# a run of spaces holding a line break: the theme's templates indent their output, a third of a shell's bytes
INDENT = re.compile(r"[ \t]*\n\s*")


def _squeezed(html_text: str) -> str:
    """The theme's HTML with each run of spaces and line breaks cut to one line break: the same document to a
    browser (the shell holds no `<pre>` or `<textarea>`, where it would not be), a third smaller."""
    if "<pre" in html_text or "<textarea" in html_text:
        return html_text
    return INDENT.sub("\n", html_text)


ENTRY_SLOTS = re.compile(f"({ENTRY_ID}|{HEADING}0x|{TITLE})")


def _joined(parts: tuple[str, ...], values: dict[str, str]) -> str:
    return "".join(part if index % 2 == 0 else values[part] for index, part in enumerate(parts))


class Shells:
    """The rendered shells of a built site, read as pages ask for them."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self._shells: dict[str, Shell] = {}

    def fill(self, page: Page) -> str:
        """The whole HTML of `page` in its shell."""
        url = page.shell_url
        shell = self._shells.get(url)
        if shell is None:
            try:
                text = (self.site / url / "index.html").read_text(encoding="utf-8")
            except FileNotFoundError as error:
                raise SiteBuildFailed(f"cangkang halaman {url or '/'} tidak dibuat oleh MkDocs") from error
            # a folder shell's own address is where the page's goes: both within their language's folder, as the
            # site generator of that language wrote it
            shell = self._shells[url] = Shell("" if page.own_shell else of_path(url)[1], text, page.own_shell)
        return shell.fill(page)


def bundle_of(package: str) -> str:
    """The path in the render folder of the page bundle of `package`."""
    return f"{PAGES}/paket/{package}.jsonl"


def bundle_paths(path: Path) -> list[str]:
    """The page paths of a bundle, from its first line."""
    with path.open("rb") as handle:
        paths: list[str] = json.loads(handle.readline())["paths"]
    return paths


def read_bundle(path: Path) -> Iterator[Page]:
    """The pages of a bundle, as they are read."""
    with path.open("rb") as handle:
        handle.readline()
        for line in handle:
            yield Page.from_bytes(line)
