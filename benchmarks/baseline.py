"""Per-resource providers, for comparison: how a generic resource-by-resource tool (a Terraform
provider, say) reaches the same desired state.

Both write object by object: a client restore brings back the client alone and each project
follows with its own update; a client archive is preceded by one update per active project;
creates and updates go one by one. They differ in how they refresh:

- `per-object` (the naive provider): lists ids, then reads every client and project with its
  own GET;
- `lists` (a provider that batches reads): keeps the list answers, as the reconciler does, so it
  reads exactly as much as the reconciler and differs from it only in its writes.

Usage: python -m benchmarks.baseline --desired DESIRED.json --phases PHASES.json
[--refresh per-object|lists] (TOGGL_API_URL and TOGGL_API_TOKEN as for the reconciler).
DESIRED.json holds {"workspace_id", "clients": [{name, archived, notes}],
"projects": [{name, client, active, color}]}.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import Any

import requests

PAGE_SIZE = 200
Key = tuple[Any, str]  # (client name or None, project name)


class PerResourceProvider:
    def __init__(self, url: str, token: str, workspace_id: int) -> None:
        self.base = f"{url.rstrip('/')}/workspaces/{workspace_id}"
        self.session = requests.Session()
        self.session.auth = (token, "api_token")
        self.sent = 0

    def call(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        self.sent += 1
        resp = self.session.request(method, self.base + path, json=body, params=params or None)
        resp.raise_for_status()
        return resp.json() if resp.content else None

    def refresh(
        self, per_object: bool = True
    ) -> tuple[dict[str, dict[str, Any]], dict[Key, dict[str, Any]]]:
        """Every client and project by name: from the list answers, or (`per_object`) each read
        again with its own GET after listing ids."""
        clients = self.call("GET", "/clients", status="both")
        projects: list[dict[str, Any]] = []
        page = 1
        while True:
            batch = self.call("GET", "/projects", active="both", page=page, per_page=PAGE_SIZE)
            projects += batch
            if len(batch) < PAGE_SIZE:
                break
            page += 1
        if per_object:
            clients = [self.call("GET", f"/clients/{c['id']}") for c in clients]
            projects = [self.call("GET", f"/projects/{p['id']}") for p in projects]
        by_id = {c["id"]: c["name"] for c in clients}
        return (
            {c["name"]: c for c in clients},
            {(by_id.get(p["client_id"]), p["name"]): p for p in projects},
        )

    def converge(
        self,
        desired: dict[str, Any],
        clients: dict[str, dict[str, Any]],
        projects: dict[Key, dict[str, Any]],
    ) -> None:
        ids: dict[str, int] = {}
        to_archive: list[int] = []
        for want in desired["clients"]:
            have = clients.get(want["name"])
            if have is None:
                body = {"name": want["name"], "notes": want["notes"]}
                ids[want["name"]] = self.call("POST", "/clients", body)["id"]
                if want["archived"]:
                    to_archive.append(ids[want["name"]])
                continue
            cid = ids[want["name"]] = have["id"]
            if have["archived"] and not want["archived"]:
                self.call("POST", f"/clients/{cid}/restore", {"projects": []})
            if (have["notes"] or "") != (want["notes"] or ""):
                self.call("PUT", f"/clients/{cid}", {"name": want["name"], "notes": want["notes"]})
            if want["archived"] and not have["archived"]:
                to_archive.append(cid)
        for want in desired["projects"]:
            have = projects.get((want["client"], want["name"]))
            if have is None:
                client_id = ids[want["client"]] if want["client"] is not None else None
                body = {k: want[k] for k in ("name", "active", "color")}
                self.call("POST", "/projects", {**body, "client_id": client_id})
                continue
            changed = {k: want[k] for k in ("active", "color") if have[k] != want[k]}
            if changed:
                self.call("PUT", f"/projects/{have['id']}", changed)
        for cid in to_archive:
            self.call("POST", f"/clients/{cid}/archive")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--desired", required=True)
    parser.add_argument("--phases", required=True, help="where to write the refresh figures")
    parser.add_argument("--refresh", choices=("per-object", "lists"), default="per-object")
    args = parser.parse_args(argv)
    with open(args.desired, encoding="utf-8") as fh:
        desired = json.load(fh)
    provider = PerResourceProvider(
        os.environ["TOGGL_API_URL"], os.environ["TOGGL_API_TOKEN"], desired["workspace_id"]
    )
    wall, cpu = time.perf_counter(), time.process_time()
    clients, projects = provider.refresh(per_object=args.refresh == "per-object")
    refresh = {
        "requests": provider.sent,
        "wall_s": time.perf_counter() - wall,
        "cpu_s": time.process_time() - cpu,
    }
    provider.converge(desired, clients, projects)
    with open(args.phases, "w", encoding="utf-8") as fh:
        json.dump({"refresh": refresh, "requests": provider.sent}, fh)


if __name__ == "__main__":
    main()
