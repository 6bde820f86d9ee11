"""A stand-in for `toggl-reconciler`, for the action's own logic: plan, show and apply do what
the JSON object in the file FAKE_TOGGL says, and every call is logged to FAKE_TOGGL_LOG.

Its keys: plan_exit (0, 1 or 2), plan_writes (save the plan file even when exiting 1, as
`plan --out` does when the safety guard refuses), actions (the saved plan's actions), stderr
(printed by plan), apply_exit.
"""

from __future__ import annotations

import json
import os
import sys


def main(argv: list[str]) -> int:
    with open(os.environ["FAKE_TOGGL"], encoding="utf-8") as fh:
        behaviour = json.load(fh)
    with open(os.environ["FAKE_TOGGL_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps({"argv": argv, "token": os.environ.get("TOGGL_API_TOKEN")}) + "\n")
    command = argv[0]
    if command == "plan":
        code = behaviour.get("plan_exit", 2)
        out = argv[argv.index("--out") + 1]
        print("text plan for the log")
        if code != 1 or behaviour.get("plan_writes"):
            with open(out, "w", encoding="utf-8") as fh:
                json.dump({"actions": behaviour.get("actions", [])}, fh)
        if behaviour.get("stderr"):
            print(behaviour["stderr"], file=sys.stderr)
        return int(code)
    if command == "show":
        with open(argv[1], encoding="utf-8") as fh:
            actions = json.load(fh)["actions"]
        print(f"**Plan: {len(actions)} actions.**\n")
        for action in actions:
            print(f"- {action}")
        return 0
    if command == "apply":
        print("Apply complete.")
        return int(behaviour.get("apply_exit", 0))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
