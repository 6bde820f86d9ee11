"""Actions: the request each named constructor builds, and the refusal of fields an op does not use,
whether the action is built in code or read from a saved plan."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from importlib.resources import files
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import jsonschema
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from reconciler.action import FIELDS, Action, Former, check_fields
from reconciler.action_fields import _REQUIRED as REQUIRED
from reconciler.cli import main
from reconciler.errors import InvalidAction
from reconciler.plan import Plan

C, P = "/workspaces/1/clients", "/workspaces/1/projects"

# One action of every (op, kind), each with the request it stands for (a client "Globex" created
# earlier in the same apply got id 50).
EXAMPLES: dict[tuple[str, str], tuple[Action, tuple[str, str, Any]]] = {
    ("create", "client"): (
        Action.create_client("Globex", {"notes": "West coast"}),
        ("POST", C, {"name": "Globex", "notes": "West coast"}),
    ),
    ("create", "project"): (
        Action.create_project(
            "Web",
            active=False,
            client_id=None,
            client="Globex",
            client_ref="Globex",
            fields={"color": "#aabbcc", "billable": True},
        ),
        (
            "POST",
            P,
            {"name": "Web", "active": False, "client_id": 50, "color": "#aabbcc", "billable": True},
        ),
    ),
    ("update", "client"): (
        Action.update_client(1, "Initech", [("notes", "old", "new")]),
        ("PUT", f"{C}/1", {"name": "Initech", "notes": "new"}),
    ),
    ("update", "project"): (
        Action.update_project(
            11, "Printers", "Initech", [("name", "PRINTERS", "Printers"), ("billable", True, False)]
        ),
        ("PUT", f"{P}/11", {"name": "Printers", "billable": False}),
    ),
    ("bulk_update", "project"): (
        Action.bulk_update_projects(
            {"is_private": False, "color": "#000000"}, [11, 12], ["A", "B"]
        ),
        (
            "PATCH",
            f"{P}/11,12",
            [
                {"op": "replace", "path": "/color", "value": "#000000"},
                {"op": "replace", "path": "/is_private", "value": False},
            ],
        ),
    ),
    ("restore", "client"): (
        Action.restore_client(1, "Initech", project_ids=[11, 12], project_names=["A", "B"]),
        ("POST", f"{C}/1/restore", {"projects": [11, 12]}),
    ),
    ("archive", "client"): (
        Action.archive_client("Globex", client_ref="Globex"),
        ("POST", f"{C}/50/archive", None),
    ),
    ("restore", "project"): (
        Action.set_project_active(12, "Scanners", None, True),
        ("PUT", f"{P}/12", {"active": True}),
    ),
    ("archive", "project"): (
        Action.set_project_active(13, "Faxes", "Initech", False, [("color", "#111111", "#222222")]),
        ("PUT", f"{P}/13", {"active": False, "color": "#222222"}),
    ),
    ("delete", "client"): (Action.delete_client(2, "Old"), ("DELETE", f"{C}/2", None)),
    ("delete", "project"): (
        Action.delete_project(14, "Gone", "Initech"),
        ("DELETE", f"{P}/14?teDeletionMode=unassign", None),
    ),
}
# A value for each optional field that is not its default.
FOREIGN: dict[str, Any] = {
    "id": 99,
    "body": {"name": "X"},
    "client": "Initech",
    "client_ref": "Hooli",
    "changes": (("notes", None, "x"),),
    "projects": ("P",),
    "ids": (1, 2),
    "previous": Former("Old name", "Initech"),
}


def test_every_op_and_kind_has_a_constructor_example() -> None:
    assert set(EXAMPLES) == set(FIELDS)


@pytest.mark.parametrize("op_kind", sorted(EXAMPLES))
def test_each_constructor_builds_its_request(op_kind: tuple[str, str]) -> None:
    action, request = EXAMPLES[op_kind]
    assert (action.op, action.kind) == op_kind
    assert action.request(1, {"Globex": 50}) == request
    assert Action.from_dict(json.loads(json.dumps(action.to_dict()))) == action


def test_a_move_into_a_client_created_earlier_sends_its_new_id_and_keeps_where_it_was() -> None:
    move = Action.update_project(
        11,
        "Nucleus",
        "Globex",
        [("client_id", 3, None)],
        client_ref="Globex",
        previous=Former("Nucleus", "Hooli"),
    )
    assert move.request(1, {"Globex": 50}) == ("PUT", f"{P}/11", {"client_id": 50})
    saved = move.to_dict()
    assert saved["previous"] == {"client": "Hooli", "name": "Nucleus"}
    assert Action.from_dict(json.loads(json.dumps(saved))) == move
    rename = Action.update_client(
        1, "Hooli Inc", [("name", "Hooli", "Hooli Inc")], previous=Former("Hooli")
    )
    assert rename.to_dict()["previous"] == {"name": "Hooli"}
    assert rename.request(1) == ("PUT", f"{C}/1", {"name": "Hooli Inc"})


def test_the_restore_of_every_project_sends_the_flag_alone() -> None:
    action = Action.restore_client(1, "Initech", all_projects=True, project_names=["A"])
    assert action.request(1) == ("POST", f"{C}/1/restore", {"restore_all_projects": True})
    assert action.projects == ("A",)


def test_every_constructor_output_is_a_valid_saved_plan() -> None:
    schema = json.loads(files("reconciler.schemas").joinpath("plan.schema.json").read_text())
    plan = Plan(workspace_id=1, actions=tuple(action for action, _ in EXAMPLES.values()))
    jsonschema.validate(plan.to_dict(), schema)


@pytest.mark.parametrize(
    ("op_kind", "name"),
    [(ok, name) for ok in sorted(FIELDS) for name in sorted(set(FOREIGN) - FIELDS[ok])],
)
def test_a_field_that_does_not_belong_to_the_op_is_refused(
    op_kind: tuple[str, str], name: str
) -> None:
    action, _ = EXAMPLES[op_kind]
    with pytest.raises(InvalidAction, match=rf"cannot carry {name}$"):
        replace(action, **{name: FOREIGN[name]})


@pytest.mark.parametrize(
    ("action", "missing"),
    [
        (EXAMPLES[("create", "client")][0], "body"),
        (EXAMPLES[("update", "project")][0], "body"),
        (EXAMPLES[("update", "client")][0], "id"),
        (EXAMPLES[("archive", "project")][0], "id"),
        (EXAMPLES[("restore", "project")][0], "body"),
        (EXAMPLES[("restore", "client")][0], "body"),
        (EXAMPLES[("delete", "project")][0], "id"),
        (EXAMPLES[("bulk_update", "project")][0], "ids"),
    ],
)
def test_a_field_the_request_needs_is_required(action: Action, missing: str) -> None:
    with pytest.raises(InvalidAction, match=rf"needs {missing}$"):
        replace(action, **{missing: None if missing != "ids" else ()})


def test_a_client_archive_or_restore_targets_an_id_or_a_created_client_not_both() -> None:
    archive = Action.archive_client("Globex", client_id=5)
    with pytest.raises(InvalidAction, match="exactly one of id and client_ref"):
        replace(archive, client_ref="Globex")
    with pytest.raises(InvalidAction, match="exactly one of id and client_ref"):
        replace(archive, id=None)


def test_unknown_combinations_and_misshapen_bodies_are_refused() -> None:
    with pytest.raises(InvalidAction, match="there is no bulk_update of a client"):
        Action("bulk_update", "client", "X", body=[], ids=(1, 2))
    with pytest.raises(InvalidAction, match="wrong shape"):
        Action("update", "project", "X", id=1, body=[{"op": "replace"}])
    with pytest.raises(InvalidAction, match="wrong shape"):
        Action("bulk_update", "project", "X", body={"color": "#000000"}, ids=(1, 2))


def saved_plan_with_a_foreign_field() -> dict[str, Any]:
    plan = Plan(workspace_id=1, actions=tuple(action for action, _ in EXAMPLES.values()))
    data = plan.to_dict()
    # Valid by the schema, which lets any action carry `projects`; a delete has no use for it.
    deletes = [a for a in data["actions"] if a["op"] == "delete" and a["kind"] == "client"]
    deletes[0]["projects"] = ["Labs"]
    return data


def test_a_saved_plan_with_a_foreign_field_is_refused_naming_the_action() -> None:
    data = saved_plan_with_a_foreign_field()
    number = next(i for i, a in enumerate(data["actions"], 1) if "projects" in a and a["id"] == 2)
    with pytest.raises(InvalidAction) as raised:
        Plan.from_dict(data)
    assert str(raised.value) == (
        f"action {number} of the saved plan: a delete of client 'Old' cannot carry projects"
    )


def test_show_refuses_such_a_plan_in_one_line_with_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(saved_plan_with_a_foreign_field()))
    result = CliRunner().invoke(main, ["show", str(path)])
    assert result.exit_code == 1
    assert "cannot carry projects" in result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def refusal_as_the_tables_read(action: Any) -> str | None:
    """check_fields' verdict written from FIELDS and the required fields alone, set by set."""
    what = f"a {action.op} of {action.kind} {action.name!r}"
    allowed = FIELDS.get((action.op, action.kind))
    if allowed is None:
        return f"there is no {action.op} of a {action.kind}"
    present = {f for f in SOMETIMES if getattr(action, f) not in (None, ())}
    if extra := present - allowed:
        return f"{what} cannot carry {', '.join(sorted(extra))}"
    if missing := REQUIRED.get((action.op, action.kind), frozenset()) - present:
        return f"{what} needs {', '.join(sorted(missing))}"
    by_ref = action.kind == "client" and action.op in ("restore", "archive")
    if by_ref and (action.id is None) == (action.client_ref is None):
        return f"{what} needs exactly one of id and client_ref"
    if action.time_entries not in (None, "delete"):
        return f"{what} has an unknown time_entries {action.time_entries!r}"
    if (action.op == "bulk_update") != isinstance(action.body, list) and action.body is not None:
        return f"{what} has a body of the wrong shape"
    return None


# Every optional field of an action, each with values it may or may not have.
SOMETIMES = {
    "id": st.sampled_from([None, 7]),
    "body": st.sampled_from([None, {}, {"name": "X"}, [], [{"op": "replace"}]]),
    "client": st.sampled_from([None, "Initech"]),
    "client_ref": st.sampled_from([None, "Globex"]),
    "changes": st.sampled_from([(), (("name", "A", "B"),)]),
    "projects": st.sampled_from([(), ("Web",)]),
    "ids": st.sampled_from([(), (1, 2)]),
    "time_entries": st.sampled_from([None, "delete", "keep"]),
    "previous": st.sampled_from([None, Former("Old")]),
}


@given(
    st.sampled_from(["create", "update", "restore", "archive", "delete", "bulk_update", "move"]),
    st.sampled_from(["client", "project"]),
    st.fixed_dictionaries(SOMETIMES),
)
def test_check_fields_refuses_exactly_what_the_tables_refuse(
    op: str, kind: str, fields: dict[str, Any]
) -> None:
    action = SimpleNamespace(op=op, kind=kind, name="X", **fields)
    try:
        check_fields(action)
        verdict = None
    except InvalidAction as refused:
        verdict = str(refused)
    assert verdict == refusal_as_the_tables_read(action)


# -- the one-step build of the named constructors ---------------------------------------------

NAMES = st.text(max_size=8)
MAYBE_NAME = st.none() | NAMES
IDS = st.integers(min_value=1, max_value=10**12)
VALUES = st.none() | st.booleans() | st.integers() | st.text(max_size=6)
CHANGES = st.lists(
    st.tuples(st.sampled_from(["name", "color", "billable", "notes"]), VALUES, VALUES)
)
FORMER = st.none() | st.builds(Former, NAMES, MAYBE_NAME)
CLIENT_FORMER = st.none() | st.builds(Former, NAMES)  # a client's former place is its name alone
FIELD_VALUES = st.dictionaries(st.sampled_from(["color", "billable", "notes"]), VALUES)


def built_by_every_one_step_constructor(
    build: Callable[..., Any] = lambda constructor, *args, **kwargs: constructor(*args, **kwargs),
) -> st.SearchStrategy[Any]:
    """An action from each named constructor that builds without the field check: what
    `build(constructor, *arguments)` makes of it."""
    move = {"client_ref": MAYBE_NAME, "previous": FORMER}
    return st.one_of(
        st.builds(partial(build, Action.create_client), NAMES, FIELD_VALUES),
        st.builds(
            partial(build, Action.update_client), IDS, NAMES, CHANGES, previous=CLIENT_FORMER
        ),
        st.builds(
            partial(build, Action.restore_client),
            IDS,
            NAMES,
            all_projects=st.booleans(),
            project_ids=st.lists(IDS),
            project_names=st.lists(NAMES),
        ),
        st.builds(partial(build, Action.delete_client), IDS, NAMES),
        st.builds(
            partial(build, Action.create_project),
            NAMES,
            active=st.booleans(),
            client_id=st.none() | IDS,
            client=MAYBE_NAME,
            client_ref=MAYBE_NAME,
            fields=FIELD_VALUES,
        ),
        st.builds(partial(build, Action.update_project), IDS, NAMES, MAYBE_NAME, CHANGES, **move),
        st.builds(
            partial(build, Action.set_project_active),
            IDS,
            NAMES,
            MAYBE_NAME,
            st.booleans(),
            CHANGES,
            **move,
        ),
        st.builds(
            partial(build, Action.delete_project),
            IDS,
            NAMES,
            MAYBE_NAME,
            delete_time_entries=st.booleans(),
        ),
    )


@given(built_by_every_one_step_constructor())
def test_the_one_step_build_equals_the_checked_build(action: Action) -> None:
    # `replace` builds the same fields again through __init__, which checks them.
    checked = replace(action)
    assert action == checked
    assert repr(action) == repr(checked)
    # Every slot set (an unset one raises AttributeError), to the value the checked build sets.
    slots = Action.__slots__
    assert [getattr(action, f) for f in slots] == [getattr(checked, f) for f in slots]
    assert Action.from_dict(json.loads(json.dumps(action.to_dict()))) == action
    with pytest.raises(AttributeError):
        action.name = "changed"  # type: ignore[misc]


def _checked_build(cls: type[Action], op: str, kind: str, name: str, **fields: Any) -> Action:
    return cls(op, kind, name, **fields)  # type: ignore[arg-type]


def one_step_and_checked(constructor: Callable[..., Action], *args: Any, **kwargs: Any) -> Any:
    """What a named constructor builds from these arguments, and what it builds through the
    dataclass's checked __init__ instead of `Action._valid`."""
    one_step = constructor(*args, **kwargs)
    with mock.patch.object(Action, "_valid", classmethod(_checked_build)):
        checked = constructor(*args, **kwargs)
    return one_step, checked


@given(built_by_every_one_step_constructor(one_step_and_checked))
def test_the_one_step_build_sets_what_the_checked_build_of_the_same_arguments_sets(
    pair: tuple[Action, Action],
) -> None:
    one_step, checked = pair
    slots = Action.__slots__
    assert [getattr(one_step, f) for f in slots] == [getattr(checked, f) for f in slots]
