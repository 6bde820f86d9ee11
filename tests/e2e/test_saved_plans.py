"""The CI workflow: saved plans that refuse when stale, JSON and Markdown plans, export, guards."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from reconciler.cli import main
from reconciler.saved_plans import plan_schema
from toggl_sandbox import Backend, ThreadedServer

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def world(server_sandbox, tmp_path):
    """An archived client to restore, an active one to update, and its config."""
    b = server_sandbox.backend
    initech = b.add_client("Initech", archived=True)
    b.add_project("TPS", client_id=initech["id"], active=False)
    acme = b.add_client("Acme", notes="old")
    config = tmp_path / "workspace.yaml"
    config.write_text(
        textwrap.dedent(f"""\
        version: 1
        workspace: {b.workspace_id}
        clients:
          - name: Initech
            projects: [TPS]
          - name: Acme
            notes: new
          - name: Hooli
    """)
    )
    return {
        "config": str(config),
        "initech": initech,
        "acme": acme,
        "plan": str(tmp_path / "p.json"),
    }


def test_saved_plan_applies_exactly_its_actions(run, world, server_sandbox):
    b = server_sandbox.backend
    made = run("plan", world["config"], "--out", world["plan"])
    assert made.exit_code == 0, made.output
    saved = json.loads(Path(world["plan"]).read_text())
    jsonschema.validate(saved, plan_schema())
    assert server_sandbox.token not in Path(world["plan"]).read_text()
    reads = len(b.requests)
    applied = run("apply", "--plan", world["plan"])
    assert applied.exit_code == 0, applied.output
    wid = b.workspace_id
    sent = [(r.method, r.path) for r in b.requests[reads:]]
    assert sent[:2] == [
        ("GET", f"/workspaces/{wid}/clients"),
        ("GET", f"/workspaces/{wid}/projects"),
    ]
    assert sent[2:] == [
        ("POST", f"/workspaces/{wid}/clients/{world['initech']['id']}/restore"),
        ("POST", f"/workspaces/{wid}/clients"),
        ("PUT", f"/workspaces/{wid}/clients/{world['acme']['id']}"),
    ]
    assert [a["op"] for a in saved["actions"]] == ["restore", "create", "update"]
    assert run("plan", world["config"], "--detailed-exitcode").exit_code == 0


def test_stale_plan_is_refused_with_zero_writes(run, world, server_sandbox):
    b = server_sandbox.backend
    assert run("plan", world["config"], "--out", world["plan"]).exit_code == 0
    b.update_client(None, world["acme"]["id"], {"name": "Acme", "notes": "edited by hand"})
    refused = run("apply", "--plan", world["plan"])
    assert refused.exit_code == 1
    assert "stale" in refused.output
    assert "'Acme'" in refused.output
    assert b.writes() == []


def test_a_plan_cannot_be_applied_twice(run, world, server_sandbox):
    b = server_sandbox.backend
    assert run("plan", world["config"], "--out", world["plan"]).exit_code == 0
    assert run("apply", "--plan", world["plan"]).exit_code == 0
    writes = len(b.writes())
    again = run("apply", "--plan", world["plan"])
    assert again.exit_code == 1
    assert "stale" in again.output
    assert len(b.writes()) == writes


def test_a_name_taken_since_the_plan_makes_it_stale(run, world, server_sandbox):
    b = server_sandbox.backend
    assert run("plan", world["config"], "--out", world["plan"]).exit_code == 0
    b.add_client("Hooli")
    refused = run("apply", "--plan", world["plan"])
    assert refused.exit_code == 1
    assert "'Hooli' now exists" in refused.output
    assert b.writes() == []


def test_json_and_markdown_formats(run, world, server_sandbox):
    as_json = run("plan", world["config"], "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.output)
    jsonschema.validate(data, plan_schema())
    assert data["summary"] == {"restore": 1, "archive": 0, "create": 1, "update": 1, "delete": 0}
    as_md = run("plan", world["config"], "--format", "markdown")
    assert as_md.exit_code == 0
    assert as_md.output.lstrip().startswith("#") or "Plan:" in as_md.output.splitlines()[0]
    assert "Initech" in as_md.output


def test_show_renders_a_saved_plan_without_requests(run, world, server_sandbox):
    assert run("plan", world["config"], "--out", world["plan"]).exit_code == 0
    before = len(server_sandbox.backend.requests)
    shown = run("show", world["plan"], "--format", "markdown")
    assert shown.exit_code == 0, shown.output
    assert "Plan: 1 to restore" in shown.output
    assert len(server_sandbox.backend.requests) == before


def test_a_corrupt_saved_plan_is_a_clear_error(run, tmp_path):
    bad = tmp_path / "plan.json"
    bad.write_text('{"format_version": 1, "actions": "nope"}')
    result = run("apply", "--plan", str(bad))
    assert result.exit_code == 1
    assert "not a valid saved plan" in result.output
    assert "Traceback" not in result.output


def _many_clients(backend, n=12):
    return [backend.add_client(f"Client {i:02}") for i in range(n)]


def _archive_config(tmp_path, backend, names, extra=""):
    path = tmp_path / "archive.yaml"
    body = "".join(f"  - name: {n}\n    state: archived\n" for n in names)
    path.write_text(f"version: 1\nworkspace: {backend.workspace_id}\n{extra}clients:\n{body}")
    return str(path)


def test_share_threshold_refuses_but_prints_the_plan(run, server_sandbox, tmp_path):
    b = server_sandbox.backend
    clients = _many_clients(b)
    config = _archive_config(tmp_path, b, [c["name"] for c in clients[:4]])  # 33% > 30%
    refused = run("apply", config, "--auto-approve")
    assert refused.exit_code == 1
    assert "33% of active clients" in refused.output
    assert refused.output.count("⊘") == 4  # the whole plan was printed
    assert b.writes() == []
    assert run("plan", config).exit_code == 1
    assert run("apply", config, "--auto-approve", "--max-destructive-percent", "40").exit_code == 0
    assert len(b.writes()) == 1  # the four clients in one bulk archive call


def test_force_overrides_the_share_and_the_file_can_set_it(run, server_sandbox, tmp_path):
    b = server_sandbox.backend
    clients = _many_clients(b)
    names = [c["name"] for c in clients[:4]]
    assert (
        run("apply", _archive_config(tmp_path, b, names), "--auto-approve", "--force").exit_code
        == 0
    )
    assert len(b.writes()) == 1  # the four clients in one bulk archive call
    b2 = _archive_config(
        tmp_path, b, [c["name"] for c in clients[:8]], "safety:\n  max_destructive_percent: 70\n"
    )
    assert run("apply", b2, "--auto-approve").exit_code == 0


def test_deletes_need_allow_delete_even_with_force(run, server_sandbox, tmp_path):
    b = server_sandbox.backend
    b.add_client("Gone")
    b.add_client("Stays")  # deleting every active client would need --force as well
    path = tmp_path / "d.yaml"
    path.write_text(
        f"version: 1\nworkspace: {b.workspace_id}\nclients: [{{name: Gone, state: absent}}]\n"
    )
    refused = run("apply", str(path), "--auto-approve", "--force")
    assert refused.exit_code == 1 and "--allow-delete" in refused.output
    planned = run("plan", str(path))
    assert planned.exit_code == 0 and "--allow-delete" in planned.output
    assert run("apply", str(path), "--auto-approve", "--allow-delete").exit_code == 0
    assert [c["name"] for c in b.clients()] == ["Stays"]


def test_quota_shown_in_plan_and_apply_refused_when_short(run, server_sandbox, tmp_path):
    b = server_sandbox.backend
    b.set_quota(5)
    path = tmp_path / "q.yaml"
    path.write_text(
        f"version: 1\nworkspace: {b.workspace_id}\nclients: [{{name: A}}, {{name: B}}]\n"
    )
    planned = run("plan", str(path))
    assert "Applying sends 2 write request(s)" in planned.output
    assert "3 request(s) left this hour" in planned.output
    refused = run("apply", str(path), "--auto-approve")  # 2 reads leave 1 for 2 writes
    assert refused.exit_code == 1 and "only 1 remain" in refused.output
    assert b.writes() == []


def _export_round_trip(backend: Backend, tmp_path: Path, *extra: str) -> None:
    with ThreadedServer(backend) as server:
        env = {"TOGGL_API_TOKEN": backend.token, "TOGGL_API_URL": server.url}
        out = tmp_path / "exported.yaml"
        exported = CliRunner().invoke(
            main,
            ["export", "--workspace", str(backend.workspace_id), "--output", str(out), *extra],
            env=env,
        )
        assert exported.exit_code == 0, exported.output
        planned = CliRunner().invoke(main, ["plan", str(out), "--detailed-exitcode"], env=env)
        assert planned.exit_code == 0, planned.output + out.read_text()
        assert "No changes" in planned.output


def test_export_of_the_shipped_example_world_round_trips(tmp_path):
    seed = json.loads((ROOT / "examples" / "sandbox-world.json").read_text())
    _export_round_trip(Backend.from_json(seed), tmp_path)
    _export_round_trip(Backend.from_json(seed), tmp_path, "--active-only")


def test_export_with_archived_clients_and_projects_round_trips(tmp_path):
    b = Backend()
    dead = b.add_client("Dead", archived=True)
    b.add_project("Old", client_id=dead["id"], active=False)
    live = b.add_client("Live", notes="n")
    b.add_project("Kept", client_id=live["id"], color="#c9806b")
    b.add_project("Shelved", client_id=live["id"], active=False)
    b.add_project("Loose", is_private=False)
    _export_round_trip(b, tmp_path)


def test_export_to_stdout_by_workspace_name(run, server_sandbox):
    b = server_sandbox.backend
    b.add_client("Solo")
    name = b.workspaces()[0]["name"]
    result = run("export", "--workspace", name)
    assert result.exit_code == 0, result.output
    assert "- name: Solo" in result.output
    assert f"workspace: {b.workspace_id}" in result.output


def test_apply_checks_the_plan_was_made_from_this_config(run, world, server_sandbox):
    b = server_sandbox.backend
    assert run("plan", world["config"], "--out", world["plan"]).exit_code == 0
    config = Path(world["config"])
    config.write_text(config.read_text().replace("notes: new", "notes: newer"))
    refused = run("apply", world["config"], "--plan", world["plan"])
    assert refused.exit_code == 1
    assert "another version" in refused.output
    assert b.writes() == []
    config.write_text(config.read_text().replace("notes: newer", "notes: new"))
    applied = run("apply", world["config"], "--plan", world["plan"])
    assert applied.exit_code == 0, applied.output
    assert len(b.writes()) == 3


def test_an_empty_saved_plan_spends_no_request(run, server_sandbox, tmp_path):
    b = server_sandbox.backend
    config = tmp_path / "empty.yaml"
    config.write_text(f"version: 1\nworkspace: {b.workspace_id}\n")
    plan = str(tmp_path / "plan.json")
    assert run("plan", str(config), "--out", plan).exit_code == 0
    before = len(b.requests)
    applied = run("apply", "--plan", plan)
    assert applied.exit_code == 0, applied.output
    assert "No changes" in applied.output
    assert len(b.requests) == before


def test_an_unwritable_plan_file_is_a_clear_error(run, world, tmp_path):
    result = run("plan", world["config"], "--out", str(tmp_path / "no" / "such" / "dir.json"))
    assert result.exit_code == 1
    assert "Error:" in result.output and "Traceback" not in result.output
