"""Planner edges that a quiet bug could change without failing the common case: an exact name
beside a case variant, colours differing only in case, and names a client delete frees."""

from __future__ import annotations

import pytest

from reconciler.config import parse_config
from reconciler.errors import PlanError
from reconciler.planner import make_plan
from reconciler.state import Client, Project, Workspace


def config(body: str):
    return parse_config(f"version: 1\nworkspace: 1\n{body}", "w.yaml")


def test_an_exact_name_wins_over_a_case_variant() -> None:
    workspace = Workspace(id=1, clients=(Client(1, "ACME", notes="x"), Client(2, "Acme")))
    plan = make_plan(config("clients: [{name: Acme, notes: y}]\n"), workspace)
    assert [(a.op, a.id) for a in plan.actions] == [("update", 2)]


def test_a_colour_differing_only_in_case_is_no_change() -> None:
    workspace = Workspace(id=1, projects=(Project(7, "Site", color="#c9806b"),))
    plan = make_plan(config('projects: [{name: Site, color: "#C9806B"}]\n'), workspace)
    assert plan.actions == ()


def test_a_client_delete_that_frees_a_listed_name_is_refused_whatever_comes_first() -> None:
    """Deleting Gone leaves its projects without a client; "Beta" would then share its name with
    the project the file lists without a client. "Alpha", listed nowhere, sorts first."""
    workspace = Workspace(
        id=1,
        clients=(Client(1, "Gone"),),
        projects=(Project(5, "Alpha", client_id=1), Project(6, "Beta", client_id=1)),
    )
    body = "clients: [{name: Gone, state: absent}]\nprojects: [Beta]\n"
    with pytest.raises(PlanError, match='"Beta"'):
        make_plan(config(body), workspace)


def test_a_live_colour_in_capitals_is_no_change_either() -> None:
    # Toggl answers colours in lowercase; one stored otherwise (by an older client, say) still
    # compares by its lowercase form, or every plan would rewrite it.
    workspace = Workspace(id=1, projects=(Project(7, "Site", color="#C9806B"),))
    plan = make_plan(config('projects: [{name: Site, color: "#c9806b"}]\n'), workspace)
    assert plan.actions == ()


def test_archiving_an_unlisted_project_and_deleting_one_name_the_project_and_its_client() -> None:
    workspace = Workspace(
        id=1,
        clients=(Client(1, "Globex"),),
        projects=(
            Project(5, "Kept", client_id=1),
            Project(6, "Stray", client_id=1),
            Project(7, "Old", client_id=1),
        ),
    )
    body = (
        "unmanaged: archive\n"
        "clients:\n  - name: Globex\n    projects: [Kept, {name: Old, state: absent}]\n"
    )
    plan = make_plan(config(body), workspace)
    assert sorted((a.op, a.id, a.name, a.client) for a in plan.actions) == [
        ("archive", 6, "Stray", "Globex"),
        ("delete", 7, "Old", "Globex"),
    ]
