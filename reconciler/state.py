"""The live workspace as the planner sees it: frozen snapshots of Toggl's clients and projects.

Only the fields the reconciler manages are kept; `at` is kept to fingerprint saved plans.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cached_property
from typing import Any

from reconciler.frozen import new_instance, slot_setters

# Project fields the config may manage (the config's `color`, `is_private`, `billable`,
# `estimated_hours`). Clients manage `notes` only.
PROJECT_FIELDS: tuple[str, ...] = ("color", "is_private", "billable", "estimated_hours")
CLIENT_FIELDS: tuple[str, ...] = ("notes",)
# A project's colour when Toggl's answer gives none.
DEFAULT_COLOR = "#06aaf5"


# Slots: a big workspace holds 50,000 projects, and an instance that keeps no attribute
# dictionary takes about 50 bytes less.
@dataclass(frozen=True, slots=True)
class Client:
    id: int
    name: str
    archived: bool = False
    notes: str | None = None
    at: str = ""

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Client:
        return cls(
            id=int(body["id"]),
            name=str(body["name"]),
            archived=bool(body.get("archived", False)),
            notes=body.get("notes"),
            at=str(body.get("at") or ""),
        )


@dataclass(frozen=True, slots=True)
class Project:
    id: int
    name: str
    client_id: int | None = None
    active: bool = True
    color: str = DEFAULT_COLOR
    is_private: bool = True
    billable: bool | None = None
    estimated_hours: int | None = None
    at: str = ""

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> Project:
        # Called once per project of a workspace (50,000 in a big one): one lookup per field.
        get = body.get
        # `cid`, the older name, counts only when `client_id` is missing (not when it is null).
        cid = body["client_id"] if "client_id" in body else get("cid")
        # What cls(...) makes, made in one step (frozen.py).
        project = new_instance(cls)
        _set_id(project, int(body["id"]))
        _set_name(project, str(body["name"]))
        _set_client_id(project, None if cid is None else int(cid))
        _set_active(project, bool(get("active", True)))
        _set_color(project, str(get("color") or DEFAULT_COLOR))
        _set_is_private(project, bool(get("is_private", True)))
        _set_billable(project, get("billable"))
        _set_estimated_hours(project, get("estimated_hours"))
        _set_at(project, str(get("at") or ""))
        return project

    def field(self, name: str) -> Any:
        return getattr(self, name)

    def holds(self, fields: Mapping[str, Any]) -> bool:
        """Whether each of `fields` (project field names) equals this project's value, as is.

        The planner's check for a project already as its entry wants it (values that differ
        only in how they are written, such as a colour's case, say False here and are left to
        the exact comparison). A name that is not a field of Project is never held.
        """
        # Attribute by attribute: a project has no dictionary of its own (slots).
        for name, value in fields.items():
            if name not in _PROJECT_ATTRIBUTES:
                return False
            held = getattr(self, name)
            # `is` first, as a dictionary's comparison does: a value equals itself (even NaN).
            if not (held is value or held == value):
                return False
        return True


_PROJECT_ATTRIBUTES = frozenset(f.name for f in fields(Project))
(
    _set_id,
    _set_name,
    _set_client_id,
    _set_active,
    _set_color,
    _set_is_private,
    _set_billable,
    _set_estimated_hours,
    _set_at,
) = slot_setters(Project)


@dataclass(frozen=True)
class Workspace:
    """What the planner reads: one workspace's clients and projects (active and archived)."""

    id: int
    name: str = ""
    clients: tuple[Client, ...] = field(default_factory=tuple)
    projects: tuple[Project, ...] = field(default_factory=tuple)

    def client_by_id(self, cid: int) -> Client | None:
        return self._clients_by_id.get(cid)

    def projects_of(self, client_id: int | None) -> tuple[Project, ...]:
        return self._projects_by_client.get(client_id, ())

    # Indexes built once: a workspace of 5,000 clients and 50,000 projects is looked up per client.
    @cached_property
    def _clients_by_id(self) -> dict[int, Client]:
        return {c.id: c for c in self.clients}

    @cached_property
    def _projects_by_client(self) -> dict[int | None, tuple[Project, ...]]:
        # A defaultdict makes a list per client, not one per project as setdefault's argument.
        groups: defaultdict[int | None, list[Project]] = defaultdict(list)
        for p in self.projects:
            groups[p.client_id].append(p)
        return {cid: tuple(ps) for cid, ps in groups.items()}
