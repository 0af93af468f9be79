"""/unsubscribe region|place|keyword VALUE: stop a subscription of this private chat."""

from __future__ import annotations

from telegram import Update

from bot.telegram.commands.common import Context, reply_html, reply_usage, run_db
from bot.telegram.subscribing import (
    TEXT,
    SubscriptionError,
    describe,
    parse_subscription,
    private_chat_id,
)
from storage.queries import subscriptions as subscription_queries

NAME = "unsubscribe"
DESCRIPTION = "Stop a subscription (private chat)"
USAGE = "/unsubscribe region|place|keyword VALUE — e.g. /unsubscribe place Ménaka"
MAX_ARGUMENTS = 80
REPLIES = {
    "removed": "Unsubscribed from {what}.",
    "unknown": "You are not subscribed to {what} (see /subscriptions).",
}


async def handle(update: Update, context: Context) -> None:
    chat_id = private_chat_id(update)
    if chat_id is None:
        await reply_html(update, TEXT["private_only"])
        return
    try:
        subscription = parse_subscription(context.args or [], chat_id)
    except SubscriptionError as error:
        await reply_html(update, str(error))
        return
    if subscription is None:
        await reply_usage(update, USAGE)
        return
    removed = await run_db(
        context,
        lambda session: subscription_queries.remove_subscription(
            session=session, subscription=subscription
        ),
        write=True,
    )
    await reply_html(
        update, REPLIES["removed" if removed else "unknown"].format(what=describe(subscription))
    )
