"""/unsubscribe region|place|keyword VALUE: stop a subscription of this private chat."""

from __future__ import annotations

from telegram import Update

from bot.telegram.commands.common import Context, reply_html, reply_usage, run_db
from bot.telegram.language import translator_of
from bot.telegram.subscribing import (
    SubscriptionError,
    describe,
    parse_subscription,
    private_chat_id,
)
from storage.queries import subscriptions as subscription_queries

NAME = "unsubscribe"
DESCRIPTION = "Stop a subscription (private chat)"
USAGE = "/unsubscribe region|place|keyword VALUE"
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
    removed = await run_db(
        context,
        lambda session: subscription_queries.remove_subscription(
            session=session, subscription=subscription
        ),
        write=True,
    )
    what = describe(subscription, t.lang)
    await reply_html(
        update, t("unsubscribe.removed" if removed else "unsubscribe.unknown", what=what)
    )
