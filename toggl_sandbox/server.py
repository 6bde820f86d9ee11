"""A real HTTP/1.1 server on a background thread, serving the sandbox at http://HOST:PORT/api/v9."""

from __future__ import annotations

import json
import socket
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from .app import API_ROOT, JSON_HEADERS, App
from .backend import Backend
from .exceptions import ConnectionDropped

# Toggl's bodies are small; a larger one is refused rather than read into memory.
MAX_BODY_BYTES = 10 * 1024 * 1024


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    server_version = "TogglSandbox/1"
    timeout = 120  # idle keep-alive connections end eventually
    app: App

    def setup(self) -> None:
        super().setup()
        # Small answers must not wait for Nagle's algorithm.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except _BadBody as bad:
            self.close_connection = True  # the rest of the stream cannot be trusted
            self._answer(bad.status, dict(JSON_HEADERS), json.dumps(bad.message).encode())
            return
        if body is None:
            self.close_connection = True  # the client went away mid-body: apply nothing
            return
        path, _, query = self.path.partition("?")
        try:
            status, headers, answer = self.app.handle(
                self.command, path, query, dict(self.headers.items()), body
            )
        except ConnectionDropped:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        except Exception:
            # A fault in the sandbox itself: answer as Toggl does, and keep serving.
            traceback.print_exc()
            status, headers, answer = 500, dict(JSON_HEADERS), b'"Internal Server Error"'
        self._answer(status, headers, answer)

    def _read_body(self) -> bytes | None:
        """The request body, or None when the connection ended before all of it arrived."""
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunks()
        raw = self.headers.get("Content-Length") or "0"
        if not raw.strip().isdigit():
            raise _BadBody(400, "Invalid Content-Length")
        length = int(raw)
        if length > MAX_BODY_BYTES:
            raise _BadBody(413, "Request body is too large")
        body = self.rfile.read(length) if length else b""
        return body if len(body) == length else None

    def _read_chunks(self) -> bytes | None:
        parts: list[bytes] = []
        size = 0
        while True:
            line = self.rfile.readline(1024)
            if not line.endswith(b"\n"):
                return None
            try:
                chunk = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                raise _BadBody(400, "Invalid chunked body") from None
            size += chunk
            if chunk < 0 or size > MAX_BODY_BYTES:
                raise _BadBody(413, "Request body is too large")
            if chunk == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            data = self.rfile.read(chunk + 2)  # the chunk and its CRLF
            if len(data) < chunk + 2:
                return None
            parts.append(data[:chunk])

    def _answer(self, status: int, headers: dict[str, str], answer: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:
        pass  # the backend's request log is the record


class _BadBody(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up mid-answer is normal: no traceback for it.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class ThreadedServer:
    """Serve one backend over HTTP on a thread. `start()` returns once the socket listens."""

    def __init__(self, backend: Backend, host: str = "127.0.0.1", port: int = 0) -> None:
        self.backend = backend
        self.host = host
        self.port = port
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def token(self) -> str:
        return self.backend.token

    @property
    def url(self) -> str:
        """The URL to reach the server from this machine: one bound to every interface
        (0.0.0.0) is reached through loopback, the one address clients accept plain http to."""
        host = "127.0.0.1" if self.host in ("", "0.0.0.0") else self.host
        return f"http://{host}:{self.port}{API_ROOT}"

    def start(self) -> ThreadedServer:
        handler = type("Handler", (_Handler,), {"app": App(self.backend)})
        self._httpd = _Server((self.host, self.port), handler)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join()
        self._httpd = self._thread = None

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
