"""/start: what the bot does, and where to look next."""

from __future__ import annotations

from telegram import Update

from bot.telegram.commands.common import Context, reply_html

NAME = "start"
DESCRIPTION = "What this bot does"
USAGE = "/start"


async def handle(update: Update, context: Context) -> None:
    await reply_html(
        update,
        "<b>maliwatch</b> follows news feeds about the conflict in Mali, reads each story for "
        "casualty claims (who says how many were killed, injured, abducted or missing) and "
        "posts new incidents, contradictions and toll updates to the alert channel.\n"
        "Send /help for the commands.",
    )
