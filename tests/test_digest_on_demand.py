"""The config's digest is worked out only when a plan is saved or checked, once, and is the same
value it would have been if worked out on reading."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

import pytest

from reconciler.config import parse_config
from reconciler.config.model import Config, meaning_digest
from reconciler.plan import Plan
from reconciler.plan_render import render_json
from reconciler.planner import make_plan
from reconciler.saved_plans import check_digest
from reconciler.state import Client, Workspace

TEXT = (
    "version: 1\nworkspace: 7\nclients:\n  - name: Globex\n    notes: Key\n"
    "    projects: [Web, {name: Old, state: archived, color: '#c9806b'}]\nprojects: [Internal]\n"
)
WORKSPACE = Workspace(id=7, name="Acme", clients=(Client(id=1, name="Globex", at="a"),))


@pytest.fixture
def digests(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """What was hashed with sha256 since, wherever in the program it was."""
    # A first read does once per process what every read shares (the shipped schema's own
    # digest, cached): only what reading this config hashes is counted, whatever ran before.
    parse_config(TEXT)
    hashed: list[bytes] = []
    exact = hashlib.sha256

    def counting(data: bytes = b"", **options: Any) -> Any:
        hashed.append(data)
        return exact(data, **options)

    monkeypatch.setattr(hashlib, "sha256", counting)
    return hashed


def test_reading_and_planning_do_not_work_out_the_digest(digests: list[bytes]) -> None:
    config = parse_config(TEXT)
    plan = make_plan(config, WORKSPACE)
    assert plan.has_changes and digests == []


def test_the_digest_is_worked_out_once_when_first_read(digests: list[bytes]) -> None:
    config = parse_config(TEXT)
    plan = make_plan(config, WORKSPACE)
    first = plan.config_digest
    assert len(digests) == 1
    assert config.digest == first == plan.config_digest
    assert len(digests) == 1  # neither read worked it out again
    assert first == meaning_digest(config)


def test_a_saved_plan_holds_the_digest_a_parsed_config_would_have() -> None:
    config = parse_config(TEXT)
    saved = json.loads(render_json(make_plan(config, WORKSPACE)))
    assert saved["config_digest"] == meaning_digest(parse_config(TEXT))
    assert len(saved["config_digest"]) == 64
    check_digest(Plan.from_dict(saved), parse_config(TEXT))


def test_a_given_digest_is_kept_and_none_given_stays_empty(digests: list[bytes]) -> None:
    assert Config(workspace=1, digest="d1g3st").digest == "d1g3st"
    assert Config(workspace=1).digest == ""
    assert Plan(workspace_id=1).config_digest == ""
    assert Plan(workspace_id=1, config_digest="abc").config_digest == "abc"
    assert digests == []


def test_the_digest_cannot_be_reassigned() -> None:
    config = parse_config(TEXT)
    plan = make_plan(config, WORKSPACE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.digest = "other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.config_digest = "other"  # type: ignore[misc]
    assert config.digest == plan.config_digest == meaning_digest(config)


def test_equal_meanings_compare_equal_whether_the_digest_was_read_or_not() -> None:
    read, unread = parse_config(TEXT), parse_config(TEXT)
    assert len(read.digest) == 64
    assert read == unread and dataclasses.replace(unread, path="x").digest == read.digest


def test_a_plan_function_is_asked_once() -> None:
    asked: list[Any] = []

    def answer() -> str:
        asked.append(1)
        return "abc"

    plan = Plan(workspace_id=1, config_digest=answer)
    assert asked == []
    assert plan.config_digest == "abc" == plan.to_dict()["config_digest"]
    assert asked == [1]
