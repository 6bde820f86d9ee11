"""Bulk edits: identical plain-field updates on several projects go as one PATCH per 100 ids.

Toggl's `PATCH /workspaces/{wid}/projects/{ids}` takes a JSON-Patch list; its documented fields
include colour, billable and private, while `active` and `client_id` cannot be bulk-edited.
"""

from __future__ import annotations

import json
from collections.abc import Hashable
from operator import attrgetter
from typing import Any

from reconciler.action import Action

# Fields Toggl's bulk project PATCH can change; name, active and client_id cannot be bulk-edited.
BULK_FIELDS = frozenset({"color", "billable", "is_private"})
BULK_CHUNK = 100
# Bodies are grouped by their JSON with sorted keys: one encoder, not one per json.dumps call.
_BODY_KEY = json.JSONEncoder(sort_keys=True)
# Values whose Python equality is JSON's: two strings, booleans or nulls are equal exactly when
# their JSON is (unlike numbers: True == 1 and 0.0 == -0.0 in Python, not in a request).
_PLAIN_VALUES = frozenset({str, bool, type(None)})
# An update's id, which its op needs: the order chunks are cut in.
by_id = attrgetter("id")


def group_bulk_updates(actions: list[Action]) -> list[Action]:
    """Project updates with identical bulk-editable bodies become PATCH requests of up to 100 ids.

    A bulk action takes the place of its chunk's first update; a chunk of one stays a plain update.
    With nothing to group, `actions` itself is returned.
    """
    groups: dict[Hashable, list[Action]] = {}
    for action in actions:
        if action.op == "update" and action.kind == "project":
            body = action.body
            if body and body.keys() <= BULK_FIELDS:
                groups.setdefault(group_key(body), []).append(action)
    # id(original update) -> its chunk's bulk action, which takes the place of the chunk's update
    # met first below and of none of the others.
    bulk_of: dict[int, Action] = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=by_id)
        for start in range(0, len(members), BULK_CHUNK):
            chunk = members[start : start + BULK_CHUNK]
            if len(chunk) < 2:
                continue
            bulk = _bulk_action(chunk)
            for member in chunk:
                bulk_of[id(member)] = bulk
    if not bulk_of:
        return actions
    out: list[Action] = []
    placed: set[int] = set()  # id() of the bulk actions already in `out`
    for action in actions:
        bulk_action = bulk_of.get(id(action))
        if bulk_action is None:
            out.append(action)
        elif id(bulk_action) not in placed:
            placed.add(id(bulk_action))
            out.append(bulk_action)
    return out


def group_key(body: dict[str, Any]) -> Hashable:
    """What groups a body with the bodies that send the same JSON: its sorted items when every
    value is a string, boolean or null (as the planner writes them; no encoding needed), else
    its JSON with sorted keys."""
    if _PLAIN_VALUES.issuperset(map(type, body.values())):
        return tuple(sorted(body.items()))
    return _BODY_KEY.encode(body)


def _bulk_action(chunk: list[Action]) -> Action:
    return Action.bulk_update_projects(
        fields=chunk[0].body,
        project_ids=(a.id for a in chunk if a.id is not None),
        project_names=(a.name for a in chunk),
    )
