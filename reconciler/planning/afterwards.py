"""What the next plan will find where a project's `previously` points.

`previously` may stay in the file once applied; the next plan then matches each entry by its name,
and refuses an entry whose `previously` also finds another project no entry names (which one is
it?). Only this plan can fill such a place with a project it did not find there now: deleting a
client leaves its projects without a client, and renaming a client to the name a `previously`
gives hands that name to a client with projects of its own. Such a plan is refused now, with
FILE:LINE, rather than applied and then refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from reconciler.config.model import PreviousName
from reconciler.errors import PlanError
from reconciler.planning.context import PlanContext
from reconciler.planning.identity import Entry
from reconciler.planning.matching import projects_scope
from reconciler.state import Project


def check_previous_places(ctx: PlanContext) -> None:
    renamed_to = {
        r.takes[2]: r.action.id
        for r in ctx.renames
        if r.action.kind == "client" and r.action.id is not None
    }
    orphans: dict[str, list[Project]] | None = None  # by name, built on first use
    for entry, under, previous in _previous_places(ctx):
        if previous.moved and previous.client is not None:
            client_id = renamed_to.get(previous.client)
            if client_id is None:
                continue  # the client of that name stays the one this plan already looked in
            why = f'which renaming a client to "{previous.client}" puts there'
            scope = projects_scope(client_id, None)
            found: Iterable[Project] = ctx.names.projects(scope).exact(previous.name)
        elif previous.moved or under is None:
            why = "which deleting its client leaves without a client"
            if orphans is None:
                orphans = {}
                for client in ctx.deleted_clients:
                    for project in ctx.workspace.projects_of(client.id):
                        orphans.setdefault(project.name, []).append(project)
            found = orphans.get(previous.name, ())
        else:
            continue  # its own client: what arrives there, an entry names
        for project in found:
            if ctx.names.is_claimed("project", project.id) or project.id in ctx.deleted_projects:
                continue
            where = f' under client "{under}"' if under is not None else ""
            raise PlanError(
                f'{ctx.locate.prefix(previous.line)}project "{entry.name}"{where}: after this '
                f"plan, its 'previously' would find project \"{project.name}\" (id {project.id}), "
                f"{why}, and no entry names it, so the next plan could not tell which is "
                f"\"{entry.name}\"; remove that 'previously' or name that project in the file"
            )


def _previous_places(ctx: PlanContext) -> Iterator[tuple[Entry, str | None, PreviousName]]:
    """Each `previously` item of a project entry, the entry, and its client as the file names it
    (None: no client)."""
    for scope, wish in ctx.names.all_project_wishes():
        yield from ((wish.entry, scope.client_name, p) for p in wish.entry.previously)
