"""The contract checks, part two: archiving and restoring, `since`, deletes and what they do to
time entries, and the Free plan's limits. `STEPS` is the whole run, in order.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from contract_kit import NOT_CHECKED
from contract_run import Run, Step, Unmet, expect, parse_time
from contract_steps import (
    CLIENTS,
    PROJECTS,
    access,
    bulk_patch,
    clients,
    feature_402,
    free_plan_fields,
    lists,
    projects,
    workspaces,
)

TIME_ENTRIES = "/workspaces/{wid}/time_entries"


def _projects_of(run: Run, cid: int) -> dict[int, dict[str, Any]]:
    answer = run.call("GET", PROJECTS, params={"active": "both", "client_ids": cid})
    return {p["id"]: p for p in answer.json() or []}


def archive(run: Run) -> None:
    run.made["since"] = run.mark()
    acme = run.made["acme"]["id"]
    answer = run.call("POST", f"{CLIENTS}/{acme}/archive")
    with run.check("plan-flag"):
        expect(
            answer.status_code == 200,
            f"`premium` is true, yet archive answered {answer.status_code}",
        )
    with run.check("client-archive-cascade"):
        expect(answer.status_code == 200, f"archive answered {answer.status_code}")
        wanted = sorted([run.made["common"]["id"], run.made["delta"]["id"]])
        expect(sorted(answer.json()) == wanted, f"answered {answer.json()}, not {wanted}")


def since(run: Run) -> None:
    """One `since` listing sees a cascade, a create and a delete, and must not see older work."""
    fresh = run.create("project", PROJECTS, {"name": run.prefix + "Romeo", "active": True})
    fresh.raise_for_status()
    run.made["romeo"] = fresh.json()
    dormant = run.made["dormant"]["id"]
    path = f"{PROJECTS}/{dormant}?teDeletionMode=unassign"
    if run.call("DELETE", path).status_code == 200:
        run.deleted("project", dormant)
    params = {"active": "both", "since": run.made["since"]}
    listed = {p["id"]: p for p in run.call("GET", PROJECTS, params=params).json() or []}
    echo = run.made["echo"]["id"]
    with run.check("list-since"):
        expect(fresh.json()["id"] in listed, "a project created since is missing")
        expect(dormant in listed, "a project deleted since is missing")
        expect(
            listed[dormant].get("server_deleted_at"), "the deleted project has no server_deleted_at"
        )
        expect(echo not in listed, "a project last changed before `since` is listed")
    with run.check("since-after-cascade"):
        for key in ("common", "delta"):
            expect(run.made[key]["id"] in listed, f"{key}, archived by the cascade, is missing")
        expect(echo not in listed, "a project last changed before `since` is listed")


def after_archive(run: Run) -> None:
    active = run.call("GET", CLIENTS).json() or []
    with run.check("clients-list"):
        ids = {c["id"] for c in active}
        expect(run.made["borg"]["id"] in ids, "an active client is missing")
        expect(run.made["acme"]["id"] not in ids, "without `status`, an archived client is listed")
    rows = _projects_of(run, run.made["acme"]["id"])
    pair = [run.made["common"]["id"], run.made["delta"]["id"]]
    with run.check("client-archive-cascade"):
        expect(all(rows[pid]["active"] is False for pid in pair), "a project is still active")
    with run.check("archive-moves-at"):
        for pid in pair:
            moved = parse_time(rows[pid]["at"]) >= run.made["since"]
            expect(moved, f"project {pid} at {rows[pid]['at']} predates the archive")
    with run.check("bulk-patch"):
        colours = {rows[pid]["color"] for pid in pair}
        expect(colours == {"#2da608"}, f"colours after the bulk PATCH: {colours}")


def restore(run: Run) -> None:
    acme = run.made["acme"]["id"]
    common, delta = run.made["common"]["id"], run.made["delta"]["id"]

    def restore_with(body: dict[str, Any]) -> dict[int, dict[str, Any]]:
        answer = run.call("POST", f"{CLIENTS}/{acme}/restore", json=body)
        expect(answer.status_code == 200, f"restore {body} answered {answer.status_code}")
        expect(answer.json()["archived"] is False, "the client is still archived")
        return _projects_of(run, acme)

    with run.check("restore-empty-list"):
        rows = restore_with({"projects": []})
        expect(not rows[common]["active"] and not rows[delta]["active"], "a project came back")
    run.call("POST", f"{CLIENTS}/{acme}/archive")
    with run.check("restore-list"):
        rows = restore_with({"projects": [common]})
        expect(rows[common]["active"] and not rows[delta]["active"], "not exactly the listed one")
    run.call("POST", f"{CLIENTS}/{acme}/archive")
    with run.check("restore-all"):
        rows = restore_with({"restore_all_projects": True})
        expect(rows[common]["active"] and rows[delta]["active"], "a project stayed archived")
    bulk = run.call("POST", f"{CLIENTS}/archive", json=[acme])
    with run.check("bulk-client-archive"):
        expect(bulk.status_code == 200, f"answered {bulk.status_code}")
        (entry,) = bulk.json()
        expect(entry["client_ids"] == [acme], f"client_ids {entry['client_ids']}")
        expect(sorted(entry["project_ids"]) == sorted([common, delta]), f"{entry['project_ids']}")


def client_delete(run: Run) -> None:
    borg, echo = run.made["borg"]["id"], run.made["echo"]["id"]
    gone = run.call("DELETE", f"{CLIENTS}/{borg}")
    if gone.status_code == 200:
        run.deleted("client", borg)
    left = run.call("GET", f"{PROJECTS}/{echo}")
    if left.status_code == 404:
        run.deleted("project", echo)
    with run.check("client-delete-keeps-projects"):
        expect(gone.status_code == 200, f"DELETE answered {gone.status_code}")
        expect(left.status_code == 200, f"its project answers {left.status_code}")
        body = left.json()
        expect((body.get("client_id"), body.get("cid")) == (None, None), f"client {body}")
    with run.check("bulk-patch-refuses-active"):
        expect(left.json()["active"] is False, "the refused PATCH of /active restored it")


def _track(run: Run, project_id: int) -> int:
    """One minute of tracked time, two hours ago, on the project; answer the entry's id."""
    start = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=2)
    body = {
        "created_with": "toggl-reconciler contract",
        "description": run.prefix + "entry",
        "workspace_id": run.wid,
        "project_id": project_id,
        "start": start.isoformat().replace("+00:00", "Z"),
        "duration": 60,
    }
    answer = run.create("time_entry", TIME_ENTRIES, body)
    answer.raise_for_status()
    return int(answer.json()["id"])


def time_entries(run: Run) -> None:
    """Delete a tracked project twice: without teDeletionMode, and with unassign."""
    romeo = run.made["romeo"]["id"]
    entry = _track(run, romeo)
    deleted = run.call("DELETE", f"{PROJECTS}/{romeo}")
    if deleted.status_code == 200:
        run.deleted("project", romeo)
    after = run.call("GET", f"/me/time_entries/{entry}")
    with run.check("delete-default"):
        expect(deleted.status_code == 200, f"DELETE answered {deleted.status_code}")
        if after.status_code == 404:
            run.deleted("time_entry", entry)
            run.observe("delete-default", "delete: the project's time entries went with it")
        elif after.status_code == 200 and after.json().get("project_id") is None:
            run.observe("delete-default", "unassign: the time entries stay, without a project")
        else:
            raise Unmet(f"the time entry answers {after.status_code}: {after.text[:120]}")
    sierra = run.create("project", PROJECTS, {"name": run.prefix + "Sierra", "active": True})
    sierra.raise_for_status()
    entry = _track(run, sierra.json()["id"])
    unassigned = run.call("DELETE", f"{PROJECTS}/{sierra.json()['id']}?teDeletionMode=unassign")
    if unassigned.status_code == 200:
        run.deleted("project", sierra.json()["id"])
    after = run.call("GET", f"/me/time_entries/{entry}")
    with run.check("delete-unassign"):
        expect(unassigned.status_code == 200, f"DELETE answered {unassigned.status_code}")
        expect(after.status_code == 200, f"the time entry answers {after.status_code}")
        expect(
            after.json().get("project_id") is None, f"project_id {after.json().get('project_id')}"
        )


def free_client(run: Run) -> None:
    acme = run.create("client", CLIENTS, {"name": run.prefix + "Acme"})
    acme.raise_for_status()
    run.made["acme"] = acme.json()


def free_archive(run: Run) -> None:
    acme = run.made["acme"]["id"]
    single = run.call("POST", f"{CLIENTS}/{acme}/archive")
    with run.check("plan-flag"):
        expect(
            single.status_code == 402,
            f"`premium` is false, yet archive answered {single.status_code}",
        )
    feature_402(run, single, "archive")
    bulk = run.call("POST", f"{CLIENTS}/archive", json=[acme])
    active = {c["id"] for c in run.call("GET", CLIENTS).json() or []}
    with run.check("free-archive-402"):
        expect(single.status_code == 402, f"archive answered {single.status_code}")
        expect(bulk.status_code == 402, f"bulk archive answered {bulk.status_code}")
        expect(acme in active, "the client was archived all the same")


def free_limit(run: Run) -> None:
    """Fill the organisation up to five active projects; the sixth must be refused."""
    active = run.made.get("org_active_projects")
    if active is None or active > 5:
        run.record("free-active-limit", NOT_CHECKED, f"active projects: {active}")
        return
    made = []
    for n in range(5 - active):
        made.append(
            run.create("project", PROJECTS, {"name": f"{run.prefix}Lima{n}", "active": True})
        )
    sixth = run.create("project", PROJECTS, {"name": run.prefix + "Lima-six", "active": True})
    with run.check("free-active-limit"):
        expect(all(p.status_code == 200 for p in made), "a project up to the fifth was refused")
        expect(
            400 <= sixth.status_code < 500, f"the sixth active project answered {sixth.status_code}"
        )


PAID, FREE, BOTH = ("paid",), ("free",), ("paid", "free")

STEPS = [
    Step("workspaces", ("workspaces-list", "me-workspaces"), 2, 0, BOTH, workspaces),
    Step("access", ("auth-missing-401", "auth-bad-token-403"), 2, 0, BOTH, access),
    Step("clients", ("at-seconds", "client-names-unique", "errors-json", "client-names-case"),
         4, 4, PAID, clients),
    Step("projects", ("project-create-archived", "project-body-nulls", "at-seconds",
                      "project-names", "project-client-name"), 7, 5, PAID, projects),
    Step("lists", ("list-sort", "list-total-count", "project-body-nulls", "list-client-ids",
                   "list-billable"), 3, 0, PAID, lists),
    Step("bulk-patch", ("bulk-patch", "bulk-patch-refuses-active", "bulk-patch-100"),
         3, 0, PAID, bulk_patch),
    Step("archive", ("plan-flag", "client-archive-cascade"), 1, 0, PAID, archive),
    Step("since", ("list-since", "since-after-cascade"), 3, 1, PAID, since),
    Step("after-archive", ("clients-list", "client-archive-cascade", "archive-moves-at",
                           "bulk-patch"), 2, 0, PAID, after_archive),
    Step("restore", ("restore-empty-list", "restore-list", "restore-all", "bulk-client-archive"),
         9, 0, PAID, restore),
    Step("client-delete", ("client-delete-keeps-projects", "bulk-patch-refuses-active"),
         2, 0, PAID, client_delete),
    Step("time-entries", ("delete-default", "delete-unassign"), 7, 3, PAID, time_entries),
    Step("free-client", (), 1, 1, FREE, free_client),
    Step("free-fields", ("free-premium-fields-402", "feature-402-not-quota",
                         "free-custom-colour-402"), 2, 2, FREE, free_plan_fields),
    Step("free-archive", ("plan-flag", "feature-402-not-quota", "free-archive-402"),
         3, 0, FREE, free_archive),
    Step("free-limit", ("free-active-limit",), 6, 6, FREE, free_limit),
]  # fmt: skip
