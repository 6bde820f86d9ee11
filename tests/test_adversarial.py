"""Hostile scenarios for the planner and the applier, run against the sandbox.

Every scenario ends the same way: nothing Toggl would reject was sent (no write answered 4xx),
nothing was duplicated, and a second plan is empty.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from typing import Any

import pytest

from reconciler.apply import ApplyStopped, apply_plan
from reconciler.config import Config, parse_config
from reconciler.errors import PlanError, QuotaExhausted
from reconciler.plan import Plan
from reconciler.planner import make_plan
from reconciler.saved_plans import stale_reasons
from reconciler.toggl import TogglClient
from toggl_sandbox import Backend, InProcessSandbox


@pytest.fixture
def local(backend: Backend) -> Iterator[InProcessSandbox]:
    """The in-process transport alone, for the scenarios repeated many times."""
    with InProcessSandbox(backend) as sandbox:
        yield sandbox


def connect(sandbox: Any) -> TogglClient:
    return TogglClient(sandbox.token, sandbox.url, sleep=lambda s: None, notify=lambda m: None)


def config_for(backend: Backend, body: str) -> Config:
    text = f"version: 1\nworkspace: {backend.workspace_id}\n" + textwrap.dedent(body)
    return parse_config(text, "adv.yaml")


def plan_now(client: TogglClient, config: Config) -> Plan:
    return make_plan(config, client.read_workspace(int(config.workspace)))


def rejected_writes(backend: Backend, since: int = 0) -> list[Any]:
    return [r for r in backend.requests[since:] if r.method != "GET" and 400 <= r.status < 500]


def clients_of(backend: Backend) -> list[tuple[str, bool]]:
    return sorted((c["name"], c["archived"]) for c in backend.clients())


def projects_of(backend: Backend) -> list[tuple[str, str | None, bool]]:
    names = {c["id"]: c["name"] for c in backend.clients()}
    return sorted((p["name"], names.get(p["client_id"]), p["active"]) for p in backend.projects())


def apply_and_converge(client: TogglClient, backend: Backend, config: Config) -> Plan:
    plan = plan_now(client, config)
    start = len(backend.requests)
    apply_plan(client, plan)
    assert rejected_writes(backend, start) == []
    assert plan_now(client, config).actions == ()
    return plan


# -- the planner's rules, end to end ------------------------------------------------------------


def test_case_renames_with_field_updates_go_in_one_request_each(sandbox):
    b = sandbox.backend
    acme = b.add_client("Acme", notes="old")
    b.add_project("TPS", client_id=acme["id"], color="#0b83d9")
    config = config_for(
        b,
        """
        clients:
          - name: acme
            notes: new
            projects: [{name: tps, color: "#D94182", billable: true}]
        """,
    )
    plan = apply_and_converge(connect(sandbox), b, config)
    assert [(a.op, a.kind) for a in plan.actions] == [("update", "client"), ("update", "project")]
    assert clients_of(b) == [("acme", False)]
    (tps,) = b.projects()
    assert (tps["name"], tps["color"], tps["billable"]) == ("tps", "#d94182", True)


def test_project_moved_between_clients_in_the_file_restores_the_archived_namesake(sandbox):
    # B already holds an archived "X": a create would collide; the planner restores it instead.
    b = sandbox.backend
    a_client, b_client = b.add_client("A"), b.add_client("B")
    b.add_project("X", client_id=a_client["id"])
    b.add_project("X", client_id=b_client["id"], active=False)
    config = config_for(
        b,
        """
        unmanaged: archive
        clients:
          - {name: A, projects: []}
          - {name: B, projects: [X]}
        """,
    )
    plan = apply_and_converge(connect(sandbox), b, config)
    assert sorted(a.op for a in plan.actions) == ["archive", "restore"]
    assert projects_of(b) == [("X", "A", False), ("X", "B", True)]


def test_restore_with_a_listed_project_absent_and_one_missing(sandbox):
    b = sandbox.backend
    acme = b.add_client("Acme", archived=True)
    b.add_project("Old", client_id=acme["id"], active=False)
    b.add_project("Kept", client_id=acme["id"], active=False)
    config = config_for(
        b,
        """
        clients:
          - name: Acme
            projects: [{name: Old, state: absent}, Kept, Fresh]
        """,
    )
    plan = apply_and_converge(connect(sandbox), b, config)
    restore = plan.actions[0]
    assert (restore.op, restore.projects) == ("restore", ("Kept",))
    assert projects_of(b) == [("Fresh", "Acme", True), ("Kept", "Acme", True)]


def test_archived_client_notes_change_without_touching_its_projects(sandbox):
    b = sandbox.backend
    acme = b.add_client("Acme", archived=True, notes="old")
    b.add_project("X", client_id=acme["id"], active=False)
    config = config_for(b, "clients: [{name: Acme, state: archived, notes: new}]\n")
    plan = apply_and_converge(connect(sandbox), b, config)
    assert [a.op for a in plan.actions] == ["update"]
    assert b.clients()[0]["notes"] == "new" and b.clients()[0]["archived"] is True


def test_unmanaged_archive_takes_loose_projects_and_stray_clients(sandbox):
    b = sandbox.backend
    b.add_project("Loose")
    b.add_project("Kept")
    stray = b.add_client("Stray")
    b.add_project("S", client_id=stray["id"])
    config = config_for(
        b,
        """
        unmanaged: archive
        safety: {max_destructive_percent: 100}
        projects: [Kept]
        """,
    )
    plan = apply_and_converge(connect(sandbox), b, config)
    assert plan.write_requests == 2  # the stray client's archive covers its project
    assert projects_of(b) == [("Kept", None, True), ("Loose", None, False), ("S", "Stray", False)]


def test_client_created_and_archived_with_archived_projects(sandbox):
    b = sandbox.backend
    config = config_for(
        b,
        """
        clients:
          - name: New
            state: archived
            notes: n
            projects: [{name: P, state: archived, color: "#0b83d9"}, {name: Q, state: archived}]
        """,
    )
    apply_and_converge(connect(sandbox), b, config)
    assert clients_of(b) == [("New", True)]
    assert projects_of(b) == [("P", "New", False), ("Q", "New", False)]


def test_bulk_chunks_of_100_beside_renames(local):
    b = local.backend
    acme = b.add_client("Acme")
    for i in range(230):
        b.add_project(f"P{i:03d}", client_id=acme["id"], color="#0b83d9")
    # Every 50th is also renamed by case, which a bulk PATCH cannot carry.
    items = "\n".join(
        f"      - {{name: {'p' if i % 50 == 0 else 'P'}{i:03d}, color: '#D94182'}}"
        for i in range(230)
    )
    config = config_for(b, f"clients:\n  - name: Acme\n    projects:\n{items}\n")
    plan = apply_and_converge(connect(local), b, config)
    bulk = [a for a in plan.actions if a.op == "bulk_update"]
    assert sorted(len(a.ids) for a in bulk) == [25, 100, 100]
    assert len([a for a in plan.actions if a.op == "update"]) == 5
    assert all(len(r.path.rsplit("/", 1)[1].split(",")) <= 100 for r in b.writes())
    assert {p["color"] for p in b.projects()} == {"#d94182"}
    assert plan.counts()["update"] == 230


# -- absent clients: their projects -------------------------------------------------------------


@pytest.mark.parametrize("unmanaged", ["ignore", "archive"])
def test_projects_listed_absent_under_an_absent_client_are_deleted(sandbox, unmanaged):
    # Toggl keeps a deleted client's projects without a client: deleting only the client used to
    # leave the projects the file lists as absent alive, with nothing left to say so.
    b = sandbox.backend
    acme = b.add_client("Acme")
    b.add_project("X", client_id=acme["id"])
    b.add_project("Y", client_id=acme["id"])
    config = config_for(
        b,
        f"""
        unmanaged: {unmanaged}
        safety: {{max_destructive_percent: 100}}
        clients:
          - name: Acme
            state: absent
            projects: [{{name: x, state: absent}}]
        projects: []
        """,
    )
    plan = apply_and_converge(connect(sandbox), b, config)
    ops = [(a.op, a.kind, a.name) for a in plan.actions]
    assert ("delete", "project", "X") in ops and ops[-1] == ("delete", "client", "Acme")
    # The deleted project is not archived first; Y, unlisted, follows the unmanaged rule (the
    # file manages projects without a client: `projects: []`).
    assert ("archive", "project", "X") not in ops
    assert clients_of(b) == []
    assert projects_of(b) == [("Y", None, unmanaged == "ignore")]


def test_orphan_taking_the_name_of_a_listed_clientless_project_is_refused(sandbox):
    # Deleting Acme leaves its "X" without a client; created beside a new clientless "X", the
    # file's entry would match two projects from then on.
    b = sandbox.backend
    acme = b.add_client("Acme")
    b.add_project("X", client_id=acme["id"])
    config = config_for(b, "clients: [{name: Acme, state: absent}]\nprojects: [X]\n")
    client = connect(sandbox)
    with pytest.raises(PlanError, match=r'adv\.yaml:4: .*"X".*deleting client "Acme"'):
        plan_now(client, config)
    # Listing it absent under Acme resolves it: the old one goes, the new one is created.
    config = config_for(
        b,
        """
        clients: [{name: Acme, state: absent, projects: [{name: X, state: absent}]}]
        projects: [X]
        """,
    )
    apply_and_converge(client, b, config)
    assert projects_of(b) == [("X", None, True)]


# -- lost answers and failures on every kind of write ---------------------------------------

WORLD = """
safety: {max_destructive_percent: 100}
clients:
  - name: Arch
    projects: all
  - name: Kill
    state: archived
  - name: Del
    state: absent
  - name: upd
    projects:
      - {name: U1, color: '#d94182'}
      - {name: U2, color: '#d94182'}
      - {name: U3, color: '#d94182'}
      - {name: Gone, state: absent}
  - name: New
    state: archived
    projects: [{name: NP, state: archived}]
  - name: New2
    projects: [NP2]
"""

# One of each kind of write the plan of WORLD sends.
WRITES = {
    "create client": ("POST", r"/clients$"),
    "create project": ("POST", r"/projects$"),
    "restore client": ("POST", r"/restore$"),
    "archive client": ("POST", r"/archive$"),
    "delete client": ("DELETE", r"/clients/\d+$"),
    "delete project": ("DELETE", r"/projects/\d+$"),
    "bulk patch": ("PATCH", r"/projects/\d+,\d+$"),
    "project put": ("PUT", r"/projects/\d+$"),
    "client put": ("PUT", r"/clients/\d+$"),
}


def seed_world(b: Backend) -> None:
    arch = b.add_client("Arch", archived=True)
    b.add_project("AX", client_id=arch["id"], active=False)
    kill = b.add_client("Kill")
    b.add_project("KX", client_id=kill["id"])
    b.add_client("Del")
    upd = b.add_client("Upd")
    b.add_project("U1", client_id=upd["id"], color="#0b83d9")
    b.add_project("U2", client_id=upd["id"], color="#0b83d9")
    b.add_project("U3", client_id=upd["id"], active=False)
    b.add_project("Gone", client_id=upd["id"])


WORLD_AFTER = {
    "clients": [("Arch", False), ("Kill", True), ("New", True), ("New2", False), ("upd", False)],
    "projects": [
        ("AX", "Arch", True),
        ("KX", "Kill", False),
        ("NP", "New", False),
        ("NP2", "New2", True),
        ("U1", "upd", True),
        ("U2", "upd", True),
        ("U3", "upd", True),
    ],
}


def check_world(b: Backend) -> None:
    assert clients_of(b) == WORLD_AFTER["clients"]
    assert projects_of(b) == WORLD_AFTER["projects"]


def matching_writes(b: Backend, write: str) -> list[Any]:
    method, pattern = WRITES[write]
    return [r for r in b.writes() if r.method == method and re.search(pattern, r.path)]


_CLEAN_COUNTS: dict[str, int] = {}


def clean_write_counts() -> dict[str, int]:
    """How many requests of each kind of write WORLD's apply sends when nothing goes wrong."""
    if not _CLEAN_COUNTS:
        b = Backend()
        with InProcessSandbox(b) as sandbox:
            seed_world(b)
            client = connect(sandbox)
            apply_plan(client, plan_now(client, config_for(b, WORLD)))
        _CLEAN_COUNTS.update({write: len(matching_writes(b, write)) for write in WRITES})
    return _CLEAN_COUNTS


def test_world_plan_sends_every_kind_of_write(local):
    b = local.backend
    seed_world(b)
    client = connect(local)
    apply_and_converge(client, b, config_for(b, WORLD))
    assert all(clean_write_counts()[write] >= 1 for write in WRITES)
    check_world(b)


@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_dropped_answer_is_adopted_never_duplicated(local, write):
    b = local.backend
    seed_world(b)
    method, pattern = WRITES[write]
    b.drop_after_commit(method, pattern)
    client = connect(local)
    outcomes = apply_plan(client, plan_now(client, config_for(b, WORLD)))
    assert rejected_writes(b) == []
    # A write whose answer was lost is never sent twice unless it is a safe PUT/PATCH.
    sent = matching_writes(b, write)
    # Only the chokepoint's safe resend of a PUT or PATCH adds a request; POST and DELETE are
    # checked by a read, found landed, and adopted.
    resent = 1 if method in ("PUT", "PATCH") else 0
    assert len(sent) == clean_write_counts()[write] + resent
    assert sum(o.adopted for o in outcomes) == (0 if resent else 1)
    check_world(b)
    assert plan_now(client, config_for(b, WORLD)).actions == ()


@pytest.mark.parametrize("write", sorted(WRITES))
def test_a_503_is_checked_then_resent_once(local, write):
    b = local.backend
    seed_world(b)
    method, pattern = WRITES[write]
    b.fail_next(method, pattern, 503)
    client = connect(local)
    apply_plan(client, plan_now(client, config_for(b, WORLD)))
    assert rejected_writes(b) == []
    assert [r.status for r in b.requests if r.status >= 500] == [503]
    check_world(b)
    assert plan_now(client, config_for(b, WORLD)).actions == ()


def test_lost_archive_of_a_client_created_in_the_same_apply_is_adopted(sandbox):
    # The archive of a client created by this apply has no id in the plan; the check that it
    # landed used to answer that id (None), so a landed archive was sent again.
    b = sandbox.backend
    config = config_for(b, "clients: [{name: New, state: archived}]\n")
    b.drop_after_commit("POST", r"/archive$", count=5)
    client = connect(sandbox)
    outcomes = apply_plan(client, plan_now(client, config))
    archives = [r for r in b.requests if r.path.endswith("/archive")]
    assert len(archives) == 1
    new_id = b.clients()[0]["id"]
    assert [(o.action.op, o.id, o.adopted) for o in outcomes] == [
        ("create", new_id, False),
        ("archive", new_id, True),
    ]
    assert clients_of(b) == [("New", True)]
    assert plan_now(client, config).actions == ()


def test_lost_project_create_is_found_beyond_the_first_page_of_name_matches(local):
    # `name` is a contains filter: 250 "Task N" projects fill the first page of the check.
    b = local.backend
    for i in range(250):
        b.add_project(f"Task {i}")
    config = config_for(b, "projects: [Task]\n")
    b.drop_after_commit("POST", r"/projects$")
    client = connect(local)
    outcomes = apply_plan(client, plan_now(client, config))
    assert rejected_writes(b) == []
    assert [o.adopted for o in outcomes] == [True]
    assert sum(p["name"] == "Task" for p in b.projects()) == 1
    assert plan_now(client, config).actions == ()


# -- the hourly quota running out at every position -----------------------------------------


def test_quota_running_out_at_each_write_stops_cleanly_and_a_rerun_converges():
    counts: set[int] = set()
    stop_at = 0
    while True:
        b = Backend()
        with InProcessSandbox(b) as sandbox:
            seed_world(b)
            client = connect(sandbox)
            config = config_for(b, WORLD)
            plan = plan_now(client, config)
            if stop_at >= len(plan.actions):
                break
            b.set_quota(stop_at)  # this many writes fit in the hour
            with pytest.raises(ApplyStopped) as stop:
                apply_plan(client, plan)
            assert isinstance(stop.value.__cause__, QuotaExhausted)
            assert len(stop.value.done) == stop_at
            assert list(stop.value.remaining) == list(plan.actions[stop_at:])
            b.set_quota(None)
            rest = plan_now(client, config)
            counts.add(len(rest.actions))
            apply_and_converge(client, b, config)
            check_world(b)
            assert [r.status for r in rejected_writes(b)] == [402]  # the one the quota refused
        stop_at += 1
    assert len(counts) == stop_at >= 10  # each stop left a different amount to do


# -- saved plans made stale by hand -------------------------------------------------------


@pytest.mark.parametrize("by_hand", ["Hooli", "hooli"])
def test_a_planned_client_created_by_hand_makes_the_plan_stale(local, by_hand):
    b = local.backend
    client = connect(local)
    config = config_for(b, "clients: [{name: Hooli, projects: [Nucleus]}]\n")
    saved = Plan.from_dict(plan_now(client, config).to_dict())
    b.add_client(by_hand)
    reasons = stale_reasons(saved, client.read_workspace(b.workspace_id))
    assert reasons == ["a client named 'Hooli' now exists"]


def test_a_planned_project_created_by_hand_under_a_case_renamed_client_is_stale(local):
    # The plan renames "acme" to "Acme" and creates "P" under it; "p" made by hand under "acme"
    # would collide, and a fresh plan would rename it rather than create.
    b = local.backend
    acme = b.add_client("acme")
    client = connect(local)
    config = config_for(b, "clients: [{name: Acme, projects: [P]}]\n")
    saved = Plan.from_dict(plan_now(client, config).to_dict())
    assert stale_reasons(saved, client.read_workspace(b.workspace_id)) == []
    b.add_project("p", client_id=acme["id"])
    reasons = stale_reasons(saved, client.read_workspace(b.workspace_id))
    assert reasons == ["a project named 'P' under 'Acme' now exists"]
