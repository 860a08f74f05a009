"""The render stage in worker processes writes the same render folder as in the build's own process."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from labkem.commands.build import build
from labkem.core import workers
from labkem.core.options import BuildOptions
from labkem.render import pages
from labkem.render.pages import sort_attribute
from labkem.transform.model import Cell

from conftest import PROJECT_DIR, VALID, tree_digest


@pytest.mark.slow
def test_packages_rendered_in_workers_give_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pools: list[int] = []

    def pool(jobs: int, **options: Any) -> Any:
        pools.append(jobs)
        return workers.pool(jobs, **options)

    monkeypatch.setattr(pages, "workers", SimpleNamespace(pool=pool, count=workers.count))
    monkeypatch.setattr(pages, "MIN_PACKAGES_FOR_WORKERS", 1)  # the fixture has three packages
    digests = []
    for jobs in (1, 2):
        root = tmp_path / f"jobs-{jobs}"
        shutil.copytree(VALID, root / "datapackages")
        build(
            root / "datapackages", root / "build" / "site", BuildOptions(pdf="off", jobs=jobs), project_dir=PROJECT_DIR
        )
        digests.append(tree_digest(root / "build" / "render"))
    assert pools == [2], "only the build with two jobs starts workers, two of them"
    assert digests[0] == digests[1]


@pytest.mark.parametrize(
    ("cell", "attribute"),
    [
        (Cell(46.0, "", "46"), ""),  # tablesort reads the text as the value: nothing to add
        (Cell(1906.0, "", "1.906"), ' data-sort="1906"'),  # "1.906" would read as 1.906
        (Cell(32.5987, "", "32,6%"), ' data-sort="32.5987"'),
        (Cell(None, "c", "disamarkan"), ""),  # read as 0: below every count of one or more
        ("+2", ""),
        ("−3", ' data-sort="-3"'),  # the minus sign would be dropped
        ("", ""),
        (7, ""),
    ],
)
def test_a_number_cell_carries_its_value_only_where_its_text_misleads_tablesort(cell: object, attribute: str) -> None:
    assert str(sort_attribute(cell)) == attribute
