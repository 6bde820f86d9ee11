"""Synthetic workspaces for the benchmark: a seeded world, a desired state drifted from it, the
config file that describes the desired state, and the request lower bound for reaching it.

Everything is computed from the drift itself, never from the planner, so the bound is an
independent check of how many requests the tool spends.
"""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field, replace

from toggl_sandbox import Backend

# size -> (clients, projects)
SIZES: dict[str, tuple[int, int]] = {"S": (20, 200), "M": (500, 5_000), "L": (5_000, 50_000)}
SEED = 20_240_601
PAGE_SIZE = 200  # Toggl's per_page cap: a full read costs 2 + floor(projects / 200) requests
BULK_CHUNK = 100  # ids per bulk PATCH
BULK_ARCHIVE_CHUNK = 100  # clients per bulk archive call
DRIFT_SHARE = 0.10
ARCHIVED_CLIENT_SHARE = 0.30
NO_CLIENT_SHARE = 0.05
ARCHIVED_PROJECT_SHARE = 0.25  # among projects of active clients
FREE_ACTIVE_PROJECTS = 5  # Toggl's Free plan
PALETTE = ("#0b83d9", "#9e5bd9", "#d94182", "#e36a00", "#2da608", "#06a893", "#c9806b")
# Outside the palette, so every recoloured project really changes; two groups show bulk PATCH.
NEW_COLORS = ("#123456", "#abcdef")


@dataclass(frozen=True)
class WorldClient:
    name: str
    archived: bool = False
    notes: str | None = None


@dataclass(frozen=True)
class WorldProject:
    name: str  # project names are unique across the whole world: they double as keys
    client: str | None = None
    active: bool = True
    color: str = PALETTE[0]


@dataclass
class World:
    clients: list[WorldClient]
    projects: list[WorldProject]


@dataclass
class Drift:
    """What the desired state changes, one list per kind of change."""

    restore_with_list: dict[str, frozenset[str]] = field(default_factory=dict)  # -> wanted active
    restore_all: list[str] = field(default_factory=list)
    archive_clients: list[str] = field(default_factory=list)
    new_notes: dict[str, str] = field(default_factory=dict)
    new_clients: list[str] = field(default_factory=list)
    new_projects: list[WorldProject] = field(default_factory=list)
    activate: list[str] = field(default_factory=list)
    archive_projects: list[str] = field(default_factory=list)
    new_colors: dict[str, str] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "restore clients (list)": len(self.restore_with_list),
            "restore clients (all)": len(self.restore_all),
            "archive clients": len(self.archive_clients),
            "client notes": len(self.new_notes),
            "create clients": len(self.new_clients),
            "create projects": len(self.new_projects),
            "activate projects": len(self.activate),
            "archive projects": len(self.archive_projects),
            "recolour projects": len(self.new_colors),
        }


def build_world(clients: int, projects: int, seed: int = SEED) -> World:
    rng = random.Random(seed)
    names = [f"Client {i:05d}" for i in range(clients)]
    archived = set(rng.sample(names, round(clients * ARCHIVED_CLIENT_SHARE)))
    world_clients = [WorldClient(n, n in archived, f"Account {i}") for i, n in enumerate(names)]
    no_client = round(projects * NO_CLIENT_SHARE)
    world_projects = []
    for i in range(projects):
        owner = None if i < no_client else names[rng.randrange(clients)]
        active = owner not in archived and rng.random() >= ARCHIVED_PROJECT_SHARE
        world_projects.append(WorldProject(f"P{i:06d}", owner, active, rng.choice(PALETTE)))
    return World(world_clients, world_projects)


def build_drift(world: World, seed: int = SEED) -> Drift:
    """About DRIFT_SHARE of the clients and of the projects for each kind of change."""
    rng = random.Random(seed + 1)
    per_client_kind = max(1, math.ceil(len(world.clients) * DRIFT_SHARE))
    per_project_kind = max(1, math.ceil(len(world.projects) * DRIFT_SHARE))
    archived = [c.name for c in world.clients if c.archived]
    active = [c.name for c in world.clients if not c.archived]
    restored = rng.sample(archived, min(len(archived), 2 * per_client_kind))
    touched_active = rng.sample(active, min(len(active), 2 * per_client_kind))
    drift = Drift(
        restore_all=restored[per_client_kind:],
        archive_clients=touched_active[:per_client_kind],
        new_notes={n: f"Renegotiated {n}" for n in touched_active[per_client_kind:]},
        new_clients=[f"New client {i:05d}" for i in range(per_client_kind)],
    )
    by_client: dict[str | None, list[WorldProject]] = {}
    for p in world.projects:
        by_client.setdefault(p.client, []).append(p)
    for name in restored[:per_client_kind]:
        wanted = {p.name for p in by_client.get(name, []) if rng.random() < 0.5}
        drift.restore_with_list[name] = frozenset(wanted)
    # Project changes only where no client change decides the project's state.
    steady = set(active) - set(drift.archive_clients) | {None}
    candidates = [p for p in world.projects if p.client in steady]
    inactive = [p.name for p in candidates if not p.active]
    drift.activate = rng.sample(inactive, min(len(inactive), per_project_kind))
    live = [p.name for p in candidates if p.active]
    rng.shuffle(live)
    drift.archive_projects = live[:per_project_kind]
    recolour = live[per_project_kind : 2 * per_project_kind]
    drift.new_colors = {n: NEW_COLORS[i % len(NEW_COLORS)] for i, n in enumerate(recolour)}
    homes: list[str | None] = [*drift.new_clients, *sorted(n for n in steady if n), None]
    for i in range(per_project_kind):
        home = drift.new_clients[i % len(drift.new_clients)] if i % 3 == 0 else None
        if i % 3 == 1:
            home = homes[rng.randrange(len(homes))]
        color = NEW_COLORS[0] if i % 2 else PALETTE[i % len(PALETTE)]
        drift.new_projects.append(WorldProject(f"New P{i:06d}", home, True, color))
    return drift


def desired_world(world: World, drift: Drift) -> World:
    """The state the config asks for: the world with the drift applied."""
    archived_after = set(drift.archive_clients)
    clients = []
    for c in world.clients:
        restored = c.name in drift.restore_with_list or c.name in drift.restore_all
        archived = (c.archived and not restored) or c.name in archived_after
        clients.append(replace(c, archived=archived, notes=drift.new_notes.get(c.name, c.notes)))
    clients += [WorldClient(n) for n in drift.new_clients]
    activate, deactivate = set(drift.activate), set(drift.archive_projects)
    projects = []
    for p in world.projects:
        active = p.active
        if p.client in drift.restore_with_list:
            active = p.name in drift.restore_with_list[p.client]
        elif p.client in drift.restore_all:
            active = True
        elif p.client in archived_after:
            active = False
        elif p.name in activate or p.name in deactivate:
            active = p.name in activate
        projects.append(replace(p, active=active, color=drift.new_colors.get(p.name, p.color)))
    return World(clients, projects + list(drift.new_projects))


def _q(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid double-quoted YAML scalar


def _project_line(p: WorldProject, with_color: bool, indent: str) -> str:
    if p.active and not with_color:
        return f"{indent}- {_q(p.name)}"
    parts = [f"name: {_q(p.name)}"]
    if not p.active:
        parts.append("state: archived")
    if with_color:
        parts.append(f"color: {_q(p.color)}")
    return f"{indent}- {{{', '.join(parts)}}}"


def config_yaml(world: World, drift: Drift, workspace_id: int) -> str:
    """The desired state as a v1 config. Colours are written only where they are managed (the
    recoloured and the new projects), which keeps a 50,000-project file well under the size cap."""
    desired = desired_world(world, drift)
    managed_color = set(drift.new_colors) | {p.name for p in drift.new_projects}
    by_client: dict[str | None, list[WorldProject]] = {}
    for p in desired.projects:
        by_client.setdefault(p.client, []).append(p)
    out = [
        "version: 1",
        f"workspace: {workspace_id}",
        "unmanaged: ignore",
        "safety:",
        "  max_destructive_percent: 100",
        "clients:",
    ]
    for c in desired.clients:
        out.append(f"  - name: {_q(c.name)}")
        if c.archived:
            out.append("    state: archived")
        if c.notes is not None:
            out.append(f"    notes: {_q(c.notes)}")
        if c.name in drift.restore_all:
            out.append("    projects: all")
        elif by_client.get(c.name):
            out.append("    projects:")
            out += [_project_line(p, p.name in managed_color, "      ") for p in by_client[c.name]]
    if by_client.get(None):
        out.append("projects:")
        out += [_project_line(p, p.name in managed_color, "  ") for p in by_client[None]]
    return "\n".join(out) + "\n"


def seed_backend(world: World, backend: Backend | None = None) -> Backend:
    """Put the world straight into a sandbox backend: no HTTP, no request records."""
    backend = backend or Backend()
    ids: dict[str, int] = {}
    for c in world.clients:
        ids[c.name] = backend.add_client(c.name, archived=c.archived, notes=c.notes)["id"]
    for p in world.projects:
        client_id = ids[p.client] if p.client is not None else None
        backend.add_project(p.name, client_id=client_id, active=p.active, color=p.color)
    return backend


def world_of(backend: Backend) -> World:
    """Read a backend back as a World, to compare with the desired one."""
    names = {c["id"]: c["name"] for c in backend.clients()}
    clients = [WorldClient(c["name"], c["archived"], c["notes"]) for c in backend.clients()]
    projects = [
        WorldProject(p["name"], names.get(p["client_id"]), p["active"], p["color"])
        for p in backend.projects()
    ]
    return World(clients, projects)


def same_state(a: World, b: World) -> bool:
    """Equal as sets of objects; notes compare None and "" alike, as the planner does."""

    def clients(w: World) -> set[tuple[str, bool, str]]:
        return {(c.name, c.archived, c.notes or "") for c in w.clients}

    return clients(a) == clients(b) and set(a.projects) == set(b.projects)


def read_bound(project_count: int) -> int:
    """Reading a workspace: the clients (one call) and the projects in pages of 200 until a
    short page (paging headers are undocumented and `total_count` is not trusted to end it)."""
    return 2 + project_count // PAGE_SIZE


def plan_lookup_bound(world: World, drift: Drift) -> int:
    """The one request that learns the workspace's Toggl plan, spent only when the drift needs
    what a Free workspace lacks: archiving clients, or more than 5 active projects (its colours
    are all Toggl's preset ones, and it sets no premium field)."""
    active = sum(p.active for p in world.projects)
    adds = (
        len(drift.new_projects) + len(drift.activate) + len(drift.restore_all)
        + len(drift.restore_with_list)
    )  # fmt: skip
    return 1 if drift.archive_clients or (adds and active + adds > FREE_ACTIVE_PROJECTS) else 0


def write_bound(drift: Drift) -> int:
    """One write per changed object, one restore call per client covering its projects, the
    clients to archive in bulk archive calls of up to 100, and recolouring to a shared colour in
    bulk PATCHes of up to 100 projects."""
    per_color: dict[str, int] = {}
    for color in drift.new_colors.values():
        per_color[color] = per_color.get(color, 0) + 1
    return (
        len(drift.restore_with_list)
        + len(drift.restore_all)
        + math.ceil(len(drift.archive_clients) / BULK_ARCHIVE_CHUNK)
        + len(drift.new_notes)
        + len(drift.new_clients)
        + len(drift.new_projects)
        + len(drift.activate)
        + len(drift.archive_projects)
        + sum(math.ceil(n / BULK_CHUNK) for n in per_color.values())
    )
