"""The order of renames and moves: each takes a name that no object holds any more at its turn.

Toggl keeps names unique per scope (archived objects included), so "B" -> "C" must run before
"A" -> "B". Every update that changes a client's name, or a project's name or client, is recorded
as a `Rename` from the key it leaves to the key it takes; they are reordered among their own places
in the plan (all run in the same phase) so that each follows the one that frees its key. A key
still held at its turn — a cycle, or a holder the plan does not rename — refuses the plan with
FILE:LINE.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reconciler.action import Action
from reconciler.errors import PlanError
from reconciler.planning.locate import Locator

# (kind, where: a live client id, the name of a client the plan creates, or None, exact name)
Key = tuple[str, int | str | None, str]


@dataclass(frozen=True, eq=False)
class Rename:
    action: Action
    leaves: Key
    takes: Key
    label: str  # the entry in messages: 'client "B"'
    line: int | None


def order_renames(
    actions: Sequence[Action],
    renames: Sequence[Rename],
    live_keys: Iterable[Key],
    holder: Callable[[Key], str],
    locate: Locator,
) -> list[Action]:
    """`actions` with the renames among them in an order Toggl accepts.

    `live_keys` are the keys of every live object; `holder(key)` names the object holding one,
    for messages.
    """
    if not renames:
        return list(actions)
    ordered = _chains_first(renames)
    occupied = set(live_keys)
    frees = {r.leaves: r for r in renames}
    for rename in ordered:
        if rename.takes in occupied:
            raise PlanError(_blocked(rename, frees.get(rename.takes), holder, locate))
        occupied.discard(rename.leaves)
        occupied.add(rename.takes)
    places = iter(ordered)
    moving = {id(r.action) for r in renames}
    return [next(places).action if id(a) in moving else a for a in actions]


def _chains_first(renames: Sequence[Rename]) -> list[Rename]:
    """Each rename after the one that frees the key it takes; otherwise in the given order.

    A rename waits for at most one other (one object holds a key), so following that link until
    a rename already placed, or a free key, gives a chain to place from its far end.
    """
    frees = {r.leaves: r for r in renames}
    placed: set[int] = set()
    ordered: list[Rename] = []
    for rename in renames:
        chain: list[Rename] = []
        seen: set[int] = set()
        step: Rename | None = rename
        while step is not None and id(step) not in placed and id(step) not in seen:
            chain.append(step)
            seen.add(id(step))
            step = frees.get(step.takes)
        for link in reversed(chain):
            placed.add(id(link))
            ordered.append(link)
    return ordered


def _blocked(
    rename: Rename, freer: Rename | None, holder: Callable[[Key], str], locate: Locator
) -> str:
    start = f"{locate.prefix(rename.line)}{rename.label} cannot take its new name"
    if freer is not None:
        return (
            f"{start}: it and {freer.label} ({locate.of(freer.line) or 'earlier'}) would each "
            "take a name the other still holds, which Toggl cannot do in any order; rename one "
            "of them in two steps, through a name nobody holds"
        )
    return (
        f"{start}: {holder(rename.takes)} holds it, and this plan does not rename that one "
        "first (a plan limited to targets must include the entry that does)"
    )
