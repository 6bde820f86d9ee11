"""The third-party client job: each client runs in its own virtual environment, in a child
process, against a sandbox server that this (the project's) process serves on a free port.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from compat_driver import run_driver


@pytest.fixture(scope="session")
def driver_results() -> Callable[[str], dict[str, dict[str, Any]]]:
    """Run each client's driver once per session; answer its step results by client name."""
    cache: dict[str, dict[str, dict[str, Any]]] = {}

    def results(name: str) -> dict[str, dict[str, Any]]:
        if name not in cache:
            cache[name] = run_driver(name)
        return cache[name]

    return results
