"""CPU time of the pure diff, `make_plan`, on synthetic worlds built in Python (no sandbox, no
HTTP).

Usage: python benchmarks/plan_time.py [--sizes 500/5000,5000/50000,10000/100000] [--repeat 3]

Each size is CLIENTS/PROJECTS: the benchmark's seeded world and its 10% drift, the config text
parsed as the command would, and the live side as a Workspace. Prints the best of `--repeat` runs
of `make_plan` per size and how the time grows from one size to the next beside how the data grows:
linear code grows by about the same factor, quadratic code by its square.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.world import World, build_drift, build_world, config_yaml  # noqa: E402
from reconciler.config import Config, parse_config  # noqa: E402
from reconciler.planner import make_plan  # noqa: E402
from reconciler.state import Client, Project, Workspace  # noqa: E402

WORKSPACE_ID = 4242


def workspace_of(world: World) -> Workspace:
    """The world as the planner reads it, with ids in Toggl's style."""
    ids = {c.name: 60_000_000 + i for i, c in enumerate(world.clients)}
    clients = tuple(
        Client(ids[c.name], c.name, archived=c.archived, notes=c.notes, at="2024-06-01T00:00:00Z")
        for c in world.clients
    )
    projects = tuple(
        Project(
            200_000_000 + i,
            p.name,
            client_id=ids[p.client] if p.client is not None else None,
            active=p.active,
            color=p.color,
            at="2024-06-01T00:00:00Z",
        )
        for i, p in enumerate(world.projects)
    )
    return Workspace(WORKSPACE_ID, "Benchmark", clients, projects)


def scenario(clients: int, projects: int) -> tuple[Config, Workspace]:
    world = build_world(clients, projects)
    text = config_yaml(world, build_drift(world), WORKSPACE_ID)
    return parse_config(text, "workspace.yaml"), workspace_of(world)


def best_time(config: Config, workspace: Workspace, repeat: int) -> tuple[float, int]:
    best, actions = float("inf"), 0
    for _ in range(repeat):
        start = time.process_time()
        plan = make_plan(config, workspace)
        best = min(best, time.process_time() - start)
        actions = len(plan.actions)
    return best, actions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500/5000,5000/50000,10000/100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print("| clients / projects | actions | make_plan CPU s | data x | time x |")
    print("|---|---|---|---|---|")
    previous: tuple[int, float] | None = None
    for size in args.sizes.split(","):
        clients, projects = (int(n) for n in size.split("/"))
        config, workspace = scenario(clients, projects)
        seconds, actions = best_time(config, workspace, args.repeat)
        growth = "-", "-"
        if previous is not None:
            growth = f"{projects / previous[0]:.1f}", f"{seconds / previous[1]:.1f}"
        print(
            f"| {clients:,} / {projects:,} | {actions:,} | {seconds:.3f} | "
            f"{growth[0]} | {growth[1]} |"
        )
        previous = (projects, seconds)


if __name__ == "__main__":
    main()
