"""Running a client's driver: a freshly seeded sandbox served from this (the project's) process,
and the driver in a child process with the python of the client's own virtual environment.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from compat_venvs import VenvError, ensure_venv

from toggl_sandbox import Backend, ThreadedServer

HERE = Path(__file__).resolve().parent
DRIVER_TIMEOUT_SECS = 120
SEED_AGE_SECS = 3600  # the seeded objects are an hour old, so `since` can tell them apart


class ShiftedClock:
    """The sandbox's clock: `offset` seconds away from the real time."""

    def __init__(self, offset: float) -> None:
        self.offset = offset

    def __call__(self) -> float:
        return time.time() + self.offset


def seed_world(backend: Backend) -> dict[str, Any]:
    """What a driver needs to find: the ids and names of a few existing objects."""
    active = backend.add_client("Compat Client")
    archived = backend.add_client("Compat Archived Client", archived=True)
    return {
        "active_client": {"id": active["id"], "name": active["name"]},
        "archived_client": archived["id"],
        "archived_project": backend.add_project("Compat Archived Project", active=False)["id"],
        # Named to sort last, made first: a listing in id order is not in name order.
        "old_project": backend.add_project("Compat Zulu")["id"],
        "billable_project": backend.add_project("Compat Billable", billable=True)["id"],
    }


def run_driver(name: str) -> dict[str, dict[str, Any]]:
    """Serve a freshly seeded sandbox and run tests/compat/drive_<name>.py in the client's venv."""
    try:
        python = ensure_venv(name)
    except VenvError as error:
        message = f"cannot build the virtual environment for {name}: {error}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)  # CI must not turn a broken install into a green run
        pytest.skip(message)
    clock = ShiftedClock(-SEED_AGE_SECS)
    backend = Backend(clock=clock)
    seed = seed_world(backend)
    clock.offset = 0
    with ThreadedServer(backend) as server:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "COMPAT_API_URL": server.url,
            "COMPAT_API_TOKEN": server.token,
            "COMPAT_WORKSPACE_ID": str(backend.workspace_id),
            "COMPAT_SEED": json.dumps(seed),
        }
        script = HERE / f"drive_{name.replace('-', '_')}.py"
        done = subprocess.run(
            [str(python), str(script)],
            capture_output=True,
            text=True,
            env=env,
            timeout=DRIVER_TIMEOUT_SECS,
            check=False,
        )
    if done.returncode != 0:
        pytest.fail(f"{script.name} exited {done.returncode}:\n{done.stderr[-3000:]}")
    results: dict[str, dict[str, Any]] = json.loads(done.stdout)
    return results
