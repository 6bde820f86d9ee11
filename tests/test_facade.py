"""Planning and applying from Python (`import reconciler`) against a sandbox server: silent, with
the command's checks (digest, freshness, safety, quota) before any write."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from pathlib import Path

import pytest

import reconciler
from reconciler import (
    ApplyStarting,
    ApplyStopped,
    Outcome,
    Reconciler,
    StalePlan,
    UnsafePlan,
    load_plan,
    parse_config,
    save_plan,
)
from toggl_sandbox import Backend, ThreadedServer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def rec(server_sandbox) -> Reconciler:
    return Reconciler(server_sandbox.token, server_sandbox.url)


def config_for(backend: Backend, body: str, name: str = "w.yaml") -> reconciler.Config:
    return parse_config(f"version: 1\nworkspace: {backend.workspace_id}\n{body}", name)


def names(items: list[dict]) -> list[str]:
    return sorted(item["name"] for item in items)


def seed_clients(backend: Backend, count: int) -> None:
    for index in range(count):
        backend.add_client(f"Client {index:02d}")


def test_plan_and_apply_print_nothing_and_converge(server_sandbox, rec, capfd):
    b = server_sandbox.backend
    b.add_client("Globex", notes="old")
    config = config_for(b, "clients: [{name: Globex, notes: new}, {name: Initech}]\n")
    plan = rec.plan(config)
    assert [(a.op, a.name) for a in plan.actions] == [("create", "Initech"), ("update", "Globex")]
    reads = len(b.requests)
    outcomes = rec.apply(plan, config=config)
    assert [o.action for o in outcomes] == list(plan.actions)
    # A plan this Reconciler made is not read again: the apply sends its writes and no more.
    assert len(b.requests) - reads == len(b.writes()) == 2
    assert names(b.clients()) == ["Globex", "Initech"]
    assert not rec.plan(config).has_changes
    assert capfd.readouterr() == ("", "")


def test_a_share_above_the_threshold_is_refused_unless_forced(server_sandbox, rec):
    b = server_sandbox.backend
    seed_clients(b, 10)
    config = config_for(b, "unmanaged: archive\nclients: [{name: Client 00}]\n")
    plan = rec.plan(config)
    with pytest.raises(UnsafePlan) as refused:
        rec.apply(plan, config=config)
    assert (refused.value.check, refused.value.override) == ("share", "force")
    assert "90% of active clients (9 of 10 active)" in str(refused.value)
    assert b.writes() == []
    rec.apply(plan, config=config, max_destructive_share=0.9)  # the share can be raised too
    assert [c["name"] for c in b.clients() if not c["archived"]] == ["Client 00"]


def test_force_applies_a_plan_past_the_share(server_sandbox, rec):
    b = server_sandbox.backend
    seed_clients(b, 10)
    config = config_for(b, "unmanaged: archive\nclients: [{name: Client 00}]\n")
    rec.apply(rec.plan(config), config=config, force=True)
    assert [c["name"] for c in b.clients() if not c["archived"]] == ["Client 00"]
    assert len(b.writes()) == 1  # the nine clients in one bulk archive call


def test_deletes_need_allow_delete_even_with_force(server_sandbox, rec):
    b = server_sandbox.backend
    b.add_client("Gone")
    b.add_client("Stays")  # deleting every active client would need force as well
    config = config_for(b, "clients: [{name: Gone, state: absent}]\n")
    plan = rec.plan(config)
    for force in (False, True):
        with pytest.raises(UnsafePlan) as refused:
            rec.apply(plan, config=config, force=force)
        assert refused.value.override == "allow_delete"
        assert "--" not in str(refused.value)  # the library names no command option
    assert b.writes() == []
    rec.apply(plan, config=config, allow_delete=True)
    assert [c["name"] for c in b.clients()] == ["Stays"]


def test_a_saved_plan_is_checked_against_the_workspace_and_refused_when_stale(
    server_sandbox, rec, tmp_path
):
    b = server_sandbox.backend
    globex = b.add_client("Globex")
    config = config_for(b, "clients: [{name: Globex, notes: planned}]\n")
    save_plan(rec.plan(config), tmp_path / "plan.json")
    b.update_client(None, globex["id"], {"name": "Globex", "notes": "changed by hand"})
    saved = load_plan(tmp_path / "plan.json")
    with pytest.raises(StalePlan, match="changed at"):
        Reconciler(server_sandbox.token, server_sandbox.url).apply(saved, config=config)
    with pytest.raises(StalePlan):
        rec.apply(saved, config=config)  # loaded from a file: not the plan this one made
    assert b.writes() == []


def test_a_fresh_saved_plan_costs_one_read_then_applies(server_sandbox, rec, tmp_path):
    b = server_sandbox.backend
    b.add_client("Globex")
    config = config_for(b, "clients: [{name: Globex, notes: planned}]\n")
    save_plan(rec.plan(config), tmp_path / "plan.json")
    before = len(b.requests)
    Reconciler(server_sandbox.token, server_sandbox.url).apply(load_plan(tmp_path / "plan.json"))
    sent = [(r.method, r.path.rsplit("/", 1)[-1]) for r in b.requests[before:]]
    assert sent == [("GET", "clients"), ("GET", "projects"), ("PUT", str(b.clients()[0]["id"]))]


def test_a_plan_from_another_version_of_the_config_is_refused_before_any_request(
    server_sandbox, rec
):
    b = server_sandbox.backend
    plan = rec.plan(config_for(b, "clients: [{name: A}]\n"))
    edited = config_for(b, "clients: [{name: A}, {name: B}]\n")
    before = len(b.requests)
    with pytest.raises(StalePlan, match="another version of w.yaml"):
        rec.apply(plan, config=edited)
    assert len(b.requests) == before


def test_a_plan_the_quota_cannot_cover_is_refused_unless_forced(server_sandbox, rec):
    b = server_sandbox.backend
    b.set_quota(4)  # two reads, then two of the three creates
    config = config_for(b, "clients: [{name: A}, {name: B}, {name: C}]\n")
    plan = rec.plan(config)
    with pytest.raises(UnsafePlan, match="only 2 remain") as refused:
        rec.apply(plan, config=config)
    assert (refused.value.check, refused.value.override) == ("quota", "force")
    assert b.writes() == []
    with pytest.raises(ApplyStopped) as stopped:
        rec.apply(plan, config=config, force=True)  # applies what fits, then stops cleanly
    assert [o.action.name for o in stopped.value.done] == ["A", "B"]
    assert [a.name for a in stopped.value.remaining] == ["C"]


def test_confirm_sees_the_plan_and_can_decline(server_sandbox, rec):
    b = server_sandbox.backend
    config = config_for(b, "clients: [{name: A}]\n")
    plan = rec.plan(config)
    asked = []
    assert rec.apply(plan, confirm=lambda p: asked.append(p) or False) == []
    assert asked == [plan] and b.writes() == []
    assert len(rec.apply(plan, confirm=lambda p: True)) == 1


def test_progress_receives_the_start_each_action_and_each_wait(server_sandbox, capfd):
    b = server_sandbox.backend
    events: list[object] = []
    rec = Reconciler(server_sandbox.token, server_sandbox.url, progress=events.append)
    b.add_client("C")
    b.fail_next("PUT", r"/clients/\d+$", 503)  # retried by the client, after a wait
    config = config_for(b, "clients: [{name: A}, {name: B}, {name: C, notes: x}]\n")
    plan = rec.plan(config)
    rec.apply(plan, config=config)
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["ApplyStarting", "Outcome", "Outcome", "Retrying", "Outcome"]
    start = events[0]
    assert isinstance(start, ApplyStarting) and start.plan is plan
    assert [e.action.name for e in events if isinstance(e, Outcome)] == ["A", "B", "C"]
    assert capfd.readouterr() == ("", "")


def test_without_a_callback_progress_goes_to_logging(server_sandbox, rec, caplog, capfd):
    b = server_sandbox.backend
    config = config_for(b, "clients: [{name: A}]\n")
    with caplog.at_level(logging.INFO, logger="reconciler"):
        rec.apply(rec.plan(config))
    assert [r.getMessage() for r in caplog.records if r.name == "reconciler.facade"] == [
        f"applying to workspace {b.workspace_id}: Plan: 0 to restore, 0 to archive, "
        "1 to create, 0 to update, 0 to delete.",
        f'+ created client "A" ({b.clients()[0]["id"]})',
    ]
    assert capfd.readouterr() == ("", "")


SILENT_PROGRAM = """
import reconciler
from toggl_sandbox import Backend, ThreadedServer

backend = Backend()
backend.fail_next("GET", r"/clients$", 503)  # a wait, then a retry: logged as a warning
with ThreadedServer(backend) as server:
    rec = reconciler.Reconciler(backend.token, server.url)
    text = f"version: 1\\nworkspace: {backend.workspace_id}\\nclients: [{{name: A}}]\\n"
    rec.apply(rec.plan(reconciler.parse_config(text)))
assert [c["name"] for c in backend.clients()] == ["A"]
assert [r.status for r in backend.requests][:2] == [503, 200]
"""


def test_a_program_that_configures_no_logging_sees_nothing_printed():
    run = subprocess.run([sys.executable, "-c", SILENT_PROGRAM], capture_output=True, text=True)
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")


def test_the_token_comes_from_the_environment_and_is_asked_for_only_when_needed(
    server_sandbox, monkeypatch
):
    monkeypatch.delenv("TOGGL_API_TOKEN", raising=False)
    monkeypatch.setenv("TOGGL_API_URL", server_sandbox.url)
    rec = Reconciler()  # nothing is sent yet, so nothing is missing yet
    no_changes = reconciler.Plan(workspace_id=server_sandbox.backend.workspace_id)
    assert rec.apply(no_changes) == []  # a plan with nothing to send needs no token
    with pytest.raises(reconciler.ReconcilerError, match="TOGGL_API_TOKEN is not set"):
        rec.read_workspace(server_sandbox.backend.workspace_id)
    monkeypatch.setenv("TOGGL_API_TOKEN", server_sandbox.token)
    assert Reconciler().read_workspace(server_sandbox.backend.workspace_id).clients == ()
    assert server_sandbox.token not in repr(Reconciler())


def test_export_writes_a_config_that_plans_no_changes(server_sandbox, rec):
    b = server_sandbox.backend
    acme = b.add_client("Acme", notes="Key account")
    b.add_project("Website", client_id=acme["id"], color="#c9806b")
    text = rec.export(b.workspace_id, generated_at="today")
    assert "today" in text and server_sandbox.url in text
    assert not rec.plan(parse_config(text, "exported.yaml")).has_changes


def test_import_reconciler_names_the_library():
    assert set(reconciler.__all__) <= set(dir(reconciler))
    for name in reconciler.__all__:
        assert getattr(reconciler, name) is not None, name
    assert issubclass(reconciler.ApplyStopped, reconciler.ReconcilerError)
    with pytest.raises(AttributeError):
        reconciler.no_such_name  # noqa: B018


def _readme_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Use from Python\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match, "the README's 'Use from Python' section has no python example"
    return match.group(1)


def test_the_readme_example_runs_against_the_sandbox(tmp_path, monkeypatch, capsys):
    seed = json.loads((ROOT / "examples" / "sandbox-world.json").read_text())
    backend = Backend.from_json(seed)
    (tmp_path / "workspace.yaml").write_text((ROOT / "examples" / "workspace.yaml").read_text())
    monkeypatch.chdir(tmp_path)
    with ThreadedServer(backend) as server:
        monkeypatch.setenv("TOGGL_API_TOKEN", backend.token)
        monkeypatch.setenv("TOGGL_API_URL", server.url)
        exec(compile(_readme_example(), "README.md", "exec"), {})
        again = Reconciler().plan("workspace.yaml")
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("Plan: 2 to restore, 2 to archive, 3 to create")
    assert "⊘ client Cyberdyne Systems" in printed
    assert printed[-1] == f"applied {len(backend.writes())} actions"
    assert not again.has_changes
