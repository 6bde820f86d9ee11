"""The read of a workspace takes its shortcuts without changing what it answers: projects built
from each page as it arrives equal those built from the whole listing, `Project.from_api`
(which skips `__init__`) makes what the constructor makes, field by field, and the session that
reads the environment once per host merges the same settings as requests does on every request."""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import requests.sessions
import responses
from hypothesis import given
from hypothesis import strategies as st

from reconciler.state import Project
from reconciler.toggl import PAGE_SIZE, TogglClient, read_cost
from reconciler.transport import ApiSession

BASE = "https://api.track.toggl.com/api/v9"


def project_by_keywords(body: dict[str, Any]) -> Project:
    """Project.from_api field by field, by keyword: the meaning its faster form keeps."""
    cid = body.get("client_id", body.get("cid"))
    return Project(
        id=int(body["id"]),
        name=str(body["name"]),
        client_id=int(cid) if cid is not None else None,
        active=bool(body.get("active", True)),
        color=str(body.get("color") or "#06aaf5"),
        is_private=bool(body.get("is_private", True)),
        billable=body.get("billable"),
        estimated_hours=body.get("estimated_hours"),
        at=str(body.get("at") or ""),
    )


_ids = st.integers(min_value=1, max_value=2**53) | st.integers(1, 10**9).map(str)
_flags = st.booleans() | st.none() | st.integers(0, 1)
_texts = st.none() | st.just("") | st.text(max_size=12)
project_bodies = st.fixed_dictionaries(
    {"id": _ids, "name": st.text(max_size=12)},
    optional={
        "client_id": st.none() | _ids,
        "cid": st.none() | _ids,
        "active": _flags,
        "color": _texts,
        "is_private": _flags,
        "billable": st.none() | st.booleans(),
        "estimated_hours": st.none() | st.integers(0, 10_000),
        "at": _texts,
        "total_count": st.integers(0, 10**6),
    },
)


def _typed(project: Project) -> list[tuple[type, Any]]:
    return [(type(value), value) for value in dataclasses.astuple(project)]


@given(project_bodies)
def test_from_api_equals_the_field_by_field_reading(body: dict[str, Any]) -> None:
    made, constructed = Project.from_api(body), project_by_keywords(body)
    assert _typed(made) == _typed(constructed)
    # It skips Project's __init__: the instance must still be one like any other.
    assert made == constructed and hash(made) == hash(constructed)
    assert repr(made) == repr(constructed)
    # Every slot set, as __init__ sets them (an unset one would raise AttributeError here).
    slots = Project.__slots__
    assert [getattr(made, s) for s in slots] == [getattr(constructed, s) for s in slots]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.name = "renamed"  # type: ignore[misc]
    assert made.name == constructed.name


def serve_projects(count: int, *, total: int | None = None) -> None:
    """A listing of `count` projects that pages as Toggl does, each row carrying `total_count`
    (`total`, else the true count)."""
    rows = [
        {"id": 1000 + i, "name": f"P{i}", "client_id": 7 if i % 3 else None, "active": i % 5 > 0,
         "color": "#0b83d9", "at": f"2026-01-01T00:00:{i % 60:02d}+00:00",
         "total_count": count if total is None else total}
        for i in range(count)
    ]  # fmt: skip

    def page(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        query = parse_qs(urlsplit(str(request.url)).query)
        number, size = int(query["page"][0]), int(query["per_page"][0])
        return 200, {}, json.dumps(rows[(number - 1) * size : number * size])

    responses.get(f"{BASE}/workspaces/1/clients", json=[{"id": 7, "name": "Globex"}])
    responses.add_callback(responses.GET, f"{BASE}/workspaces/1/projects", callback=page)


@pytest.mark.parametrize("count", [0, 1, PAGE_SIZE - 1, PAGE_SIZE, 2 * PAGE_SIZE + 1])
@responses.activate
def test_projects_made_page_by_page_equal_those_made_from_the_listing(count: int) -> None:
    serve_projects(count)
    workspace = TogglClient("t", BASE).read_workspace(1)
    assert len(responses.calls) == read_cost(count)
    listing = TogglClient("t", BASE).projects(1)
    assert workspace.projects == tuple(map(Project.from_api, listing))
    assert len(workspace.projects) == count


@responses.activate
def test_a_short_page_claiming_more_rows_is_read_on_page_by_page_too() -> None:
    serve_projects(150, total=10_000)  # short pages that claim more: only the empty one ends it
    workspace = TogglClient("t", BASE).read_workspace(1)
    assert len(workspace.projects) == 150
    assert len(responses.calls) == 1 + 2  # the clients, the short page, the empty page


@responses.activate
def test_each_page_is_handed_over_before_the_next_is_asked_for() -> None:
    serve_projects(2 * PAGE_SIZE + 1)
    pages = TogglClient("t", BASE).project_pages(1)
    assert len(next(pages)) == PAGE_SIZE
    assert len(responses.calls) == 1
    assert [len(batch) for batch in pages] == [PAGE_SIZE, 1]
    assert len(responses.calls) == 3


# -- the environment, once per host ----------------------------------------------------------

ENVIRONMENT = (
    "http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY",
    "ALL_PROXY", "NO_PROXY", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE",
)  # fmt: skip
URLS = (
    f"{BASE}/workspaces/1/projects?active=both&page=3&per_page=200",
    f"{BASE}/me/workspaces",
    "http://127.0.0.1:8080/api/v9/workspaces/1/clients?status=both",
    "https://other.example:8443/api/v9/me",
)


@pytest.mark.parametrize(
    "environment",
    [
        {},
        {"HTTPS_PROXY": "http://proxy.example:3128"},
        {"https_proxy": "http://proxy.example:3128", "http_proxy": "http://plain.example:80"},
        {"HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": "api.track.toggl.com"},
        {"ALL_PROXY": "socks5://proxy.example:1080", "no_proxy": "127.0.0.1,localhost"},
        {"https_proxy": "http://proxy.example:3128", "no_proxy": "*"},
        {"REQUESTS_CA_BUNDLE": "/etc/ssl/company.pem"},
        {"CURL_CA_BUNDLE": "/etc/ssl/curl.pem", "HTTPS_PROXY": "http://proxy.example:3128"},
    ],
)
def test_the_settings_kept_per_host_are_those_requests_merges(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str]
) -> None:
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    kept, plain = ApiSession(), requests.Session()
    for _ in range(2):  # the first asks the environment, the second answers from what it kept
        for url in URLS:
            expected = plain.merge_environment_settings(url, {}, None, None, None)
            assert kept.merge_environment_settings(url, {}, None, None, None) == expected
    # A request's own settings are merged as requests merges them, whatever was kept.
    own_proxies = {"https": "http://mine.example:1"}
    for own in [
        (own_proxies, None, None, None),
        ({}, True, None, None),
        ({}, None, "/ca.pem", None),
        ({}, None, None, "/client.pem"),
    ]:
        assert kept.merge_environment_settings(URLS[0], *copy.deepcopy(own)) == (
            plain.merge_environment_settings(URLS[0], *copy.deepcopy(own))
        )


def test_changing_the_answer_does_not_change_what_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    session = ApiSession()
    first = session.merge_environment_settings(URLS[0], {}, None, None, None)
    first["proxies"]["https"] = "http://elsewhere.example:1"
    again = session.merge_environment_settings(URLS[0], {}, None, None, None)
    assert again["proxies"]["https"] == "http://proxy.example:3128"


@responses.activate
def test_a_workspace_read_asks_the_environment_once(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = requests.sessions.get_environ_proxies

    def counted(url: str, no_proxy: Any = None) -> dict[str, str]:
        asked.append(url)
        return real(url, no_proxy=no_proxy)

    monkeypatch.setattr(requests.sessions, "get_environ_proxies", counted)
    serve_projects(3 * PAGE_SIZE)
    TogglClient("t", BASE).read_workspace(1)
    assert len(responses.calls) == read_cost(3 * PAGE_SIZE) == 5
    assert len(asked) == 1
