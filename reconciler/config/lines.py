"""Containers that remember where each of their entries was written.

The YAML loader builds these instead of plain dicts and lists, so every later check can say
FILE:LINE. Scalars cannot carry attributes (bool cannot even be subclassed), so the container holds
the lines of its entries, and the source text of those YAML read as something other than text.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

# What a LineDict holds as `value_lines` and `raw` until it has an entry there: most mappings never
# do, and a 50,000-project file would build (and free) 100,000 empty dicts. Read-only, so a write
# that bypassed the setters would fail rather than reach every mapping.
_NONE_YET: Mapping[Any, Any] = MappingProxyType({})


class LineDict(dict[str, Any]):
    """A mapping with the line of the mapping itself and of each key and value (1-based)."""

    # A 50,000-project file holds 50,000 of these: no per-instance __dict__.
    __slots__ = ("line", "key_lines", "value_lines", "raw")

    # Built empty (dict.__new__ does that): no dict.__init__ call, one per mapping of the file.
    def __init__(self, line: int) -> None:
        self.line = line
        self.key_lines: dict[str, int] = {}
        # Only where a value starts on another line than its key (a block list, say): most
        # values do not, and a 50,000-project file would hold a second copy of the key lines.
        self.value_lines: Mapping[str, int] = _NONE_YET
        # The text as written, for scalar values YAML read as something other than text (e.g.
        # "yes" for True); a text value is its own source text.
        self.raw: Mapping[str, str] = _NONE_YET

    def set_value_line(self, key: str, line: int) -> None:
        value_lines = self.value_lines if isinstance(self.value_lines, dict) else {}
        value_lines[key] = line
        self.value_lines = value_lines

    def set_raw(self, key: str, text: str) -> None:
        raw = self.raw if isinstance(self.raw, dict) else {}
        raw[key] = text
        self.raw = raw

    def key_line(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def value_line(self, key: str) -> int:
        return self.value_lines.get(key, self.key_line(key))


class LineList(list[Any]):
    """A sequence with the line of the sequence itself and of each item (1-based)."""

    __slots__ = ("line", "item_lines", "raw")

    # Built empty by list.__new__, as LineDict is by dict.__new__.
    def __init__(self, line: int) -> None:
        self.line = line
        self.item_lines: list[int] = []
        # As LineDict.raw, by index.
        self.raw: dict[int, str] = {}

    def item_line(self, index: int) -> int:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


def line_of(container: Any, key: str | int) -> int | None:
    """The line where `container[key]` was written, if known."""
    if isinstance(container, LineDict) and isinstance(key, str):
        return container.value_line(key)
    if isinstance(container, LineList) and isinstance(key, int):
        return container.item_line(key)
    return getattr(container, "line", None)


def raw_of(container: Any, key: str | int) -> str | None:
    """The source text of the scalar at `container[key]`, if it was a scalar."""
    raw = getattr(container, "raw", None)
    if not isinstance(raw, Mapping):
        return None
    if key in raw:
        value = raw[key]
        return value if isinstance(value, str) else None
    try:
        entry = container[key]
    except (KeyError, IndexError, TypeError):
        return None
    return entry if isinstance(entry, str) else None
