"""action.yml and its script agree: every input reaches the script, every variable the script
reads is set, and every output is one the script writes."""

from __future__ import annotations

import re

import yaml

from .harness import ROOT, SCRIPT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
RUN_STEP = next(step for step in ACTION["runs"]["steps"] if step.get("id") == "run")
SCRIPTS = SCRIPT.read_text() + (SCRIPT.parent / "github_api.py").read_text()


def test_every_input_is_used():
    steps = yaml.safe_dump(ACTION["runs"])
    unused = [name for name in ACTION["inputs"] if f"inputs.{name}" not in steps]
    assert unused == []


def test_every_variable_the_script_reads_is_set_by_the_action():
    read = set(re.findall(r"""(?:env|flag)\("((?:INPUT|PR|WORK)_[A-Z_]+)""", SCRIPTS))
    assert {"INPUT_CONFIG", "INPUT_COMMENT", "PR_NUMBER", "WORK_DIR"} <= read
    assert read <= set(RUN_STEP["env"])
    for variable in read:
        if variable.startswith("INPUT_"):
            name = variable.removeprefix("INPUT_").lower().replace("_", "-")
            assert RUN_STEP["env"][variable] == f"${{{{ inputs.{name} }}}}"


def test_every_output_is_written_by_the_script(action):
    run = action("plan", toggl={"plan_exit": 2, "actions": ["create client A"]})
    for name, output in ACTION["outputs"].items():
        assert output["value"] == f"${{{{ steps.run.outputs.{name} }}}}"
        assert name in run.outputs
