"""What a Free-plan workspace refuses, with 402: premium project fields, colours outside Toggl's
palette, archiving clients, and a sixth active project in the organisation.

Which premium value counts as "set" is not documented: the sandbox accepts null, and `false` for
the flags, since a Free workspace already has those; any other value answers 402.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .controls import LimitControls
from .exceptions import PaymentRequired
from .records import PALETTE

if TYPE_CHECKING:
    from .store import Space

MAX_FREE_ACTIVE_PROJECTS = 5
PREMIUM_PROJECT_FIELDS = (
    "billable", "estimated_hours", "rate", "currency", "fixed_fee", "auto_estimates", "recurring",
)  # fmt: skip
PREMIUM_SETTINGS = (
    "default_hourly_rate", "default_currency", "rounding", "rounding_minutes",
    "projects_billable_by_default", "projects_enforce_billable", "only_admins_see_billable_rates",
)  # fmt: skip
ARCHIVE_PREMIUM_MESSAGE = "Archiving clients is available only for premium workspaces."
ACTIVE_LIMIT_MESSAGE = (
    f"The Free plan allows at most {MAX_FREE_ACTIVE_PROJECTS} active projects. "
    "Archive a project or upgrade to add more."
)
_PALETTE = frozenset(PALETTE)


def premium_fields(fields: dict[str, Any]) -> list[str]:
    """The premium-only fields that `fields` sets to something a Free workspace lacks."""
    chosen = [k for k in PREMIUM_PROJECT_FIELDS if fields.get(k) not in (None, False)]
    color = fields.get("color")
    if isinstance(color, str) and color.lower() not in _PALETTE:
        chosen.append("color")  # custom colours are a paid-plan feature
    return chosen


class FreePlanRules(LimitControls):
    """The checks the client and project calls make; each does nothing on a paid plan."""

    free_plan: bool
    _spaces: dict[int, Space]

    def check_premium_fields(self, fields: dict[str, Any]) -> None:
        if not self.free_plan:
            return
        refused = premium_fields(fields)
        if refused:
            listed = ", ".join(refused)
            raise PaymentRequired(f"{listed}: available only for premium workspaces.")

    def check_premium_settings(self, settings: dict[str, Any]) -> None:
        if self.free_plan and any(k in settings for k in PREMIUM_SETTINGS):
            raise PaymentRequired("Workspace billing and rounding settings need a paid plan.")

    def check_client_archiving(self) -> None:
        if self.free_plan:
            raise PaymentRequired(ARCHIVE_PREMIUM_MESSAGE)

    def check_room_for_active(self, space: Space, adding: int) -> None:
        """Refuse activating `adding` more projects past the organisation's Free limit."""
        if not self.free_plan or adding <= 0:
            return
        org = space.organization_id
        active = sum(
            len(s.ids_in_state(True)) for s in self._spaces.values() if s.organization_id == org
        )
        if active + adding > MAX_FREE_ACTIVE_PROJECTS:
            raise PaymentRequired(ACTIVE_LIMIT_MESSAGE)
