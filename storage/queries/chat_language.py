"""The language each chat reads (``/lang``): one row per chat that chose one."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from storage.models import ChatLanguageRow


def get_language(*, session: Session, chat_id: str) -> str | None:
    """The chat's chosen language, or None when it never chose one."""
    row = session.get(ChatLanguageRow, chat_id)
    return row.language if row is not None else None


def set_language(
    *, session: Session, chat_id: str, language: str, set_by: str | None, now: datetime
) -> None:
    """Remember the chat's language (idempotent; the latest choice wins)."""
    row = session.get(ChatLanguageRow, chat_id)
    if row is None:
        row = ChatLanguageRow(chat_id=chat_id, language=language, set_by=set_by, updated_at=now)
    else:
        row.language, row.set_by, row.updated_at = language, set_by, now
    session.add(row)
    session.flush()


# ``set_by`` of a language taken from the user's Telegram ``language_code`` (not a /lang choice):
# a private chat that subscribes (/subscribe) records it, so that its alerts, rendered away from
# any update, are in the subscriber's language.
FROM_TELEGRAM = "telegram"


def remember_telegram_language(
    *, session: Session, chat_id: str, language: str, now: datetime
) -> None:
    """Record the language a private chat's user reads on Telegram; a /lang choice stays."""
    row = session.get(ChatLanguageRow, chat_id)
    if row is not None and (row.set_by != FROM_TELEGRAM or row.language == language):
        return
    set_language(session=session, chat_id=chat_id, language=language, set_by=FROM_TELEGRAM, now=now)


def get_chosen_language(*, session: Session, chat_id: str) -> str | None:
    """The chat's own /lang choice, or None (a language only recorded from Telegram is not one)."""
    row = session.get(ChatLanguageRow, chat_id)
    return row.language if row is not None and row.set_by != FROM_TELEGRAM else None
