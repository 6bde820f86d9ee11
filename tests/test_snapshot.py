"""Incremental reads with a snapshot: the plan read from a snapshot and Toggl's listings of what
changed equals the plan read in full, whatever was changed behind the tool's back; and it costs a
handful of requests whatever the workspace's size.

The sandbox's clock is driven by the test: the changes come an hour after the snapshot, so the
overlap margin cannot hide a change the incremental read would otherwise miss."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconciler import Reconciler, parse_config
from reconciler.export import export_config
from reconciler.snapshot import OVERLAP_SECONDS, SnapshotRead
from reconciler.state import Client, Project, Workspace
from reconciler.toggl import read_cost
from tests.conftest import load_schema
from toggl_sandbox import Backend, InProcessSandbox

START = 1_700_000_000.0
TOKEN = "sandbox-token"


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


def world(clients: int, projects_each: int) -> tuple[Backend, Clock]:
    clock = Clock()
    backend = Backend(clock=clock)
    for c in range(clients):
        client = backend.add_client(f"Client {c:03d}", archived=c % 7 == 6)
        for p in range(projects_each):
            backend.add_project(
                f"Project {p:02d}", client_id=client["id"], active=c % 7 != 6 and p % 5 != 4
            )
    for p in range(projects_each):
        backend.add_project(f"Loose {p:02d}", active=p % 3 != 0)
    # The world was built long before its last change; a snapshot's overlap margin reaches back
    # from the newest `at` it saw, so it covers that change, not the whole build.
    clock.now += 3600
    first = min(backend.space(None).clients)
    backend.update_client(None, first, {"name": "Client 000", "notes": "touched"})
    clock.now += 1
    return backend, clock


def config_of(backend: Backend) -> Any:
    """The workspace as it is now, as `export` writes it: later changes show as actions."""
    live = Workspace(
        id=backend.workspace_id,
        clients=tuple(Client.from_api(c) for c in backend.list_clients(None, status="both")),
        projects=tuple(Project.from_api(p) for p in backend.projects(None)),
    )
    text = export_config(live, active_only=False, source="sandbox", generated_at="now")
    return parse_config(text, "workspace.yaml")


def plans_agree(backend: Backend, snapshot: Path, config: Any) -> tuple[int, list[SnapshotRead]]:
    """Plan with the snapshot and in full; assert they agree; the incremental read's cost."""
    events: list[Any] = []
    with InProcessSandbox(backend) as sandbox:
        before = len(backend.requests)
        incremental = Reconciler(
            sandbox.token, sandbox.url, snapshot=snapshot, progress=events.append
        )
        inc_plan = incremental.plan(config)
        cost = len(backend.requests) - before
        full_plan = Reconciler(sandbox.token, sandbox.url).plan(config)
    assert inc_plan.to_dict() == full_plan.to_dict()
    return cost, [e for e in events if isinstance(e, SnapshotRead)]


def take_snapshot(backend: Backend, clock: Clock, path: Path, config: Any) -> None:
    with InProcessSandbox(backend) as sandbox:
        Reconciler(sandbox.token, sandbox.url, snapshot=path).plan(config)
    clock.now += 3600  # the changes come an hour later, well past the overlap margin


# -- the target: a large workspace, three changes, at most 3 requests ------------------------------


def test_4000_projects_with_three_changes_plan_in_three_requests(tmp_path):
    backend, clock = world(clients=399, projects_each=10)  # 3,990 + 10 loose = 4,000 projects
    assert len(backend.projects(None)) == 4000
    config = config_of(backend)
    path = tmp_path / "snapshot.json"
    take_snapshot(backend, clock, path, config)
    space = backend.space(None)
    client_ids = sorted(space.clients)
    project_ids = sorted(space.projects)
    backend.update_project(None, project_ids[10], {"name": "Renamed by hand"}, check_plan=False)
    backend.archive_client(None, client_ids[3], check_plan=False)
    backend.add_project("Made by hand", client_id=client_ids[8])

    cost, events = plans_agree(backend, path, config)

    # The clients, the projects changed since, the projects of the archived client; and, once,
    # the workspace object: restoring the client makes more than 5 projects active, which a Free
    # workspace would refuse, so the plan asks which Toggl plan the workspace is on.
    assert cost == 4
    assert [e.full_read for e in events] == [False]
    assert json.loads(path.read_text())["paid"] is True  # remembered: not asked again

    clock.now += 3600
    backend.update_project(None, project_ids[20], {"name": "Renamed again"}, check_plan=False)
    backend.archive_client(None, client_ids[5], check_plan=False)
    backend.add_project("Made by hand again", client_id=client_ids[9])
    cost, events = plans_agree(backend, path, config)
    assert cost == 3
    assert cost < read_cost(4000) == 22
    assert [e.full_read for e in events] == [False]


def test_cascade_that_leaves_project_at_alone_is_still_seen(tmp_path):
    """Whether a client archive moves its projects' `at` is unknown: the projects of a client
    whose `at` moved are re-read, so a cascade that moves nothing else is not missed."""
    backend, clock = world(clients=3, projects_each=3)
    config = config_of(backend)
    path = tmp_path / "snapshot.json"
    take_snapshot(backend, clock, path, config)
    space = backend.space(None)
    cid = next(c for c in space.clients if not space.clients[c]["archived"])
    before = {pid: space.projects[pid]["at"] for pid in space.project_ids_of(cid)}
    backend.archive_client(None, cid, check_plan=False)
    for pid, at in before.items():
        space.projects[pid]["at"] = at  # as if Toggl's cascade left `at` alone

    cost, events = plans_agree(backend, path, config)

    # Clients, the changes since, the projects of the archived client; and the workspace object
    # once, as restoring them makes more than 5 projects active (see the test above).
    assert cost == 4
    assert not events[0].full_read


# -- random changes behind the tool's back ------------------------------------------------------

CHANGES = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "rename_client",
                "rename_project",
                "recolor_project",
                "archive_client",
                "archive_client_quietly",
                "restore_client",
                "archive_project",
                "restore_project",
                "move_project",
                "delete_project",
                "delete_client",
                "create_client",
                "create_project",
            ]
        ),
        st.integers(min_value=0, max_value=10_000),
        st.integers(min_value=0, max_value=10_000),
    ),
    max_size=6,
)


def change(backend: Backend, kind: str, a: int, b: int, serial: int) -> None:
    space = backend.space(None)
    clients = sorted(space.clients)
    projects = sorted(space.projects)
    client = clients[a % len(clients)] if clients else None
    other = clients[b % len(clients)] if clients else None
    project = projects[a % len(projects)] if projects else None
    if kind == "rename_client" and client is not None:
        backend.update_client(None, client, {"name": f"Renamed {serial}"})
    elif kind in ("archive_client", "archive_client_quietly") and client is not None:
        before = {pid: space.projects[pid]["at"] for pid in space.project_ids_of(client)}
        backend.archive_client(None, client, check_plan=False)
        if kind == "archive_client_quietly":  # a cascade that leaves the projects' `at` alone
            for pid, at in before.items():
                space.projects[pid]["at"] = at
    elif kind == "restore_client" and client is not None and space.clients[client]["archived"]:
        backend.restore_client(None, client, restore_all_projects=b % 2 == 0)
    elif kind == "delete_client" and client is not None:
        backend.delete_client(None, client)
    elif kind == "create_client":
        made = backend.add_client(f"New client {serial}")
        backend.add_project(f"New project {serial}", client_id=made["id"])
    elif kind == "create_project":
        backend.add_project(f"Hand-made {serial}", client_id=other)
    elif project is None:
        return
    elif kind == "rename_project":
        backend.update_project(None, project, {"name": f"Renamed {serial}"}, check_plan=False)
    elif kind == "recolor_project":
        backend.update_project(None, project, {"color": "#d94182"}, check_plan=False)
    elif kind in ("archive_project", "restore_project"):
        active = kind == "restore_project"
        backend.update_project(None, project, {"active": active}, check_plan=False)
    elif kind == "move_project":
        backend.update_project(None, project, {"client_id": other}, check_plan=False)
    elif kind == "delete_project":
        backend.delete_project(None, project, "unassign")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=CHANGES, clients=st.integers(1, 4), projects_each=st.integers(0, 4))
def test_incremental_plan_equals_full_plan_after_random_changes(
    tmp_path_factory, changes, clients, projects_each
):
    backend, clock = world(clients, projects_each)
    config = config_of(backend)
    path = tmp_path_factory.mktemp("snap") / "snapshot.json"
    take_snapshot(backend, clock, path, config)
    for serial, (kind, a, b) in enumerate(changes):
        try:
            change(backend, kind, a, b, serial)
        except Exception as refused:  # a change Toggl would refuse (a name taken...) is skipped
            if type(refused).__module__.split(".")[0] != "toggl_sandbox":
                raise
        clock.now += 1
    plans_agree(backend, path, config)
    # And again from the snapshot that read wrote, with nothing changed since.
    clock.now += 3600
    cost, events = plans_agree(backend, path, config)
    empty = not backend.space(None).clients and not backend.space(None).projects
    assert events[0].full_read == empty  # an empty workspace has no `at` to date a snapshot by
    assert cost == 2  # the clients and one page of changes (none), or of projects (none)


# -- falling back to a full read -----------------------------------------------------------------


@pytest.fixture
def snapshot_world(tmp_path):
    backend, clock = world(clients=4, projects_each=3)
    config = config_of(backend)
    path = tmp_path / "snapshot.json"
    take_snapshot(backend, clock, path, config)
    return backend, path, config


def full_read_reason(backend: Backend, path: Path, config: Any, **options: Any) -> str:
    """Plan with the snapshot; assert it read the whole workspace and said so; say why."""
    events: list[Any] = []
    with InProcessSandbox(backend) as sandbox:
        before = len(backend.requests)
        rec = Reconciler(
            sandbox.token, sandbox.url, snapshot=path, progress=events.append, **options
        )
        rec.plan(config)
        cost = len(backend.requests) - before
    assert cost == read_cost(len(backend.projects(None)))
    notes = [e for e in events if isinstance(e, SnapshotRead)]
    assert len(notes) == 1 and notes[0].full_read
    return notes[0].reason


def edit(path: Path, **changes: Any) -> None:
    document = json.loads(path.read_text())
    document.update(changes)
    path.write_text(json.dumps(document))


def test_first_run_reads_everything_and_writes_a_valid_snapshot_without_the_token(tmp_path):
    backend, _clock = world(clients=2, projects_each=2)
    path = tmp_path / "snapshot.json"
    reason = full_read_reason(backend, path, config_of(backend))
    assert "no snapshot" in reason
    document = json.loads(path.read_text())
    jsonschema.validate(document, load_schema("snapshot.schema.json"))
    assert len(document["projects"]) == len(backend.projects(None))
    assert TOKEN not in path.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["snapshot.json"]  # no temporary file left


def test_another_workspace_falls_back(snapshot_world):
    backend, path, config = snapshot_world
    edit(path, workspace_id=999)
    assert "workspace 999" in full_read_reason(backend, path, config)


def test_another_api_url_falls_back(snapshot_world):
    backend, path, config = snapshot_world
    edit(path, api_url="https://elsewhere.example/api/v9")
    assert "elsewhere.example" in full_read_reason(backend, path, config)


@pytest.mark.parametrize("damage", ["{not json", '{"format": "toggl-reconciler-snapshot"}', ""])
def test_corrupt_snapshot_falls_back(snapshot_world, damage):
    backend, path, config = snapshot_world
    path.write_text(damage)
    assert "snapshot" in full_read_reason(backend, path, config)


def test_old_snapshot_falls_back(snapshot_world):
    backend, path, config = snapshot_world
    old = datetime.now(timezone.utc) - timedelta(days=8)
    edit(path, taken_at=old.isoformat(timespec="seconds"))
    assert "days ago" in full_read_reason(backend, path, config)


def test_refresh_full_reads_everything(snapshot_world):
    backend, path, config = snapshot_world
    reason = full_read_reason(backend, path, config, refresh="full")
    assert "full read" in reason


def test_a_deleted_client_makes_a_full_project_read(snapshot_world):
    backend, path, config = snapshot_world
    backend.delete_client(None, sorted(backend.space(None).clients)[0])
    with InProcessSandbox(backend) as sandbox:
        events: list[Any] = []
        rec = Reconciler(sandbox.token, sandbox.url, snapshot=path, progress=events.append)
        inc = rec.plan(config)
        full = Reconciler(sandbox.token, sandbox.url).plan(config)
    assert inc.to_dict() == full.to_dict()
    assert "deleted" in events[0].reason


def test_since_is_the_newest_at_less_the_margin(snapshot_world):
    backend, path, config = snapshot_world
    latest = json.loads(path.read_text())["latest_at"]
    with InProcessSandbox(backend) as sandbox:
        Reconciler(sandbox.token, sandbox.url, snapshot=path).plan(config)
    sinces = [r.query for r in backend.requests if "since" in str(r.query)]
    assert [q["since"] for q in sinces] == [str(latest - OVERLAP_SECONDS)]
