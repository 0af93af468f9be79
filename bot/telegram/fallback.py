"""Replies where silence would leave a reader guessing: an unknown command, free text in a
private chat, a mention of the bot in a group. Each says what the bot understands and points
to /help (``/aide`` in French); nothing the user typed is echoed back."""

from __future__ import annotations

import logging

from telegram import Update

from bot.telegram.commands.common import Context, reply_html
from bot.telegram.language import translator_of

log = logging.getLogger(__name__)


async def on_unknown_command(update: Update, context: Context) -> None:
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    command = (message.text or "").split()[0] if message.text else ""
    addressed = "@" in command
    if chat.type != "private" and addressed:
        addressed = command.lower().endswith(f"@{(context.bot.username or '').lower()}")
    if chat.type != "private" and not addressed:
        return  # a group's command for another bot
    t = await translator_of(update, context)
    await reply_html(update, t("fallback.unknown_command"))


async def on_text(update: Update, context: Context) -> None:
    """Free text in a private chat, or a message mentioning the bot in a group."""
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None or not message.text:
        return
    if chat.type != "private":
        username = (context.bot.username or "").lower()
        if not username or f"@{username}" not in message.text.lower():
            return
    t = await translator_of(update, context)
    await reply_html(update, t("fallback.text"))
