"""The rows of the "Recorded real behaviour" table that shape answers: project bodies, `at`, ids,
error bodies, workspaces and `client_name` on create. Both transports.

Filters and deletes are in test_sandbox_listing.py, the Free plan in test_sandbox_free_plan.py,
401 and the usage headers in test_sandbox_limits.py.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from conftest import api

from toggl_sandbox import Backend, InProcessSandbox, ThreadedServer

SECOND_PRECISION = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")
# Fields of a real project answer (recorded from api.track.toggl.com) that are null when unset.
NULL_WHEN_UNSET = ("rate", "fixed_fee", "recurring_parameters", "tasks_count", "cid",
                   "template_id", "estimated_hours", "currency", "server_deleted_at")  # fmt: skip
ALWAYS_PRESENT = ("can_track_time", "status", "pinned", "is_shared")
# The workspace object as recorded (Dec 2024), less the deprecated api_token.
WORKSPACE_FIELDS = {
    "id", "organization_id", "name", "premium", "business_ws", "admin", "role", "suspended_at",
    "server_deleted_at", "default_hourly_rate", "rate_last_updated", "default_currency",
    "only_admins_may_create_projects", "only_admins_may_create_tags",
    "only_admins_see_billable_rates", "only_admins_see_team_dashboard",
    "projects_billable_by_default", "projects_private_by_default", "projects_enforce_billable",
    "limit_public_project_data", "last_modified", "reports_collapse", "rounding",
    "rounding_minutes", "at", "logo_url", "ical_url", "ical_enabled", "csv_upload",
    "subscription", "hide_start_end_times", "working_hours_in_minutes",
}  # fmt: skip


def create(toggl, **body: Any) -> dict[str, Any]:
    answer = toggl.post("/workspaces/{wid}/projects", json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


# -- project body ----------------------------------------------------------------------------------


def test_unset_project_fields_are_null_not_absent(toggl, backend: Backend) -> None:
    made = create(toggl, name="Internal", active=True)
    read = toggl.get(f"/workspaces/{{wid}}/projects/{made['id']}").json()
    listed = toggl.get("/workspaces/{wid}/projects").json()[0]
    for body in (made, read, listed):
        assert all(body[key] is None for key in NULL_WHEN_UNSET), body
        assert "end_date" not in body
    for body in (read, listed):
        assert all(key in body for key in ALWAYS_PRESENT)
    assert made["is_shared"] is False and made["can_track_time"] is True


def test_the_answer_to_a_create_has_no_status_yet(toggl) -> None:
    made = create(toggl, name="Web", active=True)
    assert "status" not in made
    read = toggl.get(f"/workspaces/{{wid}}/projects/{made['id']}").json()
    assert read["status"] == "active"


def test_only_list_answers_carry_client_name_and_total_count(toggl, backend: Backend) -> None:
    globex = backend.add_client("Globex")
    with_client = create(toggl, name="Web", active=True, client_id=globex["id"])
    without = create(toggl, name="Internal", active=True)
    for pid in (with_client["id"], without["id"]):
        single = toggl.get(f"/workspaces/{{wid}}/projects/{pid}").json()
        assert "client_name" not in single and "total_count" not in single
    listed = toggl.get("/workspaces/{wid}/projects").json()
    assert [(p["client_name"], p["total_count"]) for p in listed] == [("Globex", 2), (None, 2)]
    assert listed[0]["cid"] == globex["id"] and listed[1]["cid"] is None
    backend.update_client(None, globex["id"], {"name": "Globex Corp"})
    assert toggl.get("/workspaces/{wid}/projects").json()[0]["client_name"] == "Globex Corp"


def test_end_date_appears_once_set_and_goes_when_cleared(toggl) -> None:
    made = create(toggl, name="Launch", active=True, end_date="2030-01-31")
    assert made["end_date"] == "2030-01-31"
    path = f"/workspaces/{{wid}}/projects/{made['id']}"
    assert "end_date" not in toggl.put(path, json={"end_date": None}).json()


def test_is_shared_is_kept_as_sent(toggl) -> None:
    made = create(toggl, name="Shared", active=True, is_shared=True)
    assert toggl.get(f"/workspaces/{{wid}}/projects/{made['id']}").json()["is_shared"] is True


# -- project create --------------------------------------------------------------------------------


@pytest.mark.parametrize(("sent", "active"), [({}, False), ({"active": True}, True),
                                              ({"active": False}, False)])  # fmt: skip
def test_a_project_created_without_active_is_archived(toggl, sent: dict, active: bool) -> None:
    made = create(toggl, name="Web", **sent)
    assert made["active"] is active
    read = toggl.get(f"/workspaces/{{wid}}/projects/{made['id']}").json()
    assert (read["active"], read["status"]) == (active, "active" if active else "archived")
    assert [p["id"] for p in toggl.get("/workspaces/{wid}/projects").json()] == (
        [made["id"]] if active else []
    )


# -- at --------------------------------------------------------------------------------------------


def test_times_have_second_precision(toggl, backend: Backend) -> None:
    client = toggl.post("/workspaces/{wid}/clients", json={"name": "Globex"}).json()
    project = create(toggl, name="Web", active=True, client_id=client["id"])
    workspace = toggl.get("/workspaces/{wid}").json()
    stamps = [client["at"], project["at"], project["created_at"], workspace["at"]]
    assert all(SECOND_PRECISION.fullmatch(stamp) for stamp in stamps), stamps
    assert project["start_date"] == project["created_at"][:10]


def test_every_change_still_moves_at_within_one_second() -> None:
    backend = Backend(clock=lambda: 1_800_000_000.0)  # a clock that stands still
    project = backend.add_project("Web")
    stamps = [project["at"]]
    for color in ("#0b83d9", "#9e5bd9", "#d94182"):
        stamps.append(backend.update_project(None, project["id"], {"color": color})["at"])
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    assert all(SECOND_PRECISION.fullmatch(stamp) for stamp in stamps)
    # Another object changed afterwards is never stamped earlier than one before it.
    assert backend.add_client("Later")["at"] >= stamps[-1]


# -- ids -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("transport", [InProcessSandbox, ThreadedServer])
def test_ids_are_64_bit_end_to_end(transport: Any) -> None:
    big = 2**62 + 12_345  # far above 2^53: a float would round it
    world = {"workspaces": [{"id": big - 7, "name": "Big", "organization_id": big - 9,
             "clients": [{"id": big - 3, "name": "Globex"}],
             "projects": [{"id": big, "name": "Web", "client_id": big - 3}]}]}  # fmt: skip
    with transport(Backend.from_json(world)) as sandbox, api(sandbox) as toggl:
        raw = toggl.get(f"/workspaces/{{wid}}/projects/{big}").content
        assert json.loads(raw)["id"] == big and str(big).encode() in raw
        listed = toggl.get("/workspaces/{wid}/projects", params={"client_ids": big - 3}).json()
        assert [(p["id"], p["client_id"]) for p in listed] == [(big, big - 3)]
        renamed = toggl.put(f"/workspaces/{{wid}}/projects/{big}", json={"name": "Web 2"}).json()
        assert (renamed["id"], renamed["workspace_id"]) == (big, big - 7)
        made = toggl.post("/workspaces/{wid}/clients", json={"name": "Next"}).json()
        assert made["id"] > big - 3  # new ids follow the largest client id, still exact


@pytest.mark.parametrize("bad", [0, -1, 2**63, "12"])
def test_world_ids_outside_64_bit_are_refused(bad: Any) -> None:
    from toggl_sandbox.persistence import WorldError

    with pytest.raises(WorldError):
        Backend.from_json({"workspaces": [{"name": "W", "projects": [{"id": bad, "name": "P"}]}]})


# -- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [("POST", "/workspaces/{wid}/clients", {"name": ""}),
     ("GET", "/workspaces/{wid}/clients/12", None),
     ("POST", "/workspaces/{wid}/projects", {"name": "P", "color": "blue"}),
     ("GET", "/workspaces/{wid}/projects", {"sort_field": "nonsense"}),
     ("DELETE", "/workspaces/{wid}/projects/12", None)],
)  # fmt: skip
def test_errors_are_json_strings_with_a_json_content_type(
    toggl, method: str, path: str, body: Any
) -> None:
    kwargs = {"params": body} if method == "GET" else {"json": body}
    answer = toggl.request(method, path, **kwargs)
    assert answer.status_code in (400, 404)
    assert answer.headers["Content-Type"].startswith("application/json")
    assert isinstance(answer.json(), str) and answer.json()


# -- workspaces ------------------------------------------------------------------------------------


def test_get_workspaces_lists_the_users_workspaces(toggl, backend: Backend) -> None:
    other = backend.add_workspace("Second")
    listed = toggl.get("/workspaces").json()
    assert [w["id"] for w in listed] == [backend.workspace_id, other["id"]]
    assert all(set(w) == WORKSPACE_FIELDS for w in listed)
    later = toggl.get("/workspaces", params={"since": 4_000_000_000}).json()
    assert later == []


def test_the_workspace_object_is_whole_and_names_the_plan(toggl, backend: Backend) -> None:
    paid = toggl.get("/workspaces/{wid}").json()
    assert set(paid) == WORKSPACE_FIELDS
    assert (paid["premium"], paid["business_ws"], paid["rounding"]) == (True, False, 0)
    assert paid["logo_url"].startswith("https://") and paid["ical_url"].startswith("/ical/")
    backend.set_free_plan()
    free = toggl.get("/workspaces/{wid}").json()
    assert (free["premium"], free["business_ws"]) == (False, False)
    me = toggl.get("/me/workspaces").json()[0]
    assert set(me) == WORKSPACE_FIELDS | {"active_project_count"}


def test_me_answers_the_fields_of_toggls_user(toggl, backend: Backend) -> None:
    me = toggl.get("/me").json()
    assert {"id", "api_token", "email", "fullname", "timezone", "default_workspace_id",
            "beginning_of_week", "image_url", "country_id", "has_password", "openid_enabled",
            "openid_email", "toggl_accounts_id", "intercom_hash", "created_at", "updated_at",
            "authorization_updated_at", "at"} == set(me)  # fmt: skip
    assert me["default_workspace_id"] == backend.workspace_id
    assert len(me["toggl_accounts_id"]) == 22 and SECOND_PRECISION.fullmatch(me["created_at"])


def test_workspace_settings_change_with_put_and_survive_a_reload(toggl, backend: Backend) -> None:
    answer = toggl.put(
        "/workspaces/{wid}", json={"name": "Renamed", "reports_collapse": False, "rounding": 1}
    )
    assert answer.status_code == 200
    assert (answer.json()["name"], answer.json()["reports_collapse"]) == ("Renamed", False)
    again = Backend.from_json(json.loads(json.dumps(backend.to_json())))
    assert again.get_workspace(backend.workspace_id) == toggl.get("/workspaces/{wid}").json()
    refused = toggl.put("/workspaces/{wid}", json={"rounding": "up"})
    assert refused.status_code == 400
    backend.set_free_plan()
    premium = toggl.put("/workspaces/{wid}", json={"default_hourly_rate": 90})
    assert premium.status_code == 402
    assert toggl.get("/workspaces/{wid}").json()["default_hourly_rate"] is None


# -- client_name on project create -----------------------------------------------------------------


def test_client_name_links_an_existing_client_exactly(toggl, backend: Backend) -> None:
    globex = backend.add_client("Globex")
    backend.add_client("globex")  # differs only in case: another client
    made = create(toggl, name="Web", active=True, client_name="Globex")
    assert made["client_id"] == globex["id"]
    assert len(backend.clients()) == 2


def test_client_name_creates_a_missing_client(toggl, backend: Backend) -> None:
    made = create(toggl, name="Web", active=True, client_name="Initech")
    (initech,) = backend.clients()
    assert (initech["name"], made["client_id"]) == ("Initech", initech["id"])
    path = f"/workspaces/{{wid}}/projects/{made['id']}"
    moved = toggl.put(path, json={"client_name": "Hooli"}).json()
    assert moved["client_id"] == next(c["id"] for c in backend.clients() if c["name"] == "Hooli")


def test_a_name_used_without_a_client_is_free_under_a_new_client(toggl, backend: Backend) -> None:
    loose = backend.add_project("Web")
    made = create(toggl, name="Web", active=True, client_name="Initech")
    assert made["client_id"] != loose["client_id"] and len(backend.projects()) == 2
    again = toggl.post("/workspaces/{wid}/projects", json={"name": "Web", "client_name": "Initech"})
    assert again.status_code == 400  # now the name is taken under Initech


def test_a_refused_create_by_client_name_creates_no_client(toggl, backend: Backend) -> None:
    globex = backend.add_client("Globex")
    clash = toggl.post(
        "/workspaces/{wid}/projects",
        json={"name": "Web", "client_id": globex["id"], "client_name": "Initech"},
    )
    assert clash.status_code == 400
    bad = toggl.post("/workspaces/{wid}/projects", json={"name": "", "client_name": "Initech"})
    assert bad.status_code == 400
    assert [c["name"] for c in backend.clients()] == ["Globex"] and backend.projects() == []
