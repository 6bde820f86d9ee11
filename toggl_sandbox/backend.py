"""The sandbox's state and Toggl's rules: workspaces, clients and projects, with no HTTP in sight.

Every method takes and returns plain API-shaped dicts (copies), so tests and the HTTP layer see
exactly what Toggl would send. Rule violations raise the errors of `exceptions`, which already
carry Toggl's status and message. The client and project calls live in `clients` and `projects`;
this module keeps ids, times, workspaces and the whole world.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import records
from .clients import ClientCalls
from .exceptions import BadRequest, Forbidden
from .faults import FaultInjector, HourlyQuota, LeakyBucket
from .projects import ProjectCalls
from .store import Space

DEFAULT_TOKEN = "sandbox-token"
WORLD_FORMAT = 1
FIRST_IDS = {"organization": 9_000_001, "workspace": 4_000_001, "client": 60_000_017,
             "project": 200_000_029, "user": 7_000_003}  # fmt: skip


@dataclass(frozen=True)
class RequestRecord:
    """One HTTP request the sandbox received; `path` is relative to /api/v9."""

    method: str
    path: str
    query: dict[str, str]
    status: int


class Backend(ClientCalls, ProjectCalls):
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
        while self._id_taken(kind, new):  # a hand-written world may hold ids ahead of the counter
            new += 1
        # Spread ids out so that an id off by one never names a real object.
        self._next_ids[kind] = new + 1 + (new * 7) % 13
        return new

    def _claim_id(self, kind: str, wanted: int | None) -> int:
        if wanted is None:
            return self._new_id(kind)
        if not isinstance(wanted, int) or isinstance(wanted, bool) or not 0 < wanted < 2**63:
            raise BadRequest(f"Invalid {kind} ID {wanted!r}")  # ids are positive 64-bit
        if self._id_taken(kind, wanted):
            # Toggl's ids are unique across workspaces and never name two objects.
            raise BadRequest(f"{kind.capitalize()} ID {wanted} is already taken")
        self._next_ids[kind] = max(self._next_ids[kind], wanted + 1)
        return wanted

    def _id_taken(self, kind: str, wanted: int) -> bool:
        if kind == "workspace":
            return wanted in self._spaces
        if kind == "client":
            return any(wanted in s.clients for s in self._spaces.values())
        if kind == "project":  # a deleted project's id stays taken
            return any(wanted in s.projects or wanted in s.deleted_projects
                       for s in self._spaces.values())  # fmt: skip
        return False  # several workspaces may share an organisation

    def stamp(self, previous: str | None = None) -> str:
        """A new `at`, with Toggl's second precision: never earlier than one handed out before,
        and a second past `previous` (the object's last `at`) when the clock has not moved on,
        so that every change of an object shows in its `at`."""
        second = max(int(self.clock()), self._last_stamp_us // 1_000_000)
        if previous:
            second = max(second, records.parse_time(previous) + 1)
        self._last_stamp_us = second * 1_000_000
        return records.format_time(second)

    def space(self, wid: int | None) -> Space:
        """The state of workspace `wid` (the default one for None); 403 when there is none.
        Public for world files (persistence.py), which fill and read it directly."""
        return self._space(wid)

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
        """/me: the user, with the fields Toggl's answer has."""
        created = self._space(None).created_at
        return {
            "id": self.user_id,
            "api_token": self.token,
            "email": "sandbox@example.com",
            "fullname": "Sandbox User",
            "timezone": "UTC",
            "default_workspace_id": self.workspace_id,
            "beginning_of_week": 1,
            "image_url": "https://assets.track.toggl.com/images/profile.png",
            "country_id": None,
            "has_password": True,
            "openid_enabled": False,
            "openid_email": None,
            "toggl_accounts_id": f"sandbox{self.user_id:015d}"[-22:],
            "intercom_hash": None,
            "created_at": created,
            "updated_at": created,
            "authorization_updated_at": created,
            "at": created,
        }

    def get_workspace(self, wid: int) -> dict[str, Any]:
        """The full workspace object; its plan flags say Starter, or Free with the Free plan."""
        space = self._space(wid)
        return records.workspace_body(
            space.id, space.name, space.organization_id, space.at, space.settings,
            premium=not self.free_plan, business=False,
        )  # fmt: skip

    def list_workspaces(self, since: int | None = None) -> list[dict[str, Any]]:
        """GET /workspaces: every workspace of the user, or those changed since `since`."""
        found = [self.get_workspace(wid) for wid in self._spaces]
        if since is not None:
            found = [w for w in found if w["at"] >= records.format_time(since)]
        return found

    def workspaces(self) -> list[dict[str, Any]]:
        """/me/workspaces answers Toggl's WithActiveProjectCount: a workspace and that count."""
        return [
            {**self.get_workspace(wid), "active_project_count": len(space.ids_in_state(True))}
            for wid, space in self._spaces.items()
        ]

    def update_workspace(self, wid: int, payload: Any) -> dict[str, Any]:
        """PUT /workspaces/{wid}: the name and settings given; billing and rounding settings
        need a paid plan."""
        space = self._space(wid)
        if not isinstance(payload, dict):
            raise BadRequest("JSON is not valid")
        name = payload.get("name")
        if name is not None and (
            not isinstance(name, str) or not name.strip() or len(name) > records.WORKSPACE_NAME_MAX
        ):
            raise BadRequest("Invalid workspace name")
        changes = {k: v for k, v in payload.items() if k in records.SETTING_TYPES}
        for key, value in changes.items():
            allowed = records.SETTING_TYPES[key]
            if not isinstance(value, allowed) or (isinstance(value, bool) and bool not in allowed):
                raise BadRequest(f"Invalid value for {key}")
        self.check_premium_settings(changes)
        space.settings.update(changes)
        if name is not None:
            space.name = name
        space.at = self.stamp(space.at)
        return self.get_workspace(wid)

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
        from .persistence import load_world

        backend = cls(token, None, clock=clock)
        load_world(backend, world)
        return backend

    def restore_counters(self, next_ids: dict[str, int], last_stamp_us: int) -> None:
        """Continue ids and `at` stamps after those of a saved world, never reusing one."""
        for kind, value in next_ids.items():
            if kind in self._next_ids:
                self._next_ids[kind] = max(self._next_ids[kind], int(value))
        self._last_stamp_us = max(self._last_stamp_us, int(last_stamp_us))

    def __repr__(self) -> str:
        return f"<Backend workspaces={list(self._spaces)}>"


__all__ = ["Backend", "DEFAULT_TOKEN", "RequestRecord"]
