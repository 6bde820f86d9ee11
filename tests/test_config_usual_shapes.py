"""The hand-written checks of the usual shapes (usual_shapes.py) accept only what the schema
accepts, accept the shapes `export` writes, and a file they do not vouch for is judged by the
schema as before: whichever path reads a file, the same Config or the same problems come out."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reconciler.config import parse_config, semantic, usual_shapes
from reconciler.config.loader import read_yaml
from reconciler.config.model import DesiredProject
from reconciler.config.usual_shapes import (
    is_name,
    is_usual_client,
    is_usual_outline,
    is_usual_project,
    quick_project,
)
from reconciler.config.validate import _validator, config_schema_text, is_valid_fast, schema_digest
from reconciler.errors import ConfigError
from tests.test_config_fast_schema import AGREEMENT, documents

# Characters at the edges of the schema's name pattern (C0, DEL, C1 controls) and next to them,
# with characters isprintable() refuses though the pattern allows them (U+00A0, U+2028, U+200B).
EDGE_CHARACTERS = "\x00\x09\x0a\x1f\x20\x7e\x7f\x80\x9f\xa0\u2028\u200b\ufeffaZ é#"
edge_text = st.text(alphabet=EDGE_CHARACTERS, max_size=4)
# Lengths at the schema's limits: 100 for a client's name, 255 for any other.
long_text = st.sampled_from([99, 100, 101, 254, 255, 256]).map(lambda length: "n" * length)
texts = edge_text | long_text | st.text(max_size=6)
hex_colors = st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)
near_colors = st.sampled_from(["#c9806", "#c9806b0", "c9806b#", "#C9806G", "#c9806b\n", "#ｃ9806b"])
numbers = st.sampled_from([0, 1, -1, 3, 2.0, 2.5, -0.0, math.nan, math.inf, -math.inf, 10**20])
plain = st.sampled_from([None, True, False, "", "all", "active", "absent", "delete", "ignore"])
values = texts | numbers | plain | st.lists(texts, max_size=2)


PROJECT_VALUES = {
    "name": st.sampled_from(["Web", "é", "a b", "n" * 255]),
    "state": st.sampled_from(["active", "archived", "absent"]),
    "color": hex_colors,
    "is_private": st.booleans(),
    "billable": st.booleans(),
    "estimated_hours": st.none() | st.integers(0, 10**6),
    "time_entries": st.sampled_from(["unassign", "delete"]),
}
PROJECT_VALUES["previously"] = PROJECT_VALUES["name"] | st.lists(
    PROJECT_VALUES["name"], min_size=1, max_size=2
)
CLIENT_VALUES = {
    "name": st.sampled_from(["Globex", "n" * 100]),
    "state": PROJECT_VALUES["state"],
    "notes": texts,
    "projects": st.just("all") | st.lists(PROJECT_VALUES["name"], max_size=2),
}
CLIENT_VALUES["previously"] = CLIENT_VALUES["name"] | st.lists(
    CLIENT_VALUES["name"], min_size=1, max_size=2
)
TOP_VALUES = {
    "version": st.just(1),
    "workspace": st.integers(1, 10**9) | st.just("Acme"),
    "unmanaged": st.sampled_from(["ignore", "archive"]),
    "safety": st.fixed_dictionaries(
        {}, optional={"max_destructive_percent": st.integers(0, 100) | st.just(30.5)}
    ),
    "clients": st.lists(st.fixed_dictionaries({"name": CLIENT_VALUES["name"]}), max_size=2),
    "projects": st.lists(PROJECT_VALUES["name"], max_size=2),
}
# Anything in place of one value: near misses of every rule, and values of the wrong type.
odd_values = (
    values
    | near_colors
    | st.fixed_dictionaries({}, optional={"client": st.none(), "name": texts})
    | st.fixed_dictionaries({}, optional={"max_destructive_percent": numbers | values})
    | st.lists(values, max_size=2)
)


def mappings(
    usual: dict[str, st.SearchStrategy[Any]], required: tuple[str, ...]
) -> st.SearchStrategy[dict[str, Any]]:
    """Mappings of usual values, always with the keys in `required`."""
    optional = {key: rule for key, rule in usual.items() if key not in required}
    return st.fixed_dictionaries({key: usual[key] for key in required}, optional=optional)


# The near misses of each key's rule, tried as often as any other odd value.
NEAR_MISSES = {
    "name": texts,
    "workspace": numbers | texts,
    "color": near_colors,
    "estimated_hours": numbers | plain,
    "is_private": numbers | plain,
    "billable": numbers | plain,
    "safety": st.fixed_dictionaries({"max_destructive_percent": numbers | plain}),
}


@st.composite
def one_off(
    draw: st.DrawFn, usual: dict[str, st.SearchStrategy[Any]], required: tuple[str, ...]
) -> dict[str, Any]:
    """A mapping of usual values, one of them (or an unknown key) then given an odd value."""
    entry = draw(mappings(usual, required))
    key = draw(st.sampled_from([*usual, "colour"]))
    near = NEAR_MISSES.get(key)
    entry[key] = draw(near if near is not None and draw(st.booleans()) else odd_values)
    return entry


usual_projects = mappings(PROJECT_VALUES, ("name",)) | PROJECT_VALUES["name"]
usual_clients = mappings(
    {**CLIENT_VALUES, "projects": st.just("all") | st.lists(usual_projects, max_size=3)},
    ("name",),
)
usual_documents = mappings(
    {
        **TOP_VALUES,
        "clients": st.lists(usual_clients, max_size=3),
        "projects": st.lists(usual_projects, max_size=3),
    },
    ("version", "workspace"),
)
odd_projects = one_off(PROJECT_VALUES, ("name",)) | odd_values
odd_clients = one_off(CLIENT_VALUES, ("name",)) | odd_values
odd_documents = one_off(TOP_VALUES, ("version", "workspace"))


def _project_lists(document: dict[str, Any]) -> list[Any]:
    lists = [document.get("projects", [])]
    for client in document.get("clients", []):
        if isinstance(client, dict):
            lists.append(client.get("projects"))
    return [entries for entries in lists if isinstance(entries, list)]


def vouched_for(document: Any) -> bool:
    """What build_if_usual finds: an outline and project entries all of usual shapes."""
    return is_usual_outline(document) and all(
        is_usual_project(entry) for entries in _project_lists(document) for entry in entries
    )


def _schema_accepts(document: Any) -> bool:
    """Both the schema as shipped (jsonschema) and its compiled check accept `document`."""
    return bool(_validator().is_valid(document) and is_valid_fast(document))


def _in_document(key: str, entry: Any) -> dict[str, Any]:
    return {"version": 1, "workspace": 1, key: [entry]}


@AGREEMENT
@given(odd_projects)
def test_a_project_entry_of_a_usual_shape_is_one_the_schema_accepts(entry: Any) -> None:
    if is_usual_project(entry):
        assert _schema_accepts(_in_document("projects", entry)), entry


EACH_KEY = settings(AGREEMENT, max_examples=150)
# Each kind of mapping: its usual values, its required keys, and the document holding one.
WHERE: dict[str, tuple[dict[str, Any], tuple[str, ...], Callable[[Any], Any]]] = {
    "project": (PROJECT_VALUES, ("name",), lambda entry: _in_document("projects", entry)),
    "client": (CLIENT_VALUES, ("name",), lambda entry: _in_document("clients", entry)),
    "document": (TOP_VALUES, ("version", "workspace"), lambda document: document),
}


@pytest.mark.parametrize(
    ("kind", "key"),
    [(kind, key) for kind, (usual, _, _) in WHERE.items() for key in [*usual, "colour"]],
)
@EACH_KEY
@given(data=st.data())
def test_each_value_is_vouched_for_only_as_the_schema_accepts_it(
    kind: str, key: str, data: st.DataObject
) -> None:
    usual, required, as_document = WHERE[kind]
    entry = data.draw(mappings(usual, required))
    entry[key] = data.draw(NEAR_MISSES.get(key, st.nothing()) | odd_values)
    document = as_document(entry)
    if vouched_for(document):
        assert _schema_accepts(document), document


@AGREEMENT
@given(odd_clients)
def test_a_client_entry_of_a_usual_shape_is_one_the_schema_accepts(entry: Any) -> None:
    document = _in_document("clients", entry)
    if vouched_for(document):
        assert is_usual_client(entry)
        assert _schema_accepts(document), entry


@AGREEMENT
@given(odd_documents | documents(odd=True))
def test_a_document_vouched_for_is_one_the_schema_accepts(document: dict[str, Any]) -> None:
    if vouched_for(document):
        assert _schema_accepts(document), document


@AGREEMENT
@given(usual_documents)
def test_the_usual_shapes_are_vouched_for(document: dict[str, Any]) -> None:
    # Without this, checks answering False to everything would pass the tests above.
    assert _schema_accepts(document), document
    assert vouched_for(document), document


@AGREEMENT
@given(texts)
def test_a_name_is_judged_as_the_schema_judges_it(text: str) -> None:
    # For text, is_name is the schema's rule itself, not only a part of it.
    assert is_name(text) == _schema_accepts(_in_document("projects", text)), repr(text)
    client = {"name": text}
    assert is_name(text, 100) == _schema_accepts(_in_document("clients", client)), repr(text)


@AGREEMENT
@given(hex_colors | near_colors | texts)
def test_a_colour_is_vouched_for_only_as_the_schema_accepts_it(color: str) -> None:
    entry = {"name": "Web", "color": color}
    if is_usual_project(entry):
        assert _schema_accepts(_in_document("projects", entry)), repr(color)
    elif not color.endswith("\n"):  # "#c9806b\n": a `$` in Python's re matches before it
        assert not _schema_accepts(_in_document("projects", entry)), repr(color)


def test_the_checks_are_written_for_the_shipped_schema() -> None:
    assert schema_digest(config_schema_text()) == usual_shapes.SCHEMA_SHA256, (
        "the schema changed: review usual_shapes.py against it, then update SCHEMA_SHA256"
    )


def _problems(text: str, path: str = "c.yaml") -> Any:
    try:
        config = parse_config(text, path)
    except ConfigError as error:
        return [(problem.line, problem.message) for problem in error.problems], error.unlisted
    return config


def _by_the_schema_path(monkeypatch: pytest.MonkeyPatch, text: str) -> Any:
    with monkeypatch.context() as patched:
        patched.setattr(semantic, "is_usual_outline", lambda document: False)
        return _problems(text)


@AGREEMENT
@given(usual_documents | odd_documents | documents(odd=True))
def test_both_paths_read_a_file_alike(document: dict[str, Any]) -> None:
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _problems(text) == _by_the_schema_path(monkeypatch, text), text


SEMANTIC_PROBLEMS = """\
version: 1
workspace: 1
projects:
  - name: Web
  - name: web
  - name: "Gone"
    state: absent
    color: "#c9806b"
"""


def test_a_file_of_usual_shapes_is_read_in_one_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    # The schema check is not run; its semantic problems are reported as the schema path does.
    def no_schema(*args: Any) -> Any:
        raise AssertionError("the schema was asked")

    schema_path = _by_the_schema_path(monkeypatch, SEMANTIC_PROBLEMS)
    monkeypatch.setattr("reconciler.config.reading.schema_problems", no_schema)
    assert _problems(SEMANTIC_PROBLEMS) == schema_path
    assert [line for line, _ in schema_path[0]] == [5, 8]


@pytest.mark.parametrize(
    ("entry", "line", "message"),
    [
        # Valid, but of shapes left to the schema: read all the same.
        ("{name: A, estimated_hours: 2.0}", None, None),
        ("{name: A, previously: {client: Globex}}", None, None),
        # A problem the usual shapes would never vouch for, found by the schema, at its line.
        ("{name: A, color: red}", 4, "'color' must be '#' followed by 6 hex digits"),
        ("{name: A, colour: '#c9806b'}", 4, "unknown key 'colour' (did you mean 'color'?)"),
    ],
)
def test_a_file_not_of_usual_shapes_goes_to_the_schema(
    entry: str, line: int | None, message: str | None
) -> None:
    text = f"version: 1\nworkspace: 1\nprojects:\n  - {entry}\n"
    if message is None:
        assert [project.name for project in parse_config(text).projects or ()] == ["A"]
        return
    with pytest.raises(ConfigError) as raised:
        parse_config(text, "c.yaml")
    assert raised.value.line == line and raised.value.message.startswith(message)


def _as_read(entry: Any) -> Any:
    """A project entry as the reader hands it over (a LineDict, on its own line)."""
    return read_yaml(yaml.safe_dump([entry], allow_unicode=True))[0]


def _exactly(project: DesiredProject) -> tuple[Any, ...]:
    # True == 1 for ==: the type of each field's value is compared too.
    fields = [(key, type(value), value) for key, value in project.fields.items()]
    return (project, fields)


EXPORTED_PROJECT_VALUES = {
    key: PROJECT_VALUES[key]
    for key in ("name", "state", "color", "is_private", "billable", "estimated_hours")
}


def _evenly(*strategies: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    # `a | b` draws from each alternative inside a and b alike: the odd values would swamp the
    # few near misses that matter most.
    return st.sampled_from(strategies).flatmap(lambda strategy: strategy)


@pytest.mark.parametrize("key", [*PROJECT_VALUES, "colour"])
@EACH_KEY
@given(data=st.data())
def test_the_quick_build_of_a_project_is_the_exact_one(key: str, data: st.DataObject) -> None:
    # quick_project builds the entries `export` writes with each key looked up once;
    # what it builds, is_usual_project and _project would build with no problem.
    entry = data.draw(mappings(EXPORTED_PROJECT_VALUES, ("name",)))
    usual = PROJECT_VALUES.get(key, odd_values)
    near = NEAR_MISSES.get(key, odd_values)
    if key == "name":
        near = _evenly(edge_text, st.integers(250, 260).map(lambda length: "n" * length))
    entry[key] = data.draw(_evenly(usual, near, odd_values))
    item = _as_read(entry)
    quick = quick_project(item)
    if quick is not None:
        assert is_usual_project(item), entry
        problems = semantic._Problems("c.yaml", ())
        exact = semantic._project(item, 1, problems)
        assert (_exactly(quick), problems.found) == (_exactly(exact), []), entry


@pytest.mark.parametrize(
    "entry",
    [
        {"name": "Web"},
        {"name": "Web", "color": "#C9806b"},
        {"name": "Web", "state": "archived", "color": "#c9806b"},
        {"name": "Web", "state": "active", "is_private": True, "billable": False},
        {"name": "Web", "estimated_hours": 3, "color": "#c9806b", "billable": True},
        {"name": "Web", "estimated_hours": None},
    ],
)
def test_the_shapes_export_writes_are_built_quickly(entry: dict[str, Any]) -> None:
    # Without this, a quick build answering None to everything would pass the test above.
    assert quick_project(_as_read(entry)) is not None


def test_the_colours_found_valid_are_kept_up_to_a_bound() -> None:
    many = [{"name": f"P{index}", "color": f"#{index:06x}"} for index in range(2000)]
    text = yaml.safe_dump({"version": 1, "workspace": 1, "projects": many})
    assert len(parse_config(text).projects or ()) == 2000
    assert len(usual_shapes._VALID_COLORS) <= usual_shapes._VALID_COLORS_KEPT


USUAL_BUT_NOT_QUICK = """\
version: 1
workspace: 1
clients:
  - name: Globex
    projects:
      - Plain
      - name: Old
        state: absent
        time_entries: delete
      - name: Renamed
        previously: [Before, Earlier]
projects:
  - name: "No\\u00a0break"
  - name: Kept
    state: absent
    time_entries: unassign
"""


def test_usual_entries_the_quick_build_leaves_are_read_without_the_schema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # They take the exact path of the same walk; were they left to the schema, it would be asked.
    schema_path = _by_the_schema_path(monkeypatch, USUAL_BUT_NOT_QUICK)

    def no_schema(*args: Any) -> Any:
        raise AssertionError("the schema was asked")

    monkeypatch.setattr("reconciler.config.reading.schema_problems", no_schema)
    config = parse_config(USUAL_BUT_NOT_QUICK, "c.yaml")
    assert config == schema_path
    assert [project.name for project in config.projects or ()] == ["No\u00a0break", "Kept"]
