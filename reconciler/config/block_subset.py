"""A quick reader for the plain block-style YAML that `export` writes and most people write by hand.

Reading a big config through PyYAML costs a Python event object and two Mark objects per event
(some 420,000 events for 50,000 projects) before compose.py builds anything. Most configs use a
small corner of YAML: block mappings of word keys, block sequences, and one-line scalars. This
module reads exactly that corner with one regular expression and one pass over its lines, and
answers what the full path (compose.EventBuilder over PyYAML's events) answers: the same values
and types, the same LineDict/LineList lines, raw texts and key order.

Whatever it does not fully understand, it declines (returns None) and the full path reads the
file: tabs and other characters outside plain printable text, directives and document markers,
anchors, aliases, tags, flow collections, block scalars, scalars over several lines, complex
keys, double-quoted scalars with escapes, keys that are not simple words or not text, duplicate
keys, empty list items, indentation it cannot place, nesting past the depth cap, and scalars the
full path would refuse. So every error, with its FILE:LINE, still comes from the full path.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from reconciler.config.compose import MAX_DEPTH
from reconciler.config.lines import LineDict, LineList
from reconciler.config.scalars import (
    STR,
    TYPED_FIRST_CHARS,
    UNTYPED_TEXT_IS_TEXT,
    ScalarProblem,
    resolve_tag,
    scalar_value,
)

# Anything but plain printable text on lines broken by "\n": tabs, CR, NEL and the Unicode line
# separators (line breaks to YAML), the byte-order mark, and what YAML does not allow at all.
# Written as the characters it finds, the complement of
# [\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]:
# re compiles that negated form in about 5 ms, on every run.
_OUTSIDE_SUBSET = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)

# The characters a plain scalar may not start with (a "-" may, before a digit or ".": -5, -.inf).
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
# A plain scalar after its first character: words separated by spaces, none starting with "#"
# (" #" starts a comment), and a colon only before more text (": " and a final ":" make a key).
_PLAIN_WORD_REST = r"[^ :\n]*+(?::++[^ :\n]++)*+"
_PLAIN_REST = _PLAIN_WORD_REST + r"(?: ++(?:[^ :#\n]|:++[^ :\n])" + _PLAIN_WORD_REST + r")*+"
_PLAIN = r"(?:[^" + re.escape(_INDICATORS) + r" \n]|-(?=[0-9.]))" + _PLAIN_REST
# A plain scalar whose first character starts no other type: text as written. (None if PyYAML's
# resolver tries a pattern on every plain scalar.)
_TEXT_PLAIN = (
    r"[^" + re.escape(_INDICATORS + "".join(sorted(TYPED_FIRST_CHARS))) + r" \n]" + _PLAIN_REST
    if UNTYPED_TEXT_IS_TEXT
    else None
)
# One line, in groups that are empty when absent and never empty when present (except the
# first): its indentation and list dash, a word key with its colon, and a one-line scalar: text
# as it reads (single-quoted with no '' inside, or plain starting as no other type does), or any
# other scalar as written, quotes included. Then a comment, if any. A line outside the subset
# does not match, nor does any line the full path would read differently.
# The possessive quantifiers keep matching linear on hostile lines; Python's re has them from
# 3.11 on. Before that, the quick reader is off and every file goes through the parser.
_LINE: re.Pattern[str] | None = (
    re.compile(
        r"^( *+(?:- +|-$)?)"
        r"(?:([A-Za-z_][A-Za-z0-9_]{0,127}):(?: +|$))?"
        r"(?:(?:'([^'\n]++)'(?!')"
        + (r"|(" + _TEXT_PLAIN + ")" if _TEXT_PLAIN else "((?!))")
        + r"|('[^'\n]*+(?:''[^'\n]*+)*+'|\"[^\"\\\n]*+\"|"
        + _PLAIN
        + r"))(?: ++#.*+)?|#.*+)?+ *+$",
        re.MULTILINE,
    )
    if sys.version_info >= (3, 11)
    else None
)

# An open container: the container; the indentation (and dash, for a list) of the lines that
# continue it; its column; whether it is a list; whether it is a list at its mapping's own column
# ("key:", then "- item" lines at the key's column); and the indentation of the lines that
# continue the container around it (None for the document's value).
_Frame = tuple[Any, "str | None", int, bool, bool, "str | None"]


class _Decline(Exception):
    """The text is outside the subset: the full path reads it."""


def read_block_subset(text: str) -> LineDict | LineList | None:
    """The document in `text` if it lies in the subset, else None (read it the full way)."""
    if _LINE is None or _OUTSIDE_SUBSET.search(text) is not None:
        return None
    lines = _LINE.findall(text)
    # Each line matches at most once: fewer matches than lines means a line outside the subset.
    if len(lines) != text.count("\n") + 1:
        return None
    try:
        return _build(lines)
    except _Decline:
        return None


def _build(lines: list[tuple[str, str, str, str, str]]) -> LineDict | LineList:
    """The document from the groups of _LINE for every line, in one pass.

    The innermost open container is kept in locals (the _Frame fields, unpacked), the ones
    around it on a stack. Most lines continue the innermost container or go back to the one
    around it (the next project of a list); _place decides the rest."""
    text_keys: set[str] = set()  # word keys known to be text: the same few repeat on every item
    outer: list[_Frame] = []
    root: LineDict | LineList | None = None
    top: Any = None
    top_prefix: str | None = None
    top_col = -1
    top_is_list = top_indentless = False
    outer_prefix: str | None = None
    top_keys: dict[str, int] = {}  # the key lines of `top`, when a mapping
    pending_key: str | None = None  # a key of `top` with nothing after it on its line
    for number, (prefix, key, quoted, plain, other) in enumerate(lines, 1):
        if prefix != top_prefix or pending_key is not None:
            if not (key or quoted or plain or other):
                if "-" in prefix:
                    raise _Decline  # an empty list item
                continue  # blank or comment
            if prefix == outer_prefix and pending_key is None:
                # Back to the container around: the next item of a list, most often.
                top, top_prefix, top_col, top_is_list, top_indentless, outer_prefix = outer.pop()
            else:
                current = (top, top_prefix, top_col, top_is_list, top_indentless, outer_prefix)
                placed = _place(outer, current, prefix, number, pending_key)
                top, top_prefix, top_col, top_is_list, top_indentless, outer_prefix = placed
                pending_key = None
                if root is None:
                    root = top
            if not top_is_list:
                top_keys = top.key_lines
        if top_is_list:
            if key:
                # "- key: ...": a mapping item, its keys at the column of this one.
                if len(outer) + 2 >= MAX_DEPTH:
                    raise _Decline  # nested past the cap: the full path says so
                item = LineDict(number)
                top.append(item)
                top.item_lines.append(number)
                outer.append((top, top_prefix, top_col, top_is_list, top_indentless, outer_prefix))
                outer_prefix = top_prefix
                top_col = len(prefix)
                top, top_prefix, top_is_list, top_indentless = item, " " * top_col, False, False
                top_keys = item.key_lines
            elif quoted or plain or other:
                if other:
                    value, is_text = _scalar(other)
                    if not is_text:
                        top.raw[len(top)] = other
                    top.append(value)
                else:
                    top.append(quoted or plain)
                top.item_lines.append(number)
                continue
            else:
                raise _Decline  # an empty list item
        elif not key:
            if quoted or plain or other:
                raise _Decline  # a scalar alone on its line
            continue  # blank or comment
        if key not in text_keys:
            if resolve_tag(None, (True, False), key) != STR:
                raise _Decline  # a key read as something else (yes, null): the full path refuses
            text_keys.add(key)
        if key in top_keys:
            raise _Decline  # a duplicate key: the full path names both lines
        top_keys[key] = number
        if quoted:
            top[key] = quoted
        elif plain:
            top[key] = plain
        elif other:
            value, is_text = _scalar(other)
            top[key] = value
            if not is_text:
                top.set_raw(key, other)
        else:
            pending_key = key
    if pending_key is not None:
        _set_null(top, pending_key)
    if root is None:
        raise _Decline  # an empty document: the full path answers None
    return root


def _place(
    outer: list[_Frame],
    current: _Frame,
    prefix: str,
    number: int,
    pending_key: str | None,
) -> _Frame:
    """The open container the line `number` (indentation and dash `prefix`) belongs to: the
    document's value on its first line, the value of the pending key if nested under it, else
    the one it continues, once the containers it is outside of are closed."""
    top, top_prefix, top_col, top_is_list, top_indentless, outer_prefix = current
    stripped = prefix.lstrip(" ")
    col = len(prefix) - len(stripped)
    dash = stripped != ""
    if top is None:
        return (LineList(number) if dash else LineDict(number)), prefix, col, dash, False, None
    if pending_key is not None:
        if col > top_col or (dash and col == top_col):
            # The pending key's value is the list or mapping that starts on this line (a
            # scalar there is then declined as a lone scalar).
            if len(outer) + 2 >= MAX_DEPTH:
                raise _Decline  # nested past the cap: the full path says so
            child = LineList(number) if dash else LineDict(number)
            top[pending_key] = child
            top.set_value_line(pending_key, number)
            outer.append(current)
            return child, prefix, col, dash, col == top_col, top_prefix
        _set_null(top, pending_key)  # nothing nested under the key
    # Close the containers the line is outside of: those deeper than its column, and a list at
    # its mapping's column when a key comes back to that column.
    while outer and (col < top_col or (col == top_col and top_indentless and not dash)):
        top, top_prefix, top_col, top_is_list, top_indentless, outer_prefix = outer.pop()
    if col != top_col or top_is_list != dash:
        # Indentation that matches no open container (or more after the document's value), a
        # list item among keys, or a key among list items.
        raise _Decline
    return top, top_prefix, top_col, top_is_list, top_indentless, outer_prefix


def _set_null(mapping: LineDict, key: str) -> None:
    """A key with nothing after it and nothing nested: null, written as the empty text."""
    mapping[key] = None
    mapping.set_raw(key, "")


def _scalar(written: str) -> tuple[Any, bool]:
    """(value, whether it is text) of a one-line scalar as written (quotes included), as the
    full path reads it."""
    first = written[0]
    if first == "'":
        return written[1:-1].replace("''", "'"), True
    if first == '"':
        return written[1:-1], True
    tag = resolve_tag(None, (True, False), written)
    if tag == STR:
        return written, True
    try:
        return scalar_value(tag, written, None), False
    except ScalarProblem:
        raise _Decline from None  # the full path names the problem and the line
