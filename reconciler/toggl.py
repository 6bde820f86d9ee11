"""The Toggl Track v9 client. `TogglClient.request` is the one chokepoint for every request:
base URL, auth, timeout, retries, quota headers, error mapping and the verbose log live there.
The typed reads it offers come from workspace_reads.py; what a 402 means, from toggl_plans.py.

It never prints: each wait before a retry is a `Retrying` or `QuotaWait` given to `notify`, and
each request a line given to `log`; without them both go to `logging` (logger `reconciler.toggl`).
"""

from __future__ import annotations

import base64
import ipaddress
import json
import logging
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from .errors import (
    CredentialsMissing,
    FeatureUnavailable,
    QuotaExhausted,
    ReconcilerError,
    TogglError,
    TransportError,
)

# The Free plan's limits and the reads are importable from here, with the client.
from .toggl_plans import (  # noqa: F401  (re-exported)
    FREE_ACTIVE_PROJECTS,
    PALETTE,
    PREMIUM_FIELDS,
    missing_feature,
)
from .transport import ApiSession, cannot_connect, json_body, transport_reason
from .workspace_reads import PAGE_SIZE, WorkspaceReads, read_cost  # noqa: F401  (re-exported)

DEFAULT_API_URL = "https://api.track.toggl.com/api/v9"
QUOTA_REMAINING = "X-Toggl-Quota-Remaining"
QUOTA_RESETS_IN = "X-Toggl-Quota-Resets-In"

# Methods that may be resent after a 5xx or a lost answer: repeating them cannot duplicate anything.
# Creates (POST) and the archive/restore/delete calls are resent only by the applier, after a read
# shows the first try did not land.
RETRYABLE_METHODS = frozenset({"GET", "PUT", "PATCH"})

# Toggl's short-term limit is a leaky bucket of about one request a second (its size is not
# documented). Starting requests at least this many seconds apart stays below it, so an apply
# never spends a request on a 429. `TOGGL_REQUEST_INTERVAL` or `--request-interval` change it.
DEFAULT_REQUEST_INTERVAL = 1.1

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Retrying:
    """The client waits `delay` seconds, then sends `request` ("GET /me") again."""

    request: str
    delay: float
    status: int | None  # 429 or a 5xx; None when the request failed in transport
    error: str = ""  # for a transport failure: what went wrong, with the token redacted


@dataclass(frozen=True)
class QuotaWait:
    """The hourly quota is used up and the client waits for its reset (`wait_for_quota`)."""

    seconds_left: int
    first: bool  # the first notice of this wait; the later ones count down


Waiting = Retrying | QuotaWait


def _monotonic() -> float:
    return time.monotonic()


def _pause(seconds: float) -> None:
    time.sleep(seconds)


def _log_wait(event: Waiting) -> None:
    logger.warning("%s", event)


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
        body = json_body(resp)
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


class TogglClient(WorkspaceReads):
    def __init__(
        self,
        token: str,
        base_url: str = DEFAULT_API_URL,
        *,
        timeout: float = 30.0,
        max_attempts: int = 5,
        wait_for_quota: bool = False,
        log: Callable[[str], None] | None = None,
        notify: Callable[[Waiting], None] | None = None,
        sleep: Callable[[float], None] | None = None,
        session: requests.Session | None = None,
        request_interval: float = 0.0,
        clock: Callable[[], float] | None = None,
    ) -> None:
        """`request_interval`: the least time, in seconds, between the starts of two requests
        (0: none; the library's `Reconciler` and the command default to
        DEFAULT_REQUEST_INTERVAL). `sleep` and `clock` are for waiting and telling time."""
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
        self._notify = notify or _log_wait
        self._sleep = sleep or _pause
        self._clock = clock or _monotonic
        self.request_interval = max(0.0, request_interval)
        self._last_sent: float | None = None
        self._session = session or ApiSession()
        self._session.auth = (token, "api_token")
        self._session.headers["User-Agent"] = "toggl-reconciler"
        self.quota_remaining: int | None = None
        self.quota_resets_in: int | None = None
        # Until Toggl first answers, a failed connection means a wrong URL or no network, which
        # retrying will not mend; afterwards it is a blip worth retrying.
        self.answered = False
        self.workspace_bodies: dict[int, dict[str, Any]] = {}

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
            self._pace()
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
                host = urlsplit(self.base_url).hostname or ""
                reason = self.redact(transport_reason(exc, host, self.timeout, self.redact))
                unreachable = not self.answered and cannot_connect(exc)
                if retry_errors and attempt < self.max_attempts and not unreachable:
                    self._backoff(attempt, None, f"{method} {path}", None, reason)
                    continue
                raise TransportError(
                    f"{method} {path}", reason, url=self.base_url, unreachable=unreachable
                ) from None
            self.answered = True
            self._trace(method, path, params, resp.status_code, started)
            self._read_quota(resp)
            status = resp.status_code
            if status < 400:
                return self._decode(resp, method, path)
            message = self.redact(_error_message(resp))
            if status == 429 and attempt < self.max_attempts:
                retry_after = _int_header(resp, "Retry-After")
                self._backoff(attempt, retry_after, f"{method} {path}", status)
                continue
            if status == 401:
                raise CredentialsMissing(status, message, method, path)
            if status == 402:
                # Toggl sends the usage headers on every answer: only a remaining count of 0 or
                # less makes a 402 the quota. Any other 402 is the plan, and waiting cannot help.
                remaining = _int_header(resp, QUOTA_REMAINING)
                if remaining is None or remaining > 0:
                    feature, remedy = missing_feature(path, body)
                    raise FeatureUnavailable(message, method, path, feature=feature, remedy=remedy)
                resets_in = _int_header(resp, QUOTA_RESETS_IN)
                if self.wait_for_quota:
                    self._countdown(resets_in)
                    attempt = 0
                    continue
                raise QuotaExhausted(message, resets_in, method, path)
            if status >= 500 and retry_errors and attempt < self.max_attempts:
                self._backoff(attempt, None, f"{method} {path}", status)
                continue
            raise TogglError(status, message, method, path)

    def _pace(self) -> None:
        """Wait until `request_interval` has passed since the last request started."""
        if self.request_interval and self._last_sent is not None:
            wait = self._last_sent + self.request_interval - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_sent = self._clock()

    def _decode(self, resp: requests.Response, method: str, path: str) -> Any:
        if not resp.content:
            return None
        try:
            return json_body(resp)
        except ValueError:
            snippet = self.redact(resp.text[:80])
            message = f"answer is not JSON: {snippet!r}"
            raise TogglError(resp.status_code, message, method, path) from None

    def _backoff(
        self,
        attempt: int,
        retry_after: int | None,
        request: str,
        status: int | None,
        error: str = "",
    ) -> None:
        if retry_after is not None:
            delay = float(retry_after)
        else:
            # Exponential backoff with full jitter: 0.5s, 1s, 2s ... capped at 30s.
            delay = random.uniform(0.5, 1.0) * min(30.0, 0.5 * 2 ** (attempt - 1))
        self._notify(Retrying(request, delay, status, error))
        self._sleep(delay)

    def _countdown(self, resets_in: int | None) -> None:
        remaining = max(1, resets_in if resets_in is not None else 60)
        self._notify(QuotaWait(remaining, first=True))
        while remaining > 0:
            step = min(remaining, 10)
            self._sleep(step)
            remaining -= step
            if remaining:
                self._notify(QuotaWait(remaining, first=False))

    def _read_quota(self, resp: requests.Response) -> None:
        remaining = _int_header(resp, QUOTA_REMAINING)
        if remaining is not None:
            self.quota_remaining = remaining
            self.quota_resets_in = _int_header(resp, QUOTA_RESETS_IN)

    def _trace(self, method: str, path: str, params: Any, status: Any, started: float) -> None:
        if self._log is None and not logger.isEnabledFor(logging.DEBUG):
            return
        query = "?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else ""
        ms = (time.monotonic() - started) * 1000
        line = self.redact(f"{method} {path}{query} -> {status} ({ms:.0f} ms)")
        if self._log is not None:
            self._log(line)
        else:
            logger.debug("%s", line)
