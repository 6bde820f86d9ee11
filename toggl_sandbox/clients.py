"""The client calls of the backend: list, create, update, delete, archive and restore.

Deleting a client keeps its projects: they lose their client (client_id null). Archiving a client
archives its active projects with it; it is a paid-plan feature.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from . import records
from .exceptions import BadRequest, NotFound
from .free_plan import FreePlanRules

if TYPE_CHECKING:
    from .store import Space

UPDATE_MISSING_CLIENT = "Client doesn't exist in the workspace."


class ClientCalls(FreePlanRules):
    user_id: int

    if TYPE_CHECKING:  # provided by Backend

        def _space(self, wid: int | None) -> Space: ...
        def _claim_id(self, kind: str, wanted: int | None) -> int: ...
        def stamp(self, previous: str | None = None) -> str: ...

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
        fields = records.client_fields(payload, require_name=True)
        return dict(self._insert_client(space, fields, id))

    def _insert_client(
        self, space: Space, fields: dict[str, Any], id: int | None = None
    ) -> dict[str, Any]:
        space.check_client_name(fields["name"])
        record = records.new_client(
            self._claim_id("client", id), space.id, self.user_id, self.stamp()
        )
        record.update(fields)
        space.insert_client(record)
        return record

    def add_client(
        self,
        name: str,
        *,
        archived: bool = False,
        notes: str | None = None,
        wid: int | None = None,
        id: int | None = None,
    ) -> dict[str, Any]:
        """Seed a client (no plan rules: a world may hold what a Free plan no longer allows)."""
        client = self.create_client(wid, {"name": name, "notes": notes}, id=id)
        if archived:
            self.archive_client(wid, client["id"], check_plan=False)
        return self.get_client(wid, client["id"])

    def update_client(self, wid: int | None, cid: int, payload: dict[str, Any]) -> dict[str, Any]:
        space = self._space(wid)
        record = space.clients.get(cid)
        if record is None:
            raise NotFound(UPDATE_MISSING_CLIENT)  # PUT has its own documented 404 message
        fields = records.client_fields(payload, require_name=True)
        if fields["name"] != record["name"]:
            space.check_client_name(fields["name"])
        space.rename_client(record, fields["name"])
        record.update(fields)
        record["at"] = self.stamp(record["at"])
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
        if check_plan:
            self.check_client_archiving()
        if record["archived"]:
            return []
        record["archived"] = True
        record["at"] = self.stamp(record["at"])
        archived = [pid for pid in space.project_ids_of(cid) if space.projects[pid]["active"]]
        for pid in archived:
            space.set_active(pid, False)
        return archived

    def archive_clients(self, wid: int | None, ids: Iterable[int]) -> list[dict[str, Any]]:
        """The bulk archive: one entry with every client and every project it archived."""
        space = self._space(wid)
        ids = list(ids)
        for cid in ids:
            space.client(cid)
        self.check_client_archiving()  # before any client: all or nothing
        project_ids: list[int] = []
        for cid in ids:
            project_ids += self.archive_client(wid, cid, check_plan=False)
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
        waking = [pid for pid in dict.fromkeys(chosen) if not space.projects[pid]["active"]]
        self.check_room_for_active(space, len(waking))
        record["archived"] = False
        record["at"] = self.stamp(record["at"])
        for pid in waking:
            space.set_active(pid, True)
        return dict(record)
