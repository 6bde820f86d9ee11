"""End to end, the CLI against the sandbox server over real HTTP: renames and moves through
`previously` cost one PUT of the same object, `--target` plans part of the file, and the objects
the file does not mention are counted and, on request, listed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from toggl_sandbox import Backend, ThreadedServer


def writes(backend: Backend, since: int = 0) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in backend.requests[since:] if r.method != "GET"]


def seed(backend: Backend) -> dict[str, int]:
    hooli = backend.add_client("Hooli")
    stark = backend.add_client("Stark Industries")
    nucleus = backend.add_project("Nucleus", client_id=hooli["id"])
    signal = backend.add_project("Signal", client_id=hooli["id"])
    return {"Hooli": hooli["id"], "Stark": stark["id"], "Nucleus": nucleus["id"],
            "Signal": signal["id"]}  # fmt: skip


CLIENT_RENAME = """
    clients:
      - name: Hooli Inc
        previously: Hooli
      - name: Stark Industries
"""
PROJECT_RENAME = """
    clients:
      - name: Hooli
        projects:
          - Nucleus
          - name: Signal Pro
            previously: Signal
      - name: Stark Industries
"""
PROJECT_MOVE = """
    clients:
      - name: Hooli
        projects: [Signal]
      - name: Stark Industries
        projects:
          - name: Nucleus
            previously: {client: Hooli}
"""


@pytest.mark.parametrize(
    ("config", "kind", "moved", "shown"),
    [
        (CLIENT_RENAME, "clients", "Hooli", '~ client "Hooli" -> "Hooli Inc" ({id})'),
        (
            PROJECT_RENAME,
            "projects",
            "Signal",
            '~ project "Hooli / Signal" -> "Hooli / Signal Pro" ({id})',
        ),
        (
            PROJECT_MOVE,
            "projects",
            "Nucleus",
            '~ project "Hooli / Nucleus" -> "Stark Industries / Nucleus" ({id})',
        ),
    ],
    ids=["client-rename", "project-rename", "project-move"],
)
def test_a_rename_or_move_is_one_put_keeping_the_id_and_a_second_plan_is_empty(
    run, write_config, server_sandbox: ThreadedServer, config: str, kind: str, moved: str,
    shown: str,
) -> None:  # fmt: skip
    backend = server_sandbox.backend
    ids = seed(backend)
    path = write_config(config)
    before = {("c", c["id"]) for c in backend.clients()} | {
        ("p", p["id"]) for p in backend.projects()
    }
    plan = run("plan", path)
    assert plan.exit_code == 0, plan.output
    assert shown.format(id=ids[moved]) in plan.output.splitlines()
    start = len(backend.requests)
    applied = run("apply", path, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    wid = backend.workspace_id
    assert writes(backend, start) == [("PUT", f"/workspaces/{wid}/{kind}/{ids[moved]}")]
    after = {("c", c["id"]) for c in backend.clients()} | {
        ("p", p["id"]) for p in backend.projects()
    }
    assert after == before  # nothing created, nothing deleted: the same objects
    again = run("plan", path, "--detailed-exitcode")
    assert again.exit_code == 0, again.output
    assert "No changes" in again.output


def test_a_saved_plan_records_its_targets_and_apply_plans_only_them(
    run, write_config, server_sandbox: ThreadedServer, tmp_path: Path
) -> None:
    backend = server_sandbox.backend
    ids = seed(backend)
    path = write_config(
        CLIENT_RENAME.replace(
            "- name: Stark Industries", "- name: Stark Industries\n        notes: Arc reactors"
        )
    )
    saved = tmp_path / "plan.json"
    plan = run("plan", path, "--target", "Hooli Inc", "--out", str(saved))
    assert plan.exit_code == 0, plan.output
    assert plan.output.startswith('Partial plan, limited to "Hooli Inc"')
    assert json.loads(saved.read_text())["targets"] == ["Hooli Inc"]
    shown = run("show", str(saved))  # read back through the saved plan's schema
    assert shown.exit_code == 0 and shown.output.startswith('Partial plan, limited to "Hooli Inc"')
    refused = run("apply", path, "--plan", str(saved), "--target", "Stark Industries")
    assert refused.exit_code == 1 and "a saved plan keeps the targets" in refused.output
    start = len(backend.requests)
    applied = run("apply", path, "--auto-approve", "--target", "Stark Industries")
    assert applied.exit_code == 0, applied.output
    wid = backend.workspace_id
    assert writes(backend, start) == [("PUT", f"/workspaces/{wid}/clients/{ids['Stark']}")]


def test_an_unknown_target_is_refused_before_any_request(
    run, write_config, server_sandbox: ThreadedServer
) -> None:
    path = write_config(CLIENT_RENAME)
    result = run("plan", path, "--target", "Globex")
    assert result.exit_code == 1
    assert result.output == (
        f'Error: target "Globex" names no client and no project without a client in {path}\n'
    )
    assert server_sandbox.backend.requests == []


def test_plan_counts_what_the_file_does_not_mention_and_lists_it_on_request(
    run, write_config, server_sandbox: ThreadedServer
) -> None:
    backend = server_sandbox.backend
    ids = seed(backend)
    path = write_config("clients:\n  - name: Stark Industries\n")
    plan = run("plan", path)
    assert plan.output.rstrip("\n").splitlines()[-1] == (
        "Not in the file (unmanaged: ignore): 1 client, 2 projects; --show-unmanaged lists them."
    )
    listed = run("plan", path, "--show-unmanaged").output.rstrip("\n").splitlines()
    assert listed[-4:] == [
        "Not in the file (unmanaged: ignore): 1 client, 2 projects:",
        f'  client "Hooli" ({ids["Hooli"]})',
        f'  project "Hooli / Nucleus" ({ids["Nucleus"]})',
        f'  project "Hooli / Signal" ({ids["Signal"]})',
    ]
    as_json = json.loads(run("plan", path, "--format", "json").output)
    assert {u["id"] for u in as_json["unmanaged"]} == {ids["Hooli"], ids["Nucleus"], ids["Signal"]}
    # apply shows the plan it is about to apply the same way.
    applied = run("apply", path, "--auto-approve", "--show-unmanaged")
    assert f'  client "Hooli" ({ids["Hooli"]})' in applied.output.splitlines()
    assert "lists them" in run("apply", path, "--auto-approve").output


def test_a_saved_rename_is_stale_once_its_new_name_is_taken(
    run, write_config, server_sandbox: ThreadedServer, tmp_path: Path
) -> None:
    backend = server_sandbox.backend
    seed(backend)
    path = write_config(CLIENT_RENAME)
    saved = tmp_path / "plan.json"
    assert run("plan", path, "--out", str(saved)).exit_code == 0
    backend.add_client("Hooli Inc")  # made by hand meanwhile: the rename would now be refused
    start = len(backend.requests)
    result = run("apply", path, "--plan", str(saved))
    assert result.exit_code == 1
    assert "a client named 'Hooli Inc' now exists" in result.output
    assert writes(backend, start) == []


def test_a_previously_mistake_is_one_error_at_its_line_with_nothing_sent(
    run, write_config, server_sandbox: ThreadedServer
) -> None:
    path = write_config("clients:\n  - name: Hooli Inc\n    previously: [Hooli Inc]\n")
    result = run("plan", path)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}:5: client 'Hooli Inc': 'previously' repeats")
    assert "Traceback" not in result.output
    assert server_sandbox.backend.requests == []
