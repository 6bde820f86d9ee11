"""Each client's driver run once per session, behind the compat tests' fixture (a conftest.py
here would shadow the suite's own `conftest` module)."""

from __future__ import annotations

from typing import Any

from compat_driver import run_driver

_RESULTS: dict[str, dict[str, dict[str, Any]]] = {}


def driver_results(name: str) -> dict[str, dict[str, Any]]:
    """The step results of client `name`'s driver, run on first use."""
    if name not in _RESULTS:
        _RESULTS[name] = run_driver(name)
    return _RESULTS[name]
