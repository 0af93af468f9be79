"""Answers that start from a link rather than a command: ``/start compare_12`` (the channel
card's buttons open a private chat with the bot this way) and the tappable ``/incident_12``
the lists and the digest show."""

from __future__ import annotations

import re

from telegram import Update

from bot.telegram.commands.common import MAX_INCIDENT_ID, Context, reply_html
from bot.telegram.commands.compare import send_comparison
from bot.telegram.commands.incident import fetch_view, not_found, send_card
from bot.telegram.language import translator_of

INCIDENT_COMMAND = re.compile(r"^/incident_(\d{1,10})(?:@\w+)?$")


async def answer_deep_link(update: Update, context: Context, action: str, incident_id: int) -> None:
    t = await translator_of(update, context)
    view = await fetch_view(context, incident_id) if incident_id <= MAX_INCIDENT_ID else None
    if view is None:
        await reply_html(update, not_found(incident_id, t.lang))
        return
    if action == "compare":
        await send_comparison(update, view, lang=t.lang)
    elif action == "sources":
        from bot.render.cards import render_sources

        await reply_html(update, render_sources(view, lang=t.lang))
    else:
        await send_card(update, context, view)


async def on_incident_command(update: Update, context: Context) -> None:
    """``/incident_12``: the card of incident 12 (a command Telegram makes tappable)."""
    message = update.effective_message
    found = INCIDENT_COMMAND.match(message.text or "") if message is not None else None
    if found is None:
        return
    await answer_deep_link(update, context, "incident", int(found.group(1)))
