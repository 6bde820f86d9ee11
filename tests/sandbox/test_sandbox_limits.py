"""Quota, short-term rate limit, Free plan, fault injection and the request log."""

from __future__ import annotations

import pytest
import requests

from toggl_sandbox import Backend

REMAINING, RESETS = "X-Toggl-Quota-Remaining", "X-Toggl-Quota-Resets-In"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def backend(clock: FakeClock) -> Backend:
    return Backend(clock=clock)


def test_usage_headers_on_every_answer_while_the_quota_is_not_enforced(
    toggl, backend: Backend, clock
) -> None:
    seen = []
    for _ in range(3):
        answer = toggl.get("/workspaces/{wid}/clients")
        seen.append((int(answer.headers[REMAINING]), int(answer.headers[RESETS])))
        clock.advance(10)
    # The Starter plan's 240 an hour, counted down; the first request leaves the window first.
    assert seen == [(239, 3600), (238, 3590), (237, 3580)]
    missing = toggl.get("/workspaces/{wid}/clients/1")
    assert missing.status_code == 404 and missing.headers[REMAINING] == "236"


def test_an_unenforced_quota_counts_on_below_zero_and_refuses_nothing(
    toggl, backend: Backend
) -> None:
    backend.set_free_plan()  # 30 an hour
    answers = [toggl.get("/workspaces/{wid}/clients") for _ in range(32)]
    assert {a.status_code for a in answers} == {200}
    assert [a.headers[REMAINING] for a in answers[-3:]] == ["0", "-1", "-2"]
    assert toggl.get("/me/quota").json()[0]["remaining"] == -2


def test_quota_headers_count_down_then_402(toggl, backend: Backend, clock) -> None:
    backend.set_quota(3)
    seen = []
    for _ in range(3):
        answer = toggl.get("/workspaces/{wid}/clients")
        assert answer.status_code == 200
        seen.append(int(answer.headers[REMAINING]))
        clock.advance(10)
    assert seen == [2, 1, 0]

    refused = toggl.post("/workspaces/{wid}/clients", json={"name": "Globex"})
    assert refused.status_code == 402
    assert isinstance(refused.json(), str)
    assert refused.headers[REMAINING] == "0"
    assert int(refused.headers[RESETS]) == 3600 - 30  # the first request leaves the window
    assert backend.clients() == []  # refused before touching anything


def test_quota_window_slides_and_can_be_reset(toggl, backend: Backend, clock) -> None:
    backend.set_quota(1)
    assert toggl.get("/workspaces/{wid}/clients").status_code == 200
    assert toggl.get("/workspaces/{wid}/clients").status_code == 402
    clock.advance(3600)
    assert toggl.get("/workspaces/{wid}/clients").status_code == 200
    assert toggl.get("/workspaces/{wid}/clients").status_code == 402
    backend.reset_quota()
    assert toggl.get("/workspaces/{wid}/clients").headers[REMAINING] == "0"


def test_error_answers_carry_quota_headers_too(toggl, backend: Backend) -> None:
    backend.set_quota(5)
    answer = toggl.get("/workspaces/{wid}/clients/1")
    assert answer.status_code == 404 and answer.headers[REMAINING] == "4"


def test_me_calls_have_their_own_bucket(toggl, backend: Backend) -> None:
    backend.set_quota(2)
    toggl.get("/me")
    toggl.get("/me/workspaces")
    assert toggl.get("/me").status_code == 402
    assert toggl.get("/workspaces/{wid}").headers[REMAINING] == "1"


def test_me_quota_reports_each_organisation(toggl, backend: Backend) -> None:
    backend.set_quota(10)
    toggl.get("/workspaces/{wid}/clients")
    report = toggl.get("/me/quota").json()
    org = backend.get_workspace(backend.workspace_id)["organization_id"]
    by_org = {entry["organization_id"]: entry for entry in report}
    assert by_org[org]["remaining"] == 9 and by_org[org]["total"] == 10
    assert set(by_org[org]) == {"organization_id", "remaining", "resets_in_secs", "total"}
    assert by_org[None]["remaining"] == 9  # this very request counted for /me


def test_429_with_retry_after(toggl, backend: Backend, clock) -> None:
    backend.set_rate_limit(2, per_second=1.0)
    assert toggl.get("/me").status_code == 200
    assert toggl.get("/me").status_code == 200
    refused = toggl.get("/me")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    clock.advance(int(refused.headers["Retry-After"]))
    assert toggl.get("/me").status_code == 200


def test_free_plan_refuses_archive_with_402_and_usage_headers(toggl, backend) -> None:
    backend.set_quota(100)
    backend.set_free_plan()
    client = backend.add_client("Globex")
    backend.add_project("Web", client_id=client["id"])
    for path, body in [(f"/workspaces/{{wid}}/clients/{client['id']}/archive", None),
                       ("/workspaces/{wid}/clients/archive", [client["id"]])]:  # fmt: skip
        answer = toggl.post(path, json=body)
        assert answer.status_code == 402
        assert "premium" in answer.json()
        # The usage headers come too: only a remaining count above 0 says "not the quota".
        assert int(answer.headers[REMAINING]) > 0 and RESETS in answer.headers
    assert backend.get_client(None, client["id"])["archived"] is False
    assert all(p["active"] for p in backend.projects())


def test_fail_next_fails_without_touching_state(toggl, backend: Backend) -> None:
    backend.fail_next("POST", r"/clients$", 500, count=2, body="boom")
    for _ in range(2):
        answer = toggl.post("/workspaces/{wid}/clients", json={"name": "Globex"})
        assert (answer.status_code, answer.json()) == (500, "boom")
    assert backend.clients() == []
    assert toggl.get("/workspaces/{wid}/clients").status_code == 200  # other calls unaffected
    assert toggl.post("/workspaces/{wid}/clients", json={"name": "Globex"}).status_code == 200


def test_fail_next_with_headers(toggl, backend: Backend) -> None:
    backend.fail_next("GET", r"/projects", 503, headers={"Retry-After": "2"})
    answer = toggl.get("/workspaces/{wid}/projects")
    assert answer.status_code == 503 and answer.headers["Retry-After"] == "2"


def test_drop_after_commit_applies_the_write_then_drops(toggl, backend: Backend) -> None:
    backend.drop_after_commit("POST", r"/clients$")
    with pytest.raises(requests.exceptions.ConnectionError):
        toggl.post("/workspaces/{wid}/clients", json={"name": "Globex"})
    assert [c["name"] for c in backend.clients()] == ["Globex"]
    again = toggl.post("/workspaces/{wid}/clients", json={"name": "Initech"})
    assert again.status_code == 200


def test_request_log_records_everything(toggl, backend: Backend) -> None:
    toggl.get("/workspaces/{wid}/clients", params={"status": "both"})
    toggl.post("/workspaces/{wid}/clients", json={"name": ""})
    toggl.get("/me", auth=("wrong", "api_token"))
    wid = backend.workspace_id
    assert [(r.method, r.path, r.query, r.status) for r in backend.requests] == [
        ("GET", f"/workspaces/{wid}/clients", {"status": "both"}, 200),
        ("POST", f"/workspaces/{wid}/clients", {}, 400),
        ("GET", "/me", {}, 403),
    ]
    assert [r.method for r in backend.writes()] == ["POST"]


@pytest.mark.parametrize("auth", [("wrong", "api_token"), ("sandbox-token", "password")])
def test_a_wrong_token_is_403_without_usage_headers(toggl, auth) -> None:
    answer = toggl.get("/me", auth=auth)
    assert answer.status_code == 403
    assert isinstance(answer.json(), str)
    assert REMAINING not in answer.headers  # no user: nothing counted


def test_no_credentials_is_401_with_an_empty_body(toggl, backend: Backend) -> None:
    answer = requests.get(toggl.base + f"/workspaces/{backend.workspace_id}/clients")
    assert (answer.status_code, answer.content) == (401, b"")
    assert answer.headers["X-Authorization-Missing"] == "true"
    assert "Content-Type" not in answer.headers and REMAINING not in answer.headers
    assert backend.requests[-1].status == 401
