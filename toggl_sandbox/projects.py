"""The project calls of the backend: list (filters, order, paging), create, update, delete with
`teDeletionMode`, and the bulk PATCH.

A project created without `active` is created archived. `client_name` on create or update links
the project to the client of exactly that name, creating the client when there is none. A
DELETE without `teDeletionMode` deletes the project's time entries (see DEFAULT_TE_DELETION_MODE).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import records
from .exceptions import BadRequest
from .free_plan import FreePlanRules
from .store import TE_DELETION_MODES, ProjectQuery

if TYPE_CHECKING:
    from .store import Space

# Toggl's default is not documented. The sandbox takes the harsher reading, so that a rehearsal
# never shows less damage than Toggl might do: a client that omits the mode loses time entries.
DEFAULT_TE_DELETION_MODE = "delete"


class ProjectCalls(FreePlanRules):
    if TYPE_CHECKING:  # provided by Backend

        def _space(self, wid: int | None) -> Space: ...
        def _claim_id(self, kind: str, wanted: int | None) -> int: ...
        def stamp(self, previous: str | None = None) -> str: ...
        def _insert_client(
            self, space: Space, fields: dict[str, Any], id: int | None = None
        ) -> dict[str, Any]: ...

    def list_projects(
        self,
        wid: int | None = None,
        *,
        active: bool | None = True,
        client_ids: list[int] | None = None,
        name: str | None = None,
        page: int = 1,
        per_page: int = records.DEFAULT_PER_PAGE,
        query: ProjectQuery | None = None,
    ) -> list[dict[str, Any]]:
        """One page. `query` (filters and order) wins over the `active`/`client_ids`/`name`
        shorthands; without an order, projects come in id order.

        Each listed project carries `client_name` and `total_count`, the size of the whole
        listing (Toggl sends it without documenting its use; clients may stop paging with it)."""
        if query is None:
            query = ProjectQuery(active=active, client_ids=client_ids, name=name or None)
        per_page = min(max(per_page, 1), records.MAX_PER_PAGE)
        start = (max(page, 1) - 1) * per_page
        space = self._space(wid)
        if query.plain:
            ids = space.ids_in_state(query.active)
            found = [space.projects[pid] for pid in ids[start : start + per_page]]
            total = len(ids)
        else:
            matches = space.find_projects(query)
            found, total = matches[start : start + per_page], len(matches)
        return [records.listed_project(p, space.client_name_of(p), total) for p in found]

    def projects(self, wid: int | None = None) -> list[dict[str, Any]]:
        space = self._space(wid)
        return [dict(space.projects[pid]) for pid in space.ids_in_state(None)]

    def get_project(self, wid: int | None, pid: int) -> dict[str, Any]:
        return dict(self._space(wid).project(pid))

    def create_project(
        self,
        wid: int | None,
        payload: dict[str, Any],
        *,
        id: int | None = None,
        check_plan: bool = True,
    ) -> dict[str, Any]:
        """The answer to a create has no `status` yet, as Toggl's does not."""
        space = self._space(wid)
        fields = records.project_fields(payload, creating=True)
        if check_plan:
            self.check_premium_fields(fields)
            self.check_room_for_active(space, 1 if fields["active"] else 0)
        client_id, new_client = self._client_for(space, fields)
        if new_client is None:  # a client about to be created has no projects yet
            space.check_project_name(fields["name"], client_id)
        pid = self._claim_id("project", id)
        if new_client is not None:
            client_id = self._insert_client(space, {"name": new_client})["id"]
        record = records.new_project(pid, space.id, self.stamp())
        record["is_private"] = space.settings["projects_private_by_default"]
        record.update(fields)
        records.sync_derived(record)
        space.insert_project(record, client_id)
        return records.created_project(record)

    def _client_for(self, space: Space, fields: dict[str, Any]) -> tuple[int | None, str | None]:
        """(client id, name of a client to create first) that the body links the project to."""
        client_id = fields.pop("client_id", None)
        name = fields.pop("client_name", None)
        if name is None:
            space.check_client_exists(client_id)
            return client_id, None
        named = space.client_named(records.client_name(name))
        if client_id is not None and client_id != named:
            raise BadRequest("client_id and client_name name different clients")
        return (named, None) if named is not None else (None, name)

    def add_project(
        self,
        name: str,
        *,
        client_id: int | None = None,
        active: bool = True,
        wid: int | None = None,
        id: int | None = None,
        time_entries: int = 0,
        **fields: Any,
    ) -> dict[str, Any]:
        """Seed a project (no plan rules), optionally with a number of time entries."""
        payload = {"name": name, "client_id": client_id, "active": active, **fields}
        made = self.create_project(wid, payload, id=id, check_plan=False)
        if time_entries:
            self._space(wid).add_time_entries(made["id"], time_entries)
        return self.get_project(wid, made["id"])

    def update_project(
        self, wid: int | None, pid: int, payload: dict[str, Any], *, check_plan: bool = True
    ) -> dict[str, Any]:
        """Change only the fields given; `active` archives or restores, `client_id` (or
        `client_name`) moves."""
        space = self._space(wid)
        record = space.project(pid)
        fields = records.project_fields(payload, creating=False)
        if "client_id" not in fields and "client_name" not in fields:
            fields["client_id"] = record["client_id"]
        active = fields.pop("active", record["active"])
        if check_plan:
            self.check_premium_fields(fields)
            self.check_room_for_active(space, 1 if active and not record["active"] else 0)
        client_id, new_client = self._client_for(space, fields)
        name = fields.get("name", record["name"])
        if new_client is None and (name, client_id) != (record["name"], record["client_id"]):
            space.check_project_name(name, client_id)
        if new_client is not None:
            client_id = self._insert_client(space, {"name": new_client})["id"]
        space.move_project(record, name, client_id)
        if active != record["active"]:
            space.set_active(pid, active)  # moves `at` too
        else:
            record["at"] = self.stamp(record["at"])
        record.update(fields)
        records.sync_derived(record)
        return dict(record)

    def delete_project(self, wid: int | None, pid: int, te_deletion_mode: str | None = None) -> int:
        """Delete a project; its time entries are deleted or kept without a project
        (`unassign`). Answers how many time entries that touched."""
        mode = te_deletion_mode or DEFAULT_TE_DELETION_MODE
        if mode not in TE_DELETION_MODES:
            raise BadRequest("teDeletionMode must be 'delete' or 'unassign'")
        space = self._space(wid)
        space.project(pid)
        return space.delete_project(pid, mode)

    def patch_projects(
        self, wid: int | None, ids: list[int], operations: list[Any]
    ) -> dict[str, Any]:
        """Bulk edit plain fields: a JSON-Patch-style list of add/remove/replace operations."""
        space = self._space(wid)
        changes = records.patch_changes(ids, operations)
        self.check_premium_fields(changes)
        success: list[int] = []
        failure: list[dict[str, Any]] = []
        for pid in ids:
            if pid not in space.projects:
                failure.append({"id": pid, "message": f"No project with ID {pid} was found"})
                continue
            try:
                self.update_project(space.id, pid, changes, check_plan=False)
            except BadRequest as error:
                failure.append({"id": pid, "message": error.message})
            else:
                success.append(pid)
        return {"success": success, "failure": failure}

    def time_entries(self, wid: int | None = None) -> dict[str, Any]:
        """Sandbox-only inspection: time entries per project, and those a project delete
        unassigned (kept without a project) or deleted."""
        space = self._space(wid)
        return {
            "projects": dict(space.time_entries),
            "unassigned": space.unassigned_time_entries,
            "deleted": space.deleted_time_entries,
        }

    def add_time_entries(self, pid: int, count: int, wid: int | None = None) -> None:
        """Sandbox-only seeding: give a project `count` more time entries."""
        self._space(wid).add_time_entries(pid, count)
