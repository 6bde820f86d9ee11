"""The contract checks, part one: the workspace, access, creating clients and projects, listing
and bulk editing. Each step is a function of the run; `Step` rows at the end of
contract_lifecycle.py give their order, their most requests and the objects they make.

A step that finds an assumption broken records it and, when later steps depend on the state,
repairs it (one request, only then), so that each check tests its own assumption.
"""

from __future__ import annotations

import re
from typing import Any

from contract_kit import RunRefused
from contract_run import Run, expect

QUOTA_REMAINING = "X-Toggl-Quota-Remaining"
QUOTA_RESETS_IN = "X-Toggl-Quota-Resets-In"
AT_SECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)")
# A few of the fields of the full workspace object in recordings of real traffic.
WORKSPACE_FIELDS = {
    "id", "organization_id", "name", "premium", "business_ws", "admin", "role", "at",
    "default_currency", "default_hourly_rate", "rounding", "rounding_minutes", "ical_enabled",
    "logo_url", "only_admins_may_create_projects", "projects_billable_by_default",
}  # fmt: skip
NULL_WHEN_UNSET = ("rate", "fixed_fee", "recurring_parameters")
ALWAYS_PRESENT = ("is_shared", "can_track_time", "pinned")
CUSTOM_COLOUR = "#1a2b3c"  # outside Toggl's palette: a paid-plan feature
PALETTE_COLOUR = "#2da608"
CLIENTS = "/workspaces/{wid}/clients"
PROJECTS = "/workspaces/{wid}/projects"


def setup(run: Run) -> None:
    """Read the workspace and its plan; refuse one holding other objects. Sends no write."""
    answer = run.call("GET", "/workspaces/{wid}")
    if answer.status_code != 200:
        raise RunRefused(f"GET /workspaces/{run.wid} answered {answer.status_code}: {answer.text}")
    run.workspace = workspace = answer.json()
    run.plan = "paid" if workspace.get("premium") is True else "free"
    with run.check("quota-headers"):
        expect(
            QUOTA_REMAINING in answer.headers, f"no {QUOTA_REMAINING} on GET /workspaces/{{wid}}"
        )
        expect(QUOTA_RESETS_IN in answer.headers, f"no {QUOTA_RESETS_IN}")
        run.report.quota_remaining_at_start = int(answer.headers[QUOTA_REMAINING])
    with run.check("workspace-object"):
        missing = sorted(WORKSPACE_FIELDS - set(workspace))
        expect(not missing, f"missing {missing}")
    clients = run.call("GET", CLIENTS, params={"status": "both"}).json()
    with run.check("clients-list"):  # null stands for an empty list, as the tool accepts
        expect(clients is None or isinstance(clients, list), f"the list is {clients!r:.80}")
    params = {"active": "both", "per_page": 1}
    projects = run.call("GET", PROJECTS, params=params).json()
    others = [f"client {c['name']!r}" for c in clients or []]
    others += [f"project {p['name']!r}" for p in projects or []]
    if others and not run.allow_nonempty:
        raise RunRefused(
            f"workspace {run.wid} is not empty (it holds {', '.join(others[:3])}"
            f"{' and more' if len(others) > 3 else ''}). Acceptance mode runs on an empty "
            "workspace; to run beside other objects (it touches only objects named "
            f"{run.prefix}...), set TOGGL_ACCEPTANCE_ALLOW_NONEMPTY=1."
        )


def workspaces(run: Run) -> None:
    listed = run.call("GET", "/workspaces")
    with run.check("workspaces-list"):
        expect(listed.status_code == 200, f"GET /workspaces answered {listed.status_code}")
        expect(run.wid in [w["id"] for w in listed.json()], "the workspace is not listed")
    mine = run.call("GET", "/me/workspaces").json()
    with run.check("me-workspaces"):
        expect(run.wid in [w["id"] for w in mine], "the workspace is not listed")
    # The Free plan's limit counts the organisation's active projects.
    org = run.workspace.get("organization_id")
    counts = [w.get("active_project_count") for w in mine if w.get("organization_id") == org]
    if counts and all(isinstance(n, int) for n in counts):
        run.made["org_active_projects"] = sum(counts)


class _NoAuth:
    """Sends the request without an Authorization header (the session's auth stays unused)."""

    def __call__(self, request: Any) -> Any:
        return request


def access(run: Run) -> None:
    bare = run.call("GET", "/me", auth=_NoAuth())
    with run.check("auth-missing-401"):
        expect(bare.status_code == 401, f"answered {bare.status_code}")
        expect(bare.content == b"", f"body {bare.content[:80]!r}")
        header = bare.headers.get("X-Authorization-Missing")
        expect(header == "true", f"X-Authorization-Missing: {header!r}")
    wrong = run.call("GET", "/me", auth=("0" * 32, "api_token"))
    with run.check("auth-bad-token-403"):
        expect(wrong.status_code == 403, f"answered {wrong.status_code}")


def clients(run: Run) -> None:
    name = run.prefix + "Acme"
    acme = run.create("client", CLIENTS, {"name": name, "notes": "contract run"})
    acme.raise_for_status()
    run.made["acme"] = acme.json()
    with run.check("at-seconds"):
        expect(AT_SECONDS.fullmatch(acme.json()["at"]), f"client at {acme.json()['at']!r}")
    again = run.create("client", CLIENTS, {"name": name})
    with run.check("client-names-unique"):
        expect(again.status_code == 400, f"a second {name!r} answered {again.status_code}")
    with run.check("errors-json"):
        expect(again.status_code >= 400, "no error to look at")
        kind = again.headers.get("Content-Type", "")
        expect(kind.startswith("application/json"), f"Content-Type {kind!r}")
        expect(isinstance(again.json(), str), f"body {again.text[:80]!r}")
    upper = run.create("client", CLIENTS, {"name": run.prefix + "ACME"})
    with run.check("client-names-case"):
        expect(upper.status_code == 200, f"{run.prefix}ACME answered {upper.status_code}")
    run.made["acme_upper"] = upper.json() if upper.ok else None
    borg = run.create("client", CLIENTS, {"name": run.prefix + "Borg"})
    borg.raise_for_status()
    run.made["borg"] = borg.json()


def _new_project(run: Run, label: str, body: dict[str, Any]) -> dict[str, Any]:
    answer = run.create("project", PROJECTS, {"name": run.prefix + label, **body})
    answer.raise_for_status()
    project: dict[str, Any] = answer.json()
    run.made.setdefault("names", {})[project["id"]] = project["name"]
    return project


def projects(run: Run) -> None:
    acme, borg = run.made["acme"], run.made["borg"]
    dormant = _new_project(run, "Common", {})  # no `active`: left to Toggl's default
    run.made["dormant"] = dormant
    with run.check("project-create-archived"):
        expect(dormant["active"] is False, f"created with active {dormant.get('active')!r}")
    with run.check("project-body-nulls"):
        _check_body(dormant, nulls=(*NULL_WHEN_UNSET, "cid"))
        expect("end_date" not in dormant, "end_date is sent while unset")
    with run.check("at-seconds"):
        expect(AT_SECONDS.fullmatch(dormant["at"]), f"project at {dormant['at']!r}")
    if dormant["active"]:  # repair: the name check below is about an archived project
        run.call("PUT", f"{PROJECTS}/{dormant['id']}", json={"active": False}).raise_for_status()
    extras = {"billable": True, "color": CUSTOM_COLOUR}  # premium fields: this run is paid
    common = _new_project(run, "Common", {"client_id": acme["id"], "active": True, **extras})
    run.made["common"] = common
    clash = run.create("project", PROJECTS, {"name": run.prefix + "Common", "active": True})
    with run.check("project-names"):
        expect(
            clash.status_code == 400, f"a second no-client 'Common' answered {clash.status_code}"
        )
    by_name = _new_project(run, "Delta", {"client_name": acme["name"], "active": True})
    with run.check("project-client-name"):
        cid = by_name.get("client_id")
        expect(cid == acme["id"], f"client_id {cid!r}, not {acme['id']}")
    if by_name.get("client_id") != acme["id"]:  # repair: later checks need it under Acme
        path = f"{PROJECTS}/{by_name['id']}"
        by_name = run.call("PUT", path, json={"client_id": acme["id"]}).json()
    run.made["delta"] = by_name
    run.made["echo"] = _new_project(run, "Echo", {"client_id": borg["id"], "active": False})


def _check_body(project: dict[str, Any], nulls: tuple[str, ...]) -> None:
    for key in nulls:
        expect(key in project, f"{key} is absent, not null")
        expect(project[key] is None, f"{key} is {project[key]!r}")
    for key in ALWAYS_PRESENT:
        expect(key in project, f"{key} is absent")


def lists(run: Run) -> None:
    names: dict[int, str] = run.made["names"]
    ours = [names[pid] for pid in run.owned["project"]]
    params = {"active": "both", "name": run.prefix, "sort_field": "name", "sort_order": "DESC"}
    page = run.call("GET", PROJECTS, params={**params, "per_page": 2, "page": 1}).json() or []
    with run.check("list-sort"):
        got = [p["name"] for p in page]
        expect(got == sorted(ours, reverse=True)[:2], f"first page by name, descending: {got}")
    with run.check("list-total-count"):
        totals = {p.get("total_count") for p in page}
        expect(totals == {len(ours)}, f"total_count {totals} for {len(ours)} projects")
        clients = {c["id"]: c["name"] for c in (run.made["acme"], run.made["borg"])}
        for project in page:
            wanted = clients.get(project["client_id"])
            expect(
                project.get("client_name") == wanted, f"client_name {project.get('client_name')!r}"
            )
    with run.check("project-body-nulls"):
        for project in page:
            _check_body(project, nulls=NULL_WHEN_UNSET)
            expect("status" in project, "a listed project has no status")
    acme = run.made["acme"]["id"]
    under = run.call("GET", PROJECTS, params={"active": "both", "client_ids": acme}).json() or []
    with run.check("list-client-ids"):
        got_ids = {p["id"] for p in under}
        wanted_ids = {run.made["common"]["id"], run.made["delta"]["id"]}
        expect(got_ids == wanted_ids, f"client_ids={acme} lists {sorted(got_ids)}")
    params = {"active": "both", "billable": "true", "name": run.prefix}
    billable = run.call("GET", PROJECTS, params=params)
    with run.check("list-billable"):
        got_ids = {p["id"] for p in billable.json() or []}
        expect(got_ids == {run.made["common"]["id"]}, f"billable=true lists {sorted(got_ids)}")


def bulk_patch(run: Run) -> None:
    ids = [run.made["common"]["id"], run.made["delta"]["id"]]
    replace = [{"op": "replace", "path": "/color", "value": PALETTE_COLOUR}]
    answer = run.call("PATCH", f"{PROJECTS}/{','.join(map(str, ids))}", json=replace)
    with run.check("bulk-patch"):
        expect(answer.status_code == 200, f"answered {answer.status_code}: {answer.text[:120]}")
        body = answer.json()
        expect(sorted(body["success"]) == sorted(ids), f"success {body['success']}")
        expect(body["failure"] == [], f"failure {body['failure']}")
    echo = run.made["echo"]["id"]
    activate = [{"op": "replace", "path": "/active", "value": True}]
    refused = run.call("PATCH", f"{PROJECTS}/{echo}", json=activate)
    with run.check("bulk-patch-refuses-active"):
        if refused.status_code == 200:
            body = refused.json()
            expect(echo not in body.get("success", []), "PATCH /active succeeded")
    # 99 ids no project can have (far beyond any issued id) beside one real one.
    many = [ids[0]] + [2**62 + n for n in range(1, 100)]
    hundred = run.call("PATCH", f"{PROJECTS}/{','.join(map(str, many))}", json=replace)
    with run.check("bulk-patch-100"):
        expect(hundred.status_code == 200, f"100 ids answered {hundred.status_code}")
        expect(ids[0] in hundred.json()["success"], f"answer {hundred.text[:120]}")


def feature_402(run: Run, answer: Any, what: str) -> None:
    """A plan-feature 402 must not read as a quota stop: remaining is above 0."""
    with run.check("feature-402-not-quota"):
        expect(answer.status_code == 402, f"{what} answered {answer.status_code}")
        remaining = answer.headers.get(QUOTA_REMAINING)
        expect(remaining is not None, f"{what}: a 402 without {QUOTA_REMAINING}")
        expect(int(remaining) > 0, f"{what}: remaining {remaining}")


def free_plan_fields(run: Run) -> None:
    billable = run.create("project", PROJECTS, {"name": run.prefix + "Fox", "billable": True})
    with run.check("free-premium-fields-402"):
        expect(billable.status_code == 402, f"billable answered {billable.status_code}")
    feature_402(run, billable, "billable")
    body = {"name": run.prefix + "Golf", "color": CUSTOM_COLOUR, "active": False}
    coloured = run.create("project", PROJECTS, body)
    with run.check("free-custom-colour-402"):
        expect(
            coloured.status_code == 402, f"colour {CUSTOM_COLOUR} answered {coloured.status_code}"
        )
