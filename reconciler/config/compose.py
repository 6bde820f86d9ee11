"""Build LineDict/LineList straight from a YAML parser's events, refusing what a config never needs.

One pass over the events does what PyYAML's Composer and SafeConstructor do in two, without the
node tree in between: each value is built as soon as it is read, with the line it was written on.
It works on the events of libyaml's parser (fast) and of PyYAML's pure-Python one alike.

Scalars are read as YAML 1.1 safe loading reads them (PyYAML's resolver decides the type and its
SafeConstructor converts), so `yes`, `2024` and `2024-01-31` mean what they always meant. Merge
keys (`<<`) follow the YAML spec, whatever the PyYAML release: keys written in the mapping win,
then a mapping earlier in a merge list over a later one. What is refused: any tag beyond plain
data, keys that are not text, duplicate keys, and input built to exhaust time or memory (deep
nesting, recursive aliases, aliases that expand to too many values).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from reconciler.config.lines import LineDict, LineList
from reconciler.config.merge import merge_into, merge_sources
from reconciler.config.scalars import (
    MAP,
    MERGE,
    SEQ,
    TYPED_FIRST_CHARS,
    UNTYPED_TEXT_IS_TEXT,
    ScalarProblem,
    check_collection_tag,
    resolve_tag,
    scalar_value,
)
from reconciler.errors import ConfigError, clip

# A config needs about 6 levels (top, clients, client, projects, project, value); generous headroom,
# yet far below what would exhaust Python's recursion limit in later checks.
MAX_DEPTH = 32
# Aliases may add at most this many values beyond those written out in the file.
MAX_ALIAS_EXPANSION = 100_000
# Plain keys remembered as text; a config uses about a dozen distinct keys.
_MAX_TEXT_KEYS = 256


class _Scalar:
    """An anchored scalar: built again where an alias refers to it (scalars are immutable)."""

    __slots__ = ("tag", "text", "line", "style")

    def __init__(self, tag: str, text: str, line: int, style: str | None) -> None:
        self.tag, self.text, self.line, self.style = tag, text, line, style


class _Collection:
    """An anchored list or mapping; `values` and `height` stay None until it is complete."""

    __slots__ = ("data", "line", "values", "height")

    def __init__(self, data: LineDict | LineList, line: int) -> None:
        self.data, self.line = data, line
        self.values: int | None = None
        self.height: int | None = None


class EventBuilder:
    """Turns one parser's events into the document's value. `next_event` is the parser's
    get_event: it answers the next event or raises yaml.YAMLError for a syntax error."""

    def __init__(self, next_event: Callable[[], Any], path: str) -> None:
        self._next = next_event
        self._path = path
        self._anchors: dict[str, _Scalar | _Collection] = {}
        # Values composed so far, each counted once however many aliases refer to it.
        self._written = 0
        # Plain keys already read as text: the same few keys repeat on every item.
        self._text_keys: set[str] = set()

    def _fail(self, message: str, line: int) -> ConfigError:
        return ConfigError(message, self._path, line)

    def document(self) -> Any:
        """The single document's value; None for an empty stream."""
        self._next()  # stream start
        event = self._next()
        if isinstance(event, StreamEndEvent):
            return None
        value = self._value(self._next(), 1)[0]
        self._next()  # document end
        event = self._next()
        if not isinstance(event, StreamEndEvent):
            raise self._fail(
                "invalid YAML: expected a single document in the stream, "
                "but found another document",
                event.start_mark.line + 1,
            )
        return value

    # -- one value --------------------------------------------------------------------------

    def _value(self, event: Any, depth: int) -> tuple[Any, int, int, int, str | None]:
        """(value, line, values it expands to, height, source text if a scalar) for the value
        that starts with `event`, at nesting `depth` (the document's value is at depth 1)."""
        cls = type(event)
        if cls is ScalarEvent and depth <= MAX_DEPTH and _is_written_text(event):
            self._written += 1
            return event.value, event.start_mark.line + 1, 1, 1, event.value
        if cls is AliasEvent:
            return self._alias(event)
        line = self._open(event, depth)
        anchor = event.anchor
        if cls is ScalarEvent:
            self._written += 1
            tag = resolve_tag(event.tag, event.implicit, event.value)
            if anchor is not None:
                self._anchors[anchor] = _Scalar(tag, event.value, line, event.style)
            return self._scalar(tag, event.value, line, event.style), line, 1, 1, event.value
        if cls is SequenceStartEvent:
            return self._sequence(event, line, depth)
        if cls is MappingStartEvent:
            return self._mapping(event, line, depth)
        raise self._fail(f"invalid YAML: unexpected {cls.__name__}", line)  # not from a parser

    def _open(self, event: Any, depth: int) -> int:
        """The line of the value `event` starts, once the depth and anchor checks pass."""
        line: int = event.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise self._fail(
                f"nesting deeper than {MAX_DEPTH} levels; a config is never this deep", line
            )
        anchor = event.anchor
        if anchor is not None and anchor in self._anchors:
            raise self._fail(
                f"invalid YAML: found duplicate anchor {anchor!r}; first occurrence, "
                "second occurrence",
                line,
            )
        return line

    def _alias(self, event: Any) -> tuple[Any, int, int, int, str | None]:
        line = event.start_mark.line + 1
        target = self._anchors.get(event.anchor)
        if target is None:
            raise self._fail(f"invalid YAML: found undefined alias {event.anchor!r}", line)
        if isinstance(target, _Scalar):
            value = self._scalar(target.tag, target.text, target.line, target.style)
            return value, target.line, 1, 1, target.text
        if target.values is None or target.height is None:
            # An anchored collection is registered when it opens: an alias to it from inside
            # would make a recursive structure.
            raise self._fail(
                f"alias *{event.anchor} refers to a value that contains it (recursive YAML)", line
            )
        return target.data, target.line, target.values, target.height, None

    def _scalar(self, tag: str, text: str, line: int, style: str | None) -> Any:
        try:
            return scalar_value(tag, text, style)
        except ScalarProblem as problem:
            raise self._fail(problem.message, line) from None

    def _collection_tag(self, event: Any, expected: str, found: str, line: int) -> None:
        try:
            check_collection_tag(event.tag, expected, found)
        except ScalarProblem as problem:
            raise self._fail(problem.message, line) from None

    def _finish(self, line: int, values: int, height: int) -> None:
        """Enforce the caps on a completed collection, counting what its aliases expand to."""
        self._written += 1
        if height > MAX_DEPTH:
            raise self._fail(
                f"aliases nest values deeper than {MAX_DEPTH} levels; a config is never this deep",
                line,
            )
        if values > self._written + MAX_ALIAS_EXPANSION:
            raise self._fail(
                f"aliases expand to more than {MAX_ALIAS_EXPANSION} extra values "
                "(a YAML alias bomb?); write the values out instead",
                line,
            )

    # -- collections ------------------------------------------------------------------------

    def _sequence(self, start: Any, line: int, depth: int) -> tuple[LineList, int, int, int, None]:
        if start.tag is not None:
            self._collection_tag(start, SEQ, "sequence", line)
        data = LineList(line)
        anchored = None if start.anchor is None else self._register(start.anchor, data, line)
        item_lines = data.item_lines
        raw = data.raw
        next_event = self._next
        values, height = 1, 1
        child_depth = depth + 1
        shallow = child_depth <= MAX_DEPTH
        while True:
            event = next_event()
            cls = type(event)
            if cls is SequenceEndEvent:
                break
            if shallow and cls is ScalarEvent and _is_written_text(event):
                # What _value would answer for text, without the call (a list of names).
                self._written += 1
                data.append(event.value)
                item_lines.append(event.start_mark.line + 1)
                values += 1
                if height == 1:
                    height = 2
                continue
            if shallow and cls is MappingStartEvent and event.anchor is None:
                # What _value would answer for a mapping (a list of projects), without the call.
                item, item_line, item_values, item_height, _ = self._mapping(
                    event, event.start_mark.line + 1, child_depth
                )
                text = None
            else:
                item, item_line, item_values, item_height, text = self._value(event, child_depth)
            if text is not None and type(item) is not str:
                raw[len(data)] = text
            data.append(item)
            item_lines.append(item_line)
            values += item_values
            if item_height >= height:
                height = item_height + 1
        self._finish(line, values, height)
        if anchored is not None:
            anchored.values, anchored.height = values, height
        return data, line, values, height, None

    def _mapping(self, start: Any, line: int, depth: int) -> tuple[LineDict, int, int, int, None]:
        if start.tag is not None:
            self._collection_tag(start, MAP, "mapping", line)
        data = LineDict(line)
        anchored = None if start.anchor is None else self._register(start.anchor, data, line)
        key_lines = data.key_lines
        next_event = self._next
        merged: list[LineDict] | None = None  # the sources of the merge key (`<<`), if any
        merge_line = 0
        values, height = 1, 1
        child_depth = depth + 1
        shallow = child_depth <= MAX_DEPTH
        text_keys = self._text_keys
        while True:
            event = next_event()
            cls = type(event)
            if cls is MappingEndEvent:
                break
            if (
                shallow
                and cls is ScalarEvent
                and event.tag is None
                and event.anchor is None
                and (not event.implicit[0] or event.value in text_keys)
            ):
                # A key read as text before (name, color, ...), or a quoted one.
                key, key_line, key_values = event.value, event.start_mark.line + 1, 1
                self._written += 1
            else:
                key, key_line, key_values = self._key(event, child_depth)
            event = next_event()
            cls = type(event)
            if (
                shallow
                and cls is ScalarEvent
                and event.tag is None
                and event.anchor is None
                and (
                    not event.implicit[0]
                    or (UNTYPED_TEXT_IS_TEXT and event.value[:1] not in _MAYBE_TYPED_STARTS)
                )
            ):
                # Text written out (_is_written_text, inlined: one call less for each value), and
                # what _value would answer for it, without the call (name: Globex).
                self._written += 1
                value, value_line, text = event.value, event.start_mark.line + 1, None
                values += key_values + 1
                if height == 1:
                    height = 2
            else:
                value, value_line, item_values, item_height, text = self._value(event, child_depth)
                values += key_values + item_values
                if item_height >= height:
                    height = item_height + 1
            if key is None:
                if merged is not None:
                    # Two merge keys in one mapping are a duplicate key like any other, and
                    # YAML libraries disagree on which would win.
                    raise self._fail(f"duplicate key '<<' (first on line {merge_line})", key_line)
                merged, merge_line = merge_sources(value, value_line, self._fail), key_line
                continue
            if key in data:
                raise self._fail(
                    f"duplicate key {clip(key)!r} (first on line {key_lines[key]})", key_line
                )
            data[key] = value
            key_lines[key] = key_line
            if value_line != key_line:
                data.set_value_line(key, value_line)  # else the key's line is the value's
            if text is not None and type(value) is not str:
                data.set_raw(key, text)
        if merged:
            merge_into(data, merged)
        self._finish(line, values, height)
        if anchored is not None:
            anchored.values, anchored.height = values, height
        return data, line, values, height, None

    def _register(self, anchor: str, data: Any, line: int) -> _Collection:
        anchored = self._anchors[anchor] = _Collection(data, line)
        return anchored

    def _key(self, event: Any, depth: int) -> tuple[str | None, int, int]:
        """(key, its line, values it counts for); the key is None for a merge key (`<<`)."""
        cls = type(event)
        target = self._anchors.get(event.anchor) if cls is AliasEvent else None
        if cls is ScalarEvent:
            line = self._open(event, depth)
            self._written += 1
            text, style = event.value, event.style
            tag = resolve_tag(event.tag, event.implicit, text)
            if event.anchor is not None:
                self._anchors[event.anchor] = _Scalar(tag, text, line, style)
        elif isinstance(target, _Scalar):
            tag, text, line, style = target.tag, target.text, target.line, target.style
        else:
            # A list or mapping (perhaps through an alias): read it for its own errors first.
            line = self._value(event, depth)[1]
            raise self._fail("a key must be plain text, not a list or mapping", line)
        if tag == MERGE:
            return None, line, 1
        key = self._key_text(self._scalar(tag, text, line, style), text, line)
        if cls is ScalarEvent and event.tag is None and len(self._text_keys) < _MAX_TEXT_KEYS:
            self._text_keys.add(key)
        return key, line, 1

    def _key_text(self, key: Any, text: str, line: int) -> str:
        if type(key) is not str:
            kind = {bool: "a boolean", type(None): "null"}.get(type(key), "a number or date")
            raise self._fail(
                f"the key {clip(text)!r} is read as {kind}, not text; "
                f'put it in quotes: "{clip(text)}"',
                line,
            )
        return key


# The first characters of plain scalars that may be read as something other than text, and ""
# (the empty scalar, null): for a plain scalar, _is_written_text is `text[:1] not in` this set.
_MAYBE_TYPED_STARTS = TYPED_FIRST_CHARS | {""}


def _is_written_text(event: Any) -> bool:
    """Whether a scalar event is text written out: no tag, no anchor, and quoted or plain with a
    first character that starts no other type. The bulk of a config; anything else is left to
    the resolver."""
    if event.tag is not None or event.anchor is not None:
        return False
    if not event.implicit[0]:
        return True  # quoted
    return UNTYPED_TEXT_IS_TEXT and event.value[:1] not in _MAYBE_TYPED_STARTS
