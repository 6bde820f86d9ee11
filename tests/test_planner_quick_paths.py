"""The planner's quick paths give exactly the plan its full rules give.

Each quick path is turned off (so every case takes the full rule) and the plans compared on the
generated scenarios of test_planner.py: actions, fingerprint (in the order read), counts and the
unmanaged list.
"""

from __future__ import annotations

from typing import Any
from unittest import mock

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reconciler import plan as plan_module
from reconciler.config.model import Config, DesiredProject
from reconciler.errors import PlanError
from reconciler.plan import AtById, Plan
from reconciler.planner import count_live_objects, make_plan
from reconciler.planning import projects
from reconciler.planning.context import PlanContext
from reconciler.planning.matching import NameClaims, projects_scope
from reconciler.planning.projects import ProjectParent
from reconciler.state import PROJECT_FIELDS, Project, Workspace
from tests.test_planner import (
    FIELDS,
    STATES,
    client,
    config,
    project,
    scenarios,
    want_client,
    want_project,
    workspace,
)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def plan_or_skip(cfg: Config, ws: Workspace, **options: Any) -> Plan:
    try:
        return make_plan(cfg, ws, **options)
    except PlanError:
        assume(False)
        raise


def assert_same(quick: Plan, full: Plan) -> None:
    assert quick == full
    assert quick.to_dict() == full.to_dict()
    for kind in ("clients", "projects"):
        read_quick = list(getattr(quick.fingerprint, kind).items())
        assert read_quick == list(getattr(full.fingerprint, kind).items())


@SETTINGS
@given(scenarios(), st.booleans())
def test_a_project_already_as_wanted_gets_the_plan_the_full_decision_gives(
    scenario: tuple[Config, Workspace], bulk: bool
) -> None:
    cfg, ws = scenario
    quick = plan_or_skip(cfg, ws, bulk=bulk)
    with mock.patch.object(projects, "as_wanted", lambda *_: False):
        full = make_plan(cfg, ws, bulk=bulk)
    assert_same(quick, full)


@SETTINGS
@given(scenarios())
def test_counting_claims_lists_the_unmanaged_objects_looking_at_each_would(
    scenario: tuple[Config, Workspace],
) -> None:
    cfg, ws = scenario
    quick = plan_or_skip(cfg, ws)
    with mock.patch.object(NameClaims, "claimed_count", lambda self, kind: -1):
        full = make_plan(cfg, ws)
    assert_same(quick, full)


def test_a_file_naming_every_object_lists_none_unmanaged_and_one_naming_fewer_does() -> None:
    ws = workspace(client(1, "Initech"), project(11, "Web", 1), project(12, "Ops", 1))
    every = config(want_client("Initech", projects=[want_project("Web"), want_project("Ops")]))
    assert make_plan(every, ws).unmanaged == ()
    fewer = config(want_client("Initech", projects=[want_project("Web")]))
    assert [(u.kind, u.id) for u in make_plan(fewer, ws).unmanaged] == [("project", 12)]


def reference_counts(plan: Plan, ws: Workspace) -> tuple[int, int, int, int]:
    """The counts as their definition reads, object by object."""
    live_clients = {c.id for c in ws.clients if not c.archived}
    live_projects = {p.id for p in ws.projects if p.active}
    clients: set[int] = set()
    taken: set[int] = set()
    for action in plan.actions:
        if action.op not in ("archive", "delete") or action.id is None:
            continue
        if action.kind == "project":
            taken.update({action.id} & live_projects)
        elif action.id in live_clients:
            clients.add(action.id)
            if action.op == "archive":
                taken.update(p.id for p in ws.projects_of(action.id) if p.active)
    return len(live_clients), len(live_projects), len(clients), len(taken)


@SETTINGS
@given(scenarios(), st.booleans())
def test_one_pass_counts_live_and_taken_objects_as_their_definition_does(
    scenario: tuple[Config, Workspace], bulk: bool
) -> None:
    cfg, ws = scenario
    plan = plan_or_skip(cfg, ws, bulk=bulk)
    assert count_live_objects(plan.actions, ws) == reference_counts(plan, ws)
    counts = (plan.live_clients, plan.live_projects, plan.taken_clients, plan.taken_projects)
    assert counts == reference_counts(plan, ws)


VALUES = st.one_of(st.none(), st.booleans(), st.integers(0, 3), st.sampled_from(["#aabbcc", "x"]))


@given(
    st.dictionaries(st.sampled_from(PROJECT_FIELDS), VALUES),
    st.fixed_dictionaries({f: VALUES for f in PROJECT_FIELDS}),
)
def test_holds_is_each_field_equal(fields: dict[str, Any], live: dict[str, Any]) -> None:
    proj = Project(1, "Web", **live)
    assert proj.holds(fields) == all(proj.field(f) == v for f, v in fields.items())


class Counted:
    """An object whose `at` counts its reads."""

    reads = 0

    def __init__(self, oid: int, at: str) -> None:
        self.id, self._at = oid, at

    @property
    def at(self) -> str:
        Counted.reads += 1
        return self._at


def test_at_by_id_reads_at_only_when_looked_at_and_the_last_read_wins() -> None:
    Counted.reads = 0
    seen = AtById([Counted(1, "a"), Counted(2, "b"), Counted(1, "a2")])
    assert Counted.reads == 0
    assert seen == {1: "a2", 2: "b"}
    assert list(seen) == [1, 2] and len(seen) == 2 and seen[2] == "b"
    assert Counted.reads == 3


PARENTS = st.builds(
    ProjectParent,
    scope=st.builds(projects_scope, st.sampled_from([None, 1, 2]), st.just("Initech")),
    client_ref=st.sampled_from([None, "New"]),
    archived=st.booleans(),
    cascade=st.booleans(),
    restored=st.sampled_from([frozenset(), frozenset({5}), frozenset({6})]),
)


@st.composite
def near_misses(draw: st.DrawFn) -> tuple[Project, DesiredProject, ProjectParent]:
    """An entry, its parent, and a live project that mostly agrees with them."""
    parent = draw(PARENTS)
    desired = DesiredProject(draw(st.sampled_from(["Web", "web"])), draw(STATES), draw(FIELDS))
    same = draw(st.integers(0, 4)) > 0
    fields = dict(desired.fields) if same else draw(FIELDS)
    fields["color"] = fields.get("color", "#06aaf5")
    live = Project(
        5,
        desired.name if same else draw(st.sampled_from(["Web", "web"])),
        parent.client_id if same else draw(st.sampled_from([None, 1, 2])),
        (desired.state == "active" and not parent.archived) if same else draw(st.booleans()),
        **fields,
    )
    return live, desired, parent


@st.composite
def each_part_near(draw: st.DrawFn) -> tuple[Project, DesiredProject, ProjectParent]:
    """An entry, its parent, and a live project whose name, client, state and fields each agree
    with them or not, independently."""
    parent = draw(PARENTS)
    desired = DesiredProject(draw(st.sampled_from(["Web", "web"])), draw(STATES), draw(FIELDS))
    fields = dict(desired.fields) if draw(st.booleans()) else draw(FIELDS)
    fields["color"] = fields.get("color", "#06aaf5")
    live = Project(
        5,
        desired.name if draw(st.booleans()) else draw(st.sampled_from(["Web", "web"])),
        parent.client_id if draw(st.booleans()) else draw(st.sampled_from([None, 1, 2])),
        draw(st.booleans()),
        **fields,
    )
    return live, desired, parent


@given(st.one_of(near_misses(), each_part_near()))
def test_the_quick_check_passes_only_projects_plan_project_leaves_alone_under_any_parent(
    case: tuple[Project, DesiredProject, ProjectParent],
) -> None:
    """Under a client restored with some projects, or archived with its projects, too."""
    live, desired, parent = case
    if not projects.as_wanted(live, desired, parent):
        return  # plan_project decides
    ws = workspace(client(1, "Initech", archived=True), client(2, "Globex"), live)
    ctx = PlanContext.start(config(want_client("Initech", projects="all")), ws)
    projects.plan_project(ctx, desired, live, parent)
    assert (ctx.actions, ctx.renames) == ([], [])
    assert dict(ctx.seen.fingerprint().projects) == {5: live.at}


@given(st.one_of(near_misses(), each_part_near()))
def test_the_quick_check_passes_every_project_plan_project_leaves_alone_unmoved(
    case: tuple[Project, DesiredProject, ProjectParent],
) -> None:
    """The converse, for a project that stays where it is: the quick check misses none of them
    (so a client's restore or archive does not send its projects down the full path)."""
    live, desired, parent = case
    if parent.client_ref is not None or live.client_id != parent.client_id:
        return  # a move is always decided in full
    ws = workspace(client(1, "Initech", archived=True), client(2, "Globex"), live)
    ctx = PlanContext.start(config(want_client("Initech", projects="all")), ws)
    projects.plan_project(ctx, desired, live, parent)
    leaves_alone = not ctx.actions and live.holds(desired.fields)
    assert projects.as_wanted(live, desired, parent) == leaves_alone


def changes_field_by_field(live: Project, desired: DesiredProject) -> tuple[Any, ...]:
    """project_changes as its rule reads: the name, then each written field, normalised."""
    changes: list[Any] = []
    if desired.name != live.name:
        changes.append(("name", live.name, desired.name))
    for name in PROJECT_FIELDS:
        if name in desired.fields:
            new, old = projects.normalise(name, desired.fields[name]), live.field(name)
            if projects.normalise(name, old) != new:
                changes.append((name, old, new))
    return tuple(changes)


@given(near_misses())
def test_project_changes_with_the_quick_check_are_the_field_by_field_changes(
    case: tuple[Project, DesiredProject, ProjectParent],
) -> None:
    live, desired, _ = case
    assert projects.project_changes(live, desired) == changes_field_by_field(live, desired)


def test_write_requests_groups_the_actions_once_however_often_it_is_read() -> None:
    ws = workspace(client(1, "Initech"), client(2, "Globex"), project(11, "Web", 1))
    cfg = config(
        want_client("Initech", "archived"),
        want_client("Globex", "archived"),
        want_client("Hooli", projects=[want_project("Web")]),
    )
    plan = make_plan(cfg, ws)
    grouped = plan_module.request_groups(plan.actions)
    assert len(grouped) < len(plan.actions)  # the two client archives go as one request
    with mock.patch.object(
        plan_module, "request_groups", wraps=plan_module.request_groups
    ) as request_groups:
        assert [plan.write_requests for _ in range(3)] == [len(grouped)] * 3
        assert plan.to_dict()["write_requests"] == len(grouped)
    assert request_groups.call_count == 1
