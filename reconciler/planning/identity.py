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

    @property
    def previously(self) -> tuple[PreviousName, ...]: ...


class Place(Protocol):
    """Where an entry's name is unique (a matching Scope): its kind, and its client in words."""

    @property
    def kind(self) -> str: ...

    @property
    def under(self) -> str: ...


@dataclass(eq=False, slots=True)
class Wish(Generic[_Live]):
    """One entry, the object its name finds now, the one its `previously` finds, and (once
    `settle` has run) which of them it takes."""

    entry: Entry
    place: Place
    current: _Live | None
    former: _Live | None = None
    via: PreviousName | None = None  # the `previously` item that found `former`
    displaced: bool = False  # its current match is renamed away, to another entry
    renamed: bool = False  # it takes its former match: a rename or a move
    match: _Live | None = None


def settle(
    wishes: Sequence[Wish[_Live]],
    kept: Callable[[int], tuple[str, int | None] | None],
    locate: Locator,
    thing: Callable[[_Live], str],
) -> None:
    """Decide, for every wish (an entry with `previously`), whether it takes its current or its
    former match (see the module's rules). The entries without `previously` have already claimed
    their current matches: `kept(id)` is the (name, line) of the one holding that object, if any.
    Raise PlanError where the file contradicts itself or the workspace; `thing(obj)` names a
    live object in messages."""

    def subject(wish: Wish[_Live], line: int | None) -> str:
        return f'{locate.prefix(line)}{wish.place.kind} "{wish.entry.name}"{wish.place.under}'

    def where(line: int | None) -> str:
        return locate.of(line) or "earlier"

    holders: dict[int, Wish[_Live]] = {}  # the id of what a wish's name finds -> that wish
    for wish in wishes:
        if wish.current is None:
            continue
        other = kept(wish.current.id)
        if other is None:
            rival = holders.setdefault(wish.current.id, wish)
            other = None if rival is wish else (rival.entry.name, rival.entry.line)
        if other is not None:
            raise PlanError(
                f'{subject(wish, wish.entry.line)} and "{other[0]}" ({where(other[1])}) both '
                f"match existing {thing(wish.current)}; names may differ only in case once"
            )
    taken: dict[int, Wish[_Live]] = {}
    queue = deque(w for w in wishes if w.current is None and w.former is not None)
    while queue:
        wish = queue.popleft()
        assert wish.former is not None and wish.via is not None
        here = subject(wish, wish.via.line)
        rival = taken.setdefault(wish.former.id, wish)
        if rival is not wish:
            raise PlanError(
                f"{here}: 'previously' finds {thing(wish.former)}, which "
                f'"{rival.entry.name}" ({where(rival.via.line if rival.via else None)}) takes '
                "over too; only one entry can become it"
            )
        holder = holders.get(wish.former.id)
        keeper = kept(wish.former.id)
        if holder is not None and holder is not wish:
            keeper = (holder.entry.name, holder.entry.line)
            if holder.former is not None and holder.former.id != wish.former.id:
                holder.displaced = True  # a chain: it takes its own former match in turn
                queue.append(holder)
                continue
        if keeper is not None:
            raise PlanError(
                f"{here}: 'previously' finds {thing(wish.former)}, but the entry "
                f'"{keeper[0]}" ({where(keeper[1])}) keeps it under its name; remove one of '
                "them, or give that entry the 'previously' it is renamed from"
            )
    for wish in wishes:
        wish.renamed = wish.former is not None and (wish.current is None or wish.displaced)
        wish.match = wish.former if wish.renamed else wish.current
    for wish in wishes:
        former, current = wish.former, wish.current
        if wish.renamed or former is None or current is None or former.id == current.id:
            continue
        # The former match is nobody's: no other entry's name finds it, none takes it over.
        if former.id not in holders and former.id not in taken and kept(former.id) is None:
            assert wish.via is not None
            raise PlanError(
                f"{subject(wish, wish.via.line)} is ambiguous: {thing(current)} has its name "
                f"and {thing(former)} the name it had before; rename or delete one of them in "
                "Toggl, or remove it from 'previously'"
            )
