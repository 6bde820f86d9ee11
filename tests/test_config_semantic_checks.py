"""The checks semantic.py makes on each client and project, one case each, and the digest of a
config's meaning, which saved plans record and so must never change for the same meaning."""

from __future__ import annotations

import pytest

from reconciler.config import parse_config
from reconciler.errors import ConfigError

HEAD = "version: 1\nworkspace: 1\n"

CASES = [
    (
        "time-entries-on-an-active-project",
        "projects:\n  - name: W\n    time_entries: delete\n",
        5,
        "'time_entries' says what deleting project 'W' does to its time entries: it belongs "
        "only with 'state: absent'",
    ),
    (
        "time-entries-on-an-archived-project",
        "projects:\n  - name: W\n    state: archived\n    time_entries: unassign\n",
        6,
        "it belongs only with 'state: absent'",
    ),
    (
        "absent-project-names-its-first-field-by-line",
        "projects:\n  - name: W\n    state: absent\n    billable: true\n    color: '#000000'\n",
        6,
        "an absent object has no fields to manage: remove 'billable' from project 'W'",
    ),
    (
        "absent-project-with-previous-names",
        "projects:\n  - name: W\n    state: absent\n    previously: V\n",
        6,
        "an absent project is deleted under the name it has in Toggl",
    ),
    (
        "project-name-of-spaces",
        "projects:\n  - '   '\n",
        4,
        "a project name must not be empty or only whitespace",
    ),
    (
        "project-name-with-trailing-space",
        "clients:\n  - name: A\n    projects:\n      - name: 'Web '\n",
        6,
        "project name 'Web ' has leading or trailing whitespace, which Toggl trims: write 'Web'",
    ),
    (
        "project-names-differing-in-case",
        "projects:\n  - Web\n  - name: WEB\n",
        5,
        "duplicate project 'WEB' among projects without a client: already on line 4 as 'Web'",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "message"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_each_check_reports_its_problem_at_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        parse_config(HEAD + text, "c.yaml")
    assert raised.value.line == line
    assert message in raised.value.message


@pytest.mark.parametrize(
    "text",
    [
        "projects:\n  - name: W\n    state: absent\n    time_entries: delete\n",
        "clients:\n  - name: A\n    state: absent\n    projects:\n      - name: W\n"
        "        state: absent\n        time_entries: unassign\n",
    ],
)
def test_time_entries_with_an_absent_project_is_accepted(text: str) -> None:
    parse_config(HEAD + text)


def test_the_digest_of_a_meaning_never_changes() -> None:
    text = HEAD + (
        "unmanaged: archive\nsafety: {max_destructive_percent: 20}\n"
        "clients:\n  - name: Globex\n    notes: Key\n    projects: all\n"
        "  - name: Initech\n    projects:\n      - TPS\n      - name: Printers\n"
        "        state: archived\n        color: '#c9806b'\n        estimated_hours: 3\n"
        "projects:\n  - name: Internal\n    is_private: true\n    billable: false\n"
        "  - name: Old\n    state: absent\n    time_entries: delete\n"
    )
    # The value computed before the digest's code was last changed.
    assert parse_config(text).digest == (
        "345563d0c2bcbcda0001fe1b9ecdcb2a730927d7b320f9e38ceda042910f344e"
    )
