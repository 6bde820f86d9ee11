"""Building instances of frozen, slotted dataclasses in one step.

A workspace holds tens of thousands of projects, a file as many entries and a plan as many
actions: their classes' frozen __init__ sets each field through object.__setattr__, a good part
of the cost of making one. Their named constructors store each value with the slot's own setter
instead (a frozen instance refuses the usual assignment).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any

new_instance = object.__new__


def slot_setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """The setter of each field of `cls` (its slot's member descriptor's __set__), in field
    order, as its __init__ sets them."""
    return tuple(vars(cls)[field.name].__set__ for field in fields(cls))
