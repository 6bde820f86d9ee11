"""The acceptance harness itself, tested against the sandbox: the budget counter, the refusal of
a workspace holding other objects or too little quota, cleanup after a failure, the report, and
`make acceptance` skipping cleanly or running end to end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from contract_assumptions import ASSUMPTIONS
from contract_kit import BUDGET, FAILED, NOT_CHECKED, BudgetExceeded, CountingSession, RunRefused
from contract_lifecycle import STEPS
from contract_run import Step
from contract_steps import setup
from contract_target import sandbox_run, sandbox_server, write_report

from toggl_sandbox import Backend

HERE = Path(__file__).resolve().parent


def _leftovers(backend: Backend) -> list[str]:
    return [c["name"] for c in backend.clients()] + [p["name"] for p in backend.projects()]


def test_the_session_counts_every_request_and_refuses_past_the_budget() -> None:
    with sandbox_server("paid") as (server, _), CountingSession(server.url, server.token, 3) as s:
        for _ in range(3):
            s.get("/me")
        with pytest.raises(BudgetExceeded):
            s.get("/me")
        assert s.sent == 3
        assert len(server.backend.requests) == 3  # the refused one never left


def test_a_tight_budget_leaves_checks_out_but_still_cleans_up() -> None:
    with sandbox_server("paid") as (server, clock):
        report = sandbox_run(server, clock, budget=30).execute(STEPS, setup)
        assert report.requests_sent <= 30
        assert _leftovers(server.backend) == [] and report.cleanup == []
    left_out = [k for k, o in report.outcomes.items() if "left out to stay within 30" in o.detail]
    assert "delete-unassign" in left_out and "clients-list" not in left_out


def test_a_workspace_holding_other_objects_is_refused_without_a_write() -> None:
    with sandbox_server("paid") as (server, clock):
        server.backend.add_client("Someone's client")
        with pytest.raises(RunRefused, match="Someone's client.*TOGGL_ACCEPTANCE_ALLOW_NONEMPTY=1"):
            sandbox_run(server, clock).execute(STEPS, setup)
        assert server.backend.writes() == []


def test_allowed_beside_other_objects_it_touches_none_of_them() -> None:
    with sandbox_server("paid") as (server, clock):
        theirs = server.backend.add_client("Someone's client")
        project = server.backend.add_project("Their project", client_id=theirs["id"])
        report = sandbox_run(server, clock, allow_nonempty=True).execute(STEPS, setup)
        assert server.backend.clients() == [theirs]
        assert server.backend.projects() == [project]
    assert report.outcomes["client-names-unique"].status == "held"


def test_too_little_quota_for_the_run_is_refused_before_a_write() -> None:
    with sandbox_server("paid") as (server, clock):
        server.backend.set_quota(40)
        with pytest.raises(RunRefused, match="quota has 39 requests left"):
            sandbox_run(server, clock).execute(STEPS, setup)
        assert server.backend.writes() == []


def _interrupt(run: object) -> None:
    raise KeyboardInterrupt


def test_an_interrupted_run_removes_what_it_made_and_says_so() -> None:
    stop = Step("interrupt", ("restore-all",), 0, 0, ("paid",), _interrupt)
    steps = [*STEPS[:4], stop, *STEPS[4:]]  # after clients and projects exist
    with sandbox_server("paid") as (server, clock):
        run = sandbox_run(server, clock)
        with pytest.raises(KeyboardInterrupt):
            run.execute(steps, setup)
        assert run.report.aborted == "KeyboardInterrupt: "
        assert _leftovers(server.backend) == [] and run.report.cleanup == []
        assert run.report.outcomes["restore-all"].status == NOT_CHECKED
        assert run.report.outcomes["client-names-unique"].status == "held"


def test_a_failing_step_is_recorded_and_the_run_goes_on_and_cleans_up() -> None:
    with sandbox_server("paid") as (server, clock):
        # The second project create fails: the step stops there, with one project made.
        server.backend.fail_next("POST", r"/projects$", 500, count=1)
        server.backend.fail_next("POST", r"/projects$", 500, count=1)
        report = sandbox_run(server, clock).execute(STEPS, setup)
        assert _leftovers(server.backend) == [] and report.cleanup == []
    assert report.outcomes["project-create-archived"].status == FAILED
    assert "step projects stopped: HTTPError: 500" in report.outcomes["project-names"].detail
    assert report.outcomes["restore-all"].status == FAILED  # it needs the projects
    assert report.outcomes["auth-bad-token-403"].status == "held"  # earlier steps stand


def test_cleanup_that_cannot_finish_is_named_in_the_report() -> None:
    with sandbox_server("paid") as (server, clock):
        server.backend.fail_next("DELETE", r"/clients/\d+$", 500, count=10)
        report = sandbox_run(server, clock).execute(STEPS, setup)
    assert any("DELETE answered 500" in line for line in report.cleanup)
    assert any(line.startswith("client ") and "Acme" in line for line in report.cleanup)


def test_the_report_holds_every_assumption_and_never_the_token(tmp_path: Path) -> None:
    with sandbox_server("paid") as (server, clock):
        server.backend.token = "tok-7f3a-never-printed"
        report = sandbox_run(server, clock).execute(STEPS, setup)
    as_json, as_md = write_report(report, tmp_path)
    document = json.loads(as_json.read_text())
    assert list(document["outcomes"]) == list(ASSUMPTIONS)
    assert document["requests_sent"] == report.requests_sent <= BUDGET
    assert document["outcomes"]["client-names-unique"] == {"status": "held", "detail": ""}
    table = as_md.read_text()
    for assumption in ASSUMPTIONS.values():
        assert f"| {assumption.title} | {assumption.source} |" in table
    # A check that fails on the sandbox (it serves no time-entry calls) is reported with its detail.
    deleted = "| Project DELETE with teDeletionMode=unassign keeps its time entries, unassigned |"
    assert f"{deleted} documented | failed | " in table
    for text in (as_json.read_text(), table):
        assert "tok-7f3a-never-printed" not in text


def _acceptance(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TOGGL_")}
    return subprocess.run(
        [sys.executable, str(HERE / "run_acceptance.py")],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "why"),
    [
        ({}, "TOGGL_ACCEPTANCE=1 is not set"),
        ({"TOGGL_ACCEPTANCE": "1"}, "TOGGL_API_TOKEN and TOGGL_ACCEPTANCE_WORKSPACE not set"),
        ({"TOGGL_API_TOKEN": "t", "TOGGL_ACCEPTANCE_WORKSPACE": "1"}, "TOGGL_ACCEPTANCE=1 is"),
    ],
)
def test_make_acceptance_without_the_variables_skips_cleanly(env: dict, why: str) -> None:
    done = _acceptance(env)
    assert done.returncode == 0
    assert done.stdout.startswith(f"make acceptance: skipped, {why}")


def test_a_workspace_that_is_not_an_id_is_an_error() -> None:
    done = _acceptance({"TOGGL_ACCEPTANCE": "1", "TOGGL_API_TOKEN": "t",
                        "TOGGL_ACCEPTANCE_WORKSPACE": "My Workspace"})  # fmt: skip
    assert done.returncode == 1
    assert "TOGGL_ACCEPTANCE_WORKSPACE must be a workspace id" in done.stderr


def test_plain_http_to_another_host_is_refused_before_the_token_leaves() -> None:
    done = _acceptance({"TOGGL_ACCEPTANCE": "1", "TOGGL_API_TOKEN": "t",
                        "TOGGL_ACCEPTANCE_WORKSPACE": "1",
                        "TOGGL_API_URL": "http://example.com/api/v9"})  # fmt: skip
    assert done.returncode == 1
    assert "refusing plain http://" in done.stderr


def test_acceptance_mode_end_to_end_against_a_sandbox_server(tmp_path: Path) -> None:
    """The live path, aimed at a sandbox: the budget comes first, the report is written, and
    the assumptions that fail are exactly the sandbox's known gaps."""
    from test_contract import SANDBOX_GAPS

    with sandbox_server("paid", still=False) as (server, _):  # the live path really waits
        done = _acceptance({
            "TOGGL_ACCEPTANCE": "1",
            "TOGGL_API_TOKEN": server.token,
            "TOGGL_ACCEPTANCE_WORKSPACE": str(server.backend.workspace_id),
            "TOGGL_API_URL": server.url,
            "TOGGL_ACCEPTANCE_REPORT_DIR": str(tmp_path),
        })  # fmt: skip
        assert _leftovers(server.backend) == []
    assert done.stdout.startswith("Contract run against workspace")
    assert f"request budget {BUDGET}" in done.stdout.splitlines()[0]
    document = json.loads((tmp_path / "contract-live-paid.json").read_text())
    failed = {k for k, o in document["outcomes"].items() if o["status"] == FAILED}
    paid_gaps = {k for k in SANDBOX_GAPS if "paid" in ASSUMPTIONS[k].plans}
    assert failed == paid_gaps
    assert done.returncode == 1  # live, a broken assumption fails its test
    assert (tmp_path / "contract-live-paid.md").exists()


def test_requests_are_never_sent_without_the_budget_check() -> None:
    # Everything a run sends goes through CountingSession.request: requests.Session's
    # methods (get, post, ...) all call it, so no path around the counter exists.
    with sandbox_server("paid") as (server, _), CountingSession(server.url, server.token, 1) as s:
        s.post(f"/workspaces/{server.backend.workspace_id}/clients", json={"name": "x"})
        with pytest.raises(BudgetExceeded):
            requests.Session.delete(s, "/me")
        assert len(server.backend.requests) == 1
