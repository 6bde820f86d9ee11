"""Failures that mean a wrong setting, told as such: an API URL that cannot be reached, and a
workspace id the token cannot see (answered by listing the workspaces it does see)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
import requests
import responses

from reconciler.errors import TogglError, TransportError, WorkspaceNotVisible
from reconciler.facade import Reconciler
from reconciler.toggl import TogglClient
from toggl_sandbox import Backend, ThreadedServer

BASE = "https://api.track.toggl.com/api/v9"


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def waits() -> list[object]:
    return []


def client_for(url: str, waits: list[object]) -> TogglClient:
    return TogglClient("tok", url, timeout=5, notify=waits.append, sleep=lambda _: None)


# -- an unreachable URL ----------------------------------------------------------------------


def test_refused_connection_is_one_error_naming_the_url_and_the_setting(waits):
    url = f"http://127.0.0.1:{closed_port()}/api/v9"
    with pytest.raises(TransportError) as caught:
        client_for(url, waits).request("GET", "/me/workspaces")
    message = str(caught.value)
    assert message == (
        f"cannot reach the Toggl API at {url}: connection refused (nothing listens there); "
        "check the URL (TOGGL_API_URL) and the network"
    )
    assert caught.value.unreachable and caught.value.url == url
    assert waits == []  # not retried: a wrong URL does not mend itself


def test_a_host_name_that_does_not_resolve_says_so(waits, monkeypatch):
    def no_such_host(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(TransportError) as caught:
        client_for("https://toggl.example/api/v9", waits).request("GET", "/me")
    assert "the host name 'toggl.example' does not resolve" in str(caught.value)
    assert "TOGGL_API_URL" in str(caught.value)
    assert "urllib3" not in str(caught.value) and "Max retries" not in str(caught.value)
    assert waits == []


@pytest.fixture
def plain_http_port() -> Iterator[int]:
    with ThreadedServer(Backend()) as server:
        yield server.port


def test_https_to_a_plain_http_server_is_a_tls_failure(waits, plain_http_port):
    with pytest.raises(TransportError) as caught:
        client_for(f"https://127.0.0.1:{plain_http_port}/api/v9", waits).request("GET", "/me")
    assert "the TLS handshake failed" in str(caught.value)
    assert caught.value.unreachable and waits == []


def test_after_toggl_has_answered_a_failed_connection_is_retried(waits):
    # Once the URL has worked, a refused connection is a blip: reads are retried as before.
    backend = Backend()
    with ThreadedServer(backend) as server:
        client = TogglClient(backend.token, server.url, notify=waits.append, sleep=lambda _: None)
        client.request("GET", "/me/workspaces")
    # The same client, once its server has gone (a kept-alive socket would still be served).
    client.base_url = f"http://127.0.0.1:{closed_port()}/api/v9"
    with pytest.raises(TransportError) as caught:
        client.request("GET", "/me/workspaces")
    assert len(waits) == client.max_attempts - 1
    assert not caught.value.unreachable
    assert str(caught.value) == "GET /me/workspaces: connection refused (nothing listens there)"


def test_a_server_that_never_answers_is_a_read_timeout_and_retried(waits):
    # The kernel completes the connection on a listening socket nobody accepts from.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/api/v9"
        client = TogglClient("tok", url, timeout=0.2, notify=waits.append, sleep=lambda _: None)
        with pytest.raises(TransportError) as caught:
            client.request("GET", "/me")
    assert str(caught.value) == "GET /me: no answer within 0.2 s"
    assert len(waits) == client.max_attempts - 1


@responses.activate
def test_a_connection_dropped_before_any_answer_is_still_retried(waits):
    # Only a connection that could not be made at all points at the URL; a dropped one is a blip.
    responses.get(f"{BASE}/me", body=requests.ConnectionError("reset by peer"))
    with pytest.raises(TransportError) as caught:
        client_for(BASE, waits).request("GET", "/me")
    assert len(responses.calls) == 5 and len(waits) == 4
    assert not caught.value.unreachable


# -- a workspace the token cannot see ---------------------------------------------------------

VISIBLE = [{"id": 4242, "name": "Acme Consulting"}, {"id": 77, "name": "Side project"}]


@pytest.fixture
def rec() -> Reconciler:
    return Reconciler("tok", BASE)


@pytest.mark.parametrize("status", [403, 404])
@responses.activate
def test_a_wrong_workspace_id_lists_the_visible_ones_with_one_request(rec, status):
    responses.get(f"{BASE}/workspaces/999/clients", status=status, json="Forbidden")
    responses.get(f"{BASE}/me/workspaces", json=VISIBLE)
    with pytest.raises(WorkspaceNotVisible) as caught:
        rec.read_workspace(999)
    assert str(caught.value) == (
        "workspace 999 is not visible to this token; it sees: 4242 ('Acme Consulting'), "
        "77 ('Side project'). Use one of these ids"
    )
    assert caught.value.visible == ((4242, "Acme Consulting"), (77, "Side project"))
    assert [call.request.path_url.split("?")[0] for call in responses.calls] == [
        "/api/v9/workspaces/999/clients",
        "/api/v9/me/workspaces",
    ]


@responses.activate
def test_a_visible_workspace_keeps_the_answer_from_toggl(rec):
    # The refusal was about something else (a role, say): Toggl's answer is the one to show.
    responses.get(f"{BASE}/workspaces/4242/clients", status=403, json="not an admin")
    responses.get(f"{BASE}/me/workspaces", json=VISIBLE)
    with pytest.raises(TogglError) as caught:
        rec.read_workspace(4242)
    assert not isinstance(caught.value, WorkspaceNotVisible)
    assert caught.value.status == 403 and caught.value.message == "not an admin"


@responses.activate
def test_when_the_list_is_refused_too_the_token_is_the_problem_and_toggl_says_so(rec):
    responses.get(f"{BASE}/workspaces/999/clients", status=403, json="Forbidden")
    responses.get(f"{BASE}/me/workspaces", status=403, json="Forbidden")
    with pytest.raises(TogglError) as caught:
        rec.read_workspace(999)
    assert type(caught.value) is TogglError and caught.value.path == "/workspaces/999/clients"


@responses.activate
def test_an_unexpected_list_is_not_guessed_at(rec):
    responses.get(f"{BASE}/workspaces/999/clients", status=403, json="Forbidden")
    responses.get(f"{BASE}/me/workspaces", json=[{"id": "4242", "name": "Acme"}])
    with pytest.raises(TogglError) as caught:
        rec.read_workspace(999)
    assert type(caught.value) is TogglError


@pytest.mark.parametrize("status", [400, 402])
@responses.activate
def test_other_errors_cost_no_extra_request(rec, status):
    responses.get(f"{BASE}/workspaces/999/clients", status=status, json="no")
    with pytest.raises(TogglError):
        rec.read_workspace(999)
    assert all("/me/workspaces" not in call.request.url for call in responses.calls)


@responses.activate
def test_a_workspace_name_nobody_has_lists_the_visible_ones_without_another_request(rec):
    responses.get(f"{BASE}/me/workspaces", json=VISIBLE)
    with pytest.raises(WorkspaceNotVisible) as caught:
        rec.read_workspace("Acme")
    assert str(caught.value).startswith(
        "no workspace named 'Acme' is visible to this token; it sees: 4242 ('Acme Consulting')"
    )
    assert len(responses.calls) == 1


def test_a_long_list_is_cut_and_an_empty_one_said_plainly():
    many = [(i, f"W{i}") for i in range(1, 14)]
    message = str(WorkspaceNotVisible(999, many))
    assert "10 ('W10') and 3 more. Use one of these ids" in message and "W11" not in message
    assert "it sees no workspace at all" in str(WorkspaceNotVisible(999, []))
