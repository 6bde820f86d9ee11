"""The `toggl-reconciler` command. Thin: parse options, call the library, print, pick the exit code.

Exit codes: 0 success (and "no changes" with --detailed-exitcode); 1 any error, refusal or bad
input; 2 changes present (plan --detailed-exitcode only).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__
from .errors import FeatureUnavailable, QuotaExhausted, ReconcilerError

if TYPE_CHECKING:
    from .apply import ApplyStopped, Outcome
    from .plan import Action, Plan
    from .toggl import TogglClient

# Everything heavier than click (requests, jsonschema, yaml, the sandbox) is imported inside the
# command that needs it, so that `--help` and `--version` answer as fast as click itself.

PAST = {
    "create": "created",
    "update": "updated",
    "bulk_update": "updated",
    "restore": "restored",
    "archive": "archived",
    "delete": "deleted",
}


# Commands that pull in the sandbox load on first use; their one-line help is kept here so that
# `--help` lists them without importing them.
LAZY_COMMANDS = {
    "demo": (
        "reconciler.demo",
        "demo_command",
        "Rehearse CONFIG against a sandbox: plan, apply, plan.",
    ),
    "sandbox": ("toggl_sandbox.cli", "sandbox_command", "Serve a local, stateful Toggl Track API."),
}


class ReconcilerGroup(click.Group):
    """Turns expected failures into one line on stderr and exit 1 (usage errors too, not click's 2,
    which --detailed-exitcode reserves for "changes present"), and loads LAZY_COMMANDS on use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            import importlib

            module, attr, _ = LAZY_COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [
            (name, self.commands[name].get_short_help_str(formatter.width - 20))
            if name in self.commands
            else (name, LAZY_COMMANDS[name][2])
            for name in self.list_commands(ctx)
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except click.exceptions.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            exc.show()
            sys.exit(1)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except ReconcilerError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except OSError as exc:  # a plan or export file that cannot be written, say
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _use_color() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _settings(ctx: click.Context) -> dict[str, Any]:
    obj: dict[str, Any] = ctx.ensure_object(dict)
    return obj


def _client(ctx: click.Context, wait_for_quota: bool = False) -> TogglClient:
    from .workflow import connect

    s = _settings(ctx)
    log: Callable[[str], None] | None = None
    if s.get("verbose"):

        def log(line: str) -> None:
            click.echo(f"[http] {line}", err=True)

    return connect(
        s.get("api_url"),
        timeout=s.get("timeout", 30.0),
        wait_for_quota=wait_for_quota,
        log=log,
        token=s.get("token"),
    )


@click.group(cls=ReconcilerGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toggl-reconciler")
@click.option(
    "--api-url",
    metavar="URL",
    help="Toggl API base URL [env TOGGL_API_URL; default https://api.track.toggl.com/api/v9].",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="Seconds to wait for each request.",
)
@click.option(
    "-v", "--verbose", is_flag=True, help="Log every request (method, path, status, time)."
)
@click.pass_context
def main(ctx: click.Context, api_url: str | None, timeout: float, verbose: bool) -> None:
    """Infrastructure-as-code for Toggl Track clients and projects.

    Describe the clients and projects a workspace should have in YAML, review the plan, apply it.
    The API token is read from TOGGL_API_TOKEN.
    """
    _settings(ctx).update(api_url=api_url, timeout=timeout, verbose=verbose)


@main.command()
@click.argument("config", type=click.Path(dir_okay=True))
def validate(config: str) -> None:
    """Check a config file without sending any request.

    Example: toggl-reconciler validate workspace.yaml
    """
    from .config import load_config

    cfg = load_config(config)
    n_projects = len(cfg.projects) + sum(
        len(c.projects) for c in cfg.clients if isinstance(c.projects, tuple)
    )
    click.echo(f"{config}: valid ({len(cfg.clients)} clients, {n_projects} projects listed)")


def _render(plan: Plan, fmt: str) -> str:
    from .render import render_json, render_markdown, render_text

    if fmt == "json":
        return render_json(plan)
    if fmt == "markdown":
        return render_markdown(plan)
    return render_text(plan, color=_use_color())


def _quota_note(client: TogglClient, plan: Plan) -> str:
    note = f"Applying sends {plan.write_requests} write request(s)."
    if client.quota_remaining is not None:
        resets = f", resets in {client.quota_resets_in}s" if client.quota_resets_in else ""
        note += f" Toggl reports {client.quota_remaining} request(s) left this hour{resets}."
    return note


_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text for people, json for tools (the saved-plan document), markdown for CI summaries.",
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


def _max_share(percent: int | None, default: float) -> float:
    return default if percent is None else percent / 100


@main.command()
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
@_safety_options
@click.pass_context
def plan(
    ctx: click.Context,
    config: str,
    detailed_exitcode: bool,
    out: str | None,
    fmt: str,
    force: bool,
    max_destructive_percent: int | None,
) -> None:
    """Read the workspace and show what apply would change. Never writes to Toggl.

    Example: toggl-reconciler plan workspace.yaml --detailed-exitcode --out plan.json
    """
    from .config import load_config
    from .safety import check_safety
    from .workflow import plan_config, save_plan

    cfg = load_config(config)
    client = _client(ctx)
    the_plan = plan_config(client, cfg)
    click.echo(_render(the_plan, fmt))
    if fmt == "text" and the_plan.has_changes:
        click.echo(_quota_note(client, the_plan))
        if any(a.op == "delete" for a in the_plan.actions):
            click.echo("Deletes are applied only with --allow-delete.")
    check_safety(
        the_plan,
        max_share=_max_share(max_destructive_percent, cfg.max_destructive_share),
        force=force,
        allow_delete=True,
    )
    if out:
        save_plan(the_plan, out)
        click.echo(f"Saved plan to {out}.", err=fmt != "text")
    if detailed_exitcode and the_plan.has_changes:
        ctx.exit(2)


@main.command()
@click.argument("plan_file", type=click.Path(dir_okay=False))
@_format_option
def show(plan_file: str, fmt: str) -> None:
    """Render a saved plan. Sends no request.

    Example: toggl-reconciler show plan.json --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from .workflow import load_plan

    click.echo(_render(load_plan(plan_file), fmt))


def _action_line(action: Action, outcome_id: int | None, verb: str, adopted: bool = False) -> str:
    where = f"{action.client} / " if action.kind == "project" and action.client else ""
    label = f'{action.kind} "{where}{action.name}"'
    if action.op == "bulk_update":
        label = f"{len(action.ids)} projects in one bulk update"
    ident = f" ({outcome_id})" if outcome_id is not None else ""
    note = " (it had already landed)" if adopted else ""
    return f"{action.symbol} {verb} {label}{ident}{note}"


def _print_outcome(outcome: Outcome) -> None:
    action = outcome.action
    click.echo(_action_line(action, outcome.id, PAST[action.op], outcome.adopted))


def _summary(outcomes: list[Outcome]) -> str:
    counts = {"restored": 0, "archived": 0, "created": 0, "updated": 0, "deleted": 0}
    for o in outcomes:
        n = len(o.action.ids) if o.action.op == "bulk_update" else 1
        counts[PAST[o.action.op]] += n
    return "Apply complete: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + "."


def _execute(client: TogglClient, the_plan: Plan) -> None:
    from .apply import ApplyStopped, apply_plan

    try:
        done = apply_plan(client, the_plan, on_done=_print_outcome)
    except ApplyStopped as stop:
        _report_stop(stop)
    click.echo(_summary(done))


def _report_stop(stop: ApplyStopped) -> NoReturn:
    click.echo(f"Apply stopped: {stop.cause}", err=True)
    click.echo(
        f"Applied {len(stop.done)} of {len(stop.done) + len(stop.remaining)} actions; "
        "nothing else was sent.",
        err=True,
    )
    if stop.remaining:
        click.echo("Not applied yet:", err=True)
        for action in stop.remaining:
            verb = "update" if action.op == "bulk_update" else action.op
            click.echo(f"  {_action_line(action, action.id, verb)}", err=True)
    cause = stop.__cause__
    if isinstance(cause, QuotaExhausted):
        when = f"in {cause.resets_in}s" if cause.resets_in is not None else "within the hour"
        click.echo(
            f"The hourly request quota resets {when}; run apply again then "
            "(or use --wait-for-quota).",
            err=True,
        )
    elif not isinstance(cause, FeatureUnavailable):  # its message already says what to do
        click.echo("Run plan again: it will show only what is left.", err=True)
    sys.exit(1)


@main.command()
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
@_safety_options
@click.pass_context
def apply(
    ctx: click.Context,
    config: str | None,
    plan_file: str | None,
    auto_approve: bool,
    allow_delete: bool,
    wait_for_quota: bool,
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
      toggl-reconciler apply workspace.yaml --plan plan.json --allow-delete
    """
    from .config import load_config
    from .config.model import DEFAULT_MAX_DESTRUCTIVE_SHARE
    from .render import render_text
    from .safety import check_safety
    from .workflow import (
        check_digest,
        check_fresh,
        check_quota,
        load_plan,
        plan_config,
        read_workspace,
    )

    if config is None and plan_file is None:
        raise click.UsageError("give CONFIG, or --plan PLAN.json (with CONFIG: checked against it)")
    cfg = load_config(config) if config is not None else None
    max_share = _max_share(
        max_destructive_percent, cfg.max_destructive_share if cfg else DEFAULT_MAX_DESTRUCTIVE_SHARE
    )
    if plan_file:
        the_plan = load_plan(plan_file)
        if cfg is not None:
            check_digest(the_plan, cfg)
        if not the_plan.has_changes:
            click.echo(render_text(the_plan, color=_use_color()))
            return  # nothing to send, nothing to check: spend no request
        client = _client(ctx, wait_for_quota=wait_for_quota)
        check_fresh(the_plan, read_workspace(client, the_plan.workspace_id))
        auto_approve = True  # the plan was reviewed when it was saved
    else:
        assert cfg is not None
        client = _client(ctx, wait_for_quota=wait_for_quota)
        the_plan = plan_config(client, cfg)
    click.echo(render_text(the_plan, color=_use_color()))
    if not the_plan.has_changes:
        return
    click.echo(_quota_note(client, the_plan))
    check_safety(the_plan, max_share=max_share, force=force, allow_delete=allow_delete)
    if not force:
        check_quota(client, the_plan)
    if not auto_approve:
        if not sys.stdin.isatty():
            raise ReconcilerError("not a terminal: pass --auto-approve to apply without asking")
        click.confirm("Apply these changes?", abort=True)
    _execute(client, the_plan)


@main.command("export")
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
    from datetime import datetime, timezone
    from pathlib import Path

    from .export import export_config
    from .workflow import read_workspace

    client = _client(ctx)
    ref: int | str = int(workspace_ref) if workspace_ref.isdigit() else workspace_ref
    workspace = read_workspace(client, ref)
    text = export_config(
        workspace,
        active_only=active_only,
        source=client.base_url,
        generated_at=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    )
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}.", err=True)
    else:
        click.echo(text, nl=False)


if __name__ == "__main__":
    main()
