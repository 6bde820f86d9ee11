"""What the client drivers share. They run inside a third-party client's own virtual environment
(standard library only here), so nothing from the project is imported.

A driver is a list of named steps run in order against a sandbox; each step either returns
(it held) or raises (its message is the detail). The results go to stdout as one JSON object,
which the tests in the project's environment read, one test per step.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from typing import Any

Step = Callable[[dict[str, Any]], None]


class Target:
    """Where the sandbox is, from the environment the test process sets."""

    def __init__(self) -> None:
        self.url = os.environ["COMPAT_API_URL"]
        self.token = os.environ["COMPAT_API_TOKEN"]
        self.wid = int(os.environ["COMPAT_WORKSPACE_ID"])
        self.seed: dict[str, Any] = json.loads(os.environ.get("COMPAT_SEED", "{}"))


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def run_steps(steps: list[tuple[str, Step]]) -> None:
    """Run every step, sharing one dict of what earlier steps made; print the outcomes."""
    shared: dict[str, Any] = {}
    results: dict[str, dict[str, Any]] = {}
    for name, step in steps:
        try:
            step(shared)
        except Exception as error:  # any failure of the client is the result being recorded
            detail = f"{type(error).__name__}: {error}".strip()
            results[name] = {"ok": False, "detail": detail[:2000]}
            traceback.print_exc(file=sys.stderr)
        else:
            results[name] = {"ok": True, "detail": ""}
    json.dump(results, sys.stdout)
