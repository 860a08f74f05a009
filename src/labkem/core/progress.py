"""Progress of long stages: one line rewritten in place on a terminal, plain lines in a CI log.

A stage reports `(stage, done, total, unit)` as work completes. On a terminal the line shows the count, the
seconds elapsed and an estimate of the seconds left, redrawn at most five times a second. Elsewhere (a CI log,
a file) a plain line is written at every tenth of the way, so a log of a national build stays short but still
shows that work is moving.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

Tick = Callable[[str, int, int, str], None]

REDRAW_SECONDS = 0.2
PLAIN_STEPS = 10


def quiet(_stage: str, _done: int, _total: int, _unit: str) -> None:
    """A Tick that reports nothing (library use and tests)."""


def describe(stage: str, done: int, total: int, unit: str, elapsed: float) -> str:
    """`render: 4250/8563 desa, 35 s, sisa ~36 s`: the estimate assumes the rest goes at the pace so far."""
    text = f"{stage}: {done:,}/{total:,} {unit}, {elapsed:.0f} s"
    if 0 < done < total:
        text += f", sisa ~{elapsed / done * (total - done):.0f} s"
    return text


class Console:
    """Writes log lines and progress to `stream` (standard error by default)."""

    def __init__(
        self,
        stream: TextIO | None = None,
        interactive: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream or sys.stderr
        if interactive is None:
            interactive = self.stream.isatty() and not os.environ.get("CI")
        self.interactive = interactive
        self.clock = clock
        self._started: dict[str, float] = {}
        self._shown: dict[str, float] = {}
        self._open = False  # a progress line is on screen without its newline

    def log(self, line: str) -> None:
        """A line of its own, below any progress line."""
        self._close()
        self.stream.write(line + "\n")
        self.stream.flush()

    def tick(self, stage: str, done: int, total: int, unit: str) -> None:
        """Record that `done` of `total` units of `stage` are finished."""
        now = self.clock()
        started = self._started.setdefault(stage, now)
        finished = done >= total
        if self.interactive:
            if not finished and now - self._shown.get(stage, 0.0) < REDRAW_SECONDS:
                return
            self._shown[stage] = now
            self.stream.write("\r" + describe(stage, done, total, unit, now - started) + "\x1b[K")
            self._open = True
            if finished:
                self._close()
        else:
            step = max(1, total // PLAIN_STEPS)
            if finished or done % step == 0:
                self.stream.write(describe(stage, done, total, unit, now - started) + "\n")
        if finished:
            self._started.pop(stage, None)
        self.stream.flush()

    def _close(self) -> None:
        if self._open:
            self.stream.write("\n")
            self._open = False
