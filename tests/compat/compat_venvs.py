"""Virtual environments for third-party Toggl clients, one per client, cached between runs.

Each client is installed from its pinned requirements file (its whole dependency tree, so a new
release of a dependency cannot change what is tested) into `.venv-compat/<name>-<digest>/`,
never into the project's own environment. The digest covers the requirements and the Python
version, so a changed pin builds a fresh environment; a marker written last means an install
that was interrupted is rebuilt rather than trusted.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = Path(__file__).resolve().parent / "requirements"
CACHE = ROOT / ".venv-compat"
READY_MARKER = ".installed"
INSTALL_TIMEOUT_SECS = 300


class VenvError(Exception):
    """The environment could not be created or installed."""


def venv_dir(name: str, cache: Path = CACHE) -> Path:
    pins = (REQUIREMENTS / f"{name}.txt").read_bytes()
    digest = hashlib.sha256(pins + sys.version.encode()).hexdigest()[:12]
    return cache / f"{name}-{digest}"


def ensure_venv(name: str, cache: Path = CACHE) -> Path:
    """The python of a ready environment for client `name`, built if missing; else VenvError."""
    target = venv_dir(name, cache)
    python = target / "bin" / "python"
    cache.mkdir(parents=True, exist_ok=True)
    # Two test runs at once (make test and make compat) must not build the same venv together.
    with open(cache / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (target / READY_MARKER).exists() and python.exists():
            return python
        shutil.rmtree(target, ignore_errors=True)
        _run([sys.executable, "-m", "venv", str(target)], f"creating {target.name}")
        _run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",  # the file pins the whole tree
                "-r",
                str(REQUIREMENTS / f"{name}.txt"),
            ],
            f"installing {name}",
        )
        (target / READY_MARKER).write_text("ok\n")
    return python


def _run(command: list[str], what: str) -> None:
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_SECS, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise VenvError(f"{what}: {error}") from None
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise VenvError(f"{what} failed (exit {done.returncode}):\n" + "\n".join(tail))
