"""Chats the bot posts to (channel, group, private), and their supergroup migration."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import ChatRow


def upsert_chat(
    *,
    session: Session,
    chat_id: str,
    title: str | None = None,
    kind: str | None = None,
    thread_id: int | None = None,
    now: datetime,
) -> ChatRow:
    """Record a chat by its Telegram id (idempotent); ``None`` keeps the stored value."""
    row = session.exec(select(ChatRow).where(col(ChatRow.chat_id) == chat_id)).first()
    if row is None:
        row = ChatRow(chat_id=chat_id, added_at=now)
    if title is not None:
        row.title = title
    if kind is not None:
        row.kind = kind
    if thread_id is not None:
        row.thread_id = thread_id
    session.add(row)
    session.flush()
    return row


def get_chat(*, session: Session, chat_id: str) -> ChatRow | None:
    return session.exec(select(ChatRow).where(col(ChatRow.chat_id) == chat_id)).first()


def list_chats(*, session: Session) -> list[ChatRow]:
    """Chats still in use (not migrated away)."""
    query = select(ChatRow).where(col(ChatRow.migrated_to).is_(None)).order_by(col(ChatRow.id))
    return list(session.exec(query))


MAX_MIGRATION_HOPS = 5  # group → supergroup happens once; a longer chain is a data error


def current_chat_id(*, session: Session, chat_id: str) -> str:
    """Where a chat lives now: follows ``migrated_to`` (a group that became a supergroup)."""
    current = chat_id
    for _ in range(MAX_MIGRATION_HOPS):
        row = get_chat(session=session, chat_id=current)
        if row is None or not row.migrated_to or row.migrated_to == current:
            return current
        current = row.migrated_to
    return current


def former_chat_ids(*, session: Session, chat_id: str) -> list[str]:
    """The chat's id and the ids it had before migrations (newest first)."""
    ids = [chat_id]
    for _ in range(MAX_MIGRATION_HOPS):
        query = select(col(ChatRow.chat_id)).where(col(ChatRow.migrated_to) == ids[-1])
        former = session.exec(query).first()
        if former is None or former in ids:
            break
        ids.append(former)
    return ids
