"""action.yml's install step, run as the runner runs it (bash -e -o pipefail) on a copy of this
clone as the action's path: it installs the tool into its own virtual environment, puts the
command on later steps' PATH, installs once per job, and refuses a version that is not one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .harness import ROOT

STEPS = yaml.safe_load((ROOT / "action.yml").read_text())["runs"]["steps"]
INSTALL = next(step for step in STEPS if step["name"] == "Install toggl-reconciler")


@pytest.fixture(scope="module")
def action_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This clone's files (tracked or new, not ignored): what `uses:` checks out."""
    copy = tmp_path_factory.mktemp("action-path")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)
    return copy


def install(action_path: Path, runner_temp: Path, version: str) -> subprocess.CompletedProcess[str]:
    github_path = runner_temp / "github_path"
    github_path.touch()
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_ACTION_PATH": str(action_path),
        "GITHUB_PATH": str(github_path),
        "VERSION": version,
        "TOGGL_API_TOKEN": "",
    }
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", INSTALL["run"]],
        env=env,
        cwd=runner_temp,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_installs_the_actions_own_copy_once_and_puts_it_on_path(action_path, tmp_path):
    first = install(action_path, tmp_path, "")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "toggl-reconciler, version" in first.stdout
    [bin_dir] = (tmp_path / "github_path").read_text().splitlines()
    tool = Path(bin_dir) / "toggl-reconciler"
    assert sorted(p.name for p in Path(bin_dir).iterdir()) == ["toggl-reconciler"]  # no python
    version = subprocess.run([str(tool), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout == first.stdout.splitlines()[-1] + "\n"

    # A second use in the same job finds it installed: without pip, it still succeeds.
    [pip] = (tmp_path / "toggl-reconciler" / "venv").glob("lib/python*/site-packages/pip")
    pip.rename(pip.with_name("pip-hidden"))
    second = install(action_path, tmp_path, "")
    assert second.returncode == 0, second.stdout + second.stderr
    assert second.stdout.strip() == first.stdout.splitlines()[-1]


@pytest.mark.parametrize("version", ["1.0; touch pwned", "latest", "-e ."])
def test_a_version_that_is_not_a_release_number_is_refused(action_path, tmp_path, version):
    result = install(action_path, tmp_path, version)
    assert result.returncode == 1
    assert "::error::version must be a release number such as 0.2.0" in result.stdout
    assert not (tmp_path / "toggl-reconciler").exists()
    assert not (tmp_path / "pwned").exists()
