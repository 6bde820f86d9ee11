"""The live objects of one scope (a workspace's clients, one client's projects) by name: exact
and case-folded, each a dictionary read, so matching a whole file is linear in the sizes of the
file and the workspace."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from typing import Any, Generic, TypeVar

from reconciler.state import Client, Project

_Live = TypeVar("_Live", Client, Project)


class NameIndex(Generic[_Live]):
    """The live objects of one scope by exact name and by case-folded name, in their order."""

    # One index per client of a workspace (5,000 in a big one): no dictionary per instance.
    __slots__ = ("objects", "held_once", "_exact", "_shared", "_folded", "_folded_shared")

    def __init__(self, objects: Iterable[_Live]) -> None:
        self.objects: tuple[_Live, ...] = tuple(objects)
        # Toggl keeps exact names unique per scope: one object per name, and apart, for the
        # refusals that name them all, the objects of any name held more than once.
        self._exact: dict[str, _Live] = {obj.name: obj for obj in self.objects}
        self._shared: dict[str, list[_Live]] = {}
        # The names one object holds, each to its object: a file's entries are matched by
        # reading it directly (most scopes hold every name once: the same dictionary).
        self.held_once: dict[str, _Live] = self._exact
        if len(self._exact) < len(self.objects):
            self._shared = _shared_keys(self.objects, attrgetter("name"))
            self.held_once = {n: o for n, o in self._exact.items() if n not in self._shared}
        # Built on the first lookup by case: most scopes find every entry by its exact name.
        # Kept as the exact names are: one object per folded name, apart those several share.
        self._folded: dict[str, _Live] | None = None
        self._folded_shared: dict[str, list[_Live]] = _NONE_SHARED

    def exact(self, name: str) -> Sequence[_Live]:
        """The objects named exactly `name`, in their order."""
        if self._shared and name in self._shared:
            return self._shared[name]
        obj = self._exact.get(name)
        return () if obj is None else (obj,)

    def only_exact(self, name: str) -> _Live | None:
        """The object named exactly `name` if it is the only one (None: none, or several)."""
        return self.held_once.get(name)

    def folded(self, name: str) -> Sequence[_Live]:
        """The objects whose names equal `name` but for case (itself included)."""
        if self._folded is None:
            self._folded = {obj.name.casefold(): obj for obj in self.objects}
            if len(self._folded) < len(self.objects):
                self._folded_shared = _shared_keys(self.objects, _folded_name)
        key = name.casefold()
        if self._folded_shared and key in self._folded_shared:
            return self._folded_shared[key]
        found = self._folded.get(key)
        return () if found is None else (found,)


# What a scope whose names are all different shares (most do): never written to.
_NONE_SHARED: dict[str, Any] = {}


def _folded_name(obj: Client | Project) -> str:
    return obj.name.casefold()


def _shared_keys(
    objects: Sequence[_Live], key_of: Callable[[_Live], str]
) -> dict[str, list[_Live]]:
    """The objects of each key more than one of `objects` has, in their order."""
    by_key: dict[str, list[_Live]] = {}
    for obj in objects:
        by_key.setdefault(key_of(obj), []).append(obj)
    return {key: objs for key, objs in by_key.items() if len(objs) > 1}
