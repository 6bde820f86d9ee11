"""Toggl's record shapes and field rules, and the per-workspace store with its indexes.

The store keeps ids sorted (all, active, archived) and names indexed, so seeding tens of
thousands of projects and paging through them stay cheap.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

from .exceptions import BadRequest, NotFound

DEFAULT_PER_PAGE = 151
MAX_PER_PAGE = 200
MAX_BULK_IDS = 100
CLIENT_NAME_MAX = 100
PROJECT_NAME_MAX = 255
COLOR_PATTERN = re.compile(r"#[0-9a-fA-F]{6}")  # used with fullmatch: no trailing newline
# Toggl picks a colour from its palette when none is given.
PALETTE = ("#0b83d9", "#9e5bd9", "#d94182", "#e36a00", "#bf7000", "#2da608", "#06a893",
           "#c9806b", "#465bb3", "#990099", "#c7af14", "#566614", "#d92b2b", "#525266")  # fmt: skip
# Fields a bulk PATCH may replace; `active` and `client_id` must go through PUT.
BULK_EDITABLE = (
    "color", "billable", "is_private", "estimated_hours", "rate", "currency",
    "fixed_fee", "auto_estimates", "template", "start_date", "end_date", "name",
)  # fmt: skip
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

# Project payload fields and the JSON types each accepts (None: null allowed).
_PROJECT_TYPES: dict[str, tuple[type, ...]] = {
    "name": (str,), "active": (bool,), "is_private": (bool,), "is_shared": (bool,),
    "color": (str, type(None)), "billable": (bool, type(None)),
    "estimated_hours": (int, type(None)),
    "rate": (int, float, type(None)), "currency": (str, type(None)),
    "fixed_fee": (int, float, type(None)), "auto_estimates": (bool, type(None)),
    "template": (bool, type(None)), "template_id": (int, type(None)),
    "start_date": (str,), "end_date": (str, type(None)), "external_reference": (str,),
    "recurring": (bool,), "client_id": (int, type(None)),
}  # fmt: skip


def format_time(micros: int) -> str:
    return (_EPOCH + timedelta(microseconds=micros)).isoformat(timespec="microseconds")


def _require_object(payload: Any) -> dict[str, Any]:
    if not isinstance(payload, dict):
        raise BadRequest("JSON is not valid")
    return payload


def client_fields(payload: Any, *, require_name: bool) -> dict[str, Any]:
    """Validate a client create/update body; answer only the fields it sets."""
    payload = _require_object(payload)
    fields: dict[str, Any] = {}
    name = payload.get("name")
    if name is not None or require_name:
        if not isinstance(name, str) or not name.strip():
            raise BadRequest("Client name cannot be empty")
        if len(name) > CLIENT_NAME_MAX:
            raise BadRequest(f"Client name maximum length is {CLIENT_NAME_MAX}")
        fields["name"] = name
    for key in ("notes", "external_reference"):
        if key in payload:
            if payload[key] is not None and not isinstance(payload[key], str):
                raise BadRequest(f"Invalid value for {key}")
            fields[key] = payload[key]
    return fields


def new_client(cid: int, wid: int, creator_id: int, at: str) -> dict[str, Any]:
    return {"id": cid, "wid": wid, "archived": False, "name": "", "at": at,
            "creator_id": creator_id, "notes": None}  # fmt: skip


def project_fields(payload: Any, *, creating: bool) -> dict[str, Any]:
    """Validate a project create/update body; answer only the fields it sets."""
    payload = dict(_require_object(payload))
    if "cid" in payload and "client_id" not in payload:
        payload["client_id"] = payload["cid"]  # the legacy name
    fields: dict[str, Any] = {}
    for key, types in _PROJECT_TYPES.items():
        if key not in payload:
            continue
        value = payload[key]
        # bool is an int in Python, never in JSON.
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            raise BadRequest(f"Invalid value for {key}")
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            raise BadRequest(f"Invalid value for {key}")  # Toggl's integers are 64-bit
        fields[key] = value
    if creating or "name" in fields:
        name = fields.get("name")
        if not isinstance(name, str) or not name.strip():
            raise BadRequest("Project name cannot be empty")
        if len(name) > PROJECT_NAME_MAX:
            raise BadRequest(f"Project name maximum length is {PROJECT_NAME_MAX}")
    if "color" in fields and fields["color"] is None:
        del fields["color"]  # nullable in Toggl's payload: null means "not given"
    color = fields.get("color")
    if color is not None and not COLOR_PATTERN.fullmatch(color):
        raise BadRequest(
            f"Error in validating color '{color}'. "
            "Project color must be a hex value in the form of #[0-9a-f]{6}."
        )
    hours = fields.get("estimated_hours")
    if hours is not None and hours < 0:
        raise BadRequest("Estimated hours must be a positive number")
    fields.pop("is_shared", None)  # accepted, but not part of the Project model
    return fields


def new_project(pid: int, wid: int, at: str) -> dict[str, Any]:
    return {
        "id": pid, "workspace_id": wid, "wid": wid, "client_id": None, "name": "",
        "is_private": True, "active": True, "at": at, "created_at": at,
        "server_deleted_at": None, "color": PALETTE[pid % len(PALETTE)], "billable": None,
        "template": None, "auto_estimates": None, "estimated_hours": None,
        "estimated_seconds": None, "currency": None, "recurring": False, "template_id": None,
        "actual_hours": None, "actual_seconds": None, "rate_last_updated": None,
        "current_period": None, "can_track_time": True, "start_date": at[:10],
        "status": "active", "pinned": False,
    }  # fmt: skip


def sync_derived(record: dict[str, Any]) -> None:
    """Refresh the fields Toggl derives from others."""
    record["status"] = "active" if record["active"] else "archived"
    hours = record.get("estimated_hours")
    record["estimated_seconds"] = hours * 3600 if hours is not None else None
    for key in ("rate", "fixed_fee", "end_date"):
        # Not nullable in Toggl's model: absent rather than null.
        if key in record and record[key] is None:
            del record[key]


def patch_changes(ids: list[int], operations: Any) -> dict[str, Any]:
    """Turn a bulk PATCH body into the fields it replaces, refusing what Toggl refuses."""
    if len(ids) > MAX_BULK_IDS:
        raise BadRequest(f"Too many project IDs: at most {MAX_BULK_IDS} can be edited at once")
    if not isinstance(operations, list) or not operations:
        raise BadRequest("JSON is not valid")
    changes: dict[str, Any] = {}
    for op in operations:
        if not isinstance(op, dict) or op.get("op") not in ("replace", "add"):
            raise BadRequest("Invalid operation: only add and replace are supported")
        field = str(op.get("path", "")).lstrip("/")
        if field not in BULK_EDITABLE:
            raise BadRequest(f"Field {field or '(none)'} cannot be edited in bulk")
        changes[field] = op.get("value")
    return changes


class Space:
    """One workspace's clients and projects, with the indexes that keep lookups cheap."""

    def __init__(
        self, wid: int, name: str, organization_id: int, user_id: int, stamp: Callable[[], str]
    ) -> None:
        self.id = wid
        self.name = name
        self.organization_id = organization_id
        self.user_id = user_id
        self.stamp = stamp
        self.created_at = stamp()
        self.clients: dict[int, dict[str, Any]] = {}
        self.projects: dict[int, dict[str, Any]] = {}
        self._client_by_name: dict[str, int] = {}
        # (client_id, name) -> project ids: names are unique per client, archived included.
        self._project_by_name: dict[tuple[int | None, str], set[int]] = {}
        self._by_client: dict[int | None, set[int]] = {}
        self._sorted: dict[bool | None, list[int]] = {None: [], True: [], False: []}

    # clients

    def client(self, cid: int) -> dict[str, Any]:
        record = self.clients.get(cid)
        if record is None:
            raise NotFound(f"No client with ID {cid} was found")
        return record

    def check_client_name(self, name: str) -> None:
        if name in self._client_by_name:
            raise BadRequest(f"Client with name '{name}' already exists")

    def insert_client(self, record: dict[str, Any]) -> None:
        self.clients[record["id"]] = record
        self._client_by_name[record["name"]] = record["id"]

    def rename_client(self, record: dict[str, Any], name: str) -> None:
        self._client_by_name.pop(record["name"], None)
        self._client_by_name[name] = record["id"]

    def touch_client_projects(self, record: dict[str, Any]) -> None:
        for pid in self._by_client.get(record["id"], ()):
            self.projects[pid]["client_name"] = record["name"]

    def delete_client(self, cid: int) -> None:
        record = self.clients.pop(cid)
        self._client_by_name.pop(record["name"], None)
        for pid in self.project_ids_of(cid):
            project = self.projects[pid]
            self.move_project(project, project["name"], None)
            project["at"] = self.stamp()

    def check_client_exists(self, cid: int | None) -> None:
        if cid is not None and cid not in self.clients:
            raise BadRequest(f"Client with the ID {cid} isn't present in workspace {self.id}")

    # projects

    def project(self, pid: int) -> dict[str, Any]:
        record = self.projects.get(pid)
        if record is None:
            raise NotFound(f"No project with ID {pid} was found")
        return record

    def project_ids_of(self, cid: int | None) -> list[int]:
        return sorted(self._by_client.get(cid, ()))

    def check_project_name(self, name: str, cid: int | None) -> None:
        if self._project_by_name.get((cid, name)):
            raise BadRequest(f"Project with name '{name}' already exists for this client")

    def insert_project(self, record: dict[str, Any], cid: int | None) -> None:
        pid = record["id"]
        self.projects[pid] = record
        record["client_id"] = None
        self._index_name(record, cid)
        for state in (None, record["active"]):
            _insert_sorted(self._sorted[state], pid)

    def move_project(self, record: dict[str, Any], name: str, cid: int | None) -> None:
        pid = record["id"]
        self._project_by_name.get((record["client_id"], record["name"]), set()).discard(pid)
        self._by_client.get(record["client_id"], set()).discard(pid)
        record["name"] = name
        self._index_name(record, cid)

    def _index_name(self, record: dict[str, Any], cid: int | None) -> None:
        pid = record["id"]
        record["client_id"] = cid
        record.pop("cid", None)
        record.pop("client_name", None)
        if cid is not None:
            record["cid"] = cid
            record["client_name"] = self.clients[cid]["name"]
        self._project_by_name.setdefault((cid, record["name"]), set()).add(pid)
        self._by_client.setdefault(cid, set()).add(pid)

    def set_active(self, pid: int, active: bool) -> None:
        record = self.projects[pid]
        _remove_sorted(self._sorted[record["active"]], pid)
        _insert_sorted(self._sorted[active], pid)
        record["active"] = active
        record["status"] = "active" if active else "archived"
        record["at"] = self.stamp()

    def delete_project(self, pid: int) -> None:
        record = self.projects[pid]
        self.move_project(record, record["name"], None)
        self._by_client[None].discard(pid)
        self._project_by_name[(None, record["name"])].discard(pid)
        for state in (None, record["active"]):
            _remove_sorted(self._sorted[state], pid)
        del self.projects[pid]

    def ids_in_state(self, active: bool | None) -> list[int]:
        return self._sorted[active]

    def find_projects(
        self, active: bool | None, client_ids: list[int] | None, name: str | None
    ) -> list[dict[str, Any]]:
        if client_ids is not None:
            ids = sorted({pid for cid in client_ids for pid in self._by_client.get(cid, ())})
        else:
            ids = self._sorted[None]
        found = (self.projects[pid] for pid in ids)
        if active is not None:
            found = (p for p in found if p["active"] == active)
        if name:
            needle = name.casefold()
            found = (p for p in found if needle in p["name"].casefold())
        return list(found)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "organization_id": self.organization_id,
            "clients": [dict(c) for c in self.clients.values()],
            "projects": [dict(self.projects[pid]) for pid in self._sorted[None]],
        }


def _insert_sorted(ids: list[int], pid: int) -> None:
    if not ids or ids[-1] < pid:
        ids.append(pid)  # ids grow, so this is the usual case
    else:
        bisect.insort(ids, pid)


def _remove_sorted(ids: list[int], pid: int) -> None:
    at = bisect.bisect_left(ids, pid)
    if at < len(ids) and ids[at] == pid:
        del ids[at]
