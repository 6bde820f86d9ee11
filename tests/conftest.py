"""Shared fixtures: a fresh sandbox backend, served in-process and over real HTTP.

`api(sandbox)` gives a requests.Session that speaks to the sandbox and checks every Client and
Project body it receives against the project's JSON Schemas.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable, Iterator
from importlib.resources import files
from typing import Any, Protocol

import jsonschema
import pytest
import requests
from click.testing import CliRunner, Result
from hypothesis import settings

from toggl_sandbox import Backend, InProcessSandbox, ThreadedServer

# No per-example deadline for any property test: a CI machine busy with other work can take
# longer than hypothesis's default 200 ms on an example, which says nothing about the code.
settings.register_profile("project", deadline=None)
settings.load_profile("project")


class Sandbox(Protocol):
    url: str
    backend: Backend

    @property
    def token(self) -> str: ...


def load_schema(name: str) -> dict[str, Any]:
    return json.loads(files("reconciler.schemas").joinpath(name).read_text())


MODEL_SCHEMAS = {
    "client": load_schema("client.schema.json"),
    "project": load_schema("project.schema.json"),
}
_VALIDATORS = {
    kind: jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for kind, schema in MODEL_SCHEMAS.items()
}
# Which answers carry which model, by path (relative to the API root).
_MODEL_PATHS = [
    (re.compile(r"/workspaces/\d+/clients(/\d+)?(/restore)?$"), "client"),
    (re.compile(r"/workspaces/\d+/projects(/\d+)?$"), "project"),
]


def check_model(kind: str, body: dict[str, Any]) -> None:
    """Fail unless `body` is a valid Toggl `kind` and carries no field Toggl's model lacks."""
    _VALIDATORS[kind].validate(body)
    unknown = set(body) - set(MODEL_SCHEMAS[kind]["properties"])
    assert not unknown, f"{kind} fields not in Toggl's model: {sorted(unknown)}"


class Api(requests.Session):
    """A session bound to one sandbox: paths are relative to its base URL."""

    def __init__(self, sandbox: Sandbox) -> None:
        super().__init__()
        self.base = sandbox.url
        self.auth = (sandbox.token, "api_token")
        self.wid = sandbox.backend.workspace_id
        self.models_checked = 0
        self.hooks["response"].append(self._check_models)

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:
        url = url.decode() if isinstance(url, bytes) else url
        if url.startswith("/"):
            url = self.base + url.format(wid=self.wid)
        return super().request(method, url, *args, **kwargs)

    def _check_models(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if not response.ok or not response.content or response.request.method == "PATCH":
            return
        path = response.request.path_url.split("?")[0][len("/api/v9") :]
        for pattern, kind in _MODEL_PATHS:
            if pattern.match(path):
                body = response.json()
                for item in body if isinstance(body, list) else [body]:
                    check_model(kind, item)
                    self.models_checked += 1


def api(sandbox: Sandbox) -> Api:
    return Api(sandbox)


@pytest.fixture
def backend() -> Backend:
    return Backend()


@pytest.fixture(params=["inprocess", "server"])
def sandbox(request: pytest.FixtureRequest, backend: Backend) -> Iterator[Sandbox]:
    transport = (
        InProcessSandbox(backend) if request.param == "inprocess" else ThreadedServer(backend)
    )
    with transport:
        yield transport


@pytest.fixture
def server_sandbox(backend: Backend) -> Iterator[ThreadedServer]:
    with ThreadedServer(backend) as server:
        yield server


@pytest.fixture
def toggl(sandbox: Sandbox) -> Iterator[Api]:
    """An Api session on the `sandbox` fixture (both transports)."""
    with api(sandbox) as session:
        yield session


@pytest.fixture(autouse=True)
def no_request_pacing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sandbox has no short-term limit unless a test sets one: send without pausing (tests
    of the pacing set the interval themselves)."""
    monkeypatch.setenv("TOGGL_REQUEST_INTERVAL", "0")


@pytest.fixture
def run(server_sandbox: ThreadedServer) -> Callable[..., Result]:
    """Invoke the CLI as a user would, pointed at the sandbox server, without colour; `token`
    stands in for the sandbox's own."""

    def invoke(*args: str, input: str | None = None, token: str | None = None) -> Result:
        from reconciler.cli import main

        env = {
            "TOGGL_API_TOKEN": token or server_sandbox.token,
            "TOGGL_API_URL": server_sandbox.url,
            "NO_COLOR": "1",
        }
        return CliRunner().invoke(main, list(args), env=env, input=input)

    return invoke


@pytest.fixture
def write_config(tmp_path: Any, server_sandbox: ThreadedServer) -> Callable[..., str]:
    """Write a config for the sandbox's workspace: `body` below `version` and `workspace`."""

    def write(body: str, name: str = "workspace.yaml") -> str:
        path = tmp_path / name
        head = f"version: 1\nworkspace: {server_sandbox.backend.workspace_id}\n"
        path.write_text(head + textwrap.dedent(body), encoding="utf-8")
        return str(path)

    return write
