"""The diff: desired state (a Config) against current state (a Workspace) gives a Plan.

Pure: no I/O. Every action is exactly one request Toggl accepts; states that cannot be reached
without a request Toggl would reject (name collisions, ambiguous names) raise PlanError instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from reconciler.bulk import group_bulk_updates
from reconciler.config.model import Config, DesiredClient, DesiredProject
from reconciler.errors import PlanError
from reconciler.plan import Action, Fingerprint, Plan
from reconciler.state import PROJECT_FIELDS, Client, Project, Workspace

_Obj = TypeVar("_Obj", Client, Project)


def make_plan(config: Config, workspace: Workspace, *, bulk: bool = True) -> Plan:
    """The actions that bring `workspace` to the state `config` describes, in execution order."""
    planner = _Planner(config, workspace)
    planner.run()
    actions = group_bulk_updates(planner.actions) if bulk else planner.actions
    return Plan(
        workspace_id=workspace.id,
        workspace_name=workspace.name,
        actions=tuple(actions),
        fingerprint=Fingerprint(
            clients=dict(planner.seen_clients),
            projects=dict(planner.seen_projects),
            free_client_names=tuple(planner.free_client_names),
            free_project_names=tuple(planner.free_project_names),
        ),
        config_digest=config.digest,
        existing_clients=len(workspace.clients),
        existing_projects=len(workspace.projects),
    )


@dataclass
class _Parent:
    """Where a list of desired projects lives, and what the client's own actions do to them."""

    client_id: int | None  # None: no client, or a client this plan creates
    client_name: str | None
    client_ref: str | None = None  # the name of a client created by this plan
    archived: bool = False  # the client is wanted archived: so are its projects
    cascade: bool = False  # this plan's client archive archives every active project
    restored: frozenset[int] = frozenset()  # project ids the client restore brings back


@dataclass
class _Planner:
    config: Config
    workspace: Workspace
    actions: list[Action] = field(default_factory=list)
    seen_clients: dict[int, str] = field(default_factory=dict)
    seen_projects: dict[int, str] = field(default_factory=dict)
    free_client_names: list[str] = field(default_factory=list)
    free_project_names: list[tuple[str | None, str]] = field(default_factory=list)
    # Which config entry (by its name and line) claimed each existing object.
    claimed_clients: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    claimed_projects: dict[int, tuple[str, int | None]] = field(default_factory=dict)
    # Names this plan creates, case-folded per parent: two creates must not collide either.
    created: dict[tuple[str, str | None, str], tuple[str, int | None]] = field(default_factory=dict)
    deleted_clients: list[Client] = field(default_factory=list)
    deleted_projects: set[int] = field(default_factory=set)

    def run(self) -> None:
        for desired in self.config.clients:
            self._plan_client(desired)
        no_client = _Parent(client_id=None, client_name=None)
        existing = self.workspace.projects_of(None)
        self._plan_projects(self.config.projects, existing, no_client, manage_unlisted=True)
        self._check_orphans()
        if self.config.unmanaged == "archive":
            for client in sorted(self.workspace.clients, key=lambda c: c.name):
                if client.id in self.claimed_clients:
                    continue
                self._see_client(client)
                if not client.archived:
                    self._archive_client(client, client.name)

    # -- clients --------------------------------------------------------------------------

    def _plan_client(self, desired: DesiredClient) -> None:
        client = self._match(desired.name, desired.line, self.workspace.clients, "client", None)
        if client is not None:
            self.claimed_clients[client.id] = (desired.name, desired.line)
            self._see_client(client)
        if desired.state == "absent":
            if client is not None:
                named = {d.name for d in self.config.clients}
                variants = _case_variants(client, self.workspace.clients, named)
                for other in (v for v in variants if v.id not in self.claimed_clients):
                    self.claimed_clients[other.id] = (desired.name, desired.line)
                    self._see_client(other)
                    self._delete_client(other)
                if isinstance(desired.projects, tuple):
                    # Toggl keeps a deleted client's projects (without a client): the ones listed
                    # absent are deleted first, while they still sit under it.
                    gone = tuple(d for d in desired.projects if d.state == "absent")
                    parent = _Parent(client_id=client.id, client_name=desired.name)
                    current = self.workspace.projects_of(client.id)
                    self._plan_projects(gone, current, parent, manage_unlisted=False)
                self._delete_client(client)
            return
        if client is None:
            self._create_client(desired)
            return
        current = self.workspace.projects_of(client.id)
        parent = _Parent(client_id=client.id, client_name=desired.name)
        if desired.state == "active" and client.archived:
            parent.restored = self._restore_client(client, desired, current)
        self._update_client(client, desired)
        if desired.state == "archived":
            parent.archived = True
            parent.cascade = not client.archived
            if parent.cascade:
                self._archive_client(client, desired.name)
        elif desired.projects == "all" and not client.archived:
            for project in sorted(current, key=lambda p: p.name):
                self._see_project(project)
                if not project.active:
                    self._set_project_active(project, desired.name, True, {})
        if isinstance(desired.projects, tuple):
            self._plan_projects(desired.projects, current, parent, manage_unlisted=True)

    def _create_client(self, desired: DesiredClient) -> None:
        body: dict[str, Any] = {"name": desired.name}
        changes: list[tuple[str, Any, Any]] = []
        if "notes" in desired.fields:
            body["notes"] = desired.fields["notes"]
            changes.append(("notes", None, desired.fields["notes"]))
        self._claim_new_name("client", None, desired.name, desired.line)
        self.free_client_names.append(desired.name)
        self.actions.append(
            Action("create", "client", desired.name, body=body, changes=tuple(changes))
        )
        archived = desired.state == "archived"
        parent = _Parent(None, desired.name, client_ref=desired.name, archived=archived)
        if isinstance(desired.projects, tuple):
            self._plan_projects(desired.projects, (), parent, manage_unlisted=False)
        if archived:
            # Its projects were created archived, so the archive has nothing to cascade to.
            self.actions.append(Action("archive", "client", desired.name, client_ref=desired.name))

    def _restore_client(
        self, client: Client, desired: DesiredClient, current: Sequence[Project]
    ) -> frozenset[int]:
        """One restore call; returns the ids of the projects it brings back."""
        if desired.projects == "all":
            back = sorted((p for p in current if not p.active), key=lambda p: p.name)
            body: dict[str, Any] = {"restore_all_projects": True}
        elif desired.projects is None:
            back, body = [], {"projects": []}
        else:
            # The same matching as the project list below, so what comes back is what it expects.
            matches = (
                self._match(d.name, d.line, current, "project", desired.name)
                for d in desired.projects
                if d.state == "active"
            )
            back = sorted((p for p in matches if p is not None and not p.active), key=_id)
            body = {"projects": [p.id for p in back]}
        for project in back:
            self._see_project(project)
        self.actions.append(
            Action(
                "restore",
                "client",
                desired.name,
                id=client.id,
                body=body,
                projects=tuple(p.name for p in back),
            )
        )
        return frozenset(p.id for p in back)

    def _update_client(self, client: Client, desired: DesiredClient) -> None:
        # Toggl's client PUT takes the create body, so `name` is always sent (unchanged or not).
        body: dict[str, Any] = {"name": desired.name}
        changes: list[tuple[str, Any, Any]] = []
        if desired.name != client.name:
            changes.append(("name", client.name, desired.name))
        if "notes" in desired.fields and (client.notes or "") != (desired.fields["notes"] or ""):
            body["notes"] = desired.fields["notes"]
            changes.append(("notes", client.notes, desired.fields["notes"]))
        if changes:
            self.actions.append(
                Action(
                    "update",
                    "client",
                    desired.name,
                    id=client.id,
                    body=body,
                    changes=tuple(changes),
                )
            )

    def _archive_client(self, client: Client, name: str) -> None:
        """One archive call; Toggl archives the client's active projects with it."""
        covered = sorted(self.workspace.projects_of(client.id), key=lambda p: p.name)
        for project in covered:
            self._see_project(project)
        self.actions.append(
            Action(
                "archive",
                "client",
                name,
                id=client.id,
                projects=tuple(p.name for p in covered if p.active),
            )
        )

    def _delete_client(self, client: Client) -> None:
        # Toggl keeps a deleted client's projects, without a client. Under `unmanaged: archive`
        # they would be archived by the next plan, so archive the active ones now.
        if self.config.unmanaged == "archive":
            for project in sorted(self.workspace.projects_of(client.id), key=lambda p: p.name):
                self._see_project(project)
                if project.active and project.id not in self.claimed_projects:
                    self._set_project_active(project, client.name, False, {})
        self.deleted_clients.append(client)
        self.actions.append(Action("delete", "client", client.name, id=client.id))

    def _check_orphans(self) -> None:
        """Toggl keeps a deleted client's projects, without a client. One that takes the name of
        a project the file lists without a client would make that entry ambiguous for ever."""
        listed = {d.name.casefold(): d for d in self.config.projects}
        for client in self.deleted_clients:
            for project in sorted(self.workspace.projects_of(client.id), key=lambda p: p.name):
                entry = listed.get(project.name.casefold())
                if entry is None or project.id in self.deleted_projects:
                    continue
                raise PlanError(
                    f'{self._where(entry.line)}project "{entry.name}" (without a client) would '
                    f'share its name with project "{project.name}" (id {project.id}), which '
                    f'deleting client "{client.name}" leaves without a client; list it under '
                    "that client with state: absent, or rename one of them"
                )

    # -- projects -------------------------------------------------------------------------

    def _plan_projects(
        self,
        desired: Sequence[DesiredProject],
        current: Sequence[Project],
        parent: _Parent,
        *,
        manage_unlisted: bool,
    ) -> None:
        for wanted in desired:
            match = self._match(wanted.name, wanted.line, current, "project", parent.client_name)
            if match is not None:
                self.claimed_projects[match.id] = (wanted.name, wanted.line)
            self._plan_project(wanted, match, parent)
            if match is not None and wanted.state == "absent":
                variants = _case_variants(match, current, {d.name for d in desired})
                for other in (v for v in variants if v.id not in self.claimed_projects):
                    self.claimed_projects[other.id] = (wanted.name, wanted.line)
                    self._see_project(other)
                    self._plan_project(wanted, other, parent)
        if manage_unlisted and self.config.unmanaged == "archive":
            for project in sorted(current, key=lambda p: p.name):
                if project.id in self.claimed_projects:
                    continue
                self._see_project(project)
                if project.active and not parent.cascade:
                    self._set_project_active(project, parent.client_name, False, {})

    def _plan_project(
        self, desired: DesiredProject, project: Project | None, parent: _Parent
    ) -> None:
        if project is not None:
            self._see_project(project)
        if desired.state == "absent":
            if project is not None:
                self.deleted_projects.add(project.id)
                self.actions.append(
                    Action(
                        "delete", "project", project.name, id=project.id, client=parent.client_name
                    )
                )
            return
        want_active = desired.state == "active" and not parent.archived
        if project is None:
            self._create_project(desired, parent, want_active)
            return
        body, changes = _project_changes(project, desired)
        active_now = project.active or project.id in parent.restored
        if parent.cascade and not want_active:
            active_now = False  # the client archive, which runs later, archives it
        if want_active != active_now:
            self._set_project_active(project, parent.client_name, want_active, body, changes)
        elif body:
            self.actions.append(
                Action(
                    "update",
                    "project",
                    desired.name,
                    id=project.id,
                    body=body,
                    client=parent.client_name,
                    changes=changes,
                )
            )

    def _create_project(self, desired: DesiredProject, parent: _Parent, active: bool) -> None:
        body: dict[str, Any] = {"name": desired.name, "active": active}
        body["client_id"] = parent.client_id
        changes: list[tuple[str, Any, Any]] = []
        for name in PROJECT_FIELDS:
            if name in desired.fields:
                body[name] = _normalise(name, desired.fields[name])
                changes.append((name, None, body[name]))
        self._claim_new_name("project", parent.client_name, desired.name, desired.line)
        self.free_project_names.append((parent.client_name, desired.name))
        self.actions.append(
            Action(
                "create",
                "project",
                desired.name,
                body=body,
                client=parent.client_name,
                client_ref=parent.client_ref,
                changes=tuple(changes),
            )
        )

    def _set_project_active(
        self,
        project: Project,
        client_name: str | None,
        active: bool,
        fields: dict[str, Any],
        changes: tuple[tuple[str, Any, Any], ...] = (),
    ) -> None:
        name = fields.get("name", project.name)
        self.actions.append(
            Action(
                "restore" if active else "archive",
                "project",
                name,
                id=project.id,
                body={"active": active, **fields},
                client=client_name,
                changes=changes,
            )
        )

    # -- matching and fingerprint ---------------------------------------------------------

    def _match(
        self,
        name: str,
        line: int | None,
        candidates: Sequence[_Obj],
        kind: str,
        client_name: str | None,
    ) -> _Obj | None:
        """The exact-name match, else the only case-insensitive one, else None."""
        where = self._where(line)
        exact = [c for c in candidates if c.name == name]
        folded = exact or [c for c in candidates if c.name.casefold() == name.casefold()]
        if len(folded) > 1:
            found = " and ".join(f'{kind} "{c.name}" (id {c.id})' for c in folded)
            raise PlanError(
                f'{where}{kind} "{name}"{_under(client_name)} is ambiguous: it matches {found}; '
                "rename one of them in Toggl or write the exact name"
            )
        if not folded:
            return None
        match = folded[0]
        claims = self.claimed_clients if kind == "client" else self.claimed_projects
        if match.id in claims:
            other, other_line = claims[match.id]
            raise PlanError(
                f'{where}{kind} "{name}"{_under(client_name)} and "{other}" '
                f"({self._loc(other_line) or 'earlier'}) both match existing {kind} "
                f'"{match.name}" (id {match.id}); names may differ only in case once'
            )
        return match

    def _claim_new_name(self, kind: str, client: str | None, name: str, line: int | None) -> None:
        key = (kind, client, name.casefold())
        if key in self.created:
            other, other_line = self.created[key]
            raise PlanError(
                f'{self._where(line)}{kind} "{name}"{_under(client)} and "{other}" '
                f"({self._loc(other_line) or 'earlier'}) would be created with names that differ "
                "only in case"
            )
        self.created[key] = (name, line)

    def _loc(self, line: int | None) -> str:
        """`path:line` of a config entry, as far as it is known."""
        if line is None:
            return self.config.path
        return f"{self.config.path or '<config>'}:{line}"

    def _where(self, line: int | None) -> str:
        loc = self._loc(line)
        return f"{loc}: " if loc else ""

    def _see_client(self, client: Client) -> None:
        self.seen_clients[client.id] = client.at

    def _see_project(self, project: Project) -> None:
        self.seen_projects[project.id] = project.at


def _case_variants(match: _Obj, candidates: Sequence[_Obj], named: set[str]) -> list[_Obj]:
    """Other objects whose names differ from the match's only in case and that no entry names.

    Once the match is deleted, such an object would match the absent entry by case: it goes too.
    """
    folded = match.name.casefold()
    return [
        c
        for c in candidates
        if c.id != match.id and c.name.casefold() == folded and c.name not in named
    ]


def _id(project: Project) -> int:
    return project.id


def _under(client_name: str | None) -> str:
    return f' under client "{client_name}"' if client_name is not None else ""


def _normalise(name: str, value: Any) -> Any:
    # Toggl stores colours in lowercase; sending lowercase keeps the next plan empty.
    return value.lower() if name == "color" and isinstance(value, str) else value


def _project_changes(
    project: Project, desired: DesiredProject
) -> tuple[dict[str, Any], tuple[tuple[str, Any, Any], ...]]:
    """The body carrying only the fields that differ, and the (field, old, new) changes."""
    body: dict[str, Any] = {}
    changes: list[tuple[str, Any, Any]] = []
    if desired.name != project.name:
        body["name"] = desired.name
        changes.append(("name", project.name, desired.name))
    for name in PROJECT_FIELDS:
        if name not in desired.fields:
            continue
        new, old = _normalise(name, desired.fields[name]), project.field(name)
        if _normalise(name, old) != new:
            body[name] = new
            changes.append((name, old, new))
    return body, tuple(changes)
