"""The action's apply step applies exactly the plan reviewed on the merged pull request — the
artifact of the newest run of this workflow on the pull request's last commit — and refuses,
sending nothing, whenever that plan cannot be found."""

from __future__ import annotations

import json
from pathlib import Path

from .harness import sha

MERGE = sha(1)  # GITHUB_SHA in the action fixture: the commit being applied
HEAD = sha(0xABC)  # the merged pull request's last commit
REVIEWED = {"actions": ["restore client Initech"], "fingerprint": "reviewed"}
PUSH = {"PR_NUMBER": "", "PR_HEAD_SHA": ""}


def applied(run) -> list[list[str]]:
    return [c["argv"] for c in run.tool_calls if c["argv"][0] == "apply"]


def downloads(github) -> list[str]:
    return [c["path"] for c in github.calls if c["path"].endswith("/zip")]


def refused(run, github, *phrases: str) -> None:
    assert run.code == 1
    assert applied(run) == [], "nothing may be applied"
    assert downloads(github) == [], "no plan may be fetched"
    for phrase in phrases:
        assert phrase in run.stdout
    assert "**Nothing was applied:**" in run.summary


def test_applies_the_plan_of_the_newest_run_on_the_pull_requests_last_commit(action, github):
    github.merged_pull(12, HEAD, MERGE)
    older = {"actions": ["an older plan"], "fingerprint": "older"}
    github.run(501, HEAD, created="2026-01-01T09:00:00Z", pulls=[12], plan=older)
    github.run(502, HEAD, created="2026-01-01T10:00:00Z", pulls=[12], plan=REVIEWED)
    run = action("apply", toggl={}, **PUSH)
    assert run.code == 0, run.stdout + run.stderr
    [argv] = applied(run)
    plan_file = argv[argv.index("--plan") + 1]
    assert argv[:2] == ["apply", "workspace.yaml"] and "--allow-delete" not in argv
    assert json.loads(Path(plan_file).read_text()) == REVIEWED
    assert downloads(github) == ["repos/acme/books/actions/artifacts/5020/zip"]
    assert run.outputs == {"exit-code": "0", "has-changes": "true", "plan-file": plan_file}
    assert "pull request #12" in run.summary and "actions/runs/502" in run.summary
    assert "- restore client Initech" in run.summary and "Apply complete." in run.summary


def test_a_push_that_merged_no_pull_request_is_refused(action, github):
    # Another pull request's plan is there to be taken: it must not be.
    github.merged_pull(11, sha(0xDEF), sha(0x99))
    github.run(400, sha(0xDEF), created="2026-01-01T08:00:00Z", pulls=[11], plan=REVIEWED)
    run = action("apply", toggl={}, **PUSH)
    refused(run, github, "was not merged from a pull request")


def test_a_pull_request_without_a_plan_run_is_refused(action, github):
    github.merged_pull(12, HEAD, MERGE)
    github.merged_pull(11, sha(0xDEF), sha(0x99))
    github.run(400, sha(0xDEF), created="2026-01-01T08:00:00Z", pulls=[11], plan=REVIEWED)
    run = action("apply", toggl={}, **PUSH)
    refused(run, github, "pull request #12 has no run of toggl.yml on its last commit")


def test_a_run_on_the_same_commit_for_another_pull_request_is_not_ours(action, github):
    github.merged_pull(12, HEAD, MERGE)
    github.run(503, HEAD, created="2026-01-01T10:00:00Z", pulls=[13], plan=REVIEWED)
    refused(action("apply", toggl={}, **PUSH), github, "pull request #12 has no run")


def test_a_fork_run_lists_no_pull_request_and_is_taken_by_its_commit(action, github):
    github.merged_pull(12, HEAD, MERGE)
    github.run(504, HEAD, created="2026-01-01T10:00:00Z", pulls=[], plan=REVIEWED)
    run = action("apply", toggl={}, **PUSH)
    assert run.code == 0 and len(applied(run)) == 1


def test_another_workflows_run_is_not_the_plan(action, github):
    github.merged_pull(12, HEAD, MERGE)
    github.run(
        505, HEAD, created="2026-01-01T10:00:00Z", workflow=".github/workflows/x.yml", plan=REVIEWED
    )
    refused(action("apply", toggl={}, **PUSH), github, "has no run of toggl.yml")


def test_plan_workflow_names_the_workflow_that_planned(action, github):
    github.merged_pull(12, HEAD, MERGE)
    github.run(
        505, HEAD, created="2026-01-01T10:00:00Z", workflow=".github/workflows/x.yml", plan=REVIEWED
    )
    run = action("apply", toggl={}, INPUT_PLAN_WORKFLOW="x.yml", **PUSH)
    assert run.code == 0 and len(applied(run)) == 1


def test_a_failed_newest_plan_run_is_refused_even_after_an_older_success(action, github):
    # The newest plan is the one reviewers saw last: a failed (say, refused) plan is not replaced
    # by an older one that passed.
    github.merged_pull(12, HEAD, MERGE)
    github.run(501, HEAD, created="2026-01-01T09:00:00Z", pulls=[12], plan=REVIEWED)
    github.run(502, HEAD, created="2026-01-01T10:00:00Z", pulls=[12], conclusion="failure")
    run = action("apply", toggl={}, **PUSH)
    refused(run, github, "ended 'failure'", "actions/runs/502")


def test_a_plan_run_still_in_progress_is_refused(action, github):
    github.merged_pull(12, HEAD, MERGE)
    github.run(502, HEAD, created="2026-01-01T10:00:00Z", pulls=[12], conclusion=None)
    refused(action("apply", toggl={}, **PUSH), github, "has not finished")


def test_a_missing_or_expired_artifact_is_refused(action, github):
    github.merged_pull(12, HEAD, MERGE)
    github.run(502, HEAD, created="2026-01-01T10:00:00Z", pulls=[12], plan=REVIEWED, expired=True)
    refused(action("apply", toggl={}, **PUSH), github, "has no 'toggl-plan' artifact")
    github.run(503, HEAD, created="2026-01-01T11:00:00Z", pulls=[12], plan=REVIEWED, artifact="x")
    refused(action("apply", toggl={}, **PUSH), github, "has no 'toggl-plan' artifact")


def test_allow_delete_is_passed_only_when_asked(action, github):
    github.merged_pull(12, HEAD, MERGE)
    github.run(502, HEAD, created="2026-01-01T10:00:00Z", pulls=[12], plan=REVIEWED)
    run = action("apply", toggl={}, INPUT_ALLOW_DELETE="true", **PUSH)
    assert applied(run)[0][-1] == "--allow-delete"


def test_a_failed_apply_fails_the_step_with_its_code(action, github):
    github.merged_pull(12, HEAD, MERGE)
    github.run(502, HEAD, created="2026-01-01T10:00:00Z", pulls=[12], plan=REVIEWED)
    run = action("apply", toggl={"apply_exit": 1}, **PUSH)
    assert run.code == 1 and run.outputs["exit-code"] == "1"
    assert "**Apply failed** (exit 1)" in run.summary


def test_a_given_plan_file_is_applied_without_asking_github(action, github, tmp_path):
    plan = tmp_path / "mine.json"
    plan.write_text(json.dumps({"actions": []}))
    run = action("apply", toggl={}, INPUT_PLAN=str(plan), **PUSH)
    assert run.code == 0 and github.calls == []
    assert applied(run) == [["apply", "workspace.yaml", "--plan", str(plan)]]
    assert run.outputs["has-changes"] == "false"
    missing = action("apply", toggl={}, INPUT_PLAN=str(tmp_path / "nope.json"), **PUSH)
    assert missing.code == 1 and "no such plan file" in missing.stdout


def test_only_the_pull_request_merged_as_this_commit_counts(action, github):
    # The commit is also the head of an open pull request, and of one merged as another commit.
    def associate(state):
        pulls = state.setdefault("pulls", {}).setdefault(MERGE, [])
        pulls.append({"number": 14, "head": {"sha": MERGE}, "merged_at": None})
        pulls.append(
            {
                "number": 15,
                "head": {"sha": MERGE},
                "merged_at": "2026-01-01T00:00:00Z",
                "merge_commit_sha": sha(0x77),
            }
        )

    github.edit(associate)
    github.run(506, MERGE, created="2026-01-01T10:00:00Z", pulls=[14, 15], plan=REVIEWED)
    refused(action("apply", toggl={}, **PUSH), github, "was not merged from a pull request")
