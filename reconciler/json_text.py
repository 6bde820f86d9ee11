"""Indented JSON text, byte for byte what `json.dumps(value, indent=2, ensure_ascii=False)`
writes, made in C by orjson when it is installed (the `fast` extra) and can write it alike.

With `indent` set, the stdlib encodes in pure Python: a saved plan of tens of thousands of
actions spends most of its writing there. Saved plans are reviewed and compared in git, so the
text must not depend on whether orjson is installed: orjson writes only a value made of exact
dicts, lists, tuples, str, int, bool, None and floats it spells as the stdlib does (see
`_float_alike`); anything else, and anything orjson refuses (a key that is not a str, an int
beyond 64 bits, a lone surrogate, nesting too deep), is written by the stdlib.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import partial
from itertools import chain, compress, filterfalse
from typing import Any

# Deeper than this, orjson refuses anyway; the walk stops there (a value holding itself would
# never end), and the stdlib writes the value or says what is wrong with it.
_MAX_DEPTH = 254
_LEAVES = frozenset({str, int, bool, type(None)})
_CONTAINERS = frozenset({dict, list, tuple})
_FLOAT = frozenset({float})
_WALKED = _LEAVES | _CONTAINERS | _FLOAT


def _fast_json_encoder() -> Callable[[Any], bytes] | None:
    """orjson's indented encoder when orjson is installed, else None."""
    try:
        import orjson
    except ImportError:
        return None
    return partial(orjson.dumps, option=orjson.OPT_INDENT_2)


_fast_dumps = _fast_json_encoder()


def indented_json(value: Any) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, the same text and the same errors."""
    if _fast_dumps is not None and _orjson_writes_alike(value):
        try:
            return _fast_dumps(value).decode("utf-8")
        except TypeError:  # orjson.JSONEncodeError: an int beyond 64 bits, a lone surrogate
            pass
    return json.dumps(value, indent=2, ensure_ascii=False)


def _float_alike(number: float) -> bool:
    """orjson spells a finite float as repr() does except for some exponents (1e-05 is
    0.00001 there), and NaN and infinities as null: only floats repr() writes without an
    exponent are left to it."""
    return math.isfinite(number) and "e" not in repr(number)


def _orjson_writes_alike(value: Any) -> bool:
    """Whether every part of `value` is of a type (and, for floats, a value) orjson writes as
    the stdlib does. Keys are left to orjson: it refuses any key but a str (the stdlib turns
    1 into "1") and writes a subclass of str as the stdlib does. Looked at one level of
    nesting at a time, each level's values sorted by type in C: a big plan holds hundreds of
    thousands of values."""
    dicts: list[dict[Any, Any]] = []
    sequences: list[list[Any] | tuple[Any, ...]] = [[value]]
    for _depth in range(_MAX_DEPTH):
        children = list(
            chain(chain.from_iterable(map(dict.values, dicts)), chain.from_iterable(sequences))
        )
        types = list(map(type, children))
        kinds = set(types)
        if kinds <= _LEAVES:
            return True
        if not kinds <= _WALKED:
            # An enum, a dataclass, a datetime, a UUID: orjson writes them, the stdlib refuses or
            # writes them otherwise. Subclasses of the types above are left to the stdlib too.
            return False
        if float in kinds and not all(
            map(_float_alike, compress(children, map(_FLOAT.__contains__, types)))
        ):
            return False
        containers = list(compress(children, map(_CONTAINERS.__contains__, types)))
        # Only exact dicts, lists and tuples are left (`kinds` said so): isinstance tells them.
        dicts = list(filter(dict.__instancecheck__, containers))
        sequences = list(filterfalse(dict.__instancecheck__, containers))
    return False
