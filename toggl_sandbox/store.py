"""The per-workspace store: clients, projects, deleted projects and time-entry counts, with the
indexes that keep seeding tens of thousands of projects and paging through them cheap.

Record shapes and field rules live in `records`; Toggl's request rules in the backend.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import records
from .exceptions import BadRequest, NotFound

# What `sort_field` accepts (Toggl documents the parameter, not its values).
SORT_FIELDS = ("id", "name", "client_name", "created_at", "at", "active", "billable", "color")
TE_DELETION_MODES = ("delete", "unassign")

Stamp = Callable[[str | None], str]


@dataclass(frozen=True)
class ProjectQuery:
    """The filters and order of a project listing. `active=None` lists both states."""

    active: bool | None = True
    client_ids: list[int] | None = None
    name: str | None = None
    billable: bool | None = None
    since: int | None = None
    sort_field: str | None = None
    descending: bool = False

    @property
    def plain(self) -> bool:
        """Only the active filter, in id order: answered from the sorted indexes alone."""
        return (self.client_ids, self.name, self.billable, self.since, self.sort_field) == (
            None, None, None, None, None,
        ) and not self.descending  # fmt: skip


class Space:
    """One workspace's objects. `stamp(previous)` answers a new `at`, later than `previous`."""

    def __init__(
        self, wid: int, name: str, organization_id: int, user_id: int, stamp: Stamp
    ) -> None:
        self.id = wid
        self.name = name
        self.organization_id = organization_id
        self.user_id = user_id
        self.stamp = stamp
        self.created_at = stamp(None)
        self.at = self.created_at
        self.settings = records.workspace_settings()
        self.clients: dict[int, dict[str, Any]] = {}
        self.projects: dict[int, dict[str, Any]] = {}
        # Deleted projects stay as tombstones: a `since` listing reports them.
        self.deleted_projects: dict[int, dict[str, Any]] = {}
        # Time entries are not served; their count per project shows what a project delete does.
        self.time_entries: dict[int, int] = {}
        self.unassigned_time_entries = 0  # kept when their project was deleted (unassign)
        self.deleted_time_entries = 0  # deleted with their project
        self._client_by_name: dict[str, int] = {}
        # (client_id, name) -> project ids: names are unique per client, archived included.
        self._project_by_name: dict[tuple[int | None, str], set[int]] = {}
        self._by_client: dict[int | None, set[int]] = {}
        self._sorted: dict[bool | None, list[int]] = {None: [], True: [], False: []}

    # clients

    def client(self, cid: int) -> dict[str, Any]:
        record = self.clients.get(cid)
        if record is None:
            raise NotFound(f"No client with ID {cid} was found")
        return record

    def client_named(self, name: str) -> int | None:
        return self._client_by_name.get(name)

    def check_client_name(self, name: str) -> None:
        if name in self._client_by_name:
            raise BadRequest(f"Client with name '{name}' already exists")

    def insert_client(self, record: dict[str, Any]) -> None:
        self.clients[record["id"]] = record
        self._client_by_name[record["name"]] = record["id"]

    def rename_client(self, record: dict[str, Any], name: str) -> None:
        self._client_by_name.pop(record["name"], None)
        self._client_by_name[name] = record["id"]

    def delete_client(self, cid: int) -> None:
        """The client goes; its projects stay, without a client."""
        record = self.clients.pop(cid)
        self._client_by_name.pop(record["name"], None)
        for pid in self.project_ids_of(cid):
            project = self.projects[pid]
            self.move_project(project, project["name"], None)
            project["at"] = self.stamp(project["at"])

    def check_client_exists(self, cid: int | None) -> None:
        if cid is not None and cid not in self.clients:
            raise BadRequest(f"Client with the ID {cid} isn't present in workspace {self.id}")

    # projects

    def project(self, pid: int) -> dict[str, Any]:
        record = self.projects.get(pid)
        if record is None:
            raise NotFound(f"No project with ID {pid} was found")
        return record

    def project_ids_of(self, cid: int | None) -> list[int]:
        return sorted(self._by_client.get(cid, ()))

    def check_project_name(self, name: str, cid: int | None) -> None:
        if self._project_by_name.get((cid, name)):
            raise BadRequest(f"Project with name '{name}' already exists for this client")

    def insert_project(self, record: dict[str, Any], cid: int | None) -> None:
        pid = record["id"]
        self.projects[pid] = record
        self._index_name(record, cid)
        for state in (None, record["active"]):
            _insert_sorted(self._sorted[state], pid)

    def move_project(self, record: dict[str, Any], name: str, cid: int | None) -> None:
        self._unindex_name(record)
        record["name"] = name
        self._index_name(record, cid)

    def _index_name(self, record: dict[str, Any], cid: int | None) -> None:
        pid = record["id"]
        record["client_id"] = record["cid"] = cid
        self._project_by_name.setdefault((cid, record["name"]), set()).add(pid)
        self._by_client.setdefault(cid, set()).add(pid)

    def _unindex_name(self, record: dict[str, Any]) -> None:
        pid = record["id"]
        self._project_by_name.get((record["client_id"], record["name"]), set()).discard(pid)
        self._by_client.get(record["client_id"], set()).discard(pid)

    def set_active(self, pid: int, active: bool) -> None:
        record = self.projects[pid]
        _remove_sorted(self._sorted[record["active"]], pid)
        _insert_sorted(self._sorted[active], pid)
        record["active"] = active
        record["status"] = "active" if active else "archived"
        record["at"] = self.stamp(record["at"])

    def delete_project(self, pid: int, te_deletion_mode: str) -> int:
        """Delete a project, keep its tombstone, and delete or unassign its time entries;
        answer how many time entries that touched."""
        record = self.projects.pop(pid)
        self._unindex_name(record)
        for state in (None, record["active"]):
            _remove_sorted(self._sorted[state], pid)
        entries = self.time_entries.pop(pid, 0)
        if te_deletion_mode == "unassign":
            self.unassigned_time_entries += entries
        else:
            self.deleted_time_entries += entries
        stamp = self.stamp(record["at"])
        record.update(at=stamp, server_deleted_at=stamp, status="deleted")
        self.deleted_projects[pid] = record
        return entries

    def add_time_entries(self, pid: int, count: int) -> None:
        self.project(pid)
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise BadRequest(f"Invalid time entry count {count!r}")
        if count:
            self.time_entries[pid] = self.time_entries.get(pid, 0) + count

    def ids_in_state(self, active: bool | None) -> list[int]:
        return self._sorted[active]

    def client_name_of(self, record: dict[str, Any]) -> str | None:
        client = self.clients.get(record["client_id"]) if record["client_id"] else None
        return client["name"] if client else None

    def find_projects(self, query: ProjectQuery) -> list[dict[str, Any]]:
        """Every project the query selects, in its order; with `since`, deleted ones too."""
        if query.client_ids is not None:
            ids: Iterable[int] = sorted(
                {pid for cid in query.client_ids for pid in self._by_client.get(cid, ())}
            )
        else:
            ids = self._sorted[None]
        found = [self.projects[pid] for pid in ids]
        if query.active is not None:
            found = [p for p in found if p["active"] == query.active]
        if query.since is not None:
            since = records.format_time(query.since)
            found = [p for p in found if p["at"] >= since]
            # A deletion is news whatever `active` asks for: it is listed either way.
            gone = [p for p in self.deleted_projects.values() if p["server_deleted_at"] >= since]
            if query.client_ids is not None:
                gone = [p for p in gone if p["client_id"] in query.client_ids]
            found = sorted(found + gone, key=lambda p: p["id"])
        if query.name:
            needle = query.name.casefold()
            found = [p for p in found if needle in p["name"].casefold()]
        if query.billable is not None:
            found = [p for p in found if bool(p["billable"]) == query.billable]
        if query.sort_field is not None or query.descending:
            key = self._sort_key(query.sort_field or "id")
            found.sort(key=key, reverse=query.descending)
        return found

    def _sort_key(self, field: str) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
        def value(record: dict[str, Any]) -> Any:
            if field == "client_name":
                name = self.client_name_of(record)
                return name.casefold() if name is not None else None
            if field == "name":
                return record["name"].casefold()
            return record.get(field)

        # Nulls sort after values; the id breaks ties so pages never overlap.
        return lambda record: (value(record) is None, value(record), record["id"])

    def to_json(self) -> dict[str, Any]:
        projects = []
        for pid in self._sorted[None]:
            entry = dict(self.projects[pid])
            if self.time_entries.get(pid):
                entry["time_entries"] = self.time_entries[pid]
            projects.append(entry)
        return {
            "id": self.id,
            "name": self.name,
            "organization_id": self.organization_id,
            "at": self.at,
            "settings": dict(self.settings),
            "clients": [dict(c) for c in self.clients.values()],
            "projects": projects,
            "deleted_projects": [dict(p) for p in self.deleted_projects.values()],
            "unassigned_time_entries": self.unassigned_time_entries,
            "deleted_time_entries": self.deleted_time_entries,
        }


def _insert_sorted(ids: list[int], pid: int) -> None:
    if not ids or ids[-1] < pid:
        ids.append(pid)  # ids grow, so this is the usual case
    else:
        bisect.insort(ids, pid)


def _remove_sorted(ids: list[int], pid: int) -> None:
    at = bisect.bisect_left(ids, pid)
    if at < len(ids) and ids[at] == pid:
        del ids[at]
