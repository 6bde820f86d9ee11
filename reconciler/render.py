"""Everything the command says to people. The plan itself (text, Markdown, JSON) comes from
`plan_render.py` and is re-exported here; this module holds the text around it: the quota
note, the progress, summary and stop report of an apply, waits, and errors with the hints that
name command options.

The library never prints; these functions return text and the CLI prints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from reconciler.errors import ConfigError, FeatureUnavailable, QuotaExhausted, UnsafePlan
from reconciler.json_text import indented_json
from reconciler.plan import Action, Plan

# The plan's renderings, importable from here as everywhere else the command's text is.
from reconciler.plan_render import (  # noqa: F401  (re-exported)
    DELETE_WARNING,
    FOLD_AFTER,
    NO_CHANGES,
    TIME_ENTRIES_WARNING,
    former_label,
    partial_note,
    quoted,
    render_json,
    render_markdown,
    render_plan,
    render_text,
    unmanaged_line,
)

if TYPE_CHECKING:
    from reconciler.apply import ApplyStopped, Outcome
    from reconciler.config.model import Config
    from reconciler.snapshot import SnapshotRead
    from reconciler.toggl import Waiting

PAST = {
    "create": "created",
    "update": "updated",
    "bulk_update": "updated",
    "restore": "restored",
    "archive": "archived",
    "delete": "deleted",
}
DELETES_NEED_LEAVE = "Deletes are applied only with --allow-delete."
# How the command line spells each way of accepting an unsafe plan (UnsafePlan.check).
_OVERRIDE_HINTS = {
    "deletes": "; pass --allow-delete to apply it.",
    "share": "; pass --force to apply it anyway.",
    "quota": ". Wait, or pass --force to apply what fits.",
}


def render_apply_json(report: dict[str, Any]) -> str:
    """`apply --format json`: the report of `reconciler.apply.apply_report` as indented JSON."""
    return indented_json(report)


def human_duration(seconds: float) -> str:
    """A wait as people say it: "0.7 s", "12 s", "4 min 10 s", "1 h 5 min"."""
    if seconds < 9.95 and seconds != int(seconds):
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        minutes, rest = divmod(whole, 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    # Past an hour the seconds are noise.
    hours, minutes = divmod(round(whole / 60), 60)
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def quota_note(plan: Plan, remaining: int | None, resets_in: int | None) -> str:
    """How many writes the plan sends, the hour's quota when Toggl reported it, and a warning
    when what is left cannot cover them."""
    note = f"Applying sends {plan.write_requests} write request(s)."
    if remaining is not None:
        resets = f", resets in {human_duration(resets_in)}" if resets_in else ""
        note += f" Toggl reports {remaining} request(s) left this hour{resets}."
        # An apply of a config re-reads nothing, but `apply --plan` first re-reads the workspace.
        if plan.write_requests > remaining:
            note += (
                f"\nWarning: this hour's quota cannot cover the apply ({plan.write_requests} "
                f"writes, {max(0, remaining)} left): apply after the reset, or with "
                "--wait-for-quota to wait for it part-way."
            )
    return note


def config_summary(path: str, config: Config) -> str:
    """What `validate` says about a valid config."""
    projects = len(config.projects or ()) + sum(
        len(c.projects) for c in config.clients if isinstance(c.projects, tuple)
    )
    return f"{path}: valid ({len(config.clients)} clients, {projects} projects listed)"


def outcome_line(outcome: Outcome) -> str:
    """One line per action applied, as it completes."""
    action = outcome.action
    return _action_line(action, outcome.id, PAST[action.op], outcome.adopted)


def apply_summary(outcomes: Sequence[Outcome]) -> str:
    counts = {"restored": 0, "archived": 0, "created": 0, "updated": 0, "deleted": 0}
    for outcome in outcomes:
        action = outcome.action
        counts[PAST[action.op]] += len(action.ids) if action.op == "bulk_update" else 1
    return "Apply complete: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + "."


def stop_report(stop: ApplyStopped) -> str:
    """What landed, what did not, and what to do next, after an apply stopped part-way."""
    done, remaining = len(stop.done), len(stop.remaining)
    lines = [
        f"Apply stopped: {stop.cause}",
        f"Applied {done} of {done + remaining} actions; nothing else was sent.",
    ]
    if stop.remaining:
        lines.append("Not applied yet:")
        for action in stop.remaining:
            verb = "update" if action.op == "bulk_update" else action.op
            lines.append(f"  {_action_line(action, action.id, verb)}")
    cause = stop.__cause__
    if isinstance(cause, QuotaExhausted):
        resets_in = cause.resets_in
        when = "within the hour" if resets_in is None else f"in {human_duration(resets_in)}"
        lines.append(
            f"The hourly request quota resets {when}; run apply again then "
            "(or use --wait-for-quota)."
        )
    elif not isinstance(cause, FeatureUnavailable):  # its message already says what to do
        lines.append("Run plan again: it will show only what is left.")
    return "\n".join(lines)


def wait_text(event: Waiting) -> str:
    """A wait of the Toggl client before it tries again."""
    from reconciler.toggl import QuotaWait  # the client's module pulls in requests

    if isinstance(event, QuotaWait):
        if event.first:
            wait = human_duration(event.seconds_left)
            return f"Hourly request quota used up; waiting {wait} for it to reset"
        return f"  quota resets in {human_duration(event.seconds_left)}"
    if event.status == 429:
        why = "Toggl rate limit (429)"
    elif event.status is not None:
        why = f"Toggl answered {event.status}"
    else:
        why = f"{event.request} failed ({event.error})"
    return f"{why}; waiting {human_duration(event.delay)} before retrying"


def error_report(error: Exception) -> str:
    """What the command prints for an expected failure: `Error: ...` in one line; for a config,
    one such line per problem, in line order."""
    if isinstance(error, ConfigError) and (len(error.problems) > 1 or error.unlisted):
        lines = [f"Error: {problem}" for problem in error.problems]
        if error.unlisted:
            lines.append(
                f"Error: {error.path or '<config>'}: {error.unlisted} more problem(s) not "
                "listed; fix these and check the file again"
            )
        return "\n".join(lines)
    return f"Error: {error_text(error)}"


def snapshot_text(event: SnapshotRead) -> str:
    """How a read with `--snapshot` went."""
    if event.full_read:
        text = f"Read the whole workspace: {event.reason}."
    else:
        taken = event.taken_at.strftime("%Y-%m-%d %H:%M UTC") if event.taken_at else "?"
        text = f"Read only the changes since the snapshot {event.path} (taken {taken})."
    if not event.saved:
        text += " No snapshot was saved: the workspace holds nothing dated by Toggl."
    return text


def error_text(error: Exception) -> str:
    """An expected failure in one line, with the option that overrides a refusal."""
    if isinstance(error, UnsafePlan):
        return f"{error}{_OVERRIDE_HINTS[error.check]}"
    return str(error)


def _action_line(action: Action, outcome_id: int | None, verb: str, adopted: bool = False) -> str:
    where = f"{action.client} / " if action.kind == "project" and action.client else ""
    label = f'{action.kind} "{where}{action.name}"'
    if action.op == "bulk_update":
        label = f"{len(action.ids)} projects in one bulk update"
    ident = f" ({outcome_id})" if outcome_id is not None else ""
    was = f", was {quoted(former_label(action))}" if action.previous is not None else ""
    note = " (it had already landed)" if adopted else ""
    return f"{action.symbol} {verb} {label}{ident}{was}{note}"
