"""One contract run: refuse a workspace holding other objects, run the checks within the budget,
always remove what the run made, and fill the report.

Steps (contract_steps.py) declare the most requests they send and objects they make, so the run
knows before each step whether the step and the cleanup after it still fit in the budget; a step
that does not fit is not started, and its assumptions are reported as not checked.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import requests
from contract_assumptions import ASSUMPTIONS
from contract_kit import (
    FAILED,
    HELD,
    NOT_CHECKED,
    OBSERVED,
    BudgetExceeded,
    CountingSession,
    Outcome,
    Report,
    RunRefused,
)

CLEANUP_CHECK_COST = 2  # one client list and one project list to confirm nothing is left


class Unmet(Exception):
    """An expectation of a check did not hold; the message says what was seen."""


@dataclass(frozen=True)
class Step:
    name: str
    keys: tuple[str, ...]
    cost: int  # the most requests it sends
    creates: int  # the most objects it leaves for cleanup
    plans: tuple[str, ...]
    run: Callable[[Run], None]


def new_prefix() -> str:
    """A name prefix no one else uses: every object a run makes starts with it."""
    return f"zz-contract-{datetime.now(timezone.utc):%Y%m%d%H%M%S}-{secrets.token_hex(3)}-"


class Run:
    def __init__(
        self,
        http: CountingSession,
        wid: int,
        *,
        target: str,
        pause: Callable[[], None],
        allow_nonempty: bool = False,
        prefix: str | None = None,
    ) -> None:
        self.http = http
        self.wid = wid
        self.pause = pause
        self.allow_nonempty = allow_nonempty
        self.prefix = prefix or new_prefix()
        self.plan = ""
        self.workspace: dict[str, Any] = {}
        self.made: dict[str, Any] = {}  # objects and facts steps share, by name
        self.owned: dict[str, list[int]] = {"time_entry": [], "project": [], "client": []}
        self.latest_at = 0.0
        self.report = Report(target, http.base_url, wid, "", self.prefix, http.budget, 0)

    # ----- requests ---------------------------------------------------------------------------

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """One request; `{wid}` in the path is this workspace. Notes every `at` it answers."""
        response = self.http.request(method, path.format(wid=self.wid), **kwargs)
        self._note_times(response)
        return response

    def _note_times(self, response: requests.Response) -> None:
        try:
            body = response.json()
        except ValueError:
            return
        for item in body if isinstance(body, list) else [body]:
            if isinstance(item, dict) and isinstance(item.get("at"), str):
                self.latest_at = max(self.latest_at, parse_time(item["at"]))

    def mark(self) -> int:
        """A `since` value later than everything seen so far; then wait past it."""
        mark = math.floor(self.latest_at) + 1
        self.pause()
        return mark

    def create(self, kind: str, path: str, body: Any) -> requests.Response:
        """POST a create; whatever it makes is owned by the run (and removed at the end)."""
        response = self.call("POST", path, json=body)
        if response.ok and isinstance(response.json(), dict) and "id" in response.json():
            self.owned[kind].append(int(response.json()["id"]))
        return response

    def deleted(self, kind: str, oid: int) -> None:
        if oid in self.owned[kind]:
            self.owned[kind].remove(oid)

    # ----- outcomes ---------------------------------------------------------------------------

    @contextmanager
    def check(self, key: str) -> Iterator[None]:
        """Decide `key`: held unless the block raises (its message is the detail)."""
        assert key in ASSUMPTIONS, key
        try:
            yield
        except (BudgetExceeded, requests.ConnectionError, requests.Timeout):
            raise
        except Unmet as unmet:
            self.record(key, FAILED, str(unmet))
        except Exception as error:  # a missing field or a wrong type is an unmet assumption
            self.record(key, FAILED, f"{type(error).__name__}: {error}")
        else:
            if key not in self.report.outcomes:
                self.record(key, HELD)

    def record(self, key: str, status: str, detail: str = "") -> None:
        if key in self.report.outcomes and self.report.outcomes[key].status == FAILED:
            return  # a later part of the same check must not hide an earlier failure
        self.report.outcomes[key] = Outcome(status, detail)

    def observe(self, key: str, detail: str) -> None:
        self.record(key, OBSERVED, detail)

    # ----- the whole run ----------------------------------------------------------------------

    def cleanup_cost(self, extra: int = 0) -> int:
        return sum(len(ids) for ids in self.owned.values()) + extra + CLEANUP_CHECK_COST

    def execute(self, steps: list[Step], setup: Callable[[Run], None]) -> Report:
        """Set up (refusing a foreign workspace), run the steps that fit, then clean up."""
        report = self.report
        report.started = now_text()
        try:
            setup(self)  # sends no write; raises RunRefused
            mine = [s for s in steps if self.plan in s.plans]
            report.plan = self.plan
            report.planned = self.http.sent + sum(s.cost for s in mine)
            self._refuse_short_quota(mine)
            for step in mine:
                self._run_step(step)
        except RunRefused:
            raise
        except BaseException as error:  # Ctrl-C included: clean up, then let it go on
            report.aborted = f"{type(error).__name__}: {error}"
            raise
        finally:
            if self.report.plan or any(self.owned.values()):
                self.remove_everything()
            self._close_report()
        return report

    def _refuse_short_quota(self, steps: list[Step]) -> None:
        """Stop before the first write when the hour's quota cannot carry the run and its cleanup:
        a quota stop halfway would leave objects behind."""
        remaining = self.report.quota_remaining_at_start
        needed = sum(s.cost + s.creates for s in steps) + CLEANUP_CHECK_COST
        if remaining is not None and remaining < needed:
            raise RunRefused(
                f"Toggl's hourly quota has {remaining} requests left; this run may need {needed}. "
                "Run it after the quota resets."
            )

    def _run_step(self, step: Step) -> None:
        needed = self.http.sent + step.cost + self.cleanup_cost(step.creates)
        if needed > self.http.budget:
            for key in step.keys:
                if key not in self.report.outcomes:  # another step may have decided it already
                    self.record(key, NOT_CHECKED, f"left out to stay within {self.http.budget}")
            return
        before = self.http.sent
        try:
            step.run(self)
        except (BudgetExceeded, requests.ConnectionError, requests.Timeout):
            raise
        except Exception as error:
            for key in step.keys:
                detail = f"step {step.name} stopped: {type(error).__name__}: {error}"
                if key not in self.report.outcomes:
                    self.record(key, FAILED, detail)
        finally:
            self.report.step_costs[step.name] = (self.http.sent - before, step.cost)

    def remove_everything(self) -> None:
        """Delete what the run made: time entries, then projects, then clients; then confirm."""
        left: list[str] = []
        paths = {
            "time_entry": "/workspaces/{wid}/time_entries/%d",
            # Our own projects carry no time entry by now; unassign would keep any anyway.
            "project": "/workspaces/{wid}/projects/%d?teDeletionMode=unassign",
            "client": "/workspaces/{wid}/clients/%d",
        }
        for kind, path in paths.items():
            for oid in list(self.owned[kind]):
                try:
                    status = self.call("DELETE", path % oid).status_code
                except (BudgetExceeded, requests.RequestException) as error:
                    left.append(f"{kind} {oid} ({type(error).__name__})")
                    continue
                if status in (200, 204, 404):
                    self.deleted(kind, oid)
                else:
                    left.append(f"{kind} {oid} (DELETE answered {status})")
        try:
            left += self.leftovers()
        except (BudgetExceeded, requests.RequestException) as error:
            left.append(f"not confirmed: {type(error).__name__}: {error}")
        self.report.cleanup = sorted(set(left))

    def leftovers(self) -> list[str]:
        """Objects still named with the run's prefix."""
        clients = self.call("GET", "/workspaces/{wid}/clients", params={"status": "both"}).json()
        params = {"active": "both", "name": self.prefix, "per_page": 200}
        projects = self.call("GET", "/workspaces/{wid}/projects", params=params).json()
        return [
            f"{kind} {item['id']} {item['name']!r}"
            for kind, items in (("client", clients), ("project", projects))
            for item in items or []
            if str(item.get("name", "")).startswith(self.prefix)
        ]

    def _close_report(self) -> None:
        report = self.report
        report.requests_sent = self.http.sent
        report.finished = now_text()
        for key, assumption in ASSUMPTIONS.items():
            if key in report.outcomes:
                continue
            if report.plan and report.plan not in assumption.plans:
                reason = f"needs a {' or '.join(assumption.plans)} plan"
            else:
                reason = "the run did not reach it"
            report.outcomes[key] = Outcome(NOT_CHECKED, reason)
        report.outcomes = {k: report.outcomes[k] for k in ASSUMPTIONS}


def parse_time(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def now_text() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def expect(condition: object, detail: str) -> None:
    if not condition:
        raise Unmet(detail)
