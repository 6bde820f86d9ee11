"""Check a parsed config against schemas/config.schema.json, with messages at FILE:LINE.

jsonschema finds the problems; this module turns each into a message a user can act on (with a
did-you-mean for unknown keys and values) at the line where it was written. semantic.py then checks
what a schema cannot say and builds the model; reading.py reports the problems of both together.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Callable
from functools import lru_cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any, NamedTuple

from reconciler.config.lines import LineDict, line_of, raw_of
from reconciler.errors import ConfigError, clip

if TYPE_CHECKING:  # jsonschema loads only for a file that fails the fast check (_validator)
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

FORMAT_VERSION = 1
TOKEN_KEYS = frozenset({"api_token", "token", "toggl_api_token", "apitoken"})

# Words people write for a state, beyond what difflib would match.
_STATE_SYNONYMS = {
    "deleted": "absent",
    "delete": "absent",
    "removed": "absent",
    "remove": "absent",
    "gone": "absent",
    "missing": "absent",
    "inactive": "archived",
    "archive": "archived",
    "disabled": "archived",
    "closed": "archived",
    "enabled": "active",
    "open": "active",
}
_SINGULAR = {"clients": "client", "projects": "project"}
_TYPE_WORDS = {
    "string": "text",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
}


@lru_cache(maxsize=1)
def config_schema_text() -> str:
    """The JSON Schema of config format version 1, as shipped in reconciler.schemas."""
    return files("reconciler.schemas").joinpath("config.schema.json").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def config_schema() -> dict[str, Any]:
    """The JSON Schema of config format version 1, parsed."""
    schema: dict[str, Any] = json.loads(config_schema_text())
    return schema


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(config_schema())


def schema_digest(schema_text: str) -> str:
    """What names the schema a compiled check was generated from."""
    return hashlib.sha256(schema_text.encode("utf-8")).hexdigest()


def fits_shipped_schema(written_for: str) -> bool:
    """Whether the schema as shipped is the one whose digest is `written_for`: a check written
    for one schema (compiled_check.py, usual_shapes.py) is used only while it is."""
    return schema_digest(config_schema_text()) == written_for


# Where a value sits in the document: the keys and indexes leading to it.
Location = tuple[str | int, ...]


def check_schema(document: LineDict, path: str) -> None:
    """Raise what the schema finds in a parsed document: the first problem by line, carrying
    every problem (ConfigError.problems)."""
    found = schema_problems(document, path)
    if found:
        raise ConfigError.of([problem.error for problem in found])


class SchemaProblem(NamedTuple):
    location: Location  # of the value in question
    error: ConfigError
    # An unknown key leaves the rest of its mapping as usable as if the key were not there.
    unknown_key: bool = False


def schema_problems(document: LineDict, path: str) -> list[SchemaProblem]:
    """Every problem the schema finds, by line.

    One problem per value (the first by message when it breaks several rules), and one per
    unknown key. A newer format version is raised at once: its keys cannot be judged here.
    """
    _check_version(document, path)
    if is_valid_fast(document):
        return []
    found: dict[Location, SchemaProblem] = {}
    for error in _validator().iter_errors(document):
        location = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            known = error.schema.get("properties", {})
            for key in error.instance:
                if key not in known:
                    problem = _unknown_key_problem(error, error.instance, path, key)
                    found[location + (key,)] = SchemaProblem(location, problem, unknown_key=True)
            continue
        problem = _problem(error, document, path)
        if location not in found or problem.message < found[location].error.message:
            found[location] = SchemaProblem(location, problem)
    return sorted(found.values(), key=lambda found: (found.error.line or 0, found.error.message))


@lru_cache(maxsize=1)
def _fast_validator() -> Callable[[Any], Any]:
    # The schema compiled to Python code: a 50,000-project file is checked in a fraction of
    # jsonschema's time. jsonschema then runs only on invalid files, to locate every problem.
    # The compiled form is written for speed (fast_schema.py); it accepts the same documents.
    # Only whether the file is valid is asked of it: no detailed messages to compile.
    # Its code ships in the package (compiled_check.py), so a run does not compile it again;
    # that code is used only while the schema is the one it was generated from.
    shipped = _shipped_check()
    if shipped is not None and fits_shipped_schema(shipped.SCHEMA_SHA256):
        check: Callable[[Any], Any] = shipped.check
        return check
    from reconciler.config.fast_schema import compile_check

    return compile_check(config_schema())


def _shipped_check() -> Any:
    """The module compiled_check, or None when it is missing or does not load."""
    try:
        from reconciler.config import compiled_check
    except Exception:  # missing, or written by a fastjsonschema this one's code cannot run
        return None
    return compiled_check


def is_valid_fast(document: Any) -> bool:
    """True when the compiled check accepts the document; False sends it to jsonschema."""
    try:
        _fast_validator()(document)
    except Exception:
        # fastjsonschema's JsonSchemaException for an invalid file; or a fault in the generated
        # code (some fastjsonschema releases had such faults): let jsonschema judge. It finds no
        # problem in a valid file, so nothing is lost but time.
        return False
    return True


def _check_version(document: LineDict, path: str) -> None:
    # Checked before the schema: a newer format may have keys this version does not know.
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
        raise ConfigError(
            f"format version {version}: this file needs a newer toggl-reconciler "
            f"(this one reads version {FORMAT_VERSION})",
            path,
            document.value_line("version"),
        )


def did_you_mean(word: str, choices: list[str], synonyms: dict[str, str] | None = None) -> str:
    """' (did you mean 'x'?)' for the closest choice, or '' when nothing is close."""
    import difflib  # only a file with a problem needs it

    lowered = word.lower()
    # A synonym is offered only where it is a valid value: `unmanaged: delete` must not suggest
    # a project's `absent`.
    if synonyms and synonyms.get(lowered) in choices:
        return f" (did you mean {synonyms[lowered]!r}?)"
    matches = difflib.get_close_matches(lowered, choices, n=1, cutoff=0.6)
    return f" (did you mean {matches[0]!r}?)" if matches else ""


def _resolve(document: Any, path: list[str | int]) -> tuple[Any, str | int | None]:
    """The container holding the value at `path`, and the value's key in it."""
    container = document
    for part in path[:-1]:
        container = container[part]
    return container, (path[-1] if path else None)


def _subject(path: list[str | int]) -> str:
    """How to name the value at `path` in a message."""
    if not path:
        return "the top level"
    last = path[-1]
    if isinstance(last, int):
        parent = path[-2] if len(path) > 1 else ""
        return f"each item of {parent!r}" if parent not in _SINGULAR else f"a {_SINGULAR[parent]}"
    return repr(last)


def _kind(value: Any, raw: str | None) -> str:
    written = clip(raw if raw is not None else repr(value))
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{written} (a boolean)"
    if isinstance(value, (int, float)):
        return f"{written} (a number)"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"{written} (a date)"
    if isinstance(value, str):
        return f"the text {clip(value)!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return written


def _scalar_word(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date"
    return "a number"


def _type_message(error: ValidationError, subject: str, raw: str | None) -> str:
    expected = error.validator_value
    expected_types = [expected] if isinstance(expected, str) else list(expected)
    value = error.instance
    if "string" in expected_types and raw is not None and not isinstance(value, (str, type(None))):
        # A name like 2024 or yes: YAML read it as a number, boolean or date.
        noun = "a name" if "object" in expected_types else "text"
        return (
            f"{subject} must be {noun}, but YAML reads {clip(raw)} as {_scalar_word(value)}; "
            f'put it in quotes: "{clip(raw)}"'
        )
    previously = _previously_wanted(list(error.absolute_path))
    if previously:
        wanted = previously
    elif expected_types == ["string", "object"]:
        wanted = "a name, or a mapping with a 'name'"
    elif expected_types == ["string", "array"]:
        wanted = "'all' or a list of projects"
    else:
        wanted = " or ".join(_TYPE_WORDS.get(name, name) for name in expected_types)
    return f"{subject} must be {wanted}, not {_kind(value, raw)}"


def _previously_wanted(location: list[str | int]) -> str:
    """What a `previously` (or one of its items) may be, or '' elsewhere."""
    if "previously" not in location[-2:]:
        return ""
    item = location[-1] != "previously"
    if location[0] == "clients" and location.index("previously") == 2:
        return "a client's name" if item else "a client's name or a list of them"
    one = "a name, or a mapping with 'client' (and 'name')"
    return one if item else f"{one}, or a list of them"


def _unknown_key_problem(
    error: ValidationError, container: Any, path: str, key: str
) -> ConfigError:
    known = sorted(error.schema.get("properties", {}))
    line = container.key_line(key)
    if key.lower() in TOKEN_KEYS:
        message = (
            f"{clip(key)!r} does not belong in the config: the API token is read from the "
            "TOGGL_API_TOKEN environment variable"
        )
    else:
        hint = did_you_mean(key, known)
        message = f"unknown key {clip(key)!r}{hint}; expected one of {', '.join(known)}"
    return ConfigError(message, path, line)


def _problem(error: ValidationError, document: LineDict, path: str) -> ConfigError:
    location = list(error.absolute_path)
    container, key = _resolve(document, location)
    value = error.instance
    subject = _subject(location)
    if error.validator == "required":
        missing = [name for name in error.validator_value if name not in value]
        line = getattr(value, "line", None)
        return ConfigError(f"{subject} needs {missing[0]!r}", path, line)

    if isinstance(key, int) and validator_names_a_string(error.validator):
        # A short-form item is itself the name: "a project name must not be empty".
        subject = f"{subject} name"
    line = line_of(container, key) if key is not None else document.line
    raw = raw_of(container, key) if key is not None else None
    validator = error.validator
    if validator == "type":
        message = _type_message(error, subject, raw)
    elif validator == "enum":
        choices = [str(choice) for choice in error.validator_value]
        hint = did_you_mean(str(value), choices, _STATE_SYNONYMS) if isinstance(value, str) else ""
        message = f"{subject} must be one of {', '.join(choices)}, not {_kind(value, raw)}{hint}"
    elif validator == "const" and key == "version":
        message = f"'version' must be {FORMAT_VERSION}, not {_kind(value, raw)}"
    elif validator == "const":
        message = f"{subject} must be {error.validator_value!r} or a list, not {_kind(value, raw)}"
    elif validator == "pattern" and key == "color":
        message = (
            f"'color' must be '#' followed by 6 hex digits, like \"#c9806b\" (either case), "
            f"not {clip(str(value))!r}"
        )
    elif validator == "pattern":
        bad = next((char for char in str(value) if _is_control(char)), "")
        code = f" (U+{ord(bad):04X})" if bad else ""
        message = f"{subject} must not contain control characters{code}"
    elif validator == "minLength":
        message = f"{subject} must not be empty"
    elif validator == "minItems":
        message = f"{subject} must not be an empty list"
    elif validator == "maxLength":
        # The 255 cap is ours: Toggl does not document a maximum name length.
        message = (
            f"{subject} is {len(value)} characters long; the most allowed is "
            f"{error.validator_value}"
        )
    elif validator in ("minimum", "maximum"):
        message = _range_message(error, subject, key)
    else:
        message = f"{subject}: {error.message}"
    return ConfigError(message, path, line)


def validator_names_a_string(validator: object) -> bool:
    return validator in ("minLength", "maxLength", "pattern")


def _is_control(char: str) -> bool:
    return ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F


def _range_message(error: ValidationError, subject: str, key: str | int | None) -> str:
    value = error.instance
    if key == "workspace":
        return f"'workspace' must be a positive id or the workspace's name, not {value}"
    if key == "max_destructive_percent":
        return f"'max_destructive_percent' must be between 0 and 100, not {value}"
    bound = "at least" if error.validator == "minimum" else "at most"
    return f"{subject} must be {bound} {error.validator_value}, not {value}"
