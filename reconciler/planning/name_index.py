"""The live objects of one scope (a workspace's clients, one client's projects) by name: exact
and case-folded, each a dictionary read, so matching a whole file is linear in the sizes of the
file and the workspace."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

from reconciler.state import Client, Project

_Live = TypeVar("_Live", Client, Project)


class NameIndex(Generic[_Live]):
    """The live objects of one scope by exact name and by case-folded name, in their order."""

    def __init__(self, objects: Iterable[_Live]) -> None:
        self.objects: tuple[_Live, ...] = tuple(objects)
        # Toggl keeps exact names unique per scope: one object per name, and apart, for the
        # refusals that name them all, the objects of any name held more than once.
        self._exact: dict[str, _Live] = {obj.name: obj for obj in self.objects}
        self._shared: dict[str, list[_Live]] = {}
        if len(self._exact) < len(self.objects):
            for obj in self.objects:
                self._shared.setdefault(obj.name, []).append(obj)
            self._shared = {name: objs for name, objs in self._shared.items() if len(objs) > 1}
        # Built on the first lookup by case: most scopes find every entry by its exact name.
        # Kept as the exact names are: one object per folded name, apart those several share.
        self._folded: dict[str, _Live] | None = None
        self._folded_shared: dict[str, list[_Live]] = {}

    def exact(self, name: str) -> Sequence[_Live]:
        """The objects named exactly `name`, in their order."""
        if self._shared and name in self._shared:
            return self._shared[name]
        obj = self._exact.get(name)
        return () if obj is None else (obj,)

    def only_exact(self, name: str) -> _Live | None:
        """The object named exactly `name` if it is the only one (None: none, or several)."""
        if self._shared and name in self._shared:
            return None
        return self._exact.get(name)

    def folded(self, name: str) -> Sequence[_Live]:
        """The objects whose names equal `name` but for case (itself included)."""
        if self._folded is None:
            self._folded = {obj.name.casefold(): obj for obj in self.objects}
            if len(self._folded) < len(self.objects):
                for obj in self.objects:
                    self._folded_shared.setdefault(obj.name.casefold(), []).append(obj)
                self._folded_shared = {
                    key: objs for key, objs in self._folded_shared.items() if len(objs) > 1
                }
        key = name.casefold()
        if self._folded_shared and key in self._folded_shared:
            return self._folded_shared[key]
        found = self._folded.get(key)
        return () if found is None else (found,)
