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
