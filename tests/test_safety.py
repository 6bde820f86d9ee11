"""Safety checks: deletes need --allow-delete; archiving or deleting a large share of what is live,
or all of it, needs --force. What is live is counted by the planner from the workspace."""

from __future__ import annotations

import pytest

from reconciler.config.model import Config
from reconciler.errors import UnsafePlan
from reconciler.plan import Action, Plan
from reconciler.planner import count_live_objects, make_plan
from reconciler.render import error_text
from reconciler.safety import check_safety, destructive_share
from reconciler.state import Client, Project, Workspace


def plan_of(*actions: Action, clients: int = 10, projects: int = 10) -> Plan:
    """A plan with `live` clients and projects, taking what `actions` archive or delete: a client
    archive takes its listed projects too (every object is taken to be live)."""
    destructive = [a for a in actions if a.op in ("archive", "delete") and a.id is not None]
    return Plan(
        workspace_id=1,
        actions=actions,
        live_clients=clients,
        live_projects=projects,
        taken_clients=sum(1 for a in destructive if a.kind == "client"),
        taken_projects=sum(1 if a.kind == "project" else len(a.projects) for a in destructive),
    )


def archive_client(cid: int | None, *projects: str) -> Action:
    ref = None if cid is not None else "New"
    return Action("archive", "client", f"C{cid}", id=cid, projects=projects, client_ref=ref)


def archive_project(pid: int) -> Action:
    return Action("archive", "project", f"P{pid}", id=pid, body={"active": False})


def delete(kind: str, oid: int) -> Action:
    return Action("delete", kind, f"{kind}{oid}", id=oid)  # type: ignore[arg-type]


def workspace(clients: list[Client], projects: list[Project]) -> Workspace:
    return Workspace(id=1, name="W", clients=tuple(clients), projects=tuple(projects))


# -- what counts as taken out of service --------------------------------------------------------


def test_a_client_archive_takes_its_active_projects_and_archived_objects_count_for_nothing():
    ws = workspace(
        [Client(1, "A", at="a"), Client(2, "B", archived=True, at="b"), Client(3, "C", at="c")],
        [
            Project(10, "p", client_id=1, at="x"),
            Project(11, "q", client_id=1, active=False, at="x"),
            Project(12, "r", client_id=3, at="x"),
            Project(13, "s", active=False, at="x"),
        ],
    )
    actions = [
        Action.archive_client("A", client_id=1, project_names=["p"]),
        Action.delete_client(2, "B"),  # archived: not live
        Action.delete_client(3, "C"),  # its project stays, without a client
        Action.delete_project(13, "s", None),  # archived: not live
        Action.archive_client("New", client_ref="New"),  # made by the plan itself
    ]
    assert count_live_objects(actions, ws)[2:] == (2, 1)


def test_the_planner_records_live_counts_not_archived_ones():
    clients = [Client(i, f"Live {i}", at="a") for i in range(6)]
    clients += [Client(100 + i, f"Old {i}", archived=True, at="a") for i in range(20)]
    config = Config(workspace=1, unmanaged="archive", path="w.yaml")
    plan = make_plan(config, workspace(clients, []))
    assert (plan.live_clients, plan.taken_clients) == (6, 6)
    assert destructive_share(plan) == (1.0, 0.0)
    with pytest.raises(UnsafePlan, match="all 6 active clients, leaving none active"):
        check_safety(plan, max_share=0.3, force=False, allow_delete=False)


def test_restores_creates_and_updates_are_not_destructive() -> None:
    plan = plan_of(
        Action("restore", "client", "R", id=1, body={"projects": []}),
        Action("create", "project", "N", body={"name": "N"}),
        Action("update", "project", "U", id=2, body={"color": "#000000"}),
    )
    assert destructive_share(plan) == (0.0, 0.0)
    check_safety(plan, max_share=0.0, force=False, allow_delete=False)


def test_share_is_zero_with_nothing_live() -> None:
    assert destructive_share(plan_of(clients=0, projects=0)) == (0.0, 0.0)
    check_safety(plan_of(clients=0, projects=0), max_share=0.0, force=False, allow_delete=False)


# -- the guard ----------------------------------------------------------------------------------


def test_deletes_need_allow_delete() -> None:
    plan = plan_of(delete("project", 1), delete("client", 2))
    with pytest.raises(UnsafePlan, match=r"2 deletes$") as raised:
        check_safety(plan, max_share=1.0, force=True, allow_delete=False)
    assert (raised.value.check, raised.value.override) == ("deletes", "allow_delete")
    check_safety(plan, max_share=1.0, force=False, allow_delete=True)


def test_a_share_above_the_threshold_needs_force() -> None:
    plan = plan_of(archive_client(1, "A", "B", "C", "D"), clients=10, projects=10)
    with pytest.raises(UnsafePlan) as raised:
        check_safety(plan, max_share=0.3, force=False, allow_delete=False)
    message = str(raised.value)
    assert "40% of active projects (4 of 10 active)" in message
    assert "30%" in message
    assert (raised.value.check, raised.value.override) == ("share", "force")
    check_safety(plan, max_share=0.3, force=True, allow_delete=False)


def test_the_threshold_itself_is_allowed() -> None:
    plan = plan_of(archive_project(1), archive_project(2), archive_project(3), projects=10)
    check_safety(plan, max_share=0.3, force=False, allow_delete=False)
    with pytest.raises(UnsafePlan, match="projects"):
        check_safety(plan, max_share=0.29, force=False, allow_delete=False)


def test_client_share_is_checked_on_its_own() -> None:
    plan = plan_of(*(archive_client(i) for i in range(6)), clients=12, projects=100)
    with pytest.raises(UnsafePlan, match=r"50% of active clients \(6 of 12 active\)"):
        check_safety(plan, max_share=0.3, force=False, allow_delete=False)


def test_small_workspaces_are_not_share_checked_unless_emptied() -> None:
    plan = plan_of(archive_client(1), archive_client(2), clients=4, projects=100)
    check_safety(plan, max_share=0.3, force=False, allow_delete=False)
    plan = plan_of(archive_client(1), archive_client(2), clients=10, projects=100)
    with pytest.raises(UnsafePlan, match=r"20% of active clients \(2 of 10 active\)"):
        check_safety(plan, max_share=0.1, force=False, allow_delete=False)


@pytest.mark.parametrize("kind", ["clients", "projects"])
def test_leaving_nothing_active_is_refused_at_any_size(kind: str) -> None:
    if kind == "clients":
        plan = plan_of(archive_client(1), clients=1, projects=5)
    else:
        plan = plan_of(archive_project(1), clients=5, projects=1)
    with pytest.raises(UnsafePlan, match=f"all 1 active {kind}, leaving none active") as raised:
        check_safety(plan, max_share=1.0, force=False, allow_delete=False)
    assert (raised.value.check, raised.value.override) == ("share", "force")
    check_safety(plan, max_share=1.0, force=True, allow_delete=False)


def test_force_does_not_excuse_deletes() -> None:
    with pytest.raises(UnsafePlan, match="1 delete$"):
        check_safety(plan_of(delete("project", 1)), max_share=1.0, force=True, allow_delete=False)


def test_the_command_wording_names_the_option_that_overrides_each_refusal() -> None:
    with pytest.raises(UnsafePlan) as deletes:
        check_safety(plan_of(delete("project", 1)), max_share=1.0, force=True, allow_delete=False)
    assert "--" not in str(deletes.value)
    assert error_text(deletes.value) == "The plan has 1 delete; pass --allow-delete to apply it."
    plan = plan_of(archive_client(1, "A", "B", "C", "D"), clients=10, projects=10)
    with pytest.raises(UnsafePlan) as share:
        check_safety(plan, max_share=0.3, force=False, allow_delete=False)
    assert "--" not in str(share.value)
    assert error_text(share.value).endswith("allowed; pass --force to apply it anyway.")
