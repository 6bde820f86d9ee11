"""The YAML loader reads values as PyYAML's safe loader does and keeps the line of every node.

PyYAML's own composer is the independent reference here: its nodes carry the line each value
starts on, and yaml.safe_load gives each value's type.
"""

from __future__ import annotations

import gc
import sys
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconciler.config import loader, parse_config, reading
from reconciler.config.compose import MAX_ALIAS_EXPANSION
from reconciler.config.lines import LineDict, LineList, raw_of
from reconciler.config.loader import read_yaml
from reconciler.errors import ConfigError

LOADERS = pytest.mark.parametrize("loader_class", loader.LOADERS, ids=lambda cls: cls.__name__)
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)


def same(ours: Any, reference: Any) -> bool:
    """Equal, and of the same types all the way down (True == 1 in Python; not here)."""
    if isinstance(reference, dict):
        return (
            isinstance(ours, LineDict)
            and list(ours) == list(reference)
            and all(same(ours[key], reference[key]) for key in reference)
        )
    if isinstance(reference, list):
        return (
            isinstance(ours, LineList)
            and len(ours) == len(reference)
            and all(same(a, b) for a, b in zip(ours, reference, strict=True))
        )
    if isinstance(reference, float) and reference != reference:  # .nan
        return isinstance(ours, float) and ours != ours
    return type(ours) is type(reference) and ours == reference


def check_lines(data: Any, node: yaml.Node) -> None:
    """Every key, value and item of `data` is on the line where PyYAML's composer put it."""
    if isinstance(node, yaml.MappingNode):
        assert data.line == node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = key_node.value
            assert data.key_line(key) == key_node.start_mark.line + 1, key
            assert data.value_line(key) == value_node.start_mark.line + 1, key
            if isinstance(value_node, yaml.ScalarNode):
                assert raw_of(data, key) == value_node.value
            check_lines(data[key], value_node)
    elif isinstance(node, yaml.SequenceNode):
        assert data.line == node.start_mark.line + 1
        for index, item_node in enumerate(node.value):
            assert data.item_line(index) == item_node.start_mark.line + 1
            if isinstance(item_node, yaml.ScalarNode):
                assert raw_of(data, index) == item_node.value
            check_lines(data[index], item_node)


# Plain scalars that YAML 1.1 reads as something other than text, and some that only look so.
TOKENS = [
    "yes", "No", "ON", "off", "true", "False", "~", "null", "Null", "", "0", "-12", "+7", "0x1F",
    "0o17", "017", "1_000", "3.5", "-.5", "1e3", "6.02e+23", ".inf", "-.Inf", ".nan", "190:20:30",
    "2024-01-31", "2024-01-31 10:00:00", "2024-01-31T10:00:00.5+02:00", "Globex", "P000123",
    "New P1", "no way", "1 2", "#c9806b", "'quoted'", '"double"', "a: b", "y", "n", "-", "+",
]  # fmt: skip
KEYS = st.sampled_from(["name", "state", "color", "notes", "projects", "x", "yes_no"])
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
DOCUMENTS: st.SearchStrategy[Any] = st.recursive(
    SCALARS | st.sampled_from(TOKENS),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=20,
)


@LOADERS
@PROPERTY
@given(document=st.dictionaries(KEYS, DOCUMENTS, max_size=5), flow=st.sampled_from([False, None]))
def test_values_and_lines_match_pyyaml(loader_class: Any, document: Any, flow: Any) -> None:
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True)
    data = read_yaml(text, "t.yaml", loader_class)
    assert same(data, yaml.safe_load(text))
    check_lines(data, yaml.compose(text, Loader=yaml.SafeLoader))


@LOADERS
@PROPERTY
@given(st.lists(st.tuples(KEYS, st.sampled_from(TOKENS)), max_size=8, unique_by=lambda kv: kv[0]))
def test_plain_scalars_get_the_types_yaml_gives_them(loader_class: Any, pairs: Any) -> None:
    text = "".join(f"{key}: {token}\n" for key, token in pairs) + "list:\n"
    text += "".join(f"  - {token}\n" for _, token in pairs) or "  []\n"
    try:
        reference = yaml.safe_load(text)
    except yaml.YAMLError:
        with pytest.raises(ConfigError):
            read_yaml(text, "t.yaml", loader_class)
        return
    data = read_yaml(text, "t.yaml", loader_class)
    assert same(data, reference)
    check_lines(data, yaml.compose(text, Loader=yaml.SafeLoader))


ALIASES = """\
base: &base
  color: '#000000'
  billable: yes
other: &other {color: '#ffffff', state: archived}
name: &name Globex
list:
  - *name
  - *base
merged:
  <<: [*base, *other]
  name: Written
  state: active
"""


@LOADERS
def test_aliases_and_merges_keep_the_lines_where_values_were_written(loader_class: Any) -> None:
    data = read_yaml(ALIASES, "a.yaml", loader_class)
    reference = yaml.safe_load(ALIASES)
    assert all(same(data[key], reference[key]) for key in ("base", "other", "name", "list"))
    # An alias stands for the value written at its anchor, line and source text included.
    assert data["list"].item_lines == [5, 1]
    assert data["list"].raw == {}
    assert raw_of(data["list"], 0) == "Globex"
    merged = data["merged"]
    # As the YAML spec says (PyYAML's own answer varies between its releases): keys written in
    # the mapping win, then a mapping earlier in the merge list over a later one.
    assert merged == {"color": "#000000", "billable": True, "state": "active", "name": "Written"}
    assert (merged.key_line("color"), merged.key_line("billable")) == (2, 3)
    assert (merged.key_line("state"), merged.key_line("name")) == (12, 11)
    assert raw_of(merged, "billable") == "yes"


@LOADERS
@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a: 1\nb: !!bool maybe\n", 2, "cannot read 'maybe' (not a valid !!bool)"),
        ("a: !!timestamp soon\n", 1, "cannot read 'soon' (not a valid !!timestamp)"),
        ("a: !!int x1\n", 1, "cannot read 'x1'"),
        ("a: !!map text\n", 1, "expected a mapping node, but found scalar"),
        ("a: !!seq text\n", 1, "expected a sequence node, but found scalar"),
        ("a:\n  !!map [x]\n", 2, "expected a mapping node, but found sequence"),
        ("a: !!seq {x: 1}\n", 1, "expected a sequence node, but found mapping"),
        ("a: !!str [x]\n", 1, "expected a scalar node, but found sequence"),
        ("a: !!set {x}\n", 1, "unsupported YAML tag !!set"),
        ("a: &x 1\nb: &x 2\n", 2, "found duplicate anchor 'x'"),
        ("a:\n  <<: [{x: 1}, 2]\n", 2, "expected a mapping for merging, but found scalar"),
        ("a:\n  <<: 2\n", 2, "expected a mapping or list of mappings for merging"),
        (
            "b: &b {x: 1}\nc: &c {y: 2}\na:\n  <<: *b\n  z: 3\n  <<: *c\n",
            6,
            "duplicate key '<<' (first on line 4)",
        ),
        ("? &k [x]\n: 1\n", 1, "a key must be plain text"),
    ],
)
def test_explicit_tags_and_odd_structures_are_one_clear_error(
    loader_class: Any, text: str, line: int, fragment: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        read_yaml(text, "odd.yaml", loader_class)
    assert (caught.value.path, caught.value.line) == ("odd.yaml", line)
    assert fragment in caught.value.message


@LOADERS
def test_the_first_problem_in_the_file_is_reported(loader_class: Any) -> None:
    text = "a: !!binary aGk=\nb: 1\na: 2\n"
    with pytest.raises(ConfigError) as caught:
        read_yaml(text, "t.yaml", loader_class)
    assert caught.value.line == 1 and "!!binary" in caught.value.message


def nested(levels: int, flow: bool) -> str:
    """A value `levels` deep under the top-level mapping's key (the top level is level 1)."""
    if flow:
        return "x: " + "{a: " * (levels - 2) + "1" + "}" * (levels - 2) + "\n"
    lines = [f"{'  ' * depth}a:" for depth in range(levels - 1)]
    return "\n".join(lines) + "\n" + "  " * (levels - 1) + "1\n"


@LOADERS
@pytest.mark.parametrize("flow", [True, False], ids=["flow", "block"])
def test_nesting_is_allowed_to_32_levels_exactly(loader_class: Any, flow: bool) -> None:
    assert read_yaml(nested(32, flow), "n.yaml", loader_class) is not None
    with pytest.raises(ConfigError) as caught:
        read_yaml(nested(33, flow), "n.yaml", loader_class)
    assert "nesting deeper than 32 levels" in caught.value.message
    # In block style the key on level 33 is on the line before its value: the key is refused.
    assert caught.value.line == (1 if flow else 32)


def big_config(projects: int) -> str:
    lines = ["version: 1", "workspace: 1", "clients:", "  - name: Globex", "    projects:"]
    lines += [f"      - name: P{i:05d}\n        color: '#c9806b'" for i in range(projects)]
    return "\n".join(lines) + "\n"


_STAGES = {
    stage.__code__
    for stage in (reading.read_document, reading.schema_problems, reading.check_and_build)
}


def _loading() -> bool:
    """Whether the caller runs inside one of the bulk load's stages (the pause spans them all)."""
    frame = sys._getframe()
    while frame is not None:
        if frame.f_code in _STAGES:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


def test_the_garbage_collector_stays_out_of_the_load() -> None:
    collections: list[str] = []

    def record(phase: str, info: dict[str, Any]) -> None:
        # Once the load is over, the collector may run at once: that is its business.
        if phase == "start" and _loading():
            collections.append(phase)

    gc.callbacks.append(record)
    try:
        config = parse_config(big_config(3_000))
    finally:
        gc.callbacks.remove(record)
    assert len(config.clients[0].projects) == 3_000
    assert collections == []
    assert gc.isenabled()


def test_the_document_is_gone_before_the_collector_resumes() -> None:
    """The collector's first pass after a load sees the model, not the parsed document too."""
    mappings_seen: list[int] = []

    def mappings_alive() -> int:
        return sum(type(item) is LineDict for item in gc.get_objects())

    def record(phase: str, info: dict[str, Any]) -> None:
        if phase == "start" and not mappings_seen:
            mappings_seen.append(mappings_alive())

    gc.collect()
    before = mappings_alive()
    gc.callbacks.append(record)
    try:
        config = parse_config(big_config(3_000))
    finally:
        gc.callbacks.remove(record)
    assert len(config.clients[0].projects) == 3_000
    assert mappings_seen == [before]


def test_the_collector_is_left_as_it_was_found_even_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ConfigError):
        parse_config(big_config(10) + "unknown: 1\n")
    assert gc.isenabled()
    gc.disable()
    try:
        parse_config(big_config(10))
        assert not gc.isenabled()
    finally:
        gc.enable()


@LOADERS
@pytest.mark.parametrize(
    ("item", "values_per_item", "items"),
    [("x", 1, 999), ("{k: x}", 3, 333), ("[x, 'y']", 3, 333), ("{k: [x]}", 4, 156)],
    ids=["text", "mapping", "list", "nested"],
)
def test_aliases_may_add_exactly_the_cap_in_values(
    loader_class: Any, item: str, values_per_item: int, items: int
) -> None:
    """Every value written out counts once, whichever way it was composed: an alias to a list of
    `items` values may be repeated until the extra values reach the cap, and not once more."""
    # The list counts itself too; a written value is counted once, an alias adds it again.
    per_alias = items * values_per_item + 1
    assert MAX_ALIAS_EXPANSION % per_alias == 0
    allowed = MAX_ALIAS_EXPANSION // per_alias

    def document(aliases: int) -> str:
        return f"a: &a [{', '.join([item] * items)}]\nb: [{', '.join(['*a'] * aliases)}]\n"

    assert read_yaml(document(allowed), "t.yaml", loader_class)["b"][0][0] is not None
    with pytest.raises(ConfigError, match="alias bomb"):
        read_yaml(document(allowed + 1), "t.yaml", loader_class)
