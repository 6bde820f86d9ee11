"""Where a contract run goes: a sandbox server (the default) or, in acceptance mode, a live
Toggl workspace named by the environment, as Terraform providers do with TF_ACC:

    TOGGL_ACCEPTANCE=1 TOGGL_API_TOKEN=... TOGGL_ACCEPTANCE_WORKSPACE=<id> make acceptance

TOGGL_ACCEPTANCE_ALLOW_NONEMPTY=1 lets it run beside other objects; TOGGL_API_URL points it at
another API root (a sandbox server, to rehearse); TOGGL_ACCEPTANCE_REPORT_DIR is where the report
goes (default acceptance-report/).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from contract_assumptions import ASSUMPTIONS
from contract_kit import BUDGET, CountingSession, FakeClock, Report
from contract_lifecycle import STEPS
from contract_run import Run
from contract_steps import setup

from reconciler.errors import ReconcilerError
from reconciler.toggl import DEFAULT_API_URL, check_api_url
from toggl_sandbox import Backend, ThreadedServer

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = ("TOGGL_ACCEPTANCE", "TOGGL_API_TOKEN", "TOGGL_ACCEPTANCE_WORKSPACE")
LIVE_PAUSE_SECS = 1.5  # `since` has one-second precision: a mark needs a second to pass


@dataclass(frozen=True)
class Acceptance:
    token: str
    workspace_id: int
    url: str
    allow_nonempty: bool
    report_dir: Path


class BadSetting(Exception):
    """An acceptance variable is set, but to something unusable."""


def acceptance_from(env: Mapping[str, str]) -> tuple[Acceptance | None, str]:
    """The live settings, or None and why acceptance mode is off; BadSetting for a bad value."""
    if env.get("TOGGL_ACCEPTANCE") != "1":
        return None, "TOGGL_ACCEPTANCE=1 is not set"
    missing = [name for name in REQUIRED if not env.get(name)]
    if missing:
        return None, f"{' and '.join(missing)} not set"
    raw = env["TOGGL_ACCEPTANCE_WORKSPACE"]
    if not raw.isdigit():
        raise BadSetting(f"TOGGL_ACCEPTANCE_WORKSPACE must be a workspace id, not {raw!r}")
    try:
        url = check_api_url(env.get("TOGGL_API_URL") or DEFAULT_API_URL)
    except ReconcilerError as error:
        raise BadSetting(f"TOGGL_API_URL: {error}") from None
    report_dir = Path(env.get("TOGGL_ACCEPTANCE_REPORT_DIR") or ROOT / "acceptance-report")
    nonempty = env.get("TOGGL_ACCEPTANCE_ALLOW_NONEMPTY") == "1"
    return Acceptance(env["TOGGL_API_TOKEN"], int(raw), url, nonempty, report_dir), ""


def planned_requests(plan: str) -> int:
    """The most requests the checks of a run on `plan` send, set-up included (not cleanup)."""
    return 3 + sum(step.cost for step in STEPS if plan in step.plans)


def budget_banner(where: str) -> str:
    return (
        f"Contract run against {where}: request budget {BUDGET}. The checks send at most "
        f"{planned_requests('paid')} on a paid plan and {planned_requests('free')} on the Free "
        "plan, then one request per object left to remove and two to confirm none is left."
    )


def run_live(settings: Acceptance) -> Report:
    with CountingSession(settings.url, settings.token) as http:
        run = Run(
            http,
            settings.workspace_id,
            target="live",
            pause=lambda: time.sleep(LIVE_PAUSE_SECS),
            allow_nonempty=settings.allow_nonempty,
        )
        return run.execute(STEPS, setup)


@contextmanager
def sandbox_server(plan: str, *, still: bool = True) -> Iterator[tuple[ThreadedServer, FakeClock]]:
    """A fresh sandbox on `plan`, served on a free port. Its clock stands still and moves only
    when the run pauses (no waiting), unless `still` is false: then it is the real clock."""
    clock = FakeClock()
    backend = Backend(clock=clock if still else time.time)
    backend.set_free_plan(plan == "free")
    with ThreadedServer(backend) as server:
        yield server, clock


def sandbox_run(
    server: ThreadedServer, clock: FakeClock, *, allow_nonempty: bool = False, budget: int = BUDGET
) -> Run:
    http = CountingSession(server.url, server.token, budget)
    wid = server.backend.workspace_id
    pause = lambda: clock.advance(2)  # noqa: E731
    return Run(http, wid, target="sandbox", pause=pause, allow_nonempty=allow_nonempty)


def run_sandbox(plan: str) -> tuple[Report, int]:
    """A whole run on a fresh sandbox; answer the report and the requests the sandbox saw."""
    with sandbox_server(plan) as (server, clock):
        report = sandbox_run(server, clock).execute(STEPS, setup)
        return report, len(server.backend.requests)


def write_report(report: Report, directory: Path) -> tuple[Path, Path]:
    return report.write(directory, ASSUMPTIONS)
