"""What the decision functions for clients and projects share while one plan is made."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from reconciler.action import Action
from reconciler.config.model import Config, DesiredClient
from reconciler.planning.fingerprint import FingerprintRecorder
from reconciler.planning.locate import Locator
from reconciler.planning.matching import NameClaims
from reconciler.planning.renames import Rename
from reconciler.planning.targets import Targets
from reconciler.state import Client, Workspace


@dataclass
class PlanContext:
    """The inputs, the matching and fingerprint records, and the actions decided so far."""

    config: Config
    workspace: Workspace
    locate: Locator
    names: NameClaims
    targets: Targets = field(default_factory=Targets)
    seen: FingerprintRecorder = field(default_factory=FingerprintRecorder)
    actions: list[Action] = field(default_factory=list)
    # Deletes decided so far: Toggl keeps a deleted client's projects, without a client, and
    # their names must not clash with the projects the file lists without a client.
    deleted_clients: list[Client] = field(default_factory=list)
    deleted_projects: set[int] = field(default_factory=set)
    # Every update that changes a name or a project's client: they are ordered so that each
    # takes a name no other object holds any more (see renames.py).
    renames: list[Rename] = field(default_factory=list)

    @classmethod
    def start(
        cls, config: Config, workspace: Workspace, targets: Targets | None = None
    ) -> PlanContext:
        """Match the whole file first, so every decision knows what every entry takes."""
        locate = Locator(config.path)
        names = NameClaims(workspace, locate)
        names.resolve(config)
        return cls(config, workspace, locate, names, targets or Targets())

    @property
    def archive_unmanaged(self) -> bool:
        return self.config.unmanaged == "archive"

    @cached_property
    def client_names(self) -> frozenset[str]:
        """Every client name the file writes."""
        return frozenset(d.name for d in self.config.clients)

    @cached_property
    def entry_of_client(self) -> dict[int, DesiredClient]:
        """The entry each claimed live client belongs to, by client id."""
        found: dict[int, DesiredClient] = {}
        for desired in self.config.clients:
            match = self.names.client_match(desired)
            if match is not None:
                found[match.id] = desired
        return found

    def restores_all_projects(self, client_id: int | None) -> bool:
        """Whether this plan restores the live client `client_id` with `restore_all_projects`
        (which brings back every project still under it, those moved out later included)."""
        client = self.workspace.client_by_id(client_id) if client_id is not None else None
        desired = self.entry_of_client.get(client_id) if client_id is not None else None
        return (
            client is not None
            and client.archived
            and desired is not None
            and self.targets.has_client(desired)
            and desired.state == "active"
            and desired.projects == "all"
        )

    def emit(self, action: Action) -> None:
        self.actions.append(action)
