"""Refuse plans that destroy too much: deletes need consent, large archive shares need force.

The guard weighs what is live: the active clients and projects the plan archives or deletes
(counted by the planner, `Plan.taken_*`), against how many are active now (`Plan.live_*`).
Archived objects cannot be lost a second time, so they are never part of either count.
"""

from __future__ import annotations

from reconciler.errors import UnsafePlan
from reconciler.plan import Plan


def destructive_counts(plan: Plan) -> tuple[int, int]:
    """(live clients, live projects) that the plan archives or deletes."""
    return plan.taken_clients, plan.taken_projects


def destructive_share(plan: Plan) -> tuple[float, float]:
    """Shares (0..1) of live clients and of live projects archived or deleted."""
    return (
        _share(plan.taken_clients, plan.live_clients),
        _share(plan.taken_projects, plan.live_projects),
    )


# Below this many live objects of a kind the share is not checked: archiving 1 of 2 clients is
# 50% but rarely a mistake worth a --force (octoDNS makes the same exception). Leaving none at
# all is checked at any size.
MIN_EXISTING = 10


def check_safety(plan: Plan, *, max_share: float, force: bool, allow_delete: bool) -> None:
    """Raise UnsafePlan unless the plan may be applied as asked."""
    deletes = sum(1 for a in plan.actions if a.op == "delete")
    if deletes and not allow_delete:
        noun = "delete" if deletes == 1 else "deletes"
        raise UnsafePlan(f"The plan has {deletes} {noun}", check="deletes", override="allow_delete")
    if force:
        return
    for kind, taken, live in (
        ("clients", plan.taken_clients, plan.live_clients),
        ("projects", plan.taken_projects, plan.live_projects),
    ):
        if live and taken >= live:
            raise UnsafePlan(
                f"The plan archives or deletes all {live} active {kind}, leaving none active",
                check="share",
                override="force",
            )
        share = _share(taken, live)
        if live >= MIN_EXISTING and share > max_share:
            raise UnsafePlan(
                f"The plan archives or deletes {share:.0%} of active {kind} ({taken} of "
                f"{live} active), more than the {max_share:.0%} allowed",
                check="share",
                override="force",
            )


def _share(count: int, live: int) -> float:
    return count / live if live else 0.0
