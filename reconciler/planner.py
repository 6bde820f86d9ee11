"""The diff: desired state (a Config) against current state (a Workspace) gives a Plan.

Pure: no I/O. Every action is exactly one request Toggl accepts; states that cannot be reached
without a request Toggl would reject (name collisions, ambiguous names) raise PlanError instead.

The parts live in `reconciler.planning`: matching entries to live objects and claiming names
(`matching`, with `identity` for `previously`), the fingerprint record (`fingerprint`), the
decisions for clients and for projects (`clients`, `projects`) over one shared context
(`context`), the order of renames (`renames`), what the next plan will find where `previously`
points (`afterwards`), bulk grouping (`bulk`) and the entries a plan is limited to (`targets`).
Request bodies are built by the named constructors of `Action`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from operator import attrgetter

from reconciler.collector import collector_paused
from reconciler.config.model import Config
from reconciler.plan import Action, Plan, Unmanaged
from reconciler.planning.afterwards import check_previous_places
from reconciler.planning.bulk import group_bulk_updates
from reconciler.planning.clients import archive_unmanaged_clients, plan_client
from reconciler.planning.context import PlanContext
from reconciler.planning.matching import projects_scope
from reconciler.planning.projects import ProjectParent, check_orphans, plan_projects
from reconciler.planning.renames import Key, order_renames
from reconciler.planning.targets import select_targets
from reconciler.state import Workspace


def make_plan(
    config: Config, workspace: Workspace, *, bulk: bool = True, targets: Iterable[str] = ()
) -> Plan:
    """The actions that bring `workspace` to the state `config` describes, in execution order.

    With `targets` (names of clients or of projects without a client), only those entries are
    planned; the whole file is still matched.
    """
    # Planning builds indexes and actions with no reference cycles: collections would find nothing.
    with collector_paused():
        return _make_plan(config, workspace, bulk=bulk, targets=targets)


def _make_plan(config: Config, workspace: Workspace, *, bulk: bool, targets: Iterable[str]) -> Plan:
    chosen = select_targets(config, targets)
    ctx = PlanContext.start(config, workspace, chosen)
    for desired in config.clients:
        if chosen.has_client(desired):
            plan_client(ctx, desired)
    if config.projects is not None:  # without a top-level `projects` key they are unmanaged
        no_client = ProjectParent(projects_scope(None, None))
        loose = [d for d in config.projects if chosen.has_project(d)]
        plan_projects(ctx, loose, no_client, manage_unlisted=not chosen.partial)
    check_orphans(ctx)
    check_previous_places(ctx)
    if ctx.archive_unmanaged and not chosen.partial:
        archive_unmanaged_clients(ctx)
    actions = order_renames(
        ctx.actions, ctx.renames, _live_keys(workspace), ctx.names.holder_of, ctx.locate
    )
    if bulk:
        actions = group_bulk_updates(actions)
    live_clients, live_projects, taken_clients, taken_projects = count_live_objects(
        actions, workspace
    )
    return Plan(
        workspace_id=workspace.id,
        workspace_name=workspace.name,
        actions=tuple(actions),
        fingerprint=ctx.seen.fingerprint(),
        config_digest=lambda: config.digest,  # read only if the plan is saved or checked
        live_clients=live_clients,
        live_projects=live_projects,
        taken_clients=taken_clients,
        taken_projects=taken_projects,
        max_destructive_share=config.max_destructive_share,
        targets=chosen.names,
        unmanaged=() if ctx.archive_unmanaged else tuple(_unmanaged(ctx)),
    )


_is_active = attrgetter("active")
_id_of = attrgetter("id")


def count_live_objects(
    actions: Sequence[Action], workspace: Workspace
) -> tuple[int, int, int, int]:
    """Live clients, live projects, and how many live clients and projects the actions archive
    or delete. A big workspace has tens of thousands of projects: they are filtered and
    matched in C.

    A client archive takes its active projects with it; a client delete leaves its projects in
    service (Toggl keeps them, without a client). Archived objects, and objects the plan itself
    creates, are not live: archiving or deleting them takes nothing out of service.
    """
    live_client_ids = {c.id for c in workspace.clients if not c.archived}
    taken_clients: set[int] = set()
    acted_on: set[int] = set()  # ids of the projects archived or deleted
    emptied: set[int] = set()  # live clients archived: their active projects go with them
    for action in actions:
        if action.op not in ("archive", "delete") or action.id is None:
            continue
        if action.kind == "project":
            acted_on.add(action.id)
        elif action.id in live_client_ids:
            taken_clients.add(action.id)
            if action.op == "archive":
                emptied.add(action.id)
    active_projects = list(filter(_is_active, workspace.projects))
    live_projects = len(active_projects)
    taken = acted_on.intersection(map(_id_of, active_projects)) if acted_on else set()
    for client_id in emptied:
        taken.update(map(_id_of, filter(_is_active, workspace.projects_of(client_id))))
    return len(live_client_ids), live_projects, len(taken_clients), len(taken)


def _live_keys(workspace: Workspace) -> Iterator[Key]:
    for client in workspace.clients:
        yield ("client", None, client.name)
    for project in workspace.projects:
        yield ("project", project.client_id, project.name)


def _unmanaged(ctx: PlanContext) -> Iterator[Unmanaged]:
    """The live objects the file does not mention: clients no entry names, and projects no
    entry names under clients without `projects: all`."""
    names, workspace = ctx.names, ctx.workspace
    # Only live objects are claimed: as many claims as objects means every one is (as in a file
    # `export` wrote), and the objects need not be looked at one by one.
    if names.claimed_count("client") < len(workspace.clients):
        for client in sorted(workspace.clients, key=lambda c: (c.name, c.id)):
            if not names.is_claimed("client", client.id):
                yield Unmanaged("client", client.id, client.name)
    if names.claimed_count("project") == len(workspace.projects):
        return
    covered = {cid for cid, d in ctx.entry_of_client.items() if d.projects == "all"}
    claimed = names.claimed_ids("project")
    loose = [
        (names.live_client_name(p.client_id), p)
        for p in workspace.projects
        if p.id not in claimed and p.client_id not in covered
    ]
    for owner, project in sorted(loose, key=lambda o: (o[0] or "", o[1].name, o[1].id)):
        yield Unmanaged("project", project.id, project.name, owner)
