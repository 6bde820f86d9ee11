"""Merge keys (`<<`): the mappings they bring in, and laying them under a mapping's own keys, as
the YAML merge spec says: keys written in the mapping win, then a mapping earlier in a merge
list over a later one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reconciler.config.lines import LineDict, LineList
from reconciler.errors import ConfigError


def merge_sources(value: Any, line: int, fail: Callable[[str, int], ConfigError]) -> list[LineDict]:
    """The mappings `<< : value` merges in, in the order their entries are laid down: a later
    one overrides an earlier one, so a merge list is taken last to first."""
    if isinstance(value, LineDict):
        return [value]
    if isinstance(value, LineList):
        for index, item in enumerate(value):
            if not isinstance(item, LineDict):
                kind = "sequence" if isinstance(item, LineList) else "scalar"
                raise fail(
                    "invalid YAML: while constructing a mapping, expected a mapping for "
                    f"merging, but found {kind}",
                    value.item_line(index),
                )
        return list(reversed(value))
    raise fail(
        "invalid YAML: while constructing a mapping, expected a mapping or list of "
        "mappings for merging, but found scalar",
        line,
    )


def merge_into(data: LineDict, merged: list[LineDict]) -> None:
    """Lay the merged entries down first, then those written in `data` itself, which win."""
    written = [
        (key, value, data.key_lines[key], data.value_line(key), data.raw.get(key))
        for key, value in data.items()
    ]
    data.clear()
    data.key_lines.clear()
    value_lines: dict[str, int] = {}
    raw: dict[str, str] = {}
    entries = [
        (key, value, source.key_line(key), source.value_line(key), source.raw.get(key))
        for source in merged
        for key, value in source.items()
    ]
    for key, value, key_line, value_line, text in entries + written:
        data[key] = value
        data.key_lines[key] = key_line
        if value_line != key_line:
            value_lines[key] = value_line
        if text is not None:
            raw[key] = text
        else:
            raw.pop(key, None)
    data.value_lines, data.raw = value_lines, raw
