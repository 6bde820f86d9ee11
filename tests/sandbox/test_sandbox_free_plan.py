"""The Free plan: at most 5 active projects per organisation, 402 on premium fields and custom
colours, client archiving refused (single and bulk), usage headers on every 402. Both
transports; every refusal leaves the state untouched."""

from __future__ import annotations

from typing import Any

import pytest

from toggl_sandbox import Backend

REMAINING = "X-Toggl-Quota-Remaining"


@pytest.fixture
def backend() -> Backend:
    backend = Backend()
    backend.set_free_plan()
    return backend


def refused(answer: Any) -> bool:
    """A plan refusal: 402, a JSON-string message, and usage headers showing quota left."""
    return (
        answer.status_code == 402
        and isinstance(answer.json(), str)
        and int(answer.headers[REMAINING]) > 0
    )


def test_a_sixth_active_project_is_refused(toggl, backend: Backend) -> None:
    for i in range(5):
        made = toggl.post("/workspaces/{wid}/projects", json={"name": f"P{i}", "active": True})
        assert made.status_code == 200
    sixth = toggl.post("/workspaces/{wid}/projects", json={"name": "P5", "active": True})
    assert refused(sixth)
    archived = toggl.post("/workspaces/{wid}/projects", json={"name": "Old", "active": False})
    assert archived.status_code == 200  # archived projects do not count
    path = f"/workspaces/{{wid}}/projects/{archived.json()['id']}"
    assert refused(toggl.put(path, json={"active": True}))
    assert (
        len(backend.projects()) == 6
        and backend.get_project(None, archived.json()["id"])["active"] is False
    )


def test_the_limit_is_per_organisation(toggl, backend: Backend) -> None:
    for i in range(4):
        backend.add_project(f"P{i}")
    sibling = backend.add_workspace("Sibling", organization_id=backend.get_workspace(
        backend.workspace_id)["organization_id"])  # fmt: skip
    elsewhere = backend.add_workspace("Elsewhere")  # its own organisation
    backend.add_project("Fifth", wid=sibling["id"])
    for wid, expected in [(sibling["id"], 402), (elsewhere["id"], 200)]:
        answer = toggl.post(f"/workspaces/{wid}/projects", json={"name": "New", "active": True})
        assert answer.status_code == expected, wid


def test_restoring_past_the_limit_is_refused_and_restores_nothing(toggl, backend: Backend) -> None:
    client = backend.add_client("Initech")
    sleeping = [backend.add_project(f"S{i}", client_id=client["id"]) for i in range(3)]
    backend.archive_client(None, client["id"], check_plan=False)
    for i in range(3):
        backend.add_project(f"Awake{i}")
    path = f"/workspaces/{{wid}}/clients/{client['id']}/restore"
    assert refused(toggl.post(path, json={"restore_all_projects": True}))
    assert refused(toggl.post(path, json={"projects": [p["id"] for p in sleeping]}))
    assert backend.get_client(None, client["id"])["archived"] is True
    assert not any(backend.get_project(None, p["id"])["active"] for p in sleeping)
    two = toggl.post(path, json={"projects": [p["id"] for p in sleeping[:2]]})
    assert two.status_code == 200  # 3 + 2 = 5 fit


@pytest.mark.parametrize(
    ("field", "value"),
    [("billable", True), ("estimated_hours", 12), ("rate", 90), ("fixed_fee", 1000),
     ("currency", "EUR"), ("auto_estimates", True), ("recurring", True),
     ("color", "#123456")],
)  # fmt: skip
def test_premium_fields_are_402_on_create_update_and_bulk_edit(
    toggl, backend: Backend, field: str, value: Any
) -> None:
    create = toggl.post("/workspaces/{wid}/projects", json={"name": "P", field: value})
    assert refused(create) and backend.projects() == []
    project = backend.add_project("Kept", active=False)
    path = f"/workspaces/{{wid}}/projects/{project['id']}"
    assert refused(toggl.put(path, json={field: value}))
    if field != "recurring":  # not bulk-editable at all
        op = [{"op": "replace", "path": f"/{field}", "value": value}]
        assert refused(toggl.patch(path, json=op))
    assert backend.get_project(None, project["id"]) == project


@pytest.mark.parametrize(
    "body",
    [{"billable": False}, {"billable": None}, {"estimated_hours": None}, {"color": "#0b83d9"},
     {"color": "#C9806B"}, {"currency": None}],
)  # fmt: skip
def test_what_a_free_workspace_already_has_is_accepted(toggl, body: dict) -> None:
    answer = toggl.post("/workspaces/{wid}/projects", json={"name": "P", **body})
    assert answer.status_code == 200, answer.text


def test_archiving_clients_is_refused_single_and_bulk(toggl, backend: Backend) -> None:
    client = backend.add_client("Globex")
    backend.add_project("Web", client_id=client["id"])
    for path, body in [(f"/workspaces/{{wid}}/clients/{client['id']}/archive", None),
                       ("/workspaces/{wid}/clients/archive", [client["id"]])]:  # fmt: skip
        assert refused(toggl.post(path, json=body))
    assert backend.get_client(None, client["id"])["archived"] is False
    assert all(p["active"] for p in backend.projects())


def test_a_paid_plan_allows_all_of_it(toggl, backend: Backend) -> None:
    backend.set_free_plan(False)
    for i in range(7):
        body = {"name": f"P{i}", "active": True, "billable": True, "color": "#123456"}
        assert toggl.post("/workspaces/{wid}/projects", json=body).status_code == 200
    client = backend.add_client("Globex")
    assert toggl.post(f"/workspaces/{{wid}}/clients/{client['id']}/archive").status_code == 200
    assert toggl.get("/workspaces/{wid}").json()["premium"] is True
