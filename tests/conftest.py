"""Shared fixtures: every test works in its own tmp_path on a copy of a tiny fixture dataset."""

from __future__ import annotations

import functools
import gzip
import hashlib
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from playwright.sync_api import Browser, sync_playwright

TESTS_DIR = Path(__file__).resolve().parent
PROJECT_DIR = TESTS_DIR.parent
VALID = TESTS_DIR / "data" / "valid"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# In CI the property tests draw the same examples every run, so a failure is reproducible and a green
# run stays green; locally they explore new examples each time.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


# Test tiers. `make check` runs the fast one: every test not marked `slow` (it builds a whole site, which runs the
# site generator, starts LibreOffice, or clones the repository) or `browser` (it starts Chromium); `make test` runs
# them all. A test is marked by the fixtures it uses (`SLOW_FIXTURES`, `browser`) or by hand. In the fast tier a
# test that runs the site generator without its mark fails and says so, in this process or through
# `labkem("build", ...)`.
SLOW_FIXTURES = {"built_site", "sample_site", "server", "sample_server", "english_sample"}
_may_build = True


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
        if "browser" in fixtures:
            item.add_marker(pytest.mark.browser)


def pytest_runtest_setup(item: pytest.Item) -> None:
    # before any fixture of the test is set up, so a site built by a fixture counts too
    global _may_build
    _may_build = item.get_closest_marker("slow") is not None


@pytest.fixture(autouse=True, scope="session")
def _fast_tests_build_no_site() -> Iterator[None]:
    from labkem.publish import site

    generate = site.generate

    def guarded(*args: Any, **kwargs: Any) -> None:
        if not _may_build:
            pytest.fail("this test builds a whole site: mark it @pytest.mark.slow (see tests/conftest.py)")
        generate(*args, **kwargs)

    site.generate = guarded
    yield
    site.generate = generate


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A writable copy of the valid fixture dataset (one regency, 8 villages)."""
    target = tmp_path / "datapackages"
    shutil.copytree(VALID, target)
    return target


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The embedded sample (three regencies, 1,002 villages) built once, for browser checks."""
    from labkem.commands.build import build

    root = tmp_path_factory.mktemp("sample")
    return build(PROJECT_DIR / "datapackages", root / "build" / "site", project_dir=PROJECT_DIR).site_dir


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture dataset built once into a site, for read-only HTML checks."""
    from labkem.commands.build import build

    root = tmp_path_factory.mktemp("built")
    data = root / "datapackages"
    shutil.copytree(VALID, data)
    result = build(data, root / "build" / "site", project_dir=PROJECT_DIR)
    return result.site_dir


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def labkem(*args: str, cwd: Path = PROJECT_DIR) -> subprocess.CompletedProcess[str]:
    if args[:1] in {("build",), ("serve",)} and not _may_build:
        pytest.fail(f"labkem {args[0]} builds a whole site: mark the test @pytest.mark.slow (see tests/conftest.py)")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "labkem", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site without logging every request."""

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(site: Path) -> Iterator[str]:
    """Serve a built site over HTTP on a free local port; yield its base URL."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def fresh_clone(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A clean clone of the repository and the environment to run commands in it as a user would.

    The environment `make` would create is this one (`.venv` points at it); the clone's own code comes first
    on the path, so the commands run the committed code, not this checkout's.
    """
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(PROJECT_DIR), str(clone)], check=True)
    (clone / ".venv").symlink_to(Path(sys.prefix))
    (clone / ".venv" / ".installed").touch()
    env = dict(os.environ, PYTHONPATH=str(clone / "src"), NO_MKDOCS_2_WARNING="1")
    return clone, env


def kill_build_when(args: list[str], folder: Path, pattern: str, timeout: float, pause: float) -> None:
    """Start `labkem ARGS` in a session of its own, wait until `pattern` shows under `folder`, let it run `pause`
    seconds more, then SIGKILL the session: labkem and its MkDocs children, mid-write."""
    process = subprocess.Popen(
        [sys.executable, "-m", "labkem", *args],
        cwd=PROJECT_DIR,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while not list(folder.glob(pattern)) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert list(folder.glob(pattern)), f"{pattern} never showed under {folder}"
        time.sleep(pause)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def fragments(index: Path) -> list[dict[str, Any]]:
    """The page records of the Pagefind index in folder `index` (its gzip-compressed fragments)."""
    records = []
    for fragment in sorted((index / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        records.append(json.loads(data[data.index(b"{") :]))
    return records
