"""A faithful, stateful local emulator of the Toggl Track v9 calls the reconciler uses.

`Backend` holds the state and Toggl's rules; `ThreadedServer` serves it over real HTTP and
`InProcessSandbox` answers `requests` calls inside the process. Both go through one `App`.
"""

from .app import App
from .backend import DEFAULT_TOKEN, Backend, RequestRecord
from .inprocess import InProcessSandbox
from .server import ThreadedServer

__all__ = ["App", "Backend", "DEFAULT_TOKEN", "InProcessSandbox", "RequestRecord", "ThreadedServer"]
