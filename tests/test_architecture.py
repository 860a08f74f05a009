"""The tree shows the pipeline: each stage imports only the stages below it (ARCHITECTURE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import labkem

PACKAGE = Path(labkem.__file__).parent
# lowest first; a module may import its own stage and those listed before it
STAGES = ["core", "data", "validate", "transform", "downloads", "render", "publish", "commands", "cli", "__main__"]


def stage_of(module: str) -> str:
    return module.split(".")[1]


def imports_of(path: Path) -> set[str]:
    """The labkem modules `path` imports, at its top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("labkem."):
            found.add(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import (write `from labkem.STAGE import ...`)")
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("labkem."))
    return found


def test_every_module_lives_in_a_stage() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.stem not in {"__init__", *STAGES})
    assert loose == []
    for stage in STAGES[:-2]:
        init = PACKAGE / stage / "__init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"{stage}/ says what it holds"


def test_arrows_only_point_down() -> None:
    upward = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = "labkem." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        for imported in imports_of(path):
            if STAGES.index(stage_of(imported)) > STAGES.index(stage_of(module)):
                upward.append(f"{module} -> {imported}")
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "files.py"
    module.write_text("from labkem.render.pages import render_site\n", encoding="utf-8")
    (imported,) = imports_of(module)
    assert STAGES.index(stage_of(imported)) > STAGES.index("core")


def test_architecture_md_lists_every_module() -> None:
    text = (PACKAGE.parent.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    modules = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if p.parent != PACKAGE]
    assert sorted(m for m in modules if f"`{m}`" not in text and not m.endswith("/__init__.py")) == []
