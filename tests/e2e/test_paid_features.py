"""A plan that needs what a Free workspace lacks is refused at plan time, through the command,
against a sandbox server: FILE:LINE of each entry, exit 1, nothing written; the workspace's plan
costs one request, and only when the plan needs a paid feature.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import reconciler
from reconciler.cli import main
from reconciler.paid_features import PlanUnchecked
from toggl_sandbox import Backend, ThreadedServer

READS = ["clients", "projects"]  # the plan's two reads of a small workspace


def run(server: ThreadedServer, *args: str) -> Result:
    env = {"TOGGL_API_TOKEN": server.token, "TOGGL_API_URL": server.url, "NO_COLOR": "1"}
    return CliRunner().invoke(main, list(args), env=env)


def write_config(tmp_path: Path, body: str, workspace: int | str) -> str:
    path = tmp_path / "workspace.yaml"
    path.write_text(f"version: 1\nworkspace: {workspace}\n" + textwrap.dedent(body))
    return str(path)


def requested(b: Backend) -> list[str]:
    """What each request read or wrote, relative to the workspace ('' for the workspace)."""
    prefix = f"/workspaces/{b.workspace_id}"
    return [f"{r.method} {r.path.removeprefix(prefix).lstrip('/')}".strip() for r in b.requests]


# Line numbers in the file: 1 version, 2 workspace, then the body.
EVERYTHING_PAID = """\
    safety: {max_destructive_percent: 100}
    clients:
      - name: Umbrella
        state: archived
    projects:
      - P0
      - {name: P1, billable: true}
      - {name: P2, color: "#123456"}
      - {name: P3, color: "#123456"}
      - P4
      - P5
"""


@pytest.fixture
def four_projects_and_a_client(server_sandbox: ThreadedServer) -> Backend:
    b = server_sandbox.backend
    b.add_client("Umbrella")
    for i in range(4):
        b.add_project(f"P{i}")
    return b


def test_free_workspace_plan_is_refused_naming_each_entry_and_sending_nothing(
    server_sandbox: ThreadedServer, tmp_path: Path, four_projects_and_a_client: Backend
) -> None:
    b = four_projects_and_a_client
    b.set_free_plan()
    config = write_config(tmp_path, EVERYTHING_PAID, b.workspace_id)
    for command in (["plan", config], ["apply", config, "--auto-approve"]):
        b.requests.clear()
        result = run(server_sandbox, *command)
        assert result.exit_code == 1
        out = result.output
        assert "Toggl's Free plan" in out and "Nothing was sent" in out
        assert f'{config}:5: client "Umbrella": needs archiving clients' in out
        assert f'{config}:9: project "P1": needs billable projects (`billable`)' in out
        for line, name in ((10, "P2"), (11, "P3")):  # one bulk PATCH, each entry named
            assert f'{config}:{line}: project "{name}": needs a colour outside' in out
        for line, name in ((12, "P4"), (13, "P5")):
            assert f'{config}:{line}: project "{name}": needs more than 5 active projects' in out
        assert "from 4 to 6 at once" in out
        assert "keep those clients active; remove those premium fields" in out
        assert "Traceback" not in out and server_sandbox.token not in out
        assert requested(b) == ["GET clients", "GET projects", "GET"]  # the workspace, once
    assert b.writes() == []


def test_paid_workspace_plans_the_same_config_with_the_one_request_it_needs(
    server_sandbox: ThreadedServer, tmp_path: Path, four_projects_and_a_client: Backend
) -> None:
    b = four_projects_and_a_client
    config = write_config(tmp_path, EVERYTHING_PAID, b.workspace_id)
    # --force: archiving the only client would leave none active, which the guard refuses.
    result = run(server_sandbox, "plan", config, "--format", "json", "--force")
    assert result.exit_code == 0, result.output
    ops = [(a["op"], a["kind"]) for a in json.loads(result.output)["actions"]]
    assert ("bulk_update", "project") in ops and ("archive", "client") in ops
    assert requested(b) == ["GET clients", "GET projects", "GET"]
    applied = run(server_sandbox, "apply", config, "--auto-approve", "--force")
    assert applied.exit_code == 0, applied.output


def test_a_plan_needing_no_paid_feature_spends_no_request_on_the_workspace_plan(
    server_sandbox: ThreadedServer, tmp_path: Path
) -> None:
    b = server_sandbox.backend
    for i in range(3):
        b.add_project(f"P{i}")
    b.set_free_plan()
    body = """\
        clients: [{name: Globex, notes: Key account}]
        projects:
          - {name: P0, color: "#0B83D9", is_private: false, billable: false}
          - P1
          - P2
          - P3
          - P4
    """
    config = write_config(tmp_path, body, b.workspace_id)
    result = run(server_sandbox, "plan", config)
    assert result.exit_code == 0, result.output
    assert requested(b) == ["GET clients", "GET projects"]
    # Free indeed accepts it: five active projects, a palette colour, billable false.
    applied = run(server_sandbox, "apply", config, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert len(b.projects()) == 5


@pytest.mark.parametrize("archive_first", [True, False])
def test_the_active_limit_counts_the_peak_of_the_apply_not_its_end(
    server_sandbox: ThreadedServer, tmp_path: Path, archive_first: bool
) -> None:
    b = server_sandbox.backend
    for i in range(5):
        b.add_project(f"P{i}")
    b.set_free_plan()
    entries = ["{name: P0, state: archived}", "P5"]
    entries = entries if archive_first else entries[::-1]
    body = "projects:\n" + "".join(f"  - {e}\n" for e in [*entries, "P1", "P2", "P3", "P4"])
    config = write_config(tmp_path, body, b.workspace_id)
    result = run(server_sandbox, "apply", config, "--auto-approve")
    if archive_first:  # Toggl takes it: the archive frees the room before the create
        assert result.exit_code == 0, result.output
        assert sorted(p["name"] for p in b.projects() if p["active"]) == [
            "P1", "P2", "P3", "P4", "P5",
        ]  # fmt: skip
        assert "GET" not in requested(b)  # no request spent on the workspace's plan
    else:  # the create would come first: a sixth active project
        assert result.exit_code == 1
        assert f'{config}:4: project "P5": needs more than 5 active projects' in result.output
        assert "from 5 to 6 at once" in result.output
        assert b.writes() == []


def test_a_client_restore_counts_the_projects_it_brings_back(
    server_sandbox: ThreadedServer, tmp_path: Path
) -> None:
    b = server_sandbox.backend
    for i in range(3):
        b.add_project(f"Loose {i}")
    globex = b.add_client("Globex", archived=True)
    for name in ("Web", "App", "Ads"):
        b.add_project(name, client_id=globex["id"], active=False)
    b.set_free_plan()
    config = write_config(
        tmp_path, "clients:\n  - name: Globex\n    projects: all\n", b.workspace_id
    )
    result = run(server_sandbox, "plan", config)
    assert result.exit_code == 1
    for name in ("Ads", "App", "Web"):  # no entry of their own: the client's line
        assert f'{config}:4: project "Globex / {name}": needs more than 5' in result.output
    assert "from 3 to 6 at once" in result.output
    assert b.writes() == []


def test_a_client_archived_as_unmanaged_is_named_without_a_line(
    server_sandbox: ThreadedServer, tmp_path: Path
) -> None:
    b = server_sandbox.backend
    b.add_client("Initech")
    b.set_free_plan()
    body = "unmanaged: archive\nsafety: {max_destructive_percent: 100}\nclients: [{name: Globex}]\n"
    config = write_config(tmp_path, body, b.workspace_id)
    result = run(server_sandbox, "plan", config)
    assert result.exit_code == 1
    assert f'{config}: client "Initech" (not in the file: `unmanaged: archive`' in result.output
    assert b.writes() == []


def test_a_workspace_named_in_the_file_is_told_by_me_workspaces_at_no_extra_request(
    server_sandbox: ThreadedServer, tmp_path: Path
) -> None:
    b = server_sandbox.backend
    b.add_project("Web")
    b.set_free_plan()
    config = write_config(tmp_path, "projects: [{name: Web, billable: true}]\n", "Sandbox")
    result = run(server_sandbox, "plan", config)
    assert result.exit_code == 1
    assert f'{config}:3: project "Web": needs billable projects' in result.output
    assert [r.path for r in b.requests] == [
        "/me/workspaces",
        f"/workspaces/{b.workspace_id}/clients",
        f"/workspaces/{b.workspace_id}/projects",
    ]


@pytest.fixture
def flags_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workspace objects without the plan flags, as an answer Toggl might change would be."""
    shown = Backend.get_workspace

    def without_flags(self: Backend, wid: int) -> dict[str, Any]:
        body = shown(self, wid)
        del body["premium"], body["business_ws"]
        return body

    monkeypatch.setattr(Backend, "get_workspace", without_flags)


def test_unknown_plan_flags_refuse_nothing_and_say_so(
    server_sandbox: ThreadedServer, tmp_path: Path, flags_unknown: None
) -> None:
    b = server_sandbox.backend
    b.add_project("Web")
    b.set_free_plan()
    config = write_config(tmp_path, "projects: [{name: Web, billable: true}]\n", b.workspace_id)
    result = run(server_sandbox, "plan", config)
    assert result.exit_code == 0, result.output
    assert "Note: could not tell the Toggl plan of workspace" in result.output
    assert "needs billable projects (`billable`), was not checked" in result.output
    assert '~ project "Web"' in result.output
    assert requested(b) == ["GET clients", "GET projects", "GET"]


def test_the_library_raises_the_entries_it_refuses(
    server_sandbox: ThreadedServer, tmp_path: Path
) -> None:
    b = server_sandbox.backend
    b.add_project("Web")
    b.set_free_plan()
    config = write_config(tmp_path, "projects: [{name: Web, color: '#ABCDEF'}]\n", b.workspace_id)
    events: list[object] = []
    rec = reconciler.Reconciler(server_sandbox.token, server_sandbox.url, progress=events.append)
    with pytest.raises(reconciler.PaidFeatureRequired) as refused:
        rec.plan(config)
    assert refused.value.entries == (
        (f'{config}:3: project "Web"', "a colour outside Toggl's palette (`color: #abcdef`)"),
    )
    assert isinstance(refused.value, reconciler.PlanError)
    b.set_free_plan(False)
    assert rec.plan(config).has_changes and events == []


def test_the_library_reports_unknown_flags_as_progress(
    server_sandbox: ThreadedServer, tmp_path: Path, flags_unknown: None
) -> None:
    b = server_sandbox.backend
    b.add_client("Umbrella")
    b.set_free_plan()
    body = "safety: {max_destructive_percent: 100}\nclients: [{name: Umbrella, state: archived}]\n"
    config = write_config(tmp_path, body, b.workspace_id)
    events: list[object] = []
    rec = reconciler.Reconciler(server_sandbox.token, server_sandbox.url, progress=events.append)
    assert rec.plan(config).has_changes
    assert events == [PlanUnchecked(b.workspace_id, ("archiving clients",))]
