"""The HTTP layer: a route table, request -> backend calls, and errors -> Toggl's answers.

`App.handle` knows nothing about sockets; both transports (server.py, inprocess.py) call it.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from .backend import Backend, RequestRecord
from .exceptions import (
    BadRequest,
    ConnectionDropped,
    Forbidden,
    MethodNotAllowed,
    NotFound,
    SandboxError,
    Unauthorized,
)
from .projects import DEFAULT_TE_DELETION_MODE
from .store import SORT_FIELDS, ProjectQuery

API_ROOT = "/api/v9"
JSON_HEADERS = {"Content-Type": "application/json; charset=utf-8"}
AUTH_MESSAGE = "Incorrect username and/or password"
# Sandbox-only headers on a project DELETE: what happened to the project's time entries.
TE_MODE_HEADER = "X-Sandbox-TE-Deletion-Mode"
TE_COUNT_HEADER = "X-Sandbox-Time-Entries-Affected"
_WORKSPACE_IN_PATH = re.compile(r"^/workspaces/(\d+)")


@dataclass
class Reply:
    """A handler's answer when it carries headers of its own."""

    payload: Any
    headers: dict[str, str]


@dataclass
class Request:
    params: dict[str, str]
    query: dict[str, list[str]]
    body: bytes = b""
    wid: int = 0

    def json(self, empty: Any = ...) -> Any:
        """The decoded body; `empty` is what an empty body means (by default: invalid)."""
        if not self.body.strip() and empty is not ...:
            return empty
        try:
            return json.loads(self.body, parse_constant=_refuse_constant)
        except (ValueError, UnicodeDecodeError):
            raise BadRequest("JSON is not valid") from None

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None

    def int_arg(self, name: str, default: int) -> int:
        value = self.optional_int(name)
        return default if value is None else value

    def optional_int(self, name: str) -> int | None:
        raw = self.arg(name)
        if raw is None or raw == "":
            return None
        try:
            return int(raw)
        except ValueError:
            raise BadRequest(f"Invalid {name}") from None

    def bool_arg(self, name: str) -> bool | None:
        raw = (self.arg(name) or "").lower()
        if raw in ("", "true", "false"):
            return None if not raw else raw == "true"
        raise BadRequest(f"Invalid {name}: use true or false")

    def int_param(self, name: str) -> int:
        return int(self.params[name])


def _refuse_constant(name: str) -> Any:
    # NaN and Infinity are not JSON: Python accepts them, Toggl's decoder does not.
    raise ValueError(name)


Handler = Callable[[Backend, Request], Any]
_ROUTES: list[tuple[str, re.Pattern[str], Handler]] = []


def route(method: str, pattern: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _ROUTES.append((method, re.compile(f"^{pattern}$"), handler))
        return handler

    return register


def _id_list(value: Any, what: str) -> list[int]:
    if not isinstance(value, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in value
    ):
        raise BadRequest(f"{what} must be a list of numeric IDs")
    return value


WS = r"/workspaces/(?P<wid>\d+)"


@route("GET", "/me")
def _me(b: Backend, r: Request) -> Any:
    return b.me()


@route("GET", "/me/workspaces")
def _my_workspaces(b: Backend, r: Request) -> Any:
    return b.workspaces()


@route("GET", "/me/quota")
def _my_quota(b: Backend, r: Request) -> Any:
    return b.quota_report()


@route("GET", "/workspaces")
def _workspaces(b: Backend, r: Request) -> Any:
    return b.list_workspaces(since=r.optional_int("since"))


@route("GET", WS)
def _workspace(b: Backend, r: Request) -> Any:
    return b.get_workspace(r.wid)


@route("PUT", WS)
def _update_workspace(b: Backend, r: Request) -> Any:
    return b.update_workspace(r.wid, r.json())


@route("GET", WS + "/clients")
def _list_clients(b: Backend, r: Request) -> Any:
    return b.list_clients(r.wid, status=r.arg("status") or "active", name=r.arg("name"))


@route("POST", WS + "/clients")
def _create_client(b: Backend, r: Request) -> Any:
    return b.create_client(r.wid, r.json())


@route("POST", WS + "/clients/archive")
def _archive_clients(b: Backend, r: Request) -> Any:
    return b.archive_clients(r.wid, _id_list(r.json(), "Client IDs"))


@route("POST", WS + "/clients/delete")
def _delete_clients(b: Backend, r: Request) -> Any:
    b.delete_clients(r.wid, _id_list(r.json(), "Client IDs"))
    return None


@route("GET", WS + r"/clients/(?P<cid>\d+)")
def _get_client(b: Backend, r: Request) -> Any:
    return b.get_client(r.wid, r.int_param("cid"))


@route("PUT", WS + r"/clients/(?P<cid>\d+)")
def _update_client(b: Backend, r: Request) -> Any:
    return b.update_client(r.wid, r.int_param("cid"), r.json())


@route("DELETE", WS + r"/clients/(?P<cid>\d+)")
def _delete_client(b: Backend, r: Request) -> Any:
    b.delete_client(r.wid, r.int_param("cid"))
    return None


@route("POST", WS + r"/clients/(?P<cid>\d+)/archive")
def _archive_client(b: Backend, r: Request) -> Any:
    return b.archive_client(r.wid, r.int_param("cid"))


@route("POST", WS + r"/clients/(?P<cid>\d+)/restore")
def _restore_client(b: Backend, r: Request) -> Any:
    body = r.json(empty={})
    if not isinstance(body, dict):
        raise BadRequest("JSON is not valid")
    restore_all = body.get("restore_all_projects", False)
    if not isinstance(restore_all, bool):
        raise BadRequest("restore_all_projects must be a boolean")
    projects = body.get("projects")
    chosen = None if projects is None else _id_list(projects, "projects")
    return b.restore_client(r.wid, r.int_param("cid"), chosen, restore_all)


@route("GET", WS + "/projects")
def _list_projects(b: Backend, r: Request) -> Any:
    return b.list_projects(
        r.wid,
        query=_project_query(r),
        page=r.int_arg("page", 1),
        per_page=r.int_arg("per_page", 151),
    )


def _project_query(r: Request) -> ProjectQuery:
    active_arg = (r.arg("active") or "true").lower()
    if active_arg not in ("true", "false", "both"):
        raise BadRequest("Invalid active value: use true, false or both")
    client_ids = None
    raw_ids = [part for value in r.query.get("client_ids", []) for part in value.split(",")]
    if any(raw_ids):
        try:
            client_ids = [int(part) for part in raw_ids if part]
        except ValueError:
            raise BadRequest("Invalid client_ids") from None
    sort_field = r.arg("sort_field") or None
    if sort_field is not None and sort_field not in SORT_FIELDS:
        raise BadRequest(f"Invalid sort_field: use one of {', '.join(SORT_FIELDS)}")
    sort_order = (r.arg("sort_order") or "asc").lower()
    if sort_order not in ("asc", "desc"):
        raise BadRequest("Invalid sort_order: use asc or desc")
    return ProjectQuery(
        active=None if active_arg == "both" else active_arg == "true",
        client_ids=client_ids,
        name=r.arg("name") or None,
        billable=r.bool_arg("billable"),
        since=r.optional_int("since"),
        sort_field=sort_field,
        descending=sort_order == "desc",
    )


@route("POST", WS + "/projects")
def _create_project(b: Backend, r: Request) -> Any:
    return b.create_project(r.wid, r.json())


@route("GET", WS + r"/projects/(?P<pid>\d+)")
def _get_project(b: Backend, r: Request) -> Any:
    return b.get_project(r.wid, r.int_param("pid"))


@route("PUT", WS + r"/projects/(?P<pid>\d+)")
def _update_project(b: Backend, r: Request) -> Any:
    return b.update_project(r.wid, r.int_param("pid"), r.json())


@route("DELETE", WS + r"/projects/(?P<pid>\d+)")
def _delete_project(b: Backend, r: Request) -> Any:
    mode = r.arg("teDeletionMode") or None
    touched = b.delete_project(r.wid, r.int_param("pid"), mode)
    shown_mode = mode or f"{DEFAULT_TE_DELETION_MODE} (default)"
    return Reply(None, {TE_MODE_HEADER: shown_mode, TE_COUNT_HEADER: str(touched)})


@route("PATCH", WS + r"/projects/(?P<ids>\d+(?:,\d+)*)")
def _patch_projects(b: Backend, r: Request) -> Any:
    ids = [int(part) for part in r.params["ids"].split(",")]
    return b.patch_projects(r.wid, ids, r.json())


class App:
    """Turns one HTTP request into backend calls; applies auth, limits and injected faults."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def handle(
        self,
        method: str,
        path: str,
        query: str,
        headers: Mapping[str, str],
        body: bytes,
    ) -> tuple[int, dict[str, str], bytes]:
        """Answer (status, headers, body); raise ConnectionDropped to answer nothing."""
        method = method.upper()
        if path != API_ROOT and not path.startswith(API_ROOT + "/"):
            # Only the API root is served: a client missing /api/v9 must fail here as on Toggl.
            return 404, dict(JSON_HEADERS), NotFound("404 page not found").body()
        relative = path[len(API_ROOT) :].rstrip("/") or "/"
        args = parse_qs(query, keep_blank_values=True)
        backend = self.backend
        with backend.lock:
            flat_query = {k: ",".join(v) for k, v in args.items()}
            try:
                self._authenticate(headers)
            except SandboxError as refused:
                # No user, so no usage to count or report.
                backend.requests.append(RequestRecord(method, relative, flat_query, refused.status))
                content = {} if isinstance(refused, Unauthorized) else JSON_HEADERS
                return refused.status, {**content, **refused.headers}, refused.body()
            match = _WORKSPACE_IN_PATH.match(relative)
            bucket = backend.quota_bucket(int(match.group(1)) if match else None)
            extra: dict[str, str] = {}
            try:
                backend.burst.take()
                backend.quota.spend(bucket)
                backend.faults.check_failure(method, relative)
                status, payload = 200, self._dispatch(method, relative, args, body)
                if isinstance(payload, Reply):
                    payload, extra = payload.payload, payload.headers
                answer = b"" if payload is None else json.dumps(payload).encode()
            except SandboxError as error:
                status, answer, extra = error.status, error.body(), error.headers
            # Usage headers go on every answer to a known user, refusals included.
            usage = backend.quota.headers(bucket)
            wrote = method != "GET" and status < 400
            dropped = method != "GET" and backend.faults.should_drop(method, relative)
            backend.requests.append(
                RequestRecord(method, relative, flat_query, 0 if dropped else status)
            )
            if wrote:
                backend.committed()
            if dropped:
                raise ConnectionDropped(f"{method} {relative}")
            return status, {**JSON_HEADERS, **usage, **extra}, answer

    def _authenticate(self, headers: Mapping[str, str]) -> None:
        """401 without credentials; 403 for any that are not the sandbox's token."""
        lowered = {k.lower(): v for k, v in headers.items()}
        if "authorization" not in lowered:
            raise Unauthorized()
        scheme, _, encoded = lowered["authorization"].partition(" ")
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise Forbidden(AUTH_MESSAGE) from None
        if scheme.lower() != "basic" or user != self.backend.token or password != "api_token":
            raise Forbidden(AUTH_MESSAGE)

    def _dispatch(self, method: str, path: str, args: dict[str, list[str]], body: bytes) -> Any:
        allowed = False
        for route_method, pattern, handler in _ROUTES:
            found = pattern.match(path)
            if not found:
                continue
            allowed = True
            if route_method != method:
                continue
            params = found.groupdict()
            request = Request(params, args, body, int(params.get("wid") or 0))
            if "wid" in params:
                # A workspace the user cannot see is 403 before the body is even read.
                self.backend.get_workspace(request.wid)
            return handler(self.backend, request)
        if allowed:
            raise MethodNotAllowed("Method not allowed")
        raise NotFound("404 page not found")
