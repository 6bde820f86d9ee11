"""The pieces of the contract harness: a request budget counted at one chokepoint, outcomes of
checks, and the report (JSON and a short Markdown table).

The same harness runs against a sandbox server (the default, in CI) and against a live Toggl
workspace (acceptance mode). It never logs or stores the token: the session holds it only as
HTTP Basic auth, and the request log keeps method, path and status.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import requests

BUDGET = 60  # one Starter hour holds 240; 60 leaves room for the tool's own work


class BudgetExceeded(Exception):
    """A request beyond the budget was about to be sent (it was not)."""


class RunRefused(Exception):
    """The run would not start: the workspace holds other objects, or the hour's quota is short.
    Nothing was written."""


class CountingSession(requests.Session):
    """Every request of a run goes through here: counted, refused past the budget, logged."""

    def __init__(self, base_url: str, token: str, budget: int = BUDGET) -> None:
        super().__init__()
        self.base_url = base_url.rstrip("/")
        self.auth = (token, "api_token")
        self.headers["User-Agent"] = "toggl-reconciler-contract"
        self.budget = budget
        self.sent = 0
        self.log: list[tuple[str, str, int]] = []

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        if self.sent >= self.budget:
            raise BudgetExceeded(
                f"request {self.sent + 1} would exceed the budget of {self.budget}"
            )
        url = url.decode() if isinstance(url, bytes) else url
        method = method.decode() if isinstance(method, bytes) else method
        if url.startswith("/"):
            url = self.base_url + url
        self.sent += 1
        kwargs.setdefault("timeout", 30)
        response = super().request(method, url, *args, **kwargs)
        path = url[len(self.base_url) :].split("?")[0] if url.startswith(self.base_url) else url
        self.log.append((method.upper(), path, response.status_code))
        return response


HELD, FAILED, OBSERVED, NOT_CHECKED = "held", "failed", "observed", "not checked"


@dataclass
class Outcome:
    status: str
    detail: str = ""


@dataclass(frozen=True)
class Assumption:
    key: str
    title: str
    # recorded: seen in recordings of real traffic; documented: Toggl's docs say so;
    # unknown: nothing recorded, the project assumes it.
    source: str
    plans: tuple[str, ...] = ("paid",)  # the plans whose runs check it


class FakeClock:
    """The sandbox's clock in contract runs: still unless advanced, so `since` marks are exact."""

    def __init__(self, start: float | None = None) -> None:
        self.now = time.time() if start is None else start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class Report:
    target: str  # "live" or "sandbox"
    api_url: str
    workspace_id: int
    plan: str
    prefix: str
    budget: int
    planned: int
    requests_sent: int = 0
    started: str = ""
    finished: str = ""
    aborted: str = ""
    cleanup: list[str] = field(default_factory=list)
    quota_remaining_at_start: int | None = None
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    step_costs: dict[str, tuple[int, int]] = field(default_factory=dict)  # sent, declared

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    def to_markdown(self, assumptions: dict[str, Assumption]) -> str:
        lines = [
            f"# Toggl contract run: workspace {self.workspace_id} ({self.plan} plan)",
            "",
            f"Against {self.target} ({self.api_url}).",
            f"{self.requests_sent} requests of a budget of {self.budget}; "
            f"prefix `{self.prefix}`; {self.started} to {self.finished}.",
        ]
        if self.aborted:
            lines.append(f"**Stopped early:** {self.aborted}")
        if self.cleanup:
            lines.append("**Cleanup left behind:** " + "; ".join(self.cleanup))
        lines += ["", "| assumption | source | result | detail |", "| --- | --- | --- | --- |"]
        for key, outcome in self.outcomes.items():
            title = assumptions[key].title if key in assumptions else key
            detail = outcome.detail.replace("|", "\\|").replace("\n", " ")
            lines.append(f"| {title} | {assumptions[key].source} | {outcome.status} | {detail} |")
        return "\n".join(lines) + "\n"

    def write(self, directory: Path, assumptions: dict[str, Assumption]) -> tuple[Path, Path]:
        directory.mkdir(parents=True, exist_ok=True)
        as_json = directory / f"contract-{self.target}-{self.plan}.json"
        as_md = directory / f"contract-{self.target}-{self.plan}.md"
        as_json.write_text(json.dumps(self.to_json(), indent=2) + "\n")
        as_md.write_text(self.to_markdown(assumptions))
        return as_json, as_md
