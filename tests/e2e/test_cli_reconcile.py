"""End to end: the CLI against the sandbox server over real HTTP."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reconciler.cli import main
from toggl_sandbox import Backend, ThreadedServer


def writes(backend) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in backend.writes()]


def by_name(items: list[dict]) -> dict[str, dict]:
    return {i["name"]: i for i in items}


def converged(run, config: str, backend) -> None:
    """After an apply, a second plan is empty and applying again sends no write."""
    plan = run("plan", config, "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output
    assert "No changes" in plan.output
    before = len(backend.writes())
    again = run("apply", config, "--auto-approve")
    assert again.exit_code == 0, again.output
    assert len(backend.writes()) == before


def test_restore_with_project_list(run, write_config, server_sandbox):
    b = server_sandbox.backend
    initech = b.add_client("Initech", archived=True)
    tps = b.add_project("TPS reports", client_id=initech["id"], active=False)
    printers = b.add_project("Printers", client_id=initech["id"], active=False)
    other = b.add_project("Other", client_id=initech["id"], active=False)
    config = write_config("""
        clients:
          - name: Initech
            projects:
              - TPS reports
              - name: Printers
                state: archived
    """)
    result = run("apply", config, "--auto-approve")
    assert result.exit_code == 0, result.output
    wid = b.workspace_id
    assert writes(b) == [("POST", f"/workspaces/{wid}/clients/{initech['id']}/restore")]
    projects = {p["id"]: p for p in b.projects()}
    assert projects[tps["id"]]["active"] is True
    assert projects[printers["id"]]["active"] is False
    assert projects[other["id"]]["active"] is False  # not listed, unmanaged: ignore
    assert by_name(b.clients())["Initech"]["archived"] is False
    assert "↺" in result.output and "TPS reports" in result.output
    converged(run, config, b)


def test_restore_all_projects(run, write_config, server_sandbox):
    b = server_sandbox.backend
    globex = b.add_client("Globex", archived=True)
    for name in ("A", "B", "C"):
        b.add_project(name, client_id=globex["id"], active=False)
    config = write_config("""
        clients:
          - name: Globex
            projects: all
    """)
    result = run("apply", config, "--auto-approve")
    assert result.exit_code == 0, result.output
    assert writes(b) == [("POST", f"/workspaces/{b.workspace_id}/clients/{globex['id']}/restore")]
    assert all(p["active"] for p in b.projects())
    converged(run, config, b)


def test_archive_is_one_call_for_client_and_projects(run, write_config, server_sandbox):
    b = server_sandbox.backend
    umbrella = b.add_client("Umbrella")
    for name in ("X", "Y", "Z"):
        b.add_project(name, client_id=umbrella["id"])
    # Something stays active: archiving everything live would need --force.
    b.add_project("Kept", client_id=b.add_client("Stays")["id"])
    config = write_config("""
        clients:
          - name: Umbrella
            state: archived
    """)
    result = run("apply", config, "--auto-approve")
    assert result.exit_code == 0, result.output
    assert writes(b) == [("POST", f"/workspaces/{b.workspace_id}/clients/{umbrella['id']}/archive")]
    assert [p["name"] for p in b.projects() if p["active"]] == ["Kept"]
    converged(run, config, b)


def test_creates_clients_then_projects(run, write_config, server_sandbox):
    b = server_sandbox.backend
    config = write_config("""
        clients:
          - name: Hooli
            notes: New account
            projects:
              - Nucleus
              - name: Old site
                state: archived
          - name: Dormant
            state: archived
        projects:
          - Internal
    """)
    result = run("apply", config, "--auto-approve")
    assert result.exit_code == 0, result.output
    wid = b.workspace_id
    methods = writes(b)
    assert methods[0] == ("POST", f"/workspaces/{wid}/clients")
    assert methods.count(("POST", f"/workspaces/{wid}/clients")) == 2
    assert methods.count(("POST", f"/workspaces/{wid}/projects")) == 3
    assert len(methods) == 6  # + one archive of the client created archived
    clients = by_name(b.clients())
    assert clients["Hooli"]["notes"] == "New account"
    assert clients["Dormant"]["archived"] is True
    projects = by_name(b.projects())
    assert projects["Nucleus"]["client_id"] == clients["Hooli"]["id"]
    assert projects["Old site"]["active"] is False
    assert projects["Internal"]["client_id"] is None
    converged(run, config, b)


def test_updates_carry_only_changed_fields(run, write_config, server_sandbox):
    b = server_sandbox.backend
    acme = b.add_client("Acme", notes="old")
    web = b.add_project("Web", client_id=acme["id"], color="#06aaf5", is_private=True)
    config = write_config("""
        clients:
          - name: Acme
            notes: new
            projects:
              - name: Web
                color: "#C9806B"
                is_private: true
    """)
    plan = run("plan", config)
    assert plan.exit_code == 0, plan.output
    assert '"old" -> "new"' in plan.output
    result = run("apply", config, "--auto-approve")
    assert result.exit_code == 0, result.output
    wid = b.workspace_id
    assert writes(b) == [
        ("PUT", f"/workspaces/{wid}/clients/{acme['id']}"),
        ("PUT", f"/workspaces/{wid}/projects/{web['id']}"),
    ]
    assert by_name(b.projects())["Web"]["color"] == "#c9806b"
    converged(run, config, b)


def test_delete_needs_allow_delete(run, write_config, server_sandbox):
    b = server_sandbox.backend
    b.add_client("Gone")
    config = write_config("""
        clients:
          - name: Gone
            state: absent
    """)
    refused = run("apply", config, "--auto-approve")
    assert refused.exit_code == 1
    assert "--allow-delete" in refused.output
    assert writes(b) == []
    done = run("apply", config, "--auto-approve", "--allow-delete", "--force")
    assert done.exit_code == 0, done.output
    assert "Gone" not in by_name(b.clients())
    converged(run, config, b)


def test_unmanaged_ignore_and_archive(run, write_config, server_sandbox):
    b = server_sandbox.backend
    keep = b.add_client("Keep")
    for i in range(4):
        b.add_client(f"Stray {i}")
    b.add_project("Listed", client_id=keep["id"])
    b.add_project("Unlisted", client_id=keep["id"])
    ignore = write_config(
        """
        clients:
          - name: Keep
            projects: [Listed]
    """,
        "ignore.yaml",
    )
    assert run("plan", ignore, "--detailed-exitcode").exit_code == 0
    archive = write_config(
        """
        unmanaged: archive
        safety:
          max_destructive_percent: 100
        clients:
          - name: Keep
            projects: [Listed]
    """,
        "archive.yaml",
    )
    result = run("apply", archive, "--auto-approve")
    assert result.exit_code == 0, result.output
    clients = by_name(b.clients())
    assert all(clients[f"Stray {i}"]["archived"] for i in range(4))
    assert clients["Keep"]["archived"] is False
    projects = by_name(b.projects())
    assert projects["Listed"]["active"] is True
    assert projects["Unlisted"]["active"] is False
    # The project's update, then the four stray clients in one bulk archive call.
    assert [w.path.rsplit("/", 1)[-1] for w in b.writes()][1:] == ["archive"]
    assert len(b.writes()) == 2
    converged(run, archive, b)


def test_plan_reads_minimum_and_detailed_exitcode(run, write_config, server_sandbox):
    b = server_sandbox.backend
    client = b.add_client("Big")
    for i in range(450):
        b.add_project(f"P{i:03}", client_id=client["id"])
    config = write_config("""
        clients:
          - name: Big
            projects: all
          - name: New
    """)
    before = len(b.requests)
    result = run("plan", config, "--detailed-exitcode")
    assert result.exit_code == 2, result.output
    assert len(b.requests) - before == 1 + 3  # clients + ceil(450/200) project pages
    assert (
        "Plan: 0 to restore, 0 to archive, 1 to create, 0 to update, 0 to delete." in result.output
    )


def test_workspace_by_name_costs_one_request(run, tmp_path, server_sandbox):
    b = server_sandbox.backend
    name = b.workspaces()[0]["name"]
    config = tmp_path / "by-name.yaml"
    config.write_text(f"version: 1\nworkspace: {json.dumps(name)}\n", encoding="utf-8")
    result = run("plan", str(config))
    assert result.exit_code == 0, result.output
    assert [r.path.rsplit("/", 1)[-1] for r in b.requests] == ["workspaces", "clients", "projects"]


def test_apply_refuses_without_terminal(run, write_config, server_sandbox):
    b = server_sandbox.backend
    config = write_config("clients: [{name: New}]\n")
    result = run("apply", config)
    assert result.exit_code == 1
    assert "--auto-approve" in result.output
    assert writes(b) == []


def test_config_error_sends_nothing(run, tmp_path, server_sandbox):
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nworkspace: 1\nclients:\n  - name: A\n    colour: red\n")
    result = run("plan", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:5" in result.output
    assert "Traceback" not in result.output
    assert server_sandbox.backend.requests == []


def test_validate_sends_nothing(run, write_config, server_sandbox):
    config = write_config("clients: [{name: A, projects: [x, y]}]\n")
    result = run("validate", config)
    assert result.exit_code == 0, result.output
    assert "valid" in result.output
    assert server_sandbox.backend.requests == []


def test_missing_token_is_an_error(server_sandbox, write_config):
    config = write_config("clients: []\n")
    result = CliRunner().invoke(
        main, ["plan", config], env={"TOGGL_API_TOKEN": "", "TOGGL_API_URL": server_sandbox.url}
    )
    assert result.exit_code == 1
    assert "TOGGL_API_TOKEN" in result.output


def test_verbose_logs_every_request(run, write_config, server_sandbox):
    # Redaction of the log is tested where the log can hold the token: tests/test_safeguards.py.
    config = write_config("clients: []\n")
    result = run("-v", "plan", config)
    assert result.exit_code == 0, result.output
    assert "GET /workspaces/" in result.output


def test_plain_http_to_a_remote_host_is_refused(write_config, server_sandbox):
    config = write_config("clients: []\n")
    result = CliRunner().invoke(
        main,
        ["--api-url", "http://toggl.example.com/api/v9", "plan", config],
        env={"TOGGL_API_TOKEN": "secret-token"},
    )
    assert result.exit_code == 1
    assert "unencrypted" in result.output
    assert "secret-token" not in result.output


def test_usage_errors_exit_1(run):
    result = run("plan", "--no-such-flag")
    assert result.exit_code == 1


def test_every_command_has_help(run):
    names = main.list_commands(None)  # type: ignore[arg-type]
    assert {"demo", "sandbox", "plan", "apply"} <= set(names)
    for name in names:
        result = run(name, "--help")
        assert result.exit_code == 0, result.output
        assert main.commands[name].help, name


def test_the_shipped_example_plans_applies_and_converges():
    root = Path(__file__).resolve().parents[2]
    config = str(root / "examples" / "workspace.yaml")
    seed = json.loads((root / "examples" / "sandbox-world.json").read_text())
    backend = Backend.from_json(seed)
    with ThreadedServer(backend) as server:
        env = {"TOGGL_API_TOKEN": backend.token, "TOGGL_API_URL": server.url}
        runner = CliRunner()
        planned = runner.invoke(main, ["plan", config, "--detailed-exitcode"], env=env)
        assert planned.exit_code == 2, planned.output
        counts = planned.output.split("Plan: ")[1].split(".")[0]
        # The example shows every kind of change except deletes.
        assert all(
            f"0 to {kind}" not in counts for kind in ("restore", "archive", "create", "update")
        )
        applied = runner.invoke(main, ["apply", config, "--auto-approve"], env=env)
        assert applied.exit_code == 0, applied.output
        assert "Apply complete" in applied.output
        again = runner.invoke(main, ["plan", config, "--detailed-exitcode"], env=env)
        assert again.exit_code == 0, again.output


def test_demo_command_runs_plan_apply_plan():
    root = Path(__file__).resolve().parents[2]
    result = CliRunner().invoke(
        main,
        [
            "demo",
            str(root / "examples" / "workspace.yaml"),
            "--seed",
            str(root / "examples" / "sandbox-world.json"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("$ toggl-reconciler plan") == 2
    assert "Apply complete" in result.output
    assert "No changes" in result.output


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    from reconciler.cli import terminal

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    monkeypatch.setattr(terminal.sys.stdout, "isatty", lambda: True)
    assert terminal.use_color() is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert terminal.use_color() is False
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr(terminal.sys.stdout, "isatty", lambda: False)
    assert terminal.use_color() is False
