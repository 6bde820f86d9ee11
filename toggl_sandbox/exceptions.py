"""Errors the sandbox answers with. Each knows its HTTP status and Toggl's body (a JSON string)."""

from __future__ import annotations

import json


class SandboxError(Exception):
    """An error answer: `status`, Toggl's `message`, and any extra response headers."""

    status = 500

    def __init__(self, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.headers = dict(headers or {})

    def body(self) -> bytes:
        # Toggl declares its error bodies as JSON strings, e.g. "Client name cannot be empty".
        return json.dumps(self.message).encode()


class BadRequest(SandboxError):
    status = 400


class Unauthorized(SandboxError):
    """401: no credentials at all. Toggl answers it with an empty body and a telling header."""

    status = 401

    def __init__(self) -> None:
        super().__init__("", {"X-Authorization-Missing": "true"})

    def body(self) -> bytes:
        return b""


class PaymentRequired(SandboxError):
    """402: the hourly quota is used up (remaining 0), or the workspace's plan lacks a feature.

    Both carry the usage headers; only the remaining count tells them apart."""

    status = 402


class Forbidden(SandboxError):
    status = 403


class NotFound(SandboxError):
    status = 404


class MethodNotAllowed(SandboxError):
    status = 405


class TooManyRequests(SandboxError):
    status = 429


class InjectedFailure(SandboxError):
    """A failure injected by `fail_next`; its status is chosen by the test."""

    def __init__(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        super().__init__(body.decode(errors="replace"), headers)
        self.status = status
        self.raw_body = body

    def body(self) -> bytes:
        return self.raw_body


class ConnectionDropped(Exception):
    """The write was committed, then the connection must be dropped without an answer."""
