"""Safety checks: deletes need --allow-delete, large archive/delete shares need --force."""

from __future__ import annotations

import pytest

from reconciler.errors import UnsafePlan
from reconciler.plan import Action, Plan
from reconciler.render import error_text
from reconciler.safety import check_safety, destructive_share


def plan_of(*actions: Action, clients: int = 10, projects: int = 10) -> Plan:
    return Plan(
        workspace_id=1, actions=actions, existing_clients=clients, existing_projects=projects
    )


def archive_client(cid: int | None, *projects: str) -> Action:
    ref = None if cid is not None else "New"
    return Action("archive", "client", f"C{cid}", id=cid, projects=projects, client_ref=ref)


def archive_project(pid: int) -> Action:
    return Action("archive", "project", f"P{pid}", id=pid, body={"active": False})


def delete(kind: str, oid: int) -> Action:
    return Action("delete", kind, f"{kind}{oid}", id=oid)  # type: ignore[arg-type]


def test_client_archive_counts_the_projects_it_cascades_to() -> None:
    plan = plan_of(archive_client(1, "A", "B", "C"), archive_project(9), clients=4, projects=8)
    assert destructive_share(plan) == (0.25, 0.5)


def test_deleting_a_client_leaves_its_projects_out_of_the_count() -> None:
    plan = plan_of(delete("client", 1), delete("project", 5), clients=2, projects=4)
    assert destructive_share(plan) == (0.5, 0.25)


def test_a_client_created_and_archived_by_the_plan_is_not_an_existing_object() -> None:
    assert destructive_share(plan_of(archive_client(None), clients=1)) == (0.0, 0.0)


def test_restores_creates_and_updates_are_not_destructive() -> None:
    plan = plan_of(
        Action("restore", "client", "R", id=1, body={"projects": []}),
        Action("create", "project", "N", body={"name": "N"}),
        Action("update", "project", "U", id=2, body={"color": "#000000"}),
    )
    assert destructive_share(plan) == (0.0, 0.0)
    check_safety(plan, max_share=0.0, force=False, allow_delete=False)


def test_share_is_zero_with_nothing_existing() -> None:
    assert destructive_share(plan_of(clients=0, projects=0)) == (0.0, 0.0)


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
    assert "40% of existing projects (4 of 10)" in message
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
    with pytest.raises(UnsafePlan, match=r"50% of existing clients \(6 of 12\)"):
        check_safety(plan, max_share=0.3, force=False, allow_delete=False)


def test_small_workspaces_are_not_share_checked() -> None:
    plan = plan_of(archive_client(1), archive_client(2), clients=4, projects=100)
    check_safety(plan, max_share=0.3, force=False, allow_delete=False)
    plan = plan_of(archive_client(1), archive_client(2), clients=10, projects=100)
    with pytest.raises(UnsafePlan, match=r"20% of existing clients \(2 of 10\)"):
        check_safety(plan, max_share=0.1, force=False, allow_delete=False)


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
