"""The rules an action's fields follow: the ops and kinds, each (op, kind)'s optional fields
(`FIELDS`) and the ones it cannot do without, its symbol and its execution phase.

`check_fields` applies them when an `Action` is built (action.py), so a plan can never hold an
action with a field its op does not use, whether built by the planner or read from a file.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from reconciler.errors import InvalidAction

Op = Literal["create", "update", "restore", "archive", "delete", "bulk_update"]
Kind = Literal["client", "project"]
Change = tuple[str, Any, Any]  # (field, old, new)

SYMBOLS: dict[str, str] = {
    "create": "+",
    "update": "~",
    "bulk_update": "~",
    "restore": "↺",
    "archive": "⊘",
    "delete": "-",
}

# Execution phases: client creates and restores, then project changes (and client field updates),
# then archives, then deletes (projects before their clients).
PHASES: dict[tuple[str, str], int] = {
    ("create", "client"): 0,
    ("restore", "client"): 0,
    ("update", "client"): 1,
    ("create", "project"): 1,
    ("update", "project"): 1,
    ("bulk_update", "project"): 1,
    ("restore", "project"): 1,
    ("archive", "project"): 1,
    ("archive", "client"): 2,
    ("delete", "project"): 3,
    ("delete", "client"): 4,
}

# The optional fields each (op, kind) may carry; `op`, `kind` and `name` are always there.
FIELDS: dict[tuple[str, str], frozenset[str]] = {
    ("create", "client"): frozenset({"body", "changes"}),
    ("create", "project"): frozenset({"body", "client", "client_ref", "changes"}),
    ("update", "client"): frozenset({"id", "body", "changes", "previous"}),
    # A project moved into a client created by the same plan names it by client_ref.
    ("update", "project"): frozenset({"id", "body", "client", "client_ref", "changes", "previous"}),
    ("bulk_update", "project"): frozenset({"body", "changes", "projects", "ids"}),
    # A client created by the same plan is archived (or restored) by its client_ref.
    ("restore", "client"): frozenset({"id", "client_ref", "body", "projects"}),
    ("archive", "client"): frozenset({"id", "client_ref", "projects"}),
    # Project archive and restore are project updates of `active`.
    ("restore", "project"): frozenset(
        {"id", "body", "client", "client_ref", "changes", "previous"}
    ),
    ("archive", "project"): frozenset(
        {"id", "body", "client", "client_ref", "changes", "previous"}
    ),
    ("delete", "client"): frozenset({"id"}),
    ("delete", "project"): frozenset({"id", "client", "time_entries"}),
}
# The fields without which the request cannot be sent. A client archive or restore also needs
# exactly one of `id` and `client_ref`.
_REQUIRED: dict[tuple[str, str], frozenset[str]] = {
    ("create", "client"): frozenset({"body"}),
    ("create", "project"): frozenset({"body"}),
    ("update", "client"): frozenset({"id", "body"}),
    ("update", "project"): frozenset({"id", "body"}),
    ("bulk_update", "project"): frozenset({"body", "ids"}),
    ("restore", "client"): frozenset({"body"}),
    ("restore", "project"): frozenset({"id", "body"}),
    ("archive", "project"): frozenset({"id", "body"}),
    ("delete", "client"): frozenset({"id"}),
    ("delete", "project"): frozenset({"id"}),
}
_OPTIONAL = (
    "id",
    "body",
    "client",
    "client_ref",
    "changes",
    "projects",
    "ids",
    "time_entries",
    "previous",
)


# The optional fields that decide whether an (op, kind) is well formed: those it may not carry
# and those it cannot do without. The others may be set or not, so they are not looked at.
_DECIDING: dict[tuple[str, str], tuple[str, ...]] = {
    op_kind: tuple(f for f in _OPTIONAL if f not in allowed or f in _REQUIRED.get(op_kind, ()))
    for op_kind, allowed in FIELDS.items()
}
# The same fields, apart: (those it may not carry, those it needs). A valid action, as every
# action the planner builds is, is then passed with a look at each and no set built.
_FORBIDDEN_AND_NEEDED: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {
    op_kind: (
        tuple(f for f in fields if f not in FIELDS[op_kind]),
        tuple(f for f in fields if f in _REQUIRED.get(op_kind, ())),
    )
    for op_kind, fields in _DECIDING.items()
}


def phase(op: str, kind: str) -> int:
    """When an action of this op and kind runs: 0 first, 4 last."""
    return PHASES[(op, kind)]


class _Checked(Protocol):
    """What `check_fields` reads of an action (`Action`, which imports this module)."""

    @property
    def op(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def id(self) -> int | None: ...
    @property
    def client_ref(self) -> str | None: ...
    @property
    def time_entries(self) -> str | None: ...
    @property
    def body(self) -> Any: ...


def check_fields(action: _Checked) -> None:
    """Refuse (InvalidAction) an action whose fields its op and kind do not allow or need."""
    op_kind = (action.op, action.kind)
    rule = _FORBIDDEN_AND_NEEDED.get(op_kind)
    if rule is None:
        raise InvalidAction(f"there is no {action.op} of a {action.kind}")
    forbidden, needed = rule
    # Every plan builds thousands of valid actions: what is wrong is worked out only for a refusal.
    for name in forbidden:
        if getattr(action, name) not in (None, ()):
            _refuse_fields(action, op_kind)
    for name in needed:
        if getattr(action, name) in (None, ()):
            _refuse_fields(action, op_kind)
    by_ref = action.kind == "client" and action.op in ("restore", "archive")
    if by_ref and (action.id is None) == (action.client_ref is None):
        raise InvalidAction(f"{_what(action)} needs exactly one of id and client_ref")
    if action.time_entries not in (None, "delete"):
        raise InvalidAction(f"{_what(action)} has an unknown time_entries {action.time_entries!r}")
    if (action.op == "bulk_update") != isinstance(action.body, list) and action.body is not None:
        raise InvalidAction(f"{_what(action)} has a body of the wrong shape")


def _refuse_fields(action: _Checked, op_kind: tuple[str, str]) -> None:
    """The refusal of an action carrying a field its op does not use, or missing one it needs."""
    present = {f for f in _DECIDING[op_kind] if getattr(action, f) not in (None, ())}
    if extra := present - FIELDS[op_kind]:
        raise InvalidAction(f"{_what(action)} cannot carry {', '.join(sorted(extra))}")
    missing = _REQUIRED.get(op_kind, frozenset()) - present
    raise InvalidAction(f"{_what(action)} needs {', '.join(sorted(missing))}")


def _what(action: _Checked) -> str:
    return f"a {action.op} of {action.kind} {action.name!r}"
