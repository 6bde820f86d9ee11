"""The library wired to this terminal: a Reconciler built from the global options, whose progress
is printed as it happens, colour only on a terminal, and the confirmation prompt."""

from __future__ import annotations

import os
import sys
from functools import partial
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
    show_unmanaged: bool = False,
) -> Reconciler:
    """A Reconciler for the global options; `api_url` and `token` override them (the demo's
    sandbox). It connects on first use, so a command that sends nothing needs no token.
    `show_unmanaged` lists the unmanaged objects when the plan about to be applied is shown."""
    from ..facade import Reconciler

    options = settings(ctx)
    return Reconciler(
        token,
        api_url or options.get("api_url"),
        timeout=options.get("timeout", 30.0),
        wait_for_quota=wait_for_quota,
        progress=partial(print_event, show_unmanaged=show_unmanaged),
        request_log=_print_request if options.get("verbose") else None,
    )


def print_event(event: Event, *, show_unmanaged: bool = False) -> None:
    """Progress as it happens: the plan an apply is about to check and send, each action as it
    lands (stdout), and every wait before a retry (stderr)."""
    from ..apply import Outcome
    from ..facade import ApplyStarting
    from ..render import outcome_line, quota_note, render_text, wait_text

    if isinstance(event, ApplyStarting):
        click.echo(render_text(event.plan, color=use_color(), show_unmanaged=show_unmanaged))
        if event.plan.has_changes:
            click.echo(quota_note(event.plan, event.quota_remaining, event.quota_resets_in))
    elif isinstance(event, Outcome):
        click.echo(outcome_line(event))
    else:
        click.echo(wait_text(event), err=True)


def confirm_on_terminal(plan: Plan) -> bool:
    """Ask before applying; without a terminal to ask on, refuse."""
    if not sys.stdin.isatty():
        raise ReconcilerError("not a terminal: pass --auto-approve to apply without asking")
    click.confirm("Apply these changes?", abort=True)
    return True


def _print_request(line: str) -> None:
    click.echo(f"[http] {line}", err=True)
