"""/subscribe region|place|keyword VALUE: this private chat gets the matching cards and alerts."""

from __future__ import annotations

from sqlmodel import Session
from telegram import Update

from bot.telegram.commands.common import Context, clock_of, reply_html, run_db
from bot.telegram.language import remember_language
from bot.telegram.subscribing import describe, subscription_asked
from feeds.model.subscriptions import MAX_PER_CHAT
from storage.queries import subscriptions as subscription_queries

NAME = "subscribe"
DESCRIPTION = "Get the cards of a region, a place or a keyword here (private chat)"
USAGE = "/subscribe region|place|keyword VALUE"
MAX_ARGUMENTS = 80


async def handle(update: Update, context: Context) -> None:
    asked = await subscription_asked(update, context, USAGE)
    if asked is None:
        return
    subscription, t = asked
    chat_id = subscription.chat_id
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
