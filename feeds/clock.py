"""Time as an input: the one object that reads the clock, and the one tests pin.

Every "now" in maliwatch (the digest's day, "last week" in /summary, an alert's age, backoff and
retry times, outbox leases, the admin cache) comes from a :class:`Clock` handed down from the
composition root (``bot/cli/main.py`` builds one :class:`SystemClock`). Nothing else calls
``datetime.now``, ``time.time`` or ``time.monotonic``, so a test that pins a :class:`FixedClock`
gets the same answers on any date (the suite is run under ``faketime`` to prove it).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """What code may ask about time: the current UTC instant, and a monotonic reading for
    measuring intervals (which never jumps when the wall clock is set)."""

    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...


class SystemClock:
    """The real clock: the only place in the code that reads the system time."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic()


class FixedClock:
    """A clock that stands still until told to move: for tests and for the demo's story."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("a FixedClock needs an aware datetime (UTC)")
        self._at = at.astimezone(UTC)
        self._monotonic = 0.0

    def now(self) -> datetime:
        return self._at

    def monotonic(self) -> float:
        return self._monotonic

    def advance(self, delta: timedelta | None = None, **parts: float) -> datetime:
        """Move forward by ``delta`` (or ``timedelta(**parts)``); return the new instant."""
        step = delta if delta is not None else timedelta(**parts)
        if step < timedelta(0):
            raise ValueError("a clock does not go backwards")
        self._at += step
        self._monotonic += step.total_seconds()
        return self._at

    def set(self, at: datetime) -> None:
        """Jump to ``at`` (tests that replay a timeline)."""
        self._at = at.astimezone(UTC)
