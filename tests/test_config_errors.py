"""Every kind of bad input ends in one ConfigError naming the file, the line and the problem."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from reconciler.config import load_config, loader, parse_config
from reconciler.config.loader import MAX_FILE_BYTES
from reconciler.errors import MAX_CONFIG_PROBLEMS, ConfigError


@pytest.fixture(autouse=True, params=loader.LOADERS, ids=lambda cls: cls.__name__)
def yaml_loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every case runs with each YAML parser available (libyaml's and the pure-Python one)."""
    monkeypatch.setattr(loader, "LOADERS", [request.param])


HEAD = "version: 1\nworkspace: 1\n"  # lines 1-2 of most cases below


def error_of(text: str | bytes, path: str = "bad.yaml") -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, path)
    return caught.value


CASES = [
    # (id, text, line, distinctive part of the message)
    ("yaml-syntax", HEAD + "clients: [\n  - x\n", 4, "invalid YAML"),
    ("yaml-bad-indent", "version: 1\n workspace: 1\n", 2, "invalid YAML"),
    ("two-documents", HEAD + "---\nversion: 1\n", 3, "single document"),
    ("duplicate-key", HEAD + "unmanaged: ignore\nunmanaged: archive\n", 4, "first on line 3"),
    ("python-tag", HEAD + "x: !!python/object/apply:os.system [ls]\n", 3, "!!python/object"),
    ("local-tag", HEAD + "clients: !mine []\n", 3, "unsupported YAML tag !mine"),
    ("binary-tag", HEAD + "x: !!binary aGk=\n", 3, "unsupported YAML tag !!binary"),
    ("top-level-list", "- version: 1\n", 1, "top level must be a mapping"),
    ("top-level-scalar", "just text\n", 1, "top level must be a mapping"),
    ("newer-version", "version: 2\nworkspace: 1\nfuture_key: 1\n", 1, "needs a newer toggl"),
    ("version-zero", "version: 0\nworkspace: 1\n", 1, "'version' must be 1"),
    ("version-missing", "workspace: 1\n", 1, "needs 'version'"),
    ("workspace-missing", "version: 1\nclients: []\n", 1, "needs 'workspace'"),
    ("workspace-negative", "version: 1\nworkspace: -5\n", 2, "positive id"),
    ("workspace-empty", "version: 1\nworkspace: ''\n", 2, "must not be empty"),
    ("workspace-bool", "version: 1\nworkspace: yes\n", 2, "YAML reads yes as a boolean"),
    ("token-key", HEAD + "api_token: abc\n", 3, "TOGGL_API_TOKEN"),
    ("token-in-client", HEAD + "clients:\n  - name: A\n    token: x\n", 5, "TOGGL_API_TOKEN"),
    ("unknown-top-key", HEAD + "project:\n  - A\n", 3, "'project' (did you mean 'projects'?)"),
    (
        "unknown-client-key",
        HEAD + "clients:\n  - name: A\n    note: x\n",
        5,
        "did you mean 'notes'",
    ),
    (
        "unknown-project-key",
        HEAD + "projects:\n  - name: A\n    colour: '#aabbcc'\n",
        5,
        "'colour' (did you mean 'color'?)",
    ),
    ("unknown-safety-key", HEAD + "safety:\n  max_percent: 3\n", 4, "unknown key 'max_percent'"),
    ("bad-state", HEAD + "clients:\n  - name: A\n    state: deleted\n", 5, "did you mean 'absent'"),
    ("bad-unmanaged", HEAD + "unmanaged: archived\n", 3, "did you mean 'archive'"),
    ("name-number", HEAD + "projects:\n  - 2024\n", 4, 'put it in quotes: "2024"'),
    ("name-bool", HEAD + "projects:\n  - yes\n", 4, "YAML reads yes as a boolean"),
    ("name-date", HEAD + "projects:\n  - 2024-01-31\n", 4, "as a date"),
    ("name-key-number", HEAD + "clients:\n  - name: 7\n", 4, 'put it in quotes: "7"'),
    ("name-empty", HEAD + "clients:\n  - name: ''\n", 4, "'name' must not be empty"),
    ("name-null", HEAD + "clients:\n  - name:\n", 4, "'name' must be text, not nothing"),
    (
        "name-too-long",
        HEAD + "projects:\n  - " + "x" * 256 + "\n",
        4,
        "a project name is 256 characters long",
    ),
    (
        "name-control",
        HEAD + 'projects:\n  - "a\\u0007b"\n',
        4,
        "a project name must not contain control characters (U+0007)",
    ),
    ("name-missing", HEAD + "clients:\n  - notes: x\n", 4, "a client needs 'name'"),
    ("project-list-item", HEAD + "projects:\n  - [a, b]\n", 4, "a name, or a mapping"),
    ("clients-not-list", HEAD + "clients: Globex\n", 3, "'clients' must be a list"),
    ("projects-word", HEAD + "clients:\n  - name: A\n    projects: every\n", 5, "'all' or a list"),
    ("color-word", HEAD + "projects:\n  - name: A\n    color: red\n", 5, "6 hex digits"),
    ("color-short", HEAD + "projects:\n  - name: A\n    color: '#abc'\n", 5, "either case"),
    ("bool-as-text", HEAD + "projects:\n  - name: A\n    billable: 'no'\n", 5, "true or false"),
    (
        "hours-negative",
        HEAD + "projects:\n  - name: A\n    estimated_hours: -1\n",
        5,
        "at least 0",
    ),
    ("hours-fraction", HEAD + "projects:\n  - name: A\n    estimated_hours: 1.5\n", 5, "whole"),
    ("notes-number", HEAD + "clients:\n  - name: A\n    notes: 12\n", 5, "must be text"),
    ("percent-high", HEAD + "safety:\n  max_destructive_percent: 150\n", 4, "between 0 and 100"),
    ("percent-nan", HEAD + "safety:\n  max_destructive_percent: .nan\n", 4, "not .nan"),
    ("bad-date", HEAD + "x: 2024-13-45\n", 3, "cannot read '2024-13-45'"),
    ("non-text-key", HEAD + "1: one\n", 3, 'put it in quotes: "1"'),
    ("mapping-key", HEAD + "? [a]\n: b\n", 3, "a key must be plain text"),
    ("undefined-alias", HEAD + "clients: *nowhere\n", 3, "undefined alias"),
    (
        "previously-mapping-on-client",
        HEAD + "clients:\n  - name: A\n    previously: {client: B}\n",
        5,
        "'previously' must be a client's name or a list of them, not a mapping",
    ),
    (
        "previously-empty-list",
        HEAD + "clients:\n  - name: A\n    previously: []\n",
        5,
        "'previously' must not be an empty list",
    ),
    (
        "previously-item-list",
        HEAD + "projects:\n  - name: A\n    previously: [[B]]\n",
        5,
        "each item of 'previously' must be a name, or a mapping with 'client' (and 'name')",
    ),
    (
        "previously-without-client",
        HEAD + "projects:\n  - name: A\n    previously:\n      - name: B\n",
        6,
        "'previously' needs 'client'",
    ),
    (
        "previously-unknown-key",
        HEAD + "projects:\n  - name: A\n    previously: {client: B, nmae: C}\n",
        5,
        "unknown key 'nmae' (did you mean 'name'?); expected one of client, name",
    ),
    # Semantic checks.
    (
        "previously-own-name",
        HEAD + "clients:\n  - name: A\n    previously: [B, A]\n",
        5,
        "client 'A': 'previously' repeats its name as it is now",
    ),
    (
        "previously-own-place",
        HEAD
        + "clients:\n  - name: A\n    projects:\n      - name: W\n"
        + "        previously: {client: A}\n",
        7,
        "project 'W' under client 'A': 'previously' repeats its name",
    ),
    (
        "previously-given-twice",
        HEAD
        + "clients:\n  - name: A\n    previously: Old\n  - name: B\n"
        + "    previously:\n      - Old\n",
        8,
        "client 'B': 'previously' names client 'Old', already given on line 5",
    ),
    (
        "previously-place-given-twice",
        HEAD
        + "clients:\n  - name: A\n    projects:\n      - name: W\n"
        + "        previously: {client: Old, name: X}\n"
        + "projects:\n  - name: V\n    previously: {client: Old, name: X}\n",
        10,
        "project 'X' under client 'Old', already given on line 7",
    ),
    (
        "previously-on-absent",
        HEAD + "projects:\n  - name: W\n    state: absent\n    previously: V\n",
        6,
        "remove 'previously' from project 'W'",
    ),
    (
        "duplicate-client-case",
        HEAD + "clients:\n  - name: Globex\n  - name: GLOBEX\n",
        5,
        "already on line 4 as 'Globex'",
    ),
    (
        "duplicate-project-under-client",
        HEAD + "clients:\n  - name: A\n    projects:\n      - Web\n      - name: web\n",
        7,
        "duplicate project 'web' under client 'A'",
    ),
    (
        "duplicate-project-no-client",
        HEAD + "projects:\n  - Web\n  - Web\n",
        5,
        "duplicate project 'Web' among projects without a client: already on line 4",
    ),
    (
        "archived-client-active-project",
        HEAD + "clients:\n  - name: A\n    state: archived\n    projects:\n      - Web\n",
        7,
        "archives a client's projects with it",
    ),
    (
        "archived-client-all-projects",
        HEAD + "clients:\n  - name: A\n    state: archived\n    projects: all\n",
        6,
        "is archived but lists 'projects: all'",
    ),
    (
        "absent-client-all-projects",
        HEAD + "clients:\n  - name: A\n    state: absent\n    projects: all\n",
        6,
        "is absent but lists 'projects: all'",
    ),
    (
        "absent-client-archived-project",
        HEAD
        + "clients:\n  - name: A\n    state: absent\n    projects:\n"
        + "      - name: W\n        state: archived\n",
        7,
        "can only be absent",
    ),
    (
        "absent-client-with-notes",
        HEAD + "clients:\n  - name: A\n    state: absent\n    notes: x\n",
        6,
        "an absent object has no fields to manage: remove 'notes'",
    ),
    (
        "absent-project-with-color",
        HEAD + "projects:\n  - name: W\n    color: '#000000'\n    state: absent\n",
        5,
        "remove 'color' from project 'W'",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "fragment"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_error_names_file_line_and_problem(text: str, line: int, fragment: str) -> None:
    error = error_of(text)
    assert (error.path, error.line) == ("bad.yaml", line), str(error)
    assert fragment in error.message
    assert str(error) == f"bad.yaml:{line}: {error.message}"


def test_the_first_problem_by_line_is_reported() -> None:
    text = HEAD + "projects:\n  - name: A\n    colour: x\n  - name: B\n    state: gone\n"
    assert error_of(text).line == 5
    text = HEAD + "clients:\n  - name: A\n  - name: a\nprojects:\n  - P\n  - p\n"
    assert error_of(text).line == 5


def test_empty_and_comment_only_files() -> None:
    for text in ["", "\n\n", "# nothing yet\n"]:
        error = error_of(text)
        assert error.line == 1 and "the file is empty" in error.message


def test_bytes_that_are_not_utf8_name_their_line() -> None:
    error = error_of(HEAD.encode() + b"clients:\n  - name: Caf\xe9\n")
    assert error.line == 4 and "not valid UTF-8 (byte 0xe9)" in error.message


def test_control_characters_in_the_file_name_their_line() -> None:
    error = error_of(HEAD + "clients:\n  - name: a\x01b\n")
    assert error.line == 4 and "U+0001" in error.message


def test_text_over_the_size_cap_is_refused_before_parsing() -> None:
    error = error_of(b"#" * (MAX_FILE_BYTES + 1))
    assert "larger than 5 MiB" in error.message


def test_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ConfigError, match="no such file") as caught:
        load_config(missing)
    assert caught.value.path == str(missing)


def test_directory_instead_of_a_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a directory"):
        load_config(tmp_path)


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(HEAD.encode() + b"#" * MAX_FILE_BYTES)
    with pytest.raises(ConfigError, match="larger than 5 MiB"):
        load_config(path)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_endless_special_file_is_read_only_up_to_the_cap() -> None:
    with pytest.raises(ConfigError, match="larger than 5 MiB"):
        load_config("/dev/zero")


def test_billion_laughs_is_rejected_quickly() -> None:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    started = time.monotonic()
    error = error_of("\n".join(lines) + "\n")
    assert time.monotonic() - started < 2
    assert "alias bomb" in error.message
    assert error.line is not None and error.line <= 10


def test_recursive_alias_is_rejected() -> None:
    error = error_of(HEAD + "clients: &loop [*loop]\n")
    assert error.line == 3 and "contains it" in error.message


def test_deep_nesting_is_rejected_quickly() -> None:
    started = time.monotonic()
    error = error_of("x: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert time.monotonic() - started < 5
    # libyaml stops at its own nesting limit first; the pure parser reaches ours.
    assert "nesting" in error.message and error.line == 1


def test_deep_nesting_through_aliases_is_rejected() -> None:
    levels = ["a0: &a0 [1]"]
    levels += [f"a{i}: &a{i} " + "[" * 10 + f"*a{i - 1}" + "]" * 10 for i in range(1, 10)]
    error = error_of("\n".join(levels) + "\n")
    # a0 is 2 deep, each level adds 10: a4 (line 5) is the first past 32.
    assert "deeper than" in error.message and error.line == 5


def test_client_names_are_capped_at_100_characters_project_names_at_255() -> None:
    long_client = "version: 1\nworkspace: 1\nclients:\n  - name: " + "c" * 101 + "\n"
    with pytest.raises(ConfigError) as err:
        parse_config(long_client, "w.yaml")
    assert str(err.value).startswith("w.yaml:4:") and "most allowed is 100" in str(err.value)
    ok = "version: 1\nworkspace: 1\nclients:\n  - name: A\n    projects: [" + "p" * 255 + "]\n"
    assert parse_config(ok, "w.yaml").clients[0].projects[0].name == "p" * 255


# -- every problem at once ----------------------------------------------------------------------


def where(error: ConfigError) -> list[tuple[int | None, str]]:
    return [(problem.line, problem.message) for problem in error.problems]


def test_every_problem_is_carried_in_line_order_and_the_first_is_raised() -> None:
    text = HEAD + (
        "clients:\n"
        "  - name: A\n"  # 4
        "    colour: red\n"  # 5
        "  - name: a\n"  # 6: duplicate, found by the semantic checks
        "projects:\n"
        "  - name: P\n"
        "    state: gone\n"  # 9
    )
    error = error_of(text)
    assert [line for line, _ in where(error)] == [5, 6, 9]
    assert error.problems[0] is error and str(error) == f"bad.yaml:5: {error.message}"
    assert "unknown key 'colour'" in error.problems[0].message
    assert "duplicate client 'a'" in error.problems[1].message
    assert "'state' must be one of" in error.problems[2].message


def test_malformed_items_are_left_out_of_the_semantic_checks() -> None:
    # A number where a name belongs cannot be compared with other names; the others still are.
    text = HEAD + "clients:\n  - name: 2024\n  - name: B\n  - name: b\nprojects: [7, X, x]\n"
    error = error_of(text)
    assert [line for line, _ in where(error)] == [4, 6, 7, 7]
    messages = [message for _, message in where(error)]
    assert messages[0].startswith("'name' must be text, but YAML reads 2024 as a number")
    assert messages[1].startswith("duplicate client 'b'")
    assert messages[2].startswith("a project must be a name, but YAML reads 7 as a number")
    assert messages[3].startswith("duplicate project 'x'")


def test_a_malformed_state_does_not_make_up_a_second_problem() -> None:
    # Were the misspelt state taken for the default (active), it would clash with the client.
    text = HEAD + (
        "clients:\n  - name: A\n    state: archived\n    projects:\n"
        "      - name: P\n        state: archvied\n"
    )
    error = error_of(text)
    assert [line for line, _ in where(error)] == [8]
    assert "did you mean 'archived'?" in error.message


def test_each_unknown_key_and_each_value_once() -> None:
    text = HEAD + "clients:\n  - name: " + "c" * 300 + "\n    colour: x\n    stat: y\n"
    error = error_of(text)
    assert [line for line, _ in where(error)] == [4, 5, 6]
    assert "the most allowed is 100" in error.problems[0].message  # not a second one for 255
    assert "'colour'" in error.problems[1].message and "'stat'" in error.problems[2].message


def test_problems_past_the_limit_are_counted_not_listed() -> None:
    text = HEAD + "projects:\n" + "".join(f"  - name: P{i}\n    state: x\n" for i in range(25))
    error = error_of(text)
    assert len(error.problems) == MAX_CONFIG_PROBLEMS == 20
    assert error.unlisted == 5
    assert error.problems[-1].line == 5 + 2 * 19


def test_a_single_problem_is_alone() -> None:
    error = error_of(HEAD + "unmanaged: sometimes\n")
    assert error.problems == (error,) and error.unlisted == 0


@pytest.mark.parametrize("written", ['"4242"', "'4242'", '" 4242 "'])
def test_a_quoted_workspace_id_gets_a_hint(written: str) -> None:
    error = error_of(f"version: 1\nworkspace: {written}\n")
    assert error.line == 2
    assert "write it without quotes (workspace: 4242)" in error.message


@pytest.mark.parametrize("written", ["4242", '"Acme 2024"', '"4242b"', '"٤٢"'])
def test_ids_and_names_with_digits_are_accepted(written: str) -> None:
    assert parse_config(f"version: 1\nworkspace: {written}\n").workspace is not None
