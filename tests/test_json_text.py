"""Indented JSON (`json_text.indented_json`: saved plans, `--format json`, apply reports): byte
for byte what `json.dumps(value, indent=2, ensure_ascii=False)` writes, and the same errors,
whether orjson is installed or not; orjson writes only what it writes alike."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import sys
import uuid
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconciler import json_text
from reconciler.config.model import Config, DesiredClient, DesiredProject
from reconciler.json_text import indented_json
from reconciler.plan import Plan
from reconciler.planner import make_plan
from reconciler.render import render_apply_json, render_json
from reconciler.saved_plans import load_plan, save_plan
from reconciler.state import Client, Project, Workspace


def stdlib(value: Any) -> tuple[str, str]:
    return outcome(lambda v: json.dumps(v, indent=2, ensure_ascii=False), value)


def outcome(write: Any, value: Any) -> tuple[str, str]:
    """The text written, or the error raised with its text."""
    try:
        return "text", write(value)
    except (TypeError, ValueError, RecursionError) as error:
        return type(error).__name__, str(error)


@pytest.fixture(params=["orjson", "stdlib json"])
def writer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test runs with orjson (when installed) and as a plain install writes, without it."""
    if request.param == "orjson":
        pytest.importorskip("orjson")
        assert json_text._fast_dumps is not None
    else:
        monkeypatch.setitem(sys.modules, "orjson", None)  # `import orjson` fails, as uninstalled
        monkeypatch.setattr(json_text, "_fast_dumps", json_text._fast_json_encoder())
        assert json_text._fast_dumps is None
    yield request.param


class Name(str):
    pass


class Count(int):
    pass


class Level(enum.IntEnum):
    LOW = 1


class Colour(str, enum.Enum):
    RED = "red"


class Size(enum.Enum):  # not JSON to the stdlib; orjson writes its value
    BIG = 2


@dataclasses.dataclass
class Spot:
    x: int
    y: int


class Body(dict):  # type: ignore[type-arg]
    pass


class Items(list):  # type: ignore[type-arg]
    pass


# What strings in a plan may hold: anything, with the characters escaping treats specially
# drawn often (control characters, quotes, backslashes, line and paragraph separators, DEL,
# the byte order mark, non-BMP characters, lone surrogates).
_SPECIAL = '\x00\x01\x08\t\n\x0c\r\x1b\x1f"\\/\x7f\u2028\u2029\ufeff\U0001f600\ud800\udfff'
texts = st.text(
    st.characters(exclude_categories=()) | st.sampled_from(_SPECIAL) | st.sampled_from("aé ")
)
integers = st.integers() | st.sampled_from(
    [k + d for k in (2**63, 2**64, -(2**63), -(2**64)) for d in (-2, -1, 0, 1)] + [2**53 + 1]
)
floats = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [1e-5, 1e-4, 1e15, 1e16, 1e22, -0.0, 33.333333, 12.5, 5e-324]
)
odd_leaves = st.sampled_from([Name("n"), Count(3), Level.LOW, Colour.RED, Size.BIG, Spot(1, 2)])
leaves = st.none() | st.booleans() | integers | floats | texts
keys = texts | st.sampled_from([1, True, None, 1.5, Name("k")])


def containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return (
        st.lists(inner, max_size=5)
        | st.lists(inner, max_size=3).map(tuple)
        | st.dictionaries(texts, inner, max_size=5)
        | st.dictionaries(keys, inner, max_size=3)
        | st.dictionaries(texts, inner, max_size=3).map(Body)
        | st.dictionaries(texts, inner, max_size=3).map(OrderedDict)
        | st.lists(inner, max_size=3).map(Items)
    )


plan_like = st.recursive(leaves | odd_leaves, containers, max_leaves=30)
# Mostly what a plan holds: exact types, str keys, ints and floats orjson may be handed.
plain = st.recursive(
    st.none() | st.booleans() | integers | floats | texts,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(texts, inner, max_size=5),
    max_leaves=30,
)


# The writer fixture is a setting that every generated value shares: nothing to reset.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=300)
@given(value=plan_like | plain)
def test_any_value_is_written_as_json_dumps_writes_it(writer: str, value: Any) -> None:
    assert outcome(indented_json, value) == stdlib(value)


# Each of these orjson writes otherwise than the stdlib, or refuses where the stdlib writes it.
DIFFERENT_UNDER_ORJSON = [
    pytest.param(float("nan"), id="nan"),
    pytest.param([float("inf"), float("-inf")], id="infinities"),
    pytest.param({"share": 1e-05}, id="float-with-exponent"),
    pytest.param({"id": 2**64}, id="int-beyond-64-bits"),
    pytest.param([-(2**63) - 1], id="int-below-64-bits"),
    pytest.param({1: "one", None: "none", 2.5: "x"}, id="non-str-keys"),
    pytest.param({"size": Size.BIG}, id="enum"),
    pytest.param([Spot(1, 2)], id="dataclass"),
    pytest.param({"at": datetime.datetime(2024, 1, 2)}, id="datetime"),
    pytest.param(uuid.UUID(int=7), id="uuid"),
    pytest.param("lone \ud800 surrogate", id="lone-surrogate"),
]


@pytest.mark.parametrize("value", DIFFERENT_UNDER_ORJSON)
def test_what_orjson_writes_otherwise_is_written_by_the_stdlib(writer: str, value: Any) -> None:
    if writer == "orjson":  # the case is real: orjson alone would not write the stdlib's text
        raw = json_text._fast_dumps
        assert raw is not None
        assert outcome(lambda v: raw(v).decode(), value) != stdlib(value)
    assert outcome(indented_json, value) == stdlib(value)


def test_a_value_holding_itself_fails_as_json_dumps_fails(writer: str) -> None:
    looped: list[Any] = [1]
    looped.append({"again": looped})
    assert outcome(indented_json, looped) == stdlib(looped)
    assert stdlib(looped)[0] == "ValueError"


def rich_plan() -> Plan:
    """A plan with names escaping treats specially, and a share that is not a whole percent."""
    odd = 'Q"uote\\d \u2028 \U0001f600 café'
    ws = Workspace(
        id=2**40,
        name=f"Work {odd}",
        clients=(Client(1, f"Old {odd}", at="t1"), Client(2, "Gone\ttab", at="t2")),
        projects=(Project(11, f"P {odd}", 1, color="#aaaaaa", at="t11"),),
    )
    cfg = Config(
        workspace=2**40,
        clients=(
            DesiredClient(
                f"Old {odd}",
                fields={"notes": f"line\nbreak {odd}"},
                projects=(DesiredProject(f"P {odd}", fields={"color": "#bbbbbb"}),),
            ),
            DesiredClient("Gone\ttab", "absent"),
            DesiredClient(f"New {odd}", projects=(DesiredProject("Fresh"),)),
        ),
        path="toggl.yaml",
        digest="sha256:0123",
    )
    return dataclasses.replace(make_plan(cfg, ws), max_destructive_share=0.125)


def test_a_plan_is_written_by_orjson_when_installed(
    writer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast path is taken for a real plan (else the stdlib would do all the work)."""
    plan = rich_plan()
    written: list[Any] = []
    fast = json_text._fast_dumps
    if fast is not None:
        monkeypatch.setattr(json_text, "_fast_dumps", lambda v: written.append(v) or fast(v))
    text = render_json(plan)
    assert text == json.dumps(plan.to_dict(), indent=2, ensure_ascii=False)
    assert "\u2028" in text and "\U0001f600" in text and '"max_destructive_percent": 12.5' in text
    assert len(written) == (1 if writer == "orjson" else 0)


def test_a_saved_plan_is_json_dumps_text_and_loads_back_unchanged(
    writer: str, tmp_path: Path
) -> None:
    plan = rich_plan()
    path = tmp_path / "plan.json"
    save_plan(plan, path)
    assert path.read_bytes() == (
        json.dumps(plan.to_dict(), indent=2, ensure_ascii=False) + "\n"
    ).encode("utf-8")
    loaded = load_plan(path)  # what `apply --plan` reads
    assert loaded == plan
    assert loaded.to_dict() == plan.to_dict()
    again = tmp_path / "again.json"
    save_plan(loaded, again)
    assert again.read_bytes() == path.read_bytes()


def test_an_apply_report_is_json_dumps_text(writer: str) -> None:
    report = {"applied": 2, "failed": [{"name": 'Q"x\u2028', "status": None}], "seconds": 1e-05}
    assert render_apply_json(report) == json.dumps(report, indent=2, ensure_ascii=False)
