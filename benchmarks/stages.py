"""Where `plan`'s CPU goes: its steps run one after the other in this process, each timed.

Usage: python -m benchmarks.stages REPORT.json CONFIG (TOGGL_API_URL and TOGGL_API_TOKEN as for
the reconciler). REPORT.json receives the CPU seconds of each step: start-up (the interpreter and
the imports `plan` needs), load (read and check the config), read (the workspace from Toggl),
plan (the diff), checks (what `plan` checks after the diff: the paid features a Free workspace
lacks, and the safety guard) and render (the text plan), and the process's total.
"""

from __future__ import annotations

import contextlib
import json
import resource
import sys
import time

from reconciler import Reconciler
from reconciler.collector import collector_off_until_exit
from reconciler.config import load_config
from reconciler.errors import UnsafePlan
from reconciler.paid_features import check_paid_features
from reconciler.planner import make_plan
from reconciler.render import render_text

# process_time counts from the start of the process: the interpreter's start-up and the imports.
_STARTED = time.process_time()


def main(argv: list[str] | None = None) -> None:
    report, config_path = (sys.argv[1:] if argv is None else argv)[:2]
    stages = {"start-up": _STARTED}
    mark = time.process_time()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.process_time()
        stages[name] = now - mark
        mark = now

    config = load_config(config_path)
    lap("load")
    reconciler = Reconciler()
    workspace = reconciler.read_workspace(config.workspace)
    lap("read")
    plan = make_plan(config, workspace)
    lap("plan")
    # As Reconciler.plan and the plan command do after the diff.
    check_paid_features(plan, config, workspace, reconciler.client, notify=lambda _: None)
    # The drift archives more than the default share: plan refuses, after this same work.
    with contextlib.suppress(UnsafePlan):
        reconciler.check_safety(plan, config=config, allow_delete=True)
    lap("checks")
    text = render_text(plan)
    lap("render")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    stages["total"] = usage.ru_utime + usage.ru_stime
    with open(report, "w", encoding="utf-8") as fh:
        json.dump({"stages": stages, "actions": len(plan.actions), "lines": text.count("\n")}, fh)


if __name__ == "__main__":
    with collector_off_until_exit():  # as the program runs every command
        main()
