"""The outbox: alerts written in the story's transaction and leased by delivery workers.

Lifecycle: ``pending`` ──lease──▶ ``sending`` (until ``lease_until``) ──▶ ``sent``, or back to
``pending`` with a later ``next_attempt_at`` (retry), or ``failed`` (permanent). A lease that
expires (the worker died) makes the row due again. On PostgreSQL leasing uses
``SELECT ... FOR UPDATE SKIP LOCKED`` so concurrent workers never lease the same row; on SQLite
the leasing transaction takes the database write lock first (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, text, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from feeds.model import AlertKind, AlertStatus
from storage.db import SQLITE_IMMEDIATE
from storage.models import AlertRow, ChatRow

log = logging.getLogger(__name__)


def enqueue_alert(
    *,
    session: Session,
    kind: AlertKind | str,
    dedup_key: str,
    chat_id: str,
    payload: dict[str, Any] | str,
    incident_id: int | None = None,
    story_id: int | None = None,
    silent: bool = False,
    thread_id: int | None = None,
    now: datetime,
) -> AlertRow | None:
    """Queue an alert; None (and nothing written) when ``dedup_key`` is already queued."""
    if _alert_by_key(session, dedup_key) is not None:
        return None
    row = AlertRow(
        kind=AlertKind(kind).value,
        dedup_key=dedup_key,
        incident_id=incident_id,
        story_id=story_id,
        chat_id=chat_id,
        thread_id=thread_id,
        payload=payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False),
        silent=silent,
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


def _alert_by_key(session: Session, dedup_key: str) -> AlertRow | None:
    return session.exec(select(AlertRow).where(col(AlertRow.dedup_key) == dedup_key)).first()


def lease_due_alerts(
    *, session: Session, now: datetime, limit: int = 50, lease_seconds: float = 60
) -> list[AlertRow]:
    """Lease up to ``limit`` due alerts (oldest first) to the caller for ``lease_seconds``."""
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
    query = select(AlertRow).where(due).order_by(col(AlertRow.next_attempt_at), col(AlertRow.id))
    query = query.limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list(session.exec(query))
    lease_until = now + timedelta(seconds=lease_seconds)
    for row in rows:
        row.status = AlertStatus.SENDING.value
        row.lease_until = lease_until
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


def _get(session: Session, alert_id: int) -> AlertRow:
    row = session.get(AlertRow, alert_id)
    if row is None:
        raise LookupError(f"no alert {alert_id}")
    return row


def mark_alert_sent(
    *, session: Session, alert_id: int, message_id: int | None, now: datetime
) -> None:
    row = _get(session, alert_id)
    row.status = AlertStatus.SENT.value
    row.telegram_message_id = message_id
    row.sent_at = now
    row.lease_until = None
    row.last_error = None
    session.add(row)
    session.flush()


def mark_alert_retry(
    *, session: Session, alert_id: int, error: str, next_attempt_at: datetime
) -> None:
    row = _get(session, alert_id)
    row.status = AlertStatus.PENDING.value
    row.last_error = error
    row.next_attempt_at = next_attempt_at
    row.lease_until = None
    session.add(row)
    session.flush()


def mark_alert_failed(*, session: Session, alert_id: int, error: str) -> None:
    row = _get(session, alert_id)
    row.status = AlertStatus.FAILED.value
    row.last_error = error
    row.lease_until = None
    session.add(row)
    session.flush()
    log.warning(
        "alert %s (%s, chat %s) failed for good: %s", alert_id, row.kind, row.chat_id, error
    )


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
    """The Telegram message id of the incident's card (its sent NEW_INCIDENT alert) in a chat."""
    query = (
        select(col(AlertRow.telegram_message_id))
        .where(
            col(AlertRow.kind) == AlertKind.NEW_INCIDENT.value,
            col(AlertRow.incident_id) == incident_id,
            col(AlertRow.chat_id) == chat_id,
            col(AlertRow.status) == AlertStatus.SENT.value,
            col(AlertRow.telegram_message_id).is_not(None),
        )
        .order_by(col(AlertRow.id))
    )
    return session.exec(query).first()
