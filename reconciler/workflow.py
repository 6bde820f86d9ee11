"""The steps the commands share: connect, read, plan, save and load plans, check quota and
freshness. Library code: raises named errors, never prints."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema

from .apply import stale_reasons
from .config import Config
from .errors import ReconcilerError, StalePlan, UnsafePlan
from .plan import Plan
from .planner import make_plan
from .state import Workspace
from .toggl import DEFAULT_API_URL, TogglClient

TOKEN_ENV = "TOGGL_API_TOKEN"
URL_ENV = "TOGGL_API_URL"


def connect(
    api_url: str | None,
    *,
    timeout: float = 30.0,
    wait_for_quota: bool = False,
    log: Callable[[str], None] | None = None,
    token: str | None = None,
) -> TogglClient:
    """A client for TOGGL_API_URL (or `api_url`) with the token from TOGGL_API_TOKEN."""
    token = token or os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise ReconcilerError(f"{TOKEN_ENV} is not set: export your Toggl API token first")
    return TogglClient(
        token,
        api_url or os.environ.get(URL_ENV) or DEFAULT_API_URL,
        timeout=timeout,
        wait_for_quota=wait_for_quota,
        log=log,
    )


def read_workspace(client: TogglClient, ref: int | str) -> Workspace:
    wid, name = client.resolve_workspace(ref)
    return client.read_workspace(wid, name)


def plan_config(client: TogglClient, config: Config) -> Plan:
    return make_plan(config, read_workspace(client, config.workspace))


def plan_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        files("reconciler.schemas").joinpath("plan.schema.json").read_text(encoding="utf-8")
    )
    return schema


def save_plan(plan: Plan, path: str | Path) -> None:
    """Write atomically, so a half-written plan can never be applied."""
    target = Path(path)
    data = json.dumps(plan.to_dict(), indent=2, ensure_ascii=False) + "\n"
    fd, tmp = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_plan(path: str | Path) -> Plan:
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


def check_fresh(plan: Plan, workspace: Workspace) -> None:
    reasons = stale_reasons(plan, workspace)
    if reasons:
        listed = "\n".join(f"  - {r}" for r in reasons)
        raise StalePlan(
            f"the saved plan is stale: the workspace changed since it was made:\n{listed}\n"
            "Run plan again and review the new plan."
        )


def check_digest(plan: Plan, config: Config) -> None:
    """Refuse a saved plan made from another version of the config file."""
    if plan.config_digest and plan.config_digest != config.digest:
        raise StalePlan(
            f"the saved plan was made from another version of {config.path}: "
            "plan that file again and review the new plan"
        )


def check_quota(client: TogglClient, plan: Plan) -> None:
    """Refuse up front when Toggl says the hourly quota cannot cover the plan's writes."""
    remaining = client.quota_remaining
    if remaining is not None and plan.write_requests > remaining:
        resets = f"; it resets in {client.quota_resets_in}s" if client.quota_resets_in else ""
        raise UnsafePlan(
            f"the plan needs {plan.write_requests} write requests but only {remaining} remain "
            f"in this hour's quota{resets}. Wait, or pass --force to apply what fits."
        )
