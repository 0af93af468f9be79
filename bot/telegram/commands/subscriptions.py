"""/subscriptions: what this private chat is subscribed to."""

from __future__ import annotations

from telegram import Update

from bot.telegram.commands.common import Context, reply_html, run_db
from bot.telegram.language import translator_of
from bot.telegram.subscribing import describe, private_chat_id
from storage.queries import subscriptions as subscription_queries

NAME = "subscriptions"
DESCRIPTION = "List this chat's subscriptions"
USAGE = "/subscriptions"


async def handle(update: Update, context: Context) -> None:
    t = await translator_of(update, context)
    chat_id = private_chat_id(update)
    if chat_id is None:
        await reply_html(update, t("subscription.private_only"))
        return
    found = await run_db(
        context,
        lambda session: subscription_queries.chat_subscriptions(session=session, chat_id=chat_id),
    )
    if not found:
        await reply_html(update, t("subscriptions.none"))
        return
    lines = [t("subscriptions.heading"), *(f"• {describe(s, t.lang)}" for s in found)]
    await reply_html(update, "\n".join(lines))
