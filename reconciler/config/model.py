"""The desired state, as read from a config file (format version 1).

Every object remembers the line it was written on, so later checks (the planner's name collisions,
for instance) can still point at FILE:LINE.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

from reconciler.frozen import new_instance, slot_setters

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


# A file can list tens of thousands: slots keep each without a dictionary of its own.
@dataclass(frozen=True, slots=True)
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

    @classmethod
    def of(
        cls,
        name: str,
        state: State,
        fields: dict[str, Any],
        line: int | None,
        time_entries: TimeEntries,
        previously: tuple[PreviousName, ...],
    ) -> DesiredProject:
        """The project DesiredProject(...) makes of these values, made in one step: a file can
        list tens of thousands, and the frozen class's own __init__ sets each field through
        object.__setattr__, a good part of the cost of reading a project. The slots' own
        setters store each value directly."""
        project = new_instance(cls)
        _set_name(project, name)
        _set_state(project, state)
        _set_fields(project, fields)
        _set_line(project, line)
        _set_time_entries(project, time_entries)
        _set_previously(project, previously)
        return project


(
    _set_name,
    _set_state,
    _set_fields,
    _set_line,
    _set_time_entries,
    _set_previously,
) = slot_setters(DesiredProject)


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


class _Digest:
    """Config.digest: the digest the config was made with, or, made with None (as a config read
    from a file is), the sha256 of its meaning (meaning_digest), worked out the first time it is
    asked for. Only saving a plan or checking a saved one needs it, and on a big file it costs
    an eighth of the reading."""

    def __set_name__(self, owner: type, name: str) -> None:
        self._key = "_" + name

    def __get__(self, config: Config | None, owner: type | None = None) -> str:
        if config is None:
            return ""  # the class's value: what the dataclass takes as the field's default
        digest: str | None = config.__dict__[self._key]
        if digest is None:
            digest = meaning_digest(config)
            # Straight into the instance: the frozen class refuses attribute assignment.
            config.__dict__[self._key] = digest
        return digest

    def __set__(self, config: Config, digest: str | None) -> None:
        config.__dict__[self._key] = digest


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
    # saved plans; None: work it out from the config when first asked for (see _Digest).
    digest: _Digest = _Digest()


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
