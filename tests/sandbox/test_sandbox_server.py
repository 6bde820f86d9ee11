"""The HTTP server under abuse, and the `--state` file under crashes and bad edits."""

from __future__ import annotations

import http.client
import json
import signal
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner
from conftest import api
from test_sandbox_cli import _interrupt, _start

from toggl_sandbox import Backend, ThreadedServer
from toggl_sandbox.cli import sandbox_command
from toggl_sandbox.persistence import WorldError

AUTH = ("sandbox-token", "api_token")


def _raw(server: ThreadedServer, payload: bytes, *, read: bool = True) -> bytes:
    """Send raw bytes on a fresh connection; answer what the server sent before closing."""
    with socket.create_connection((server.host, server.port), timeout=5) as conn:
        conn.sendall(payload)
        if not read:
            return b""
        conn.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def _head(server: ThreadedServer, method: str, path: str, extra: str) -> bytes:
    token = "c2FuZGJveC10b2tlbjphcGlfdG9rZW4="  # base64 of sandbox-token:api_token
    return (
        f"{method} /api/v9{path} HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {token}\r\n"
        f"Content-Type: application/json\r\n{extra}\r\n"
    ).encode()


def _healthy(server: ThreadedServer) -> bool:
    return api(server).get("/workspaces/{wid}/clients").status_code == 200


def test_a_client_hanging_up_mid_body_applies_nothing(server_sandbox: ThreadedServer) -> None:
    path = f"/workspaces/{server_sandbox.backend.workspace_id}/clients"
    body = b'{"name": "Half"}'
    _raw(server_sandbox, _head(server_sandbox, "POST", path, "Content-Length: 40\r\n") + body)
    assert server_sandbox.backend.clients() == []
    assert _healthy(server_sandbox)


def test_a_client_hanging_up_before_the_answer_leaves_the_server_healthy(
    server_sandbox: ThreadedServer,
) -> None:
    path = f"/workspaces/{server_sandbox.backend.workspace_id}/clients"
    body = b'{"name": "Gone"}'
    for _ in range(5):
        head = _head(server_sandbox, "GET", path, f"Content-Length: {len(body)}\r\n")
        _raw(server_sandbox, head + body, read=False)
    assert _healthy(server_sandbox)


@pytest.mark.parametrize(("header", "status"), [("abc", 400), ("-5", 400), ("99999999999", 413)])
def test_a_bad_content_length_is_refused(
    server_sandbox: ThreadedServer, header: str, status: int
) -> None:
    path = f"/workspaces/{server_sandbox.backend.workspace_id}/clients"
    answer = _raw(
        server_sandbox, _head(server_sandbox, "POST", path, f"Content-Length: {header}\r\n")
    )
    assert answer.startswith(f"HTTP/1.1 {status} ".encode())
    assert _healthy(server_sandbox)


def test_a_chunked_body_is_read_and_the_connection_kept(toggl) -> None:
    def pieces() -> Iterator[bytes]:
        yield b'{"name": '
        yield b'"Chunked"}'

    made = toggl.post("/workspaces/{wid}/clients", data=pieces())
    assert made.status_code == 200 and made.json()["name"] == "Chunked"
    assert toggl.get("/workspaces/{wid}/clients").json()[0]["name"] == "Chunked"


def test_keep_alive_serves_many_requests_on_one_connection(server_sandbox: ThreadedServer) -> None:
    conn = http.client.HTTPConnection(server_sandbox.host, server_sandbox.port, timeout=5)
    headers = {"Authorization": "Basic c2FuZGJveC10b2tlbjphcGlfdG9rZW4="}
    wid = server_sandbox.backend.workspace_id
    sockets = []
    try:
        # An error answer must not end the connection either.
        for path, wanted in [("/me", 200), (f"/workspaces/{wid}/clients/1", 404), ("/me", 200)]:
            conn.request("GET", "/api/v9" + path, headers=headers)
            answer = conn.getresponse()
            answer.read()
            assert answer.status == wanted and not answer.will_close
            sockets.append(conn.sock)
    finally:
        conn.close()
    assert sockets[0] is not None and sockets.count(sockets[0]) == 3


def test_paths_outside_the_api_root_are_404(server_sandbox: ThreadedServer) -> None:
    root = f"http://{server_sandbox.host}:{server_sandbox.port}"
    for path in ("/me", "/api/v9me", "/api/v8/me", "/"):
        assert requests.get(root + path, auth=AUTH).status_code == 404, path
    assert requests.get(root + "/api/v9/me", auth=AUTH).status_code == 200


def test_a_fault_inside_the_sandbox_is_a_500_and_serving_goes_on(
    server_sandbox: ThreadedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(server_sandbox.backend, "me", broken)
    with api(server_sandbox) as session:
        failed = session.get("/me")
        assert (failed.status_code, failed.json()) == (500, "Internal Server Error")
        assert session.get("/workspaces/{wid}/clients").status_code == 200


def test_state_survives_kill_9_after_every_answered_write(tmp_path: Path) -> None:
    state = tmp_path / "world.json"
    process, url = _start("--state", str(state))
    try:
        wid = requests.get(f"{url}/me", auth=AUTH).json()["default_workspace_id"]
        for i in range(20):
            made = requests.post(
                f"{url}/workspaces/{wid}/clients", json={"name": f"C{i}"}, auth=AUTH
            )
            assert made.status_code == 200
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=10)
    assert [p.name for p in tmp_path.iterdir()] == ["world.json"]  # no half-written leftovers
    process, url = _start("--state", str(state))
    try:
        names = [
            c["name"] for c in requests.get(f"{url}/workspaces/{wid}/clients", auth=AUTH).json()
        ]
    finally:
        code, stderr = _interrupt(process)
    assert names == [f"C{i}" for i in range(20)]
    assert code == 0 and "Traceback" not in stderr


@pytest.mark.parametrize(
    ("world", "fragment"),
    [
        ({"workspaces": [{"name": "W", "clients": [1]}]}, "'clients' must be a list of objects"),
        ({"workspaces": [{"name": "W", "projects": "P"}]}, "'projects' must be a list of objects"),
        ({"workspaces": [{"name": "W", "id": "x"}]}, "Invalid workspace ID 'x'"),
        ({"workspaces": [{"name": "W", "id": 5}, {"name": "V", "id": 5}]}, "ID 5 is already taken"),
        ({"workspaces": [{"name": "W", "clients": [{"name": "A", "id": 9},
                                                   {"name": "B", "id": 9}]}]},
         "Client ID 9 is already taken"),
        ({"workspaces": [{"name": "W"}], "next_ids": {"client": "many"}}, "not a sandbox world"),
    ],
)  # fmt: skip
def test_a_state_file_of_the_wrong_shape_is_a_one_line_error(
    tmp_path: Path, world: dict, fragment: str
) -> None:
    state = tmp_path / "world.json"
    state.write_text(json.dumps(world))
    result = CliRunner().invoke(sandbox_command, ["--port", "0", "--state", str(state)])
    assert result.exit_code == 1 and fragment in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output and json.loads(state.read_text()) == world


def test_ids_given_when_seeding_are_unique_across_workspaces() -> None:
    backend = Backend()
    project = backend.add_project("Web")
    other = backend.add_workspace("Second")
    with pytest.raises(Exception, match="already taken"):
        backend.add_project("Web", wid=other["id"], id=project["id"])
    with pytest.raises(WorldError, match="already taken"):
        Backend.from_json(
            {
                "workspaces": [
                    {"name": "W", "projects": [{"name": "A", "id": 7}]},
                    {"name": "V", "projects": [{"name": "B", "id": 7}]},
                ]
            }  # fmt: skip
        )
    assert backend.get_project(None, project["id"])["name"] == "Web"


def test_an_unwritable_state_file_is_a_one_line_error(tmp_path: Path) -> None:
    state = tmp_path / "missing-folder" / "world.json"
    result = CliRunner().invoke(sandbox_command, ["--port", "0", "--state", str(state)])
    assert result.exit_code == 1 and "cannot write" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_ctrl_c_while_the_world_loads_is_a_clean_stop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object) -> Backend:
        raise KeyboardInterrupt

    monkeypatch.setattr("toggl_sandbox.cli._build_backend", interrupted)
    result = CliRunner().invoke(sandbox_command, ["--port", "0"])
    assert result.exit_code == 0 and result.output == "Stopping the sandbox.\n"
