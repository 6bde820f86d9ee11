"""The toggl-reconciler GitHub Action's work, run by action.yml as `toggl_action.py plan|apply`.

plan:  runs `toggl-reconciler plan --detailed-exitcode --out`, renders the saved plan into the job
       summary, keeps one comment on the pull request and, if asked, one drift issue up to date;
       exits 0 for "no changes" and "changes", else with the plan's exit code. A plan that was
       saved and then refused by the safety guard is still rendered (and uploaded by action.yml),
       so reviewers see why the job failed.
apply: finds the plan reviewed on the merged pull request (or takes the given file), renders it
       and runs `toggl-reconciler apply CONFIG --plan`.

Settings come from the environment: the INPUT_* variables action.yml sets, and GitHub's own.
Standard library only, and `gh` for the GitHub API.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from github_api import (
    ActionError,
    GitHub,
    download_plan,
    find_reviewed_plan,
    sync_drift_issue,
    upsert_comment,
    workflow_file,
)

COMMENT_LIMIT = 60_000  # GitHub refuses comments over 65,536 characters
SUMMARY_LIMIT = 900_000  # and step summaries over 1 MiB
PLAN_NAME = "plan.json"  # the file name inside the uploaded artifact
ERROR_LINES = 40  # lines of the command's error output shown in a report


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, "") or default


def flag(name: str) -> bool:
    value = env(name, "false").strip().lower()
    if value not in ("true", "false"):
        raise ActionError(f"input {input_name(name)} must be true or false, not '{value}'")
    return value == "true"


def input_name(variable: str) -> str:
    return variable.removeprefix("INPUT_").lower().replace("_", "-")


def annotate(level: str, message: str) -> None:
    """A workflow command: shown on the run's page and the pull request's checks."""
    escaped = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    print(f"::{level}::{escaped}", flush=True)


def set_outputs(**values: str) -> None:
    path = env("GITHUB_OUTPUT")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        for name, value in values.items():
            out.write(f"{name.replace('_', '-')}={value}\n")


def add_summary(text: str) -> None:
    path = env("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as out:
            out.write(text + "\n")


def config_key(config: str) -> str:
    """The config path as it can stand in a file name and an HTML comment (no `--`)."""
    return re.sub(r"[^A-Za-z0-9._/]", "_", os.path.normpath(config)).strip("/") or "config"


def code_span(text: str) -> str:
    ticks = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return f"{ticks} {text} {ticks}" if "`" in text else f"`{text}`"


def fenced(text: str) -> str:
    fence = "`" * max(3, max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence}\n{text.rstrip()}\n{fence}"


def fit(head: str, body: str, tail: str, limit: int, where: str) -> str:
    """head + body + tail in at most `limit` UTF-8 bytes, cutting `body` at a line if needed."""
    whole = "\n".join(part for part in (head, body, tail) if part)
    if len(whole.encode()) <= limit:
        return whole
    note = f"\n\n_The plan is too long to show here in full; {where}._"
    room = limit - len((head + tail + note).encode()) - 2
    cut = body.encode()[: max(room, 0)].decode(errors="ignore")
    cut = cut[: cut.rfind("\n")] if "\n" in cut else ""
    return "\n".join(part for part in (head, cut + note, tail) if part)


def tool(args: Sequence[str], *, keep_stdout: bool = False) -> tuple[int, str]:
    """Run toggl-reconciler, its output going to the job log as it comes; return the exit code
    and the text kept for the report (stderr, and stdout too when `keep_stdout`)."""
    exe = shutil.which("toggl-reconciler")
    if exe is None:
        raise ActionError(
            "toggl-reconciler is not installed: the action's install step did not run"
        )
    proc = subprocess.Popen(
        [exe, *args],
        stdout=subprocess.PIPE if keep_stdout else None,
        stderr=subprocess.STDOUT if keep_stdout else subprocess.PIPE,
        text=True,
        errors="replace",
    )
    kept: list[str] = []
    stream = proc.stdout if keep_stdout else proc.stderr
    assert stream is not None
    for line in stream:
        (sys.stdout if keep_stdout else sys.stderr).write(line)
        kept.append(line)
    return proc.wait(), "".join(kept)


def snapshot_args() -> list[str]:
    """`--snapshot FILE` when the action keeps a snapshot (restored from the Actions cache)."""
    path = env("SNAPSHOT_FILE")
    return ["--snapshot", path] if path else []


def show_markdown(plan_file: Path) -> str | None:
    exe = shutil.which("toggl-reconciler")
    if exe is None:
        raise ActionError(
            "toggl-reconciler is not installed: the action's install step did not run"
        )
    proc = subprocess.run(
        [exe, "show", str(plan_file), "--format", "markdown"],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        annotate("warning", f"could not render {plan_file}: {proc.stderr.strip()}")
        return None
    return proc.stdout


def plan_has_changes(plan_file: Path) -> bool | None:
    try:
        actions = json.loads(plan_file.read_text(encoding="utf-8")).get("actions")
    except (OSError, ValueError, AttributeError):
        return None
    return bool(actions) if isinstance(actions, list) else None


def last_lines(text: str, count: int = ERROR_LINES) -> str:
    return "\n".join(text.rstrip().splitlines()[-count:])


def run_link() -> str:
    server, repo, run = env("GITHUB_SERVER_URL"), env("GITHUB_REPOSITORY"), env("GITHUB_RUN_ID")
    return f"[run {run}]({server}/{repo}/actions/runs/{run})" if server and repo and run else ""


def plan_status(code: int, saved: bool, errors: str) -> str:
    """What happened, above the plan: nothing when planning succeeded."""
    if code in (0, 2):
        return ""
    if saved:
        what = (
            f"**The plan was refused** (exit {code}): it is shown for review, and this job fails "
            "so that it is not applied as it is."
        )
    else:
        what = f"**Planning failed** (exit {code}): no plan was saved."
    return what + ("\n\n" + fenced(last_lines(errors)) if errors.strip() else "")


def command_plan() -> int:
    config = env("INPUT_CONFIG", "workspace.yaml")
    comment, drift = flag("INPUT_COMMENT"), flag("INPUT_DRIFT_ISSUE")
    key = config_key(config)
    work = Path(env("WORK_DIR", ".toggl-reconciler")) / key
    work.mkdir(parents=True, exist_ok=True)
    plan_file = work / PLAN_NAME
    plan_file.unlink(missing_ok=True)  # so that a plan file here is this run's plan

    if not env("TOGGL_API_TOKEN"):
        annotate(
            "error",
            "TOGGL_API_TOKEN is empty: give the action `env: TOGGL_API_TOKEN: "
            "${{ secrets.TOGGL_API_TOKEN }}` (pull requests from forks get no secrets)",
        )
    code, errors = tool(
        ["plan", config, "--detailed-exitcode", "--out", str(plan_file), *snapshot_args()]
    )
    saved = plan_file.is_file()
    has_changes = (
        (code == 2) if code in (0, 2) else (plan_has_changes(plan_file) if saved else None)
    )
    markdown = show_markdown(plan_file) if saved else None
    # Outputs first: the plan is uploaded even if reporting to GitHub fails below.
    set_outputs(
        exit_code=str(code),
        has_changes="" if has_changes is None else str(has_changes).lower(),
        plan_file=str(plan_file) if saved else "",
    )

    status = plan_status(code, saved, errors)
    head = "\n\n".join(p for p in (f"## Toggl plan for {code_span(config)}", status) if p)
    sha = env("PR_HEAD_SHA") or env("GITHUB_SHA")
    tail = f"<sub>{run_link()}{f' on {sha[:12]}' if sha else ''}</sub>" if run_link() else ""
    add_summary(fit(head, markdown or "", tail, SUMMARY_LIMIT, "the full plan is in the artifact"))

    gh = GitHub(env("GITHUB_REPOSITORY")) if env("GITHUB_REPOSITORY") else None
    pr = env("PR_NUMBER")
    if comment and pr.isdigit() and gh is not None:
        marker = f"<!-- toggl-reconciler plan: {key} -->"
        where = "the full plan is in the job summary"
        body = marker + "\n" + fit(head, markdown or "", tail, COMMENT_LIMIT, where)
        try:
            # A pull request that changes nothing in Toggl gets no new comment, but an earlier
            # plan's comment is brought up to date so that it never shows a stale plan.
            done = upsert_comment(gh, int(pr), marker, body, create=code != 0)
            print(f"Pull request comment: {done}.")
        except ActionError as exc:  # e.g. a fork's read-only token: the plan itself stands
            annotate("warning", f"could not comment on the pull request: {exc}")
    if drift and saved and has_changes is not None and gh is not None:
        marker = f"<!-- toggl-reconciler drift: {key} -->"
        intro = (
            f"The live Toggl workspace differs from {code_span(config)}. Applying the file would "
            "make these changes; to keep what is live instead, change the file."
        ) + (f"\n\n{status}" if status else "")
        body = marker + "\n" + fit(intro, markdown or "", tail, COMMENT_LIMIT, "see the run")
        done = sync_drift_issue(
            gh,
            marker,
            drifted=has_changes,
            title=f"Toggl workspace has drifted from {config}",
            body=body,
            note=f"No drift any more: the workspace matches {code_span(config)}. {run_link()}",
        )
        print(f"Drift issue: {done}.")

    return 0 if code in (0, 2) else code


def fetch_plan(work: Path) -> tuple[Path, str]:
    """The plan to apply, and where it came from: the given file, or the plan reviewed on the
    pull request that was merged as this commit."""
    given = env("INPUT_PLAN")
    if given:
        if not Path(given).is_file():
            raise ActionError(f"{given}: no such plan file")
        return Path(given), f"the saved plan {code_span(given)}"
    sha = env("GITHUB_SHA")
    if not re.fullmatch(r"[0-9a-f]{40}", sha):
        raise ActionError(f"GITHUB_SHA is not a commit id: '{sha}'")
    gh = GitHub(env("GITHUB_REPOSITORY"))
    workflow = env("INPUT_PLAN_WORKFLOW") or workflow_file(env("GITHUB_WORKFLOW_REF"))
    reviewed = find_reviewed_plan(gh, sha, workflow, env("INPUT_ARTIFACT_NAME", "toggl-plan"))
    plan_file = work / f"reviewed-{PLAN_NAME}"
    plan_file.write_bytes(download_plan(gh, reviewed, PLAN_NAME))
    return (
        plan_file,
        f"the plan reviewed on pull request #{reviewed.pull_request} ({reviewed.run_url})",
    )


def command_apply() -> int:
    config = env("INPUT_CONFIG", "workspace.yaml")
    allow_delete = flag("INPUT_ALLOW_DELETE")
    work = Path(env("WORK_DIR", ".toggl-reconciler")) / config_key(config)
    work.mkdir(parents=True, exist_ok=True)
    head = f"## Toggl apply for {code_span(config)}"
    try:
        plan_file, source = fetch_plan(work)
    except ActionError as exc:
        add_summary(f"{head}\n\n**Nothing was applied:** {exc}")
        raise
    print(f"Applying {source}.")
    markdown = show_markdown(plan_file) or ""
    has_changes = plan_has_changes(plan_file)
    code, output = tool(
        [
            "apply",
            config,
            "--plan",
            str(plan_file),
            *(["--allow-delete"] if allow_delete else []),
            *snapshot_args(),
        ],
        keep_stdout=True,
    )
    result = "Applied." if code == 0 else f"**Apply failed** (exit {code})."
    head += f"\n\nApplying {source}."
    tail = f"### Result\n\n{result}\n\n{fenced(last_lines(output, 200))}"
    add_summary(fit(head, markdown, tail, SUMMARY_LIMIT, "the plan is in the artifact"))
    set_outputs(
        exit_code=str(code),
        has_changes="" if has_changes is None else str(has_changes).lower(),
        plan_file=str(plan_file),
    )
    return code


def main(argv: Sequence[str]) -> int:
    commands = {"plan": command_plan, "apply": command_apply}
    if len(argv) != 1 or argv[0] not in commands:
        annotate("error", f"command must be plan or apply, not '{' '.join(argv)}'")
        return 1
    try:
        return commands[argv[0]]()
    except ActionError as exc:
        annotate("error", str(exc))
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
