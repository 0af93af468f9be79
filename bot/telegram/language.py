"""Which language a Telegram chat reads.

1. the chat's own choice (``/lang fr|en``, stored in the ``chat_language`` table);
2. in a private chat, the user's Telegram ``language_code`` (``fr``, ``fr-CA`` → French; any
   other code → English) — the one in the update, else the one recorded when the chat
   subscribed (:func:`remember_language`, which delivery reads for the subscriber's alerts);
3. elsewhere (the channel, groups), ``MALIWATCH_LANGUAGE``.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from telegram import Update

from bot.render.i18n import Translator, normalize_language, translator
from storage.db import session_scope
from storage.queries import chat_language as language_queries


def stored_language(engine: Any, chat_id: str) -> str | None:
    with session_scope(engine) as session:
        return language_queries.get_language(session=session, chat_id=chat_id)


def chosen_language(engine: Any, chat_id: str) -> tuple[str | None, str | None]:
    """(the chat's /lang choice, the language recorded from Telegram), either None."""
    with session_scope(engine) as session:
        chosen = language_queries.get_chosen_language(session=session, chat_id=chat_id)
        recorded = language_queries.get_language(session=session, chat_id=chat_id)
    return chosen, recorded


def telegram_language(update: Update) -> str | None:
    """A private chat's user's Telegram language (``fr``/``en``), when the update says it."""
    chat = update.effective_chat
    user = update.effective_user
    if chat is None or chat.type != "private" or user is None or not user.language_code:
        return None
    return normalize_language(user.language_code) or "en"


def remember_language(session: Any, update: Update, now: datetime) -> None:
    """Record a private chat's Telegram language (a /lang choice stays), for what is rendered
    without an update: a subscriber's alerts."""
    chat = update.effective_chat
    language = telegram_language(update)
    if chat is not None and language is not None:
        language_queries.remember_telegram_language(
            session=session, chat_id=str(chat.id), language=language, now=now
        )


def default_language(update: Update, fallback: str) -> str:
    """The language of a chat that chose none."""
    chat = update.effective_chat
    user = update.effective_user
    if chat is not None and chat.type == "private" and user is not None and user.language_code:
        return normalize_language(user.language_code) or "en"
    return fallback


async def language_of(update: Update, context: Any) -> str:
    data = context.application.bot_data
    fallback: str = data["settings"].language
    chat = update.effective_chat
    if chat is None:
        return fallback
    chosen, recorded = await asyncio.to_thread(chosen_language, data["engine"], str(chat.id))
    return chosen or telegram_language(update) or recorded or fallback


async def translator_of(update: Update, context: Any) -> Translator:
    return translator(await language_of(update, context))
