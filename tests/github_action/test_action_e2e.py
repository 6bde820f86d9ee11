"""The action's whole loop with the real toggl-reconciler against the sandbox server: plan on the
pull request (summary, comment, saved plan), then, after the merge, apply exactly that plan taken
from the pull request's artifact, then plan again: nothing left."""

from __future__ import annotations

import json
from pathlib import Path

from .harness import sha

MERGE, HEAD = sha(1), sha(2)


def test_plan_on_the_pull_request_then_apply_the_reviewed_plan_on_merge(
    action, github, server_sandbox, tmp_path
):
    backend = server_sandbox.backend
    backend.add_client("Initech", archived=True)
    (tmp_path / "workspace.yaml").write_text(
        f"version: 1\nworkspace: {backend.workspace_id}\nclients:\n"
        "  - name: Initech\n  - name: Hooli\n    notes: new\n"
    )
    toggl = {"TOGGL_API_URL": server_sandbox.url, "TOGGL_API_TOKEN": server_sandbox.token}

    planned = action("plan", toggl=None, **toggl)
    assert planned.code == 0, planned.stdout + planned.stderr
    assert planned.outputs["has-changes"] == "true"
    [comment] = github.comments(7)
    for text in (planned.summary, comment["body"]):
        assert "**Plan: 1 to restore, 0 to archive, 1 to create" in text
        assert "Hooli" in text and "Initech" in text
    assert not backend.writes(), "planning writes nothing"

    # The merge: the plan job's upload becomes the pull request run's artifact.
    plan = json.loads(Path(planned.outputs["plan-file"]).read_text())
    github.merged_pull(7, HEAD, MERGE)
    github.run(900, HEAD, created="2026-01-01T10:00:00Z", pulls=[7], plan=plan)
    applied = action("apply", toggl=None, PR_NUMBER="", PR_HEAD_SHA="", **toggl)
    assert applied.code == 0, applied.stdout + applied.stderr
    assert "Apply complete: 1 restored, 0 archived, 1 created" in applied.summary
    assert {c["name"] for c in backend.clients() if not c.get("archived")} >= {"Initech", "Hooli"}

    again = action("plan", toggl=None, **toggl)
    assert again.code == 0 and again.outputs["has-changes"] == "false"
    [comment] = github.comments(7)
    assert "No changes. The workspace matches the configuration." in comment["body"]

    # The same plan cannot be applied twice: it is stale now, and nothing is sent.
    writes = len(backend.writes())
    stale = action("apply", toggl=None, PR_NUMBER="", PR_HEAD_SHA="", **toggl)
    assert stale.code == 1 and "**Apply failed** (exit 1)" in stale.summary
    assert len(backend.writes()) == writes
