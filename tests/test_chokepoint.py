"""`TogglClient.request`, the one chokepoint, with canned answers: what every request carries,
which failures it retries and how often, and what it tells the user."""

from __future__ import annotations

import pytest
import requests
import responses

from reconciler.errors import QuotaExhausted, ReconcilerError, TogglError
from reconciler.render import wait_text
from reconciler.toggl import TogglClient

BASE = "https://api.track.toggl.com/api/v9"
TOKEN = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def slept() -> list[float]:
    return []


@pytest.fixture
def client(slept: list[float]) -> TogglClient:
    return TogglClient(
        TOKEN, BASE, timeout=2.5, sleep=slept.append, notify=lambda m: None, max_attempts=4
    )


@responses.activate
def test_every_request_carries_the_timeout(client: TogglClient) -> None:
    responses.get(f"{BASE}/me", json={})
    responses.post(f"{BASE}/workspaces/1/clients", json={"id": 1})
    client.request("GET", "/me")
    client.request("POST", "/workspaces/1/clients", body={"name": "A"})
    assert [c.request.req_kwargs["timeout"] for c in responses.calls] == [2.5, 2.5]


@responses.activate
def test_a_body_is_sent_as_json_and_a_read_carries_none(client: TogglClient) -> None:
    responses.get(f"{BASE}/me", json={})
    responses.put(f"{BASE}/workspaces/1/projects/2", json={"id": 2})
    client.request("GET", "/me")
    client.request("PUT", "/workspaces/1/projects/2", body={"color": "#123456"})
    read, write = (c.request for c in responses.calls)
    assert read.body is None and "Content-Type" not in read.headers
    assert write.headers["Content-Type"] == "application/json"
    assert write.body in ('{"color": "#123456"}', b'{"color": "#123456"}')


@responses.activate
def test_a_base_url_with_a_trailing_slash_reaches_the_same_paths() -> None:
    responses.get(f"{BASE}/me", json={"id": 1})
    assert TogglClient(TOKEN, BASE + "/").request("GET", "/me") == {"id": 1}
    assert responses.calls[0].request.url == f"{BASE}/me"


@pytest.mark.parametrize("status", [500, 502, 503])
@responses.activate
def test_any_5xx_on_a_read_is_retried(client: TogglClient, status: int) -> None:
    responses.get(f"{BASE}/me", status=status, json="down")
    responses.get(f"{BASE}/me", json={"id": 1})
    assert client.request("GET", "/me") == {"id": 1}
    assert len(responses.calls) == 2


@responses.activate
def test_a_5xx_that_persists_is_tried_max_attempts_times(client: TogglClient) -> None:
    responses.get(f"{BASE}/me", status=500, json="down")
    with pytest.raises(TogglError) as err:
        client.request("GET", "/me")
    assert err.value.status == 500
    assert len(responses.calls) == client.max_attempts == 4


@responses.activate
def test_wait_for_quota_without_a_reset_time_waits_a_minute(slept: list[float]) -> None:
    client = TogglClient(TOKEN, BASE, sleep=slept.append, notify=lambda m: None)
    client.wait_for_quota = True
    responses.get(f"{BASE}/me", status=402, json="quota", headers={"X-Toggl-Quota-Remaining": "0"})
    responses.get(f"{BASE}/me", json={"id": 1})
    assert client.request("GET", "/me") == {"id": 1}
    assert sum(slept) == 60 and max(slept) <= 10


@responses.activate
def test_a_quota_stop_says_when_the_quota_resets(client: TogglClient) -> None:
    quota = {"X-Toggl-Quota-Remaining": "0", "X-Toggl-Quota-Resets-In": "900"}
    responses.get(f"{BASE}/me", status=402, json="quota used up", headers=quota)
    with pytest.raises(QuotaExhausted) as err:
        client.request("GET", "/me")
    assert (err.value.resets_in, err.value.method, err.value.path) == (900, "GET", "/me")
    assert "quota used up" in str(err.value)


@pytest.mark.parametrize(
    "answer, shown",
    [
        ({"status": 502, "body": ""}, "Bad Gateway"),
        ({"status": 400, "json": {"error": "no such field"}}, '"error": "no such field"'),
        ({"status": 404, "json": {"message": "gone"}}, "gone"),
    ],
)
@responses.activate
def test_error_messages_fall_back_to_what_the_answer_holds(
    answer: dict[str, object], shown: str
) -> None:
    client = TogglClient(TOKEN, BASE, max_attempts=1, notify=lambda m: None)
    responses.get(f"{BASE}/me", **answer)  # type: ignore[arg-type]
    with pytest.raises(TogglError) as err:
        client.request("GET", "/me")
    assert shown in str(err.value)
    assert "(GET /me)" in str(err.value)


@responses.activate
def test_two_workspaces_with_the_same_name_are_refused_naming_both(client: TogglClient) -> None:
    spaces = [{"id": 11, "name": "Ops"}, {"id": 12, "name": "Ops"}, {"id": 13, "name": "Dev"}]
    responses.get(f"{BASE}/me/workspaces", json=spaces)
    with pytest.raises(ReconcilerError, match=r"several workspaces are named 'Ops' \(11, 12\)"):
        client.resolve_workspace("Ops")
    assert client.resolve_workspace("Dev") == (13, "Dev")
    with pytest.raises(ReconcilerError, match="no workspace named 'QA'"):
        client.resolve_workspace("QA")
    assert client.resolve_workspace(42) == (42, "")
    assert len(responses.calls) == 3  # an id costs nothing


def test_documented_defaults_and_a_single_attempt() -> None:
    client = TogglClient(TOKEN, BASE)
    assert (client.timeout, client.max_attempts) == (30.0, 5)
    assert TogglClient(TOKEN, BASE, max_attempts=1).max_attempts == 1


@responses.activate
def test_retries_are_announced_with_their_cause(slept: list[float]) -> None:
    notes: list[str] = []
    client = TogglClient(
        TOKEN, BASE, sleep=slept.append, notify=lambda event: notes.append(wait_text(event))
    )
    responses.get(f"{BASE}/me", status=503, json="down")
    responses.get(f"{BASE}/me", status=429, json="slow", headers={"Retry-After": "2"})
    responses.get(f"{BASE}/me", json={})
    client.request("GET", "/me")
    assert notes[0].startswith("Toggl answered 503; waiting")
    assert notes[1] == "Toggl rate limit (429); waiting 2 s before retrying"


@responses.activate
def test_every_read_of_a_workspace_is_retried_on_a_5xx(client: TogglClient) -> None:
    responses.get(f"{BASE}/me/workspaces", status=503, json="down")
    responses.get(f"{BASE}/me/workspaces", json=[{"id": 1, "name": "Ops"}])
    responses.get(f"{BASE}/workspaces/1/clients", status=503, json="down")
    responses.get(f"{BASE}/workspaces/1/clients", json=[])
    responses.get(f"{BASE}/workspaces/1/projects", status=503, json="down")
    responses.get(f"{BASE}/workspaces/1/projects", json=[])
    wid, name = client.resolve_workspace("Ops")
    workspace = client.read_workspace(wid, name)
    assert (workspace.id, workspace.name) == (1, "Ops")
    assert len(responses.calls) == 6


@responses.activate
def test_a_wait_for_the_quota_sleeps_the_whole_reset_time(slept: list[float]) -> None:
    client = TogglClient(TOKEN, BASE, sleep=slept.append, notify=lambda m: None)
    client.wait_for_quota = True
    quota = {"X-Toggl-Quota-Remaining": "0", "X-Toggl-Quota-Resets-In": "21"}
    responses.get(f"{BASE}/me", status=402, json="quota", headers=quota)
    responses.get(f"{BASE}/me", json={"id": 1})
    client.request("GET", "/me")
    assert slept == [10, 10, 1]


@responses.activate
def test_errors_name_the_request_and_the_failure() -> None:
    logged: list[str] = []
    client = TogglClient(TOKEN, BASE, max_attempts=1, log=logged.append, notify=lambda m: None)
    responses.get(f"{BASE}/a", body="<html>maintenance</html>")
    responses.get(f"{BASE}/b", body=requests.ConnectionError("reset by peer"))
    with pytest.raises(TogglError) as not_json:
        client.request("GET", "/a")
    assert str(not_json.value).startswith("Toggl answered 200 (GET /a): answer is not JSON")
    with pytest.raises(ReconcilerError) as dropped:
        client.request("GET", "/b", params={"page": 1})
    assert str(dropped.value).startswith("GET /b: ConnectionError: ")
    assert logged[0].startswith("GET /a -> 200 (")
    assert logged[1].startswith("GET /b?page=1 -> error (")
