"""Drive toggl-python 0.3.2 (strict pydantic models of Toggl's answers) against a sandbox.

Runs in the client's own virtual environment. toggl-python takes the API root as the `base_url`
argument of its API classes, so it is pointed at the sandbox without patching anything.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from driver_kit import Target, check, run_steps
from toggl_python import TokenAuth, Workspace
from toggl_python.schemas.base import BulkEditOperation, BulkEditOperations

target = Target()
api = Workspace(auth=TokenAuth(token=target.token), base_url=target.url)
wid = target.wid


def workspace_get(made: dict[str, Any]) -> None:
    check(api.get(wid).id == wid, "GET /workspaces/{wid} answered another workspace")


def workspace_list(made: dict[str, Any]) -> None:
    ids = [w.id for w in api.list()]
    check(wid in ids, f"GET /workspaces lists {ids}, not {wid}")


def project_create(made: dict[str, Any]) -> None:
    project = api.create_project(wid, name="Compat Alpha", active=True, is_private=False)
    made["alpha"] = project.id
    check(project.active and project.name == "Compat Alpha", f"created {project!r}")


def project_create_without_active(made: dict[str, Any]) -> None:
    project = api.create_project(wid, name="Compat Dormant")
    made["dormant"] = project.id
    check(project.active is False, "a project created without `active` must be archived")


def project_create_by_client_name(made: dict[str, Any]) -> None:
    client = target.seed["active_client"]
    project = api.create_project(wid, name="Compat Linked", active=True, client_name=client["name"])
    made["linked"] = project.id
    check(project.client_id == client["id"], f"client_id is {project.client_id}, not the client's")


def project_get(made: dict[str, Any]) -> None:
    project = api.get_project(wid, made["alpha"])
    check(project.name == "Compat Alpha", f"got {project.name!r}")


def project_list(made: dict[str, Any]) -> None:
    ids = [p.id for p in api.get_projects(wid, active=True)]
    check(made["alpha"] in ids, "the created project is not listed")
    check(target.seed["archived_project"] not in ids, "active=true lists an archived project")


def project_list_sorted(made: dict[str, Any]) -> None:
    names = [p.name.casefold() for p in api.get_projects(wid, sort_field="name", sort_order="ASC")]
    check(names == sorted(names), f"sort_field=name&sort_order=ASC answered {names}")


def project_list_since(made: dict[str, Any]) -> None:
    # The seeded projects are an hour old; the ones made above are new.
    since = datetime.now(timezone.utc) - timedelta(minutes=10)
    ids = {p.id for p in api.get_projects(wid, since=since)}
    check(made["alpha"] in ids, "since omits a project created after it")
    check(target.seed["old_project"] not in ids, "since lists a project last changed before it")


def project_list_billable(made: dict[str, Any]) -> None:
    ids = {p.id for p in api.get_projects(wid, billable=True)}
    check(ids == {target.seed["billable_project"]}, f"billable=true lists {sorted(ids)}")


def project_update(made: dict[str, Any]) -> None:
    project = api.update_project(wid, made["alpha"], name="Compat Alpha 2", is_private=True)
    check((project.name, project.is_private) == ("Compat Alpha 2", True), f"updated {project!r}")


def project_bulk_edit(made: dict[str, Any]) -> None:
    operation = BulkEditOperation(
        operation=BulkEditOperations.change, field_name="is_private", field_value=False
    )
    answer = api.bulk_edit_projects(wid, [made["alpha"]], [operation])
    check(answer.success == [made["alpha"]] and not answer.failure, f"bulk edit: {answer!r}")
    check(api.get_project(wid, made["alpha"]).is_private is False, "the bulk edit was not applied")


def project_delete(made: dict[str, Any]) -> None:
    check(api.delete_project(wid, made["alpha"]) is True, "DELETE did not succeed")
    try:
        api.get_project(wid, made["alpha"])
    except Exception:
        return
    raise AssertionError("the deleted project can still be read")


run_steps(
    [
        ("workspace_get", workspace_get),
        ("workspace_list", workspace_list),
        ("project_create", project_create),
        ("project_create_without_active", project_create_without_active),
        ("project_create_by_client_name", project_create_by_client_name),
        ("project_get", project_get),
        ("project_list", project_list),
        ("project_list_sorted", project_list_sorted),
        ("project_list_since", project_list_since),
        ("project_list_billable", project_list_billable),
        ("project_update", project_update),
        ("project_bulk_edit", project_bulk_edit),
        ("project_delete", project_delete),
    ]
)
