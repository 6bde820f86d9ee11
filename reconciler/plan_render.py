"""The plan as people and machines read it: text (one line per action, colour optional),
Markdown for a pull request or job summary, and JSON (the saved-plan format).

The library never prints; these functions return text and the CLI prints it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any

from reconciler.json_text import indented_json
from reconciler.plan import Action, Plan, Unmanaged

NO_CHANGES = "No changes. The workspace matches the configuration."
DELETE_WARNING = "Deletes (run last, cannot be undone):"
TIME_ENTRIES_WARNING = (
    "!! TIME ENTRIES WILL BE DELETED with {projects} (the file says time_entries: delete): "
    "the hours tracked on them are lost for good."
)
# Longer lists are folded in Markdown, so a big plan stays readable in a pull request.
FOLD_AFTER = 10

_ANSI = {
    "create": "\033[32m",
    "update": "\033[33m",
    "bulk_update": "\033[33m",
    "restore": "\033[36m",
    "archive": "\033[35m",
    "delete": "\033[31m",
}
_RESET = "\033[0m"
_VERBS = {
    "create": "create",
    "update": "update",
    "bulk_update": "update",
    "restore": "restore",
    "archive": "archive",
    "delete": "delete",
}


def render_plan(
    plan: Plan, fmt: str = "text", *, color: bool = False, show_unmanaged: bool = False
) -> str:
    """The plan in one of the formats `--format` offers: text, json or markdown. JSON always
    lists the unmanaged objects; text and Markdown count them, and list them if asked."""
    if fmt == "json":
        return render_json(plan)
    if fmt == "markdown":
        return render_markdown(plan, show_unmanaged=show_unmanaged)
    return render_text(plan, color=color, show_unmanaged=show_unmanaged)


def render_json(plan: Plan) -> str:
    """The saved-plan format: `plan.to_dict()` as indented JSON."""
    return indented_json(plan.to_dict())


def render_text(plan: Plan, *, color: bool = False, show_unmanaged: bool = False) -> str:
    """One line per action, deletes first under a warning, then the summary line and the count
    of unmanaged objects (listed with `show_unmanaged`)."""
    others, deletes = _deletes_apart(plan)
    lines: list[str] = []
    if plan.partial:
        lines += [partial_note(plan), ""]
    if wiping := _time_entry_deletes(deletes):
        lines.append(TIME_ENTRIES_WARNING.format(projects=wiping))
    line_of = _painted_line if color else _text_line
    if deletes:
        lines.append(DELETE_WARNING)
        lines.extend(map(line_of, deletes))
        lines.append("")
    if others:
        lines.extend(map(line_of, others))
        lines.append("")
    if not plan.actions:
        lines.append(NO_CHANGES)
    lines.append(plan.summary())
    if plan.unmanaged:
        lines.append(unmanaged_line(plan.unmanaged, listed=show_unmanaged))
        if show_unmanaged:
            lines += [f"  {_unmanaged_item(u)}" for u in plan.unmanaged]
    return "\n".join(lines) + "\n"


def _deletes_apart(plan: Plan) -> tuple[Sequence[Action], Sequence[Action]]:
    """(the other actions, the deletes), each in plan order. Deletes run last (a plan's actions
    are in phase order): they are the plan's tail, found without looking at the others."""
    actions = plan.actions
    start = len(actions)
    while start and actions[start - 1].op == "delete":
        start -= 1
    return actions[:start], actions[start:]


def partial_note(plan: Plan) -> str:
    """What a plan limited by targets leaves out."""
    names = ", ".join(quoted(n) for n in plan.targets)
    return f"Partial plan, limited to {names}: the rest of the file is not planned."


def unmanaged_line(unmanaged: Sequence[Unmanaged], *, listed: bool) -> str:
    """How many live objects the file does not mention (`unmanaged: ignore` leaves them be)."""
    clients = sum(1 for u in unmanaged if u.kind == "client")
    projects = len(unmanaged) - clients
    counts = [
        f"{n} {word}{'' if n == 1 else 's'}"
        for n, word in ((clients, "client"), (projects, "project"))
        if n
    ]
    head = f"Not in the file (unmanaged: ignore): {', '.join(counts)}"
    return f"{head}:" if listed else f"{head}; --show-unmanaged lists them."


def _unmanaged_item(item: Unmanaged) -> str:
    return f"{item.kind} {quoted(_place(item.client, item.name))} ({item.id})"


def render_markdown(plan: Plan, *, show_unmanaged: bool = False) -> str:
    """For a pull-request comment or a CI job summary."""
    out = [f"**{_md(plan.summary())}**", "", f"write requests: {plan.write_requests}", ""]
    if plan.partial:
        out += [f"> {_md(partial_note(plan))}", ""]
    if not plan.actions:
        return "\n".join([*out, NO_CHANGES, "", *_md_unmanaged(plan, show_unmanaged)])
    destructive = [a for a in plan.actions if a.op in ("archive", "delete")]
    if wiping := _time_entry_deletes(_deletes_apart(plan)[1]):
        out += [f"> **{_md(TIME_ENTRIES_WARNING.format(projects=wiping))}**", ""]
    if destructive:
        out += ["### ⚠️ Archives and deletes", ""]
        out += [
            "> **Warning:** these actions archive or delete existing objects. "
            "Deletes run last and cannot be undone.",
            "",
        ]
        out += _md_list(
            [_md_line(a, with_client=True) for a in destructive], "archives and deletes"
        )
    bulk = [a for a in plan.actions if a.op == "bulk_update"]
    groups: dict[str, list[Action]] = {}
    for action in plan.actions:
        if action.op not in ("archive", "delete", "bulk_update"):
            groups.setdefault(_group_name(action), []).append(action)
    for title, actions in groups.items():
        out += [f"### {_md(title)}", ""]
        out += _md_list([_md_line(a, with_client=False) for a in actions], "changes")
    if bulk:
        out += ["### Bulk updates", ""]
        out += _md_list([_md_line(a, with_client=False) for a in bulk], "bulk updates")
    return "\n".join([*out, *_md_unmanaged(plan, show_unmanaged)])


# -- text ---------------------------------------------------------------------------------------


def _text_line(action: Action) -> str:
    if action.op == "bulk_update":
        names = ", ".join(quoted(n) for n in action.projects)
        head = f"{action.symbol} projects {names} ({', '.join(str(i) for i in action.ids)})"
    else:
        ident = "new" if action.id is None else str(action.id)
        was = f"{quoted(former_label(action))} -> " if action.previous is not None else ""
        head = f"{action.symbol} {action.kind} {was}{quoted(_label(action))} ({ident})"
    details = _details(action, _TEXT)
    return f"{head}  {details}" if details else head


@dataclass(frozen=True)
class _Style:
    """How one rendering spells a detail: the text and Markdown plans share what they say."""

    change: Callable[[str, Any, Any], str]  # (field, old, new)
    value: Callable[[str, Any], str]  # (field, new) for creates and bulk updates
    names: Callable[[tuple[str, ...]], str]
    sep: str
    bulk_names: bool  # list a bulk update's projects among the details (text names them upfront)


def _details(action: Action, style: _Style) -> str:
    key = (action.op, action.kind)
    told = _TOLD.get(key)
    parts: list[str] = []
    if key == ("create", "project"):
        if action.body.get("active") is False:
            parts.append("archived")
    elif not action.changes and told is None:
        return ""  # most lines of a big plan: a project archived or restored, nothing else
    moved_as_former = action.previous is not None  # "old" -> "new" comes before the details
    values_only = key[0] in ("create", "bulk_update")
    for name, old, new in action.changes:
        if moved_as_former and name in ("name", "client_id"):
            continue
        parts.append(style.value(name, new) if values_only else style.change(name, old, new))
    if told is not None and (said := told(action, style)) is not None:
        parts.append(said)
    return style.sep.join(parts)


def _bulk_names(action: Action, style: _Style) -> str | None:
    return style.names(action.projects) if style.bulk_names else None


def _client_restore(action: Action, style: _Style) -> str:
    if action.body and action.body.get("restore_all_projects"):
        return "with all projects"
    if action.projects:
        return "with projects " + style.names(action.projects)
    return "without its projects"


def _client_archive(action: Action, style: _Style) -> str | None:
    return "and its projects " + style.names(action.projects) if action.projects else None


def _project_delete(action: Action, style: _Style) -> str:
    if action.time_entries == "delete":
        return "AND ITS TIME ENTRIES"
    return "its time entries stay, without a project"


# What a line says after the changes, by (op, kind) (None: nothing); the others say nothing more.
_TOLD: dict[tuple[str, str], Callable[[Action, _Style], str | None]] = {
    ("bulk_update", "project"): _bulk_names,
    ("restore", "client"): _client_restore,
    ("archive", "client"): _client_archive,
    ("delete", "client"): lambda action, style: "its projects stay, without a client",
    ("delete", "project"): _project_delete,
}


_TEXT = _Style(
    change=lambda name, old, new: f"{name}: {_v(old)} -> {_v(new)}",
    value=lambda name, new: f"{name}: {_v(new)}",
    names=lambda names: ", ".join(quoted(n) for n in names),
    sep=", ",
    bulk_names=False,
)


def _time_entry_deletes(deletes: Sequence[Action]) -> str:
    """The projects whose deletes take their time entries with them, named; '' when none."""
    names = [quoted(_label(a)) for a in deletes if a.time_entries == "delete"]
    if not names:
        return ""
    noun = "project" if len(names) == 1 else f"{len(names)} projects"
    return f"{noun} {', '.join(names)}"


def _place(client: str | None, name: str) -> str:
    """`Client / Project`, or the name alone (a client, or a project without a client)."""
    return f"{client} / {name}" if client is not None else name


def _label(action: Action) -> str:
    return _place(action.client if action.kind == "project" else None, action.name)


def former_label(action: Action) -> str:
    """Where a renamed or moved object was."""
    assert action.previous is not None
    return _place(
        action.previous.client if action.kind == "project" else None, action.previous.name
    )


# What json.dumps(value, ensure_ascii=False) uses, made once: dumps builds one per call.
_JSON = json.JSONEncoder(ensure_ascii=False)
# What that encoder does with a string, called directly: a big plan quotes tens of thousands of
# names.
_json_string = encode_basestring


def quoted(text: str) -> str:
    """A name in double quotes, escaped as JSON escapes it (quotes and newlines stay visible)."""
    return _json_string(text) if type(text) is str else _JSON.encode(text)


def _v(value: Any) -> str:
    return _JSON.encode(value)


def _painted_line(action: Action) -> str:
    return f"{_ANSI[action.op]}{_text_line(action)}{_RESET}"


# -- Markdown -----------------------------------------------------------------------------------

_MD_SPECIAL = str.maketrans(
    {"\\": "\\\\", "|": "\\|", "*": "\\*", "_": "\\_", "`": "\\`", "<": "&lt;", ">": "&gt;"}
)


def _md(text: str) -> str:
    """Text shown as itself in Markdown, whatever characters a name holds."""
    return text.translate(_MD_SPECIAL)


def _md_names(names: Iterable[str]) -> str:
    return ", ".join(_md(n) for n in names)


def _md_line(action: Action, *, with_client: bool) -> str:
    name = _label(action) if with_client else action.name
    if action.previous is not None:
        moved = any(field == "client_id" for field, _, _ in action.changes)
        if moved or with_client:
            name = f"{former_label(action)} → {_label(action)}"
        else:
            name = f"{action.previous.name} → {action.name}"
    if action.op == "bulk_update":
        ids = ", ".join(str(i) for i in action.ids)
        text = f"**update** {len(action.ids)} projects in one request ({ids})"
    else:
        ident = "new" if action.id is None else str(action.id)
        # No symbols here: a leading "-" or "+" would start a nested list.
        text = f"**{_VERBS[action.op]}** {action.kind} {_md(name)} ({ident})"
    details = _details(action, _MARKDOWN)
    return f"{text}: {details}" if details else text


def _fold(names: tuple[str, ...], what: str) -> str:
    if len(names) <= FOLD_AFTER:
        return _md_names(names)
    return f"<details><summary>{len(names)} {what}</summary>{_md_names(names)}</details>"


_MARKDOWN = _Style(
    change=lambda name, old, new: f"{_md(name)}: {_md(_v(old))} → {_md(_v(new))}",
    value=lambda name, new: f"{_md(name)} = {_md(_v(new))}",
    names=lambda names: _fold(names, "projects"),
    sep="; ",
    bulk_names=True,
)


def _md_unmanaged(plan: Plan, show: bool) -> list[str]:
    if not plan.unmanaged:
        return []
    line = unmanaged_line(plan.unmanaged, listed=show)
    if not show:
        return [_md(line), ""]
    items = [_md(_unmanaged_item(u)) for u in plan.unmanaged]
    return [_md(line), "", *_md_list(items, "unmanaged objects")]


def _md_list(items: list[str], what: str) -> list[str]:
    lines = [f"- {item}" for item in items]
    if len(items) > FOLD_AFTER:
        lines = [f"<details><summary>{len(items)} {what}</summary>", "", *lines, "", "</details>"]
    return [*lines, ""]


def _group_name(action: Action) -> str:
    if action.kind == "client":
        return action.name
    return action.client if action.client is not None else "No client"
