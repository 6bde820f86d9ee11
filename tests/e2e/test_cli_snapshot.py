"""The command's read options: `--snapshot` and `--refresh` on plan and apply, and
`plan --wait-for-quota`."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from reconciler.cli import main

QUOTA_GONE = {"X-Toggl-Quota-Remaining": "0", "X-Toggl-Quota-Resets-In": "1"}


def run(server_sandbox, *args: str):
    env = {"TOGGL_API_TOKEN": server_sandbox.token, "TOGGL_API_URL": server_sandbox.url}
    return CliRunner().invoke(main, list(args), env=env)


def write_config(tmp_path, backend, body: str) -> str:
    path = tmp_path / "w.yaml"
    path.write_text(f"version: 1\nworkspace: {backend.workspace_id}\n{body}")
    return str(path)


def test_plan_and_apply_keep_the_snapshot_and_say_how_they_read(server_sandbox, tmp_path):
    b = server_sandbox.backend
    globex = b.add_client("Globex")
    b.add_project("Web", client_id=globex["id"])
    config = write_config(tmp_path, b, "clients: [{name: Globex}, {name: Initech}]\n")
    snapshot = str(tmp_path / "state" / "snapshot.json")
    (tmp_path / "state").mkdir()

    first = run(server_sandbox, "plan", config, "--snapshot", snapshot)
    assert first.exit_code == 0, first.output
    assert "Read the whole workspace: no snapshot at" in first.output
    assert server_sandbox.token not in Path(snapshot).read_text()

    applied = run(server_sandbox, "apply", config, "--auto-approve", "--snapshot", snapshot)
    assert applied.exit_code == 0, applied.output
    assert "Read only the changes since the snapshot" in applied.output
    assert '+ created client "Initech"' in applied.output

    again = run(server_sandbox, "plan", config, "--snapshot", snapshot, "--detailed-exitcode")
    assert again.exit_code == 0, again.output  # the apply's change was read from Toggl
    assert "No changes" in again.output

    forced = run(server_sandbox, "plan", config, "--snapshot", snapshot, "--refresh", "full")
    assert "Read the whole workspace: a full read was asked for" in forced.output
    saved = json.loads(Path(snapshot).read_text())
    assert {c["name"] for c in saved["clients"]} == {"Globex", "Initech"}


def test_a_snapshot_that_cannot_be_written_is_one_clear_error(server_sandbox, tmp_path):
    b = server_sandbox.backend
    b.add_client("Globex")
    config = write_config(tmp_path, b, "clients: [{name: Globex}]\n")
    result = run(server_sandbox, "plan", config, "--snapshot", str(tmp_path / "no" / "s.json"))
    assert result.exit_code == 1
    assert "cannot write the snapshot" in result.output
    assert "Traceback" not in result.output


def test_plan_waits_for_the_quota_when_asked(server_sandbox, tmp_path):
    b = server_sandbox.backend
    b.add_client("Globex")
    config = write_config(tmp_path, b, "clients: [{name: Globex}]\n")

    b.fail_next("GET", r"/projects$", 402, body="quota used up", headers=QUOTA_GONE)
    refused = run(server_sandbox, "plan", config)
    assert refused.exit_code == 1

    b.fail_next("GET", r"/projects$", 402, body="quota used up", headers=QUOTA_GONE)
    waited = run(server_sandbox, "plan", config, "--wait-for-quota")
    assert waited.exit_code == 0, waited.output
    assert "waiting 1 s for it to reset" in waited.output
    assert "No changes" in waited.output
