"""Which live object each config entry claims, and which names the plan's creates take.

Toggl keeps names unique per scope: client names in the workspace, project names under each client
(and among projects without a client); archived objects hold their names. So an entry matches the
live object of its exact name; failing that, the only one whose name differs in case (which the plan
then renames). Refused at plan time, with FILE:LINE and both names: a name that matches several
objects by case only, two entries claiming one object, and two creates whose names differ only in
case.

Each scope's names are indexed once (exact and case-folded), so every lookup is a dictionary read
and matching a whole file is linear in the sizes of the file and the workspace.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from reconciler.action import Kind
from reconciler.errors import PlanError
from reconciler.planning.locate import Locator
from reconciler.state import Client, Project, Workspace

_Live = TypeVar("_Live", Client, Project)


class Entry(Protocol):
    """A config entry (a DesiredClient or DesiredProject): what it is called, and where."""

    @property
    def name(self) -> str: ...

    @property
    def line(self) -> int | None: ...


@dataclass(frozen=True)
class Scope:
    """Where Toggl keeps names unique: the workspace's clients, or the projects of one client."""

    kind: Kind
    client_id: int | None = None  # projects: the live client (None: projects without a client)
    client_name: str | None = None  # projects: the client as the file names it, for messages
    new_client: bool = False  # projects of a client this plan creates: nothing live to match

    @property
    def under(self) -> str:
        """The owning client in a message, if any."""
        return f' under client "{self.client_name}"' if self.client_name is not None else ""


CLIENTS = Scope("client")


def projects_scope(client_id: int | None, client_name: str | None) -> Scope:
    """The projects of the live client `client_id` (None: of no client)."""
    return Scope("project", client_id, client_name)


def new_client_scope(client_name: str) -> Scope:
    return Scope("project", None, client_name, new_client=True)


class NameIndex(Generic[_Live]):
    """The live objects of one scope by exact name and by case-folded name, in their order."""

    def __init__(self, objects: Iterable[_Live]) -> None:
        self.objects: tuple[_Live, ...] = tuple(objects)
        self._exact: dict[str, list[_Live]] = {}
        self._folded: dict[str, list[_Live]] = {}
        for obj in self.objects:
            self._exact.setdefault(obj.name, []).append(obj)
            self._folded.setdefault(obj.name.casefold(), []).append(obj)

    def exact(self, name: str) -> Sequence[_Live]:
        return self._exact.get(name, ())

    def folded(self, name: str) -> Sequence[_Live]:
        """The objects whose names equal `name` but for case (itself included)."""
        return self._folded.get(name.casefold(), ())


class NameClaims:
    """Matches entries to live objects, remembers which entry claimed which object, and which names
    the plan's creates take; refuses (PlanError) every collision Toggl would refuse later."""

    def __init__(self, workspace: Workspace, locate: Locator) -> None:
        self._workspace = workspace
        self._locate = locate
        self._clients = NameIndex(workspace.clients)
        self._projects: dict[int | None, NameIndex[Project]] = {}  # by client id, built on use
        # (kind, live id) -> (entry name, line) of the entry that claimed it.
        self._claimed: dict[tuple[Kind, int], tuple[str, int | None]] = {}
        # (kind, client name, case-folded name) -> (entry name, line): the names creates take.
        self._created: dict[tuple[Kind, str | None, str], tuple[str, int | None]] = {}

    # -- the live objects of a scope ----------------------------------------------------------

    def clients(self) -> NameIndex[Client]:
        return self._clients

    def projects(self, scope: Scope) -> NameIndex[Project]:
        if scope.new_client:
            return NameIndex(())
        index = self._projects.get(scope.client_id)
        if index is None:
            index = NameIndex(self._workspace.projects_of(scope.client_id))
            self._projects[scope.client_id] = index
        return index

    # -- matching ---------------------------------------------------------------------------

    def find_client(self, entry: Entry) -> Client | None:
        """The live client `entry` names (see the module's rules); claims nothing."""
        return self._find(entry, CLIENTS, self._clients)

    def find_project(self, entry: Entry, scope: Scope) -> Project | None:
        """The live project of `scope` that `entry` names; claims nothing."""
        return self._find(entry, scope, self.projects(scope))

    def claim_client(self, entry: Entry) -> Client | None:
        """The live client `entry` names, now claimed by it."""
        client = self.find_client(entry)
        if client is not None:
            self.claim("client", client.id, entry)
        return client

    def claim_project(self, entry: Entry, scope: Scope) -> Project | None:
        """The live project of `scope` that `entry` names, now claimed by it."""
        project = self.find_project(entry, scope)
        if project is not None:
            self.claim("project", project.id, entry)
        return project

    def claim(self, kind: Kind, live_id: int, entry: Entry) -> None:
        self._claimed[(kind, live_id)] = (entry.name, entry.line)

    def is_claimed(self, kind: Kind, live_id: int) -> bool:
        return (kind, live_id) in self._claimed

    def unclaimed_case_variants(
        self, match: _Live, index: NameIndex[_Live], named: Collection[str]
    ) -> list[_Live]:
        """The other objects whose names differ from `match`'s only in case, that no entry of the
        list names (`named`) and no entry has claimed.

        Once the match is deleted, such an object would match the absent entry by case: it goes
        too.
        """
        kind: Kind = "client" if isinstance(match, Client) else "project"
        return [
            other
            for other in index.folded(match.name)
            if other.id != match.id
            and other.name not in named
            and not self.is_claimed(kind, other.id)
        ]

    def _find(self, entry: Entry, scope: Scope, index: NameIndex[_Live]) -> _Live | None:
        """The exact-name match, else the only case-insensitive one, else None."""
        candidates = index.exact(entry.name) or index.folded(entry.name)
        if len(candidates) > 1:
            found = " and ".join(f'{scope.kind} "{c.name}" (id {c.id})' for c in candidates)
            raise PlanError(
                f"{self._subject(entry, scope)} is ambiguous: it matches {found}; "
                "rename one of them in Toggl or write the exact name"
            )
        if not candidates:
            return None
        match = candidates[0]
        claimed_by = self._claimed.get((scope.kind, match.id))
        if claimed_by is not None:
            other, other_line = claimed_by
            raise PlanError(
                f'{self._subject(entry, scope)} and "{other}" '
                f"({self._locate.of(other_line) or 'earlier'}) both match existing {scope.kind} "
                f'"{match.name}" (id {match.id}); names may differ only in case once'
            )
        return match

    def _subject(self, entry: Entry, scope: Scope) -> str:
        """`FILE:LINE: kind "name" under client "X"`, to start a message about `entry`."""
        return f'{self._locate.prefix(entry.line)}{scope.kind} "{entry.name}"{scope.under}'

    # -- names taken by creates ---------------------------------------------------------------

    def claim_new_name(self, entry: Entry, scope: Scope) -> None:
        """Record that the plan creates `entry` in `scope`; two creates there must not collide."""
        key = (scope.kind, scope.client_name, entry.name.casefold())
        taken = self._created.get(key)
        if taken is not None:
            other, other_line = taken
            raise PlanError(
                f'{self._subject(entry, scope)} and "{other}" '
                f"({self._locate.of(other_line) or 'earlier'}) would be created with names that "
                "differ only in case"
            )
        self._created[key] = (entry.name, entry.line)
