"""What a YAML scalar means in a config: its type as YAML 1.1 safe loading reads it (PyYAML's
resolver decides, its SafeConstructor converts), and the tags a config may use at all."""

from __future__ import annotations

from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from reconciler.errors import clip

YAML_TAG_PREFIX = "tag:yaml.org,2002:"
STR = YAML_TAG_PREFIX + "str"
SEQ = YAML_TAG_PREFIX + "seq"
MAP = YAML_TAG_PREFIX + "map"
MERGE = YAML_TAG_PREFIX + "merge"
SCALAR_TAGS = frozenset(
    YAML_TAG_PREFIX + name for name in ("null", "bool", "int", "float", "str", "timestamp")
)
ALLOWED_TAGS = SCALAR_TAGS | {SEQ, MAP}

# A plain scalar whose first character starts no implicit type (a name like "Globex") is text:
# no pattern needs to be tried. Resolver.resolve decides every other case.
TYPED_FIRST_CHARS = frozenset(key for key in Resolver.yaml_implicit_resolvers if key)
# A resolver registered for every first character (None) would make every plain scalar a candidate.
UNTYPED_TEXT_IS_TEXT = None not in Resolver.yaml_implicit_resolvers

_RESOLVER = Resolver()
_CONSTRUCTOR = SafeConstructor()


class ScalarProblem(Exception):
    """A scalar or tag a config cannot hold; the message says why (the caller adds the line)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def short_tag(tag: str | None) -> str:
    if tag and tag.startswith(YAML_TAG_PREFIX):
        return "!!" + tag[len(YAML_TAG_PREFIX) :]
    return str(tag)


def resolve_tag(tag: str | None, implicit: tuple[bool, bool], text: str) -> str:
    """The tag of a scalar event: the one written, else the type its text implies."""
    if tag is None:
        if not implicit[0]:
            return STR  # quoted: always text
        if text and text[0] not in TYPED_FIRST_CHARS and UNTYPED_TEXT_IS_TEXT:
            return STR
    elif tag != "!":
        return tag
    resolved: str = _RESOLVER.resolve(ScalarNode, text, implicit)
    return resolved


def unsupported(tag: str | None) -> ScalarProblem:
    return ScalarProblem(
        f"unsupported YAML tag {clip(short_tag(tag))}: a config holds only mappings, lists, "
        "text, numbers, booleans and null"
    )


def scalar_value(tag: str, text: str, style: str | None) -> Any:
    """The value of a scalar with this (resolved) tag; ScalarProblem if it cannot be one."""
    if tag == STR:
        return text
    if tag not in SCALAR_TAGS:
        if tag in ALLOWED_TAGS:
            kind = "sequence" if tag == SEQ else "mapping"
            raise ScalarProblem(f"invalid YAML: expected a {kind} node, but found scalar")
        raise unsupported(tag)
    try:
        return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, text, style=style))
    except (ValueError, OverflowError) as exc:
        # e.g. 2024-13-45 (matches the date pattern, not a date) or an integer too long to read.
        reason = clip(str(exc), 80)
    except (KeyError, AttributeError, TypeError):
        # An explicit tag the text does not fit, e.g. !!bool maybe.
        reason = f"not a valid {short_tag(tag)}"
    raise ScalarProblem(f"cannot read {clip(text)!r} ({reason}); put it in quotes if it is text")


def check_collection_tag(tag: str | None, expected: str, found: str) -> None:
    """Refuse a tag on a list or mapping other than its own (`found`: sequence or mapping)."""
    if tag is None or tag == "!" or tag == expected:
        return
    if tag not in ALLOWED_TAGS:
        raise unsupported(tag)
    kind = "scalar" if tag in SCALAR_TAGS else ("mapping" if tag == MAP else "sequence")
    raise ScalarProblem(f"invalid YAML: expected a {kind} node, but found {found}")
