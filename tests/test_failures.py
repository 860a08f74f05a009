"""Failures caused for real: each ends with one line naming its cause, an exit code by kind, no traceback, and
the live site byte for byte as it was.

A full disk is a small tmpfs and a read-only folder a tmpfs remounted read-only, both mounted where the
machine allows it (as root, which CI is); elsewhere those two are skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from labkem.commands.failures import EXIT_DATA, EXIT_ENVIRONMENT, EXIT_INTERRUPTED, EXIT_USAGE, explain

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


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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


def spawned_workers(session: int) -> list[int]:
    """The worker processes started by `labkem.core.workers` (spawned interpreters) in the process session `session`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            in_session = os.getsid(int(entry.name)) == session
        except OSError:  # gone meanwhile
            continue
        if in_session and b"multiprocessing.spawn import spawn_main" in command:
            found.append(int(entry.name))
    return found


def build_until_workers(data: Path, site: Path) -> tuple[subprocess.Popen[str], list[int]]:
    """A full build of `data` into `site`, in a session of its own (as a terminal's foreground job is), run until
    its render workers have started; returns the build and its workers."""
    command = ["build", "--data", str(data), "--out", str(site), "--full", "--pdf", "off", "--jobs", "2"]
    build = subprocess.Popen(
        [sys.executable, "-m", "labkem", *command],
        cwd=PROJECT_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and build.poll() is None:
        found = spawned_workers(build.pid)
        if found:
            return build, found
        time.sleep(0.02)
    build.kill()
    pytest.fail(f"the build started no worker process (exit {build.poll()}): {build.communicate()[1][-2000:]}")


@pytest.mark.slow
def test_a_killed_worker_is_named_and_the_site_left(tmp_path: Path) -> None:
    """SIGKILL is what the kernel's out-of-memory killer sends."""
    site = live_site(tmp_path)
    before = tree_digest(site)
    build, workers = build_until_workers(PROJECT_DIR / "datapackages", site)
    os.kill(workers[0], signal.SIGKILL)
    _, stderr = build.communicate(timeout=120)
    assert build.returncode == EXIT_ENVIRONMENT, stderr
    assert "Traceback" not in stderr
    assert last_line(stderr).startswith("Galat: sebuah proses pekerja berhenti mendadak"), stderr
    assert tree_digest(site) == before


@pytest.mark.slow
def test_ctrl_c_ends_with_one_line_and_no_process_left(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole foreground process group, the build's workers included."""
    site = live_site(tmp_path)
    before = tree_digest(site)
    build, _ = build_until_workers(PROJECT_DIR / "datapackages", site)
    os.killpg(build.pid, signal.SIGINT)
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == EXIT_INTERRUPTED, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert last_line(stderr).startswith("Galat: dihentikan sebelum selesai"), stderr
    assert tree_digest(site) == before
    deadline = time.monotonic() + 10
    while spawned_workers(build.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert spawned_workers(build.pid) == []


def test_exit_codes_tell_data_problems_from_usage() -> None:
    assert run("validate", "--data", "/tidak/ada").returncode == EXIT_DATA
    assert run("validate", "--tidak-ada").returncode == EXIT_USAGE


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    quiet = run("validate", "--data", str(tmp_path / "tidak-ada"))
    loud = run("validate", "--data", str(tmp_path / "tidak-ada"), "--debug")
    assert "Traceback" not in quiet.stderr and "Traceback" in loud.stderr
    assert last_line(quiet.stderr) == last_line(loud.stderr)


def test_a_site_generator_failure_is_named_by_its_first_error() -> None:
    from labkem.core.errors import SiteBuildFailed

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


def _blocked_signals() -> set[int]:
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, []))


def test_workers_never_see_ctrl_c_and_the_main_process_still_does() -> None:
    from labkem.core import workers

    with workers.pool(2) as pool:
        masks = [pool.submit(_blocked_signals).result() for _ in range(4)]
    assert all(signal.SIGINT in mask for mask in masks)
    assert signal.SIGINT not in _blocked_signals()
    # a Ctrl-C that arrives while workers start waits, and reaches the main process once they are up, whichever
    # thread the kernel hands it to: here the main thread, and another thread that does not block it (as numpy's
    # BLAS threads do not in a build), where it used to interrupt the main thread at once
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    reached = []
    try:
        with pytest.raises(KeyboardInterrupt), workers._sigint_held():
            os.kill(os.getpid(), signal.SIGINT)
            assert other.ident is not None
            signal.pthread_kill(other.ident, signal.SIGINT)
            time.sleep(0.3)  # the main thread runs on meanwhile
            reached.append(True)
    finally:
        stop.set()
        other.join()
    assert reached == [True]


def test_leaving_the_pool_by_an_error_stops_its_running_tasks() -> None:
    from concurrent.futures import Future

    from labkem.core import workers

    running: Future[None] | None = None
    with pytest.raises(RuntimeError), workers.pool(1) as pool:
        running = pool.submit(time.sleep, 120)
        time.sleep(0.5)
        raise RuntimeError("the build failed while a worker was busy")
    assert running is not None and running.done()
    assert running.cancelled() or running.exception() is not None  # stopped, not waited for
