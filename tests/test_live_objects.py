"""The live objects' quick reads agree with what they stand for: `Project.holds` with a comparison
of dictionary items, a workspace's projects by client with a filter of them all, and a name
index of a scope holding one name several times with the scope's objects read one by one."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from reconciler.planning.name_index import NameIndex
from reconciler.state import Project, Workspace

NAN = float("nan")  # one object: a dictionary's comparison finds it equal to itself
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(0, 3),
    st.just(1.0),
    st.just(NAN),
    st.sampled_from(["#aabbcc", "#AABBCC", "Web"]),
)
# The fields a config manages, the others Project has, and names that are attributes of every
# project (a method, its class) without being fields of it.
NAMES = st.sampled_from(
    ["color", "is_private", "billable", "estimated_hours", "name", "at", "holds", "__class__"]
)


def items_of(project: Project) -> dict[str, Any]:
    return {f.name: getattr(project, f.name) for f in dataclasses.fields(project)}


@given(
    st.fixed_dictionaries(
        {f: VALUES for f in ("color", "is_private", "billable", "estimated_hours")}
    ),
    st.dictionaries(NAMES, VALUES | st.just(Project)),
)
def test_holds_is_the_comparison_of_dictionary_items(
    live: dict[str, Any], fields: dict[str, Any]
) -> None:
    project = Project(1, "Web", **live)
    assert project.holds(fields) == (fields.items() <= items_of(project).items())


def test_holds_finds_a_value_equal_to_itself_even_if_it_compares_unequal() -> None:
    project = Project(1, "Web", estimated_hours=NAN)  # type: ignore[arg-type]
    assert project.holds({"estimated_hours": NAN})
    assert not project.holds({"estimated_hours": float("nan")})


def test_holds_never_holds_what_is_not_a_field() -> None:
    project = Project(1, "Web")
    assert not project.holds({"__class__": Project})
    assert not project.holds({"field": project.field})


def test_reading_holds_leaves_a_project_as_it_was_made() -> None:
    project = Project(1, "Web", color="#aabbcc")
    before = repr(project), hash(project)
    assert project.holds({"color": "#aabbcc"})
    assert (repr(project), hash(project)) == before
    assert project == Project(1, "Web", color="#aabbcc")


@given(st.lists(st.tuples(st.sampled_from([None, 1, 2, 3]), st.booleans()), max_size=30))
def test_projects_of_a_client_are_those_a_filter_finds_in_their_order(
    rows: list[tuple[int | None, bool]],
) -> None:
    projects = tuple(
        Project(i, f"P{i}", client_id=cid, active=active) for i, (cid, active) in enumerate(rows)
    )
    workspace = Workspace(1, projects=projects)
    for cid in (None, 1, 2, 3, 4):
        assert workspace.projects_of(cid) == tuple(p for p in projects if p.client_id == cid)


@given(st.lists(st.sampled_from(["Web", "web", "WEB", "Ops"]), max_size=8))
def test_indexes_of_scopes_share_nothing_they_learn(names: list[str]) -> None:
    # Scopes whose names are all different share one empty record of shared names: a scope
    # that finds a name held twice must not make it appear in the others.
    many = NameIndex([Project(i, name) for i, name in enumerate(names)])
    unique = NameIndex([Project(100, "Web")])
    many.folded("web")
    many.exact("Web")
    assert list(unique.exact("Web")) == [Project(100, "Web")]
    assert list(unique.folded("WEB")) == [Project(100, "Web")]
    assert unique.only_exact("Web") == Project(100, "Web")
    for name in ("Web", "web", "WEB", "Ops"):
        expected = [p for p in many.objects if p.name.casefold() == name.casefold()]
        assert list(many.folded(name)) == expected
