"""/unsubscribe region|place|keyword VALUE: stop a subscription of this private chat."""

from __future__ import annotations

from telegram import Update

from bot.telegram.commands.common import Context, reply_html, run_db
from bot.telegram.subscribing import describe, subscription_asked
from storage.queries import subscriptions as subscription_queries

NAME = "unsubscribe"
DESCRIPTION = "Stop a subscription (private chat)"
USAGE = "/unsubscribe region|place|keyword VALUE"
MAX_ARGUMENTS = 80


async def handle(update: Update, context: Context) -> None:
    asked = await subscription_asked(update, context, USAGE)
    if asked is None:
        return
    subscription, t = asked
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
