"""The README documents every command and option of the CLI, and every rule the validator can report."""

from __future__ import annotations

import re

import typer.main

from labkem.cli import app
from labkem.validate.messages import MESSAGES

from conftest import PROJECT_DIR

README = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_in_the_readme() -> None:
    command = typer.main.get_command(app)
    missing = []
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
        if f"labkem {name}" not in README:
            missing.append(name)
        for param in sub.params:
            for option in param.opts:
                if option.startswith("--") and option not in README:
                    missing.append(f"{name} {option}")
    assert missing == []


def test_every_rule_with_a_message_is_in_the_readme() -> None:
    documented = set(re.findall(r"`([a-z]+(?:-[a-z]+)+|json|encoding)`", README))
    undocumented = sorted(rule for rule in MESSAGES if rule not in documented)
    assert undocumented == [] or set(undocumented) <= {
        "incorrect-label",
        "duplicate-label",
        "missing-cell",
        "extra-cell",
        "source-error",
        "package-error",
        "resource-error",
    }
