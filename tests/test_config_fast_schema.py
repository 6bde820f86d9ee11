"""The schema rewritten for speed (fast_schema.py) accepts exactly what the shipped schema does."""

from __future__ import annotations

from typing import Any

import fastjsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from reconciler.config import parse_config, validate
from reconciler.config.fast_schema import containers_pass_conditions, fast_schema
from reconciler.config.validate import _validator, config_schema, is_valid_fast
from reconciler.errors import ConfigError

AGREEMENT = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


def documents(odd: bool) -> st.SearchStrategy[dict[str, Any]]:
    """Config documents using every rule of the schema. With `odd`, values near each rule's edges
    and of the wrong type are mixed in, so that both answers are common; without, every
    document is valid."""

    def pick(valid: st.SearchStrategy[Any], invalid: st.SearchStrategy[Any]) -> Any:
        return valid | invalid if odd else valid

    names = pick(
        st.sampled_from(["Globex", "é", "a b"])
        | st.sampled_from([1, 100, 255]).map(lambda length: "a" * length),
        st.sampled_from(["", " ", "tab\there", "x\x7f"])
        | st.sampled_from([101, 256]).map(lambda length: "c" * length),
    )
    client_names = st.just("Initech") | st.just(100).map(lambda length: "c" * length)
    if odd:
        client_names |= names
    scalars = st.sampled_from([None, True, 0, -1, 1, 2.0, 2.5, "", "all", "#c9806b", "none"])
    previous_project = (
        pick(names, scalars)
        | st.fixed_dictionaries(
            {"client": client_names | st.none()}, optional={"name": pick(names, scalars)}
        )
        | pick(st.nothing(), st.fixed_dictionaries({}, optional={"name": names, "x": names}))
    )
    fields = {
        "state": pick(st.sampled_from(["active", "archived", "absent"]), scalars),
        "previously": previous_project
        | st.lists(previous_project, min_size=0 if odd else 1, max_size=3),
        "color": pick(st.sampled_from(["#c9806b", "#C9806B"]), st.sampled_from(["#c9806", "x"])),
        "is_private": pick(st.booleans(), scalars),
        "billable": pick(st.booleans(), scalars),
        "estimated_hours": pick(st.sampled_from([None, 0, 3, 2.0]), st.sampled_from([-1, 2.5])),
        "time_entries": pick(st.sampled_from(["unassign", "delete"]), scalars),
    }
    if odd:
        fields["colour"] = names
    project = names | st.fixed_dictionaries({"name": names}, optional=fields)
    if odd:
        project |= scalars | st.fixed_dictionaries({}, optional=fields) | st.lists(names)
    client_fields = {
        "state": fields["state"],
        "previously": client_names | st.lists(client_names, min_size=1, max_size=3),
        "notes": pick(names, scalars),
        "projects": st.just("all") | st.lists(project, max_size=3) | pick(st.nothing(), scalars),
    }
    client = st.fixed_dictionaries({"name": client_names}, optional=client_fields)
    if odd:
        client |= names | st.fixed_dictionaries({}, optional=client_fields)
    return st.fixed_dictionaries(
        {"version": pick(st.just(1), st.sampled_from([2, True, "1"])), "workspace": names},
        optional={
            "unmanaged": pick(st.sampled_from(["ignore", "archive"]), scalars),
            "safety": st.fixed_dictionaries(
                {}, optional={"max_destructive_percent": pick(st.sampled_from([0, 30]), scalars)}
            ),
            "clients": st.lists(client, max_size=3),
            "projects": st.lists(project, max_size=3),
        },
    )


@AGREEMENT
@given(documents(odd=True))
def test_the_rewritten_schema_refuses_what_the_shipped_one_does(document: dict[str, Any]) -> None:
    assert is_valid_fast(document) == _validator().is_valid(document), document


@AGREEMENT
@given(documents(odd=False))
def test_the_rewritten_schema_accepts_what_the_shipped_one_does(document: dict[str, Any]) -> None:
    assert _validator().is_valid(document), document  # the strategy makes only valid ones
    assert is_valid_fast(document), document


def test_valid_documents_reach_every_rewritten_rule() -> None:
    # The agreement above means little if the fast check never says yes on rich documents.
    document = {
        "version": 1,
        "workspace": "Acme",
        "clients": [
            {"name": "Globex", "previously": ["Old"], "projects": ["A", {"name": "B"}]},
            {"name": "Initech", "projects": "all", "previously": "Ini"},
        ],
        "projects": [
            {"name": "C", "previously": [{"client": None}, "D"], "estimated_hours": None},
            {"name": "E", "previously": {"client": "Globex", "name": "F"}, "color": "#ABCDEF"},
        ],
    }
    assert is_valid_fast(document) and _validator().is_valid(document)


def _agree(schema: dict[str, Any], values: list[Any]) -> None:
    fast = fastjsonschema.compile(fast_schema(schema), use_default=False, detailed_exceptions=False)
    exact = Draft202012Validator(schema)
    for value in values:
        try:
            fast(value)
            accepted = True
        except fastjsonschema.JsonSchemaException:
            accepted = False
        assert accepted == exact.is_valid(value), value


def test_a_branch_whose_keywords_constrain_the_other_type_stays_conditional() -> None:
    # `minimum` constrains integers: written unconditionally it would refuse the integer 3.
    schema = {"type": ["string", "integer"], "if": {"type": "string"}, "then": {"minimum": 5}}
    assert "if" in fast_schema(schema)
    _agree(schema, ["x", 3, 7])


def test_a_branch_narrowing_the_type_stays_conditional() -> None:
    # Strings must then be integers, i.e. no string is valid: dropping that `type` would accept.
    schema = {"type": ["string", "integer"], "if": {"type": "string"}, "then": {"type": "integer"}}
    assert "if" in fast_schema(schema)
    _agree(schema, ["x", 3])


def test_overlapping_types_stay_conditional() -> None:
    # An integer is a number too: a number keyword in one branch would reach the other's values.
    schema = {"type": ["integer", "number"], "if": {"type": "integer"}, "else": {"maximum": 1}}
    assert "if" in fast_schema(schema)
    _agree(schema, [5, 5.5, 0.5])


def test_a_branch_with_a_keyword_for_every_type_stays_conditional() -> None:
    schema = {"type": ["string", "array"], "if": {"type": "string"}, "then": {"const": "all"}}
    assert "if" in fast_schema(schema)
    _agree(schema, ["all", "some", [], ["x"]])


def test_data_that_looks_like_a_reference_is_kept_as_written() -> None:
    schema = {
        "$defs": {"n": {"type": "integer"}},
        "properties": {"a": {"$ref": "#/$defs/n"}, "b": {"const": {"$ref": "#/$defs/n"}}},
    }
    rewritten = fast_schema(schema)
    assert rewritten["properties"]["a"] == {"type": "integer"}
    assert rewritten["properties"]["b"] == {"enum": [{"$ref": "#/$defs/n"}]}
    _agree(schema, [{"a": 1, "b": {"$ref": "#/$defs/n"}}, {"a": "x"}, {"b": 1}])


def test_a_definition_that_refers_to_itself_keeps_its_reference() -> None:
    schema = {
        "$defs": {"tree": {"type": "array", "items": {"$ref": "#/$defs/tree"}}},
        "$ref": "#/$defs/tree",
    }
    _agree(schema, [[], [[[]]], [[1]], 1])


def test_a_constant_is_a_one_value_enum() -> None:
    _agree(
        {"properties": {"v": {"const": 1}, "w": {"const": "all"}}},
        [{"v": 1}, {"v": 1.0}, {"v": True}, {"v": "1"}, {"w": "all"}, {"w": "All"}, {"w": ["all"]}],
    )


def test_a_constant_beside_an_enum_is_kept() -> None:
    # Both must hold: 2 is in the enum but is not the constant.
    assert fast_schema({"const": 1, "enum": [1, 2]}) == {"const": 1, "enum": [1, 2]}


def test_the_shipped_schema_checks_each_project_without_conditionals_or_references() -> None:
    # What makes the compiled check fast: each project is checked inline, without exceptions.
    rewritten = fast_schema(config_schema())
    projects = rewritten["properties"]["projects"]["items"]
    client_projects = rewritten["properties"]["clients"]["items"]["properties"]["projects"]
    for project in (projects, client_projects["else"]["items"]):
        assert "if" not in project and "$ref" not in str(project)
        assert "if" not in project["properties"]["previously"]


def test_a_fault_in_the_compiled_check_leaves_the_judgement_to_jsonschema(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def faulty(document: Any) -> Any:
        raise UnboundLocalError("a variable the generated code never set")

    monkeypatch.setattr(validate, "_fast_validator", lambda: faulty)
    valid = "version: 1\nworkspace: 1\nprojects:\n  - name: A\n    previously: [B]\n"
    assert parse_config(valid).projects[0].previously[0].name == "B"
    with pytest.raises(ConfigError) as raised:
        parse_config(valid.replace("[B]", "[]"), "c.yaml")
    assert raised.value.line == 5 and "must not be an empty list" in raised.value.message


# -- type conditionals stated on the list or mapping (containers_pass_conditions) ----------------

SCALARS_AND_CONTAINERS: list[Any] = [
    "all",
    "some",
    "",
    [],
    [1],
    ["x"],
    [1, "x"],
    {},
    {"a": 1},
    {"a": "x"},
    3,
    None,
    True,
]


def _compiled_agree(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema as compiled for the fast check, having checked that it judges as `schema` does
    on scalars, lists and mappings."""
    compiled = containers_pass_conditions(fast_schema(schema))
    fast = fastjsonschema.compile(compiled, use_default=False, detailed_exceptions=False)
    exact = Draft202012Validator(schema)
    for value in SCALARS_AND_CONTAINERS:
        try:
            fast(value)
            accepted = True
        except fastjsonschema.JsonSchemaException:
            accepted = False
        assert accepted == exact.is_valid(value), (schema, value)
    return compiled


@pytest.mark.parametrize("container", ["array", "object"])
@pytest.mark.parametrize("branches", [("then", "else"), ("then",), ("else",)])
def test_a_scalar_condition_is_stated_on_the_container(
    container: str, branches: tuple[str, ...]
) -> None:
    # Branches fast_schema cannot write unconditionally: one value of each type is valid.
    rules = {"then": {"const": "all"}, "else": {"enum": [[1], {"a": 1}]}}
    for types in (["string", container], [container, "string"]):
        schema: dict[str, Any] = {"type": types, "if": {"type": "string"}}
        schema.update({branch: rules[branch] for branch in branches})
        written = fast_schema(schema)
        compiled = _compiled_agree(schema)
        assert compiled["if"] == {"type": container}
        assert compiled.get("else") == written.get("then")
        assert compiled.get("then") == written.get("else")


@pytest.mark.parametrize(
    "schema",
    [
        # Two scalar types, two overlapping ones, three types, a condition already on the list.
        {"type": ["string", "integer"], "if": {"type": "string"}, "then": {"minimum": 5}},
        {"type": ["integer", "number"], "if": {"type": "integer"}, "else": {"maximum": 1}},
        {"type": ["string", "array", "null"], "if": {"type": "string"}, "then": {"const": "a"}},
        {"type": ["string", "array"], "if": {"type": "array"}, "else": {"const": "all"}},
        {"type": ["string", "array"], "if": {"type": "string", "minLength": 2}, "then": {}},
    ],
)
def test_other_conditionals_are_compiled_as_written(schema: dict[str, Any]) -> None:
    assert _compiled_agree(schema)["if"] == schema["if"]


def test_the_compiled_check_takes_a_clients_project_list_without_a_failed_condition() -> None:
    compiled = containers_pass_conditions(fast_schema(config_schema()))
    client_projects = compiled["properties"]["clients"]["items"]["properties"]["projects"]
    assert client_projects["if"] == {"type": "array"}
    assert client_projects["else"] == {"enum": ["all"]}
    assert "if" not in client_projects["then"]["items"]
    _compiled_agree(config_schema()["$defs"]["client"] | {"$defs": config_schema()["$defs"]})


def test_a_valid_file_with_project_lists_is_checked_without_a_caught_exception(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raised: list[str] = []
    exception = fastjsonschema.JsonSchemaValueException
    original = exception.__init__

    def counting(self: Any, message: str, *args: Any, **kwargs: Any) -> None:
        raised.append(message)
        original(self, message, *args, **kwargs)

    monkeypatch.setattr(exception, "__init__", counting)
    clients = [{"name": f"C{i}", "projects": [f"P{i}", {"name": f"Q{i}"}]} for i in range(3)]
    assert is_valid_fast({"version": 1, "workspace": 1, "clients": clients})
    assert raised == []
    # `projects: all` is the branch that still costs one.
    assert is_valid_fast(
        {"version": 1, "workspace": 1, "clients": [{"name": "A", "projects": "all"}]}
    )
    assert len(raised) == 1
