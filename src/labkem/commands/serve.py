"""`labkem serve`: build, serve on localhost, and build again when the data or the hand-written pages change."""

from __future__ import annotations

from pathlib import Path

import typer

from labkem.commands.build import build
from labkem.core import paths
from labkem.core.options import BuildOptions
from labkem.core.progress import Console
from labkem.publish.serve import WATCHED, start_server, watch


def run(data: Path, out: Path, port: int) -> int:
    """Serve the site until Ctrl-C; a build that fails says why and the site served stays as it was."""
    console = Console()

    def rebuild() -> None:
        build(data, out, BuildOptions(pdf="off"), log=console.log, tick=console.tick)

    rebuild()
    server = start_server(out.resolve(), "127.0.0.1", port)
    typer.echo(f"situs di http://127.0.0.1:{port}/ (Ctrl-C untuk berhenti)")
    try:
        watch([data, *(paths.PROJECT_DIR / name for name in WATCHED)], rebuild, console.log)
    finally:
        server.shutdown()
    return 0
