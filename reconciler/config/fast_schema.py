"""The config schema rewritten for speed, accepting exactly the same documents.

Only whether a document is valid is asked of this form (validate.py locates problems with the
schema as shipped), so it may be shaped for fastjsonschema's generated code, where every `$ref`
is a function call that formats its location up front and every `if` raises and catches an
exception. Three rewrites, each applied only where it keeps the meaning:

- a `$ref` to one of the schema's own definitions is replaced by that definition;
- `"if": {"type": T}` with `then`/`else` is dropped for the keywords of both branches when each
  branch's keywords constrain only values of its own types (`minLength` checks strings alone,
  `required` mappings alone, ...): on a value of another type such a keyword always holds, so
  writing it unconditionally changes nothing;
- `const: X` is written `enum: [X]`, its definition in JSON Schema: fastjsonschema (2.22) cannot
  compile `const` without the detailed messages that make the compiled code three times bigger
  (and its compiling, done on every run, four times slower).

Then, for compiling (`containers_pass_conditions`), a type conditional left in place that picks a
scalar type out of a scalar and a list (or mapping) is stated on the list instead, its branches
swapped: a client's `projects: all | [...]` costs a raised and caught exception only for `all`,
not for each of the thousands of lists.

fastjsonschema's compiling of that form takes longer than checking a small file, so its code
ships in the package as compiled_check.py, which validate.py uses while it was generated from
the schema as shipped. Whenever the schema or these rewrites change, write it again:

    python -m reconciler.config.write_compiled_check
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# The types a keyword constrains; on a value of any other type it always holds (JSON Schema).
_KEYWORD_TYPES: dict[str, frozenset[str]] = {
    **dict.fromkeys(("minLength", "maxLength", "pattern"), frozenset({"string"})),
    **dict.fromkeys(("properties", "required", "additionalProperties"), frozenset({"object"})),
    **dict.fromkeys(("items", "minItems"), frozenset({"array"})),
    **dict.fromkeys(("minimum", "maximum"), frozenset({"integer", "number"})),
}
# Keywords that say nothing about validity.
_ANNOTATIONS = frozenset({"title", "description", "default"})
_DEFS_PREFIX = "#/$defs/"
# Keywords whose value is a subschema, a list of them, or a mapping of names to them.
_SCHEMAS = frozenset(
    {"items", "additionalProperties", "if", "then", "else", "not", "contains"}
    | {"propertyNames", "unevaluatedItems", "unevaluatedProperties"}
)
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "dependentSchemas"})
# Types whose values are where a config's bulk is; no value of them is of any other type.
_CONTAINERS = frozenset({"array", "object"})

# What the fast check is asked: only whether a document is valid.
COMPILE_OPTIONS: dict[str, Any] = {"use_default": False, "detailed_exceptions": False}


def fast_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` with its definitions written in place and its type conditionals flattened."""
    definitions = schema.get("$defs", {})
    rewritten: dict[str, Any] = _rewrite(schema, definitions, ())
    if _refers(rewritten):
        # A `$ref` was left in place (a definition that refers to itself): it needs them.
        rewritten["$defs"] = definitions
    return rewritten


def _refers(value: Any) -> bool:
    if isinstance(value, dict):
        return "$ref" in value or any(_refers(entry) for entry in value.values())
    if isinstance(value, list):
        return any(_refers(entry) for entry in value)
    return False


def _rewrite(schema: Any, definitions: dict[str, Any], expanding: tuple[str, ...]) -> Any:
    """One subschema rewritten, its annotations left out (they say nothing about validity)."""
    if not isinstance(schema, dict):
        return schema  # true or false
    ref = schema.get("$ref")
    if isinstance(ref, str) and len(schema) == 1 and ref.startswith(_DEFS_PREFIX):
        name = ref[len(_DEFS_PREFIX) :]
        if name in definitions and name not in expanding:
            return _rewrite(definitions[name], definitions, (*expanding, name))
        return schema
    rewritten: dict[str, Any] = {}
    for keyword, rule in schema.items():
        if keyword in _ANNOTATIONS or keyword == "$defs":
            continue
        if keyword == "const" and "enum" not in schema:
            keyword, rule = "enum", [rule]
        else:
            rule = _each_subschema(
                keyword, rule, lambda entry: _rewrite(entry, definitions, expanding)
            )
        rewritten[keyword] = rule
    return _flatten_type_conditional(rewritten)


def _each_subschema(keyword: str, rule: Any, rewrite: Callable[[Any], Any]) -> Any:
    """`rule`, the value of `keyword`, with `rewrite` applied to each subschema it holds. Any
    other keyword's value is data (an enum, a pattern, ...), kept as written."""
    if keyword in _SCHEMA_MAPS and isinstance(rule, dict):
        return {name: rewrite(entry) for name, entry in rule.items()}
    if keyword in _SCHEMA_LISTS and isinstance(rule, list):
        return [rewrite(entry) for entry in rule]
    if keyword in _SCHEMAS:
        return rewrite(rule)
    return rule


def _flatten_type_conditional(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` without its `if: {type: T}`, when both branches can be written unconditionally;
    else `schema` unchanged."""
    condition = schema.get("if")
    types = schema.get("type")
    if not (isinstance(condition, dict) and set(condition) == {"type"}):
        return schema
    chosen = condition["type"]
    if not (isinstance(types, list) and isinstance(chosen, str) and chosen in types):
        return schema
    others = set(types) - {chosen}
    then_part = _constraints(schema.get("then", {}), {chosen}, others)
    else_part = _constraints(schema.get("else", {}), others, {chosen})
    if then_part is None or else_part is None:
        return schema
    rest = {key: entry for key, entry in schema.items() if key not in ("if", "then", "else")}
    if set(rest) & set(then_part) or set(rest) & set(else_part) or set(then_part) & set(else_part):
        return schema
    return {**rest, **then_part, **else_part}


def _constraints(branch: Any, own_types: set[str], other_types: set[str]) -> dict[str, Any] | None:
    """The keywords of a branch taken for values of `own_types`, if each of them constrains no
    value of `other_types` (None otherwise). Its `type` is dropped when it allows every one of
    `own_types` (the schema's own `type` already limits the value to those)."""
    if not isinstance(branch, dict):
        return None
    kept: dict[str, Any] = {}
    for keyword, rule in branch.items():
        if keyword == "type":
            allowed = {rule} if isinstance(rule, str) else set(rule)
            if not own_types <= allowed:
                return None
            continue
        constrained = _KEYWORD_TYPES.get(keyword)
        # "integer" values are "number" values too: a number keyword constrains both.
        if constrained is None or constrained & other_types:
            return None
        kept[keyword] = rule
    return kept


def containers_pass_conditions(schema: Any) -> Any:
    """`schema` with each `if: {type: S}` over `type: [S, C]` (S a scalar type, C array or
    object) written `if: {type: C}` with `then` and `else` swapped. The value is of exactly one
    of the two types (no value is both), so the branch taken is the same; fastjsonschema raises
    and catches an exception for each value failing an `if`, now only for the scalar ones."""
    if not isinstance(schema, dict):
        return schema
    rewritten = {
        keyword: _each_subschema(keyword, rule, containers_pass_conditions)
        for keyword, rule in schema.items()
    }
    return _condition_on_container(rewritten)


def _condition_on_container(schema: dict[str, Any]) -> dict[str, Any]:
    condition = schema.get("if")
    types = schema.get("type")
    if not (isinstance(condition, dict) and set(condition) == {"type"}):
        return schema
    if not (isinstance(types, list) and len(types) == 2 and condition["type"] in types):
        return schema
    container = types[1] if types[0] == condition["type"] else types[0]
    if condition["type"] in _CONTAINERS or container not in _CONTAINERS:
        return schema
    swapped = {key: rule for key, rule in schema.items() if key not in ("if", "then", "else")}
    swapped["if"] = {"type": container}
    if "else" in schema:
        swapped["then"] = schema["else"]
    if "then" in schema:
        swapped["else"] = schema["then"]
    return swapped


def compiled_form(schema: dict[str, Any]) -> dict[str, Any]:
    """What fastjsonschema compiles for `schema`: at run time, or into compiled_check.py."""
    compiled: dict[str, Any] = containers_pass_conditions(fast_schema(schema))
    return compiled


def compile_check(schema: dict[str, Any]) -> Callable[[Any], Any]:
    """The fast check of `schema`, compiled now (when the shipped one does not fit it)."""
    import fastjsonschema

    return fastjsonschema.compile(compiled_form(schema), **COMPILE_OPTIONS)
