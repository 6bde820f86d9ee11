"""Which live object each config entry claims, and which names the plan's creates take.

Toggl keeps names unique per scope: client names in the workspace, project names under each client
(and among projects without a client); archived objects hold their names. So an entry matches the
live object of its exact name; failing that, the only one whose name differs in case (which the plan
then renames). An entry that matches nothing by its name takes the object one of its `previously`
names finds (exactly): the plan renames or moves it (`identity.py` has the rules). Refused at plan
time, with FILE:LINE and both names: a name that matches several objects by case only, two entries
claiming one object, and two creates whose names differ only in case.

Every entry of the file is matched before any decision is made (`NameClaims.resolve`), so what one
entry takes is known to all the others, whatever their order in the file.

Each scope's names are indexed once (exact and case-folded), so every lookup is a dictionary read
and matching a whole file is linear in the sizes of the file and the workspace.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from reconciler.action import Kind
from reconciler.config.model import Config, DesiredClient, DesiredProject, PreviousName
from reconciler.errors import PlanError
from reconciler.planning.identity import Entry, Wish, settle
from reconciler.planning.locate import Locator
from reconciler.planning.name_index import NameIndex
from reconciler.state import Client, Project, Workspace

_Live = TypeVar("_Live", Client, Project)


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


_NO_PROJECTS: NameIndex[Project] = NameIndex(())  # a client this plan creates has none yet


class NameClaims:
    """Matches entries to live objects, remembers which entry claimed which object, and which names
    the plan's creates take; refuses (PlanError) every collision Toggl would refuse later."""

    def __init__(self, workspace: Workspace, locate: Locator) -> None:
        self._workspace = workspace
        self._locate = locate
        self._clients = NameIndex(workspace.clients)
        self._projects: dict[int | None, NameIndex[Project]] = {}  # by client id, built on use
        # kind -> live id -> the entry that claimed it.
        self._claimed: dict[Kind, dict[int, Entry]] = {"client": {}, "project": {}}
        # (kind, client name, case-folded name) -> (entry name, line): the names creates take.
        self._created: dict[tuple[Kind, str | None, str], tuple[str, int | None]] = {}
        # What `resolve` matched, by the id of the entry (each entry is listed in one scope
        # only), and how the entries with `previously` were matched.
        self._client_matches: dict[int, Client | None] = {}
        self._client_wishes: dict[int, Wish[Client]] = {}
        self._project_matches: dict[int, Project | None] = {}
        self._project_wishes: dict[int, Wish[Project]] = {}
        self._scoped_project_wishes: list[tuple[Scope, Wish[Project]]] = []  # in file order
        self._leaving: set[int] = set()  # ids of projects moved to another client

    # -- the live objects of a scope ----------------------------------------------------------

    def clients(self) -> NameIndex[Client]:
        return self._clients

    def projects(self, scope: Scope) -> NameIndex[Project]:
        if scope.new_client:
            return _NO_PROJECTS
        index = self._projects.get(scope.client_id)
        if index is None:
            index = NameIndex(self._workspace.projects_of(scope.client_id))
            self._projects[scope.client_id] = index
        return index

    # -- matching the whole file, before any decision ------------------------------------------

    def resolve(self, config: Config) -> None:
        """Match every entry of `config` and claim what it matches: clients first, then projects
        (whose scope is the client their entry's client matched). An entry without `previously`
        claims what its name finds at once; the others are settled together (identity.py)."""
        client_wishes: list[Wish[Client]] = []
        for desired in config.clients:
            if desired.previously:
                client_wishes.append(self._client_wish(desired))
            else:
                found = self._claim_found(desired, CLIENTS, self.find_client(desired))
                self._client_matches[id(desired)] = found
        settle(client_wishes, partial(self.claimant, "client"), self._locate, self._describe)
        for wish in client_wishes:
            self._client_wishes[id(wish.entry)] = wish
            self._client_matches[id(wish.entry)] = wish.match
            if wish.match is not None:
                self.claim("client", wish.match.id, wish.entry)
        listed: list[tuple[Scope, Sequence[DesiredProject]]] = [
            (self.scope_of(d, self._client_matches[id(d)]), d.projects)
            for d in config.clients
            if isinstance(d.projects, tuple)
        ]
        if config.projects is not None:  # without the key, projects without a client are unmanaged
            listed.append((projects_scope(None, None), config.projects))
        self._resolve_projects(listed)

    def _resolve_projects(self, listed: list[tuple[Scope, Sequence[DesiredProject]]]) -> None:
        wishes: list[tuple[Scope, Wish[Project]]] = []
        claims = self._claimed["project"]
        matches = self._project_matches
        for scope, entries in listed:
            index = self.projects(scope)
            held_once = index.held_once
            for entry in entries:
                if entry.previously:
                    wishes.append((scope, self._project_wish(entry, scope)))
                    continue
                # find_project, indexed once; most entries find their one exact name.
                found = held_once.get(entry.name) or self._find(entry, scope, index)
                # _claim_found, written out: it runs once per project entry of the file.
                if found is not None:
                    if found.id in claims:
                        raise self._claimed_twice(entry, scope, found)
                    claims[found.id] = entry
                matches[id(entry)] = found
        just_wishes = [wish for _, wish in wishes]
        settle(just_wishes, partial(self.claimant, "project"), self._locate, self._describe)
        self._scoped_project_wishes = wishes
        for scope, wish in wishes:
            matches[id(wish.entry)] = wish.match
            self._project_wishes[id(wish.entry)] = wish
            project = wish.match
            if project is None:
                continue
            self.claim("project", project.id, wish.entry)
            if wish.renamed and (scope.new_client or project.client_id != scope.client_id):
                self._leaving.add(project.id)

    def _claim_found(self, entry: Entry, scope: Scope, found: _Live | None) -> _Live | None:
        """Claim what an entry's name found, refusing a second claim on one object."""
        if found is not None:
            claims = self._claimed[scope.kind]
            if found.id in claims:
                raise self._claimed_twice(entry, scope, found)
            claims[found.id] = entry
        return found

    def _claimed_twice(self, entry: Entry, scope: Scope, found: Client | Project) -> PlanError:
        """The refusal of a second entry claiming `found`, which an entry has claimed."""
        other = self._claimed[scope.kind][found.id]
        return PlanError(
            f'{self._subject(entry, scope)} and "{other.name}" '
            f"({self._locate.of(other.line) or 'earlier'}) both match existing "
            f'{scope.kind} "{found.name}" (id {found.id}); names may differ only in case '
            "once"
        )

    @staticmethod
    def scope_of(desired: DesiredClient, client: Client | None) -> Scope:
        """Where the projects listed under `desired` live: its live client's, or a new one's."""
        if client is None:
            return new_client_scope(desired.name)
        return projects_scope(client.id, desired.name)

    def client_match(self, entry: DesiredClient) -> Client | None:
        """The live client `resolve` matched to a client entry."""
        return self._client_matches[id(entry)]

    def client_wish(self, entry: DesiredClient) -> Wish[Client] | None:
        """How `resolve` matched a client entry with `previously` (None for the others)."""
        return self._client_wishes.get(id(entry))

    def project_matches(self) -> Mapping[int, Project | None]:
        """The live project `resolve` matched to each project entry (None: none), by entry id."""
        return self._project_matches

    def project_wishes(self) -> Mapping[int, Wish[Project]]:
        """How `resolve` matched each project entry with `previously`, by entry id."""
        return self._project_wishes

    def all_project_wishes(self) -> Iterator[tuple[Scope, Wish[Project]]]:
        """Every project entry with `previously`, with the scope it is listed in."""
        return iter(self._scoped_project_wishes)

    def leaves_its_client(self, project: Project) -> bool:
        """Whether an entry moves `project` to another client (or to none)."""
        return project.id in self._leaving

    def _client_wish(self, entry: DesiredClient) -> Wish[Client]:
        found = [(p, self._only(self._clients.exact(p.name), p, entry)) for p in entry.previously]
        return self._wish(entry, CLIENTS, self.find_client(entry), found)

    def _project_wish(self, entry: DesiredProject, scope: Scope) -> Wish[Project]:
        found = [(p, self._former_project(p, scope, entry)) for p in entry.previously]
        return self._wish(entry, scope, self.find_project(entry, scope), found)

    def _former_project(self, previous: PreviousName, scope: Scope, entry: Entry) -> Project | None:
        """The project a `previously` item finds: by exact name, under the client it names (as
        Toggl has it now), or under the entry's own client."""
        if not previous.moved:
            if scope.new_client:
                return None
            client_id = scope.client_id
        elif previous.client is None:
            client_id = None
        else:
            owner = self._only(self._clients.exact(previous.client), previous, entry)
            if owner is None:
                return None
            client_id = owner.id
        where = projects_scope(client_id, None)
        return self._only(self.projects(where).exact(previous.name), previous, entry)

    def _wish(
        self,
        entry: Entry,
        scope: Scope,
        current: _Live | None,
        found: list[tuple[PreviousName, _Live | None]],
    ) -> Wish[_Live]:
        formers = {obj.id: (previous, obj) for previous, obj in found if obj is not None}
        if len(formers) > 1:
            named = " and ".join(self._describe(obj) for _, obj in formers.values())
            raise PlanError(
                f"{self._subject(entry, scope)}: 'previously' finds {named}; it can become only "
                "one of them"
            )
        if not formers:
            return Wish(entry, scope, current)
        via, former = next(iter(formers.values()))
        return Wish(entry, scope, current, former, via)

    def _only(
        self, candidates: Sequence[_Live], previous: PreviousName, entry: Entry
    ) -> _Live | None:
        # Toggl keeps exact names unique per scope; if it ever did not, guessing would be wrong.
        if len(candidates) > 1:
            named = " and ".join(self._describe(obj) for obj in candidates)
            raise PlanError(
                f"{self._locate.prefix(previous.line)}'previously' of \"{entry.name}\" is "
                f"ambiguous: {named} have that name"
            )
        return candidates[0] if candidates else None

    def _describe(self, obj: Client | Project) -> str:
        """A live object in a message: `client "X" (id 1)`, `project "Web" (id 5) under client
        "X"`."""
        if isinstance(obj, Client):
            return f'client "{obj.name}" (id {obj.id})'
        owner = self.live_client_name(obj.client_id)
        where = f' under client "{owner}"' if owner is not None else " without a client"
        return f'project "{obj.name}" (id {obj.id}){where}'

    def holder_of(self, key: tuple[str, int | str | None, str]) -> str:
        """The live object holding a name (a rename's key, see renames.py), for messages."""
        kind, where, name = key
        if kind == "client":
            held: Sequence[Client | Project] = self._clients.exact(name)
        elif isinstance(where, str):
            held = ()  # a client this plan creates holds nothing yet
        else:
            held = self.projects(projects_scope(where, None)).exact(name)
        found = []
        for obj in held:
            claimant = self.claimant("client" if isinstance(obj, Client) else "project", obj.id)
            by = f' (the entry "{claimant[0]}", {self._locate.of(claimant[1])})' if claimant else ""
            found.append(f"{self._describe(obj)}{by}")
        return " and ".join(found) or f'the name "{name}"'

    def live_client_name(self, client_id: int | None) -> str | None:
        client = self._workspace.client_by_id(client_id) if client_id is not None else None
        return client.name if client is not None else None

    # -- lookups and claims -----------------------------------------------------------------

    def find_client(self, entry: Entry) -> Client | None:
        """The live client `entry` names (see the module's rules); claims nothing."""
        return self._find(entry, CLIENTS, self._clients)

    def find_project(self, entry: Entry, scope: Scope) -> Project | None:
        """The live project of `scope` that `entry` names; claims nothing."""
        return self._find(entry, scope, self.projects(scope))

    def claim(self, kind: Kind, live_id: int, entry: Entry) -> None:
        self._claimed[kind][live_id] = entry

    def is_claimed(self, kind: Kind, live_id: int) -> bool:
        return live_id in self._claimed[kind]

    def claimed_ids(self, kind: Kind) -> Collection[int]:
        """The ids of the live objects of `kind` an entry has claimed."""
        return self._claimed[kind].keys()

    def claimed_count(self, kind: Kind) -> int:
        return len(self._claimed[kind])

    def claimant(self, kind: Kind, live_id: int) -> tuple[str, int | None] | None:
        """(name, line) of the entry that claimed the object, if any."""
        entry = self._claimed[kind].get(live_id)
        return None if entry is None else (entry.name, entry.line)

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
        return candidates[0] if candidates else None

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
