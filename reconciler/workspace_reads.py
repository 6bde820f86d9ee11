"""The typed reads of the Toggl client: the workspaces a token sees (and what a refused
workspace means), clients, projects page by page, and a whole workspace with what it costs.

`TogglClient` (toggl.py) takes these from `WorkspaceReads`; each read goes through its `request`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .collector import collector_paused
from .errors import ReconcilerError, TogglError, WorkspaceNotVisible
from .state import Client, Project, Workspace

PAGE_SIZE = 200  # Toggl's cap on per_page


class WorkspaceReads:
    """The reads, for a class that sends requests (`TogglClient`)."""

    # Workspace objects by id, as /me/workspaces answered them: their plan flags spare a
    # request when a plan needs to know the workspace's Toggl plan.
    workspace_bodies: dict[int, dict[str, Any]]

    def request(
        self, method: str, path: str, *, params: dict[str, Any] | None = None, body: Any = None
    ) -> Any:
        raise NotImplementedError  # the chokepoint: TogglClient.request

    def workspaces(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.request("GET", "/me/workspaces")
        for body in result:
            if isinstance(body, dict) and isinstance(body.get("id"), int):
                self.workspace_bodies[body["id"]] = body
        return result

    def resolve_workspace(self, ref: int | str) -> tuple[int, str]:
        """An id costs nothing; a name costs one /me/workspaces request."""
        if isinstance(ref, int):
            return ref, ""
        visible = self.workspaces()
        matches = [w for w in visible if w.get("name") == ref]
        if not matches:
            listed = _id_names(visible)
            if listed is None:  # not the list expected: name none rather than guess
                raise ReconcilerError(f"no workspace named {ref!r} is visible to this token")
            raise WorkspaceNotVisible(ref, listed)
        if len(matches) > 1:
            ids = ", ".join(str(w["id"]) for w in matches)
            raise ReconcilerError(f"several workspaces are named {ref!r} ({ids}); use the id")
        return int(matches[0]["id"]), ref

    def explain_refusal(self, wid: int, error: TogglError) -> ReconcilerError:
        """What to raise when reading workspace `wid` was refused with `error`.

        Toggl does not document what a workspace the token cannot see answers (403 or 404), nor
        its text, so on those statuses one request lists the workspaces the token does see: if
        `wid` is not among them, say so and list them; otherwise (or if the list fails too, as
        with a bad token) Toggl's own answer stands.
        """
        if error.status not in (403, 404):
            return error
        try:
            visible = self.workspaces()
        except ReconcilerError:
            return error
        listed = _id_names(visible)
        if listed is None or any(listed_id == wid for listed_id, _ in listed):
            return error
        return WorkspaceNotVisible(wid, listed)

    def clients(self, wid: int) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.request(
            "GET", f"/workspaces/{wid}/clients", params={"status": "both"}
        )
        return result or []

    def projects(self, wid: int, **filters: Any) -> list[dict[str, Any]]:
        """Every project, active and archived, in pages of 200; `filters` (such as `since` or
        `client_ids`) narrow the listing. The pages are those of `project_pages`."""
        out: list[dict[str, Any]] = []
        for batch in self.project_pages(wid, **filters):
            out.extend(batch)
        return out

    def project_pages(self, wid: int, **filters: Any) -> Iterator[list[dict[str, Any]]]:
        """The project listing page by page, each page as soon as it arrives.

        Paging headers are not documented, so reading ends at a page shorter than asked for,
        even when the last page was full (one more request when the count is a multiple of 200).
        `total_count` is not documented either: it never ends the reading, and a short page
        whose `total_count` claims more rows than seen (a server capping `per_page` lower, say)
        does not end it either; only an empty page does then.
        """
        seen = 0
        page = 1
        while True:
            batch = (
                self.request(
                    "GET",
                    f"/workspaces/{wid}/projects",
                    params={"active": "both", **filters, "page": page, "per_page": PAGE_SIZE},
                )
                or []
            )
            seen += len(batch)
            yield batch
            if not batch or (len(batch) < PAGE_SIZE and not _claims_more(batch, seen)):
                return
            page += 1

    def read_workspace(self, wid: int, name: str = "") -> Workspace:
        """The whole workspace in `read_cost(projects)` requests: 2 + floor(projects/200)."""
        # Tens of thousands of objects that all stay (the Projects): see collector.py.
        with collector_paused():
            clients = tuple(map(Client.from_api, self.clients(wid)))
            projects: list[Project] = []
            # Each page becomes Projects as it arrives, so its decoded bodies (Toggl sends some
            # thirty fields a project, the model keeps nine) are freed before the next page
            # instead of all staying until the last page.
            for batch in self.project_pages(wid):
                projects.extend(map(Project.from_api, batch))
        return Workspace(id=wid, name=name, clients=clients, projects=tuple(projects))


def _id_names(workspaces: Any) -> list[tuple[int, str]] | None:
    """(id, name) of each workspace listed; None when the answer is not the expected list."""
    if not isinstance(workspaces, list):
        return None
    if not all(isinstance(w, dict) and isinstance(w.get("id"), int) for w in workspaces):
        return None
    return [(w["id"], str(w.get("name", ""))) for w in workspaces]


def _claims_more(batch: list[dict[str, Any]], seen: int) -> bool:
    """Whether the page's `total_count`, if it is a count at all, says rows remain unseen."""
    total = batch[-1].get("total_count") if isinstance(batch[-1], dict) else None
    return isinstance(total, int) and not isinstance(total, bool) and total > seen


def read_cost(project_count: int) -> int:
    """Requests `read_workspace` needs: the clients, then pages of 200 until a short page
    (2 + floor(P/200); 1 + ceil(P/200) unless P is a multiple of 200)."""
    return 2 + project_count // PAGE_SIZE
