"""Which live object each entry of one kind becomes, once `previously` is taken into account.

An entry matches the object that has its name now (its *current* match). An entry with no current
match takes the object one of its `previously` names finds (its *former* match): that object is
renamed or moved, never recreated. When that object is another entry's current match, the other
entry must itself be renamed (a chain: "B" becomes "C" while "A" becomes "B"), so it takes its own
former match in turn; if it has none, the two entries contradict each other and the plan is
refused. Once renames are applied every entry matches by its current name, so `previously` may stay
in the file: the next plan is empty.

Refused, with FILE:LINE: an entry whose current and former matches both exist and belong to no
other entry (which one is it?), two entries taking one object, and a `previously` naming the object
another entry keeps.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from reconciler.config.model import PreviousName
from reconciler.errors import PlanError
from reconciler.planning.locate import Locator


class Live(Protocol):
    @property
    def id(self) -> int: ...

    @property
    def name(self) -> str: ...


_Live = TypeVar("_Live", bound=Live)


class Entry(Protocol):
    """A config entry (a DesiredClient or DesiredProject): what it is called, and where."""

    @property
    def name(self) -> str: ...

    @property
    def line(self) -> int | None: ...


@dataclass(eq=False)
class Wish(Generic[_Live]):
    """One entry, the object its name finds now, and the one its `previously` finds."""

    entry: Entry
    label: str  # how messages name the entry: 'project "Web" under client "A"'
    current: _Live | None
    former: _Live | None = None
    via: PreviousName | None = None  # the `previously` item that found `former`
    displaced: bool = False  # its current match is renamed away, to another entry

    @property
    def renamed(self) -> bool:
        """Whether the entry takes its former match (a rename or move)."""
        return self.former is not None and (self.current is None or self.displaced)

    @property
    def match(self) -> _Live | None:
        return self.former if self.renamed else self.current


def settle(wishes: Sequence[Wish[_Live]], locate: Locator, thing: Callable[[_Live], str]) -> None:
    """Decide, for every wish, whether it takes its current or its former match (see the module's
    rules); raise PlanError where the file contradicts itself or the workspace. `thing(obj)` names
    a live object in messages."""

    def subject(wish: Wish[_Live], line: int | None) -> str:
        return f"{locate.prefix(line)}{wish.label}"

    def where(line: int | None) -> str:
        return locate.of(line) or "earlier"

    holders: dict[int, Wish[_Live]] = {}
    for wish in wishes:
        if wish.current is None:
            continue
        other = holders.setdefault(wish.current.id, wish)
        if other is not wish:
            raise PlanError(
                f'{subject(wish, wish.entry.line)} and "{other.entry.name}" '
                f"({where(other.entry.line)}) both match existing "
                f"{thing(wish.current)}; names may differ only in case once"
            )
    taken: dict[int, Wish[_Live]] = {}
    queue = deque(w for w in wishes if w.current is None and w.former is not None)
    while queue:
        wish = queue.popleft()
        assert wish.former is not None and wish.via is not None
        rival = taken.setdefault(wish.former.id, wish)
        if rival is not wish:
            raise PlanError(
                f"{subject(wish, wish.via.line)}: 'previously' finds "
                f'{thing(wish.former)}, which "{rival.entry.name}" '
                f"({where(rival.via.line if rival.via else rival.entry.line)}) takes over "
                "too; only one entry can become it"
            )
        holder = holders.get(wish.former.id)
        if holder is None or holder is wish:
            continue
        if holder.former is None or holder.former.id == wish.former.id:
            raise PlanError(
                f"{subject(wish, wish.via.line)}: 'previously' finds "
                f'{thing(wish.former)}, but the entry "{holder.entry.name}" '
                f"({where(holder.entry.line)}) keeps it under its name; remove one of them, "
                "or give that entry the 'previously' it is renamed from"
            )
        holder.displaced = True
        queue.append(holder)
    for wish in wishes:
        if wish.current is not None and not wish.displaced:
            taken[wish.current.id] = wish
    for wish in wishes:
        former, current = wish.former, wish.current
        if wish.renamed or former is None or current is None or former.id == current.id:
            continue
        if former.id not in taken:
            assert wish.via is not None
            raise PlanError(
                f"{subject(wish, wish.via.line)} is ambiguous: {thing(current)} has "
                f"its name and {thing(former)} the name it had before; rename or delete one "
                "of them in Toggl, or remove it from 'previously'"
            )
