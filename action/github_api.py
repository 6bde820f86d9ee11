"""The GitHub side of the action, through the `gh` command: the sticky pull-request comment, the
drift issue, and the plan reviewed on a merged pull request.

Only `gh api` is used, with JSON bodies on standard input and pagination done here, so that the
calls are plain REST and need no jq.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

PAGE_SIZE = 100
# A runaway listing (a proxy that ignores `page`, say) stops here instead of looping forever.
MAX_PAGES = 100


class ActionError(Exception):
    """An expected failure, reported as one error annotation."""


class GitHub:
    """`gh api` calls on one repository. The Toggl token is removed from `gh`'s environment: it
    needs only the GitHub token."""

    def __init__(self, repo: str) -> None:
        self.repo = repo
        self.env = {k: v for k, v in os.environ.items() if k != "TOGGL_API_TOKEN"}

    def _gh(self, method: str, path: str, body: Any = None) -> bytes:
        cmd = ["gh", "api", "--method", method, path]
        data = None
        if body is not None:
            cmd += ["--input", "-"]
            data = json.dumps(body).encode()
        try:
            proc = subprocess.run(cmd, input=data, capture_output=True, env=self.env, check=False)
        except FileNotFoundError:
            raise ActionError("the gh command is not installed on this runner") from None
        if proc.returncode != 0:
            why = proc.stderr.decode(errors="replace").strip() or f"exit {proc.returncode}"
            raise ActionError(f"GitHub API {method} {path.split('?')[0]}: {why}")
        return proc.stdout

    def call(self, method: str, path: str, body: Any = None) -> Any:
        out = self._gh(method, f"repos/{self.repo}/{path}", body)
        return json.loads(out) if out.strip() else None

    def pages(self, path: str) -> Iterator[dict[str, Any]]:
        """Every item of a listing, page by page."""
        sep = "&" if "?" in path else "?"
        for page in range(1, MAX_PAGES + 1):
            items = self.call("GET", f"{path}{sep}per_page={PAGE_SIZE}&page={page}") or []
            yield from items
            if len(items) < PAGE_SIZE:
                return

    def download(self, path: str) -> bytes:
        return self._gh("GET", f"repos/{self.repo}/{path}")


def upsert_comment(gh: GitHub, number: int, marker: str, body: str, *, create: bool) -> str:
    """Edit the pull request's comment that starts with `marker`, or add one (only if `create`).
    Returns what was done: "updated", "created" or "skipped"."""
    for comment in gh.pages(f"issues/{number}/comments"):
        if (comment.get("body") or "").startswith(marker):
            gh.call("PATCH", f"issues/comments/{comment['id']}", {"body": body})
            return "updated"
    if not create:
        return "skipped"
    gh.call("POST", f"issues/{number}/comments", {"body": body})
    return "created"


def sync_drift_issue(
    gh: GitHub, marker: str, *, drifted: bool, title: str, body: str, note: str
) -> str:
    """Keep one open issue (found by `marker`) while `drifted`; close it, with `note`, when not.
    Returns "opened", "updated", "closed" or "none"."""
    issue = next(
        (
            item
            for item in gh.pages("issues?state=open")
            if "pull_request" not in item and (item.get("body") or "").startswith(marker)
        ),
        None,
    )
    if drifted:
        if issue is None:
            gh.call("POST", "issues", {"title": title, "body": body})
            return "opened"
        gh.call("PATCH", f"issues/{issue['number']}", {"title": title, "body": body})
        return "updated"
    if issue is None:
        return "none"
    gh.call("POST", f"issues/{issue['number']}/comments", {"body": note})
    gh.call("PATCH", f"issues/{issue['number']}", {"state": "closed", "state_reason": "completed"})
    return "closed"


@dataclass(frozen=True)
class ReviewedPlan:
    pull_request: int
    head_sha: str
    run_id: int
    run_url: str
    artifact_id: int


def find_reviewed_plan(gh: GitHub, sha: str, workflow: str, artifact: str) -> ReviewedPlan:
    """The plan saved by the newest run of `workflow` on the last commit of the pull request
    merged as `sha`. Refuses, rather than guess, whenever that exact plan cannot be found: any
    other plan (another pull request's, an older commit's) was not the one reviewed."""
    pulls = gh.call("GET", f"commits/{sha}/pulls") or []
    merged = [p for p in pulls if p.get("merged_at") and p.get("merge_commit_sha") == sha]
    if not merged:
        raise ActionError(
            f"commit {sha[:12]} was not merged from a pull request, so no plan was reviewed for "
            "it: nothing is applied. Change the config through a pull request."
        )
    if len(merged) > 1:
        numbers = ", ".join(f"#{p['number']}" for p in merged)
        raise ActionError(f"commit {sha[:12]} is the merge of several pull requests ({numbers})")
    number, head = merged[0]["number"], merged[0]["head"]["sha"]
    query = f"actions/runs?head_sha={head}&event=pull_request&per_page={PAGE_SIZE}"
    runs = (gh.call("GET", query) or {}).get("workflow_runs", [])
    wanted = workflow_file(workflow)
    ours = [
        run
        for run in runs
        if workflow_file(run.get("path", "")) == wanted
        # A run lists its pull requests, except for forks (and sometimes after the merge): an
        # empty list is not another pull request, a list without ours is.
        and (not run.get("pull_requests") or number in [p["number"] for p in run["pull_requests"]])
    ]
    if not ours:
        raise ActionError(
            f"pull request #{number} has no run of {wanted} on its last commit {head[:12]}: "
            "no plan was reviewed, nothing is applied"
        )
    run = max(ours, key=lambda r: (r.get("created_at") or "", r["id"]))
    url = run.get("html_url") or f"run {run['id']}"
    if run.get("status") != "completed":
        raise ActionError(f"the plan run of pull request #{number} has not finished: {url}")
    if run.get("conclusion") != "success":
        raise ActionError(
            f"the newest plan run of pull request #{number} ended '{run.get('conclusion')}', so "
            f"its plan was not approved: nothing is applied ({url})"
        )
    listed = gh.call("GET", f"actions/runs/{run['id']}/artifacts?name={quote(artifact)}") or {}
    found = [
        a for a in listed.get("artifacts", []) if a.get("name") == artifact and not a.get("expired")
    ]
    if not found:
        raise ActionError(
            f"the plan run of pull request #{number} has no '{artifact}' artifact (expired, or "
            f"saved under another name): nothing is applied ({url})"
        )
    return ReviewedPlan(number, head, run["id"], url, found[0]["id"])


def download_plan(gh: GitHub, plan: ReviewedPlan, member: str) -> bytes:
    """The plan file inside the artifact's zip."""
    data = gh.download(f"actions/artifacts/{plan.artifact_id}/zip")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read(member)
    except (zipfile.BadZipFile, KeyError):
        raise ActionError(
            f"the plan artifact of pull request #{plan.pull_request} holds no {member}"
        ) from None


def workflow_file(path: str) -> str:
    """`owner/repo/.github/workflows/x.yml@refs/heads/main` and `.github/workflows/x.yml` both
    name x.yml (workflows live in one folder, so the file name is enough)."""
    return PurePosixPath(path.split("@", 1)[0]).name
