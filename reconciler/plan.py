"""A plan is data: typed actions in one stable execution order, and what they depend on.

The planner builds a Plan; renderers print it; the applier executes `plan.actions` in order; a saved
plan is `plan.to_dict()` as JSON (schemas/plan.schema.json). The order is fixed once, on
construction, so what is printed and what is executed never drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Any, Protocol

# Action lives in its own module with the request bodies; it is part of this module's interface.
from reconciler.action import PHASES, SYMBOLS, Action, Former, Kind, Op
from reconciler.errors import InvalidAction

__all__ = [
    "PLAN_FORMAT_VERSION",
    "SYMBOLS",
    "Action",
    "AtById",
    "Fingerprint",
    "Former",
    "Kind",
    "Op",
    "Plan",
    "Unmanaged",
]

PLAN_FORMAT_VERSION = 1


class _Stamped(Protocol):
    """A live object as a fingerprint records it (`Client`, `Project`)."""

    @property
    def id(self) -> int: ...
    @property
    def at(self) -> str: ...


class AtById(Mapping[int, str]):
    """`at` by id of the objects a plan read, in the order read (for an id read twice, the last
    read), worked out on first use: a plan's fingerprint is read only when it is saved or
    applied, and a big plan reads tens of thousands of projects."""

    def __init__(self, objects: Iterable[_Stamped]) -> None:
        self._objects: tuple[_Stamped, ...] | None = tuple(objects)
        self._at: dict[int, str] = {}

    def _by_id(self) -> dict[int, str]:
        if self._objects is not None:
            self._at = {obj.id: obj.at for obj in self._objects}
            self._objects = None
        return self._at

    def __getitem__(self, key: int) -> str:
        return self._by_id()[key]

    def __iter__(self) -> Iterator[int]:
        return iter(self._by_id())

    def __len__(self) -> int:
        return len(self._by_id())

    def __repr__(self) -> str:
        return repr(self._by_id())


@dataclass(frozen=True)
class Fingerprint:
    """What a plan's decisions rest on: `at` of every object it read for them, and the names its
    creates expect to find free. A saved plan is stale as soon as any of this differs."""

    clients: Mapping[int, str] = field(default_factory=dict)  # id -> at
    projects: Mapping[int, str] = field(default_factory=dict)  # id -> at
    free_client_names: tuple[str, ...] = ()
    free_project_names: tuple[tuple[str | None, str], ...] = ()  # (client name or None, name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "clients": {str(k): v for k, v in sorted(self.clients.items())},
            "projects": {str(k): v for k, v in sorted(self.projects.items())},
            "free_client_names": list(self.free_client_names),
            "free_project_names": [{"client": c, "name": n} for c, n in self.free_project_names],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Fingerprint:
        return cls(
            clients={int(k): v for k, v in data.get("clients", {}).items()},
            projects={int(k): v for k, v in data.get("projects", {}).items()},
            free_client_names=tuple(data.get("free_client_names", ())),
            free_project_names=tuple(
                (d["client"], d["name"]) for d in data.get("free_project_names", ())
            ),
        )


@dataclass(frozen=True)
class Unmanaged:
    """A live object the config file does not mention (under `unmanaged: ignore`)."""

    kind: Kind
    id: int
    name: str
    client: str | None = None  # a project's client as Toggl has it (None: no client)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "id": self.id, "name": self.name}
        if self.kind == "project":
            out["client"] = self.client
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Unmanaged:
        return cls(data["kind"], int(data["id"]), data["name"], data.get("client"))


SUMMARY_ORDER = ("restore", "archive", "create", "update", "delete")
_PHASE_COUNT = max(PHASES.values()) + 1
# Clients per bulk archive call: Toggl documents no cap; 100, as for the bulk project PATCH.
BULK_ARCHIVE_CHUNK = 100


def request_groups(actions: Iterable[Action]) -> list[tuple[Action, ...]]:
    """The actions as requests go out, in order: each alone, except that archives of existing
    clients next to each other go together, up to BULK_ARCHIVE_CHUNK per bulk archive call."""
    groups: list[tuple[Action, ...]] = []
    run: list[Action] = []  # archives of existing clients next to each other
    for action in actions:
        # A client created by the same apply has no id until then: it is archived on its own.
        if action.op == "archive" and action.kind == "client" and action.id is not None:
            run.append(action)
            continue
        if run:
            _add_run(groups, run)
            run = []
        groups.append((action,))
    _add_run(groups, run)
    return groups


def _add_run(groups: list[tuple[Action, ...]], run: list[Action]) -> None:
    for start in range(0, len(run), BULK_ARCHIVE_CHUNK):
        groups.append(tuple(run[start : start + BULK_ARCHIVE_CHUNK]))


class _ConfigDigest:
    """Plan.config_digest: the digest given, or, given a function (as the planner does), what it
    answers, asked the first time the digest is read. Only a saved or checked plan reads it, and
    working it out costs a noticeable share of reading a big config."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._key = "_" + name

    def __get__(self, plan: Plan | None, owner: type | None = None) -> str:
        if plan is None:
            return ""  # the class's value: what the dataclass takes as the field's default
        digest: str | Callable[[], str] = plan.__dict__[self._key]
        if callable(digest):
            digest = digest()
            # Straight into the instance: the frozen class refuses attribute assignment.
            plan.__dict__[self._key] = digest
        return digest

    def __set__(self, plan: Plan, digest: str | Callable[[], str]) -> None:
        plan.__dict__[self._key] = digest


@dataclass(frozen=True)
class Plan:
    workspace_id: int
    actions: tuple[Action, ...] = ()
    fingerprint: Fingerprint = field(default_factory=Fingerprint)
    # The config's digest (Config.digest), or a function answering it when first read.
    config_digest: _ConfigDigest = _ConfigDigest()
    workspace_name: str = ""
    # Live (active) clients and projects now, and how many of them the plan archives or deletes:
    # what the destructive-share guard weighs. Archived objects cannot be lost a second time.
    live_clients: int = 0
    live_projects: int = 0
    taken_clients: int = 0
    taken_projects: int = 0
    # The file's `safety.max_destructive_percent` as a share (None: not recorded), so that
    # `apply --plan` holds a saved plan to the threshold it was reviewed under.
    max_destructive_share: float | None = None
    # The names the plan was limited to (`--target`): empty for a plan of the whole file.
    targets: tuple[str, ...] = ()
    unmanaged: tuple[Unmanaged, ...] = ()

    def __post_init__(self) -> None:
        # Ordered once, by phase, keeping emission order within a phase: each action goes to its
        # phase's list, with no sort and no key function called per action.
        by_phase: list[list[Action]] = [[] for _ in range(_PHASE_COUNT)]
        for action in self.actions:
            by_phase[PHASES[action.op, action.kind]].append(action)
        object.__setattr__(self, "actions", tuple(chain.from_iterable(by_phase)))

    @property
    def has_changes(self) -> bool:
        return bool(self.actions)

    def counts(self) -> dict[str, int]:
        """Objects per kind of change; a bulk update counts every project it patches."""
        counts = dict.fromkeys(SUMMARY_ORDER, 0)
        for a in self.actions:
            if a.op == "bulk_update":
                counts["update"] += len(a.ids)
            else:
                counts[a.op] += 1
        return counts

    def summary(self) -> str:
        c = self.counts()
        parts = [
            f"{c['restore']} to restore",
            f"{c['archive']} to archive",
            f"{c['create']} to create",
            f"{c['update']} to update",
            f"{c['delete']} to delete",
        ]
        return "Plan: " + ", ".join(parts) + "."

    @cached_property
    def write_requests(self) -> int:
        """Requests the apply sends when nothing fails: clients archived together count once.

        Worked out once: the plan command reads it for the quota note up to three times, and
        the actions of a frozen plan do not change."""
        return len(request_groups(self.actions))

    @property
    def partial(self) -> bool:
        return bool(self.targets)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format_version": PLAN_FORMAT_VERSION,
            "workspace_id": self.workspace_id,
            "workspace_name": self.workspace_name,
            "config_digest": self.config_digest,
            "summary": self.counts(),
            "write_requests": self.write_requests,
            "live": {
                "clients": self.live_clients,
                "projects": self.live_projects,
                "clients_taken": self.taken_clients,
                "projects_taken": self.taken_projects,
            },
            "safety": {"max_destructive_percent": _percent(self.max_destructive_share)},
            "actions": [a.to_dict() for a in self.actions],
            "fingerprint": self.fingerprint.to_dict(),
            "unmanaged": [u.to_dict() for u in self.unmanaged],
        }
        if self.targets:
            out["targets"] = list(self.targets)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Plan:
        live = data.get("live", {})
        percent = data.get("safety", {}).get("max_destructive_percent")
        return cls(
            workspace_id=int(data["workspace_id"]),
            workspace_name=data.get("workspace_name", ""),
            actions=tuple(_actions_from(data.get("actions", ()))),
            fingerprint=Fingerprint.from_dict(data.get("fingerprint", {})),
            config_digest=data.get("config_digest", ""),
            live_clients=int(live.get("clients", 0)),
            live_projects=int(live.get("projects", 0)),
            taken_clients=int(live.get("clients_taken", 0)),
            taken_projects=int(live.get("projects_taken", 0)),
            max_destructive_share=None if percent is None else percent / 100,
            targets=tuple(data.get("targets", ())),
            unmanaged=tuple(Unmanaged.from_dict(u) for u in data.get("unmanaged", ())),
        )


def _percent(share: float | None) -> float | int | None:
    if share is None:
        return None
    percent = round(share * 100, 6)
    return int(percent) if percent.is_integer() else percent


def _actions_from(items: Iterable[Mapping[str, Any]]) -> Iterator[Action]:
    for number, item in enumerate(items, start=1):
        try:
            yield Action.from_dict(item)
        except InvalidAction as exc:
            raise InvalidAction(f"action {number} of the saved plan: {exc}") from None
