"""Every assumption about Toggl that the tool relies on, as the contract checks decide them.

The README's fidelity table lists the same keys (a test keeps the two in step). Sources:
`recorded` (public recordings of real traffic), `documented` (Toggl's reference),
`unknown` (nothing recorded: the project assumes it, and acceptance mode finds out).

`plans` says on which workspaces a check runs: most need a paid plan (archiving clients is
premium-only, and a Free organisation's 30 requests an hour hold only the Free-plan checks).
"""

from __future__ import annotations

from contract_kit import Assumption

BOTH, FREE = ("paid", "free"), ("free",)

_ALL = [
    # access and workspaces
    Assumption(
        "auth-missing-401",
        "No credentials: 401, empty body, X-Authorization-Missing: true",
        "recorded",
        BOTH,
    ),
    Assumption(
        "auth-bad-token-403",
        "A bad token: 403",
        "documented",
        BOTH,
    ),
    Assumption(
        "quota-headers",
        "Usage headers X-Toggl-Quota-Remaining/-Resets-In on ordinary answers",
        "recorded",
        BOTH,
    ),
    Assumption(
        "workspace-object",
        "GET /workspaces/{wid}: the full workspace object with its plan flags",
        "recorded",
        BOTH,
    ),
    Assumption(
        "workspaces-list",
        "GET /workspaces lists the token's workspaces",
        "recorded",
        BOTH,
    ),
    Assumption(
        "me-workspaces",
        "GET /me/workspaces lists the workspace (names resolve through it)",
        "documented",
        BOTH,
    ),
    Assumption(
        "plan-flag",
        "The workspace's `premium` flag tells whether archiving a client answers 402",
        "unknown",
        BOTH,
    ),
    Assumption(
        "errors-json",
        "Error bodies are JSON strings sent as application/json",
        "recorded",
    ),
    # clients
    Assumption(
        "clients-list",
        "The client list is one bare array; without `status` only active clients",
        "documented",
    ),
    Assumption(
        "client-names-unique",
        "A second client with the same name is refused (400)",
        "recorded",
    ),
    Assumption(
        "client-names-case",
        "Client names differing only in case are allowed",
        "recorded",
    ),
    Assumption(
        "at-seconds",
        "`at` has second precision",
        "recorded",
    ),
    # projects
    Assumption(
        "project-create-archived",
        "A project created without `active` is archived",
        "recorded",
    ),
    Assumption(
        "project-body-nulls",
        "Project bodies carry rate, fixed_fee, recurring_parameters, cid as null, and is_shared",
        "recorded",
    ),
    Assumption(
        "project-names",
        "Project names repeat under different clients; an archived project holds its name",
        "recorded",
    ),
    Assumption(
        "project-client-name",
        "`client_name` on project create links the named client",
        "recorded",
    ),
    Assumption(
        "list-total-count",
        "`total_count` on a project page counts the whole listing; items carry client_name",
        "unknown",
    ),
    Assumption(
        "list-sort",
        "`sort_field`/`sort_order` order the project list",
        "recorded",
    ),
    Assumption(
        "list-billable",
        "`billable` filters the project list",
        "recorded",
    ),
    Assumption(
        "list-client-ids",
        "`client_ids` filters the project list",
        "recorded",
    ),
    Assumption(
        "list-since",
        "`since` lists projects created or deleted since (with server_deleted_at), not older ones",
        "recorded",
    ),
    Assumption(
        "bulk-patch",
        "Bulk PATCH `replace` answers {success, failure} and applies the change",
        "recorded",
    ),
    Assumption(
        "bulk-patch-100",
        "Bulk PATCH takes 100 project ids in one request",
        "unknown",
    ),
    Assumption(
        "bulk-patch-refuses-active",
        "Bulk PATCH refuses `active`",
        "recorded",
    ),
    # archive and restore (paid plans)
    Assumption(
        "client-archive-cascade",
        "Archiving a client archives its active projects and answers their ids",
        "documented",
    ),
    Assumption(
        "archive-moves-at",
        "A client archive cascade moves its projects' `at`",
        "unknown",
    ),
    Assumption(
        "since-after-cascade",
        "`since` lists the projects a client archive cascade archived",
        "unknown",
    ),
    Assumption(
        "restore-empty-list",
        "Restore with projects [] brings back the client alone",
        "documented",
    ),
    Assumption(
        "restore-list",
        "Restore with a project list brings back exactly those projects",
        "documented",
    ),
    Assumption(
        "restore-all",
        "Restore with restore_all_projects brings back every project of the client",
        "documented",
    ),
    Assumption(
        "bulk-client-archive",
        "Bulk client archive answers [{client_ids, project_ids}]",
        "recorded",
    ),
    # deletes
    Assumption(
        "client-delete-keeps-projects",
        "Deleting a client keeps its projects, without a client",
        "unknown",
    ),
    Assumption(
        "delete-unassign",
        "Project DELETE with teDeletionMode=unassign keeps its time entries, unassigned",
        "documented",
    ),
    Assumption(
        "delete-default",
        "What project DELETE without teDeletionMode does to time entries",
        "unknown",
    ),
    # the Free plan
    Assumption(
        "free-archive-402",
        "Free: archiving clients (one or in bulk) answers 402 and archives nothing",
        "recorded",
        FREE,
    ),
    Assumption(
        "feature-402-not-quota",
        "A plan-feature 402 carries the usage headers with remaining above 0",
        "recorded",
        FREE,
    ),
    Assumption(
        "free-premium-fields-402",
        "Free: a premium field (billable) answers 402",
        "recorded",
        FREE,
    ),
    Assumption(
        "free-custom-colour-402",
        "Free: a colour outside Toggl's palette answers 402",
        "recorded",
        FREE,
    ),
    Assumption(
        "free-active-limit",
        "Free: a sixth active project is refused",
        "recorded",
        FREE,
    ),
]

ASSUMPTIONS: dict[str, Assumption] = {a.key: a for a in _ALL}
