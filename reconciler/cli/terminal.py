"""The library wired to this terminal: a Reconciler built from the global options, whose progress
is printed as it happens, colour only on a terminal (and not when refused), the options that may
come before or after the subcommand, and the confirmation prompt."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import click

from ..errors import ReconcilerError

if TYPE_CHECKING:
    from ..facade import Event, Reconciler
    from ..plan import Plan


def color_refused() -> bool:
    """NO_COLOR (any value) and TERM=dumb turn colour off, as terminals expect."""
    return bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


def use_color(err: bool = False) -> bool:
    """Colour for stdout (stderr with `err`): only on a terminal, and never when refused by
    --no-color, NO_COLOR or TERM=dumb."""
    ctx = click.get_current_context(silent=True)
    if (ctx is not None and ctx.color is False) or color_refused():
        return False
    return (sys.stderr if err else sys.stdout).isatty()


def settings(ctx: click.Context) -> dict[str, Any]:
    """The global options (api_url, timeout, verbose), kept on the context for the commands."""
    obj: dict[str, Any] = ctx.ensure_object(dict)
    return obj


def _verbose_here(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        settings(ctx)["verbose"] = True


def _no_color_here(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.color = False  # click's own styling (bold headings) follows the context too


VERBOSE_HELP = "Log every request (method, path, status, time)."
NO_COLOR_HELP = "No colour, even on a terminal (also NO_COLOR=1 or TERM=dumb)."


def anywhere_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """-v and --no-color on a subcommand too, so they work before or after its name."""
    command = click.option(
        "-v",
        "--verbose",
        is_flag=True,
        expose_value=False,
        callback=_verbose_here,
        help=VERBOSE_HELP,
    )(command)
    return click.option(
        "--no-color",
        is_flag=True,
        expose_value=False,
        callback=_no_color_here,
        help=NO_COLOR_HELP,
    )(command)


def reconciler_for(
    ctx: click.Context,
    *,
    wait_for_quota: bool = False,
    snapshot: str | None = None,
    refresh: str = "auto",
    api_url: str | None = None,
    token: str | None = None,
    progress_to_stderr: bool = False,
    request_interval: float | None = None,
    show_unmanaged: bool = False,
) -> Reconciler:
    """A Reconciler for the global options; `api_url`, `token` and `request_interval` override
    them (the demo's sandbox). It connects on first use, so a command that sends nothing needs
    no token. `progress_to_stderr` keeps stdout for a machine-readable result; `show_unmanaged`
    lists the unmanaged objects when the plan about to be applied is shown."""
    from ..facade import Reconciler

    options = settings(ctx)
    return Reconciler(
        token,
        api_url or options.get("api_url"),
        timeout=options.get("timeout", 30.0),
        wait_for_quota=wait_for_quota,
        snapshot=snapshot,
        refresh=refresh,
        progress=partial(print_event, err=progress_to_stderr, show_unmanaged=show_unmanaged),
        request_log=_print_request if options.get("verbose") else None,
        request_interval=(
            request_interval if request_interval is not None else options.get("request_interval")
        ),
    )


def print_event(event: Event, err: bool = False, *, show_unmanaged: bool = False) -> None:
    """Progress as it happens: the plan an apply is about to check and send, each action as it
    lands (stdout, or stderr with `err`), and every wait before a retry (stderr)."""
    from ..apply import Outcome
    from ..facade import ApplyStarting
    from ..paid_features import PlanUnchecked
    from ..render import outcome_line, quota_note, render_text, snapshot_text, wait_text
    from ..snapshot import SnapshotRead

    if isinstance(event, ApplyStarting):
        text = render_text(event.plan, color=use_color(err), show_unmanaged=show_unmanaged)
        click.echo(text, err=err)
        if event.plan.has_changes:
            note = quota_note(event.plan, event.quota_remaining, event.quota_resets_in)
            click.echo(note, err=err)
    elif isinstance(event, Outcome):
        click.echo(outcome_line(event), err=err)
    elif isinstance(event, PlanUnchecked):
        click.echo(f"Note: {event.message}.", err=True)
    elif isinstance(event, SnapshotRead):
        click.echo(snapshot_text(event), err=True)
    else:
        click.echo(wait_text(event), err=True)


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def confirm_on_terminal(plan: Plan, err: bool = False) -> bool:
    """Ask before applying (on stderr with `err`), as Terraform does: only `yes` approves.
    Without a terminal to ask on, refuse."""
    if not stdin_is_terminal():
        raise ReconcilerError("not a terminal: pass --auto-approve to apply without asking")
    answer = click.prompt(
        "Apply these changes? Only 'yes' will be accepted to approve",
        default="",
        show_default=False,
        err=err,
    )
    if answer.strip() != "yes":
        raise ReconcilerError("apply cancelled: nothing was sent")
    return True


def _print_request(line: str) -> None:
    click.echo(f"[http] {line}", err=True)
