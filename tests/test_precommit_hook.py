"""The pre-commit hook, run the way users run it (`pre-commit try-repo`, which installs this
repository into pre-commit's own environment): a good config passes, a bad one fails with its
FILE:LINE, and files that are not configs are left alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}

GOOD = """\
version: 1
workspace: 4242
clients:
  - name: Globex
    projects:
      - name: Printers
        color: "#c9806b"
"""
BAD = GOOD.replace("color:", "colour:")  # line 7


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, check=True, capture_output=True
    )


def _commit_all(repo: Path) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "files")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This clone's files as they are now (tracked or new, not ignored), committed in a fresh
    repository: what users get from a tag, whatever is committed here yet."""
    repo = tmp_path_factory.mktemp("hook-repo")
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    _git(repo, "init", "-q")
    _commit_all(repo)
    return repo


@pytest.fixture(scope="module")
def try_repo(hook_repo: Path, tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("pre-commit-home")  # shared: the hook installs once

    def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
        env.pop("TOGGL_API_TOKEN", None)  # the hook needs none
        return subprocess.run(
            [
                str(PRE_COMMIT),
                "try-repo",
                str(hook_repo),
                "toggl-reconciler-validate",
                "--color",
                "never",
                *args,
            ],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    return run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q")
    (tmp_path / "workspace.yaml").write_text(GOOD)
    (tmp_path / "teams").mkdir()
    (tmp_path / "teams" / "sales.toggl.yaml").write_text(GOOD)
    (tmp_path / "docker-compose.yaml").write_text("services: {}\n")  # not a config
    return tmp_path


def test_good_configs_pass(try_repo, project):
    _commit_all(project)
    result = try_repo(project, "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "toggl-reconciler validate" in result.stdout and "Passed" in result.stdout


def test_a_bad_config_fails_with_its_line(try_repo, project):
    (project / "teams" / "ops.toggl.yaml").write_text(BAD)
    _commit_all(project)
    result = try_repo(project, "--all-files")
    assert result.returncode == 1
    assert "Failed" in result.stdout
    assert "teams/ops.toggl.yaml:7: unknown key 'colour' (did you mean 'color'?)" in result.stdout
    assert "docker-compose" not in result.stdout
    # The good files were checked too, and passed.
    assert "teams/sales.toggl.yaml: valid" in result.stdout
