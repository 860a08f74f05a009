"""Worker processes for the parallel stages (validate, render, chart images, page placement, search): one way to
decide how many (`count`, under `--jobs`), to start them and to stop them.

Ctrl-C in a terminal sends SIGINT to the whole foreground process group, workers included. A worker that gets it
while importing labkem prints a traceback of its own, and one that gets it between tasks dies and breaks the
pool, so the command would end with a misleading "worker killed". Workers started here never see it: SIGINT is
blocked in the starting thread while they start, the mask is inherited through fork and exec, and a signal
that arrives meanwhile waits and is delivered to the main process as soon as they are up. Only the main process
hears Ctrl-C; it stops the workers (SIGTERM, which needs no clean-up in them: they write into the staging
folder, which the next build removes) and ends with its one line (`labkem.commands.failures`).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Literal


def count(jobs: int, tasks: int, *, min_tasks: int = 2, tasks_per_worker: int = 1) -> int:
    """Return how many worker processes a stage starts for `tasks` tasks under `--jobs` (`jobs`): never more than
    `jobs`, nor than one per `tasks_per_worker` tasks; 1, meaning none (the work runs in this process), below
    `min_tasks`, where starting workers (each imports labkem) costs more than they save."""
    if jobs <= 1 or tasks < min_tasks:
        return 1
    return max(1, min(jobs, tasks // tasks_per_worker))


@contextlib.contextmanager
def pool(
    jobs: int,
    *,
    start: Literal["spawn", "fork"] = "spawn",
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[ProcessPoolExecutor]:
    """`jobs` worker processes, all started before the block runs; on leaving the block they are shut down,
    and if it was left by an exception (Ctrl-C among them) the running tasks are stopped, not waited for.

    `start` is multiprocessing's start method: "spawn" (a fresh interpreter: safe when the main process already
    runs threads, as vl-convert's) or "fork" (quicker to start, for stages that run before any thread)."""
    context = multiprocessing.get_context(start)
    executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=initializer, initargs=initargs)
    finished = False
    try:
        with _sigint_held():
            # ProcessPoolExecutor starts workers as tasks arrive; a task per worker starts them all now
            for _ in range(jobs):
                executor.submit(_ready)
        yield executor
        finished = True
    finally:
        if not finished:
            _stop(executor)
        executor.shutdown(wait=True, cancel_futures=not finished)


def _ready() -> None:
    """The task that starts a worker."""


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """SIGINT blocked in this thread (so in the processes it starts) for the block, then delivered if it came.

    Blocking covers this thread only: the kernel hands a process's signal to any thread that does not block it,
    and native threads (numpy's BLAS pool, started when pandas is imported) do not. Python then raises
    KeyboardInterrupt in the main thread all the same, possibly halfway through handing a new worker its start-up
    data, which the worker reports as a traceback ("EOFError: Ran out of input"). So in the main thread the
    signal is also only noted during the block, and raised once the workers are up."""
    noted: list[int] = []
    handler = None
    if threading.current_thread() is threading.main_thread():
        handler = signal.signal(signal.SIGINT, lambda number, _frame: noted.append(number))
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)  # a signal held by the mask is noted now
        if handler is not None:
            signal.signal(signal.SIGINT, handler)
            if noted:
                signal.raise_signal(signal.SIGINT)


def _stop(executor: ProcessPoolExecutor) -> None:
    """Stop the workers' running tasks at once: they ignore Ctrl-C, so shutting down alone would wait for them.
    Python 3.14 has `terminate_workers`; before it the executor's processes are reached directly."""
    terminate = getattr(executor, "terminate_workers", None)
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(executor, "_processes", None) or {}).values()):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            process.terminate()
