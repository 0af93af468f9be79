"""Outbox rows → Telegram (or the console), exactly once as far as the database can tell.

    lease_due_alerts ──▶ render from the CURRENT incident view ──▶ for each part not sent yet:
          │ (a lease token per row)                     extend the lease, send, record the part
          │ (lease expires if the process dies: due again)                     │
          └──────────────────────────────────────────── mark_alert_sent (only under the lease)

Every write is ``UPDATE … WHERE id = ? AND lease_token = ?``: a worker whose lease expired and
was taken over by another writes nothing and stops (no double mark, no second copy of the parts
the other worker sends). The lease is extended before each send, so a slow send does not let
another worker take the row over meanwhile. A long alert records each part it sent
(``sent_chunks``): a retry resumes after the last one.

Errors, by what they mean (``bot/delivery/failures.py``):

* ``RetryAfter`` (flood control) → due again at ``now + retry_after``; not counted as a failure.
  The rate limiter does not retry (``bot.telegram.app.build_rate_limiter``), so no send
  sleeps past its lease.
* ``TimedOut`` / ``NetworkError`` / a 5xx → exponential backoff with jitter, forever (capped).
* ``ChatMigrated`` → ``migrate_chat`` (every queued row follows) and sent again at once.
* ``BadRequest`` "chat not found" / ``Forbidden`` (bot kicked) → failed, reason kept and logged.
* anything else → backoff, and failed after :data:`MAX_ATTEMPTS` attempts.

The one window left: Telegram accepted a part but the process died before recording it; the
lease then expires and that part is sent a second time (see docs/telegram.md).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from telegram.error import BadRequest, ChatMigrated

from bot.delivery.failures import (
    alert_id,
    handle_failure,
    retry,
)
from bot.delivery.senders import AlertSender
from bot.delivery.views import Rendered, render_row
from feeds.clock import Clock
from storage.db import session_scope
from storage.models import AlertRow
from storage.queries import alerts as alert_queries
from storage.queries import chats as chat_queries

log = logging.getLogger(__name__)

LEASE_SECONDS = 120
LEASE_SAFETY_SECONDS = 20  # stop a pass this long before its leases expire
CARD_GONE = "message to edit not found"


@dataclass
class DeliveryReport:
    leased: int = 0
    sent: int = 0
    edited: int = 0
    skipped: int = 0  # nothing to do (a card edit before the card exists)
    retried: int = 0
    failed: int = 0
    released: int = 0  # leased but not tried: the lease was running out (due again at once)
    lost: int = 0  # the lease expired and another worker took the row over


class LeaseLost(Exception):
    """Another worker holds the row now: stop, write nothing."""


@dataclass
class _Pass:
    engine: Engine
    sender: AlertSender
    now: datetime
    started: float
    clock: Clock
    report: DeliveryReport
    language: str = "en"

    def wall(self) -> datetime:
        """``now`` moved on by the time this pass has taken."""
        return self.now + timedelta(seconds=self.clock.monotonic() - self.started)


async def deliver_due_alerts(
    *,
    engine: Engine,
    sender: AlertSender,
    clock: Clock,
    limit: int = 50,
    language: str = "en",
) -> DeliveryReport:
    """Lease due outbox rows, render each from the current incident view, send, mark.

    Sending can be slow (the rate limiter holds a group to 20 messages a minute), so the pass
    stops before its leases expire and releases the rows it has not tried: another worker
    could otherwise lease them again and send them twice. ``clock`` gives now and measures that.
    ``language`` is what a chat that never chose one reads (MALIWATCH_LANGUAGE).
    """
    now = clock.now()
    rows = await asyncio.to_thread(_lease, engine, now, limit)
    state = _Pass(
        engine, sender, now, clock.monotonic(), clock, DeliveryReport(leased=len(rows)), language
    )
    for index, row in enumerate(rows):
        if clock.monotonic() - state.started > LEASE_SECONDS - LEASE_SAFETY_SECONDS:
            await asyncio.to_thread(_release, engine, rows[index:], now)
            state.report.released = len(rows) - index
            break
        await _deliver_one(state, row)
    if rows:
        log.info("delivery: %s", state.report)
    return state.report


def _lease(engine: Engine, now: datetime, limit: int) -> list[AlertRow]:
    with session_scope(engine) as session:
        return list(
            alert_queries.lease_due_alerts(
                session=session, now=now, limit=limit, lease_seconds=LEASE_SECONDS
            )
        )


def _release(engine: Engine, rows: Sequence[AlertRow], now: datetime) -> None:
    reason = "released: lease running out"
    with session_scope(engine, immediate=True) as session:
        for row in rows:
            alert_queries.mark_alert_retry(
                session=session, **retry(row, reason, now, give_back_attempt=True)
            )
    log.info("released %d leased alerts before their lease ran out", len(rows))


async def _deliver_one(state: _Pass, row: AlertRow) -> None:
    await asyncio.to_thread(_follow_known_migration, state.engine, row)
    context = f"alert {row.id} ({row.kind}, incident {row.incident_id}, chat {row.chat_id})"
    try:
        try:
            outcome, message_id = await _attempt(state, row, context)
        except ChatMigrated as exc:  # follow the group to its supergroup and retry at once
            await asyncio.to_thread(_follow_migration, state.engine, row, exc.new_chat_id, context)
            outcome, message_id = await _attempt(state, row, context)
    except LeaseLost:
        log.warning("%s: lease lost to another worker; leaving the row to it", context)
        state.report.lost += 1
        return
    except Exception as exc:  # every failure is classified, none is lost
        await asyncio.to_thread(
            handle_failure, state.engine, row, exc, state.now, state.report, context
        )
        return
    if not await asyncio.to_thread(_mark_sent, state.engine, row, message_id, state.now):
        log.warning("%s: sent, but the lease was lost before it was marked", context)
        state.report.lost += 1
        return
    setattr(state.report, outcome, getattr(state.report, outcome) + 1)


async def _attempt(state: _Pass, row: AlertRow, context: str) -> tuple[str, int | None]:
    """Render and send (or edit); returns which counter to bump and the message id."""
    rendered = await asyncio.to_thread(
        functools.partial(render_row, state.engine, row, state.now, language=state.language)
    )
    extra = {"buttons": rendered.buttons} if rendered.buttons else {}
    if rendered.skip_reason is not None:
        log.info("%s: nothing to send: %s", context, rendered.skip_reason)
        return "skipped", None
    if rendered.edit_message_id is not None:
        await _extend_lease(state, row)
        try:
            await state.sender.edit(
                chat_id=row.chat_id,
                message_id=rendered.edit_message_id,
                text=rendered.chunks[0],
                **extra,
            )
        except BadRequest as exc:
            if CARD_GONE not in exc.message.lower():
                raise
            # Deleted, or sent in the group before it became a supergroup (Telegram does not
            # let a bot edit it there): retrying cannot help; /incident shows the card.
            log.warning("%s: card %s cannot be edited: %s", context, rendered.edit_message_id, exc)
            return "skipped", None
        return "edited", rendered.edit_message_id
    return "sent", await _send_parts(state, row, rendered)


async def _send_parts(state: _Pass, row: AlertRow, rendered: Rendered) -> int | None:
    """Send the parts not sent yet, one by one, recording each under the lease."""
    first_id = row.telegram_message_id if row.sent_chunks else None
    for number in range(row.sent_chunks, len(rendered.chunks)):
        await _extend_lease(state, row)
        last = number == len(rendered.chunks) - 1
        extra = {"buttons": rendered.buttons} if rendered.buttons and last else {}
        message_id = await state.sender.send(
            chat_id=row.chat_id,
            text_chunks=(rendered.chunks[number],),
            silent=row.silent,
            thread_id=row.thread_id,
            **extra,
        )
        first_id = message_id if first_id is None else first_id
        await asyncio.to_thread(_record_part, state.engine, row, number + 1, first_id)
    if row.sent_chunks:
        log.info("alert %s: resumed after part %d", row.id, row.sent_chunks)
    return first_id


async def _extend_lease(state: _Pass, row: AlertRow) -> None:
    until = state.wall() + timedelta(seconds=LEASE_SECONDS)

    def extend() -> bool:
        with session_scope(state.engine, immediate=True) as session:
            return alert_queries.extend_lease(
                session=session,
                alert_id=alert_id(row),
                lease_token=row.lease_token or "",
                lease_until=until,
            )

    if not await asyncio.to_thread(extend):
        raise LeaseLost(row.id)


def _record_part(engine: Engine, row: AlertRow, sent_chunks: int, first_id: int | None) -> None:
    """Right after Telegram's answer, in its own short transaction: part ``sent_chunks`` is out.

    Nothing else happens between the answer and this write, and a database error here is
    retried (:func:`_durably`) instead of reaching the failure handling, which would send the
    part again: Telegram has no idempotency key, so this write is what keeps a message single."""

    def write() -> bool:
        with session_scope(engine, immediate=True) as session:
            return alert_queries.record_chunks_sent(
                session=session,
                alert_id=alert_id(row),
                lease_token=row.lease_token,
                sent_chunks=sent_chunks,
                first_message_id=first_id,
            )

    if not _durably(write, f"alert {row.id}: record part {sent_chunks}"):
        raise LeaseLost(row.id)


RECORD_ATTEMPTS = 6
RECORD_BACKOFF_SECONDS = 0.05  # doubled each attempt: about 3 s in all


def _durably(write: Callable[[], bool], what: str) -> bool:
    """Run a bookkeeping write after a send, retrying database errors (locked, restarting,
    a dropped connection) a few times; the last error propagates and the alert's lease then
    expires, the one case left where a message can be sent twice (docs/telegram.md)."""
    for attempt in range(RECORD_ATTEMPTS):
        try:
            return write()
        except DBAPIError as exc:
            if attempt == RECORD_ATTEMPTS - 1:
                raise
            log.warning("%s: database error, retrying without resending: %s", what, exc)
            if RECORD_BACKOFF_SECONDS > 0:  # a sleep is a pause, never a clock reading
                time.sleep(RECORD_BACKOFF_SECONDS * 2**attempt)
    raise AssertionError("unreachable")


def _follow_known_migration(engine: Engine, row: AlertRow) -> None:
    """A chat already known to have moved: send there directly (no ChatMigrated round trip)."""
    with session_scope(engine) as session:
        current = chat_queries.current_chat_id(session=session, chat_id=row.chat_id)
    if current != row.chat_id:
        _follow_migration(engine, row, current, f"alert {row.id}")


def _follow_migration(engine: Engine, row: AlertRow, new_chat_id: int | str, context: str) -> None:
    """Every unsent alert of the old chat (this one included) moves to the supergroup."""
    with session_scope(engine, immediate=True) as session:
        moved = alert_queries.migrate_chat(
            session=session, old_chat_id=row.chat_id, new_chat_id=str(new_chat_id)
        )
    log.warning("%s: chat migrated to %s (%d alerts moved)", context, new_chat_id, moved)
    row.chat_id = str(new_chat_id)


def _mark_sent(engine: Engine, row: AlertRow, message_id: int | None, now: datetime) -> bool:
    def write() -> bool:
        with session_scope(engine, immediate=True) as session:
            return alert_queries.mark_alert_sent(
                session=session,
                alert_id=alert_id(row),
                message_id=message_id,
                now=now,
                lease_token=row.lease_token,
            )

    return _durably(write, f"alert {row.id}: mark sent")
