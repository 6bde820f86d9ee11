"""A plan limited to some entries of the file (`--target NAME`): named clients, with their
projects, and named projects without a client.

The whole file is still matched (so what the other entries claim is respected, and a rename the
targets need but leave out is refused); only the targets' decisions are made. Names are checked
against the file before anything is read from Toggl.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reconciler.config.model import Config, DesiredClient, DesiredProject
from reconciler.errors import PlanError


@dataclass(frozen=True)
class Targets:
    """The entries a plan is limited to; `names` empty means the whole file."""

    names: tuple[str, ...] = ()
    _clients: frozenset[int] = frozenset()  # ids of the chosen entries
    _projects: frozenset[int] = frozenset()

    @property
    def partial(self) -> bool:
        return bool(self.names)

    def has_client(self, desired: DesiredClient) -> bool:
        return not self.partial or id(desired) in self._clients

    def has_project(self, desired: DesiredProject) -> bool:
        """A project without a client."""
        return not self.partial or id(desired) in self._projects


def select_targets(config: Config, names: Iterable[str]) -> Targets:
    """The entries of `config` that `names` name (ignoring case, as names in the file are
    unique that way); PlanError for a name that names none."""
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return Targets()
    clients = {d.name.casefold(): d for d in config.clients}
    projects = {d.name.casefold(): d for d in config.projects or ()}
    spelled: list[str] = []
    chosen_clients: set[int] = set()
    chosen_projects: set[int] = set()
    for name in wanted:
        client, project = clients.get(name.casefold()), projects.get(name.casefold())
        if client is None and project is None:
            where = config.path or "the config"
            raise PlanError(
                f'target "{name}" names no client and no project without a client in {where}'
            )
        for entry, chosen in ((client, chosen_clients), (project, chosen_projects)):
            if entry is not None:
                chosen.add(id(entry))
                spelled.append(entry.name)
    return Targets(
        tuple(dict.fromkeys(spelled)), frozenset(chosen_clients), frozenset(chosen_projects)
    )
