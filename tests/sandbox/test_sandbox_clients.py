"""Clients: every call and every error, over both transports."""

from __future__ import annotations

import pytest

from toggl_sandbox import Backend


def test_create_get_update_delete_client(toggl, backend: Backend) -> None:
    made = toggl.post("/workspaces/{wid}/clients", json={"name": "Globex", "notes": "Key"})
    assert made.status_code == 200
    client = made.json()
    assert client["name"] == "Globex" and client["notes"] == "Key"
    assert client["wid"] == backend.workspace_id and client["archived"] is False
    assert toggl.get(f"/workspaces/{{wid}}/clients/{client['id']}").json() == client

    changed = toggl.put(f"/workspaces/{{wid}}/clients/{client['id']}", json={"name": "Globex Inc"})
    assert changed.json()["name"] == "Globex Inc"
    assert changed.json()["notes"] == "Key"  # not sent, so unchanged
    assert changed.json()["at"] > client["at"]

    gone = toggl.delete(f"/workspaces/{{wid}}/clients/{client['id']}")
    assert gone.status_code == 200
    missing = toggl.get(f"/workspaces/{{wid}}/clients/{client['id']}")
    assert missing.status_code == 404
    assert missing.json() == f"No client with ID {client['id']} was found"
    assert toggl.models_checked >= 3


def test_list_filters_by_status_and_name(toggl, backend: Backend) -> None:
    backend.add_client("Globex")
    backend.add_client("Global Dynamics", archived=True)
    backend.add_client("Initech")

    def names(**query: str) -> list[str]:
        answer = toggl.get("/workspaces/{wid}/clients", params=query)
        assert answer.status_code == 200
        return sorted(c["name"] for c in answer.json())

    assert names() == ["Globex", "Initech"]
    assert names(status="active") == ["Globex", "Initech"]
    assert names(status="archived") == ["Global Dynamics"]
    assert names(status="both") == ["Global Dynamics", "Globex", "Initech"]
    assert names(status="both", name="gLoB") == ["Global Dynamics", "Globex"]
    bad = toggl.get("/workspaces/{wid}/clients", params={"status": "gone"})
    assert (bad.status_code, bad.json()) == (400, "Client status is invalid")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"name": ""}, "Client name cannot be empty"),
        ({"name": "   "}, "Client name cannot be empty"),
        ({"notes": "no name"}, "Client name cannot be empty"),
        ({"name": "x" * 101}, "Client name maximum length is 100"),
    ],
)
def test_create_client_refuses_bad_names(toggl, body: dict, message: str) -> None:
    answer = toggl.post("/workspaces/{wid}/clients", json=body)
    assert (answer.status_code, answer.json()) == (400, message)


def test_invalid_json_is_400(toggl) -> None:
    answer = toggl.post("/workspaces/{wid}/clients", data=b"{not json")
    assert answer.status_code == 400
    assert isinstance(answer.json(), str)


def test_client_names_are_unique_archived_included_but_case_sensitive(toggl, backend) -> None:
    backend.add_client("Umbrella", archived=True)
    taken = toggl.post("/workspaces/{wid}/clients", json={"name": "Umbrella"})
    assert taken.status_code == 400 and "already exists" in taken.json()
    assert toggl.post("/workspaces/{wid}/clients", json={"name": "UMBRELLA"}).status_code == 200
    other = backend.add_client("Other")
    rename = toggl.put(f"/workspaces/{{wid}}/clients/{other['id']}", json={"name": "Umbrella"})
    assert rename.status_code == 400


def test_unknown_client_is_404_on_every_call(toggl) -> None:
    path = "/workspaces/{wid}/clients/123"
    for method, suffix in [("GET", ""), ("DELETE", ""), ("POST", "/archive"),
                           ("POST", "/restore")]:  # fmt: skip
        answer = toggl.request(method, path + suffix, json={"name": "x"})
        assert answer.status_code == 404, (method, suffix)
        assert answer.json() == "No client with ID 123 was found"
    # PUT documents a message of its own.
    answer = toggl.put(path, json={"name": "x"})
    assert (answer.status_code, answer.json()) == (404, "Client doesn't exist in the workspace.")


def test_unknown_workspace_is_403(toggl) -> None:
    assert toggl.get("/workspaces/1/clients").status_code == 403


def test_archive_cascades_to_active_projects(toggl, backend: Backend) -> None:
    client = backend.add_client("Initech")
    live = [backend.add_project(n, client_id=client["id"]) for n in ("TPS", "Printers")]
    old = backend.add_project("Old", client_id=client["id"], active=False)
    bystander = backend.add_project("Internal")

    answer = toggl.post(f"/workspaces/{{wid}}/clients/{client['id']}/archive")

    assert answer.status_code == 200
    assert sorted(answer.json()) == sorted(p["id"] for p in live)
    assert toggl.get(f"/workspaces/{{wid}}/clients/{client['id']}").json()["archived"] is True
    after = {p["id"]: p for p in backend.projects()}
    for project in live:
        assert after[project["id"]]["active"] is False
        assert after[project["id"]]["at"] > project["at"]
    assert after[old["id"]]["at"] == old["at"]  # already archived: untouched
    assert after[bystander["id"]]["active"] is True


@pytest.fixture
def archived_initech(backend: Backend) -> dict:
    client = backend.add_client("Initech")
    for name in ("TPS", "Printers", "Fax"):
        backend.add_project(name, client_id=client["id"])
    backend.archive_client(None, client["id"])
    return client


def _active_names(backend: Backend) -> list[str]:
    return sorted(p["name"] for p in backend.projects() if p["active"])


def test_restore_listed_projects_only(toggl, backend: Backend, archived_initech) -> None:
    ids = {p["name"]: p["id"] for p in backend.projects()}
    answer = toggl.post(
        f"/workspaces/{{wid}}/clients/{archived_initech['id']}/restore",
        json={"projects": [ids["TPS"], ids["Fax"]]},
    )
    assert answer.status_code == 200
    assert answer.json()["archived"] is False and answer.json()["id"] == archived_initech["id"]
    assert _active_names(backend) == ["Fax", "TPS"]


def test_restore_all_projects(toggl, backend: Backend, archived_initech) -> None:
    answer = toggl.post(
        f"/workspaces/{{wid}}/clients/{archived_initech['id']}/restore",
        json={"restore_all_projects": True},
    )
    assert answer.status_code == 200
    assert _active_names(backend) == ["Fax", "Printers", "TPS"]


@pytest.mark.parametrize("body", [None, {}])
def test_restore_with_empty_body_restores_the_client_alone(
    toggl, backend: Backend, archived_initech, body
) -> None:
    answer = toggl.post(f"/workspaces/{{wid}}/clients/{archived_initech['id']}/restore", json=body)
    assert answer.status_code == 200
    assert backend.get_client(None, archived_initech["id"])["archived"] is False
    assert _active_names(backend) == []


def test_restore_refuses_another_clients_project(toggl, backend, archived_initech) -> None:
    stranger = backend.add_project("Elsewhere", client_id=backend.add_client("Globex")["id"])
    answer = toggl.post(
        f"/workspaces/{{wid}}/clients/{archived_initech['id']}/restore",
        json={"projects": [stranger["id"]]},
    )
    assert answer.status_code == 400
    assert backend.get_client(None, archived_initech["id"])["archived"] is True  # nothing applied


def test_restore_refuses_a_client_that_is_not_archived(toggl, backend: Backend) -> None:
    client = backend.add_client("Globex")
    answer = toggl.post(f"/workspaces/{{wid}}/clients/{client['id']}/restore", json={})
    assert answer.status_code == 400
    assert isinstance(answer.json(), str)


def test_deleting_a_client_keeps_its_projects_without_client(toggl, backend: Backend) -> None:
    client = backend.add_client("Globex")
    project = backend.add_project("Website", client_id=client["id"])
    assert toggl.delete(f"/workspaces/{{wid}}/clients/{client['id']}").status_code == 200
    kept = toggl.get(f"/workspaces/{{wid}}/projects/{project['id']}").json()
    assert kept["client_id"] is None and kept["cid"] is None and "client_name" not in kept
    assert kept["at"] > project["at"]


def test_bulk_archive_and_delete(toggl, backend: Backend) -> None:
    first, second = backend.add_client("A"), backend.add_client("B")
    project = backend.add_project("P", client_id=first["id"])
    answer = toggl.post("/workspaces/{wid}/clients/archive", json=[first["id"], second["id"]])
    assert answer.status_code == 200
    assert answer.json() == [{"client_ids": [first["id"], second["id"]],
                              "project_ids": [project["id"]]}]  # fmt: skip
    assert all(c["archived"] for c in backend.clients())
    missing = toggl.post("/workspaces/{wid}/clients/delete", json=[first["id"], 99])
    assert missing.status_code == 404 and len(backend.clients()) == 2
    assert toggl.post("/workspaces/{wid}/clients/delete", json=[first["id"]]).status_code == 200
    assert [c["name"] for c in backend.clients()] == ["B"]


def test_ids_are_large_spread_and_never_reused(backend: Backend) -> None:
    first = backend.add_client("A")
    backend.delete_client(None, first["id"])
    second = backend.add_client("A")
    assert first["id"] > 50_000_000
    assert second["id"] > first["id"] + 1
