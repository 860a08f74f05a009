"""The reference page lists every command, option, exit code and rule, generated from the code; the README and
ARCHITECTURE.md point only at files that exist."""

from __future__ import annotations

import re
import subprocess
import sys

import typer.main

from labkem.cli import app
from labkem.commands.failures import EXIT_MEANINGS
from labkem.validate.messages import MESSAGES

from conftest import PROJECT_DIR

REFERENCE = PROJECT_DIR / "docs" / "referensi" / "index.md"


def test_the_reference_page_is_what_the_code_generates() -> None:
    run = subprocess.run(
        [sys.executable, "scripts/make_reference.py", "--check"], cwd=PROJECT_DIR, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr


def test_every_command_and_option_is_in_the_reference() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    command = typer.main.get_command(app)
    missing = []
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
        if f"### `labkem {name}`" not in text:
            missing.append(name)
        for param in sub.params:
            for option in [*param.opts, *param.secondary_opts]:
                if option.startswith("--") and f"`{option}" not in text:
                    missing.append(f"{name} {option}")
    assert missing == []


def test_every_rule_and_exit_code_is_in_the_reference() -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    assert sorted(rule for rule in MESSAGES if f"- `{rule}`: " not in text) == []
    assert sorted(code for code in EXIT_MEANINGS if f"| {code} |" not in text) == []


def test_the_readme_is_a_front_door() -> None:
    readme = (PROJECT_DIR / "README.md").read_bytes()
    assert len(readme) <= 12_000
    text = readme.decode("utf-8")
    assert "make site" in text and "make test" in text and "make check" in text


def test_the_readme_and_architecture_name_only_files_that_exist() -> None:
    missing = []
    for name in ("README.md", "ARCHITECTURE.md", "PERFORMANCE.md", "CONTRIBUTING.md"):
        text = (PROJECT_DIR / name).read_text(encoding="utf-8")
        for path in re.findall(r"`((?:src|docs|scripts|tests|overrides|\.github)/[\w./-]+)`", text):
            if not (PROJECT_DIR / path.rstrip("/")).exists():
                missing.append(f"{name}: {path}")
        for target in re.findall(r"\]\(((?!https?:|#)[^)#]+)", text):
            if not (PROJECT_DIR / target).exists():
                missing.append(f"{name}: {target}")
    assert missing == []
