"""The replication guide as one PDF, printed by Chromium from the same Markdown as the site's pages.

The chapters are the hand-written pages under the *Panduan* entry of `mkdocs.yml`, in nav order. They
are converted with the site's own Markdown extensions into one HTML document (cover, table of contents,
one chapter per page break) and printed with headless Chromium, which also writes the PDF outline.
Links between chapters become links inside the PDF; links to the rest of the site become absolute when
`situs.yml` gives the site's address and plain text otherwise. The PDF is cached by the hash of its HTML,
and its dates are set from SOURCE_DATE_EPOCH when given, so the same guide gives the same bytes.
"""

from __future__ import annotations

import hashlib
import html
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
from mkdocs.utils.meta import get_data

from labkem.core.errors import LabkemError
from labkem.core.files import source_date_epoch, write_atomic
from labkem.data.site_settings import SiteSettings

GUIDE_SECTION = "Panduan"
PDF_PATH = "unduh/panduan-replikasi.pdf"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PRINT_TIMEOUT_S = 180


class GuidePdfFailed(LabkemError):
    """Raised when Chromium is required but missing, or fails to print the guide."""

    exit_code = 3


@dataclass(frozen=True)
class Chapter:
    """One page of the guide: its nav title and its path under docs/."""

    title: str
    path: str


@dataclass(frozen=True)
class GuidePdf:
    """The printed guide: the cached file, its page count and size."""

    file: Path
    pages: int
    bytes: int


def chapters(config: dict[str, Any], docs_source: Path) -> list[Chapter]:
    """The guide's chapters: the hand-written pages under the Panduan nav entry, in nav order."""
    found: list[Chapter] = []

    def walk(items: Any) -> None:
        for item in items or []:
            if isinstance(item, dict):
                for title, target in item.items():
                    if isinstance(target, str) and (docs_source / target).is_file():
                        found.append(Chapter(str(title), target))
                    elif isinstance(target, list):
                        walk(target)

    for entry in config.get("nav", []):
        if isinstance(entry, dict) and GUIDE_SECTION in entry:
            walk(entry[GUIDE_SECTION])
    return found


def find_chromium() -> str | None:
    """Chromium's executable: $LABKEM_CHROMIUM, else the first of the usual names on PATH."""
    explicit = os.environ.get("LABKEM_CHROMIUM")
    if explicit:
        return explicit
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def _extensions(config: dict[str, Any]) -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The site's Markdown extensions (MkDocs always adds toc, tables, fenced_code), without permalinks."""
    names: list[str] = ["toc", "tables", "fenced_code"]
    options: dict[str, dict[str, Any]] = {}
    for entry in config.get("markdown_extensions", []):
        if isinstance(entry, dict):
            for name, value in entry.items():
                names.append(name)
                options[name] = dict(value or {})
        else:
            names.append(str(entry))
    options.setdefault("toc", {})["permalink"] = False
    names = list(dict.fromkeys(names))
    return names, options


def _site_url(path: str, site_url: str | None) -> str | None:
    """The address of a site file (docs-relative path) once published, or None without a site address."""
    if not site_url:
        return None
    if path.endswith("index.md"):
        path = path[: -len("index.md")]
    elif path.endswith(".md"):
        path = path[:-3] + "/"
    return site_url + path


LINK = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)
HEADING = re.compile(r'<h([1-6]) id="([^"]*)"[^>]*>(.*?)</h\1>', re.DOTALL)


def _chapter_html(index: int, chapter: Chapter, body: str, anchors: dict[str, str], site_url: str | None) -> str:
    """One chapter's HTML with ids made unique and links pointed inside the PDF or at the site."""
    prefix = f"bab{index}-"
    body = re.sub(r' id="([^"]*)"', lambda m: f' id="{prefix}{m.group(1)}"', body)
    here = posixpath.dirname(chapter.path)

    def link(match: re.Match[str]) -> str:
        href, rest, text = html.unescape(match.group(1)), match.group(2), match.group(3)
        if re.match(r"^[a-z]+:", href):
            return match.group(0)
        if href.startswith("#"):
            return f'<a href="#{prefix}{href[1:]}"{rest}>{text}</a>'
        target, _, fragment = href.partition("#")
        resolved = posixpath.normpath(posixpath.join(here, target)) if target else chapter.path
        if resolved in anchors:
            chapter_anchor = anchors[resolved]
            inside = f"{chapter_anchor[:-1]}-{fragment}" if fragment else chapter_anchor[:-1]
            return f'<a href="#{inside}"{rest}>{text}</a>'
        absolute = _site_url(resolved, site_url)
        if absolute:
            return f'<a href="{html.escape(absolute + ("#" + fragment if fragment else ""))}"{rest}>{text}</a>'
        return f"<span>{text}</span>"

    return LINK.sub(link, body)


def guide_html(config: dict[str, Any], docs_source: Path, settings: SiteSettings, date: str) -> str:
    """The whole guide as one printable HTML document."""
    names, options = _extensions(config)
    parts = chapters(config, docs_source)
    anchors = {c.path: f"bab{i}-" for i, c in enumerate(parts, start=1)}
    contents: list[str] = []
    bodies: list[str] = []
    for index, chapter in enumerate(parts, start=1):
        source, _meta = get_data((docs_source / chapter.path).read_text(encoding="utf-8"))
        converter = markdown.Markdown(extensions=names, extension_configs=options)
        body = _chapter_html(index, chapter, converter.convert(source), anchors, settings.url)
        sections = [
            (m.group(2), re.sub(r"<[^>]+>", "", m.group(3))) for m in HEADING.finditer(body) if m.group(1) == "2"
        ]
        entries = "".join(f'<li><a href="#{anchor}">{title}</a></li>' for anchor, title in sections)
        contents.append(
            f'<li><a href="#bab{index}">{index}. {html.escape(chapter.title)}</a>'
            + (f"<ol>{entries}</ol>" if entries else "")
            + "</li>"
        )
        bodies.append(f'<section class="bab" id="bab{index}">{body}</section>')
    online = (
        f'<p>Versi daring: <a href="{html.escape(settings.url)}panduan/">{html.escape(settings.url)}panduan/</a></p>'
        if settings.url
        else ""
    )
    return f"""<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Panduan Replikasi: {html.escape(settings.nama)}</title>
<style>{PRINT_CSS}</style></head>
<body>
<section class="sampul">
<p class="penerbit">{html.escape(settings.nama)}</p>
<h1 class="judul">Panduan Replikasi Laboratorium Kemiskinan</h1>
<p>Langkah demi langkah membentuk lab kemiskinan kabupaten/kota: memilih desa, memindai rumah tangga,
merencanakan, memantau, melindungi data, dan menerbitkan data terbuka.</p>
<p class="tanggal">Dicetak dari situs pada {html.escape(date)}. Lisensi teks: CC BY 4.0.</p>
{online}
</section>
<nav class="daftar-isi"><h2>Daftar isi</h2><ol>{"".join(contents)}</ol></nav>
{"".join(bodies)}
</body></html>
"""


PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm;
  @bottom-center { content: counter(page) " / " counter(pages); font: 9pt sans-serif; color: #555; } }
@page :first { @bottom-center { content: none; } }
html { font: 10.5pt/1.5 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1a1a1a; }
h1, h2, h3 { line-height: 1.25; break-after: avoid; }
h1 { font-size: 20pt; color: #00695c; margin: 0 0 10pt; }
h2 { font-size: 14pt; margin: 16pt 0 6pt; }
h3 { font-size: 11.5pt; margin: 12pt 0 4pt; }
.sampul { min-height: 230mm; display: flex; flex-direction: column; justify-content: center; }
.sampul .judul { font-size: 30pt; }
.penerbit { font-size: 13pt; color: #00695c; font-weight: bold; }
.daftar-isi, .bab { break-before: page; }
.daftar-isi ol { list-style: none; padding-left: 0; }
.daftar-isi ol ol { padding-left: 1.4em; font-size: 9.5pt; }
a { color: #00695c; text-decoration: none; }
table { border-collapse: collapse; width: 100%; margin: 8pt 0; font-size: 9.5pt; break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 3pt 5pt; text-align: left; vertical-align: top; }
th { background: #eef5f4; }
code, pre { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 9pt; }
pre { background: #f4f4f4; padding: 6pt; white-space: pre-wrap; break-inside: avoid; }
.admonition { border-left: 3pt solid #00695c; background: #f1f8f7; padding: 4pt 10pt; margin: 8pt 0;
  break-inside: avoid; }
.admonition-title { font-weight: bold; margin: 0; }
.task-list-item { list-style: none; }
.task-list-item input { margin: 0 0.4em 0 -1.3em; }
li { break-inside: avoid; }
"""

PDF_DATE = re.compile(rb"\(D:\d{14}[^)]*\)")


def _pdf_date(epoch: int) -> bytes:
    return time.strftime("(D:%Y%m%d%H%M%S+00'00')", time.gmtime(epoch)).encode("ascii")


def page_count(data: bytes) -> int:
    """Pages in a PDF as Chromium writes it (page objects are not compressed into object streams)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def print_pdf(document: str, chromium: str, work_dir: Path) -> bytes:
    """Print an HTML document to PDF with headless Chromium; return the bytes."""
    with tempfile.TemporaryDirectory(prefix="labkem-pdf-", dir=work_dir.resolve()) as scratch:
        source = Path(scratch) / "panduan.html"
        target = Path(scratch) / "panduan.pdf"
        source.write_text(document, encoding="utf-8")
        command = [
            chromium,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--no-pdf-header-footer",
            "--generate-pdf-document-outline",
            f"--user-data-dir={scratch}/profil",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to start as root with its sandbox
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=PRINT_TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise GuidePdfFailed(f"Chromium ({chromium}) tidak bisa mencetak panduan: {error}") from error
        if result.returncode != 0 or not target.exists():
            tail = "\n".join(result.stderr.strip().splitlines()[-5:])
            raise GuidePdfFailed(f"Chromium ({chromium}) gagal mencetak panduan (kode {result.returncode}):\n{tail}")
        return target.read_bytes()


def guide_pdf(
    config: dict[str, Any], docs_source: Path, cache_dir: Path, settings: SiteSettings, chromium: str
) -> GuidePdf:
    """Print the guide into the cache (unless the same HTML was printed before); return the PDF."""
    epoch = source_date_epoch()
    date = time.strftime("%Y-%m-%d", time.gmtime(epoch)) if epoch is not None else time.strftime("%Y-%m-%d")
    document = guide_html(config, docs_source, settings, date)
    key = hashlib.sha256(document.encode("utf-8")).hexdigest()[:16]
    cached = cache_dir / f"panduan-{key}.pdf"
    if not cached.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        data = print_pdf(document, chromium, cache_dir)
        if epoch is not None:
            data = PDF_DATE.sub(_pdf_date(epoch), data)
        for old in cache_dir.glob("panduan-*.pdf"):
            old.unlink()
        write_atomic(cached, data)
    data = cached.read_bytes()
    return GuidePdf(cached, page_count(data), len(data))
