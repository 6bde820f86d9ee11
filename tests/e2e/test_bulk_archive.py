"""Archives of several existing clients go as one bulk archive call; when Toggl refuses it, each
client is archived on its own; when its answer is lost, one read says which landed."""

from __future__ import annotations

import pytest

from reconciler.apply import ApplyStopped, apply_plan
from reconciler.config import parse_config
from reconciler.planner import make_plan
from reconciler.toggl import TogglClient
from toggl_sandbox import Backend, InProcessSandbox

BULK = r"/clients/archive$"


@pytest.fixture
def sandbox():
    backend = Backend()
    for index in range(5):
        client = backend.add_client(f"Client {index}")
        backend.add_project(f"Project {index}", client_id=client["id"])
    with InProcessSandbox(backend) as served:
        yield served


def plan_archiving_all_but_one(sandbox):
    client = TogglClient(sandbox.token, sandbox.url, sleep=lambda s: None)
    b = sandbox.backend
    text = (
        f"version: 1\nworkspace: {b.workspace_id}\nunmanaged: archive\n"
        "clients: [{name: Client 0}]\n"
    )
    plan = make_plan(parse_config(text, "w.yaml"), client.read_workspace(b.workspace_id))
    return client, plan


def archived_names(backend: Backend) -> list[str]:
    return sorted(c["name"] for c in backend.clients() if c["archived"])


def write_paths(backend: Backend) -> list[str]:
    return [w.path.split("/clients", 1)[1] for w in backend.writes()]


def test_four_archives_are_one_request(sandbox):
    client, plan = plan_archiving_all_but_one(sandbox)
    assert [a.op for a in plan.actions] == ["archive"] * 4
    assert plan.write_requests == 1
    outcomes = apply_plan(client, plan)
    assert [o.action for o in outcomes] == list(plan.actions)
    assert write_paths(sandbox.backend) == ["/archive"]
    assert archived_names(sandbox.backend) == [f"Client {i}" for i in range(1, 5)]
    # Toggl archives the clients' projects with them.
    assert sum(p["active"] for p in sandbox.backend.projects()) == 1


def test_a_refused_bulk_call_falls_back_to_one_call_per_client(sandbox):
    client, plan = plan_archiving_all_but_one(sandbox)
    sandbox.backend.fail_next("POST", BULK, 404, body="not found")
    apply_plan(client, plan)
    assert write_paths(sandbox.backend) == ["/archive"] + [f"/{a.id}/archive" for a in plan.actions]
    assert archived_names(sandbox.backend) == [f"Client {i}" for i in range(1, 5)]


def test_on_the_free_plan_the_single_calls_say_what_is_missing(sandbox):
    sandbox.backend.set_free_plan(True)
    client, plan = plan_archiving_all_but_one(sandbox)
    with pytest.raises(ApplyStopped) as stopped:
        apply_plan(client, plan)
    assert stopped.value.done == [] and list(stopped.value.remaining) == list(plan.actions)
    assert "archiving clients" in stopped.value.cause
    assert archived_names(sandbox.backend) == []


def test_a_lost_answer_is_read_back_not_resent(sandbox):
    client, plan = plan_archiving_all_but_one(sandbox)
    sandbox.backend.drop_after_commit("POST", BULK)
    outcomes = apply_plan(client, plan)
    assert all(o.adopted for o in outcomes)
    assert write_paths(sandbox.backend) == ["/archive"]  # read back, nothing sent twice
    assert archived_names(sandbox.backend) == [f"Client {i}" for i in range(1, 5)]


def test_a_client_the_answer_leaves_out_is_archived_on_its_own(sandbox):
    client, plan = plan_archiving_all_but_one(sandbox)
    first = plan.actions[0].id
    answer = [{"client_ids": [a.id for a in plan.actions[1:]], "project_ids": []}]
    sandbox.backend.fail_next("POST", BULK, 200, body=answer)
    apply_plan(client, plan)
    assert write_paths(sandbox.backend) == ["/archive", f"/{first}/archive"]
    assert "Client 1" in archived_names(sandbox.backend)
