"""The `toggl-reconciler` command. Thin: parse options, call the library, print its text.

Exit codes: 0 success (and "no changes" with --detailed-exitcode); 1 any error, refusal or bad
input; 2 changes present (plan --detailed-exitcode only).

The commands live in commands.py (plan, show, apply), config_commands.py (validate, export,
schema) and demo.py; the sandbox command in the toggl_sandbox package. terminal.py wires the
library to this terminal.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from .. import __version__
from ..collector import collector_off_until_exit
from ..errors import ReconcilerError
from .commands import apply, plan, show
from .config_commands import export_cmd, schema, validate
from .terminal import NO_COLOR_HELP, VERBOSE_HELP, color_refused, settings

# Everything heavier than click (requests, jsonschema, yaml, the sandbox) is imported inside the
# command that needs it, so that `--help` and `--version` answer as fast as click itself.

# Commands that pull in the sandbox load on first use; their one-line help is kept here so that
# `--help` lists them without importing them.
LAZY_COMMANDS = {
    "demo": (
        "reconciler.cli.demo",
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
        # Shell completion answers to this variable however the command was started
        # (python -m reconciler too); see the README.
        kwargs.setdefault("complete_var", "_TOGGL_RECONCILER_COMPLETE")
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
            from ..render import error_report

            click.echo(error_report(exc), err=True)
            sys.exit(1)
        except OSError as exc:  # a plan or export file that cannot be written, say
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


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
@click.option("-v", "--verbose", is_flag=True, help=VERBOSE_HELP)
@click.option("--no-color", is_flag=True, help=NO_COLOR_HELP)
@click.option(
    "--request-interval",
    type=click.FloatRange(min=0),
    default=None,
    metavar="SECONDS",
    help="Least time between two requests, below Toggl's rate limit; 0: no pause "
    "[env TOGGL_REQUEST_INTERVAL; default 1.1].",
)
@click.pass_context
def main(
    ctx: click.Context,
    api_url: str | None,
    timeout: float,
    verbose: bool,
    no_color: bool,
    request_interval: float | None,
) -> None:
    """Infrastructure-as-code for Toggl Track clients and projects.

    Describe the clients and projects a workspace should have in YAML, review the plan, apply it.
    The API token is read from TOGGL_API_TOKEN. -v and --no-color may also follow the command.
    """
    settings(ctx).update(
        api_url=api_url, timeout=timeout, verbose=verbose, request_interval=request_interval
    )
    if no_color or color_refused():
        ctx.color = False


for _command in (validate, plan, show, apply, export_cmd, schema):
    main.add_command(_command)


def run() -> None:
    """The program (the console script and `python -m reconciler`): one command, one process."""
    with collector_off_until_exit():
        main()


if __name__ == "__main__":
    run()
