"""The floor for reading a workspace: the pages `plan` reads, fetched with requests and decoded
with json, and nothing else: no config, no model, no plan.

Usage: python -m benchmarks.bare WORKSPACE_ID (TOGGL_API_URL and TOGGL_API_TOKEN as for the
reconciler). Run through measure.py, which reports the process's CPU time and peak memory.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import requests

PAGE_SIZE = 200


def download(url: str, token: str, workspace_id: int) -> tuple[list[Any], list[Any]]:
    """Every client and every project, active and archived: the same requests `plan` sends."""
    base = f"{url.rstrip('/')}/workspaces/{workspace_id}"
    session = requests.Session()
    session.auth = (token, "api_token")
    clients = session.get(f"{base}/clients", params={"status": "both"}).json()
    projects: list[Any] = []
    page = 1
    while True:
        params: dict[str, Any] = {"active": "both", "page": page, "per_page": PAGE_SIZE}
        batch = session.get(f"{base}/projects", params=params).json()
        projects.extend(batch)
        if len(batch) < PAGE_SIZE:
            return clients, projects
        # As plan does: a full last page says how many projects there are in all.
        total = batch[-1].get("total_count")
        if isinstance(total, int) and len(projects) >= total:
            return clients, projects
        page += 1


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    clients, projects = download(
        os.environ["TOGGL_API_URL"], os.environ["TOGGL_API_TOKEN"], int(args[0])
    )
    print(f"{len(clients)} clients, {len(projects)} projects")


if __name__ == "__main__":
    main()
