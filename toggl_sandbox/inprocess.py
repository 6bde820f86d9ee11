"""The sandbox inside the test process: `requests` calls to the base URL reach the backend."""

from __future__ import annotations

import re
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import requests
import responses

from .app import API_ROOT, App
from .backend import Backend
from .exceptions import ConnectionDropped

DEFAULT_BASE_URL = "https://api.track.toggl.com/api/v9"
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _body_bytes(body: Any) -> bytes:
    """The request body as bytes, whatever form `requests` kept it in."""
    if not body:
        return b""
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, bytes):
        return body
    if hasattr(body, "read"):
        return _body_bytes(body.read())
    # A generator: requests would have sent it chunked.
    return b"".join(part.encode() if isinstance(part, str) else part for part in body)


class InProcessSandbox:
    """Context manager registering the sandbox on `responses` for `base_url`."""

    def __init__(self, backend: Backend, base_url: str = DEFAULT_BASE_URL) -> None:
        self.backend = backend
        self.url = base_url.rstrip("/")
        self._app = App(backend)
        self._mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        pattern = re.compile(re.escape(self.url) + r"(/.*)?(\?.*)?$")
        for method in _METHODS:
            # The App sets Content-Type itself (a 401 has none, as on Toggl).
            self._mock.add_callback(method, pattern, callback=self._answer, content_type=None)

    @property
    def token(self) -> str:
        return self.backend.token

    def _answer(self, request: requests.PreparedRequest) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(request.url or "")
        relative = parts.path[len(urlsplit(self.url).path) :]
        body = _body_bytes(request.body)
        try:
            return self._app.handle(
                request.method or "GET", API_ROOT + relative, parts.query, request.headers, body
            )
        except ConnectionDropped as dropped:
            raise requests.exceptions.ConnectionError(f"connection dropped: {dropped}") from None

    def start(self) -> InProcessSandbox:
        self._mock.start()
        return self

    def stop(self) -> None:
        self._mock.stop()
        self._mock.reset()

    def __enter__(self) -> InProcessSandbox:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
