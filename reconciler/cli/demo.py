"""`toggl-reconciler demo`: plan, apply and plan again against an embedded sandbox."""

from __future__ import annotations

import json
from contextlib import ExitStack
from importlib.resources import as_file, files
from pathlib import Path

import click

from toggl_sandbox import Backend, ThreadedServer

from ..config import load_config
from .commands import apply_and_print, plan_and_print
from .terminal import anywhere_options, reconciler_for


@click.command()
@click.argument("config", type=click.Path(exists=True, dir_okay=False), required=False)
@click.option(
    "--seed",
    type=click.Path(exists=True, dir_okay=False),
    help="The sandbox world to start from (JSON) [default: the shipped example world].",
)
@anywhere_options
@click.pass_context
def demo_command(ctx: click.Context, config: str | None, seed: str | None) -> None:
    """Rehearse CONFIG against a sandbox seeded from --seed: plan, apply, then plan again.

    Without arguments it uses the example config and world shipped with the package, so it works
    from any directory. Needs no token and no network; nothing outside this process changes.

    Example: toggl-reconciler demo examples/workspace.yaml
    """
    with ExitStack() as stack:
        examples = files("reconciler.examples")
        config = config or str(stack.enter_context(as_file(examples / "workspace.yaml")))
        seed = seed or str(stack.enter_context(as_file(examples / "sandbox-world.json")))
        _rehearse(ctx, config, seed)


def _rehearse(ctx: click.Context, config: str, seed: str) -> None:
    desired = load_config(config)
    backend = Backend.from_json(json.loads(Path(seed).read_text(encoding="utf-8")))
    with ThreadedServer(backend) as server:
        # Only this Reconciler is pointed at the sandbox; the environment is untouched.
        # The embedded sandbox has no rate limit: no pause between requests.
        rec = reconciler_for(ctx, api_url=server.url, token=backend.token, request_interval=0)
        click.secho(f"Sandbox serving {server.url}, seeded from {seed}.\n", bold=True)
        click.secho(f"$ toggl-reconciler plan {config}", bold=True)
        plan_and_print(rec, desired)
        after_plan = len(backend.requests)
        click.secho(f"\n$ toggl-reconciler apply {config} --auto-approve", bold=True)
        apply_and_print(rec, rec.plan(desired), desired, ask=False)
        after_apply = len(backend.requests)
        click.secho(f"\n$ toggl-reconciler plan {config}", bold=True)
        plan_and_print(rec, desired)
        click.echo(
            f"\nRequests sent: plan {after_plan}, apply {after_apply - after_plan} "
            f"({len(backend.writes())} writes), second plan {len(backend.requests) - after_apply}."
        )
