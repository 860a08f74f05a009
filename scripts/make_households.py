"""Write a fake household rapid-scan file (invented people only) for practice and tests.

python scripts/make_households.py --region 33.26 --periode 2024 --out data-lokal/contoh.rumah_tangga.csv
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from labkem.core import paths
from labkem.data.households import fake_households, write_households


def main() -> None:
    """Parse arguments and write the file."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--region", required=True, help="regency code, e.g. 33.26")
    parser.add_argument("--periode", default="2024")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=paths.DATA_DIR)
    parser.add_argument("--villages", type=int, default=0, help="only the first N villages (0 = all)")
    parser.add_argument(
        "--lookalike",
        action="store_true",
        help="fill the personal columns with values shaped like real ones (NIK-like numbers starting with 99, "
        "RT/RW addresses) to test that nothing of them leaves aggregate; the default is plain placeholders",
    )
    args = parser.parse_args()
    with (args.data / "wilayah" / "desa.csv").open(encoding="utf-8", newline="") as handle:
        villages = [r["kode"] for r in csv.DictReader(handle) if r["kode"].startswith(args.region + ".")]
    if args.villages:
        villages = villages[: args.villages]
    rows = fake_households(villages, args.periode, lookalike=args.lookalike)
    write_households(args.out, rows)
    print(f"{args.out}: {len(rows)} rumah tangga contoh di {len(villages)} desa")


if __name__ == "__main__":
    main()
