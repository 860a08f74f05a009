"""Python's cyclic garbage collector, paused for work that allocates much and makes few reference cycles.

Rendering a package builds its page models and writes thousands of pages: millions of short-lived objects
(strings, template contexts, map areas) over a live model of hundreds of thousands. The collector starts a pass
every 700 net allocations and, every so often, traverses everything alive, so its cost grows with the size of
the package and with every object a feature adds. Objects without cycles are freed by reference counting
whether the collector runs or not; the few cycles a package makes (template contexts) are collected once, when it
is done. With the collector paused (and quicker maps), a province build with maps took 0.80 of its time
(PERFORMANCE.md, 2026-12-03).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off, then collect once and turn it back on (if it was on)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect(0)  # what the block made and kept is all in the youngest generation: the rest is not traversed
        if enabled:
            gc.enable()
