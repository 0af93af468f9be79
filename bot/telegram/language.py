"""Which language a Telegram chat reads.

1. the chat's own choice (``/lang fr|en``, stored in the ``chat_language`` table);
2. in a private chat, the user's Telegram ``language_code`` (``fr``, ``fr-CA`` → French; any
   other code → English);
3. elsewhere (the channel, groups), ``MALIWATCH_LANGUAGE``.
"""

from __future__ import annotations

import asyncio
from typing import Any

from telegram import Update

from bot.render.i18n import Translator, normalize_language, translator
from storage.db import session_scope
from storage.queries import chat_language as language_queries


def stored_language(engine: Any, chat_id: str) -> str | None:
    with session_scope(engine) as session:
        return language_queries.get_language(session=session, chat_id=chat_id)


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
    stored = await asyncio.to_thread(stored_language, data["engine"], str(chat.id))
    return stored or default_language(update, fallback)


async def translator_of(update: Update, context: Any) -> Translator:
    return translator(await language_of(update, context))
