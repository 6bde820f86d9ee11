"""The quick reader of plain block-style YAML answers exactly what the parser path answers, or
declines.

The parser path (compose.EventBuilder over PyYAML's events, with each loader) is the reference:
documents are generated from pieces of YAML inside and just outside the subset, and whenever the
quick reader answers, its answer must equal the reference's in every value, type, line, raw text
and key order.
"""

from __future__ import annotations

import datetime
import math
import re
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconciler.config import block_subset, loader
from reconciler.config.block_subset import read_block_subset
from reconciler.config.compose import MAX_DEPTH
from reconciler.config.lines import LineDict, LineList
from reconciler.config.loader import read_document, read_yaml
from reconciler.errors import ConfigError

# Before Python 3.11 the quick reader is off (its pattern needs possessive quantifiers): what
# these tests compare does not exist there, and every file takes the parser path.
needs_quick_reader = pytest.mark.skipif(
    block_subset._LINE is None, reason="the quick reader needs Python 3.11's re"
)
pytestmark = needs_quick_reader

AGREEMENT = settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


def assert_same(quick: Any, reference: Any, where: str = "$") -> None:
    """Equal in every value, type, key order, line and raw text, all the way down."""
    assert type(quick) is type(reference), where
    if isinstance(reference, LineDict):
        assert list(quick) == list(reference), where
        assert quick.line == reference.line, where
        assert quick.key_lines == reference.key_lines, where
        assert dict(quick.value_lines) == dict(reference.value_lines), where
        assert dict(quick.raw) == dict(reference.raw), where
        for key in reference:
            assert_same(quick[key], reference[key], f"{where}.{key}")
    elif isinstance(reference, LineList):
        assert len(quick) == len(reference), where
        assert quick.line == reference.line, where
        assert quick.item_lines == reference.item_lines, where
        assert quick.raw == reference.raw, where
        for index, item in enumerate(reference):
            assert_same(quick[index], item, f"{where}[{index}]")
    elif isinstance(reference, float) and math.isnan(reference):
        assert math.isnan(quick), where
    else:
        assert quick == reference, where


def check_agreement(text: str) -> Any:
    """The quick reader's answer to `text` (None if it declined), checked against every loader."""
    quick = read_block_subset(text)
    for loader_class in loader.LOADERS:
        try:
            reference = read_yaml(text, "t.yaml", loader_class)
        except ConfigError:
            assert quick is None, f"answered where {loader_class.__name__} refuses:\n{text}"
            continue
        if quick is not None:
            assert_same(quick, reference)
    return quick


# -- a grammar of YAML pieces -----------------------------------------------------------------

# Scalars inside the subset: text, what YAML 1.1 reads as other types, quotes with '' escapes,
# "#" and ": " inside quotes, "#" inside plain text, unicode.
INSIDE_SCALARS = [
    "Globex",
    "P002933",
    "Client 00001",
    "a  b",
    "a#b",
    "a:b",
    "http://example.com/x",
    "yes",
    "No",
    "on",
    "OFF",
    "y",
    "n",
    "true",
    "False",
    "2024",
    "-5",
    "+12",
    "0o7",
    "0x1F",
    "1_000",
    "1:30",
    "3.5e3",
    ".5",
    "-.inf",
    ".NaN",
    "~",
    "null",
    "Null",
    "2024-01-31",
    "2001-12-14t21:59:43.10-05:00",
    "Noël",
    "日本語",
    "a\u00a0b",
    "New P1",
    "'single'",
    "'it''s'",
    "''",
    "''''",
    "'# not a comment'",
    "'a: b'",
    "'  padded  '",
    '"double"',
    '""',
    '"a: b # c"',
    '"it\'s"',
]
# Scalars just outside it (or not YAML at all): the parser path reads or refuses them.
OUTSIDE_SCALARS = [
    "2024-13-45",
    "1e400",
    "=",
    "<<",
    "--",
    "---",
    "...",
    "- a",
    "?x",
    "? x",
    ":x",
    "x:",
    "x: y",
    "!x",
    "!!str 5",
    "&a x",
    "*a",
    "[1, 2]",
    "{a: 1}",
    "|",
    ">",
    "%x",
    "@x",
    "`x",
    "'unclosed",
    "'a'b",
    "'a'#b",
    '"a\\tb"',
    '"a\\"',
    '"unclosed',
    "a\tb",
    "a,b",
    ",a",
    "#x",
]
SCALAR_ALPHABET = "aZ09 #:'\"-,[]{}&*!|>%@`?~.\\é\u00a0\u2028\x85\t"
KEYS = ["name", "color", "notes", "state", "a", "_x", "Key2", "yes", "null", "on", "y"]
ODD_KEYS = ["a b", "'q'", '"q"', "2024", "<<", "-x", "x-y", "?", "a" * 130, "é"]
TRAILERS = ["", "", "", "  ", " # note", "  #: x", "#x", " #"]
EXTRA_LINES = ["", "   ", "# comment", "  # indented comment", "      #"]
ODD_LINES = ["---", "...", "%YAML 1.1", "\ta: 1", "a: 1\r", "\ufeffa: 1", "x", "- ", "-", "? a"]


def just_outside(data: st.DataObject, inside: bool) -> bool:
    """Whether to draw a piece from outside the subset (one time in twelve, when
    allowed: a document holds many pieces, and one outside piece is often enough to decline)."""
    return not inside and data.draw(st.integers(0, 11)) == 0


def draw_scalar(data: st.DataObject, inside: bool) -> str:
    if not just_outside(data, inside):
        return data.draw(st.sampled_from(INSIDE_SCALARS))
    return data.draw(
        st.one_of(
            st.sampled_from(OUTSIDE_SCALARS),
            st.text(alphabet=SCALAR_ALPHABET, min_size=1, max_size=8),
        )
    )


def draw_trailer(data: st.DataObject, inside: bool) -> str:
    return data.draw(st.sampled_from(TRAILERS if just_outside(data, inside) else TRAILERS[:5]))


def extras(data: st.DataObject, inside: bool) -> list[str]:
    if data.draw(st.integers(0, 3)) != 0:
        return []
    return [data.draw(st.sampled_from(EXTRA_LINES))]


def render_mapping(
    data: st.DataObject, indent: int, depth: int, inside: bool, first_prefix: str | None = None
) -> list[str]:
    lines: list[str] = []
    keys = data.draw(
        st.lists(
            st.sampled_from(ODD_KEYS if just_outside(data, inside) else KEYS),
            min_size=1,
            max_size=3,
            unique=inside,
        )
    )
    for index, key in enumerate(keys):
        if inside and key in ("yes", "null", "on"):
            key = key.upper() + "_"  # a key read as text
        lead = first_prefix if index == 0 and first_prefix is not None else " " * indent
        colon = ":" + data.draw(
            st.sampled_from(["", " "] if just_outside(data, inside) else [" ", "  "])
        )
        kinds = ["scalar", "scalar", "empty"] + (["map", "list"] if depth < 5 else [])
        kind = data.draw(st.sampled_from(kinds))
        if kind == "scalar":
            lines.append(
                lead + key + colon + draw_scalar(data, inside) + draw_trailer(data, inside)
            )
        else:
            lines.append(lead + key + ":" + draw_trailer(data, inside))
            lines += extras(data, inside)
            if kind == "map":
                step = data.draw(st.integers(1, 3))
                lines += render_mapping(data, indent + step, depth + 1, inside)
            elif kind == "list":
                step = data.draw(st.integers(0, 2))  # 0: the list at its key's column
                lines += render_list(data, indent + step, depth + 1, inside)
        lines += extras(data, inside)
    return lines


def render_list(data: st.DataObject, indent: int, depth: int, inside: bool) -> list[str]:
    lines: list[str] = []
    for _ in range(data.draw(st.integers(1, 3))):
        dash = " " * indent + "-" + " " * data.draw(st.integers(1, 2))
        kinds = ["nested", "empty"] if just_outside(data, inside) else ["scalar", "map"]
        kind = data.draw(st.sampled_from(kinds if depth < 5 else ["scalar"]))
        if kind == "scalar":
            lines.append(dash + draw_scalar(data, inside) + draw_trailer(data, inside))
        elif kind == "map":
            lines += render_mapping(data, len(dash), depth + 1, inside, first_prefix=dash)
        elif kind == "nested":
            lines.append(dash.rstrip())
            lines += render_list(data, indent + 2, depth + 1, inside)
        else:
            lines.append(dash.rstrip() + draw_trailer(data, inside))
        lines += extras(data, inside)
    return lines


def render_document(data: st.DataObject, inside: bool) -> str:
    top = data.draw(st.sampled_from(["map", "map", "list"]))
    indent = 0 if inside else data.draw(st.sampled_from([0, 0, 0, 1]))
    lines = extras(data, inside)
    if top == "map":
        lines += render_mapping(data, indent, 1, inside)
    else:
        lines += render_list(data, indent, 1, inside)
    if not inside and data.draw(st.integers(0, 3)) == 0:
        # Disturb one line: an odd line in its place, or its indentation one column off.
        at = data.draw(st.integers(0, len(lines) - 1))
        if data.draw(st.booleans()):
            lines[at] = data.draw(st.sampled_from(ODD_LINES))
        else:
            lines[at] = (" " + lines[at]) if data.draw(st.booleans()) else lines[at][1:]
    end = data.draw(st.sampled_from(["\n", "", "\n\n", "\n  \n"]))
    return "\n".join(lines) + end


@AGREEMENT
@given(st.data())
def test_whenever_the_quick_reader_answers_it_answers_what_the_parser_answers(
    data: st.DataObject,
) -> None:
    check_agreement(render_document(data, inside=False))


@AGREEMENT
@given(st.data())
def test_the_quick_reader_answers_every_document_of_its_subset(data: st.DataObject) -> None:
    text = render_document(data, inside=True)
    assert check_agreement(text) is not None, text


# -- examples ---------------------------------------------------------------------------------

EXPORTED = """\
# Toggl Track clients and projects of workspace 42, exported by toggl-reconciler.
version: 1
workspace: 42
unmanaged: ignore
clients:
  - name: Globex
    notes: "Account: 7 # kept"
    projects:
      - name: Apollo
        color: '#123456'
      - name: It's 2024
        state: archived
        billable: yes
projects:
  - name: Internal
    color: '#0b83d9'
"""


def test_an_exported_config_is_read_with_its_lines_and_raw_texts() -> None:
    document = check_agreement(EXPORTED)
    assert document is not None
    client = document["clients"][0]
    assert document.value_line("clients") == 6 and client.line == 6
    assert client["notes"] == "Account: 7 # kept"
    project = client["projects"][1]
    assert project.line == 11 and project["name"] == "It's 2024"
    assert project["billable"] is True and project.raw == {"billable": "yes"}
    assert document["workspace"] == 42 and document.raw["workspace"] == "42"
    assert document["projects"][0]["color"] == "#0b83d9"


@pytest.mark.parametrize(
    "text",
    [
        "a:\n- x\n- y\nb: 1\n",  # a list at its key's column
        "- a:\n  - x\n  b: ~\n",
        "a:\nb:\n  c:\n",  # empty values: null, written as ""
        "a: 'it''s'\nb: ''\nc: \"\"\n",
        "a:    b   # note\n\n   # a comment anywhere\nc: d#e\n",
        "-  a: 1\n   b: 2\n-   x\n",  # wider dashes
        "k: 2024-01-31\nt: 1:30\nn: .nan\no: 0o7\n",
    ],
)
def test_documents_inside_the_subset_are_answered(text: str) -> None:
    assert check_agreement(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "a:\tb\n",  # tabs
        "a: b\tc\n",
        "a: b\r\nc: d\r\n",  # CR
        "\ufeffa: b\n",  # a byte-order mark left in the text
        "a: b\u2028c\n",  # a line break to YAML
        "%YAML 1.1\n---\na: b\n",  # a directive
        "---\na: b\n",  # document markers
        "a: b\n...\n",
        "a: &x b\nc: *x\n",  # an anchor, an alias
        "a: !!str 5\n",  # a tag
        "a: [1, 2]\n",  # flow collections
        "a: {b: 1}\n",
        "a: |\n  text\n",  # block scalars
        "a: >\n  text\n",
        "a: one\n  two\n",  # a scalar over two lines
        "a:\n  text\n",  # a scalar on the line after its key
        "? a\n: b\n",  # a complex key
        'a: "tab\\there"\n',  # a double-quoted scalar with an escape
        "a b: c\n",  # keys that are not simple words
        "'a': b\n",
        "2024: b\n",
        "<<: {a: 1}\n",
        "yes: b\n",  # a word key read as a boolean (the parser path refuses it)
        "a: 1\na: 2\n",  # a duplicate key (the parser path names both lines)
        "a:\n  b: 1\n c: 2\n",  # indentation that matches no open container
        "a:\n  b: 1\n    c: 2\n",
        "  a: 1\nb: 2\n",  # more after the document's value
        "- a\nb: 1\n",  # a key among list items
        "a: 1\n- b\n",  # a list item among keys
        "- \n- a\n",  # an empty list item
        "- - a\n",  # a list item holding a list on the same line
        "a: b: c\n",  # not YAML
        "a: 2024-13-45\n",  # a scalar the parser path refuses
        "x\n",  # a lone scalar
        "",  # an empty document
        "# only a comment\n",
    ],
)
def test_constructs_outside_the_subset_are_declined(text: str) -> None:
    assert read_block_subset(text) is None
    check_agreement(text)


def nested(depth: int) -> str:
    """A document whose deepest value is at `depth` (the document's value is at depth 1)."""
    return "".join("  " * level + f"k{level}:\n" for level in range(depth - 1))[:-1] + " v\n"


def test_nesting_is_answered_up_to_the_cap_and_declined_past_it() -> None:
    assert check_agreement(nested(MAX_DEPTH)) is not None
    assert read_block_subset(nested(MAX_DEPTH + 1)) is None
    with pytest.raises(ConfigError, match="nesting deeper than"):
        read_yaml(nested(MAX_DEPTH + 1), "n.yaml")


def nested_items(lists: int) -> str:
    """A document of `lists` lists, each of one mapping item holding the next list: its deepest
    value is at depth 2 * lists + 1."""
    return "".join("  " * level + "- k:\n" for level in range(lists))[:-1] + " v\n"


def test_nesting_through_list_items_is_answered_up_to_the_cap_and_declined_past_it() -> None:
    deepest_allowed = (MAX_DEPTH - 1) // 2
    assert check_agreement(nested_items(deepest_allowed)) is not None
    assert check_agreement(nested_items(deepest_allowed + 1)) is None


def test_errors_still_come_from_the_parser_path_at_their_line() -> None:
    with pytest.raises(ConfigError) as raised:
        read_document(b"version: 1\nworkspace: 42\nversion: 2\n", "w.yaml")
    assert (raised.value.path, raised.value.line) == ("w.yaml", 3)
    assert "duplicate key 'version' (first on line 1)" in str(raised.value)


def test_read_yaml_takes_the_quick_reader_first_and_the_parser_when_it_declines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    quick = block_subset.read_block_subset

    def counting(text: str) -> Any:
        answer = quick(text)
        calls.append("answered" if answer is not None else "declined")
        return answer

    monkeypatch.setattr(loader, "read_block_subset", counting)
    assert read_yaml("a: 1\n")["a"] == 1
    assert read_yaml("a: &x 1\nb: *x\n")["b"] == 1
    assert calls == ["answered", "declined"]
    # An explicit loader is the parser path itself (the tests above compare against it).
    assert read_yaml("a: 1\n", "t.yaml", loader.LOADERS[-1])["a"] == 1
    assert calls == ["answered", "declined"]


def test_typed_scalars_keep_their_types_and_raw_texts() -> None:
    document = check_agreement("a: 2024-01-31\nb: -.inf\nc:\n  - no\n  - 0x1F\n")
    assert document["a"] == datetime.date(2024, 1, 31) and document.raw["a"] == "2024-01-31"
    assert document["b"] == -math.inf
    assert document["c"] == [False, 31] and document["c"].raw == {0: "no", 1: "0x1F"}


def test_without_its_pattern_the_quick_reader_declines_and_the_parser_reads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As on Python 3.10: the same document, the same answer, from the parser path alone.
    text = "version: 1\nworkspace: 42\nclients:\n  - name: Acme\n    notes: yes\n"
    expected = read_yaml(text, "t.yaml", loader.LOADERS[0])
    monkeypatch.setattr(block_subset, "_LINE", None)
    assert read_block_subset(text) is None
    assert_same(read_yaml(text, "t.yaml"), expected)


def test_the_characters_outside_the_subset_are_exactly_those_outside_plain_printable_text() -> None:
    # The pattern lists the characters it finds; the set it must find is written here as what
    # it leaves alone. Every code point is tried.
    printable = (
        "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    )
    every_character = "".join(map(chr, range(sys.maxunicode + 1)))
    found = [match.start() for match in block_subset._OUTSIDE_SUBSET.finditer(every_character)]
    assert found == [match.start() for match in re.finditer(printable, every_character)]
    assert {chr(code) for code in found} >= {"\t", "\r", "\x85", "\u2028", "\ufeff", "\x00"}
