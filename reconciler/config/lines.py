"""Containers that remember where each of their entries was written.

The YAML loader builds these instead of plain dicts and lists, so every later check can say
FILE:LINE. Scalars cannot carry attributes (bool cannot even be subclassed), so the container holds
the lines and the raw source text of its entries.
"""

from __future__ import annotations

from typing import Any


class LineDict(dict[str, Any]):
    """A mapping with the line of the mapping itself and of each key and value (1-based)."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}
        self.value_lines: dict[str, int] = {}
        # The text as written, for scalar values only (e.g. "yes" for a value YAML read as True).
        self.raw: dict[str, str] = {}

    def key_line(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def value_line(self, key: str) -> int:
        return self.value_lines.get(key, self.key_line(key))


class LineList(list[Any]):
    """A sequence with the line of the sequence itself and of each item (1-based)."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []
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
    if isinstance(raw, dict):
        value = raw.get(key)
        return value if isinstance(value, str) else None
    return None
