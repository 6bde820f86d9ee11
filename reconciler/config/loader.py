"""The YAML layer of reading a config: bytes in, a document of LineDict/LineList out, or one
ConfigError at FILE:LINE. The schema and semantic checks come after it (see reading.py).

The YAML loader is a safe loader that remembers the line of every mapping, key and item (see
lines.py), rejects duplicate keys and any tag beyond plain YAML data, and bounds the work hostile
input can cause: file size, nesting depth and alias expansion ("billion laughs") are all capped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from reconciler.config.lines import LineDict, LineList
from reconciler.errors import ConfigError, clip

MAX_FILE_BYTES = 5 * 1024 * 1024
# A config needs about 6 levels (top, clients, client, projects, project, value); generous headroom,
# yet far below what would exhaust Python's recursion limit in later checks.
MAX_DEPTH = 32
# Aliases may add at most this many values beyond those written out in the file.
MAX_ALIAS_EXPANSION = 100_000

_YAML_TAG_PREFIX = "tag:yaml.org,2002:"
_YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_ALLOWED_TAGS = {
    _YAML_TAG_PREFIX + name
    for name in ("null", "bool", "int", "float", "str", "timestamp", "seq", "map")
}


def _line(node_or_event: Any) -> int:
    return int(node_or_event.start_mark.line) + 1


def _short_tag(tag: str | None) -> str:
    if tag and tag.startswith(_YAML_TAG_PREFIX):
        return "!!" + tag[len(_YAML_TAG_PREFIX) :]
    return str(tag)


class _LineLoading(Composer, SafeConstructor):
    """Safe loading that builds LineDict/LineList and refuses what a config never needs.

    Mixed into a safe loader: the pure-Python one, or the same composer over libyaml's faster
    parser when PyYAML was built with it.
    """

    # Where a ReaderError's position counts: in bytes of UTF-8 (libyaml) or in characters.
    positions_in_bytes = False
    anchors: dict[Any, Node]
    if TYPE_CHECKING:  # provided by the parser this is mixed with; defining them would shadow it

        def check_event(self, *choices: Any) -> bool: ...
        def peek_event(self) -> Any: ...

    def _init_line_loading(self, path: str) -> None:
        self.config_path = path
        self._depth = 0
        # Per composed node: (values it expands to, counting aliases; nesting depth when expanded).
        self._expanded: dict[int, tuple[int, int]] = {}
        self._written_values = 0

    def _fail(self, message: str, line: int | None) -> ConfigError:
        return ConfigError(message, self.config_path, line)

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()
            target = self.anchors.get(event.anchor)
            # An anchored collection is registered before its children are read, so an alias to it
            # from inside would make a recursive structure.
            if target is not None and id(target) not in self._expanded:
                raise self._fail(
                    f"alias *{event.anchor} refers to a value that contains it (recursive YAML)",
                    _line(event),
                )
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise self._fail(
                    f"nesting deeper than {MAX_DEPTH} levels; a config is never this deep",
                    _line(self.peek_event()),
                )
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if node is not None:
            self._measure(node)
        return node

    def _measure(self, node: Node) -> None:
        """Record how much `node` expands to once aliases are followed, and enforce the caps."""
        self._written_values += 1
        if isinstance(node, SequenceNode):
            children: list[Node] = list(node.value)
        elif isinstance(node, MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        values, depth = 1, 1
        for child in children:
            child_values, child_depth = self._expanded[id(child)]
            values += child_values
            depth = max(depth, child_depth + 1)
        if depth > MAX_DEPTH:
            raise self._fail(
                f"aliases nest values deeper than {MAX_DEPTH} levels; a config is never this deep",
                _line(node),
            )
        if values > self._written_values + MAX_ALIAS_EXPANSION:
            raise self._fail(
                f"aliases expand to more than {MAX_ALIAS_EXPANSION} extra values "
                "(a YAML alias bomb?); write the values out instead",
                _line(node),
            )
        self._expanded[id(node)] = (values, depth)

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        if node.tag not in _ALLOWED_TAGS:
            raise self._fail(
                f"unsupported YAML tag {clip(_short_tag(node.tag))}: a config holds only mappings, "
                "lists, text, numbers, booleans and null",
                _line(node),
            )
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:
            # e.g. 2024-13-45 (matches the date pattern, not a date) or an integer too long to read.
            raw = clip(node.value) if isinstance(node, ScalarNode) else ""
            reason = clip(str(exc), 80)
            raise self._fail(
                f"cannot read {raw!r} ({reason}); put it in quotes if it is text", _line(node)
            ) from None

    def _key(self, key_node: Node) -> str:
        if not isinstance(key_node, ScalarNode):
            raise self._fail("a key must be plain text, not a list or mapping", _line(key_node))
        key = self.construct_object(key_node)
        if not isinstance(key, str):
            kind = {bool: "a boolean", type(None): "null"}.get(type(key), "a number or date")
            raise self._fail(
                f"the key {clip(key_node.value)!r} is read as {kind}, not text; "
                f'put it in quotes: "{clip(key_node.value)}"',
                _line(key_node),
            )
        return key

    def fill_mapping(self, data: LineDict, node: MappingNode) -> None:
        # Duplicates are checked among the keys written here; keys merged in with `<<` may be
        # overridden, as YAML intends.
        first_lines: dict[str, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == _YAML_TAG_PREFIX + "merge":
                continue
            key = self._key(key_node)
            if key in first_lines:
                raise self._fail(
                    f"duplicate key {clip(key)!r} (first on line {first_lines[key]})",
                    _line(key_node),
                )
            first_lines[key] = _line(key_node)
        self.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = self._key(key_node)
            data[key] = self.construct_object(value_node)
            data.key_lines[key] = _line(key_node)
            data.value_lines[key] = _line(value_node)
            if isinstance(value_node, ScalarNode):
                data.raw[key] = value_node.value
            else:
                data.raw.pop(key, None)

    def fill_sequence(self, data: LineList, node: SequenceNode) -> None:
        for index, item_node in enumerate(node.value):
            data.append(self.construct_object(item_node))
            data.item_lines.append(_line(item_node))
            if isinstance(item_node, ScalarNode):
                data.raw[index] = item_node.value


def _construct_map(loader: _LineLoading, node: MappingNode) -> Iterator[LineDict]:
    data = LineDict(_line(node))
    yield data
    loader.fill_mapping(data, node)


def _construct_seq(loader: _LineLoading, node: SequenceNode) -> Iterator[LineList]:
    data = LineList(_line(node))
    yield data
    loader.fill_sequence(data, node)


class PureLineLoader(_LineLoading, yaml.SafeLoader):
    """Line-tracking safe loading over PyYAML's pure-Python parser (always available)."""

    def __init__(self, text: str, path: str) -> None:
        yaml.SafeLoader.__init__(self, text)
        self._init_line_loading(path)


# The loaders available, preferred first: read_yaml uses LOADERS[0].
LOADERS: list[type[_LineLoading]] = [PureLineLoader]
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class FastLineLoader(_LineLoading, CParser, Resolver):
        """The same loading over libyaml's parser: several times faster on big files."""

        positions_in_bytes = True

        def __init__(self, text: str, path: str) -> None:
            CParser.__init__(self, text)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)
            self._init_line_loading(path)

    LOADERS.insert(0, FastLineLoader)

for _loader in LOADERS:
    _loader.add_constructor(_YAML_TAG_PREFIX + "map", _construct_map)  # type: ignore[type-var]
    _loader.add_constructor(_YAML_TAG_PREFIX + "seq", _construct_seq)  # type: ignore[type-var]


def _decode(data: bytes, path: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise ConfigError(
            f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB; "
            "a config is never this big",
            path,
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = _line_at(data[: exc.start].decode("utf-8", errors="replace"))
        bad = data[exc.start : exc.start + 1].hex()
        raise ConfigError(
            f"not valid UTF-8 (byte 0x{bad}); save the file as UTF-8", path, line
        ) from None


def _line_at(before: str) -> int:
    """The line that starts after `before`, counting line breaks as YAML does."""
    return len(_YAML_LINE_BREAK.findall(before)) + 1


def _yaml_error(
    exc: yaml.YAMLError, text: str, path: str, positions_in_bytes: bool = False
) -> ConfigError:
    if isinstance(exc, yaml.reader.ReaderError):
        if positions_in_bytes:
            before = text.encode("utf-8")[: exc.position].decode("utf-8", errors="replace")
        else:
            before = text[: exc.position]
        line = _line_at(before)
        return ConfigError(f"character U+{exc.character:04X} is not allowed in YAML", path, line)
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            # PyYAML splits one sentence in two: "while parsing a flow node", "expected ...".
            problem = f"{exc.context}, {exc.problem}"
        return ConfigError(f"invalid YAML: {problem}", path, mark.line + 1 if mark else None)
    return ConfigError(f"invalid YAML: {exc}", path)


def read_yaml(text: str, path: str = "<string>", loader_class: Any = None) -> Any:
    """Parse one YAML document into LineDict/LineList/scalars; None for an empty document."""
    loader_class = loader_class or LOADERS[0]
    try:
        # The pure-Python reader checks the characters already on construction.
        loader = loader_class(text, path)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, path, loader_class.positions_in_bytes) from None


def read_document(data: bytes, path: str) -> LineDict:
    """The YAML document in `data`: a mapping whose entries remember their lines."""
    document = read_yaml(_decode(data, path), path)
    if document is None:
        raise ConfigError("the file is empty; it needs at least 'version' and 'workspace'", path, 1)
    if not isinstance(document, LineDict):
        kind = "a list" if isinstance(document, LineList) else f"the value {document!r}"
        raise ConfigError(
            f"the top level must be a mapping with 'version', 'workspace', ...; found {kind}",
            path,
            getattr(document, "line", 1),
        )
    return document


def read_config_file(name: str) -> bytes:
    """The bytes of the config file `name`, refusing what is not a regular, readable file."""
    if not os.path.exists(name):
        raise ConfigError("no such file", name)
    if os.path.isdir(name):
        raise ConfigError("is a directory, not a config file", name)
    try:
        with open(name, "rb") as stream:
            # Read one byte past the cap, so special files (/dev/zero) cannot make us read forever.
            return stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"cannot read the file: {exc.strerror or exc}", name) from None
