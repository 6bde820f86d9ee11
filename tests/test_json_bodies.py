"""How an answer's body becomes data (`transport.json_body`): orjson, when installed, answers
exactly what requests' `resp.json()` answers, and leaves to it every body it might read
differently or refuses, so the values and the errors are the same with or without orjson."""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import responses
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconciler import transport
from reconciler.errors import TogglError
from reconciler.toggl import TogglClient
from reconciler.transport import json_body

BASE = "https://api.track.toggl.com/api/v9"


def answer(body: bytes, content_type: str = "application/json; charset=utf-8") -> Any:
    """A Response as requests builds it from an answer with this body and Content-Type."""
    resp = requests.Response()
    resp.status_code = 200
    resp._content = body
    resp.headers["Content-Type"] = content_type
    resp.encoding = requests.utils.get_encoding_from_headers(resp.headers)
    return resp


def outcome(decode: Any, resp: requests.Response) -> tuple[str, str]:
    """What decoding answers, written so that types count (1 is not 1.0, -0.0 is not 0.0,
    nan equals nan), or the error it raises with its text."""
    try:
        return "value", repr(decode(resp))
    except ValueError as error:
        return type(error).__name__, str(error)


def both_ways(resp: requests.Response) -> tuple[tuple[str, str], tuple[str, str]]:
    return outcome(json_body, resp), outcome(requests.Response.json, resp)


@pytest.fixture(params=["orjson", "stdlib json"])
def decoder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test runs with orjson (when installed) and as a plain install decodes, without it."""
    if request.param == "orjson":
        pytest.importorskip("orjson")
    else:
        monkeypatch.setitem(sys.modules, "orjson", None)  # `import orjson` fails, as uninstalled
        monkeypatch.setattr(transport, "_fast_loads", transport._fast_json_decoder())
        assert transport._fast_loads is None
    yield request.param


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()  # beyond 64 bits too
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(),  # lone surrogates too
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=20,
)


# The decoder fixture is a setting that every generated value shares: nothing to reset.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=json_values, ascii_only=st.booleans(), compact=st.booleans())
def test_any_json_value_decodes_as_requests_decodes_it(
    decoder: str, value: Any, ascii_only: bool, compact: bool
) -> None:
    separators = (",", ":") if compact else None
    text = json.dumps(value, ensure_ascii=ascii_only, separators=separators)
    mine, theirs = both_ways(answer(text.encode("utf-8", "surrogatepass")))
    assert mine == theirs


@pytest.mark.parametrize(
    "body",
    [
        b"NaN",
        b"[Infinity, -Infinity]",
        b"1e400",  # json: inf; orjson refuses it
        b"18446744073709551616",  # beyond 64 bits: orjson would make it a float
        b"-9223372036854775809",
        b'{"id": 123456789012345678901234567890}',
        b"9223372036854775807",
        b'"\\ud800"',  # a lone surrogate
        b'{"a": 1, "a": 2}',
        b"\xef\xbb\xbf[1]",  # a byte order mark
        b'"caf\xe9"',  # not UTF-8
        b"<html>maintenance</html>",
        b"[1, 2",
        b"",
        b'"tab\there"',
        b" [1] ",
    ],
)
def test_what_orjson_refuses_or_reads_otherwise_is_decoded_as_before(
    decoder: str, body: bytes
) -> None:
    mine, theirs = both_ways(answer(body))
    assert mine == theirs


def test_a_number_beyond_64_bits_stays_an_int(decoder: str) -> None:
    value = json_body(answer(b'[{"id": 18446744073709551616, "n": -9223372036854775809}]'))
    assert value == [{"id": 18446744073709551616, "n": -9223372036854775809}]
    assert type(value[0]["id"]) is int
    assert math.isnan(json_body(answer(b"[NaN]"))[0])


@pytest.mark.parametrize("charset", ["iso-8859-1", "utf-16"])
def test_a_body_in_another_charset_is_decoded_in_that_charset(decoder: str, charset: str) -> None:
    body = '{"name": "Café"}'.encode(charset)
    resp = answer(body, f"application/json; charset={charset}")
    assert both_ways(resp)[0] == both_ways(resp)[1]
    assert json_body(resp) == {"name": "Café"}


def test_without_a_charset_the_answer_is_read_as_requests_reads_it(decoder: str) -> None:
    for content_type in ("application/json", "text/plain", ""):
        resp = answer('{"name": "Café"}'.encode(), content_type)
        mine, theirs = both_ways(resp)
        assert mine == theirs


@responses.activate
def test_the_client_answers_and_refuses_the_same_with_or_without_orjson(decoder: str) -> None:
    client = TogglClient("t", BASE, max_attempts=1)
    responses.get(f"{BASE}/big", body=b'{"id": 123456789012345678901234567890, "x": 1.5}')
    responses.get(f"{BASE}/nan", body=b"[NaN]")
    responses.get(f"{BASE}/html", body=b"<html>maintenance</html>")
    responses.get(f"{BASE}/gone", status=404, body=b'{"message": "gone"}')
    assert client.request("GET", "/big") == {"id": 123456789012345678901234567890, "x": 1.5}
    assert math.isnan(client.request("GET", "/nan")[0])
    with pytest.raises(TogglError) as not_json:
        client.request("GET", "/html")
    assert str(not_json.value).startswith("Toggl answered 200 (GET /html): answer is not JSON")
    with pytest.raises(TogglError) as gone:
        client.request("GET", "/gone")
    assert gone.value.status == 404 and "gone" in str(gone.value)
