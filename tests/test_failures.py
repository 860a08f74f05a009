"""Failures caused for real: each ends with one line naming its cause, an exit code by kind, no traceback, and
the live site byte for byte as it was.

A full disk is a small tmpfs and a read-only folder a tmpfs remounted read-only, both mounted where the
machine allows it (as root, which CI is); elsewhere those two are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from labkem.failures import EXIT_DATA, EXIT_ENVIRONMENT, EXIT_USAGE, explain

from conftest import PROJECT_DIR, VALID, tree_digest


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "labkem", *args],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {})),
        check=False,
    )


def last_line(stderr: str) -> str:
    return stderr.strip().splitlines()[-1]


def live_site(folder: Path) -> Path:
    """A small published site standing in for the live one."""
    site = folder / "site"
    (site / "desa").mkdir(parents=True)
    (site / "index.html").write_text("<h1>situs yang tayang</h1>\n", encoding="utf-8")
    (site / "desa" / "index.html").write_text("<p>desa</p>\n", encoding="utf-8")
    return site


@pytest.fixture
def mount(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs at a fresh folder, unmounted afterwards; skipped where mounting is not allowed."""
    point = tmp_path / "disk"
    point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(point)], capture_output=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"this machine does not allow a tmpfs: {done.stderr.decode().strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def test_a_full_disk_names_the_folder_and_leaves_the_site(mount: Path, tmp_path: Path) -> None:
    data = tmp_path / "datapackages"
    shutil.copytree(VALID, data)
    site = live_site(mount)
    before = tree_digest(site)
    result = run("build", "--data", str(data), "--out", str(site), "--pdf", "off")
    assert result.returncode == EXIT_ENVIRONMENT, result.stderr
    assert "Traceback" not in result.stderr
    line = last_line(result.stderr)
    assert line.startswith("Galat: disk penuh: tidak ada ruang untuk menulis di " + str(mount)), line
    assert tree_digest(site) == before


def test_a_read_only_folder_is_named_and_the_site_left(mount: Path, tmp_path: Path) -> None:
    data = tmp_path / "datapackages"
    shutil.copytree(VALID, data)
    site = live_site(mount)
    before = tree_digest(site)
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
    result = run("build", "--data", str(data), "--out", str(site), "--pdf", "off", "--lang", "en")
    assert result.returncode == EXIT_ENVIRONMENT, result.stderr
    assert "Traceback" not in result.stderr
    line = last_line(result.stderr)
    assert line.startswith("Error: permission denied: " + str(mount)), line
    assert tree_digest(site) == before


def test_a_missing_chromium_is_named_when_the_pdf_is_required(tmp_path: Path) -> None:
    data = tmp_path / "datapackages"
    shutil.copytree(VALID, data)
    site = live_site(tmp_path)
    before = tree_digest(site)
    result = run("build", "--data", str(data), "--out", str(site), "--pdf", "on", env={"LABKEM_CHROMIUM": "/tidak/ada"})
    assert result.returncode == EXIT_ENVIRONMENT
    assert "Traceback" not in result.stderr
    assert last_line(result.stderr).startswith("Galat: Chromium (/tidak/ada) tidak bisa mencetak panduan")
    assert tree_digest(site) == before


def test_exit_codes_tell_data_problems_from_usage() -> None:
    assert run("validate", "--data", "/tidak/ada").returncode == EXIT_DATA
    assert run("validate", "--tidak-ada").returncode == EXIT_USAGE


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    quiet = run("validate", "--data", str(tmp_path / "tidak-ada"))
    loud = run("validate", "--data", str(tmp_path / "tidak-ada"), "--debug")
    assert "Traceback" not in quiet.stderr and "Traceback" in loud.stderr
    assert last_line(quiet.stderr) == last_line(loud.stderr)


def test_a_site_generator_failure_is_named_by_its_first_error() -> None:
    from labkem.errors import SiteBuildFailed

    output = "INFO - Building documentation...\nWARNING - a\nERROR - Config value 'nav': bad\nAborted with 1 errors\n"
    failure = explain(SiteBuildFailed.of_tool("mkdocs build --strict", output, 1))
    assert failure.message == "mkdocs build --strict gagal: ERROR - Config value 'nav': bad; situs lama tidak diubah"
    assert failure.exit_code == EXIT_ENVIRONMENT
    full = explain(
        SiteBuildFailed.of_tool("Pagefind", "write: No space left on device (os error 28)", 1), "id", Path("/")
    )
    assert full.message.startswith("disk penuh: tidak ada ruang untuk menulis di /")


def test_the_cause_is_found_under_what_the_clean_up_raised() -> None:
    """Ctrl-C while a process pool starts makes the pool's shut-down raise a RuntimeError of its own."""
    from concurrent.futures.process import BrokenProcessPool

    from labkem.failures import EXIT_INTERRUPTED

    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt:
            raise RuntimeError("cannot join thread before it is started") from None
    except RuntimeError as error:
        masked = error
    masked.__context__ = KeyboardInterrupt()
    assert explain(masked).exit_code == EXIT_INTERRUPTED
    lost = explain(BrokenProcessPool("A process in the process pool was terminated abruptly"), "en")
    assert lost.exit_code == EXIT_ENVIRONMENT and lost.message.startswith("a worker process stopped abruptly")
