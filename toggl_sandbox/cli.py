"""`toggl-reconciler sandbox`: serve a local Toggl Track API for rehearsals and tests."""

from __future__ import annotations

import gc
import ipaddress
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import click

from .backend import DEFAULT_TOKEN, Backend
from .persistence import WorldError, load_world_file, save_world
from .server import ThreadedServer


def _build_backend(state: Path | None, seed: Path | None, token: str) -> Backend:
    build = partial(Backend.from_json, token=token)
    try:
        backend = load_world_file(state, build) if state else None
        if backend is None and seed is not None:
            backend = load_world_file(seed, build)
            if backend is None:
                raise WorldError(f"{seed}: no such seed file")
    except WorldError as error:
        raise click.ClickException(str(error)) from None
    return backend or Backend(token)


@click.command("sandbox")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=int, help="Port (0: any free port).")
@click.option(
    "--state",
    type=click.Path(dir_okay=False, path_type=Path),
    help="World file: loaded at start (if it exists) and saved after every write.",
)
@click.option("--token", default=DEFAULT_TOKEN, show_default=True, help="API token to accept.")
@click.option(
    "--seed",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Initial world when --state is absent or names no file yet.",
)
@click.option(
    "--quota",
    type=int,
    help="Enforce an hourly request quota (402 once used up). Without it, usage is reported "
    "against the plan's quota (240, or 30 with --free-plan) and nothing is refused.",
)
@click.option(
    "--rate-limit", type=int, help="Burst of requests allowed at about one a second (429)."
)
@click.option(
    "--free-plan",
    is_flag=True,
    help="Act as a Free workspace: 402 for archiving clients, premium project fields, colours "
    "outside the palette and a sixth active project.",
)
def sandbox_command(
    host: str,
    port: int,
    state: Path | None,
    token: str,
    seed: Path | None,
    quota: int | None,
    rate_limit: int | None,
    free_plan: bool,
) -> None:
    """Serve a local, stateful Toggl Track API at http://HOST:PORT/api/v9.

    Point the reconciler at it with TOGGL_API_URL and TOGGL_API_TOKEN (printed at start).
    Stop with Ctrl-C. A world file is JSON; see examples/sandbox-world.json.

    Example:

    \b
        toggl-reconciler sandbox --seed examples/sandbox-world.json \\
            --state /tmp/world.json
        # in another shell: paste the printed export lines, then run a plan
    """
    # Ctrl-C at any moment, even while loading a large world, is a clean stop.
    with _stop_on_ctrl_c():
        backend = _build_backend(state, seed, token)
        if state is not None:
            try:
                save_world(backend, state)
            except OSError as error:
                raise click.ClickException(f"{state}: cannot write: {error.strerror}") from None
            backend.on_commit.append(lambda: save_world(backend, state))
        backend.set_quota(quota)
        backend.set_rate_limit(rate_limit)
        backend.set_free_plan(free_plan)
        try:
            server = ThreadedServer(backend, host, port).start()
        except OSError as error:
            message = f"cannot listen on {host}:{port}: {error.strerror}"
            raise click.ClickException(message) from None
        where = server.url
        if host in ("", "0.0.0.0"):
            where = f"every interface, port {server.port}; from this machine {server.url}"
        click.echo(f"Toggl sandbox listening on {where} (token {token})")
        click.echo(f"export TOGGL_API_URL={server.url}")
        click.echo(f"export TOGGL_API_TOKEN={token}")
        if not _is_loopback(urlsplit(server.url).hostname or ""):
            click.echo(
                f"Note: toggl-reconciler sends its token over plain http:// only to this "
                f"machine's loopback address, so it refuses {server.url}; run it on this "
                "machine with --host 127.0.0.1, or put an HTTPS proxy in front",
                err=True,
            )
        # A server runs until stopped: the collector stays on, whatever the program that
        # started it chose for a command that ends.
        gc.enable()
        try:
            while True:
                time.sleep(3600)
        finally:
            server.stop()


def _is_loopback(host: str) -> bool:
    # The same rule as the reconciler's for plain http (this package imports nothing from it).
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@contextmanager
def _stop_on_ctrl_c() -> Iterator[None]:
    try:
        yield
    except KeyboardInterrupt:
        click.echo("Stopping the sandbox.")
