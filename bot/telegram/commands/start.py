"""/start [incident_N | compare_N | sources_N]: what the bot does, or a deep link's answer.

The channel card's buttons are deep links (``t.me/<bot>?start=compare_12``): Telegram opens a
private chat with the bot and sends ``/start compare_12``, answered here."""

from __future__ import annotations

import re

from telegram import Update

from bot.telegram.commands.common import Context, reply_html
from bot.telegram.language import translator_of

NAME = "start"
DESCRIPTION = "What this bot does"
USAGE = "/start"
DEEP_LINK = re.compile(r"^(incident|compare|sources)_(\d{1,10})$")


async def handle(update: Update, context: Context) -> None:
    args = context.args or []
    found = DEEP_LINK.match(args[0]) if len(args) == 1 else None
    if found is not None:
        from bot.telegram.deep_links import answer_deep_link

        await answer_deep_link(update, context, found.group(1), int(found.group(2)))
        return
    t = await translator_of(update, context)
    await reply_html(update, t("start.text"))
