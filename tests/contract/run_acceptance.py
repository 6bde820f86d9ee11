"""`make acceptance`: the contract tests against a live Toggl workspace, or a clean skip.

    TOGGL_ACCEPTANCE=1 TOGGL_API_TOKEN=... TOGGL_ACCEPTANCE_WORKSPACE=<id> make acceptance

Without those variables it says why and exits 0. With them it prints the request budget, then
runs tests/contract/test_contract.py against that workspace (see contract_target.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from contract_target import BadSetting, acceptance_from, budget_banner

HERE = Path(__file__).resolve().parent


def main() -> int:
    try:
        settings, why = acceptance_from(os.environ)
    except BadSetting as bad:
        print(f"make acceptance: {bad}", file=sys.stderr)
        return 1
    if settings is None:
        print(
            f"make acceptance: skipped, {why}. To run the contract tests against a live Toggl "
            "workspace: TOGGL_ACCEPTANCE=1 TOGGL_API_TOKEN=... TOGGL_ACCEPTANCE_WORKSPACE=<id> "
            "make acceptance (the workspace should be empty; see README, 'Acceptance mode')."
        )
        return 0
    print(budget_banner(f"workspace {settings.workspace_id} at {settings.url}"), flush=True)
    test_file = HERE / "test_contract.py"
    command = [
        sys.executable,
        "-m",
        "pytest",
        str(test_file),
        "-q",
        "-s",
        "-rfs",
        "--tb=line",
        "-p",
        "no:cacheprovider",
    ]
    return subprocess.call(command, cwd=HERE.parents[1])


if __name__ == "__main__":
    sys.exit(main())
