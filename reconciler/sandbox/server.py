"""A real HTTP/1.1 server on a background thread, serving the sandbox at http://HOST:PORT/api/v9."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType

from .app import API_ROOT, App
from .backend import Backend
from .exceptions import ConnectionDropped


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
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        try:
            status, headers, answer = self.app.handle(
                self.command, path, query, dict(self.headers.items()), body
            )
        except ConnectionDropped:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:
        pass  # the backend's request log is the record


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


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
        return f"http://{self.host}:{self.port}{API_ROOT}"

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
