"""Faults from the sandbox: 429 bursts, 5xx, dropped answers, the hourly quota, the Free plan.

Each test ends by checking the sandbox object by object (nothing lost, nothing duplicated) and that
a second plan is empty."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from reconciler.apply import ApplyStopped, apply_plan
from reconciler.cli import main
from reconciler.config import parse_config
from reconciler.errors import FeatureUnavailable, QuotaExhausted
from reconciler.planner import make_plan
from reconciler.toggl import TogglClient


def config_for(backend, body: str):
    text = f"version: 1\nworkspace: {backend.workspace_id}\n" + textwrap.dedent(body)
    return parse_config(text, "test.yaml")


@pytest.fixture
def slept():
    return []


@pytest.fixture
def client(sandbox, slept):
    """A client on either transport whose waits are recorded, not slept."""
    return TogglClient(sandbox.token, sandbox.url, sleep=slept.append, notify=lambda m: None)


def plan_now(client, config):
    return make_plan(config, client.read_workspace(config.workspace))


def names(items):
    return sorted(i["name"] for i in items)


def assert_converged(client, config):
    assert plan_now(client, config).actions == ()


CREATE_WORLD = """
    clients:
      - name: Hooli
        projects: [Nucleus, Pied Piper]
      - name: Initech
        projects: all
"""


def seed_initech(backend):
    initech = backend.add_client("Initech", archived=True)
    for name in ("TPS", "Printers"):
        backend.add_project(name, client_id=initech["id"], active=False)
    return initech


def test_429_bursts_are_waited_out(sandbox, client, slept):
    b = sandbox.backend
    seed_initech(b)
    config = config_for(b, CREATE_WORLD)
    b.fail_next("POST", r"/clients$", 429, count=2, headers={"Retry-After": "3"})
    b.fail_next("POST", r"/projects$", 429, count=1)
    apply_plan(client, plan_now(client, config))
    assert slept[:2] == [3.0, 3.0] and len(slept) == 3
    assert names(b.clients()) == ["Hooli", "Initech"]
    assert names(b.projects()) == ["Nucleus", "Pied Piper", "Printers", "TPS"]
    assert_converged(client, config)


def test_503_on_a_restore_is_checked_then_resent(sandbox, client):
    b = sandbox.backend
    initech = seed_initech(b)
    config = config_for(b, CREATE_WORLD)
    b.fail_next("POST", r"/restore$", 503)
    apply_plan(client, plan_now(client, config))
    restores = [r for r in b.requests if r.path.endswith("/restore")]
    assert [r.status for r in restores] == [503, 200]
    # Between the two tries, one read of the client showed it was still archived.
    i = b.requests.index(restores[0])
    assert b.requests[i + 1].method == "GET"
    assert b.requests[i + 1].path.endswith(f"/clients/{initech['id']}")
    assert all(p["active"] for p in b.projects())
    assert_converged(client, config)


def test_dropped_answer_after_a_committed_create_is_adopted(sandbox, client):
    b = sandbox.backend
    config = config_for(b, CREATE_WORLD.replace("  - name: Initech\n        projects: all\n", ""))
    b.drop_after_commit("POST", r"/clients$")
    b.drop_after_commit("POST", r"/projects$")
    outcomes = apply_plan(client, plan_now(client, config))
    assert names(b.clients()) == ["Hooli"]  # exactly one, not two
    assert names(b.projects()) == ["Nucleus", "Pied Piper"]
    hooli = b.clients()[0]
    assert all(p["client_id"] == hooli["id"] for p in b.projects())
    assert [o.adopted for o in outcomes] == [True, True, False]
    assert_converged(client, config)


def test_lost_archive_is_confirmed_by_a_read(sandbox, client):
    b = sandbox.backend
    umbrella = b.add_client("Umbrella")
    b.add_project("X", client_id=umbrella["id"])
    config = config_for(b, "clients: [{name: Umbrella, state: archived}]\n")
    b.drop_after_commit("POST", r"/archive$")
    apply_plan(client, plan_now(client, config))
    archives = [r for r in b.requests if r.path.endswith("/archive")]
    assert len(archives) == 1  # it had landed: not resent
    assert b.clients()[0]["archived"] is True and b.projects()[0]["active"] is False
    assert_converged(client, config)


def test_quota_running_out_stops_cleanly_and_a_rerun_converges(sandbox, client):
    b = sandbox.backend
    config = config_for(
        b,
        """
        clients:
          - name: A
          - name: B
          - name: C
          - name: D
    """,
    )
    plan = plan_now(client, config)
    b.set_quota(2)  # two more requests fit in this hour
    with pytest.raises(ApplyStopped) as stop:
        apply_plan(client, plan)
    assert isinstance(stop.value.__cause__, QuotaExhausted)
    assert [o.action.name for o in stop.value.done] == ["A", "B"]
    assert [a.name for a in stop.value.remaining] == ["C", "D"]
    assert names(b.clients()) == ["A", "B"]
    b.set_quota(30)
    b.reset_quota()  # the hour has passed
    rest = plan_now(client, config)
    assert [(a.op, a.name) for a in rest.actions] == [("create", "C"), ("create", "D")]
    apply_plan(client, rest)
    assert names(b.clients()) == ["A", "B", "C", "D"]
    assert_converged(client, config)


def test_archive_on_a_free_workspace_stops_with_a_clear_reason(sandbox, client):
    b = sandbox.backend
    b.add_client("Umbrella")
    b.set_free_plan()
    config = config_for(
        b,
        """
        clients:
          - name: New
          - name: Umbrella
            state: archived
    """,
    )
    with pytest.raises(ApplyStopped) as stop:
        apply_plan(client, plan_now(client, config))
    assert isinstance(stop.value.__cause__, FeatureUnavailable)
    assert [o.action.name for o in stop.value.done] == ["New"]
    state = {c["name"]: c["archived"] for c in b.clients()}
    assert state == {"New": False, "Umbrella": False}
    assert [a.name for a in stop.value.remaining] == ["Umbrella"]


def test_cli_reports_a_quota_stop_and_what_remains(server_sandbox, tmp_path):
    b = server_sandbox.backend
    path = tmp_path / "w.yaml"
    path.write_text(
        f"version: 1\nworkspace: {b.workspace_id}\n"
        "clients: [{name: A}, {name: B}, {name: C}]\n"
    )
    b.set_quota(3)  # the two reads and one create
    env = {"TOGGL_API_TOKEN": server_sandbox.token, "TOGGL_API_URL": server_sandbox.url}
    result = CliRunner().invoke(main, ["apply", str(path), "--auto-approve", "--force"], env=env)
    assert result.exit_code == 1
    assert "Applied 1 of 3 actions" in result.output
    assert "quota resets in" in result.output
    assert "Traceback" not in result.output
    assert names(b.clients()) == ["A"]


def test_cli_refuses_up_front_when_quota_cannot_cover_the_plan(server_sandbox, tmp_path):
    b = server_sandbox.backend
    path = tmp_path / "w.yaml"
    path.write_text(
        f"version: 1\nworkspace: {b.workspace_id}\n"
        "clients: [{name: A}, {name: B}, {name: C}]\n"
    )
    b.set_quota(4)  # the two reads and two of three creates
    env = {"TOGGL_API_TOKEN": server_sandbox.token, "TOGGL_API_URL": server_sandbox.url}
    result = CliRunner().invoke(main, ["apply", str(path), "--auto-approve"], env=env)
    assert result.exit_code == 1
    assert "only 2 remain" in result.output
    assert b.writes() == []


def test_free_plan_message_from_the_cli(server_sandbox, tmp_path):
    b = server_sandbox.backend
    b.add_client("Umbrella")
    b.add_client("Stays")  # archiving every active client would need --force as well
    b.set_free_plan()
    path = tmp_path / "w.yaml"
    path.write_text(
        f"version: 1\nworkspace: {b.workspace_id}\n"
        "safety: {max_destructive_percent: 100}\n"
        "clients: [{name: Umbrella, state: archived}]\n"
    )
    env = {"TOGGL_API_TOKEN": server_sandbox.token, "TOGGL_API_URL": server_sandbox.url}
    result = CliRunner().invoke(main, ["apply", str(path), "--auto-approve"], env=env)
    assert result.exit_code == 1
    assert "Toggl's Free plan" in result.output and "archiving clients" in result.output
    assert "Traceback" not in result.output
    assert b.writes() == []  # refused at plan time, before the archive was sent


def test_ctrl_c_finishes_the_action_in_flight_then_stops(sandbox, client):
    import os
    import signal

    b = sandbox.backend
    config = config_for(b, "clients: [{name: A}, {name: B}, {name: C}]\n")
    plan = plan_now(client, config)
    interrupted = []

    def press_ctrl_c(outcome):
        if not interrupted:
            interrupted.append(outcome.action.name)
            os.kill(os.getpid(), signal.SIGINT)  # arrives while the applier is between actions

    with pytest.raises(ApplyStopped) as stop:
        apply_plan(client, plan, on_done=press_ctrl_c, defer_interrupt=True)
    assert "Ctrl-C" in str(stop.value)
    assert [o.action.name for o in stop.value.done] == ["A"]
    assert [a.name for a in stop.value.remaining] == ["B", "C"]
    assert names(b.clients()) == ["A"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_library_apply_leaves_the_sigint_handler_alone(sandbox, client):
    import signal

    b = sandbox.backend
    config = config_for(b, "clients: [{name: A}, {name: B}]\n")
    handlers = []
    apply_plan(
        client,
        plan_now(client, config),
        on_done=lambda outcome: handlers.append(signal.getsignal(signal.SIGINT)),
    )
    assert handlers == [signal.default_int_handler] * 2


def test_cli_apply_stops_between_actions_on_ctrl_c(server_sandbox, tmp_path):
    import os
    import signal

    b = server_sandbox.backend
    path = tmp_path / "w.yaml"
    path.write_text(
        f"version: 1\nworkspace: {b.workspace_id}\nclients: [{{name: A}}, {{name: B}}]\n"
    )
    # Ctrl-C as the sandbox commits the first create: the command lets that request finish.
    b.on_commit.append(lambda: os.kill(os.getpid(), signal.SIGINT) if not b.clients()[1:] else None)
    env = {"TOGGL_API_TOKEN": server_sandbox.token, "TOGGL_API_URL": server_sandbox.url}
    result = CliRunner().invoke(main, ["apply", str(path), "--auto-approve"], env=env)
    assert result.exit_code == 1, result.output
    assert '+ created client "A"' in result.output
    assert "Apply stopped: interrupted by Ctrl-C" in result.output
    assert "Applied 1 of 2 actions" in result.output
    assert names(b.clients()) == ["A"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_cli_wait_for_quota_counts_down_and_carries_on(server_sandbox, tmp_path):
    b = server_sandbox.backend
    path = tmp_path / "w.yaml"
    clients = "clients: [{name: A}, {name: B}]\n"
    path.write_text(f"version: 1\nworkspace: {b.workspace_id}\n" + clients)
    quota_gone = {"X-Toggl-Quota-Remaining": "0", "X-Toggl-Quota-Resets-In": "1"}
    b.fail_next("POST", r"/clients$", 402, body="quota used up", headers=quota_gone)
    env = {"TOGGL_API_TOKEN": server_sandbox.token, "TOGGL_API_URL": server_sandbox.url}
    args = ["apply", str(path), "--auto-approve", "--force", "--wait-for-quota"]
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    assert "waiting 1 s for it to reset" in result.output
    assert names(b.clients()) == ["A", "B"]
