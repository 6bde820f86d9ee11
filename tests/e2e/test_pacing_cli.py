"""Pacing through the command against the sandbox server over HTTP, under its short-term limit
(`set_rate_limit`, the leaky bucket behind `--rate-limit`). Time is a fake clock shared by the
sandbox and the tool's pauses, so nothing here waits for real."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner

import reconciler.toggl
from reconciler.cli import main
from toggl_sandbox import Backend, ThreadedServer


class FakeTime:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    fake = FakeTime()
    monkeypatch.setattr(reconciler.toggl, "_monotonic", fake.clock)
    monkeypatch.setattr(reconciler.toggl, "_pause", fake.sleep)
    return fake


@pytest.fixture
def limited(fake_time: FakeTime) -> Iterator[ThreadedServer]:
    backend = Backend(clock=fake_time.clock)
    backend.set_rate_limit(3)  # as `toggl-reconciler sandbox --rate-limit 3`
    with ThreadedServer(backend) as server:
        yield server


def apply_nine_creates(server: ThreadedServer, tmp_path, *options: str, env: dict | None = None):
    config = tmp_path / "w.yaml"
    names = "".join(f"  - Client {i}\n" for i in range(9))
    config.write_text(
        f"version: 1\nworkspace: {server.backend.workspace_id}\nclients:\n"
        + names.replace("  - ", "  - name: ")
    )
    base = {"TOGGL_API_TOKEN": server.token, "TOGGL_API_URL": server.url, "NO_COLOR": "1"}
    return CliRunner().invoke(
        main, [*options, "apply", str(config), "--auto-approve"], env={**base, **(env or {})}
    )


def statuses(server: ThreadedServer) -> list[int]:
    return [r.status for r in server.backend.requests]


def test_paced_apply_sends_one_request_per_write(limited, tmp_path, fake_time):
    result = apply_nine_creates(limited, tmp_path, "--request-interval", "1.1")
    assert result.exit_code == 0, result.output
    assert 429 not in statuses(limited)
    assert len(limited.backend.requests) == 2 + 9  # the read, then one request per write
    assert len(limited.backend.clients()) == 9
    assert all(pause <= 1.1 for pause in fake_time.slept)


def test_the_default_pace_comes_from_the_environment_or_stays_below_the_limit(
    limited, tmp_path, monkeypatch
):
    monkeypatch.delenv("TOGGL_REQUEST_INTERVAL")  # the tool's own default
    result = apply_nine_creates(limited, tmp_path)
    assert result.exit_code == 0, result.output
    assert 429 not in statuses(limited) and len(limited.backend.requests) == 11


def test_without_pacing_the_limit_costs_a_request_per_write(limited, tmp_path):
    result = apply_nine_creates(limited, tmp_path, env={"TOGGL_REQUEST_INTERVAL": "0"})
    assert result.exit_code == 0, result.output
    assert statuses(limited).count(429) >= 8
    assert "Toggl rate limit (429); waiting 1 s before retrying" in result.output


def test_a_bad_interval_is_one_clear_error(server_sandbox, tmp_path):
    config = tmp_path / "w.yaml"
    config.write_text(f"version: 1\nworkspace: {server_sandbox.backend.workspace_id}\n")
    env = {"TOGGL_API_TOKEN": server_sandbox.token, "TOGGL_API_URL": server_sandbox.url}
    result = CliRunner().invoke(
        main, ["plan", str(config)], env={**env, "TOGGL_REQUEST_INTERVAL": "soon"}
    )
    assert result.exit_code == 1
    expected = "Error: TOGGL_REQUEST_INTERVAL must be a number of seconds, not 'soon'\n"
    assert result.output == expected
    assert server_sandbox.backend.requests == []
