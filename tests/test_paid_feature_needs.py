"""The paid-feature check's quick answer agrees with the located needs it stands in for, and a
paid workspace costs no more than telling whether anything is needed."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconciler import paid_features
from reconciler.config.model import Config, DesiredClient, DesiredProject
from reconciler.errors import PaidFeatureRequired, PlanError
from reconciler.paid_features import (
    check_paid_features,
    needs_paid_feature,
    paid_feature_needs,
)
from reconciler.plan import Action, Plan
from reconciler.planner import make_plan
from reconciler.state import Client, Project, Workspace
from tests.test_planner import scenarios

WID = 777

FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "color": st.sampled_from(["#06aaf5", "#06AAF5", "#123456", "#ABCDEF", 7, None]),
    "billable": st.sampled_from([True, False, None, 0, 1]),
    "is_private": st.booleans(),
    "estimated_hours": st.sampled_from([None, 0, 5]),
    "rate": st.sampled_from([None, False, 12.5]),
    "currency": st.sampled_from([None, "EUR"]),
    "fixed_fee": st.sampled_from([None, 100]),
    "recurring": st.sampled_from([None, False, True]),
    "active": st.booleans(),
}
FIELDS = st.fixed_dictionaries({}, optional=FIELD_VALUES)


def small_workspace(active: list[bool]) -> Workspace:
    globex = Client(id=1, name="Globex", archived=True, notes=None, at="c1")
    projects = tuple(
        Project(id=10 + i, name=f"P{i}", client_id=1 if i % 2 else None, at=f"p{i}", active=a)
        for i, a in enumerate(active)
    )
    return Workspace(id=WID, name="W", clients=(globex,), projects=projects)


def small_config() -> Config:
    globex = DesiredClient(name="Globex", state="active", fields={}, projects="all", line=4)
    loose = tuple(
        DesiredProject(name=f"P{i}", state="active", fields={}, line=10 + i) for i in range(0, 8, 2)
    )
    return Config(
        workspace=WID,
        clients=(globex,),
        projects=loose,
        path="toggl.yaml",
        digest="d",
    )


@st.composite
def actions(draw: st.DrawFn, workspace: Workspace) -> Action:
    """Any action the check reads: each kind a paid feature can hide in, and the others."""
    ids = [p.id for p in workspace.projects]
    names = [p.name for p in workspace.projects]
    choice = draw(st.integers(0, 6))
    if choice == 0:
        fields = draw(FIELDS)
        active = fields.pop("active", True)
        return Action.create_project(
            draw(st.sampled_from(["New", "P0"])),
            active=active,
            client_id=None,
            client=None,
            client_ref=None,
            fields=fields,
        )
    if choice == 1 and ids:
        fields = draw(FIELDS)
        fields.pop("active", None)
        picked = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=4, unique=True))
        return Action.bulk_update_projects(
            fields or {"is_private": True}, picked, [names[ids.index(i)] for i in picked]
        )
    if choice == 2:
        restored = draw(st.lists(st.sampled_from(["P1", "P3", "P5"]), max_size=3, unique=True))
        return Action.restore_client(1, "Globex", project_names=restored)
    if choice == 3:
        return Action.archive_client(draw(st.sampled_from(["Globex", "Initech"])), client_id=1)
    if choice == 4 and ids:
        pid = draw(st.sampled_from(ids))
        changes = [("color", None, draw(FIELD_VALUES["color"]))] if draw(st.booleans()) else []
        return Action.set_project_active(
            pid, names[ids.index(pid)], None, draw(st.booleans()), changes
        )
    if choice == 5 and ids:
        pid = draw(st.sampled_from(ids))
        return Action.delete_project(pid, names[ids.index(pid)], None)
    return Action.update_project(
        10, "P0", None, [("billable", None, draw(FIELD_VALUES["billable"]))]
    )


@st.composite
def plans(draw: st.DrawFn) -> tuple[Plan, Workspace]:
    workspace = small_workspace(draw(st.lists(st.booleans(), min_size=1, max_size=8)))
    chosen = draw(st.lists(actions(workspace), max_size=8))
    return Plan(workspace_id=WID, actions=tuple(chosen)), workspace


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_the_quick_answer_agrees_with_the_located_needs_on_any_plan(
    drawn: tuple[Plan, Workspace],
) -> None:
    plan, workspace = drawn
    located = list(paid_feature_needs(plan, small_config(), workspace))
    assert needs_paid_feature(plan, workspace) == bool(located)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios(), st.booleans())
def test_the_quick_answer_agrees_with_the_located_needs_on_planned_files(
    scenario: tuple[Config, Workspace], bulk: bool
) -> None:
    cfg, workspace = scenario
    try:
        plan = make_plan(cfg, workspace, bulk=bulk)
    except PlanError:
        return
    located = list(paid_feature_needs(plan, cfg, workspace))
    assert needs_paid_feature(plan, workspace) == bool(located)


class FakeClient:
    """What the check reads of a TogglClient: the workspace bodies known, and GET requests."""

    def __init__(self, body: dict[str, Any]) -> None:
        self.workspace_bodies: dict[int, Any] = {}
        self.body = body
        self.sent: list[tuple[str, str]] = []

    def request(self, method: str, path: str) -> Any:
        self.sent.append((method, path))
        return self.body


BILLABLE = Plan(
    workspace_id=WID, actions=(Action.update_project(10, "P0", None, [("billable", False, True)]),)
)


def test_a_paid_workspace_is_not_searched_for_the_lines_it_would_refuse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def never(*args: Any) -> None:
        raise AssertionError("entries located for a workspace that refuses nothing")

    monkeypatch.setattr(paid_features, "_Entries", never)
    client = FakeClient({"premium": True, "business_ws": False})
    check_paid_features(
        BILLABLE,
        small_config(),
        small_workspace([True]),
        client,
        notify=pytest.fail,  # type: ignore[arg-type]
    )
    assert client.sent == [("GET", f"/workspaces/{WID}")]


def test_a_free_workspace_still_gets_the_located_refusal() -> None:
    client = FakeClient({"premium": False, "business_ws": False})
    with pytest.raises(PaidFeatureRequired) as refused:
        check_paid_features(
            BILLABLE,
            small_config(),
            small_workspace([True]),
            client,
            notify=pytest.fail,  # type: ignore[arg-type]
        )
    assert refused.value.entries == (
        ('toggl.yaml:10: project "P0"', "billable projects (`billable`)"),
    )
    assert client.sent == [("GET", f"/workspaces/{WID}")]
