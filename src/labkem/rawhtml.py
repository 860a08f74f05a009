"""Markdown extension: labkem's generated HTML blocks go to Python-Markdown's raw-HTML stash without being parsed.

A village page is mostly HTML that labkem writes itself: tables, chart figures, the breadcrumb. Python-Markdown
hands every raw HTML block to its pure-Python HTML parser (twice, with `md_in_html` and MkDocs' anchor scan), and
at about 280 tags a page that parse is most of what MkDocs spends on the page. The blocks are already complete
HTML, and the parser would only stash them verbatim, so this preprocessor stashes them first: the output is the
same as Python-Markdown's own raw-HTML path (`tests/test_rawhtml.py` compares the two on the sample site).

A block is taken only when all of these hold, so hand-written pages and anything unusual keep the normal path:
it starts at the first column after a blank line, with a `div`, `figure`, `p` or `table` tag whose class starts
with `labkem-`; its opening tag has no `markdown` attribute; it ends at the next blank line with that element's
closing tag, and that tag name opens and closes the same number of times in it.

MkDocs checks links to anchors against the ids it finds in a page's raw HTML, by parsing it once more. The ids of
the stashed blocks (a sortable table's, a chart's data island) are read with a pattern instead and added to what
MkDocs found, so a link to one is checked as before; should MkDocs stop offering that set, such a link fails the
strict build rather than passing unchecked.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

OPENING = re.compile(r'<(div|figure|p|table)\s[^>]*?class="labkem-[^"]*"[^>]*>')
MARKDOWN_ATTRIBUTE = re.compile(r"\smarkdown(?:[\s=>])")
# the ids MkDocs' anchor scan would find: any element's `id`, an `a` element's `name`
TAG = re.compile(r"<([a-zA-Z][\w-]*)(\s[^>]*)>")
ID = re.compile(r'\sid="([^"]*)"')
NAME = re.compile(r'\sname="([^"]*)"')
ANY_ANCHOR = re.compile(r'\s(?:id|name)="')
# above the raw-HTML parsers (MkDocs' anchor scan at 21, `html_block` at 20), below fenced code (25), so HTML
# shown inside a code fence is left to the fence
PRIORITY = 22
# MkDocs' anchor scan: its name in the registry, and the ids it found; the stashed blocks' ids are added after it
MKDOCS_ANCHOR_SCAN = "mkdocs_raw_html"
ANCHOR_PRIORITY = 20.5


class GeneratedHtml(Preprocessor):  # type: ignore[misc]  # Python-Markdown has no type hints
    """Stash each generated HTML block whole and leave its placeholder, as `html_block` would; keep the ids
    the blocks carry in `anchor_ids`."""

    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.anchor_ids: set[str] = set()

    def run(self, lines: list[str]) -> list[str]:
        self.anchor_ids = set()
        out: list[str] = []
        index = 0
        count = len(lines)
        while index < count:
            line = lines[index]
            match = OPENING.match(line) if line.startswith("<") and (not out or not out[-1].strip()) else None
            if match and not MARKDOWN_ATTRIBUTE.search(match.group(0)):
                end = index
                while end + 1 < count and lines[end + 1].strip():
                    end += 1
                block = "\n".join(lines[index : end + 1])
                if _whole_element(block, match.group(1)):
                    self.anchor_ids.update(anchor_ids(block))
                    out.append(self.md.htmlStash.store(block))
                    index = end + 1
                    continue
            out.append(line)
            index += 1
        return out


class StashedAnchors(Preprocessor):  # type: ignore[misc]
    """Add the stashed blocks' ids to those MkDocs' anchor scan found in the rest of the page."""

    def __init__(self, md: Markdown, generated: GeneratedHtml) -> None:
        super().__init__(md)
        self.generated = generated

    def run(self, lines: list[str]) -> list[str]:
        if self.generated.anchor_ids and MKDOCS_ANCHOR_SCAN in self.md.preprocessors:
            scan = self.md.preprocessors[MKDOCS_ANCHOR_SCAN]
            scan.present_anchor_ids = set(getattr(scan, "present_anchor_ids", ())) | self.generated.anchor_ids
        return lines


def anchor_ids(block: str) -> set[str]:
    """The ids in `block`'s tags and the names of its `a` tags, as MkDocs' anchor scan reads them."""
    found: set[str] = set()
    if not ANY_ANCHOR.search(block):
        return found  # most blocks carry neither: no need to look at every tag
    for tag in TAG.finditer(block):
        found.update(ID.findall(tag.group(2)))
        if tag.group(1).lower() == "a":
            found.update(NAME.findall(tag.group(2)))
    return found


def _whole_element(block: str, tag: str) -> bool:
    """Whether `block` is one `tag` element, balanced."""
    if not block.rstrip().endswith(f"</{tag}>"):
        return False
    opened = len(re.findall(rf"<{tag}[\s>]", block))
    return opened == block.count(f"</{tag}>") and _closes_last(block, tag)


def _closes_last(block: str, tag: str) -> bool:
    """Whether the first element opened in `block` is closed only by its last closing tag."""
    depth = 0
    for found in re.finditer(rf"<(/?){tag}[\s>]", block):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            return found.end() >= len(block.rstrip())
    return False


class GeneratedHtmlExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: Markdown) -> None:
        generated = GeneratedHtml(md)
        md.preprocessors.register(generated, "labkem_generated_html", PRIORITY)
        md.preprocessors.register(StashedAnchors(md, generated), "labkem_stashed_anchors", ANCHOR_PRIORITY)


def makeExtension(**kwargs: Any) -> GeneratedHtmlExtension:
    return GeneratedHtmlExtension(**kwargs)
