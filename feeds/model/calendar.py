"""Calendar arithmetic on :class:`EventDate` values: where a month starts, where a period ends.

In the vocabulary because storage (candidate windows) and the analysis both need it.
"""

from __future__ import annotations

from datetime import date, timedelta

from feeds.model import DatePrecision, EventDate


def month_start(year: int, month: int) -> date:
    year += (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1)


def period_end(when: EventDate) -> date:
    """The last day of the period an :class:`EventDate` stands for."""
    if when.precision is DatePrecision.WEEK:
        return when.day + timedelta(days=6)
    if when.precision is DatePrecision.MONTH:
        return month_start(when.day.year, when.day.month + 1) - timedelta(days=1)
    if when.precision is DatePrecision.YEAR:
        return date(when.day.year, 12, 31)
    return when.day
