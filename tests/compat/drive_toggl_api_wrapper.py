"""Drive toggl-api-wrapper 2.2.0 against a sandbox.

Runs in the client's own virtual environment. The library hard-codes Toggl's address in the
class constant `TogglEndpoint.BASE_ENDPOINT`; only that URL is replaced, at run time, before any
endpoint is built. Nothing else of the library is changed.
"""

from __future__ import annotations

from typing import Any

from driver_kit import Target, check, run_steps
from httpx import BasicAuth
from toggl_api import ClientBody, ClientEndpoint, ProjectBody, ProjectEndpoint, WorkspaceEndpoint
from toggl_api.meta import TogglEndpoint

target = Target()
TogglEndpoint.BASE_ENDPOINT = target.url.rstrip("/") + "/"  # the one patch: the address

auth = BasicAuth(target.token, "api_token")
wid = target.wid
workspaces = WorkspaceEndpoint(0, auth)  # the organisation id is used only to create workspaces
clients = ClientEndpoint(wid, auth)
projects = ProjectEndpoint(wid, auth)


def workspace_get(made: dict[str, Any]) -> None:
    workspace = workspaces.get(wid, refresh=True)
    check(workspace is not None and workspace.id == wid, f"got {workspace!r}")


def workspace_collect(made: dict[str, Any]) -> None:
    ids = [w.id for w in workspaces.collect(refresh=True)]
    check(wid in ids, f"/me/workspaces lists {ids}, not {wid}")


def client_add(made: dict[str, Any]) -> None:
    client = clients.add(ClientBody(name="Compat Wrapper Client", notes="made by the wrapper"))
    made["client"] = client.id
    check(client.name == "Compat Wrapper Client" and client.workspace == wid, f"{client!r}")


def client_get(made: dict[str, Any]) -> None:
    client = clients.get(made["client"], refresh=True)
    check(client is not None and client.name == "Compat Wrapper Client", f"got {client!r}")


def client_edit(made: dict[str, Any]) -> None:
    client = clients.edit(made["client"], ClientBody(name="Compat Wrapper Client 2"))
    check(client.name == "Compat Wrapper Client 2", f"edited {client!r}")


def client_collect(made: dict[str, Any]) -> None:
    ids = {c.id for c in clients.collect(refresh=True)}
    check(made["client"] in ids, "the created client is not listed")
    check(target.seed["archived_client"] not in ids, "the default listing holds an archived client")


def client_collect_archived(made: dict[str, Any]) -> None:
    ids = {c.id for c in clients.collect(ClientBody(status="archived"), refresh=True)}
    check(ids == {target.seed["archived_client"]}, f"status archived lists {sorted(ids)}")


def project_add(made: dict[str, Any]) -> None:
    body = ProjectBody(name="Compat Wrapper Project", client_id=made["client"], color="red")
    project = projects.add(body)
    made["project"] = project.id
    check(project.client == made["client"], f"client is {project.client}")
    check((project.color, project.active) == ("#d92b2b", True), f"created {project!r}")


def project_add_by_client_name(made: dict[str, Any]) -> None:
    client = target.seed["active_client"]
    project = projects.add(ProjectBody(name="Compat Wrapper Linked", client_name=client["name"]))
    check(project.client == client["id"], f"client is {project.client}, not the named one")


def project_get(made: dict[str, Any]) -> None:
    project = projects.get(made["project"], refresh=True)
    check(project is not None and project.name == "Compat Wrapper Project", f"got {project!r}")


def project_edit(made: dict[str, Any]) -> None:
    project = projects.edit(made["project"], ProjectBody(name="Compat Wrapper 2", color="teal"))
    check((project.name, project.color) == ("Compat Wrapper 2", "#06a893"), f"{project!r}")


def project_collect(made: dict[str, Any]) -> None:
    ids = {p.id for p in projects.collect(refresh=True)}
    check(made["project"] in ids, "the created project is not listed")
    check(target.seed["archived_project"] not in ids, "the default listing holds an archived one")


def project_collect_archived(made: dict[str, Any]) -> None:
    ids = {p.id for p in projects.collect(ProjectBody(active=False), refresh=True)}
    check(target.seed["archived_project"] in ids, "active=False does not list archived projects")
    check(made["project"] not in ids, "active=False lists an active project")


def project_delete(made: dict[str, Any]) -> None:
    projects.delete(made["project"])
    check(projects.get(made["project"], refresh=True) is None, "the project is still there")


def client_delete(made: dict[str, Any]) -> None:
    clients.delete(made["client"])
    check(clients.get(made["client"], refresh=True) is None, "the client is still there")


run_steps(
    [
        ("workspace_get", workspace_get),
        ("workspace_collect", workspace_collect),
        ("client_add", client_add),
        ("client_get", client_get),
        ("client_edit", client_edit),
        ("client_collect", client_collect),
        ("client_collect_archived", client_collect_archived),
        ("project_add", project_add),
        ("project_add_by_client_name", project_add_by_client_name),
        ("project_get", project_get),
        ("project_edit", project_edit),
        ("project_collect", project_collect),
        ("project_collect_archived", project_collect_archived),
        ("project_delete", project_delete),
        ("client_delete", client_delete),
    ]
)
