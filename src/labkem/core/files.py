"""Outputs whose bytes depend only on their content: zips with fixed entry times, order and modes, the
build date from SOURCE_DATE_EPOCH, and cache files written whole or not at all."""

from __future__ import annotations

import io
import os
import re
import zipfile
from datetime import datetime
from pathlib import Path

ZipTime = tuple[int, int, int, int, int, int]
MODIFIED = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def zip_bytes(files: dict[str, bytes], date_time: ZipTime) -> bytes:
    """A deflated zip of `files` (name -> bytes) in the given order, every entry stamped `date_time`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


def freeze_xlsx(xlsx: bytes, date_time: ZipTime) -> bytes:
    """Rewrite a workbook with fixed entry times and document dates (openpyxl stamps the clock on save)."""
    stamp = datetime(*date_time).strftime("%Y-%m-%dT%H:%M:%SZ").encode("ascii")
    files: dict[str, bytes] = {}
    with zipfile.ZipFile(io.BytesIO(xlsx)) as source:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            files[item.filename] = data
    return zip_bytes(files, date_time)


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org) as seconds, or None when unset or not a number."""
    text = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(text) if text.isdigit() else None


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file through a temporary neighbour, so a killed build never leaves half a file behind; the
    neighbour is named by process, so render workers writing the same cache entry do not collide."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_bytes(data)
    partial.replace(path)


def write_bytes_if_changed(path: Path, data: bytes) -> bool:
    """Write bytes unless the file already holds exactly them; return whether they were written. A changed file
    is replaced, never written in place: the built site links the files it publishes (`labkem.publish.site`)."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True
