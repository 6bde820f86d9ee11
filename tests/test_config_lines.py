"""LineDict holds no dict of value lines or source texts until it has an entry for one."""

from __future__ import annotations

import pytest

from reconciler.config.lines import LineDict, line_of, raw_of
from reconciler.config.loader import read_yaml


def test_an_entry_set_on_one_mapping_reaches_no_other() -> None:
    first, second = LineDict(1), LineDict(2)
    first.set_raw("private", "yes")
    first.set_raw("billable", "no")
    first.set_value_line("projects", 3)
    first.set_value_line("notes", 5)
    assert first.raw == {"private": "yes", "billable": "no"}
    assert first.value_lines == {"projects": 3, "notes": 5}
    assert second.raw == {} and second.value_lines == {} and LineDict(3).raw == {}


def test_a_mapping_without_entries_cannot_be_written_to_directly() -> None:
    # The empty one is shared: a write must go through the setters.
    with pytest.raises(TypeError):
        LineDict(1).raw["key"] = "text"  # type: ignore[index]
    with pytest.raises(TypeError):
        LineDict(1).value_lines["key"] = 2  # type: ignore[index]


def test_lines_and_source_texts_are_read_from_a_document() -> None:
    document = read_yaml("a: yes\nb: text\nc:\n  - x\nd: 2024\n")
    assert (raw_of(document, "a"), raw_of(document, "b"), raw_of(document, "d")) == (
        "yes",
        "text",
        "2024",
    )
    assert [line_of(document, key) for key in "abcd"] == [1, 2, 4, 5]
    assert read_yaml("a: b\n").raw == {} and raw_of(read_yaml("a: b\n"), "a") == "b"
