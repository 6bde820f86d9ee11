"""Project listings (sort, billable, since with deleted projects), project DELETE with
`teDeletionMode` and its time entries, and the bulk PATCH operations. Both transports."""

from __future__ import annotations

import json
from typing import Any

import pytest

from toggl_sandbox import Backend
from toggl_sandbox.app import TE_COUNT_HEADER, TE_MODE_HEADER


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def backend(clock: FakeClock) -> Backend:
    return Backend(clock=clock)


def listed(toggl, **query: Any) -> list[dict[str, Any]]:
    answer = toggl.get("/workspaces/{wid}/projects", params=query)
    assert answer.status_code == 200, answer.text
    return answer.json()


def names(projects: list[dict[str, Any]]) -> list[str]:
    return [p["name"] for p in projects]


# -- sort_field, sort_order, billable, client_ids, name --------------------------------------------


def test_sort_field_and_sort_order(toggl, backend: Backend, clock: FakeClock) -> None:
    zeta, alpha = backend.add_client("Zeta"), backend.add_client("alpha")
    for name, client in [("Beta", zeta), ("alpha", None), ("gamma", alpha)]:
        backend.add_project(name, client_id=client["id"] if client else None)
        clock.now += 60
    assert names(listed(toggl)) == ["Beta", "alpha", "gamma"]  # id order
    # Names compare ignoring case (a plain sort would put "Beta" before "alpha").
    assert names(listed(toggl, sort_field="name")) == ["alpha", "Beta", "gamma"]
    assert names(listed(toggl, sort_field="name", sort_order="DESC")) == ["gamma", "Beta", "alpha"]
    # The client's name ignores case too; projects without a client come last.
    assert names(listed(toggl, sort_field="client_name")) == ["gamma", "Beta", "alpha"]
    assert names(listed(toggl, sort_field="created_at", sort_order="desc")) == [
        "gamma", "alpha", "Beta",
    ]  # fmt: skip
    paged = [names(listed(toggl, sort_field="name", per_page=1, page=n)) for n in (1, 2, 3)]
    assert paged == [["alpha"], ["Beta"], ["gamma"]]


@pytest.mark.parametrize(
    "query", [{"sort_field": "colour"}, {"sort_order": "up"}, {"billable": "yes"},
              {"since": "yesterday"}],
)  # fmt: skip
def test_bad_list_parameters_are_400(toggl, query: dict) -> None:
    answer = toggl.get("/workspaces/{wid}/projects", params=query)
    assert answer.status_code == 400 and isinstance(answer.json(), str)


def test_billable_filter_counts_null_as_not_billable(toggl, backend: Backend) -> None:
    backend.add_project("Paid", billable=True)
    backend.add_project("Unset")  # billable null
    backend.add_project("Free", billable=False)
    assert names(listed(toggl, billable="true")) == ["Paid"]
    assert names(listed(toggl, billable="false")) == ["Unset", "Free"]
    assert {p["total_count"] for p in listed(toggl, billable="false")} == {2}


def test_filters_combine(toggl, backend: Backend) -> None:
    globex, initech = backend.add_client("Globex"), backend.add_client("Initech")
    backend.add_project("Web shop", client_id=globex["id"], billable=True)
    backend.add_project("Web old", client_id=globex["id"], billable=True, active=False)
    backend.add_project("Web", client_id=initech["id"], billable=True)
    backend.add_project("Webinar", client_id=globex["id"])
    found = listed(toggl, client_ids=globex["id"], name="web", billable="true", active="both",
                   sort_field="name")  # fmt: skip
    assert names(found) == ["Web old", "Web shop"]


# -- since: created, modified and deleted ----------------------------------------------------------


def test_since_lists_projects_created_modified_and_deleted_since(
    toggl, backend: Backend, clock: FakeClock
) -> None:
    old = backend.add_project("Old")
    edited = backend.add_project("Edited")
    doomed = backend.add_project("Doomed", time_entries=2)
    clock.now += 100
    since = int(clock.now)
    new = backend.add_project("New")
    backend.update_project(None, edited["id"], {"color": "#9e5bd9"})
    assert toggl.delete(f"/workspaces/{{wid}}/projects/{doomed['id']}").status_code == 200
    found = {p["name"]: p for p in listed(toggl, since=since, active="both")}
    assert set(found) == {"Edited", "Doomed", "New"}
    assert found["Doomed"]["server_deleted_at"] is not None
    assert found["Doomed"]["status"] == "deleted"
    assert found["New"]["server_deleted_at"] is None
    assert {p["total_count"] for p in found.values()} == {3}
    # Deleted projects are news to any listing since then, whatever `active` asks for.
    assert names(listed(toggl, since=since, active="false")) == ["Doomed"]
    assert names(listed(toggl, since=since + 10)) == []
    # Without `since`, a deleted project is gone; its id is never handed out again.
    assert doomed["id"] not in [p["id"] for p in listed(toggl, active="both")]
    assert toggl.get(f"/workspaces/{{wid}}/projects/{doomed['id']}").status_code == 404
    assert {old["id"], new["id"]} <= {p["id"] for p in listed(toggl)}


def test_since_after_an_archive_cascade_lists_the_archived_projects(
    toggl, backend: Backend, clock: FakeClock
) -> None:
    client = backend.add_client("Globex")
    projects = [backend.add_project(n, client_id=client["id"]) for n in ("A", "B")]
    backend.add_project("Elsewhere")
    clock.now += 100
    since = int(clock.now)
    toggl.post(f"/workspaces/{{wid}}/clients/{client['id']}/archive")
    found = listed(toggl, since=since, active="both")
    assert sorted(p["id"] for p in found) == [p["id"] for p in projects]
    assert not any(p["active"] for p in found)


def test_deleted_projects_survive_a_reload(toggl, backend: Backend, clock: FakeClock) -> None:
    doomed = backend.add_project("Doomed")
    since = int(clock.now)
    toggl.delete(f"/workspaces/{{wid}}/projects/{doomed['id']}")
    again = Backend.from_json(json.loads(json.dumps(backend.to_json())), clock=clock)
    assert [p["id"] for p in again.list_projects(active=None, query=None)] == []
    from toggl_sandbox.store import ProjectQuery

    found = again.list_projects(query=ProjectQuery(active=None, since=since))
    assert [p["id"] for p in found] == [doomed["id"]]
    with pytest.raises(Exception, match="already taken"):
        again.add_project("Reuse", id=doomed["id"])


def test_a_hand_written_world_never_hands_out_a_deleted_projects_id() -> None:
    first_id = Backend().add_project("Probe")["id"]  # what a fresh backend hands out first
    gone = {"id": first_id, "name": "Gone", "server_deleted_at": "2030-01-01T00:00:00+00:00"}
    backend = Backend.from_json({"workspaces": [{"name": "W", "deleted_projects": [gone]}]})
    assert backend.add_project("New")["id"] != first_id


# -- DELETE and teDeletionMode ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "unassigned", "deleted", "shown"),
    [("unassign", 5, 0, "unassign"), ("delete", 0, 5, "delete"), (None, 0, 5, "delete (default)")],
)
def test_te_deletion_mode_decides_the_fate_of_time_entries(
    toggl, backend: Backend, mode: str | None, unassigned: int, deleted: int, shown: str
) -> None:
    doomed = backend.add_project("Doomed", time_entries=5)
    kept = backend.add_project("Kept", time_entries=3)
    params = {"teDeletionMode": mode} if mode else {}
    answer = toggl.delete(f"/workspaces/{{wid}}/projects/{doomed['id']}", params=params)
    assert answer.status_code == 200
    assert (answer.headers[TE_MODE_HEADER], answer.headers[TE_COUNT_HEADER]) == (shown, "5")
    assert backend.time_entries() == {
        "projects": {kept["id"]: 3}, "unassigned": unassigned, "deleted": deleted,
    }  # fmt: skip


def test_an_unknown_te_deletion_mode_deletes_nothing(toggl, backend: Backend) -> None:
    project = backend.add_project("Kept", time_entries=2)
    path = f"/workspaces/{{wid}}/projects/{project['id']}"
    answer = toggl.delete(path, params={"teDeletionMode": "archive"})
    assert answer.status_code == 400
    assert toggl.get(path).status_code == 200
    assert backend.time_entries()["projects"] == {project["id"]: 2}


def test_time_entry_counts_are_seeded_and_saved_in_world_files(backend: Backend) -> None:
    world = {"workspaces": [{"name": "W", "projects": [
        {"name": "Busy", "time_entries": 40}, {"name": "Idle"}]}]}  # fmt: skip
    seeded = Backend.from_json(world)
    busy, idle = seeded.projects()
    assert seeded.time_entries()["projects"] == {busy["id"]: 40}
    assert "time_entries" not in busy  # not part of Toggl's project
    seeded.delete_project(None, busy["id"], "unassign")
    saved = json.loads(json.dumps(seeded.to_json()))
    assert saved["workspaces"][0]["unassigned_time_entries"] == 40
    again = Backend.from_json(saved)
    assert again.time_entries() == {"projects": {}, "unassigned": 40, "deleted": 0}
    bad = {"workspaces": [{"name": "W", "projects": [{"name": "P", "time_entries": -1}]}]}
    with pytest.raises(ValueError, match="time entry count"):
        Backend.from_json(bad)


# -- bulk PATCH ------------------------------------------------------------------------------------


def test_bulk_patch_add_remove_and_replace(toggl, backend: Backend) -> None:
    first = backend.add_project("A", estimated_hours=10, billable=True)
    second = backend.add_project("B", end_date="2031-01-01")
    ids = f"{first['id']},{second['id']}"
    answer = toggl.patch(
        f"/workspaces/{{wid}}/projects/{ids}",
        json=[{"op": "add", "path": "/color", "value": "#c9806b"},
              {"op": "remove", "path": "/estimated_hours"},
              {"op": "remove", "path": "/end_date"},
              {"op": "replace", "path": "/is_private", "value": False}],
    )  # fmt: skip
    assert answer.json() == {"success": [first["id"], second["id"]], "failure": []}
    for project in backend.projects():
        assert (project["color"], project["estimated_hours"], project["is_private"]) == (
            "#c9806b", None, False,
        )  # fmt: skip
        assert "end_date" not in project
    assert backend.get_project(None, first["id"])["billable"] is True  # untouched


@pytest.mark.parametrize(
    "path", ["/active", "/client_id", "/cid", "/client_name", "/is_shared", "/template_id"]
)
@pytest.mark.parametrize("op", ["add", "replace", "remove"])
def test_bulk_patch_refuses_fields_that_are_not_bulk_editable(
    toggl, backend: Backend, path: str, op: str
) -> None:
    project = backend.add_project("A")
    answer = toggl.patch(
        f"/workspaces/{{wid}}/projects/{project['id']}",
        json=[{"op": "replace", "path": "/color", "value": "#c9806b"},
              {"op": op, "path": path, "value": 1}],
    )  # fmt: skip
    assert answer.status_code == 400 and isinstance(answer.json(), str)
    assert backend.get_project(None, project["id"]) == project  # not even the colour


def test_bulk_patch_refuses_removing_a_field_that_cannot_be_empty(toggl, backend) -> None:
    project = backend.add_project("A", color="#000000")
    answer = toggl.patch(
        f"/workspaces/{{wid}}/projects/{project['id']}", json=[{"op": "remove", "path": "/color"}]
    )
    assert answer.status_code == 400
    assert backend.get_project(None, project["id"]) == project
