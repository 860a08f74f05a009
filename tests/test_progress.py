"""Progress lines: redrawn in place on a terminal, one line per tenth in a log, always ending on a newline."""

from __future__ import annotations

import io

import pytest

from labkem.core.progress import Console, describe

from conftest import labkem


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_describe_gives_count_elapsed_and_estimate() -> None:
    assert describe("render", 250, 1000, "desa", 10.0) == "render: 250/1,000 desa, 10 s, sisa ~30 s"
    assert describe("render", 1000, 1000, "desa", 40.0) == "render: 1,000/1,000 desa, 40 s"


def test_a_log_gets_a_line_per_tenth_and_the_last() -> None:
    stream, clock = io.StringIO(), Clock()
    console = Console(stream, interactive=False, clock=clock)
    for done in range(1, 96):
        clock.now += 0.5
        console.tick("render", done, 95, "desa")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 11  # 9, 18, ..., 90 and 95
    assert lines[0] == "render: 9/95 desa, 4 s, sisa ~38 s"
    assert lines[-1] == "render: 95/95 desa, 47 s"
    assert "\r" not in stream.getvalue()


def test_a_terminal_redraws_one_line_and_closes_it_before_other_output() -> None:
    stream, clock = io.StringIO(), Clock()
    console = Console(stream, interactive=True, clock=clock)
    for done in range(1, 11):
        clock.now += 0.125  # redrawn every other tick (at most five times a second)
        console.tick("validate", done, 20, "kabupaten")
    console.log("peringatan: contoh")
    text = stream.getvalue()
    assert text.count("\r") == 5 and text.endswith("\nperingatan: contoh\n")
    assert text.split("\r")[-1].startswith("validate: 9/20 kabupaten, 1 s, sisa ~1 s")
    for done in range(11, 21):
        console.tick("validate", done, 20, "kabupaten")
    assert stream.getvalue().endswith("validate: 20/20 kabupaten, 1 s\x1b[K\n")


@pytest.mark.slow
def test_build_log_in_ci_has_plain_progress_lines(data_dir) -> None:  # type: ignore[no-untyped-def]
    result = labkem("build", "--data", str(data_dir), "--out", str(data_dir.parent / "build" / "site"), "--pdf", "off")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert any(line.startswith("render: 1/1 kabupaten, ") for line in lines)
    assert any(line.startswith("validate: 1/1 kabupaten, ") for line in lines)
    assert "\r" not in result.stderr
