"""Fidelity to Toggl's documented behaviour: error order, body types, shapes, names and stamps.

Each test pins one rule where the sandbox must be no kinder than Toggl; both transports.
"""

from __future__ import annotations

from typing import Any

import pytest

from toggl_sandbox import Backend
from toggl_sandbox.app import AUTH_MESSAGE
from toggl_sandbox.records import COLOR_PATTERN

FORBIDDEN_WORKSPACE = "User does not have access to this resource."


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/clients", b"{not json"),
        ("PUT", "/clients/5", b"[]"),
        ("POST", "/clients/5/restore", b'{"projects": "all"}'),
        ("POST", "/projects", b'{"name": 5}'),
        ("PATCH", "/projects/" + ",".join(str(i) for i in range(1, 102)), b"[]"),
        ("GET", "/projects?active=maybe", b""),
    ],
)
def test_a_foreign_workspace_is_403_before_anything_else(
    toggl, backend: Backend, method: str, path: str, body: bytes
) -> None:
    answer = toggl.request(method, "/workspaces/1" + path, data=body)
    assert (answer.status_code, answer.json()) == (403, FORBIDDEN_WORKSPACE)
    assert backend.clients() == [] and backend.projects() == []


def test_a_bad_token_is_403_before_the_workspace_or_the_body(toggl, backend: Backend) -> None:
    backend.set_quota(5)
    answer = toggl.post("/workspaces/1/clients", data=b"{not json", auth=("nope", "api_token"))
    assert (answer.status_code, answer.json()) == (403, AUTH_MESSAGE)
    # Refused before counting: the quota is untouched.
    assert toggl.get("/workspaces/{wid}/clients").headers["X-Toggl-Quota-Remaining"] == "4"


@pytest.mark.parametrize("constant", [b"NaN", b"Infinity", b"-Infinity"])
def test_nan_and_infinity_are_not_json(toggl, backend: Backend, constant: bytes) -> None:
    answer = toggl.post(
        "/workspaces/{wid}/projects",
        data=b'{"name": "Web", "rate": ' + constant + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert (answer.status_code, answer.json()) == (400, "JSON is not valid")
    assert backend.projects() == []


@pytest.mark.parametrize(
    ("path", "body", "fragment"),
    [
        ("/clients", {"name": 5}, "Client name cannot be empty"),
        ("/clients", {"name": "A", "notes": 5}, "Invalid value for notes"),
        ("/projects", {"name": 5}, "Invalid value for name"),
        ("/projects", {"name": "P", "client_id": "12"}, "Invalid value for client_id"),
        ("/projects", {"name": "P", "active": "yes"}, "Invalid value for active"),
        ("/projects", {"name": "P", "active": 1}, "Invalid value for active"),
        ("/projects", {"name": "P", "estimated_hours": 1.5}, "Invalid value for estimated_hours"),
        ("/projects", {"name": "P", "is_private": None}, "Invalid value for is_private"),
        ("/projects", {"name": "P", "estimated_hours": 2**63}, "Invalid value for estimated_hours"),
        ("/projects", ["P"], "JSON is not valid"),
    ],
)
def test_wrong_types_in_bodies_are_400(
    toggl, backend: Backend, path: str, body: Any, fragment: str
) -> None:
    answer = toggl.post("/workspaces/{wid}" + path, json=body)
    assert answer.status_code == 400 and fragment in answer.json()
    assert backend.clients() == [] and backend.projects() == []


def test_unknown_fields_are_ignored_and_never_echoed(toggl) -> None:
    client = toggl.post("/workspaces/{wid}/clients", json={"name": "A", "invented": 1})
    project = toggl.post("/workspaces/{wid}/projects", json={"name": "P", "invented": 1})
    assert client.status_code == project.status_code == 200
    assert "invented" not in client.json() and "invented" not in project.json()
    assert toggl.models_checked == 2  # each answer matched Toggl's model, no extra field


@pytest.mark.parametrize("color", ["#aabbcc\n", "#aabbcc ", " #aabbcc", "#aabbccdd", "aabbcc"])
def test_colors_must_be_exactly_hash_and_six_hex_digits(
    toggl, backend: Backend, color: str
) -> None:
    made = toggl.post("/workspaces/{wid}/projects", json={"name": "Web", "color": color})
    assert made.status_code == 400 and "Project color must be a hex value" in made.json()
    project = backend.add_project("Kept", color="#010203")
    changed = toggl.put(f"/workspaces/{{wid}}/projects/{project['id']}", json={"color": color})
    assert changed.status_code == 400
    assert backend.get_project(None, project["id"])["color"] == "#010203"


def test_a_null_color_means_not_given(toggl, backend: Backend) -> None:
    made = toggl.post("/workspaces/{wid}/projects", json={"name": "Web", "color": None})
    assert made.status_code == 200 and COLOR_PATTERN.fullmatch(made.json()["color"])
    path = f"/workspaces/{{wid}}/projects/{made.json()['id']}"
    toggl.put(path, json={"color": "#123456"})
    assert toggl.put(path, json={"color": None}).json()["color"] == "#123456"


def test_me_workspaces_carry_the_active_project_count(toggl, backend: Backend) -> None:
    backend.add_project("Live")
    backend.add_project("Old", active=False)
    other = backend.add_workspace("Second")
    (first, second) = toggl.get("/me/workspaces").json()
    assert (first["id"], first["active_project_count"]) == (backend.workspace_id, 1)
    assert (second["id"], second["active_project_count"]) == (other["id"], 0)
    assert "active_project_count" not in toggl.get("/workspaces/{wid}").json()


def test_moving_a_project_onto_a_taken_name_is_refused_and_changes_nothing(
    toggl, backend: Backend
) -> None:
    globex = backend.add_client("Globex")
    backend.add_project("Web", client_id=globex["id"], active=False)  # archived still holds it
    loose = backend.add_project("Web")
    moved = toggl.put(
        f"/workspaces/{{wid}}/projects/{loose['id']}", json={"client_id": globex["id"]}
    )
    assert moved.status_code == 400 and "already exists" in moved.json()
    assert backend.get_project(None, loose["id"]) == loose
    # The name index still holds the loose project where it was.
    again = toggl.post("/workspaces/{wid}/projects", json={"name": "Web"})
    assert again.status_code == 400


def test_restore_accepts_listed_projects_that_are_already_active(toggl, backend: Backend) -> None:
    client = backend.add_client("Initech")
    sleeping = backend.add_project("TPS", client_id=client["id"])
    backend.archive_client(None, client["id"])
    awake = backend.add_project("Printers", client_id=client["id"])  # active under archived
    answer = toggl.post(
        f"/workspaces/{{wid}}/clients/{client['id']}/restore",
        json={"projects": [sleeping["id"], awake["id"]]},
    )
    assert answer.status_code == 200
    assert backend.get_project(None, sleeping["id"])["active"] is True
    assert backend.get_project(None, awake["id"]) == awake  # untouched, `at` included


def test_at_moves_on_archive_cascade_restore_and_bulk_edit(toggl, backend: Backend) -> None:
    client = backend.add_client("Initech")
    projects = [backend.add_project(n, client_id=client["id"]) for n in ("A", "B")]
    stamps: list[str] = [client["at"], *(p["at"] for p in projects)]

    def latest() -> list[str]:
        return [backend.get_client(None, client["id"])["at"]] + [
            backend.get_project(None, p["id"])["at"] for p in projects
        ]

    toggl.post(f"/workspaces/{{wid}}/clients/{client['id']}/archive")
    archived = latest()
    assert all(new > old for new, old in zip(archived, stamps, strict=True))
    toggl.post(
        f"/workspaces/{{wid}}/clients/{client['id']}/restore", json={"restore_all_projects": True}
    )
    restored = latest()
    assert all(new > old for new, old in zip(restored, archived, strict=True))
    ids = ",".join(str(p["id"]) for p in projects)
    toggl.patch(
        f"/workspaces/{{wid}}/projects/{ids}",
        json=[{"op": "replace", "path": "/color", "value": "#abcdef"}],
    )
    assert all(new > old for new, old in zip(latest()[1:], restored[1:], strict=True))


def test_total_count_is_the_whole_listing_on_every_page(toggl, backend: Backend) -> None:
    client = backend.add_client("Globex")
    for i in range(7):
        backend.add_project(f"P{i}", client_id=client["id"] if i % 2 else None, active=i != 3)

    def page(**query: Any) -> list[dict[str, Any]]:
        return toggl.get("/workspaces/{wid}/projects", params={"per_page": 2, **query}).json()

    for query, expected in [({}, 6), ({"active": "both"}, 7), ({"active": "false"}, 1),
                            ({"active": "both", "client_ids": client["id"]}, 3)]:  # fmt: skip
        first, last = page(**query), page(page=(expected + 1) // 2, **query)
        assert {p["total_count"] for p in first + last} == {expected}, query
    assert page(page=99) == []


def test_bulk_patch_refuses_remove_operations(toggl, backend: Backend) -> None:
    project = backend.add_project("A", color="#000000")
    answer = toggl.patch(
        f"/workspaces/{{wid}}/projects/{project['id']}", json=[{"op": "remove", "path": "/color"}]
    )
    assert answer.status_code == 400 and isinstance(answer.json(), str)
    assert backend.get_project(None, project["id"]) == project


def test_names_match_exactly_per_scope(toggl, backend: Backend) -> None:
    backend.add_client("Globex", archived=True)
    for name, status in [("Globex", 400), ("globex", 200), ("Globex ", 200), ("Glob", 200)]:
        answer = toggl.post("/workspaces/{wid}/clients", json={"name": name})
        assert answer.status_code == status, name
    other = backend.add_workspace("Second")
    elsewhere = toggl.post(f"/workspaces/{other['id']}/clients", json={"name": "Globex"})
    assert elsewhere.status_code == 200  # unique per workspace only
