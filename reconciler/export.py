"""Bring an existing workspace under management: write its live state as a v1 config file.

`export_config` is pure. Its output, planned against the same workspace, reports no changes: every
client and project is listed with its state, and a field is written only when it differs from what
Toggl gives a new object (a field left out is unmanaged, so it can never cause a change).
Objects the config format cannot express are left out, which keeps them unmanaged (the file says
`unmanaged: ignore`), and are named in the header so nobody wonders where they went.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import fields
from typing import Any, TypeVar

import yaml

from reconciler.state import PROJECT_FIELDS, Client, Project, Workspace

# What Toggl gives a new project, as the snapshot assumes when a field is missing.
_PROJECT_DEFAULTS: dict[str, Any] = {
    f.name: f.default for f in fields(Project) if f.name in PROJECT_FIELDS
}
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
# The config accepts names up to this length.
_MAX_NAME_LENGTH = 255
# Wide enough that no name or note is folded over several lines.
_YAML_WIDTH = 1_000_000

_Named = TypeVar("_Named", Client, Project)


class _IndentedDumper(yaml.SafeDumper):
    """Indents block sequences under their key, as people write them by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # Text with line breaks or control characters is double-quoted: escapes keep every character
    # exactly, where other styles would fold the breaks ("\x85" and "\u2028" are breaks to YAML).
    escaped = any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text)
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"' if escaped else None)


_IndentedDumper.add_representer(str, _represent_str)


def _dump(data: Any) -> str:
    return yaml.dump(
        data,
        Dumper=_IndentedDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=_YAML_WIDTH,
    )


def _one_line(text: str) -> str:
    """Text safe inside a YAML comment: no line breaks or other control characters."""
    return " ".join("".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text).split())


def _name_problem(name: str) -> str | None:
    """Why the config could not hold this name, or None when it can."""
    if not name:
        return "its name is empty"
    if len(name) > _MAX_NAME_LENGTH:
        return f"its name is longer than {_MAX_NAME_LENGTH} characters"
    if any(unicodedata.category(ch) == "Cc" for ch in name):
        return "its name holds control characters"
    if name != name.strip():
        return "its name has leading or trailing whitespace"
    return None


def _by_name(objects: Iterable[_Named]) -> list[_Named]:
    # Case-insensitive first so "acme" sits next to "Acme"; then exact; the id breaks exact ties.
    return sorted(objects, key=lambda o: (o.name.casefold(), o.name, o.id))


def _is_archived(obj: Client | Project) -> bool:
    return obj.archived if isinstance(obj, Client) else not obj.active


def _expressible(
    objects: Sequence[_Named], kind: str, skipped: list[str], *, active_only: bool, where: str = ""
) -> list[_Named]:
    """The objects to write (sorted by name), less those the config cannot hold, each noted in
    `skipped`. `objects` are all of one list's candidates, archived ones included.

    The config rejects names that differ only in case within one list, although Toggl allows them:
    the first in sort order is kept and the others are left unmanaged. A name held by two objects
    matches neither for sure, so both are left unmanaged (archived ones count, even if not written).
    """
    name_counts = Counter(o.name for o in objects)
    kept: list[_Named] = []
    seen: dict[str, _Named] = {}
    for obj in _by_name(o for o in objects if not (active_only and _is_archived(o))):
        problem = _name_problem(obj.name)
        earlier = seen.get(obj.name.casefold())
        if problem is None and name_counts[obj.name] > 1:
            problem = f"another {kind} has exactly this name"
        elif problem is None and earlier is not None:
            problem = f"the config cannot tell it from {kind} {earlier.name!r} ({earlier.id})"
        if problem is not None:
            skipped.append(f"{kind} {obj.name!r} ({obj.id}){where}: {problem}")
            continue
        seen[obj.name.casefold()] = obj
        kept.append(obj)
    return kept


def _project_fields(project: Project, skipped: list[str]) -> dict[str, Any]:
    """The managed fields that differ from a new project's, in the config's key order."""
    out: dict[str, Any] = {}
    for name in PROJECT_FIELDS:
        value = project.field(name)
        if name == "color":
            if value.lower() == _PROJECT_DEFAULTS["color"]:
                continue
            if not _COLOR.fullmatch(value):
                skipped.append(f"color of project {project.name!r} ({project.id}): {value!r}")
                continue
        elif name == "billable":
            if not value:  # null and false both mean "not billable"
                continue
        elif name == "estimated_hours":
            if value is None:
                continue
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                skipped.append(
                    f"estimated_hours of project {project.name!r} ({project.id}): {value!r}"
                )
                continue
        elif value == _PROJECT_DEFAULTS[name]:
            continue
        out[name] = value
    return out


def _is_plain(name: str) -> bool:
    """True when the name reads back as itself without quotes (so `- name` is unambiguous)."""
    return _dump([name]) == f"- {name}\n"


def _project_item(project: Project, skipped: list[str]) -> str | dict[str, Any]:
    item: dict[str, Any] = {"name": project.name}
    if not project.active:
        item["state"] = "archived"
    item.update(_project_fields(project, skipped))
    if len(item) == 1 and _is_plain(project.name):
        return project.name
    return item


def _project_items(
    projects: Sequence[Project], *, active_only: bool, skipped: list[str], where: str = ""
) -> list[str | dict[str, Any]]:
    kept = _expressible(projects, "project", skipped, active_only=active_only, where=where)
    return [_project_item(p, skipped) for p in kept]


def _indent(text: str, by: str = "  ") -> str:
    return "".join(by + line if line.strip() else line for line in text.splitlines(keepends=True))


def _client_block(
    client: Client, workspace: Workspace, *, active_only: bool, skipped: list[str]
) -> str:
    """One `- name: ...` item of `clients:`, with any comment it needs above it."""
    item: dict[str, Any] = {"name": client.name}
    if client.archived:
        item["state"] = "archived"
    if client.notes:
        item["notes"] = client.notes
    projects = workspace.projects_of(client.id)
    comment = ""
    if client.archived and any(p.active for p in projects):
        # The config forbids an archived client with active projects, yet Toggl can hold one.
        # Leaving the list out keeps the client's projects unmanaged, so nothing changes.
        comment = (
            "# Archived, yet some of its projects are active, which the config cannot state:\n"
            "# its projects are left unmanaged.\n"
        )
    else:
        item["projects"] = _project_items(
            projects, active_only=active_only, skipped=skipped, where=f" of client {client.name!r}"
        )
    return _indent(comment + _dump([item]))


def _header(
    workspace: Workspace, source: str, generated_at: str, active_only: bool, schema_ref: str | None
) -> list[str]:
    title = f"workspace {workspace.id}"
    if workspace.name:
        title += f" ({_one_line(workspace.name)})"
    lines = []
    if schema_ref:
        # Editors with yaml-language-server read this line; the schema comes from
        # `toggl-reconciler schema`.
        lines.append(f"# yaml-language-server: $schema={_one_line(schema_ref)}")
    lines.append(f"# Toggl Track clients and projects of {title}, exported by toggl-reconciler.")
    if source:
        lines.append(f"# Source: {_one_line(source)}")
    if generated_at:
        lines.append(f"# Generated: {_one_line(generated_at)}")
    if active_only:
        lines.append("# Archived clients and projects are left out.")
    lines.append("# A field left out is not managed; planning this file as is changes nothing.")
    return lines


def export_config(
    workspace: Workspace,
    *,
    active_only: bool = False,
    source: str = "",
    generated_at: str = "",
    schema_ref: str | None = None,
) -> str:
    """The text of a v1 config file that describes `workspace` as it is.

    `source` (e.g. the API URL) and `generated_at` (a date) go into the header comment. With
    `active_only`, archived clients and projects are left out (and so left unmanaged). With
    `schema_ref` (a path or URL), the first line names the config's JSON Schema for editors.
    """
    skipped: list[str] = []
    client_blocks = [
        _client_block(c, workspace, active_only=active_only, skipped=skipped)
        for c in _expressible(workspace.clients, "client", skipped, active_only=active_only)
    ]
    known_client_ids = {c.id for c in workspace.clients}
    orphans = [p for p in workspace.projects if p.client_id not in known_client_ids | {None}]
    skipped.extend(
        f"project {p.name!r} ({p.id}): its client {p.client_id} is not in the workspace"
        for p in _by_name(orphans)
    )
    no_client = _project_items(
        workspace.projects_of(None), active_only=active_only, skipped=skipped
    )

    lines = _header(workspace, source, generated_at, active_only, schema_ref)
    if skipped:
        lines.append("# Left out, and so left unmanaged, as the config cannot state them:")
        lines.extend(f"#   {_one_line(reason)}" for reason in skipped)
    body = _dump({"version": 1, "workspace": workspace.id, "unmanaged": "ignore"})
    body += "clients:" + ("\n" + "".join(client_blocks) if client_blocks else " []\n")
    body += _dump({"projects": no_client}) if no_client else "projects: []\n"
    return "\n".join(lines) + "\n" + body
