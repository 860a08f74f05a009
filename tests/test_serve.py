"""`labkem serve`: the whole site on localhost, built again when the data changes; a broken change keeps the site."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from labkem.publish.serve import watch

from conftest import PROJECT_DIR, VALID

BOTOSARI = "33.26.02.2008"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, timeout: float = 60) -> str:
    """The page at `url`, waiting for the server to answer."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def wait_for(condition: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "not seen in time"
        time.sleep(0.3)


@pytest.mark.slow
def test_serve_shows_data_pages_and_rebuilds_when_the_data_changes(tmp_path: Path) -> None:
    data = tmp_path / "datapackages"
    shutil.copytree(VALID, data)
    port = free_port()
    command = [sys.executable, "-m", "labkem", "serve", "--data", str(data), "--out", str(tmp_path / "build" / "site")]
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            cwd=PROJECT_DIR,
            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        page = f"http://127.0.0.1:{port}/desa/{BOTOSARI}/"
        assert "Botosari" in fetch(page)
        programmes = data / "kab-pekalongan" / "program.csv"
        text = programmes.read_text(encoding="utf-8")
        name = "Laboratorium Kemiskinan"
        assert name in text
        programmes.write_text(text.replace(name, "Laboratorium Kemiskinan Terpadu", 1), encoding="utf-8")
        wait_for(lambda: "Laboratorium Kemiskinan Terpadu" in fetch(page))
        # a change that fails validation: the log says so and the served site stays
        observations = data / "kab-pekalongan" / "observasi.csv"
        observations.write_text(observations.read_text(encoding="utf-8") + "bukan,baris,yang,sah,x\n", encoding="utf-8")
        wait_for(lambda: "build gagal" in log.read_text(encoding="utf-8"))
        assert "Laboratorium Kemiskinan Terpadu" in fetch(page)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_change_made_while_a_build_runs_is_built_too(tmp_path: Path) -> None:
    """The files are looked at before a build reads them, so a change saved during the build starts another."""
    watched = tmp_path / "observasi.csv"
    watched.write_text("1", encoding="utf-8")
    calls: list[str] = []
    stop = threading.Event()

    def rebuild() -> None:
        calls.append(watched.read_text(encoding="utf-8"))
        if len(calls) == 1:
            watched.write_text("22", encoding="utf-8")  # saved while this build runs
        else:
            stop.set()

    thread = threading.Thread(target=watch, args=([tmp_path], rebuild, lambda _: None, 0.05, stop))
    thread.start()
    try:
        time.sleep(0.2)
        watched.write_text("333", encoding="utf-8")
        thread.join(timeout=10)
    finally:
        stop.set()
        thread.join()
    assert calls == ["333", "22"]
