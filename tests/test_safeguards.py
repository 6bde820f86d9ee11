"""Safeguards that a quiet bug could remove without changing the common case: paging that does not
bet on an undocumented field, lost creates that adopt only the right project, and the token kept
out of every text that comes from a request or the network.

Each test here was checked by removing the safeguard it names and watching it fail."""

from __future__ import annotations

import base64
import textwrap

import pytest
import requests
import responses

from reconciler.apply import ApplyStopped, apply_plan
from reconciler.config import parse_config
from reconciler.errors import ReconcilerError, TogglError, TransportError
from reconciler.planner import make_plan
from reconciler.render import wait_text
from reconciler.state import Project, Workspace
from reconciler.toggl import TogglClient

BASE = "https://api.track.toggl.com/api/v9"
TOKEN = "0123456789abcdef0123456789abcdef"
# What an Authorization header carries for TOKEN: what a proxy echoing the request would show.
BASIC = base64.b64encode(f"{TOKEN}:api_token".encode()).decode()
PROJECTS = f"{BASE}/workspaces/1/projects"


@pytest.fixture
def notes() -> list[str]:
    return []


@pytest.fixture
def logged() -> list[str]:
    return []


@pytest.fixture
def client(notes: list[str], logged: list[str]) -> TogglClient:
    return TogglClient(
        TOKEN,
        BASE,
        sleep=lambda s: None,
        notify=lambda event: notes.append(wait_text(event)),
        log=logged.append,
        max_attempts=2,
    )


def page(ids: range, total: object) -> list[dict[str, object]]:
    return [{"id": i, "name": f"p{i}", "active": True, "total_count": total} for i in ids]


# -- paging ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "meaning, totals",
    [
        ("rows on this page", (200, 200)),
        ("active projects only", (150, 150)),
        ("the whole listing", (400, 400)),
    ],
)
@responses.activate
def test_a_full_page_never_ends_the_reading_whatever_total_count_means(
    client: TogglClient, meaning: str, totals: tuple[int, int]
) -> None:
    responses.get(PROJECTS, json=page(range(200), totals[0]))
    responses.get(PROJECTS, json=page(range(200, 400), totals[1]))
    responses.get(PROJECTS, json=[])
    assert len(client.projects(1)) == 400, meaning
    assert [c.request.params["page"] for c in responses.calls] == ["1", "2", "3"]


@responses.activate
def test_a_short_page_whose_total_count_claims_more_is_not_the_end(client: TogglClient) -> None:
    # A server that caps per_page below 200 answers short pages before the end.
    responses.get(PROJECTS, json=page(range(151), 302))
    responses.get(PROJECTS, json=page(range(151, 302), 302))
    assert len(client.projects(1)) == 302
    assert len(responses.calls) == 2


@pytest.mark.parametrize("total", [None, "999", True, 150])
@responses.activate
def test_a_short_page_ends_the_reading_when_total_count_claims_nothing_more(
    client: TogglClient, total: object
) -> None:
    responses.get(PROJECTS, json=page(range(150), total))
    assert len(client.projects(1)) == 150
    assert len(responses.calls) == 1


@responses.activate
def test_an_empty_page_ends_the_reading_even_when_total_count_claims_more(
    client: TogglClient,
) -> None:
    responses.get(PROJECTS, json=page(range(10), 500))
    responses.get(PROJECTS, json=[])
    assert len(client.projects(1)) == 10
    assert len(responses.calls) == 2


# -- redaction at every place request or network text reaches the user -------------------------


def assert_redacted(*texts: str) -> None:
    for text in texts:
        assert TOKEN not in text and BASIC not in text, text


@responses.activate
def test_the_verbose_log_redacts_the_token_in_paths_and_queries(
    client: TogglClient, logged: list[str]
) -> None:
    responses.get(f"{BASE}/workspaces/1/projects", json=[])
    client.request("GET", "/workspaces/1/projects", params={"name": TOKEN, "echo": BASIC})
    assert len(logged) == 1
    assert_redacted(logged[0])
    assert logged[0].startswith("GET /workspaces/1/projects?name=***&echo=*** -> 200 (")


@responses.activate
def test_a_transport_error_echoing_the_credentials_is_redacted(
    client: TogglClient, notes: list[str]
) -> None:
    # A misconfigured proxy that refuses the tunnel and quotes the request's headers back.
    refusal = requests.exceptions.ProxyError(
        f"407 Proxy Authentication Required; got Authorization: Basic {BASIC} ({TOKEN})"
    )
    responses.get(f"{BASE}/me", json={})  # Toggl answered once: a transport failure is retried
    responses.get(f"{BASE}/me", body=refusal)
    client.request("GET", "/me")
    with pytest.raises(TransportError) as err:
        client.request("GET", "/me")
    assert len(responses.calls) == 3  # the answer, then the refusal retried once, then given up
    assert notes, "the retry was announced"
    assert_redacted(str(err.value), *notes)
    assert "Basic ***" in str(err.value)


@responses.activate
def test_a_success_that_is_not_json_but_echoes_the_credentials_is_redacted(
    client: TogglClient,
) -> None:
    responses.get(f"{BASE}/me", body=f"Authorization: Basic {BASIC}\nuser {TOKEN}")
    with pytest.raises(TogglError, match="not JSON") as err:
        client.request("GET", "/me")
    assert_redacted(str(err.value))


@pytest.mark.parametrize("echo", [TOKEN, f"Basic {BASIC}"])
@responses.activate
def test_an_error_answer_echoing_the_credentials_is_redacted(
    client: TogglClient, echo: str
) -> None:
    responses.get(f"{BASE}/me", status=400, json=f"bad header {echo}")
    with pytest.raises(TogglError) as err:
        client.request("GET", "/me")
    assert_redacted(str(err.value))
    assert "bad header" in str(err.value)


@responses.activate
def test_a_bulk_update_failure_echoing_the_token_is_redacted(client: TogglClient) -> None:
    workspace = Workspace(id=1, projects=(Project(id=7, name="A"), Project(id=8, name="B")))
    config = parse_config(
        textwrap.dedent("""\
        version: 1
        workspace: 1
        projects:
          - {name: A, color: "#123456"}
          - {name: B, color: "#123456"}
        """),
        "w.yaml",
    )
    plan = make_plan(config, workspace)
    assert [a.op for a in plan.actions] == ["bulk_update"]
    failure = {"success": [7], "failure": [{"id": 8, "message": f"token {TOKEN} refused"}]}
    responses.patch(f"{BASE}/workspaces/1/projects/7,8", json=failure)
    with pytest.raises(ApplyStopped) as stop:
        apply_plan(client, plan)
    assert "Toggl answered 400 (PATCH /workspaces/1/projects/7,8): bulk update" in str(stop.value)
    assert "8: token *** refused" in str(stop.value)
    assert_redacted(str(stop.value))
    assert stop.value.done == [] and stop.value.remaining == list(plan.actions)


@pytest.mark.parametrize("token", ["tök€n", "two words", "line\nbreak"])
def test_a_token_no_header_can_carry_is_refused_without_showing_it(token: str) -> None:
    with pytest.raises(ReconcilerError) as err:
        TogglClient(token, BASE)
    assert "TOGGL_API_TOKEN" in str(err.value)
    assert token not in str(err.value)


# -- lost project creates, with a same-named project under another client -----------------------


def _two_roadmaps_world(backend):
    """Acme already has a project "Roadmap"; the config creates another one under Initech."""
    acme = backend.add_client("Acme")
    theirs = backend.add_project("Roadmap", client_id=acme["id"])
    initech = backend.add_client("Initech")
    config = parse_config(
        f"version: 1\nworkspace: {backend.workspace_id}\n"
        "clients:\n  - name: Initech\n    projects: [Roadmap]\n",
        "w.yaml",
    )
    return theirs, initech, config


def _roadmaps(backend) -> dict[int | None, int]:
    """client id -> id of its project named Roadmap (one each, or the assertion fails)."""
    found = [p for p in backend.projects() if p["name"] == "Roadmap"]
    by_client = {p["client_id"]: p["id"] for p in found}
    assert len(by_client) == len(found), found
    return by_client


def _sandbox_client(sandbox) -> TogglClient:
    return TogglClient(sandbox.token, sandbox.url, sleep=lambda s: None, notify=lambda m: None)


def test_a_503_on_a_project_create_is_resent_not_matched_to_another_clients_project(sandbox):
    b = sandbox.backend
    theirs, initech, config = _two_roadmaps_world(b)
    client = _sandbox_client(sandbox)
    plan = make_plan(config, client.read_workspace(b.workspace_id))
    b.fail_next("POST", r"/projects$", 503)
    [outcome] = apply_plan(client, plan)
    roadmaps = _roadmaps(b)
    assert set(roadmaps) == {theirs["client_id"], initech["id"]}
    assert outcome.id == roadmaps[initech["id"]] and not outcome.adopted
    assert make_plan(config, client.read_workspace(b.workspace_id)).actions == ()


def test_a_dropped_project_create_adopts_its_own_project_not_another_clients(sandbox):
    b = sandbox.backend
    theirs, initech, config = _two_roadmaps_world(b)
    client = _sandbox_client(sandbox)
    plan = make_plan(config, client.read_workspace(b.workspace_id))
    b.drop_after_commit("POST", r"/projects$")
    [outcome] = apply_plan(client, plan)
    roadmaps = _roadmaps(b)
    assert set(roadmaps) == {theirs["client_id"], initech["id"]}
    assert outcome.adopted and outcome.id == roadmaps[initech["id"]]
    assert outcome.id != theirs["id"]
    posts = [r for r in b.requests if r.method == "POST" and r.path.endswith("/projects")]
    assert len(posts) == 1  # it had landed: not resent


def test_a_dropped_create_of_a_project_without_client_ignores_a_clients_namesake(sandbox):
    b = sandbox.backend
    acme = b.add_client("Acme")
    theirs = b.add_project("Roadmap", client_id=acme["id"])
    config = parse_config(
        f"version: 1\nworkspace: {b.workspace_id}\nprojects: [Roadmap]\n", "w.yaml"
    )
    client = _sandbox_client(sandbox)
    plan = make_plan(config, client.read_workspace(b.workspace_id))
    b.drop_after_commit("POST", r"/projects$")
    [outcome] = apply_plan(client, plan)
    roadmaps = _roadmaps(b)
    assert set(roadmaps) == {acme["id"], None}
    assert outcome.adopted and outcome.id == roadmaps[None] != theirs["id"]
