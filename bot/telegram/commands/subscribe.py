"""/subscribe region|place|keyword VALUE: this private chat gets the matching cards and alerts."""

from __future__ import annotations

from sqlmodel import Session
from telegram import Update

from bot.telegram.commands.common import Context, clock_of, reply_html, reply_usage, run_db
from bot.telegram.language import remember_language, translator_of
from bot.telegram.subscribing import (
    SubscriptionError,
    describe,
    parse_subscription,
    private_chat_id,
)
from feeds.model.subscriptions import MAX_PER_CHAT
from storage.queries import subscriptions as subscription_queries

NAME = "subscribe"
DESCRIPTION = "Get the cards of a region, a place or a keyword here (private chat)"
USAGE = "/subscribe region|place|keyword VALUE"
MAX_ARGUMENTS = 80


async def handle(update: Update, context: Context) -> None:
    t = await translator_of(update, context)
    chat_id = private_chat_id(update)
    if chat_id is None:
        await reply_html(update, t("subscription.private_only"))
        return
    try:
        subscription = parse_subscription(context.args or [], chat_id, t.lang)
    except SubscriptionError as error:
        await reply_html(update, str(error))
        return
    if subscription is None:
        await reply_usage(update, USAGE, context)
        return
    now = clock_of(context).now()

    def add(session: Session) -> bool | None:
        remember_language(session, update, now)  # the subscriber's alerts are in its language
        if subscription_queries.count_for_chat(session=session, chat_id=chat_id) >= MAX_PER_CHAT:
            return None
        return subscription_queries.add_subscription(
            session=session, subscription=subscription, now=now
        )

    added = await run_db(context, add, write=True)
    if added is None:
        await reply_html(update, t("subscribe.full", limit=MAX_PER_CHAT))
        return
    what = describe(subscription, t.lang)
    await reply_html(update, t("subscribe.added" if added else "subscribe.known", what=what))
