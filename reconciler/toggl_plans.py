"""What Toggl's paid plans add, as a request shows it: the preset palette, the premium project
fields, the Free plan's active-project limit, and which of them a refused (402) request used.

Read from the request alone: Toggl's message texts are never matched.
"""

from __future__ import annotations

from typing import Any

# Toggl's preset project colours; any other colour needs a paid plan.
PALETTE = frozenset((
    "#0b83d9", "#9e5bd9", "#d94182", "#e36a00", "#bf7000", "#2da608", "#06a893",
    "#c9806b", "#465bb3", "#990099", "#c7af14", "#566614", "#d92b2b", "#525266",
))  # fmt: skip
FREE_ACTIVE_PROJECTS = 5
# Project fields only paid plans have, and what the plan lacks when one is refused.
PREMIUM_FIELDS = {
    "billable": "billable projects", "estimated_hours": "project estimates",
    "auto_estimates": "project estimates", "rate": "project rates", "fixed_fee": "fixed fees",
    "currency": "project currencies", "recurring": "recurring projects",
}  # fmt: skip


def missing_feature(path: str, body: Any) -> tuple[str, str]:
    """(what the plan lacks, the next step) for a 402 that is not the quota, read from the request
    alone: Toggl's message texts are never matched."""
    upgrade = "upgrade the workspace's Toggl plan, or "
    if "/clients" in path and path.endswith("/archive"):
        return "archiving clients", upgrade + "keep those clients active in the file"
    if isinstance(body, list):  # a bulk PATCH: [{"op", "path", "value"}]
        fields = {str(op.get("path", "")).lstrip("/"): op.get("value") for op in body
                  if isinstance(op, dict)}  # fmt: skip
    else:
        fields = body if isinstance(body, dict) else {}
    keys = [k for k in PREMIUM_FIELDS if fields.get(k) not in (None, False)]
    needs = [PREMIUM_FIELDS[k] for k in keys]
    color = fields.get("color")
    if isinstance(color, str) and color.lower() not in PALETTE:
        keys.append("color")
        needs.append("project colours outside Toggl's palette")
    activates = fields.get("active") is True or path.endswith("/restore")
    if activates:
        needs.append(f"more than {FREE_ACTIVE_PROJECTS} active projects")
    if not needs:
        return "a feature this request uses", upgrade + "change the file so it needs less"
    steps = []
    if keys:
        steps.append("remove " + ", ".join(f"`{k}`" for k in keys) + " from the file")
    if activates:
        steps.append(f"keep at most {FREE_ACTIVE_PROJECTS} projects active in the file")
    needs = list(dict.fromkeys(needs))
    feature = needs[0] if len(needs) == 1 else ", ".join(needs[:-1]) + " or " + needs[-1]
    return feature, upgrade + ", or ".join(steps)
