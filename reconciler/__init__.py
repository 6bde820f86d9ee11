"""toggl-reconciler: infrastructure-as-code for Toggl Track clients and projects.

The library in one import:

    import reconciler

    rec = reconciler.Reconciler()  # TOGGL_API_TOKEN, TOGGL_API_URL
    plan = rec.plan(reconciler.load_config("workspace.yaml"))
    rec.apply(plan)

`Reconciler` (see reconciler/facade.py) plans, applies with the command's checks, and exports;
`load_config`/`parse_config` read configs; `load_plan`/`save_plan` handle saved plans; the errors
are those of reconciler/errors.py. The named parts load on first use, so `import reconciler`
stays as light as the command's start-up.
"""

import logging
from importlib import import_module
from typing import TYPE_CHECKING, Any

from reconciler.errors import (
    ConfigError,
    FeatureUnavailable,
    PaidFeatureRequired,
    PlanError,
    QuotaExhausted,
    ReconcilerError,
    StalePlan,
    TogglError,
    TransportError,
    UnsafePlan,
    WorkspaceNotVisible,
)

if TYPE_CHECKING:
    from reconciler.apply import ApplyStopped, Outcome
    from reconciler.config import Config, load_config, parse_config
    from reconciler.facade import ApplyStarting, Event, Reconciler
    from reconciler.plan import Action, Plan
    from reconciler.saved_plans import load_plan, save_plan
    from reconciler.state import Workspace

__version__ = "0.1.0"

# Silent unless the program configures logging: without a handler, Python would print the
# library's warnings (waits before a retry) to stderr.
logging.getLogger(__name__).addHandler(logging.NullHandler())

# Name -> the module that holds it; imported when first asked for.
_LAZY = {
    "Reconciler": "reconciler.facade",
    "ApplyStarting": "reconciler.facade",
    "Event": "reconciler.facade",
    "load_config": "reconciler.config",
    "parse_config": "reconciler.config",
    "Config": "reconciler.config",
    "Plan": "reconciler.plan",
    "Action": "reconciler.plan",
    "Outcome": "reconciler.apply",
    "ApplyStopped": "reconciler.apply",
    "load_plan": "reconciler.saved_plans",
    "save_plan": "reconciler.saved_plans",
    "Workspace": "reconciler.state",
}

__all__ = [
    "Action",
    "ApplyStarting",
    "ApplyStopped",
    "Config",
    "ConfigError",
    "Event",
    "FeatureUnavailable",
    "Outcome",
    "PaidFeatureRequired",
    "Plan",
    "PlanError",
    "QuotaExhausted",
    "Reconciler",
    "ReconcilerError",
    "StalePlan",
    "TogglError",
    "TransportError",
    "UnsafePlan",
    "Workspace",
    "WorkspaceNotVisible",
    "__version__",
    "load_config",
    "load_plan",
    "parse_config",
    "save_plan",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value  # later lookups skip this function
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
