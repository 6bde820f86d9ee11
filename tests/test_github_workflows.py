"""Every workflow we ship and the action itself pass actionlint and GitHub's published schemas
(check-jsonschema's vendored github-workflows and github-actions), and the action's shell passes
shellcheck. The tools come from the test extra; the checks need no network."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# How the examples name the action; the checks point it at this clone's action.yml instead.
PUBLISHED_ACTION = re.compile(r"uses: OWNER/toggl-reconciler@\S+")


def _is_workflow(path: Path) -> bool:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return isinstance(data, dict) and "jobs" in data


WORKFLOWS = sorted(
    path
    for pattern in ("examples/*.yml", "examples/*.yaml", ".github/workflows/*.y*ml")
    for path in ROOT.glob(pattern)
    if _is_workflow(path)
)


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: install the test extra (pip install -e '.[test]')")
    return found


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{BIN}:/usr/bin:/bin", "NO_COLOR": "1", "HOME": str(cwd)}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _repo_with_action(tmp_path: Path) -> Path:
    """A repository holding this clone's action at its root, as users' workflows see it."""
    repo = tmp_path / "repo"
    (repo / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(ROOT / "action.yml", repo / "action.yml")
    shutil.copytree(ROOT / "action", repo / "action", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


def _actionlint(repo: Path, workflow_text: str, name: str) -> subprocess.CompletedProcess[str]:
    target = repo / ".github" / "workflows" / name
    target.write_text(PUBLISHED_ACTION.sub("uses: ./", workflow_text), encoding="utf-8")
    return _run(_tool("actionlint"), "-shellcheck", _tool("shellcheck"), str(target), cwd=repo)


def test_the_shipped_workflows_are_all_checked():
    assert {p.name for p in WORKFLOWS} >= {"github-actions.yml", "drift-detection.yml"}


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actionlint_passes_with_the_action_checked_against_action_yml(workflow, tmp_path):
    text = workflow.read_text(encoding="utf-8")
    assert PUBLISHED_ACTION.search(text), "the examples use the action"
    result = _actionlint(_repo_with_action(tmp_path), text, workflow.name)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflows_match_githubs_workflow_schema():
    result = _run(
        _tool("check-jsonschema"),
        "--builtin-schema",
        "vendor.github-workflows",
        *map(str, WORKFLOWS),
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_action_matches_githubs_action_schema():
    result = _run(
        _tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", "action.yml"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _action_scripts() -> list[str]:
    steps = yaml.safe_load((ROOT / "action.yml").read_text())["runs"]["steps"]
    return [step["run"] for step in steps if "run" in step]


def test_the_actions_shell_passes_shellcheck_and_takes_no_expressions(tmp_path):
    scripts = _action_scripts()
    assert len(scripts) >= 2
    for n, script in enumerate(scripts):
        # Inputs reach the shell through env, never pasted into the script: no injection.
        assert "${{" not in script
        path = tmp_path / f"step{n}.sh"
        path.write_text(script)
        result = _run(_tool("shellcheck"), "--shell=bash", str(path))
        assert result.returncode == 0, result.stdout + result.stderr


def test_the_checks_catch_mistakes(tmp_path):
    """The checks above can fail: an unknown input of the action, a shell bug in a workflow, and
    a misspelt key in action metadata are each reported."""
    broken = (ROOT / "examples" / "github-actions.yml").read_text(encoding="utf-8")
    broken = broken.replace("config: workspace.yaml", "confg: workspace.yaml", 1)
    broken = broken.replace(
        "      - uses: actions/checkout@v5\n",
        "      - uses: actions/checkout@v5\n      - run: echo $UNQUOTED\n",
        1,
    )
    result = _actionlint(_repo_with_action(tmp_path), broken, "broken.yml")
    assert result.returncode != 0
    assert 'input "confg" is not defined' in result.stdout
    assert "SC2086" in result.stdout  # shellcheck, run by actionlint

    action = tmp_path / "action.yml"
    action.write_text((ROOT / "action.yml").read_text().replace("runs:", "run:", 1))
    result = _run(
        _tool("check-jsonschema"), "--builtin-schema", "vendor.github-actions", str(action)
    )
    assert result.returncode != 0


def test_the_readmes_workflow_snippets_pass_actionlint(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    snippets = [s for s in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "jobs:" in s]
    assert len(snippets) >= 2
    repo = _repo_with_action(tmp_path)
    for n, snippet in enumerate(snippets):
        result = _actionlint(repo, snippet, f"readme{n}.yml")
        assert result.returncode == 0, snippet + result.stdout + result.stderr
