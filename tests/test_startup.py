"""A plain install starts: nothing imported at start-up needs the test extra, and the command's
start-up imports no heavy library (each is imported by the command that uses it)."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from reconciler import __version__
from reconciler.cli import main

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
