"""What the decision functions for clients and projects share while one plan is made."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from reconciler.action import Action
from reconciler.config.model import Config
from reconciler.planning.fingerprint import FingerprintRecorder
from reconciler.planning.locate import Locator
from reconciler.planning.matching import NameClaims
from reconciler.state import Client, Workspace


@dataclass
class PlanContext:
    """The inputs, the matching and fingerprint records, and the actions decided so far."""

    config: Config
    workspace: Workspace
    locate: Locator
    names: NameClaims
    seen: FingerprintRecorder = field(default_factory=FingerprintRecorder)
    actions: list[Action] = field(default_factory=list)
    # Deletes decided so far: Toggl keeps a deleted client's projects, without a client, and
    # their names must not clash with the projects the file lists without a client.
    deleted_clients: list[Client] = field(default_factory=list)
    deleted_projects: set[int] = field(default_factory=set)

    @classmethod
    def start(cls, config: Config, workspace: Workspace) -> PlanContext:
        locate = Locator(config.path)
        return cls(config, workspace, locate, NameClaims(workspace, locate))

    @property
    def archive_unmanaged(self) -> bool:
        return self.config.unmanaged == "archive"

    @cached_property
    def client_names(self) -> frozenset[str]:
        """Every client name the file writes."""
        return frozenset(d.name for d in self.config.clients)

    def emit(self, action: Action) -> None:
        self.actions.append(action)
