"""The YAML layer of reading a config: bytes in, a document of LineDict/LineList out, or one
ConfigError at FILE:LINE. The schema and semantic checks come after it (see reading.py).

The YAML is read safely into LineDict/LineList, which remember the line of every mapping, key and
item (see lines.py and compose.py): duplicate keys and any tag beyond plain YAML data are refused,
and the work hostile input can cause is bounded (file size here; nesting depth and alias expansion
in compose.py). libyaml's parser is used when PyYAML was built with it, else the pure-Python one;
the plain block style that `export` writes is first tried by a quicker reader (block_subset.py).
"""

from __future__ import annotations

import os
import re
from typing import Any

import yaml
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from reconciler.config.block_subset import read_block_subset
from reconciler.config.compose import EventBuilder
from reconciler.config.lines import LineDict, LineList
from reconciler.errors import ConfigError

MAX_FILE_BYTES = 5 * 1024 * 1024

_YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


class PureLineLoader(Reader, Scanner, Parser):
    """YAML events from PyYAML's pure-Python parser (always available)."""

    # Where a ReaderError's position counts: in characters here, in bytes of UTF-8 for libyaml.
    positions_in_bytes = False

    def __init__(self, text: str) -> None:
        # The reader checks the characters already here.
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)


# The parsers available, preferred first: read_yaml uses LOADERS[0].
LOADERS: list[Any] = [PureLineLoader]
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class FastLineLoader(CParser):
        """YAML events from libyaml's parser: several times faster on big files."""

        positions_in_bytes = True

    LOADERS.insert(0, FastLineLoader)


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
    """Parse one YAML document into LineDict/LineList/scalars; None for an empty document.

    Without a `loader_class`, the plain block style most configs are written in is read by the
    quick reader (block_subset.py), which answers the same; anything else, and every error,
    goes through the parser."""
    if loader_class is None:
        document = read_block_subset(text)
        if document is not None:
            return document
        loader_class = LOADERS[0]
    try:
        parser = loader_class(text)
        try:
            return EventBuilder(parser.get_event, path).document()
        finally:
            parser.dispose()
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
