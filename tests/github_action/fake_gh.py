"""A stand-in for the `gh` command: `gh api` over a small, stateful GitHub kept in a JSON file.

It serves the REST calls the action makes (issue and pull-request comments, issues, the pull
requests of a commit, workflow runs, artifacts and their zips), pages listings the way GitHub does
(`per_page`, `page`), and records every call, with whether the Toggl token was in its environment.
The state file is named by FAKE_GH_STATE; `fail` maps "METHOD path" to an error to answer once.
"""

from __future__ import annotations

import base64
import json
import os
import re
import sys
from typing import Any
from urllib.parse import parse_qs, urlsplit


def page(items: list[Any], query: dict[str, list[str]]) -> list[Any]:
    size = int(query.get("per_page", ["30"])[0])
    number = int(query.get("page", ["1"])[0])
    return items[(number - 1) * size : number * size]


def handle(state: dict[str, Any], method: str, path: str, body: Any) -> Any:
    parts = urlsplit(path)
    query = parse_qs(parts.query)
    prefix = f"repos/{state['repo']}/"
    if not parts.path.startswith(prefix):
        raise LookupError(path)
    route = parts.path[len(prefix) :]
    comments: dict[str, list[dict[str, Any]]] = state.setdefault("comments", {})

    def new_id() -> int:
        state["next_id"] = state.get("next_id", 1000) + 1
        return int(state["next_id"])

    if m := re.fullmatch(r"issues/(\d+)/comments", route):
        thread = comments.setdefault(m[1], [])
        if method == "GET":
            return page(thread, query)
        if method == "POST":
            thread.append({"id": new_id(), "body": body["body"]})
            return thread[-1]
    if (m := re.fullmatch(r"issues/comments/(\d+)", route)) and method == "PATCH":
        for thread in comments.values():
            for comment in thread:
                if comment["id"] == int(m[1]):
                    comment["body"] = body["body"]
                    return comment
    if route == "issues":
        issues: list[dict[str, Any]] = state.setdefault("issues", [])
        if method == "GET":
            wanted = query.get("state", ["open"])[0]
            return page([i for i in issues if i["state"] == wanted], query)
        if method == "POST":
            number = new_id()
            issues.append({"number": number, "state": "open", **body})
            return issues[-1]
    if (m := re.fullmatch(r"issues/(\d+)", route)) and method == "PATCH":
        for issue in state.get("issues", []):
            if issue["number"] == int(m[1]):
                issue.update(body)
                return issue
    if (m := re.fullmatch(r"commits/([0-9a-f]+)/pulls", route)) and method == "GET":
        return state.get("pulls", {}).get(m[1], [])
    if route == "actions/runs" and method == "GET":
        runs = [
            run
            for run in state.get("runs", [])
            if run["head_sha"] == query["head_sha"][0] and run["event"] == query["event"][0]
        ]
        runs.sort(key=lambda r: r["created_at"], reverse=True)
        return {"total_count": len(runs), "workflow_runs": page(runs, query)}
    if (m := re.fullmatch(r"actions/runs/(\d+)/artifacts", route)) and method == "GET":
        found = [
            a
            for a in state.get("artifacts", {}).get(m[1], [])
            if a["name"] == query.get("name", [a["name"]])[0]
        ]
        return {"total_count": len(found), "artifacts": found}
    if (m := re.fullmatch(r"actions/artifacts/(\d+)/zip", route)) and method == "GET":
        return base64.b64decode(state["zips"][m[1]])
    raise LookupError(path)


def main(argv: list[str]) -> int:
    if argv[:1] != ["api"]:
        print(f"fake gh: only `gh api` is served, not {argv}", file=sys.stderr)
        return 2
    method, path, body = "GET", "", None
    args = iter(argv[1:])
    for arg in args:
        if arg in ("--method", "-X"):
            method = next(args)
        elif arg == "--input":
            assert next(args) == "-"
            body = json.load(sys.stdin)
        elif arg.startswith("-"):
            print(f"fake gh: unexpected option {arg}", file=sys.stderr)
            return 2
        else:
            path = arg
    state_file = os.environ["FAKE_GH_STATE"]
    with open(state_file, encoding="utf-8") as fh:
        state = json.load(fh)
    state.setdefault("calls", []).append(
        {"method": method, "path": path, "toggl_token": "TOGGL_API_TOKEN" in os.environ}
    )
    failure = state.setdefault("fail", {}).pop(f"{method} {path.split('?')[0]}", None)
    try:
        if failure:
            raise PermissionError(failure)
        answer = handle(state, method, path, body)
    except LookupError:
        answer, failure = None, "Not Found (HTTP 404)"
    except PermissionError:
        answer = None
    with open(state_file, "w", encoding="utf-8") as fh:
        json.dump(state, fh)
    if failure:
        print(f"gh: {failure}", file=sys.stderr)
        return 1
    if isinstance(answer, bytes):
        sys.stdout.buffer.write(answer)
    else:
        json.dump(answer, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
