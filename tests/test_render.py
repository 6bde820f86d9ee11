"""Renderings of one rich plan against golden files; UPDATE_GOLDEN=1 rewrites the golden files."""

from __future__ import annotations

import json
import os
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconciler import plan_render
from reconciler.config.model import Config, DesiredClient, DesiredProject
from reconciler.plan import Action, Plan
from reconciler.plan_render import _v, quoted
from reconciler.planner import make_plan
from reconciler.render import (
    NO_CHANGES,
    human_duration,
    quota_note,
    render_json,
    render_markdown,
    render_text,
    wait_text,
)
from reconciler.state import Client, Project, Workspace
from tests.test_action import built_by_every_one_step_constructor

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def rich_plan() -> Plan:
    """Every kind of action, a fold-worthy cascade, and names full of Markdown specials."""
    clients = (
        Client(1, "Initech", archived=True, at="t1"),
        Client(2, "Umbrella", at="t2"),
        Client(3, "Old Co", at="t3"),
        Client(4, "globex", notes="old notes", at="t4"),
        Client(5, "Lazy", archived=True, at="t5"),
    )
    projects = (
        Project(11, "Printers", 1, active=False, color="#aaaaaa", at="t11"),
        Project(12, "Scanners", 1, active=False, at="t12"),
        *(Project(20 + i, f"Lab {i:02}", 2, at=f"t{20 + i}") for i in range(11)),
        Project(40, "Web", 4, color="#111111", at="t40"),
        Project(41, "Mobile", 4, color="#111111", at="t41"),
        Project(42, "Legacy", 4, at="t42"),
        Project(43, "ads_*|<x>`", 4, is_private=False, at="t43"),
        Project(50, "Nap", 5, active=False, at="t50"),
        Project(60, "Admin", None, at="t60"),
    )
    ws = Workspace(id=9001, name="Acme Corp", clients=clients, projects=projects)
    cfg = Config(
        workspace=9001,
        clients=(
            DesiredClient(
                "Initech",
                projects=(
                    DesiredProject("Printers", fields={"color": "#BBBBBB"}),
                    DesiredProject("Scanners", "archived"),
                    DesiredProject("Copiers"),
                ),
            ),
            DesiredClient("Umbrella", "archived"),
            DesiredClient("Old Co", "absent"),
            DesiredClient(
                "Globex",
                fields={"notes": "new notes"},
                projects=(
                    DesiredProject("Web", fields={"color": "#222222"}),
                    DesiredProject("Mobile", fields={"color": "#222222"}),
                    DesiredProject("Legacy", "archived"),
                    DesiredProject("ads_*|<x>`", fields={"is_private": True}),
                ),
            ),
            DesiredClient("Lazy", projects="all"),
            DesiredClient("Hooli", fields={"notes": "new"}, projects=(DesiredProject("Nucleus"),)),
        ),
        projects=(DesiredProject("Admin", "absent"),),
        path="toggl.yaml",
        digest="sha256:0123",
    )
    return make_plan(cfg, ws)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_text_matches_golden() -> None:
    check_golden("plan.txt", render_text(rich_plan()))


def test_json_matches_golden() -> None:
    check_golden("plan.json", render_json(rich_plan()) + "\n")


def test_markdown_matches_golden() -> None:
    check_golden("plan.md", render_markdown(rich_plan()))


def test_text_lists_deletes_first_and_ends_with_the_summary_and_the_unmanaged_count() -> None:
    plan = rich_plan()
    lines = render_text(plan).splitlines()
    assert lines[0].startswith("Deletes")
    assert lines[1].startswith("- project ") and lines[2].startswith('- client "Old Co" (3)')
    assert lines[-2] == plan.summary()
    assert all(plan.summary() != line for line in lines[:-2])
    # Umbrella's projects: its entry lists none, so the file does not mention them.
    assert lines[-1] == (
        "Not in the file (unmanaged: ignore): 11 projects; --show-unmanaged lists them."
    )


def test_colour_only_when_asked() -> None:
    plain, painted = render_text(rich_plan()), render_text(rich_plan(), color=True)
    assert "\033[" not in plain
    assert '\033[31m- client "Old Co"' in painted
    assert "\033[32m+ client" in painted and "\033[36m↺ client" in painted
    assert "\033[35m⊘ client" in painted and "\033[33m~ client" in painted
    assert [_strip_ansi(line) for line in painted.splitlines()] == plain.splitlines()


def _strip_ansi(line: str) -> str:
    for code in ("\033[31m", "\033[32m", "\033[33m", "\033[35m", "\033[36m", "\033[0m"):
        line = line.replace(code, "")
    return line


def test_an_empty_plan_says_so() -> None:
    plan = Plan(workspace_id=1)
    assert render_text(plan) == NO_CHANGES + "\n" + plan.summary() + "\n"
    markdown = render_markdown(plan)
    assert NO_CHANGES in markdown and "write requests: 0" in markdown


def test_markdown_escapes_names_and_folds_long_lists() -> None:
    markdown = render_markdown(rich_plan())
    assert "ads\\_\\*\\|&lt;x&gt;\\`" in markdown
    assert "ads_*|" not in markdown
    assert "<details><summary>11 projects</summary>" in markdown
    assert markdown.index("Archives and deletes") < markdown.index("### Initech")


def test_json_is_valid_against_the_plan_schema() -> None:
    schema = json.loads(files("reconciler.schemas").joinpath("plan.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(render_json(rich_plan())), schema)


def test_schema_rejects_a_malformed_action() -> None:
    schema = json.loads(files("reconciler.schemas").joinpath("plan.schema.json").read_text())
    data = json.loads(render_json(rich_plan()))
    data["actions"][0]["op"] = "rename"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_plan_round_trips_through_its_dict_and_json() -> None:
    plan = rich_plan()
    assert Plan.from_dict(plan.to_dict()) == plan
    assert Plan.from_dict(json.loads(render_json(plan))) == plan


def test_client_archive_of_a_created_client_round_trips() -> None:
    archive = Action("archive", "client", "Hooli", client_ref="Hooli")
    assert Action.from_dict(json.loads(json.dumps(archive.to_dict()))) == archive
    assert archive.request(1, {"Hooli": 77}) == ("POST", "/workspaces/1/clients/77/archive", None)


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0.73, "0.7 s"),
        (7.0, "7 s"),
        (12.4, "12 s"),
        (59.6, "1 min"),
        (65, "1 min 5 s"),
        (3540, "59 min"),
        (3599, "59 min 59 s"),
        (3600, "1 h"),
        (5400, "1 h 30 min"),
        (7199, "2 h"),
    ],
)
def test_waits_are_said_in_human_units(seconds: float, said: str) -> None:
    assert human_duration(seconds) == said


def test_the_quota_note_and_the_retry_notice_use_them() -> None:
    from reconciler.toggl import QuotaWait, Retrying

    plan = rich_plan()
    assert quota_note(plan, 20, 3540).endswith(
        "Toggl reports 20 request(s) left this hour, resets in 59 min."
    )
    assert wait_text(QuotaWait(754, first=True)) == (
        "Hourly request quota used up; waiting 12 min 34 s for it to reset"
    )
    assert wait_text(Retrying("GET /me", 0.61, 503)) == (
        "Toggl answered 503; waiting 0.6 s before retrying"
    )


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@given(st.text(), JSON_VALUES)
def test_names_and_values_are_spelt_as_json_dumps_spells_them(text: str, value: object) -> None:
    # One encoder serves every line; it must write what json.dumps writes, escapes included.
    assert quoted(text) == json.dumps(text, ensure_ascii=False)
    assert _v(value) == json.dumps(value, ensure_ascii=False)
    # Anything else a library caller passes (Python does not check the types): spelt as JSON too.
    assert quoted(value) == json.dumps(value, ensure_ascii=False)  # type: ignore[arg-type]


def details_as_the_rules_say(action: Action, style: plan_render._Style) -> str:
    """What follows an action's head, condition by condition, as each rule reads."""
    parts: list[str] = []
    if action.op == "create" and action.kind == "project" and action.body.get("active") is False:
        parts.append("archived")
    for name, old, new in action.changes:
        if action.previous is not None and name in ("name", "client_id"):
            continue
        if action.op in ("create", "bulk_update"):
            parts.append(style.value(name, new))
        else:
            parts.append(style.change(name, old, new))
    if action.op == "bulk_update" and style.bulk_names:
        parts.append(style.names(action.projects))
    if action.kind == "client" and action.op == "restore":
        if action.body and action.body.get("restore_all_projects"):
            parts.append("with all projects")
        elif action.projects:
            parts.append("with projects " + style.names(action.projects))
        else:
            parts.append("without its projects")
    if action.kind == "client" and action.op == "archive" and action.projects:
        parts.append("and its projects " + style.names(action.projects))
    if action.kind == "client" and action.op == "delete":
        parts.append("its projects stay, without a client")
    if action.kind == "project" and action.op == "delete":
        if action.time_entries == "delete":
            parts.append("AND ITS TIME ENTRIES")
        else:
            parts.append("its time entries stay, without a project")
    return style.sep.join(parts)


NAME_LISTS = st.lists(st.sampled_from(["Web", "a*b", "Ops"]), max_size=12)
EVERY_ACTION = st.one_of(
    built_by_every_one_step_constructor(),
    st.builds(
        lambda name, client_id, names: Action.archive_client(
            name, client_id=client_id, client_ref=None if client_id else name, project_names=names
        ),
        st.sampled_from(["Initech", "Hooli"]),
        st.none() | st.integers(1, 9),
        NAME_LISTS,
    ),
    st.builds(
        Action.bulk_update_projects,
        st.dictionaries(st.sampled_from(["color", "billable"]), st.booleans(), min_size=1),
        st.lists(st.integers(1, 9), min_size=1),
        NAME_LISTS,
    ),
)


@given(EVERY_ACTION)
def test_each_line_says_what_the_rules_say_of_its_action(action: Action) -> None:
    for style in (plan_render._TEXT, plan_render._MARKDOWN):
        assert plan_render._details(action, style) == details_as_the_rules_say(action, style)


@given(st.lists(EVERY_ACTION, max_size=12))
def test_the_deletes_of_a_plan_are_its_tail(actions: list[Action]) -> None:
    plan = Plan(workspace_id=1, actions=tuple(actions))
    others, deletes = plan_render._deletes_apart(plan)
    assert list(others) == [a for a in plan.actions if a.op != "delete"]
    assert list(deletes) == [a for a in plan.actions if a.op == "delete"]
