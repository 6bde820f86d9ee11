"""A plain install starts: nothing imported at start-up needs the test extra, and the command's
start-up imports no heavy library (each is imported by the command that uses it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from reconciler import __version__
from reconciler.cli import main
from toggl_sandbox import ThreadedServer

HEAVY = ("requests", "jsonschema", "fastjsonschema", "yaml", "deepdiff", "responses", "urllib3")


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return set(out.split())


def test_help_imports_no_heavy_library():
    loaded = _modules_after(
        "import sys; sys.argv = ['toggl-reconciler', '--help']\n"
        "from reconciler.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass"
    )
    assert "reconciler.cli" in loaded
    assert not {m.split(".")[0] for m in loaded} & set(HEAVY)
    assert "toggl_sandbox" not in loaded


# What a plan of a valid config does without: jsonschema locates the problems of an invalid file
# and checks saved plans; the rest are for tests and the sandbox.
NOT_FOR_A_PLAN = ("jsonschema", "deepdiff", "hypothesis", "responses", "toggl_sandbox")
# Modules a plan of a valid config does without: the schema's rewriting for compiling it at run
# time (only when the shipped compiled check does not fit the schema), difflib for suggestions.
NOT_FOR_A_VALID_FILE = ("reconciler.config.fast_schema", "difflib")


def test_a_plan_of_a_valid_config_imports_only_what_it_uses(
    server_sandbox: ThreadedServer, tmp_path: Path
) -> None:
    config = tmp_path / "workspace.yaml"
    config.write_text(
        f"version: 1\nworkspace: {server_sandbox.backend.workspace_id}\n"
        "clients:\n  - name: Nobody yet\n",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "TOGGL_API_TOKEN": server_sandbox.token,
        "TOGGL_API_URL": server_sandbox.url,
    }
    code = (
        f"import sys; sys.argv = ['toggl-reconciler', 'plan', {str(config)!r}]\n"
        "from reconciler.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    print('exit', exit.code)\n"
        "print(' '.join(sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    *shown, status, modules = run.stdout.splitlines()
    assert status == "exit 0", run.stdout + run.stderr
    assert 'client "Nobody yet"' in "\n".join(shown)  # it did plan, against the sandbox
    loaded = {name.split(".")[0] for name in modules.split()}
    assert {"requests", "yaml", "click"} <= loaded
    assert not loaded & set(NOT_FOR_A_PLAN)
    # A file of the usual shapes is checked by hand (usual_shapes.py), so not even the shipped
    # compiled check loads: nothing is compiled, nor any did-you-mean looked for.
    assert "reconciler.config.usual_shapes" in modules.split()
    assert "reconciler.config.compiled_check" not in modules.split()
    assert not set(modules.split()) & set(NOT_FOR_A_VALID_FILE)


def test_import_reconciler_is_light_and_loads_the_library_on_first_use():
    light = _modules_after("import reconciler")
    assert not {m.split(".")[0] for m in light} & set(HEAVY)
    assert "reconciler.facade" not in light
    used = _modules_after("import reconciler\nreconciler.Reconciler")
    assert {"reconciler.facade", "requests"} <= used
    assert "toggl_sandbox" not in used


def test_the_sandbox_package_does_not_need_responses():
    loaded = _modules_after("import toggl_sandbox, toggl_sandbox.cli")
    assert "responses" not in loaded
    assert "toggl_sandbox.inprocess" not in loaded


def test_in_process_sandbox_loads_on_first_use():
    import toggl_sandbox

    assert toggl_sandbox.InProcessSandbox.__name__ == "InProcessSandbox"


def test_version_option_and_python_dash_m():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output
    run = subprocess.run(
        [sys.executable, "-m", "reconciler", "--version"], capture_output=True, text=True
    )
    assert run.returncode == 0
    assert f"version {__version__}" in run.stdout


def test_demo_works_from_a_directory_without_the_examples(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert "Apply complete" in result.output
    assert result.output.rstrip().endswith("second plan 2.")
