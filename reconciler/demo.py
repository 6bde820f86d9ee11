"""`toggl-reconciler demo`: plan, apply and plan again against an embedded sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .sandbox import Backend, ThreadedServer


@click.command()
@click.argument(
    "config", type=click.Path(exists=True, dir_okay=False), default="examples/workspace.yaml"
)
@click.option(
    "--seed",
    type=click.Path(exists=True, dir_okay=False),
    default="examples/sandbox-world.json",
    show_default=True,
    help="The sandbox world to start from (JSON).",
)
@click.pass_context
def demo_command(ctx: click.Context, config: str, seed: str) -> None:
    """Rehearse CONFIG against a sandbox seeded from --seed: plan, apply, then plan again.

    Needs no token and no network; nothing outside this process changes.

    Example: toggl-reconciler demo examples/workspace.yaml
    """
    from .cli import apply, plan

    backend = Backend.from_json(json.loads(Path(seed).read_text(encoding="utf-8")))
    with ThreadedServer(backend) as server:
        # Only this process's commands are pointed at the sandbox; the environment is untouched.
        ctx.obj.update(api_url=server.url, token=backend.token)
        click.secho(f"Sandbox serving {server.url}, seeded from {seed}.\n", bold=True)
        click.secho(f"$ toggl-reconciler plan {config}", bold=True)
        ctx.invoke(plan, config=config)
        after_plan = len(backend.requests)
        click.secho(f"\n$ toggl-reconciler apply {config} --auto-approve", bold=True)
        ctx.invoke(apply, config=config, auto_approve=True)
        after_apply = len(backend.requests)
        click.secho(f"\n$ toggl-reconciler plan {config}", bold=True)
        ctx.invoke(plan, config=config)
        click.echo(
            f"\nRequests sent: plan {after_plan}, apply {after_apply - after_plan} "
            f"({len(backend.writes())} writes), second plan {len(backend.requests) - after_apply}."
        )
