"""What a plan's decisions rest on, recorded while they are made (see `Fingerprint`)."""

from __future__ import annotations

from collections.abc import Iterable

from reconciler.plan import AtById, Fingerprint
from reconciler.state import Client, Project


class FingerprintRecorder:
    """Every object a decision read, by its `at`, and every name a create expects to be free.

    The objects are kept as read: their `at` is looked up only if the fingerprint is (`AtById`).
    """

    def __init__(self) -> None:
        self._clients: list[Client] = []
        self._projects: list[Project] = []
        self._free_client_names: list[str] = []
        self._free_project_names: list[tuple[str | None, str]] = []

    def saw_client(self, client: Client) -> None:
        self._clients.append(client)

    def saw_project(self, project: Project) -> None:
        self._projects.append(project)

    def saw_projects(self, projects: Iterable[Project]) -> None:
        self._projects.extend(projects)

    def expect_free_client_name(self, name: str) -> None:
        self._free_client_names.append(name)

    def expect_free_project_name(self, client_name: str | None, name: str) -> None:
        self._free_project_names.append((client_name, name))

    def fingerprint(self) -> Fingerprint:
        return Fingerprint(
            clients=AtById(self._clients),
            projects=AtById(self._projects),
            free_client_names=tuple(self._free_client_names),
            free_project_names=tuple(self._free_project_names),
        )
