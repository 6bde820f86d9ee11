"""Incremental reads: a snapshot of the live workspace, and reading only what changed since it.

A full read costs 2 + floor(projects/200) requests. With a snapshot (schemas/snapshot.schema.json)
the next read costs the client list (one request), the projects Toggl lists as created, modified
or deleted since the snapshot (`since`: one request for up to 200 of them), and the projects of
the clients whose `at` moved (one more, only when some did).

Assumptions, each with the safe way out when it is wrong:
- Time comes from Toggl: `since` is the newest `at` of the read the snapshot holds, less
  OVERLAP_SECONDS, so a change that landed while the pages were read, or a server clock a little
  behind another, is still listed. The local clock only dates the snapshot for MAX_AGE.
- Whether archiving or restoring a client moves its projects' `at` is UNKNOWN: the projects of
  every client whose own `at` moved are re-read in full.
- What deleting a client does to its projects is UNKNOWN: a client gone since the snapshot makes
  the projects be read in full.
- How long Toggl keeps listing deleted projects under `since` is UNKNOWN: a snapshot older than
  MAX_AGE is not used.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import fastjsonschema

from .collector import collector_paused
from .files import write_atomically
from .state import Client, Project, Workspace
from .toggl import TogglClient

FORMAT = "toggl-reconciler-snapshot"
FORMAT_VERSION = 1
OVERLAP_SECONDS = 300
MAX_AGE = timedelta(days=7)
# Client ids per re-read listing: keeps the query string short.
CLIENT_IDS_PER_LISTING = 100


class SnapshotUnusable(Exception):
    """The snapshot cannot stand in for a full read; `str()` says why, for people."""


@dataclass(frozen=True)
class Snapshot:
    api_url: str
    workspace: Workspace
    latest_at: int  # unix seconds: the newest `at` Toggl reported in the read
    taken_at: datetime  # this machine's clock, for MAX_AGE only
    # Toggl said the workspace is on a paid plan: later plans need not ask again. Only "paid" is
    # kept: after a downgrade Toggl's own 402 still stops the apply, while a remembered "free"
    # would go on refusing a workspace that was upgraded.
    paid: bool = False


def latest_at(workspace: Workspace) -> int | None:
    """The newest `at` of the workspace's objects as unix seconds; None when there is none, or
    one cannot be read (then no snapshot is kept: a guess could hide changes)."""
    newest: int | None = None
    stamps = [c.at for c in workspace.clients] + [p.at for p in workspace.projects]
    for at in stamps:
        try:
            stamp = datetime.fromisoformat(at.replace("Z", "+00:00"))
        except ValueError:
            return None
        if stamp.tzinfo is None:  # a local time of an unknown zone
            return None
        seconds = int(stamp.timestamp())
        newest = seconds if newest is None else max(newest, seconds)
    return newest


def snapshot_of(workspace: Workspace, api_url: str, now: datetime) -> Snapshot | None:
    newest = latest_at(workspace)
    return None if newest is None else Snapshot(api_url, workspace, newest, now)


@dataclass(frozen=True)
class SnapshotRead:
    """How a read with a snapshot went: only the changes since it (`full_read` False), or the
    whole workspace and `reason` why (no usable snapshot, a full read asked for...)."""

    path: str
    full_read: bool
    reason: str = ""
    taken_at: datetime | None = None  # the snapshot used, for an incremental read
    saved: bool = True  # False: the workspace gave no `at` to date a new snapshot by


# -- the file ---------------------------------------------------------------------------------


def save_snapshot(snapshot: Snapshot, path: str | os.PathLike[str]) -> None:
    """Write atomically: a reader sees the old file or the new one, never half of one."""
    ws = snapshot.workspace
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "api_url": snapshot.api_url,
        "workspace_id": ws.id,
        "workspace_name": ws.name,
        "taken_at": snapshot.taken_at.astimezone(timezone.utc).isoformat(timespec="seconds"),
        "latest_at": snapshot.latest_at,
        **({"paid": True} if snapshot.paid else {}),
        "clients": [asdict(c) for c in ws.clients],
        "projects": [asdict(p) for p in ws.projects],
    }
    write_atomically(path, json.dumps(document, separators=(",", ":")))


@lru_cache(maxsize=1)
def _validator() -> Callable[[Any], Any]:
    text = files("reconciler.schemas").joinpath("snapshot.schema.json").read_text("utf-8")
    return fastjsonschema.compile(json.loads(text))


def load_snapshot(
    path: str | os.PathLike[str], *, api_url: str, workspace_id: int, now: datetime
) -> Snapshot:
    """The snapshot at `path` if it may stand in for a full read of `workspace_id` at
    `api_url`; SnapshotUnusable saying why not."""
    try:
        with collector_paused():
            document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SnapshotUnusable(f"no snapshot at {path} yet") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise SnapshotUnusable(f"the snapshot {path} cannot be read ({exc})") from None
    try:
        _validator()(document)
        taken_at = datetime.fromisoformat(document["taken_at"])
    except (fastjsonschema.JsonSchemaException, ValueError) as exc:
        raise SnapshotUnusable(f"the snapshot {path} is not a valid snapshot ({exc})") from None
    if document["workspace_id"] != workspace_id:
        raise SnapshotUnusable(
            f"the snapshot {path} is of workspace {document['workspace_id']}, not {workspace_id}"
        )
    if document["api_url"].rstrip("/") != api_url.rstrip("/"):
        raise SnapshotUnusable(f"the snapshot {path} was read from {document['api_url']}")
    if taken_at.tzinfo is None or not timedelta(0) <= now - taken_at <= MAX_AGE:
        raise SnapshotUnusable(
            f"the snapshot {path} was taken at {document['taken_at']}, more than "
            f"{MAX_AGE.days} days ago (or in the future)"
        )
    with collector_paused():
        workspace = Workspace(
            id=workspace_id,
            name=document.get("workspace_name", ""),
            clients=tuple(Client(**c) for c in document["clients"]),
            projects=tuple(Project(**p) for p in document["projects"]),
        )
    paid = document.get("paid", False)
    return Snapshot(document["api_url"], workspace, document["latest_at"], taken_at, paid)


# -- the read ---------------------------------------------------------------------------------


def read_changes(client: TogglClient, snapshot: Snapshot, name: str = "") -> Workspace:
    """The live workspace, from the snapshot and what Toggl lists as changed since it.

    Raises SnapshotUnusable when the changes cannot be read safely from the listings alone."""
    old = snapshot.workspace
    wid = old.id
    with collector_paused():
        clients = tuple(Client.from_api(c) for c in client.clients(wid))
        gone = {c.id for c in old.clients} - {c.id for c in clients}
        if gone:
            raise SnapshotUnusable(
                f"{len(gone)} client(s) were deleted since the snapshot, and what Toggl does to "
                "their projects is not documented"
            )
        old_at = {c.id: c.at for c in old.clients}
        moved = sorted(c.id for c in clients if old_at.get(c.id) != c.at)
        projects = {p.id: p for p in old.projects}
        since = snapshot.latest_at - OVERLAP_SECONDS
        for body in client.projects(wid, since=since):
            if body.get("server_deleted_at"):
                projects.pop(int(body["id"]), None)
            else:
                project = Project.from_api(body)
                projects[project.id] = project
        for start in range(0, len(moved), CLIENT_IDS_PER_LISTING):
            chunk = moved[start : start + CLIENT_IDS_PER_LISTING]
            listed = {
                p.id: p for p in map(Project.from_api, client.projects(wid, client_ids=_ids(chunk)))
            }
            chunk_ids = set(chunk)
            for pid, project in list(projects.items()):
                # Under a re-read client but not listed there: it left without its `at` moving,
                # which the listings cannot explain.
                if project.client_id in chunk_ids and pid not in listed:
                    raise SnapshotUnusable(
                        f"project {pid} is no longer listed under its client, and no change of "
                        "it was listed"
                    )
            projects.update(listed)
        known = {c.id for c in clients}
        if any(p.client_id is not None and p.client_id not in known for p in projects.values()):
            raise SnapshotUnusable("a project names a client Toggl no longer lists")
        ordered = tuple(projects[pid] for pid in sorted(projects))
    return Workspace(id=wid, name=name, clients=clients, projects=ordered)


def _ids(ids: list[int]) -> str:
    return ",".join(str(i) for i in ids)
