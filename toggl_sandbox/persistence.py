"""Reading and writing a whole sandbox world as JSON (for `--state` and `--seed`).

A world file is what `Backend.to_json()` writes:

    {"format": 1, "workspaces": [{"id": 4242, "name": "Acme Consulting", "organization_id": 9001,
      "clients": [{"id": 61000001, "name": "Globex", "archived": false, "notes": "Key account"}],
      "projects": [{"id": 201000001, "name": "Website", "client_id": 61000001, "active": true}]}]}

A hand-written seed may leave out everything but names: ids are then assigned, a project may name
its client with `"client": "Globex"` instead of `client_id`, and missing fields take Toggl's
defaults. An archived client's projects keep the `active` flag written for each of them. A project
may carry `"time_entries": N`, the number of time entries tracked on it (what a project delete
deletes or unassigns); a saved world also holds the workspace's settings, its deleted projects
(reported by `since` listings) and the time entries deletes unassigned or deleted.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Protocol, TypeVar

from . import records
from .exceptions import SandboxError
from .store import Space

_Built = TypeVar("_Built")


class World(Protocol):
    """The part of the backend's public API that loading and saving a world uses (the backend
    imports this module, never the reverse)."""

    user_id: int

    def add_workspace(
        self, name: str, *, id: int | None = None, organization_id: int | None = None
    ) -> dict[str, Any]: ...
    def create_client(
        self, wid: int | None, payload: dict[str, Any], *, id: int | None = None
    ) -> dict[str, Any]: ...
    def create_project(
        self, wid: int | None, payload: dict[str, Any], *, id: int | None = None
    ) -> dict[str, Any]: ...
    def space(self, wid: int | None) -> Space: ...
    def restore_counters(self, next_ids: dict[str, int], last_stamp_us: int) -> None: ...
    def to_json(self) -> dict[str, Any]: ...


# Fields the store derives or indexes itself; a saved value for them is not copied back blindly.
_CLIENT_KEYS = {"id", "name", "notes", "external_reference", "archived"}
_PROJECT_KEYS = {
    "id", "name", "client_id", "cid", "client", "client_name", "active", "status", "time_entries",
}  # fmt: skip
_TIMES = ("at", "created_at", "server_deleted_at")


class WorldError(ValueError):
    """A world file that cannot be read: the message names the file and the problem."""


def load_world(backend: World, world: Any) -> None:
    """Fill an empty backend from a world dict (saved or hand-written)."""
    if not isinstance(world, dict) or not isinstance(world.get("workspaces"), list):
        raise WorldError("a world needs a list of 'workspaces'")
    if not world["workspaces"]:
        raise WorldError("a world needs at least one workspace")
    if isinstance(world.get("user_id"), int):
        backend.user_id = world["user_id"]
    try:
        for space in world["workspaces"]:
            _load_workspace(backend, space)
        backend.restore_counters(world.get("next_ids", {}), world.get("last_stamp_us", 0))
    except (TypeError, AttributeError, ValueError, KeyError) as error:
        # A hand-edited file of the wrong shape: one clear line, never a traceback.
        raise WorldError(f"not a sandbox world ({type(error).__name__}: {error})") from None


def _load_workspace(backend: World, entry: Any) -> None:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        raise WorldError("every workspace needs a 'name'")
    wid = _checked(
        f"workspace {entry['name']!r}",
        partial(backend.add_workspace, entry["name"], id=entry.get("id"),
                organization_id=entry.get("organization_id")),
    )["id"]  # fmt: skip
    space = backend.space(wid)
    client_ids: dict[str, int] = {}
    for client in _entries(entry, "clients", wid):
        where = f"workspace {wid}, client {client.get('name')!r}"
        fields: dict[str, Any] = {
            k: client[k] for k in ("name", "notes", "external_reference") if k in client
        }
        made = _checked(where, partial(backend.create_client, wid, fields, id=client.get("id")))
        record = space.clients[made["id"]]
        record.update({k: v for k, v in client.items() if k not in _CLIENT_KEYS})
        record["archived"] = bool(client.get("archived", False))
        _second_precision(record)
        client_ids[record["name"]] = record["id"]
    for project in _entries(entry, "projects", wid):
        where = f"workspace {wid}, project {project.get('name')!r}"
        payload = {k: v for k, v in project.items() if k not in _PROJECT_KEYS - {"name"}}
        payload["active"] = bool(project.get("active", True))
        client_id = project.get("client_id", project.get("cid"))
        if "client" in project:
            if project["client"] not in client_ids:
                raise WorldError(f"{where}: no client named {project['client']!r}")
            client_id = client_ids[project["client"]]
        payload["client_id"] = client_id
        payload = {k: v for k, v in payload.items() if k in _PAYLOAD_FIELDS}
        made = _checked(where, partial(backend.create_project, wid, payload, id=project.get("id")))
        record = space.projects[made["id"]]
        record.update({k: v for k, v in project.items() if k not in _PROJECT_KEYS})
        _second_precision(record)
        try:
            space.add_time_entries(record["id"], project.get("time_entries", 0))
        except SandboxError as error:
            raise WorldError(f"{where}: {error.message}") from None
    _load_workspace_state(space, entry)


def _load_workspace_state(space: Space, entry: dict[str, Any]) -> None:
    """What a saved world adds to objects: settings, deleted projects, time entry counts."""
    settings = entry.get("settings", {})
    if not isinstance(settings, dict):
        raise WorldError(f"workspace {space.id}: 'settings' must be an object")
    space.settings.update({k: v for k, v in settings.items() if k in space.settings})
    if isinstance(entry.get("at"), str):
        space.at = records.format_time(records.parse_time(entry["at"]))
    for key in ("unassigned_time_entries", "deleted_time_entries"):
        count = entry.get(key, 0)
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise WorldError(f"workspace {space.id}: '{key}' must be a count")
        setattr(space, key, count)
    for gone in _entries(entry, "deleted_projects", space.id):
        if not (isinstance(gone.get("id"), int) and isinstance(gone.get("server_deleted_at"), str)):
            raise WorldError(f"workspace {space.id}: a deleted project needs an id and a time")
        space.deleted_projects[gone["id"]] = dict(gone)


def _second_precision(record: dict[str, Any]) -> None:
    # Worlds saved by older versions carry microseconds; Toggl's times have none.
    for key in _TIMES:
        if isinstance(record.get(key), str):
            record[key] = records.format_time(records.parse_time(record[key]))


_PAYLOAD_FIELDS = {
    "name", "active", "is_private", "is_shared", "color", "billable", "estimated_hours", "rate",
    "currency", "fixed_fee", "auto_estimates", "template", "template_id", "start_date",
    "end_date", "external_reference", "recurring", "client_id",
}  # fmt: skip


def _entries(entry: dict[str, Any], key: str, wid: int) -> list[dict[str, Any]]:
    items = entry.get(key, [])
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise WorldError(f"workspace {wid}: '{key}' must be a list of objects")
    return items


def _checked(where: str, make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    try:
        return make()
    except SandboxError as error:
        raise WorldError(f"{where}: {error.message}") from None
    except (TypeError, AttributeError) as error:
        raise WorldError(f"{where}: {error}") from None


def read_world_file(path: str | Path) -> dict[str, Any] | None:
    """The world stored at `path`; None when the file does not exist."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as error:
        raise WorldError(f"{path}: cannot read: {error.strerror}") from None
    try:
        world = json.loads(text)
    except json.JSONDecodeError as error:
        raise WorldError(
            f"{path}: not a sandbox world (invalid JSON at line {error.lineno})"
        ) from None
    if not isinstance(world, dict):
        raise WorldError(f"{path}: not a sandbox world (expected a JSON object)")
    return world


def load_world_file(path: str | Path, build: Callable[[dict[str, Any]], _Built]) -> _Built | None:
    """`build` (Backend.from_json, say) applied to the world file at `path`; None when the file
    does not exist."""
    world = read_world_file(path)
    if world is None:
        return None
    try:
        return build(world)
    except WorldError as error:
        raise WorldError(f"{path}: {error}") from None


def save_world(backend: World, path: str | Path) -> None:
    """Write the world atomically: a temporary file in the same folder, then a rename."""
    path = Path(path)
    data = json.dumps(backend.to_json(), indent=1)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())  # the rename must never publish a file still in flight
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
