"""Safety through the command against the sandbox server over HTTP: the guard weighs what is live,
client-less projects follow the file's `projects` key, a saved plan keeps its file's threshold and
its digest follows the file's meaning, and a refused plan is still saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def active_clients(backend) -> list[str]:
    return sorted(c["name"] for c in backend.clients() if not c["archived"])


# -- 1. the guard measures live objects ---------------------------------------------------------


def test_archived_clients_do_not_dilute_the_share(run, write_config, server_sandbox):
    b = server_sandbox.backend
    for i in range(6):
        b.add_client(f"Live {i}")
    for i in range(20):
        b.add_client(f"Old {i}", archived=True)
    config = write_config("unmanaged: archive\n")  # names no client: every live one goes
    refused = run("apply", config, "--auto-approve")
    assert refused.exit_code == 1
    assert "all 6 active clients, leaving none active; pass --force" in refused.output
    assert "Traceback" not in refused.output
    assert b.writes() == []
    assert run("apply", config, "--auto-approve", "--force").exit_code == 0
    assert active_clients(b) == []


def test_the_share_is_of_active_clients_and_says_the_live_counts(run, write_config, server_sandbox):
    b = server_sandbox.backend
    for i in range(12):
        b.add_client(f"Client {i:02}")
    for i in range(30):
        b.add_client(f"Old {i:02}", archived=True)
    body = "".join(f"  - {{name: Client {i:02}, state: archived}}\n" for i in range(4))
    config = write_config("clients:\n" + body)
    refused = run("plan", config)
    assert refused.exit_code == 1
    assert "33% of active clients (4 of 12 active), more than the 30% allowed" in refused.output


@pytest.mark.parametrize("kind", ["client", "project"])
def test_a_small_workspace_cannot_be_emptied_without_force(run, write_config, server_sandbox, kind):
    b = server_sandbox.backend
    if kind == "client":
        b.add_client("Only")
        config = write_config("clients: [{name: Only, state: archived}]\n")
    else:
        b.add_project("Only")
        config = write_config("projects: [{name: Only, state: archived}]\n")
    refused = run("apply", config, "--auto-approve")
    assert refused.exit_code == 1
    assert f"all 1 active {kind}s, leaving none active" in refused.output
    assert b.writes() == []
    assert run("apply", config, "--auto-approve", "--force").exit_code == 0
    assert len(b.writes()) == 1


# -- 3. projects without a client follow the top-level `projects` key ---------------------------


def test_without_a_projects_key_clientless_projects_are_left_alone(
    run, write_config, server_sandbox
):
    b = server_sandbox.backend
    acme = b.add_client("Acme")
    b.add_project("Web", client_id=acme["id"])
    b.add_project("Internal")
    b.add_project("Holidays")
    config = write_config("unmanaged: archive\nclients: [{name: Acme, projects: all}]\n")
    result = run("apply", config, "--auto-approve")
    assert result.exit_code == 0, result.output
    assert b.writes() == []
    assert all(p["active"] for p in b.projects())
    managed = write_config(
        "unmanaged: archive\nclients: [{name: Acme, projects: all}]\nprojects: [Internal]\n",
        name="managed.yaml",
    )
    result = run("apply", managed, "--auto-approve", "--force")
    assert result.exit_code == 0, result.output
    assert sorted(p["name"] for p in b.projects() if p["active"]) == ["Internal", "Web"]


# -- 4 and 10. a saved plan keeps its file's threshold, and is saved even when refused -----------


def test_a_saved_plan_is_held_to_its_files_stricter_threshold(
    run, write_config, server_sandbox, tmp_path
):
    b = server_sandbox.backend
    for i in range(10):
        b.add_client(f"Client {i}")
    config = write_config(
        "safety: {max_destructive_percent: 10}\n"
        "clients: [{name: Client 0, state: archived}, {name: Client 1, state: archived}]\n"
    )
    plan_file = tmp_path / "plan.json"
    planned = run("plan", config, "--out", str(plan_file), "--format", "markdown")
    assert planned.exit_code == 1
    assert "20% of active clients (2 of 10 active), more than the 10% allowed" in planned.output
    saved = json.loads(plan_file.read_text())  # written although refused, for review
    assert saved["safety"] == {"max_destructive_percent": 10}
    assert saved["live"] == {
        "clients": 10,
        "projects": 0,
        "clients_taken": 2,
        "projects_taken": 0,
    }
    refused = run("apply", "--plan", str(plan_file))
    assert refused.exit_code == 1 and "more than the 10% allowed" in refused.output
    assert b.writes() == []
    forced = run("apply", "--plan", str(plan_file), "--force")  # decided at apply time
    assert forced.exit_code == 0, forced.output
    assert len(active_clients(b)) == 8


def test_a_saved_plan_may_use_its_files_looser_threshold(
    run, write_config, server_sandbox, tmp_path
):
    b = server_sandbox.backend
    for i in range(10):
        b.add_client(f"Client {i}")
    body = "".join(f"  - {{name: Client {i}, state: archived}}\n" for i in range(4))
    config = write_config("safety: {max_destructive_percent: 50}\nclients:\n" + body)
    plan_file = tmp_path / "plan.json"
    assert run("plan", config, "--out", str(plan_file)).exit_code == 0
    applied = run("apply", "--plan", str(plan_file))
    assert applied.exit_code == 0, applied.output
    assert len(active_clients(b)) == 6


# -- 9. the digest is over the meaning ----------------------------------------------------------


def test_comments_do_not_invalidate_a_reviewed_plan_but_a_change_does(
    run, write_config, server_sandbox, tmp_path
):
    b = server_sandbox.backend
    b.add_client("Globex")
    config = write_config("clients:\n  - name: Globex\n    notes: Key account\n")
    plan_file = tmp_path / "plan.json"
    assert run("plan", config, "--out", str(plan_file)).exit_code == 0
    path = Path(config)
    original = path.read_text()
    changed = original.replace("notes: Key account", "notes: Key account   # since 2019")
    path.write_text("# Reviewed in the pull request\n" + changed + "\n\n")
    applied = run("apply", config, "--plan", str(plan_file))
    assert applied.exit_code == 0, applied.output
    assert b.clients()[0]["notes"] == "Key account"

    assert run("plan", config, "--out", str(plan_file)).exit_code == 0
    path.write_text(original.replace("clients:", "unmanaged: archive\nclients:"))
    refused = run("apply", config, "--plan", str(plan_file))
    assert refused.exit_code == 1 and "another version of" in refused.output


# -- 2. deleting a project keeps its time entries unless the file says otherwise -----------------


def test_a_project_delete_keeps_its_time_entries_by_default(run, write_config, server_sandbox):
    b = server_sandbox.backend
    b.add_project("Stays")
    old = b.add_project("Old", time_entries=7)
    config = write_config("projects: [Stays, {name: Old, state: absent}]\n")
    planned = run("plan", config)
    assert '- project "Old"' in planned.output
    assert "its time entries stay, without a project" in planned.output
    assert "TIME ENTRIES WILL BE DELETED" not in planned.output
    applied = run("apply", config, "--auto-approve", "--allow-delete")
    assert applied.exit_code == 0, applied.output
    assert [r.query for r in b.writes()] == [{"teDeletionMode": "unassign"}]
    entries = b.time_entries()
    assert (entries["unassigned"], entries["deleted"]) == (7, 0)
    assert old["id"] not in entries["projects"]


def test_deleting_time_entries_needs_the_word_in_the_file_and_is_loud(
    run, write_config, server_sandbox
):
    b = server_sandbox.backend
    b.add_project("Stays")
    b.add_project("Old", time_entries=7)
    config = write_config(
        "projects:\n  - Stays\n  - name: Old\n    state: absent\n    time_entries: delete\n"
    )
    planned = run("plan", config)
    assert planned.exit_code == 0, planned.output
    first = planned.output.splitlines()[0]
    assert first.startswith('!! TIME ENTRIES WILL BE DELETED with project "Old"')
    assert '- project "Old"' in planned.output and "AND ITS TIME ENTRIES" in planned.output
    markdown = run("plan", config, "--format", "markdown").output
    assert "TIME ENTRIES WILL BE DELETED" in markdown
    refused = run("apply", config, "--auto-approve", "--force")
    assert refused.exit_code == 1 and "--allow-delete" in refused.output
    assert b.writes() == []
    applied = run("apply", config, "--auto-approve", "--allow-delete")
    assert applied.exit_code == 0, applied.output
    assert [r.query for r in b.writes()] == [{"teDeletionMode": "delete"}]
    assert b.time_entries()["deleted"] == 7


def test_time_entries_belongs_only_with_a_delete(run, write_config, server_sandbox):
    config = write_config("projects:\n  - name: Old\n    time_entries: delete\n")
    result = run("validate", config)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {config}:5: 'time_entries' says what deleting")
    assert "Traceback" not in result.output
    assert server_sandbox.backend.requests == []


# -- 5. names Toggl would refuse or trim; 7. suggestions from the key's own values --------------


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ('"   "', "a client name must not be empty or only whitespace"),
        ('"Hooli "', "client name 'Hooli ' has leading or trailing whitespace, which Toggl trims: "
         "write 'Hooli'"),
        ('" Hooli"', "has leading or trailing whitespace"),
        ('"Ho\\u0007li"', "must not contain control characters (U+0007)"),
    ],
)  # fmt: skip
def test_names_toggl_would_refuse_or_trim_are_refused_at_their_line(
    run, write_config, server_sandbox, entry, message
):
    config = write_config(f"clients:\n  - name: Globex\n  - name: {entry}\n")
    for command in ("validate", "plan"):
        result = run(command, config)
        assert result.exit_code == 1
        assert result.output.startswith(f"Error: {config}:5: ")
        assert message in result.output
        assert "Traceback" not in result.output
    assert server_sandbox.backend.requests == []


def test_a_project_name_with_trailing_space_is_refused(run, write_config):
    config = write_config("projects:\n  - Web\n  - 'Web '\n")
    result = run("validate", config)
    assert result.exit_code == 1
    assert f"{config}:5: project name 'Web ' has leading or trailing whitespace" in result.output


def test_suggestions_come_only_from_the_keys_own_values(run, write_config):
    unmanaged = run("validate", write_config("unmanaged: delete\n"))
    assert unmanaged.exit_code == 1
    assert "'unmanaged' must be one of ignore, archive" in unmanaged.output
    assert "absent" not in unmanaged.output
    assert "did you mean 'archive'" in run("validate", write_config("unmanaged: archived\n")).output
    state = run("validate", write_config("projects: [{name: A, state: deleted}]\n"))
    assert "(did you mean 'absent'?)" in state.output


# -- 8. the plan warns when the hour's quota cannot cover the apply ------------------------------


def test_the_plan_warns_when_the_quota_cannot_cover_the_apply(run, write_config, server_sandbox):
    b = server_sandbox.backend
    b.set_quota(5)
    config = write_config("clients:\n" + "".join(f"  - name: Client {i}\n" for i in range(9)))
    planned = run("plan", config)
    assert planned.exit_code == 0, planned.output
    assert "Toggl reports 3 request(s) left this hour, resets in 1 h." in planned.output
    assert "Warning: this hour's quota cannot cover the apply (9 writes, 3 left)" in planned.output
    small = run("plan", write_config("clients: [{name: A}]\n", name="small.yaml"))
    assert small.exit_code == 0 and "Warning" not in small.output


# -- 6. the interactive prompt: only `yes` approves; a long wait re-checks the workspace ---------


@pytest.fixture
def terminal(monkeypatch):
    from reconciler.cli import terminal

    monkeypatch.setattr(terminal, "stdin_is_terminal", lambda: True)


@pytest.mark.usefixtures("terminal")
def test_only_yes_approves(run, write_config, server_sandbox):
    b = server_sandbox.backend
    b.add_client("Globex")
    config = write_config("clients: [{name: Globex, notes: Key account}]\n")
    for answer in ("y\n", "Y\n", "\n", "no\n"):
        declined = run("apply", config, input=answer)
        assert declined.exit_code == 1
        assert "Only 'yes' will be accepted to approve" in declined.output
        assert "apply cancelled: nothing was sent" in declined.output
    assert b.writes() == []
    approved = run("apply", config, input="yes\n")
    assert approved.exit_code == 0, approved.output
    assert b.clients()[0]["notes"] == "Key account"


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("waited", [5, 61])
def test_a_prompt_that_waited_over_a_minute_rechecks_the_workspace(
    run, write_config, server_sandbox, monkeypatch, waited
):
    import reconciler.facade

    b = server_sandbox.backend
    globex = b.add_client("Globex")
    config = write_config("clients: [{name: Globex, notes: Key account}]\n")
    # The clock is read when the prompt opens and when it is answered; meanwhile someone else
    # edits the client.
    moments = iter([1000.0, 1000.0 + waited])

    def clock() -> float:
        now = next(moments)
        if now > 1000.0:
            b.update_client(None, globex["id"], {"name": "Globex", "notes": "Changed by hand"})
        return now

    monkeypatch.setattr(reconciler.facade, "_monotonic", clock)
    result = run("apply", config, input="yes\n")
    reads = [r for r in b.requests if r.method == "GET"]
    if waited > 60:
        assert result.exit_code == 1
        assert "the workspace changed since it was made" in result.output
        assert "client 'Globex'" in result.output
        assert b.writes() == []
        assert len(reads) == 4  # the plan's read, then the same minimal read again
        assert b.clients()[0]["notes"] == "Changed by hand"
    else:
        assert result.exit_code == 0, result.output
        assert len(reads) == 2  # a quick answer costs no second read
        assert b.clients()[0]["notes"] == "Key account"  # the edit is overwritten, as planned
