"""What the schema cannot say: unique names and consistent states. Then build the model.

check_and_build runs on a document the schema has accepted, so every value already has the right
type. build_if_usual runs before any schema check, on a document whose every entry it finds to be
of a usual shape the schema accepts (usual_shapes.py), checking each project entry in the walk that
builds it; any other document it leaves to the schema and check_and_build.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from reconciler.config.lines import LineDict, LineList
from reconciler.config.model import (
    DEFAULT_MAX_DESTRUCTIVE_SHARE,
    Config,
    DesiredClient,
    DesiredProject,
    PreviousName,
)
from reconciler.config.usual_shapes import (
    fits_shipped_schema,
    is_usual_outline,
    is_usual_project,
    quick_project,
)
from reconciler.errors import ConfigError, clip

PROJECT_FIELDS = ("color", "is_private", "billable", "estimated_hours")
CLIENT_FIELDS = ("notes",)


class _Problems:
    """Collects problems so that all are reported by line, whatever order they are found in."""

    def __init__(self, path: str, earlier: Sequence[ConfigError]) -> None:
        self.path = path
        self.found: list[ConfigError] = list(earlier)

    def add(self, message: str, line: int) -> None:
        self.found.append(ConfigError(message, self.path, line))

    def raise_all(self) -> None:
        if self.found:
            raise ConfigError.of(self.found)


class _UnusualEntry(Exception):
    """A project entry of a shape build_if_usual leaves to the schema."""


def check_and_build(document: LineDict, path: str, earlier: Sequence[ConfigError] = ()) -> Config:
    """Build the Config from a schema-valid document, or raise its problems: the first by line,
    carrying the others and the `earlier` ones (the schema's, found on the whole file)."""
    return _build(document, _Problems(path, earlier), usual_only=False)


def build_if_usual(document: LineDict, path: str) -> Config | None:
    """The Config check_and_build makes of `document` when the schema accepts it, or its
    problems raised as check_and_build raises them; None when some entry is not of a usual shape
    (usual_shapes.py): the schema must then judge the file. Nothing is raised before the whole
    document is known to be of usual shapes, so a schema problem is never hidden."""
    if not fits_shipped_schema() or not is_usual_outline(document):
        return None
    try:
        return _build(document, _Problems(path, ()), usual_only=True)
    except _UnusualEntry:
        return None


def _build(document: LineDict, problems: _Problems, usual_only: bool) -> Config:
    """The Config; with `usual_only`, each project entry is first checked (is_usual_project),
    and _UnusualEntry raised for one that is not of a usual shape."""
    _check_workspace_text(document, problems)
    clients = _clients(document.get("clients", []), problems, usual_only)
    projects = (
        _projects(document["projects"], None, problems, usual_only)
        if "projects" in document
        else None
    )
    _check_previous_names(clients, projects or [], problems)
    safety = document.get("safety", {})
    percent = safety.get("max_destructive_percent")
    if isinstance(percent, float) and math.isnan(percent):
        # NaN passes both bounds of the schema, and would disable the safety check.
        problems.add(
            "'max_destructive_percent' must be between 0 and 100, not .nan",
            safety.value_line("max_destructive_percent"),
        )
    problems.raise_all()
    share = DEFAULT_MAX_DESTRUCTIVE_SHARE if percent is None else percent / 100
    config = Config(
        workspace=_whole(document["workspace"]),
        clients=tuple(clients),
        projects=None if projects is None else tuple(projects),
        unmanaged=document.get("unmanaged", "ignore"),
        max_destructive_share=share,
        version=_whole(document["version"]),
        path=problems.path,
        digest=None,  # worked out when a saved plan needs it
    )
    return config


def _check_workspace_text(document: LineDict, problems: _Problems) -> None:
    # A quoted id would be looked up as a workspace name, and fail with a puzzling "no such
    # workspace". An id can always be given instead of a digits-only name, so this never blocks.
    workspace = document.get("workspace")
    if isinstance(workspace, str) and re.fullmatch(r"[0-9]+", workspace.strip()):
        problems.add(
            f"'workspace' is the text {clip(workspace)!r}, which would be looked up as a "
            f"workspace name; an id is a number: write it without quotes "
            f"(workspace: {clip(workspace.strip())})",
            document.value_line("workspace"),
        )


def _whole(value: Any) -> Any:
    # JSON Schema counts 2.0 as an integer; the model holds it as the int it means.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _check_name(name: str, line: int, kind: str, problems: _Problems) -> None:
    # Toggl trims names: "Hooli " would plan a second client next to "Hooli" on every run, and a
    # name of spaces only is refused at apply time. Control characters the schema refuses.
    stripped = name.strip()
    if not stripped:
        problems.add(f"a {kind} name must not be empty or only whitespace", line)
    elif stripped != name:
        problems.add(
            f"{kind} name {clip(name)!r} has leading or trailing whitespace, which Toggl trims: "
            f"write {clip(stripped)!r}",
            line,
        )


def _check_unique(
    entry: DesiredClient | DesiredProject,
    kind: str,
    scope: str,
    seen: dict[str, DesiredClient | DesiredProject],
    problems: _Problems,
) -> None:
    # Names are matched exactly against Toggl, but two names differing only in case are almost
    # certainly a mistake in the file (and Toggl's own rule for case is undocumented).
    name = entry.name
    folded = name.casefold()
    if folded in seen:
        first = seen[folded]
        same = "" if first.name == name else f" as {clip(first.name)!r}"
        problems.add(
            f"duplicate {kind} {clip(name)!r}{scope}: already on line {first.line or 0}{same} "
            "(names are compared ignoring case)",
            entry.line or 0,
        )
    else:
        seen[folded] = entry


def _reject_fields_when_absent(
    item: LineDict, fields: tuple[str, ...], kind: str, problems: _Problems
) -> None:
    """For an item whose state is absent: refuse the first field it still manages."""
    present = [key for key in fields if key in item]
    if present:
        key = min(present, key=item.key_line)
        problems.add(
            f"an absent object has no fields to manage: remove {key!r} from {kind} "
            f"{clip(item['name'])!r} (or change its state)",
            item.key_line(key),
        )


def _project(item: Any, line: int, problems: _Problems) -> DesiredProject:
    """The project an item of a `projects` list written on `line` asks for."""
    if type(item) is str:
        return DesiredProject.of(item, "active", {}, line, "unassign", ())
    state = item.get("state", "active")
    if state == "absent":
        _reject_fields_when_absent(item, PROJECT_FIELDS, "project", problems)
    elif "time_entries" in item:
        problems.add(
            f"'time_entries' says what deleting project {clip(item['name'])!r} does to its time "
            "entries: it belongs only with 'state: absent'",
            item.key_line("time_entries"),
        )
    # A plain loop, not a comprehension (a function call of its own for each project).
    fields = {}
    for key in PROJECT_FIELDS:
        if key in item:
            fields[key] = item[key]
    if "estimated_hours" in fields:  # the one field a whole float can be written in
        fields["estimated_hours"] = _whole(fields["estimated_hours"])
    return DesiredProject.of(
        item["name"],
        state,
        fields,
        item.key_lines.get("name", item.line),  # item.key_line("name"), without the call
        item.get("time_entries", "unassign"),
        _previous_names(item, "project", problems) if "previously" in item else (),
    )


def _projects(
    items: LineList, client: str | None, problems: _Problems, usual_only: bool
) -> list[DesiredProject]:
    """The projects of a client's list (`client`: its name) or of the top-level one (None);
    with `usual_only`, _UnusualEntry for the first entry not of a usual shape."""
    seen: dict[str, DesiredClient | DesiredProject] = {}
    projects = []
    item_lines = items.item_lines
    for index, item in enumerate(items):
        project = quick_project(item) if usual_only else None
        if project is None:
            if usual_only and not is_usual_project(item):
                raise _UnusualEntry
            item_line = item_lines[index] if index < len(item_lines) else items.line
            project = _project(item, item_line, problems)
        name = project.name
        # Both checks are written out for the usual name: a call each for 50,000 projects
        # would cost more than the checks themselves. A name that fails one is handed over.
        if not name or name.strip() != name:
            _check_name(name, project.line or 0, "project", problems)
        folded = name.casefold()
        if folded in seen:
            scope = (
                " among projects without a client"
                if client is None
                else f" under client {clip(client)!r}"
            )
            _check_unique(project, "project", scope, seen, problems)
        else:
            seen[folded] = project
        projects.append(project)
    return projects


def _clients(items: LineList, problems: _Problems, usual_only: bool) -> list[DesiredClient]:
    seen: dict[str, DesiredClient | DesiredProject] = {}
    clients = []
    for item in items:
        client = _client(item, problems, usual_only)
        _check_name(client.name, client.line or 0, "client", problems)
        _check_unique(client, "client", "", seen, problems)
        clients.append(client)
    return clients


def _client(item: LineDict, problems: _Problems, usual_only: bool) -> DesiredClient:
    name: str = item["name"]
    state = item.get("state", "active")
    if state == "absent":
        _reject_fields_when_absent(item, CLIENT_FIELDS, "client", problems)
    projects: Any = item.get("projects")
    if projects == "all" and state != "active":
        problems.add(
            f"client {clip(name)!r} is {state} but lists 'projects: all', which means every "
            "one of its projects active; remove 'projects: all' or list its projects with "
            "their states",
            item.key_line("projects"),
        )
    desired: tuple[DesiredProject, ...] | str | None = projects if projects == "all" else None
    if isinstance(projects, LineList):
        desired = tuple(_projects(projects, name, problems, usual_only))
        if state != "active":  # an active client allows its projects every state
            for project in desired:
                _check_state_under_client(name, state, project, problems)
    return DesiredClient(
        name=name,
        state=state,
        fields={key: item[key] for key in CLIENT_FIELDS if key in item},
        projects=desired,  # type: ignore[arg-type]
        line=item.key_line("name"),
        previously=_previous_names(item, "client", problems),
    )


def _check_state_under_client(
    client: str, client_state: str, project: DesiredProject, problems: _Problems
) -> None:
    if client_state == "archived" and project.state == "active":
        problems.add(
            f"project {clip(project.name)!r} is active but its client {clip(client)!r} is "
            "archived; Toggl archives a client's projects with it: make the project archived "
            "or absent",
            project.line or 0,
        )
    elif client_state == "absent" and project.state != "absent":
        problems.add(
            f"project {clip(project.name)!r} is {project.state} but its client "
            f"{clip(client)!r} is absent; the projects of an absent client can only be absent",
            project.line or 0,
        )


def _previous_names(item: LineDict, kind: str, problems: _Problems) -> tuple[PreviousName, ...]:
    """The `previously` entries of a client or project mapping (a string, a mapping or a list)."""
    if "previously" not in item:
        return ()
    value = item["previously"]
    if isinstance(value, LineList):
        entries = [(entry, value.item_line(index)) for index, entry in enumerate(value)]
    else:
        entries = [(value, item.value_line("previously"))]
    found = []
    for entry, line in entries:
        if isinstance(entry, LineDict):
            # A mapping names the client it sat under; its name defaults to the one it has now.
            name = entry.get("name", item["name"])
            found.append(PreviousName(name, entry.line, client=entry["client"], moved=True))
        else:
            found.append(PreviousName(entry, line))
    if item.get("state") == "absent":
        problems.add(
            f"an absent {kind} is deleted under the name it has in Toggl: remove 'previously' "
            f"from {kind} {clip(item['name'])!r} (or change its state)",
            item.key_line("previously"),
        )
    return tuple(found)


def _check_previous_names(
    clients: list[DesiredClient], projects: list[DesiredProject], problems: _Problems
) -> None:
    """A previous name must differ from the entry's own, and no two entries may give the same
    one: each names one object in Toggl, which only one entry can become."""
    # (kind, client or None, name) of each previous place -> the line that gave it
    seen: dict[tuple[str, str | None, str], int] = {}

    def check(
        kind: str, owner: str | None, entry: DesiredClient | DesiredProject, where: str
    ) -> None:
        for previous in entry.previously:
            line = previous.line or 0
            client = previous.client if previous.moved else owner
            if previous.name == entry.name and client == owner:
                problems.add(
                    f"{kind} {clip(entry.name)!r}{where}: 'previously' repeats its name as it "
                    "is now; give the name it had before",
                    line,
                )
                continue
            place = (kind, client, previous.name)
            if place in seen:
                problems.add(
                    f"{kind} {clip(entry.name)!r}{where}: 'previously' names "
                    f"{_place(*place)}, already given on line {seen[place]}; only one entry can "
                    "take over an object",
                    line,
                )
            else:
                seen[place] = line

    # Most entries give no previous name: they are skipped without a call.
    for desired in clients:
        if desired.previously:
            check("client", None, desired, "")
        if isinstance(desired.projects, tuple):
            for project in desired.projects:
                if project.previously:
                    under = f" under client {clip(desired.name)!r}"
                    check("project", desired.name, project, under)
    for project in projects:
        if project.previously:
            check("project", None, project, " without a client")


def _place(kind: str, client: str | None, name: str) -> str:
    if kind == "client":
        return f"client {clip(name)!r}"
    owner = f" under client {clip(client)!r}" if client is not None else " without a client"
    return f"project {clip(name)!r}{owner}"
