"""Releases: frozen zips published byte for byte, a changelog of exactly the changed cells, an Atom feed."""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from labkem.commands.build import build
from labkem.core.errors import LabkemError
from labkem.core.options import BuildOptions
from labkem.downloads.releases import ReleaseFiles, package_dates, read_archive

from conftest import PROJECT_DIR, VALID, labkem, tree_digest

DAY_1, DAY_2 = "1767225600", "1769904000"  # 2026-01-01, 2026-02-01
OBSERVASI = Path("kab-pekalongan") / "observasi.csv"


def edit(data: Path, changes: dict[tuple[str, str, str], tuple[str, str]], added: list[list[str]]) -> None:
    """Set (village, period, indicator) -> (value, status) in observasi.csv and append rows."""
    path = data / OBSERVASI
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        key = (row[0], row[1], row[2])
        if key in changes:
            row[3], row[4] = changes.pop(key)
    assert not changes, f"not in the fixture: {changes}"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows + added)


@pytest.mark.slow
def test_two_releases_publish_their_zips_and_exactly_the_changed_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "datapackages"
    shutil.copytree(VALID, data)
    site_dir = tmp_path / "build" / "site"

    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_1)
    first = build(data, site_dir, BuildOptions(pdf="off"), project_dir=PROJECT_DIR).site_dir
    frozen = labkem("release", "--data", str(data), cwd=tmp_path)
    assert frozen.returncode == 0, frozen.stderr
    archive = tmp_path / "rilis" / "rilis-2026-01-01"
    for name in ("kab-pekalongan.zip", "wilayah.zip", "indikator.zip"):
        # the archive holds the bytes the site published for the same data and day
        assert (archive / name).read_bytes() == (first / "unduh" / "paket" / name).read_bytes()
    assert "labkem-kab-pekalongan-rilis-2026-01-01" in (archive / "sitasi.bib").read_text(encoding="utf-8")
    assert json.loads((archive / "sitasi.json").read_text(encoding="utf-8"))[0]["type"] == "dataset"
    again = labkem("release", "--data", str(data), cwd=tmp_path)
    assert again.returncode == 1 and "tidak pernah ditimpa" in again.stderr

    edit(
        data,
        {
            ("33.26.02.2008", "2023", "jumlah_penduduk"): ("6462", ""),  # 6426 -> 6462
            ("33.26.02.2008", "2023", "anak_tidak_sekolah"): ("", "c"),  # 19 -> suppressed
            ("33.26.02.2008", "2021", "rt_penerangan_bukan_listrik"): ("0", ""),  # suppressed -> published
        },
        [["33.26.02.2008", "2025", "jumlah_penduduk", "1500", ""]],
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_2)
    second = build(data, site_dir, BuildOptions(pdf="off"), project_dir=PROJECT_DIR).site_dir

    old = second / "rilis" / "rilis-2026-01-01"
    assert old.is_dir()
    for name in ("kab-pekalongan.zip", "wilayah.zip", "indikator.zip", "sitasi.bib", "sitasi.json", "SHA256SUMS"):
        assert (old / name).read_bytes() == (archive / name).read_bytes()
    current = second / "rilis" / "rilis-2026-02-01"
    assert "rilis-2026-02-01" in (current / "sitasi.bib").read_text(encoding="utf-8")
    for page in (current / "index.html", old / "index.html"):
        text = page.read_text(encoding="utf-8")
        assert "<th>SHA-256</th>" in text and "| --- |" not in text, page  # the downloads are a table
    with (second / "rilis" / "rilis-2026-02-01" / "perubahan.csv").open(encoding="utf-8", newline="") as handle:
        changes = {tuple(row.values()) for row in csv.DictReader(handle)}
    assert changes == {
        ("kab-pekalongan", "33.26.02.2008", "2023", "jumlah_penduduk", "berubah", "6426", "6462", "36"),
        ("kab-pekalongan", "33.26.02.2008", "2023", "anak_tidak_sekolah", "disamarkan", "19", "disamarkan", ""),
        ("kab-pekalongan", "33.26.02.2008", "2021", "rt_penerangan_bukan_listrik", "dibuka", "disamarkan", "0", ""),
        ("kab-pekalongan", "33.26.02.2008", "2025", "jumlah_penduduk", "baru", "", "1500", ""),
    }
    page = (second / "rilis" / "rilis-2026-02-01" / "index.html").read_text(encoding="utf-8")
    assert "4 sel berubah" in page and "rilis-2026-01-01" in page
    assert json.loads((second / "rilis" / "terbaru.json").read_text())["rilis"] == "rilis-2026-02-01"
    index = (second / "rilis" / "index.html").read_text(encoding="utf-8")
    assert index.index("rilis-2026-02-01") < index.index("rilis-2026-01-01") and "(terbaru)" in index

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(second / "rilis" / "feed.xml").getroot()
    entries = [e.findtext(f"{atom}title") for e in feed.findall(f"{atom}entry")]
    assert entries == ["rilis-2026-02-01", "rilis-2026-01-01"]
    assert feed.findtext(f"{atom}updated") == "2026-02-01T00:00:00Z"


@pytest.mark.slow
def test_an_archived_release_is_never_replaced_by_other_content(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "datapackages"
    shutil.copytree(VALID, data)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", DAY_1)
    assert labkem("release", "--data", str(data), cwd=tmp_path).returncode == 0
    site = build(data, tmp_path / "build" / "site", BuildOptions(pdf="off"), project_dir=PROJECT_DIR).site_dir
    before = tree_digest(site)
    edit(data, {("33.26.02.2001", "2023", "jumlah_penduduk"): ("3001", "")}, [])
    with pytest.raises(LabkemError, match="sudah diarsipkan dengan isi lain"):
        build(data, tmp_path / "build" / "site", BuildOptions(pdf="off"), project_dir=PROJECT_DIR)
    assert tree_digest(site) == before
    # and an archive whose files no longer match their checksums is refused, not published
    (tmp_path / "rilis" / "rilis-2026-01-01" / "wilayah.zip").write_bytes(b"not the release")
    with pytest.raises(LabkemError, match="tidak cocok dengan checksum"):
        read_archive(tmp_path / "rilis")


def _package_zip(files: dict[str, str], day: int) -> bytes:
    """A package zip whose entries carry the given day, as a release's zips carry theirs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(zipfile.ZipInfo(name, (2026, 1, day, 0, 0, 0)), text)
    return buffer.getvalue()


def test_a_package_is_issued_by_its_first_release_and_modified_by_the_last_that_changed_it() -> None:
    def release(day: int, packages: dict[str, dict[str, str]], archived: bool = True) -> ReleaseFiles:
        zips = {f"{name}.zip": _package_zip(files, day) for name, files in packages.items()}
        return ReleaseFiles(f"rilis-2026-01-{day:02d}", f"2026-01-{day:02d}", zips, archived=archived)

    first = release(1, {"a": {"x.csv": "1\n"}, "b": {"y.csv": "1\n"}})
    second = release(5, {"a": {"x.csv": "1\n"}, "b": {"y.csv": "2\n"}})  # b changed; a only re-zipped
    current = release(9, {"a": {"x.csv": "1\n"}, "b": {"y.csv": "2\n"}, "c": {"z.csv": "1\n"}}, archived=False)
    assert package_dates([second, first], current) == {
        "a": ("2026-01-01", "2026-01-01"),  # the same files in every release: never modified since
        "b": ("2026-01-01", "2026-01-05"),
        "c": ("2026-01-09", "2026-01-09"),  # new in the current release
    }
    # the current release already archived under its id stands for itself, not twice
    assert package_dates([first, second, replace(current, archived=True)], current) == package_dates(
        [first, second], current
    )
