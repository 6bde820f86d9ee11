"""Executes a plan's actions in order, one request each, without ever duplicating an object.

Reads and plain updates are retried by the client's chokepoint. Creates, archives, restores and
deletes are not resent blindly: after a lost answer or a 5xx the applier first reads whether the
first try landed (one request, a few more only to page through many name matches) and adopts
the result if it did.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .errors import ReconcilerError, TogglError, TransportError
from .plan import Action, Plan
from .state import Workspace
from .toggl import PAGE_SIZE, TogglClient

RESEND_ATTEMPTS = 3


@dataclass(frozen=True)
class Outcome:
    action: Action
    id: int | None  # the object's id (the new id for a create)
    adopted: bool = False  # the first try landed although its answer was lost


@dataclass
class ApplyStopped(ReconcilerError):
    """The apply stopped part-way. Everything in `done` landed; nothing in `remaining` was sent."""

    done: list[Outcome]
    remaining: list[Action]
    cause: str

    def __str__(self) -> str:
        return self.cause


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


def apply_plan(
    client: TogglClient,
    plan: Plan,
    on_done: Callable[[Outcome], None] = lambda outcome: None,
) -> list[Outcome]:
    """Run every action in order. On any failure raise ApplyStopped saying what landed and what is
    left; a Ctrl-C lets the action in flight finish, then stops the same way."""
    applier = Applier(client, plan.workspace_id)
    done: list[Outcome] = []
    actions = list(plan.actions)
    with _deferred_interrupt() as interrupt:
        for index, action in enumerate(actions):
            if interrupt.requested:
                raise ApplyStopped(done, actions[index:], "interrupted by Ctrl-C")
            try:
                outcome = applier.run(action)
            except ReconcilerError as exc:
                raise ApplyStopped(done, actions[index:], str(exc)) from exc
            done.append(outcome)
            on_done(outcome)
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


def stale_reasons(plan: Plan, workspace: Workspace) -> list[str]:
    """What changed in the workspace since the plan was made; empty when the plan still holds."""
    if workspace.id != plan.workspace_id:
        return [f"the plan is for workspace {plan.workspace_id}, not {workspace.id}"]
    reasons: list[str] = []
    fp = plan.fingerprint
    for kind, objects, expected in (
        ("client", {c.id: c for c in workspace.clients}, fp.clients),
        ("project", {p.id: p for p in workspace.projects}, fp.projects),
    ):
        for oid, at in sorted(expected.items()):
            obj = objects.get(oid)
            if obj is None:
                reasons.append(f"{kind} {oid} no longer exists")
            elif obj.at != at:
                reasons.append(f"{kind} {obj.name!r} ({oid}) changed at {obj.at} (plan saw {at})")
    # Compared ignoring case: a name differing only in case would now be matched (and renamed)
    # by a fresh plan, and the create could collide where Toggl compares names without case.
    client_names = {c.name.casefold() for c in workspace.clients}
    for name in fp.free_client_names:
        if name.casefold() in client_names:
            reasons.append(f"a client named {name!r} now exists")
    names_by_client = {c.id: c.name.casefold() for c in workspace.clients}
    project_keys = {
        (names_by_client.get(p.client_id) if p.client_id else None, p.name.casefold())
        for p in workspace.projects
    }
    for client_name, name in fp.free_project_names:
        folded_client = client_name.casefold() if client_name is not None else None
        if (folded_client, name.casefold()) in project_keys:
            owner = f" under {client_name!r}" if client_name else ""
            reasons.append(f"a project named {name!r}{owner} now exists")
    return reasons
