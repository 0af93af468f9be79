"""/lang [fr|en | channel fr|en]: the language this chat reads (or the channel's).

In a private chat anyone chooses their own; in a group only administrators choose for it; the
alert channel's language (``/lang channel fr``) is for administrators, from any chat."""

from __future__ import annotations

import logging

from telegram import Update

from bot.render.i18n import LANGUAGES, translator
from bot.telegram.commands.common import (
    Context,
    clock_of,
    is_admin,
    refuse,
    reply_html,
    reply_usage,
    run_db,
    settings_of,
)
from bot.telegram.language import language_of
from storage.queries import chat_language as language_queries

log = logging.getLogger(__name__)

NAME = "lang"
DESCRIPTION = "Choose French or English"
USAGE = "/lang fr|en"
MAX_ARGUMENTS = 20


def parse_args(args: list[str]) -> tuple[bool, str | None] | None:
    """(for the channel, language or None to show the current one), else None."""
    words = [arg.lower() for arg in args]
    if not words:
        return False, None
    if words[0] in {"channel", "canal"}:
        if len(words) == 2 and words[1] in LANGUAGES:
            return True, words[1]
        return None
    return (False, words[0]) if len(words) == 1 and words[0] in LANGUAGES else None


async def handle(update: Update, context: Context) -> None:
    parsed = parse_args(context.args or [])
    chat = update.effective_chat
    if parsed is None or chat is None:
        await reply_usage(update, USAGE, context)
        return
    for_channel, language = parsed
    if language is None:
        current = translator(await language_of(update, context))
        await reply_html(update, current("lang.current", language=current("lang.name")))
        return
    target = settings_of(context).telegram_chat_id if for_channel else str(chat.id)
    needs_admin = for_channel or chat.type != "private"
    if target is None or (needs_admin and not await is_admin(update, context)):
        await refuse(update, f"/lang {' '.join(context.args or [])}", context=context)
        return
    user = update.effective_user
    who = str(user.id) if user else None
    await run_db(
        context,
        lambda session: language_queries.set_language(
            session=session, chat_id=target, language=language, set_by=who,
            now=clock_of(context).now(),
        ),
        write=True,
    )  # fmt: skip
    log.info("chat %s now reads %s (set by %s)", target, language, who)
    t = translator(language)
    key = "lang.channel_set" if for_channel else "lang.set"
    await reply_html(update, t(key, language=t("lang.name")))
