"""Keep Python's cyclic garbage collector out of bulk loads.

Reading a big config or a big workspace allocates hundreds of thousands of containers and frees
none of them, so every collection those allocations trigger scans a growing heap and finds
nothing: on a file of 50,000 projects that was over half of the load's time. What such a load
builds holds no reference cycles (reference counting frees it), so pausing the collector loses
nothing; any cyclic garbage made meanwhile waits for the next collection.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the collector for the block, then leave it as it was found (even on error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def collector_off_until_exit() -> Iterator[None]:
    """For a whole command-line run: the collector stays off, and on the way out what the run
    built is frozen, so that the interpreter's last collection at exit does not scan it.

    A command's objects (the config, the workspace, the plan) hold no reference cycles, and
    neither does a request (none was found after thousands of them), so nothing waits for a
    collection that would never come; and a collection at exit would scan a million objects to
    free memory the exit frees anyway (both together: about a fifth of a 50,000-project plan).
    Not for library use: freezing is for the rest of the process. The `sandbox` command, a
    server that runs until stopped, turns the collector back on.
    """
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
