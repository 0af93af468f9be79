"""/subscribe region|place|keyword VALUE: this private chat gets the matching cards and alerts."""

from __future__ import annotations

from sqlmodel import Session
from telegram import Update

from bot.telegram.commands.common import Context, clock_of, reply_html, reply_usage, run_db
from bot.telegram.subscribing import (
    TEXT,
    SubscriptionError,
    describe,
    parse_subscription,
    private_chat_id,
)
from feeds.model.subscriptions import MAX_PER_CHAT
from storage.queries import subscriptions as subscription_queries

NAME = "subscribe"
DESCRIPTION = "Get the cards of a region, a place or a keyword here (private chat)"
USAGE = "/subscribe region|place|keyword VALUE — e.g. /subscribe region Tombouctou"
MAX_ARGUMENTS = 80
REPLIES = {
    "added": "Subscribed to {what}: its new incidents, their updates and disputes come here.",
    "known": "You are already subscribed to {what}.",
    "full": "You have {limit} subscriptions already; /unsubscribe one first.",
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
    now = clock_of(context).now()

    def add(session: Session) -> bool | None:
        if subscription_queries.count_for_chat(session=session, chat_id=chat_id) >= MAX_PER_CHAT:
            return None
        return subscription_queries.add_subscription(
            session=session, subscription=subscription, now=now
        )

    added = await run_db(context, add, write=True)
    if added is None:
        await reply_html(update, REPLIES["full"].format(limit=MAX_PER_CHAT))
        return
    await reply_html(
        update, REPLIES["added" if added else "known"].format(what=describe(subscription))
    )
