"""Dated releases: immutable package zips per release, a value-level changelog between releases, an Atom feed.

A release is the set of package zips a build publishes, named after its day (`rilis-YYYY-MM-DD`, from
SOURCE_DATE_EPOCH). `labkem release` freezes the current one into the archive folder (`rilis/` in the
repository, committed like data); every build then publishes each archived release byte for byte at
`rilis/ID/`, plus the current one when it is not archived yet. The changelog compares the observations in
each release's zips with the release before: values that changed, appeared or disappeared, and cells that
became suppressed or were published again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from labkem.core.errors import LabkemError
from labkem.core.lang import N_
from labkem.downloads.packages import Download, Release, checksums

ARCHIVE_DIR = "rilis"
SITE_DIR = "rilis"
MANIFEST = "rilis.json"
SUMS = "SHA256SUMS"
FEED = "rilis/feed.xml"
CITATION_FILES = ("sitasi.bib", "sitasi.json")
Key = tuple[str, str, str, str]  # package, village, period, indicator


class ReleaseConflict(LabkemError):
    """Raised when a release id is archived already with other content, or would be overwritten."""


@dataclass(frozen=True)
class ReleaseFiles:
    """One release: its id, date, package zips and citation files (file name -> bytes)."""

    id: str
    date: str
    zips: dict[str, bytes]
    archived: bool
    extra: dict[str, bytes] = field(default_factory=dict)

    def downloads(self) -> tuple[Download, ...]:
        """The zips as downloads at their release path."""
        return tuple(Download.of(f"{SITE_DIR}/{self.id}/{name}", data) for name, data in sorted(self.zips.items()))

    def sums(self) -> bytes:
        """`sha256sum`-compatible listing of the release's zips."""
        return checksums({n: hashlib.sha256(d).hexdigest() for n, d in {**self.zips, **self.extra}.items()})


@dataclass(frozen=True)
class Change:
    """One cell that differs between two releases."""

    package: str
    kode_desa: str
    periode: str
    indikator: str
    kind: str  # berubah, baru, hilang, disamarkan, dibuka
    before: str
    after: str
    delta: float | None


@dataclass(frozen=True)
class ReleaseNotes:
    """A release with the changes since the one before (None for the first)."""

    release: ReleaseFiles
    previous: str | None
    changes: tuple[Change, ...]
    latest: bool


def read_archive(archive: Path) -> list[ReleaseFiles]:
    """Every archived release, oldest first; each checked against its own SHA256SUMS."""
    releases = []
    for folder in sorted(p for p in archive.glob("rilis-*") if p.is_dir()):
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        zips = {p.name: p.read_bytes() for p in sorted(folder.glob("*.zip"))}
        extra = {name: (folder / name).read_bytes() for name in CITATION_FILES if (folder / name).exists()}
        release = ReleaseFiles(folder.name, str(manifest["tanggal"]), zips, archived=True, extra=extra)
        if (folder / SUMS).read_bytes() != release.sums():
            raise ReleaseConflict(f"{folder / SUMS}: isi rilis tidak cocok dengan checksum-nya; pulihkan dari git")
        releases.append(release)
    return releases


def freeze(release: Release, zips: dict[str, bytes], archive: Path, extra: dict[str, bytes] | None = None) -> Path:
    """Write a release (zips and citation files) into the archive; an existing release is never overwritten."""
    folder = archive / release.id
    if folder.exists():
        raise ReleaseConflict(f"{folder}: rilis {release.id} sudah diarsipkan; rilis tidak pernah ditimpa")
    frozen = ReleaseFiles(release.id, release.date, zips, archived=True, extra=extra or {})
    folder.mkdir(parents=True)
    for name, data in sorted({**zips, **frozen.extra}.items()):
        (folder / name).write_bytes(data)
    (folder / SUMS).write_bytes(frozen.sums())
    manifest = {"id": release.id, "tanggal": release.date, "paket": sorted(zips)}
    (folder / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return folder


def releases_to_publish(archived: list[ReleaseFiles], current: ReleaseFiles) -> list[ReleaseFiles]:
    """The archived releases and, unless archived already, the current one; oldest first."""
    same = next((r for r in archived if r.id == current.id), None)
    if same is None:
        return [*archived, current]
    if same.zips != current.zips:
        raise ReleaseConflict(
            f"rilis {current.id} sudah diarsipkan dengan isi lain; data yang berubah terbit sebagai rilis "
            "berikutnya (atur SOURCE_DATE_EPOCH ke hari lain, atau jalankan build besok)"
        )
    return archived


def _contents(package_zip: bytes) -> dict[str, str]:
    """The digest of every member of a package zip, by name (the zip's own dates left out)."""
    with zipfile.ZipFile(io.BytesIO(package_zip)) as archive:
        return {name: hashlib.sha256(archive.read(name)).hexdigest() for name in sorted(archive.namelist())}


def package_dates(archived: list[ReleaseFiles], current: ReleaseFiles) -> dict[str, tuple[str, str]]:
    """For every package of the current release: the date of the first release that carried it and of the latest
    release that changed any of its files (an archived release with the current one's id stands for it)."""
    history = [r for r in archived if r.id != current.id] + [current]
    dates: dict[str, tuple[str, str]] = {}
    seen: dict[str, dict[str, str]] = {}
    for release in sorted(history, key=lambda r: (r.date, r.id)):
        for name, data in sorted(release.zips.items()):
            package = name.removesuffix(".zip")
            contents = _contents(data)
            if package not in dates:
                dates[package] = (release.date, release.date)
            elif seen[package] != contents:
                dates[package] = (dates[package][0], release.date)
            seen[package] = contents
    return {name.removesuffix(".zip"): dates[name.removesuffix(".zip")] for name in current.zips}


def observations(release: ReleaseFiles) -> dict[Key, tuple[str, str]]:
    """Every observation of a release's regency packages: key -> (value, status)."""
    found: dict[Key, tuple[str, str]] = {}
    for name, data in release.zips.items():
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "observasi.csv" not in archive.namelist():
                continue
            text = archive.read("observasi.csv").decode("utf-8")
        package = name.removesuffix(".zip")
        for row in csv.DictReader(io.StringIO(text)):
            key = (package, row["kode_desa"], row["periode"], row["indikator"])
            found[key] = (row["nilai"], row["status"])
    return found


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def changes_between(before: ReleaseFiles, after: ReleaseFiles) -> tuple[Change, ...]:
    """Every observation that differs between two releases, in key order."""
    old, new = observations(before), observations(after)
    found = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if a is None:
            kind = N_("baru")
        elif b is None:
            kind = N_("hilang")
        elif b[1] == "c" and a[1] != "c":
            kind = N_("disamarkan")
        elif a[1] == "c" and b[1] != "c":
            kind = N_("dibuka")
        else:
            kind = N_("berubah")
        x, y = _number(a[0]) if a else None, _number(b[0]) if b else None
        delta = y - x if x is not None and y is not None else None
        found.append(Change(*key, kind, _shown(a), _shown(b), delta))
    return tuple(found)


def _shown(cell: tuple[str, str] | None) -> str:
    if cell is None:
        return ""
    value, status = cell
    return "disamarkan" if status == "c" else value + (f" ({status})" if status else "")


def release_notes(releases: list[ReleaseFiles]) -> list[ReleaseNotes]:
    """Each release with its changes since the previous one, newest first."""
    notes = []
    for index, release in enumerate(releases):
        previous = releases[index - 1] if index else None
        changes = changes_between(previous, release) if previous else ()
        notes.append(ReleaseNotes(release, previous.id if previous else None, changes, index == len(releases) - 1))
    return list(reversed(notes))


def changes_csv(changes: tuple[Change, ...]) -> bytes:
    """The changelog as CSV, one row per changed cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["paket", "kode_desa", "periode", "indikator", "perubahan", "sebelum", "sesudah", "selisih"])
    for c in changes:
        delta = "" if c.delta is None else f"{c.delta:g}"
        writer.writerow([c.package, c.kode_desa, c.periode, c.indikator, c.kind, c.before, c.after, delta])
    return buffer.getvalue().encode("utf-8")


def atom_feed(notes: list[ReleaseNotes], title: str, site_url: str) -> bytes:
    """An Atom feed of the releases, newest first; its time is the newest release's date (no build clock)."""
    base = site_url or ""
    updated = notes[0].release.date if notes else "1970-01-01"
    entries = []
    for note in notes:
        link = f"{base}{SITE_DIR}/{note.release.id}/"
        summary = (
            f"{len(note.changes)} sel berubah sejak {note.previous}." if note.previous else "Rilis pertama."
        ) + f" {len(note.release.zips)} paket data."
        entries.append(
            "  <entry>\n"
            f"    <title>{escape(note.release.id)}</title>\n"
            f'    <link href="{escape(link)}"/>\n'
            f"    <id>{escape(link if base else 'urn:labkem:' + note.release.id)}</id>\n"
            f"    <updated>{note.release.date}T00:00:00Z</updated>\n"
            f"    <summary>{escape(summary)}</summary>\n"
            "  </entry>\n"
        )
    feed_id = f"{base}{FEED}" if base else "urn:labkem:rilis"
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">\n'
        f"  <title>{escape(title)}: rilis data</title>\n"
        f"  <id>{escape(feed_id)}</id>\n"
        f"  <updated>{updated}T00:00:00Z</updated>\n"
        f"  <author><name>{escape(title)}</name></author>\n" + "".join(entries) + "</feed>\n"
    ).encode("utf-8")
