"""The diff: desired state (a Config) against current state (a Workspace) gives a Plan.

Pure: no I/O. Every action is exactly one request Toggl accepts; states that cannot be reached
without a request Toggl would reject (name collisions, ambiguous names) raise PlanError instead.

The parts live in `reconciler.planning`: matching entries to live objects and claiming names
(`matching`), the fingerprint record (`fingerprint`), the decisions for clients and for projects
(`clients`, `projects`) over one shared context (`context`), and bulk grouping (`bulk`). Request
bodies are built by the named constructors of `Action`.
"""

from __future__ import annotations

from collections.abc import Sequence

from reconciler.collector import collector_paused
from reconciler.config.model import Config
from reconciler.plan import Action, Plan
from reconciler.planning.bulk import group_bulk_updates
from reconciler.planning.clients import archive_unmanaged_clients, plan_client
from reconciler.planning.context import PlanContext
from reconciler.planning.matching import projects_scope
from reconciler.planning.projects import ProjectParent, check_orphans, plan_projects
from reconciler.state import Workspace


def make_plan(config: Config, workspace: Workspace, *, bulk: bool = True) -> Plan:
    """The actions that bring `workspace` to the state `config` describes, in execution order."""
    # Planning builds indexes and actions with no reference cycles: collections would find nothing.
    with collector_paused():
        return _make_plan(config, workspace, bulk=bulk)


def _make_plan(config: Config, workspace: Workspace, *, bulk: bool) -> Plan:
    ctx = PlanContext.start(config, workspace)
    for desired in config.clients:
        plan_client(ctx, desired)
    if config.projects is not None:  # without a top-level `projects` key they are unmanaged
        no_client = ProjectParent(projects_scope(None, None))
        plan_projects(ctx, config.projects, no_client, manage_unlisted=True)
    check_orphans(ctx)
    if ctx.archive_unmanaged:
        archive_unmanaged_clients(ctx)
    actions = group_bulk_updates(ctx.actions) if bulk else ctx.actions
    taken_clients, taken_projects = live_objects_taken(actions, workspace)
    return Plan(
        workspace_id=workspace.id,
        workspace_name=workspace.name,
        actions=tuple(actions),
        fingerprint=ctx.seen.fingerprint(),
        config_digest=config.digest,
        live_clients=sum(1 for c in workspace.clients if not c.archived),
        live_projects=sum(1 for p in workspace.projects if p.active),
        taken_clients=taken_clients,
        taken_projects=taken_projects,
        max_destructive_share=config.max_destructive_share,
    )


def live_objects_taken(actions: Sequence[Action], workspace: Workspace) -> tuple[int, int]:
    """How many live clients, and live projects, the actions archive or delete.

    A client archive takes its active projects with it; a client delete leaves its projects in
    service (Toggl keeps them, without a client). Archived objects, and objects the plan itself
    creates, are not live: archiving or deleting them takes nothing out of service.
    """
    live_clients = {c.id for c in workspace.clients if not c.archived}
    live_projects = {p.id for p in workspace.projects if p.active}
    clients: set[int] = set()
    projects: set[int] = set()
    for action in actions:
        if action.op not in ("archive", "delete") or action.id is None:
            continue
        if action.kind == "project":
            if action.id in live_projects:
                projects.add(action.id)
        elif action.id in live_clients:
            clients.add(action.id)
            if action.op == "archive":
                projects.update(p.id for p in workspace.projects_of(action.id) if p.active)
    return len(clients), len(projects)
