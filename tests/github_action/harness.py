"""What the action's tests share: where things are, and the state behind the fake `gh`."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "action" / "toggl_action.py"
HERE = Path(__file__).resolve().parent
REPO = "acme/books"
TOKEN = "toggl-secret-0123456789"


def sha(n: int) -> str:
    return f"{n:040x}"


class FakeGitHub:
    """The state behind the fake `gh`, read and written as JSON."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.save({"repo": REPO})

    def load(self) -> dict[str, Any]:
        return json.loads(self.path.read_text())

    def save(self, state: dict[str, Any]) -> None:
        self.path.write_text(json.dumps(state))

    def edit(self, change: Callable[[dict[str, Any]], None]) -> None:
        state = self.load()
        change(state)
        self.save(state)

    @property
    def calls(self) -> list[dict[str, Any]]:
        return self.load().get("calls", [])

    def comments(self, number: int) -> list[dict[str, Any]]:
        return self.load().get("comments", {}).get(str(number), [])

    @property
    def issues(self) -> list[dict[str, Any]]:
        return self.load().get("issues", [])

    def add_comment(self, number: int, body: str) -> None:
        def add(state: dict[str, Any]) -> None:
            thread = state.setdefault("comments", {}).setdefault(str(number), [])
            thread.append({"id": 1 + len(thread) + 10 * number, "body": body})

        self.edit(add)

    def fail_once(self, method: str, path: str, message: str) -> None:
        self.edit(lambda s: s.setdefault("fail", {}).__setitem__(f"{method} {path}", message))

    def merged_pull(self, number: int, head: str, merge_sha: str) -> None:
        pull = {"number": number, "head": {"sha": head}, "merged_at": "2026-01-02T10:00:00Z"}
        pull["merge_commit_sha"] = merge_sha
        self.edit(lambda s: s.setdefault("pulls", {}).setdefault(merge_sha, []).append(pull))

    def run(
        self,
        run_id: int,
        head: str,
        *,
        created: str,
        pulls: list[int] | None = None,
        conclusion: str | None = "success",
        workflow: str = ".github/workflows/toggl.yml",
        plan: dict[str, Any] | None = None,
        artifact: str = "toggl-plan",
        expired: bool = False,
    ) -> None:
        """A pull_request run of `workflow` on `head`; with `plan`, its artifact holding it."""
        entry = {
            "id": run_id,
            "head_sha": head,
            "event": "pull_request",
            "path": workflow,
            "created_at": created,
            "status": "completed" if conclusion else "in_progress",
            "conclusion": conclusion,
            "html_url": f"https://github.com/{REPO}/actions/runs/{run_id}",
            "pull_requests": [{"number": n} for n in pulls or []],
        }

        def add(state: dict[str, Any]) -> None:
            state.setdefault("runs", []).append(entry)
            if plan is not None:
                zipped = io.BytesIO()
                with zipfile.ZipFile(zipped, "w") as archive:
                    archive.writestr("plan.json", json.dumps(plan))
                art_id = run_id * 10
                arts = state.setdefault("artifacts", {}).setdefault(str(run_id), [])
                arts.append({"id": art_id, "name": artifact, "expired": expired})
                state.setdefault("zips", {})[str(art_id)] = base64.b64encode(
                    zipped.getvalue()
                ).decode()

        self.edit(add)
