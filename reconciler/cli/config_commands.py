"""The commands about the config file itself: validate (check one, offline), export (write one
from a live workspace) and schema (the JSON Schema a config follows).
"""

from __future__ import annotations

import sys

import click

from .terminal import anywhere_options, reconciler_for

# What `schema KIND` prints: the files shipped in reconciler.schemas.
SCHEMAS = {
    "config": "config.schema.json",
    "plan": "plan.schema.json",
    "apply": "apply.schema.json",
}
DEFAULT_SCHEMA_REF = "toggl-reconciler.schema.json"


@click.command()
@click.argument("config", type=click.Path(dir_okay=True, allow_dash=True))
@anywhere_options
def validate(config: str) -> None:
    """Check a config file without sending any request; CONFIG - reads standard input.

    Every problem is reported, each as FILE:LINE: what is wrong (the first 20).

    \b
    Examples:
      toggl-reconciler validate workspace.yaml
      generate-config | toggl-reconciler validate -
    """
    from ..config import load_config
    from ..config.reading import load_config_stream
    from ..render import config_summary

    if config == "-":
        name = "<stdin>"
        cfg = load_config_stream(sys.stdin.buffer, name)
    else:
        name, cfg = config, load_config(config)
    click.echo(config_summary(name, cfg))


def _one_line(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        raise click.BadParameter("must be one line without control characters")
    return value


@click.command("export")
@click.option("--workspace", "workspace_ref", required=True, help="Workspace id or exact name.")
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of stdout."
)
@click.option("--active-only", is_flag=True, help="Leave archived clients and projects out.")
@click.option(
    "--schema",
    "schema_ref",
    default=DEFAULT_SCHEMA_REF,
    show_default=True,
    callback=_one_line,
    help="The JSON Schema the file's yaml-language-server line names (a path relative to the "
    "file, or a URL); '' leaves the line out.",
)
@anywhere_options
@click.pass_context
def export_cmd(
    ctx: click.Context, workspace_ref: str, output: str | None, active_only: bool, schema_ref: str
) -> None:
    """Write the live workspace as a config file that plans with no changes.

    Its first line names the config's JSON Schema for editors; write the schema beside it with
    `toggl-reconciler schema --output toggl-reconciler.schema.json`.

    Example: toggl-reconciler export --workspace 4242 --output workspace.yaml
    """
    from pathlib import Path

    ref: int | str = int(workspace_ref) if workspace_ref.isdigit() else workspace_ref
    text = reconciler_for(ctx).export(ref, active_only=active_only, schema_ref=schema_ref or None)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}.", err=True)
    else:
        click.echo(text, nl=False)


@click.command()
@click.argument("kind", type=click.Choice(SCHEMAS), default="config", required=False)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="Write here instead of stdout."
)
@anywhere_options
def schema(kind: str, output: str | None) -> None:
    """Print the JSON Schema of the config file (or of a saved plan, or of apply --format json).

    Editors with yaml-language-server check and complete a config with it, named on the
    config's first line (`export` writes that line):

    \b
      toggl-reconciler schema --output toggl-reconciler.schema.json
      # yaml-language-server: $schema=toggl-reconciler.schema.json
    """
    from importlib.resources import files
    from pathlib import Path

    text = files("reconciler.schemas").joinpath(SCHEMAS[kind]).read_text(encoding="utf-8")
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}.", err=True)
    else:
        click.echo(text, nl=False)
