"""What a failed command says last: one line naming the cause and what to do, and an exit code by kind.

The exit codes and what each means are `EXIT_MEANINGS` (the site's reference page lists them). In every case the
published site is left as it was. With `--debug` or LABKEM_DEBUG=1 the traceback follows.
"""

from __future__ import annotations

import contextlib
import errno
import shutil
import traceback
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import typer

from labkem.core.errors import LabkemError, ValidationFailed

EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_ENVIRONMENT = 3
EXIT_INTERNAL = 4
EXIT_INTERRUPTED = 130

# exit code -> (Indonesian, English)
EXIT_MEANINGS: dict[int, tuple[str, str]] = {
    0: ("selesai tanpa masalah", "done"),
    EXIT_DATA: (
        "data bermasalah (baris di atasnya menyebut berkas, baris, kolom dan aturannya), atau berkas atau folder "
        "yang disebut di perintah tidak ada",
        "the data has problems (the lines above name file, row, column and rule), or a file or folder named on the "
        "command line is missing",
    ),
    EXIT_USAGE: (
        "perintah dipanggil keliru: opsi tidak dikenal atau argumen kurang",
        "the command was called wrongly: an unknown option or a missing argument",
    ),
    EXIT_ENVIRONMENT: (
        "komputer menghalangi: cakram penuh, folder tidak bisa ditulis, Chromium tidak ada atau gagal, pembangun "
        "situs atau Pagefind gagal, proses pekerja dihentikan (paling sering karena memori habis)",
        "the machine stood in the way: a full disk, a folder that cannot be written, Chromium missing or failing, "
        "the site generator or Pagefind failing, a worker process killed (most often for lack of memory)",
    ),
    EXIT_INTERNAL: (
        "kesalahan di labkem sendiri: jalankan lagi dengan --debug dan laporkan keluarannya",
        "a fault in labkem itself: run again with --debug and report what it prints",
    ),
    EXIT_INTERRUPTED: (
        "dihentikan (Ctrl-C); build berikutnya membersihkan sisa build ini",
        "interrupted (Ctrl-C); the next build removes what this one left",
    ),
}

FULL = (errno.ENOSPC, errno.EDQUOT)
REFUSED = (errno.EACCES, errno.EPERM, errno.EROFS)
FULL_TEXT = "No space left on device"


@dataclass(frozen=True)
class Failure:
    """The closing line of a failed command and its exit code."""

    message: str
    exit_code: int


def _say(lang: str, indonesian: str, english: str) -> str:
    return english if lang == "en" else indonesian


def _free(path: Path) -> str:
    """Free space on the disk holding `path` (or its nearest existing parent), as text."""
    for candidate in (path, *path.parents):
        try:
            free = shutil.disk_usage(candidate).free
        except OSError:
            continue
        return f"{free / 1e6:.1f} MB" if free < 1e9 else f"{free / 1e9:.1f} GB"
    return "?"


def _full_disk(path: Path | None, lang: str) -> Failure:
    where = str(path.parent if path and path.suffix else path) if path else "?"
    free = _free(path) if path else "?"
    return Failure(
        _say(
            lang,
            f"disk penuh: tidak ada ruang untuk menulis di {where} (tersisa {free}); kosongkan ruang di disk itu "
            "atau pilih folder lain dengan --out, lalu jalankan lagi. Situs lama tidak berubah.",
            f"disk full: no room to write in {where} ({free} left); free some space on that disk or choose "
            "another folder with --out, then run again. The previous site is unchanged.",
        ),
        EXIT_ENVIRONMENT,
    )


def _chain(error: BaseException) -> list[BaseException]:
    """The error and those it was raised from or while handling, first to last."""
    found: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in found:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def _inside_pool(error: BaseException) -> bool:
    """Whether an error was raised by the process pool's own machinery: a worker killed while the pool starts
    its next one surfaces as `OSError('handle is closed')` from `submit`, not as BrokenProcessPool."""
    frames = traceback.extract_tb(error.__traceback__)
    return any(frame.filename.replace("\\", "/").endswith("concurrent/futures/process.py") for frame in frames)


def _cause(error: BaseException) -> BaseException:
    """The error that says most about why the command stopped: an interruption, a killed worker or a disk or
    permission error anywhere in the chain wins over what the clean-up raised after it (a pool shut down by
    Ctrl-C raises a RuntimeError of its own, for one)."""
    chain = _chain(error)
    for wanted in (_interrupted, _worker_lost, _disk_refused):
        found = next((e for e in chain if wanted(e)), None)
        if found is not None:
            return found
    return error


def _interrupted(error: BaseException) -> bool:
    return isinstance(error, KeyboardInterrupt)


def _worker_lost(error: BaseException) -> bool:
    return isinstance(error, BrokenProcessPool) or (
        isinstance(error, OSError) and error.errno is None and _inside_pool(error)
    )


def _disk_refused(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in FULL + REFUSED


def explain(error: BaseException, lang: str = "id", place: Path | None = None) -> Failure:
    """The one line and exit code for an error that ended a command; `place` is the folder the command was
    writing into (its --out), named when the error itself does not say where."""
    error = _cause(error)
    if _interrupted(error):
        return Failure(
            _say(
                lang,
                "dihentikan sebelum selesai; situs lama tidak berubah, dan build berikutnya membersihkan sisa "
                "build ini",
                "interrupted before the end; the previous site is unchanged, and the next build removes what this "
                "one left",
            ),
            EXIT_INTERRUPTED,
        )
    if _worker_lost(error):
        return Failure(
            _say(
                lang,
                "sebuah proses pekerja berhenti mendadak, biasanya karena kehabisan memori; jalankan lagi dengan "
                "--jobs 1 atau di mesin dengan memori lebih besar. Situs lama tidak berubah.",
                "a worker process stopped abruptly, most often for lack of memory; run again with --jobs 1 or on a "
                "machine with more memory. The previous site is unchanged.",
            ),
            EXIT_ENVIRONMENT,
        )
    if isinstance(error, OSError) and error.errno in FULL:
        return _full_disk(Path(error.filename) if error.filename else place, lang)
    if isinstance(error, OSError) and error.errno in REFUSED:
        path = error.filename or "?"
        return Failure(
            _say(
                lang,
                f"izin ditolak: {path} tidak bisa ditulis (folder hanya-baca atau milik pengguna lain); pilih folder "
                "lain dengan --out atau perbaiki izinnya. Situs lama tidak berubah.",
                f"permission denied: {path} cannot be written (a read-only folder or another user's); choose another "
                "folder with --out or fix its permissions. The previous site is unchanged.",
            ),
            EXIT_ENVIRONMENT,
        )
    if isinstance(error, LabkemError):
        if FULL_TEXT in error.message:
            return _full_disk(place, lang)
        first = error.message.strip().splitlines()[0] if error.message.strip() else type(error).__name__
        return Failure(first, error.exit_code)
    if isinstance(error, OSError):
        return Failure(
            _say(
                lang,
                f"galat sistem berkas: {error.strerror or error} ({error.filename or '?'}); situs lama tidak berubah",
                f"file system error: {error.strerror or error} ({error.filename or '?'}); the previous site is "
                "unchanged",
            ),
            EXIT_ENVIRONMENT,
        )
    return Failure(
        _say(
            lang,
            f"galat tak terduga ({type(error).__name__}: {error}); situs lama tidak berubah. Jalankan lagi dengan "
            "--debug dan laporkan keluarannya.",
            f"unexpected error ({type(error).__name__}: {error}); the previous site is unchanged. Run again with "
            "--debug and report what it prints.",
        ),
        EXIT_INTERNAL,
    )


@contextlib.contextmanager
def problems_printed() -> Iterator[None]:
    """Print each problem a `ValidationFailed` carries, one a line on stdout, before it ends the command with its
    closing line (`explain`)."""
    try:
        yield
    except ValidationFailed as failure:
        for problem in failure.problems:
            typer.echo(problem.format())  # type: ignore[attr-defined]
        raise
