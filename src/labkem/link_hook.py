"""MkDocs hook: the docs folder's static files are hard-linked into the site instead of copied.

Loaded through `hooks:` in the MkDocs configuration labkem writes for a build. Most files of a generated docs
folder are not pages but downloads and chart data (nationally some 370,000 files and 5 GB), which MkDocs would
copy byte by byte. A hard link makes the same file appear in the site at no cost. That is safe because nothing
writes a generated docs file in place: labkem replaces a changed file with a new one (`archive.write_atomic`), so
a file the site shares keeps its bytes. Files of the theme, files a plugin generated, and any file on another
disk are copied as before.
"""

from __future__ import annotations

import os
from typing import Any

from mkdocs.structure.files import File, Files


class LinkedFile(File):
    """A static file of the docs folder, linked into the site where the file system allows it."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        source, target = self.abs_src_path, self.abs_dest_path
        if source is None or self.generated_by is not None:
            super().copy_file(dirty)
            return
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            if os.path.lexists(target):
                os.unlink(target)
            os.link(source, target)
        except OSError:
            super().copy_file(dirty)


def on_files(files: Files, config: Any) -> Files:
    """Link rather than copy every static file under the docs folder."""
    docs_dir = os.path.normpath(config["docs_dir"])
    # whether a source folder is the docs folder, once per folder rather than once per file
    in_docs: dict[str, bool] = {}
    for file in files:
        if type(file) is not File or file.generated_by is not None or file.src_dir is None:
            continue
        source = file.src_dir
        if source not in in_docs:
            in_docs[source] = os.path.normpath(source) == docs_dir
        if in_docs[source] and not file.is_documentation_page():
            file.__class__ = LinkedFile
    return files
