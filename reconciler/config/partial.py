"""The part of a config document the schema accepted.

The semantic checks (unique names, consistent states) read values of the types the schema
guarantees. When the schema finds problems, they run on this copy, which leaves out each list
item holding a problem (and a `clients`, `projects` or `safety` that is itself malformed), so a
file's semantic mistakes are reported together with its schema mistakes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reconciler.config.lines import LineDict, LineList
from reconciler.config.validate import Location

_DROPPABLE = frozenset({"clients", "projects", "safety"})


def accepted_part(document: LineDict, problem_locations: Iterable[Location]) -> LineDict:
    """A copy of `document` without the values at or around `problem_locations`."""
    top: set[str] = set()
    items: dict[Location, set[int]] = {}
    for location in problem_locations:
        indexes = [i for i, part in enumerate(location) if isinstance(part, int)]
        if indexes:
            # The innermost list item holding the problem: a client, or a project.
            at = indexes[-1]
            items.setdefault(location[:at], set()).add(int(location[at]))
        elif location and location[0] in _DROPPABLE:
            top.add(str(location[0]))
    copy: LineDict = _copy(document, (), items)
    for key in top:
        copy.pop(key, None)
    return copy


def _copy(value: Any, location: Location, drop: dict[Location, set[int]]) -> Any:
    if isinstance(value, LineDict):
        mapping = LineDict(value.line)
        mapping.key_lines = dict(value.key_lines)
        mapping.value_lines = dict(value.value_lines)
        mapping.raw = dict(value.raw)
        for key, entry in value.items():
            mapping[key] = _copy(entry, (*location, key), drop)
        return mapping
    if isinstance(value, LineList):
        dropped = drop.get(location, set())
        sequence = LineList(value.line)
        for index, entry in enumerate(value):
            if index in dropped:
                continue
            if index in value.raw:
                sequence.raw[len(sequence)] = value.raw[index]
            sequence.append(_copy(entry, (*location, index), drop))
            sequence.item_lines.append(value.item_line(index))
        return sequence
    return value
