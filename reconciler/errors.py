"""Named exceptions. The library raises these and never prints; the CLI turns them into messages."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

# A file with thousands of mistakes is reported by its first ones: fixing those often fixes many.
MAX_CONFIG_PROBLEMS = 20


class ReconcilerError(Exception):
    """Base of every expected failure: the CLI prints it in one line and exits 1."""


class ConfigError(ReconcilerError):
    """A problem in a config file, located at FILE:LINE when the line is known.

    Raised for the first problem by line; `problems` holds every problem found, in line order
    (this one first, at most MAX_CONFIG_PROBLEMS), and `unlisted` how many more there were.
    """

    def __init__(self, message: str, path: str = "", line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.problems: tuple[ConfigError, ...] = (self,)
        self.unlisted = 0
        super().__init__(self.__str__())

    @staticmethod
    def of(found: Sequence[ConfigError]) -> ConfigError:
        """One error to raise for several problems, sorted by line (stable): the first one,
        carrying them all."""
        ordered = sorted(found, key=lambda problem: problem.line or 0)
        first = ordered[0]
        first.problems = tuple(ordered[:MAX_CONFIG_PROBLEMS])
        first.unlisted = len(ordered) - len(first.problems)
        return first

    def __str__(self) -> str:
        where = self.path or "<config>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class PlanError(ReconcilerError):
    """The desired state needs a request Toggl would reject (a name collision, say)."""


class PaidFeatureRequired(PlanError):
    """The plan needs what the workspace's Toggl plan (Free) lacks. `entries` holds, for each
    request Toggl would refuse, (`FILE:LINE: entry`, the feature it needs)."""

    def __init__(self, message: str, *, entries: tuple[tuple[str, str], ...]) -> None:
        self.entries = entries
        super().__init__(message)


class InvalidAction(ReconcilerError):
    """An action with a field its op does not use, or without one it needs (an edited plan)."""


class UnsafePlan(ReconcilerError):
    """The plan deletes without leave, archives or deletes more than the allowed share, or needs
    more write requests than the hour's quota has left.

    `check` says which guard refused it; `override` names the `Reconciler.apply` argument that
    applies it anyway (`allow_delete=True` or `force=True`).
    """

    def __init__(
        self,
        message: str,
        *,
        check: Literal["deletes", "share", "quota"],
        override: Literal["allow_delete", "force"],
    ) -> None:
        self.check = check
        self.override = override
        super().__init__(message)


class StalePlan(ReconcilerError):
    """A saved plan no longer matches the workspace it was made from."""


class TogglError(ReconcilerError):
    """Toggl answered with an error status. `message` is Toggl's own text."""

    def __init__(self, status: int, message: str, method: str = "", path: str = "") -> None:
        self.status = status
        self.message = message
        self.method = method
        self.path = path
        super().__init__(self.__str__())

    def __str__(self) -> str:
        req = f" ({self.method} {self.path})" if self.method else ""
        return f"Toggl answered {self.status}{req}: {self.message}"


class CredentialsMissing(TogglError):
    """401: no credentials reached Toggl (it answers a wrong token with 403)."""

    def __str__(self) -> str:
        req = f" ({self.method} {self.path})" if self.method else ""
        return (
            f"Toggl answered 401{req}: no credentials reached it. The token from "
            "TOGGL_API_TOKEN is sent as HTTP Basic auth, which a proxy or a redirect to another "
            "host drops: check that TOGGL_API_URL names Toggl's API itself."
        )


class QuotaExhausted(TogglError):
    """402 whose X-Toggl-Quota-Remaining is 0 or less: the hourly request quota is used up."""

    def __init__(
        self, message: str, resets_in: int | None, method: str = "", path: str = ""
    ) -> None:
        self.resets_in = resets_in
        super().__init__(402, message, method, path)


class FeatureUnavailable(TogglError):
    """Any other 402: the workspace's Toggl plan lacks a feature the request uses.

    `feature` names it as far as the request shows (Toggl's message is never parsed) and
    `remedy` is the next step; waiting never helps."""

    def __init__(
        self,
        message: str,
        method: str = "",
        path: str = "",
        *,
        feature: str = "a feature this request uses",
        remedy: str = "upgrade the workspace's Toggl plan, or change the file so it needs less",
    ) -> None:
        self.feature = feature
        self.remedy = remedy
        super().__init__(402, message, method, path)

    def __str__(self) -> str:
        return (
            f"{super().__str__().rstrip('. ')}. The workspace's Toggl plan does not include "
            f"{self.feature}: {self.remedy}."
        )


class TransportError(ReconcilerError):
    """The request could not complete (connection refused, dropped, timed out) after retries.

    `unreachable` is true when no request to `url` has ever been answered: the URL or the
    network is wrong rather than the connection having dropped part-way.
    """

    def __init__(
        self, request: str, reason: str, *, url: str = "", unreachable: bool = False
    ) -> None:
        self.request = request
        self.reason = reason
        self.url = url
        self.unreachable = unreachable
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if self.unreachable:
            return (
                f"cannot reach the Toggl API at {self.url}: {self.reason}; "
                "check the URL (TOGGL_API_URL) and the network"
            )
        return f"{self.request}: {self.reason}"


class WorkspaceNotVisible(ReconcilerError):
    """The workspace named in the config, by id or name, is not among those the token sees.

    `visible` lists what the token does see, as (id, name) pairs.
    """

    def __init__(self, workspace: int | str, visible: Sequence[tuple[int, str]]) -> None:
        self.workspace = workspace
        self.visible = tuple(visible)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        if isinstance(self.workspace, int):
            head = f"workspace {self.workspace} is not visible to this token"
        else:
            head = f"no workspace named {clip(self.workspace)!r} is visible to this token"
        if not self.visible:
            return f"{head}; it sees no workspace at all (is it the right account's token?)"
        shown = ", ".join(f"{wid} ({clip(name)!r})" for wid, name in self.visible[:10])
        more = f" and {len(self.visible) - 10} more" if len(self.visible) > 10 else ""
        return f"{head}; it sees: {shown}{more}. Use one of these ids"


def clip(text: str, limit: int = 40) -> str:
    """`text` shortened for a message: hostile input can hold megabytes in one value."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
