"""The command for editors, scripts and shells: `schema`, the schema line of `export`,
`apply --format json`, -v and --no-color on either side of the subcommand, colour only where it
belongs, and shell completion."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import textwrap
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from reconciler.cli import main

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_PLAN = ROOT / "tests" / "golden" / "plan.json"


def shipped_schema(name: str) -> str:
    return files("reconciler.schemas").joinpath(name).read_text(encoding="utf-8")


@pytest.fixture
def run(server_sandbox):
    def invoke(*args: str, **env: str):
        environment = {
            "TOGGL_API_TOKEN": server_sandbox.token,
            "TOGGL_API_URL": server_sandbox.url,
            "NO_COLOR": "1",
            **env,
        }
        return CliRunner().invoke(main, list(args), env=environment)

    return invoke


@pytest.fixture
def write_config(tmp_path, server_sandbox):
    def write(body: str) -> str:
        path = tmp_path / "workspace.yaml"
        head = f"version: 1\nworkspace: {server_sandbox.backend.workspace_id}\n"
        path.write_text(head + textwrap.dedent(body), encoding="utf-8")
        return str(path)

    return write


# -- schema ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((), "config.schema.json"),
        (("config",), "config.schema.json"),
        (("plan",), "plan.schema.json"),
        (("apply",), "apply.schema.json"),
    ],
)
def test_schema_prints_the_shipped_schema(args, name):
    result = CliRunner().invoke(main, ["schema", *args])
    assert result.exit_code == 0, result.output
    assert result.stdout == shipped_schema(name)
    jsonschema.Draft202012Validator.check_schema(json.loads(result.stdout))


def test_the_printed_config_schema_accepts_the_example_and_rejects_a_typo(tmp_path):
    output = tmp_path / "toggl-reconciler.schema.json"
    result = CliRunner().invoke(main, ["schema", "--output", str(output)])
    assert result.exit_code == 0 and result.stdout == ""
    validator = jsonschema.Draft202012Validator(json.loads(output.read_text(encoding="utf-8")))
    example = yaml.safe_load((ROOT / "examples" / "workspace.yaml").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(example)) == []
    example["clients"][0]["colour"] = "#000000"
    assert not validator.is_valid(example)


# -- export's schema line ---------------------------------------------------------------------


def test_export_names_the_schema_on_its_first_line_and_still_plans_no_changes(
    run, server_sandbox, tmp_path
):
    backend = server_sandbox.backend
    backend.add_client("Globex")
    wid = str(backend.workspace_id)
    out = tmp_path / "workspace.yaml"
    assert run("export", "--workspace", wid, "--output", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=toggl-reconciler.schema.json"
    planned = run("plan", str(out), "--detailed-exitcode")
    assert planned.exit_code == 0, planned.output

    other = run("export", "--workspace", wid, "--schema", "https://example.org/c.json")
    assert (
        other.stdout.splitlines()[0] == "# yaml-language-server: $schema=https://example.org/c.json"
    )
    bare = run("export", "--workspace", wid, "--schema", "")
    assert "yaml-language-server" not in bare.stdout
    assert bare.stdout.startswith("# Toggl Track clients and projects of workspace")


def test_export_refuses_a_schema_reference_that_would_break_out_of_the_comment(run, server_sandbox):
    before = len(server_sandbox.backend.requests)
    result = run("export", "--workspace", "1", "--schema", "x.json\nclients: []")
    assert result.exit_code == 1
    assert "must be one line" in result.stderr
    assert len(server_sandbox.backend.requests) == before  # refused before any request


# -- apply --format json --------------------------------------------------------------------------


def check_apply_document(text: str) -> dict:
    document = json.loads(text)
    jsonschema.Draft202012Validator(json.loads(shipped_schema("apply.schema.json"))).validate(
        document
    )
    return document


def test_apply_json_prints_only_the_result_on_stdout(run, write_config, server_sandbox):
    backend = server_sandbox.backend
    globex = backend.add_client("Globex")
    for name in ("Web", "Mobile"):
        backend.add_project(name, client_id=globex["id"])
    config = write_config("""
        clients:
          - name: Globex
            projects:
              - {name: Web, color: "#d94182"}
              - {name: Mobile, color: "#d94182"}
          - name: Initech
    """)
    result = run("apply", config, "--auto-approve", "--format", "json")
    assert result.exit_code == 0, result.output
    document = check_apply_document(result.stdout)
    initech = next(c for c in backend.clients() if c["name"] == "Initech")
    assert document["result"] == "applied" and document["error"] is None
    assert document["workspace_id"] == backend.workspace_id
    assert document["counts"] == {
        "restore": 0,
        "archive": 0,
        "create": 1,
        "update": 2,
        "delete": 0,
    }
    created, bulk = document["applied"]
    assert created == {
        "op": "create",
        "kind": "client",
        "name": "Initech",
        "id": initech["id"],
        "adopted": False,
    }
    assert bulk["op"] == "bulk_update" and sorted(bulk["ids"]) == sorted(
        p["id"] for p in backend.projects()
    )
    assert document["not_applied"] == []
    # The people's part went to stderr.
    assert '+ client "Initech" (new)' in result.stderr
    assert '+ created client "Initech"' in result.stderr


def test_apply_json_with_nothing_to_do(run, write_config):
    result = run("apply", write_config("clients: []\n"), "--auto-approve", "--format", "json")
    assert result.exit_code == 0, result.output
    document = check_apply_document(result.stdout)
    assert document["result"] == "no_changes" and document["applied"] == []


def test_apply_json_after_a_quota_stop_says_what_was_not_sent(run, write_config, server_sandbox):
    backend = server_sandbox.backend
    backend.set_quota(3)  # the two reads and one create
    config = write_config("clients: [{name: A}, {name: B}, {name: C}]\n")
    result = run("apply", config, "--auto-approve", "--force", "--format", "json")
    assert result.exit_code == 1
    document = check_apply_document(result.stdout)
    assert document["result"] == "stopped"
    assert [a["name"] for a in document["applied"]] == ["A"]
    assert [(a["op"], a["name"], a["id"]) for a in document["not_applied"]] == [
        ("create", "B", None),
        ("create", "C", None),
    ]
    assert "quota" in document["error"]
    assert isinstance(document["quota_resets_in"], int)
    assert "Applied 1 of 3 actions" in result.stderr


def test_apply_refused_before_sending_prints_no_json(run, write_config, server_sandbox):
    server_sandbox.backend.set_quota(4)  # cannot cover three creates
    config = write_config("clients: [{name: A}, {name: B}, {name: C}]\n")
    result = run("apply", config, "--auto-approve", "--format", "json")
    assert result.exit_code == 1 and result.stdout == ""
    assert "only 2 remain" in result.stderr


# -- -v and --no-color on either side -----------------------------------------------------------


@pytest.mark.parametrize("before", [True, False], ids=["before", "after"])
def test_verbose_before_or_after_the_subcommand(run, write_config, before):
    config = write_config("clients: []\n")
    args = ["-v", "plan", config] if before else ["plan", config, "-v"]
    result = run(*args)
    assert result.exit_code == 0, result.output
    logged = [line for line in result.stderr.splitlines() if line.startswith("[http] ")]
    assert len(logged) == 2 and logged[0].startswith("[http] GET /workspaces/")


def test_without_verbose_no_request_is_logged(run, write_config):
    result = run("plan", write_config("clients: []\n"))
    assert "[http]" not in result.output


def on_a_terminal(*args: str, env: dict[str, str] | None = None) -> str:
    """What `python -m reconciler ARGS` writes to a pseudo-terminal."""
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    environment.update({"TERM": "xterm-256color", **(env or {})})
    process = subprocess.Popen(
        [sys.executable, "-m", "reconciler", *args],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environment,
        cwd=ROOT,
    )
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=30) == 0
    return b"".join(chunks).decode()


COLOR = "\x1b["


def test_colour_on_a_terminal():
    assert COLOR in on_a_terminal("show", str(GOLDEN_PLAN))


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--no-color", "show", str(GOLDEN_PLAN)), {}),
        (("show", str(GOLDEN_PLAN), "--no-color"), {}),
        (("show", str(GOLDEN_PLAN)), {"TERM": "dumb"}),
        (("show", str(GOLDEN_PLAN)), {"NO_COLOR": "1"}),
    ],
    ids=["option-before", "option-after", "term-dumb", "no-color-env"],
)
def test_no_colour_when_refused(args, env):
    output = on_a_terminal(*args, env=env)
    assert "Plan: 2 to restore" in output and COLOR not in output


# -- shell completion ------------------------------------------------------------------------


def complete(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reconciler"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_shell_completion_as_the_readme_says():
    script = complete({"_TOGGL_RECONCILER_COMPLETE": "bash_source"})
    assert script.returncode == 0 and "complete -o nosort -F" in script.stdout
    words = complete(
        {
            "_TOGGL_RECONCILER_COMPLETE": "bash_complete",
            "COMP_WORDS": "toggl-reconciler s",
            "COMP_CWORD": "1",
        }
    )
    assert words.stdout.splitlines() == ["plain,sandbox", "plain,schema", "plain,show"]
    options = complete(
        {
            "_TOGGL_RECONCILER_COMPLETE": "bash_complete",
            "COMP_WORDS": "toggl-reconciler apply --for",
            "COMP_CWORD": "2",
        }
    )
    assert {"plain,--force", "plain,--format"} <= set(options.stdout.splitlines())


# -- the README -----------------------------------------------------------------------------------


def test_the_readme_shows_every_command_with_an_example():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sections = re.split(r"^### ", readme, flags=re.MULTILINE)
    for name in main.list_commands(None):  # type: ignore[arg-type]
        section = next((s for s in sections if s.startswith(f"`{name}")), None)
        assert section is not None, f"no README section for {name}"
        assert f"toggl-reconciler {name}" in section, name
