"""Compare two builds of the same docs (MkDocs and Zensical): which pages exist in one only, whose text differs."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

TAG = re.compile(r"<[^>]+>")
# Inline markup that splits a word without adding space (syntax highlighting wraps tokens in spans).
INLINE = re.compile(r"</?(span|code)\b[^>]*>")
SPACE = re.compile(r"\s+")
ARTICLE = re.compile(r"<article[^>]*>(.*?)</article>", re.DOTALL)
SCRIPT = re.compile(r"<script.*?</script>", re.DOTALL)


@dataclass
class SiteDiff:
    """Differences between two site folders."""

    pages_a: int
    pages_b: int
    only_a: list[str] = field(default_factory=list)
    only_b: list[str] = field(default_factory=list)
    text_differs: list[str] = field(default_factory=list)
    files_only_a: list[str] = field(default_factory=list)
    files_only_b: list[str] = field(default_factory=list)

    @property
    def same(self) -> bool:
        """True when both have the same pages with the same article text."""
        return not (self.only_a or self.only_b or self.text_differs)

    def markdown(self, name_a: str, name_b: str, limit: int = 20) -> str:
        """Return the comparison as a short Markdown report (Indonesian)."""
        lines = [
            f"### {name_b} dibandingkan dengan {name_a}",
            "",
            f"- Halaman: {self.pages_a} ({name_a}), {self.pages_b} ({name_b})",
            f"- Hanya di {name_a}: {len(self.only_a)}; hanya di {name_b}: {len(self.only_b)}",
            f"- Teks artikel berbeda: {len(self.text_differs)}",
            f"- Berkas lain (aset, unduhan) hanya di {name_a}: {len(self.files_only_a)}; "
            f"hanya di {name_b}: {len(self.files_only_b)}",
        ]
        for title, items in (
            (f"Hanya di {name_a}", self.only_a),
            (f"Hanya di {name_b}", self.only_b),
            ("Teks berbeda", self.text_differs),
            (f"Berkas hanya di {name_a}", self.files_only_a),
            (f"Berkas hanya di {name_b}", self.files_only_b),
        ):
            if items:
                lines += ["", f"{title} (paling banyak {limit}):", ""] + [f"- `{p}`" for p in items[:limit]]
        if self.same:
            lines += ["", "Tidak ada perbedaan halaman atau teks artikel."]
        return "\n".join(lines) + "\n"


def article_text(page: str) -> str:
    """The visible text of a page's main article, whitespace folded, scripts removed, entities decoded."""
    match = ARTICLE.search(page)
    body = SCRIPT.sub(" ", match.group(1) if match else page)
    text = html.unescape(TAG.sub(" ", INLINE.sub("", body))).replace("¶", " ")
    return SPACE.sub(" ", text).strip()


def pages(site: Path) -> dict[str, Path]:
    """Every HTML page of a site by its path from the site root."""
    return {str(p.relative_to(site)): p for p in site.rglob("*.html") if p.name != "404.html"}


def other_files(site: Path) -> set[str]:
    """Every file of a site that is not an HTML page, by its path from the site root."""
    return {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file() and p.suffix != ".html"}


def compare_sites(a: Path, b: Path) -> SiteDiff:
    """Compare the pages and article text of two built sites."""
    left, right = pages(a), pages(b)
    diff = SiteDiff(len(left), len(right), sorted(set(left) - set(right)), sorted(set(right) - set(left)))
    files_a, files_b = other_files(a), other_files(b)
    diff.files_only_a, diff.files_only_b = sorted(files_a - files_b), sorted(files_b - files_a)
    for name in sorted(set(left) & set(right)):
        if article_text(left[name].read_text(encoding="utf-8")) != article_text(
            right[name].read_text(encoding="utf-8")
        ):
            diff.text_differs.append(name)
    return diff
