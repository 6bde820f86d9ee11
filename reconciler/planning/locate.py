"""`FILE:LINE` of config entries, for the messages that refuse a plan."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Locator:
    path: str  # the config file's path; may be empty for a config built in code

    def of(self, line: int | None) -> str:
        """`path:line` of an entry, as far as it is known (empty when nothing is)."""
        if line is None:
            return self.path
        return f"{self.path or '<config>'}:{line}"

    def prefix(self, line: int | None) -> str:
        """`path:line: ` to start a message with, or nothing."""
        where = self.of(line)
        return f"{where}: " if where else ""
