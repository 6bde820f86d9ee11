"""Saved plans: the file `plan --out` writes, reading it back, and whether it still holds.

A saved plan records the config's digest and the `at` of every object it relied on (its
fingerprint); before it is applied, both are compared with the config and the workspace now.
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema

from .config.model import Config
from .errors import ReconcilerError, StalePlan
from .files import write_atomically
from .json_text import indented_json
from .plan import Plan
from .state import Workspace


def plan_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        files("reconciler.schemas").joinpath("plan.schema.json").read_text(encoding="utf-8")
    )
    return schema


def save_plan(plan: Plan, path: str | Path) -> None:
    """Write atomically, so a half-written plan can never be applied."""
    write_atomically(path, indented_json(plan.to_dict()) + "\n")


def load_plan(path: str | Path) -> Plan:
    """The plan saved at `path`, checked against schemas/plan.schema.json."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReconcilerError(f"{path}: no such plan file") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ReconcilerError(f"{path}: not a saved plan ({exc})") from None
    try:
        jsonschema.validate(data, plan_schema())
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "top level"
        raise ReconcilerError(f"{path}: not a valid saved plan at {where}: {exc.message}") from None
    return Plan.from_dict(data)


def check_digest(plan: Plan, config: Config) -> None:
    """Refuse a saved plan made from another version of the config file."""
    if plan.config_digest and plan.config_digest != config.digest:
        raise StalePlan(
            f"the saved plan was made from another version of {config.path}: "
            "plan that file again and review the new plan"
        )


def check_fresh(plan: Plan, workspace: Workspace) -> None:
    """Refuse a plan whose workspace changed since it was made."""
    reasons = stale_reasons(plan, workspace)
    if reasons:
        listed = "\n".join(f"  - {r}" for r in reasons)
        raise StalePlan(
            f"the plan is stale: the workspace changed since it was made:\n{listed}\n"
            "Run plan again and review the new plan."
        )


def stale_reasons(plan: Plan, workspace: Workspace) -> list[str]:
    """What changed in the workspace since the plan was made; empty when the plan still holds."""
    if workspace.id != plan.workspace_id:
        return [f"the plan is for workspace {plan.workspace_id}, not {workspace.id}"]
    reasons: list[str] = []
    fp = plan.fingerprint
    for kind, objects, expected in (
        ("client", {c.id: c for c in workspace.clients}, fp.clients),
        ("project", {p.id: p for p in workspace.projects}, fp.projects),
    ):
        for oid, at in sorted(expected.items()):
            obj = objects.get(oid)
            if obj is None:
                reasons.append(f"{kind} {oid} no longer exists")
            elif obj.at != at:
                reasons.append(f"{kind} {obj.name!r} ({oid}) changed at {obj.at} (plan saw {at})")
    # Compared ignoring case: a name differing only in case would now be matched (and renamed)
    # by a fresh plan, and the create could collide where Toggl compares names without case.
    client_names = {c.name.casefold() for c in workspace.clients}
    for name in fp.free_client_names:
        if name.casefold() in client_names:
            reasons.append(f"a client named {name!r} now exists")
    names_by_client = {c.id: c.name.casefold() for c in workspace.clients}
    project_keys = {
        (names_by_client.get(p.client_id) if p.client_id else None, p.name.casefold())
        for p in workspace.projects
    }
    for client_name, name in fp.free_project_names:
        folded_client = client_name.casefold() if client_name is not None else None
        if (folded_client, name.casefold()) in project_keys:
            owner = f" under {client_name!r}" if client_name else ""
            reasons.append(f"a project named {name!r}{owner} now exists")
    return reasons
