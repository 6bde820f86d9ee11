"""The backend without HTTP: seeding, timestamps, the whole-world round trip, speed."""

from __future__ import annotations

import json
import time
from pathlib import Path

import jsonschema
import pytest
from conftest import check_model
from hypothesis import given, settings
from hypothesis import strategies as st

from toggl_sandbox import Backend

EXAMPLE_WORLD = Path(__file__).parents[2] / "examples" / "sandbox-world.json"


def test_at_strictly_increases_even_when_the_clock_stands_still() -> None:
    backend = Backend(clock=lambda: 1_800_000_000.0)
    client = backend.add_client("Globex")
    stamps = [backend.update_client(None, client["id"], {"name": f"G{i}"})["at"] for i in range(5)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 5


def test_seeded_objects_match_toggls_models(backend: Backend) -> None:
    client = backend.add_client("Globex", notes="Key", archived=True)
    backend.add_project("Web", client_id=client["id"], active=False, billable=True)
    backend.add_project("Internal", estimated_hours=3, color="#abcdef")
    for body in backend.clients():
        check_model("client", body)
    for body in backend.projects():
        check_model("project", body)


def test_check_model_rejects_what_toggl_would_never_send() -> None:
    body = Backend().add_project("Web")
    check_model("project", body)
    # Each rejection for its own reason: a crash inside check_model would not count.
    with pytest.raises(jsonschema.ValidationError, match="'12' is not of type") as wrong_type:
        check_model("project", {**body, "client_id": "12"})
    assert list(wrong_type.value.absolute_path) == ["client_id"]
    with pytest.raises(AssertionError, match=r"not in Toggl's model: \['invented'\]"):
        check_model("project", {**body, "invented": 1})


def test_example_world_loads_as_described() -> None:
    backend = Backend.from_json(json.loads(EXAMPLE_WORLD.read_text()))
    assert backend.workspace_id == 4242
    assert backend.get_workspace(4242)["name"] == "Acme Consulting"
    clients = {c["name"]: c for c in backend.clients()}
    archived = [c for c in clients.values() if c["archived"]]
    assert len(clients) >= 10 and len(archived) >= 3
    for client in archived:
        assert not any(p["active"] for p in backend.projects() if p["client_id"] == client["id"])
    assert any(p["client_id"] is None for p in backend.projects())


def test_world_round_trip_keeps_everything_and_the_id_counters() -> None:
    backend = Backend.from_json(json.loads(EXAMPLE_WORLD.read_text()))
    deleted = backend.add_project("Temporary")
    backend.delete_project(None, deleted["id"])
    again = Backend.from_json(json.loads(json.dumps(backend.to_json())))
    assert again.clients() == backend.clients()
    assert again.projects() == backend.projects()
    assert again.add_project("Next")["id"] > deleted["id"]  # never reused
    assert again.add_client("Newer")["at"] > max(p["at"] for p in backend.projects())


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=12).filter(str.strip), st.booleans()),
        max_size=8,
        unique_by=lambda item: item[0],
    )
)
def test_round_trip_of_any_seeded_world(names: list[tuple[str, bool]]) -> None:
    backend = Backend()
    for name, active in names:
        client = backend.add_client(name)
        backend.add_project(name, client_id=client["id"], active=active)
        backend.add_project(name)  # the same name with no client is allowed
    again = Backend.from_json(backend.to_json())
    assert again.to_json()["workspaces"] == backend.to_json()["workspaces"]


def test_fifty_thousand_projects_seed_and_page_quickly() -> None:
    backend = Backend()
    clients = [backend.add_client(f"Client {i}")["id"] for i in range(50)]
    started = time.perf_counter()
    for i in range(50_000):
        backend.add_project(f"Project {i}", client_id=clients[i % 50], active=i % 3 != 0)
    seeded = time.perf_counter() - started
    started = time.perf_counter()
    seen = 0
    for page in range(1, 1000):
        batch = backend.list_projects(active=None, page=page, per_page=200)
        seen += len(batch)
        if len(batch) < 200:
            break
    paged = time.perf_counter() - started
    assert seen == 50_000
    assert seeded < 5 and paged < 2, (seeded, paged)
