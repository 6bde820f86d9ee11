"""Exporting a workspace writes a config that, planned against that workspace, changes nothing."""

from __future__ import annotations

import random
from dataclasses import replace

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconciler.config import parse_config
from reconciler.config.model import Config, DesiredClient, DesiredProject
from reconciler.export import export_config
from reconciler.planner import make_plan
from reconciler.state import Client, Project, Workspace

AWKWARD_NAMES = ("2024", "yes", "a: b", "#hash", "two  spaces", "null", "- dash", "Ünïcødé ✓")


def rich_workspace() -> Workspace:
    clients = (
        Client(1, "Globex", notes="Key account"),
        Client(2, "Initech", archived=True),
        Client(3, "Umbrella", archived=True),  # archived, yet one project is active
        Client(4, "Empty"),
        Client(5, "Hooli", notes="first line\nsecond line"),
    ) + tuple(Client(100 + i, name) for i, name in enumerate(AWKWARD_NAMES))
    projects = (
        Project(10, "Website", 1),
        Project(11, "Old site", 1, active=False),
        Project(12, "Printers", 2, active=False, color="#c9806b", billable=True),
        Project(13, "TPS reports", 2, active=False, estimated_hours=40),
        Project(14, "Still running", 3),
        Project(15, "Shut down", 3, active=False),
        Project(16, "Secret", 5, is_private=False, color="#4dc3ff"),
        Project(17, "Internal", None),
        Project(18, "Legacy", None, active=False, billable=False),
        Project(19, "Hours", None, estimated_hours=0),
    ) + tuple(
        Project(200 + i, name, None, active=i % 2 == 0) for i, name in enumerate(AWKWARD_NAMES)
    )
    return Workspace(id=4242, name="Acme Corp", clients=clients, projects=projects)


def reimport(text: str) -> Config:
    return parse_config(text, "exported.yaml")


def client_named(config: Config, name: str) -> DesiredClient:
    return next(c for c in config.clients if c.name == name)


def projects_of(config: Config, name: str) -> dict[str, DesiredProject]:
    projects = client_named(config, name).projects
    assert isinstance(projects, tuple)
    return {p.name: p for p in projects}


def assert_no_changes(text: str, workspace: Workspace) -> None:
    plan = make_plan(reimport(text), workspace)
    assert plan.actions == (), [a.to_dict() for a in plan.actions]


def test_round_trip_plans_no_changes() -> None:
    workspace = rich_workspace()
    assert_no_changes(export_config(workspace), workspace)


def test_every_client_and_project_is_named_exactly() -> None:
    workspace = rich_workspace()
    config = reimport(export_config(workspace))

    assert config.workspace == workspace.id
    assert config.unmanaged == "ignore"
    assert sorted(c.name for c in config.clients) == sorted(c.name for c in workspace.clients)
    listed = [p.name for c in config.clients if isinstance(c.projects, tuple) for p in c.projects]
    listed += [p.name for p in config.projects]
    umbrella_projects = [p.name for p in workspace.projects_of(3)]
    expected = [p.name for p in workspace.projects if p.name not in umbrella_projects]
    assert sorted(listed) == sorted(expected)


def test_states_and_fields_are_written_only_when_not_the_default() -> None:
    config = reimport(export_config(rich_workspace()))

    globex = client_named(config, "Globex")
    assert (globex.state, globex.fields) == ("active", {"notes": "Key account"})
    website = projects_of(config, "Globex")["Website"]
    assert (website.state, website.fields) == ("active", {})
    assert projects_of(config, "Globex")["Old site"].state == "archived"
    assert projects_of(config, "Hooli")["Secret"].fields == {
        "color": "#4dc3ff",
        "is_private": False,
    }
    assert client_named(config, "Empty").fields == {}
    no_client = {p.name: p for p in config.projects}
    assert no_client["Legacy"].fields == {}  # billable false is the default
    assert no_client["Hours"].fields == {"estimated_hours": 0}


def test_archived_client_lists_its_archived_projects() -> None:
    config = reimport(export_config(rich_workspace()))

    initech = client_named(config, "Initech")
    assert initech.state == "archived"
    initech_projects = projects_of(config, "Initech")
    printers, reports = initech_projects["Printers"], initech_projects["TPS reports"]
    assert (printers.state, printers.fields) == ("archived", {"color": "#c9806b", "billable": True})
    assert (reports.state, reports.fields) == ("archived", {"estimated_hours": 40})


def test_archived_client_with_an_active_project_leaves_its_projects_unmanaged() -> None:
    text = export_config(rich_workspace())
    umbrella = client_named(reimport(text), "Umbrella")

    assert (umbrella.state, umbrella.projects) == ("archived", None)
    before_umbrella = text.split("\n  - name: Umbrella")[0].splitlines()
    assert before_umbrella[-1].strip().startswith("#")  # the reason, right above the client


def test_every_client_with_managed_projects_has_a_list_even_empty() -> None:
    document = yaml.safe_load(export_config(rich_workspace()))

    by_name = {c["name"]: c for c in document["clients"]}
    assert by_name["Empty"]["projects"] == []
    assert all("projects" in c for name, c in by_name.items() if name != "Umbrella")


def test_awkward_names_come_back_exactly() -> None:
    document = yaml.safe_load(export_config(rich_workspace()))

    client_names = {c["name"] for c in document["clients"]}
    no_client_names = {p if isinstance(p, str) else p["name"] for p in document["projects"]}
    for name in AWKWARD_NAMES:
        assert name in client_names
        assert name in no_client_names


def test_short_form_only_for_plain_names_with_nothing_else_to_state() -> None:
    workspace = Workspace(
        id=1,
        projects=(Project(1, "Plain"), Project(2, "2024"), Project(3, "Tinted", color="#aabbcc")),
    )
    document = yaml.safe_load(export_config(workspace))

    assert document["projects"] == [
        {"name": "2024"},
        "Plain",
        {"name": "Tinted", "color": "#aabbcc"},
    ]


def test_active_only_leaves_out_archived_objects_and_still_round_trips() -> None:
    workspace = rich_workspace()
    text = export_config(workspace, active_only=True)
    config = reimport(text)

    active_clients = {c.name for c in workspace.clients if not c.archived}
    assert {c.name for c in config.clients} == active_clients
    assert all(c.state == "active" for c in config.clients)
    for client in config.clients:
        assert isinstance(client.projects, tuple)
        assert all(p.state == "active" for p in client.projects)
    assert {p.name for p in config.projects} == {
        p.name for p in workspace.projects_of(None) if p.active
    }
    assert_no_changes(text, workspace)


def test_same_input_gives_the_same_text() -> None:
    assert export_config(rich_workspace()) == export_config(rich_workspace())


def test_input_order_does_not_change_the_text() -> None:
    workspace = rich_workspace()
    expected = export_config(workspace)
    shuffler = random.Random(20240601)
    for _ in range(5):
        clients, projects = list(workspace.clients), list(workspace.projects)
        shuffler.shuffle(clients)
        shuffler.shuffle(projects)
        shuffled = replace(workspace, clients=tuple(clients), projects=tuple(projects))
        assert export_config(shuffled) == expected


def test_clients_are_sorted_case_insensitively_then_exactly() -> None:
    workspace = Workspace(
        id=1, clients=(Client(1, "beta"), Client(2, "Alpha"), Client(3, "alpha2"), Client(4, "Zed"))
    )
    document = yaml.safe_load(export_config(workspace))

    assert [c["name"] for c in document["clients"]] == ["Alpha", "alpha2", "beta", "Zed"]


def test_header_names_source_workspace_and_date() -> None:
    text = export_config(
        rich_workspace(),
        source="https://api.track.toggl.com/api/v9",
        generated_at="2026-01-31T12:00:00Z",
    )
    header = text.split("version: 1")[0].splitlines()

    assert header and all(line.startswith("#") for line in header)
    assert any("https://api.track.toggl.com/api/v9" in line for line in header)
    assert any("2026-01-31T12:00:00Z" in line for line in header)
    assert any("Acme Corp" in line and "4242" in line for line in header)


def test_header_text_cannot_escape_the_comment() -> None:
    workspace = Workspace(id=7, name="Evil\nunmanaged: archive")
    text = export_config(workspace, source="x\nclients: []", generated_at="today\r\nversion: 2")
    document = yaml.safe_load(text)

    assert document == {
        "version": 1,
        "workspace": 7,
        "unmanaged": "ignore",
        "clients": [],
        "projects": [],
    }


def test_names_differing_only_in_case_keep_the_first_and_say_so() -> None:
    workspace = Workspace(
        id=1,
        clients=(Client(1, "acme"), Client(2, "Acme")),
        projects=(Project(3, "site", 2), Project(4, "Site", 2), Project(5, "web", 1)),
    )
    text = export_config(workspace)
    config = reimport(text)

    assert [c.name for c in config.clients] == ["Acme"]
    assert list(projects_of(config, "Acme")) == ["Site"]
    assert "'acme' (1)" in text and "'site' (3)" in text
    assert_no_changes(text, workspace)


def test_what_the_config_cannot_hold_is_left_unmanaged() -> None:
    workspace = Workspace(
        id=1,
        clients=(Client(1, "Real"),),
        projects=(
            Project(2, "Orphan", client_id=99),
            Project(3, "Odd colour", color="red"),
            Project(4, "Tab\there"),
            Project(5, "x" * 256),
        ),
    )
    text = export_config(workspace)
    config = reimport(text)

    assert [p.name for p in config.projects] == ["Odd colour"]
    assert config.projects[0].fields == {}
    for left_out in ("'Orphan' (2)", "'red'", "(4)", "(5)"):
        assert left_out in text
    assert_no_changes(text, workspace)


def test_empty_workspace_exports_empty_lists() -> None:
    config = reimport(export_config(Workspace(id=9)))

    assert (config.workspace, config.clients, config.projects) == (9, (), ())


# Printable names, awkward ones included; control characters are left to the test above.
names = st.one_of(
    st.sampled_from(AWKWARD_NAMES + ("true", "~", "1e3", "0x1F", "'quoted'", '"q"', "a #b")),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=12),
)
colors = st.from_regex(r"#[0-9a-f]{6}", fullmatch=True) | st.just("#06aaf5")


@st.composite
def workspaces(draw: st.DrawFn) -> Workspace:
    client_names = draw(st.lists(names, max_size=6))
    clients = tuple(
        Client(
            i + 1, name, archived=draw(st.booleans()), notes=draw(st.none() | st.text(max_size=8))
        )
        for i, name in enumerate(client_names)
    )
    owners = st.none() | st.sampled_from([c.id for c in clients]) if clients else st.none()
    projects = tuple(
        Project(
            100 + i,
            name,
            client_id=draw(owners),
            active=draw(st.booleans()),
            color=draw(colors),
            is_private=draw(st.booleans()),
            billable=draw(st.none() | st.booleans()),
            estimated_hours=draw(st.none() | st.integers(0, 1000)),
        )
        for i, name in enumerate(draw(st.lists(names, max_size=10)))
    )
    return Workspace(id=draw(st.integers(1, 10**9)), clients=clients, projects=projects)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspace=workspaces(), active_only=st.booleans())
def test_any_workspace_round_trips(workspace: Workspace, active_only: bool) -> None:
    assert_no_changes(export_config(workspace, active_only=active_only), workspace)


def test_a_name_with_surrounding_whitespace_is_left_unmanaged_and_said() -> None:
    # The config refuses such names (Toggl trims them); a workspace holding one keeps it as is.
    workspace = Workspace(id=1, clients=(Client(1, " Padded "), Client(2, "Plain")))
    text = export_config(workspace)
    assert "client ' Padded ' (1): its name has leading or trailing whitespace" in text
    assert [c.name for c in reimport(text).clients] == ["Plain"]
