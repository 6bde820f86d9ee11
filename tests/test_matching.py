"""Name matching: the rules one lookup follows, and that a whole plan's matching stays linear.

Linearity is checked without timing: every live and desired name is a string that counts the
comparisons, hashes and case-folds made on it. Matching that scans candidates for each entry makes
about n * n of them; indexed matching makes a few per name. Doubling the workspace must roughly
double the count, not quadruple it.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconciler.config.model import Config, DesiredClient, DesiredProject
from reconciler.errors import PlanError
from reconciler.planner import make_plan
from reconciler.planning.locate import Locator
from reconciler.planning.matching import (
    CLIENTS,
    NameClaims,
    NameIndex,
    new_client_scope,
    projects_scope,
)
from reconciler.state import Client, Project, Workspace


def claims(*objects: Client | Project) -> NameClaims:
    ws = Workspace(
        id=1,
        clients=tuple(o for o in objects if isinstance(o, Client)),
        projects=tuple(o for o in objects if isinstance(o, Project)),
    )
    return NameClaims(ws, Locator("toggl.yaml"))


def entry(name: str, line: int | None = None) -> DesiredClient:
    return DesiredClient(name=name, line=line)


# -- the index ---------------------------------------------------------------------------------


@given(st.lists(st.sampled_from(["Acme", "acme", "ACME", "Globex", "globex", "Initech"])))
def test_the_index_finds_what_a_scan_of_the_objects_finds(names: list[str]) -> None:
    # The index keeps one object per name and, apart, the names several objects hold.
    objects = [Client(i, name) for i, name in enumerate(names)]
    index = NameIndex(objects)
    for name in ["Acme", "ACME", "acme", "Globex", "Initech", "Umbrella"]:
        assert list(index.exact(name)) == [o for o in objects if o.name == name]
        folded = [o for o in objects if o.name.casefold() == name.casefold()]
        assert list(index.folded(name)) == folded
        assert list(index.exact(name)) == [o for o in objects if o.name == name]
        exact = [o for o in objects if o.name == name]
        assert index.only_exact(name) == (exact[0] if len(exact) == 1 else None)
    assert index.objects == tuple(objects)


# -- one lookup ---------------------------------------------------------------------------------


def test_the_exact_name_wins_over_case_variants() -> None:
    names = claims(Client(1, "ACME"), Client(2, "Acme"), Client(3, "acme"))
    assert names.find_client(entry("Acme")) == Client(2, "Acme")


def test_the_only_case_variant_matches() -> None:
    names = claims(Client(1, "ACME"), Client(2, "Globex"))
    assert names.find_client(entry("Acme")) == Client(1, "ACME")
    assert names.find_client(entry("Initech")) is None


def test_several_case_variants_are_ambiguous_naming_each_and_the_line() -> None:
    names = claims(Client(1, "ACME"), Client(2, "acme"))
    with pytest.raises(PlanError) as raised:
        names.find_client(entry("Acme", line=7))
    assert str(raised.value) == (
        'toggl.yaml:7: client "Acme" is ambiguous: it matches client "ACME" (id 1) and client '
        '"acme" (id 2); rename one of them in Toggl or write the exact name'
    )


def test_finding_claims_nothing_and_a_second_claim_is_refused_naming_both() -> None:
    names = claims(Client(1, "Initech"))
    assert names.find_client(entry("Initech", 3)) == names.find_client(entry("INITECH", 9))
    assert not names.is_claimed("client", 1)
    initech = entry("Initech", 3)
    names.resolve(Config(1, (initech,), path="toggl.yaml"))
    assert names.client_match(initech) == Client(1, "Initech")
    assert names.is_claimed("client", 1)
    with pytest.raises(PlanError, match=r'^toggl.yaml:9: client "INITECH" and "Initech" '):
        claims(Client(1, "Initech")).resolve(
            Config(1, (initech, entry("INITECH", 9)), path="toggl.yaml")
        )


def test_project_names_are_matched_within_their_client_only() -> None:
    names = claims(Project(11, "Web", 1), Project(12, "web", 2), Project(13, "Web"))
    project = DesiredProject("Web")
    assert names.find_project(project, projects_scope(2, "B")) == Project(12, "web", 2)
    assert names.find_project(project, projects_scope(None, None)) == Project(13, "Web")
    assert names.find_project(project, projects_scope(3, "C")) is None
    # A client this plan creates has no projects yet, whatever the live ids say.
    assert names.find_project(project, new_client_scope("New")) is None


def test_creates_differing_only_in_case_collide_within_a_scope() -> None:
    names = claims()
    names.claim_new_name(DesiredProject("Web", line=4), projects_scope(1, "A"))
    names.claim_new_name(DesiredProject("WEB", line=5), projects_scope(2, "B"))
    names.claim_new_name(entry("WEB", 6), CLIENTS)
    with pytest.raises(PlanError) as raised:
        names.claim_new_name(DesiredProject("web", line=8), projects_scope(1, "A"))
    assert str(raised.value) == (
        'toggl.yaml:8: project "web" under client "A" and "Web" (toggl.yaml:4) would be created '
        "with names that differ only in case"
    )


def test_case_variants_left_out_are_the_named_and_the_claimed() -> None:
    index = NameIndex([Client(1, "Acme"), Client(2, "ACME"), Client(3, "acme"), Client(4, "AcMe")])
    names = claims()
    names.claim("client", 4, entry("AcMe"))
    variants = names.unclaimed_case_variants(Client(1, "Acme"), index, {"Acme", "acme"})
    assert variants == [Client(2, "ACME")]


# -- a whole plan: linear in the size of the file and the workspace ------------------------------

operations = [0]


class CountingName(str):
    """A name that counts every comparison, hash and case-fold made on it."""

    def __eq__(self, other: object) -> bool:
        operations[0] += 1
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        operations[0] += 1
        return str.__ne__(self, other)

    def __hash__(self) -> int:
        operations[0] += 1
        return str.__hash__(self)

    def casefold(self) -> str:
        operations[0] += 1
        return str.casefold(self)

    def lower(self) -> str:
        operations[0] += 1
        return str.lower(self)


def named(text: str) -> Any:
    return CountingName(text)


def large_scenario(n: int) -> tuple[Config, Workspace]:
    """n clients (and n projects without a client) through every stage of matching: exact and
    case-only matches, restores with lists, archives, `all`, deletes of clients and of projects that
    take case variants with them, creates, and `unmanaged: archive` over what no entry names."""
    live_clients: list[Client] = []
    live_projects: list[Project] = []
    wanted_clients: list[DesiredClient] = []
    for i in range(n):
        cid = i + 1
        live_clients.append(Client(cid, named(f"Client {i}"), archived=i % 8 == 0, at="t"))
        for k in range(3):
            live_projects.append(
                Project(1_000 * cid + k, named(f"Proj {k}"), cid, active=k != 1, at="t")
            )
        listed = (
            DesiredProject(named("proj 0")),
            DesiredProject(named("Proj 1"), "archived"),
            DesiredProject(named("Proj 9")),
        )
        kind = i % 4
        if kind == 0:
            wanted = DesiredClient(named(f"client {i}"), projects=listed)
        elif kind == 1:
            wanted = DesiredClient(named(f"Client {i}"), "archived", projects=listed)
        elif kind == 2:
            # Two live clients differ only in case; deleting one deletes both.
            live_clients.append(Client(n + cid, named(f"CLIENT {i}"), at="t"))
            wanted = DesiredClient(named(f"Client {i}"), "absent")
        else:
            wanted = DesiredClient(named(f"Client {i}"), projects="all")
        wanted_clients.append(wanted)
        wanted_clients.append(DesiredClient(named(f"New {i}"), projects=listed))
        live_clients.append(Client(3 * n + cid, named(f"Unlisted {i}"), at="t"))
    loose: list[DesiredProject] = []
    for i in range(n):
        live_projects.append(Project(10_000_000 + i, named(f"Loose {i}"), at="t"))
        live_projects.append(Project(20_000_000 + i, named(f"Stray {i}"), at="t"))
        loose.append(DesiredProject(named(f"LOOSE {i}" if i % 2 else f"Loose {i}")))
        loose.append(DesiredProject(named(f"Fresh {i}"), "archived"))
        if i % 2 == 0:
            # Deleting a project deletes its unnamed case variants too.
            live_projects.append(Project(30_000_000 + i, named(f"Gone {i}"), at="t"))
            live_projects.append(Project(40_000_000 + i, named(f"GONE {i}"), at="t"))
            loose.append(DesiredProject(named(f"Gone {i}"), "absent"))
    ws = Workspace(1, "W", tuple(live_clients), tuple(live_projects))
    cfg = Config(1, tuple(wanted_clients), tuple(loose), unmanaged="archive", path="toggl.yaml")
    return cfg, ws


def names_in(cfg: Config, ws: Workspace) -> int:
    listed = [p for c in cfg.clients if isinstance(c.projects, tuple) for p in c.projects]
    return len(cfg.clients) + len(listed) + len(cfg.projects) + len(ws.clients) + len(ws.projects)


def operations_to_plan(n: int) -> tuple[int, int]:
    """(operations on names while planning, names in the file and the workspace)."""
    cfg, ws = large_scenario(n)
    operations[0] = 0
    plan = make_plan(cfg, ws)
    assert plan.counts()["delete"] == 2 * (n // 4) + 2 * (n // 2)  # the stages really ran
    return operations[0], names_in(cfg, ws)


def test_matching_a_whole_plan_is_linear() -> None:
    (small, _), (large, names) = operations_to_plan(200), operations_to_plan(400)
    assert large <= 2.2 * small, (small, large)
    assert large <= 10 * names, (large, names)  # a few per name, not one per pair of names
