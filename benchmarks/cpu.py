"""Plan CPU and peak memory beside a bare download of the same pages, at three sizes.

Usage: python benchmarks/cpu.py [--sizes 10k,20k,50k] [--runs 3] [--json FILE]
(`make bench` runs it too, after the request table.)

For each size: a sandbox seeded with a world of that size (world.py), served over HTTP on a thread
of this process, and two configs that describe the whole workspace as `export` writes it: the
export of the workspace itself (planning it changes nothing: the everyday plan of a pull request
that touches a few lines), and the export of the desired state of world.py's drift (10% of every
kind of change: some 17,500 actions at 50,000 projects), so the plan has real work. Then, each
in a fresh process, RUNS times in turn (the median is reported):
- bare.py: the same pages with requests + json and nothing else, the floor for any plan;
- yaml_events.py: libyaml's parser run over the drift config, every event dropped (plan reads
  block-style YAML with its own quick reader, and pays this only for other files);
- `toggl-reconciler plan CONFIG` through measure.py, for each config: CPU (user + sys), peak memory;
- stages.py: plan's steps one after the other, timed, to show where the CPU goes (drift config).
The sandbox's own work happens in this process and is counted in none of them.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.world import (  # noqa: E402
    World,
    build_drift,
    build_world,
    desired_world,
    seed_backend,
)
from reconciler.export import export_config  # noqa: E402
from reconciler.state import Client, Project, Workspace  # noqa: E402
from toggl_sandbox import ThreadedServer  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MEASURE = HERE / "measure.py"

# name -> (clients, projects)
CPU_SIZES: dict[str, tuple[int, int]] = {
    "10k": (1_000, 10_000),
    "20k": (2_000, 20_000),
    "50k": (5_000, 50_000),
}
RUNS = 5
STAGES = ("start-up", "load", "read", "plan", "checks", "render")
# The goal: plan within this factor of the bare download, in CPU and in peak memory.
TARGET_RATIO = 2.0


def compile_packages() -> None:
    """Write the bytecode of the repository's packages, as pip does when it installs the wheel.

    An editable install has none of its own, and with PYTHONDONTWRITEBYTECODE set (common in
    containers) every child process would compile each module from source again: some 0.04 s of
    start-up that no installed copy pays, while the bare download's requests comes compiled."""
    for package in ("reconciler", "toggl_sandbox", "benchmarks"):
        compileall.compile_dir(ROOT / package, quiet=1)


def _env(server: ThreadedServer) -> dict[str, str]:
    env = dict(os.environ, TOGGL_API_TOKEN=server.token, TOGGL_API_URL=server.url)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["NO_COLOR"] = "1"
    # The sandbox here has no short-term limit: measure requests and CPU, not pauses between them.
    env["TOGGL_REQUEST_INTERVAL"] = "0"
    return env


def _run(argv: list[str], env: dict[str, str]) -> float:
    """Run a child process to completion; its CPU seconds (user + sys)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, *argv],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited with {done.returncode}:\n{done.stderr}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _report_of(
    command: list[str], args: list[str], env: dict[str, str]
) -> tuple[float, dict[str, Any]]:
    """Run `command REPORT.json ARGS`; its CPU seconds and the report it wrote."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        report = Path(fh.name)
    try:
        cpu = _run([*command, str(report), *args], env)
        return cpu, json.loads(report.read_text(encoding="utf-8"))
    finally:
        report.unlink(missing_ok=True)


def _measured(module_args: list[str], env: dict[str, str]) -> dict[str, float]:
    """`python -m MODULE ARGS` through measure.py: CPU seconds and peak MiB."""
    cpu, report = _report_of([str(MEASURE)], module_args, env)
    return {"cpu_s": cpu, "peak_mib": report["maxrss_kib"] / 1024}


def export_text(world: World, workspace_id: int) -> str:
    """What `export` writes for a workspace holding `world`, as workspace `workspace_id`."""
    shadow = seed_backend(world)
    workspace = Workspace(
        id=workspace_id,
        clients=tuple(Client.from_api(c) for c in shadow.clients()),
        projects=tuple(Project.from_api(p) for p in shadow.projects()),
    )
    return export_config(workspace, source="benchmarks/cpu.py")


def _median(samples: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(s[key] for s in samples) for key in samples[0]}


def measure_size(name: str, runs: int = RUNS) -> dict[str, Any]:
    clients, projects = CPU_SIZES[name]
    world = build_world(clients, projects)
    backend = seed_backend(world)
    text = export_text(desired_world(world, build_drift(world)), backend.workspace_id)
    unchanged_text = export_text(world, backend.workspace_id)
    bare: list[dict[str, float]] = []
    events: list[dict[str, float]] = []
    plan: list[dict[str, float]] = []
    unchanged: list[dict[str, float]] = []
    stages: list[dict[str, float]] = []
    requests: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix=f"bench-cpu-{name}-") as tmp:
        config = Path(tmp) / "workspace.yaml"
        config.write_text(text, encoding="utf-8")
        unchanged_config = Path(tmp) / "unchanged.yaml"
        unchanged_config.write_text(unchanged_text, encoding="utf-8")
        with ThreadedServer(backend) as server:
            env = _env(server)
            for _ in range(runs):
                # In turn, so a busy moment on the machine does not fall on one kind only.
                first = len(backend.requests)
                bare.append(_measured(["benchmarks.bare", str(backend.workspace_id)], env))
                requests["bare"] = len(backend.requests) - first
                events.append(_measured(["benchmarks.yaml_events", str(config)], env))
                first = len(backend.requests)
                # The drift archives more than the default safety share: plan would refuse
                # (after the same work) and exit 1.
                argv = ["reconciler", "plan", str(config), "--max-destructive-percent", "100"]
                plan.append(_measured(argv, env))
                requests["plan"] = len(backend.requests) - first
                # Exit 0: no changes, nothing refused.
                unchanged.append(_measured(["reconciler", "plan", str(unchanged_config)], env))
                _, report = _report_of(["-m", "benchmarks.stages"], [str(config)], env)
                stages.append(report["stages"])
    return {
        "size": name,
        "clients": clients,
        "projects": projects,
        "config_bytes": len(text.encode("utf-8")),
        "runs": runs,
        "requests": requests,
        "bare": _median(bare),
        "yaml_events": _median(events),
        "plan": _median(plan),
        "plan_unchanged": _median(unchanged),
        "stages": _median(stages),
    }


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return [_row(header), "|" + "---|" * len(header), *(_row(r) for r in rows)]


def _objects(r: dict[str, Any]) -> str:
    return f"{r['clients']:,} / {r['projects']:,}"


def _grew(before: float, after: float) -> str:
    return f"{after / before:.1f}x" if before > 0 else "-"


def cpu_tables(results: list[dict[str, Any]]) -> str:
    """Three Markdown tables: plan vs bare download, plan's stages, growth between sizes."""
    runs = results[0]["runs"] if results else RUNS
    lines = [f"Plan against a bare download of the same pages (median of {runs} fresh processes):"]
    lines += [""]
    lines += _table(
        [
            "clients / projects",
            "config",
            "requests (plan / bare)",
            "bare download CPU s",
            "YAML events alone CPU s",
            "plan CPU s, no changes",
            "plan / bare",
            "plan CPU s, 10% drift",
            "plan / bare",
            "bare peak MiB",
            "plan peak MiB (drift)",
            "plan / bare",
        ],
        [
            [
                _objects(r),
                f"{r['config_bytes'] / 2**20:.1f} MiB",
                f"{r['requests']['plan']} / {r['requests']['bare']}",
                f"{r['bare']['cpu_s']:.2f}",
                f"{r['yaml_events']['cpu_s']:.2f}",
                f"{r['plan_unchanged']['cpu_s']:.2f}",
                f"{r['plan_unchanged']['cpu_s'] / r['bare']['cpu_s']:.1f}x",
                f"{r['plan']['cpu_s']:.2f}",
                f"{r['plan']['cpu_s'] / r['bare']['cpu_s']:.1f}x",
                f"{r['bare']['peak_mib']:.0f}",
                f"{r['plan']['peak_mib']:.0f}",
                f"{r['plan']['peak_mib'] / r['bare']['peak_mib']:.1f}x",
            ]
            for r in results
        ],
    )
    lines += [
        "",
        "Where plan's CPU goes, in seconds (the same steps timed in one process, drift config):",
        "",
    ]
    lines += _table(
        ["clients / projects", *STAGES, "total"],
        [[_objects(r), *(f"{r['stages'][s]:.2f}" for s in (*STAGES, "total"))] for r in results],
    )
    if len(results) > 1:
        lines += ["", "Growth from one size to the next (linear: each ratio near the data's):", ""]
        rows = []
        for small, big in zip(results[:-1], results[1:], strict=True):
            rows.append(
                [
                    f"{small['size']} -> {big['size']}",
                    _grew(small["projects"], big["projects"]),
                    *(_grew(small["stages"][s], big["stages"][s]) for s in STAGES),
                    _grew(small["plan_unchanged"]["cpu_s"], big["plan_unchanged"]["cpu_s"]),
                    _grew(small["plan"]["cpu_s"], big["plan"]["cpu_s"]),
                    _grew(small["bare"]["cpu_s"], big["bare"]["cpu_s"]),
                ]
            )
        header = ["sizes", "data", *STAGES, "plan (no changes)", "plan (drift)", "bare download"]
        lines += _table(header, rows)
    lines += [
        "",
        "Configs: the whole workspace as `export` writes it: the workspace itself (no changes),",
        "and the desired state 10% away from it in every kind of change (drift). Bare download:",
        "requests + json of the same pages, nothing else. YAML events alone: libyaml's parser over",
        "the drift config, nothing built (start-up included in both).",
        "Start-up: the interpreter and the imports; it does not grow with the data. Target:",
        f"plan within {TARGET_RATIO:.0f}x the bare download in CPU and in peak memory.",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Plan CPU and memory vs a bare download.")
    parser.add_argument("--sizes", default=",".join(CPU_SIZES), help="comma-separated: 10k,...")
    parser.add_argument("--runs", type=int, default=RUNS, help="fresh processes per figure")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in CPU_SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(CPU_SIZES)}")
    compile_packages()
    results = []
    for size in sizes:
        started = time.perf_counter()
        results.append(measure_size(size, max(1, args.runs)))
        print(f"  {size} measured in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    print(cpu_tables(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
