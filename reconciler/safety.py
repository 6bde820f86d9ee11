"""Refuse plans that destroy too much: deletes need consent, large archive shares need force."""

from __future__ import annotations

from reconciler.errors import UnsafePlan
from reconciler.plan import Plan


def destructive_counts(plan: Plan) -> tuple[int, int]:
    """(existing clients, existing projects) that the plan archives or deletes.

    A client archive counts the active projects it archives with it. A client delete counts the
    client only: Toggl keeps its projects, without a client. Objects created by the plan itself
    (a client created and archived at once) are not existing objects and do not count.
    """
    clients = projects = 0
    for action in plan.actions:
        if action.op not in ("archive", "delete") or action.id is None:
            continue
        if action.kind == "client":
            clients += 1
            if action.op == "archive":
                projects += len(action.projects)
        else:
            projects += 1
    return clients, projects


def destructive_share(plan: Plan) -> tuple[float, float]:
    """Shares (0..1) of existing clients and of existing projects archived or deleted."""
    clients, projects = destructive_counts(plan)
    return _share(clients, plan.existing_clients), _share(projects, plan.existing_projects)


# Below this many existing objects of a kind the share is not checked: archiving 1 of 2 clients is
# 50% but rarely a mistake worth a --force (octoDNS makes the same exception).
MIN_EXISTING = 10


def check_safety(plan: Plan, *, max_share: float, force: bool, allow_delete: bool) -> None:
    """Raise UnsafePlan unless the plan may be applied as asked."""
    deletes = sum(1 for a in plan.actions if a.op == "delete")
    if deletes and not allow_delete:
        noun = "delete" if deletes == 1 else "deletes"
        raise UnsafePlan(f"The plan has {deletes} {noun}", check="deletes", override="allow_delete")
    if force:
        return
    client_count, project_count = destructive_counts(plan)
    client_share, project_share = destructive_share(plan)
    for kind, share, count, existing in (
        ("clients", client_share, client_count, plan.existing_clients),
        ("projects", project_share, project_count, plan.existing_projects),
    ):
        if existing >= MIN_EXISTING and share > max_share:
            raise UnsafePlan(
                f"The plan archives or deletes {share:.0%} of existing {kind} ({count} of "
                f"{existing}), more than the {max_share:.0%} allowed",
                check="share",
                override="force",
            )


def _share(count: int, existing: int) -> float:
    return count / existing if existing else 0.0
