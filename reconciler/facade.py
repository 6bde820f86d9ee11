"""The library's entry point: plan and apply from Python with the same checks as the command.

    import reconciler

    rec = reconciler.Reconciler()  # the token from TOGGL_API_TOKEN, the URL from TOGGL_API_URL
    plan = rec.plan(reconciler.load_config("workspace.yaml"))
    rec.apply(plan)  # refuses an unsafe plan, a stale one, or one the quota cannot cover

It never prints. What happens along the way (a wait before a retry, the plan about to be applied,
each action applied) goes to the `progress` callback, or without one to `logging` (logger
`reconciler.facade`). Refusals and failures are the named errors of `reconciler.errors`.
"""

from __future__ import annotations

import logging
import os
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from . import safety
from .apply import Outcome, apply_plan
from .config import Config, load_config
from .config.model import DEFAULT_MAX_DESTRUCTIVE_SHARE
from .errors import ReconcilerError, TogglError, UnsafePlan
from .paid_features import PlanUnchecked, check_paid_features, workspace_tier
from .plan import Plan
from .planner import make_plan
from .planning.targets import select_targets
from .render import human_duration, outcome_line, snapshot_text, wait_text
from .snapshot import (
    Snapshot,
    SnapshotRead,
    SnapshotUnusable,
    load_snapshot,
    read_changes,
    save_snapshot,
    snapshot_of,
)
from .state import Workspace
from .toggl import DEFAULT_API_URL, DEFAULT_REQUEST_INTERVAL, QuotaWait, Retrying, TogglClient

TOKEN_ENV = "TOGGL_API_TOKEN"
URL_ENV = "TOGGL_API_URL"
INTERVAL_ENV = "TOGGL_REQUEST_INTERVAL"

# A confirmation that waited longer than this may have let someone change the workspace: the
# plan's fingerprint is read again before the first write.
RECHECK_AFTER_SECONDS = 60.0

logger = logging.getLogger(__name__)


def _monotonic() -> float:
    return time.monotonic()


@dataclass(frozen=True)
class ApplyStarting:
    """`Reconciler.apply` holds a plan that is still current and is about to check and send it
    (a plan with no changes ends here). The quota is what Toggl last reported, if it did."""

    plan: Plan
    quota_remaining: int | None
    quota_resets_in: int | None


# What `progress` receives: waits of the HTTP client, a plan whose needs of the workspace's Toggl
# plan could not be checked, reads with a snapshot, the start of an apply, each action applied.
Event = Retrying | QuotaWait | PlanUnchecked | SnapshotRead | ApplyStarting | Outcome


class Reconciler:
    """Plans and applies configs against the Toggl account of one API token.

    `api_token` and `api_url` default to TOGGL_API_TOKEN and TOGGL_API_URL (else Toggl's own
    URL). Nothing is sent until a method needs it; a missing token is reported then.
    `request_log` receives one line per request (method, path, status, time; never the token).
    With `snapshot` (a file path), reads cost only what changed since the previous read
    (reconciler/snapshot.py) and each read rewrites it; `refresh="full"` reads everything anyway.
    `request_interval` is the least time in seconds between two requests, to stay below Toggl's
    short-term rate limit: default TOGGL_REQUEST_INTERVAL, else 1.1; 0 sends without pause.
    """

    def __init__(
        self,
        api_token: str | None = None,
        api_url: str | None = None,
        *,
        timeout: float = 30.0,
        wait_for_quota: bool = False,
        progress: Callable[[Event], None] | None = None,
        request_log: Callable[[str], None] | None = None,
        snapshot: str | os.PathLike[str] | None = None,
        refresh: str = "auto",
        request_interval: float | None = None,
    ) -> None:
        if refresh not in ("auto", "full"):
            raise ReconcilerError(f"refresh must be 'auto' or 'full', not {refresh!r}")
        self.request_interval = (
            request_interval if request_interval is not None else _interval_from_env()
        )
        self._token = api_token or os.environ.get(TOKEN_ENV, "").strip()
        self.api_url = api_url or os.environ.get(URL_ENV) or DEFAULT_API_URL
        self.timeout = timeout
        self.wait_for_quota = wait_for_quota
        self._progress = progress
        self._request_log = request_log
        self.snapshot = None if snapshot is None else os.fspath(snapshot)
        self._saved_snapshot: Snapshot | None = None  # the one the last read wrote
        self.refresh = refresh
        self._client: TogglClient | None = None
        # Plans made here, by id: they were read moments ago, so apply spends no request
        # re-reading the workspace for them (the command's plan-then-apply does the same).
        self._planned: weakref.WeakValueDictionary[int, Plan] = weakref.WeakValueDictionary()

    @property
    def client(self) -> TogglClient:
        """The HTTP client, made on first use."""
        if self._client is None:
            if not self._token:
                raise ReconcilerError(f"{TOKEN_ENV} is not set: export your Toggl API token first")
            self._client = TogglClient(
                self._token,
                self.api_url,
                timeout=self.timeout,
                wait_for_quota=self.wait_for_quota,
                log=self._request_log,
                notify=self._emit,
                request_interval=self.request_interval,
            )
        return self._client

    @property
    def quota_remaining(self) -> int | None:
        """Requests left this hour, as Toggl last reported (None before any request)."""
        return self._client.quota_remaining if self._client else None

    @property
    def quota_resets_in(self) -> int | None:
        return self._client.quota_resets_in if self._client else None

    def read_workspace(self, workspace: int | str) -> Workspace:
        """The live workspace, by id or exact name (a name costs one more request)."""
        wid, name = self.client.resolve_workspace(workspace)
        try:
            if self.snapshot is None:
                return self.client.read_workspace(wid, name)
            live, note = self._read_with_snapshot(self.snapshot, wid, name)
        except TogglError as error:
            # A wrong id answers 403 or 404: name the workspaces the token can see instead.
            raise self.client.explain_refusal(wid, error) from None
        fresh = snapshot_of(live, self.client.base_url, datetime.now(timezone.utc))
        if fresh is not None and self._known_paid(wid):
            fresh = replace(fresh, paid=True)
        self._save_snapshot(fresh)
        self._emit(replace(note, saved=fresh is not None))
        return live

    def plan(self, config: Config | str | os.PathLike[str], *, targets: Iterable[str] = ()) -> Plan:
        """What applying `config` (a Config, or the path of a config file) would change.

        `targets` limits the plan to the clients (with their projects) and projects without a
        client of those names; a name the file does not have is refused before any request.
        """
        if not isinstance(config, Config):
            config = load_config(config)
        targets = tuple(targets)
        select_targets(config, targets)  # unknown names fail before any request
        live = self.read_workspace(config.workspace)
        plan = make_plan(config, live, targets=targets)
        # A Free workspace would stop the apply part-way: refuse now, naming the entries.
        check_paid_features(plan, config, live, self.client, notify=self._emit)
        saved = self._saved_snapshot
        if saved is not None and not saved.paid and self._known_paid(live.id):
            self._save_snapshot(replace(saved, paid=True))  # spares the next plan that request
        self._planned[id(plan)] = plan
        return plan

    def check_safety(
        self,
        plan: Plan,
        *,
        config: Config | None = None,
        allow_delete: bool = False,
        force: bool = False,
        max_destructive_share: float | None = None,
    ) -> None:
        """Raise UnsafePlan for deletes without `allow_delete`, or, without `force`, for archiving
        or deleting more than `max_destructive_share` of the active clients or projects, or all
        of them. The share defaults to the config's, else the one the plan recorded from its
        file (a saved plan), else 0.3. Sends nothing."""
        if max_destructive_share is None:
            if config is not None:
                max_destructive_share = config.max_destructive_share
            elif plan.max_destructive_share is not None:
                max_destructive_share = plan.max_destructive_share
            else:
                max_destructive_share = DEFAULT_MAX_DESTRUCTIVE_SHARE
        safety.check_safety(
            plan, max_share=max_destructive_share, force=force, allow_delete=allow_delete
        )

    def apply(
        self,
        plan: Plan,
        *,
        config: Config | None = None,
        allow_delete: bool = False,
        force: bool = False,
        max_destructive_share: float | None = None,
        confirm: Callable[[Plan], bool] | None = None,
        defer_interrupt: bool = False,
    ) -> list[Outcome]:
        """Apply `plan` after the command's checks, in its order; the outcomes in order.

        1. Given the `config`, refuse (StalePlan) a plan made from another version of it.
        2. Refuse (StalePlan) a plan not made by this Reconciler (a saved one) if the workspace
           changed since: one read of the workspace.
        3. Refuse (UnsafePlan) what `check_safety` refuses, and, unless `force`, a plan needing
           more writes than Toggl says are left in this hour's quota.
        4. Ask `confirm`, if given: False sends nothing. If the answer took more than a minute,
           refuse (StalePlan) a plan whose workspace changed meanwhile: one read, as in 2.
        Then send every action; a failure part-way raises ApplyStopped (what landed, what did
        not). `defer_interrupt` lets a Ctrl-C finish the action in flight and then stop; it
        replaces the SIGINT handler meanwhile, so it is for programs that own the process.
        """
        # Only an apply compares saved plans (and loads jsonschema for them): a plan does not.
        from .saved_plans import check_digest, check_fresh

        if config is not None:
            check_digest(plan, config)
        if plan.has_changes and not self._made_here(plan):
            check_fresh(plan, self.read_workspace(plan.workspace_id))
        self._emit(ApplyStarting(plan, self.quota_remaining, self.quota_resets_in))
        if not plan.has_changes:
            return []
        self.check_safety(
            plan,
            config=config,
            allow_delete=allow_delete,
            force=force,
            max_destructive_share=max_destructive_share,
        )
        if not force:
            self._check_quota(plan)
        if confirm is not None:
            asked = _monotonic()
            if not confirm(plan):
                return []
            if _monotonic() - asked > RECHECK_AFTER_SECONDS:
                check_fresh(plan, self.read_workspace(plan.workspace_id))
        return apply_plan(self.client, plan, on_done=self._emit, defer_interrupt=defer_interrupt)

    def export(
        self,
        workspace: int | str,
        *,
        active_only: bool = False,
        generated_at: str | None = None,
        schema_ref: str | None = None,
    ) -> str:
        """The live workspace as config text on which `plan` reports no changes; with
        `schema_ref`, its first line names the config's JSON Schema for editors."""
        from .export import export_config  # only export writes config text

        live = self.read_workspace(workspace)
        stamp = generated_at or datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        return export_config(
            live,
            active_only=active_only,
            source=self.client.base_url,
            generated_at=stamp,
            schema_ref=schema_ref,
        )

    # -- internals ------------------------------------------------------------------------------

    def _known_paid(self, wid: int) -> bool:
        return workspace_tier(self.client.workspace_bodies.get(wid)) == "paid"

    def _save_snapshot(self, fresh: Snapshot | None) -> None:
        assert self.snapshot is not None
        try:
            if fresh is not None:
                save_snapshot(fresh, self.snapshot)
            else:  # nothing to date a new one by: an old one would only cost a full read again
                Path(self.snapshot).unlink(missing_ok=True)
        except OSError as exc:
            raise ReconcilerError(
                f"cannot write the snapshot {self.snapshot}: {exc.strerror or exc}"
            ) from None
        self._saved_snapshot = fresh

    def _read_with_snapshot(self, path: str, wid: int, name: str) -> tuple[Workspace, SnapshotRead]:
        """The workspace, from the snapshot's changes when it can stand in for a full read."""
        if self.refresh == "full":
            reason = "a full read was asked for"
        else:
            try:
                snapshot = load_snapshot(
                    path,
                    api_url=self.client.base_url,
                    workspace_id=wid,
                    now=datetime.now(timezone.utc),
                )
                live = read_changes(self.client, snapshot, name)
                if snapshot.paid:  # as Toggl said before: a downgrade still meets Toggl's 402
                    self.client.workspace_bodies.setdefault(wid, {"premium": True})
            except SnapshotUnusable as unusable:
                reason = str(unusable)
            else:
                return live, SnapshotRead(path, full_read=False, taken_at=snapshot.taken_at)
        return self.client.read_workspace(wid, name), SnapshotRead(path, True, reason)

    def _made_here(self, plan: Plan) -> bool:
        return self._planned.get(id(plan)) is plan

    def _check_quota(self, plan: Plan) -> None:
        remaining = self.quota_remaining
        if remaining is not None and plan.write_requests > remaining:
            resets_in = self.quota_resets_in
            resets = f"; it resets in {human_duration(resets_in)}" if resets_in else ""
            raise UnsafePlan(
                f"the plan needs {plan.write_requests} write requests but only {remaining} "
                f"remain in this hour's quota{resets}",
                check="quota",
                override="force",
            )

    def _emit(self, event: Event) -> None:
        if self._progress is not None:
            self._progress(event)
        elif isinstance(event, (Retrying, QuotaWait)):
            logger.warning("%s", wait_text(event))
        elif isinstance(event, PlanUnchecked):
            logger.warning("%s", event.message)
        elif isinstance(event, Outcome):
            logger.info("%s", outcome_line(event))
        elif isinstance(event, SnapshotRead):
            logger.info("%s", snapshot_text(event))
        else:
            logger.info(
                "applying to workspace %s: %s", event.plan.workspace_id, event.plan.summary()
            )


def _interval_from_env() -> float:
    text = os.environ.get(INTERVAL_ENV, "").strip()
    if not text:
        return DEFAULT_REQUEST_INTERVAL
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise ReconcilerError(f"{INTERVAL_ENV} must be a number of seconds, not {text!r}")
    return seconds
