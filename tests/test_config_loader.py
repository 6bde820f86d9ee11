"""A valid config becomes exactly the expected model; files and digests behave."""

from __future__ import annotations

import json
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from reconciler.config import (
    Config,
    DesiredClient,
    DesiredProject,
    load_config,
    loader,
    parse_config,
)
from reconciler.config.model import meaning_digest

RICH = """\
version: 1
workspace: 4242
unmanaged: archive
safety:
  max_destructive_percent: 45
clients:
  - name: Globex
    state: active
    notes: Key account
    projects: all
  - name: Initech
    notes: ""
    projects:
      - TPS reports
      - name: Printers
        state: archived
        color: "#C9806B"
        is_private: true
        billable: false
        estimated_hours: 12
      - name: Fax
        state: absent
      - name: Shredder
        estimated_hours: null
  - name: Umbrella
    state: archived
  - name: Hooli
    state: absent
    projects: []
projects:
  - name: Internal
  - Holidays
"""

RICH_MODEL = Config(
    workspace=4242,
    clients=(
        DesiredClient(
            name="Globex", state="active", fields={"notes": "Key account"}, projects="all", line=7
        ),
        DesiredClient(
            name="Initech",
            fields={"notes": ""},
            projects=(
                DesiredProject(name="TPS reports", line=14),
                DesiredProject(
                    name="Printers",
                    state="archived",
                    fields={
                        "color": "#C9806B",
                        "is_private": True,
                        "billable": False,
                        "estimated_hours": 12,
                    },
                    line=15,
                ),
                DesiredProject(name="Fax", state="absent", line=21),
                DesiredProject(name="Shredder", fields={"estimated_hours": None}, line=23),
            ),
            line=11,
        ),
        DesiredClient(name="Umbrella", state="archived", projects=None, line=25),
        DesiredClient(name="Hooli", state="absent", projects=(), line=27),
    ),
    projects=(DesiredProject(name="Internal", line=31), DesiredProject(name="Holidays", line=32)),
    unmanaged="archive",
    max_destructive_share=0.45,
    version=1,
    path="rich.yaml",
)
RICH_MODEL = replace(RICH_MODEL, digest=meaning_digest(RICH_MODEL))


@pytest.mark.parametrize("loader_class", loader.LOADERS, ids=lambda cls: cls.__name__)
def test_rich_config_parses_into_the_exact_model(
    loader_class: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "LOADERS", [loader_class])
    assert parse_config(RICH, "rich.yaml") == RICH_MODEL


def test_minimal_config_takes_the_defaults() -> None:
    config = parse_config("version: 1\nworkspace: Acme Corp\n")
    assert config.workspace == "Acme Corp"
    # No top-level `projects`: projects without a client are unmanaged, as under a client.
    assert config.clients == () and config.projects is None
    assert config.unmanaged == "ignore"
    assert config.max_destructive_share == pytest.approx(0.30)
    assert config.path == "<string>"


def test_empty_lists_are_allowed() -> None:
    config = parse_config("version: 1\nworkspace: 1\nclients: []\nprojects: []\nsafety: {}\n")
    assert config.clients == () and config.projects == ()


def test_a_client_without_projects_key_leaves_its_projects_unmanaged() -> None:
    config = parse_config("version: 1\nworkspace: 1\nclients:\n  - name: Globex\n")
    assert config.clients[0].projects is None
    assert config.clients[0].fields == {}


def test_project_line_is_the_line_of_its_name_key() -> None:
    text = "version: 1\nworkspace: 1\nprojects:\n  - state: archived\n    name: Late name\n"
    assert parse_config(text).projects[0].line == 5


def test_percent_zero_means_no_destruction_allowed() -> None:
    text = "version: 1\nworkspace: 1\nsafety:\n  max_destructive_percent: 0\n"
    assert parse_config(text).max_destructive_share == 0


def test_merge_keys_share_fields_and_written_keys_override() -> None:
    text = (
        "version: 1\nworkspace: 1\nprojects:\n"
        "  - &base {name: Base, color: '#000000', billable: true}\n"
        "  - <<: *base\n    name: Copy\n    billable: false\n"
    )
    copy = parse_config(text).projects[1]
    assert copy.name == "Copy"
    assert copy.fields == {"color": "#000000", "billable": False}


def test_quoted_numbers_and_booleans_are_names() -> None:
    text = "version: 1\nworkspace: 1\nprojects:\n  - '2024'\n  - \"yes\"\n"
    assert [project.name for project in parse_config(text).projects] == ["2024", "yes"]


def test_names_are_kept_exactly_as_written() -> None:
    text = "version: 1\nworkspace: 1\nprojects:\n  - 'two  spaces'\n  - Ünïcode ✓\n"
    assert [project.name for project in parse_config(text).projects] == ["two  spaces", "Ünïcode ✓"]


def test_digest_is_over_the_meaning_not_the_bytes() -> None:
    first = parse_config(RICH.encode("utf-8"), "a.yaml").digest
    assert len(first) == 64 and parse_config(RICH, "b.yaml").digest == first
    # Comments, blank lines, quoting, flow style and key order are how it is written.
    assert parse_config(RICH + "\n# a comment\n\n").digest == first
    plain = (
        "version: 1\nworkspace: 1\nprojects:\n  - Internal\n  - name: Web\n    color: '#AABBCC'\n"
    )
    restyled = (
        "# header\nworkspace: 1   # the id\nversion: 1\n"
        'projects: [{name: "Internal"}, {color: "#AABBCC", name: Web}]\n'
    )
    assert parse_config(restyled).digest == parse_config(plain).digest
    # Any change of meaning changes it.
    for changed in (
        plain.replace("Internal", "Internal2"),
        plain.replace("#AABBCC", "#AABBCD"),
        plain + "unmanaged: archive\n",
        plain + "safety: {max_destructive_percent: 40}\n",
        plain.replace("  - Internal\n", "  - {name: Internal, state: archived}\n"),
        "version: 1\nworkspace: 1\nprojects: []\n",
        "version: 1\nworkspace: 1\n",  # no `projects` key: unmanaged, unlike []
    ):
        assert parse_config(changed).digest != parse_config(plain).digest, changed
    assert (
        parse_config("version: 1\nworkspace: 1\n").digest
        != parse_config("version: 1\nworkspace: 1\nprojects: []\n").digest
    )


def test_load_config_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "workspace.yaml"
    path.write_text(RICH, encoding="utf-8")
    config = load_config(path)
    assert config.path == str(path)
    assert config.digest == RICH_MODEL.digest
    assert config.clients == RICH_MODEL.clients
    assert load_config(str(path)) == config


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    data = b"\xef\xbb\xbfversion: 1\nworkspace: 7\n"
    config = parse_config(data)
    assert config.workspace == 7
    assert config.digest == parse_config(data[3:]).digest


def test_shipped_schema_is_valid_and_documents_every_key() -> None:
    text = files("reconciler.schemas").joinpath("config.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False
    for key, definition in schema["properties"].items():
        assert "title" in definition, key
    assert set(schema["$defs"]["project"]["else"]["properties"]) == {
        "name",
        "state",
        "previously",
        "color",
        "is_private",
        "billable",
        "estimated_hours",
        "time_entries",
    }


def test_whole_floats_become_ints() -> None:
    text = "version: 1.0\nworkspace: 42.0\nprojects:\n  - {name: A, estimated_hours: 2.0}\n"
    config = parse_config(text)
    assert (config.version, config.workspace) == (1, 42)
    assert type(config.workspace) is int
    assert type(config.projects[0].fields["estimated_hours"]) is int
