"""The HTTP session the client sends through, how an answer's body becomes data, and what a
request that got no answer means, in a few words: requests wraps urllib3's errors, which wrap the
socket's, and a person needs only the innermost reason ("connection refused").

Only exception types are inspected, never their texts.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
from urllib3.exceptions import NewConnectionError

from .errors import clip

if TYPE_CHECKING:
    from requests.sessions import _Settings


def _fast_json_decoder() -> Callable[[bytes], Any] | None:
    """orjson's decoder when orjson is installed (the `fast` extra), else None."""
    try:
        import orjson
    except ImportError:
        return None
    return orjson.loads


_fast_loads = _fast_json_decoder()
_UTF8_NAMES = ("utf-8", "utf8")
# Each byte to "0" if it is a digit, else to " ": a run of 19 zeros in the translated body is a
# number that may lie outside 64 bits, which orjson turns into a float where json keeps an int.
_DIGITS_AS_ZEROS = bytes(48 if 48 <= byte <= 57 else 32 for byte in range(256))
_LONG_NUMBER = b"0" * 19


def json_body(resp: requests.Response) -> Any:
    """The answer's body as data: what `resp.json()` answers, and the same errors.

    Decoding is most of the CPU a page of projects costs, so orjson decodes a UTF-8 body when it
    is installed; whatever it might read differently (a long number) or refuses (NaN, a lone
    surrogate, a byte that is not UTF-8, text that is not JSON) goes to `resp.json()`.
    """
    if _fast_loads is not None and (resp.encoding or "").lower() in _UTF8_NAMES:
        content = resp.content
        if _LONG_NUMBER not in content.translate(_DIGITS_AS_ZEROS):
            try:
                return _fast_loads(content)
            except ValueError:  # orjson.JSONDecodeError: stdlib json may accept it, or explain
                pass
    return resp.json()


class ApiSession(requests.Session):
    """A requests session that asks the environment (proxy variables, a CA bundle) once per host.

    requests asks it on every request, scanning every environment variable twice, and a plan of
    a big workspace sends hundreds of requests to one host. The answer depends on the host alone,
    never on the path, so it is kept per scheme and host: only a variable changed after that
    host's first request goes unseen. A request that passes its own proxies, verify, stream or
    cert is merged by requests itself, as always.
    """

    def __init__(self) -> None:
        super().__init__()
        self._environment: dict[tuple[str, str], _Settings] = {}

    def merge_environment_settings(
        self, url: Any, proxies: Any, stream: Any, verify: Any, cert: Any
    ) -> _Settings:
        own = proxies or stream is not None or verify is not None or cert is not None
        if own or not isinstance(url, str):
            return super().merge_environment_settings(url, proxies, stream, verify, cert)
        parts = urlsplit(url)
        origin = (parts.scheme, parts.netloc)
        settings = self._environment.get(origin)
        if settings is None:
            settings = super().merge_environment_settings(url, {}, None, None, None)
            self._environment[origin] = settings
        # A copy: what requests does with the proxies must not reach the kept answer.
        answer = settings.copy()
        answer["proxies"] = dict(settings["proxies"])
        return answer


def _causes(exc: BaseException) -> list[BaseException]:
    """`exc` and what it wraps: requests wraps urllib3's errors, which wrap the socket's."""
    found: list[BaseException] = []
    todo: list[object] = [exc]
    while todo and len(found) < 20:
        item = todo.pop(0)
        if not isinstance(item, BaseException) or any(item is seen for seen in found):
            continue
        found.append(item)
        todo += [*item.args, getattr(item, "reason", None), item.__cause__, item.__context__]
    return found


def cannot_connect(exc: requests.RequestException) -> bool:
    """No connection was made at all (refused, unknown host, TLS refused, connect timeout), as
    opposed to one that dropped part-way."""
    if isinstance(exc, (requests.exceptions.ConnectTimeout, requests.exceptions.SSLError)):
        return True
    return any(
        isinstance(cause, (NewConnectionError, socket.gaierror, ConnectionRefusedError))
        for cause in _causes(exc)
    )


def transport_reason(
    exc: requests.RequestException,
    host: str,
    timeout: float,
    redact: Callable[[str], str] = lambda text: text,
) -> str:
    """What went wrong, in a few words, without the layers of the HTTP library's wrapping.
    `redact` runs on the library's own text before it is shortened: a shortened secret would no
    longer match, and its first characters would show."""
    causes = _causes(exc)
    if any(isinstance(cause, socket.gaierror) for cause in causes):
        return f"the host name {host!r} does not resolve"
    if any(isinstance(cause, ConnectionRefusedError) for cause in causes):
        return "connection refused (nothing listens there)"
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return f"no connection within {timeout:g} s"
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return f"no answer within {timeout:g} s"
    verify = next((c for c in causes if isinstance(c, ssl.SSLCertVerificationError)), None)
    if verify is not None:
        return f"its TLS certificate is not trusted ({verify.verify_message})"
    if isinstance(exc, requests.exceptions.SSLError):
        return "the TLS handshake failed"
    # The innermost socket error says it best ("Connection reset by peer").
    oserror = next((c for c in reversed(causes) if isinstance(c, OSError) and c.strerror), None)
    if oserror is not None:
        return f"connection lost ({oserror.strerror})"
    return f"{type(exc).__name__}: {clip(redact(str(exc)), 80)}"
