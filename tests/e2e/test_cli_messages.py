"""Messages that name the fix, as the command prints them: an unreachable URL, a wrong workspace
id, a quoted id, every problem of a config file, a config on standard input, and the URL the
sandbox prints."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reconciler.cli import main
from toggl_sandbox import Backend, ThreadedServer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_CONFIG = ROOT / "examples" / "workspace.yaml"
EXAMPLE_WORLD = ROOT / "examples" / "sandbox-world.json"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def invoke(*args: str, url: str = "", token: str = "tok", stdin: str | None = None):
    env = {"TOGGL_API_TOKEN": token, "TOGGL_API_URL": url or None, "NO_COLOR": "1"}
    return CliRunner().invoke(main, list(args), env=env, input=stdin)


def config(tmp_path: Path, text: str) -> str:
    path = tmp_path / "workspace.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_an_unreachable_url_is_one_line_naming_it_and_toggl_api_url(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/api/v9"
    result = invoke("plan", config(tmp_path, "version: 1\nworkspace: 1\n"), url=url)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Error: cannot reach the Toggl API at {url}: connection refused (nothing listens "
        "there); check the URL (TOGGL_API_URL) and the network"
    ]


def test_a_wrong_workspace_id_lists_the_visible_ones_for_one_more_request(tmp_path):
    backend = Backend(workspace_name="Acme Consulting", workspace_id=4242)
    path = config(tmp_path, "version: 1\nworkspace: 4243\nclients: [{name: A}]\n")
    with ThreadedServer(backend) as server:
        result = invoke("plan", path, url=server.url, token=backend.token)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: workspace 4243 is not visible to this token; it sees: 4242 ('Acme Consulting')."
        " Use one of these ids"
    ]
    requests = [(r.method, r.path, r.status) for r in backend.requests]
    assert requests == [
        ("GET", "/workspaces/4243/clients", 403),
        ("GET", "/me/workspaces", 200),
    ]


def test_a_quoted_id_gets_a_hint_and_nothing_is_sent(tmp_path):
    backend = Backend(workspace_id=4242)
    path = config(tmp_path, 'version: 1\nworkspace: "4242"\n')
    with ThreadedServer(backend) as server:
        result = invoke("plan", path, url=server.url, token=backend.token)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {path}:2: 'workspace' is the text '4242', which would be looked up as a "
        "workspace name; an id is a number: write it without quotes (workspace: 4242)"
    ]
    assert backend.requests == []


BAD = """\
version: 1
workspace: 1
clients:
  - name: Globex
    colour: "#c9806b"
  - name: Initech
    state: gone
  - name: globex
projects:
  - name: Internal
    color: blue
"""


def test_validate_reports_every_problem_with_its_line(tmp_path):
    path = config(tmp_path, BAD)
    result = invoke("validate", path)
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines == [
        f"Error: {path}:5: unknown key 'colour'; expected one of name, notes, previously, "
        "projects, state",
        f"Error: {path}:7: 'state' must be one of active, archived, absent, not the text 'gone'"
        " (did you mean 'absent'?)",
        f"Error: {path}:8: duplicate client 'globex': already on line 4 as 'Globex' (names are "
        "compared ignoring case)",
        f"Error: {path}:11: 'color' must be '#' followed by 6 hex digits, like \"#c9806b\" "
        "(either case), not 'blue'",
    ]


def test_validate_stops_listing_at_the_limit_and_says_how_many_more(tmp_path):
    projects = "".join(f"  - name: P{i}\n    state: gone\n" for i in range(25))
    path = config(tmp_path, "version: 1\nworkspace: 1\nprojects:\n" + projects)
    result = invoke("validate", path)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 21
    assert lines[0].startswith(f"Error: {path}:5: 'state' must be one of")
    assert lines[19].startswith(f"Error: {path}:43: ")
    assert lines[20] == (
        f"Error: {path}: 5 more problem(s) not listed; fix these and check the file again"
    )


def test_validate_reads_standard_input():
    good = invoke("validate", "-", stdin="version: 1\nworkspace: 1\nprojects: [A, B]\n")
    assert good.exit_code == 0, good.output
    assert good.stdout == "<stdin>: valid (0 clients, 2 projects listed)\n"
    bad = invoke("validate", "-", stdin="version: 1\nworkspace: 1\nprojects:\n  - {nme: A}\n")
    assert bad.exit_code == 1
    assert bad.stderr.splitlines()[0].startswith("Error: <stdin>:4: ")


def test_standard_input_is_read_only_up_to_the_size_cap():
    from reconciler.config.loader import MAX_FILE_BYTES

    result = invoke("validate", "-", stdin="#" * (MAX_FILE_BYTES + 10))
    assert result.exit_code == 1
    assert "larger than 5 MiB" in result.stderr


# -- the sandbox's URL --------------------------------------------------------------------------

LAUNCH = "from toggl_sandbox.cli import sandbox_command; sandbox_command()"


def start_sandbox(*args: str) -> tuple[subprocess.Popen[str], list[str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    return process, [process.stdout.readline().rstrip("\n") for _ in range(3)]


def exported_url(lines: list[str]) -> str:
    return next(line.split("=", 1)[1] for line in lines if line.startswith("export TOGGL_API_URL="))


def test_a_sandbox_on_every_interface_prints_a_url_the_tool_accepts():
    process, lines = start_sandbox("--host", "0.0.0.0", "--seed", str(EXAMPLE_WORLD))
    try:
        url = exported_url(lines)
        assert url.startswith("http://127.0.0.1:")
        assert "every interface" in lines[0]
        result = invoke("plan", str(EXAMPLE_CONFIG), url=url, token="sandbox-token")
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert result.exit_code == 0, result.output
    assert "Plan: 2 to restore" in result.stdout
    assert stderr == ""  # no warning: the printed URL is one the tool accepts


def _outward_address() -> str | None:
    """An address of this machine that is not loopback, if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # UDP: nothing is sent
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") else address


def test_a_sandbox_on_another_address_says_the_tool_refuses_plain_http_to_it():
    address = _outward_address()
    if address is None:
        pytest.skip("this machine has no address besides loopback")
    process, lines = start_sandbox("--host", address)
    assert process.stderr is not None
    try:
        url = exported_url(lines)
        note = process.stderr.readline()
    finally:
        process.terminate()
        process.communicate(timeout=10)
    assert url.startswith(f"http://{address}:")
    assert f"refuses {url}" in note and "--host 127.0.0.1" in note
    refused = invoke("plan", str(EXAMPLE_CONFIG), url=url, token="sandbox-token")
    assert refused.exit_code == 1 and "refusing plain http://" in refused.stderr
