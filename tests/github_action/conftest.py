"""Running the action's script (action/toggl_action.py) as action.yml does, with a fake `gh` (a
small stateful GitHub) and, unless a test asks for the real command, a fake `toggl-reconciler`
on PATH."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from .harness import HERE, REPO, SCRIPT, TOKEN, FakeGitHub, sha


@dataclass
class ActionRun:
    code: int
    stdout: str
    stderr: str
    outputs: dict[str, str]
    summary: str
    tool_calls: list[dict[str, Any]]


@pytest.fixture
def github(tmp_path: Path) -> FakeGitHub:
    return FakeGitHub(tmp_path / "github.json")


def _launcher(path: Path, target: Path) -> None:
    path.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{target}" "$@"\n')
    path.chmod(0o755)


@pytest.fixture
def action(tmp_path: Path, github: FakeGitHub) -> Callable[..., ActionRun]:
    """Run `toggl_action.py COMMAND` in a fresh step: new output and summary files, the given
    INPUT_*/GitHub variables on top of a pull request's defaults. `toggl` is the fake command's
    behaviour; `toggl=None` uses the real toggl-reconciler installed beside this Python."""
    counter = iter(range(1, 1000))

    def run(
        command: str, *, toggl: dict[str, Any] | None = None, **variables: str | None
    ) -> ActionRun:
        step = tmp_path / f"step{next(counter)}"
        bin_dir = step / "bin"
        bin_dir.mkdir(parents=True)
        _launcher(bin_dir / "gh", HERE / "fake_gh.py")
        if toggl is not None:
            _launcher(bin_dir / "toggl-reconciler", HERE / "fake_toggl.py")
        (step / "toggl.json").write_text(json.dumps(toggl or {}))
        (step / "output").touch()
        (step / "summary").touch()
        log = tmp_path / "toggl-calls.jsonl"
        log.touch()
        env = {
            "PATH": os.pathsep.join(
                [str(bin_dir), str(Path(sys.executable).parent), "/usr/bin", "/bin"]
            ),
            "HOME": str(tmp_path),
            "NO_COLOR": "1",
            "FAKE_GH_STATE": str(github.path),
            "FAKE_TOGGL": str(step / "toggl.json"),
            "FAKE_TOGGL_LOG": str(log),
            "GITHUB_OUTPUT": str(step / "output"),
            "GITHUB_STEP_SUMMARY": str(step / "summary"),
            "GITHUB_REPOSITORY": REPO,
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_RUN_ID": "4242",
            "GITHUB_SHA": sha(1),
            "GITHUB_WORKFLOW_REF": f"{REPO}/.github/workflows/toggl.yml@refs/heads/main",
            "GH_TOKEN": "github-token",
            "TOGGL_API_TOKEN": TOKEN,
            "WORK_DIR": str(tmp_path / "work"),
            "INPUT_CONFIG": "workspace.yaml",
            "INPUT_COMMENT": "true",
            "INPUT_DRIFT_ISSUE": "false",
            "INPUT_ARTIFACT_NAME": "toggl-plan",
            "INPUT_ALLOW_DELETE": "false",
            "PR_NUMBER": "7",
            "PR_HEAD_SHA": sha(2),
        }
        env.update(variables)
        env = {k: v for k, v in env.items() if v is not None}
        proc = subprocess.run(
            [sys.executable, str(SCRIPT), command],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        outputs = dict(
            line.split("=", 1) for line in (step / "output").read_text().splitlines() if line
        )
        calls = [json.loads(line) for line in log.read_text().splitlines()]
        log.write_text("")
        return ActionRun(
            proc.returncode,
            proc.stdout,
            proc.stderr,
            outputs,
            (step / "summary").read_text(),
            calls,
        )

    return run
