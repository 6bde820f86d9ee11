"""Projects: every call, paging, filters, bulk edit and errors, over both transports."""

from __future__ import annotations

import pytest

from toggl_sandbox import Backend


def test_create_project_answers_toggls_shape(toggl, backend: Backend) -> None:
    client = backend.add_client("Globex")
    answer = toggl.post(
        "/workspaces/{wid}/projects",
        json={"name": "Website", "client_id": client["id"], "color": "#aabbcc", "billable": True,
              "active": True},
    )  # fmt: skip
    assert answer.status_code == 200
    project = answer.json()
    assert project["client_id"] == project["cid"] == client["id"]
    # Toggl names the client in list answers only, and sets `status` from the first read on.
    assert "client_name" not in project and "status" not in project
    assert (project["color"], project["billable"], project["active"]) == ("#aabbcc", True, True)
    assert project["workspace_id"] == project["wid"] == backend.workspace_id
    assert project["estimated_hours"] is None and project["currency"] is None
    assert toggl.models_checked == 1


def test_project_without_client_has_null_client_id(toggl) -> None:
    project = toggl.post("/workspaces/{wid}/projects", json={"name": "Internal"}).json()
    assert project["client_id"] is None and project["billable"] is None


def test_legacy_cid_is_accepted(toggl, backend: Backend) -> None:
    client = backend.add_client("Globex")
    answer = toggl.post("/workspaces/{wid}/projects", json={"name": "Web", "cid": client["id"]})
    assert answer.json()["client_id"] == client["id"]


def test_update_changes_only_given_fields(toggl, backend: Backend) -> None:
    project = backend.add_project("Web", color="#111111", billable=True)
    path = f"/workspaces/{{wid}}/projects/{project['id']}"
    changed = toggl.put(path, json={"estimated_hours": 12}).json()
    assert changed["estimated_hours"] == 12 and changed["estimated_seconds"] == 12 * 3600
    assert (changed["color"], changed["billable"]) == ("#111111", True)
    assert changed["at"] > project["at"]

    archived = toggl.put(path, json={"active": False}).json()
    assert archived["active"] is False and archived["status"] == "archived"
    assert [p["id"] for p in toggl.get("/workspaces/{wid}/projects").json()] == []
    assert toggl.put(path, json={"active": True}).json()["active"] is True


def test_move_project_to_another_client_and_off_it(toggl, backend: Backend) -> None:
    client = backend.add_client("Globex")
    project = backend.add_project("Web")
    path = f"/workspaces/{{wid}}/projects/{project['id']}"
    assert toggl.put(path, json={"client_id": client["id"]}).json()["cid"] == client["id"]
    listed = toggl.get("/workspaces/{wid}/projects").json()
    assert [(p["id"], p["client_name"]) for p in listed] == [(project["id"], "Globex")]
    moved_off = toggl.put(path, json={"client_id": None}).json()
    assert moved_off["client_id"] is None and moved_off["cid"] is None


def test_get_and_delete_project(toggl, backend: Backend) -> None:
    project = backend.add_project("Web")
    path = f"/workspaces/{{wid}}/projects/{project['id']}"
    assert toggl.get(path).json() == project
    assert toggl.delete(path).status_code == 200
    missing = toggl.get(path)
    assert (missing.status_code, missing.json()) == (
        404,
        f"No project with ID {project['id']} was found",
    )
    assert toggl.put(path, json={"name": "x"}).status_code == 404
    assert toggl.delete(path).status_code == 404


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"name": ""}, "Project name cannot be empty"),
        ({"name": "X", "color": "#abc"}, "Project color must be a hex value"),
        ({"name": "X", "color": "blue"}, "Project color must be a hex value"),
        ({"name": "X", "color": "#12345g"}, "Project color must be a hex value"),
        ({"name": "X", "client_id": 4}, "Client with the ID 4 isn't present in workspace"),
        ({"name": "X", "billable": "yes"}, "Invalid value for billable"),
    ],
)
def test_create_project_errors(toggl, body: dict, fragment: str) -> None:
    answer = toggl.post("/workspaces/{wid}/projects", json=body)
    assert answer.status_code == 400
    assert fragment in answer.json()


def test_project_names_unique_per_client_archived_included(toggl, backend: Backend) -> None:
    globex = backend.add_client("Globex")
    backend.add_project("Web", client_id=globex["id"], active=False)
    same = toggl.post("/workspaces/{wid}/projects", json={"name": "Web", "client_id": globex["id"]})
    assert same.status_code == 400
    # The same name under another client, or with no client, is fine.
    initech = backend.add_client("Initech")
    other = {"name": "Web", "client_id": initech["id"]}
    assert toggl.post("/workspaces/{wid}/projects", json=other).status_code == 200
    assert toggl.post("/workspaces/{wid}/projects", json={"name": "Web"}).status_code == 200
    assert toggl.post("/workspaces/{wid}/projects", json={"name": "web"}).status_code == 200


@pytest.mark.parametrize("count", [0, 151, 200, 201])
def test_paging(toggl, backend: Backend, count: int) -> None:
    made = [backend.add_project(f"P{i}")["id"] for i in range(count)]

    def page(**query: int) -> list[int]:
        answer = toggl.get("/workspaces/{wid}/projects", params=query)
        assert answer.status_code == 200
        return [p["id"] for p in answer.json()]

    assert page() == made[:151]  # default per_page
    assert page(page=2) == made[151:302]
    assert page(per_page=200) == made[:200]
    assert page(per_page=200, page=2) == made[200:400]
    assert page(per_page=500) == made[:200]  # capped at 200


def test_list_filters(toggl, backend: Backend) -> None:
    globex, initech = backend.add_client("Globex"), backend.add_client("Initech")
    web = backend.add_project("Website", client_id=globex["id"])
    old = backend.add_project("Old site", client_id=globex["id"], active=False)
    tps = backend.add_project("TPS reports", client_id=initech["id"])
    free = backend.add_project("Internal web")

    def ids(**query: str) -> list[int]:
        return [p["id"] for p in toggl.get("/workspaces/{wid}/projects", params=query).json()]

    assert ids() == [web["id"], tps["id"], free["id"]]
    assert ids(active="true") == ids()
    assert ids(active="false") == [old["id"]]
    assert ids(active="both") == [web["id"], old["id"], tps["id"], free["id"]]
    assert ids(active="both", client_ids=str(globex["id"])) == [web["id"], old["id"]]
    assert ids(client_ids=f"{globex['id']},{initech['id']}") == [web["id"], tps["id"]]
    assert ids(name="WEB") == [web["id"], free["id"]]
    assert toggl.get("/workspaces/{wid}/projects", params={"active": "maybe"}).status_code == 400


def test_bulk_patch_plain_fields(toggl, backend: Backend) -> None:
    first, second = backend.add_project("A"), backend.add_project("B")
    answer = toggl.patch(
        f"/workspaces/{{wid}}/projects/{first['id']},{second['id']},7",
        json=[
            {"op": "replace", "path": "/color", "value": "#aabbcc"},
            {"op": "replace", "path": "/billable", "value": True},
        ],  # fmt: skip
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["success"] == [first["id"], second["id"]]
    assert [f["id"] for f in body["failure"]] == [7] and body["failure"][0]["message"]
    for project in backend.projects():
        assert (project["color"], project["billable"]) == ("#aabbcc", True)


def test_bulk_patch_reports_invalid_values_per_project(toggl, backend: Backend) -> None:
    project = backend.add_project("A", color="#000000")
    answer = toggl.patch(
        f"/workspaces/{{wid}}/projects/{project['id']}",
        json=[{"op": "replace", "path": "/color", "value": "red"}],
    )
    assert answer.json()["success"] == [] and answer.json()["failure"][0]["id"] == project["id"]
    assert backend.get_project(None, project["id"])["color"] == "#000000"


@pytest.mark.parametrize("path", ["/active", "/client_id"])
def test_bulk_patch_refuses_active_and_client(toggl, backend: Backend, path: str) -> None:
    project = backend.add_project("A")
    answer = toggl.patch(
        f"/workspaces/{{wid}}/projects/{project['id']}",
        json=[{"op": "replace", "path": path, "value": False}],
    )
    assert answer.status_code == 400
    assert backend.get_project(None, project["id"])["active"] is True


def test_bulk_patch_takes_at_most_100_ids(toggl, backend: Backend) -> None:
    ids = [backend.add_project(f"P{i}")["id"] for i in range(101)]
    op = [{"op": "replace", "path": "/color", "value": "#aabbcc"}]
    many = toggl.patch("/workspaces/{wid}/projects/" + ",".join(map(str, ids)), json=op)
    assert many.status_code == 400
    hundred = toggl.patch("/workspaces/{wid}/projects/" + ",".join(map(str, ids[:100])), json=op)
    assert len(hundred.json()["success"]) == 100
