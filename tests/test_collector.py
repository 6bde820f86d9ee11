"""Bulk reads keep the cyclic garbage collector out, and leave it as they found it."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import responses

from reconciler.collector import collector_paused
from reconciler.errors import TogglError
from reconciler.state import Client, Project
from reconciler.toggl import TogglClient

BASE = "https://api.track.toggl.com/api/v9"


# The bulk of a read: the pages and the objects made from them.
BULK = {
    TogglClient.clients.__code__,
    TogglClient.projects.__code__,
    TogglClient.project_pages.__code__,
    Client.from_api.__func__.__code__,
    Project.from_api.__func__.__code__,
}


def _in_bulk_read() -> bool:
    frame = sys._getframe()
    while frame is not None:
        if frame.f_code in BULK:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


@pytest.fixture
def collections_in_read() -> Iterator[list[str]]:
    """Collections that start while a workspace's pages are read and turned into objects."""
    started: list[str] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start" and _in_bulk_read():
            started.append(phase)

    gc.callbacks.append(record)
    yield started
    gc.callbacks.remove(record)


def project(pid: int) -> dict[str, Any]:
    return {"id": pid, "name": f"P{pid}", "client_id": 1, "active": True, "color": "#06aaf5"}


def serve_pages(projects: int, fail_page: int | None = None) -> None:
    responses.get(f"{BASE}/workspaces/1/clients", json=[{"id": 1, "name": "Globex"}])
    for page in range(1, projects // 200 + 2):
        first = (page - 1) * 200
        body = [project(pid) for pid in range(first, min(first + 200, projects))]
        status = 500 if page == fail_page else 200
        responses.get(
            f"{BASE}/workspaces/1/projects",
            match=[
                responses.matchers.query_param_matcher(
                    {"active": "both", "page": str(page), "per_page": "200"}
                )
            ],
            json=body if status == 200 else "boom",
            status=status,
        )


@responses.activate
def test_reading_a_workspace_runs_no_collection(collections_in_read: list[str]) -> None:
    serve_pages(3_000)
    workspace = TogglClient("t", BASE).read_workspace(1)
    assert len(workspace.projects) == 3_000
    assert collections_in_read == []
    assert gc.isenabled()


@responses.activate
def test_a_failed_read_leaves_the_collector_enabled() -> None:
    serve_pages(1_000, fail_page=3)
    with pytest.raises(TogglError):
        TogglClient("t", BASE, max_attempts=1).read_workspace(1)
    assert gc.isenabled()


def test_the_collector_is_restored_as_it_was_found() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.fixture
def freezes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bool]]:
    """Records each gc.freeze (instead of freezing the test process) and whether the collector
    was off when it came; re-enables the collector afterwards."""
    calls: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(gc.isenabled()))
    try:
        yield calls
    finally:
        gc.enable()


def test_the_program_runs_its_command_with_the_collector_off_then_freezes(
    monkeypatch: pytest.MonkeyPatch, freezes: list[bool]
) -> None:
    import reconciler.cli as cli

    seen: list[bool] = []
    monkeypatch.setattr(cli, "main", lambda: seen.append(gc.isenabled()) or sys.exit(2))
    monkeypatch.setattr(sys, "argv", ["toggl-reconciler", "plan", "x.yaml"])
    with pytest.raises(SystemExit) as exited:
        cli.run()
    assert exited.value.code == 2
    assert seen == [False]  # the command ran with the collector off
    assert freezes == [False]  # and its objects were frozen on the way out, even on exit


def test_the_console_script_and_python_m_run_the_program() -> None:
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    assert 'toggl-reconciler = "reconciler.cli:run"' in pyproject
    # python -m reconciler goes through run() as well: with the collector off in the command.
    probe = (
        "import gc, runpy, sys\n"
        "import reconciler.cli as cli\n"
        "cli.main = lambda: print('collector on' if gc.isenabled() else 'collector off')\n"
        "sys.argv = ['toggl-reconciler']\n"
        "runpy.run_module('reconciler', run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=root, check=True
    )
    assert done.stdout.strip() == "collector off"
