"""DesiredProject.of, the one-step construction the config reader uses, makes exactly what the
dataclass's own constructor makes."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconciler.config.model import DesiredProject, PreviousName

previous_names = st.tuples(
    st.builds(
        PreviousName,
        name=st.text(max_size=5),
        line=st.none() | st.integers(1, 99),
        client=st.none() | st.text(max_size=5),
        moved=st.booleans(),
    )
)
fields = st.dictionaries(
    st.sampled_from(["color", "is_private", "billable", "estimated_hours"]),
    st.none() | st.booleans() | st.integers() | st.text(max_size=7),
)


@given(
    name=st.text(max_size=9),
    state=st.sampled_from(["active", "archived", "absent"]),
    fields=fields,
    line=st.none() | st.integers(1, 10**6),
    time_entries=st.sampled_from(["unassign", "delete"]),
    previously=st.just(()) | previous_names,
)
def test_of_makes_what_the_constructor_makes(**values: Any) -> None:
    made = DesiredProject.of(**values)
    constructed = DesiredProject(**values)
    assert made == constructed and repr(made) == repr(constructed)
    # Every field, and nothing else: a field added to the class must be added to `of` too.
    names = [field.name for field in dataclasses.fields(DesiredProject)]
    assert names == list(values) == list(DesiredProject.__slots__)
    assert [getattr(made, name) for name in names] == [getattr(constructed, name) for name in names]
    assert all(getattr(made, name) is values[name] for name in names)


def test_a_project_made_in_one_step_is_frozen() -> None:
    made = DesiredProject.of("Web", "active", {}, 3, "unassign", ())
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.name = "Other"  # type: ignore[misc]
    assert made.name == "Web"
    # Slots: no dictionary per project, and no attribute beyond the fields.
    assert not hasattr(made, "__dict__")
