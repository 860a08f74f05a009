"""Measure `labkem build` at regency, province or national scale on synthetic data over the real gazetteer.

    python scripts/bench.py --scale regency|province|national [--runs 3] [--json OUT]

The data: every village of Kab. Pekalongan (regency, 285), Jawa Tengah (province, 8,563) or Indonesia
(national, 83,763; the national gazetteer comes from the pinned npm package, see import_gazetteer.py),
one package per regency with the full codebook over four semesters, written once into
build/bench/SCALE/datapackages and reused while the generator is unchanged. Every value is synthetic and the
packages say so.

With `--boundaries DIR` (a copy of cahyadsn/wilayah_boundaries at the pinned commit, see
scripts/import_boundaries.py) the regencies found there get their village boundaries, and the builds draw maps;
the build's `maps` line (map models and files, measured in each package) is reported as a stage. Compare a run
with and one without boundaries (each with its own `--work`) for the whole cost of maps, pages included.

Each run is the real `labkem build` in its own process; its stage lines give the seconds per stage, and the
process tree's memory is sampled from /proc for the peak per stage. The timed builds are full (`--full`), each
into an empty site folder. Then one village's household count changes, once per run, and the site is built
again without `--full` (only that regency's package is read and rendered again), reported as its median and
its ratio to the full build, and checked to give the bytes of a full build of the same data; the data file is
put back afterwards. Figures are medians over the runs; the site's size counts every file (pages, API, chart
data, downloads, search), as a host counts it.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from labkem.core import paths
from labkem.data import gazetteer
from labkem.data.scaffold import slug

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_sample

# bumped when the generated data changes: 3, the sample's situs.yml gives colours that pass WCAG AA
GENERATOR_VERSION = "3"
PERIODS = ("2022-S1", "2022-S2", "2023-S1", "2023-S2")
SCALES = {"regency": ("33.26",), "province": ("33",), "national": ()}
REGENCY_MAP = re.compile(rb'<figure class="labkem-map".*?</figure>', re.S)
# what a page loads as it opens: its stylesheets, scripts, icons and images, and the file of boundary lines a map
# draws its neighbours from (`<use href="…/batas.svg#semua">`)
LOADED = re.compile(
    r'<(?:link\b[^>]*\brel="(?:stylesheet|icon)"[^>]*\bhref|script\b[^>]*\bsrc|img\b[^>]*\bsrc|use\b[^>]*\bhref)="([^"#?]+)'
)
INNER_STAGES = ("transform", "maps")  # reported by the render stage, inside it
STAGE_LINE = re.compile(r"^(\w+): .* \((\d+(?:\.\d+)?) s\)$")
BENCH_NAME = "Lab Kemiskinan (uji skala, data sintetis)"


def synthetic_regency(kode: str, nama: str) -> make_sample.Regency:
    """A regency whose every figure is drawn by the seeded generator: nothing in it is a fact."""
    rng = make_sample.rng_for("bench", kode)
    return make_sample.Regency(
        kode=kode,
        slug=slug(nama),
        periods=PERIODS,
        poverty=[(year, round(rng.uniform(5, 20), 2), None, None, make_sample.SYNTHETIC) for year in range(2019, 2024)],
        program={
            "id": f"program-uji-{kode.replace('.', '-')}",  # programme ids are unique across packages
            "nama": "Program uji skala (sintetis)",
            "tahun_mulai": 2022,
            "tahun_selesai": None,
            "aturan_pemilihan": "Sintetis: desa dengan rumah tangga desil 1 terbanyak.",
            "uraian": "Program rekaan untuk mengukur kecepatan build; bukan program nyata.",
            "sumber": make_sample.SYNTHETIC,
        },
        outcomes=[],
        named_villages=[],
        synthetic_members=5,
        synthetic_peran="prioritas",
        synthetic_kohort=2022,
        poor_share=round(rng.uniform(0.25, 0.5), 3),
    )


def _write_one(args: tuple[str, str, Path, Path]) -> int:
    """Write one synthetic regency package (in a worker process); return its village count."""
    kode, nama, data_dir, wilayah_dir = args
    wilayah = {name: make_sample.read_rows(wilayah_dir / f"{name}.csv") for name in ("kabupaten", "kecamatan", "desa")}
    codebook = make_sample.read_rows(data_dir / "indikator" / "indikator.csv")
    reg = synthetic_regency(kode, nama)
    with contextlib.redirect_stdout(io.StringIO()):
        path = make_sample.write_regency(reg, data_dir, wilayah, codebook)
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["title"] = f"Data uji skala {nama} (SINTETIS)"
    descriptor["description"] = (
        f"DATA SINTETIS untuk mengukur kecepatan build, di atas gazetir {nama}. Tidak ada angka di paket ini "
        "yang menggambarkan keadaan nyata."
    )
    descriptor["sources"] = [
        {"title": "Dibuat scripts/bench.py (sintetis)"},
        {"title": "idn-area-data 4.0.1 (gazetir)"},
    ]
    path.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    with (data_dir / reg.slug / "desa_profil.csv").open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


def make_data(
    scale: str, work: Path, jobs: int, min_villages: int | None = None, boundaries: Path | None = None
) -> tuple[Path, int]:
    """Write (or reuse) the synthetic packages of `scale`; return the data folder and the village count.

    `min_villages` keeps only the first regencies (in code order) that together hold at least that many villages;
    `boundaries`, a wilayah_boundaries folder, gives the regencies it holds their boundaries (the `batas` package).
    """
    data_dir = work / "datapackages"
    marker = work / "data.json"
    wanted_stamp = {
        "generator": GENERATOR_VERSION,
        "scale": scale,
        "min_villages": min_villages,
        "boundaries": str(boundaries) if boundaries else None,
    }
    if marker.exists():
        stamp = json.loads(marker.read_text(encoding="utf-8"))
        if {key: stamp.get(key) for key in wanted_stamp} == wanted_stamp:
            return data_dir, int(stamp["villages"])
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    shutil.copytree(paths.DATA_DIR / "indikator", data_dir / "indikator")
    settings = (paths.DATA_DIR / "situs.yml").read_text(encoding="utf-8")
    settings = re.sub(r"^nama: .*$", f'nama: "{BENCH_NAME}"', settings, count=1, flags=re.M)
    (data_dir / "situs.yml").write_text(settings, encoding="utf-8")
    provinces = SCALES[scale]
    if scale == "national":
        print("gazetir nasional dari paket npm idn-area-data ...", flush=True)
        rows = gazetteer.wilayah_rows(gazetteer.read_tables(gazetteer.fetch_tarball(paths.CACHE_DIR)))
        gazetteer.write_wilayah_package(rows, data_dir / "wilayah", "Gazetir wilayah Indonesia")
    else:
        shutil.copytree(paths.DATA_DIR / "wilayah", data_dir / "wilayah")
    kabupaten = make_sample.read_rows(data_dir / "wilayah" / "kabupaten.csv")
    wanted = [r for r in kabupaten if not provinces or r["kode"] in provinces or r["kode_provinsi"] in provinces]
    if min_villages:
        wanted = _first_holding(wanted, make_sample.read_rows(data_dir / "wilayah" / "desa.csv"), min_villages)
    started = time.perf_counter()
    villages = 0
    tasks = [(r["kode"], r["nama"], data_dir, data_dir / "wilayah") for r in wanted]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for done, count in enumerate(pool.map(_write_one, tasks, chunksize=4), start=1):
            villages += count
            if done % 25 == 0 or done == len(tasks):
                print(f"data: {done}/{len(tasks)} kabupaten, {villages:,} desa ({time.perf_counter() - started:.0f} s)")
    if boundaries:
        import_boundaries(boundaries, data_dir, [r["kode"] for r in wanted])
    marker.write_text(json.dumps({**wanted_stamp, "villages": villages}) + "\n", encoding="utf-8")
    return data_dir, villages


def import_boundaries(source: Path, data_dir: Path, regencies: list[str]) -> None:
    """Write the `batas` package for the `regencies` whose village file the source holds."""
    held = [kode for kode in regencies if (source / boundary_file(kode)).is_file()]
    if not held:
        print(f"batas: {source} tidak memuat kabupaten mana pun dari data ini", flush=True)
        return
    script = Path(__file__).resolve().parent / "import_boundaries.py"
    command = [sys.executable, str(script), "--source", str(source), "--data", str(data_dir), "--kabupaten", *held]
    started = time.perf_counter()
    subprocess.run(command, check=True)
    print(f"batas: {len(held)} kabupaten ({time.perf_counter() - started:.0f} s)", flush=True)


def boundary_file(kode_kabupaten: str) -> str:
    """Where the source keeps a regency's villages."""
    province = kode_kabupaten[:2]
    return f"db/kel/{province}/wilayah_boundaries_kel_{kode_kabupaten}.sql"


def _first_holding(regencies: list[dict[str, str]], villages: list[dict[str, str]], count: int) -> list[dict[str, str]]:
    """The first regencies, in code order, that together hold at least `count` villages."""
    per_regency: dict[str, int] = {}
    for row in villages:
        regency = row["kode"][:5]
        per_regency[regency] = per_regency.get(regency, 0) + 1
    chosen, total = [], 0
    for row in sorted(regencies, key=lambda r: r["kode"]):
        if total >= count:
            break
        chosen.append(row)
        total += per_regency.get(row["kode"], 0)
    return chosen


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants (Linux /proc)."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm", encoding="ascii") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text(encoding="ascii").split()
                stack.extend(int(child) for child in children)
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


@dataclass
class Run:
    """One timed command: wall seconds, the stages it reported and the peak memory seen in each."""

    wall_s: float
    stages: dict[str, float] = field(default_factory=dict)
    peak_rss: dict[str, int] = field(default_factory=dict)
    output: list[str] = field(default_factory=list)


def timed(command: list[str], env: dict[str, str]) -> Run:
    """Run `command`, echo its lines, and sample its memory every 0.1 s until it ends."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    run = Run(0.0)
    current = ["(start)"]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            rss = tree_rss(process.pid)
            run.peak_rss[current[0]] = max(run.peak_rss.get(current[0], 0), rss)
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert process.stdout is not None
    for line in process.stdout:
        line = line.rstrip("\n")
        run.output.append(line)
        print(f"  | {line}", flush=True)
        match = STAGE_LINE.match(line)
        if match and match.group(1) in INNER_STAGES:  # measured inside the render stage, which is not over yet
            run.stages[match.group(1)] = float(match.group(2))
            run.peak_rss[match.group(1)] = run.peak_rss.get(current[0], 0)
        elif match:
            run.stages[match.group(1)] = float(match.group(2))
            run.peak_rss[match.group(1)] = max(run.peak_rss.get(match.group(1), 0), run.peak_rss.pop(current[0], 0))
            current[0] = "(next)"
    code = process.wait()
    stop.set()
    sampler.join()
    run.wall_s = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"{' '.join(command)} gagal dengan kode {code}")
    return run


def median_village(site: Path) -> Path | None:
    """The village page of median size."""
    pages = sorted((site / "desa").glob("*/index.html"), key=lambda path: path.stat().st_size)
    return pages[len(pages) // 2] if pages else None


def first_load(site: Path, page: Path | None) -> int:
    """The bytes a browser fetches to open `page` with nothing in its cache: the page and every file of the site
    it loads as it opens (the search indexes wait until a search box is used)."""
    if page is None:
        return 0
    text = page.read_text(encoding="utf-8")
    files = {(page.parent / address).resolve() for address in LOADED.findall(text) if "://" not in address}
    return page.stat().st_size + sum(path.stat().st_size for path in files if path.is_file())


def site_figures(site: Path, villages: int) -> dict[str, Any]:
    """Page count, village page sizes (and what the median one loads as it opens), the largest search index file
    (Pagefind's index chunks, fragments and metadata), the regency maps (count, largest raw and gzipped) and the
    size of a built site: bytes and files, and bytes per village."""
    pages = sum(1 for _ in site.rglob("index.html"))
    village_sizes = sorted(path.stat().st_size for path in (site / "desa").glob("*/index.html"))
    # index files only: Pagefind's loader, matcher and optional UI bundles are code, the same at every scale
    index_files = [
        p
        for folder in ("search", "pagefind")
        for p in (site / folder).rglob("*")
        if p.is_file() and p.suffix not in {".js", ".css"} and not p.name.startswith("wasm.")
    ]
    sizes = [p.stat().st_size for p in site.rglob("*") if p.is_file()]
    site_bytes = sum(sizes)
    # a regency's map as its page carries it (every shape inline, with its links and labels)
    regency_maps = [
        found.group(0)
        for page in (site / "kabupaten").glob("*/index.html")
        if (found := REGENCY_MAP.search(page.read_bytes()))
    ]
    return {
        "pages": pages,
        "village_pages": len(village_sizes),
        "village_page_bytes": int(statistics.median(village_sizes)) if village_sizes else 0,
        "village_first_load_bytes": first_load(site, median_village(site)),
        "village_pages_total_bytes": sum(village_sizes),
        "search_max_index_bytes": max((p.stat().st_size for p in index_files), default=0),
        "site_bytes": site_bytes,
        "site_files": len(sizes),
        "bytes_per_village": round(site_bytes / villages) if villages else 0,
        "regency_maps": len(regency_maps),
        "regency_map_max_bytes": max(map(len, regency_maps), default=0),
        "regency_map_max_gzip_bytes": max((len(gzip.compress(m)) for m in regency_maps), default=0),
    } | english_figures(site, site_bytes)


def english_figures(site: Path, site_bytes: int) -> dict[str, Any]:
    """Of a site with its English edition (`en/`): the bytes of the edition and of its search index, the median
    English village page and what it loads as it opens, and the largest English search index file."""
    english = site / "en"
    if not english.is_dir():
        return {}
    edition = sum(p.stat().st_size for p in english.rglob("*") if p.is_file())
    search = [p for p in (english / "pagefind").rglob("*") if p.is_file()]
    index_files = [p for p in search if p.suffix not in {".js", ".css"} and not p.name.startswith("wasm.")]
    village_sizes = sorted(path.stat().st_size for path in (english / "desa").glob("*/index.html"))
    return {
        "en_bytes": edition,
        "en_share_of_site": round(edition / site_bytes, 3) if site_bytes else 0,
        "en_search_bytes": sum(p.stat().st_size for p in search),
        "en_village_page_bytes": int(statistics.median(village_sizes)) if village_sizes else 0,
        "en_village_first_load_bytes": first_load(english, median_village(english)),
        "en_search_max_index_bytes": max((p.stat().st_size for p in index_files), default=0),
    }


def set_languages(data_dir: Path, languages: tuple[str, ...]) -> None:
    """Give the data's `situs.yml` the site's languages (`bahasa`), over what it said."""
    settings = data_dir / "situs.yml"
    text = re.sub(r"^bahasa: .*\n", "", settings.read_text(encoding="utf-8"), flags=re.M)
    settings.write_text(text + f"bahasa: [{', '.join(languages)}]\n", encoding="utf-8")


def bench(
    scale: str,
    runs: int,
    work: Path,
    jobs: int,
    min_villages: int | None = None,
    incremental: bool = True,
    boundaries: Path | None = None,
    languages: tuple[str, ...] = ("id",),
) -> dict[str, Any]:
    """Build `runs` times, with the site's `languages`; then, unless `incremental` is off, change one village
    `runs` times and time the builds that follow; return the medians."""
    data_dir, villages = make_data(scale, work, jobs, min_villages, boundaries)
    set_languages(data_dir, languages)
    site = work / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    labkem = [sys.executable, "-m", "labkem"]
    builds: list[Run] = []
    for number in range(1, runs + 1):
        print(f"build {number}/{runs}: {villages:,} desa", flush=True)
        shutil.rmtree(site, ignore_errors=True)
        command = [*labkem, "build", "--data", str(data_dir), "--out", str(site), "--pdf", "off"]
        builds.append(timed([*command, "--full"], env))
    figures = site_figures(site, villages)
    # after the last full build: one village's data changes, and the site is built again
    changes: list[Run] = []
    same = False
    if incremental:
        for step, _ in enumerate(change_one_village(data_dir, runs)):
            changes.append(timed(command, env))
            if step == runs - 1:  # while the data is changed
                same = same_as_full(command, site, work / "penuh", env)
    wall = statistics.median(run.wall_s for run in builds)
    stage_names = list(builds[-1].stages)
    peak = max(max(run.peak_rss.values(), default=0) for run in builds)
    return {
        "scale": scale,
        "villages": villages,
        "runs": runs,
        "wall_s": round(wall, 1),
        "wall_runs_s": [round(run.wall_s, 1) for run in builds],
        "peak_rss_mb": round(peak / 2**20),
        "stages": {
            name: round(statistics.median(run.stages.get(name, 0.0) for run in builds), 1) for name in stage_names
        },
        "stage_peak_rss_mb": {
            name: round(max(run.peak_rss.get(name, 0) for run in builds) / 2**20) for name in stage_names
        },
        **figures,
        **({"incremental": _incremental_figures(changes, wall, same)} if changes else {}),
    }


READ = re.compile(r"^transform: (\d+) paket dibaca")


def same_as_full(command: list[str], site: Path, other: Path, env: dict[str, str]) -> bool:
    """Whether a full build of the data as it is now, into `other`, gives the bytes of `site`."""
    shutil.rmtree(other, ignore_errors=True)
    out = command.index("--out") + 1
    timed([*command[:out], str(other / "site"), *command[out + 1 :], "--full"], env)
    return _tree(site) == _tree(other / "site")


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _incremental_figures(runs: list[Run], full_wall: float, same: bool) -> dict[str, Any]:
    wall = statistics.median(run.wall_s for run in runs)
    read = [next((int(m.group(1)) for m in map(READ.match, run.output) if m), 0) for run in runs]
    return {
        "wall_s": round(wall, 1),
        "wall_runs_s": [round(run.wall_s, 1) for run in runs],
        "ratio_to_full": round(wall / full_wall, 3),
        "packages_read": read,
        "same_bytes_as_full": same,
        "stages": {
            name: round(statistics.median(run.stages.get(name, 0.0) for run in runs), 1) for name in runs[-1].stages
        },
    }


def change_one_village(data_dir: Path, times: int) -> Iterator[None]:
    """Before each of `times` steps, change the household count of another village of the last regency by one;
    afterwards put the file back as it was, so the data stays the generated data."""
    observations = sorted(data_dir.glob("*/observasi.csv"))[-1]
    original = observations.read_bytes()
    lines = original.decode("utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    indicator, value = header.index("indikator"), header.index("nilai")
    rows = [i for i, line in enumerate(lines) if line.split(",")[indicator] == "jumlah_rumah_tangga"]
    try:
        for step in range(times):
            changed = list(lines)
            row = rows[step * len(rows) // times]
            cells = changed[row].rstrip("\n").split(",")
            cells[value] = str(int(cells[value]) + 1)
            changed[row] = ",".join(cells) + "\n"
            observations.write_text("".join(changed), encoding="utf-8")
            print(
                f"incremental {step + 1}/{times}: {observations.parent.name}, desa {cells[header.index('kode_desa')]}"
            )
            yield
    finally:
        observations.write_bytes(original)


def main() -> None:
    """Parse arguments, run the benchmark and print (and optionally save) its figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=list(SCALES), required=True)
    parser.add_argument("--runs", type=int, default=3, help="builds to take the median of (default 3)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--work", type=Path, help="working folder (default build/bench/SCALE)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes for writing the data")
    parser.add_argument("--villages", type=int, help="only the first regencies holding at least this many villages")
    parser.add_argument("--data-only", action="store_true", help="write the data and stop (for tests and profiling)")
    parser.add_argument(
        "--no-incremental", action="store_true", help="skip the builds after one village changed (on by default)"
    )
    parser.add_argument(
        "--boundaries", type=Path, help="a wilayah_boundaries folder at the pinned commit: draw maps where it has them"
    )
    parser.add_argument(
        "--bahasa", default="id", help="the site's languages, as situs.yml's bahasa lists them (default id; id,en)"
    )
    args = parser.parse_args()
    languages = tuple(code.strip() for code in args.bahasa.split(",") if code.strip())
    work = (args.work or paths.BUILD_DIR / "bench" / args.scale).resolve()
    work.mkdir(parents=True, exist_ok=True)
    if args.data_only:
        data_dir, villages = make_data(args.scale, work, args.jobs, args.villages, args.boundaries)
        set_languages(data_dir, languages)
        print(f"{data_dir}: {villages:,} desa")
        return
    boundaries = args.boundaries.resolve() if args.boundaries else None
    result = bench(
        args.scale, args.runs, work, args.jobs, args.villages, not args.no_incremental, boundaries, languages
    )
    text = json.dumps(result, indent=2)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
