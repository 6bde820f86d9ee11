"""Decisions for projects: each desired project against the live project it matches, if any."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from reconciler.action import Action, Change, Former
from reconciler.config.model import DesiredProject
from reconciler.errors import PlanError
from reconciler.planning.context import PlanContext
from reconciler.planning.identity import Wish
from reconciler.planning.matching import Scope
from reconciler.planning.renames import Rename
from reconciler.state import PROJECT_FIELDS, Project

by_name = attrgetter("name")


@dataclass(frozen=True)
class ProjectParent:
    """Where a list of desired projects lives, and what the client's own actions do to them."""

    scope: Scope
    client_ref: str | None = None  # the name of a client created by this plan
    archived: bool = False  # the client is wanted archived: so are its projects
    cascade: bool = False  # this plan's client archive archives every active project
    restored: frozenset[int] = frozenset()  # project ids the client restore brings back

    @property
    def client_id(self) -> int | None:
        return self.scope.client_id

    @property
    def client_name(self) -> str | None:
        return self.scope.client_name

    @property
    def client_key(self) -> int | str | None:
        """Where its projects' names are unique: the live client, or the one this plan creates."""
        return self.client_ref if self.client_ref is not None else self.client_id


def plan_projects(
    ctx: PlanContext,
    desired: Sequence[DesiredProject],
    parent: ProjectParent,
    *,
    manage_unlisted: bool,
) -> None:
    """Every entry of one list, then (with `manage_unlisted`) the live projects no entry named."""
    live = ctx.names.projects(parent.scope)
    named: set[str] | None = None  # the list's names, for the case variants of absent entries
    matches = ctx.names.project_matches()
    wishes = ctx.names.project_wishes()
    saw_project = ctx.seen.saw_project
    for wanted in desired:
        match = matches[id(wanted)]
        # Most projects of a big workspace are already as their entries want them: a quick
        # check tells, and plan_project is not needed.
        if match is not None and as_wanted(match, wanted, parent):
            saw_project(match)
            continue
        wish = wishes.get(id(wanted)) if wanted.previously else None
        plan_project(ctx, wanted, match, parent, wish)
        if match is not None and wanted.state == "absent":
            named = {d.name for d in desired} if named is None else named
            for other in ctx.names.unclaimed_case_variants(match, live, named):
                ctx.names.claim("project", other.id, wanted)
                plan_project(ctx, wanted, other, parent)
    if manage_unlisted and ctx.archive_unmanaged:
        for project in sorted(live.objects, key=by_name):
            if ctx.names.is_claimed("project", project.id):
                continue
            ctx.seen.saw_project(project)
            if project.active and not parent.cascade:
                ctx.emit(
                    Action.set_project_active(project.id, project.name, parent.client_name, False)
                )


def as_wanted(project: Project, desired: DesiredProject, parent: ProjectParent) -> bool:
    """Whether `project`, matched to `desired` under `parent`, needs no action.

    The quick check `plan_projects` makes first: True only where `plan_project` would decide
    nothing (the project stays where it is, keeps its name and fields, and is active or not as
    wanted once the client's own restore or archive has run); a False leaves the decision to
    `plan_project`.
    """
    if desired.state == "absent" or parent.client_ref is not None:
        return False
    want_active = desired.state == "active" and not parent.archived
    # As plan_project has it for a project that stays under its client.
    if parent.cascade and not want_active:
        active_now = False  # the client archive, which runs later, archives it
    else:
        active_now = project.active or project.id in parent.restored
    return (
        active_now == want_active
        and project.client_id == parent.scope.client_id
        and project.name == desired.name
        and project.holds(desired.fields)
    )


def plan_project(
    ctx: PlanContext,
    desired: DesiredProject,
    project: Project | None,
    parent: ProjectParent,
    wish: Wish[Project] | None = None,
) -> None:
    if project is not None:
        ctx.seen.saw_project(project)
    if desired.state == "absent":
        if project is not None:
            ctx.deleted_projects.add(project.id)
            ctx.emit(
                Action.delete_project(
                    project.id,
                    project.name,
                    parent.client_name,
                    delete_time_entries=desired.time_entries == "delete",
                )
            )
        return
    want_active = desired.state == "active" and not parent.archived
    if project is None:
        create_project(ctx, desired, parent, want_active)
        return
    moved = parent.client_ref is not None or project.client_id != parent.client_id
    changes = project_changes(project, desired)
    if moved:
        # Toggl's project PUT takes a new client_id: the same project, under another client.
        changes = (("client_id", project.client_id, parent.client_id), *changes)
    active_now = project.active or project.id in parent.restored
    if moved:
        # A restore of the client it leaves, which runs first, may bring it back; the archive of
        # the client it joins runs later, so its move sets its state itself.
        active_now = active_now or ctx.restores_all_projects(project.client_id)
    elif parent.cascade and not want_active:
        active_now = False  # the client archive, which runs later, archives it
    if want_active == active_now and not changes:
        return
    client_ref = parent.client_ref if moved else None
    previous = None
    if wish is not None and wish.renamed:
        previous = Former(project.name, ctx.names.live_client_name(project.client_id))
    if want_active != active_now:
        action = Action.set_project_active(
            project.id,
            desired.name,
            parent.client_name,
            want_active,
            changes,
            client_ref=client_ref,
            previous=previous,
        )
    else:
        action = Action.update_project(
            project.id,
            desired.name,
            parent.client_name,
            changes,
            client_ref=client_ref,
            previous=previous,
        )
    ctx.emit(action)
    if moved or desired.name != project.name:
        _record_rename(ctx, action, project, desired, parent, wish)


def _record_rename(
    ctx: PlanContext,
    action: Action,
    project: Project,
    desired: DesiredProject,
    parent: ProjectParent,
    wish: Wish[Project] | None,
) -> None:
    leaves = ("project", project.client_id, project.name)
    takes = ("project", parent.client_key, desired.name)
    label = f'project "{desired.name}"{parent.scope.under}'
    ctx.renames.append(Rename(action, leaves, takes, label, desired.line))
    if wish is not None and wish.renamed and wish.current is None and not parent.scope.new_client:
        # No project holds the new name there now: one made before the apply would block it.
        owner = ctx.names.live_client_name(parent.client_id)
        ctx.seen.expect_free_project_name(owner, desired.name)


def create_project(
    ctx: PlanContext, desired: DesiredProject, parent: ProjectParent, active: bool
) -> None:
    fields = {f: normalise(f, desired.fields[f]) for f in PROJECT_FIELDS if f in desired.fields}
    ctx.names.claim_new_name(desired, parent.scope)
    ctx.seen.expect_free_project_name(parent.client_name, desired.name)
    ctx.emit(
        Action.create_project(
            desired.name,
            active=active,
            client_id=parent.client_id,
            client=parent.client_name,
            client_ref=parent.client_ref,
            fields=fields,
        )
    )


def check_orphans(ctx: PlanContext) -> None:
    """Toggl keeps a deleted client's projects, without a client. One that takes the name of
    a project the file lists without a client would make that entry ambiguous for ever."""
    listed = {d.name.casefold(): d for d in ctx.config.projects or ()}
    for client in ctx.deleted_clients:
        for project in sorted(ctx.workspace.projects_of(client.id), key=by_name):
            entry = listed.get(project.name.casefold())
            gone = project.id in ctx.deleted_projects or ctx.names.leaves_its_client(project)
            if entry is None or gone:
                continue
            raise PlanError(
                f'{ctx.locate.prefix(entry.line)}project "{entry.name}" (without a client) would '
                f'share its name with project "{project.name}" (id {project.id}), which '
                f'deleting client "{client.name}" leaves without a client; list it under '
                "that client with state: absent, or rename one of them"
            )


def normalise(name: str, value: Any) -> Any:
    # Toggl stores colours in lowercase; sending lowercase keeps the next plan empty.
    return value.lower() if name == "color" and isinstance(value, str) else value


def project_changes(project: Project, desired: DesiredProject) -> tuple[Change, ...]:
    """The (field, old, new) changes that bring `project` to `desired`: name, then fields."""
    changes: list[Change] = []
    if desired.name != project.name:
        changes.append(("name", project.name, desired.name))
    if project.holds(desired.fields):
        return tuple(changes)  # each field as written: none differs, even once normalised
    for name in PROJECT_FIELDS:
        if name not in desired.fields:
            continue
        new, old = normalise(name, desired.fields[name]), project.field(name)
        if normalise(name, old) != new:
            changes.append((name, old, new))
    return tuple(changes)
