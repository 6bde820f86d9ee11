"""The commands that read and change a workspace: validate, plan, show, apply, export.

Each is options -> the library (a Reconciler from terminal.py) -> text from render.py. The steps
that `demo` repeats (plan and print, apply and print) are functions here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from .terminal import confirm_on_terminal, reconciler_for, use_color

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


def _share(percent: int | None) -> float | None:
    """The option's percent as a share; None leaves the config's setting (else 30%)."""
    return None if percent is None else percent / 100


@click.command()
@click.argument("config", type=click.Path(dir_okay=True))
def validate(config: str) -> None:
    """Check a config file without sending any request.

    Example: toggl-reconciler validate workspace.yaml
    """
    from ..config import load_config
    from ..render import config_summary

    click.echo(config_summary(config, load_config(config)))


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
) -> None:
    """Read the workspace and show what apply would change. Never writes to Toggl.

    \b
    Examples:
      toggl-reconciler plan workspace.yaml --detailed-exitcode --out plan.json
      toggl-reconciler plan workspace.yaml --target "Hooli Inc" --show-unmanaged
    """
    from ..config import load_config
    from ..saved_plans import save_plan

    cfg = load_config(config)
    the_plan = plan_and_print(
        reconciler_for(ctx),
        cfg,
        fmt=fmt,
        force=force,
        max_destructive_percent=max_destructive_percent,
        targets=targets,
        show_unmanaged=show_unmanaged,
    )
    if out:
        save_plan(the_plan, out)
        click.echo(f"Saved plan to {out}.", err=fmt != "text")
    if detailed_exitcode and the_plan.has_changes:
        ctx.exit(2)


def plan_and_print(
    rec: Reconciler,
    cfg: Config,
    *,
    fmt: str = "text",
    force: bool = False,
    max_destructive_percent: int | None = None,
    targets: tuple[str, ...] = (),
    show_unmanaged: bool = False,
) -> Plan:
    """Plan, print the plan, then refuse it if it archives or deletes too much (printed first,
    so that the refusal can be reviewed)."""
    from ..render import DELETES_NEED_LEAVE, quota_note, render_plan

    the_plan = rec.plan(cfg, targets=targets)
    click.echo(render_plan(the_plan, fmt, color=use_color(), show_unmanaged=show_unmanaged))
    if fmt == "text" and the_plan.has_changes:
        click.echo(quota_note(the_plan, rec.quota_remaining, rec.quota_resets_in))
        if any(a.op == "delete" for a in the_plan.actions):
            click.echo(DELETES_NEED_LEAVE)
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
    "--wait-for-quota",
    is_flag=True,
    help="When the hourly quota runs out, wait for it to reset and carry on.",
)
@_target_option
@_show_unmanaged_option
@_safety_options
@click.pass_context
def apply(
    ctx: click.Context,
    config: str | None,
    plan_file: str | None,
    auto_approve: bool,
    allow_delete: bool,
    wait_for_quota: bool,
    targets: tuple[str, ...],
    show_unmanaged: bool,
    force: bool,
    max_destructive_percent: int | None,
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
    rec = reconciler_for(ctx, wait_for_quota=wait_for_quota, show_unmanaged=show_unmanaged)
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
) -> None:
    """Apply with the library's checks, printing the plan, each action and a summary; after a
    stop, what landed and what did not, and exit 1. A Ctrl-C stops between two actions."""
    from ..apply import ApplyStopped
    from ..render import apply_summary, stop_report

    try:
        done = rec.apply(
            the_plan,
            config=cfg,
            allow_delete=allow_delete,
            force=force,
            max_destructive_share=_share(max_destructive_percent),
            confirm=confirm_on_terminal if ask else None,
            defer_interrupt=True,
        )
    except ApplyStopped as stop:
        click.echo(stop_report(stop), err=True)
        sys.exit(1)
    if the_plan.has_changes:
        click.echo(apply_summary(done))


@click.command("export")
@click.option("--workspace", "workspace_ref", required=True, help="Workspace id or exact name.")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of stdout."
)
@click.option("--active-only", is_flag=True, help="Leave archived clients and projects out.")
@click.pass_context
def export_cmd(
    ctx: click.Context, workspace_ref: str, output: str | None, active_only: bool
) -> None:
    """Write the live workspace as a config file that plans with no changes.

    Example: toggl-reconciler export --workspace 4242 --output workspace.yaml
    """
    from pathlib import Path

    ref: int | str = int(workspace_ref) if workspace_ref.isdigit() else workspace_ref
    text = reconciler_for(ctx).export(ref, active_only=active_only)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}.", err=True)
    else:
        click.echo(text, nl=False)
