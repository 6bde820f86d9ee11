"""Bulk grouping gives what its rule, written out plainly here, gives.

Project updates: identical bulk-editable bodies (by their JSON) go as one PATCH per chunk of ids,
in id order; each bulk action takes the place of its chunk's first update, and a chunk of one
stays a plain update. Client archives: those of existing clients next to each other go as one
bulk archive call per chunk; every other action is a request of its own.
"""

from __future__ import annotations

import json
from itertools import groupby
from typing import Any
from unittest import mock

from hypothesis import given
from hypothesis import strategies as st

from reconciler import plan as plan_module
from reconciler.action import Action
from reconciler.planning import bulk
from reconciler.planning.bulk import BULK_FIELDS, group_bulk_updates


def grouped_as_the_rule_says(actions: list[Action], chunk_size: int) -> list[Action]:
    groups: dict[str, list[int]] = {}  # the body's JSON -> positions of its updates
    for position, action in enumerate(actions):
        body = action.body
        if action.op == "update" and action.kind == "project" and body and set(body) <= BULK_FIELDS:
            groups.setdefault(json.dumps(body, sort_keys=True), []).append(position)
    replacement: dict[int, Action | None] = {}  # position -> its bulk action, or None: dropped
    for positions in groups.values():
        in_id_order = sorted(positions, key=lambda p: actions[p].id or 0)
        for start in range(0, len(in_id_order), chunk_size):
            chunk = in_id_order[start : start + chunk_size]
            if len(chunk) < 2:
                continue
            patch = Action.bulk_update_projects(
                actions[chunk[0]].body,
                [actions[p].id or 0 for p in chunk],
                [actions[p].name for p in chunk],
            )
            for position in chunk:
                replacement[position] = patch if position == min(chunk) else None
    out: list[Action] = []
    for position, action in enumerate(actions):
        if position not in replacement:
            out.append(action)
        elif (patch_action := replacement[position]) is not None:
            out.append(patch_action)
    return out


# Values for which Python's equality and JSON's differ (True and 1, 1 and 1.0) keep groups apart.
VALUES = st.sampled_from([True, False, 1, 1.0, 0, None, "#aabbcc", "#AABBCC"])
BODIES = st.dictionaries(st.sampled_from(["color", "billable", "is_private", "name"]), VALUES)
KINDS_OF_ACTION = st.sampled_from(["update", "update", "update", "restore", "create"])


@st.composite
def emitted_actions(draw: st.DrawFn) -> list[Action]:
    count = draw(st.integers(0, 40))
    ids = draw(st.permutations(range(1, count + 1)))
    actions: list[Action] = []
    for project_id in ids:
        changes = [(field, None, value) for field, value in draw(BODIES).items()]
        what = draw(KINDS_OF_ACTION)
        name = f"P{project_id}"
        if what == "update":
            actions.append(Action.update_project(project_id, name, None, changes))
        elif what == "restore":
            actions.append(Action.set_project_active(project_id, name, None, True, changes))
        else:
            fields: dict[str, Any] = {f: new for f, _, new in changes if f != "name"}
            actions.append(
                Action.create_project(
                    name, active=True, client_id=None, client=None, client_ref=None, fields=fields
                )
            )
    return actions


@given(emitted_actions(), st.sampled_from([2, 3, bulk.BULK_CHUNK]))
def test_grouping_gives_what_the_rule_gives(actions: list[Action], chunk_size: int) -> None:
    with mock.patch.object(bulk, "BULK_CHUNK", chunk_size):
        grouped = group_bulk_updates(list(actions))
    assert grouped == grouped_as_the_rule_says(actions, chunk_size)


def request_groups_as_the_rule_says(
    actions: list[Action], chunk_size: int
) -> list[tuple[Action, ...]]:
    def archives_an_existing_client(action: Action) -> bool:
        return action.op == "archive" and action.kind == "client" and action.id is not None

    out: list[tuple[Action, ...]] = []
    for together, run in groupby(actions, key=archives_an_existing_client):
        requests = list(run)
        if together:
            out += [
                tuple(requests[i : i + chunk_size]) for i in range(0, len(requests), chunk_size)
            ]
        else:
            out += [(action,) for action in requests]
    return out


ARCHIVES_AND_OTHERS = st.lists(
    st.one_of(
        st.builds(lambda n: Action.archive_client(f"C{n}", client_id=n), st.integers(1, 9)),
        st.builds(lambda n: Action.archive_client(f"N{n}", client_ref=f"N{n}"), st.integers(1, 9)),
        st.builds(lambda n: Action.delete_client(n, f"C{n}"), st.integers(1, 9)),
        st.builds(lambda n: Action.set_project_active(n, f"P{n}", None, False), st.integers(1, 9)),
    ),
    max_size=30,
)


@given(ARCHIVES_AND_OTHERS, st.sampled_from([2, 3, plan_module.BULK_ARCHIVE_CHUNK]))
def test_requests_are_grouped_as_the_rule_says(actions: list[Action], chunk_size: int) -> None:
    with mock.patch.object(plan_module, "BULK_ARCHIVE_CHUNK", chunk_size):
        grouped = plan_module.request_groups(actions)
    assert grouped == request_groups_as_the_rule_says(actions, chunk_size)
