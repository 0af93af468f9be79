"""The configured alert chat, remembered in the ``chat`` table.

A chat row is what lets a group's move to a supergroup be remembered (``migrated_to``): once
stored, new alerts are queued for the supergroup and delivery goes there directly, and the
incident cards sent to the old group are still found (``storage.queries.card_message_id``).
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.engine import Engine

from bot.settings import Settings
from storage.db import session_scope
from storage.queries import chats as chat_queries
from storage.queries.chats import current_chat_id

log = logging.getLogger(__name__)


def remember_configured_chat(engine: Engine, settings: Settings, *, now: datetime) -> str | None:
    """Upsert TELEGRAM_CHAT_ID (idempotent); returns where the chat lives now, if set."""
    chat_id = settings.telegram_chat_id
    if not chat_id:
        return None
    with session_scope(engine, immediate=True) as session:
        chat_queries.upsert_chat(
            session=session,
            chat_id=chat_id,
            thread_id=settings.telegram_thread_id,
            now=now,
        )
        current = current_chat_id(session=session, chat_id=chat_id)
    if current != chat_id:
        log.info("configured chat %s moved to supergroup %s; alerts go there", chat_id, current)
    return current
