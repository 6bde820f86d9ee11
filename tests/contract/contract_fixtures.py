"""The contract run the tests read: against a sandbox server on each plan (the default), or once
against the live workspace that acceptance mode names (see contract_target.py). Plain functions
behind the test modules' fixtures: a conftest.py here would shadow the suite's own `conftest`."""

from __future__ import annotations

import functools
import os
import sys

import pytest
from contract_kit import Report, RunRefused
from contract_target import (
    BadSetting,
    acceptance_from,
    budget_banner,
    run_live,
    run_sandbox,
    write_report,
)

try:
    ACCEPTANCE, OFF_BECAUSE = acceptance_from(os.environ)
except BadSetting as bad:
    raise pytest.UsageError(str(bad)) from None
LIVE = ACCEPTANCE is not None


@functools.cache
def contract_reports() -> dict[str, tuple[Report, int | None]]:
    """The run(s) every contract test reads: plan -> (report, requests the server saw)."""
    if ACCEPTANCE is None:
        return {plan: run_sandbox(plan) for plan in ("paid", "free")}
    print("\n" + budget_banner(f"live workspace {ACCEPTANCE.workspace_id}"), file=sys.stderr)
    try:
        report = run_live(ACCEPTANCE)
    except RunRefused as refusal:
        pytest.exit(f"acceptance run refused, nothing was written: {refusal}", returncode=1)
    json_path, md_path = write_report(report, ACCEPTANCE.report_dir)
    print(f"\nReport: {md_path} and {json_path}\n{md_path.read_text()}", file=sys.stderr)
    return {report.plan: (report, None)}
