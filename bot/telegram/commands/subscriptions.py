"""/subscriptions: what this private chat is subscribed to."""

from __future__ import annotations

from telegram import Update

from bot.telegram.commands.common import Context, reply_html, run_db
from bot.telegram.subscribing import TEXT, describe, private_chat_id
from storage.queries import subscriptions as subscription_queries

NAME = "subscriptions"
DESCRIPTION = "List this chat's subscriptions"
USAGE = "/subscriptions"
REPLIES = {
    "heading": "<b>Subscriptions</b>",
    "none": "No subscriptions. Example: <code>/subscribe region Tombouctou</code>",
}


async def handle(update: Update, context: Context) -> None:
    chat_id = private_chat_id(update)
    if chat_id is None:
        await reply_html(update, TEXT["private_only"])
        return
    found = await run_db(
        context,
        lambda session: subscription_queries.chat_subscriptions(session=session, chat_id=chat_id),
    )
    if not found:
        await reply_html(update, REPLIES["none"])
        return
    lines = [REPLIES["heading"], *(f"• {describe(s)}" for s in found)]
    await reply_html(update, "\n".join(lines))
