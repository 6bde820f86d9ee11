"""Safeguards end to end, through the command line against the sandbox server: stale saved plans,
the destructive-share guard, the `projects: all` restore body, paging that does not trust
`total_count`, and the token kept out of what a misbehaving network says.

Each test here was checked by removing the safeguard it names and watching it fail."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from click.testing import Result

Rewrite = Callable[[requests.PreparedRequest, requests.Response], None]


class Wire:
    """What travels between the command and the sandbox: every request sent (method, path and
    JSON body), and answers rewritten on the way back, as a proxy or another Toggl would."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, Any]] = []
        self.rewrites: list[Rewrite] = []

    def bodies(self, method: str, path_end: str) -> list[Any]:
        return [b for m, p, b in self.sent if m == method and p.endswith(path_end)]


@pytest.fixture
def wire(monkeypatch: pytest.MonkeyPatch) -> Wire:
    seen = Wire()
    original = requests.adapters.HTTPAdapter.send

    def send(adapter: Any, request: requests.PreparedRequest, **kwargs: Any) -> Any:
        body = json.loads(request.body) if request.body else None
        seen.sent.append((request.method or "", urlsplit(request.url or "").path, body))
        response = original(adapter, request, **kwargs)
        for rewrite in seen.rewrites:
            rewrite(request, response)
        return response

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", send)
    return seen


def no_traceback(result: Result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# -- stale saved plans -------------------------------------------------------------------------


@pytest.fixture
def saved(run, write_config, server_sandbox, tmp_path) -> dict[str, Any]:
    """A saved plan that updates Acme's notes and relies on Acme's projects, and on Umbrella."""
    b = server_sandbox.backend
    acme = b.add_client("Acme", notes="old")
    site = b.add_project("Site", client_id=acme["id"])
    docs = b.add_project("Docs", client_id=acme["id"])
    umbrella = b.add_client("Umbrella")
    config = write_config("""
        clients:
          - name: Acme
            notes: new
            projects: [Site, Docs]
          - name: Umbrella
    """)
    plan = str(tmp_path / "plan.json")
    made = run("plan", config, "--out", plan)
    assert made.exit_code == 0, made.output
    return {"plan": plan, "site": site, "docs": docs, "umbrella": umbrella, "acme": acme}


def refused_as_stale(run, saved: dict[str, Any], backend, *reasons: str) -> None:
    writes = len(backend.writes())
    refused = run("apply", "--plan", saved["plan"])
    assert refused.exit_code == 1, refused.output
    assert "stale" in refused.output
    for reason in reasons:
        assert reason in refused.output
    assert len(backend.writes()) == writes  # not one write sent
    no_traceback(refused)


def test_a_project_renamed_since_the_plan_makes_it_stale(run, saved, server_sandbox):
    b = server_sandbox.backend
    docs = saved["docs"]
    b.update_project(None, docs["id"], {"name": "Docs (old)"})
    refused_as_stale(run, saved, b, f"project 'Docs (old)' ({docs['id']}) changed")


def test_a_project_edited_since_the_plan_makes_it_stale(run, saved, server_sandbox):
    b = server_sandbox.backend
    docs = saved["docs"]
    b.update_project(None, docs["id"], {"color": "#c9806b"})
    refused_as_stale(run, saved, b, f"project 'Docs' ({docs['id']}) changed")


def test_a_project_deleted_since_the_plan_makes_it_stale(run, saved, server_sandbox):
    b = server_sandbox.backend
    docs = saved["docs"]
    b.delete_project(None, docs["id"])
    refused_as_stale(run, saved, b, f"project {docs['id']} no longer exists")


def test_a_client_vanished_since_the_plan_makes_it_stale(run, saved, server_sandbox):
    b = server_sandbox.backend
    umbrella = saved["umbrella"]
    b.delete_client(None, umbrella["id"])
    refused_as_stale(run, saved, b, f"client {umbrella['id']} no longer exists")


@pytest.mark.parametrize("owner", [None, "Acme"])
def test_a_project_name_taken_since_the_plan_makes_it_stale(
    run, write_config, server_sandbox, tmp_path, owner
):
    b = server_sandbox.backend
    acme = b.add_client("Acme")
    config = write_config("""
        clients:
          - name: Acme
            projects: [Y2K]
        projects: [Internal]
    """)
    plan = str(tmp_path / "plan.json")
    assert run("plan", config, "--out", plan).exit_code == 0
    if owner is None:
        b.add_project("INTERNAL")  # Toggl's names compare without case
        reason = "a project named 'Internal' now exists"
    else:
        b.add_project("Y2K", client_id=acme["id"])
        reason = "a project named 'Y2K' under 'Acme' now exists"
    refused_as_stale(run, {"plan": plan}, b, reason)


def test_an_untouched_workspace_lets_the_saved_plan_apply(run, saved, server_sandbox):
    """The counterpart of the four above: their refusals come from the change, not the plan."""
    b = server_sandbox.backend
    applied = run("apply", "--plan", saved["plan"])
    assert applied.exit_code == 0, applied.output
    assert [c["notes"] for c in b.clients() if c["name"] == "Acme"] == ["new"]


# -- the destructive-share guard ---------------------------------------------------------------


def _clients(backend, count: int) -> list[dict[str, Any]]:
    return [backend.add_client(f"Client {i:02}") for i in range(count)]


def _archiving(names: list[str], extra: str = "") -> str:
    listed = "".join(f"  - name: {n}\n    state: archived\n" for n in names)
    return f"{extra}clients:\n{listed}"


def test_archiving_one_client_that_holds_most_projects_is_refused(
    run, write_config, server_sandbox
):
    b = server_sandbox.backend
    big, *_ = _clients(b, 12)  # 1 of 12 clients: 8%, under the share
    for i in range(8):
        b.add_project(f"Big {i}", client_id=big["id"])
    for i in range(4):
        b.add_project(f"Loose {i}")
    config = write_config(_archiving([big["name"]]))
    refused = run("apply", config, "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert "67% of active projects (8 of 12 active)" in refused.output
    assert "pass --force to apply it anyway" in refused.output
    assert b.writes() == []
    forced = run("apply", config, "--auto-approve", "--force")
    assert forced.exit_code == 0, forced.output
    assert not any(p["active"] for p in b.projects() if p["client_id"] == big["id"])


def test_archiving_projects_one_by_one_counts_each(run, write_config, server_sandbox):
    b = server_sandbox.backend
    for i in range(10):
        b.add_project(f"P{i}")
    config = write_config(
        "projects:\n" + "".join(f"  - {{name: P{i}, state: archived}}\n" for i in range(4))
    )
    refused = run("plan", config)
    assert refused.exit_code == 1, refused.output
    assert "40% of active projects (4 of 10 active)" in refused.output
    assert b.writes() == []


@pytest.mark.parametrize(
    "existing, archived, allowed",
    [
        (10, 3, True),  # exactly the 30% allowed
        (10, 4, False),  # 40%
        (9, 4, True),  # under 10 active clients the share is not checked
    ],
)
def test_the_share_boundaries(run, write_config, server_sandbox, existing, archived, allowed):
    b = server_sandbox.backend
    clients = _clients(b, existing)
    config = write_config(_archiving([c["name"] for c in clients[:archived]]))
    result = run("apply", config, "--auto-approve")
    assert (result.exit_code == 0) is allowed, result.output
    assert len(b.writes()) == (1 if allowed else 0)  # one bulk archive call


def test_archives_after_other_changes_are_still_counted(run, write_config, server_sandbox):
    """Archives run after creates and updates: counting must not stop at the first action."""
    b = server_sandbox.backend
    clients = _clients(b, 10)
    names = [c["name"] for c in clients[:4]]
    config = write_config(_archiving(names) + "  - name: Newcomer\n")
    refused = run("apply", config, "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert "40% of active clients (4 of 10 active)" in refused.output
    assert b.writes() == []


def test_deletes_count_toward_the_share_even_with_allow_delete(run, write_config, server_sandbox):
    b = server_sandbox.backend
    clients = _clients(b, 10)
    gone = "".join(f"  - {{name: {c['name']}, state: absent}}\n" for c in clients[:4])
    config = write_config("clients:\n" + gone)
    refused = run("apply", config, "--auto-approve", "--allow-delete")
    assert refused.exit_code == 1, refused.output
    assert "40% of active clients (4 of 10 active)" in refused.output
    assert b.writes() == []


def test_clients_created_archived_by_the_plan_are_not_counted(run, write_config, server_sandbox):
    b = server_sandbox.backend
    _clients(b, 10)
    config = write_config(_archiving([f"New {i}" for i in range(5)]))
    applied = run("apply", config, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert sum(c["archived"] for c in b.clients()) == 5


def test_the_share_in_the_file_is_what_a_saved_plan_is_checked_against(
    run, write_config, server_sandbox, tmp_path
):
    b = server_sandbox.backend
    clients = _clients(b, 10)
    names = [c["name"] for c in clients[:4]]
    config = write_config(_archiving(names, "safety:\n  max_destructive_percent: 50\n"))
    plan = str(tmp_path / "plan.json")
    assert run("plan", config, "--out", plan).exit_code == 0
    stricter = run("apply", "--plan", plan, "--max-destructive-percent", "30")
    assert stricter.exit_code == 1 and "40% of active clients" in stricter.output
    assert b.writes() == []
    alone = run("apply", "--plan", plan)  # without the file: the share saved with the plan
    assert alone.exit_code == 0, alone.output
    assert len(b.writes()) == 1  # one bulk archive call


# -- the restore body for `projects: all` --------------------------------------------------------


def test_projects_all_restores_with_restore_all_projects_not_an_id_list(
    run, write_config, server_sandbox, wire, tmp_path
):
    b = server_sandbox.backend
    tyrell = b.add_client("Tyrell", archived=True)
    for name in ("Nexus", "Owl"):
        b.add_project(name, client_id=tyrell["id"], active=False)
    config = write_config("clients:\n  - name: Tyrell\n    projects: all\n")
    plan = str(tmp_path / "plan.json")
    assert run("plan", config, "--out", plan).exit_code == 0
    applied = run("apply", "--plan", plan)
    assert applied.exit_code == 0, applied.output
    assert wire.bodies("POST", f"/clients/{tyrell['id']}/restore") == [
        {"restore_all_projects": True}
    ]
    assert all(p["active"] for p in b.projects())
    assert run("plan", config, "--detailed-exitcode").exit_code == 0


# -- paging when `total_count` means something else ----------------------------------------------


@pytest.mark.parametrize("meaning", ["rows on this page", "active projects only"])
def test_a_plan_reads_every_project_whatever_total_count_means(
    run, write_config, server_sandbox, wire, meaning
):
    b = server_sandbox.backend
    for i in range(400):
        b.add_project(f"P{i:03}", active=i < 150)
    active = sum(p["active"] for p in b.projects())

    def other_total_count(request: requests.PreparedRequest, response: requests.Response):
        if request.method != "GET" or not urlsplit(request.url or "").path.endswith("/projects"):
            return
        rows = response.json()
        total = len(rows) if meaning == "rows on this page" else active
        response._content = json.dumps([{**r, "total_count": total} for r in rows]).encode()

    wire.rewrites.append(other_total_count)
    listed = "".join(
        f"  - {{name: P{i:03}, state: {'active' if i < 150 else 'archived'}}}\n" for i in range(400)
    )
    config = write_config("projects:\n" + listed)
    before = len(b.requests)
    planned = run("plan", config, "--detailed-exitcode")
    assert planned.exit_code == 0, planned.output
    assert "No changes" in planned.output
    assert len(b.requests) - before == 1 + 3  # the clients, then pages of 200, 200 and 0


# -- the token, when the network misbehaves ------------------------------------------------------


def _credentials(token: str) -> tuple[str, str]:
    return token, base64.b64encode(f"{token}:api_token".encode()).decode()


def test_an_answer_echoing_the_credentials_is_redacted(run, write_config, server_sandbox):
    b = server_sandbox.backend
    token, basic = _credentials(server_sandbox.token)
    # A misconfigured proxy answers 200 with a page quoting the request it received.
    echo = f"Authorization: Basic {basic}\nX-Token: {token}\n".encode()
    b.fail_next("GET", r"/clients$", 200, body=echo)
    result = run("plan", write_config("clients: []\n"))
    assert result.exit_code == 1
    assert "not JSON" in result.output and "Basic ***" in result.output
    assert token not in result.output and basic not in result.output
    no_traceback(result)


def test_an_error_echoing_the_credentials_is_redacted(run, write_config, server_sandbox):
    b = server_sandbox.backend
    token, basic = _credentials(server_sandbox.token)
    b.fail_next("GET", r"/clients$", 400, body=f"rejected Basic {basic} for {token}")
    result = run("plan", write_config("clients: []\n"))
    assert result.exit_code == 1
    assert "rejected Basic ***" in result.output
    assert token not in result.output and basic not in result.output
    no_traceback(result)


def test_a_proxy_refusal_quoting_the_credentials_is_redacted(
    run, write_config, server_sandbox, monkeypatch
):
    token, basic = _credentials(server_sandbox.token)
    original = requests.adapters.HTTPAdapter.send
    refused: list[str] = []

    def refuse_once(adapter: Any, request: requests.PreparedRequest, **kwargs: Any) -> Any:
        if not refused:  # the first request only: the retry note must not quote the token
            refused.append(request.headers.get("Authorization", ""))
            raise requests.exceptions.ProxyError(
                f"407 from proxy; request had {refused[0]} ({token})"
            )
        return original(adapter, request, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", refuse_once)
    result = run("-v", "plan", write_config("clients: []\n"))
    assert result.exit_code == 0, result.output
    assert refused == [f"Basic {basic}"]
    assert "407 from proxy" in result.output and "Basic ***" in result.output
    assert token not in result.output and basic not in result.output


def test_a_token_no_header_can_carry_is_one_clear_error(run, write_config, server_sandbox):
    b = server_sandbox.backend
    result = run("plan", write_config("clients: []\n"), token="tök€n")
    assert result.exit_code == 1
    assert "TOGGL_API_TOKEN" in result.output and "tök€n" not in result.output
    assert b.requests == []
    no_traceback(result)
