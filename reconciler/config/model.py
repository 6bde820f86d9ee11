"""The desired state, as read from a config file (format version 1).

Every object remembers the line it was written on, so later checks (the planner's name collisions,
for instance) can still point at FILE:LINE.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

State = Literal["active", "archived", "absent"]
Unmanaged = Literal["ignore", "archive"]
TimeEntries = Literal["unassign", "delete"]

DEFAULT_MAX_DESTRUCTIVE_SHARE = 0.30


@dataclass(frozen=True)
class PreviousName:
    """A name an object had before (`previously:`): the plan renames or moves that object.

    For a project, `moved` says the entry named the client it sat under (`client`, None for no
    client); otherwise it sat under the client it is listed under now.
    """

    name: str
    line: int | None = None
    client: str | None = None
    moved: bool = False


@dataclass(frozen=True)
class DesiredProject:
    name: str
    state: State = "active"
    # Only the fields written in the file: color, is_private, billable, estimated_hours.
    fields: dict[str, Any] = field(default_factory=dict)
    line: int | None = None
    # What deleting the project (state: absent) does to its time entries: kept without a
    # project (unassign), or deleted only when the file says so.
    time_entries: TimeEntries = "unassign"
    previously: tuple[PreviousName, ...] = ()


@dataclass(frozen=True)
class DesiredClient:
    name: str
    state: State = "active"
    # Only the fields written in the file: notes.
    fields: dict[str, Any] = field(default_factory=dict)
    # "all": every project of the client active (a restore sends restore_all_projects).
    # A tuple: exactly these projects. None: the client's projects are unmanaged.
    projects: Literal["all"] | tuple[DesiredProject, ...] | None = None
    line: int | None = None
    previously: tuple[PreviousName, ...] = ()


@dataclass(frozen=True)
class Config:
    workspace: int | str
    clients: tuple[DesiredClient, ...] = ()
    # Projects with no client; None (no top-level `projects` key): they are unmanaged.
    projects: tuple[DesiredProject, ...] | None = None
    unmanaged: Unmanaged = "ignore"
    # Refuse plans that archive or delete more than this share of existing objects (0..1).
    max_destructive_share: float = DEFAULT_MAX_DESTRUCTIVE_SHARE
    version: int = 1
    path: str = ""
    # sha256 of the parsed configuration (what it means, not how it is written), recorded in
    # saved plans.
    digest: str = ""


def meaning_digest(config: Config) -> str:
    """sha256 of what `config` means: comments, quoting, key order, short or long item forms
    and line numbers do not change it; any change of a value the plan depends on does."""

    # Saved plans record the digest: its text must stay as it is. Tuples are written as the
    # same JSON lists as lists would be.
    def project(p: DesiredProject) -> tuple[Any, ...]:
        return (p.name, p.state, sorted(p.fields.items()), p.time_entries)

    def client(c: DesiredClient) -> tuple[Any, ...]:
        listed = [project(p) for p in c.projects] if isinstance(c.projects, tuple) else c.projects
        return (c.name, c.state, sorted(c.fields.items()), listed)

    meaning = [
        config.version,
        config.workspace,
        config.unmanaged,
        config.max_destructive_share,
        [client(c) for c in config.clients],
        None if config.projects is None else [project(p) for p in config.projects],
    ]
    # Built just above, it holds no cycles: the encoder need not look for them.
    text = json.dumps(meaning, ensure_ascii=False, separators=(",", ":"), check_circular=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
