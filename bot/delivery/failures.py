"""What a failed send means, and what the outbox row becomes (see ``bot/delivery/worker.py``)."""

from __future__ import annotations

import logging
import random
import warnings
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy.engine import Engine
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from feeds.model.alerts import AlertFormatError
from storage.db import session_scope
from storage.models import AlertRow
from storage.queries import alerts as alert_queries

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BASE_BACKOFF = timedelta(seconds=15)
MAX_BACKOFF = timedelta(hours=1)
PERMANENT_REASONS = (
    "chat not found",
    "bot was kicked",
    "not enough rights",
    "chat_write_forbidden",
)


class Counts(Protocol):
    retried: int
    failed: int


def backoff(attempts: int) -> timedelta:
    """Exponential backoff with full jitter, capped at :data:`MAX_BACKOFF`."""
    ceiling = min(MAX_BACKOFF, BASE_BACKOFF * (2 ** max(0, attempts - 1)))
    return timedelta(seconds=random.uniform(ceiling.total_seconds() / 2, ceiling.total_seconds()))


def is_permanent(exc: Exception) -> bool:
    if isinstance(exc, AlertFormatError):  # the payload will not read better next time
        return True
    if isinstance(exc, Forbidden):
        return True
    message = getattr(exc, "message", str(exc)).lower()
    return isinstance(exc, BadRequest) and any(reason in message for reason in PERMANENT_REASONS)


def is_transient(exc: Exception) -> bool:
    """Timeouts, connection trouble and 5xx answers (PTB raises NetworkError for those)."""
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest)


def retry_after_seconds(exc: RetryAfter) -> float:
    """Seconds to wait, whether PTB gives an int (v22 default) or a timedelta (PTB_TIMEDELTA)."""
    with warnings.catch_warnings():  # PTB 22 warns that the type will change
        warnings.simplefilter("ignore")
        wait = exc.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


def alert_id(row: AlertRow) -> int:
    if row.id is None:
        raise ValueError("an outbox row without an id")
    return row.id


def retry(
    row: AlertRow, reason: str, when: datetime, *, give_back_attempt: bool = False
) -> dict[str, Any]:
    """Keyword arguments of ``mark_alert_retry`` for ``row`` under its lease."""
    return {
        "alert_id": alert_id(row),
        "error": reason,
        "next_attempt_at": when,
        "lease_token": row.lease_token,
        "give_back_attempt": give_back_attempt,
    }


def handle_failure(
    engine: Engine, row: AlertRow, exc: Exception, now: datetime, report: Counts, context: str
) -> None:
    """Classify a failed send and store what happens next, in one transaction, under the lease
    (a worker that lost its lease writes nothing)."""
    reason = f"{type(exc).__name__}: {exc}"
    with session_scope(engine, immediate=True) as session:
        if isinstance(exc, ChatMigrated):  # migrated again right after a migration
            alert_queries.migrate_chat(
                session=session, old_chat_id=row.chat_id, new_chat_id=str(exc.new_chat_id)
            )
            log.warning("%s: chat migrated again, to %s", context, exc.new_chat_id)
            alert_queries.mark_alert_retry(
                session=session, **retry(row, reason, now, give_back_attempt=True)
            )
        elif isinstance(exc, RetryAfter):  # back to the outbox, never a long sleep in PTB
            seconds = retry_after_seconds(exc)
            log.warning("%s: flood control, retry in %.0fs", context, seconds)
            when = now + timedelta(seconds=seconds)
            alert_queries.mark_alert_retry(
                session=session, **retry(row, reason, when, give_back_attempt=True)
            )
        elif is_permanent(exc) or (not is_transient(exc) and row.attempts >= MAX_ATTEMPTS):
            log.error("%s: failed for good after %d attempts: %s", context, row.attempts, reason)
            alert_queries.mark_alert_failed(
                session=session, alert_id=alert_id(row), error=reason, lease_token=row.lease_token
            )
            report.failed += 1
            return
        else:
            transient = is_transient(exc)
            level = logging.WARNING if transient else logging.ERROR
            log.log(level, "%s: will retry: %s", context, reason, exc_info=not transient)
            alert_queries.mark_alert_retry(
                session=session, **retry(row, reason, now + backoff(row.attempts))
            )
    report.retried += 1
