"""The HTTP chokepoint alone, with canned answers: retries, quota, errors, paging, redaction."""

from __future__ import annotations

import pytest
import requests
import responses

from reconciler.errors import (
    FeatureUnavailable,
    QuotaExhausted,
    ReconcilerError,
    TogglError,
    TransportError,
)
from reconciler.render import wait_text
from reconciler.toggl import QuotaWait, Retrying, TogglClient, check_api_url, read_cost

BASE = "https://api.track.toggl.com/api/v9"
TOKEN = "s3cret-token-value"


@pytest.fixture
def slept():
    return []


@pytest.fixture
def notes():
    return []


@pytest.fixture
def client(slept, notes):
    return TogglClient(TOKEN, BASE, sleep=slept.append, notify=notes.append, max_attempts=4)


@responses.activate
def test_429_honours_retry_after_and_says_so(client, slept, notes):
    url = f"{BASE}/workspaces/1/clients"
    responses.post(url, status=429, headers={"Retry-After": "7"}, json="slow down")
    responses.post(url, json={"id": 5, "name": "A"})
    assert client.request("POST", "/workspaces/1/clients", body={"name": "A"})["id"] == 5
    assert slept == [7.0]
    assert notes == [Retrying("POST /workspaces/1/clients", 7.0, 429)]
    assert wait_text(notes[0]) == "Toggl rate limit (429); waiting 7 s before retrying"


@responses.activate
def test_429_without_retry_after_backs_off_exponentially(client, slept):
    url = f"{BASE}/me"
    for _ in range(3):
        responses.get(url, status=429, json="slow down")
    responses.get(url, json={"id": 1})
    client.request("GET", "/me")
    assert len(slept) == 3
    assert 0.25 <= slept[0] <= 0.5 and 0.5 <= slept[1] <= 1.0 and 1.0 <= slept[2] <= 2.0


@responses.activate
def test_429_attempts_are_bounded(client):
    responses.get(f"{BASE}/me", status=429, json="slow down")
    with pytest.raises(TogglError) as err:
        client.request("GET", "/me")
    assert err.value.status == 429
    assert len(responses.calls) == 4


@responses.activate
def test_5xx_retries_reads_and_updates(client):
    url = f"{BASE}/workspaces/1/projects/9"
    responses.put(url, status=503, json="unavailable")
    responses.put(url, json={"id": 9})
    assert client.request("PUT", "/workspaces/1/projects/9", body={"color": "#000000"}) == {"id": 9}
    assert len(responses.calls) == 2


@responses.activate
def test_each_wait_before_a_retry_is_told_and_worded(client, notes):
    responses.get(f"{BASE}/a", status=503, json="unavailable")
    responses.get(f"{BASE}/a", json={})
    responses.get(f"{BASE}/b", body=requests.ConnectionError("reset by peer"))
    responses.get(f"{BASE}/b", json={})
    client.request("GET", "/a")
    client.request("GET", "/b")
    assert [(n.request, n.status) for n in notes] == [("GET /a", 503), ("GET /b", None)]
    first, second = (wait_text(n) for n in notes)
    assert first.startswith("Toggl answered 503; waiting ")
    assert second.startswith("GET /b failed (ConnectionError: reset by peer); waiting ")


@responses.activate
def test_without_callbacks_waits_and_requests_go_to_logging_not_the_terminal(slept, caplog, capsys):
    client = TogglClient(TOKEN, BASE, sleep=slept.append)
    responses.get(f"{BASE}/me", status=429, headers={"Retry-After": "2"}, json="slow down")
    responses.get(f"{BASE}/me", json={"id": 1})
    with caplog.at_level("DEBUG", logger="reconciler.toggl"):
        client.request("GET", "/me")
    assert capsys.readouterr() == ("", "")
    logged = [(r.levelname, r.getMessage()) for r in caplog.records]
    assert logged[0] == ("DEBUG", logged[0][1]) and "GET /me -> 429" in logged[0][1]
    assert ("WARNING", str(Retrying("GET /me", 2.0, 429))) in logged
    assert TOKEN not in caplog.text


@responses.activate
def test_5xx_on_create_is_not_resent_by_the_chokepoint(client):
    url = f"{BASE}/workspaces/1/clients"
    responses.post(url, status=502, json="bad gateway")
    with pytest.raises(TogglError) as err:
        client.request("POST", "/workspaces/1/clients", body={"name": "A"})
    assert err.value.status == 502
    assert len(responses.calls) == 1


@responses.activate
def test_connection_errors_become_transport_errors_after_retries(client):
    responses.get(f"{BASE}/me", body=requests.ConnectionError("reset"))
    with pytest.raises(TransportError):
        client.request("GET", "/me")
    assert len(responses.calls) == 4


@responses.activate
def test_402_with_quota_headers_is_quota_exhausted(client):
    responses.get(
        f"{BASE}/me",
        status=402,
        json="quota",
        headers={"X-Toggl-Quota-Remaining": "0", "X-Toggl-Quota-Resets-In": "1200"},
    )
    with pytest.raises(QuotaExhausted) as err:
        client.request("GET", "/me")
    assert err.value.resets_in == 1200
    assert client.quota_remaining == 0


@responses.activate
def test_402_without_quota_headers_is_a_missing_feature(client):
    responses.post(f"{BASE}/workspaces/1/clients/2/archive", status=402, json="premium feature")
    with pytest.raises(FeatureUnavailable) as err:
        client.request("POST", "/workspaces/1/clients/2/archive")
    assert "premium feature" in str(err.value)


@responses.activate
def test_wait_for_quota_counts_down_then_carries_on(slept, notes):
    client = TogglClient(TOKEN, BASE, sleep=slept.append, notify=notes.append, wait_for_quota=True)
    responses.get(
        f"{BASE}/me",
        status=402,
        json="quota",
        headers={"X-Toggl-Quota-Remaining": "0", "X-Toggl-Quota-Resets-In": "25"},
    )
    responses.get(f"{BASE}/me", json={"id": 1})
    assert client.request("GET", "/me") == {"id": 1}
    assert sum(slept) == 25
    assert notes == [
        QuotaWait(25, first=True),
        QuotaWait(15, first=False),
        QuotaWait(5, first=False),
    ]
    assert [wait_text(n) for n in notes[:2]] == [
        "Hourly request quota used up; waiting 25 s for it to reset",
        "  quota resets in 15 s",
    ]


@responses.activate
def test_error_messages_from_strings_objects_and_text(client):
    responses.get(f"{BASE}/a", status=400, json="Client name cannot be empty")
    responses.get(f"{BASE}/b", status=400, json={"message": "bad thing"})
    responses.get(f"{BASE}/c", status=404, body="plain text")
    for path, text in (
        ("/a", "Client name cannot be empty"),
        ("/b", "bad thing"),
        ("/c", "plain text"),
    ):
        with pytest.raises(TogglError) as err:
            client.request("GET", path)
        assert text in str(err.value)


@responses.activate
def test_quota_headers_are_remembered(client):
    responses.get(
        f"{BASE}/me",
        json={},
        headers={"X-Toggl-Quota-Remaining": "17", "X-Toggl-Quota-Resets-In": "300"},
    )
    client.request("GET", "/me")
    assert (client.quota_remaining, client.quota_resets_in) == (17, 300)


@responses.activate
def test_token_never_in_logs_or_errors(slept, notes):
    lines: list[str] = []
    client = TogglClient(
        TOKEN, BASE, log=lines.append, sleep=slept.append, notify=notes.append, max_attempts=1
    )
    responses.get(f"{BASE}/me", status=400, json=f"token {TOKEN} is odd")
    with pytest.raises(TogglError) as err:
        client.request("GET", "/me")
    assert TOKEN not in str(err.value)
    assert lines and all(TOKEN not in line for line in lines)
    assert "GET /me -> 400" in lines[0]


def test_auth_is_basic_with_api_token_password(client):
    assert client._session.auth == (TOKEN, "api_token")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765/api/v9",
        "http://localhost/api/v9",
        "http://[::1]:80/api/v9",
        "https://api.track.toggl.com/api/v9",
    ],
)
def test_allowed_urls(url):
    assert check_api_url(url) == url


@pytest.mark.parametrize(
    "url",
    ["http://api.track.toggl.com/api/v9", "http://10.0.0.1/api/v9", "ftp://x/api", "not a url"],
)
def test_refused_urls(url):
    with pytest.raises(ReconcilerError):
        check_api_url(url)


def _projects(ids, total=None):
    return [{"id": i, "name": f"p{i}", "active": True, "total_count": total} for i in ids]


@responses.activate
def test_paging_stops_at_a_short_page(client):
    url = f"{BASE}/workspaces/1/projects"
    responses.get(url, json=_projects(range(200)))
    responses.get(url, json=_projects(range(200, 250)))
    assert len(client.projects(1)) == 250
    assert len(responses.calls) == 2
    assert "per_page=200" in responses.calls[0].request.url
    assert "active=both" in responses.calls[0].request.url


@responses.activate
def test_paging_on_exact_multiples_reads_the_empty_page(client):
    url = f"{BASE}/workspaces/1/projects"
    responses.get(url, json=_projects(range(200), total=400))
    responses.get(url, json=_projects(range(200, 400), total=400))
    responses.get(url, json=[])
    assert len(client.projects(1)) == 400
    assert len(responses.calls) == 3


@responses.activate
def test_workspace_read_cost(client):
    responses.get(f"{BASE}/workspaces/1/clients", json=[{"id": 1, "name": "C", "archived": True}])
    responses.get(f"{BASE}/workspaces/1/projects", json=_projects(range(3)))
    ws = client.read_workspace(1)
    assert len(responses.calls) == read_cost(3) == 2
    assert "status=both" in responses.calls[0].request.url
    assert ws.clients[0].archived is True and len(ws.projects) == 3


def test_read_cost_formula():
    assert [read_cost(n) for n in (0, 1, 200, 201, 5000, 50000)] == [2, 2, 3, 3, 27, 252]


def test_missing_token_is_refused():
    with pytest.raises(ReconcilerError):
        TogglClient("", BASE)


@responses.activate
def test_a_success_that_is_not_json_is_a_clear_error(client):
    responses.get(f"{BASE}/me", body="<html>maintenance</html>")
    with pytest.raises(TogglError, match="not JSON"):
        client.request("GET", "/me")
