"""Property: for random worlds and random valid configs, one apply against the sandbox converges
(the next plan is empty) and touches only what the config names (or, under `unmanaged: archive`,
what it archives)."""

from __future__ import annotations

from deepdiff import DeepDiff
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reconciler.apply import apply_plan
from reconciler.config.model import Config, DesiredClient, DesiredProject
from reconciler.errors import PlanError
from reconciler.planner import make_plan
from reconciler.toggl import TogglClient
from toggl_sandbox import Backend, InProcessSandbox

CLIENT_NAMES = ["Acme", "acme", "Globex", "Initech", "Umbrella"]
PROJECT_NAMES = ["Web", "web", "App", "Ops", "Docs"]
COLORS = ["#06aaf5", "#c9806b", "#d94182"]

world_projects = st.lists(
    st.tuples(st.sampled_from(PROJECT_NAMES), st.booleans(), st.sampled_from(COLORS)),
    max_size=4,
    unique_by=lambda p: p[0],
)
worlds = st.lists(
    st.tuples(st.sampled_from(CLIENT_NAMES), st.booleans(), world_projects),
    max_size=4,
    unique_by=lambda c: c[0],
)


@st.composite
def desired_projects(draw, states):
    names = draw(st.lists(st.sampled_from(PROJECT_NAMES), max_size=3, unique_by=str.lower))
    items = []
    for name in names:
        fields = {"color": draw(st.sampled_from(COLORS))} if draw(st.booleans()) else {}
        state = draw(st.sampled_from(states))
        items.append(DesiredProject(name, state, fields if state != "absent" else {}))
    return tuple(items)


@st.composite
def configs(draw):
    names = draw(st.lists(st.sampled_from(CLIENT_NAMES), max_size=4, unique_by=str.lower))
    clients = []
    for name in names:
        state = draw(st.sampled_from(["active", "archived", "absent"]))
        if state == "absent":
            projects = None
        elif state == "archived":
            projects = draw(st.one_of(st.none(), desired_projects(["archived", "absent"])))
        else:
            projects = draw(
                st.one_of(
                    st.none(), st.just("all"), desired_projects(["active", "archived", "absent"])
                )
            )
        notes = {"notes": draw(st.sampled_from(["", "key account"]))} if state != "absent" else {}
        clients.append(DesiredClient(name, state, notes if draw(st.booleans()) else {}, projects))
    unmanaged = draw(st.sampled_from(["ignore", "archive"]))
    return clients, unmanaged


def seed(backend: Backend, world) -> None:
    for name, archived, projects in world:
        client = backend.add_client(name, archived=archived)
        for pname, active, color in projects:
            backend.add_project(
                pname, client_id=client["id"], active=active and not archived, color=color
            )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(world=worlds, desired=configs())
def test_one_apply_converges_and_touches_only_what_is_named(world, desired):
    clients, unmanaged = desired
    backend = Backend()
    seed(backend, world)
    config = Config(workspace=backend.workspace_id, clients=tuple(clients), unmanaged=unmanaged)
    before = {("c", c["id"]): c for c in backend.clients()}
    before.update({("p", p["id"]): p for p in backend.projects()})
    with InProcessSandbox(backend) as sandbox:
        client = TogglClient(sandbox.token, sandbox.url, sleep=lambda s: None)
        try:
            plan = make_plan(config, client.read_workspace(backend.workspace_id))
        except PlanError:
            assume(False)  # ambiguous case-variants: refused up front, nothing sent
        apply_plan(client, plan)
        again = make_plan(config, client.read_workspace(backend.workspace_id))
    assert again.actions == (), again.actions

    named = {c.name.lower() for c in clients}
    after = {("c", c["id"]): c for c in backend.clients()}
    after.update({("p", p["id"]): p for p in backend.projects()})
    names_by_id = {c["id"]: c["name"] for c in backend.clients()}
    names_by_id.update({c["id"]: c["name"] for c in before.values() if "archived" in c})
    for key in DeepDiff(before, after).affected_root_keys:
        old, new = before.get(key), after.get(key)
        if old is None:  # created: only what the config names
            owner = new["name"] if key[0] == "c" else names_by_id.get(new.get("client_id"), "")
            assert owner.lower() in named, new
            continue
        owner = old["name"] if key[0] == "c" else names_by_id.get(old.get("client_id"), "")
        if owner.lower() in named:
            continue  # the config names this client (or the project's client)
        # Anything else may only have been archived, and only under `unmanaged: archive`.
        assert unmanaged == "archive", (old, new)
        assert new is not None, old
        assert new.get("archived") is True or new.get("active") is False, (old, new)
