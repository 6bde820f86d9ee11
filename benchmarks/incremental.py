"""Requests of an incremental plan (`--snapshot`) beside a full read, at scale.

For each size: a workspace whose config matches it (as `export` writes it), a first plan that reads
everything and writes the snapshot, then three changes made behind the tool's back (a project
renamed, a client archived with its projects, a project created), a plan with the snapshot, a
second one with nothing changed since, and a plan without the snapshot for comparison. The plans
with and without the snapshot must agree. Requests are what the sandbox server received.

Usage: python benchmarks/incremental.py [--sizes 5k,50k]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.cpu import export_text  # noqa: E402
from benchmarks.world import build_world, seed_backend  # noqa: E402
from reconciler import Reconciler  # noqa: E402
from toggl_sandbox import Backend, ThreadedServer  # noqa: E402

# name -> (clients, projects)
INCREMENTAL_SIZES: dict[str, tuple[int, int]] = {
    "5k": (500, 5_000),
    "50k": (5_000, 50_000),
}


def _behind_the_back(backend: Backend) -> None:
    """Three changes made in Toggl, not through the tool."""
    space = backend.space(None)
    active = sorted(c for c in space.clients if not space.clients[c]["archived"])
    project = min(p for p in space.projects if space.projects[p]["active"])
    backend.update_project(None, project, {"name": "Renamed by hand"}, check_plan=False)
    backend.archive_client(None, active[0], check_plan=False)
    backend.add_project("Made by hand", client_id=active[1])


class _Clock:
    """The sandbox's clock, moved on by hand: the world was built long before the changes, as a
    real workspace was (the snapshot's overlap margin reaches 5 minutes back from its newest
    `at`, so a world built a second ago would be read again in full)."""

    def __init__(self) -> None:
        self.now = time.time() - 3 * 3600

    def __call__(self) -> float:
        return self.now


def measure_incremental(name: str) -> dict[str, Any]:
    clients, projects = INCREMENTAL_SIZES[name]
    clock = _Clock()
    backend = seed_backend(build_world(clients, projects), Backend(clock=clock))
    # Then, an hour later, the latest edit before the first plan (a PUT that changes nothing but
    # the client's `at`): the snapshot's margin reaches back from it, not over the whole build.
    clock.now += 3600
    first = min(backend.space(None).clients)
    backend.update_client(None, first, {"name": backend.space(None).clients[first]["name"]})
    text = export_text(build_world(clients, projects), backend.workspace_id)
    with tempfile.TemporaryDirectory(prefix=f"bench-incremental-{name}-") as tmp:
        config = Path(tmp) / "workspace.yaml"
        config.write_text(text, encoding="utf-8")
        snapshot = Path(tmp) / "snapshot.json"
        with ThreadedServer(backend) as server:

            def plan(with_snapshot: bool) -> tuple[int, dict[str, Any]]:
                before = len(backend.requests)
                rec = Reconciler(
                    server.token,
                    server.url,
                    snapshot=snapshot if with_snapshot else None,
                    request_interval=0,  # the sandbox here has no short-term limit
                )
                actions = rec.plan(config).to_dict()["actions"]
                return len(backend.requests) - before, {"actions": actions}

            first, _ = plan(True)
            clock.now += 3600  # the changes come an hour later
            _behind_the_back(backend)
            clock.now += 60
            changed, incremental = plan(True)
            clock.now += 3600
            again, _ = plan(True)
            full, reference = plan(False)
    if incremental != reference:
        raise AssertionError(f"{name}: the incremental plan differs from the full read's")
    return {
        "size": name,
        "clients": clients,
        "projects": projects,
        "first": first,
        "changed": changed,
        "again": again,
        "full": full,
    }


def incremental_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| clients / projects | first plan (full read, snapshot written) | after 3 changes "
        "behind the tool's back | next plan, nothing changed | the same plan without "
        "the snapshot |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['clients']:,} / {r['projects']:,} | {r['first']} | {r['changed']} | "
            f"{r['again']} | {r['full']} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Requests of incremental plans at scale.")
    parser.add_argument("--sizes", default=",".join(INCREMENTAL_SIZES))
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    print(incremental_table([measure_incremental(s) for s in sizes]))


if __name__ == "__main__":
    main()
