"""Build the whole site with ProperDocs and with Zensical as well as MkDocs, and report what differs.

The site generator builds only the hand-written pages and the shells the data pages go into (see
`labkem.render.shells`); this checks that the same `mkdocs.yml` gives the same site with MkDocs' maintained fork
and with Material's successor, so that switching stays a configuration change. Run after `make site`:

    python scripts/generators.py [--build build] [--report build/generators.md]

Exit status: 1 when a generator fails or its site has other pages than MkDocs'; 0 otherwise (differences in
article text or other files are reported, not fatal).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from labkem.publish.sitediff import compare_sites

OTHERS = {"properdocs": "ProperDocs", "zensical": "Zensical"}


def main() -> int:
    """Build with each other generator into build/situs-NAME and write the comparison report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=Path, default=Path("build"))
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    build = args.build.resolve()
    report, failed = [], False
    for generator, name in OTHERS.items():
        out = build / f"situs-{generator}"
        started = time.perf_counter()
        command = [sys.executable, "-m", "labkem", "build", "--generator", generator, "--out", str(out)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        report.append(
            f"## {name}\n\nBuild {name}: {'berhasil' if result.returncode == 0 else 'GAGAL'} ({seconds:.1f} s).\n"
        )
        if result.returncode != 0:
            failed = True
            report.append("```\n" + (result.stdout + result.stderr)[-3000:] + "\n```\n")
            continue
        diff = compare_sites(build / "site", out)
        failed = failed or bool(diff.only_a or diff.only_b)
        report.append(diff.markdown("MkDocs", name))
    text = "\n".join(report)
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
