"""What a plan needs of the workspace's Toggl plan, learnt before anything is sent.

A Free workspace answers 402 to archiving clients (one or in bulk), to premium project fields
(billable, estimates, rates, currency, fixed fee), to project colours outside Toggl's preset
palette, and to a sixth active project in the organisation. Found only at apply time, such a
402 stops an apply part-way; found here, the plan is refused whole, naming the lines to change.

Toggl documents no way to ask what a plan needs, so the check reads the plan's requests, the
way `reconciler.toggl` classifies a 402. Only when the plan holds such a request does it learn
the workspace's plan: from the `/me/workspaces` answer already read to resolve a workspace
name, else with one `GET /workspaces/{wid}`. Its documented flags `premium` (Starter) and
`business_ws` (Premium) both false mean Free; anything else (a flag true, missing or not a
boolean) refuses nothing, so that a wrong guess never blocks a paying workspace, and is
reported as unchecked.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .action import Action
from .config.model import Config, DesiredClient, DesiredProject
from .errors import PaidFeatureRequired
from .plan import Plan
from .planning.locate import Locator
from .state import Project, Workspace
from .toggl import FREE_ACTIVE_PROJECTS, PALETTE, PREMIUM_FIELDS, TogglClient

Tier = Literal["free", "paid", "unknown"]

ARCHIVING = "archiving clients"
ACTIVE_LIMIT = f"more than {FREE_ACTIVE_PROJECTS} active projects"
CUSTOM_COLOUR = "a colour outside Toggl's palette"


@dataclass(frozen=True)
class PlanUnchecked:
    """The plan needs a paid-plan feature, but the workspace's plan could not be told: the plan
    was not refused, and an apply may still stop at Toggl's 402."""

    workspace_id: int
    features: tuple[str, ...]

    @property
    def message(self) -> str:
        return (
            f"could not tell the Toggl plan of workspace {self.workspace_id} (its `premium` and "
            f"`business_ws` flags are missing or not booleans), so this plan, which needs "
            f"{_join(self.features)}, was not checked against the Free plan's limits"
        )


def workspace_tier(body: Any) -> Tier:
    """Free only when both documented flags say so; paid when either is true."""
    if not isinstance(body, Mapping):
        return "unknown"
    premium, business = body.get("premium"), body.get("business_ws")
    if premium is True or business is True:
        return "paid"
    if premium is False and business is False:
        return "free"
    return "unknown"


def check_paid_features(
    plan: Plan,
    config: Config,
    workspace: Workspace,
    client: TogglClient,
    *,
    notify: Callable[[PlanUnchecked], None],
) -> None:
    """Raise PaidFeatureRequired when `plan` needs what a Free workspace lacks and the workspace
    is Free. Sends at most one request, and none for a plan that needs no paid feature."""
    # Whether anything is needed is told from the actions alone; the entries behind them are
    # located, formatted and sorted only when there is something to refuse or to report.
    if not needs_paid_feature(plan, workspace):
        return
    tier = workspace_tier(workspace_body(client, plan.workspace_id))
    if tier == "paid":
        return
    # In the file's order, whatever order the plan's phases put the requests in.
    found = sorted(paid_feature_needs(plan, config, workspace), key=lambda need: need[0])
    needs = [(where, feature) for _, where, feature in found]
    if tier == "free":
        raise PaidFeatureRequired(_refusal(needs), entries=tuple(needs))
    features = tuple(dict.fromkeys(feature for _, feature in needs))
    notify(PlanUnchecked(plan.workspace_id, features))


def needs_paid_feature(plan: Plan, workspace: Workspace) -> bool:
    """Whether `paid_feature_needs` finds anything, told without locating a single entry: each
    action it reads names at least one entry (a bulk update has ids; a client restore adds
    active projects only by naming them)."""
    for action in plan.actions:
        if action.kind == "client" and action.op == "archive":
            return True
        premium = action.kind == "project" and action.body is not None
        if premium and premium_features(_fields(action.body)):
            return True
    peak, _, adders = active_peak(plan, workspace)
    return peak > FREE_ACTIVE_PROJECTS and bool(adders)


def paid_feature_needs(
    plan: Plan, config: Config, workspace: Workspace
) -> Iterator[tuple[int, str, str]]:
    """(the entry's line, `FILE:LINE: entry`, the feature it needs) for each request a Free
    workspace refuses; line 0 when no line is known."""
    entries = _Entries(config, workspace)
    for action in plan.actions:
        if action.kind == "client" and action.op == "archive":
            yield (*entries.client(action.name), ARCHIVING)
        elif action.kind == "project" and action.body is not None:
            features = premium_features(_fields(action.body))
            for line, where in entries.projects_of(action) if features else ():
                yield from ((line, where, feature) for feature in features)
    peak, now, adders = active_peak(plan, workspace)
    if peak > FREE_ACTIVE_PROJECTS and adders:
        feature = (
            f"{ACTIVE_LIMIT} (it adds an active project: this plan brings the workspace from "
            f"{now} to {peak} at once)"
        )
        for action in adders:
            for line, where in entries.projects_of(action):
                yield line, where, feature


def premium_features(fields: Mapping[str, Any]) -> list[str]:
    """What a Free workspace lacks among `fields` of a project request. A premium field sent as
    null or false is what a Free workspace already has, as `reconciler.toggl` reads a 402."""
    found = [
        f"{PREMIUM_FIELDS[k]} (`{k}`)" for k in PREMIUM_FIELDS if fields.get(k) not in (None, False)
    ]
    color = fields.get("color")
    if isinstance(color, str) and color.lower() not in PALETTE:
        found.append(f"{CUSTOM_COLOUR} (`color: {color}`)")
    return found


def active_peak(plan: Plan, workspace: Workspace) -> tuple[int, int, list[Action]]:
    """(the most active projects at any point of the apply, how many are active now, the
    actions that add active ones). Creates and restores run before archives and deletes, so the
    peak is what Toggl counts, not the end state."""
    live_active = {p.id for p in workspace.projects if p.active}
    now = active = peak = len(live_active)
    adders: list[Action] = []
    for action in plan.actions:
        change = _active_change(action, live_active)
        active += change
        if change > 0:
            adders.append(action)
            peak = max(peak, active)
    return peak, now, adders


def _active_change(action: Action, live_active: set[int]) -> int:
    if action.kind == "client":
        # A client restore or archive lists, for display, the projects it brings back or
        # archives with it (restore_all_projects: every archived one).
        if action.op == "restore":
            return len(action.projects)
        return -len(action.projects) if action.op == "archive" else 0
    if action.op == "create":
        return 1 if action.body.get("active") is True else 0
    if action.op in ("restore", "archive"):
        return 1 if action.op == "restore" else -1
    if action.op == "delete":
        return -1 if action.id in live_active else 0
    return 0


def _fields(body: Any) -> Mapping[str, Any]:
    if isinstance(body, list):  # a bulk PATCH: [{"op", "path", "value"}]
        ops = [op for op in body if isinstance(op, Mapping)]
        return {str(op.get("path", "")).lstrip("/"): op.get("value") for op in ops}
    return body if isinstance(body, Mapping) else {}  # only read: no copy


def workspace_body(client: TogglClient, wid: int) -> Any:
    """The workspace object: the one `/me/workspaces` answered if it was read (a workspace
    named in the file) and carries the flags, else one GET."""
    known = client.workspace_bodies.get(wid)
    if workspace_tier(known) != "unknown":
        return known
    body = client.request("GET", f"/workspaces/{wid}")
    if isinstance(body, dict) and workspace_tier(body) == "paid":
        # Remembered (and kept by a snapshot) only when paid: after a downgrade Toggl's own 402
        # still stops the apply, while a remembered "free" would refuse an upgraded workspace.
        client.workspace_bodies[wid] = body
    return body


class _Entries:
    """(line, `FILE:LINE: entry`) of the config entry behind an action, found by name as the planner
    matched it (case-insensitively); a project no entry names (under `projects: all`, say) is
    shown with its client's entry."""

    def __init__(self, config: Config, workspace: Workspace) -> None:
        self._locate = Locator(config.path)
        self._workspace = workspace
        self._live: dict[int, Project] | None = None  # built for the first bulk update only
        self._clients: dict[str, DesiredClient] = {c.name.casefold(): c for c in config.clients}
        self._projects: dict[tuple[str | None, str], DesiredProject] = {
            (None, p.name.casefold()): p for p in config.projects or ()
        }
        for c in config.clients:
            for p in c.projects if isinstance(c.projects, tuple) else ():
                self._projects[(c.name.casefold(), p.name.casefold())] = p

    def client(self, name: str) -> tuple[int, str]:
        entry = self._clients.get(name.casefold())
        if entry is None:
            where = self._locate.of(None) or "<config>"
            return (
                0,
                f'{where}: client "{name}" (not in the file: `unmanaged: archive` archives it)',
            )
        return entry.line or 0, f'{self._locate.of(entry.line)}: client "{entry.name}"'

    def projects_of(self, action: Action) -> list[tuple[int, str]]:
        if action.op == "bulk_update":
            return [self._project(*self._live_key(pid)) for pid in action.ids]
        if action.kind == "client":  # a client restore: the projects it brings back
            return [self._project(action.name, name) for name in action.projects]
        return [self._project(action.client, action.name)]

    def _live_key(self, project_id: int) -> tuple[str | None, str]:
        if self._live is None:
            self._live = {p.id: p for p in self._workspace.projects}
        project = self._live[project_id]
        owner = self._workspace.client_by_id(project.client_id) if project.client_id else None
        return (owner.name if owner else None), project.name

    def _project(self, client: str | None, name: str) -> tuple[int, str]:
        label = f"{client} / {name}" if client else name
        key = (client.casefold() if client else None, name.casefold())
        entry: DesiredProject | DesiredClient | None = self._projects.get(key)
        if entry is None:  # no entry names it: its client's entry does (`projects: all`)
            entry = self._clients.get(client.casefold()) if client else None
        line = entry.line if entry else None
        return line or 0, f'{self._locate.of(line) or "<config>"}: project "{label}"'


def _refusal(needs: list[tuple[str, str]]) -> str:
    lines = [f"  {where}: needs {feature}" for where, feature in needs]
    kinds = {_kind(feature) for _, feature in needs}
    steps = [step for kind, step in NEXT_STEPS.items() if kind in kinds]
    return (
        "the workspace is on Toggl's Free plan, which does not include what this plan needs:\n"
        + "\n".join(lines)
        + "\nNothing was sent. Upgrade the workspace's Toggl plan, or change those entries: "
        + "; ".join(steps)
        + "."
    )


NEXT_STEPS = {
    ARCHIVING: "keep those clients active",
    "premium": "remove those premium fields",
    CUSTOM_COLOUR: "use a colour of Toggl's palette",
    ACTIVE_LIMIT: f"keep at most {FREE_ACTIVE_PROJECTS} projects active",
}


def _kind(feature: str) -> str:
    return next(
        (k for k in (ARCHIVING, CUSTOM_COLOUR, ACTIVE_LIMIT) if feature.startswith(k)), "premium"
    )


def _join(items: tuple[str, ...]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
