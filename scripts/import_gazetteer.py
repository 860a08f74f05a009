"""Import the gazetteer from the pinned npm package idn-area-data into a data package.

python scripts/import_gazetteer.py                      # Jawa Tengah into datapackages/wilayah
python scripts/import_gazetteer.py --national build/cache/wilayah-nasional
"""

from __future__ import annotations

import argparse
from pathlib import Path

from labkem.core import paths
from labkem.data import gazetteer


def main() -> None:
    """Parse arguments and write the package."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=paths.DATA_DIR / "wilayah", help="package folder")
    parser.add_argument("--provinsi", default="33", help="province codes to keep, comma-separated")
    parser.add_argument("--national", type=Path, help="write all of Indonesia into this folder instead")
    args = parser.parse_args()

    tarball = gazetteer.fetch_tarball(paths.CACHE_DIR)
    tables = gazetteer.read_tables(tarball)
    if args.national:
        rows = gazetteer.wilayah_rows(tables)
        path = gazetteer.write_wilayah_package(rows, args.national, "Gazetir wilayah Indonesia")
    else:
        provinces = args.provinsi.split(",")
        rows = gazetteer.wilayah_rows(tables, provinces)
        names = ", ".join(row["nama"] for row in rows["provinsi"])
        path = gazetteer.write_wilayah_package(rows, args.out, f"Gazetir wilayah: {names}")
    counts = ", ".join(f"{name} {len(table):,}" for name, table in rows.items())
    print(f"{path}: {counts}")


if __name__ == "__main__":
    main()
