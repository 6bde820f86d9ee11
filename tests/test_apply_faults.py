"""The applier under faults, against the sandbox: how often a failing write is sent, which
failures count as lost, lost deletes, lookups that page, and names shared by a client and a
project. Every request counts: Toggl's Free plan allows 30 an hour."""

from __future__ import annotations

import pytest

from reconciler.apply import ApplyStopped, apply_plan
from reconciler.config import parse_config
from reconciler.errors import TogglError
from reconciler.planner import make_plan
from reconciler.toggl import TogglClient


def config_for(backend, body: str):
    return parse_config(f"version: 1\nworkspace: {backend.workspace_id}\n{body}", "w.yaml")


@pytest.fixture
def client(sandbox) -> TogglClient:
    return TogglClient(sandbox.token, sandbox.url, sleep=lambda s: None, notify=lambda m: None)


def plan_now(client: TogglClient, config):
    return make_plan(config, client.read_workspace(config.workspace))


def sent(backend, method: str, path_end: str) -> int:
    return sum(1 for r in backend.requests if r.method == method and r.path.endswith(path_end))


def test_a_create_that_keeps_failing_is_sent_three_times_then_stops(sandbox, client):
    b = sandbox.backend
    config = config_for(b, "clients: [{name: Hooli}]\n")
    plan = plan_now(client, config)
    b.fail_next("POST", r"/clients$", 503, count=10)
    with pytest.raises(ApplyStopped) as stop:
        apply_plan(client, plan)
    assert isinstance(stop.value.__cause__, TogglError) and stop.value.__cause__.status == 503
    assert sent(b, "POST", "/clients") == 3
    lookups = [r for r in b.requests if r.method == "GET" and r.query.get("name") == "Hooli"]
    assert len(lookups) == 3  # one read after each try: had it landed?
    assert b.clients() == []


@pytest.mark.parametrize("status", [500, 502])
def test_a_5xx_on_a_create_is_checked_then_resent(sandbox, client, status):
    b = sandbox.backend
    config = config_for(b, "clients: [{name: Hooli}]\n")
    b.fail_next("POST", r"/clients$", status)
    apply_plan(client, plan_now(client, config))
    assert sent(b, "POST", "/clients") == 2
    assert [c["name"] for c in b.clients()] == ["Hooli"]


def test_a_4xx_on_a_create_is_not_lost_and_not_resent(sandbox, client):
    b = sandbox.backend
    config = config_for(b, "clients: [{name: Hooli}]\n")
    plan = plan_now(client, config)
    b.fail_next("POST", r"/clients$", 400, body="Client name is invalid")
    with pytest.raises(ApplyStopped):
        apply_plan(client, plan)
    assert sent(b, "POST", "/clients") == 1
    assert [r.method for r in b.requests if r.query.get("name")] == []  # no lookup either


@pytest.mark.parametrize("bulk", [False, True])
def test_an_update_that_keeps_failing_is_retried_by_the_client_alone(sandbox, client, bulk):
    """Updates are safe to repeat, so the chokepoint retries them; the applier must not resend
    them on top (that would multiply the attempts, and the requests, by three)."""
    b = sandbox.backend
    for name in ("A", "B"):
        b.add_project(name)
    recolour = ["A", "B"] if bulk else ["A"]  # two identical colour changes go as one PATCH
    listed = "".join(f'  - {{name: {n}, color: "#123456"}}\n' for n in recolour)
    config = config_for(b, "projects:\n" + listed)
    plan = plan_now(client, config)
    method = "PATCH" if bulk else "PUT"
    assert [a.op for a in plan.actions][-1] == ("bulk_update" if bulk else "update")
    b.fail_next(method, r"/projects/", 503, count=50)
    with pytest.raises(ApplyStopped):
        apply_plan(client, plan)
    assert sum(1 for r in b.requests if r.method == method) == client.max_attempts


def test_a_lost_delete_is_confirmed_by_a_read_and_not_resent(sandbox, client):
    b = sandbox.backend
    doomed = b.add_project("Doomed")
    config = config_for(b, "projects: [{name: Doomed, state: absent}]\n")
    b.drop_after_commit("DELETE", r"/projects/")
    [outcome] = apply_plan(client, plan_now(client, config))
    assert outcome.adopted and outcome.id == doomed["id"]
    assert sent(b, "DELETE", f"/projects/{doomed['id']}") == 1
    assert b.projects() == []


def test_a_project_named_like_a_client_created_in_the_same_apply(sandbox, client):
    """Acme's project "Hooli" is updated between the creation of client Hooli and the creation
    of Hooli's project: the id remembered for client Hooli must stay the client's."""
    b = sandbox.backend
    acme = b.add_client("Acme")
    b.add_project("Hooli", client_id=acme["id"])
    config = config_for(
        b,
        "clients:\n"
        '  - {name: Acme, projects: [{name: Hooli, color: "#123456"}]}\n'
        "  - {name: Hooli, projects: [Alpha]}\n",
    )
    plan = plan_now(client, config)
    assert [(a.op, a.kind, a.name) for a in plan.actions] == [
        ("create", "client", "Hooli"),
        ("update", "project", "Hooli"),
        ("create", "project", "Alpha"),
    ]
    apply_plan(client, plan)
    hooli = next(c for c in b.clients() if c["name"] == "Hooli")
    assert [p["client_id"] for p in b.projects() if p["name"] == "Alpha"] == [hooli["id"]]
    assert plan_now(client, config).actions == ()


def test_the_lookup_after_a_lost_create_pages_through_namesakes_by_name(sandbox, client):
    """Toggl's `name` filter matches parts of names: 250 namesakes take two pages to search,
    and the filter keeps 200 unrelated projects out of the lookup."""
    b = sandbox.backend
    acme = b.add_client("Acme")
    for i in range(250):
        b.add_project(f"Roadmap {i:03}", client_id=acme["id"])
    for i in range(200):
        b.add_project(f"Other {i:03}", client_id=acme["id"])
    initech = b.add_client("Initech")
    config = config_for(b, "clients:\n  - name: Initech\n    projects: [Roadmap]\n")
    plan = plan_now(client, config)
    b.drop_after_commit("POST", r"/projects$")
    first = len(b.requests)
    [outcome] = apply_plan(client, plan)
    ours = [p for p in b.projects() if p["name"] == "Roadmap"]
    assert [p["client_id"] for p in ours] == [initech["id"]]
    assert outcome.adopted and outcome.id == ours[0]["id"]
    lookups = [r for r in b.requests[first:] if r.method == "GET"]
    assert [r.query.get("name") for r in lookups] == ["Roadmap", "Roadmap"]
    assert [r.query.get("page") for r in lookups] == ["1", "2"]


def test_a_failing_update_sends_nothing_but_its_retries(sandbox, client):
    b = sandbox.backend
    for name in ("A", "B"):
        b.add_project(name)
    listed = "".join(f'  - {{name: {n}, color: "#123456"}}\n' for n in ("A", "B"))
    plan = plan_now(client, config_for(b, "projects:\n" + listed))
    b.fail_next("PATCH", r"/projects/", 503, count=50)
    first = len(b.requests)
    with pytest.raises(ApplyStopped):
        apply_plan(client, plan)
    assert [r.method for r in b.requests[first:]] == ["PATCH"] * client.max_attempts


def test_a_lost_delete_whose_check_fails_is_not_taken_as_done(sandbox, client):
    b = sandbox.backend
    doomed = b.add_project("Doomed")
    plan = plan_now(client, config_for(b, "projects: [{name: Doomed, state: absent}]\n"))
    b.fail_next("DELETE", r"/projects/", 503)
    b.fail_next("GET", rf"/projects/{doomed['id']}$", 503, count=50)
    with pytest.raises(ApplyStopped) as stop:
        apply_plan(client, plan)
    assert stop.value.done == []
    assert [p["name"] for p in b.projects()] == ["Doomed"]


def test_the_checks_after_a_lost_write_are_retried_like_any_read(sandbox, client):
    b = sandbox.backend
    umbrella = b.add_client("Umbrella")
    config = config_for(
        b, "clients:\n  - {name: Umbrella, state: archived}\n  - {name: Acme, projects: [Web]}\n"
    )
    plan = plan_now(client, config)
    b.drop_after_commit("POST", r"/projects$")
    b.fail_next("GET", r"/projects$", 503)  # the lookup for the lost create
    b.drop_after_commit("POST", r"/archive$")
    b.fail_next("GET", rf"/clients/{umbrella['id']}$", 503)  # the check of the lost archive
    outcomes = apply_plan(client, plan)
    assert [o.adopted for o in outcomes] == [False, True, True]
    assert sent(b, "POST", "/projects") == 1 and sent(b, "POST", "/archive") == 1
    assert plan_now(client, config).actions == ()
