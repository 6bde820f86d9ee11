"""Executes a plan's actions in order, one request each, without ever duplicating an object.

Reads and plain updates are retried by the client's chokepoint. Creates, archives, restores and
deletes are not resent blindly: after a lost answer or a 5xx the applier first reads whether the
first try landed (one request, a few more only to page through many name matches) and adopts
the result if it did.

Archives of several existing clients go as one bulk archive call (`request_groups`). It is a
paid-plan call that some accounts may not have: when Toggl refuses it, each client is archived by
its own call instead; when its answer is lost, one read of the clients says which landed.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from .errors import (
    CredentialsMissing,
    FeatureUnavailable,
    QuotaExhausted,
    ReconcilerError,
    TogglError,
    TransportError,
)
from .plan import SUMMARY_ORDER, Action, Plan, request_groups
from .toggl import PAGE_SIZE, TogglClient

RESEND_ATTEMPTS = 3


@dataclass(frozen=True)
class Outcome:
    action: Action
    id: int | None  # the object's id (the new id for a create)
    adopted: bool = False  # the first try landed although its answer was lost

    def to_dict(self) -> dict[str, Any]:
        return {**_action_ref(self.action), "id": self.id, "adopted": self.adopted}


@dataclass
class ApplyStopped(ReconcilerError):
    """The apply stopped part-way. Everything in `done` landed; nothing in `remaining` was sent."""

    done: list[Outcome]
    remaining: list[Action]
    cause: str

    def __str__(self) -> str:
        return self.cause


APPLY_REPORT_VERSION = 1


def apply_report(
    plan: Plan, done: Sequence[Outcome], stopped: ApplyStopped | None = None
) -> dict[str, Any]:
    """What an apply did, for machines (`apply --format json`, schemas/apply.schema.json): the
    actions applied with their ids, those not sent after a stop, and why it stopped."""
    counts = dict.fromkeys(SUMMARY_ORDER, 0)
    for outcome in done:
        action = outcome.action
        op = "update" if action.op == "bulk_update" else action.op
        counts[op] += len(action.ids) if action.op == "bulk_update" else 1
    cause = stopped.__cause__ if stopped is not None else None
    result = "applied" if plan.has_changes else "no_changes"
    return {
        "format_version": APPLY_REPORT_VERSION,
        "workspace_id": plan.workspace_id,
        "result": "stopped" if stopped is not None else result,
        "applied": [outcome.to_dict() for outcome in done],
        "not_applied": [_action_ref(action) for action in stopped.remaining] if stopped else [],
        "counts": counts,
        "error": stopped.cause if stopped is not None else None,
        "quota_resets_in": cause.resets_in if isinstance(cause, QuotaExhausted) else None,
    }


def _action_ref(action: Action) -> dict[str, Any]:
    """An action as a report names it: what was (or was to be) done to which object."""
    ref: dict[str, Any] = {"op": action.op, "kind": action.kind, "name": action.name}
    if action.kind == "project":
        ref["client"] = action.client
    ref["id"] = action.id
    if action.ids:
        ref["ids"] = list(action.ids)
    return ref


@dataclass
class _Interrupt:
    requested: bool = False


def _lost(exc: Exception) -> bool:
    """The request may or may not have landed: the answer was lost or Toggl failed part-way."""
    return isinstance(exc, TransportError) or (isinstance(exc, TogglError) and exc.status >= 500)


class Applier:
    def __init__(self, client: TogglClient, workspace_id: int) -> None:
        self.client = client
        self.wid = workspace_id
        self.created: dict[str, int] = {}  # client name -> id of clients created by this apply

    def run(self, action: Action) -> Outcome:
        method, path, body = action.request(self.wid, self.created)
        for attempt in range(1, RESEND_ATTEMPTS + 1):
            try:
                answer = self.client.request(method, path, body=body)
            except (TransportError, TogglError) as exc:
                if not _lost(exc) or method in ("PUT", "PATCH", "GET"):
                    raise  # not lost, or already retried by the chokepoint
                landed = self._landed(action, path)
                if landed is not None:
                    return self._done(action, landed, adopted=True)
                if attempt == RESEND_ATTEMPTS:
                    raise
                continue
            if action.op == "delete" or answer is None:
                return self._done(action, action.id)
            if action.op == "bulk_update":
                self._check_bulk(path, answer)
                return self._done(action, None)
            new_id = answer.get("id") if isinstance(answer, dict) else None
            return self._done(action, new_id if new_id is not None else self._target(action))
        raise AssertionError("unreachable")

    def run_group(self, group: tuple[Action, ...], record: Callable[[Outcome], None]) -> None:
        """One action, or several client archives as one bulk call (singly if refused); each
        outcome goes to `record` as it lands, so a failure part-way loses none."""
        if len(group) == 1:
            record(self.run(group[0]))
            return
        ids = [a.id for a in group if a.id is not None]
        try:
            answer = self.client.request(
                "POST", f"/workspaces/{self.wid}/clients/archive", body=ids
            )
        except (TransportError, TogglError) as exc:
            if not _lost(exc) and not _refused(exc):
                raise
            # Lost: one read says which landed. Refused: each client on its own call.
            landed = self._archived_clients() if _lost(exc) else set()
            for action in group:
                landing = action.id in landed
                record(self._done(action, action.id, adopted=True) if landing else self.run(action))
            return
        # The answer lists the clients archived; one it leaves out is archived on its own.
        listed = _archived_ids(answer)
        for action in group:
            record(self._done(action, action.id) if action.id in listed else self.run(action))

    def _archived_clients(self) -> set[int]:
        found = self.client.request(
            "GET", f"/workspaces/{self.wid}/clients", params={"status": "archived"}
        )
        return {int(c["id"]) for c in found or () if c.get("archived", True)}

    def _done(self, action: Action, object_id: int | None, adopted: bool = False) -> Outcome:
        if action.kind == "client" and action.op == "create" and object_id is not None:
            self.created[action.name] = object_id
        return Outcome(action, object_id, adopted)

    def _target(self, action: Action) -> int | None:
        """The id the action's path names: a client this apply created has no id in the plan."""
        if action.id is None and action.kind == "client" and action.client_ref is not None:
            return self.created.get(action.client_ref)
        return action.id

    def _check_bulk(self, path: str, answer: Any) -> None:
        failures = answer.get("failure") if isinstance(answer, dict) else None
        if failures:
            # Toggl's own words reach the user here, outside the chokepoint: redact them too.
            detail = self.client.redact(
                "; ".join(f"{f.get('id')}: {f.get('message')}" for f in failures)
            )
            raise TogglError(400, f"bulk update failed for some projects: {detail}", "PATCH", path)

    def _landed(self, action: Action, path: str) -> int | None:
        """One read to learn whether a lost write landed; the object's id if it did."""
        if action.op == "create" and action.kind == "client":
            found = (
                self.client.request("GET", path, params={"status": "both", "name": action.name})
                or []
            )
            return next((c["id"] for c in found if c["name"] == action.name), None)
        if action.op == "create":
            cid = self.created.get(action.client_ref) if action.client_ref else None
            if cid is None and isinstance(action.body, dict):
                cid = action.body.get("client_id")
            return self._find_project(path, action.name, cid)
        object_path = path.rsplit("/", 1)[0] if action.op in ("archive", "restore") else path
        try:
            current = self.client.request("GET", object_path)
        except TogglError as exc:
            if exc.status == 404 and action.op == "delete":
                return action.id or 0
            raise
        if action.op == "archive" and current.get("archived"):
            return self._target(action)
        if action.op == "restore" and not current.get("archived"):
            return self._target(action)
        return None

    def _find_project(self, path: str, name: str, client_id: int | None) -> int | None:
        """The id of the project named exactly `name` under `client_id`, if there is one."""
        # `name` is a contains filter: a short name may match more than one page of projects.
        page = 1
        while True:
            params = {"active": "both", "name": name, "page": page, "per_page": PAGE_SIZE}
            found = self.client.request("GET", path, params=params) or []
            for project in found:
                if project["name"] == name and project.get("client_id") == client_id:
                    return int(project["id"])
            if len(found) < PAGE_SIZE:
                return None
            page += 1


def _refused(exc: Exception) -> bool:
    """Toggl turned the bulk call down (not the quota, not the credentials): single calls may
    still be accepted."""
    if isinstance(exc, (QuotaExhausted, CredentialsMissing)):
        return False
    return isinstance(exc, FeatureUnavailable) or (
        isinstance(exc, TogglError) and exc.status in (400, 404, 405)
    )


def _archived_ids(answer: Any) -> set[int]:
    """Client ids from the bulk archive's answer, `[{"client_ids": [...], "project_ids": [...]}]`;
    an answer of another shape lists none (each client is then archived on its own)."""
    listed: set[int] = set()
    for entry in answer if isinstance(answer, list) else ():
        ids = entry.get("client_ids") if isinstance(entry, dict) else None
        listed.update(i for i in ids or () if isinstance(i, int))
    return listed


def apply_plan(
    client: TogglClient,
    plan: Plan,
    on_done: Callable[[Outcome], None] = lambda outcome: None,
    *,
    defer_interrupt: bool = False,
) -> list[Outcome]:
    """Run every action in order. On any failure raise ApplyStopped saying what landed and what is
    left. With `defer_interrupt` (a command turns it on; a library call leaves the process's
    signal handling alone), a Ctrl-C lets the action in flight finish, then stops the same way."""
    applier = Applier(client, plan.workspace_id)
    done: list[Outcome] = []

    def record(outcome: Outcome) -> None:
        done.append(outcome)
        on_done(outcome)

    actions = list(plan.actions)
    with _deferred_interrupt() if defer_interrupt else nullcontext(_Interrupt()) as interrupt:
        for group in request_groups(actions):
            if interrupt.requested:
                raise ApplyStopped(done, actions[len(done) :], "interrupted by Ctrl-C")
            try:
                applier.run_group(group, record)
            except ReconcilerError as exc:
                raise ApplyStopped(done, actions[len(done) :], str(exc)) from exc
    return done


@contextmanager
def _deferred_interrupt() -> Iterator[_Interrupt]:
    """The first Ctrl-C is noted and honoured between actions; a second one aborts at once."""
    state = _Interrupt()
    if threading.current_thread() is not threading.main_thread():
        yield state
        return

    def handler(signum: int, frame: Any) -> None:
        if state.requested:
            raise KeyboardInterrupt
        state.requested = True

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield state
    finally:
        signal.signal(signal.SIGINT, previous)
