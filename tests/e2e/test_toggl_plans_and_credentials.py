"""The command against a sandbox server that behaves like real Toggl: a Free workspace's 402s,
a request that loses its credentials (401), project deletes that keep time entries, 64-bit ids.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from threading import Thread

import pytest
from click.testing import CliRunner, Result

from reconciler.cli import main
from reconciler.toggl import TogglClient
from toggl_sandbox import Backend, ThreadedServer


def run(server: ThreadedServer, *args: str, url: str | None = None) -> Result:
    env = {"TOGGL_API_TOKEN": server.token, "TOGGL_API_URL": url or server.url, "NO_COLOR": "1"}
    return CliRunner().invoke(main, list(args), env=env)


def write_config(tmp_path: Path, backend: Backend, body: str) -> str:
    path = tmp_path / "workspace.yaml"
    text = f"version: 1\nworkspace: {backend.workspace_id}\n" + textwrap.dedent(body)
    path.write_text(text)
    return str(path)


@pytest.fixture
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """Any wait for the quota is recorded and refused, so a regression fails instead of hanging."""
    waits: list[int | None] = []

    def refuse(self: TogglClient, resets_in: int | None) -> None:
        waits.append(resets_in)
        raise AssertionError("waited for the quota")

    monkeypatch.setattr(TogglClient, "_countdown", refuse)
    return waits


# -- a Free workspace ------------------------------------------------------------------------------
# A plan for a Free workspace is refused before anything is sent (tests/e2e/test_paid_features.py).
# A workspace moved to the Free plan between `plan --out` and `apply --plan` still meets Toggl's
# 402 at apply time: these tests plan on a paid workspace, then downgrade it.


def plan_then_downgrade(server: ThreadedServer, tmp_path: Path, config: str) -> str:
    """Save the plan of `config` while the workspace is paid, then make it Free."""
    saved = str(tmp_path / "plan.json")
    planned = run(server, "plan", config, "--out", saved)
    assert planned.exit_code == 0, planned.output
    server.backend.set_free_plan()
    return saved


def test_free_plan_archive_ends_at_once_with_the_plan_message_and_archives_nothing(
    server_sandbox: ThreadedServer, tmp_path: Path, no_waiting: list[int | None]
) -> None:
    b = server_sandbox.backend
    umbrella = b.add_client("Umbrella")
    b.add_project("Vaccines", client_id=umbrella["id"])
    b.add_project("Kept", client_id=b.add_client("Stays")["id"])  # else --force is needed too
    config = write_config(
        tmp_path, b, "safety: {max_destructive_percent: 100}\n"
        "clients: [{name: Umbrella, state: archived}]\n",
    )  # fmt: skip
    saved = plan_then_downgrade(server_sandbox, tmp_path, config)
    result = run(server_sandbox, "apply", config, "--plan", saved, "--wait-for-quota")
    assert result.exit_code == 1
    out = result.output
    assert "The workspace's Toggl plan does not include archiving clients" in out
    assert "upgrade the workspace's Toggl plan, or keep those clients active in the file" in out
    assert "quota" not in out.split("Apply stopped:")[1]  # never called a quota stop
    assert "Run plan again" not in out and "Traceback" not in out
    assert no_waiting == []
    archives = [r for r in b.requests if r.path.endswith("/archive")]
    assert [r.status for r in archives] == [402] and b.requests[-1] == archives[0]
    assert b.get_client(None, umbrella["id"])["archived"] is False
    assert all(p["active"] for p in b.projects())


def test_free_plan_sixth_project_names_the_limit(
    server_sandbox: ThreadedServer, tmp_path: Path, no_waiting: list[int | None]
) -> None:
    b = server_sandbox.backend
    for i in range(5):
        b.add_project(f"P{i}")
    config = write_config(tmp_path, b, "projects: [P0, P1, P2, P3, P4, P5]\n")
    saved = plan_then_downgrade(server_sandbox, tmp_path, config)
    result = run(server_sandbox, "apply", config, "--plan", saved, "--wait-for-quota")
    assert result.exit_code == 1
    assert "does not include more than 5 active projects" in result.output
    assert "keep at most 5 projects active in the file" in result.output
    assert no_waiting == [] and len(b.projects()) == 5


def test_free_plan_premium_field_names_the_field(
    server_sandbox: ThreadedServer, tmp_path: Path
) -> None:
    b = server_sandbox.backend
    b.add_project("Web")
    config = write_config(tmp_path, b, "projects: [{name: Web, billable: true}]\n")
    saved = plan_then_downgrade(server_sandbox, tmp_path, config)
    result = run(server_sandbox, "apply", config, "--plan", saved)
    assert result.exit_code == 1
    assert "does not include billable projects" in result.output
    assert "remove `billable` from the file" in result.output
    assert b.projects()[0]["billable"] is None


# -- 401 -------------------------------------------------------------------------------------------


@pytest.fixture
def redirect_to_another_host(server_sandbox: ThreadedServer) -> Iterator[str]:
    """A server on 127.0.0.1 that redirects every request to the sandbox as `localhost`: HTTP
    clients drop credentials on a redirect to another host, so the sandbox sees none."""
    target = f"http://localhost:{server_sandbox.port}"

    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(307)
            self.send_header("Location", target + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/api/v9"
    httpd.shutdown()
    httpd.server_close()


def test_a_request_that_loses_its_credentials_gets_a_clear_401_message(
    server_sandbox: ThreadedServer, tmp_path: Path, redirect_to_another_host: str
) -> None:
    b = server_sandbox.backend
    config = write_config(tmp_path, b, "clients: [{name: Globex}]\n")
    result = run(server_sandbox, "plan", config, url=redirect_to_another_host)
    assert result.exit_code == 1
    assert "Toggl answered 401" in result.output
    assert "no credentials reached it" in result.output
    assert "TOGGL_API_URL names Toggl's API itself" in result.output
    assert "Traceback" not in result.output and server_sandbox.token not in result.output
    assert [r.status for r in b.requests] == [401]


# -- project deletes keep time entries ------------------------------------------------------------


def test_deleting_a_project_keeps_its_time_entries(
    server_sandbox: ThreadedServer, tmp_path: Path
) -> None:
    b = server_sandbox.backend
    doomed = b.add_project("Doomed", time_entries=12)
    kept = b.add_project("Kept", time_entries=3)
    config = write_config(tmp_path, b, "projects: [{name: Doomed, state: absent}, Kept]\n")
    result = run(server_sandbox, "apply", config, "--auto-approve", "--allow-delete", "--force")
    assert result.exit_code == 0, result.output
    (delete,) = [r for r in b.requests if r.method == "DELETE"]
    assert (delete.path.rsplit("/", 1)[1], delete.query) == (
        str(doomed["id"]), {"teDeletionMode": "unassign"},
    )  # fmt: skip
    assert b.time_entries() == {"projects": {kept["id"]: 3}, "unassigned": 12, "deleted": 0}


# -- 64-bit ids ------------------------------------------------------------------------------------


def test_ids_beyond_53_bits_survive_export_plan_saved_plans_and_apply(tmp_path: Path) -> None:
    big = 2**62 + 4_321  # a float (or a JavaScript number) would round these
    world = {"workspaces": [{"id": big, "name": "Big", "organization_id": big + 1,
             "clients": [{"id": big + 2, "name": "Globex", "archived": True}],
             "projects": [{"id": big + 3, "name": "Web", "client_id": big + 2, "active": False},
                          {"id": big + 4, "name": "Old"}]}]}  # fmt: skip
    b = Backend.from_json(world)
    with ThreadedServer(b) as server:
        exported = tmp_path / "exported.yaml"
        result = run(server, "export", "--workspace", str(big), "--output", str(exported))
        assert result.exit_code == 0, result.output
        assert run(server, "plan", str(exported), "--detailed-exitcode").exit_code == 0
        config = write_config(tmp_path, b, "clients: [{name: Globex, projects: all}]\n"
                              "projects: [{name: Old, color: '#0b83d9'}]\n")  # fmt: skip
        saved = tmp_path / "plan.json"
        planned = run(server, "plan", config, "--out", str(saved))
        assert planned.exit_code == 0, planned.output
        text = saved.read_text()
        assert str(big + 2) in text and str(big + 3) in text
        assert json.loads(text)["workspace_id"] == big
        applied = run(server, "apply", config, "--plan", str(saved))
        assert applied.exit_code == 0, applied.output
    assert b.get_client(big, big + 2)["archived"] is False
    assert b.get_project(big, big + 3)["active"] is True
    assert b.get_project(big, big + 4)["color"] == "#0b83d9"
