"""/merge A B: incident B joins A (its stories, claims and disputes); B is closed."""

from __future__ import annotations

from telegram import Update

from bot.telegram.commands.common import Context, reply_html, reply_usage
from bot.telegram.correcting import correct, parse_ids
from bot.telegram.language import translator_of
from feeds.pipeline import corrections

NAME = "merge"
DESCRIPTION = "Merge incident B into incident A (administrators)"
USAGE = "/merge A B"


async def handle(update: Update, context: Context) -> None:
    ids = parse_ids(context.args or [], 2)
    if ids is None:
        await reply_usage(update, USAGE, context)
        return
    keep, close = ids
    done = await correct(
        update,
        context,
        f"/merge {keep} {close}",
        lambda session, who, now: corrections.merge(
            session=session, keep_id=keep, close_id=close, by=who, now=now
        ),
    )
    if done is not None:
        t = await translator_of(update, context)
        await reply_html(update, t("merge.done", keep=keep, close=close))
