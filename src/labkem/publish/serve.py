"""The local server and the watcher behind `labkem serve`: the whole site on localhost, built again when the data or
the hand-written pages change. A build that fails says why and leaves the site being served as it was."""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

# what a build reads besides the data: the hand-written pages, the theme's overrides and the configuration
WATCHED = ("docs", "overrides", "mkdocs.yml", "mkdocs.en.yml")


def snapshot(roots: Iterable[Path]) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file under `roots` (files or folders)."""
    found: dict[str, tuple[int, int]] = {}
    for root in roots:
        if root.is_file():
            stat = root.stat()
            found[str(root)] = (stat.st_size, stat.st_mtime_ns)
            continue
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    stat = os.stat(path)
                except FileNotFoundError:
                    continue
                found[path] = (stat.st_size, stat.st_mtime_ns)
    return found


def start_server(site: Path, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """Serve `site` in a thread; return the server. Each request looks its file up by path, so it reads whichever
    build was last swapped into `site`."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer((host, port), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watch(
    roots: list[Path],
    rebuild: Callable[[], None],
    log: Callable[[str], None],
    every: float = 1.0,
    stop: threading.Event | None = None,
) -> None:
    """Call `rebuild` whenever a file under `roots` changes (checked every `every` seconds) until `stop` is set."""
    stop = stop or threading.Event()
    seen = snapshot(roots)
    while not stop.wait(every):
        now = snapshot(roots)
        if now == seen:
            continue
        changed = sorted(set(now.items()) ^ set(seen.items()))
        # taken before the build reads the files: a change made while it runs is seen at the next look
        seen = now
        log(f"serve: {len({path for path, _ in changed})} berkas berubah, situs dibangun ulang")
        started = time.monotonic()
        try:
            rebuild()
        except Exception as error:  # the served site stays as it was; the next change tries again
            log(f"serve: build gagal, situs lama tetap disajikan: {error}")
        else:
            log(f"serve: situs diperbarui ({time.monotonic() - started:.1f} s)")
