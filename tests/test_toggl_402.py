"""How the client reads 402 and 401, with canned answers: Toggl sends its usage headers on every
answer, so only the remaining count tells a quota stop from a plan that lacks a feature."""

from __future__ import annotations

from typing import Any

import pytest
import responses

from reconciler.errors import CredentialsMissing, FeatureUnavailable, QuotaExhausted
from reconciler.toggl import TogglClient

BASE = "https://api.track.toggl.com/api/v9"
TOKEN = "s3cret-token-value"
ARCHIVE = "/workspaces/1/clients/2/archive"


def usage(remaining: int, resets_in: int = 1800) -> dict[str, str]:
    return {"X-Toggl-Quota-Remaining": str(remaining), "X-Toggl-Quota-Resets-In": str(resets_in)}


@pytest.fixture
def slept() -> list[float]:
    return []


@pytest.fixture
def waiting_client(slept: list[float]) -> TogglClient:
    """A client told to wait for the quota: a feature 402 must still end at once."""
    return TogglClient(TOKEN, BASE, sleep=slept.append, notify=lambda m: None, wait_for_quota=True)


@responses.activate
@pytest.mark.parametrize("remaining", [1, 28, 600])
def test_a_402_with_quota_left_is_a_missing_feature_and_never_waits(
    waiting_client: TogglClient, slept: list[float], remaining: int
) -> None:
    responses.post(BASE + ARCHIVE, status=402, json="not on this plan", headers=usage(remaining))
    with pytest.raises(FeatureUnavailable) as err:
        waiting_client.request("POST", ARCHIVE)
    assert slept == [] and len(responses.calls) == 1
    message = str(err.value)
    assert "not on this plan" in message  # Toggl's own words, shown, never parsed
    assert "does not include archiving clients" in message
    assert "upgrade the workspace's Toggl plan" in message and "quota" not in message


@responses.activate
@pytest.mark.parametrize("remaining", [0, -3])
def test_a_402_with_nothing_left_is_the_quota(slept: list[float], remaining: int) -> None:
    client = TogglClient(TOKEN, BASE, sleep=slept.append, notify=lambda m: None)
    responses.post(BASE + ARCHIVE, status=402, json="quota", headers=usage(remaining, 900))
    with pytest.raises(QuotaExhausted) as err:
        client.request("POST", ARCHIVE)
    assert err.value.resets_in == 900


@responses.activate
def test_a_402_without_usage_headers_is_a_missing_feature(waiting_client: TogglClient) -> None:
    responses.post(BASE + ARCHIVE, status=402, json="premium feature")
    with pytest.raises(FeatureUnavailable):
        waiting_client.request("POST", ARCHIVE)
    assert len(responses.calls) == 1


@pytest.mark.parametrize(
    ("method", "path", "body", "feature", "step"),
    [
        ("POST", "/workspaces/1/clients/archive", [2, 3], "archiving clients",
         "keep those clients active in the file"),
        ("PUT", "/workspaces/1/projects/9", {"billable": True}, "billable projects",
         "remove `billable` from the file"),
        ("PUT", "/workspaces/1/projects/9", {"estimated_hours": 8, "color": "#123456"},
         "project estimates or project colours outside Toggl's palette",
         "remove `estimated_hours`, `color` from the file"),
        ("PATCH", "/workspaces/1/projects/9,10", [{"op": "replace", "path": "/billable",
         "value": True}], "billable projects", "remove `billable`"),
        ("POST", "/workspaces/1/projects", {"name": "P", "active": True},
         "more than 5 active projects", "keep at most 5 projects active in the file"),
        ("POST", "/workspaces/1/projects", {"name": "P", "active": True, "billable": True},
         "billable projects or more than 5 active projects", "remove `billable`"),
        ("POST", "/workspaces/1/clients/2/restore", {"restore_all_projects": True},
         "more than 5 active projects", "keep at most 5 projects active"),
        ("PUT", "/workspaces/1/projects/9", {"billable": False, "color": "#0b83d9"},
         "a feature this request uses", "change the file so it needs less"),
    ],
)  # fmt: skip
@responses.activate
def test_the_message_names_what_the_plan_lacks_and_the_next_step(
    waiting_client: TogglClient, method: str, path: str, body: Any, feature: str, step: str
) -> None:
    responses.add(method, BASE + path, status=402, json="Toggl says no", headers=usage(20))
    with pytest.raises(FeatureUnavailable) as err:
        waiting_client.request(method, path, body=body)
    assert err.value.feature == feature
    assert step in err.value.remedy
    assert f"does not include {feature}: upgrade the workspace's Toggl plan, or" in str(err.value)


@responses.activate
def test_a_401_says_that_no_credentials_reached_toggl() -> None:
    responses.get(BASE + "/me", status=401, body=b"", headers={"X-Authorization-Missing": "true"})
    client = TogglClient(TOKEN, BASE, notify=lambda m: None)
    with pytest.raises(CredentialsMissing) as err:
        client.request("GET", "/me")
    message = str(err.value)
    assert message.startswith("Toggl answered 401 (GET /me): no credentials reached it")
    assert "TOGGL_API_TOKEN" in message and TOKEN not in message
    assert len(responses.calls) == 1  # not retried: nothing would change
