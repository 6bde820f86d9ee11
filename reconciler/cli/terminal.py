"""The library wired to this terminal: a Reconciler built from the global options, whose progress
is printed as it happens, colour only on a terminal, and the confirmation prompt."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

from ..errors import ReconcilerError

if TYPE_CHECKING:
    from ..facade import Event, Reconciler
    from ..plan import Plan


def use_color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def settings(ctx: click.Context) -> dict[str, Any]:
    """The global options (api_url, timeout, verbose), kept on the context for the commands."""
    obj: dict[str, Any] = ctx.ensure_object(dict)
    return obj


def reconciler_for(
    ctx: click.Context,
    *,
    wait_for_quota: bool = False,
    api_url: str | None = None,
    token: str | None = None,
    request_interval: float | None = None,
) -> Reconciler:
    """A Reconciler for the global options; `api_url`, `token` and `request_interval` override
    them (the demo's sandbox). It connects on first use, so a command that sends nothing needs
    no token."""
    from ..facade import Reconciler

    options = settings(ctx)
    return Reconciler(
        token,
        api_url or options.get("api_url"),
        timeout=options.get("timeout", 30.0),
        wait_for_quota=wait_for_quota,
        progress=print_event,
        request_log=_print_request if options.get("verbose") else None,
        request_interval=(
            request_interval if request_interval is not None else options.get("request_interval")
        ),
    )


def print_event(event: Event) -> None:
    """Progress as it happens: the plan an apply is about to check and send, each action as it
    lands (stdout), and every wait before a retry (stderr)."""
    from ..apply import Outcome
    from ..facade import ApplyStarting
    from ..render import outcome_line, quota_note, render_text, wait_text

    if isinstance(event, ApplyStarting):
        click.echo(render_text(event.plan, color=use_color()))
        if event.plan.has_changes:
            click.echo(quota_note(event.plan, event.quota_remaining, event.quota_resets_in))
    elif isinstance(event, Outcome):
        click.echo(outcome_line(event))
    else:
        click.echo(wait_text(event), err=True)


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


def confirm_on_terminal(plan: Plan) -> bool:
    """Ask before applying, as Terraform does: only `yes` approves. Without a terminal to ask
    on, refuse."""
    if not stdin_is_terminal():
        raise ReconcilerError("not a terminal: pass --auto-approve to apply without asking")
    answer = click.prompt(
        "Apply these changes? Only 'yes' will be accepted to approve",
        default="",
        show_default=False,
    )
    if answer.strip() != "yes":
        raise ReconcilerError("apply cancelled: nothing was sent")
    return True


def _print_request(line: str) -> None:
    click.echo(f"[http] {line}", err=True)
