"""Whatever the input, parse_config returns a Config or raises ConfigError, nothing else."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconciler.config import Config, parse_config
from reconciler.errors import ConfigError

VALID = """\
version: 1
workspace: 4242
unmanaged: ignore
safety:
  max_destructive_percent: 30
clients:
  - name: Globex
    notes: Key account
    projects: all
  - name: Initech
    projects:
      - TPS reports
      - name: Printers
        state: archived
        color: "#c9806b"
        estimated_hours: 3
  - name: Umbrella
    state: archived
projects:
  - name: Internal
    is_private: true
"""

# Bytes that mean something to YAML or to the config, so mutations often reach deep checks.
YAML_PIECES = [
    ":",
    "-",
    " ",
    "\n",
    "  ",
    "&a ",
    "*a",
    "<<: ",
    "!!python/object:os.system ",
    "!x ",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "#",
    "---\n",
    "? ",
    "|\n",
    "yes",
    "2024",
    "2024-13-45",
    "null",
    "~",
    "state: absent\n",
    "name: Globex\n",
    "\t",
    "\x00",
    "\xff",
    "é",
]

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


def outcome(text: str | bytes) -> Config | ConfigError:
    try:
        return parse_config(text, "fuzz.yaml")
    except ConfigError as error:
        assert error.path == "fuzz.yaml"
        assert error.line is None or error.line >= 1
        return error


@FUZZ
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    outcome(text)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    outcome(data)


@st.composite
def mutations(draw: st.DrawFn) -> str:
    text = VALID
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 20)))
        piece = draw(st.sampled_from(YAML_PIECES) | st.text(max_size=5))
        text = text[:start] + piece + text[end:]
    return text


@FUZZ
@given(mutations())
def test_mutations_of_a_valid_file(text: str) -> None:
    result = outcome(text)
    if isinstance(result, Config):
        assert result.version == 1


KEYS = st.sampled_from(
    ["version", "workspace", "clients", "projects", "name", "state", "notes", "color", "safety"]
    + ["unmanaged", "billable", "is_private", "estimated_hours", "max_destructive_percent", "x"]
)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-5, 5000)
    | st.floats(allow_nan=True)
    | st.sampled_from(["active", "archived", "absent", "all", "#c9806b", "ignore", "archive", ""])
    | st.text(max_size=10)
)
STRUCTURES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=5),
    max_leaves=25,
)


@FUZZ
@given(st.dictionaries(KEYS, STRUCTURES, max_size=6))
def test_random_yaml_structures(document: dict[str, Any]) -> None:
    outcome(yaml.safe_dump(document, allow_unicode=True))


@FUZZ
@given(STRUCTURES)
def test_valid_header_with_random_clients(clients: Any) -> None:
    text = yaml.safe_dump({"version": 1, "workspace": 1, "clients": clients}, allow_unicode=True)
    outcome(text)


@FUZZ
@given(STRUCTURES, STRUCTURES)
def test_the_fast_validator_agrees_with_jsonschema(clients: Any, projects: Any) -> None:
    """Valid files are checked by the compiled validator alone, so it must accept exactly what
    jsonschema accepts."""
    from reconciler.config.validate import _validator, is_valid_fast

    for document in (
        {"version": 1, "workspace": 1, "clients": clients},
        {"version": 1, "workspace": "W", "projects": projects, "unmanaged": clients},
        {"version": 1, "workspace": 1, "clients": [{"name": "A", "projects": projects}]},
    ):
        assert is_valid_fast(document) == _validator().is_valid(document), document
