"""A faithful, stateful local emulator of the Toggl Track v9 calls the reconciler and other
Toggl clients use (workspaces, clients, projects).

`Backend` holds the state and Toggl's rules; `ThreadedServer` serves it over real HTTP and
`InProcessSandbox` answers `requests` calls inside the process. Both go through one `App`.
This package imports nothing from `reconciler`.
"""

from typing import TYPE_CHECKING, Any

from .app import App
from .backend import DEFAULT_TOKEN, Backend, RequestRecord
from .server import ThreadedServer

if TYPE_CHECKING:
    from .inprocess import InProcessSandbox

__all__ = ["App", "Backend", "DEFAULT_TOKEN", "InProcessSandbox", "RequestRecord", "ThreadedServer"]


def __getattr__(name: str) -> Any:
    # The in-process transport needs `responses` (the `test` extra): load it only when asked for.
    if name == "InProcessSandbox":
        try:
            from .inprocess import InProcessSandbox
        except ModuleNotFoundError as exc:
            raise ModuleNotFoundError(
                "InProcessSandbox needs the 'responses' package: "
                "pip install 'toggl-reconciler[test]'"
            ) from exc
        return InProcessSandbox
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
