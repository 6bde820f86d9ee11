"""The commands that plan and change a workspace: plan, show (a saved plan) and apply, with
the options they share. (validate, export and schema are in config_commands.py.)

Each is options -> the library (a Reconciler from terminal.py) -> text from render.py. The steps
that `demo` repeats (plan and print, apply and print) are functions here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import click

from .terminal import anywhere_options, confirm_on_terminal, reconciler_for, use_color

if TYPE_CHECKING:
    from ..config import Config
    from ..facade import Reconciler
    from ..plan import Plan


_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text for people, json for tools (the saved-plan document), markdown for CI summaries.",
)


_show_unmanaged_option = click.option(
    "--show-unmanaged",
    is_flag=True,
    help="List the clients and projects the file does not mention (otherwise only counted).",
)
_target_option = click.option(
    "--target",
    "targets",
    multiple=True,
    metavar="NAME",
    help="Plan only this client (with its projects) or project without a client; repeatable.",
)


def _safety_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option(
        "--force",
        is_flag=True,
        help="Apply even past the destructive-share threshold or the quota check.",
    )(f)
    f = click.option(
        "--max-destructive-percent",
        type=click.IntRange(0, 100),
        default=None,
        help="Refuse plans archiving/deleting more than this % of existing "
        "clients or projects [default: the config's safety setting, else 30].",
    )(f)
    return f


def _read_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option(
        "--refresh",
        type=click.Choice(["auto", "full"]),
        default="auto",
        show_default=True,
        help="full: read the whole workspace even with a usable --snapshot (and rewrite it).",
    )(f)
    f = click.option(
        "--snapshot",
        type=click.Path(dir_okay=False),
        help="Remember the workspace in this file; later runs read only what changed since.",
    )(f)
    f = click.option(
        "--wait-for-quota",
        is_flag=True,
        help="When the hourly quota runs out, wait for it to reset and carry on.",
    )(f)
    return f


def _share(percent: int | None) -> float | None:
    """The option's percent as a share; None leaves the config's setting (else 30%)."""
    return None if percent is None else percent / 100


@click.command()
@click.argument("config", type=click.Path())
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="Exit 0 when there are no changes, 2 when there are, 1 on error.",
)
@click.option(
    "--out", "out", type=click.Path(dir_okay=False), help="Save the plan as JSON for apply --plan."
)
@_format_option
@_target_option
@_show_unmanaged_option
@_safety_options
@anywhere_options
@_read_options
@click.pass_context
def plan(
    ctx: click.Context,
    config: str,
    detailed_exitcode: bool,
    out: str | None,
    fmt: str,
    targets: tuple[str, ...],
    show_unmanaged: bool,
    force: bool,
    max_destructive_percent: int | None,
    wait_for_quota: bool,
    snapshot: str | None,
    refresh: str,
) -> None:
    """Read the workspace and show what apply would change. Never writes to Toggl.

    With --snapshot FILE, the first run reads everything and saves the workspace there; later
    runs read only what changed since (usually 2 or 3 requests, whatever the workspace's size).

    \b
    Examples:
      toggl-reconciler plan workspace.yaml --detailed-exitcode --out plan.json
      toggl-reconciler plan workspace.yaml --target "Hooli Inc" --show-unmanaged
    """
    from ..config import load_config

    cfg = load_config(config)

    def save(the_plan: Plan) -> None:
        # Saved before the safety check, so that a refused plan can still be reviewed (CI
        # uploads and summarises it); the command then exits 1.
        if out:
            from ..saved_plans import save_plan  # loads jsonschema: only for --out

            save_plan(the_plan, out)
            click.echo(f"Saved plan to {out}.", err=fmt != "text")

    the_plan = plan_and_print(
        reconciler_for(ctx, wait_for_quota=wait_for_quota, snapshot=snapshot, refresh=refresh),
        cfg,
        fmt=fmt,
        force=force,
        max_destructive_percent=max_destructive_percent,
        before_check=save,
        targets=targets,
        show_unmanaged=show_unmanaged,
    )
    if detailed_exitcode and the_plan.has_changes:
        ctx.exit(2)


def plan_and_print(
    rec: Reconciler,
    cfg: Config,
    *,
    fmt: str = "text",
    force: bool = False,
    max_destructive_percent: int | None = None,
    before_check: Callable[[Plan], None] | None = None,
    targets: tuple[str, ...] = (),
    show_unmanaged: bool = False,
) -> Plan:
    """Plan, print the plan, then refuse it if it archives or deletes too much (printed first,
    so that the refusal can be reviewed). `before_check` receives the plan before that."""
    from ..render import DELETES_NEED_LEAVE, quota_note, render_plan

    the_plan = rec.plan(cfg, targets=targets)
    click.echo(render_plan(the_plan, fmt, color=use_color(), show_unmanaged=show_unmanaged))
    if fmt == "text" and the_plan.has_changes:
        click.echo(quota_note(the_plan, rec.quota_remaining, rec.quota_resets_in))
        if any(a.op == "delete" for a in the_plan.actions):
            click.echo(DELETES_NEED_LEAVE)
    if before_check is not None:
        before_check(the_plan)
    rec.check_safety(
        the_plan,
        config=cfg,
        allow_delete=True,
        force=force,
        max_destructive_share=_share(max_destructive_percent),
    )
    return the_plan


@click.command()
@click.argument("plan_file", type=click.Path(dir_okay=False))
@_format_option
@_show_unmanaged_option
@anywhere_options
def show(plan_file: str, fmt: str, show_unmanaged: bool) -> None:
    """Render a saved plan. Sends no request.

    Example: toggl-reconciler show plan.json --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from ..render import render_plan
    from ..saved_plans import load_plan

    plan = load_plan(plan_file)
    click.echo(render_plan(plan, fmt, color=use_color(), show_unmanaged=show_unmanaged))


@click.command()
@click.argument("config", type=click.Path(), required=False)
@click.option(
    "--plan",
    "plan_file",
    type=click.Path(dir_okay=False),
    help="Apply this saved plan exactly (refused if the workspace changed since).",
)
@click.option("--auto-approve", is_flag=True, help="Apply without asking for confirmation.")
@click.option("--allow-delete", is_flag=True, help="Allow the plan's deletes.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: print only the result as JSON on stdout (schema: toggl-reconciler schema "
    "apply); the plan and progress go to stderr.",
)
@_target_option
@_show_unmanaged_option
@_safety_options
@anywhere_options
@_read_options
@click.pass_context
def apply(
    ctx: click.Context,
    config: str | None,
    plan_file: str | None,
    auto_approve: bool,
    allow_delete: bool,
    fmt: str,
    targets: tuple[str, ...],
    show_unmanaged: bool,
    force: bool,
    max_destructive_percent: int | None,
    wait_for_quota: bool,
    snapshot: str | None,
    refresh: str,
) -> None:
    """Plan, show the plan, ask, then apply it. Or apply a saved plan with --plan.

    With --plan, the saved plan is applied exactly and without a prompt, after checking that the
    workspace has not changed since it was made; given CONFIG too, also that the plan was made
    from that very file.

    \b
    Examples:
      toggl-reconciler apply workspace.yaml
      toggl-reconciler apply workspace.yaml --target "Hooli Inc"
      toggl-reconciler apply workspace.yaml --plan plan.json --allow-delete
      toggl-reconciler apply --plan plan.json --format json > result.json
    """
    from ..config import load_config
    from ..saved_plans import load_plan

    if config is None and plan_file is None:
        raise click.UsageError("give CONFIG, or --plan PLAN.json (with CONFIG: checked against it)")
    if plan_file and targets:
        raise click.UsageError(
            "--target plans anew: a saved plan keeps the targets it was made for"
        )
    cfg = load_config(config) if config is not None else None
    rec = reconciler_for(
        ctx,
        wait_for_quota=wait_for_quota,
        snapshot=snapshot,
        refresh=refresh,
        progress_to_stderr=fmt == "json",
        show_unmanaged=show_unmanaged,
    )
    if plan_file:
        the_plan = load_plan(plan_file)
        auto_approve = True  # the plan was reviewed when it was saved
    else:
        assert cfg is not None
        the_plan = rec.plan(cfg, targets=targets)
    apply_and_print(
        rec,
        the_plan,
        cfg,
        allow_delete=allow_delete,
        force=force,
        max_destructive_percent=max_destructive_percent,
        ask=not auto_approve,
        fmt=fmt,
    )


def apply_and_print(
    rec: Reconciler,
    the_plan: Plan,
    cfg: Config | None,
    *,
    allow_delete: bool = False,
    force: bool = False,
    max_destructive_percent: int | None = None,
    ask: bool = True,
    fmt: str = "text",
) -> None:
    """Apply with the library's checks, printing the plan, each action and a summary; after a
    stop, what landed and what did not, and exit 1. A Ctrl-C stops between two actions.
    With fmt "json", stdout gets only the result document and the rest goes to stderr."""
    from ..apply import ApplyStopped, apply_report
    from ..render import apply_summary, render_apply_json, stop_report

    as_json = fmt == "json"
    confirm = partial(confirm_on_terminal, err=as_json) if ask else None
    try:
        done = rec.apply(
            the_plan,
            config=cfg,
            allow_delete=allow_delete,
            force=force,
            max_destructive_share=_share(max_destructive_percent),
            confirm=confirm,
            defer_interrupt=True,
        )
    except ApplyStopped as stop:
        click.echo(stop_report(stop), err=True)
        if as_json:
            click.echo(render_apply_json(apply_report(the_plan, stop.done, stop)))
        sys.exit(1)
    if as_json:
        click.echo(render_apply_json(apply_report(the_plan, done)))
    elif the_plan.has_changes:
        click.echo(apply_summary(done))
