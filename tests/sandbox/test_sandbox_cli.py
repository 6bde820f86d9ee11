"""The `sandbox` command: state file, seed, Ctrl-C, and the threaded server under load."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from conftest import api

from toggl_sandbox import ThreadedServer
from toggl_sandbox.cli import sandbox_command

EXAMPLE_WORLD = Path(__file__).parents[2] / "examples" / "sandbox-world.json"
LAUNCH = "from toggl_sandbox.cli import sandbox_command; sandbox_command()"


def _start(*args: str) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    lines = [process.stdout.readline() for _ in range(3)]
    url = next(line.split("=", 1)[1].strip() for line in lines if "TOGGL_API_URL=" in line)
    assert any("export TOGGL_API_TOKEN=sandbox-token" in line for line in lines)
    return process, url


def _interrupt(process: subprocess.Popen[str]) -> tuple[int, str]:
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=10)
    return process.returncode, stderr


def test_state_survives_a_restart_and_ctrl_c_exits_cleanly(tmp_path: Path) -> None:
    state = tmp_path / "world.json"
    process, url = _start("--state", str(state), "--seed", str(EXAMPLE_WORLD))
    auth = ("sandbox-token", "api_token")
    try:
        made = requests.post(
            f"{url}/workspaces/4242/clients", json={"name": "Pied Piper"}, auth=auth
        )
        assert made.status_code == 200
    finally:
        code, stderr = _interrupt(process)
    assert code == 0 and "Traceback" not in stderr

    process, url = _start("--state", str(state))  # no seed: the state file is the world
    try:
        listed = requests.get(f"{url}/workspaces/4242/clients?status=both", auth=auth).json()
        names = [c["name"] for c in listed]
    finally:
        _interrupt(process)
    assert "Pied Piper" in names and "Globex" in names


def test_corrupt_state_file_is_a_one_line_error(tmp_path: Path) -> None:
    state = tmp_path / "world.json"
    state.write_text('{"format": 1, "workspaces": [')
    result = CliRunner().invoke(sandbox_command, ["--port", "0", "--state", str(state)])
    assert result.exit_code == 1
    assert "world.json" in result.output and "invalid JSON" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert state.read_text() == '{"format": 1, "workspaces": ['  # never silently reset


def test_state_file_with_broken_world_is_an_error(tmp_path: Path) -> None:
    state = tmp_path / "world.json"
    world = {"workspaces": [{"name": "W", "projects": [{"name": "P", "client": "Nobody"}]}]}
    state.write_text(json.dumps(world))
    result = CliRunner().invoke(sandbox_command, ["--port", "0", "--state", str(state)])
    assert result.exit_code == 1 and "no client named 'Nobody'" in result.output


def test_missing_seed_file_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(sandbox_command, ["--seed", str(tmp_path / "nope.json")])
    assert result.exit_code == 1 and "no such seed file" in result.output


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(sandbox_command, ["--help"])
    assert result.exit_code == 0 and "toggl-reconciler sandbox --seed" in result.output


def test_server_serves_concurrent_keep_alive_clients(server_sandbox: ThreadedServer) -> None:
    def create_many(worker: int) -> list[int]:
        with api(server_sandbox) as session:
            return [
                session.post(
                    "/workspaces/{wid}/clients", json={"name": f"C{worker}-{i}"}
                ).status_code
                for i in range(25)
            ]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = [s for batch in pool.map(create_many, range(8)) for s in batch]
    assert statuses == [200] * 200
    assert len(server_sandbox.backend.clients()) == 200


def test_server_restart_keeps_the_backend(backend) -> None:
    with ThreadedServer(backend) as first:
        api(first).post("/workspaces/{wid}/clients", json={"name": "Globex"})
    with ThreadedServer(backend) as second:
        names = [c["name"] for c in api(second).get("/workspaces/{wid}/clients").json()]
    assert names == ["Globex"]


def test_free_plan_and_quota_flags_shape_the_served_workspace(tmp_path: Path) -> None:
    process, url = _start("--seed", str(EXAMPLE_WORLD), "--free-plan", "--quota", "4")
    auth = ("sandbox-token", "api_token")
    try:
        workspace = requests.get(f"{url}/workspaces/4242", auth=auth)
        client_id = requests.get(f"{url}/workspaces/4242/clients", auth=auth).json()[0]["id"]
        archive = requests.post(f"{url}/workspaces/4242/clients/{client_id}/archive", auth=auth)
        me = requests.get(f"{url}/me", auth=auth)  # /me has its own bucket
        fourth = requests.get(f"{url}/workspaces/4242", auth=auth)
        fifth = requests.get(f"{url}/workspaces/4242", auth=auth)
    finally:
        _interrupt(process)
    assert workspace.json()["premium"] is False
    # Two 402s, told apart only by the remaining count: the plan (1 left), then the quota (0).
    assert (archive.status_code, archive.headers["X-Toggl-Quota-Remaining"]) == (402, "1")
    assert me.status_code == 200
    assert (fourth.status_code, fourth.headers["X-Toggl-Quota-Remaining"]) == (200, "0")
    assert (fifth.status_code, fifth.headers["X-Toggl-Quota-Remaining"]) == (402, "0")


def test_the_server_runs_with_the_collector_on_even_when_started_with_it_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The program keeps the collector off for commands that end; a server does not end.
    import gc

    import toggl_sandbox.cli as cli

    serving: list[bool] = []

    def first_hour(_: float) -> None:
        serving.append(gc.isenabled())
        raise KeyboardInterrupt  # Ctrl-C: a clean stop

    monkeypatch.setattr(cli.time, "sleep", first_hour)
    gc.disable()
    try:
        result = CliRunner().invoke(sandbox_command, ["--port", "0"])
    finally:
        gc.enable()
    assert serving == [True], result.output
