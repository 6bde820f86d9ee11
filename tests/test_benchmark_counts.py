"""The benchmark's request counts on size S: plan and apply through the real command line against
the sandbox server must spend exactly the lower bound computed from the drift, and converge.

S holds exactly 200 projects, one full page: reading goes on to the empty second page, because
only a short page ends it (`total_count` is not documented, so it is not trusted to)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.run import measure_naive, measure_tool  # noqa: E402
from benchmarks.world import (  # noqa: E402
    SIZES,
    Drift,
    World,
    build_drift,
    build_world,
    plan_lookup_bound,
    read_bound,
    write_bound,
)


@pytest.fixture(scope="module")
def world_s() -> tuple[World, Drift]:
    world = build_world(*SIZES["S"])
    return world, build_drift(world)


@pytest.fixture(scope="module")
def tool_s(
    world_s: tuple[World, Drift], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    world, drift = world_s
    return measure_tool(world, drift, tmp_path_factory.mktemp("tool"))


def test_world_and_drift_are_deterministic(world_s: tuple[World, Drift]) -> None:
    world, drift = world_s
    again = build_world(*SIZES["S"])
    assert again == world
    assert build_drift(again) == drift


def test_drift_has_every_kind_of_change(world_s: tuple[World, Drift]) -> None:
    _, drift = world_s
    counts = drift.counts()
    assert all(n > 0 for n in counts.values()), counts
    # Recolouring goes in bulk, so the bound is below one write per changed object.
    assert write_bound(drift) < sum(counts.values())


def test_plan_reads_only_the_pages_it_needs(
    world_s: tuple[World, Drift], tool_s: dict[str, Any]
) -> None:
    world, drift = world_s
    plan = tool_s["plan"]
    # The drift archives clients: one more read learns the workspace's Toggl plan.
    assert plan_lookup_bound(world, drift) == 1
    reads = read_bound(len(world.projects)) + plan_lookup_bound(world, drift)
    assert (plan.reads, plan.writes) == (reads, 0)


def test_apply_writes_exactly_the_lower_bound(
    world_s: tuple[World, Drift], tool_s: dict[str, Any]
) -> None:
    world, drift = world_s
    apply = tool_s["apply"]
    assert apply.writes == write_bound(drift)
    assert apply.reads == read_bound(len(world.projects)) + plan_lookup_bound(world, drift)


def test_apply_converges(tool_s: dict[str, Any]) -> None:
    assert tool_s["converged"]
    assert tool_s["plan_after"].writes == 0


def test_naive_provider_converges_with_more_requests(
    world_s: tuple[World, Drift], tool_s: dict[str, Any], tmp_path: Path
) -> None:
    world, drift = world_s
    naive = measure_naive(world, drift, tmp_path)
    assert naive["converged"]
    # It reads every object one by one: at least one GET per client and per project.
    assert naive["refresh"]["requests"] >= len(world.clients) + len(world.projects)
    assert naive["apply"].requests > tool_s["apply"].requests


def test_a_provider_that_batches_reads_reads_as_we_do_and_writes_more(
    world_s: tuple[World, Drift], tool_s: dict[str, Any], tmp_path: Path
) -> None:
    world, drift = world_s
    lists = measure_naive(world, drift, tmp_path, refresh="lists")
    assert lists["converged"]
    assert lists["refresh"]["requests"] == read_bound(len(world.projects))
    # The tool reads the same lists, plus the workspace object: this drift archives clients, a
    # paid-plan feature, so the plan learns the workspace's Toggl plan (one request).
    assert lists["apply"].reads == tool_s["apply"].reads - 1
    # Per-object writes: every project a restore or an archive covers is one more write.
    assert lists["apply"].writes > tool_s["apply"].writes
