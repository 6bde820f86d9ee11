"""The Toggl Track v9 client. `TogglClient.request` is the one chokepoint for every request:
base URL, auth, timeout, retries, quota headers, error mapping and the verbose log live there."""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import re
import sys
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import requests

from .errors import (
    FeatureUnavailable,
    QuotaExhausted,
    ReconcilerError,
    TogglError,
    TransportError,
)
from .state import Client, Project, Workspace

DEFAULT_API_URL = "https://api.track.toggl.com/api/v9"
PAGE_SIZE = 200  # Toggl's cap on per_page
QUOTA_REMAINING = "X-Toggl-Quota-Remaining"
QUOTA_RESETS_IN = "X-Toggl-Quota-Resets-In"

# Methods that may be resent after a 5xx or a lost answer: repeating them cannot duplicate anything.
# Creates (POST) and the archive/restore/delete calls are resent only by the applier, after a read
# shows the first try did not land.
RETRYABLE_METHODS = frozenset({"GET", "PUT", "PATCH"})

# Toggl's tokens are hex; anything outside printable ASCII cannot travel in a Basic auth header.
_TOKEN_SHAPE = re.compile(r"[\x21-\x7e]+")


def check_api_url(url: str) -> str:
    """Refuse URLs that would send the token in clear text to anything but this machine."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ReconcilerError(f"API URL must be http(s)://host/...: {url!r}")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ReconcilerError(
            f"refusing plain http:// to {parts.hostname}: the token would travel unencrypted "
            "(http is allowed only to loopback hosts such as the sandbox)"
        )
    return url.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _error_message(resp: requests.Response) -> str:
    """Toggl declares error bodies as JSON strings; some endpoints send {"message": ...} or text."""
    try:
        body = resp.json()
    except ValueError:
        return resp.text.strip() or resp.reason or "no message"
    if isinstance(body, str):
        return body
    if isinstance(body, dict) and "message" in body:
        return str(body["message"])
    return json.dumps(body)


def _int_header(resp: requests.Response, name: str) -> int | None:
    value = resp.headers.get(name)
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


class TogglClient:
    def __init__(
        self,
        token: str,
        base_url: str = DEFAULT_API_URL,
        *,
        timeout: float = 30.0,
        max_attempts: int = 5,
        wait_for_quota: bool = False,
        log: Callable[[str], None] | None = None,
        notify: Callable[[str], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
    ) -> None:
        if not token:
            raise ReconcilerError("TOGGL_API_TOKEN is not set")
        if not _TOKEN_SHAPE.fullmatch(token):
            raise ReconcilerError(
                "TOGGL_API_TOKEN holds characters no API token has "
                "(spaces, control or non-ASCII characters): copy it again from your profile"
            )
        self.base_url = check_api_url(base_url)
        # The token as it travels: itself, and the Basic credentials that a proxy might echo.
        basic = base64.b64encode(f"{token}:api_token".encode("ascii")).decode("ascii")
        self._secrets = (basic, token)
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.wait_for_quota = wait_for_quota
        self._log = log
        self._notify = notify or (lambda msg: print(msg, file=sys.stderr, flush=True))
        self._sleep = sleep
        self._session = session or requests.Session()
        self._session.auth = (token, "api_token")
        self._session.headers["User-Agent"] = "toggl-reconciler"
        self.quota_remaining: int | None = None
        self.quota_resets_in: int | None = None

    def redact(self, text: str) -> str:
        """`text` with every form of the token replaced by ***: use on anything from the network
        or about a request before it reaches a message or a log."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    # -- the chokepoint -------------------------------------------------------------------------

    def request(
        self, method: str, path: str, *, params: dict[str, Any] | None = None, body: Any = None
    ) -> Any:
        """Send one logical request; answer its decoded JSON body or raise a named error."""
        url = self.base_url + path
        retry_errors = method in RETRYABLE_METHODS
        attempt = 0
        while True:
            attempt += 1
            started = time.monotonic()
            try:
                resp = self._session.request(
                    method,
                    url,
                    params=params,
                    data=None if body is None else json.dumps(body),
                    headers={"Content-Type": "application/json"} if body is not None else None,
                    timeout=self.timeout,
                )
            except requests.RequestException as exc:
                self._trace(method, path, params, "error", started)
                reason = self.redact(f"{type(exc).__name__}: {exc}")
                if retry_errors and attempt < self.max_attempts:
                    self._backoff(attempt, None, f"{method} {path} failed ({reason})")
                    continue
                raise TransportError(f"{method} {path}: {reason}") from None
            self._trace(method, path, params, resp.status_code, started)
            self._read_quota(resp)
            status = resp.status_code
            if status < 400:
                return self._decode(resp, method, path)
            message = self.redact(_error_message(resp))
            if status == 429 and attempt < self.max_attempts:
                self._backoff(attempt, _int_header(resp, "Retry-After"), "Toggl rate limit (429)")
                continue
            if status == 402:
                if resp.headers.get(QUOTA_REMAINING) is None:
                    raise FeatureUnavailable(402, message, method, path)
                resets_in = _int_header(resp, QUOTA_RESETS_IN)
                if self.wait_for_quota:
                    self._countdown(resets_in)
                    attempt = 0
                    continue
                raise QuotaExhausted(message, resets_in, method, path)
            if status >= 500 and retry_errors and attempt < self.max_attempts:
                self._backoff(attempt, None, f"Toggl answered {status}")
                continue
            raise TogglError(status, message, method, path)

    def _decode(self, resp: requests.Response, method: str, path: str) -> Any:
        if not resp.content:
            return None
        try:
            return resp.json()
        except ValueError:
            snippet = self.redact(resp.text[:80])
            message = f"answer is not JSON: {snippet!r}"
            raise TogglError(resp.status_code, message, method, path) from None

    def _backoff(self, attempt: int, retry_after: int | None, why: str) -> None:
        if retry_after is not None:
            delay = float(retry_after)
        else:
            # Exponential backoff with full jitter: 0.5s, 1s, 2s ... capped at 30s.
            delay = random.uniform(0.5, 1.0) * min(30.0, 0.5 * 2 ** (attempt - 1))
        self._notify(f"{why}; waiting {delay:.1f}s before retrying")
        self._sleep(delay)

    def _countdown(self, resets_in: int | None) -> None:
        remaining = max(1, resets_in if resets_in is not None else 60)
        self._notify(f"Hourly request quota used up; waiting {remaining}s for it to reset")
        while remaining > 0:
            step = min(remaining, 10)
            self._sleep(step)
            remaining -= step
            if remaining:
                self._notify(f"  quota resets in {remaining}s")

    def _read_quota(self, resp: requests.Response) -> None:
        remaining = _int_header(resp, QUOTA_REMAINING)
        if remaining is not None:
            self.quota_remaining = remaining
            self.quota_resets_in = _int_header(resp, QUOTA_RESETS_IN)

    def _trace(self, method: str, path: str, params: Any, status: Any, started: float) -> None:
        if self._log is None:
            return
        query = "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
        ms = (time.monotonic() - started) * 1000
        self._log(self.redact(f"{method} {path}{query} -> {status} ({ms:.0f} ms)"))

    # -- reads ----------------------------------------------------------------------------------

    def workspaces(self) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.request("GET", "/me/workspaces")
        return result

    def resolve_workspace(self, ref: int | str) -> tuple[int, str]:
        """An id costs nothing; a name costs one /me/workspaces request."""
        if isinstance(ref, int):
            return ref, ""
        matches = [w for w in self.workspaces() if w.get("name") == ref]
        if not matches:
            raise ReconcilerError(f"no workspace named {ref!r} is visible to this token")
        if len(matches) > 1:
            ids = ", ".join(str(w["id"]) for w in matches)
            raise ReconcilerError(f"several workspaces are named {ref!r} ({ids}); use the id")
        return int(matches[0]["id"]), ref

    def clients(self, wid: int) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = self.request(
            "GET", f"/workspaces/{wid}/clients", params={"status": "both"}
        )
        return result or []

    def projects(self, wid: int) -> list[dict[str, Any]]:
        """Every project, active and archived, in pages of 200.

        Paging headers are not documented, so reading ends at a page shorter than asked for,
        even when the last page was full (one more request when the count is a multiple of 200).
        `total_count` is not documented either: it never ends the reading, and a short page
        whose `total_count` claims more rows than seen (a server capping `per_page` lower, say)
        does not end it either; only an empty page does then.
        """
        out: list[dict[str, Any]] = []
        page = 1
        while True:
            batch = (
                self.request(
                    "GET",
                    f"/workspaces/{wid}/projects",
                    params={"active": "both", "page": page, "per_page": PAGE_SIZE},
                )
                or []
            )
            out.extend(batch)
            if not batch or (len(batch) < PAGE_SIZE and not _claims_more(batch, len(out))):
                return out
            page += 1

    def read_workspace(self, wid: int, name: str = "") -> Workspace:
        """The whole workspace in `read_cost(projects)` requests: 2 + floor(projects/200)."""
        clients = tuple(Client.from_api(c) for c in self.clients(wid))
        projects = tuple(Project.from_api(p) for p in self.projects(wid))
        return Workspace(id=wid, name=name, clients=clients, projects=projects)


def _claims_more(batch: list[dict[str, Any]], seen: int) -> bool:
    """Whether the page's `total_count`, if it is a count at all, says rows remain unseen."""
    total = batch[-1].get("total_count") if isinstance(batch[-1], dict) else None
    return isinstance(total, int) and not isinstance(total, bool) and total > seen


def read_cost(project_count: int) -> int:
    """Requests `read_workspace` needs: the clients, then pages of 200 until a short page
    (2 + floor(P/200); 1 + ceil(P/200) unless P is a multiple of 200)."""
    return 2 + project_count // PAGE_SIZE
