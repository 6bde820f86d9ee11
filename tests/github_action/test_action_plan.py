"""The action's plan step: outputs by exit code, the job summary, one sticky comment per pull
request and config, the refused plan still shown and uploaded, and the drift issue."""

from __future__ import annotations

from pathlib import Path

import pytest

from .harness import TOKEN

CHANGES = {"plan_exit": 2, "actions": ["restore client Initech"]}
MARKER = "<!-- toggl-reconciler plan: workspace.yaml -->"


@pytest.mark.parametrize(("plan_exit", "has_changes"), [(0, "false"), (2, "true")])
def test_no_changes_and_changes_both_succeed_and_say_which(action, plan_exit, has_changes):
    actions = ["create client Hooli"] if plan_exit == 2 else []
    run = action("plan", toggl={"plan_exit": plan_exit, "actions": actions})
    assert run.code == 0, run.stdout + run.stderr
    assert run.outputs["has-changes"] == has_changes
    assert run.outputs["exit-code"] == str(plan_exit)
    assert Path(run.outputs["plan-file"]).is_file()
    assert f"**Plan: {len(actions)} actions.**" in run.summary
    [plan] = [c for c in run.tool_calls if c["argv"][0] == "plan"]
    assert plan["argv"][1:] == [
        "workspace.yaml",
        "--detailed-exitcode",
        "--out",
        run.outputs["plan-file"],
    ]


def test_the_sticky_comment_is_created_once_then_edited(action, github):
    first = action("plan", toggl=CHANGES)
    second = action("plan", toggl={"plan_exit": 2, "actions": ["archive client Umbrella"]})
    assert first.code == second.code == 0
    [comment] = github.comments(7)
    assert comment["body"].startswith(MARKER)
    assert "archive client Umbrella" in comment["body"]
    assert "restore client Initech" not in comment["body"]
    writes = [(c["method"], c["path"].split("/")[-2]) for c in github.calls if c["method"] != "GET"]
    assert writes == [("POST", "7"), ("PATCH", "comments")]


def test_the_comment_is_found_past_the_first_page(action, github):
    for n in range(130):
        github.add_comment(7, f"review remark {n}")
    github.add_comment(7, f"{MARKER}\nan older plan")
    assert action("plan", toggl=CHANGES).code == 0
    ours = [c for c in github.comments(7) if c["body"].startswith(MARKER)]
    assert len(ours) == 1 and "restore client Initech" in ours[0]["body"]
    assert len(github.comments(7)) == 131


def test_each_config_keeps_its_own_comment(action, github):
    action("plan", toggl=CHANGES, INPUT_CONFIG="teams/a.yaml")
    action("plan", toggl=CHANGES, INPUT_CONFIG="teams/b.yaml")
    action("plan", toggl=CHANGES, INPUT_CONFIG="teams/a.yaml")
    bodies = sorted(c["body"].splitlines()[0] for c in github.comments(7))
    assert bodies == [
        "<!-- toggl-reconciler plan: teams/a.yaml -->",
        "<!-- toggl-reconciler plan: teams/b.yaml -->",
    ]


def test_a_pull_request_with_nothing_to_change_gets_no_new_comment(action, github):
    assert action("plan", toggl={"plan_exit": 0}).code == 0
    assert github.comments(7) == []


def test_an_earlier_plan_comment_is_brought_up_to_date_when_nothing_is_left(action, github):
    action("plan", toggl=CHANGES)
    action("plan", toggl={"plan_exit": 0})
    [comment] = github.comments(7)
    assert "**Plan: 0 actions.**" in comment["body"]
    assert "restore client Initech" not in comment["body"]


def test_no_comment_outside_pull_requests_or_when_switched_off(action, github):
    action("plan", toggl=CHANGES, PR_NUMBER="")
    action("plan", toggl=CHANGES, INPUT_COMMENT="false")
    assert github.comments(7) == []
    assert not [c for c in github.calls if "comments" in c["path"]]


def test_a_refused_plan_is_shown_and_uploaded_and_fails_the_step(action, github):
    refusal = "Error: refusing to archive 5 of 12 clients (42%, over 30%); use --force"
    run = action(
        "plan",
        toggl={"plan_exit": 1, "plan_writes": True, "actions": ["archive A"], "stderr": refusal},
    )
    assert run.code == 1
    assert Path(run.outputs["plan-file"]).is_file()  # action.yml uploads it
    assert run.outputs["exit-code"] == "1"
    assert run.outputs["has-changes"] == "true"
    for text in (run.summary, github.comments(7)[0]["body"]):
        assert "The plan was refused" in text
        assert refusal in text
        assert "- archive A" in text


def test_a_failed_plan_saves_nothing_to_upload_and_says_why(action, github, tmp_path):
    # A plan file left by an earlier step must not pass for this run's plan.
    stale = tmp_path / "work" / "workspace.yaml" / "plan.json"
    stale.parent.mkdir(parents=True)
    stale.write_text('{"actions": ["old"]}')
    run = action("plan", toggl={"plan_exit": 1, "stderr": "Error: workspace.yaml:3: bad"})
    assert run.code == 1
    assert run.outputs["plan-file"] == ""
    assert run.outputs["has-changes"] == ""
    assert not stale.exists()
    assert "Planning failed" in run.summary and "workspace.yaml:3: bad" in run.summary
    assert "Planning failed" in github.comments(7)[0]["body"]


def test_gh_never_sees_the_toggl_token(action, github):
    run = action("plan", toggl=CHANGES, INPUT_DRIFT_ISSUE="true")
    assert [c["token"] for c in run.tool_calls] == [TOKEN, TOKEN]  # plan and show
    assert github.calls and not any(c["toggl_token"] for c in github.calls)
    assert TOKEN not in run.stdout + run.stderr + run.summary + github.path.read_text()


def test_a_comment_that_cannot_be_posted_is_a_warning(action, github):
    github.fail_once("POST", "repos/acme/books/issues/7/comments", "HTTP 403: not accessible")
    run = action("plan", toggl=CHANGES)
    assert run.code == 0
    assert "::warning::could not comment on the pull request" in run.stdout
    assert "HTTP 403" in run.stdout


def test_a_plan_too_long_for_a_comment_is_cut_with_a_note(action, github):
    actions = [f"create project number {n:05d} {'x' * 60}" for n in range(2000)]
    run = action("plan", toggl={"plan_exit": 2, "actions": actions})
    body = github.comments(7)[0]["body"]
    assert len(body) <= 65_536
    assert "too long to show here in full" in body
    assert actions[0] in body and actions[-1] not in body
    assert actions[-1] in run.summary  # the summary has room for it


def test_a_bad_boolean_input_is_one_clear_error(action, github):
    run = action("plan", toggl=CHANGES, INPUT_COMMENT="yes")
    assert run.code == 1
    assert "::error::input comment must be true or false, not 'yes'" in run.stdout
    assert run.tool_calls == [] and github.calls == []


def test_an_unknown_command_is_refused(action):
    run = action("destroy", toggl=CHANGES)
    assert run.code == 1 and "command must be plan or apply" in run.stdout


DRIFT = {"INPUT_DRIFT_ISSUE": "true", "INPUT_COMMENT": "false", "PR_NUMBER": ""}


def test_drift_opens_one_issue_updates_it_and_closes_it_when_clean(action, github):
    github.edit(
        lambda s: s.setdefault("issues", []).append(
            {"number": 3, "state": "open", "title": "unrelated", "body": "hello"}
        )
    )
    action("plan", toggl=CHANGES, **DRIFT)
    action("plan", toggl={"plan_exit": 2, "actions": ["archive client Umbrella"]}, **DRIFT)
    drift = [i for i in github.issues if i["number"] != 3]
    assert len(drift) == 1 and drift[0]["state"] == "open"
    assert "archive client Umbrella" in drift[0]["body"]
    assert drift[0]["title"] == "Toggl workspace has drifted from workspace.yaml"

    run = action("plan", toggl={"plan_exit": 0}, **DRIFT)
    assert run.code == 0 and "Drift issue: closed." in run.stdout
    [closed] = [i for i in github.issues if i["number"] == drift[0]["number"]]
    assert closed["state"] == "closed"
    assert "No drift any more" in github.comments(closed["number"])[0]["body"]
    assert [i["state"] for i in github.issues if i["number"] == 3] == ["open"]

    run = action("plan", toggl={"plan_exit": 0}, **DRIFT)
    assert "Drift issue: none." in run.stdout
    assert len(github.issues) == 2


def test_drift_after_closing_opens_a_new_issue(action, github):
    action("plan", toggl=CHANGES, **DRIFT)
    action("plan", toggl={"plan_exit": 0}, **DRIFT)
    action("plan", toggl=CHANGES, **DRIFT)
    assert sorted(i["state"] for i in github.issues) == ["closed", "open"]


def test_drift_leaves_the_issue_alone_when_planning_fails(action, github):
    action("plan", toggl=CHANGES, **DRIFT)
    run = action("plan", toggl={"plan_exit": 1, "stderr": "Error: Toggl answered 503"}, **DRIFT)
    assert run.code == 1
    [issue] = github.issues
    assert issue["state"] == "open" and "restore client Initech" in issue["body"]


def test_a_pull_request_quoting_the_marker_is_not_the_drift_issue(action, github):
    # GitHub lists pull requests among issues; one could start with the marker.
    marker = "<!-- toggl-reconciler drift: workspace.yaml -->"
    pull = {"number": 5, "state": "open", "title": "PR", "body": marker, "pull_request": {}}
    github.edit(lambda s: s.setdefault("issues", []).append(pull))
    action("plan", toggl=CHANGES, **DRIFT)
    [issue] = [i for i in github.issues if "pull_request" not in i]
    assert issue["body"].startswith(marker)
    assert [i["body"] for i in github.issues if i["number"] == 5] == [marker]


def test_a_drift_issue_that_cannot_be_written_fails_the_step_but_keeps_the_plan(action, github):
    github.fail_once("POST", "repos/acme/books/issues", "HTTP 403: Resource not accessible")
    run = action("plan", toggl=CHANGES, **DRIFT)
    assert run.code == 1
    assert "::error::GitHub API POST repos/acme/books/issues: gh: HTTP 403" in run.stdout
    assert Path(run.outputs["plan-file"]).is_file()  # still uploaded by action.yml
