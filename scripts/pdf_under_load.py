"""Print the replication guide to PDF again and again while full builds run beside it, and compare the bytes.

    python scripts/pdf_under_load.py [--times 20] [--busy N]

The guide's PDF must depend only on its sources and the release date (`SOURCE_DATE_EPOCH`), however busy the
machine is: a published `SHA256SUMS` or release must not change without a change in data. Each print uses an empty
cache folder, so Chromium really prints every time; `labkem build --full --pdf off` of the sample runs in a loop in
another process meanwhile, keeping both cores busy; `--busy N` adds N processes that only spin, for a machine
busier still. Exit status 1 when any print differs from the first.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from labkem.data.site_settings import SiteSettings
from labkem.downloads.guide_pdf import find_chromium, guide_pdf

PROJECT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--times", type=int, default=20)
    parser.add_argument("--busy", type=int, default=0, help="processes that only spin, beside the builds")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("Chromium tidak ditemukan (apt-get install chromium, atau LABKEM_CHROMIUM)")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    digests: list[str] = []
    with tempfile.TemporaryDirectory(prefix="labkem-pdf-") as scratch:
        out = Path(scratch) / "build" / "site"
        command = [sys.executable, "-m", "labkem", "build", "--full", "--pdf", "off", "--out", str(out)]
        finished = Path(scratch) / "builds"
        loop = f"while true; do {' '.join(command)} >/dev/null 2>&1 && echo . >> {finished}; done"
        load = subprocess.Popen(["bash", "-c", loop], cwd=PROJECT, start_new_session=True)
        spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
        try:
            for number in range(1, args.times + 1):
                started = time.perf_counter()
                printed = guide_pdf(config, PROJECT / "docs", Path(scratch) / f"pdf-{number}", SiteSettings(), chromium)
                digest = hashlib.sha256(printed.file.read_bytes()).hexdigest()
                digests.append(digest)
                same = "sama" if digest == digests[0] else "BERBEDA"
                print(
                    f"{number:>2}/{args.times}: {digest[:16]} {same} ({time.perf_counter() - started:.1f} s)",
                    flush=True,
                )
        finally:
            os.killpg(load.pid, 9)
            load.wait()
            for spinner in spinners:
                spinner.kill()
                spinner.wait()
        builds = len(finished.read_text().split()) if finished.exists() else 0
    differing = sum(1 for digest in digests if digest != digests[0])
    same = args.times - differing
    print(f"{same} dari {args.times} cetakan sama dengan yang pertama; {builds} build selesai di sampingnya")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
