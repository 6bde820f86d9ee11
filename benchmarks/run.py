"""Requests, time and memory of `plan` and `apply` at scale, beside the lower bound and two
per-resource providers (naive, and one that batches reads). Prints Markdown tables (reads and
writes counted apart) and writes the same figures as JSON.

Usage: python benchmarks/run.py [--sizes S,M,L] [--json benchmarks/results.json] [--no-baseline]
                                [--cpu-sizes 10k,20k,50k]

Each size seeds a sandbox straight from Python, serves it over HTTP on a thread of this process and
runs the real command line in a child process. The child's CPU time is therefore the time spent
outside waiting on HTTP; the server's work is not in it. Peak memory is what each child reports
for itself (see measure.py). Then cpu.py sets plan's CPU and memory beside a bare download of
the same pages.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.cpu import CPU_SIZES, compile_packages, cpu_tables, measure_size  # noqa: E402
from benchmarks.incremental import (  # noqa: E402
    INCREMENTAL_SIZES,
    incremental_table,
    measure_incremental,
)
from benchmarks.startup import measure_startup, startup_table  # noqa: E402
from benchmarks.world import (  # noqa: E402
    SIZES,
    Drift,
    World,
    build_drift,
    build_world,
    config_yaml,
    desired_world,
    plan_lookup_bound,
    read_bound,
    same_state,
    seed_backend,
    world_of,
    write_bound,
)
from toggl_sandbox import Backend, ThreadedServer  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MEASURE = HERE / "measure.py"
DEFAULT_JSON = "benchmarks/results.json"


@dataclass
class Measurement:
    requests: int
    reads: int
    writes: int
    wall_s: float
    cpu_s: float  # user + sys of the child
    peak_mib: float
    exit_code: int


def run_measured(backend: Backend, module_args: list[str], env: dict[str, str]) -> Measurement:
    """Run `python -m MODULE ARGS` through measure.py; count what the backend received meanwhile."""
    first = len(backend.requests)
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        report_path = fh.name
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(MEASURE), report_path, *module_args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        report = json.loads(Path(report_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise RuntimeError(f"{' '.join(module_args)} failed:\n{done.stderr}") from None
    finally:
        Path(report_path).unlink(missing_ok=True)
    received = backend.requests[first:]
    reads = sum(1 for r in received if r.method == "GET")
    return Measurement(
        requests=len(received),
        reads=reads,
        writes=len(received) - reads,
        wall_s=wall,
        cpu_s=(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        peak_mib=report["maxrss_kib"] / 1024,
        exit_code=done.returncode,
    )


def _env(server: ThreadedServer) -> dict[str, str]:
    env = dict(os.environ, TOGGL_API_TOKEN=server.token, TOGGL_API_URL=server.url)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["NO_COLOR"] = "1"
    # The sandbox here has no short-term limit: measure requests and CPU, not pauses between them.
    env["TOGGL_REQUEST_INTERVAL"] = "0"
    return env


def _check(step: str, m: Measurement, allowed: tuple[int, ...] = (0,)) -> Measurement:
    if m.exit_code not in allowed:
        raise RuntimeError(f"{step} exited with {m.exit_code}")
    return m


def measure_tool(world: World, drift: Drift, workdir: Path) -> dict[str, Any]:
    """plan, apply --auto-approve --force, then plan again: the figures and whether it converged."""
    backend = seed_backend(world)
    config = workdir / "workspace.yaml"
    config.write_text(config_yaml(world, drift, backend.workspace_id), encoding="utf-8")
    cli = ["reconciler"]
    with ThreadedServer(backend) as server:
        env = _env(server)
        plan = _check("plan", run_measured(backend, [*cli, "plan", str(config)], env))
        apply = _check(
            "apply",
            run_measured(backend, [*cli, "apply", str(config), "--auto-approve", "--force"], env),
        )
        again = run_measured(backend, [*cli, "plan", str(config), "--detailed-exitcode"], env)
    reached = same_state(world_of(backend), desired_world(world, drift))
    return {
        "plan": plan,
        "apply": apply,
        "plan_after": again,
        # Empty second plan (exit 0 under --detailed-exitcode) and the sandbox holds the target.
        "converged": again.exit_code == 0 and reached,
    }


def measure_naive(
    world: World, drift: Drift, workdir: Path, refresh: str = "per-object"
) -> dict[str, Any]:
    """A per-resource provider (baseline.py) in a child process, against a fresh copy of the same
    world: `per-object` refresh is the naive provider, `lists` the one that batches reads."""
    backend = seed_backend(world)
    target = desired_world(world, drift)
    desired = workdir / "desired.json"
    phases = workdir / "phases.json"
    desired.write_text(
        json.dumps(
            {
                "workspace_id": backend.workspace_id,
                "clients": [asdict(c) for c in target.clients],
                "projects": [asdict(p) for p in target.projects],
            }
        ),
        encoding="utf-8",
    )
    args = ["benchmarks.baseline", "--desired", str(desired), "--phases", str(phases)]
    args += ["--refresh", refresh]
    with ThreadedServer(backend) as server:
        whole = _check(f"{refresh} provider", run_measured(backend, args, _env(server)))
    refresh_phase = json.loads(phases.read_text(encoding="utf-8"))["refresh"]
    return {
        "refresh": {
            "requests": refresh_phase["requests"],
            "wall_s": refresh_phase["wall_s"],
            "cpu_s": refresh_phase["cpu_s"],
        },
        "apply": whole,
        "converged": same_state(world_of(backend), target),
    }


def run_size(size: str, with_baseline: bool = True) -> dict[str, Any]:
    clients, projects = SIZES[size]
    world = build_world(clients, projects)
    drift = build_drift(world)
    reads = read_bound(len(world.projects)) + plan_lookup_bound(world, drift)
    with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as tmp:
        tool = measure_tool(world, drift, Path(tmp))
        naive = measure_naive(world, drift, Path(tmp)) if with_baseline else None
        lists = measure_naive(world, drift, Path(tmp), "lists") if with_baseline else None
    return {
        "size": size,
        "clients": clients,
        "projects": projects,
        "drift": drift.counts(),
        "bound": {"plan": reads, "apply": reads + write_bound(drift)},
        "tool": tool,
        "naive": naive,
        "list_reads": lists,
    }


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
    }


HEADER = (
    "| size | clients / projects | step | requests (reads + writes) | lower bound | wall s "
    "| CPU s | peak MiB | converged |"
)
VERSUS = (
    "| size | step | reconciler reads / writes | naive reads / writes | naive / reconciler "
    "| list-reading reads / writes | list-reading / reconciler |"
)
BOUND_NOTE = """\
Lower bound: plan 2 + floor(projects/200) (the clients, then pages of 200 until a short one),
and 1 to learn the workspace's Toggl plan (these drifts archive clients); apply adds one write
per changed object, one restore call per client (covering its projects), one bulk archive call
per 100 clients, one PATCH per 100 projects given the same colour. It rests on three assumptions:
bulk PATCH cannot set `active` (so each project archived or brought back on its own is one
PUT); one restore call brings back a client with its listed projects (or all of them), and one
archive call archives a client's projects; a bulk PATCH takes up to 100 ids. CPU s is the
command's own (user + sys); the sandbox server runs in the benchmark's process and is not
counted.

Baselines, both writing object by object (a restore brings back the client alone, then one
update per project; an archive follows one update per active project): naive refreshes with
one GET per object after listing ids; list-reading refreshes with the list calls, as the
reconciler does. Plan rows: the refresh alone. Ratios: the baseline's reads over the
reconciler's / its writes over the reconciler's."""


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _rule(header: str) -> str:
    return "|" + "---|" * (header.count(" | ") + 1)


def _split(phase: dict[str, Any], step: str, refresh: dict[str, Any]) -> tuple[int, int]:
    """(reads, writes) of a baseline for one step: the plan step is its refresh alone."""
    if step == "plan":
        return refresh["requests"], 0
    return phase["reads"], phase["writes"]


def _ratio(theirs: int, ours: int) -> str:
    return f"{theirs / ours:.1f}x" if ours else "-"


def table(results: list[dict[str, Any]]) -> str:
    lines = [HEADER, _rule(HEADER)]
    for r in results:
        objects = f"{r['clients']:,} / {r['projects']:,}"
        for step in ("plan", "apply"):
            m: Measurement = r["tool"][step]
            converged = "-"
            if step == "apply":
                converged = "yes" if r["tool"]["converged"] else "NO"
            lines.append(
                _row(
                    [
                        r["size"],
                        objects,
                        step,
                        f"{m.requests:,} ({m.reads:,} + {m.writes:,})",
                        f"{r['bound'][step]:,}",
                        f"{m.wall_s:.1f}",
                        f"{m.cpu_s:.1f}",
                        f"{m.peak_mib:.0f}",
                        converged,
                    ]
                )
            )
    return "\n".join(lines)


def versus_table(results: list[dict[str, Any]]) -> str:
    """Reads and writes of the reconciler beside the two per-resource baselines."""
    lines = [VERSUS, _rule(VERSUS)]
    for r in results:
        if r["naive"] is None or r["list_reads"] is None:
            continue
        for step in ("plan", "apply"):
            m: Measurement = r["tool"][step]
            cells = [r["size"], step, f"{m.reads:,} / {m.writes:,}"]
            for base in (r["naive"], r["list_reads"]):
                reads, writes = _split(asdict(base["apply"]), step, base["refresh"])
                ratio = f"{_ratio(reads, m.reads)} / {_ratio(writes, m.writes)}"
                cells += [f"{reads:,} / {writes:,}", ratio]
            lines.append(_row(cells))
    return "\n".join(lines)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Measurement):
        return asdict(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark plan and apply at S/M/L scale.")
    parser.add_argument("--sizes", default=",".join(SIZES), help="comma-separated: S,M,L")
    parser.add_argument("--json", default=DEFAULT_JSON, help="where to write the figures")
    parser.add_argument("--no-baseline", action="store_true", help="skip both baselines")
    parser.add_argument(
        "--cpu-sizes",
        default=",".join(CPU_SIZES),
        help="plan CPU vs a bare download at these sizes (comma-separated; empty: skip)",
    )
    args = parser.parse_args(argv)
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    cpu_sizes = [s.strip() for s in args.cpu_sizes.split(",") if s.strip()]
    unknown = [s for s in cpu_sizes if s not in CPU_SIZES]
    if unknown:
        choices = ", ".join(CPU_SIZES)
        parser.error(f"unknown CPU size(s) {', '.join(unknown)}; choose from {choices}")
    info = machine()
    print(
        f"Machine: {info['platform']} ({info['machine']}), {info['cpu_count']} CPUs, "
        f"Python {info['python']}"
    )
    compile_packages()  # as an installed copy has it (see cpu.compile_packages)
    startup = measure_startup()
    results = []
    for size in sizes:
        started = time.perf_counter()
        results.append(run_size(size, with_baseline=not args.no_baseline))
        print(f"  {size} measured in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    incremental = [measure_incremental(size) for size in INCREMENTAL_SIZES]
    cpu = []
    for size in cpu_sizes:
        started = time.perf_counter()
        cpu.append(measure_size(size))
        print(f"  CPU {size} measured in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    print()
    print(startup_table(startup))
    print()
    print(table(results))
    if not args.no_baseline:
        print()
        print(versus_table(results))
    print()
    print(BOUND_NOTE)
    over = [r["size"] for r in results if r["tool"]["plan"].reads > r["bound"]["plan"]]
    if over:
        print(f"Reads above the bound at {', '.join(over)}.")
    print()
    print("Requests of incremental plans (--snapshot), against a full read:")
    print()
    print(incremental_table(incremental))
    if cpu:
        print()
        print(cpu_tables(cpu))
    out = Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "machine": info,
        "startup": startup,
        "results": [_jsonable(r) for r in results],
        "incremental": incremental,
        "cpu": cpu,
    }
    out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(f"\nWrote {out}.")


if __name__ == "__main__":
    main()
