"""Renames and moves through `previously`: one update of the same object, ordered so Toggl accepts
each request, converging in one apply against the sandbox (which keeps names unique as Toggl
does); and the refusals, with FILE:LINE, where the file contradicts itself or the workspace."""

from __future__ import annotations

import json
import textwrap
from typing import Any

import pytest

from reconciler.action import Action, Former
from reconciler.apply import apply_plan
from reconciler.config import parse_config
from reconciler.config.model import Config, DesiredClient, PreviousName
from reconciler.errors import PlanError
from reconciler.plan import Plan
from reconciler.planner import make_plan
from reconciler.planning.locate import Locator
from reconciler.planning.renames import Rename, order_renames
from reconciler.render import render_json, render_markdown, render_text
from reconciler.saved_plans import stale_reasons
from reconciler.state import Client, Workspace
from reconciler.toggl import TogglClient
from toggl_sandbox import Backend, InProcessSandbox

# -- a sandbox world and a config text: plan, apply, plan again --------------------------------


def read(backend: Backend) -> Workspace:
    with InProcessSandbox(backend) as sandbox:
        return TogglClient(sandbox.token, sandbox.url).read_workspace(backend.workspace_id)


def plan_of(backend: Backend, body: str, *, targets: tuple[str, ...] = ()) -> Plan:
    head = f"version: 1\nworkspace: {backend.workspace_id}\n"
    config = parse_config(head + textwrap.dedent(body), "toggl.yaml")
    return make_plan(config, read(backend), targets=targets)


def converges(backend: Backend, body: str) -> list[tuple[str, str]]:
    """Plan, apply, plan again: nothing left. The writes of the one apply."""
    plan = plan_of(backend, body)
    with InProcessSandbox(backend) as sandbox:
        before = len(backend.requests)
        apply_plan(TogglClient(sandbox.token, sandbox.url, sleep=lambda s: None), plan)
    writes = [(r.method, r.path) for r in backend.requests[before:] if r.method != "GET"]
    again = plan_of(backend, body)
    assert again.actions == (), [a.to_dict() for a in again.actions]
    return writes


def refusal(backend: Backend, body: str, **kwargs: Any) -> str:
    with pytest.raises(PlanError) as raised:
        plan_of(backend, body, **kwargs)
    return str(raised.value)


@pytest.fixture
def toggl() -> Backend:
    return Backend()


def by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["name"]: i for i in items}


# -- the file -----------------------------------------------------------------------------------


def test_previously_is_a_name_a_place_or_a_list_of_them() -> None:
    config = parse_config(
        textwrap.dedent("""\
            version: 1
            workspace: 1
            clients:
              - name: Hooli Inc
                previously: Hooli
              - name: Stark
                previously: [Stark Co, Stark Ltd]
                projects:
                  - name: Nucleus
                    previously:
                      - Core
                      - {client: Hooli}
                      - {client: null, name: Kernel}
            """),
        "toggl.yaml",
    )
    hooli, stark = config.clients
    assert hooli.previously == (PreviousName("Hooli", 5),)
    assert [p.name for p in stark.previously] == ["Stark Co", "Stark Ltd"]
    assert stark.projects[0].previously == (  # type: ignore[index]
        PreviousName("Core", 11),
        PreviousName("Nucleus", 12, client="Hooli", moved=True),
        PreviousName("Kernel", 13, client=None, moved=True),
    )


def test_a_previously_name_several_live_objects_hold_is_refused_not_guessed() -> None:
    # Toggl keeps exact names unique; were it ever not so, picking one would be a guess.
    ws = Workspace(1, "W", (Client(1, "Hooli", at="a"), Client(2, "Hooli", at="b")))
    config = parse_config(
        "version: 1\nworkspace: 1\nclients:\n  - name: H\n    previously: Hooli\n", "toggl.yaml"
    )
    with pytest.raises(PlanError, match=r"^toggl.yaml:5: 'previously' of \"H\" is ambiguous: "):
        make_plan(config, ws)


# -- one update of the same object ------------------------------------------------------------

PROJECT_MOVE = """
    clients:
      - name: Stark
        projects:
          - name: Nucleus
            previously: {client: Hooli}
"""


def test_a_client_rename_is_one_put_of_the_same_client_with_its_projects(toggl: Backend) -> None:
    hooli = toggl.add_client("Hooli")
    nucleus = toggl.add_project("Nucleus", client_id=hooli["id"])
    # Under `unmanaged: archive` the old client would be archived, were it not the same one.
    config = """
        unmanaged: archive
        clients:
          - name: Hooli Inc
            previously: Hooli
            projects: [Nucleus]
    """
    plan = plan_of(toggl, config)
    assert [a.request(toggl.workspace_id) for a in plan.actions] == [
        ("PUT", f"/workspaces/{toggl.workspace_id}/clients/{hooli['id']}", {"name": "Hooli Inc"})
    ]
    assert plan.actions[0].previous == Former("Hooli")
    assert converges(toggl, config) == [
        ("PUT", f"/workspaces/{toggl.workspace_id}/clients/{hooli['id']}")
    ]
    assert [(c["id"], c["name"]) for c in toggl.clients()] == [(hooli["id"], "Hooli Inc")]
    assert toggl.get_project(None, nucleus["id"])["client_id"] == hooli["id"]


def test_a_project_rename_is_one_put_of_its_name(toggl: Backend) -> None:
    hooli = toggl.add_client("Hooli")
    signal = toggl.add_project("Signal", client_id=hooli["id"], color="#d94182")
    config = """
        clients:
          - name: Hooli
            projects:
              - name: Signal Pro
                previously: [Beacon, Signal]
                color: "#c9806b"
    """
    plan = plan_of(toggl, config)
    path = f"/workspaces/{toggl.workspace_id}/projects/{signal['id']}"
    assert [a.request(toggl.workspace_id) for a in plan.actions] == [
        ("PUT", path, {"name": "Signal Pro", "color": "#c9806b"})
    ]
    assert converges(toggl, config) == [("PUT", path)]
    assert toggl.get_project(None, signal["id"])["name"] == "Signal Pro"


def test_a_project_move_is_one_put_of_its_client_id(toggl: Backend) -> None:
    hooli, stark = toggl.add_client("Hooli"), toggl.add_client("Stark Industries")
    nucleus = toggl.add_project("Nucleus", client_id=hooli["id"])
    loose = toggl.add_project("Scratch")
    config = """
        clients:
          - name: Stark Industries
            projects:
              - name: Nucleus
                previously: {client: Hooli}
              - name: Scratchpad
                previously: {client: null, name: Scratch}
    """
    plan = plan_of(toggl, config)
    p = f"/workspaces/{toggl.workspace_id}/projects"
    assert [a.request(toggl.workspace_id) for a in plan.actions] == [
        ("PUT", f"{p}/{nucleus['id']}", {"client_id": stark["id"]}),
        ("PUT", f"{p}/{loose['id']}", {"name": "Scratchpad", "client_id": stark["id"]}),
    ]
    assert converges(toggl, config) == [
        ("PUT", f"{p}/{nucleus['id']}"),
        ("PUT", f"{p}/{loose['id']}"),
    ]
    assert {p["name"]: p["client_id"] for p in toggl.projects()} == {
        "Nucleus": stark["id"],
        "Scratchpad": stark["id"],
    }


def test_a_saved_move_is_stale_once_a_project_takes_its_place(toggl: Backend) -> None:
    hooli, stark = toggl.add_client("Hooli"), toggl.add_client("Stark")
    toggl.add_project("Nucleus", client_id=hooli["id"])
    plan = plan_of(toggl, PROJECT_MOVE)
    assert stale_reasons(plan, read(toggl)) == []
    toggl.add_project("Nucleus", client_id=stark["id"])
    assert stale_reasons(plan, read(toggl)) == [
        "a project named 'Nucleus' under 'Stark' now exists"
    ]


def test_a_project_moves_out_to_no_client(toggl: Backend) -> None:
    hooli = toggl.add_client("Hooli")
    nucleus = toggl.add_project("Nucleus", client_id=hooli["id"])
    config = """
        projects:
          - name: Nucleus
            previously: {client: Hooli}
    """
    assert converges(toggl, config) == [
        ("PUT", f"/workspaces/{toggl.workspace_id}/projects/{nucleus['id']}")
    ]
    assert toggl.get_project(None, nucleus["id"])["client_id"] is None


def test_renames_and_moves_are_shown_as_what_they_are(toggl: Backend) -> None:
    hooli, stark = toggl.add_client("Hooli"), toggl.add_client("Stark Industries")
    nucleus = toggl.add_project("Nucleus", client_id=hooli["id"])
    toggl.add_project("Signal", client_id=hooli["id"])
    plan = plan_of(
        toggl,
        """
        clients:
          - name: Hooli Inc
            previously: Hooli
            notes: Acquired
            projects:
              - name: Signal 2
                previously: Signal
          - name: Stark Industries
            projects:
              - name: Nucleus
                previously: {client: Hooli}
        """,
    )
    text = render_text(plan).splitlines()
    assert f'~ client "Hooli" -> "Hooli Inc" ({hooli["id"]})  notes: null -> "Acquired"' in text
    assert f'~ project "Hooli / Nucleus" -> "Stark Industries / Nucleus" ({nucleus["id"]})' in text
    assert any(
        line.startswith('~ project "Hooli / Signal" -> "Hooli Inc / Signal 2"') for line in text
    )
    markdown = render_markdown(plan)
    assert (
        f'**update** client Hooli → Hooli Inc ({hooli["id"]}): notes: null → "Acquired"' in markdown
    )
    assert (
        f"**update** project Hooli / Nucleus → Stark Industries / Nucleus ({nucleus['id']})"
        in markdown
    )
    saved = json.loads(render_json(plan))
    move = next(a for a in saved["actions"] if a["id"] == nucleus["id"])
    assert move["previous"] == {"client": "Hooli", "name": "Nucleus"}
    assert move["client"] == "Stark Industries" and move["body"] == {"client_id": stark["id"]}
    assert Plan.from_dict(saved) == plan


# -- refusals -----------------------------------------------------------------------------------


def test_both_the_old_and_the_new_name_existing_is_ambiguous(toggl: Backend) -> None:
    old, new = toggl.add_client("Hooli"), toggl.add_client("Hooli Inc")
    message = refusal(
        toggl,
        """
        clients:
          - name: Hooli Inc
            previously:
              - Hooli
        """,
    )
    assert message.startswith('toggl.yaml:7: client "Hooli Inc" is ambiguous: ')
    assert f'client "Hooli Inc" (id {new["id"]})' in message
    assert f'client "Hooli" (id {old["id"]})' in message


def test_a_previously_naming_an_object_another_entry_keeps_is_refused_in_either_order(
    toggl: Backend,
) -> None:
    hooli = toggl.add_client("Hooli")
    keeps = "  - name: Hooli\n"
    takes = "  - name: Hooli Inc\n    previously: Hooli\n"
    first = refusal(toggl, "clients:\n" + keeps + takes)
    second = refusal(toggl, "clients:\n" + takes + keeps)
    for message, keeper_line, previously_line in ((first, 4, 6), (second, 6, 5)):
        assert message.startswith(f'toggl.yaml:{previously_line}: client "Hooli Inc": ')
        assert f'client "Hooli" (id {hooli["id"]})' in message
        assert f'the entry "Hooli" (toggl.yaml:{keeper_line}) keeps it' in message


def test_two_entries_taking_over_one_project_are_refused(toggl: Backend) -> None:
    hooli = toggl.add_client("Hooli")
    toggl.add_client("Stark")
    toggl.add_project("Nucleus", client_id=hooli["id"])
    # Two spellings of one place, which only the workspace shows to be the same project.
    message = refusal(
        toggl,
        """
        clients:
          - name: Stark
            projects:
              - name: Nucleus
                previously: {client: Hooli}
          - name: Hooli Inc
            previously: Hooli
            projects:
              - name: Core
                previously: Nucleus
        """,
    )
    assert message.startswith('toggl.yaml:13: project "Core" under client "Hooli Inc": ')
    assert 'which "Nucleus" (toggl.yaml:8) takes over too' in message


def test_a_previously_finding_two_objects_is_refused(toggl: Backend) -> None:
    toggl.add_client("Hooli")
    toggl.add_client("Pied Piper")
    message = refusal(toggl, "clients:\n  - name: Merged\n    previously: [Hooli, Pied Piper]\n")
    assert message.startswith('toggl.yaml:4: client "Merged": ')
    assert "it can become only one of them" in message


# -- chains and cycles --------------------------------------------------------------------------


def test_a_chain_of_client_renames_is_applied_from_its_free_end(toggl: Backend) -> None:
    a, b = toggl.add_client("A"), toggl.add_client("B")
    config = """
        clients:
          - name: B
            previously: A
          - name: C
            previously: B
    """
    c = f"/workspaces/{toggl.workspace_id}/clients"
    # B -> C must run first: Toggl refuses a name another client holds.
    assert converges(toggl, config) == [("PUT", f"{c}/{b['id']}"), ("PUT", f"{c}/{a['id']}")]
    assert {x["id"]: x["name"] for x in toggl.clients()} == {a["id"]: "B", b["id"]: "C"}


def test_a_move_into_a_name_being_vacated_runs_after_the_rename_that_frees_it(
    toggl: Backend,
) -> None:
    hooli, stark = toggl.add_client("Hooli"), toggl.add_client("Stark")
    moving = toggl.add_project("Web", client_id=hooli["id"])
    staying = toggl.add_project("Web", client_id=stark["id"])
    config = """
        clients:
          - name: Stark
            projects:
              - name: Web
                previously: {client: Hooli}
              - name: Web (old)
                previously: Web
    """
    p = f"/workspaces/{toggl.workspace_id}/projects"
    assert converges(toggl, config) == [
        ("PUT", f"{p}/{staying['id']}"),
        ("PUT", f"{p}/{moving['id']}"),
    ]
    assert by_name(toggl.projects())["Web"]["id"] == moving["id"]


def test_renames_that_would_swap_names_are_refused_with_both_lines() -> None:
    def rename(name: str, old: str, new: str, line: int) -> Rename:
        action = Action.update_client(1, new, [("name", old, new)])
        return Rename(
            action, ("client", None, old), ("client", None, new), f'client "{name}"', line
        )

    renames = [rename("A", "B", "A", 4), rename("B", "A", "B", 6)]
    keys = [("client", None, "A"), ("client", None, "B")]
    with pytest.raises(PlanError) as raised:
        order_renames([r.action for r in renames], renames, keys, str, Locator("toggl.yaml"))
    message = str(raised.value)
    assert message.startswith("toggl.yaml:")
    assert "toggl.yaml:4" in message and "toggl.yaml:6" in message
    assert "in two steps" in message


# -- moves and renames beside archives and restores: each converges in one apply -----------------


def test_a_move_out_of_an_archived_client_restores_the_project_in_the_same_put(
    toggl: Backend,
) -> None:
    hooli, stark = toggl.add_client("Hooli", archived=True), toggl.add_client("Stark")
    nucleus = toggl.add_project("Nucleus", client_id=hooli["id"], active=False)
    config = """
        clients:
          - name: Hooli
            state: archived
          - name: Stark
            projects:
              - name: Nucleus
                previously: {client: Hooli}
    """
    plan = plan_of(toggl, config)
    assert [(a.op, a.body) for a in plan.actions] == [
        ("restore", {"active": True, "client_id": stark["id"]})
    ]
    assert len(converges(toggl, config)) == 1
    assert toggl.get_project(None, nucleus["id"])["active"] is True


def test_a_move_into_a_client_restored_by_the_same_plan(toggl: Backend) -> None:
    hooli, stark = toggl.add_client("Hooli"), toggl.add_client("Stark", archived=True)
    nucleus = toggl.add_project("Nucleus", client_id=hooli["id"], active=False)
    config = """
        clients:
          - name: Stark
            projects:
              - name: Nucleus
                previously: {client: Hooli}
    """
    plan = plan_of(toggl, config)
    # The restore cannot name a project that is not the client's yet: its move restores it.
    assert [(a.op, a.kind, a.body) for a in plan.actions] == [
        ("restore", "client", {"projects": []}),
        ("restore", "project", {"active": True, "client_id": stark["id"]}),
    ]
    assert len(converges(toggl, config)) == 2
    assert toggl.get_project(None, nucleus["id"])["active"] is True


def test_a_move_into_a_client_archived_by_the_same_plan_archives_it_in_the_move(
    toggl: Backend,
) -> None:
    hooli, stark = toggl.add_client("Hooli"), toggl.add_client("Stark")
    nucleus = toggl.add_project("Nucleus", client_id=hooli["id"])
    config = """
        clients:
          - name: Hooli
            state: archived
          - name: Stark
            state: archived
            projects:
              - name: Nucleus
                state: archived
                previously: {client: Hooli}
    """
    plan = plan_of(toggl, config)
    assert [(a.op, a.kind, a.body, a.projects) for a in plan.actions] == [
        ("archive", "project", {"active": False, "client_id": stark["id"]}, ()),
        ("archive", "client", None, ()),  # Hooli: Nucleus has left it
        ("archive", "client", None, ()),
    ]
    # The move, then both client archives in one bulk archive call.
    assert len(converges(toggl, config)) == 2
    assert toggl.get_project(None, nucleus["id"])["client_id"] == stark["id"]


def test_a_client_being_restored_is_restored_then_renamed(toggl: Backend) -> None:
    hooli = toggl.add_client("Hooli", archived=True)
    toggl.add_project("Nucleus", client_id=hooli["id"], active=False)
    config = """
        clients:
          - name: Hooli Inc
            previously: Hooli
            projects: all
    """
    plan = plan_of(toggl, config)
    assert [(a.op, a.body) for a in plan.actions] == [
        ("restore", {"restore_all_projects": True}),
        ("update", {"name": "Hooli Inc"}),
    ]
    assert len(converges(toggl, config)) == 2


def test_a_move_out_of_a_client_restored_with_all_projects_keeps_the_wanted_state(
    toggl: Backend,
) -> None:
    hooli, stark = toggl.add_client("Hooli", archived=True), toggl.add_client("Stark")
    nucleus = toggl.add_project("Nucleus", client_id=hooli["id"], active=False)
    config = """
        clients:
          - name: Hooli
            projects: all
          - name: Stark
            projects:
              - name: Nucleus
                state: archived
                previously: {client: Hooli}
    """
    plan = plan_of(toggl, config)
    # restore_all_projects brings Nucleus back first, so its move archives it again.
    assert [(a.op, a.body) for a in plan.actions] == [
        ("restore", {"restore_all_projects": True}),
        ("archive", {"active": False, "client_id": stark["id"]}),
    ]
    assert len(converges(toggl, config)) == 2
    assert toggl.get_project(None, nucleus["id"])["active"] is False


def test_a_move_into_a_client_created_by_the_same_plan(toggl: Backend) -> None:
    hooli = toggl.add_client("Hooli")
    nucleus = toggl.add_project("Nucleus", client_id=hooli["id"])
    config = """
        clients:
          - name: Spin-off
            projects:
              - name: Nucleus
                previously: {client: Hooli}
    """
    plan = plan_of(toggl, config)
    assert [(a.op, a.kind, a.client_ref) for a in plan.actions] == [
        ("create", "client", None),
        ("update", "project", "Spin-off"),
    ]
    assert len(converges(toggl, config)) == 2
    spin_off = by_name(toggl.clients())["Spin-off"]
    assert toggl.get_project(None, nucleus["id"])["client_id"] == spin_off["id"]


def test_a_move_out_of_a_client_with_all_projects_is_its_only_request(toggl: Backend) -> None:
    hooli, stark = toggl.add_client("Hooli"), toggl.add_client("Stark")
    nucleus = toggl.add_project("Nucleus", client_id=hooli["id"], active=False)
    config = """
        clients:
          - name: Hooli
            projects: all
          - name: Stark
            projects:
              - name: Nucleus
                state: archived
                previously: {client: Hooli}
    """
    # `projects: all` would restore it, were it still Hooli's.
    plan = plan_of(toggl, config)
    assert [(a.op, a.id, a.body) for a in plan.actions] == [
        ("update", nucleus["id"], {"client_id": stark["id"]})
    ]
    assert len(converges(toggl, config)) == 1


def test_a_project_moved_out_of_a_deleted_client_does_not_stay_behind(toggl: Backend) -> None:
    old = toggl.add_client("Old Co")
    admin = toggl.add_project("Admin", client_id=old["id"])
    config = """
        clients:
          - name: Old Co
            state: absent
        projects:
          - name: Admin
            previously: {client: Old Co}
    """
    w = toggl.workspace_id
    assert converges(toggl, config) == [
        ("PUT", f"/workspaces/{w}/projects/{admin['id']}"),
        ("DELETE", f"/workspaces/{w}/clients/{old['id']}"),
    ]


def test_what_one_entry_takes_is_known_to_entries_before_it(toggl: Backend) -> None:
    hooli, stark = toggl.add_client("Hooli"), toggl.add_client("Stark")
    toggl.add_project("Signal", client_id=hooli["id"])
    nucleus = toggl.add_project("Nucleus", client_id=hooli["id"])
    # Hooli comes first and does not list Nucleus: under `unmanaged: archive` it would archive
    # it, were the move below not known when Hooli is planned.
    config = """
        unmanaged: archive
        clients:
          - name: Hooli
            projects: [Signal]
          - name: Stark
            projects:
              - name: Nucleus
                previously: {client: Hooli}
    """
    plan = plan_of(toggl, config)
    assert [(a.op, a.id, a.body) for a in plan.actions] == [
        ("update", nucleus["id"], {"client_id": stark["id"]})
    ]
    assert len(converges(toggl, config)) == 1


# -- targets ------------------------------------------------------------------------------------

TWO_CLIENTS = """
    unmanaged: archive
    clients:
      - name: Hooli Inc
        previously: Hooli
      - name: Stark
        notes: Arc reactors
    projects:
      - Scratch
"""


def test_a_targeted_plan_holds_only_its_targets_and_says_so(toggl: Backend) -> None:
    hooli = toggl.add_client("Hooli")
    toggl.add_client("Stark")
    toggl.add_client("Soylent")  # unnamed: archived by a whole plan, not by a partial one
    plan = plan_of(toggl, TWO_CLIENTS, targets=("hooli inc",))
    assert [(a.op, a.id) for a in plan.actions] == [("update", hooli["id"])]
    assert plan.targets == ("Hooli Inc",)
    assert render_text(plan).startswith(
        'Partial plan, limited to "Hooli Inc": the rest of the file is not planned.\n'
    )
    assert json.loads(render_json(plan))["targets"] == ["Hooli Inc"]
    loose = plan_of(toggl, TWO_CLIENTS, targets=("Scratch",))
    assert [(a.op, a.kind, a.name) for a in loose.actions] == [("create", "project", "Scratch")]
    whole = plan_of(toggl, TWO_CLIENTS)
    assert len(whole.actions) == 4 and not whole.partial and "targets" not in whole.to_dict()


def test_a_target_the_file_does_not_have_is_refused(toggl: Backend) -> None:
    message = refusal(toggl, TWO_CLIENTS, targets=("Stark", "Globex"))
    assert message == (
        'target "Globex" names no client and no project without a client in toggl.yaml'
    )


def test_a_targeted_rename_needing_a_rename_left_out_is_refused(toggl: Backend) -> None:
    toggl.add_client("A")
    b = toggl.add_client("B")
    config = """
        clients:
          - name: B
            previously: A
          - name: C
            previously: B
    """
    message = refusal(toggl, config, targets=("B",))
    assert message.startswith('toggl.yaml:5: client "B" cannot take its new name: ')
    assert f'client "B" (id {b["id"]}) (the entry "C", toggl.yaml:7) holds it' in message
    # The other way round needs nothing left out.
    assert len(plan_of(toggl, config, targets=("C",)).actions) == 1


# -- what the file does not mention -------------------------------------------------------------


def test_unmanaged_objects_are_listed_under_ignore_only(toggl: Backend) -> None:
    hooli = toggl.add_client("Hooli")
    toggl.add_client("Stark")
    soylent = toggl.add_client("Soylent")
    green = toggl.add_project("Green", client_id=soylent["id"])
    toggl.add_project("Nucleus", client_id=hooli["id"])
    loose = toggl.add_project("Scratch")
    config = """
        clients:
          - name: Hooli Inc
            previously: Hooli
            projects: all
          - name: Stark
    """
    plan = plan_of(toggl, config)
    # Hooli is the renamed entry and its projects are all named by `all`.
    assert [(u.kind, u.id, u.client) for u in plan.unmanaged] == [
        ("client", soylent["id"], None),
        ("project", loose["id"], None),
        ("project", green["id"], "Soylent"),
    ]
    text = render_text(plan, show_unmanaged=True).splitlines()
    assert text[-4:] == [
        "Not in the file (unmanaged: ignore): 1 client, 2 projects:",
        f'  client "Soylent" ({soylent["id"]})',
        f'  project "Scratch" ({loose["id"]})',
        f'  project "Soylent / Green" ({green["id"]})',
    ]
    saved = json.loads(render_json(plan))["unmanaged"]
    assert saved[2] == {"kind": "project", "id": green["id"], "name": "Green", "client": "Soylent"}
    assert Plan.from_dict(json.loads(render_json(plan))).unmanaged == plan.unmanaged
    archiving = plan_of(toggl, "unmanaged: archive\n" + textwrap.dedent(config))
    assert archiving.unmanaged == () and "Not in the file" not in render_text(archiving)


# -- what the next plan will find where `previously` points -------------------------------------


def test_a_plan_leaving_an_orphan_where_previously_points_is_refused_now(toggl: Backend) -> None:
    acme = toggl.add_client("Acme")
    orphan = toggl.add_project("Web", client_id=acme["id"])
    # Deleting Acme leaves its Web without a client: the very place the entry below came from,
    # so the next plan could not tell which Web is Globex's.
    message = refusal(
        toggl,
        """
        clients:
          - name: Acme
            state: absent
          - name: Globex
            projects:
              - name: Web
                previously: {client: null}
        """,
    )
    assert message.startswith('toggl.yaml:10: project "Web" under client "Globex": after this plan')
    assert f'project "Web" (id {orphan["id"]}), which deleting its client leaves' in message


def test_a_plan_renaming_a_client_into_a_place_previously_points_at_is_refused_now(
    toggl: Backend,
) -> None:
    hooli, other = toggl.add_client("Hooli"), toggl.add_client("Pied Piper")
    toggl.add_client("Stark")
    toggl.add_project("Nucleus", client_id=hooli["id"])
    theirs = toggl.add_project("Nucleus", client_id=other["id"])
    message = refusal(
        toggl,
        """
        clients:
          - name: Hooli Inc
            previously: Hooli
          - name: Hooli
            previously: Pied Piper
          - name: Stark
            projects:
              - name: Nucleus
                previously: {client: Hooli}
        """,
    )
    assert message.startswith('toggl.yaml:12: project "Nucleus" under client "Stark": ')
    assert f'(id {theirs["id"]}), which renaming a client to "Hooli" puts there' in message


def test_two_entries_whose_names_find_one_object_are_refused_with_or_without_previously() -> None:
    # Only a config built in code can hold two names that differ in case alone.
    ws = Workspace(1, "W", (Client(1, "ACME", at="a"), Client(2, "Old", at="b")))
    entries = (
        DesiredClient("Acme", line=3),
        DesiredClient("acme", line=5, previously=(PreviousName("Old", 6),)),
    )
    with pytest.raises(PlanError) as raised:
        make_plan(Config(1, entries, path="toggl.yaml"), ws)
    assert str(raised.value).startswith(
        'toggl.yaml:5: client "acme" and "Acme" (toggl.yaml:3) both match existing client "ACME"'
    )


def test_names_swapped_in_a_cycle_read_as_a_swap_already_made(toggl: Backend) -> None:
    toggl.add_client("A")
    toggl.add_client("B")
    swapped = """
        clients:
          - name: A
            previously: B
          - name: B
            previously: A
    """
    # The file cannot tell a swap to make from one made: each entry keeps what its name finds.
    assert plan_of(toggl, swapped).actions == ()
