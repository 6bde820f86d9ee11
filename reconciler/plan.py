"""A plan is data: typed actions in one stable execution order, and what they depend on.

The planner builds a Plan; renderers print it; the applier executes `plan.actions` in order; a saved
plan is `plan.to_dict()` as JSON (schemas/plan.schema.json). The order is fixed once, on
construction, so what is printed and what is executed never drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Op = Literal["create", "update", "restore", "archive", "delete", "bulk_update"]
Kind = Literal["client", "project"]

PLAN_FORMAT_VERSION = 1

SYMBOLS: dict[str, str] = {
    "create": "+",
    "update": "~",
    "bulk_update": "~",
    "restore": "↺",
    "archive": "⊘",
    "delete": "-",
}

# Execution phases: client creates and restores, then project changes (and client field updates),
# then archives, then deletes (projects before their clients).
_PHASE: dict[tuple[str, str], int] = {
    ("create", "client"): 0,
    ("restore", "client"): 0,
    ("update", "client"): 1,
    ("create", "project"): 1,
    ("update", "project"): 1,
    ("bulk_update", "project"): 1,
    ("restore", "project"): 1,
    ("archive", "project"): 1,
    ("archive", "client"): 2,
    ("delete", "project"): 3,
    ("delete", "client"): 4,
}


@dataclass(frozen=True)
class Action:
    """One request to Toggl, with what a reader needs to review it.

    Project archive/restore are project updates (`PUT {"active": ...}`) shown with the archive and
    restore symbols; client archive/restore are Toggl's archive and restore calls.

    `client_ref` names a client that the same plan creates, whose id is only known at apply time:
    on a project create it fills `body["client_id"]`; on a client action with `id` None (a client
    created and archived in one plan) it fills the id in the request path. The applier passes the
    ids of the clients it has created so far to `request()`.
    """

    op: Op
    kind: Kind
    name: str
    id: int | None = None  # None for creates
    body: Any = None  # the JSON body sent, exactly
    client: str | None = None  # for projects: the owning client's name (None: no client)
    # For a project created under a client that this same plan creates: the client's name, whose
    # new id fills body["client_id"] at apply time.
    client_ref: str | None = None
    changes: tuple[tuple[str, Any, Any], ...] = ()  # (field, old, new), for display
    # Restore/archive of a client: the project names it brings back or archives with it.
    # Bulk update: the names of the projects patched.
    projects: tuple[str, ...] = ()
    ids: tuple[int, ...] = ()  # bulk_update: the project ids patched

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.op]

    @property
    def phase(self) -> int:
        return _PHASE[(self.op, self.kind)]

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
            if self.kind == "client" and self.id is None:
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
            # Toggl's default for the project's time entries is undocumented: keep them, always.
            return "DELETE", f"{base}/{target}?teDeletionMode=unassign", None
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
        )


@dataclass(frozen=True)
class Fingerprint:
    """What a plan's decisions rest on: `at` of every object it read for them, and the names its
    creates expect to find free. A saved plan is stale as soon as any of this differs."""

    clients: Mapping[int, str] = field(default_factory=dict)  # id -> at
    projects: Mapping[int, str] = field(default_factory=dict)  # id -> at
    free_client_names: tuple[str, ...] = ()
    free_project_names: tuple[tuple[str | None, str], ...] = ()  # (client name or None, name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "clients": {str(k): v for k, v in sorted(self.clients.items())},
            "projects": {str(k): v for k, v in sorted(self.projects.items())},
            "free_client_names": list(self.free_client_names),
            "free_project_names": [{"client": c, "name": n} for c, n in self.free_project_names],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fingerprint:
        return cls(
            clients={int(k): v for k, v in data.get("clients", {}).items()},
            projects={int(k): v for k, v in data.get("projects", {}).items()},
            free_client_names=tuple(data.get("free_client_names", ())),
            free_project_names=tuple(
                (d["client"], d["name"]) for d in data.get("free_project_names", ())
            ),
        )


SUMMARY_ORDER = ("restore", "archive", "create", "update", "delete")


@dataclass(frozen=True)
class Plan:
    workspace_id: int
    actions: tuple[Action, ...] = ()
    fingerprint: Fingerprint = field(default_factory=Fingerprint)
    config_digest: str = ""
    workspace_name: str = ""
    # How many clients and projects exist now: the denominators of the destructive-share check.
    existing_clients: int = 0
    existing_projects: int = 0

    def __post_init__(self) -> None:
        # Sort once, stably by phase: emission order is kept within a phase.
        ordered = tuple(sorted(self.actions, key=lambda a: a.phase))
        object.__setattr__(self, "actions", ordered)

    @property
    def has_changes(self) -> bool:
        return bool(self.actions)

    def counts(self) -> dict[str, int]:
        """Objects per kind of change; a bulk update counts every project it patches."""
        counts = dict.fromkeys(SUMMARY_ORDER, 0)
        for a in self.actions:
            if a.op == "bulk_update":
                counts["update"] += len(a.ids)
            else:
                counts[a.op] += 1
        return counts

    def summary(self) -> str:
        c = self.counts()
        parts = [
            f"{c['restore']} to restore",
            f"{c['archive']} to archive",
            f"{c['create']} to create",
            f"{c['update']} to update",
            f"{c['delete']} to delete",
        ]
        return "Plan: " + ", ".join(parts) + "."

    @property
    def write_requests(self) -> int:
        return len(self.actions)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format_version": PLAN_FORMAT_VERSION,
            "workspace_id": self.workspace_id,
            "workspace_name": self.workspace_name,
            "config_digest": self.config_digest,
            "summary": self.counts(),
            "write_requests": self.write_requests,
            "existing": {"clients": self.existing_clients, "projects": self.existing_projects},
            "actions": [a.to_dict() for a in self.actions],
            "fingerprint": self.fingerprint.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        existing = data.get("existing", {})
        return cls(
            workspace_id=int(data["workspace_id"]),
            workspace_name=data.get("workspace_name", ""),
            actions=tuple(Action.from_dict(a) for a in data.get("actions", ())),
            fingerprint=Fingerprint.from_dict(data.get("fingerprint", {})),
            config_digest=data.get("config_digest", ""),
            existing_clients=int(existing.get("clients", 0)),
            existing_projects=int(existing.get("projects", 0)),
        )
