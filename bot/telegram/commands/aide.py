"""/aide: /help in French (a French speaker's first guess)."""

from __future__ import annotations

from telegram import Update

from bot.telegram.commands.common import Context, reply_html
from bot.telegram.commands.help import help_text

NAME = "aide"
DESCRIPTION = "Liste des commandes (en français)"
USAGE = "/aide"


async def handle(update: Update, context: Context) -> None:
    await reply_html(update, help_text("fr"))
