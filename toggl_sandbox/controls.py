"""The test and command-line controls of a backend: quota, rate limit, plan and injected faults.

Kept apart from the data rules in backend.py; `Backend` inherits them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .faults import FREE_QUOTA, STARTER_QUOTA, FaultInjector, HourlyQuota, LeakyBucket

if TYPE_CHECKING:
    from .store import Space


class LimitControls:
    """Switches for Toggl's limits; every one is off until a test or the CLI turns it on.

    Usage is counted and reported in any case, against the plan's hourly quota: 240 (Starter,
    the sandbox's default plan), or 30 on the Free plan."""

    free_plan: bool
    quota: HourlyQuota
    burst: LeakyBucket
    faults: FaultInjector
    _spaces: dict[int, Space]

    def set_quota(self, total: int | None) -> None:
        """Enforce `total` requests per sliding hour per organisation (and for /me), counted from
        now on: `total` more requests fit. None: report usage against the plan's quota without
        refusing anything."""
        self.quota.total = total
        self.quota.reset()

    def reset_quota(self) -> None:
        """The hour passed: every bucket is full again."""
        self.quota.reset()

    def set_rate_limit(self, burst: int | None, per_second: float = 1.0) -> None:
        """Answer 429 once more than `burst` requests arrive faster than `per_second`; None: off."""
        self.burst.burst = burst
        self.burst.per_second = per_second
        self.burst.reset()

    def set_free_plan(self, free: bool = True) -> None:
        """Free: premium fields, custom colours and client archiving answer 402, and an
        organisation holds at most 5 active projects."""
        self.free_plan = free
        self.quota.default_total = FREE_QUOTA if free else STARTER_QUOTA

    def fail_next(self, method: str, path_regex: str, status: int, count: int = 1,
                  body: Any = None, headers: dict[str, str] | None = None) -> None:  # fmt: skip
        """The next `count` matching requests fail with `status`; state is not touched."""
        self.faults.fail_next(method, path_regex, status, count, body, headers)

    def drop_after_commit(self, method: str, path_regex: str, count: int = 1) -> None:
        """The next `count` matching requests are applied, then answered by a dropped connection."""
        self.faults.drop_after_commit(method, path_regex, count)

    def quota_bucket(self, wid: int | None) -> int | None:
        """The organisation a request counts against; None for user-level calls such as /me."""
        space = self._spaces.get(wid) if wid is not None else None
        return space.organization_id if space else None

    def quota_report(self) -> list[dict[str, Any]]:
        """/me/quota: one entry per organisation, and one (organization_id null) for /me."""
        buckets: list[int | None] = [s.organization_id for s in self._spaces.values()] + [None]
        return [
            {
                "organization_id": org,
                "remaining": self.quota.remaining(org),
                "resets_in_secs": self.quota.resets_in(org),
                "total": self.quota.limit,
            }
            for org in dict.fromkeys(buckets)
        ]
