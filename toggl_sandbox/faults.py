"""Toggl's request limits and the test-only fault injection, kept apart from the data rules.

Every limit is off until switched on; usage is always counted and reported. Time comes from the
backend's injectable clock.
"""

from __future__ import annotations

import json
import math
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .exceptions import InjectedFailure, PaymentRequired, TooManyRequests

QUOTA_WINDOW_SECS = 3600
# Requests per hour and organisation on each Toggl plan.
FREE_QUOTA, STARTER_QUOTA, PREMIUM_QUOTA = 30, 240, 600
QUOTA_REMAINING_HEADER = "X-Toggl-Quota-Remaining"
QUOTA_RESETS_HEADER = "X-Toggl-Quota-Resets-In"
QUOTA_MESSAGE = (
    "You have hit your hourly API request quota. Please wait before making new requests."
)
RATE_LIMIT_MESSAGE = "Too many requests. Please slow down."


class HourlyQuota:
    """N requests per sliding hour, counted per bucket (an organisation, or None for /me calls).

    Every request is counted and reported in the usage headers. Only an enforced quota (`total`
    set) refuses with 402; otherwise the count runs on below zero, as Toggl's did before it
    enforced quotas, against `default_total` (the plan's quota)."""

    def __init__(self, clock: Callable[[], float], default_total: int = STARTER_QUOTA) -> None:
        self._clock = clock
        self.total: int | None = None
        self.default_total = default_total
        self._served: dict[int | None, deque[float]] = {}

    @property
    def enabled(self) -> bool:
        return self.total is not None

    @property
    def limit(self) -> int:
        return self.total if self.total is not None else self.default_total

    def _window(self, bucket: int | None) -> deque[float]:
        served = self._served.setdefault(bucket, deque())
        horizon = self._clock() - QUOTA_WINDOW_SECS
        while served and served[0] <= horizon:
            served.popleft()
        return served

    def remaining(self, bucket: int | None) -> int:
        left = self.limit - len(self._window(bucket))
        return max(0, left) if self.enabled else left

    def resets_in(self, bucket: int | None) -> int:
        served = self._window(bucket)
        if not served:
            return QUOTA_WINDOW_SECS
        return max(0, math.ceil(served[0] + QUOTA_WINDOW_SECS - self._clock()))

    def headers(self, bucket: int | None) -> dict[str, str]:
        return {
            QUOTA_REMAINING_HEADER: str(self.remaining(bucket)),
            QUOTA_RESETS_HEADER: str(self.resets_in(bucket)),
        }

    def spend(self, bucket: int | None) -> None:
        """Count one request, or raise 402 (with the usage headers) when the hour is used up."""
        if self.enabled and self.remaining(bucket) <= 0:
            raise PaymentRequired(QUOTA_MESSAGE, self.headers(bucket))
        self._window(bucket).append(self._clock())

    def reset(self) -> None:
        """Forget every counted request, as if the hour had passed."""
        self._served.clear()


class LeakyBucket:
    """Short-term limit: `burst` requests fill the bucket, which drains `per_second` a second."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self.burst: int | None = None
        self.per_second = 1.0
        self._level = 0.0
        self._last = 0.0

    def take(self) -> None:
        if self.burst is None:
            return
        now = self._clock()
        self._level = max(0.0, self._level - (now - self._last) * self.per_second)
        self._last = now
        if self._level + 1 > self.burst:
            wait = math.ceil((self._level + 1 - self.burst) / self.per_second)
            raise TooManyRequests(RATE_LIMIT_MESSAGE, {"Retry-After": str(max(1, wait))})
        self._level += 1

    def reset(self) -> None:
        self._level = 0.0


@dataclass
class _Rule:
    method: str
    path: re.Pattern[str]
    remaining: int
    status: int = 0
    body: bytes = b""
    headers: dict[str, str] | None = None

    def matches(self, method: str, path: str) -> bool:
        return self.remaining > 0 and self.method == method and bool(self.path.search(path))


class FaultInjector:
    """Failures on demand: refuse the next matching requests, or drop them after committing."""

    def __init__(self) -> None:
        self._failures: list[_Rule] = []
        self._drops: list[_Rule] = []

    def fail_next(
        self,
        method: str,
        path_regex: str,
        status: int,
        count: int = 1,
        body: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        if body is None:
            raw = json.dumps(f"Injected failure {status}").encode()
        elif isinstance(body, bytes):
            raw = body
        else:
            raw = json.dumps(body).encode()
        self._failures.append(
            _Rule(method.upper(), re.compile(path_regex), count, status, raw, headers)
        )

    def drop_after_commit(self, method: str, path_regex: str, count: int = 1) -> None:
        self._drops.append(_Rule(method.upper(), re.compile(path_regex), count))

    def check_failure(self, method: str, path: str) -> None:
        """Raise the injected failure for this request, if one is pending."""
        for rule in self._failures:
            if rule.matches(method, path):
                rule.remaining -= 1
                raise InjectedFailure(rule.status, rule.body, rule.headers)

    def should_drop(self, method: str, path: str) -> bool:
        for rule in self._drops:
            if rule.matches(method, path):
                rule.remaining -= 1
                return True
        return False

    def clear(self) -> None:
        self._failures.clear()
        self._drops.clear()
