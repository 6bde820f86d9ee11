"""Decisions for clients: each desired client against the live client it matches, if any, and
what the client's own calls (restore, archive, delete) do to its projects."""

from __future__ import annotations

from operator import attrgetter

from reconciler.action import Action, Change, Former
from reconciler.config.model import DesiredClient
from reconciler.planning.context import PlanContext
from reconciler.planning.identity import Wish
from reconciler.planning.matching import (
    CLIENTS,
    NameClaims,
    Scope,
    new_client_scope,
    projects_scope,
)
from reconciler.planning.projects import ProjectParent, by_name, plan_projects
from reconciler.planning.renames import Rename
from reconciler.state import CLIENT_FIELDS, Client

by_id = attrgetter("id")


def plan_client(ctx: PlanContext, desired: DesiredClient) -> None:
    """The client's own action (create, restore, update, archive or delete), then its projects."""
    client = ctx.names.client_match(desired)
    if client is not None:
        ctx.seen.saw_client(client)
    if desired.state == "absent":
        if client is not None:
            _delete_with_case_variants(ctx, desired, client)
        return
    if client is None:
        create_client(ctx, desired)
        return
    scope = NameClaims.scope_of(desired, client)
    restored: frozenset[int] = frozenset()
    if desired.state == "active" and client.archived:
        restored = restore_client(ctx, client, desired, scope)
    update_client(ctx, client, desired, ctx.names.client_wish(desired))
    archived = desired.state == "archived"
    cascade = archived and not client.archived
    if cascade:
        archive_client(ctx, client, desired.name)
    elif not archived and desired.projects == "all" and not client.archived:
        for project in sorted(ctx.names.projects(scope).objects, key=by_name):
            if ctx.names.leaves_its_client(project):
                continue  # another entry moves it away
            ctx.seen.saw_project(project)
            if not project.active:
                ctx.emit(Action.set_project_active(project.id, project.name, desired.name, True))
    if isinstance(desired.projects, tuple):
        parent = ProjectParent(scope, archived=archived, cascade=cascade, restored=restored)
        plan_projects(ctx, desired.projects, parent, manage_unlisted=True)


def _delete_with_case_variants(ctx: PlanContext, desired: DesiredClient, client: Client) -> None:
    """Unnamed clients differing from `client` only in case would match the absent entry next:
    they are deleted with it."""
    for other in ctx.names.unclaimed_case_variants(client, ctx.names.clients(), ctx.client_names):
        ctx.names.claim("client", other.id, desired)
        ctx.seen.saw_client(other)
        delete_client(ctx, other)
    if isinstance(desired.projects, tuple):
        # Toggl keeps a deleted client's projects (without a client): the ones listed absent are
        # deleted first, while they still sit under it.
        gone = tuple(d for d in desired.projects if d.state == "absent")
        parent = ProjectParent(projects_scope(client.id, desired.name))
        plan_projects(ctx, gone, parent, manage_unlisted=False)
    delete_client(ctx, client)


def create_client(ctx: PlanContext, desired: DesiredClient) -> None:
    fields = {f: desired.fields[f] for f in CLIENT_FIELDS if f in desired.fields}
    ctx.names.claim_new_name(desired, CLIENTS)
    ctx.seen.expect_free_client_name(desired.name)
    ctx.emit(Action.create_client(desired.name, fields))
    archived = desired.state == "archived"
    scope = new_client_scope(desired.name)
    parent = ProjectParent(scope, client_ref=desired.name, archived=archived)
    if isinstance(desired.projects, tuple):
        plan_projects(ctx, desired.projects, parent, manage_unlisted=False)
    if archived:
        # Its projects were created archived, so the archive has nothing to cascade to.
        ctx.emit(Action.archive_client(desired.name, client_ref=desired.name))


def restore_client(
    ctx: PlanContext, client: Client, desired: DesiredClient, scope: Scope
) -> frozenset[int]:
    """One restore call; returns the ids of the projects it brings back."""
    if desired.projects == "all":
        live = ctx.names.projects(scope).objects
        back = sorted((p for p in live if not p.active), key=by_name)
        action = Action.restore_client(
            client.id, desired.name, all_projects=True, project_names=[p.name for p in back]
        )
    else:
        back = []
        if desired.projects is not None:
            # The same matching as the project list after it, so what comes back is what the
            # list expects. A project moved in from another client is not the client's yet: its
            # move restores it.
            found = ctx.names.project_matches()
            matches = (found[id(d)] for d in desired.projects if d.state == "active")
            back = sorted(
                (p for p in matches if p is not None and not p.active and p.client_id == client.id),
                key=by_id,
            )
        action = Action.restore_client(
            client.id,
            desired.name,
            project_ids=[p.id for p in back],
            project_names=[p.name for p in back],
        )
    ctx.seen.saw_projects(back)
    ctx.emit(action)
    return frozenset(p.id for p in back)


def update_client(
    ctx: PlanContext, client: Client, desired: DesiredClient, wish: Wish[Client] | None
) -> None:
    """One PUT with what changed. A rename through `previously` keeps the client (its id, its
    projects and their tracked time) and is shown as one."""
    changes: list[Change] = []
    if desired.name != client.name:
        changes.append(("name", client.name, desired.name))
    notes = desired.fields.get("notes")
    if "notes" in desired.fields and (client.notes or "") != (notes or ""):
        changes.append(("notes", client.notes, notes))
    if not changes:
        return
    renamed = wish is not None and wish.renamed
    previous = Former(client.name) if renamed else None
    action = Action.update_client(client.id, desired.name, changes, previous=previous)
    ctx.emit(action)
    if desired.name != client.name:
        leaves, takes = ("client", None, client.name), ("client", None, desired.name)
        ctx.renames.append(Rename(action, leaves, takes, f'client "{desired.name}"', desired.line))
        if wish is not None and wish.renamed and wish.current is None:
            # No client holds the new name now: one made before the apply would block it.
            ctx.seen.expect_free_client_name(desired.name)


def archive_client(ctx: PlanContext, client: Client, name: str) -> None:
    """One archive call; Toggl archives the client's active projects with it (not those moved
    out by this plan: moves run before archives)."""
    covered = sorted(ctx.workspace.projects_of(client.id), key=by_name)
    ctx.seen.saw_projects(covered)
    active = [p.name for p in covered if p.active and not ctx.names.leaves_its_client(p)]
    ctx.emit(Action.archive_client(name, client_id=client.id, project_names=active))


def delete_client(ctx: PlanContext, client: Client) -> None:
    # Toggl keeps a deleted client's projects, without a client. Under `unmanaged: archive`,
    # with the projects without a client managed, the next plan would archive them: archive the
    # active ones now (not those this plan deletes first or moves away).
    if ctx.archive_unmanaged and ctx.config.projects is not None:
        for project in sorted(ctx.workspace.projects_of(client.id), key=by_name):
            ctx.seen.saw_project(project)
            stays = project.id not in ctx.deleted_projects
            if project.active and stays and not ctx.names.leaves_its_client(project):
                ctx.emit(Action.set_project_active(project.id, project.name, client.name, False))
    ctx.deleted_clients.append(client)
    ctx.emit(Action.delete_client(client.id, client.name))


def archive_unmanaged_clients(ctx: PlanContext) -> None:
    """Under `unmanaged: archive`, every active client no entry claimed."""
    for client in sorted(ctx.workspace.clients, key=by_name):
        if ctx.names.is_claimed("client", client.id):
            continue
        ctx.seen.saw_client(client)
        if not client.archived:
            archive_client(ctx, client, client.name)
