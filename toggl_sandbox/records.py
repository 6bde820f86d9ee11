"""Toggl's record shapes and field rules: what a body may set, and what an answer looks like.

Shapes follow recorded Toggl traffic: unset project fields are sent as null, not left out
(`rate`, `fixed_fee`, `recurring_parameters`, `tasks_count`, `cid`), except `end_date`, which is
absent until set. Times have second precision: "2024-03-17T10:58:40+00:00".
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timezone
from typing import Any

from .exceptions import BadRequest

DEFAULT_PER_PAGE = 151
MAX_PER_PAGE = 200
MAX_BULK_IDS = 100
CLIENT_NAME_MAX = 100
PROJECT_NAME_MAX = 255
WORKSPACE_NAME_MAX = 140
COLOR_PATTERN = re.compile(r"#[0-9a-fA-F]{6}")  # used with fullmatch: no trailing newline
# Toggl's preset palette: picked from when no colour is given; the only colours a Free plan has.
PALETTE = ("#0b83d9", "#9e5bd9", "#d94182", "#e36a00", "#bf7000", "#2da608", "#06a893",
           "#c9806b", "#465bb3", "#990099", "#c7af14", "#566614", "#d92b2b", "#525266")  # fmt: skip
# Fields a bulk PATCH refuses: they go through PUT, one project at a time.
NOT_BULK_EDITABLE = ("active", "client_id", "cid", "client_name", "is_shared", "template_id")
BULK_EDITABLE = (
    "color", "billable", "is_private", "estimated_hours", "rate", "currency",
    "fixed_fee", "auto_estimates", "template", "start_date", "end_date", "name",
)  # fmt: skip
# What a bulk `remove` sets each field to; a field missing here cannot be removed.
_REMOVED_VALUE: dict[str, Any] = {
    "billable": False, "estimated_hours": None, "rate": None, "currency": None,
    "fixed_fee": None, "auto_estimates": None, "template": None, "end_date": None,
}  # fmt: skip

# Project payload fields and the JSON types each accepts (None: null allowed).
_PROJECT_TYPES: dict[str, tuple[type, ...]] = {
    "name": (str,), "active": (bool,), "is_private": (bool,), "is_shared": (bool,),
    "color": (str, type(None)), "billable": (bool, type(None)),
    "estimated_hours": (int, type(None)),
    "rate": (int, float, type(None)), "currency": (str, type(None)),
    "fixed_fee": (int, float, type(None)), "auto_estimates": (bool, type(None)),
    "template": (bool, type(None)), "template_id": (int, type(None)),
    "start_date": (str,), "end_date": (str, type(None)), "external_reference": (str,),
    "recurring": (bool,), "client_id": (int, type(None)), "client_name": (str, type(None)),
}  # fmt: skip


def format_time(seconds: int) -> str:
    """RFC 3339 in UTC with second precision, as Toggl writes `at`."""
    return datetime.fromtimestamp(seconds, timezone.utc).isoformat()


def parse_time(text: str) -> int:
    """Whole seconds since the epoch of a time this module (or an older world file) wrote."""
    return int(datetime.fromisoformat(text).timestamp())


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
        fields["name"] = client_name(name)
    for key in ("notes", "external_reference"):
        if key in payload:
            if payload[key] is not None and not isinstance(payload[key], str):
                raise BadRequest(f"Invalid value for {key}")
            fields[key] = payload[key]
    return fields


def client_name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise BadRequest("Client name cannot be empty")
    if len(name) > CLIENT_NAME_MAX:
        raise BadRequest(f"Client name maximum length is {CLIENT_NAME_MAX}")
    return name


def new_client(cid: int, wid: int, creator_id: int, at: str) -> dict[str, Any]:
    return {"id": cid, "wid": wid, "archived": False, "name": "", "at": at,
            "creator_id": creator_id, "notes": None}  # fmt: skip


def project_fields(payload: Any, *, creating: bool) -> dict[str, Any]:
    """Validate a project create/update body; answer only the fields it sets.

    `client_name` stays in the answer (the caller links or creates that client); a project
    created without `active` is created archived, as Toggl does."""
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
    if creating:
        fields.setdefault("active", False)
    return fields


def new_project(pid: int, wid: int, at: str) -> dict[str, Any]:
    return {
        "id": pid, "workspace_id": wid, "client_id": None, "name": "", "is_private": True,
        "active": True, "at": at, "created_at": at, "server_deleted_at": None,
        "color": PALETTE[pid % len(PALETTE)], "billable": None, "template": None,
        "auto_estimates": None, "estimated_hours": None, "estimated_seconds": None,
        "rate": None, "rate_last_updated": None, "currency": None, "recurring": False,
        "template_id": None, "recurring_parameters": None, "fixed_fee": None,
        "actual_hours": None, "actual_seconds": None, "tasks_count": None,
        "can_track_time": True, "start_date": at[:10], "status": "active", "wid": wid,
        "cid": None, "is_shared": False, "pinned": False,
    }  # fmt: skip


def sync_derived(record: dict[str, Any]) -> None:
    """Refresh the fields Toggl derives from others."""
    record["status"] = "active" if record["active"] else "archived"
    hours = record.get("estimated_hours")
    record["estimated_seconds"] = hours * 3600 if hours is not None else None
    if "end_date" in record and record["end_date"] is None:
        del record["end_date"]  # absent, not null, until set


def listed_project(record: dict[str, Any], client_name: str | None, total: int) -> dict[str, Any]:
    """A project as a list answer carries it: with `client_name` and `total_count`, which single
    answers lack."""
    return {**record, "client_name": client_name, "total_count": total}


def created_project(record: dict[str, Any]) -> dict[str, Any]:
    """The answer to a create: Toggl sets `status` only from the first read on."""
    shown = dict(record)
    del shown["status"]
    return shown


def patch_changes(ids: list[int], operations: Any) -> dict[str, Any]:
    """Turn a bulk PATCH body into the fields it sets, refusing what Toggl refuses.

    `add` and `replace` set a field; `remove` clears one that may be empty."""
    if len(ids) > MAX_BULK_IDS:
        raise BadRequest(f"Too many project IDs: at most {MAX_BULK_IDS} can be edited at once")
    if not isinstance(operations, list) or not operations:
        raise BadRequest("JSON is not valid")
    changes: dict[str, Any] = {}
    for op in operations:
        kind = op.get("op") if isinstance(op, dict) else None
        if kind not in ("add", "remove", "replace"):
            raise BadRequest("Invalid operation: use add, remove or replace")
        field = str(op.get("path", "")).lstrip("/")
        if field in NOT_BULK_EDITABLE or field not in BULK_EDITABLE:
            raise BadRequest(f"Field {field or '(none)'} cannot be edited in bulk")
        if kind == "remove":
            if field not in _REMOVED_VALUE:
                raise BadRequest(f"Field {field} cannot be removed")
            changes[field] = _REMOVED_VALUE[field]
        else:
            changes[field] = op.get("value")
    return changes


def workspace_settings() -> dict[str, Any]:
    """A new workspace's settings, as a new Toggl workspace has them."""
    return {
        "default_hourly_rate": None, "rate_last_updated": None, "default_currency": "USD",
        "only_admins_may_create_projects": False, "only_admins_may_create_tags": False,
        "only_admins_see_billable_rates": False, "only_admins_see_team_dashboard": False,
        "projects_billable_by_default": True, "projects_private_by_default": True,
        "projects_enforce_billable": False, "limit_public_project_data": False,
        "reports_collapse": True, "rounding": 0, "rounding_minutes": 0,
        "hide_start_end_times": False, "working_hours_in_minutes": None,
        "ical_enabled": True,
    }  # fmt: skip


# Settings a PUT may change, and the JSON types each accepts.
SETTING_TYPES: dict[str, tuple[type, ...]] = {
    "default_hourly_rate": (int, float, type(None)), "default_currency": (str,),
    "only_admins_may_create_projects": (bool,), "only_admins_may_create_tags": (bool,),
    "only_admins_see_billable_rates": (bool,), "only_admins_see_team_dashboard": (bool,),
    "projects_billable_by_default": (bool,), "projects_private_by_default": (bool,),
    "projects_enforce_billable": (bool,), "limit_public_project_data": (bool,),
    "reports_collapse": (bool,), "rounding": (int,), "rounding_minutes": (int,),
    "hide_start_end_times": (bool,), "working_hours_in_minutes": (int, type(None)),
}  # fmt: skip


def workspace_body(
    wid: int,
    name: str,
    organization_id: int,
    at: str,
    settings: dict[str, Any],
    *,
    premium: bool,
    business: bool,
) -> dict[str, Any]:
    """The full workspace object. `premium` is a paid (Starter or better) plan; `business_ws`
    is Premium."""
    ical = hashlib.sha256(f"sandbox-ical-{wid}".encode()).hexdigest()[:32]
    return {
        "id": wid, "organization_id": organization_id, "name": name, "premium": premium,
        "business_ws": business, "admin": True, "role": "admin", "suspended_at": None,
        "server_deleted_at": None, **settings, "last_modified": at, "at": at,
        "logo_url": "https://assets.track.toggl.com/images/workspace.jpg",
        "ical_url": f"/ical/workspace_user/{ical}", "csv_upload": None, "subscription": None,
    }  # fmt: skip
