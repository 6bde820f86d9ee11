"""The compat job's environments: cached, rebuilt when incomplete, and never a silent skip in CI."""

from __future__ import annotations

from pathlib import Path

import compat_driver
import compat_venvs
import pytest
from compat_venvs import VenvError, ensure_venv, venv_dir


@pytest.fixture
def installs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the commands ensure_venv runs; a 'venv' command lays out an empty environment."""
    ran: list[str] = []

    def fake_run(command: list[str], what: str) -> None:
        ran.append(what)
        if "venv" in command:
            python = Path(command[-1]) / "bin" / "python"
            python.parent.mkdir(parents=True)
            python.touch()

    monkeypatch.setattr(compat_venvs, "_run", fake_run)
    return ran


def test_a_ready_environment_is_reused(tmp_path: Path, installs: list[str]) -> None:
    first = ensure_venv("toggl-python", tmp_path)
    second = ensure_venv("toggl-python", tmp_path)
    assert first == second == venv_dir("toggl-python", tmp_path) / "bin" / "python"
    assert installs == ["creating " + first.parents[1].name, "installing toggl-python"]


def test_an_interrupted_install_is_rebuilt(tmp_path: Path, installs: list[str]) -> None:
    python = ensure_venv("toggl-api-wrapper", tmp_path)
    (python.parents[1] / compat_venvs.READY_MARKER).unlink()  # as if pip had been killed
    ensure_venv("toggl-api-wrapper", tmp_path)
    assert installs.count("installing toggl-api-wrapper") == 2


def test_each_client_has_its_own_environment(tmp_path: Path) -> None:
    assert venv_dir("toggl-python", tmp_path) != venv_dir("toggl-api-wrapper", tmp_path)


def _broken(name: str) -> Path:
    raise VenvError("no network")


def test_in_ci_an_environment_that_cannot_be_built_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compat_driver, "ensure_venv", _broken)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no network"):
        compat_driver.run_driver("toggl-python")


def test_outside_ci_it_is_skipped_with_the_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compat_driver, "ensure_venv", _broken)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no network"):
        compat_driver.run_driver("toggl-python")
