"""The sandbox's state and Toggl's rules: workspaces, clients and projects, with no HTTP in sight.

Every method takes and returns plain API-shaped dicts (copies), so tests and the HTTP layer see
exactly what Toggl would send. Rule violations raise the errors of `exceptions`, which already
carry Toggl's status and message.

Deleting a client keeps its projects: they lose their client (client_id null), as Toggl does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from . import store
from .controls import LimitControls
from .exceptions import BadRequest, Forbidden, NotFound, PaymentRequired
from .faults import FaultInjector, HourlyQuota, LeakyBucket
from .persistence import load_world
from .store import Space

DEFAULT_TOKEN = "sandbox-token"
WORLD_FORMAT = 1
ARCHIVE_PREMIUM_MESSAGE = "Archiving clients is available only for premium workspaces."
UPDATE_MISSING_CLIENT = "Client doesn't exist in the workspace."
FIRST_IDS = {"organization": 9_000_001, "workspace": 4_000_001, "client": 60_000_017,
             "project": 200_000_029, "user": 7_000_003}  # fmt: skip


@dataclass(frozen=True)
class RequestRecord:
    """One HTTP request the sandbox received; `path` is relative to /api/v9."""

    method: str
    path: str
    query: dict[str, str]
    status: int


class Backend(LimitControls):
    """One user with one organisation and workspace (more via add_workspace)."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        workspace_name: str | None = "Sandbox",
        *,
        workspace_id: int | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        self.clock = clock
        # The HTTP layer holds this lock for a whole request, so requests apply one at a time.
        self.lock = threading.RLock()
        self.free_plan = False
        self.quota = HourlyQuota(clock)
        self.burst = LeakyBucket(clock)
        self.faults = FaultInjector()
        self.requests: list[RequestRecord] = []
        # Called after every committed write (the CLI saves the state file there).
        self.on_commit: list[Callable[[], None]] = []
        self._next_ids = dict(FIRST_IDS)
        self._last_stamp_us = 0
        self._spaces: dict[int, Space] = {}
        self.user_id = self._new_id("user")
        if workspace_name is not None:
            self.add_workspace(workspace_name, id=workspace_id)

    # ----- bookkeeping -------------------------------------------------------------------

    def _new_id(self, kind: str) -> int:
        new = self._next_ids[kind]
        # Spread ids out so that an id off by one never names a real object.
        self._next_ids[kind] = new + 1 + (new * 7) % 13
        return new

    def _claim_id(self, kind: str, wanted: int | None) -> int:
        if wanted is None:
            return self._new_id(kind)
        if not isinstance(wanted, int) or isinstance(wanted, bool) or wanted <= 0:
            raise BadRequest(f"Invalid {kind} ID {wanted!r}")
        if self._id_taken(kind, wanted):
            # Toggl's ids are unique across workspaces and never name two objects.
            raise BadRequest(f"{kind.capitalize()} ID {wanted} is already taken")
        self._next_ids[kind] = max(self._next_ids[kind], wanted + 1)
        return wanted

    def _id_taken(self, kind: str, wanted: int) -> bool:
        if kind == "workspace":
            return wanted in self._spaces
        if kind in ("client", "project"):
            return any(wanted in getattr(s, f"{kind}s") for s in self._spaces.values())
        return False  # several workspaces may share an organisation

    def stamp(self) -> str:
        """An RFC3339 time that is strictly later than every one handed out before."""
        now_us = int(self.clock() * 1_000_000)
        self._last_stamp_us = max(now_us, self._last_stamp_us + 1)
        return store.format_time(self._last_stamp_us)

    def _space(self, wid: int | None) -> Space:
        if wid is None:
            wid = self.workspace_id
        space = self._spaces.get(wid)
        if space is None:
            raise Forbidden("User does not have access to this resource.")
        return space

    @property
    def workspace_id(self) -> int:
        """The first (default) workspace."""
        return next(iter(self._spaces))

    def writes(self) -> list[RequestRecord]:
        return [r for r in self.requests if r.method != "GET"]

    def committed(self) -> None:
        for hook in self.on_commit:
            hook()

    # ----- user and workspaces ---------------------------------------------------------------

    def add_workspace(
        self, name: str, *, id: int | None = None, organization_id: int | None = None
    ) -> dict[str, Any]:
        wid = self._claim_id("workspace", id)
        org = self._claim_id("organization", organization_id)
        self._spaces[wid] = Space(wid, name, org, self.user_id, self.stamp)
        return self.get_workspace(wid)

    def me(self) -> dict[str, Any]:
        return {
            "id": self.user_id,
            "api_token": self.token,
            "email": "sandbox@example.com",
            "fullname": "Sandbox User",
            "timezone": "UTC",
            "default_workspace_id": self.workspace_id,
            "beginning_of_week": 1,
            "at": self._space(None).created_at,
        }

    def get_workspace(self, wid: int) -> dict[str, Any]:
        space = self._space(wid)
        return {
            "id": space.id,
            "organization_id": space.organization_id,
            "name": space.name,
            "premium": not self.free_plan,
            "business_ws": False,
            "admin": True,
            "role": "admin",
            "default_currency": "USD",
            "only_admins_may_create_projects": False,
            "at": space.created_at,
        }

    def workspaces(self) -> list[dict[str, Any]]:
        """/me/workspaces answers Toggl's WithActiveProjectCount: a workspace and that count."""
        return [
            {**self.get_workspace(wid), "active_project_count": len(space.ids_in_state(True))}
            for wid, space in self._spaces.items()
        ]

    # ----- clients ---------------------------------------------------------------------------

    def list_clients(
        self, wid: int | None = None, status: str = "active", name: str | None = None
    ) -> list[dict[str, Any]]:
        if status not in ("active", "archived", "both"):
            raise BadRequest("Client status is invalid")
        found = list(self._space(wid).clients.values())
        if status != "both":
            want_archived = status == "archived"
            found = [c for c in found if c["archived"] == want_archived]
        if name:
            needle = name.casefold()
            found = [c for c in found if needle in c["name"].casefold()]
        return [dict(c) for c in found]

    def clients(self, wid: int | None = None) -> list[dict[str, Any]]:
        return self.list_clients(wid, status="both")

    def get_client(self, wid: int | None, cid: int) -> dict[str, Any]:
        return dict(self._space(wid).client(cid))

    def create_client(
        self, wid: int | None, payload: dict[str, Any], *, id: int | None = None
    ) -> dict[str, Any]:
        space = self._space(wid)
        fields = store.client_fields(payload, require_name=True)
        space.check_client_name(fields["name"])
        record = store.new_client(
            self._claim_id("client", id), space.id, self.user_id, self.stamp()
        )
        record.update(fields)
        space.insert_client(record)
        return dict(record)

    def add_client(
        self,
        name: str,
        *,
        archived: bool = False,
        notes: str | None = None,
        wid: int | None = None,
        id: int | None = None,
    ) -> dict[str, Any]:
        client = self.create_client(wid, {"name": name, "notes": notes}, id=id)
        if archived:
            self.archive_client(wid, client["id"], check_plan=False)
        return self.get_client(wid, client["id"])

    def update_client(self, wid: int | None, cid: int, payload: dict[str, Any]) -> dict[str, Any]:
        space = self._space(wid)
        record = space.clients.get(cid)
        if record is None:
            raise NotFound(UPDATE_MISSING_CLIENT)  # PUT has its own documented 404 message
        fields = store.client_fields(payload, require_name=True)
        if fields["name"] != record["name"]:
            space.check_client_name(fields["name"])
        space.rename_client(record, fields["name"])
        record.update(fields)
        space.touch_client_projects(record)
        record["at"] = self.stamp()
        return dict(record)

    def delete_client(self, wid: int | None, cid: int) -> None:
        space = self._space(wid)
        space.client(cid)
        space.delete_client(cid)

    def delete_clients(self, wid: int | None, ids: Iterable[int]) -> None:
        space = self._space(wid)
        ids = list(ids)
        for cid in ids:
            space.client(cid)
        for cid in ids:
            space.delete_client(cid)

    def archive_client(self, wid: int | None, cid: int, *, check_plan: bool = True) -> list[int]:
        """Archive a client and its active projects; answer the ids of the projects archived."""
        space = self._space(wid)
        record = space.client(cid)
        if check_plan and self.free_plan:
            raise PaymentRequired(ARCHIVE_PREMIUM_MESSAGE)
        if record["archived"]:
            return []
        record["archived"] = True
        record["at"] = self.stamp()
        archived = [pid for pid in space.project_ids_of(cid) if space.projects[pid]["active"]]
        for pid in archived:
            space.set_active(pid, False)
        return archived

    def archive_clients(self, wid: int | None, ids: Iterable[int]) -> list[dict[str, Any]]:
        space = self._space(wid)
        ids = list(ids)
        for cid in ids:
            space.client(cid)
        if self.free_plan:
            raise PaymentRequired(ARCHIVE_PREMIUM_MESSAGE)
        project_ids: list[int] = []
        for cid in ids:
            project_ids += self.archive_client(wid, cid)
        return [{"client_ids": ids, "project_ids": project_ids}]

    def restore_client(
        self,
        wid: int | None,
        cid: int,
        projects: list[int] | None = None,
        restore_all_projects: bool = False,
    ) -> dict[str, Any]:
        """Restore an archived client with all, some (listed ids) or none of its projects."""
        space = self._space(wid)
        record = space.client(cid)
        if not record["archived"]:
            raise BadRequest(f"Client with ID {cid} is not archived")
        own = space.project_ids_of(cid)
        if restore_all_projects:
            chosen = own
        else:
            chosen = list(projects or [])
            strangers = [pid for pid in chosen if pid not in set(own)]
            if strangers:
                raise BadRequest(f"Project with ID {strangers[0]} does not belong to client {cid}")
        record["archived"] = False
        record["at"] = self.stamp()
        for pid in chosen:
            if not space.projects[pid]["active"]:
                space.set_active(pid, True)
        return dict(record)

    # ----- projects --------------------------------------------------------------------------

    def list_projects(
        self,
        wid: int | None = None,
        *,
        active: bool | None = True,
        client_ids: list[int] | None = None,
        name: str | None = None,
        page: int = 1,
        per_page: int = store.DEFAULT_PER_PAGE,
    ) -> list[dict[str, Any]]:
        """One page, in id order. `active=None` lists both states.

        Each listed project carries `total_count`, the size of the whole listing (a field of
        Toggl's Project model whose use Toggl does not document; clients may use it to stop
        paging one request early)."""
        per_page = min(max(per_page, 1), store.MAX_PER_PAGE)
        start = (max(page, 1) - 1) * per_page
        space = self._space(wid)
        if client_ids is None and not name:
            ids = space.ids_in_state(active)
            found = [space.projects[pid] for pid in ids[start : start + per_page]]
            total = len(ids)
        else:
            matches = space.find_projects(active, client_ids, name)
            found, total = matches[start : start + per_page], len(matches)
        return [{**p, "total_count": total} for p in found]

    def projects(self, wid: int | None = None) -> list[dict[str, Any]]:
        space = self._space(wid)
        return [dict(space.projects[pid]) for pid in space.ids_in_state(None)]

    def get_project(self, wid: int | None, pid: int) -> dict[str, Any]:
        return dict(self._space(wid).project(pid))

    def create_project(
        self, wid: int | None, payload: dict[str, Any], *, id: int | None = None
    ) -> dict[str, Any]:
        space = self._space(wid)
        fields = store.project_fields(payload, creating=True)
        client_id = fields.pop("client_id", None)
        space.check_client_exists(client_id)
        space.check_project_name(fields["name"], client_id)
        pid = self._claim_id("project", id)
        record = store.new_project(pid, space.id, self.stamp())
        record.update(fields)
        store.sync_derived(record)
        space.insert_project(record, client_id)
        return dict(record)

    def add_project(
        self,
        name: str,
        *,
        client_id: int | None = None,
        active: bool = True,
        wid: int | None = None,
        id: int | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        payload = {"name": name, "client_id": client_id, "active": active, **fields}
        return self.create_project(wid, payload, id=id)

    def update_project(self, wid: int | None, pid: int, payload: dict[str, Any]) -> dict[str, Any]:
        """Change only the fields given; `active` archives or restores, `client_id` moves."""
        space = self._space(wid)
        record = space.project(pid)
        fields = store.project_fields(payload, creating=False)
        client_id = fields.pop("client_id", record["client_id"])
        name = fields.get("name", record["name"])
        if client_id != record["client_id"]:
            space.check_client_exists(client_id)
        if (name, client_id) != (record["name"], record["client_id"]):
            space.check_project_name(name, client_id)
        space.move_project(record, name, client_id)
        active = fields.pop("active", record["active"])
        if active != record["active"]:
            space.set_active(pid, active)
        record.update(fields)
        store.sync_derived(record)
        record["at"] = self.stamp()
        return dict(record)

    def delete_project(self, wid: int | None, pid: int) -> None:
        space = self._space(wid)
        space.project(pid)
        space.delete_project(pid)

    def patch_projects(
        self, wid: int | None, ids: list[int], operations: list[Any]
    ) -> dict[str, Any]:
        """Bulk edit plain fields: a JSON-Patch-style list of `replace` operations."""
        space = self._space(wid)
        changes = store.patch_changes(ids, operations)
        success: list[int] = []
        failure: list[dict[str, Any]] = []
        for pid in ids:
            if pid not in space.projects:
                failure.append({"id": pid, "message": f"No project with ID {pid} was found"})
                continue
            try:
                self.update_project(space.id, pid, changes)
            except BadRequest as error:
                failure.append({"id": pid, "message": error.message})
            else:
                success.append(pid)
        return {"success": success, "failure": failure}

    # ----- the whole world -------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "format": WORLD_FORMAT,
            "user_id": self.user_id,
            "next_ids": dict(self._next_ids),
            "last_stamp_us": self._last_stamp_us,
            "workspaces": [space.to_json() for space in self._spaces.values()],
        }

    @classmethod
    def from_json(
        cls,
        world: dict[str, Any],
        *,
        token: str = DEFAULT_TOKEN,
        clock: Callable[[], float] = time.time,
    ) -> Backend:
        """Rebuild a world saved by to_json, or read a hand-written seed (see persistence.py)."""
        backend = cls(token, None, clock=clock)
        load_world(backend, world)
        return backend

    # What a world file needs beyond the API calls: saved values put back as they were.

    def restore_record(
        self, wid: int, kind: Literal["client", "project"], object_id: int, fields: dict[str, Any]
    ) -> None:
        """Copy saved fields onto a stored client or project as they are, past the API's rules:
        a world file holds what Toggl had (its timestamps, an archived client's flags)."""
        space = self._space(wid)
        records = space.clients if kind == "client" else space.projects
        records[object_id].update(fields)

    def restore_counters(self, next_ids: dict[str, int], last_stamp_us: int) -> None:
        """Never hand out an id or a time stamp at or before those a saved world used."""
        for kind, value in next_ids.items():
            if kind in self._next_ids:
                self._next_ids[kind] = max(self._next_ids[kind], int(value))
        self._last_stamp_us = max(self._last_stamp_us, int(last_stamp_us))

    def __repr__(self) -> str:
        return f"<Backend workspaces={list(self._spaces)}>"


__all__ = ["Backend", "DEFAULT_TOKEN", "RequestRecord"]
