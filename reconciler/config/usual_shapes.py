"""The schema's verdict on the shapes config entries usually take, worked out by hand.

A file as `export` writes it holds thousands of clients and tens of thousands of projects, each a
mapping of a few plain values. semantic.py checks each project entry with is_usual_project where it
builds the project, sparing the compiled schema check's walk over the whole document; the entries
`export` writes, quick_project checks and builds in one step.

Each function answers True only where schemas/config.schema.json accepts the value. Anything
else, an unusual but valid shape included (a `previously` mapping, 2.0 estimated hours), answers
False: the file is then checked by the schema as before (validate.py), so every message, its
order and its line stay exactly those of the schema check.

They are written for one version of the schema (SCHEMA_SHA256): while the shipped schema is
another, every file goes to the schema check (fits_shipped_schema).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from reconciler.config import validate
from reconciler.config.lines import LineDict
from reconciler.config.model import DesiredProject

# The SHA-256 of the schemas/config.schema.json these checks are written for. After an edit of
# the schema, review them against it, then write its new digest here.
SCHEMA_SHA256 = "f9ee6773ef881456c81cb3882ec622fc6144eed558c03652cba2078ef33bc6ef"

# The schema's `name` and `clientName`: their longest length, and the characters they refuse.
NAME_MAX = 255
CLIENT_NAME_MAX = 100
_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f]")
_COLOR = re.compile("#[0-9a-fA-F]{6}")
_STATES = ("active", "archived", "absent")
_TIME_ENTRIES = ("unassign", "delete")
_UNMANAGED = ("ignore", "archive")

_NOT_GIVEN: Any = object()
# The boolean fields of a project, in the order semantic.py picks fields (PROJECT_FIELDS).
_FLAG_KEYS = ("is_private", "billable")
# Colours already found valid, each checked once: a file uses a few, on thousands of projects.
# Bounded, so that a long-lived process reading many files keeps only so many.
_VALID_COLORS: set[str] = set()
_VALID_COLORS_KEPT = 1024

_TOP_KEYS = frozenset({"version", "workspace", "unmanaged", "safety", "clients", "projects"})
_CLIENT_KEYS = frozenset({"name", "state", "previously", "notes", "projects"})
_PROJECT_KEYS = frozenset(
    {"name", "state", "previously", "color", "is_private", "billable", "estimated_hours"}
    | {"time_entries"}
)


@lru_cache(maxsize=1)
def fits_shipped_schema() -> bool:
    """True while the shipped schema is the one these checks are written for."""
    return validate.fits_shipped_schema(SCHEMA_SHA256)


def is_name(value: Any, longest: int = NAME_MAX) -> bool:
    """True when `value` is a name the schema accepts (`name`; `clientName` with longest=100)."""
    # isprintable() is false for every control character: the pattern need only judge the few
    # names holding some other character it is false for (a no-break space, say).
    return (
        type(value) is str
        and 0 < len(value) <= longest
        and (value.isprintable() or _CONTROL_CHARACTER.search(value) is None)
    )


def _are_previous_names(value: Any, longest: int) -> bool:
    # A name, or a non-empty list of names. A mapping (a project's previous place) is unusual.
    if type(value) is str:
        return is_name(value, longest)
    return isinstance(value, list) and len(value) > 0 and all(is_name(v, longest) for v in value)


def is_usual_project(item: Any) -> bool:
    """True when `item`, an entry of a `projects` list, is a name or a mapping of plain values
    that the schema's `project` accepts."""
    if type(item) is str:
        return is_name(item)
    if not isinstance(item, dict) or not item.keys() <= _PROJECT_KEYS:
        return False
    if not is_name(item.get("name")):
        return False
    if len(item) == 1:
        return True
    # Each key present is tested with `in` first: most entries hold two or three of them.
    if "color" in item:
        color = item["color"]
        if type(color) is not str or _COLOR.fullmatch(color) is None:
            return False
    if "state" in item and item["state"] not in _STATES:
        return False
    if "is_private" in item and type(item["is_private"]) is not bool:
        return False
    if "billable" in item and type(item["billable"]) is not bool:
        return False
    if "estimated_hours" in item:
        hours = item["estimated_hours"]
        # A whole float such as 2.0 is an integer to the schema too; left to it.
        if hours is not None and not (type(hours) is int and hours >= 0):
            return False
    if "time_entries" in item and item["time_entries"] not in _TIME_ENTRIES:
        return False
    return "previously" not in item or _are_previous_names(item["previously"], NAME_MAX)


def quick_project(item: Any) -> DesiredProject | None:
    """The project semantic.py makes of an entry that is_usual_project accepts, for the entries
    `export` writes (a mapping of a printable name, a state other than absent and plain fields),
    checked and built with each key looked up once; None for any other entry, which semantic.py
    then judges with is_usual_project and builds the exact way."""
    if type(item) is not LineDict:
        return None
    get = item.get
    name = get("name")
    if type(name) is not str or not 0 < len(name) <= NAME_MAX or not name.isprintable():
        return None
    # The keys not yet read: most entries hold one or two more. Any left once all those
    # `export` writes are read is another key.
    unread = len(item) - 1
    state = get("state", _NOT_GIVEN)
    if state is _NOT_GIVEN:
        state = "active"
    elif state == "active" or state == "archived":
        unread -= 1
    else:
        return None  # absent has checks of its own; any other value is the schema's to refuse
    fields: dict[str, Any] = {}
    if unread:
        color = get("color", _NOT_GIVEN)
        if color is not _NOT_GIVEN:
            if type(color) is not str:
                return None
            if color not in _VALID_COLORS:
                if _COLOR.fullmatch(color) is None:
                    return None
                if len(_VALID_COLORS) < _VALID_COLORS_KEPT:
                    _VALID_COLORS.add(color)
            fields["color"] = color
            unread -= 1
    if unread:
        for flag_key in _FLAG_KEYS:
            flag = get(flag_key, _NOT_GIVEN)
            if flag is not _NOT_GIVEN:
                if type(flag) is not bool:
                    return None
                fields[flag_key] = flag
                unread -= 1
        hours = get("estimated_hours", _NOT_GIVEN)
        if hours is not _NOT_GIVEN:
            # A whole float such as 2.0 is left to the exact path, which makes it an int.
            if hours is not None and not (type(hours) is int and hours >= 0):
                return None
            fields["estimated_hours"] = hours
            unread -= 1
        if unread:
            return None
    line = item.key_lines.get("name", item.line)
    return DesiredProject.of(name, state, fields, line, "unassign", ())


def is_usual_client(item: Any) -> bool:
    """True when `item`, an entry of `clients`, is a mapping the schema's `client` accepts,
    whatever the items of its `projects` list (each judged by is_usual_project)."""
    if not isinstance(item, dict) or not item.keys() <= _CLIENT_KEYS:
        return False
    if not is_name(item.get("name"), CLIENT_NAME_MAX):
        return False
    if "state" in item and item["state"] not in _STATES:
        return False
    if "notes" in item and type(item["notes"]) is not str:
        return False
    if "previously" in item and not _are_previous_names(item["previously"], CLIENT_NAME_MAX):
        return False
    projects = item.get("projects", "all")
    return isinstance(projects, list) or (type(projects) is str and projects == "all")


def is_usual_outline(document: Any) -> bool:
    """True when the schema accepts `document` whatever the items of its project lists (each
    judged by is_usual_project): its own keys, and each of its clients (is_usual_client)."""
    if not isinstance(document, dict) or not document.keys() <= _TOP_KEYS:
        return False
    version = document.get("version")
    workspace = document.get("workspace")
    if type(version) is not int or version != 1:
        return False
    if not ((type(workspace) is int and workspace >= 1) or is_name(workspace)):
        return False
    if "unmanaged" in document and document["unmanaged"] not in _UNMANAGED:
        return False
    if "safety" in document and not _is_usual_safety(document["safety"]):
        return False
    if "projects" in document and not isinstance(document["projects"], list):
        return False
    clients = document.get("clients", [])
    return isinstance(clients, list) and all(is_usual_client(client) for client in clients)


def _is_usual_safety(safety: Any) -> bool:
    if not isinstance(safety, dict) or not safety.keys() <= {"max_destructive_percent"}:
        return False
    percent = safety.get("max_destructive_percent", 0)
    # NaN fails both comparisons: it is left to the schema (and then to semantic.py).
    return type(percent) in (int, float) and 0 <= percent <= 100
