"""One action is one request to Toggl. Its body is built here, by a named constructor per kind of
request, next to `request()` that turns the action into the call Toggl receives.

`Action` stays a single serialisable value (a saved plan holds `to_dict()` of each,
schemas/plan.schema.json): which of its optional fields an action may carry depends on its op and
kind, and `FIELDS` (action_fields.py) says which. An action carrying a field its op does not use
is refused when it is built, so a plan can never hold one, whether built by the planner or read
from a file. The named constructors that cannot build such an action whatever their arguments
skip the check (`Action._valid`); the others, and every action read from a file, pass through it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

# The field rules and the names they use, importable from here with the action itself.
from reconciler.action_fields import (  # noqa: F401  (re-exported)
    FIELDS,
    PHASES,
    SYMBOLS,
    Change,
    Kind,
    Op,
    check_fields,
    phase,
)
from reconciler.frozen import new_instance, slot_setters


@dataclass(frozen=True)
class Former:
    """Where a renamed or moved object was, as Toggl had it: its name and, for a project, its
    client (None: no client)."""

    name: str
    client: str | None = None

    def to_dict(self, kind: Kind) -> dict[str, Any]:
        return (
            {"name": self.name} if kind == "client" else {"client": self.client, "name": self.name}
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Former:
        return cls(name=data["name"], client=data.get("client"))


# Slots: a big plan builds tens of thousands of actions, and one without an attribute dictionary
# is quicker to build, to read field by field and to free.
@dataclass(frozen=True, slots=True)
class Action:
    """One request to Toggl, with what a reader needs to review it.

    Project archive/restore are project updates (`PUT {"active": ...}`) shown with the archive and
    restore symbols; client archive/restore are Toggl's archive and restore calls.

    `client_ref` names a client that the same plan creates, whose id is only known at apply time:
    on a project create or move it fills `body["client_id"]`; on a client archive or restore (with
    `id` None) it fills the id in the request path. The applier passes the ids of the clients it
    has created so far to `request()`.

    `previous` is set on the update that renames or moves an object found through `previously`:
    the same object, one request, shown as `"old" -> "new"`.
    """

    op: Op
    kind: Kind
    name: str
    id: int | None = None  # None for creates
    body: Any = None  # the JSON body sent, exactly
    client: str | None = None  # for projects: the owning client's name (None: no client)
    client_ref: str | None = None
    changes: tuple[Change, ...] = ()  # for display
    # Restore/archive of a client: the project names it brings back or archives with it.
    # Bulk update: the names of the projects patched.
    projects: tuple[str, ...] = ()
    ids: tuple[int, ...] = ()  # bulk_update: the project ids patched
    # A project delete that deletes its time entries too ("delete"), because the file says so;
    # None: they are kept, without a project.
    time_entries: Literal["delete"] | None = None
    previous: Former | None = None

    def __post_init__(self) -> None:
        check_fields(self)

    @classmethod
    def _valid(
        cls,
        op: Op,
        kind: Kind,
        name: str,
        *,
        id: int | None = None,
        body: Any = None,
        client: str | None = None,
        client_ref: str | None = None,
        changes: tuple[Change, ...] = (),
        projects: tuple[str, ...] = (),
        time_entries: Literal["delete"] | None = None,
        previous: Former | None = None,
    ) -> Action:
        """The action a named constructor builds valid whatever its (typed) arguments: its op and
        kind are fixed, its body built by it, and the id its op needs an int (None: a create).
        It is set by the slots' own setters, without the field check every other action gets: a
        plan builds tens of thousands, and the check and the frozen __init__'s
        object.__setattr__ cost several times the build. A test shows it equals the checked
        build."""
        action = new_instance(cls)
        # Every field, in the dataclass's order, as its __init__ sets them.
        _set_op(action, op)
        _set_kind(action, kind)
        _set_name(action, name)
        _set_id(action, id)
        _set_body(action, body)
        _set_client(action, client)
        _set_client_ref(action, client_ref)
        _set_changes(action, changes)
        _set_projects(action, projects)
        _set_ids(action, ())
        _set_time_entries(action, time_entries)
        _set_previous(action, previous)
        return action

    # -- named constructors: every request body is built here ---------------------------------

    @classmethod
    def create_client(cls, name: str, fields: Mapping[str, Any]) -> Action:
        """`fields`: the managed fields written in the file (notes)."""
        return cls._valid(
            "create",
            "client",
            name,
            body={"name": name, **fields},
            changes=tuple([(f, None, v) for f, v in fields.items()]),
        )

    @classmethod
    def update_client(
        cls,
        client_id: int,
        name: str,
        changes: Iterable[Change],
        *,
        previous: Former | None = None,
    ) -> Action:
        """`previous`: the client was found through `previously` under that name."""
        changes = tuple(changes)
        # Toggl's client PUT takes the create body, so `name` is always sent (changed or not).
        body = {"name": name, **{f: new for f, _, new in changes if f != "name"}}
        return cls._valid(
            "update", "client", name, id=client_id, body=body, changes=changes, previous=previous
        )

    @classmethod
    def restore_client(
        cls,
        client_id: int,
        name: str,
        *,
        all_projects: bool = False,
        project_ids: Iterable[int] = (),
        project_names: Iterable[str] = (),
    ) -> Action:
        """One restore call; `project_names` are the projects it brings back, for display.

        With `all_projects`, Toggl brings back every project; otherwise exactly `project_ids`
        (none: the client alone).
        """
        body: dict[str, Any] = (
            {"restore_all_projects": True} if all_projects else {"projects": list(project_ids)}
        )
        return cls._valid(
            "restore", "client", name, id=client_id, body=body, projects=tuple(project_names)
        )

    @classmethod
    def archive_client(
        cls,
        name: str,
        *,
        client_id: int | None = None,
        client_ref: str | None = None,
        project_names: Iterable[str] = (),
    ) -> Action:
        """One archive call; Toggl archives the client's active projects (`project_names`) too."""
        # Checked: it needs exactly one of the two targets, which the caller chooses.
        return cls(
            "archive",
            "client",
            name,
            id=client_id,
            client_ref=client_ref,
            projects=tuple(project_names),
        )

    @classmethod
    def delete_client(cls, client_id: int, name: str) -> Action:
        return cls._valid("delete", "client", name, id=client_id)

    @classmethod
    def create_project(
        cls,
        name: str,
        *,
        active: bool,
        client_id: int | None,
        client: str | None,
        client_ref: str | None,
        fields: Mapping[str, Any],
    ) -> Action:
        """`fields`: the managed fields written in the file, as Toggl stores them.

        `active` is always sent: without it Toggl creates the project archived. With `client_ref`
        the new client's id replaces `client_id` at apply time.
        """
        body = {"name": name, "active": active, "client_id": client_id, **fields}
        return cls._valid(
            "create",
            "project",
            name,
            body=body,
            client=client,
            client_ref=client_ref,
            changes=tuple([(f, None, v) for f, v in fields.items()]),
        )

    @classmethod
    def update_project(
        cls,
        project_id: int,
        name: str,
        client: str | None,
        changes: Iterable[Change],
        *,
        client_ref: str | None = None,
        previous: Former | None = None,
    ) -> Action:
        """A `client_id` change moves the project; with `client_ref` to a client created by the
        same plan, whose id replaces `client_id` at apply time."""
        return cls._project_put(
            "update", project_id, name, client, {}, changes, client_ref, previous
        )

    @classmethod
    def set_project_active(
        cls,
        project_id: int,
        name: str,
        client: str | None,
        active: bool,
        changes: Iterable[Change] = (),
        *,
        client_ref: str | None = None,
        previous: Former | None = None,
    ) -> Action:
        """A project restore (`active` True) or archive: one update of `active` and any changes."""
        op: Op = "restore" if active else "archive"
        state = {"active": active}
        return cls._project_put(op, project_id, name, client, state, changes, client_ref, previous)

    @classmethod
    def _project_put(
        cls,
        op: Op,
        project_id: int,
        name: str,
        client: str | None,
        body: dict[str, Any],
        changes: Iterable[Change],
        client_ref: str | None,
        previous: Former | None,
    ) -> Action:
        """A project's PUT: `body` then each change's new value."""
        changes = tuple(changes)
        for field, _, new in changes:
            body[field] = new
        return cls._valid(
            op,
            "project",
            name,
            id=project_id,
            body=body,
            client=client,
            client_ref=client_ref,
            changes=changes,
            previous=previous,
        )

    @classmethod
    def delete_project(
        cls, project_id: int, name: str, client: str | None, *, delete_time_entries: bool = False
    ) -> Action:
        """Toggl's default for a deleted project's time entries is undocumented: the request always
        names one. They are kept, without a project, unless `delete_time_entries`."""
        mode: Literal["delete"] | None = "delete" if delete_time_entries else None
        return cls._valid(
            "delete", "project", name, id=project_id, client=client, time_entries=mode
        )

    @classmethod
    def bulk_update_projects(
        cls, fields: Mapping[str, Any], project_ids: Iterable[int], project_names: Iterable[str]
    ) -> Action:
        """One PATCH setting the same `fields` on every project: Toggl takes a JSON-Patch list."""
        ids = tuple(project_ids)
        # Checked: it needs at least one id, which the caller gives.
        patch = [{"op": "replace", "path": f"/{k}", "value": fields[k]} for k in sorted(fields)]
        return cls(
            "bulk_update",
            "project",
            f"{len(ids)} projects",
            body=patch,
            # Old values differ from project to project: only the new value is kept.
            changes=tuple((k, None, fields[k]) for k in sorted(fields)),
            projects=tuple(project_names),
            ids=ids,
        )

    # -- the request and the saved form ---------------------------------------------------------

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.op]

    @property
    def phase(self) -> int:
        return phase(self.op, self.kind)

    def request(
        self, workspace_id: int, created: Mapping[str, int] | None = None
    ) -> tuple[str, str, Any]:
        """(method, path relative to the API base, JSON body) for this action.

        `created` maps client names to ids of clients created earlier in the same apply.
        """
        base = f"/workspaces/{workspace_id}/{self.kind}s"
        body = self.body
        target = self.id
        if self.client_ref is not None:
            if not created or self.client_ref not in created:
                raise KeyError(f"client {self.client_ref!r} was not created before this {self.op}")
            if self.kind == "client":
                target = created[self.client_ref]
            else:
                body = {**body, "client_id": created[self.client_ref]}
        if self.op == "create":
            return "POST", base, body
        if self.op == "bulk_update":
            return "PATCH", f"{base}/{','.join(str(i) for i in self.ids)}", body
        if self.kind == "client" and self.op in ("restore", "archive"):
            return "POST", f"{base}/{target}/{self.op}", body
        if self.op == "delete" and self.kind == "project":
            # Toggl's default for the project's time entries is undocumented: always say.
            mode = self.time_entries or "unassign"
            return "DELETE", f"{base}/{target}?teDeletionMode={mode}", None
        if self.op == "delete":
            return "DELETE", f"{base}/{target}", None
        return "PUT", f"{base}/{target}", body

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"op": self.op, "kind": self.kind, "name": self.name, "id": self.id}
        if self.body is not None:
            out["body"] = self.body
        if self.client is not None:
            out["client"] = self.client
        if self.client_ref is not None:
            out["client_ref"] = self.client_ref
        if self.changes:
            out["changes"] = [{"field": f, "old": o, "new": n} for f, o, n in self.changes]
        if self.projects:
            out["projects"] = list(self.projects)
        if self.ids:
            out["ids"] = list(self.ids)
        if self.time_entries is not None:
            out["time_entries"] = self.time_entries
        if self.previous is not None:
            out["previous"] = self.previous.to_dict(self.kind)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Action:
        return cls(
            op=data["op"],
            kind=data["kind"],
            name=data["name"],
            id=data.get("id"),
            body=data.get("body"),
            client=data.get("client"),
            client_ref=data.get("client_ref"),
            changes=tuple((c["field"], c["old"], c["new"]) for c in data.get("changes", ())),
            projects=tuple(data.get("projects", ())),
            ids=tuple(data.get("ids", ())),
            time_entries=data.get("time_entries"),
            previous=Former.from_dict(data["previous"]) if "previous" in data else None,
        )


# What `Action._valid` builds with (frozen.py).
(
    _set_op,
    _set_kind,
    _set_name,
    _set_id,
    _set_body,
    _set_client,
    _set_client_ref,
    _set_changes,
    _set_projects,
    _set_ids,
    _set_time_entries,
    _set_previous,
) = slot_setters(Action)
