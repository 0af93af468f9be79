"""`maliwatch poll` with nothing to do, answered without loading the pipeline.

Several ``poll`` workers started by a timer often find that another one took every due feed.
:func:`work_waiting` asks the database, with three indexed ``SELECT … LIMIT 1`` in plain SQL (no
ORM models, no HTTP client, no Telegram library), whether any feed is due or any alert waits;
only then does the command import and run the polling cycle. An idle poll records no
``poll_run`` row (``/status`` keeps showing the last cycle that polled something).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, DateTime, String, column, exists, or_, select, table

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from bot.settings import Settings

_FEED = table("feed", column("id"), column("enabled", Boolean), column("next_poll_at", DateTime()))
_ALERT = table("alert", column("id"), column("status", String))
WAITING_ALERT_STATUSES = ("pending", "sending")  # storage.models.AlertRow's unfinished states


def work_waiting(engine: Engine, settings: Settings, *, now: datetime) -> bool | None:
    """True when a feed is due or an alert waits, False when neither; None when this cannot be
    told cheaply (a feeds file to read, or no feed stored yet: the seed list comes in)."""
    if settings.feeds_file is not None:
        return None
    naive_now = now.astimezone(UTC).replace(tzinfo=None)  # stored as naive UTC
    due = or_(_FEED.c.next_poll_at.is_(None), _FEED.c.next_poll_at <= naive_now)
    with engine.connect() as connection:
        if not connection.scalar(select(exists().select_from(_FEED))):
            return None
        if connection.scalar(select(exists().where(_FEED.c.enabled.is_(True), due))):
            return True
        waiting = _ALERT.c.status.in_(WAITING_ALERT_STATUSES)
        return bool(connection.scalar(select(exists().where(waiting))))


def print_idle() -> None:
    print("maliwatch poll: nothing to do (no feed due, no alert waiting)")
