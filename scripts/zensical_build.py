"""Build the generated docs with Zensical beside MkDocs and report what differs.

Run after `labkem build` (it reads build/mkdocs.yml and build/site):

    python scripts/zensical_build.py [--build build] [--report build/zensical.md]

Exit status: 1 when Zensical fails, 0 otherwise (differences are reported, not fatal).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from labkem.sitediff import compare_sites


def main() -> int:
    """Build with Zensical into build/zensical-site and write the comparison report."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=Path, default=Path("build"))
    parser.add_argument("--report", type=Path)
    args = parser.parse_args()
    build = args.build.resolve()
    config = yaml.safe_load((build / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_dir"] = "zensical-site"
    config.pop("hooks", None)  # MkDocs hooks (static files linked rather than copied) change no output
    zensical_config = build / "zensical.yml"
    zensical_config.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.rmtree(build / "zensical-site", ignore_errors=True)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "zensical", "build", "-f", str(zensical_config)],
        cwd=build,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    report = [
        f"## Zensical\n\nBuild Zensical: {'berhasil' if result.returncode == 0 else 'GAGAL'} ({seconds:.1f} s).\n"
    ]
    if result.returncode != 0:
        report.append("```\n" + (result.stdout + result.stderr)[-3000:] + "\n```\n")
    else:
        report.append(compare_sites(build / "site", build / "zensical-site").markdown("MkDocs", "Zensical"))
    text = "\n".join(report)
    if args.report:
        args.report.write_text(text, encoding="utf-8")
    print(text)
    return 1 if result.returncode != 0 else 0


if __name__ == "__main__":
    raise SystemExit(main())
