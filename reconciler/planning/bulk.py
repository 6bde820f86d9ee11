"""Bulk edits: identical plain-field updates on several projects go as one PATCH per 100 ids.

Toggl's `PATCH /workspaces/{wid}/projects/{ids}` takes a JSON-Patch list; its documented fields
include colour, billable and private, while `active` and `client_id` cannot be bulk-edited.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from typing import Any

from reconciler.action import Action

# Fields Toggl's bulk project PATCH can change; name, active and client_id cannot be bulk-edited.
BULK_FIELDS = frozenset({"color", "billable", "is_private"})
BULK_CHUNK = 100
# Bodies are grouped by their JSON with sorted keys: one encoder, not one per json.dumps call.
_BODY_KEY = json.JSONEncoder(sort_keys=True)
# Values whose Python equality is JSON's: two strings, booleans or nulls are equal exactly when
# their JSON is (unlike numbers: True == 1 and 0.0 == -0.0 in Python, not in a request).
_PLAIN_VALUES = (str, bool, type(None))


def group_bulk_updates(actions: list[Action]) -> list[Action]:
    """Project updates with identical bulk-editable bodies become PATCH requests of up to 100 ids.

    A bulk action takes the place of its group's first update; a chunk of one stays a plain update.
    """
    # Each candidate with its place in `actions`: a group's bulk action takes the first place.
    groups: dict[Hashable, list[tuple[int, Action]]] = {}
    for position, action in enumerate(actions):
        if _bulk_editable(action):
            groups.setdefault(group_key(action.body), []).append((position, action))
    replaced: dict[int, Action | None] = {}  # id(original action) -> its replacement or None
    for members in groups.values():
        if len(members) < 2:
            continue
        members = sorted(members, key=lambda member: member[1].id or 0)
        for start in range(0, len(members), BULK_CHUNK):
            chunk = members[start : start + BULK_CHUNK]
            if len(chunk) < 2:
                continue
            bulk = _bulk_action([action for _, action in chunk])
            _, first = min(chunk, key=lambda member: member[0])
            for _, member in chunk:
                replaced[id(member)] = bulk if member is first else None
    out: list[Action] = []
    for action in actions:
        if id(action) not in replaced:
            out.append(action)
        elif (bulk_action := replaced[id(action)]) is not None:
            out.append(bulk_action)
    return out


def group_key(body: dict[str, Any]) -> Hashable:
    """What groups a body with the bodies that send the same JSON: its sorted items when every
    value is a string, boolean or null (as the planner writes them; no encoding needed), else
    its JSON with sorted keys."""
    items = sorted(body.items())
    if all(type(value) in _PLAIN_VALUES for _, value in items):
        return tuple(items)
    return _BODY_KEY.encode(body)


def _bulk_editable(action: Action) -> bool:
    return (
        action.op == "update"
        and action.kind == "project"
        and bool(action.body)
        and action.body.keys() <= BULK_FIELDS
    )


def _bulk_action(chunk: list[Action]) -> Action:
    return Action.bulk_update_projects(
        fields=chunk[0].body,
        project_ids=(a.id for a in chunk if a.id is not None),
        project_names=(a.name for a in chunk),
    )
