"""The outbox: alerts written in the story's transaction and leased by delivery workers.

Lifecycle: ``pending`` ──lease──▶ ``sending`` (until ``lease_until``) ──▶ ``sent``, or back to
``pending`` with a later ``next_attempt_at`` (retry), or ``failed`` (permanent). A lease that
expires (the worker died) makes the row due again. On PostgreSQL leasing uses
``SELECT ... FOR UPDATE SKIP LOCKED`` so concurrent workers never lease the same row; on SQLite
the leasing transaction takes the database write lock first (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, or_, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from feeds.model import AlertKind, AlertStatus
from feeds.model.alerts import (
    Alert,
    FloodSummaryAlert,
    alert_kind,
    dump_alert,
    incident_of,
    load_alert,
    story_of,
)
from storage.db import SQLITE_IMMEDIATE
from storage.models import AlertRow, ChatRow, StoryRow
from storage.queries.chats import former_chat_ids

log = logging.getLogger(__name__)

URGENT_PRIORITY = 0  # a new incident's card, a dispute
DEFAULT_PRIORITY = 1  # a card edit, the digest
SUMMARY_PRIORITY = 2  # a flood summary, a toll update, a story with no incident


def enqueue_alert(
    *,
    session: Session,
    alert: Alert,
    dedup_key: str,
    chat_id: str,
    now: datetime,
    silent: bool = False,
    thread_id: int | None = None,
    priority: int = DEFAULT_PRIORITY,
) -> AlertRow | None:
    """Queue a typed alert; None (and nothing written) when ``dedup_key`` is already queued.

    ``priority`` orders delivery (0 first: new incidents and disputes before updates), and
    rows of one priority go oldest first."""
    if _alert_by_key(session, dedup_key) is not None:
        return None
    row = AlertRow(
        kind=alert_kind(alert).value,
        dedup_key=dedup_key,
        incident_id=incident_of(alert),
        story_id=story_of(alert),
        chat_id=chat_id,
        thread_id=thread_id,
        payload=dump_alert(alert),
        silent=silent,
        priority=priority,
        status=AlertStatus.PENDING.value,
        next_attempt_at=now,
        created_at=now,
    )
    try:
        with session.begin_nested():  # another worker may insert the same key meanwhile
            session.add(row)
    except IntegrityError:
        log.info("alert %s already queued by another worker", dedup_key)
        return None
    return row


def record_flood(
    *, session: Session, summary: FloodSummaryAlert, dedup_key: str, chat_id: str, now: datetime
) -> AlertRow | None:
    """Count one more alert held back for a feed this cycle, on its one pending summary row
    (created on the first)."""
    row = _alert_by_key(session, dedup_key)
    if row is None:
        return enqueue_alert(
            session=session,
            alert=summary,
            dedup_key=dedup_key,
            chat_id=chat_id,
            now=now,
            silent=True,
            priority=SUMMARY_PRIORITY,
        )
    if row.status == AlertStatus.PENDING.value:
        held = load_alert(AlertKind.FLOOD_SUMMARY, row.payload)
        assert isinstance(held, FloodSummaryAlert)
        row.payload = dump_alert(replace(held, held_back=held.held_back + summary.held_back))
        session.add(row)
    return row


def alerts_queued_at(
    *,
    session: Session,
    created_at: datetime,
    feed_id: int | None = None,
    chat_id: str | None = None,
) -> int:
    """Alerts queued with this exact creation time (one polling cycle's), optionally only those
    raised by stories of one feed, or for one chat: what the cycle's alert budgets have spent."""
    query = select(func.count()).select_from(AlertRow).where(col(AlertRow.created_at) == created_at)
    query = query.where(col(AlertRow.kind) != AlertKind.FLOOD_SUMMARY.value)
    if chat_id is not None:
        query = query.where(col(AlertRow.chat_id) == chat_id)
    if feed_id is not None:
        query = query.join(StoryRow, col(StoryRow.id) == col(AlertRow.story_id)).where(
            col(StoryRow.feed_id) == feed_id
        )
    return int(session.exec(query).one())


def _alert_by_key(session: Session, dedup_key: str) -> AlertRow | None:
    return session.exec(select(AlertRow).where(col(AlertRow.dedup_key) == dedup_key)).first()


def lease_due_alerts(
    *, session: Session, now: datetime, limit: int = 50, lease_seconds: float = 60
) -> list[AlertRow]:
    """Lease up to ``limit`` due alerts to the caller for ``lease_seconds``: the most urgent
    priority first, oldest first within a priority."""
    _lock_for_leasing(session)
    due = or_(
        and_(
            col(AlertRow.status) == AlertStatus.PENDING.value, col(AlertRow.next_attempt_at) <= now
        ),
        and_(
            col(AlertRow.status) == AlertStatus.SENDING.value,
            col(AlertRow.lease_until).is_not(None),
            col(AlertRow.lease_until) <= now,
        ),
    )
    query = select(AlertRow).where(due).order_by(col(AlertRow.priority), col(AlertRow.id))
    query = query.limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list(session.exec(query))
    lease_until = now + timedelta(seconds=lease_seconds)
    for row in rows:
        row.status = AlertStatus.SENDING.value
        row.lease_until = lease_until
        row.lease_token = uuid.uuid4().hex
        row.attempts += 1
        session.add(row)
    session.flush()
    return rows


def _lock_for_leasing(session: Session) -> None:
    """On SQLite, hold the write lock before reading what to lease."""
    if session.get_bind().dialect.name != "sqlite":
        return
    if not session.in_transaction():
        session.connection(execution_options={SQLITE_IMMEDIATE: True})
        return
    # Already inside a deferred transaction: a write statement takes the lock now.
    session.execute(text("UPDATE alert SET attempts = attempts WHERE id IS NULL"))


def _held(alert_id: int, lease_token: str | None) -> list[Any]:
    """WHERE clauses of a write by the lease holder: the row, still leased with this token.
    ``lease_token=None`` writes unconditionally (tools and tests, never a delivery worker)."""
    clauses: list[Any] = [col(AlertRow.id) == alert_id]
    if lease_token is not None:
        clauses += [
            col(AlertRow.lease_token) == lease_token,
            col(AlertRow.status) == AlertStatus.SENDING.value,
        ]
    return clauses


def _write_if_held(
    session: Session, alert_id: int, lease_token: str | None, values: dict[str, Any]
) -> bool:
    """``UPDATE alert SET … WHERE id = ? AND lease_token = ?``; True when the row was written."""
    result = session.execute(
        update(AlertRow)
        .where(*_held(alert_id, lease_token))
        .values(**values)
        .execution_options(synchronize_session="fetch")
    )
    won = int(getattr(result, "rowcount", 0) or 0) == 1
    if not won:
        if session.get(AlertRow, alert_id) is None:
            raise LookupError(f"no alert {alert_id}")
        log.warning("alert %s: lease %s lost, write skipped", alert_id, lease_token)
    session.flush()
    return won


def extend_lease(
    *, session: Session, alert_id: int, lease_token: str, lease_until: datetime
) -> bool:
    """Push the lease out before a (possibly slow) send; False when it was lost meanwhile."""
    return _write_if_held(session, alert_id, lease_token, {"lease_until": lease_until})


def record_chunks_sent(
    *,
    session: Session,
    alert_id: int,
    lease_token: str | None,
    sent_chunks: int,
    first_message_id: int | None,
) -> bool:
    """After each part of a long alert: a retry resumes after part ``sent_chunks``."""
    values: dict[str, Any] = {"sent_chunks": sent_chunks}
    if first_message_id is not None:
        values["telegram_message_id"] = first_message_id
    return _write_if_held(session, alert_id, lease_token, values)


def mark_alert_sent(
    *,
    session: Session,
    alert_id: int,
    message_id: int | None,
    now: datetime,
    lease_token: str | None = None,
) -> bool:
    """Sent; False (nothing written) when ``lease_token`` no longer holds the row."""
    values: dict[str, Any] = {
        "status": AlertStatus.SENT.value,
        "sent_at": now,
        "lease_until": None,
        "lease_token": None,
        "last_error": None,
    }
    if message_id is not None:
        values["telegram_message_id"] = message_id
    return _write_if_held(session, alert_id, lease_token, values)


def mark_alert_retry(
    *,
    session: Session,
    alert_id: int,
    error: str,
    next_attempt_at: datetime,
    lease_token: str | None = None,
    give_back_attempt: bool = False,
) -> bool:
    """Pending again at ``next_attempt_at``. ``give_back_attempt`` undoes the attempt the lease
    counted (flood control, a released lease: not the alert's fault)."""
    values: dict[str, Any] = {
        "status": AlertStatus.PENDING.value,
        "last_error": error,
        "next_attempt_at": next_attempt_at,
        "lease_until": None,
        "lease_token": None,
    }
    if give_back_attempt:
        values["attempts"] = case((col(AlertRow.attempts) > 0, col(AlertRow.attempts) - 1), else_=0)
    return _write_if_held(session, alert_id, lease_token, values)


def mark_alert_failed(
    *, session: Session, alert_id: int, error: str, lease_token: str | None = None
) -> bool:
    values: dict[str, Any] = {
        "status": AlertStatus.FAILED.value,
        "last_error": error,
        "lease_until": None,
        "lease_token": None,
    }
    won = _write_if_held(session, alert_id, lease_token, values)
    if won:
        log.warning("alert %s failed for good: %s", alert_id, error)
    return won


def migrate_chat(*, session: Session, old_chat_id: str, new_chat_id: str) -> int:
    """A group became a supergroup: re-point unsent alerts and the chat row; returns how many
    alerts moved."""
    unsent = (AlertStatus.PENDING.value, AlertStatus.SENDING.value)
    result = session.execute(
        update(AlertRow)
        .where(col(AlertRow.chat_id) == old_chat_id, col(AlertRow.status).in_(unsent))
        .values(chat_id=new_chat_id)
        .execution_options(synchronize_session="fetch")
    )
    _migrate_chat_row(session, old_chat_id, new_chat_id)
    session.flush()
    moved = int(getattr(result, "rowcount", 0) or 0)
    log.info("chat %s migrated to %s: %d alerts re-pointed", old_chat_id, new_chat_id, moved)
    return moved


def _migrate_chat_row(session: Session, old_chat_id: str, new_chat_id: str) -> None:
    old = session.exec(select(ChatRow).where(col(ChatRow.chat_id) == old_chat_id)).first()
    if old is None:
        return
    old.migrated_to = new_chat_id
    session.add(old)
    new = session.exec(select(ChatRow).where(col(ChatRow.chat_id) == new_chat_id)).first()
    if new is None:
        kind = "supergroup" if old.kind in ("group", "") else old.kind
        session.add(
            ChatRow(
                chat_id=new_chat_id,
                title=old.title,
                kind=kind,
                thread_id=old.thread_id,
                added_at=old.added_at,
            )
        )


def card_message_id(*, session: Session, incident_id: int, chat_id: str) -> int | None:
    """The Telegram message id of the incident's card (its sent NEW_INCIDENT alert) in a chat,
    or in the group the chat was before it became a supergroup (the card was sent there)."""
    chat_ids = former_chat_ids(session=session, chat_id=chat_id)
    query = (
        select(col(AlertRow.telegram_message_id))
        .where(
            col(AlertRow.kind) == AlertKind.NEW_INCIDENT.value,
            col(AlertRow.incident_id) == incident_id,
            col(AlertRow.chat_id).in_(chat_ids),
            col(AlertRow.status) == AlertStatus.SENT.value,
            col(AlertRow.telegram_message_id).is_not(None),
        )
        .order_by(col(AlertRow.id))
    )
    return session.exec(query).first()


def has_card_alert(*, session: Session, incident_id: int, chat_id: str) -> bool:
    """Whether the incident's NEW_INCIDENT alert was ever queued for the chat (or its former
    ids), whatever its state: without one, the incident has no card there to edit."""
    chat_ids = former_chat_ids(session=session, chat_id=chat_id)
    query = select(col(AlertRow.id)).where(
        col(AlertRow.kind) == AlertKind.NEW_INCIDENT.value,
        col(AlertRow.incident_id) == incident_id,
        col(AlertRow.chat_id).in_(chat_ids),
    )
    return session.exec(query).first() is not None


def alert_key_exists(*, session: Session, dedup_key: str) -> bool:
    return _alert_by_key(session, dedup_key) is not None
