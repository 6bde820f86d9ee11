"""The desired state, as read from a config file (format version 1).

Every object remembers the line it was written on, so later checks (the planner's name collisions,
for instance) can still point at FILE:LINE.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

State = Literal["active", "archived", "absent"]
Unmanaged = Literal["ignore", "archive"]

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
    # Projects with no client.
    projects: tuple[DesiredProject, ...] = ()
    unmanaged: Unmanaged = "ignore"
    # Refuse plans that archive or delete more than this share of existing objects (0..1).
    max_destructive_share: float = DEFAULT_MAX_DESTRUCTIVE_SHARE
    version: int = 1
    path: str = ""
    # sha256 of the file's bytes, recorded in saved plans.
    digest: str = ""
