"""MkDocs in shards: the same bytes as one build, place pages grouped by regency, failures reported whole."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from labkem.errors import SiteBuildFailed
from labkem.shards import build_shards, docs_files, plan, shard_count

from conftest import PROJECT_DIR, kill_build_when, labkem, tree_digest


def test_two_shards_give_the_same_site_as_one_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample with an address (so the sitemap lists every page and has to be merged), built both ways."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    data = tmp_path / "datapackages"
    shutil.copytree(PROJECT_DIR / "datapackages", data)
    settings = data / "situs.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace('url: ""', 'url: "https://contoh.github.io/labkem/"'),
        encoding="utf-8",
    )
    sites = {}
    for jobs in ("1", "2"):
        site = tmp_path / f"jobs-{jobs}" / "site"
        result = labkem("build", "--data", str(data), "--out", str(site), "--pdf", "off", "--jobs", jobs)
        assert result.returncode == 0, result.stderr[-3000:]
        assert ("MkDocs dalam 2 bagian sekaligus" in result.stderr) is (jobs == "2")
        sites[jobs] = site
    assert (sites["2"] / "sitemap.xml").read_text(encoding="utf-8").count("<url>") > 1000
    assert tree_digest(sites["1"]) == tree_digest(sites["2"])
    assert not list(sites["2"].parent.glob(".site.new-*"))

    # the same two shards as parts, each built on its own (one CI runner each), then merged
    build_dir = tmp_path / "runner"
    for number in (2, 1):
        result = labkem(
            "build", "--data", str(data), "--out", str(build_dir / "site"), "--pdf", "off", "--shard", f"{number}/2"
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert f"bagian {number} dari 2" in result.stderr
    assert not (build_dir / "site").exists()  # a part leaves the site alone
    parts = tmp_path / "unduhan"  # as the merge job downloads them: one folder per artifact
    for number in (1, 2):
        shutil.copytree(build_dir / "bagian" / str(number), parts / f"bagian-{number}")
    merged = tmp_path / "gabungan" / "site"
    result = labkem("merge", str(parts), "--out", str(merged))
    assert result.returncode == 0, result.stderr[-3000:]
    assert tree_digest(merged) == tree_digest(sites["1"])
    assert (parts / "bagian-2" / "bagian.json").is_file()  # the downloaded parts are left as they were


def write_part(folder: Path, number: int, count: int, key: str = "k") -> None:
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(f"bagian {number}", encoding="utf-8")
    manifest = {"versi": 1, "bagian": number, "dari": count, "kunci": key, "tanggal": "2026-01-01", "urutan": []}
    (folder / "bagian.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ([(1, 3, "k"), (3, 3, "k")], "bagian 2 dari 3 tidak ada"),
        ([(1, 2, "k"), (2, 2, "lain")], "dari commit yang sama"),
        ([(1, 2, "k"), (2, 3, "k")], "jumlah bagian harus sama"),
        ([(1, 2, "k"), (1, 2, "k"), (2, 2, "k")], "bagian 1 ada dua kali"),
        ([], "tidak ada bagian situs"),
    ],
    ids=["missing", "other-build", "other-count", "twice", "none"],
)
def test_merge_refuses_parts_that_do_not_make_one_site(
    tmp_path: Path, parts: list[tuple[int, int, str]], message: str
) -> None:
    folder = tmp_path / "bagian"
    folder.mkdir()
    for index, (number, count, key) in enumerate(parts):
        write_part(folder / f"artefak-{index}", number, count, key)
    write_part(folder / ".2.new-99999", 2, 3, "k")  # left by a part build killed before its swap: not a part
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("situs lama", encoding="utf-8")
    result = labkem("merge", str(folder), "--out", str(site))
    assert result.returncode == 1
    assert message in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bagian", "site"]  # no staging folder left
    assert (site / "index.html").read_text(encoding="utf-8") == "situs lama"


@pytest.mark.parametrize("value", ["3/2", "0/2", "2", "a/b"])
def test_a_shard_must_be_k_of_n(value: str) -> None:
    result = labkem("build", "--shard", value)
    assert result.returncode == 2
    assert "--shard" in result.stderr


def place_docs(root: Path, regencies: dict[str, int]) -> Path:
    docs = root / "docs"
    (docs / "desa").mkdir(parents=True)
    (docs / "index.md").write_text("# Beranda\n", encoding="utf-8")
    for regency, count in regencies.items():
        for number in range(count):
            kode = f"{regency}.01.{2001 + number}"
            (docs / "desa" / f"{kode}.md").write_text(f"# Desa {kode}\n\n[Beranda](../index.md)\n", encoding="utf-8")
            (docs / "desa" / f"{kode}.csv").write_text("a\n1\n", encoding="utf-8")
    return docs


def test_plan_keeps_a_regency_together_and_balances_pages(tmp_path: Path) -> None:
    docs = place_docs(tmp_path, {"33.01": 30, "33.02": 20, "33.03": 12})
    shard_plan = plan(docs_files(docs), 2)
    owner = {
        name: shard_plan.owner.get(name, 0) for name in (p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    }
    for regency in ("33.01", "33.02", "33.03"):
        assert len({shard for name, shard in owner.items() if name.startswith(f"desa/{regency}")}) == 1
    # 30 pages on one shard; index.md + 20 + 12 on the other
    assert sorted(shard_plan.pages) == [30, 33]
    assert owner["index.md"] == 0


def test_a_broken_link_in_any_shard_fails_the_build(tmp_path: Path) -> None:
    docs = place_docs(tmp_path, {"33.01": 3, "33.02": 3})
    shard_plan = plan(docs_files(docs), 2)
    broken = next(name for name, shard in shard_plan.owner.items() if shard == 1 and name.endswith(".md"))
    (docs / broken).write_text("# Desa\n\n[hilang](tidak-ada.md)\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(yaml.safe_dump({"site_name": "Uji", "docs_dir": str(docs), "strict": True}), encoding="utf-8")
    staging = tmp_path / ".site.new-1"
    with pytest.raises(SiteBuildFailed) as failure:
        build_shards(config, docs_files(docs), staging, 2, lambda _waited: None)
    assert "bagian 2 dari 2" in failure.value.message and "tidak-ada.md" in failure.value.message
    assert not staging.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "mkdocs-shard.yml", "mkdocs.yml"]


def test_a_killed_sharded_build_leaves_nothing_after_the_next_build(tmp_path: Path) -> None:
    """SIGKILL while the shards run: the site stays as it was, and the next build clears the shards' folder."""
    out = tmp_path / "build" / "site"
    assert labkem("build", "--out", str(out), "--pdf", "off").returncode == 0
    before = tree_digest(out)
    command = ["build", "--out", str(out), "--pdf", "off", "--jobs", "2", "--full"]
    kill_build_when(command, out.parent, ".site.new-shards-*/shard-1", 120, 0.5)  # while shard 2 writes
    assert tree_digest(out) == before
    assert labkem("build", "--out", str(out), "--pdf", "off", "--jobs", "2").returncode == 0
    assert [p.name for p in out.parent.iterdir() if p.name.startswith(".")] == []


def test_big_sites_get_more_shards_than_processes_and_run_them_a_few_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [f"desa/33.{regency:02d}.01.{2001 + n}.md" for regency in range(1, 8) for n in range(5_000)]
    assert shard_count(names, 2) == 3  # 35,000 place pages: 12,000 at most per shard
    assert shard_count(names[:20_000], 2) == 2
    assert shard_count(names[:500], 2) == 1
    # four shards, one process at a time: the same site as one MkDocs build (the place pages outside the
    # navigation and the search index, as on the real site)
    docs = place_docs(tmp_path, {"33.01": 3, "33.02": 3, "33.03": 2, "33.04": 2})
    config = tmp_path / "mkdocs.yml"
    settings = {"site_name": "Uji", "docs_dir": str(docs), "nav": [{"Beranda": "index.md"}], "plugins": []}
    config.write_text(yaml.safe_dump(settings), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    one = tmp_path / "satu"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(one)], check=True)
    running: list[int] = []
    real_popen = subprocess.Popen

    class Counted(real_popen):  # type: ignore[misc, valid-type]
        """The real Popen, counting how many shards run at once."""

        alive: list[subprocess.Popen[str]] = []

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            Counted.alive = [p for p in Counted.alive if p.poll() is None] + [self]
            running.append(len(Counted.alive))

    monkeypatch.setattr(subprocess, "Popen", Counted)
    staging = tmp_path / ".site.new-1"
    build_shards(config, docs_files(docs), staging, 4, lambda _waited: None, jobs=1)
    assert running == [1, 1, 1, 1]
    assert tree_digest(staging) == tree_digest(one)


def _described(files: Any) -> list[tuple[Any, ...]]:
    return [
        (file.src_uri, file.dest_uri, file.url, file.abs_src_path, file.abs_dest_path, file.inclusion, type(file))
        for file in files
    ]


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("twin", ["", "desa/README.md", "a/z.markdown"])
def test_listed_files_are_mkdocs_own_walk(tmp_path: Path, directory_urls: bool, twin: str) -> None:
    """What a shard takes from the plan's list is what MkDocs' walk of the folder gives: order (index first,
    folders depth first in name order), addresses, exclusions; a file with the same output as another (`twin`: a
    README beside an index, `z.markdown` beside `z.md`) is left to MkDocs."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from labkem.shard_hook import listed_files

    docs = tmp_path / "docs"
    names = [
        "tentang.md", "index.md", "a.md", "a/z.md", "a/index.json", "a-b/index.md", "a-b/c.csv", "a/b/README.md",
        "a/b/x.md", "B.md", ".hidden.md", "x/.cache/y.json", "templates/t.html", "desa/33.01.01.2001.md",
        "desa/33.01.01.2001/profil.csv", "desa/index.md", "README.txt", "zz/README.md",
    ]  # fmt: skip
    if twin:
        names.append(twin)
    for name in names:
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("# x\n", encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        yaml.safe_dump({"site_name": "uji", "use_directory_urls": directory_urls, "exclude_docs": "*.csv\n"}),
        encoding="utf-8",
    )
    config = load_config(str(config_file))
    expected = _described(get_files(config))
    walked = [entry[0] for entry in expected]
    assert walked[:2] == ["README.txt", "index.md"] and walked.index("a/b/x.md") < walked.index("a-b/index.md")
    assert "desa/README.md" not in walked and "desa/index.md" in walked  # MkDocs keeps the index
    assert _described(listed_files(config, docs_files(docs))) == expected
